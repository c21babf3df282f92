"""The item pipeline that stores what the spider yields in the relational mirror
(validation comes first: ``scraper/validation.py``).

MirrorStorePipeline also keeps the run's accounting (db/runs.py): entries new, changed,
unchanged, seen and revisited, per-field fill rates, and at the end the health check
that decides whether the run may tombstone the entries it did not see. A run that
finishes then links its new and changed entries into works (``MIRROR_LINK``).

Wire them in settings (lower runs first)::

    ITEM_PIPELINES = {
        "scraper.validation.ValidationPipeline": 100,
        "scraper.pipelines.MirrorStorePipeline": 800,
    }
"""

from __future__ import annotations

import hashlib
import logging
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import CloseSpider, NotConfigured
from scrapy.http import Request, Response
from scrapy.utils.asyncio import call_later
from scrapy.utils.defer import deferred_from_coro, maybe_deferred_to_future
from twisted.internet.defer import Deferred, DeferredLock, succeed
from twisted.internet.threads import deferToThread

from common.crawl_flags import RECORD_PAGE_META_KEY
from common.records import EditionItem, FilmItem, SeenItem
from db.runs import ACCEPTED_PREFIX, FillCounter, HealthPolicy, RunSummary, alarm_text, check_health
from db.store import BatchCounts, DatabaseUnavailable, MirrorStore, PageRecord, RunCounts
from db.store_process import open_store
from scraper.collector import SETTING as GC_TUNING_SETTING
from scraper.crawl_context import CrawlContext
from scraper.fault_accounting import fault_counts
from scraper.festival_spider import FestivalSpider
from scraper.priority import helper_niceness
from scraper.run_linking import link_in_own_store
from scraper.run_report import REPORT_SETTING, write_run_report
from scraper.run_share import RunShare, WorkerPart

logger = logging.getLogger(__name__)

DEFAULT_BATCH_SIZE = 200
ABORT_REASON_UNAVAILABLE = "database_unavailable"
ABORT_REASON_ERROR = "database_error"
HEALTH_CHECK_FAILED = "health_check_failed"
# Stats the crawl command reads to exit non-zero on a failed health check.
RUN_STATUS_STAT = "mirror/run_status"
ERRORS_STAT = "mirror/callback_errors"
ABORT_REASON_UNREACHABLE = "site_unreachable"
ERRORS_LISTED = 3  # callback errors named in the run's alarm
ALARM_STAT = "mirror/alarm"
RUN_ID_STAT = "mirror/run_id"  # reported only: components read CrawlContext.run_id
REPORT_STAT = "mirror/report"  # the run report written (MIRROR_REPORT), None if it failed
# Runs whose entries are linked into works once recorded (MIRROR_LINK): what a run that
# went to its end stored, even one with parse errors, is as good as any run's.
LINKED_STATUSES = ("finished", "incomplete")

# -- storage ------------------------------------------------------------------------------


@dataclass
class _Batch:
    films: list[FilmItem] = field(default_factory=list)
    editions: list[EditionItem] = field(default_factory=list)
    pages: list[PageRecord] = field(default_factory=list)
    revisited: list[tuple[str, str]] = field(default_factory=list)
    # Distributed crawl: leases of the requests whose items and pages this batch (or an
    # earlier one) holds, acknowledged once it is committed.
    acks: list[str] = field(default_factory=list)

    @property
    def item_count(self) -> int:
        return len(self.films) + len(self.editions) + len(self.revisited)

    def __bool__(self) -> bool:
        return bool(self.films or self.editions or self.pages or self.revisited)


@dataclass(frozen=True)
class RunOutcome:
    """How a run ended, as recorded: status, the alarm if any, entries tombstoned."""

    status: str
    alarm: str | None = None
    vanished: int = 0


