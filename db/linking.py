"""Deduplication in the database: corpus documents, links, works and people's decisions.

Members are archive entries and corpus documents, named by a kind+key string:
``entry:miff:5977`` and ``doc:000_89a3:1``. A member whose ``work_id`` is NULL is
*pending*: `link_pending` scores it against every member through a `LinkageIndex`,
stores the links, then (re)assigns works to everything. Work assignment is a full,
deterministic recomputation from the stored links and review decisions, which keeps
existing work ids wherever a work survives.

The index lives in a `linkage.disk_store.DiskStore` next to the database
(`index_dir`): `linkage_index` opens it after adding the pending members (or
rebuilding it when it is missing or out of step with the database), so no command
rebuilds a million-member index from scratch. Sentence vectors are also cached in
``text_vectors`` by text hash, so a rebuild only runs the model over unseen texts.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol, cast

import numpy as np
from sqlalchemy import Table, bindparam, delete, func, insert, null, or_, select, update
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from db.models import (
    CorpusDocument,
    Credit,
    Edition,
    Entry,
    Festival,
    ReviewDecision,
    Section,
    StoredLink,
    TextVector,
    Work,
)
from linkage.clusters import assign_works
from linkage.disk_store import DiskStore, fingerprint
from linkage.embed import DIMENSIONS, Embedder, Vectors, default_embedder, normalise_rows
from linkage.index import LinkageIndex
from linkage.parallel import LinkingPool, default_workers
from linkage.records import Record
from linkage.scoring import Decision, Link, more_cautious

ENTRY, DOC = "entry", "doc"
ACCEPT, REJECT = "accept", "reject"
VECTOR_MODEL = "usem3-f16"
DEFAULT_ENTRY_LANG = "en"  # what the export says for entries without a language
IN_CHUNK = 500  # ids per IN (...) query, well under every backend's parameter limit
INDEX_DIR_ENV = "MIRROR_INDEX_DIR"
INDEX_CHUNK = 1000  # records added to the index per step (progress granularity)
REFUSED_NOTE = "kept apart: it would join works that contradict each other"

Progress = Callable[[int], None]


def _now() -> datetime:
    return datetime.now(UTC)


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


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


def _chunks(values: Sequence[Any], size: int = IN_CHUNK) -> Iterator[Sequence[Any]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


# -- cached sentence vectors -------------------------------------------------------------


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
        known.update(self._load([h for h in dict.fromkeys(hashes) if h not in known]))
        missing = {h: t for h, t in zip(hashes, texts, strict=True) if h not in known}
        if missing:
            inner = self._inner if self._inner is not None else default_embedder()
            vectors = inner.embed(list(missing.values())).astype(np.float16)
            self.computed += len(missing)
            known.update(zip(missing, vectors, strict=True))
            if self._persist:
                _insert_vectors(self._session, list(missing), vectors)
            else:
                self._unsaved.update(zip(missing, vectors, strict=True))
        return normalise_rows(np.vstack([known[h] for h in hashes]).astype(np.float32))

    def _load(self, hashes: list[str]) -> dict[str, np.ndarray]:
        found: dict[str, np.ndarray] = {}
        for chunk in _chunks(hashes):
            for digest, blob in self._session.execute(
                select(TextVector.text_hash, TextVector.vector).where(
                    TextVector.text_hash.in_(chunk), TextVector.model == VECTOR_MODEL
                )
            ):
                found[digest] = np.frombuffer(blob, dtype=np.float16)
        return found


def _insert_vectors(session: Session, hashes: Sequence[str], vectors: np.ndarray) -> None:
    rows = [
        {"text_hash": digest, "model": VECTOR_MODEL, "vector": vector.tobytes()}
        for digest, vector in zip(hashes, vectors.astype(np.float16, copy=False), strict=True)
    ]
    if rows:
        session.execute(insert(TextVector), rows)


def unseen_texts(session: Session, texts: Sequence[str]) -> list[str]:
    """The distinct `texts` that have no stored vector yet, in first-seen order."""
    by_hash = {text_hash(t): t for t in dict.fromkeys(texts)}
    known: set[str] = set()
    for chunk in _chunks(list(by_hash)):
        known.update(
            session.scalars(
                select(TextVector.text_hash).where(
                    TextVector.text_hash.in_(chunk), TextVector.model == VECTOR_MODEL
                )
            )
        )
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
    _insert_vectors(session, [text_hash(texts[i]) for i in keep], vectors[keep])


def store_vectors(session: Session, texts: Sequence[str], embedder: Embedder | None = None) -> int:
    """Compute and add to the session the vectors of texts not in ``text_vectors``
    yet (indexing later reads them instead of running the model); returns how many
    were computed."""
    vectors = StoredVectors(session, embedder)
    vectors.embed(list(dict.fromkeys(texts)))
    return vectors.computed


# -- members -----------------------------------------------------------------------------


@dataclass
class Members:
    """Every entry and corpus document as a linkage `Record`, with its current work.
    Without `with_text` the records carry no synopsis (a million of them would hold
    half a gigabyte for nothing: works need keys, not texts); `full_records` reads
    the texts of a chunk when they are needed."""

    records: dict[str, Record] = field(default_factory=dict)
    work_of: dict[str, int | None] = field(default_factory=dict)
    entry_pk: dict[str, int] = field(default_factory=dict)
    with_text: bool = True

    @property
    def pending(self) -> list[str]:
        return [key for key, work in self.work_of.items() if work is None]

    def subset(self, keys: Iterable[str]) -> Members:
        chosen = list(keys)
        return Members(
            records={k: self.records[k] for k in chosen},
            work_of={k: self.work_of[k] for k in chosen},
            entry_pk={k: self.entry_pk[k] for k in chosen if k in self.entry_pk},
            with_text=self.with_text,
        )


def full_records(session: Session, members: Members, keys: Sequence[str]) -> list[Record]:
    """The records of `keys` with their synopses (read from the database unless the
    members carry them)."""
    if members.with_text:
        return [members.records[k] for k in keys]
    texts: dict[str, str | None] = {}
    by_pk = {members.entry_pk[k]: k for k in keys if k in members.entry_pk}
    by_doc = {split_key(k)[1]: k for k in keys if k not in members.entry_pk}
    for chunk in _chunks(list(by_pk)):
        for pk, synopsis in session.execute(
            select(Entry.id, Entry.synopsis).where(Entry.id.in_(chunk))
        ):
            texts[by_pk[pk]] = synopsis
    for chunk in _chunks(list(by_doc)):
        for doc_id, text in session.execute(
            select(CorpusDocument.id, CorpusDocument.text).where(CorpusDocument.id.in_(chunk))
        ):
            texts[by_doc[doc_id]] = text
    return [replace(members.records[k], text=texts.get(k)) for k in keys]


def load_members(
    session: Session,
    keys: Iterable[str] | None = None,
    *,
    pending_only: bool = False,
    with_text: bool = True,
) -> Members:
    """All members (or only `keys`, or only those without a work), entries first in
    film order, then documents; without `with_text`, no synopses (see `Members`)."""
    wanted = set(keys) if keys is not None else None
    members = Members(with_text=with_text)
    directors: dict[int, list[str]] = defaultdict(list)
    credits = (
        select(Credit.entry_id, Credit.credited_as)
        .where(Credit.role == "director")
        .order_by(Credit.entry_id, Credit.position)
    )
    if pending_only:
        credits = credits.join(Entry, Entry.id == Credit.entry_id).where(Entry.work_id.is_(None))
    for entry_id, name in session.execute(credits):
        directors[entry_id].append(name)
    entry_query = (
        select(
            Entry.id,
            Festival.slug,
            Entry.film_id,
            Entry.title,
            Entry.year,
            Entry.synopsis if with_text else null(),
            Entry.lang,
            Entry.countries,
            Entry.work_id,
        )
        .join(Festival, Festival.id == Entry.festival_id)
        # By natural key, not by row id: the same entries give the same index and works
        # whatever order a crawl happened to store them in (a re-parse, another backend).
        .order_by(Festival.slug, Entry.film_id)
    )
    if pending_only:
        entry_query = entry_query.where(Entry.work_id.is_(None))
    for pk, festival, film_id, title, year, synopsis, lang, countries, work_id in session.execute(
        entry_query
    ):
        key = entry_key(festival, film_id)
        if wanted is not None and key not in wanted:
            continue
        members.records[key] = Record(
            id=key,
            title=title,
            directors=directors.get(pk, []),
            year=year,
            text=synopsis,
            lang=lang or DEFAULT_ENTRY_LANG,
            countries=list(countries or []),
        )
        members.work_of[key] = work_id
        members.entry_pk[key] = pk
    document_query = select(
        CorpusDocument.id,
        CorpusDocument.title,
        CorpusDocument.directors,
        CorpusDocument.year,
        CorpusDocument.text if with_text else null(),
        CorpusDocument.lang,
        CorpusDocument.work_id,
    ).order_by(CorpusDocument.source, CorpusDocument.position, CorpusDocument.id)
    if pending_only:
        document_query = document_query.where(CorpusDocument.work_id.is_(None))
    for doc_id, title, doc_directors, year, text, lang, work_id in session.execute(document_query):
        key = doc_key(doc_id)
        if wanted is not None and key not in wanted:
            continue
        members.records[key] = Record(
            id=key,
            title=title,
            directors=list(doc_directors or []),
            year=year,
            text=text,
            lang=lang,
        )
        members.work_of[key] = work_id
    return members


def build_index(
    session: Session,
    members: Members,
    embedder: Embedder | None = None,
    *,
    persist_vectors: bool = True,
    progress: Progress | None = None,
) -> LinkageIndex:
    """A `LinkageIndex` over every member, vectors read from the database when known."""
    index = LinkageIndex(StoredVectors(session, embedder, persist=persist_vectors))
    for chunk in _chunks(list(members.records), INDEX_CHUNK):
        index.add(full_records(session, members, chunk))
        if progress:
            progress(len(chunk))
    return index


def index_dir(session: Session) -> Path | None:
    """Where the persistent linkage index of this database lives: $MIRROR_INDEX_DIR,
    else ``<file>.index/`` beside a SQLite file, else a folder per server and
    database under the user's cache; None for an in-memory SQLite database."""
    configured = os.environ.get(INDEX_DIR_ENV)
    if configured:
        return Path(configured)
    bind = session.get_bind()
    url = make_url(str(bind.engine.url))
    if url.get_backend_name() == "sqlite":
        if not url.database or url.database == ":memory:":
            return None
        return Path(f"{Path(url.database).resolve()}.index")
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    name = f"{url.get_backend_name()}-{url.host or 'local'}-{url.port or ''}-{url.database}"
    return cache / "festival-mirror" / "index" / name.replace("/", "_")


