"""Where a `LinkageIndex` keeps its records, inverted keys and vectors.

`MemoryStore` holds everything in dictionaries and an in-memory usearch index: for
evaluation sets, tests and small databases. `linkage.disk_store.DiskStore` keeps the
same things on disk next to the database, so a command opens a million-record index
instead of rebuilding it. Both answer the same questions:

- records by id; how many there are;
- postings: the records filed under an inverted key ("t:" title, "d:" director,
  "n:" name prefix, "l<band>:" MinHash band), capped at a limit, and their count;
- vectors by id, and nearest neighbours of a vector (usearch HNSW, float16);
- each record's text evidence (names, years, numbers: what it was filed under) and its
  stored neighbour list, so scoring a candidate needs neither its text parsed again
  nor an ANN search for its margin.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Hashable, Iterable, Mapping, Sequence
from typing import Any, Protocol

import numpy as np
from usearch.index import Index

from linkage.embed import Vectors
from linkage.evidence import TextEvidence
from linkage.records import Record

VECTOR_DTYPE = "f16"

# Inverted keys that are MinHash bands start so ("l3:9f2c…"); no other kind of key does.
BAND = "l"

# A record as the index files it: the record, its inverted keys, its text evidence.
Indexed = tuple[Record, list[str], TextEvidence]
Neighbours = list[tuple[str, float]]  # (record id, cosine), nearest first


class IndexStore(Protocol):
    def __len__(self) -> int: ...
    def __contains__(self, record_id: object) -> bool: ...
    def get(self, record_id: str) -> Record:
        """The record (KeyError when unknown)."""
        ...

    def insert(self, records: Sequence[Indexed], vectors: Vectors | None) -> None:
        """Add records with their inverted keys and evidence; `vectors` has one row per
        record with text, in order (None when none has text)."""
        ...

    def evidence(self, record_id: str) -> TextEvidence:
        """The text evidence stored with the record (KeyError when unknown)."""
        ...

    def bands(self, record_id: str) -> tuple[str, ...]:
        """The MinHash band keys among those the record was filed under, in their
        order (KeyError when unknown)."""
        ...

    def stored_neighbours(self, record_ids: Sequence[str]) -> dict[str, Neighbours]:
        """The stored neighbour list of each of `record_ids` that has one."""
        ...

    def save_neighbours(self, lists: Mapping[str, Neighbours]) -> None:
        """Store (or replace) neighbour lists."""
        ...

    def forget_neighbours(self, record_ids: Sequence[str]) -> None: ...

    def remove(self, record_id: str, keys: list[str]) -> None: ...
    def postings(self, key: str, limit: int) -> list[str]:
        """Up to `limit` record ids filed under `key`."""
        ...

    def posting_refs(self, key: str, limit: int) -> list[Hashable]:
        """`postings` as references that are cheaper to fetch and count (slots, on
        disk): candidates are counted over many postings and only the winners are
        needed by id (`ids_of`). Every reference of a store is of one type."""
        ...

    def ids_of(self, refs: Sequence[Hashable]) -> list[str]:
        """The record ids of `posting_refs` references, in order."""
        ...

    def count(self, key: str) -> int:
        """How many records are filed under `key`."""
        ...

    def vector(self, record_id: str) -> np.ndarray | None: ...
    def insert_title_vectors(self, vectors: Mapping[str, np.ndarray]) -> None:
        """Keep the embeddings of titles (by the title as written), for the key rule."""
        ...

    def title_vectors(self, titles: Sequence[str]) -> dict[str, np.ndarray]:
        """The stored embeddings of those of `titles` that have one."""
        ...

    def vectors(self, record_ids: Sequence[str]) -> dict[str, np.ndarray]:
        """The vector of each of `record_ids` that has one (float32)."""
        ...

    def prefetch(self, record_ids: Sequence[str]) -> None:
        """A hint: these records are about to be read."""
        ...

    def title(self, record_id: str) -> str | None:
        """A stored record's title, read without the rest of the record where it is
        not at hand (a margin reads the titles of a record's neighbours, nothing else)."""
        ...

    def prefetch_titles(self, record_ids: Sequence[str]) -> None:
        """A hint: the titles of these records are about to be read."""
        ...

    def search(self, vector: np.ndarray, count: int) -> list[tuple[str, float]]:
        """(record id, cosine distance) of the nearest records, nearest first."""
        ...

    def search_many(self, vectors: np.ndarray, count: int) -> list[list[tuple[str, float]]]:
        """`search` for each row of `vectors`, in one call to the ANN index."""
        ...


def band_keys(keys: Iterable[str]) -> list[str]:
    """The MinHash band keys of `keys`, in order."""
    return [key for key in keys if key.startswith(BAND)]


def new_ann(ndim: int) -> Index:
    return Index(ndim=ndim, metric="cos", dtype=VECTOR_DTYPE)


class MemoryStore:
    """Everything in process memory; nothing survives the process. Searches are exact
    (brute force, fast at the sizes kept in memory): HNSW built on several threads
    is not the same graph twice, and an evaluation must give the same answer twice."""

    def __init__(self) -> None:
        self._records: dict[str, Record] = {}
        self._evidence: dict[str, TextEvidence] = {}
        self._bands: dict[str, tuple[str, ...]] = {}
        self._neighbours: dict[str, Neighbours] = {}
        self._postings: dict[str, set[str]] = defaultdict(set)
        self._counts: Counter[str] = Counter()
        self._ids: list[str] = []  # ANN slot -> record id
        self._slot: dict[str, int] = {}
        self._ann: Index | None = None
        self._title_vectors: dict[str, np.ndarray] = {}

    def __len__(self) -> int:
        return len(self._records)

    def __contains__(self, record_id: object) -> bool:
        return record_id in self._records

    def get(self, record_id: str) -> Record:
        return self._records[record_id]

    def ids(self) -> list[str]:
        """Every record id, in insertion order."""
        return list(self._records)

    def insert(self, records: Sequence[Indexed], vectors: Vectors | None) -> None:
        for record, keys, evidence in records:
            self._records[record.id] = record
            self._evidence[record.id] = evidence
            self._bands[record.id] = tuple(band_keys(keys))
            for key in keys:
                self._postings[key].add(record.id)
                self._counts[key] += 1
        if vectors is None or not len(vectors):
            return
        with_text = [record for record, _, _ in records if record.text]
        if self._ann is None:
            self._ann = new_ann(vectors.shape[1])
        start = len(self._ids)
        self._ann.add(np.arange(start, start + len(with_text), dtype=np.uint64), vectors)
        for offset, record in enumerate(with_text):
            self._ids.append(record.id)
            self._slot[record.id] = start + offset

    def evidence(self, record_id: str) -> TextEvidence:
        return self._evidence[record_id]

    def bands(self, record_id: str) -> tuple[str, ...]:
        return self._bands[record_id]

    def stored_neighbours(self, record_ids: Sequence[str]) -> dict[str, Neighbours]:
        return {r: self._neighbours[r] for r in record_ids if r in self._neighbours}

    def save_neighbours(self, lists: Mapping[str, Neighbours]) -> None:
        self._neighbours.update(lists)

    def forget_neighbours(self, record_ids: Sequence[str]) -> None:
        for record_id in record_ids:
            self._neighbours.pop(record_id, None)

    def remove(self, record_id: str, keys: list[str]) -> None:
        self._records.pop(record_id, None)
        self._evidence.pop(record_id, None)
        self._bands.pop(record_id, None)
        for key in keys:
            if record_id in self._postings.get(key, ()):
                self._postings[key].discard(record_id)
                self._counts[key] -= 1
        slot = self._slot.pop(record_id, None)
        if slot is not None and self._ann is not None:
            self._ann.remove(slot)

    def postings(self, key: str, limit: int) -> list[str]:
        found = self._postings.get(key)
        if not found:
            return []
        return sorted(found)[:limit] if len(found) > limit else list(found)

    def posting_refs(self, key: str, limit: int) -> list[Hashable]:
        return list(self.postings(key, limit))  # in memory an id costs nothing more

    def ids_of(self, refs: Sequence[Hashable]) -> list[str]:
        return [str(ref) for ref in refs]

    def count(self, key: str) -> int:
        return self._counts.get(key, 0)

    def vector(self, record_id: str) -> np.ndarray | None:
        slot = self._slot.get(record_id)
        if slot is None or self._ann is None:
            return None
        return np.asarray(self._ann.get(slot), dtype=np.float32)

    def insert_title_vectors(self, vectors: Mapping[str, np.ndarray]) -> None:
        self._title_vectors.update(
            (title, np.asarray(vector, dtype=np.float32)) for title, vector in vectors.items()
        )

    def title_vectors(self, titles: Sequence[str]) -> dict[str, np.ndarray]:
        return {t: self._title_vectors[t] for t in titles if t in self._title_vectors}

    def prefetch(self, record_ids: Sequence[str]) -> None:
        pass  # all in memory already

    def title(self, record_id: str) -> str | None:
        return self._records[record_id].title

    def prefetch_titles(self, record_ids: Sequence[str]) -> None:
        pass

    def vectors(self, record_ids: Sequence[str]) -> dict[str, np.ndarray]:
        slotted = [(r, self._slot[r]) for r in record_ids if r in self._slot]
        if not slotted or self._ann is None:
            return {}
        return vectors_by_id(self._ann, slotted)

    def search(self, vector: np.ndarray, count: int) -> list[tuple[str, float]]:
        if self._ann is None or len(self._ann) == 0:
            return []
        matches = self._ann.search(vector, count, exact=True)
        return [
            (self._ids[int(slot)], float(distance))
            for slot, distance in zip(matches.keys, matches.distances, strict=True)
        ]

    def search_many(self, vectors: np.ndarray, count: int) -> list[list[tuple[str, float]]]:
        if self._ann is None or len(self._ann) == 0:
            return [[] for _ in range(len(vectors))]
        return [
            [(self._ids[slot], distance) for slot, distance in hits]
            for hits in batch_hits(self._ann, vectors, count, exact=True)
        ]


def vectors_by_id(ann: Index, slotted: Sequence[tuple[str, int]]) -> dict[str, np.ndarray]:
    """Vectors of (id, slot) pairs in one lookup; ids whose slot has none are left out."""
    rows: Any = ann.get(np.asarray([slot for _, slot in slotted], dtype=np.uint64))
    return {
        record_id: np.asarray(row, dtype=np.float32)
        for (record_id, _), row in zip(slotted, rows, strict=True)
        if row is not None
    }


def batch_hits(
    ann: Index, vectors: np.ndarray, count: int, *, exact: bool = False
) -> list[list[tuple[int, float]]]:
    """(slot, distance) of the nearest vectors to each row, nearest first: what a
    `search` per row finds, in one call."""
    matches: Any = ann.search(np.atleast_2d(vectors), count, exact=exact)
    if not hasattr(matches, "counts"):  # usearch answers a one-row batch as a single search
        return [[(int(k), float(d)) for k, d in zip(matches.keys, matches.distances, strict=True)]]
    return [
        [
            (int(slot), float(distance))
            for slot, distance in zip(
                matches.keys[row][:found], matches.distances[row][:found], strict=True
            )
        ]
        for row, found in enumerate(matches.counts)
    ]


def unique_keys(keys: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(keys))
