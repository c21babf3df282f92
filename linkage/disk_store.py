"""A `linkage.store` store kept in a directory, so an index outlives the process.

Files:
- ``index.sqlite``: the records (what scoring needs: title, directors, year, text,
  language, countries, the names, years and numbers in the text, and a fingerprint), their
  inverted keys (postings), each record's neighbour list, and metadata;
- ``vectors.usearch``: the HNSW graph with float16 vectors, keyed by record slot;
- ``.lock``: held (flock) by a writer for as long as it has the store open.

Opened for reading, the vectors are memory-mapped (`Index.restore(view=True)`):
a process touches only the pages a search visits. Opened for writing, they are
loaded, changed in memory and saved by `flush`, after the SQLite commit. Both files
carry a generation number; when they disagree (a crash between the two writes) the
store reports itself `consistent() == False` and its owner rebuilds it.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import sqlite3
import time
from collections import OrderedDict
from collections.abc import Hashable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import IO, Any

import numpy as np
from usearch.index import Index

from linkage.embed import Vectors
from linkage.evidence import TextEvidence
from linkage.records import Record
from linkage.store import Indexed, Neighbours, band_keys, batch_hits, new_ann, vectors_by_id

# 2: text evidence, neighbour lists, MinHash bands for 0.4; 3: whole-name keys;
# 4: countries; 5: titles fold "&" as "and", entries by original title, umlauts
# spelled out in names; 6: name prefixes of records with keys, for topic names;
# 7: each member's MinHash band keys beside it (a linking worker recomputed them);
# 8: directors by sound (`keys.director_sounds`), title embeddings (the key rule);
# 9: directors by sound as Chinese keeps it (`keys.director_han_sounds`); 10: as kana
# and Hangul keep it (`keys.director_syllabic_sounds`), and Arabic and Hebrew sounds
# read anew (a waw or an inner "h" may be a consonant, a geresh marks a "j"); 11:
# names in Han characters filed under their readings too (`linkage.han_readings`); 12:
# a short surname filed with its given name (`keys.WHOLE_NAME_CONSONANTS`), an Arabic or
# Hebrew word's final "h" a consonant too, a hyphen ending a syllable's "ng" (Sang-soo);
# 13: a joint credit filed under each of its people, a Hong Kong credit under its
# Western form too (`keys.credited_people`, `keys.western_form`); 14: the titles of
# undated records embedded beside their director's (`director_years.pair_for_rule`);
# 15: kana's "fu" filed as "hu" too, a romanised glide "w" as none (`syllabic_forms`)
SCHEMA_VERSION = "16"
# Caches per process (each linking worker has its own): see linkage.index on sizes.
RECORD_CACHE_SIZE = 16_384
# Titles alone (a margin's neighbours): about 150 bytes each.
TITLE_CACHE_SIZE = 65_536
# Slots by id, about 100 bytes each; a miss costs one lookup in a covering index.
SLOT_CACHE_SIZE = 262_144
COUNT_CACHE_SIZE = 65_536
# Posting lists a reader keeps (a read-only store never changes under it): name and
# band keys recur from record to record, and each look-up is a join.
POSTINGS_CACHE_SIZE = 8192
IN_CHUNK = 500
LOCK_POLL_S = 0.5  # a writer waits for another one (an import, a crawl's linking)

_SCHEMA = """
CREATE TABLE IF NOT EXISTS members (
    slot INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    title TEXT, directors TEXT, year INTEGER, text TEXT, lang TEXT, countries TEXT,
    fingerprint TEXT NOT NULL,
    has_vector INTEGER NOT NULL,
    evidence TEXT NOT NULL,
    bands TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS postings (
    key TEXT NOT NULL, slot INTEGER NOT NULL, PRIMARY KEY (key, slot)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS neighbours (id TEXT PRIMARY KEY, hits TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS title_vectors (title TEXT PRIMARY KEY, vector BLOB NOT NULL)
    WITHOUT ROWID;
"""
_TABLES = ("members", "postings", "neighbours", "meta", "title_vectors")
_RECORD_COLUMNS = "slot, id, title, directors, year, text, lang, countries, evidence"


class StoreLocked(RuntimeError):
    """Another process is writing this store."""


def _evidence_text(evidence: TextEvidence) -> str:
    return json.dumps(
        [sorted(evidence.names), sorted(evidence.years), sorted(evidence.numbers)],
        ensure_ascii=False,
    )


def _evidence_from(stored: str) -> TextEvidence:
    names, years, numbers = json.loads(stored)
    return TextEvidence(frozenset(names), frozenset(years), frozenset(numbers))


def fingerprint(record: Record) -> str:
    """What must be equal for a stored record to stand for `record`."""
    parts = [
        record.title or "",
        "\x1e".join(record.directors),
        str(record.year if record.year is not None else ""),
        record.text or "",
        record.lang or "",
        "\x1e".join(record.countries),
    ]
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()


class DiskStore:
    """Records, postings and vectors in `directory` (created when writable)."""

    def __init__(
        self, directory: Path, *, writable: bool, ndim: int, lock_timeout: float = 600.0
    ) -> None:
        self.directory = directory
        self.writable = writable
        self._ndim = ndim
        self._lock: IO[bytes] | None = None
        if writable:
            directory.mkdir(parents=True, exist_ok=True)
            self._lock = (directory / ".lock").open("ab")
            deadline = time.monotonic() + lock_timeout
            while True:
                try:
                    fcntl.flock(self._lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() >= deadline:
                        self._lock.close()
                        raise StoreLocked(
                            f"{directory} is being written by another process"
                        ) from None
                    time.sleep(LOCK_POLL_S)
        elif not (directory / "index.sqlite").exists():
            raise FileNotFoundError(f"no linkage index in {directory}")
        uri = (directory / "index.sqlite").as_uri() + ("" if writable else "?mode=ro")
        # Readers autocommit (no transaction pins old pages); writers commit in flush.
        self._db = sqlite3.connect(uri, uri=True, isolation_level="DEFERRED" if writable else None)
        # Pages cached in this process: 64 MB for a writer, whose inserts revisit pages;
        # 8 MB for a reader, which reads a page again from the OS's file cache in
        # microseconds, and of which a linking crawl or every `LinkingPool` worker holds
        # one (a 12,000-film index file is 24 MB: 64 MB held all of it, per process).
        self._db.execute(f"PRAGMA cache_size = -{65536 if writable else 8192}")
        if writable:
            self._db.execute("PRAGMA journal_mode = WAL")
            self._db.execute("PRAGMA synchronous = NORMAL")
            self._db.executescript(_SCHEMA)
            self._db.commit()
        self._ann = self._open_vectors()
        # (slot, record, its evidence, or the stored JSON of it until first asked for:
        # most records read are a margin's neighbours or a topic's carriers, which
        # need no evidence, and decoding it was a third of reading a record).
        self._records: OrderedDict[str, tuple[int, Record, TextEvidence | str]] = OrderedDict()
        self._slot_cache: dict[str, int] = {}
        self._counts: OrderedDict[str, int] = OrderedDict()
        self._postings: OrderedDict[tuple[str, int], list[str]] = OrderedDict()
        self._posting_slots: OrderedDict[tuple[str, int], list[Hashable]] = OrderedDict()
        self._id_cache: dict[int, str] = {}  # slot -> id
        self._titles: OrderedDict[str, str | None] = OrderedDict()
        self._size: int | None = None

    # ---- lifecycle --------------------------------------------------------

    def _vectors_path(self) -> Path:
        return self.directory / "vectors.usearch"

    def _open_vectors(self) -> Index:
        path = self._vectors_path()
        if path.exists() and path.stat().st_size > 0:
            loaded = Index.restore(str(path), view=not self.writable)
            if loaded is not None:
                return loaded
        return new_ann(self._ndim)

    def _meta(self, name: str) -> str | None:
        row = self._db.execute("SELECT value FROM meta WHERE name = ?", (name,)).fetchone()
        return None if row is None else str(row[0])

    def consistent(self, model: str) -> bool:
        """True when both files come from the same flush, with this schema and model."""
        sidecar = self.directory / "vectors.json"
        try:
            vectors_meta = json.loads(sidecar.read_text()) if sidecar.exists() else {}
        except (OSError, ValueError):
            return False
        generation = self._meta("generation")
        if generation is None:  # never flushed: consistent only when empty
            return len(self) == 0
        return (
            self._meta("schema") == SCHEMA_VERSION
            and self._meta("model") == model
            and vectors_meta.get("generation") == generation
            and vectors_meta.get("size") == len(self._ann)
        )

    def clear(self) -> None:
        """Forget everything (before a rebuild), tables recreated in this schema."""
        self._require_writable()
        self._db.executescript("".join(f"DROP TABLE IF EXISTS {name};" for name in _TABLES))
        self._db.executescript(_SCHEMA)
        self._ann = new_ann(self._ndim)
        self._records.clear()
        self._slot_cache.clear()
        self._id_cache.clear()
        self._titles.clear()
        self._counts.clear()
        self._size = None

    def flush(self, model: str) -> None:
        """Commit the records and save the vectors; both get a new generation."""
        self._require_writable()
        generation = str(int(self._meta("generation") or "0") + 1)
        self._db.executemany(
            "INSERT OR REPLACE INTO meta (name, value) VALUES (?, ?)",
            [("generation", generation), ("schema", SCHEMA_VERSION), ("model", model)],
        )
        self._db.commit()
        temporary = self.directory / "vectors.usearch.tmp"
        self._ann.save(str(temporary))
        os.replace(temporary, self._vectors_path())
        sidecar = self.directory / "vectors.json.tmp"
        sidecar.write_text(json.dumps({"generation": generation, "size": len(self._ann)}))
        os.replace(sidecar, self.directory / "vectors.json")

    def close(self) -> None:
        if self.writable:
            self._db.rollback()
        self._db.close()
        if self._lock is not None:
            self._lock.close()  # releases the flock
            self._lock = None

    def _require_writable(self) -> None:
        if not self.writable:
            raise PermissionError(f"{self.directory} is open read-only")

    # ---- the store protocol -------------------------------------------------

    def __len__(self) -> int:
        if self._size is None:
            self._size = int(self._db.execute("SELECT count(*) FROM members").fetchone()[0])
        return self._size

    def __contains__(self, record_id: object) -> bool:
        if not isinstance(record_id, str):
            return False
        return self._lookup(record_id) is not None

    def _lookup(self, record_id: str) -> tuple[int, Record, TextEvidence | str] | None:
        cached = self._records.get(record_id)
        if cached is not None:
            self._records.move_to_end(record_id)
            return cached
        row = self._db.execute(
            f"SELECT {_RECORD_COLUMNS} FROM members WHERE id = ?", (record_id,)
        ).fetchone()
        if row is None:
            return None
        found = self._remember(row)
        return found

    def _remember(self, row: tuple[object, ...]) -> tuple[int, Record, TextEvidence | str]:
        slot, record_id, title, directors, year, text, lang, countries, evidence = row
        record = Record(
            id=str(record_id),
            title=title if isinstance(title, str) else None,
            directors=json.loads(directors) if isinstance(directors, str) else [],
            year=year if isinstance(year, int) else None,
            text=text if isinstance(text, str) else None,
            lang=lang if isinstance(lang, str) else None,
            countries=json.loads(countries) if isinstance(countries, str) else [],
        )
        found = (int(slot), record, str(evidence))  # type: ignore[call-overload]
        self._records[record.id] = found
        if len(self._records) > RECORD_CACHE_SIZE:
            self._records.popitem(last=False)
        return found

    def get(self, record_id: str) -> Record:
        found = self._lookup(record_id)
        if found is None:
            raise KeyError(record_id)
        return found[1]

    def evidence(self, record_id: str) -> TextEvidence:
        found = self._lookup(record_id)
        if found is None:
            raise KeyError(record_id)
        slot, record, evidence = found
        if isinstance(evidence, str):
            evidence = _evidence_from(evidence)
            self._records[record_id] = (slot, record, evidence)
        return evidence

    def bands(self, record_id: str) -> tuple[str, ...]:
        # Read apart from the record: only the record being linked needs its own.
        row = self._db.execute("SELECT bands FROM members WHERE id = ?", (record_id,)).fetchone()
        if row is None:
            raise KeyError(record_id)
        return tuple(str(row[0]).split())

    def _rows_in(self, query: str, values: Sequence[object]) -> Iterator[tuple[Any, ...]]:
        """Rows of `query`, whose ``{marks}`` is an IN list, for every one of `values`:
        one statement per chunk, under SQLite's limit on parameters."""
        for start in range(0, len(values), IN_CHUNK):
            chunk = list(values[start : start + IN_CHUNK])
            yield from self._db.execute(query.format(marks=",".join("?" * len(chunk))), chunk)

    def stored_neighbours(self, record_ids: Sequence[str]) -> dict[str, Neighbours]:
        return {
            record_id: [(str(other), float(cosine)) for other, cosine in json.loads(hits)]
            for record_id, hits in self._rows_in(
                "SELECT id, hits FROM neighbours WHERE id IN ({marks})", record_ids
            )
        }

    def save_neighbours(self, lists: Mapping[str, Neighbours]) -> None:
        self._require_writable()
        self._db.executemany(
            "INSERT OR REPLACE INTO neighbours (id, hits) VALUES (?, ?)",
            [
                (record_id, json.dumps(hits, ensure_ascii=False))
                for record_id, hits in lists.items()
            ],
        )

    def forget_neighbours(self, record_ids: Sequence[str]) -> None:
        self._require_writable()
        self._db.executemany("DELETE FROM neighbours WHERE id = ?", [(r,) for r in record_ids])

    def fingerprints(self, record_ids: Sequence[str]) -> dict[str, str]:
        """Stored fingerprint of each of `record_ids` that is in the store."""
        return dict(
            self._rows_in("SELECT id, fingerprint FROM members WHERE id IN ({marks})", record_ids)
        )

    def insert(self, records: Sequence[Indexed], vectors: Vectors | None) -> None:
        self._require_writable()
        rows = [
            (
                record.id,
                record.title,
                json.dumps(record.directors, ensure_ascii=False),
                record.year,
                record.text,
                record.lang,
                json.dumps(record.countries, ensure_ascii=False),
                fingerprint(record),
                1 if record.text else 0,
                _evidence_text(evidence),
                " ".join(band_keys(keys)),
            )
            for record, keys, evidence in records
        ]
        self._db.executemany(
            "INSERT INTO members"
            " (id, title, directors, year, text, lang, countries, fingerprint, has_vector,"
            " evidence, bands)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )
        slots = self._slots([record.id for record, _, _ in records])
        self._db.executemany(
            "INSERT OR IGNORE INTO postings (key, slot) VALUES (?, ?)",
            [(key, slots[record.id]) for record, keys, _ in records for key in keys],
        )
        for _, keys, _ in records:
            for key in keys:
                self._counts.pop(key, None)
        if vectors is not None and len(vectors):
            with_text = [slots[record.id] for record, _, _ in records if record.text]
            self._ann.add(np.asarray(with_text, dtype=np.uint64), vectors)
        self._size = None

    def _slots(self, record_ids: Sequence[str]) -> dict[str, int]:
        return {
            record_id: int(slot)
            for record_id, slot in self._rows_in(
                "SELECT id, slot FROM members WHERE id IN ({marks})", record_ids
            )
        }

    def remove(self, record_id: str, keys: list[str]) -> None:
        self._require_writable()
        found = self._lookup(record_id)
        if found is None:
            return
        slot = found[0]
        self._db.execute("DELETE FROM members WHERE slot = ?", (slot,))
        self._db.executemany(
            "DELETE FROM postings WHERE key = ? AND slot = ?", [(key, slot) for key in keys]
        )
        if self._ann.contains(slot):
            self._ann.remove(slot)
        self._records.pop(record_id, None)
        self._slot_cache.pop(record_id, None)
        self._id_cache.pop(slot, None)
        self._titles.pop(record_id, None)
        for key in keys:
            self._counts.pop(key, None)
        self._size = None

    def postings(self, key: str, limit: int) -> list[str]:
        cached = None if self.writable else self._postings.get((key, limit))
        if cached is not None:
            self._postings.move_to_end((key, limit))
            return cached
        found = [
            str(row[0])
            for row in self._db.execute(
                "SELECT m.id FROM postings p JOIN members m ON m.slot = p.slot"
                " WHERE p.key = ? LIMIT ?",
                (key, limit),
            )
        ]
        if not self.writable:
            self._postings[(key, limit)] = found
            if len(self._postings) > POSTINGS_CACHE_SIZE:
                self._postings.popitem(last=False)
        return found

    def posting_refs(self, key: str, limit: int) -> list[Hashable]:
        """Slots, read from the postings' own index: no record is read (joining each
        posting to its record's id was two thirds of a postings query). Where every
        posting is wanted by id (a title's or director's), `postings` joins in SQLite,
        which measured a little faster than `ids_of` over these slots."""
        cached = None if self.writable else self._posting_slots.get((key, limit))
        if cached is not None:
            self._posting_slots.move_to_end((key, limit))
            return cached
        found: list[Hashable] = [
            int(row[0])
            for row in self._db.execute(
                "SELECT slot FROM postings WHERE key = ? LIMIT ?", (key, limit)
            )
        ]
        if not self.writable:
            self._posting_slots[(key, limit)] = found
            if len(self._posting_slots) > POSTINGS_CACHE_SIZE:
                self._posting_slots.popitem(last=False)
        return found

    def ids_of(self, refs: Sequence[Hashable]) -> list[str]:
        slots = [int(ref) for ref in refs]  # type: ignore[call-overload]
        missing = [slot for slot in dict.fromkeys(slots) if slot not in self._id_cache]
        if missing:
            if len(self._id_cache) + len(missing) > SLOT_CACHE_SIZE:
                self._id_cache.clear()
            self._id_cache.update(
                (int(slot), str(record_id))
                for slot, record_id in self._rows_in(
                    "SELECT slot, id FROM members WHERE slot IN ({marks})", missing
                )
            )
        return [self._id_cache[slot] for slot in slots if slot in self._id_cache]

    def count(self, key: str) -> int:
        cached = self._counts.get(key)
        if cached is None:
            cached = int(
                self._db.execute("SELECT count(*) FROM postings WHERE key = ?", (key,)).fetchone()[
                    0
                ]
            )
            self._counts[key] = cached
            if len(self._counts) > COUNT_CACHE_SIZE:
                self._counts.popitem(last=False)
        return cached

    def insert_title_vectors(self, vectors: Mapping[str, np.ndarray]) -> None:
        self._require_writable()
        self._db.executemany(
            "INSERT OR REPLACE INTO title_vectors (title, vector) VALUES (?, ?)",
            [
                (title, np.asarray(vector, dtype=np.float16).tobytes())
                for title, vector in vectors.items()
            ],
        )

    def title_vectors(self, titles: Sequence[str]) -> dict[str, np.ndarray]:
        return {
            str(title): np.frombuffer(blob, dtype=np.float16).astype(np.float32)
            for title, blob in self._rows_in(
                "SELECT title, vector FROM title_vectors WHERE title IN ({marks})",
                list(dict.fromkeys(titles)),
            )
        }

    def vector(self, record_id: str) -> np.ndarray | None:
        found = self._lookup(record_id)
        if found is None or not self._ann.contains(found[0]):
            return None
        return np.asarray(self._ann.get(found[0]), dtype=np.float32)

    def vectors(self, record_ids: Sequence[str]) -> dict[str, np.ndarray]:
        slots = self._slots_of(record_ids)
        slotted = [(r, slots[r]) for r in record_ids if r in slots]
        return vectors_by_id(self._ann, slotted) if slotted else {}

    def _slots_of(self, record_ids: Sequence[str]) -> dict[str, int]:
        """Slots of the stored ones of `record_ids`: from the record cache, else from
        the id index alone (a covering index: no record is read)."""
        found: dict[str, int] = {}
        missing: list[str] = []
        for record_id in record_ids:
            slot = self._slot_cache.get(record_id)
            if slot is not None:
                found[record_id] = slot
            else:
                missing.append(record_id)
        if missing:
            looked_up = self._slots(list(dict.fromkeys(missing)))
            if len(self._slot_cache) + len(looked_up) > SLOT_CACHE_SIZE:
                self._slot_cache.clear()
            self._slot_cache.update(looked_up)
            found.update(looked_up)
        return found

    def title(self, record_id: str) -> str | None:
        found = self._records.get(record_id)
        if found is not None:
            return found[1].title
        if record_id not in self._titles:
            self.prefetch_titles([record_id])
            if record_id not in self._titles:
                raise KeyError(record_id)
        return self._titles[record_id]

    def prefetch_titles(self, record_ids: Sequence[str]) -> None:
        """Read the titles of those records not at hand with one query per chunk: the
        title column alone, no record built (nor its text read)."""
        missing = [
            r for r in dict.fromkeys(record_ids) if r not in self._records and r not in self._titles
        ]
        for record_id, title in self._rows_in(
            "SELECT id, title FROM members WHERE id IN ({marks})", missing
        ):
            self._titles[str(record_id)] = title if isinstance(title, str) else None
            if len(self._titles) > TITLE_CACHE_SIZE:
                self._titles.popitem(last=False)

    def prefetch(self, record_ids: Sequence[str]) -> None:
        """Read the records not in the cache with one query per chunk, not one each."""
        missing = [r for r in dict.fromkeys(record_ids) if r not in self._records]
        for row in self._rows_in(
            f"SELECT {_RECORD_COLUMNS} FROM members WHERE id IN ({{marks}})", missing
        ):
            self._remember(row)

    def search_many(self, vectors: np.ndarray, count: int) -> list[list[tuple[str, float]]]:
        if len(self._ann) == 0:
            return [[] for _ in range(len(vectors))]
        hits = batch_hits(self._ann, vectors, count)
        slots = list({slot for row in hits for slot, _ in row})
        ids: dict[int, str] = dict(
            self._rows_in("SELECT slot, id FROM members WHERE slot IN ({marks})", slots)
        )
        return [
            [(str(ids[slot]), distance) for slot, distance in row if slot in ids] for row in hits
        ]

    def search(self, vector: np.ndarray, count: int) -> list[tuple[str, float]]:
        if len(self._ann) == 0:
            return []
        matches = self._ann.search(vector, count)
        slots = [int(k) for k in matches.keys]
        marks = ",".join("?" * len(slots))
        ids = dict(self._db.execute(f"SELECT slot, id FROM members WHERE slot IN ({marks})", slots))
        return [
            (str(ids[slot]), float(distance))
            for slot, distance in zip(slots, matches.distances, strict=True)
            if slot in ids
        ]