def _stale_pending(
    session: Session, store: DiskStore, pending: Members
) -> tuple[list[str], list[str]]:
    """(pending members the store lacks or holds in an older version, the ids of those
    older versions), read chunk by chunk."""
    fresh: list[str] = []
    replaced: list[str] = []
    for chunk in _chunks(list(pending.records), INDEX_CHUNK):
        stored = store.fingerprints(chunk)
        for record in full_records(session, pending, chunk):
            if stored.get(record.id) != fingerprint(record):
                fresh.append(record.id)
                if record.id in stored:
                    replaced.append(record.id)
    return fresh, replaced


def _store_is_current(session: Session, store: DiskStore, pending: Members) -> bool:
    """The store holds every member, pending ones in their current version."""
    fresh, _ = _stale_pending(session, store, pending)
    total, _ = count_members(session)
    return not fresh and store.consistent(VECTOR_MODEL) and len(store) == total


def _sync_store(
    session: Session,
    index: LinkageIndex,
    store: DiskStore,
    members: Members | None = None,
    progress: Progress | None = None,
) -> None:
    """Bring a writable store up to date: add (or replace) the pending members; rebuild
    from every member when the store is missing, inconsistent or counts differ."""
    pending = (
        members.subset(members.pending)
        if members is not None
        else load_members(session, pending_only=True, with_text=False)
    )
    fresh, replaced = _stale_pending(session, store, pending)
    total = len(members.records) if members is not None else count_members(session)[0]
    if store.consistent(VECTOR_MODEL) and len(store) - len(replaced) + len(fresh) == total:
        index.discard(replaced)
        source, keys = pending, fresh
    else:
        store.clear()
        source = members or load_members(session, with_text=False)
        keys = list(source.records)
    for chunk in _chunks(keys, INDEX_CHUNK):
        index.add(full_records(session, source, chunk))
        if progress:
            progress(len(chunk))
    index.settle_neighbours()
    store.flush(VECTOR_MODEL)


