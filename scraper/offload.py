"""Run a spider's extraction callback in worker processes, off the reactor thread.

Why: against a loopback replica the crawl is bound by the one thread that runs the
Twisted reactor, and parsing film pages (lxml plus our field parsing) was about a
fifth of that thread's work. A worker process runs the *same* synchronous callback on
a response rebuilt from plain data (class, URL, status, headers, body, encoding, flags,
cb_kwargs); what it yields comes back pickled. Items come back as they are; requests
come back as ``Request.to_dict()`` and are rebuilt against the live spider; log
records at or above the crawl's log level are replayed in the crawl process, so
warnings and ``log_count/*`` stats are the same as inline. An exception raised by
the callback is raised in the crawl process after the outputs yielded before it,
with the worker's traceback attached as a note.

An offloaded callback must depend only on the response, its cb_kwargs and the
spider's plain attributes and settings: a worker's spider is a fresh instance with
those copied, and has no crawler, stats or signals.
"""

from __future__ import annotations

import itertools
import logging
import multiprocessing
import pickle
import socket
import traceback
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from multiprocessing.process import BaseProcess
from typing import Any

import scrapy
from scrapy.http import Request, TextResponse
from scrapy.settings import Settings
from scrapy.utils.defer import maybe_deferred_to_future
from scrapy.utils.request import request_from_dict
from twisted.internet.defer import Deferred
from twisted.internet.protocol import Factory, connectionDone
from twisted.internet.threads import deferToThread
from twisted.protocols.basic import Int32StringReceiver
from twisted.python.failure import Failure

from common.gc_tuning import tune_collector
from scraper.collector import SETTING as GC_TUNING_SETTING

logger = logging.getLogger(__name__)

# Values that cross to a worker as the spider's attributes and settings.
_PLAIN = (str, int, float, bool, type(None))
# LogRecord attributes that are not plain data (the spider object of Scrapy's
# SpiderLoggerAdapter, the exception of exc_info): replaced before pickling.
_SPIDER_ATTR = "spider"


@dataclass(frozen=True)
class PageJob:
    """One response to run a callback on, as plain data."""

    callback: str
    response_class: type[TextResponse]
    url: str
    status: int
    headers: dict[bytes, list[bytes]]
    body: bytes
    encoding: str
    flags: list[str]
    cb_kwargs: dict[str, Any]

    @classmethod
    def from_response(
        cls, callback: str, response: TextResponse, cb_kwargs: dict[str, Any]
    ) -> PageJob:
        return cls(
            callback=callback,
            response_class=type(response),
            url=response.url,
            status=response.status,
            headers=dict(response.headers),  # Headers already holds lists of bytes
            body=response.body,
            encoding=response.encoding,
            flags=list(response.flags),
            cb_kwargs=dict(cb_kwargs),
        )

    def response(self) -> TextResponse:
        request = Request(self.url, cb_kwargs=self.cb_kwargs)
        return self.response_class(
            url=self.url,
            status=self.status,
            headers=self.headers,
            body=self.body,
            encoding=self.encoding,
            flags=self.flags,
            request=request,
        )


@dataclass
class JobResult:
    """What a callback yielded (items; requests as dicts), its logs, and its error."""

    outputs: list[tuple[str, Any]] = field(default_factory=list)  # ("item"|"request", x)
    records: list[logging.LogRecord] = field(default_factory=list)
    error: BaseException | None = None


def spider_state(spider: scrapy.Spider) -> tuple[dict[str, Any], dict[str, Any]]:
    """The spider's plain attributes and plain settings, for a worker's copy of it."""
    attributes = {
        name: value
        for name, value in vars(spider).items()
        if isinstance(value, _PLAIN)
        or (isinstance(value, list | tuple) and all(isinstance(v, str) for v in value))
    }
    settings = getattr(spider, "settings", None)
    values: dict[str, Any] = {}
    if settings is not None:
        for name in settings:
            value = settings[name]
            if isinstance(value, _PLAIN):
                values[name] = value
    return attributes, values


# -- worker side ------------------------------------------------------------------------

_worker_spider: scrapy.Spider | None = None
_worker_records: list[logging.LogRecord] = []


class _Collect(logging.Handler):
    def emit(self, record: logging.LogRecord) -> None:
        _worker_records.append(_plain_record(record))


