"""The persistent linkage index of a database: where it lives, and opening it up to
date.

The index lives in a `linkage.disk_store.DiskStore` next to the database
(`index_dir`): `linkage_index` opens it after adding the pending members (or
rebuilding it when it is missing or out of step with the database), so no command
rebuilds a million-member index from scratch. Sentence vectors are also cached in
``text_vectors`` by text hash (`linkage.vector_cache`), so a rebuild only runs the
model over unseen texts.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from db.member_keys import chunks
from db.members import count_members
from linkage.disk_store import DiskStore, fingerprint
from linkage.embed import DIMENSIONS, Embedder
from linkage.index import LinkageIndex
from linkage.members import Members, full_records, load_members
from linkage.records import Record
from linkage.vector_cache import VECTOR_MODEL, StoredVectors

INDEX_DIR_ENV = "MIRROR_INDEX_DIR"
INDEX_CHUNK = 1000  # records added to the index per step (progress granularity)

Progress = Callable[[int], None]
# Passes chunks of records through once their sentence vectors are stored (computing
# them elsewhere, a few chunks ahead of the index: see `linkage.service`).
EmbedAhead = Callable[[Iterable[list[Record]]], Iterator[list[Record]]]


def _as_they_come(record_chunks: Iterable[list[Record]]) -> Iterator[list[Record]]:
    """The default `EmbedAhead`: the index embeds what has no stored vector itself."""
    yield from record_chunks


def _add_all(
    session: Session,
    index: LinkageIndex,
    members: Members,
    keys: list[str],
    embed_ahead: EmbedAhead | None,
    progress: Progress | None,
) -> None:
    """Add the members `keys` to the index chunk by chunk, each text read once."""
    record_chunks = (full_records(session, members, chunk) for chunk in chunks(keys, INDEX_CHUNK))
    for records in (embed_ahead or _as_they_come)(record_chunks):
        index.add(records)
        if progress:
            progress(len(records))


def build_index(
    session: Session,
    members: Members,
    embedder: Embedder | None = None,
    *,
    persist_vectors: bool = True,
    progress: Progress | None = None,
    embed_ahead: EmbedAhead | None = None,
) -> LinkageIndex:
    """A `LinkageIndex` over every member, vectors read from the database when known."""
    index = LinkageIndex(StoredVectors(session, embedder, persist=persist_vectors))
    _add_all(session, index, members, list(members.records), embed_ahead, progress)
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
    older versions), read chunk by chunk. Only members the store holds have their
    texts read (for the fingerprint): a new one is fresh whatever it says, and a
    million-document import would otherwise read every text once more for nothing."""
    fresh: list[str] = []
    replaced: list[str] = []
    for chunk in chunks(list(pending.records), INDEX_CHUNK):
        stored = store.fingerprints(chunk)
        held = [key for key in chunk if key in stored]
        changed = {
            record.id
            for record in full_records(session, pending, held)
            if stored[record.id] != fingerprint(record)
        }
        for key in chunk:
            if key not in stored or key in changed:
                fresh.append(key)
                if key in stored:
                    replaced.append(key)
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
    embed_ahead: EmbedAhead | None = None,
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
    _add_all(session, index, source, keys, embed_ahead, progress)
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
    embed_ahead: EmbedAhead | None = None,
) -> Iterator[LinkageIndex]:
    """A `LinkageIndex` over every member, from the persistent store next to the
    database, brought up to date first (pending members added, or a rebuild). The
    yielded index is read-only (memory-mapped) unless it was just written to.
    Without a place for a store (in-memory SQLite) the index is built in memory.
    `embed_ahead` sees every chunk of records before the index adds it (see
    `EmbedAhead`)."""
    directory = index_dir(session)
    vectors = StoredVectors(session, embedder, persist=persist_vectors)

    def in_memory() -> LinkageIndex:
        return build_index(
            session,
            members or load_members(session),
            embedder,
            persist_vectors=persist_vectors,
            progress=progress,
            embed_ahead=embed_ahead,
        )

    if directory is None:
        yield in_memory()
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
            yield in_memory()
            return
        try:
            _sync_store(
                session, LinkageIndex(vectors, store), store, members, progress, embed_ahead
            )
        finally:
            store.close()
        store = DiskStore(directory, writable=False, ndim=DIMENSIONS)
    try:
        yield LinkageIndex(vectors, store)
    finally:
        store.close()
