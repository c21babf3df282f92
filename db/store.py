"""Writing crawl results into the mirror: natural-key upserts, one transaction per batch.

A batch reads the existing rows for all of its natural keys in a handful of queries,
compares, and inserts or updates only what differs, so re-writing identical data leaves
every data table untouched. Because writes are idempotent, a batch interrupted by a
transient database error (SQLite busy, PostgreSQL connection lost) is simply re-run as a
whole: no item is lost and none is duplicated.

Entries are never deleted. A run that finished normally and passed its health check
(``db/runs.py``) tombstones the festival's entries it did not see (``vanished_run_id``);
seeing an entry again clears its tombstone.
"""

from __future__ import annotations

import hashlib
import logging
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, TypeVar

from sqlalchemy import Engine, Table, func, insert, select, update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import DBAPIError, IntegrityError, InterfaceError, OperationalError
from sqlalchemy.orm import Session
from tenacity import (
    RetryCallState,
    Retrying,
    wait_exponential,
)

from common.records import EditionItem, FilmItem, Storage, fields_stored_as
from common.text import fold_name
from db.models import (
    CrawlRun,
    Credit,
    Edition,
    Entry,
    Festival,
    FetchedPage,
    Person,
    Section,
    SeeAlso,
    Synopsis,
)
from db.runs import ACCEPTED_PREFIX, RunSummary
from db.session import database_url, make_engine, make_sessionmaker, parse_url

logger = logging.getLogger(__name__)

T = TypeVar("T")

DEFAULT_RETRY_BUDGET_S = 60.0
DIRECTOR_ROLE = "director"
# Keeps every IN (...) list well under SQLite's and psycopg's parameter limits.
IN_CHUNK = 500

# Editions' columns, from EditionItem's declaration.
EDITION_FIELDS = tuple(f.name for f in fields_stored_as(EditionItem, Storage.COLUMN))
# Entries' columns that hold an item's field as it is (the rest: see _DesiredEntry).
ENTRY_COLUMNS = fields_stored_as(FilmItem, Storage.COLUMN)
PAGE_FIELDS = (
    "status",
    "etag",
    "last_modified",
    "content_type",
    "digest",
    "fetched_at",
    "run_id",
    "download_seconds",
)
# "incomplete": the run went to the end, but a page callback raised (see scraper/pipelines.py)
RUN_STATUSES = ("finished", "aborted", "failed", "incomplete")


class DatabaseUnavailable(RuntimeError):
    """The database could not be reached (or stayed locked) for the whole retry budget."""


@dataclass(frozen=True)
class PageRecord:
    """One HTTP response as fetched: what `fetched_pages` keeps about it."""

    url: str
    status: int
    etag: str | None
    last_modified: str | None
    content_type: str | None
    digest: str | None  # sha256 hex of the body
    fetched_at: datetime
    download_seconds: float | None = None  # Scrapy's download_latency, when measured


@dataclass(frozen=True)
class BatchCounts:
    """Film entries of one batch: inserted, updated, and found identical.

    ``reappeared``: tombstoned entries seen again (their tombstone cleared);
    ``unknown_revisits``: revisited film ids with no entry in the mirror.
    """

    new: int = 0
    changed: int = 0
    unchanged: int = 0
    reappeared: int = 0
    unknown_revisits: int = 0

    def __add__(self, other: BatchCounts) -> BatchCounts:
        return BatchCounts(
            self.new + other.new,
            self.changed + other.changed,
            self.unchanged + other.unchanged,
            self.reappeared + other.reappeared,
            self.unknown_revisits + other.unknown_revisits,
        )


@dataclass(frozen=True)
class RunCounts:
    """A run's accounting. ``unchanged`` includes the ``revisits`` (unchanged pages not
    parsed again), and those include the ``not_checked`` (pages not even requested, their
    last check being recent: MIRROR_REVISIT_DAYS); ``seen`` counts entries extracted or
    revisited."""

    new: int = 0
    changed: int = 0
    unchanged: int = 0
    invalid: int = 0
    pages: int = 0
    seen: int = 0
    revisits: int = 0
    not_checked: int = 0
    errors: int = 0  # pages whose callback raised: what they held was not read
    fill_rates: dict[str, float] = field(default_factory=dict)
    faults: dict[str, int] = field(default_factory=dict)


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


# A unique violation from a race resolves on the next attempt: the batch then finds the
# row. Workers inserting many shared rows (people) may race on a different key each
# time, which is progress; the same key conflicting again and again is a real conflict
# (a bug), which must surface as itself, not as an unavailable database.
UNIQUE_RACE_RETRIES = 3