@contextmanager
def linkage_index(
    session: Session,
    embedder: Embedder | None = None,
    *,
    members: Members | None = None,
    persist_vectors: bool = True,
    progress: Progress | None = None,
) -> Iterator[LinkageIndex]:
    """A `LinkageIndex` over every member, from the persistent store next to the
    database, brought up to date first (pending members added, or a rebuild). The
    yielded index is read-only (memory-mapped) unless it was just written to.
    Without a place for a store (in-memory SQLite) the index is built in memory."""
    directory = index_dir(session)
    vectors = StoredVectors(session, embedder, persist=persist_vectors)
    if directory is None:
        yield build_index(
            session,
            members or load_members(session),
            embedder,
            persist_vectors=persist_vectors,
            progress=progress,
        )
        return
    store: DiskStore | None = None
    if (directory / "index.sqlite").exists():
        store = DiskStore(directory, writable=False, ndim=DIMENSIONS)
        pending = (
            members.subset(members.pending)
            if members is not None
            else load_members(session, pending_only=True, with_text=False)
        )
        if not _store_is_current(session, store, pending):
            store.close()
            store = None
    if store is None:
        try:
            store = DiskStore(directory, writable=True, ndim=DIMENSIONS)
        except (OSError, sqlite3.Error):
            # Nowhere to write the index (read-only folder): work in memory, as a
            # one-off, rather than fail a command that only reads the database.
            yield build_index(
                session,
                members or load_members(session),
                embedder,
                persist_vectors=persist_vectors,
                progress=progress,
            )
            return
        try:
            _sync_store(session, LinkageIndex(vectors, store), store, members, progress)
        finally:
            store.close()
        store = DiskStore(directory, writable=False, ndim=DIMENSIONS)
    try:
        yield LinkageIndex(vectors, store)
    finally:
        store.close()


