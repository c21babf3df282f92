"""One crawl's shared state, typed and in one place: :class:`CrawlContext`.

Scrapy builds each component on its own, through ``from_crawler``. The run lock
(scraper/extensions.py), the WARC middlewares (scraper/middlewares.py) and the mirror
store (scraper/pipelines.py) still have to agree on a few facts: which festival is
crawled, where the mirror lives, whether this process holds the run lock, which crawl
run the writes belong to. Each of them asks :meth:`CrawlContext.of` for the crawl's one
context and keeps it; none reads another's state from the stats or looks the others up
among Scrapy's components. Stats stay what they are for: reporting (the crawl command
reads a couple of them for its exit status).

Lifecycle
---------
0. **Persistence** (``MIRROR_PERSIST``, :attr:`persists`): off unless the command turned it
   on. Off, the run lock, the mirror store and the WARC capture are not built at all
   (each raises NotConfigured), so nothing of the user's is locked or written.
1. **Created** by the first component that asks for it, from the crawler's settings and
   spider class. In a crawl that is the RunLock extension: Scrapy builds extensions
   right after the spider object and before the downloader, the spider middlewares and
   the item pipelines. The festival, the database URL, the database retry budget and
   the archive directory are resolved here, once, and never change.
2. **Run lock and JOBDIR**, while the extensions are built: RunLock records whether it
   took the lock (:meth:`lock_taken`) or was refused (:meth:`lock_refused`), and the
   crawl runs of a JOBDIR job it resumes (:meth:`resume_job`). Every reader is built
   after that. Without a RunLock (a tool or test that writes no mirror) the lock stays
   ``NOT_TAKEN`` and no job is resumed.
3. **Page schedule**, while the downloader is built: the WARC capture middleware, when it
   keeps a digest index, registers itself (:meth:`use_page_schedule`) so that the
   spider middleware that skips record pages not due asks it, at request time.
4. **Run id**, when the store has created the run's row (:meth:`run_started`, called once,
   from the store's opening thread). Until then :attr:`run_id` is None. With an archive
   the store holds the spider's opening until the run exists, so no page is fetched and
   no WARC file finished before; without one, the crawl starts meanwhile and nothing
   that runs before the id is known needs it.
5. **Abort**: the first component that stops the run early records why (:meth:`abort`).
6. **Close**: at spider_closed the RunLock reads the run id and the abort to decide
   whether JOBDIR may be resumed. The context lives as long as its crawler (it is held
   by a weak reference to the crawler).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Protocol
from weakref import WeakKeyDictionary

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.settings import BaseSettings

from archive.settings import archive_dir
from db.session import database_url

if TYPE_CHECKING:
    from scraper.frontier import Frontier

DATABASE_URL_SETTING = "MIRROR_DATABASE_URL"
DB_RETRY_SETTING = "MIRROR_DB_RETRY_SECONDS"
# Whether this crawl writes anything of the user's: takes the run lock, records a crawl
# run, stores items, tombstones, links, writes WARC files. Off unless turned on: only
# `scrapy crawl` (scraper/commands/crawl.py) and the project's own in-process crawls
# (`mirror demo`, `mirror reparse`) do, so `scrapy parse`, `shell`, `check`, `fetch`,
# `view`, `bench` and `runspider` beside a mirror never touch it.
PERSIST_SETTING = "MIRROR_PERSIST"
DEFAULT_DB_RETRY_SECONDS = 60.0
UNNAMED_FESTIVAL = "unknown"  # a spider that names neither a festival nor itself


class RunLockState(enum.Enum):
    NOT_TAKEN = "not taken"  # no RunLock in this crawl
    HELD = "held"
    REFUSED = "refused"  # another run holds it, or it could not be taken


class PageSchedule(Protocol):
    """Which requests must be sent this run (archive.revisit_policy decides)."""

    def is_due(self, request: Request) -> bool: ...


def festival_of(spidercls: type) -> str:
    """The festival slug a spider class crawls: its ``festival``, else its name."""
    return str(
        getattr(spidercls, "festival", None) or getattr(spidercls, "name", None) or UNNAMED_FESTIVAL
    )


_CONTEXTS: WeakKeyDictionary[Crawler, CrawlContext] = WeakKeyDictionary()


@dataclass(eq=False)
class CrawlContext:
    """The facts the crawl's components share (see the module docstring for who sets what,
    and when)."""

    festival: str
    settings: BaseSettings
    database_url: str
    db_retry_seconds: float
    archive_dir: Path | None  # None: archiving is off
    persists: bool = False  # MIRROR_PERSIST: the crawl writes the mirror and the archive
    run_lock: RunLockState = RunLockState.NOT_TAKEN
    resumed_runs: tuple[int, ...] = ()  # crawl runs of the JOBDIR job this run resumes
    page_schedule: PageSchedule | None = None
    run_id: int | None = None
    abort_reason: str | None = None
    # A distributed crawl's shared Redis frontier (MIRROR_REDIS_URL), set by the RunLock
    # once this worker joined the run; None for a crawl on its own.
    frontier: Frontier | None = None

    @classmethod
    def of(cls, crawler: Crawler) -> CrawlContext:
        """The crawl's context, created on the first call for this crawler."""
        context = _CONTEXTS.get(crawler)
        if context is None:
            context = cls.from_settings(crawler.settings, festival_of(crawler.spidercls))
            _CONTEXTS[crawler] = context
        return context

    @classmethod
    def from_settings(cls, settings: BaseSettings, festival: str) -> CrawlContext:
        return cls(
            festival=festival,
            settings=settings,
            database_url=database_url(settings.get(DATABASE_URL_SETTING) or None),
            db_retry_seconds=settings.getfloat(DB_RETRY_SETTING, DEFAULT_DB_RETRY_SECONDS),
            archive_dir=archive_dir(settings),
            persists=settings.getbool(PERSIST_SETTING, False),
        )

    # -- set once each, by the component that owns the fact ----------------------------------

    def lock_taken(self) -> None:
        self.run_lock = RunLockState.HELD

    def lock_refused(self, reason: str) -> None:
        self.run_lock = RunLockState.REFUSED
        self.abort(reason)

    def resume_job(self, runs: tuple[int, ...]) -> None:
        self.resumed_runs = runs

    def use_page_schedule(self, schedule: PageSchedule) -> None:
        self.page_schedule = schedule

    def run_started(self, run_id: int) -> None:
        if self.run_id is not None:
            raise RuntimeError(f"crawl run {self.run_id} already started in this crawl")
        self.run_id = run_id

    def abort(self, reason: str) -> None:
        """Record why the run stops early; the first reason stands."""
        if self.abort_reason is None:
            self.abort_reason = reason

    # -- derived ----------------------------------------------------------------------------

    @property
    def holds_run_lock(self) -> bool:
        """Only the lock's holder may treat the festival's other "running" runs as dead."""
        return self.run_lock is RunLockState.HELD

    @property
    def run_refused(self) -> bool:
        return self.run_lock is RunLockState.REFUSED

    @property
    def resumes_job(self) -> bool:
        """A resumed job sees only what its earlier runs left: too little to judge the
        site's size or tombstone anything."""
        return bool(self.resumed_runs)
