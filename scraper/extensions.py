"""Scrapy extensions: a run lock so two crawls never write one mirror at once.

Two crawls of the same festival into the same database would race on every entry and
each record the other's changes as its own, so a scheduled run that finds the previous
one still going must stop at once, fetch nothing and exit non-zero (see
scraper/commands/crawl.py) with a message saying who holds the lock.

The lock lives with the database and dies with the process that holds it, so a crawl
killed with SIGKILL never leaves a stale lock behind:

- SQLite: ``flock`` on a file beside the database (``mirror.db.miff.lock``), which
  names the holder's pid and start time;
- PostgreSQL: a session-level ``pg_try_advisory_lock`` on a dedicated connection, whose
  ``application_name`` names the holder.

The workers of one distributed crawl (``MIRROR_REDIS_URL``, scraper/distributed.py) share
the lock instead: each holds the same advisory lock in PostgreSQL's shared mode, so a
crawl on its own is refused while any worker runs and no worker starts while it runs;
which run a worker joins is decided in Redis (scraper/frontier.py). Such workers need
PostgreSQL (SQLite is refused) and an archive folder each (flocked, see
:meth:`RunLock._join_distributed`).

The lock's holder also owns Scrapy's JOBDIR, which is not SIGKILL-safe: the dupefilter
appends to ``requests.seen`` as requests are scheduled, but the disk queue's state is
written only on a clean close, so resuming a killed job would skip every URL that was
scheduled but never answered. A run that closes cleanly (no abort) leaves a marker in
JOBDIR; a run that finds state without the marker moves it aside to
``JOBDIR/discarded-<time>/`` and starts afresh, which is safe because re-crawls are
incremental and writes idempotent. A marker from a finished job starts a new job; one
from a stopped job (SIGTERM, Ctrl-C) resumes it.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import logging
import os
import re
import shutil
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import CloseSpider, NotConfigured
from scrapy.utils.defer import deferred_from_coro
from sqlalchemy import Connection, Engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.pool import NullPool
from twisted.internet.defer import Deferred
from twisted.internet.task import LoopingCall
from twisted.internet.threads import deferToThread
from twisted.python.failure import Failure

from archive.settings import PREFIX_SETTING as WARC_PREFIX_SETTING
from db.session import make_engine, parse_url, sqlite_path
from scraper.crawl_context import PERSIST_SETTING, CrawlContext
from scraper.frontier import Frontier, database_refusal, is_distributed

logger = logging.getLogger(__name__)

LOCK_HELD_REASON = "lock_held"
LOCK_ERROR_REASON = "lock_error"
LOCK_LOST_REASON = "lock_lost"
DISTRIBUTED_REFUSED_REASON = "distributed_refused"
# In a distributed worker's archive folder: one worker per folder (see _join_distributed).
ARCHIVE_WORKER_LOCK = ".mirror-worker.lock"
# How often a crawl checks that it still holds its run lock (PostgreSQL: the lock is its
# session's); 0 never checks.
LOCK_CHECK_SETTING = "MIRROR_LOCK_CHECK_SECONDS"
ABORT_MESSAGE_STAT = "mirror/abort_message"
# Scrapy's job state in JOBDIR (dupefilter, disk queue, spider.state).
JOBDIR_STATE = ("requests.seen", "requests.queue", "spider.state")
CLEAN_CLOSE_MARKER = "mirror-clean-close.json"
# Reported, never read back: the crawl's components share state through CrawlContext.
JOBDIR_STAT = "mirror/jobdir"  # fresh | resumed | restarted | discarded
JOBDIR_RESUMED_RUNS_STAT = "mirror/jobdir_resumed_runs"  # crawl run ids of a resumed job
# The application_name of a run lock's PostgreSQL session begins so (pg_stat_activity
# tells a crawl's lock session from its store's). PostgreSQL keeps 63 bytes of it; the
# whole name stays well inside them.
RUN_LOCK_SESSION_PREFIX = "festival-mirror run lock "
_APPLICATION_NAME = RUN_LOCK_SESSION_PREFIX + "pid={pid} since={since}"
_HOLDER_PATTERN = re.compile(r"pid=(?P<pid>\d+) since=(?P<since>\S+)")


@dataclass(frozen=True)
class LockHolder:
    """Who holds a run lock, as far as the lock itself tells (either may be unknown)."""

    pid: int | None
    since: str | None

    def describe(self) -> str:
        pid = f"pid {self.pid}" if self.pid is not None else "pid unknown"
        return f"{pid}, since {self.since}" if self.since else pid


class RunLockHeld(Exception):
    """Another process holds the run lock for this database and festival."""

    def __init__(self, holder: LockHolder) -> None:
        super().__init__(f"run lock held by {holder.describe()}")
        self.holder = holder


class HeldLock(Protocol):
    def release(self) -> None: ...

    def check(self) -> None:
        """Raise LockLost when the lock is no longer held (its session ended)."""


class LockLost(Exception):
    """The run lock was lost while the run held it (its database session ended)."""


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _parse_holder(text: str) -> LockHolder:
    match = _HOLDER_PATTERN.search(text)
    if match is None:
        return LockHolder(None, None)
    return LockHolder(int(match["pid"]), match["since"])


# -- SQLite: flock on a file beside the database ---------------------------------------------


def lock_file_path(database: Path, festival: str) -> Path:
    """``mirror.db`` -> ``mirror.db.miff.lock``."""
    return database.with_name(f"{database.name}.{festival}.lock")


class _FileLock:
    def __init__(self, fd: int) -> None:
        self._fd: int | None = fd

    def check(self) -> None:
        """An flock lives as long as its descriptor, which only this process closes."""

    def release(self) -> None:
        if self._fd is None:
            return
        fd, self._fd = self._fd, None
        try:
            # Empty it while still holding it, so a reader never sees a finished run's pid.
            os.ftruncate(fd, 0)
            fcntl.flock(fd, fcntl.LOCK_UN)
        finally:
            os.close(fd)


def _acquire_file_lock(path: Path) -> _FileLock:
    # The file is never deleted: unlinking it would let a newcomer lock a fresh inode
    # while a late opener still locks the old one.
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        holder = _parse_holder(os.pread(fd, 200, 0).decode("ascii", "replace"))
        os.close(fd)
        raise RunLockHeld(holder) from None
    except BaseException:
        os.close(fd)
        raise
    os.ftruncate(fd, 0)
    os.pwrite(fd, f"pid={os.getpid()} since={_now()}\n".encode("ascii"), 0)
    return _FileLock(fd)


def _file_holder(path: Path) -> LockHolder | None:
    try:
        content = path.read_text("ascii", errors="replace")
    except FileNotFoundError:
        return None
    return _parse_holder(content) if content.strip() else None


# -- PostgreSQL: a session-level advisory lock -----------------------------------------------


def advisory_key(festival: str) -> int:
    """A stable signed 64-bit key per festival (advisory locks are per database already)."""
    digest = hashlib.blake2b(f"festival-mirror run {festival}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


class _AdvisoryLock:
    def __init__(
        self, engine: Engine, connection: Connection, key: int, shared: bool = False
    ) -> None:
        self._engine = engine
        self._connection: Connection | None = connection
        self._key = key
        self._shared = shared

    def check(self) -> None:
        """The lock is the session's: if the session was terminated (an administrator, a
        failover, a network cut), another crawl may already hold it."""
        connection = self._connection
        if connection is None:
            return
        unsigned = self._key & 0xFFFF_FFFF_FFFF_FFFF
        key = {"high": unsigned >> 32, "low": unsigned & 0xFFFF_FFFF}
        try:
            held = connection.execute(_HELD_BY_ME_SQL, key).scalar_one()
        except Exception as exc:
            first_line = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            raise LockLost(f"the run lock's database session ended: {first_line}") from exc
        if not held:
            raise LockLost("the run lock's database session no longer holds the lock")

    def release(self) -> None:
        if self._connection is None:
            return
        connection, self._connection = self._connection, None
        try:
            unlock = "pg_advisory_unlock_shared" if self._shared else "pg_advisory_unlock"
            connection.execute(text(f"SELECT {unlock}(:key)"), {"key": self._key})
        finally:
            # Closing the session releases the lock even when the unlock above failed.
            connection.close()
            self._engine.dispose()


def _acquire_advisory_lock(url: str, key: int, shared: bool = False) -> _AdvisoryLock:
    name = _APPLICATION_NAME.format(pid=os.getpid(), since=_now())
    engine = make_engine(
        url,
        poolclass=NullPool,
        isolation_level="AUTOCOMMIT",
        connect_args={"application_name": name},
    )
    try:
        connection = engine.connect()
    except BaseException:
        engine.dispose()
        raise
    try:
        # Shared: the workers of a distributed run hold it together, and an exclusive
        # taker (a crawl on its own) is refused while any of them holds it, and back.
        try_lock = "pg_try_advisory_lock_shared" if shared else "pg_try_advisory_lock"
        taken = connection.execute(text(f"SELECT {try_lock}(:key)"), {"key": key})
        if taken.scalar_one():
            return _AdvisoryLock(engine, connection, key, shared)
        holder = _advisory_holder_on(connection, key) or LockHolder(None, None)
    except BaseException:
        connection.close()
        engine.dispose()
        raise
    connection.close()
    engine.dispose()
    raise RunLockHeld(holder)


# A bigint advisory key shows in pg_locks split in two: classid (high), objid (low).
_HOLDER_SQL = text(
    """
    SELECT a.application_name, a.backend_start
    FROM pg_locks AS l JOIN pg_stat_activity AS a ON a.pid = l.pid
    WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1
      AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
      AND l.classid = CAST(:high AS oid) AND l.objid = CAST(:low AS oid)
    """
)


_HELD_BY_ME_SQL = text(
    """
    SELECT count(*) > 0 FROM pg_locks
    WHERE locktype = 'advisory' AND granted AND objsubid = 1 AND pid = pg_backend_pid()
      AND classid = CAST(:high AS oid) AND objid = CAST(:low AS oid)
    """
)


def _advisory_holder_on(connection: Connection, key: int) -> LockHolder | None:
    unsigned = key & 0xFFFF_FFFF_FFFF_FFFF
    row = connection.execute(
        _HOLDER_SQL, {"high": unsigned >> 32, "low": unsigned & 0xFFFF_FFFF}
    ).first()
    if row is None:
        return None
    holder = _parse_holder(row.application_name or "")
    if holder.pid is None and row.backend_start is not None:
        # Not one of ours (or hidden from this role): the session's start is still useful.
        return LockHolder(None, row.backend_start.strftime("%Y-%m-%dT%H:%M:%SZ"))
    return holder


# -- JOBDIR: resume only a job that was left consistent -------------------------------------


@dataclass(frozen=True)
class CleanClose:
    """The marker a cleanly closed run leaves in JOBDIR."""

    reason: str  # Scrapy's close reason: finished, shutdown, ...
    runs: tuple[int, ...]  # crawl run ids of the job so far, oldest first
    closed_at: str


@dataclass(frozen=True)
class JobDirStart:
    """What a run found in JOBDIR and did about it."""

    action: str  # fresh | resumed | restarted | discarded
    resumed: CleanClose | None = None
    moved_to: Path | None = None


def read_clean_close(jobdir: Path) -> CleanClose | None:
    """The marker of the last clean close, or None (missing or unreadable)."""
    try:
        data = json.loads((jobdir / CLEAN_CLOSE_MARKER).read_text("utf-8"))
        return CleanClose(
            str(data["reason"]), tuple(int(r) for r in data["runs"]), str(data["closed_at"])
        )
    except (OSError, ValueError, KeyError, TypeError):
        return None


def write_clean_close(jobdir: Path, close: CleanClose) -> None:
    """Write the marker atomically and durably: it vouches for the state beside it."""
    marker = jobdir / CLEAN_CLOSE_MARKER
    partial = marker.with_name(marker.name + ".tmp")
    payload = {"reason": close.reason, "runs": list(close.runs), "closed_at": close.closed_at}
    with partial.open("w", encoding="utf-8") as out:
        json.dump(payload, out)
        out.flush()
        os.fsync(out.fileno())
    os.replace(partial, marker)
    _fsync_directory(jobdir)


def _fsync_directory(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def prepare_jobdir(jobdir: Path, stamp: str | None = None) -> JobDirStart:
    """Make JOBDIR safe to open before Scrapy's scheduler and dupefilter read it.

    The marker is removed as the run starts: if this run is killed, the next one finds
    state without a marker and discards it.
    """
    jobdir.mkdir(parents=True, exist_ok=True)
    state = [jobdir / name for name in JOBDIR_STATE if (jobdir / name).exists()]
    closed = read_clean_close(jobdir)
    (jobdir / CLEAN_CLOSE_MARKER).unlink(missing_ok=True)
    _fsync_directory(jobdir)
    if not state:
        return JobDirStart("fresh")
    if closed is None:
        aside = _free_name(jobdir / f"discarded-{stamp or _stamp()}")
        aside.mkdir()
        for path in state:
            path.rename(aside / path.name)
        _fsync_directory(jobdir)
        return JobDirStart("discarded", moved_to=aside)
    if closed.reason == "finished":
        # A finished job's dupefilter would filter every URL of the next run.
        for path in state:
            shutil.rmtree(path) if path.is_dir() else path.unlink()
        return JobDirStart("restarted")
    return JobDirStart("resumed", resumed=closed)


def _stamp() -> str:
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")


def _free_name(path: Path) -> Path:
    candidate, n = path, 1
    while candidate.exists():
        n += 1
        candidate = path.with_name(f"{path.name}-{n}")
    return candidate


# -- public API ------------------------------------------------------------------------------


def acquire_run_lock(url: str, festival: str, *, shared: bool = False) -> HeldLock | None:
    """Take the run lock for (database, festival) without waiting.

    Returns the held lock (call ``release()``), or None for a database no other process
    can share (in-memory SQLite). Raises RunLockHeld when another process holds it.
    ``shared`` (PostgreSQL only): the lock the workers of a distributed run share.
    """
    parsed = parse_url(url)
    if parsed.get_backend_name() == "postgresql":
        return _acquire_advisory_lock(url, advisory_key(festival), shared)
    database = sqlite_path(url)
    if database is None:
        return None
    return _acquire_file_lock(lock_file_path(database, festival))


def current_holder(url: str, festival: str) -> LockHolder | None:
    """Who holds the run lock now, read without taking it (None: nobody we can see).

    On SQLite this reads the lock file, which is emptied at release; a holder that was
    SIGKILLed leaves its line behind, so this is a hint for people, not a lock test.
    """
    parsed = parse_url(url)
    if parsed.get_backend_name() == "postgresql":
        engine = make_engine(url, poolclass=NullPool)
        try:
            with engine.connect() as connection:
                return _advisory_holder_on(connection, advisory_key(festival))
        finally:
            engine.dispose()
    database = sqlite_path(url)
    return _file_holder(lock_file_path(database, festival)) if database else None


def printable_url(url: str) -> str:
    """The database URL without its password, for messages."""
    return make_url(url).render_as_string(hide_password=True)


class RunLock:
    """Hold the run lock for (database, festival) for the whole run.

    The lock is taken while the crawler builds its extensions, before the downloader
    middlewares exist: the WARC middleware recovers a killed run's leftovers at start-up
    and must never touch the open files of a run that is still going. A run that finds
    the lock held fetches nothing: spider_opened closes it with reason ``lock_held``.
    (Item pipelines open before spider_opened: MirrorStorePipeline records the blocked
    run, which it then closes as aborted with that reason.) The outcome goes into the
    crawl's :class:`~scraper.crawl_context.CrawlContext`, where the components built
    after this one read it.

    The lock is released when the engine stops, after every spider_closed handler: the
    store pipeline records, tombstones and links the run in its own. While the run goes
    on the lock is checked every ``MIRROR_LOCK_CHECK_SECONDS`` (10): a PostgreSQL lock
    is its session's, and when that session ends (terminated, failover, network) another
    crawl may take the lock, so the run stops with the reason ``lock_lost``.

    Extensions are built before the scheduler, so JOBDIR is checked (see
    :func:`prepare_jobdir`) before the dupefilter and disk queue open it; a refused run
    does not use JOBDIR at all, since it belongs to the running crawl.
    """

    def __init__(self, crawler: Crawler, context: CrawlContext) -> None:
        self.crawler = crawler
        self.context = context
        self.url = context.database_url
        self._lock: HeldLock | None = None
        self.refusal: str | None = None  # the close reason when the lock was not taken
        self._jobdir: Path | None = None
        self._checks: LoopingCall | None = None
        self._lost = False
        self._archive_lock: HeldLock | None = None  # a distributed worker's archive folder

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RunLock:
        context = CrawlContext.of(crawler)
        if not context.persists:
            # `scrapy parse`, `shell`, `check`...: nothing is written, nothing to guard.
            logger.info(
                "%s is off: this command writes no mirror, run or WARC file "
                "(only `scrapy crawl` does)",
                PERSIST_SETTING,
            )
            raise NotConfigured(f"{PERSIST_SETTING} is off")
        extension = cls(crawler, context)
        if is_distributed(crawler.settings):
            extension._join_distributed(context.festival)
            # The frontier in Redis is the job's state: JOBDIR's would be a second one.
            crawler.settings.set("JOBDIR", None, priority=100)
        else:
            extension._acquire(extension.context.festival)
        jobdir = crawler.settings.get("JOBDIR")
        if jobdir and extension.context.run_refused:
            # Settings are frozen right after the extensions are built: still writable.
            crawler.settings.set("JOBDIR", None, priority=100)
        elif jobdir:
            extension._prepare_jobdir(Path(jobdir))
        crawler.signals.connect(extension.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(extension.spider_closed, signal=signals.spider_closed)
        # Not at spider_closed: the store pipeline records and links the run in its own
        # spider_closed handler, which Scrapy runs alongside this one. The engine stops
        # only once every spider_closed handler is done.
        crawler.signals.connect(extension.engine_stopped, signal=signals.engine_stopped)
        return extension

    def _acquire(self, festival: str) -> None:
        try:
            self._lock = acquire_run_lock(self.url, festival)
        except RunLockHeld as exc:
            self._refuse(
                LOCK_HELD_REASON,
                f"another crawl of {festival} into {printable_url(self.url)} is running "
                f"({exc.holder.describe()})",
            )
        except Exception as exc:
            message = f"cannot take the run lock on {printable_url(self.url)}: {exc}"
            self._refuse(LOCK_ERROR_REASON, message.splitlines()[0])
        else:
            # None: a database no other process can share (in-memory SQLite), held alone.
            self.context.lock_taken()
            if self._lock is not None:
                logger.info("run lock taken for %s on %s", festival, printable_url(self.url))

    def _join_distributed(self, festival: str) -> None:
        """Join the distributed run of this database and festival (``MIRROR_REDIS_URL``).

        Its workers share the run lock: a shared PostgreSQL advisory lock on the same key
        a crawl on its own takes exclusively, so neither kind starts while the other runs.
        Which run a worker joins is decided in Redis (scraper/frontier.py): the run under
        way on this database's keys, else a new one that this worker founds.
        """
        refusal = database_refusal(self.url)
        if refusal is not None:  # `scrapy crawl` refuses before this; other runners here
            self._refuse(DISTRIBUTED_REFUSED_REASON, refusal)
            return
        archive = self.context.archive_dir
        if archive is not None:
            # A worker recovers the .open WARC files it finds at start-up (a killed run's):
            # in a folder shared with a live worker those would be that worker's.
            try:
                archive.mkdir(parents=True, exist_ok=True)
                self._archive_lock = _acquire_file_lock(archive / ARCHIVE_WORKER_LOCK)
            except RunLockHeld as exc:
                self._refuse(
                    DISTRIBUTED_REFUSED_REASON,
                    f"the archive folder {archive} is in use by another worker "
                    f"({exc.holder.describe()}): give each worker a MIRROR_ARCHIVE_DIR of its own",
                )
                return
        try:
            self._lock = acquire_run_lock(self.url, festival, shared=True)
        except RunLockHeld as exc:
            self._refuse(
                LOCK_HELD_REASON,
                f"a crawl of {festival} into {printable_url(self.url)} that is not "
                f"distributed is running ({exc.holder.describe()})",
            )
            return
        except Exception as exc:
            message = f"cannot take the run lock on {printable_url(self.url)}: {exc}"
            self._refuse(LOCK_ERROR_REASON, message.splitlines()[0])
            return
        try:
            frontier = Frontier.from_settings(self.crawler.settings, festival, self.url)
            frontier.join()
        except Exception as exc:
            if self._lock is not None:
                self._lock.release()
                self._lock = None
            self._refuse(DISTRIBUTED_REFUSED_REASON, str(exc).splitlines()[0])
            return
        self.context.frontier = frontier
        self.context.lock_taken()
        # Each worker writes its own WARC files: its id in their names.
        settings = self.crawler.settings
        base = settings.get(WARC_PREFIX_SETTING) or str(
            getattr(self.crawler.spidercls, "name", "crawl")
        )
        settings.set(WARC_PREFIX_SETTING, f"{base}-{frontier.worker_id}", priority=100)
        logger.info(
            "worker %s %s the distributed run %s",
            frontier.worker_id,
            "founds" if frontier.founder else "joins",
            frontier.prefix,
        )

    def _refuse(self, reason: str, message: str) -> None:
        self.refusal = reason
        self.context.lock_refused(reason)
        stats = self.crawler.stats
        assert stats is not None
        stats.set_value(ABORT_MESSAGE_STAT, message)
        logger.error(message)

    def _prepare_jobdir(self, jobdir: Path) -> None:
        start = prepare_jobdir(jobdir)
        self._jobdir = jobdir
        stats = self.crawler.stats
        assert stats is not None
        stats.set_value(JOBDIR_STAT, start.action)
        if start.action == "discarded":
            logger.warning(
                "JOBDIR %s holds the state of a crawl that did not close cleanly (killed, or "
                "aborted): resuming it could skip pages that were never stored, so it was "
                "moved to %s and this run starts afresh (pages already stored come back as "
                "cheap unchanged revisits)",
                jobdir,
                start.moved_to,
            )
        elif start.resumed is not None:
            self.context.resume_job(start.resumed.runs)
            stats.set_value(JOBDIR_RESUMED_RUNS_STAT, list(start.resumed.runs))
            logger.info(
                "resuming the job in %s, stopped (%s) at %s by crawl run %s",
                jobdir,
                start.resumed.reason,
                start.resumed.closed_at,
                start.resumed.runs[-1] if start.resumed.runs else "?",
            )
        elif start.action == "restarted":
            logger.info("the job in %s had finished: starting a new one", jobdir)

    def spider_opened(self, spider: Any) -> None:
        if self.refusal is not None:
            raise CloseSpider(self.refusal)
        interval = self.crawler.settings.getfloat(LOCK_CHECK_SETTING, 10.0)
        if self._lock is not None and interval > 0:
            self._checks = LoopingCall(self._check_lock)
            self._checks.start(interval, now=False).addErrback(self._check_failed)

    def _check_lock(self) -> Deferred[None] | None:
        if self._lock is None or self._lost:
            return None
        return deferToThread(self._lock.check).addErrback(self._lock_lost)

    def _lock_lost(self, failure: Failure) -> None:
        if not failure.check(LockLost) or self._lost:
            failure.raiseException()
        self._lost = True
        message = f"run lock lost, stopping the run: {failure.value}"
        logger.error(message)
        stats = self.crawler.stats
        assert stats is not None
        stats.set_value(ABORT_MESSAGE_STAT, message)
        self.context.abort(LOCK_LOST_REASON)
        engine = self.crawler.engine
        if engine is not None and engine.spider is not None:
            closing = deferred_from_coro(engine.close_spider_async(reason=LOCK_LOST_REASON))
            closing.addErrback(lambda f: logger.error("could not close the spider: %s", f))

    def _check_failed(self, failure: Failure) -> None:
        logger.error("run lock check failed: %s", failure.value)

    def spider_closed(self, spider: Any, reason: str) -> None:
        if self._checks is not None and self._checks.running:
            self._checks.stop()
        self._mark_clean_close(reason)

    def engine_stopped(self) -> None:
        if self._lock is not None:
            lock, self._lock = self._lock, None
            lock.release()
        if self._archive_lock is not None:
            archive_lock, self._archive_lock = self._archive_lock, None
            archive_lock.release()

    def _mark_clean_close(self, reason: str) -> None:
        """Vouch for JOBDIR's state, unless the run aborted (items may be unstored)."""
        if self._jobdir is None or self.context.abort_reason is not None:
            return
        run_id, runs = self.context.run_id, self.context.resumed_runs
        job_runs = (*runs, run_id) if run_id is not None else runs
        write_clean_close(self._jobdir, CleanClose(reason, job_runs, _now()))
