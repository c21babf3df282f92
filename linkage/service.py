"""Deduplication of the mirror's database: linking pending members into works, and
people's decisions on pairs.

Members are archive entries and corpus documents, named by a kind+key string:
``entry:miff:5977`` and ``doc:000_89a3:1``. A member whose ``work_id`` is NULL is
*pending*: `link_pending` scores it against every member through a `LinkageIndex`
(opened up to date by `linkage.index_store`), stores the links, then (re)assigns works
to everything. Work assignment is a full, deterministic recomputation from the stored
links and review decisions, which keeps existing work ids wherever a work survives.

The tables are read and written by db/'s storage modules (`db.members`, `db.pairs`,
`db.works`); what to link, how works are formed and which pairs a person sees first
is decided here.
"""

from __future__ import annotations

from collections import Counter, defaultdict, deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Self

from sqlalchemy.orm import Session

from db.member_keys import chunks, ordered
from db.members import (
    all_work_ids,
    count_pending_entries,
    count_works,
    describe_members,
    reset_changed_entries,
    works_of,
)
from db.pairs import (
    REJECT,
    Decisions,
    LinkValues,
    Verdict,
    insert_links,
    links_with_decision,
    load_decisions,
    newest_link_id,
    revert_decision,
    save_decision,
    stored_pairs,
    update_links,
)
from db.text_vectors import stored_hashes, text_hash
from db.works import create_works, delete_works_except, describe_works, write_memberships
from linkage import index_store
from linkage.clusters import assign_works
from linkage.director_years import titles_to_embed, with_alias_parts
from linkage.disk_store import DiskStore
from linkage.embed import Embedder, UniversalSentenceEncoder, Vectors
from linkage.index import LinkageIndex
from linkage.members import Members, load_members
from linkage.parallel import EmbeddingPool, LinkingPool, default_workers
from linkage.records import Record
from linkage.scoring import Decision, Link, more_cautious
from linkage.vector_cache import VECTOR_MODEL, save_vectors

# Texts per model call in an `EmbeddingPool` worker (see `linkage.embed.BATCH_SIZE`).
EMBED_BATCH = 256
# Chunks held back from the index while their unseen texts wait to fill a batch.
HELD_CHUNKS = 4

REFUSED_NOTE = "kept apart: it would join works that contradict each other"


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
    index_progress: index_store.Progress | None = None,
    link_progress: index_store.Progress | None = None,
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
        return LinkReport(0, 0, 0, count_works(session))
    decisions = load_decisions(session)
    # Links are stored chunk by chunk (a million documents find millions of them);
    # a pair both members find keeps the first finding, as rows newer than this tell.
    newest_before = newest_link_id(session)
    matches = reviews = 0
    workers = default_workers() if workers is None else workers
    linking_pool = _LinkingPoolAhead(session, workers, len(pending))
    # A given embedder (tests, evaluation) embeds in this process.
    embed_ahead = (
        _EmbedAhead(
            session,
            workers,
            when_embedded=linking_pool.start,
            titles=titles_to_embed(members.records.values()),
        )
        if embedder is None
        else None
    )
    with (
        linking_pool,
        index_store.linkage_index(
            session, embedder, members=members, progress=index_progress, embed_ahead=embed_ahead
        ) as index,
    ):
        for chunk, chunk_links in _pending_links(index, pending, workers, linking_pool):
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
    # The closed index still holds its record and feature caches: let them go before
    # assigning works, which would otherwise add its memory on top of theirs.
    del index
    works = assign_all(session, members, decisions)
    return LinkReport(len(pending), matches, reviews, works)


class _EmbedHere:
    """An `EmbeddingPool` of one, in this process: its own encoder, loaded on the first
    batch and dropped on `close`, so that the model's ~120 MB are not held while the
    index scores (most of what a crawl's linking added to the crawl's peak memory)."""

    def __init__(self) -> None:
        self._encoder: UniversalSentenceEncoder | None = UniversalSentenceEncoder()

    def submit(self, texts: list[str]) -> Future[Vectors]:
        assert self._encoder is not None, "submitted after close"
        done: Future[Vectors] = Future()
        done.set_result(self._encoder.embed(texts))
        return done

    def result(self, future: Future[Vectors]) -> Vectors:
        return future.result()

    def close(self) -> None:
        self._encoder = None