def _plain_record(record: logging.LogRecord) -> logging.LogRecord:
    """A picklable copy: message formatted, traceback as text, no spider object."""
    data = dict(vars(record))
    data["msg"] = record.getMessage()
    data["args"] = None
    if record.exc_info:
        data["exc_text"] = logging.Formatter().formatException(record.exc_info)
    data["exc_info"] = None
    data[_SPIDER_ATTR] = _SPIDER_ATTR in data  # restored to the live spider on replay
    return logging.makeLogRecord(data)


def _init_worker(
    spider_class: type[scrapy.Spider],
    attributes: dict[str, Any],
    settings: dict[str, Any],
    log_level: int,
) -> None:
    global _worker_spider
    spider = spider_class()
    spider.__dict__.update(attributes)
    spider.settings = Settings(settings)
    _worker_spider = spider
    root = logging.getLogger()
    root.handlers[:] = [_Collect(level=log_level)]
    root.setLevel(log_level)


def _run_job(job: PageJob) -> JobResult:
    spider = _worker_spider
    if spider is None:
        raise RuntimeError("extraction worker used before it was initialised")
    result = JobResult()
    try:
        callback = getattr(spider, job.callback)
        for output in callback(job.response(), **job.cb_kwargs) or ():
            if isinstance(output, Request):
                result.outputs.append(("request", output.to_dict(spider=spider)))
            else:
                result.outputs.append(("item", output))
    except Exception as exc:
        result.error = _picklable_error(exc)
    result.records = list(_worker_records)
    _worker_records.clear()
    return result


def _picklable_error(exc: Exception) -> Exception:
    remote = "".join(traceback.format_exception(exc)).rstrip()
    try:
        copy = pickle.loads(pickle.dumps(exc))
    except Exception:
        copy = RuntimeError(f"{type(exc).__name__}: {exc}")
    if isinstance(copy, Exception):
        copy.add_note(f"in the extraction worker:\n{remote}")
        return copy
    return RuntimeError(f"{type(exc).__name__}: {exc}")


# -- crawl side -------------------------------------------------------------------------


class WorkerLost(RuntimeError):
    """The extraction worker went away with jobs in flight."""


class _WorkerProtocol(Int32StringReceiver):
    """The crawl end of one worker's socket: jobs out, results back, in order."""

    MAX_LENGTH = 1 << 28  # a frame is one page's body, or what a callback yielded

    def __init__(self) -> None:
        self.pending: dict[int, Deferred[JobResult]] = {}
        self.lost = False
        self.closed: Deferred[None] = Deferred()  # fires when the connection is gone

    def submit(self, job_id: int, job: PageJob) -> Deferred[JobResult]:
        deferred: Deferred[JobResult] = Deferred()
        self.pending[job_id] = deferred
        self.sendString(pickle.dumps((job_id, job), protocol=pickle.HIGHEST_PROTOCOL))
        return deferred

    def stringReceived(self, string: bytes) -> None:
        job_id, result = pickle.loads(string)
        self.pending.pop(job_id).callback(result)

    def connectionLost(self, reason: Failure = connectionDone) -> None:
        self.lost = True
        pending, self.pending = self.pending, {}
        for deferred in pending.values():
            deferred.errback(WorkerLost("the extraction worker exited"))
        if not self.closed.called:
            self.closed.callback(None)


class _OneProtocol(Factory):
    """A factory for one adopted connection, whose protocol already exists."""

    def __init__(self, protocol: _WorkerProtocol) -> None:
        self.protocol_instance = protocol

    def buildProtocol(self, addr: Any) -> _WorkerProtocol:
        self.protocol_instance.factory = self
        return self.protocol_instance


