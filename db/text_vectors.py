"""The ``text_vectors`` table: sentence vectors stored by text hash and model name
(float16 bytes), so an index is rebuilt without running the model again over texts it
has already seen. What fills it is `linkage.vector_cache`."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

import numpy as np
from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from db.member_keys import chunks
from db.models import TextVector


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def load_vectors(session: Session, hashes: list[str], model: str) -> dict[str, np.ndarray]:
    """The stored vectors of `hashes` (those that have one), as float16 arrays."""
    found: dict[str, np.ndarray] = {}
    for chunk in chunks(hashes):
        for digest, blob in session.execute(
            select(TextVector.text_hash, TextVector.vector).where(
                TextVector.text_hash.in_(chunk), TextVector.model == model
            )
        ):
            found[digest] = np.frombuffer(blob, dtype=np.float16)
    return found


def stored_hashes(session: Session, hashes: list[str], model: str) -> set[str]:
    """Which of `hashes` have a stored vector."""
    known: set[str] = set()
    for chunk in chunks(hashes):
        known.update(
            session.scalars(
                select(TextVector.text_hash).where(
                    TextVector.text_hash.in_(chunk), TextVector.model == model
                )
            )
        )
    return known


def insert_vectors(
    session: Session, hashes: Sequence[str], vectors: np.ndarray, model: str
) -> None:
    rows = [
        {"text_hash": digest, "model": model, "vector": vector.tobytes()}
        for digest, vector in zip(hashes, vectors.astype(np.float16, copy=False), strict=True)
    ]
    if rows:
        session.execute(insert(TextVector), rows)