class _EmbedAhead:
    """An `index_store.EmbedAhead` that computes the sentence vectors of unseen texts
    in an `EmbeddingPool` on every core, a few chunks ahead of the index: the index
    then reads them instead of running the model in this one process (which made a
    first crawl's linking wait on one core for the model), and adds one chunk while
    the workers embed the next. Each chunk's texts are read and checked once, here,
    and handed on to the index (a million-document import whose vectors are all
    stored reads them once, not twice). While the unseen texts fill only one batch, no
    pool starts: the index embeds those itself. With one worker an `_EmbedHere` in this
    process embeds them instead, whatever their number, so that the index never loads
    the model for them and holds it while it scores (memory: a crawl links this way).

    The model's output depends slightly on which texts share a batch, so batches are
    cut from the unseen texts in order, EMBED_BATCH at a time, whatever the chunks:
    the vectors are those of embedding every unseen text up front."""

    def __init__(
        self,
        session: Session,
        workers: int,
        when_embedded: Callable[[], None] | None = None,
        titles: set[str] | frozenset[str] = frozenset(),
    ) -> None:
        self._session = session
        self._titles = titles  # that the key rule may compare (`titles_to_embed`)
        self._workers = workers
        self._when_embedded = when_embedded
        self._in_process = workers <= 1
        self._pool: EmbeddingPool | _EmbedHere | None = None
        # Hashes of the texts queued this run: unseen when queued, though one may be
        # stored by the time a later chunk repeats it.
        self._queued: set[str] = set()
        self._unsubmitted: list[str] = []
        self._count = 0  # unseen texts queued so far
        self._done = 0  # of them (in order), those stored or left to the index
        self._waiting: deque[tuple[list[str], Future[Vectors]]] = deque()

    def __call__(self, record_chunks: Iterable[list[Record]]) -> Iterator[list[Record]]:
        held: deque[tuple[list[Record], int]] = deque()  # a chunk, the texts it waits for
        try:
            for records in record_chunks:
                # Titles too, that the key rule may compare by meaning (the index
                # stores their vectors): the index then never runs the model for them.
                # With the other titles they print beside their own, which the rule
                # compares too: else this process loads the model for them alone.
                self._queue(
                    [r.text for r in records if r.text]
                    + [
                        title
                        for r in records
                        if r.title and r.title in self._titles
                        for title in with_alias_parts(r.title)
                    ]
                )
                held.append((records, self._count))
                if len(held) > HELD_CHUNKS:
                    if self._in_process:
                        # Too few unseen texts for a whole batch: embed those waiting
                        # rather than hold more chunks (a partial batch, rarely).
                        self._submit(EMBED_BATCH, at_least=1)
                    elif self._pool is None:
                        self._leave_to_index()  # too few unseen texts for a pool so far
                while held and held[0][1] <= self._done:
                    yield held.popleft()[0]
            few = len(self._unsubmitted) <= EMBED_BATCH
            if self._pool is None and not self._in_process and few:
                self._leave_to_index()
            self._submit(EMBED_BATCH, at_least=1)
            for records, needed in held:
                while needed > self._done:
                    self._store_oldest()
                if not self._waiting:  # every vector stored: the model's work is over
                    self._release_pool()
                yield records
        finally:
            if self._pool is not None:
                self._pool.close()
                self._pool = None

    def _release_pool(self) -> None:
        """Stop the model's workers, and say so (`when_embedded`) if there were any."""
        if self._pool is None:
            return
        had_workers = isinstance(self._pool, EmbeddingPool)  # not an `_EmbedHere`
        self._pool.close()
        self._pool = None
        if had_workers and self._when_embedded is not None:
            self._when_embedded()

    def _queue(self, texts: list[str]) -> None:
        """Queue the unseen ones of `texts` (unseen as at the start of the run)."""
        by_hash = {text_hash(t): t for t in dict.fromkeys(texts)}
        known = stored_hashes(
            self._session, [h for h in by_hash if h not in self._queued], VECTOR_MODEL
        )
        unseen = [(h, t) for h, t in by_hash.items() if h not in known]
        self._queued.update(h for h, _ in unseen)
        self._unsubmitted += [t for _, t in unseen]
        self._count += len(unseen)
        # A pool only for more than one batch (its start costs more than one batch).
        if self._pool is not None or self._in_process or len(self._unsubmitted) > EMBED_BATCH:
            self._submit(EMBED_BATCH, at_least=EMBED_BATCH)

    def _submit(self, size: int, *, at_least: int) -> None:
        """Hand the queued texts to the pool in batches of `size`, while at least
        `at_least` wait; a few batches in flight, not a million texts."""
        while len(self._unsubmitted) >= at_least:
            if self._pool is None:
                self._pool = _EmbedHere() if self._in_process else EmbeddingPool(self._workers)
            batch = self._unsubmitted[:size]
            del self._unsubmitted[:size]
            self._waiting.append((batch, self._pool.submit(batch)))
            if len(self._waiting) > 2 * self._workers:
                self._store_oldest()

    def _store_oldest(self) -> None:
        assert self._pool is not None, "only submitted batches are waited for"
        batch, future = self._waiting.popleft()
        save_vectors(self._session, batch, self._pool.result(future))
        self._done += len(batch)

    def _leave_to_index(self) -> None:
        """The texts not handed to a pool are the index's to embed (nothing is in
        flight without a pool)."""
        self._queued.difference_update(text_hash(t) for t in self._unsubmitted)
        self._done += len(self._unsubmitted)
        self._unsubmitted = []