def page_record(response: Response) -> PageRecord:
    """What fetched_pages keeps about one response."""
    headers = response.headers

    def header(name: bytes) -> str | None:
        value = headers.get(name)
        # A NUL byte carries nothing and no database column text may hold one.
        return value.replace(b"\x00", b"").decode("latin-1") if value is not None else None

    return PageRecord(
        url=response.url,
        status=response.status,
        etag=header(b"ETag"),
        last_modified=header(b"Last-Modified"),
        content_type=header(b"Content-Type"),
        digest=hashlib.sha256(response.body).hexdigest(),
        fetched_at=datetime.now(UTC),
        download_seconds=_download_seconds(response),
    )


def _download_seconds(response: Response) -> float | None:
    """Scrapy's own measure of the download (request sent to headers received), kept so a
    run report can list the slowest URLs; None for a response no downloader produced."""
    request = response.request
    latency = request.meta.get("download_latency") if request is not None else None
    return round(float(latency), 4) if isinstance(latency, int | float) else None


class MirrorStorePipeline:
    """Write items and fetched-page records to the mirror database in batches.

    Batches are written in a worker thread, one at a time and in order (a DeferredLock
    queues them); the item that completes a batch waits for its write, which gives the
    crawl back-pressure when the database is slower than the network.

    A SeenItem (an unchanged page) writes no entry row: it only counts as seen,
    unchanged and revisited, and clears a tombstone the entry may carry.

    The festival, database, retry budget, run lock and resumed job come from the crawl's
    :class:`~scraper.crawl_context.CrawlContext`; the run's id goes into it once the run
    exists.
    """

    def __init__(
        self,
        crawler: Crawler,
        context: CrawlContext,
        *,
        batch_size: int = DEFAULT_BATCH_SIZE,
        health_check: bool = True,
        tombstones: bool = True,
        link: bool = True,
    ) -> None:
        self.crawler = crawler
        self.context = context
        self.festival = context.festival
        self.batch_size = max(1, batch_size)
        self.health_check = health_check
        self.tombstones = tombstones
        self.link = link
        self.policy = HealthPolicy()
        self.store: MirrorStore | None = None
        # Record ids of the run's festival: extracted or revisited (seen), and the ones
        # known to exist though not stored (dropped as invalid, server errors).
        self._seen: set[str] = set()
        self._revisited: set[str] = set()
        self._not_checked: set[str] = set()  # revisited without a request (MIRROR_REVISIT_DAYS)
        self._present: set[str] = set()
        self._fill = FillCounter()  # its extra fields are the spider's, set on open
        self._invalid = 0  # items dropped before the store (by ValidationPipeline)
        self._batch = _Batch()
        self._write_lock = DeferredLock()
        self._totals = BatchCounts()
        self._pages_written = 0
        self._abort_reason: str | None = None
        # Pages whose callback raised: the run did not read what they held, so it may
        # not tombstone (a raising edition page hides a whole edition's films).
        self._callback_errors = 0
        self._first_errors: list[str] = []
        self._site_responses = 0  # answers from the site itself (not robots.txt, no 5xx)
        self._closing: Deferred[None] | None = None
        self._opening: Deferred[None] | None = None  # fires once the store is open (or not)
        # The part of the archive a subset crawl covers (-a edition/film), None: all of it.
        self.scope: str | None = None
        # A distributed crawl's worker reports its part of the one run (scraper/run_share.py).
        self.share = RunShare(context.frontier) if context.frontier is not None else None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> MirrorStorePipeline:
        context = CrawlContext.of(crawler)
        if not context.persists:
            raise NotConfigured("MIRROR_PERSIST is off: no crawl run, nothing stored")
        settings = crawler.settings
        pipeline = cls(
            crawler,
            context,
            batch_size=settings.getint("MIRROR_BATCH_SIZE", DEFAULT_BATCH_SIZE),
            health_check=settings.getbool("MIRROR_HEALTH_CHECK", True),
            # Off for runs that do not walk the whole site (a partial re-parse).
            tombstones=settings.getbool("MIRROR_TOMBSTONES", True),
            link=settings.getbool("MIRROR_LINK", True),
        )
        crawler.signals.connect(pipeline.response_received, signal=signals.response_received)
        crawler.signals.connect(pipeline.item_dropped, signal=signals.item_dropped)
        crawler.signals.connect(pipeline.spider_error, signal=signals.spider_error)
        crawler.signals.connect(pipeline.spider_closed, signal=signals.spider_closed)
        if pipeline.share is not None:
            crawler.signals.connect(pipeline.spider_idle, signal=signals.spider_idle)
        return pipeline

    # -- lifecycle ------------------------------------------------------------------------

    @property
    def run_id(self) -> int | None:
        """The run's id, None until the store has created the run."""
        return self.context.run_id

    async def open_spider(self) -> None:
        spider = self.crawler.spider
        if isinstance(spider, FestivalSpider):
            self.scope = spider.selection.scope
            if self.scope is not None:
                logger.info("crawling a subset (%s): nothing will be tombstoned", self.scope)
        extra_fields = getattr(spider, "extra_fields", ())
        self._fill = FillCounter(extra_fields=tuple(e.name for e in extra_fields if e.watch))
        # Only the holder of the run lock may declare other "running" runs dead (in a
        # distributed crawl, the worker that founded the run).
        frontier = self.context.frontier
        take_over = self.context.holds_run_lock and (frontier is None or frontier.founder)
        resumed = list(self.context.resumed_runs)
        # Opening boots the store's process and migrates the schema: about a second the
        # first pages can download in. Every write queues behind it on the write lock.
        # A WARC file may finish at any time and its captures are indexed under the run's
        # id, so with archiving on the run must exist before the first fetch.
        wait = self.context.archive_dir is not None
        self._opening = self._write_lock.run(self._open_in_thread, take_over, resumed, wait)
        if wait:
            await maybe_deferred_to_future(self._opening)
            if self._abort_reason is not None:
                raise CloseSpider(self._abort_reason)

    def _open_in_thread(self, take_over: bool, resumed: list[int], waited: bool) -> Deferred[None]:
        opened = deferToThread(self._open_store, self.festival, take_over, resumed)

        def done(_: None) -> None:
            self._stats.set_value(RUN_ID_STAT, self.run_id)

        def failed(failure: Any) -> None:
            reason = self._note_abort(failure.value)
            if not waited:  # else open_spider raises CloseSpider itself
                self._close_spider(reason)

        return opened.addCallbacks(done, failed)

    def _open_store(self, festival: str, take_over: bool, resumed: list[int]) -> None:
        # MIRROR_STORE_PROCESS: the store's SQLAlchemy work off this process's GIL.
        settings = self.context.settings
        in_process = not settings.getbool("MIRROR_STORE_PROCESS")
        self.store = open_store(
            self.context.database_url,
            in_process=in_process,
            tune_gc=settings.getbool(GC_TUNING_SETTING, True),
            nice=helper_niceness(settings),
            retry_budget_s=self.context.db_retry_seconds,
        )
        self.store.migrate()
        frontier = self.context.frontier
        run_id = frontier.run_id() if frontier is not None else None
        if run_id is None and frontier is not None and not frontier.founder:
            run_id = _wait_for_run_id(frontier.run_id, self.context.db_retry_seconds + 60)
        if run_id is None:
            run_id = self.store.start_run(festival, self.scope)
            if frontier is not None:
                frontier.publish_run_id(run_id)
        self.context.run_started(run_id)
        if not take_over:
            return
        for dead in self.store.mark_interrupted(festival, run_id, resumed):
            logger.warning(
                "crawl run %s of %s was killed before it finished: marked interrupted, "
                "run %s takes over",
                dead,
                festival,
                run_id,
            )

    async def process_item(self, item: Any) -> Any:
        if self._abort_reason is not None:
            return item
        if isinstance(item, FilmItem):
            self._batch.films.append(item)
            self._fill.add(item)
            if item.festival == self.festival:
                self._seen.add(item.film_id)
        elif isinstance(item, SeenItem):
            self._batch.revisited.append((item.festival, item.film_id))
            if item.festival == self.festival:
                self._seen.add(item.film_id)
                self._revisited.add(item.film_id)
                if not item.checked:
                    self._not_checked.add(item.film_id)
        elif isinstance(item, EditionItem):
            self._batch.editions.append(item)
        else:
            return item
        if self._batch.item_count >= self.batch_size:
            await maybe_deferred_to_future(self._flush())
        return item

    def response_received(self, response: Response, request: Request, spider: Any) -> None:
        if response.status < 500 and not response.url.endswith("/robots.txt"):
            self._site_responses += 1
        if self._abort_reason is not None:
            return
        self._batch.pages.append(page_record(response))
        if response.status >= 500 or response.status == 429:
            # Still listed for all we know: a server error is no reason for a tombstone.
            record_id = _record_id(request, spider)
            if record_id is not None:
                self._present.add(record_id)
        # Listing pages yield no items: do not let their records pile up unbounded.
        if len(self._batch.pages) >= 4 * self.batch_size:
            self._flush()

    def spider_idle(self, spider: Any) -> None:
        """A distributed worker out of work: commit what it holds, so its leases are
        acknowledged and the run can be seen to be idle."""
        assert self.share is not None
        if self._abort_reason is None and (self._batch or self.share.frontier.done):
            self._flush()

    def spider_error(self, failure: Any, response: Response, spider: Any) -> None:
        """A callback raised: count it, and name the first few in the run's alarm."""
        self._callback_errors += 1
        self._stats.set_value(ERRORS_STAT, self._callback_errors)
        if len(self._first_errors) < ERRORS_LISTED:
            error = failure.value
            message = f"{type(error).__name__}: {error}".splitlines()[0][:200]
            self._first_errors.append(f"{response.url}: {message}")

    def item_dropped(self, item: Any, response: Any, exception: Any, spider: Any) -> None:
        if isinstance(item, FilmItem | EditionItem):
            self._invalid += 1
        # An invalid page is still a listed entry: it must not be tombstoned.
        if isinstance(item, FilmItem | SeenItem) and item.festival == self.festival:
            self._present.add(item.film_id)

    async def close_spider(self) -> None:
        if self._opening is not None:
            await maybe_deferred_to_future(self._opening)  # however short the run was
        if self._abort_reason is None and self.run_id is not None:
            await maybe_deferred_to_future(self._flush())

    async def spider_closed(self, spider: Any, reason: str) -> None:
        if self._abort_reason is None and reason == "finished" and not self._site_answered():
            # Connection refused, DNS failure, 5xx throughout: not a site with no films.
            base_url = getattr(spider, "base_url", "the site")
            self._abort_reason = ABORT_REASON_UNREACHABLE
            self._stats.set_value(
                "mirror/abort_message", f"fetched nothing from {base_url}: the site is unreachable"
            )
            self._stats.set_value("finish_reason", ABORT_REASON_UNREACHABLE)
        if self._abort_reason is not None and reason == "finished":
            # The spider outran a store that failed to open: nothing was stored, so the
            # run did not finish, whatever the engine thinks (CoreStats wrote its reason
            # just before this handler).
            self._stats.set_value("finish_reason", self._abort_reason)
        if self.store is None:
            return
        outcome = await maybe_deferred_to_future(deferToThread(self._finish_run, reason))
        if outcome is None:
            return
        stats = self._stats
        stats.set_value(RUN_STATUS_STAT, outcome.status)
        stats.set_value("mirror/seen", len(self._seen))
        stats.set_value("mirror/revisits", len(self._revisited))
        stats.set_value("mirror/not_checked", len(self._not_checked))
        stats.set_value("mirror/vanished", outcome.vanished)
        if outcome.alarm:
            stats.set_value(ALARM_STAT, outcome.alarm)
        template = self.context.settings.get(REPORT_SETTING)
        if template and self.run_id is not None:
            # After the run is recorded (and linked): the report reads it back.
            written = await maybe_deferred_to_future(
                deferToThread(
                    write_run_report, self.context.database_url, self.run_id, str(template)
                )
            )
            stats.set_value(REPORT_STAT, str(written) if written else None)

    def _finish_run(self, reason: str) -> RunOutcome | None:
        """Record the run's end, close the store, then link the run's entries: the lock
        is held until all of it is done (this runs in a spider_closed handler)."""
        outcome = self._record_run(reason)
        if self.link and outcome is not None and outcome.status in LINKED_STATUSES:
            assert self.run_id is not None
            self._link_run(self.run_id)
        return outcome

    def _record_run(self, reason: str) -> RunOutcome | None:
        assert self.store is not None
        try:
            if self.run_id is None:
                return None
            aborted = self._abort_reason is not None or reason != "finished"
            if self.share is not None:
                return self._finish_part(self.run_id, reason, aborted)
            counts = RunCounts(
                new=self._totals.new,
                changed=self._totals.changed,
                unchanged=self._totals.unchanged + len(self._revisited),
                invalid=self._invalid,
                pages=self._pages_written,
                seen=len(self._seen),
                revisits=len(self._revisited),
                not_checked=len(self._not_checked),
                errors=self._callback_errors,
                fill_rates=self._fill.rates(),
                faults=fault_counts(self._stats.get_stats()),
            )
            if not aborted:
                return self._judge_and_finish(self.run_id, reason, counts)
            # After an outage, do not wait another full budget just to record it.
            budget = 2.0 if self._abort_reason == ABORT_REASON_UNAVAILABLE else None
            self.store.finish_run(
                self.run_id, "aborted", self._abort_reason or reason, counts, retry_budget_s=budget
            )
            return RunOutcome("aborted")
        except Exception as exc:
            logger.error("could not record the end of crawl run %s: %s", self.run_id, exc)
            return None
        finally:
            self.store.close()

    def _finish_part(self, run_id: int, reason: str, aborted: bool) -> RunOutcome:
        """A distributed worker's end: report its part and leave the run; the last worker
        to leave a run that went to its end records it for all (scraper/run_share.py).
        A worker that aborts leaves the run "running": its leases expire, the others (or
        a worker started later, which joins the same run) crawl them."""
        assert self.store is not None and self.share is not None
        frontier = self.share.frontier
        self._report_part()
        remaining = frontier.leave()
        if aborted or remaining:
            logger.info(
                "worker %s leaves crawl run %s (%d workers remain)",
                frontier.worker_id,
                run_id,
                remaining,
            )
            return RunOutcome("aborted" if aborted else "part")
        logger.info("last worker of crawl run %s: recording the run for all", run_id)
        combined = self.share.combine(self._fill.extra_fields)
        # The run is incomplete when any worker's callback raised, not only this one's.
        self._callback_errors = combined.counts.errors
        self._first_errors = combined.first_errors[:ERRORS_LISTED]
        outcome = self._judge_and_finish(
            run_id, reason, combined.counts, extracted=combined.extracted, present=combined.present
        )
        frontier.clear()  # the next distributed crawl starts afresh
        return outcome

    def _site_answered(self) -> bool:
        """Whether the site answered this crawl: this process, or in a distributed run
        any worker (every page is acknowledged, hence reported, before a worker ends)."""
        if self._site_responses or self.share is None:
            return self._site_responses > 0
        return self.share.site_answered()

    def _worker_part(self) -> WorkerPart:
        return WorkerPart(
            new=self._totals.new,
            changed=self._totals.changed,
            unchanged=self._totals.unchanged,
            invalid=self._invalid,
            pages=self._pages_written,
            site_responses=self._site_responses,
            errors=self._callback_errors,
            first_errors=list(self._first_errors),
            fill_items=self._fill.items,
            filled=dict(self._fill.filled),
            # With every report, so that a worker killed later still counts its faults.
            faults=fault_counts(self._stats.get_stats()),
        )

    def _report_part(self, acks: Sequence[str] = ()) -> None:
        assert self.share is not None
        ids = {
            "seen": self._seen,
            "revisited": self._revisited,
            "not_checked": self._not_checked,
            "present": self._present,
        }
        self.share.report(self._worker_part(), ids, list(acks))

    def _judge_and_finish(
        self,
        run_id: int,
        reason: str,
        counts: RunCounts,
        *,
        extracted: int | None = None,
        present: set[str] | None = None,
    ) -> RunOutcome:
        """Health-check a run that ended normally; record it, tombstoning if it passed.

        ``extracted`` and ``present``: a distributed run's, over all its workers
        (default: this process's)."""
        assert self.store is not None
        # A resumed job saw only what its earlier runs left: too little to judge how many
        # films the site has, or which ones vanished.
        partial = self.context.resumes_job
        extracted = self._fill.items if extracted is None else extracted
        current = RunSummary(run_id, counts.seen, extracted, counts.fill_rates)
        # A subset crawl is compared with earlier crawls of the same subset only.
        history = self.store.recent_runs(
            self.festival, run_id, limit=self.policy.history, scope=self.scope
        )
        problems = check_health(current, history, self.policy, partial=partial)
        if problems and self.health_check:
            failure = alarm_text(problems)
            logger.error("crawl run %s failed its health check: %s", run_id, failure)
            self.store.finish_run(run_id, "failed", HEALTH_CHECK_FAILED, counts, alarm=failure)
            return RunOutcome("failed", failure)
        alarm = ACCEPTED_PREFIX + alarm_text(problems) if problems else None
        if alarm:
            logger.warning("crawl run %s: %s", run_id, alarm)
        if self._callback_errors:
            incomplete = self._incomplete_text()
            logger.error("crawl run %s is incomplete: %s", run_id, incomplete)
            self.store.finish_run(run_id, "incomplete", reason, counts, alarm=incomplete)
            return RunOutcome("incomplete", incomplete)
        if partial:
            logger.info("run %s resumed an earlier job: no entry is tombstoned", run_id)
        elif self.scope is not None:
            logger.info("run %s crawled a subset (%s): no entry is tombstoned", run_id, self.scope)
        tombstones = self.tombstones and not partial and self.scope is None
        if present is None:
            present = self._seen | self._present
        present = present if tombstones else None
        vanished = self.store.finish_run(
            run_id, "finished", reason, counts, alarm=alarm, present=present
        )
        return RunOutcome("finished", alarm, vanished)

    def _incomplete_text(self) -> str:
        more = self._callback_errors - len(self._first_errors)
        listed = "; ".join(self._first_errors) + (f"; and {more} more" if more > 0 else "")
        return (
            f"{self._callback_errors} page(s) raised an error while being parsed, so "
            f"nothing was tombstoned: {listed}"
        )

    def _link_run(self, run_id: int) -> None:
        """Match the run's new and changed entries into works (after the run is recorded
        and the crawl's store closed: a linking failure loses nothing, the entries stay
        pending for ``mirror link`` or the next run). In a store process of its own, for
        memory (scraper/run_linking.py)."""
        settings = self.context.settings
        logger.info("linking the new and changed entries of run %s into works", run_id)
        try:
            report = link_in_own_store(
                self.context.database_url,
                self.festival,
                run_id,
                in_process=not settings.getbool("MIRROR_STORE_PROCESS"),
                tune_gc=settings.getbool(GC_TUNING_SETTING, True),
                retry_budget_s=self.context.db_retry_seconds,
            )
        except Exception as exc:
            logger.error(
                "could not link the entries of run %s into works (they stay pending for "
                "`mirror link` or the next run): %s",
                run_id,
                str(exc).splitlines()[0] if str(exc) else type(exc).__name__,
            )
            self._stats.set_value("mirror/link_error", type(exc).__name__)
            return
        self._stats.set_value("mirror/linked", report.linked)
        self._stats.set_value("mirror/link_matches", report.matches)
        self._stats.set_value("mirror/link_reviews", report.reviews)
        if report.linked:
            logger.info(
                "linked %d entries: %d automatic links, %d pairs for review (`mirror review`)",
                report.linked,
                report.matches,
                report.reviews,
            )

    # -- writing --------------------------------------------------------------------------

    @property
    def _stats(self) -> Any:
        return self.crawler.stats

    def _flush(self) -> Deferred[Any]:
        """Queue the current buffer for writing; fires when it has been written."""
        batch, self._batch = self._batch, _Batch()
        if self.share is not None:
            batch.acks = self.share.frontier.take_done()
        return self._write_lock.run(self._write, batch)

    def _write(self, batch: _Batch) -> Deferred[Any]:
        if self._abort_reason is not None:
            return succeed(None)
        if not batch:
            if batch.acks:  # requests whose pages left nothing unwritten
                self._report_part(batch.acks)
            return succeed(None)
        assert self.store is not None and self.run_id is not None
        store, run_id = self.store, self.run_id
        written = deferToThread(
            store.write_batch, run_id, batch.films, batch.editions, batch.pages, batch.revisited
        )

        def done(counts: BatchCounts) -> None:
            self._totals += counts
            if counts.reappeared:
                self._stats.inc_value("mirror/reappeared", counts.reappeared)
            self._pages_written += len({page.url for page in batch.pages})
            self._stats.inc_value("mirror/new", counts.new)
            self._stats.inc_value("mirror/changed", counts.changed)
            self._stats.inc_value("mirror/unchanged", counts.unchanged)
            self._stats.set_value("mirror/pages", self._pages_written)
            if self.share is not None:
                self._report_part(batch.acks)

        def failed(failure: Any) -> None:
            reason = self._note_abort(failure.value)
            self._close_spider(reason)

        written.addCallbacks(done, failed)
        return written

    def _note_abort(self, exc: BaseException) -> str:
        """Remember why the mirror stopped, for stats and the run record."""
        if isinstance(exc, DatabaseUnavailable):
            reason, message = ABORT_REASON_UNAVAILABLE, str(exc)
        else:
            reason = ABORT_REASON_ERROR
            message = f"mirror database error: {type(exc).__name__}: {exc}".splitlines()[0]
            logger.error("mirror write failed", exc_info=exc)
        if self._abort_reason is None:
            self._abort_reason = reason
            self.context.abort(reason)
            self._stats.set_value("mirror/abort_message", message)
            logger.error(message)
        return reason

    def _close_spider(self, reason: str) -> None:
        engine = self.crawler.engine
        if engine is None or self._closing is not None:
            return
        if not engine.running:
            # The store failed while the engine was still starting (it opens in the
            # background): closing now would race the start. Ask again shortly.
            call_later(0.05, self._close_spider, reason)
            return
        self._closing = deferred_from_coro(engine.close_spider_async(reason=reason))
        self._closing.addErrback(lambda f: logger.error("could not close the spider: %s", f))


def _wait_for_run_id(read: Any, timeout: float) -> int | None:
    """A joining worker waits for the founder to record the run (None: it never did)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        run_id = read()
        if run_id is not None:
            return int(run_id)
        time.sleep(0.2)
    return None


def _record_id(request: Request, spider: Any) -> str | None:
    """The archive entry a record-page request fetches, as its spider names it (None for
    a navigation page, or a spider that is no FestivalSpider)."""
    if not request.meta.get(RECORD_PAGE_META_KEY) or not isinstance(spider, FestivalSpider):
        return None
    return spider.record_id_of(request)
