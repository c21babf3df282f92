"""Downloader middlewares.

:class:`WarcCaptureMiddleware` writes every request and response the spiders make to
WARC files (see :mod:`archive`). It sits at priority 950, closer to the downloader than
every built-in middleware, so it sees each response before HttpCompressionMiddleware
(590) inflates it, before RetryMiddleware (550) and RedirectMiddleware (600) act on it,
and each request after every built-in middleware has added its headers. Register it
with the wire-recording download handler, which supplies the exact bytes of the heads::

    DOWNLOAD_HANDLERS = {
        "http": "archive.wire.WireRecordingDownloadHandler",
        "https": "archive.wire.WireRecordingDownloadHandler",
    }
    DOWNLOADER_MIDDLEWARES = {"scraper.middlewares.WarcCaptureMiddleware": 950}

It is off (NotConfigured) unless ``MIRROR_ARCHIVE_DIR`` is set and the command persists
(``MIRROR_PERSIST``, see scraper/crawl_context.py). At startup, before its
writer opens a file, it finishes any ``.warc.gz.open`` file a killed run left behind
(:func:`archive.recovery.recover_directory`: complete records kept, the cut tail moved
to ``quarantine/``), counted in the stats ``archive/recovered_files`` and
``archive/quarantined_bytes``.

Incremental re-crawls (on unless ``MIRROR_ARCHIVE_INCREMENTAL`` is false). The digest
index is the ``captures`` table of the mirror database (:mod:`db.captures`):

- when the spider opens, every finished WARC file of the archive whose records are not
  in the index yet (a file recovered after a kill, or one whose index write failed) is
  read and indexed; then the latest original (a 200 response with its body) of every
  URL is loaded;
- a request for a URL with an original gets ``If-None-Match`` / ``If-Modified-Since``
  from its validators;
- a 304 is written as a server-not-modified revisit, a 200 whose payload digest equals
  the original's as an identical-payload-digest revisit (each with its request
  record), anything else in full; stats ``archive/revisits/not_modified``,
  ``archive/revisits/identical_digest``, ``archive/responses``;
- the response is flagged ``revisit`` (scraper.festival_spider.REVISIT_FLAG) for the
  spider, which yields a SeenItem for a record page. A 304 for a navigation page (and
  robots.txt) is replaced by the original's stored response, so its callback still gets
  the links it follows (HttpCompressionMiddleware inflates it downstream as usual);
- a file's rows go into the index once the writer has finished the file (fsynced and
  renamed), from a worker thread; a failed index write is logged and left to the next
  start's reconciliation.

With ``MIRROR_REVISIT_DAYS`` above 0 (:mod:`archive.revisit_policy`), a page whose latest
check is younger than its interval is not requested at all (:meth:`WarcCaptureMiddleware.is_due`):

- a record page: the spider middleware :class:`NotDueRecordPages` turns the request into
  a SeenItem with ``checked=False`` (stat ``archive/not_checked``);
- a navigation page: :meth:`WarcCaptureMiddleware.process_request` answers it with its
  stored original, flagged ``from-archive`` and ``revisit``, and nothing is written
  (stat ``archive/navigation_not_due``). An original that cannot be read is forgotten
  and the page fetched in full.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Callable, Iterable, Iterator
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import scrapy
import warcio
from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest, NotConfigured
from scrapy.http import Request, Response
from scrapy.utils.defer import deferred_from_coro, maybe_deferred_to_future
from scrapy.utils.reactor import is_reactor_installed
from twisted.internet.defer import Deferred, DeferredLock
from twisted.internet.threads import deferToThread

from archive.captures import OriginalCapture, payload_digest, read_captures
from archive.http import (
    HttpExchange,
    reconstructed_request_head,
    reconstructed_response_head,
    split_head,
)
from archive.recovery import Recovered, recover_directory
from archive.revisit_policy import REVISIT_DAYS_SETTING, RevisitPolicy
from archive.settings import (
    IN_PROCESS_SETTING,
    INCREMENTAL_SETTING,
    MAX_BYTES_SETTING,
    PREFIX_SETTING,
)
from archive.stored import StoredResponse, read_stored_response, replayed_response
from archive.wire import WIRE_META_KEY, WireCapture
from archive.writer import (
    DEFAULT_MAX_FILE_BYTES,
    WARC_SUFFIX,
    FinishedWarc,
    RotatingWarcWriter,
    WrittenExchange,
)
from archive.writer_process import ArchiveWriter, WarcWriterDied, WarcWriterProcess
from common.records import SeenItem
from db.captures import CaptureStore
from db.store import DatabaseUnavailable
from scraper.collector import SETTING as GC_TUNING_SETTING
from scraper.crawl_context import CrawlContext
from scraper.festival_spider import (
    CHECK_EVERY_RUN_META_KEY,
    RECORD_PAGE_META_KEY,
    REVISIT_FLAG,
    FestivalSpider,
)
from scraper.priority import helper_niceness

logger = logging.getLogger(__name__)

# response flag: answered from the archive in place of a fetch (a page not due)
FROM_ARCHIVE_FLAG = "from-archive"
# the close reason of a crawl whose WARC writer process died or failed a write
WRITER_FAILED_REASON = "warc_writer_failed"
# An original captured this run whose place (file, offset) the writer has not reported.
_UNPLACED_FILENAME, _UNPLACED_OFFSET = "", -1

WARC_1_1_SPEC = "https://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/"


def warcinfo_fields(crawler: Crawler) -> dict[str, str]:
    """What the warcinfo record at the head of every file says about this crawl."""
    settings = crawler.settings
    return {
        "software": f"festival-mirror (Scrapy {scrapy.__version__}, warcio {_warcio_version()})",
        "format": "WARC File Format 1.1",
        "conformsTo": WARC_1_1_SPEC,
        "isPartOf": str(getattr(crawler.spidercls, "name", "crawl")),
        "robots": "obey" if settings.getbool("ROBOTSTXT_OBEY") else "ignore",
        "http-header-user-agent": str(settings.get("USER_AGENT") or ""),
    }


def _warcio_version() -> str:
    return str(getattr(warcio, "__version__", "")) or "unknown"


def exchange_from(request: Request, response: Response) -> tuple[HttpExchange, bool]:
    """The exchange to archive, and whether its heads are the wire bytes."""
    wire = request.meta.pop(WIRE_META_KEY, None)
    ip_address = str(response.ip_address) if response.ip_address is not None else None
    if isinstance(wire, WireCapture) and wire.response_head:
        request_head, request_body = split_head(wire.request)
        exchange = HttpExchange(
            url=response.url,
            request_head=request_head,
            request_body=request_body,
            response_head=wire.response_head,
            response_body=response.body,
            fetched_at=wire.sent_at,
            ip_address=ip_address,
        )
        return exchange, True
    parts = urlsplit(response.url)
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    exchange = HttpExchange(
        url=response.url,
        request_head=reconstructed_request_head(
            request.method, target, parts.netloc, request.headers.items()
        ),
        request_body=request.body,
        response_head=reconstructed_response_head(
            response.protocol, response.status, response.headers.items()
        ),
        response_body=response.body,
        ip_address=ip_address,
    )
    return exchange, False


def report_recovered(crawler: Crawler, recovered: list[Recovered]) -> None:
    """Log each recovered leftover and count them in the crawl stats."""
    for item in recovered:
        kept = item.warc_path.name if item.warc_path is not None else "nothing"
        if item.quarantine_path is None:
            logger.warning("Recovered %s: kept %d records", kept, item.records)
        else:
            logger.warning(
                "Recovered %s: kept %d records, quarantined %d bytes in %s (%s)",
                kept,
                item.records,
                item.quarantined_bytes,
                item.quarantine_path,
                item.problem,
            )
    stats = crawler.stats
    if stats is not None and recovered:
        stats.inc_value("archive/recovered_files", len(recovered))
        stats.inc_value("archive/quarantined_bytes", sum(i.quarantined_bytes for i in recovered))


class WarcCaptureMiddleware:
    """Archive each downloaded response, with its request, in rotating WARC files.

    Records are written by a child process (:mod:`archive.writer_process`): building
    them with warcio cost the reactor thread about 0.4 ms an exchange, a sixth of its
    work in a loopback crawl. A writer thread was measured first and was not faster
    (warcio's header work holds the GIL). The reactor thread now decides each
    exchange's record ids and digest (:meth:`ArchiveWriter.plan`), so that the URL's
    ``originals`` entry is right at once, pickles the exchange onto the pipe and goes
    on; where the record went comes back later (:meth:`_placed`). ``MIRROR_WARC_IN_PROCESS``
    keeps the writer in this process (debugging, tests). Measured on a 3,000-film
    replica: the crawl process's CPU went from 7.5-7.8 s to 6.8-7.0 s (5.8-6.2 s without
    WARCs); what remains here is the wire recording, building and planning each
    exchange and pickling it, about 0.2 ms a page.

    If the writer process dies or fails a write, the crawl stops (close reason
    ``warc_writer_failed``, the message in ``mirror/abort_message``): a faithful mirror
    does not go on without its archive. Responses arriving after that are dropped
    (IgnoreRequest), so their pages are not parsed or stored. Pages passed on before the
    failure was known (a few ms of the crawl) may be stored though their records were
    not written; nothing claims they were: the digest index only holds captures of files
    the writer finished, the run ends aborted (no tombstones, and its captures are
    never originals), and the next run fetches such pages in full. Records the child
    had written stay in its open file, which the next run's recovery finishes.
    """

    def __init__(
        self,
        crawler: Crawler,
        context: CrawlContext,
        writer: ArchiveWriter,
        index: CaptureStore | None = None,
        policy: RevisitPolicy | None = None,
    ) -> None:
        self.crawler = crawler
        self.context = context
        self.writer = writer
        self.index = index
        self.policy = policy or RevisitPolicy()
        self.originals: dict[str, OriginalCapture] = {}
        self.last_checked: dict[str, datetime] = {}
        self._started_at = datetime.now(UTC)
        self._index_lock = DeferredLock()
        self._index_writes: list[Deferred[Any]] = []
        self._writer_failure: WarcWriterDied | None = None
        writer.on_finished = self._file_finished
        writer.on_written = self._placed
        if isinstance(writer, WarcWriterProcess):
            writer.on_failed = self._writer_failed

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> WarcCaptureMiddleware:
        context = CrawlContext.of(crawler)
        directory = context.archive_dir
        if directory is None:
            raise NotConfigured()  # archiving is opt-in: no warning on every plain crawl
        if not context.persists:
            # `scrapy parse`/`shell`/`check` beside an archive: the user's WARC files are
            # neither written nor recovered (a crawl may have them open).
            raise NotConfigured()
        if context.run_refused:
            # Another run holds the lock: its open WARC is live, not a leftover to recover.
            raise NotConfigured()
        settings = crawler.settings
        # Before the new writer opens its first file: leftovers of a killed run only.
        report_recovered(crawler, recover_directory(directory))
        writer = _writer_for(crawler, directory)
        index = None
        if settings.getbool(INCREMENTAL_SETTING, True):
            index = CaptureStore(context.database_url, retry_budget_s=context.db_retry_seconds)
        policy = RevisitPolicy.from_days(settings.get(REVISIT_DAYS_SETTING))
        middleware = cls(crawler, context, writer, index, policy if index is not None else None)
        if index is not None:
            # NotDueRecordPages asks it which record pages to skip (none without an index).
            context.use_page_schedule(middleware)
        crawler.signals.connect(middleware.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(middleware.spider_closed, signal=signals.spider_closed)
        return middleware

    # -- the digest index -----------------------------------------------------------------

    async def spider_opened(self, spider: Any) -> None:
        if self.index is None:
            return
        try:
            await maybe_deferred_to_future(deferToThread(self.load_index))
        except Exception as exc:
            # Without the index the crawl still archives everything, in full.
            logger.error("digest index unavailable, fetching every page in full: %s", exc)
            self._inc("archive/index_errors")

    def load_index(self) -> None:
        """Index the finished files the index lacks, then load the latest originals."""
        index = self.index
        if index is None:
            return
        if self.context.run_id is None:
            # Else the store has migrated this database already (it opens, migrates and
            # records the run before the spider opens when archiving): a second Alembic
            # run here would only cost the crawl process its import and a version check.
            index.migrate()
        finished = {path.name: path for path in self.writer.directory.glob(f"*{WARC_SUFFIX}")}
        indexed = index.indexed_files()
        for name in sorted(set(finished) - indexed):
            try:
                added = index.add(read_captures(finished[name]), run_id=None)
            except DatabaseUnavailable:
                raise  # the database, not the file: no index this run
            except Exception as exc:
                # One file the index cannot take must not turn the index off for every
                # run after it: skip it (its pages are fetched in full) and go on.
                logger.error("could not index %s, skipped: %s", name, exc)
                self._inc("archive/index_errors")
                continue
            logger.info("indexed %d captures of %s", added, name)
            self._inc("archive/reconciled_files")
        self.originals = index.latest_originals(set(finished))
        if not self.policy.checks_every_run:
            self.last_checked = index.last_checked(set(finished))

    def _file_finished(self, finished: FinishedWarc) -> None:
        if self.index is None:
            return
        # Known by now: with an archive the store holds the spider's opening until the run
        # exists. None only when the store never opened it.
        index, run_id = self.index, self.context.run_id
        written = self._index_lock.run(deferToThread, index.add, finished.captures, run_id)

        def failed(failure: Any) -> None:
            # The file is on disk: the next run's start-up reconciliation indexes it.
            logger.error("could not index %s: %s", finished.path.name, failure.value)
            self._inc("archive/index_errors")

        written.addErrback(failed)
        self._index_writes.append(written)

    def _placed(self, written: WrittenExchange) -> None:
        """The writer says where a response went: its URL's original, if it still is,
        can now be replayed."""
        original = self.originals.get(written.url)
        if original is not None and original.response_id == written.response_id:
            self.originals[written.url] = replace(
                original, filename=written.path.name, offset=written.offset
            )

    def _writer_failed(self, error: WarcWriterDied) -> None:
        """The writer process is gone: stop the crawl rather than go on unarchived."""
        if self._writer_failure is not None:
            return
        self._writer_failure = error
        message = f"WARC archive: {error}".splitlines()[0]
        logger.error("%s; stopping the crawl (pages fetched since are not stored)", message)
        self.context.abort(WRITER_FAILED_REASON)
        stats = self.crawler.stats
        if stats is not None:
            stats.set_value("mirror/abort_message", message)
        if not self.crawler.crawling:
            return  # nothing to stop (a middleware driven by hand)
        engine = self.crawler.engine
        if engine is not None and engine.running:
            closing = deferred_from_coro(engine.close_spider_async(reason=WRITER_FAILED_REASON))
            closing.addErrback(lambda f: logger.error("could not close the spider: %s", f))

    def _check_writer(self) -> None:
        if self._writer_failure is not None:
            raise IgnoreRequest(f"not archived: {self._writer_failure}")

    # -- requests and responses -----------------------------------------------------------

    def is_due(self, request: Request) -> bool:
        """Whether the request must be sent: False only for a page that a completed run
        checked less than its revisit interval ago (MIRROR_REVISIT_DAYS). A spider's entry
        pages (``CHECK_EVERY_RUN_META_KEY``) and robots.txt are always due.
        """
        if self.policy.checks_every_run or request.method != "GET":
            return True
        if request.meta.get(CHECK_EVERY_RUN_META_KEY) or _is_robots_txt(request.url):
            return True
        if request.url not in self.originals:
            return True  # never captured in full by a completed run: fetch it
        # One clock reading per run: a page is due or not for the whole run.
        return self.policy.is_due(request.url, self.last_checked.get(request.url), self._started_at)

    def process_request(self, request: Request) -> Response | None:
        self._check_writer()
        original = self.originals.get(request.url)
        if original is None or request.method != "GET":
            return None
        # Record pages not due never get here (NotDueRecordPages answers them).
        if not request.meta.get(RECORD_PAGE_META_KEY) and not self.is_due(request):
            # None: the original is unreadable, and no longer the URL's: fetch in full.
            return self._answer_from_archive(request, original)
        if original.etag and b"If-None-Match" not in request.headers:
            request.headers[b"If-None-Match"] = original.etag
        if original.last_modified and b"If-Modified-Since" not in request.headers:
            request.headers[b"If-Modified-Since"] = original.last_modified
        return None

    def _answer_from_archive(self, request: Request, original: OriginalCapture) -> Response | None:
        """The stored original of a navigation page that is not due, in place of a fetch,
        so that its callback follows the links it had; None when the original cannot be
        read (it is forgotten, and the page fetched without validators)."""
        try:
            stored = self._read_original(original)
        except (OSError, ValueError) as exc:
            logger.warning("cannot replay %s from the archive (%s); fetching it", request.url, exc)
            self.originals.pop(request.url, None)
            return None
        self._inc("archive/navigation_not_due")
        return replayed_response(
            stored, request.url, request=request, flags=[FROM_ARCHIVE_FLAG, REVISIT_FLAG]
        )

    def _read_original(self, original: OriginalCapture) -> StoredResponse:
        """The stored response of `original`; raises OSError or ValueError if unreadable."""
        if original.offset == _UNPLACED_OFFSET:
            # Captured this run, and the writer process has not said where yet: ask.
            self.writer.sync()
            original = self.originals.get(original.url, original)
            if original.offset == _UNPLACED_OFFSET:
                raise ValueError(f"the writer did not report where {original.url} went")
        return read_stored_response(self.writer.path_of(original.filename), original.offset)

    def process_response(self, request: Request, response: Response) -> Request | Response:
        if "cached" in response.flags or FROM_ARCHIVE_FLAG in response.flags:
            return response  # HttpCacheMiddleware's copy, or our own: not a fetch
        self._check_writer()
        try:
            return self._archive(request, response)
        except WarcWriterDied as exc:
            # on_failed has stopped the crawl; this page is not archived, so not stored
            raise IgnoreRequest(f"not archived: {exc}") from exc

    def _archive(self, request: Request, response: Response) -> Request | Response:
        exchange, from_wire = exchange_from(request, response)
        if not from_wire:
            self._inc("archive/reconstructed_heads")
        original = self.originals.get(exchange.url)
        if original is not None and response.status == 304:
            return self._not_modified(request, response, exchange, original)
        if (
            original is not None
            and response.status == 200
            and payload_digest(exchange.response_body) == original.payload_digest
        ):
            self.writer.write_revisit_exchange(exchange, original, "identical-payload-digest")
            self._inc("archive/records", 2)
            self._inc("archive/revisits/identical_digest")
            return response.replace(flags=[*response.flags, REVISIT_FLAG])
        planned = self.writer.plan(exchange)
        if response.status == 200:
            # The URL's original from now on; _placed fills in where it went (at once
            # in this process, when the writer process reports it otherwise).
            self.originals[exchange.url] = OriginalCapture(
                response_id=planned.response_id,
                url=planned.url,
                date=planned.date,
                payload_digest=planned.payload_digest,
                etag=_header(response, b"ETag"),
                last_modified=_header(response, b"Last-Modified"),
                filename=_UNPLACED_FILENAME,
                offset=_UNPLACED_OFFSET,
            )
        self.writer.write_exchange(exchange, planned)
        self._inc("archive/records", 2)
        self._inc("archive/responses")
        return response

    def _not_modified(
        self,
        request: Request,
        response: Response,
        exchange: HttpExchange,
        original: OriginalCapture,
    ) -> Request | Response:
        if request.meta.get(RECORD_PAGE_META_KEY):
            self.writer.write_revisit_exchange(exchange, original, "server-not-modified")
            self._count_not_modified()
            # The 304 itself reaches the callback, past HttpErrorMiddleware.
            allowed = list(request.meta.get("handle_httpstatus_list", ()))
            request.meta["handle_httpstatus_list"] = [*allowed, 304]
            return response.replace(flags=[*response.flags, REVISIT_FLAG])
        try:
            stored = self._read_original(original)
        except (OSError, ValueError) as exc:
            # The original cannot be replayed: keep the 304 as it came, ask again in full.
            logger.warning("cannot replay %s from the archive (%s); refetching", request.url, exc)
            self.writer.write_exchange(exchange, self.writer.plan(exchange))
            self._inc("archive/records", 2)
            self._inc("archive/responses")
            self.originals.pop(exchange.url, None)
            headers = request.headers.copy()
            headers.pop(b"If-None-Match", None)
            headers.pop(b"If-Modified-Since", None)
            return request.replace(headers=headers, dont_filter=True)
        self.writer.write_revisit_exchange(exchange, original, "server-not-modified")
        self._count_not_modified()
        return replayed_response(
            stored,
            response.url,
            request=request,
            flags=[*response.flags, REVISIT_FLAG],
            connection=response,  # the 304's connection facts
        )

    def _count_not_modified(self) -> None:
        self._inc("archive/records", 2)
        self._inc("archive/revisits/not_modified")

    def _inc(self, key: str, count: int = 1) -> None:
        stats = self.crawler.stats
        if stats is not None:
            stats.inc_value(key, count)

    async def spider_closed(self, spider: Any, reason: str) -> None:
        try:
            self.writer.close()  # the last records written and their file finished
        except WarcWriterDied as exc:
            self._writer_failed(exc)  # reported once; the files it finished are indexed
        stats = self.crawler.stats
        if stats is not None and self._writer_failure is not None:
            # Also when it failed only now, finishing its last file: not a finished crawl.
            stats.set_value("finish_reason", WRITER_FAILED_REASON)
        if stats is not None:
            stats.set_value("archive/files", len(self.writer.finished_files))
        for written in self._index_writes:
            await maybe_deferred_to_future(written)
        if self.index is not None:
            self.index.close()


def _writer_for(crawler: Crawler, directory: Path) -> ArchiveWriter:
    """The crawl's WARC writer: in a child process unless MIRROR_WARC_IN_PROCESS."""
    settings = crawler.settings
    prefix = settings.get(PREFIX_SETTING) or str(getattr(crawler.spidercls, "name", "crawl"))
    max_file_bytes = settings.getint(MAX_BYTES_SETTING, DEFAULT_MAX_FILE_BYTES)
    info = warcinfo_fields(crawler)
    if settings.getbool(IN_PROCESS_SETTING):
        return RotatingWarcWriter(
            directory, prefix=prefix, max_file_bytes=max_file_bytes, info=info
        )
    call_soon: Callable[[Callable[[], None]], object] | None = None
    call_later: Callable[[float, Callable[[], None]], object] | None = None
    if is_reactor_installed():  # not in a unit test that never starts one
        from twisted.internet import reactor

        call_soon = reactor.callFromThread
        call_later = reactor.callLater  # type: ignore[assignment]  # its delay is untyped
    return WarcWriterProcess(
        directory,
        prefix=prefix,
        max_file_bytes=max_file_bytes,
        info=info,
        call_soon=call_soon,
        call_later=call_later,
        tune_gc=settings.getbool(GC_TUNING_SETTING, True),
        nice=helper_niceness(settings),
    )