class _LinkingPoolAhead:
    """The `LinkingPool` of `link_pending`, started (`start`) when the model's workers
    are done, while the index still adds its last records and settles neighbourhoods
    (see `LinkingPool.start`), where linking will need one: several cores, more than
    one chunk of pending members and a persistent index. Closed on leaving a `with`."""

    def __init__(self, session: Session, workers: int, pending: int) -> None:
        self._directory = index_store.index_dir(session)
        self._wanted = workers > 1 and pending > index_store.INDEX_CHUNK
        self._workers = workers
        self._pool: LinkingPool | None = None

    def start(self) -> None:
        if self._pool is None and self._wanted and self._directory is not None:
            self._pool = LinkingPool(self._directory, self._workers)
            self._pool.start()

    def pool_for(self, directory: Path, workers: int) -> LinkingPool:
        """The started pool when it reads `directory` with as many workers, else a new
        one."""
        if self._pool is not None and (self._directory, self._workers) == (directory, workers):
            return self._pool
        return LinkingPool(directory, workers)

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *_: object) -> None:
        if self._pool is not None:
            self._pool.close()
            self._pool = None


def _pending_links(
    index: LinkageIndex,
    pending: Sequence[str],
    workers: int | None,
    pools: _LinkingPoolAhead | None = None,
) -> Iterator[tuple[Sequence[str], list[list[Link]]]]:
    """(chunk of pending members, the links of each), chunk by chunk in order. Worker
    processes share the work when there are several chunks, several cores and a
    persistent index to share (workers=None: `default_workers`); `pools` may hold
    them started already."""
    pending_chunks = list(chunks(pending, index_store.INDEX_CHUNK))
    store = index.store
    if len(pending_chunks) > 1 and isinstance(store, DiskStore) and not store.writable:
        workers = default_workers() if workers is None else workers
        if workers > 1:
            pool = (
                pools.pool_for(store.directory, workers)
                if pools is not None
                else LinkingPool(store.directory, workers)
            )
            with pool:
                yield from zip(pending_chunks, pool.links(pending_chunks), strict=True)
                pool.close(wait=False)  # all done: works are assigned while they exit
            return
    for chunk in pending_chunks:
        index.prepare_to_link(chunk)
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
        reset_changed_entries(session, festival, run_id)
    if not count_pending_entries(session, festival):
        return LinkReport(0, 0, 0, count_works(session))
    return link_pending(session, origin=f"crawl:{festival}", embedder=embedder)