# -- corpus documents --------------------------------------------------------------------


class DocumentLike(Protocol):
    """A parsed corpus record (see `mirror.corpus_input.ParsedDocument`)."""

    @property
    def id(self) -> str: ...
    @property
    def line(self) -> int: ...
    @property
    def text(self) -> str: ...
    @property
    def title(self) -> str | None: ...
    @property
    def directors(self) -> list[str]: ...
    @property
    def year(self) -> int | None: ...
    @property
    def lang(self) -> str | None: ...


@dataclass
class ImportCounts:
    new: int = 0
    changed: int = 0
    unchanged: int = 0

    def __iadd__(self, other: ImportCounts) -> ImportCounts:
        self.new += other.new
        self.changed += other.changed
        self.unchanged += other.unchanged
        return self


def store_documents(
    session: Session,
    source: str,
    documents: Sequence[DocumentLike],
    detect: Callable[[str], str | None],
) -> ImportCounts:
    """Insert new documents, update changed ones (they become pending again), skip
    identical ones. A document is identified by its id; identical means same hash."""
    counts = ImportCounts()
    latest = {doc.id: doc for doc in documents}  # a repeated id: the last one wins
    have: dict[str, str] = {}
    for chunk in _chunks(list(latest)):
        for doc_id, digest in session.execute(
            select(CorpusDocument.id, CorpusDocument.content_hash).where(
                CorpusDocument.id.in_(chunk)
            )
        ):
            have[doc_id] = digest
    now = _now()
    fresh: list[dict[str, Any]] = []
    changed: list[dict[str, Any]] = []
    for doc in latest.values():
        digest = text_hash(_fingerprint(doc))
        if have.get(doc.id) == digest:
            counts.unchanged += 1
            continue
        row = {
            "id": doc.id,
            "source": source,
            "position": doc.line,
            "text": doc.text,
            "lang": doc.lang or detect(doc.text),
            "title": doc.title,
            "directors": list(doc.directors),
            "year": doc.year,
            "content_hash": digest,
            "work_id": None,
            "imported_at": now,
        }
        (changed if doc.id in have else fresh).append(row)
    if fresh:
        session.execute(insert(CorpusDocument), fresh)
    if changed:
        session.execute(update(CorpusDocument), changed)
        forget_links(session, [doc_key(row["id"]) for row in changed])
    counts.new, counts.changed = len(fresh), len(changed)
    return counts


def _fingerprint(doc: DocumentLike) -> str:
    """Everything that affects matching, in one string to hash."""
    return "\x1f".join(
        [doc.text, doc.title or "", "\x1e".join(doc.directors), str(doc.year or ""), doc.lang or ""]
    )


# -- review decisions --------------------------------------------------------------------


@dataclass(frozen=True)
class Decisions:
    accepted: frozenset[tuple[str, str]]
    rejected: frozenset[tuple[str, str]]

    def verdict(self, left: str, right: str) -> str | None:
        pair = ordered(left, right)
        if pair in self.accepted:
            return ACCEPT
        if pair in self.rejected:
            return REJECT
        return None


def load_decisions(session: Session) -> Decisions:
    accepted: set[tuple[str, str]] = set()
    rejected: set[tuple[str, str]] = set()
    for left, right, decision in session.execute(
        select(ReviewDecision.left_key, ReviewDecision.right_key, ReviewDecision.decision)
    ):
        (accepted if decision == ACCEPT else rejected).add((left, right))
    return Decisions(frozenset(accepted), frozenset(rejected))


Verdict = tuple[str, str | None]  # (decision, note)


