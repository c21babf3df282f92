"""Sentence vectors cached in the database (``text_vectors``, by text hash): a rebuild
of the index only runs the model over unseen texts."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from sqlalchemy.orm import Session

from db.text_vectors import insert_vectors, load_vectors, stored_hashes, text_hash
from linkage.embed import DIMENSIONS, Embedder, Vectors, default_embedder, normalise_rows

VECTOR_MODEL = "usem3-f16"


class StoredVectors:
    """An `Embedder` that reads vectors from ``text_vectors`` and runs the model only
    for unseen texts. With ``persist`` the new vectors are added to the session."""

    dimensions = DIMENSIONS

    def __init__(
        self, session: Session, inner: Embedder | None = None, *, persist: bool = True
    ) -> None:
        self._session = session
        self._inner = inner
        self._persist = persist
        # Vectors computed but not persisted (a read-only `match`): kept for reuse.
        self._unsaved: dict[str, np.ndarray] = {}
        self.computed = 0

    def embed(self, texts: Sequence[str]) -> Vectors:
        if not texts:
            return np.zeros((0, self.dimensions), dtype=np.float32)
        hashes = [text_hash(t) for t in texts]
        # Loaded per call, not kept: the index holds its own copy of every vector.
        known = {h: self._unsaved[h] for h in hashes if h in self._unsaved}
        known.update(
            load_vectors(
                self._session, [h for h in dict.fromkeys(hashes) if h not in known], VECTOR_MODEL
            )
        )
        missing = {h: t for h, t in zip(hashes, texts, strict=True) if h not in known}
        if missing:
            inner = self._inner if self._inner is not None else default_embedder()
            vectors = inner.embed(list(missing.values())).astype(np.float16)
            self.computed += len(missing)
            known.update(zip(missing, vectors, strict=True))
            if self._persist:
                insert_vectors(self._session, list(missing), vectors, VECTOR_MODEL)
            else:
                self._unsaved.update(zip(missing, vectors, strict=True))
        return normalise_rows(np.vstack([known[h] for h in hashes]).astype(np.float32))


def unseen_texts(session: Session, texts: Sequence[str]) -> list[str]:
    """The distinct `texts` that have no stored vector yet, in first-seen order."""
    by_hash = {text_hash(t): t for t in dict.fromkeys(texts)}
    known = stored_hashes(session, list(by_hash), VECTOR_MODEL)
    return [t for digest, t in by_hash.items() if digest not in known]


def save_vectors(session: Session, texts: Sequence[str], vectors: np.ndarray) -> None:
    """Add vectors computed elsewhere (an `EmbeddingPool`) for texts `unseen_texts`
    returned; a text stored meanwhile is skipped, not inserted twice."""
    fresh = set(unseen_texts(session, texts))
    keep = []
    for position, text in enumerate(texts):
        if text in fresh:
            fresh.discard(text)  # a repeated text: its first vector only
            keep.append(position)
    insert_vectors(session, [text_hash(texts[i]) for i in keep], vectors[keep], VECTOR_MODEL)


def store_vectors(session: Session, texts: Sequence[str], embedder: Embedder | None = None) -> int:
    """Compute and add to the session the vectors of texts not in ``text_vectors``
    yet (indexing later reads them instead of running the model); returns how many
    were computed."""
    vectors = StoredVectors(session, embedder)
    vectors.embed(list(dict.fromkeys(texts)))
    return vectors.computed