def _is_robots_txt(url: str) -> bool:
    # Always fetched: a site's crawl rules must be the current ones before any request.
    return urlsplit(url).path == "/robots.txt"


def _header(response: Response, name: bytes) -> str | None:
    value = response.headers.get(name)
    return value.decode("latin-1") if value is not None else None


class NotDueRecordPages:
    """Spider middleware: a record-page request that is not due becomes a SeenItem.

    Runs last on the spider's output (priority 5), after the depth and URL-length
    checks accepted the request, and saves it the scheduler and downloader round trip:
    with ``MIRROR_REVISIT_DAYS`` most film pages of a re-crawl are not due. A record
    listed twice is answered once, as the dupefilter would have fetched it once. Off
    unless archiving is on with that setting above 0.
    """

    def __init__(self, crawler: Crawler, context: CrawlContext) -> None:
        self.crawler = crawler
        self.context = context
        self._answered: set[str] = set()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> NotDueRecordPages:
        context = CrawlContext.of(crawler)
        policy = RevisitPolicy.from_days(crawler.settings.get(REVISIT_DAYS_SETTING))
        if policy.checks_every_run or context.archive_dir is None:
            raise NotConfigured()
        return cls(crawler, context)

    async def process_spider_output_async(
        self, response: Response, result: AsyncIterator[Any]
    ) -> AsyncIterator[Any]:
        async for output in result:
            kept = self._seen_if_not_due(output)
            if kept is not None:
                yield kept

    def process_spider_output(self, response: Response, result: Iterable[Any]) -> Iterator[Any]:
        for output in result:
            kept = self._seen_if_not_due(output)
            if kept is not None:
                yield kept

    def _seen_if_not_due(self, output: Any) -> Any:
        """The output, or a SeenItem in place of a request not due, or None for a record
        already answered."""
        if not isinstance(output, Request) or not output.meta.get(RECORD_PAGE_META_KEY):
            return output
        # The schedule is the WARC middleware's, registered when it was built; none when it
        # is off (a refused run, or no digest index): then every page is due.
        schedule = self.context.page_schedule
        spider = self.crawler.spider
        if schedule is None or schedule.is_due(output) or not isinstance(spider, FestivalSpider):
            return output
        record_id = spider.record_id_of(output)
        if record_id is None:
            return output
        if record_id in self._answered:
            return None
        self._answered.add(record_id)
        if self.crawler.stats is not None:
            self.crawler.stats.inc_value("archive/not_checked")
        return SeenItem(festival=spider.festival, film_id=record_id, checked=False)