def record_decision(
    session: Session, left: str, right: str, decision: str, note: str | None = None
) -> Verdict | None:
    """Store (or change) a person's verdict on a pair, then reassign works. Returns
    the verdict it replaced (None if there was none), for `restore_decision`."""
    if decision not in (ACCEPT, REJECT):
        raise ValueError(f"decision must be {ACCEPT!r} or {REJECT!r}, not {decision!r}")
    for key in (left, right):
        split_key(key)
    if left == right:
        raise ValueError("a member cannot be paired with itself")
    left, right = ordered(left, right)
    existing = _stored_decision(session, left, right)
    prior = None if existing is None else (existing.decision, existing.note)
    if existing is None:
        session.add(
            ReviewDecision(
                left_key=left, right_key=right, decision=decision, decided_at=_now(), note=note
            )
        )
    else:
        existing.decision, existing.decided_at, existing.note = decision, _now(), note
    session.flush()
    assign_all(session, load_members(session, with_text=False))
    return prior


def restore_decision(session: Session, left: str, right: str, prior: Verdict | None) -> None:
    """Undo a verdict: put back the one it replaced, or none, then reassign works."""
    left, right = ordered(left, right)
    existing = _stored_decision(session, left, right)
    if prior is None:
        if existing is not None:
            session.delete(existing)
    elif existing is None:
        session.add(
            ReviewDecision(
                left_key=left, right_key=right, decision=prior[0], decided_at=_now(), note=prior[1]
            )
        )
    else:
        existing.decision, existing.note = prior
    session.flush()
    assign_all(session, load_members(session, with_text=False))


def _stored_decision(session: Session, left: str, right: str) -> ReviewDecision | None:
    return session.scalars(
        select(ReviewDecision).where(
            ReviewDecision.left_key == left, ReviewDecision.right_key == right
        )
    ).first()


# -- linking -----------------------------------------------------------------------------


@dataclass(frozen=True)
class LinkReport:
    linked: int  # pending members scored
    matches: int  # new automatic links
    reviews: int  # new pairs queued for a person
    works: int  # works in the database afterwards


def link_pending(
    session: Session,
    *,
    origin: str,
    embedder: Embedder | None = None,
    index_progress: Progress | None = None,
    link_progress: Progress | None = None,
    workers: int | None = None,
) -> LinkReport:
    """Score every pending member against all members, store links, assign works.
    `workers`: processes that score (default: `linkage.parallel.default_workers`).

    Idempotent: a member gets a work at the end, so a second run finds nothing
    pending; a run killed halfway is finished by the next (links are upserted).
    """
    members = load_members(session, with_text=False)
    pending = members.pending
    if not pending:
        return LinkReport(0, 0, 0, _count_works(session))
    decisions = load_decisions(session)
    # Links are stored chunk by chunk (a million documents find millions of them);
    # a pair both members find keeps the first finding, as rows newer than this tell.
    newest_before = session.execute(select(func.max(StoredLink.id))).scalar_one() or 0
    matches = reviews = 0
    with linkage_index(session, embedder, members=members, progress=index_progress) as index:
        for chunk, chunk_links in _pending_links(index, pending, workers):
            found: dict[tuple[str, str], Link] = {}
            for links in chunk_links:
                for link in links:
                    pair = ordered(link.left_id, link.right_id)
                    if decisions.verdict(*pair) == REJECT:
                        continue
                    seen = found.get(pair)
                    found[pair] = link if seen is None else more_cautious(seen, link)
            new_matches, new_reviews = _store_links(session, found, origin, newest_before)
            matches, reviews = matches + new_matches, reviews + new_reviews
            if link_progress:
                link_progress(len(chunk))
    works = assign_all(session, members, decisions)
    return LinkReport(len(pending), matches, reviews, works)


def _pending_links(
    index: LinkageIndex, pending: Sequence[str], workers: int | None
) -> Iterator[tuple[Sequence[str], list[list[Link]]]]:
    """(chunk of pending members, the links of each), chunk by chunk in order. Worker
    processes share the work when there are several chunks, several cores and a
    persistent index to share (workers=None: `default_workers`)."""
    chunks = list(_chunks(pending, INDEX_CHUNK))
    store = index.store
    if len(chunks) > 1 and isinstance(store, DiskStore) and not store.writable:
        workers = default_workers() if workers is None else workers
        if workers > 1:
            with LinkingPool(store.directory, workers) as pool:
                yield from zip(chunks, pool.links(chunks), strict=True)
            return
    for chunk in chunks:
        index.prepare(chunk)
        yield chunk, [index.links_for(key) for key in chunk]