class ExtractionPool:
    """Worker processes that run one spider's callbacks.

    Each worker is a spawned process joined to the crawl by a socket pair that the
    reactor reads and writes like any connection: no extra threads in the crawl
    process, whose one busy thread is what this pool exists to relieve. Should a
    worker die, its jobs in flight and all later ones run inline, so no page is lost.
    """

    def __init__(self, spider: scrapy.Spider, workers: int, log_level: int = logging.INFO) -> None:
        if workers < 1:
            raise ValueError(f"an extraction pool needs at least one worker, got {workers}")
        from twisted.internet import reactor

        attributes, settings = spider_state(spider)
        # "spawn": a fork of the crawl process would copy the reactor, its sockets and
        # its threads' locks into every worker.
        context = multiprocessing.get_context("spawn")
        self._processes: list[BaseProcess] = []
        self._workers: list[_WorkerProtocol] = []
        self._job_ids = itertools.count()
        for _ in range(workers):
            ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
            process = context.Process(
                target=_worker_main,
                args=(theirs, type(spider), attributes, settings, log_level),
                name="extraction-worker",
                daemon=True,
            )
            process.start()
            theirs.close()
            protocol = _WorkerProtocol()
            reactor.adoptStreamConnection(ours.fileno(), socket.AF_UNIX, _OneProtocol(protocol))
            ours.close()  # the reactor holds its own duplicate
            self._processes.append(process)
            self._workers.append(protocol)
        self._warned = False
        logger.debug("started %d extraction worker(s)", workers)

    async def run(
        self,
        spider: scrapy.Spider,
        callback: str,
        response: TextResponse,
        cb_kwargs: dict[str, Any],
    ) -> Iterator[Any]:
        """What ``spider.<callback>(response, **cb_kwargs)`` yields, run in a worker.

        A coroutine that returns a plain iterator, not an async generator: Scrapy then
        passes the output through the synchronous spider-middleware chain, which costs
        the crawl's busy thread a fraction of the asynchronous one per page.
        """
        worker = self._least_busy()
        if worker is not None:
            job = PageJob.from_response(callback, response, cb_kwargs)
            try:
                result = await maybe_deferred_to_future(worker.submit(next(self._job_ids), job))
            except WorkerLost:
                self._warn_lost()
            else:
                return _outputs(result, spider)
        # No live worker: the callback runs here, as without a pool.
        return iter(getattr(spider, callback)(response, **cb_kwargs) or ())

    def _least_busy(self) -> _WorkerProtocol | None:
        live = [worker for worker in self._workers if not worker.lost]
        if len(live) < len(self._workers):
            self._warn_lost()
        return min(live, key=lambda worker: len(worker.pending)) if live else None

    def _warn_lost(self) -> None:
        if not self._warned:
            self._warned = True
            logger.error("an extraction worker exited; its pages are parsed in the crawl process")

    async def close(self) -> None:
        """Close the sockets (a worker exits at end of input) and wait for the workers.

        The reactor must keep running meanwhile: it is what closes the sockets, so
        blocking it in a join would leave every worker waiting for an end of input
        that never comes.
        """
        for worker in self._workers:
            transport: Any = worker.transport
            if transport is not None:
                transport.loseConnection()
        for worker in self._workers:
            await maybe_deferred_to_future(worker.closed)
        await maybe_deferred_to_future(deferToThread(self._reap))

    def _reap(self) -> None:
        for process in self._processes:
            process.join(timeout=10)
            if process.is_alive():
                logger.warning("an extraction worker did not exit at end of input; killed")
                process.kill()
                process.join()
        codes = [process.exitcode for process in self._processes]
        logger.debug("extraction workers exited with codes %s", codes)


def _worker_main(
    sock: socket.socket,
    spider_class: type[scrapy.Spider],
    attributes: dict[str, Any],
    settings: dict[str, Any],
    log_level: int,
) -> None:
    """A worker's loop: read a framed job, run it, write the framed result; EOF ends it."""
    _init_worker(spider_class, attributes, settings, log_level)
    if Settings(settings).getbool(GC_TUNING_SETTING, True):
        tune_collector()
    with sock, sock.makefile("rb") as frames:
        while len(header := frames.read(4)) == 4:
            job_id, job = pickle.loads(frames.read(int.from_bytes(header, "big")))
            data = pickle.dumps((job_id, _run_job(job)), protocol=pickle.HIGHEST_PROTOCOL)
            sock.sendall(len(data).to_bytes(4, "big") + data)


def _outputs(result: JobResult, spider: scrapy.Spider) -> Iterator[Any]:
    """The worker's outputs, then its error if the callback raised: as a generator
    callback run here would have yielded them."""
    _replay(result.records, spider)
    for kind, output in result.outputs:
        yield request_from_dict(output, spider=spider) if kind == "request" else output
    if result.error is not None:
        raise result.error


def _replay(records: Iterable[logging.LogRecord], spider: scrapy.Spider) -> None:
    for record in records:
        if getattr(record, _SPIDER_ATTR, False) is True:
            setattr(record, _SPIDER_ATTR, spider)
        named = logging.getLogger(record.name)
        if named.isEnabledFor(record.levelno):
            named.handle(record)