def _store_links(
    session: Session, found: dict[tuple[str, str], Link], origin: str, newest_before: int
) -> tuple[int, int]:
    """Insert new pairs, refresh those stored before this run (rows up to id
    `newest_before`), leave those this run stored already; (new matches, new reviews)."""
    existing: set[tuple[str, str]] = set()
    this_run: set[tuple[str, str]] = set()
    lefts = sorted({left for left, _ in found})
    for link_id, left, right in stored_pairs(session, lefts):
        (this_run if link_id > newest_before else existing).add((left, right))
    fresh: list[LinkValues] = []
    refreshed: list[LinkValues] = []
    for (left, right), link in found.items():
        # A pair this run stored from the other record's side is kept, unless this
        # side demoted it to a review (see `linkage.scoring.more_cautious`).
        if (left, right) in this_run and link.decision is not Decision.REVIEW:
            continue
        values = LinkValues(left, right, link.score, str(link.decision), link.reason)
        if (left, right) in existing or (left, right) in this_run:
            refreshed.append(values)
        else:
            fresh.append(values)
    insert_links(session, fresh, origin)
    update_links(session, refreshed)
    matches = sum(1 for v in fresh if v.decision == Decision.MATCH)
    return matches, len(fresh) - matches


# -- works -------------------------------------------------------------------------------


def assign_all(session: Session, members: Members, decisions: Decisions | None = None) -> int:
    """Recompute works from stored matches and decisions; returns the number of works.

    A work keeps its id when most of its old members stay together (largest groups
    choose first), so ids are stable across runs; works left without members go.
    """
    decisions = decisions if decisions is not None else load_decisions(session)
    links = [
        Link(left, right, score, Decision.MATCH, reason)
        for left, right, score, reason in links_with_decision(session, Decision.MATCH)
        if decisions.verdict(left, right) != REJECT
    ]
    cluster_of, refused = assign_works(
        members.records, links, accepted=decisions.accepted, rejected=decisions.rejected
    )
    requeued = [
        LinkValues(
            link.left_id,
            link.right_id,
            link.score,
            str(Decision.REVIEW),
            f"{link.reason}; {REFUSED_NOTE}",
        )
        for link in refused
        if decisions.verdict(link.left_id, link.right_id) is None
    ]
    update_links(session, requeued)
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
    create_works(session, work_for_group)
    write_memberships(session, members.work_of, members.entry_pk, ordered_groups, work_for_group)
    describe_works(session, members.records, ordered_groups, work_for_group)
    used = {w for w in work_for_group if w is not None}
    delete_works_except(session, used)
    session.flush()
    return len(used)


# -- review ------------------------------------------------------------------------------


def decide(
    session: Session, left: str, right: str, decision: str, note: str | None = None
) -> Verdict | None:
    """Store (or change) a person's verdict on a pair, then reassign works. Returns
    the verdict it replaced (None if there was none), for `undo`."""
    prior = save_decision(session, left, right, decision, note)
    assign_all(session, load_members(session, with_text=False))
    return prior


def undo(session: Session, left: str, right: str, prior: Verdict | None) -> None:
    """Undo a verdict: put back the one it replaced, or none, then reassign works."""
    revert_decision(session, left, right, prior)
    assign_all(session, load_members(session, with_text=False))


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
        for left, right, score, reason in links_with_decision(session, Decision.REVIEW)
        if decisions.verdict(left, right) is None
    ]
    work_of = works_of(session, {key for row in rows for key in row[:2]})
    sizes = Counter(w for w in all_work_ids(session) if w is not None)

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