def link_after_crawl(
    session: Session, festival: str, run_id: int | None = None, embedder: Embedder | None = None
) -> LinkReport:
    """Link what a crawl run of `festival` added or changed; for the pipeline, at run end.

    Entries of the festival without a work (new ones) are pending. With `run_id`,
    entries that run changed (updated, not first seen) become pending too: their
    stored links go and they are scored again; review decisions stay, so a rejected
    pair stays apart. When nothing of the festival is pending this costs two small
    queries. Pending corpus documents are linked along, as `link_pending` does.
    """
    if run_id is not None:
        changed = list(
            session.scalars(
                select(Entry.id)
                .join(Festival, Festival.id == Entry.festival_id)
                .where(
                    Festival.slug == festival,
                    Entry.updated_run_id == run_id,
                    or_(Entry.first_seen_run_id.is_(None), Entry.first_seen_run_id != run_id),
                    Entry.work_id.is_not(None),
                )
            )
        )
        if changed:
            for chunk in _chunks(changed):
                keys = [
                    entry_key(festival, film_id)
                    for (film_id,) in session.execute(
                        select(Entry.film_id).where(Entry.id.in_(chunk))
                    )
                ]
                forget_links(session, keys)
                session.execute(update(Entry).where(Entry.id.in_(chunk)).values(work_id=None))
    pending = session.execute(
        select(func.count())
        .select_from(Entry)
        .join(Festival, Festival.id == Entry.festival_id)
        .where(Festival.slug == festival, Entry.work_id.is_(None))
    ).scalar_one()
    if not pending:
        return LinkReport(0, 0, 0, _count_works(session))
    return link_pending(session, origin=f"crawl:{festival}", embedder=embedder)


def _store_links(
    session: Session, found: dict[tuple[str, str], Link], origin: str, newest_before: int
) -> tuple[int, int]:
    """Insert new pairs, refresh those stored before this run (rows up to id
    `newest_before`), leave those this run stored already; (new matches, new reviews)."""
    existing: set[tuple[str, str]] = set()
    this_run: set[tuple[str, str]] = set()
    lefts = sorted({left for left, _ in found})
    for chunk in _chunks(lefts):
        for link_id, left, right in session.execute(
            select(StoredLink.id, StoredLink.left_key, StoredLink.right_key).where(
                StoredLink.left_key.in_(chunk)
            )
        ):
            (this_run if link_id > newest_before else existing).add((left, right))
    now = _now()
    fresh, refreshed = [], []
    for (left, right), link in found.items():
        # A pair this run stored from the other record's side is kept, unless this
        # side demoted it to a review (see `linkage.scoring.more_cautious`).
        if (left, right) in this_run and link.decision is not Decision.REVIEW:
            continue
        values = {
            "left_key": left,
            "right_key": right,
            "score": link.score,
            "decision": str(link.decision),
            "reason": link.reason,
        }
        if (left, right) in existing or (left, right) in this_run:
            refreshed.append(values)
        else:
            fresh.append({**values, "origin": origin, "created_at": now})
    if fresh:
        session.execute(insert(StoredLink), fresh)
    if refreshed:
        session.execute(
            _UPDATE_LINK,
            [
                {
                    "pair_left": values["left_key"],
                    "pair_right": values["right_key"],
                    "new_score": values["score"],
                    "new_decision": values["decision"],
                    "new_reason": values["reason"],
                }
                for values in refreshed
            ],
        )
    matches = sum(1 for v in fresh if v["decision"] == Decision.MATCH)
    return matches, len(fresh) - matches


# One statement run for many pairs (executemany): tens of thousands of links change
# in a large import, and one ORM UPDATE each took minutes.
_LINK_TABLE = cast(Table, StoredLink.__table__)
_UPDATE_LINK = (
    update(_LINK_TABLE)
    .where(
        _LINK_TABLE.c.left_key == bindparam("pair_left"),
        _LINK_TABLE.c.right_key == bindparam("pair_right"),
    )
    .values(
        score=bindparam("new_score"),
        decision=bindparam("new_decision"),
        reason=bindparam("new_reason"),
    )
)


def forget_links(session: Session, keys: Sequence[str]) -> None:
    """Drop the stored links of members whose content changed (they are re-scored)."""
    for chunk in _chunks(list(keys)):
        session.execute(
            delete(StoredLink).where(
                or_(StoredLink.left_key.in_(chunk), StoredLink.right_key.in_(chunk))
            )
        )


# -- works -------------------------------------------------------------------------------


