"""Member keys: deduplication's members are archive entries and corpus documents,
named by a kind+key string, ``entry:miff:5977`` and ``doc:000_89a3:1``; a pair of
them (a link, a review decision) is stored in key order. Also the chunking every
query by keys uses."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TypeVar

ENTRY, DOC = "entry", "doc"
IN_CHUNK = 500  # ids per IN (...) query, well under every backend's parameter limit

T = TypeVar("T")


def entry_key(festival: str, film_id: str) -> str:
    return f"{ENTRY}:{festival}:{film_id}"


def doc_key(doc_id: str) -> str:
    return f"{DOC}:{doc_id}"


def split_key(key: str) -> tuple[str, str]:
    """("doc", "NAME:N") or ("entry", "miff:5977")."""
    kind, _, rest = key.partition(":")
    if kind not in (ENTRY, DOC) or not rest:
        raise ValueError(f"not a member key: {key!r} (expected entry:FESTIVAL:ID or doc:ID)")
    return kind, rest


def ordered(left: str, right: str) -> tuple[str, str]:
    return (left, right) if left <= right else (right, left)


def chunks(values: Sequence[T], size: int = IN_CHUNK) -> Iterator[Sequence[T]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]