def is_unique_race(exc: BaseException) -> bool:
    """A PostgreSQL unique violation: another writer (a worker of a distributed crawl)
    inserted the same natural key between this batch's lookup and its insert. Run again,
    the batch finds that row and updates it."""
    return isinstance(exc, IntegrityError) and getattr(exc.orig, "sqlstate", None) == "23505"


def is_transient(exc: BaseException) -> bool:
    """Errors worth re-running a whole batch for: busy SQLite, a lost PostgreSQL link."""
    if isinstance(exc, DBAPIError) and exc.connection_invalidated:
        return True
    if not isinstance(exc, OperationalError | InterfaceError):
        return False
    origin = type(exc.orig).__module__ if exc.orig is not None else ""
    if origin.startswith("sqlite3"):
        message = str(exc.orig).lower()
        return "locked" in message or "busy" in message
    # psycopg OperationalError / InterfaceError: refused, reset, admin shutdown, ...
    return True


def _first_line(exc: BaseException) -> str:
    origin = getattr(exc, "orig", None) or exc
    text = str(origin).strip().splitlines()
    return text[0] if text else type(origin).__name__


def _chunks(values: Sequence[T], size: int = IN_CHUNK) -> Iterable[Sequence[T]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


def _now() -> datetime:
    return datetime.now(UTC)


def _table(model: type[Any]) -> Table:
    """A mapped class's Core table: statements on it skip the ORM's per-row work."""
    table: Table = model.__table__
    return table


class MirrorStore:
    """The write side of the mirror, used by the Scrapy pipeline (from a worker thread)."""

    def __init__(
        self,
        url: str | None = None,
        *,
        retry_budget_s: float = DEFAULT_RETRY_BUDGET_S,
        retry_wait_initial_s: float = 0.1,
        retry_wait_max_s: float = 5.0,
    ) -> None:
        self.url = database_url(url)
        self.engine: Engine = make_engine(self.url, write_intent=True)
        self._sessions = make_sessionmaker(self.engine)
        self.retry_budget_s = retry_budget_s
        self._wait_initial = retry_wait_initial_s
        self._wait_max = retry_wait_max_s

    # -- public API ---------------------------------------------------------------------

    def migrate(self) -> None:
        """Bring the schema to the newest migration (retried like a batch)."""
        from db.migrate import upgrade  # late: only writers need Alembic loaded

        self._with_retries(lambda: upgrade(self.url), "migrate the database")

    def start_run(self, festival: str, scope: str | None = None) -> int:
        """Record a new crawl run (status "running") and return its id; ``scope`` names
        the part of the archive a subset crawl covers (None: all of it)."""

        def attempt() -> int:
            with self._sessions.begin() as session:
                festival_id = _ensure_festivals(session, {festival})[festival]
                run = CrawlRun(
                    festival_id=festival_id,
                    started_at=_now(),
                    status="running",
                    new_count=0,
                    changed_count=0,
                    unchanged_count=0,
                    invalid_count=0,
                    pages_count=0,
                    scope=scope,
                )
                session.add(run)
                session.flush()
                return run.id

        return self._with_retries(attempt, "start the crawl run")

    def mark_interrupted(
        self, festival: str, run_id: int, resumed: Collection[int] = ()
    ) -> list[int]:
        """Record that run ``run_id`` takes over from the runs before it.

        Call only while holding the festival's run lock: any other run of the festival
        still "running" is then dead (killed), and becomes "interrupted". Runs in
        ``resumed`` (stopped cleanly, their job resumed by this one) keep their status.
        Both get ``resumed_by_run_id``. Returns the ids of the runs found dead.
        """

        def attempt() -> list[int]:
            runs = _table(CrawlRun)
            with self._sessions.begin() as session:
                festival_id = _ensure_festivals(session, {festival})[festival]
                dead = list(
                    session.scalars(
                        select(runs.c.id)
                        .where(
                            runs.c.festival_id == festival_id,
                            runs.c.status == "running",
                            runs.c.id != run_id,
                        )
                        .order_by(runs.c.id)
                    )
                )
                if dead:
                    session.execute(
                        update(runs)
                        .where(runs.c.id.in_(dead))
                        .values(
                            status="interrupted",
                            finish_reason="killed before it finished",
                            resumed_by_run_id=run_id,
                        )
                    )
                others = [other for other in resumed if other != run_id]
                if others:
                    session.execute(
                        update(runs)
                        .where(runs.c.id.in_(others), runs.c.festival_id == festival_id)
                        .values(resumed_by_run_id=run_id)
                    )
                return dead

        return self._with_retries(attempt, "mark interrupted runs")

    def recent_runs(
        self, festival: str, before_run_id: int, limit: int = 20, scope: str | None = None
    ) -> list[RunSummary]:
        """The festival's finished runs of the same ``scope`` (None: full runs) before
        ``before_run_id``, newest first."""
        same_scope = CrawlRun.scope.is_(None) if scope is None else CrawlRun.scope == scope

        def attempt() -> list[RunSummary]:
            with self._sessions.begin() as session:
                rows = session.scalars(
                    select(CrawlRun)
                    .join(Festival, Festival.id == CrawlRun.festival_id)
                    .where(
                        Festival.slug == festival,
                        CrawlRun.status == "finished",
                        CrawlRun.id < before_run_id,
                        same_scope,
                    )
                    .order_by(CrawlRun.id.desc())
                    .limit(limit)
                )
                return [
                    RunSummary(
                        run_id=run.id,
                        seen=run.seen_count,
                        extracted=run.new_count
                        + run.changed_count
                        + run.unchanged_count
                        - run.revisit_count,
                        fill_rates=dict(run.fill_rates or {}),
                        accepted=(run.alarm or "").startswith(ACCEPTED_PREFIX),
                    )
                    for run in rows
                ]

        return self._with_retries(attempt, "read the recent crawl runs")

    def write_batch(
        self,
        run_id: int,
        films: Sequence[FilmItem],
        editions: Sequence[EditionItem] = (),
        pages: Sequence[PageRecord] = (),
        revisited: Sequence[tuple[str, str]] = (),
    ) -> BatchCounts:
        """Upsert one batch in one transaction; re-run whole on transient errors.

        ``revisited``: (festival, film_id) of entries whose page came back unchanged;
        their rows are not rewritten, only a tombstone they carry is cleared.
        """

        def attempt() -> BatchCounts:
            with self._sessions.begin() as session:
                writer = _BatchWriter(session, run_id)
                return writer.write(films, editions, pages) + writer.revisit(revisited)

        return self._with_retries(attempt, f"write a batch of {len(films)} films")

    def finish_run(
        self,
        run_id: int,
        status: str,
        reason: str | None,
        counts: RunCounts,
        *,
        alarm: str | None = None,
        present: Collection[str] | None = None,
        retry_budget_s: float | None = None,
    ) -> int:
        """Close the run record: status is "finished", "aborted", "failed" or "incomplete".

        With ``present`` (the film ids the run saw, or knows to exist), every entry of
        the run's festival not in it and not tombstoned yet gets this run as its
        tombstone, in the same transaction. Returns how many entries vanished.
        """
        if status not in RUN_STATUSES:
            raise ValueError(f"unknown run status {status!r}")
        if present is not None and status != "finished":
            raise ValueError("only a finished run may tombstone entries")

        def attempt() -> int:
            with self._sessions.begin() as session:
                vanished = 0
                if present is not None:
                    vanished = _tombstone_missing(session, run_id, present)
                session.execute(
                    update(CrawlRun)
                    .where(CrawlRun.id == run_id)
                    .values(
                        finished_at=_now(),
                        status=status,
                        finish_reason=reason,
                        new_count=counts.new,
                        changed_count=counts.changed,
                        unchanged_count=counts.unchanged,
                        invalid_count=counts.invalid,
                        pages_count=counts.pages,
                        seen_count=counts.seen,
                        revisit_count=counts.revisits,
                        not_checked_count=counts.not_checked,
                        error_count=counts.errors,
                        vanished_count=vanished,
                        fill_rates=counts.fill_rates or None,
                        faults=counts.faults or None,
                        alarm=alarm,
                    )
                )
                return vanished

        return self._with_retries(attempt, "finish the crawl run", budget_s=retry_budget_s)

    def in_transaction(self, work: Callable[..., T], *args: Any, what: str) -> T:
        """``work(session, *args)`` in one transaction, retried whole like a batch (so
        `work` must be idempotent); `what` names it in the retry log. For work that is
        not the store's own, such as linking a run's entries into works (the pipeline
        passes ``linkage.service.link_after_crawl``). Through a
        :class:`db.store_process.StoreProcess` it runs in the store's process: `work`
        and its arguments must pickle (a module-level function does).
        """

        def attempt() -> T:
            with self._sessions.begin() as session:
                return work(session, *args)

        return self._with_retries(attempt, what)

    def close(self) -> None:
        self.engine.dispose()

    # -- retries ------------------------------------------------------------------------

    def _with_retries(
        self, attempt: Callable[[], T], what: str, budget_s: float | None = None
    ) -> T:
        return with_retries(
            attempt,
            what,
            url=self.url,
            budget_s=self.retry_budget_s if budget_s is None else budget_s,
            wait_initial_s=self._wait_initial,
            wait_max_s=self._wait_max,
        )


def with_retries(
    attempt: Callable[[], T],
    what: str,
    *,
    url: str,
    budget_s: float,
    wait_initial_s: float = 0.1,
    wait_max_s: float = 5.0,
) -> T:
    """``attempt()``, retried on transient errors for ``budget_s``, then DatabaseUnavailable.

    The budget counts from the first failure, not from the first attempt: a long piece
    of work (linking a large crawl takes minutes) cut off once near its end is run
    again, where a budget counted from its start would already be spent.

    ``what`` completes "could not …" in the log and the error; ``url`` is named in the
    error, its password hidden. A non-transient error is raised at once; a unique
    violation is retried as a race between workers, unless the same key has conflicted
    UNIQUE_RACE_RETRIES times already: then it is raised.
    """

    conflicts: Counter[str] = Counter()  # unique violations met, by their key

    def worth_retrying(state: RetryCallState) -> bool:
        exc = state.outcome.exception() if state.outcome else None
        if exc is None:
            return False
        if is_unique_race(exc):
            conflict = str(getattr(exc, "orig", exc))  # names the constraint and the key
            conflicts[conflict] += 1
            return conflicts[conflict] <= UNIQUE_RACE_RETRIES
        return is_transient(exc)

    def log_retry(state: RetryCallState) -> None:
        exc = state.outcome.exception() if state.outcome else None
        cause = (
            "another writer stored the same row"
            if exc is not None and is_unique_race(exc)
            else "database busy or unreachable"
        )
        logger.warning(
            "%s while trying to %s (attempt %d): %s; retrying",
            cause,
            what,
            state.attempt_number,
            _first_line(exc) if exc else "?",
        )

    first_failure: list[float] = []  # when the first attempt failed (tenacity's clock)

    def out_of_budget(state: RetryCallState) -> bool:
        failed_at = state.outcome_timestamp
        if failed_at is None:
            return False
        if not first_failure:
            first_failure.append(failed_at)
        return failed_at - first_failure[0] >= budget_s

    retrying = Retrying(
        retry=worth_retrying,
        stop=out_of_budget,
        wait=wait_exponential(multiplier=wait_initial_s, max=wait_max_s),
        before_sleep=log_retry,
        reraise=True,
    )
    try:
        return retrying(attempt)
    except Exception as exc:
        if not is_transient(exc):
            raise
        where = parse_url(url).render_as_string(hide_password=True)
        raise DatabaseUnavailable(
            f"database {where} unavailable after {budget_s:g}s of retries "
            f"(could not {what}): {_first_line(exc)}"
        ) from exc


# -- tombstones --------------------------------------------------------------------------


def _tombstone_missing(session: Session, run_id: int, present: Collection[str]) -> int:
    """Tombstone the run's festival's listed entries that are not in ``present``."""
    entries = _table(Entry)
    festival_id = session.scalar(select(CrawlRun.festival_id).where(CrawlRun.id == run_id))
    if festival_id is None:
        raise ValueError(f"no crawl run {run_id}")
    listed = session.scalars(
        select(entries.c.film_id).where(
            entries.c.festival_id == festival_id, entries.c.vanished_run_id.is_(None)
        )
    )
    keep = set(present)
    gone = sorted(film_id for film_id in listed if film_id not in keep)
    for chunk in _chunks(gone):
        session.execute(
            update(entries)
            .where(entries.c.festival_id == festival_id, entries.c.film_id.in_(chunk))
            .values(vanished_run_id=run_id)
        )
    if gone:
        logger.info("run %s: %d entries vanished from the site (tombstoned)", run_id, len(gone))
    return len(gone)


# -- natural-key helpers -----------------------------------------------------------------


def _ensure_festivals(session: Session, slugs: set[str]) -> dict[str, int]:
    ids: dict[str, int] = dict(
        session.execute(select(Festival.slug, Festival.id).where(Festival.slug.in_(slugs))).all()
    )
    missing = sorted(slugs - ids.keys())
    if missing:
        for slug in missing:
            festival = Festival(slug=slug)
            session.add(festival)
            session.flush()
            ids[slug] = festival.id
    return ids


class _BatchWriter:
    """One batch inside one transaction."""

    def __init__(self, session: Session, run_id: int) -> None:
        self.session = session
        self.run_id = run_id
        self._name_keys: dict[str, str] = {}

    def _name_key(self, name: str) -> str:
        """``fold_name(name)``, computed once per spelling in a batch."""
        key = self._name_keys.get(name)
        if key is None:
            key = self._name_keys[name] = fold_name(name)
        return key

    def write(
        self,
        films: Sequence[FilmItem],
        editions: Sequence[EditionItem],
        pages: Sequence[PageRecord],
    ) -> BatchCounts:
        # Last occurrence wins when a batch holds the same key twice.
        film_by_key = {(f.festival, f.film_id): f for f in films}
        edition_by_key = {(e.festival, e.year): e for e in editions}
        slugs = {key[0] for key in film_by_key} | {key[0] for key in edition_by_key}
        festival_ids = _ensure_festivals(self.session, slugs) if slugs else {}

        edition_ids = self._upsert_editions(festival_ids, edition_by_key, film_by_key.values())
        section_ids = self._ensure_sections(festival_ids, film_by_key.values())
        person_ids = self._ensure_people(film_by_key.values())
        counts = self._upsert_entries(
            festival_ids, edition_ids, section_ids, person_ids, film_by_key
        )
        self._upsert_pages(pages)
        return counts

    def revisit(self, revisited: Sequence[tuple[str, str]]) -> BatchCounts:
        """Entries seen unchanged: clear their tombstones, count the ones not in the mirror."""
        wanted: dict[str, set[str]] = {}
        for festival, film_id in revisited:
            wanted.setdefault(festival, set()).add(film_id)
        if not wanted:
            return BatchCounts()
        entries = _table(Entry)
        festival_ids = _ensure_festivals(self.session, set(wanted))
        reappeared = unknown = 0
        for festival, film_ids in wanted.items():
            festival_id = festival_ids[festival]
            for chunk in _chunks(sorted(film_ids)):
                found = dict(
                    self.session.execute(
                        select(entries.c.film_id, entries.c.vanished_run_id).where(
                            entries.c.festival_id == festival_id, entries.c.film_id.in_(chunk)
                        )
                    ).all()
                )
                missing = [film_id for film_id in chunk if film_id not in found]
                if missing:
                    unknown += len(missing)
                    logger.warning(
                        "%d unchanged %s pages have no entry in the mirror (e.g. %s)",
                        len(missing),
                        festival,
                        ", ".join(missing[:5]),
                    )
                back = [film_id for film_id, tombstone in found.items() if tombstone is not None]
                if back:
                    reappeared += len(back)
                    self.session.execute(
                        update(entries)
                        .where(entries.c.festival_id == festival_id, entries.c.film_id.in_(back))
                        .values(vanished_run_id=None)
                    )
        return BatchCounts(reappeared=reappeared, unknown_revisits=unknown)

    # -- editions, sections, people -------------------------------------------------------

    def _upsert_editions(
        self,
        festival_ids: dict[str, int],
        edition_by_key: dict[tuple[str, int], EditionItem],
        films: Iterable[FilmItem],
    ) -> dict[tuple[int, int], int]:
        wanted: set[tuple[int, int]] = {
            (festival_ids[festival], year) for festival, year in edition_by_key
        }
        wanted |= {(festival_ids[f.festival], f.edition) for f in films if f.edition is not None}
        if not wanted:
            return {}
        existing = {
            (e.festival_id, e.year): e
            for e in self.session.scalars(
                select(Edition).where(
                    Edition.festival_id.in_({k[0] for k in wanted}),
                    Edition.year.in_({k[1] for k in wanted}),
                )
            )
        }
        for (festival, year), item in edition_by_key.items():
            key = (festival_ids[festival], year)
            values = {name: getattr(item, name) for name in EDITION_FIELDS}
            row = existing.get(key)
            if row is None:
                row = Edition(festival_id=key[0], year=year, **values)
                self.session.add(row)
                existing[key] = row
            else:
                for name, value in values.items():
                    if getattr(row, name) != value:
                        setattr(row, name, value)
        # Films may arrive before their edition page: a stub row, filled in later.
        for key in wanted - existing.keys():
            row = Edition(festival_id=key[0], year=key[1])
            self.session.add(row)
            existing[key] = row
        self.session.flush()
        return {key: row.id for key, row in existing.items()}

    def _ensure_sections(
        self, festival_ids: dict[str, int], films: Iterable[FilmItem]
    ) -> dict[tuple[int, str], int]:
        wanted = {(festival_ids[f.festival], f.section) for f in films if f.section}
        if not wanted:
            return {}
        ids: dict[tuple[int, str], int] = {
            (festival_id, name): section_id
            for festival_id, name, section_id in self.session.execute(
                select(Section.festival_id, Section.name, Section.id).where(
                    Section.festival_id.in_({k[0] for k in wanted}),
                    Section.name.in_({k[1] for k in wanted}),
                )
            )
        }
        missing = sorted(wanted - ids.keys())
        if missing:
            rows = [Section(festival_id=fid, name=name) for fid, name in missing]
            self.session.add_all(rows)
            self.session.flush()
            ids.update({(row.festival_id, row.name): row.id for row in rows})
        return ids

    def _ensure_people(self, films: Iterable[FilmItem]) -> dict[str, int]:
        first_spelling: dict[str, str] = {}
        for film in films:
            for name in _credited_names(film):
                first_spelling.setdefault(self._name_key(name), name)
        first_spelling.pop("", None)
        keys = sorted(first_spelling)
        ids: dict[str, int] = {}
        for chunk in _chunks(keys):
            ids.update(
                self.session.execute(
                    select(Person.name_key, Person.id).where(Person.name_key.in_(chunk))
                ).all()
            )
        missing = [key for key in keys if key not in ids]
        if missing:
            rows = [{"name_key": key, "name": first_spelling[key]} for key in missing]
            self._insert_many(Person, rows)
            for chunk in _chunks(missing):
                ids.update(
                    self.session.execute(
                        select(Person.name_key, Person.id).where(Person.name_key.in_(chunk))
                    ).all()
                )
        return ids

    def _insert_many(self, model: type[Any], rows: Sequence[dict[str, Any]]) -> None:
        """One executemany INSERT into ``model``'s table.

        Core rather than ORM objects or ORM bulk inserts: those cost Python work per
        row (and, for rows whose ids are wanted back, one statement per row), which
        the writer thread spends holding the GIL the crawl needs.
        """
        if rows:
            self.session.execute(insert(_table(model)), list(rows))

    # -- entries --------------------------------------------------------------------------

    def _upsert_entries(
        self,
        festival_ids: dict[str, int],
        edition_ids: dict[tuple[int, int], int],
        section_ids: dict[tuple[int, str], int],
        person_ids: dict[str, int],
        film_by_key: dict[tuple[str, str], FilmItem],
    ) -> BatchCounts:
        if not film_by_key:
            return BatchCounts()
        session = self.session
        desired: dict[tuple[int, str], _DesiredEntry] = {}
        for (festival, film_id), film in film_by_key.items():
            festival_id = festival_ids[festival]
            desired[(festival_id, film_id)] = _DesiredEntry.from_item(
                film,
                edition_id=edition_ids.get((festival_id, film.edition))
                if film.edition is not None
                else None,
                section_id=section_ids.get((festival_id, film.section)) if film.section else None,
                person_ids=person_ids,
                name_key=self._name_key,
            )

        existing: dict[tuple[int, str], Entry] = {}
        film_ids = sorted({key[1] for key in desired})
        festival_set = {key[0] for key in desired}
        for chunk in _chunks(film_ids):
            for row in session.scalars(
                select(Entry).where(Entry.festival_id.in_(festival_set), Entry.film_id.in_(chunk))
            ):
                existing[(row.festival_id, row.film_id)] = row

        children = _ExistingChildren.load(session, [row.id for row in existing.values()])

        new_rows: list[tuple[dict[str, Any], _DesiredEntry]] = []
        changed = unchanged = reappeared = 0
        next_versions_needed: list[tuple[Entry, _DesiredEntry]] = []
        for key, want in desired.items():
            found = existing.get(key)
            if found is None:
                fresh = {
                    "festival_id": key[0],
                    "film_id": key[1],
                    "fetched_url": want.fetched_url,
                    "first_seen_run_id": self.run_id,
                    "updated_run_id": self.run_id,
                    **want.fields,
                }
                new_rows.append((fresh, want))
                continue
            row = found
            if row.vanished_run_id is not None:
                row.vanished_run_id = None  # listed again: the tombstone goes, the row stays
                reappeared += 1
            differs = False
            for name, value in want.fields.items():
                if getattr(row, name) != value:
                    setattr(row, name, value)
                    differs = True
            differs |= self._sync_credits(row.id, want, children.credits.get(row.id, {}))
            differs |= self._sync_see_also(row.id, want, children.see_also.get(row.id, {}))
            current = children.current_synopsis.get(row.id)
            if want.synopsis_hash != (current.content_hash if current else None):
                differs = True
                if current is not None:
                    current.is_current = False
                    current.superseded_run_id = self.run_id
                if want.synopsis is not None:
                    next_versions_needed.append((row, want))
            elif current is not None and current.lang != want.lang:
                current.lang = want.lang
                differs = True
            if differs:
                # fetched_url tells where the current version came from; refreshing it on
                # every unchanged re-crawl would make an idempotent run rewrite every row.
                row.fetched_url = want.fetched_url
                row.updated_run_id = self.run_id
                changed += 1
            else:
                unchanged += 1

        session.flush()
        new_ids = self._insert_entries([values for values, _ in new_rows])

        credit_rows: list[dict[str, Any]] = []
        see_also_rows: list[dict[str, Any]] = []
        synopsis_rows: list[dict[str, Any]] = []
        for values, want in new_rows:
            entry_id = new_ids[(values["festival_id"], values["film_id"])]
            credit_rows += [{"entry_id": entry_id, **c} for c in want.credits.values()]
            see_also_rows += [{"entry_id": entry_id, **s} for s in want.see_also.values()]
            if want.synopsis is not None:
                synopsis_rows.append(self._synopsis_row(entry_id, want, version=1))
        if next_versions_needed:
            last = children.max_versions(session, [row.id for row, _ in next_versions_needed])
            for row, want in next_versions_needed:
                synopsis_rows.append(
                    self._synopsis_row(row.id, want, version=last.get(row.id, 0) + 1)
                )
        for model, rows in (
            (Credit, credit_rows),
            (SeeAlso, see_also_rows),
            (Synopsis, synopsis_rows),
        ):
            self._insert_many(model, rows)
        return BatchCounts(
            new=len(new_rows), changed=changed, unchanged=unchanged, reappeared=reappeared
        )

    def _insert_entries(self, rows: Sequence[dict[str, Any]]) -> dict[tuple[int, str], int]:
        """Insert new entries in one executemany; their ids by (festival_id, film_id).

        The ids are read back by natural key: RETURNING with executemany is one
        statement per row on SQLite.
        """
        self._insert_many(Entry, rows)
        ids: dict[tuple[int, str], int] = {}
        for festival_id in {row["festival_id"] for row in rows}:
            film_ids = [row["film_id"] for row in rows if row["festival_id"] == festival_id]
            for chunk in _chunks(film_ids):
                for film_id, entry_id in self.session.execute(
                    select(Entry.film_id, Entry.id).where(
                        Entry.festival_id == festival_id, Entry.film_id.in_(chunk)
                    )
                ):
                    ids[(festival_id, film_id)] = entry_id
        return ids

    def _synopsis_row(self, entry_id: int, want: _DesiredEntry, version: int) -> dict[str, Any]:
        return {
            "entry_id": entry_id,
            "version": version,
            "text": want.synopsis,
            "lang": want.lang,
            "content_hash": want.synopsis_hash,
            "is_current": True,
            "first_run_id": self.run_id,
            "superseded_run_id": None,
        }

    def _sync_credits(
        self, entry_id: int, want: _DesiredEntry, have: dict[tuple[int, str], Credit]
    ) -> bool:
        differs = False
        for key, values in want.credits.items():
            row = have.get(key)
            if row is None:
                self.session.add(Credit(entry_id=entry_id, **values))
                differs = True
            elif (row.position, row.credited_as) != (values["position"], values["credited_as"]):
                row.position = values["position"]
                row.credited_as = values["credited_as"]
                differs = True
        for key, row in have.items():
            if key not in want.credits:
                self.session.delete(row)
                differs = True
        return differs

    def _sync_see_also(self, entry_id: int, want: _DesiredEntry, have: dict[str, SeeAlso]) -> bool:
        differs = False
        for target, values in want.see_also.items():
            row = have.get(target)
            if row is None:
                self.session.add(SeeAlso(entry_id=entry_id, **values))
                differs = True
            elif (row.title, row.teaser, row.position) != (
                values["title"],
                values["teaser"],
                values["position"],
            ):
                row.title, row.teaser, row.position = (
                    values["title"],
                    values["teaser"],
                    values["position"],
                )
                differs = True
        for target, row in have.items():
            if target not in want.see_also:
                self.session.delete(row)
                differs = True
        return differs

    # -- pages ----------------------------------------------------------------------------

    def _upsert_pages(self, pages: Sequence[PageRecord]) -> None:
        by_url = {page.url: page for page in pages}
        if not by_url:
            return
        rows = [
            {
                "url": p.url,
                "status": p.status,
                "etag": p.etag,
                "last_modified": p.last_modified,
                "content_type": p.content_type,
                "digest": p.digest,
                "fetched_at": p.fetched_at,
                "run_id": self.run_id,
                "download_seconds": p.download_seconds,
            }
            for p in by_url.values()
        ]
        dialect = self.session.get_bind().dialect.name
        upsert = postgresql_insert if dialect == "postgresql" else sqlite_insert
        # One executemany of a single-row upsert: a multi-row VALUES statement had to
        # be compiled afresh for every batch.
        statement = upsert(_table(FetchedPage))
        statement = statement.on_conflict_do_update(
            index_elements=["url"],
            set_={name: statement.excluded[name] for name in PAGE_FIELDS},
        )
        self.session.execute(statement, rows)


@dataclass
class _DesiredEntry:
    """What an entry and its child rows should look like after this batch."""

    fields: dict[str, Any]
    fetched_url: str | None
    credits: dict[tuple[int, str], dict[str, Any]]
    see_also: dict[str, dict[str, Any]]
    synopsis: str | None
    synopsis_hash: str | None
    lang: str | None

    @classmethod
    def from_item(
        cls,
        film: FilmItem,
        *,
        edition_id: int | None,
        section_id: int | None,
        person_ids: dict[str, int],
        name_key: Callable[[str], str] = fold_name,
    ) -> _DesiredEntry:
        synopsis = film.synopsis
        fields: dict[str, Any] = {
            f.name: _stored_value(getattr(film, f.attribute)) for f in ENTRY_COLUMNS
        }
        fields["edition_id"] = edition_id
        fields["section_id"] = section_id
        fields["synopsis"] = synopsis
        # None means "not shown": only the values a page shows are kept.
        fields["extra"] = {name: v for name, v in film.extra.items() if v is not None}
        credits: dict[tuple[int, str], dict[str, Any]] = {}
        for role, name in _credits(film):
            key = name_key(name)
            if not key:
                continue
            person_id = person_ids[key]
            credits.setdefault(
                (person_id, role),
                {
                    "person_id": person_id,
                    "role": role,
                    "position": len(credits),
                    "credited_as": name,
                },
            )
        see_also: dict[str, dict[str, Any]] = {}
        for link in film.see_also:
            see_also.setdefault(
                link.film_id,
                {
                    "target_film_id": link.film_id,
                    "title": link.title,
                    "teaser": link.teaser,
                    "position": len(see_also),
                },
            )
        return cls(
            fields=fields,
            fetched_url=film.fetched_url,
            credits=credits,
            see_also=see_also,
            synopsis=synopsis,
            synopsis_hash=content_hash(synopsis) if synopsis is not None else None,
            lang=film.lang,
        )


def _stored_value(value: Any) -> Any:
    """A field's value as its column holds it: collections copied (rows must not share
    the item's lists)."""
    if isinstance(value, list):
        return list(value)
    if isinstance(value, dict):
        return dict(value)
    return value


def _credits(film: FilmItem) -> Iterable[tuple[str, str]]:
    """(role, name) of every credit of a film in page order, the directors first."""
    for name in film.directors:
        yield DIRECTOR_ROLE, name
    for role, names in film.credits.items():
        for name in names:
            yield role, name


def _credited_names(film: FilmItem) -> Iterable[str]:
    return (name for _, name in _credits(film))


@dataclass
class _ExistingChildren:
    """Child rows of the batch's existing entries, loaded in one query per table."""

    credits: dict[int, dict[tuple[int, str], Credit]]
    see_also: dict[int, dict[str, SeeAlso]]
    current_synopsis: dict[int, Synopsis]

    @classmethod
    def load(cls, session: Session, entry_ids: list[int]) -> _ExistingChildren:
        credits: dict[int, dict[tuple[int, str], Credit]] = {}
        see_also: dict[int, dict[str, SeeAlso]] = {}
        current: dict[int, Synopsis] = {}
        for chunk in _chunks(entry_ids):
            for credit in session.scalars(select(Credit).where(Credit.entry_id.in_(chunk))):
                credits.setdefault(credit.entry_id, {})[(credit.person_id, credit.role)] = credit
            for link in session.scalars(select(SeeAlso).where(SeeAlso.entry_id.in_(chunk))):
                see_also.setdefault(link.entry_id, {})[link.target_film_id] = link
            for synopsis in session.scalars(
                select(Synopsis).where(Synopsis.entry_id.in_(chunk), Synopsis.is_current.is_(True))
            ):
                current[synopsis.entry_id] = synopsis
        return cls(credits, see_also, current)

    @staticmethod
    def max_versions(session: Session, entry_ids: list[int]) -> dict[int, int]:
        result: dict[int, int] = {}
        for chunk in _chunks(entry_ids):
            result.update(
                session.execute(
                    select(Synopsis.entry_id, func.max(Synopsis.version))
                    .where(Synopsis.entry_id.in_(chunk))
                    .group_by(Synopsis.entry_id)
                ).all()
            )
        return result