def assign_all(session: Session, members: Members, decisions: Decisions | None = None) -> int:
    """Recompute works from stored matches and decisions; returns the number of works.

    A work keeps its id when most of its old members stay together (largest groups
    choose first), so ids are stable across runs; works left without members go.
    """
    decisions = decisions if decisions is not None else load_decisions(session)
    links = [
        Link(left, right, score, Decision.MATCH, reason)
        for left, right, score, reason in session.execute(
            select(StoredLink.left_key, StoredLink.right_key, StoredLink.score, StoredLink.reason)
            .where(StoredLink.decision == Decision.MATCH)
            .order_by(StoredLink.left_key, StoredLink.right_key)
        )
        if decisions.verdict(left, right) != REJECT
    ]
    cluster_of, refused = assign_works(
        members.records, links, accepted=decisions.accepted, rejected=decisions.rejected
    )
    requeued = [
        {
            "pair_left": link.left_id,
            "pair_right": link.right_id,
            "new_score": link.score,
            "new_decision": str(Decision.REVIEW),
            "new_reason": f"{link.reason}; {REFUSED_NOTE}",
        }
        for link in refused
        if decisions.verdict(link.left_id, link.right_id) is None
    ]
    if requeued:
        session.execute(_UPDATE_LINK, requeued)
    groups: dict[str, list[str]] = defaultdict(list)
    for key in members.records:
        groups[cluster_of[key]].append(key)
    load_order = {key: position for position, key in enumerate(members.records)}
    ordered_groups = sorted(groups.values(), key=lambda keys: (-len(keys), load_order[keys[0]]))
    claimed: set[int] = set()
    work_for_group: list[int | None] = []
    for keys in ordered_groups:
        votes = Counter(w for k in keys if (w := members.work_of[k]) is not None)
        choice = next(
            (w for w, _ in sorted(votes.items(), key=lambda i: (-i[1], i[0])) if w not in claimed),
            None,
        )
        if choice is not None:
            claimed.add(choice)
        work_for_group.append(choice)
    _create_works(session, work_for_group)
    _write_memberships(session, members, ordered_groups, work_for_group)
    _describe_works(session, members, ordered_groups, work_for_group)
    used = {w for w in work_for_group if w is not None}
    stale = [w for (w,) in session.execute(select(Work.id)) if w not in used]
    for chunk in _chunks(stale):
        session.execute(delete(Work).where(Work.id.in_(chunk)))
    session.flush()
    return len(used)


def _create_works(session: Session, work_for_group: list[int | None]) -> None:
    missing = [i for i, w in enumerate(work_for_group) if w is None]
    if not missing:
        return
    now = _now()
    new_ids = session.scalars(
        insert(Work).returning(Work.id, sort_by_parameter_order=True),
        [{"created_at": now, "directors": []} for _ in missing],
    ).all()
    for position, work_id in zip(missing, new_ids, strict=True):
        work_for_group[position] = work_id


def _write_memberships(
    session: Session,
    members: Members,
    groups: list[list[str]],
    work_for_group: list[int | None],
) -> None:
    entry_rows, doc_rows = [], []
    for keys, work_id in zip(groups, work_for_group, strict=True):
        for key in keys:
            if members.work_of[key] == work_id:
                continue
            members.work_of[key] = work_id
            kind, rest = split_key(key)
            if kind == ENTRY:
                entry_rows.append({"id": members.entry_pk[key], "work_id": work_id})
            else:
                doc_rows.append({"id": rest, "work_id": work_id})
    if entry_rows:
        session.execute(update(Entry), entry_rows)
    if doc_rows:
        session.execute(update(CorpusDocument), doc_rows)


def _describe_works(
    session: Session,
    members: Members,
    groups: list[list[str]],
    work_for_group: list[int | None],
) -> None:
    """Title, year and directors of each work: from its first entry, else a document."""
    current = {
        work_id: (title, year, list(directors or []))
        for work_id, title, year, directors in session.execute(
            select(Work.id, Work.title, Work.year, Work.directors)
        )
    }
    rows = []
    for keys, work_id in zip(groups, work_for_group, strict=True):
        records = [members.records[k] for k in keys]
        described = [r for r in records if r.id.startswith(ENTRY)] + [
            r for r in records if r.id.startswith(DOC)
        ]
        title = next((r.title for r in described if r.title), None)
        year = next((r.year for r in described if r.year is not None), None)
        directors = next((r.directors for r in described if r.directors), [])
        if work_id is not None and current.get(work_id) != (title, year, directors):
            rows.append({"id": work_id, "title": title, "year": year, "directors": directors})
    if rows:
        session.execute(update(Work), rows)


def count_members(session: Session) -> tuple[int, int]:
    """(all members, members not yet in a work)."""
    total = pending = 0
    for model in (Entry, CorpusDocument):
        total += session.execute(select(func.count()).select_from(model)).scalar_one()
        pending += session.execute(
            select(func.count()).select_from(model).where(model.work_id.is_(None))
        ).scalar_one()
    return total, pending


def resolve_member(session: Session, text: str) -> str:
    """A member key from what a person typed: a key, a corpus document id, or
    FESTIVAL:FILM_ID. Raises ValueError when nothing by that name exists."""
    candidates = [text] if text.startswith((f"{ENTRY}:", f"{DOC}:")) else []
    candidates += [doc_key(text), f"{ENTRY}:{text}"]
    for key in candidates:
        kind, rest = split_key(key)
        if kind == DOC and session.get(CorpusDocument, rest) is not None:
            return key
        if kind == ENTRY:
            festival, _, film_id = rest.partition(":")
            found = session.execute(
                select(Entry.id)
                .join(Festival, Festival.id == Entry.festival_id)
                .where(Festival.slug == festival, Entry.film_id == film_id)
            ).first()
            if found is not None:
                return key
    raise ValueError(f"no entry or corpus document called {text!r}")


@dataclass(frozen=True)
class ReviewItem:
    """A pair waiting for a person, with both members described."""

    left: dict[str, Any]
    right: dict[str, Any]
    score: float
    reason: str
    # what accepting it would bring together: members of both works
    members_joined: int = 2

    def as_dict(self) -> dict[str, Any]:
        return {
            "left": self.left,
            "right": self.right,
            "score": self.score,
            "why": self.reason,
            "members_joined": self.members_joined,
        }


def pending_reviews(session: Session, limit: int | None = None) -> list[ReviewItem]:
    """Links queued for review that no one has decided on yet, most valuable first:
    by the chance that they are one film times the members an accept would join
    (a pair that unites two re-screened films settles more than one that adds a
    single document). `limit` describes only the first ones."""
    decisions = load_decisions(session)
    rows = [
        (left, right, score, reason)
        for left, right, score, reason in session.execute(
            select(StoredLink.left_key, StoredLink.right_key, StoredLink.score, StoredLink.reason)
            .where(StoredLink.decision == Decision.REVIEW)
            .order_by(StoredLink.left_key, StoredLink.right_key)
        )
        if decisions.verdict(left, right) is None
    ]
    work_of = _works_of(session, {key for row in rows for key in row[:2]})
    sizes = Counter(w for w in _all_work_ids(session) if w is not None)

    def joined(left: str, right: str) -> int:
        left_work, right_work = work_of.get(left), work_of.get(right)
        if left_work is not None and left_work == right_work:
            return 0  # already one work through other links: nothing to settle
        return sizes.get(left_work, 1) + sizes.get(right_work, 1)  # type: ignore[arg-type]

    ranked = sorted(
        ((row, joined(row[0], row[1])) for row in rows),
        key=lambda item: (-item[0][2] * item[1], item[0][0], item[0][1]),
    )
    ranked = [(row, size) for row, size in ranked if size > 0]
    if limit is not None:
        ranked = ranked[:limit]
    described = describe_members(session, {key for row, _ in ranked for key in row[:2]})
    return [
        ReviewItem(described[left], described[right], score, reason, size)
        for (left, right, score, reason), size in ranked
    ]


def _works_of(session: Session, keys: set[str]) -> dict[str, int | None]:
    members = load_members(session, keys, with_text=False)
    return members.work_of


def _all_work_ids(session: Session) -> list[int | None]:
    entries = session.scalars(select(Entry.work_id)).all()
    documents = session.scalars(select(CorpusDocument.work_id)).all()
    return [*entries, *documents]


def describe_members(session: Session, keys: set[str]) -> dict[str, dict[str, Any]]:
    """What a reviewer needs to see of each member: keys, text and, for an archive
    entry, its festival, edition, section, countries and URL."""
    members = load_members(session, keys)
    described: dict[str, dict[str, Any]] = {}
    details: dict[int, dict[str, Any]] = {}
    pks = [members.entry_pk[k] for k in keys if k in members.entry_pk]
    for chunk in _chunks(pks):
        for pk, url, countries, edition, section in session.execute(
            select(Entry.id, Entry.url, Entry.countries, Edition.year, Section.name)
            .outerjoin(Edition, Edition.id == Entry.edition_id)
            .outerjoin(Section, Section.id == Entry.section_id)
            .where(Entry.id.in_(chunk))
        ):
            details[pk] = {
                "url": url,
                "countries": list(countries or []),
                "edition": edition,
                "section": section,
            }
    for key in keys:
        record = members.records.get(key) or Record(id=key)
        described[key] = {
            "key": key,
            "title": record.title,
            "directors": record.directors,
            "year": record.year,
            "lang": record.lang,
            "text": record.text,
            **details.get(members.entry_pk.get(key, -1), {}),
        }
    return described


def _count_works(session: Session) -> int:
    return int(session.execute(select(func.count()).select_from(Work)).scalar_one())
