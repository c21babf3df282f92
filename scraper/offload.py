"""Run a spider's extraction callbacks in worker processes, off the reactor thread.

Why: against a loopback replica the crawl is bound by the one thread that runs the
Twisted reactor, and parsing film pages (lxml plus our field parsing) was about a
fifth of that thread's work. A worker process runs the *same* synchronous callback on
a response rebuilt from plain data (class, URL, status, headers, body, encoding, flags,
cb_kwargs); what it yields comes back pickled. Items come back as they are; requests
come back as ``Request.to_dict()`` and are rebuilt against the live spider; log
records at or above the crawl's log level are replayed in the crawl process as they
are emitted, so warnings and ``log_count/*`` stats are the same as inline. An exception
raised by the callback is raised in the crawl process after the outputs yielded before
it, with the worker's traceback attached as a note.

The items a callback yields are checked against their declarations in the worker too
(scraper/validation.py), and come back with the verdict for the item pipeline to act
on: the crawl's busy thread is its bottleneck, and checking was 1-2% of its time.

A spider marks the callbacks that may run here with :func:`offloadable`; the base
spider (scraper/festival_spider.py) routes them here when ``MIRROR_EXTRACT_WORKERS`` is
above 0. Such a callback must depend only on the response, its cb_kwargs and the
spider's plain attributes and settings: a worker's spider is a fresh instance with
those copied, and has no crawler, stats or signals.

Each worker is a :class:`common.workers.WorkerProcess` (spawned, its start-up, the
error naming its exit code, the stop). The crawl end of its connection is read by the
reactor rather than by a thread blocking on it, as the store process's is: that keeps
extra threads out of the crawl process, whose one busy thread is what this pool exists
to relieve, and lets several pages be in flight to each worker.
"""

from __future__ import annotations

import functools
import itertools
import logging
import pickle
import socket
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, TypeVar

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

from common.workers import (
    LOG,
    WorkerDied,
    WorkerEnd,
    WorkerProcess,
    portable_exception,
    replay_log,
)
from scraper.collector import SETTING as GC_TUNING_SETTING
from scraper.priority import helper_niceness
from scraper.validation import InvalidItem, check_item, remember_verdict

logger = logging.getLogger(__name__)

WORKER_NAME = "extraction-worker"
# Values that cross to a worker as the spider's attributes and settings.
_PLAIN = (str, int, float, bool, type(None))
_RESULT = "result"  # the kind of a worker's message that answers a job
_OFFLOADABLE = "_mirror_offloadable"

_Callback = TypeVar("_Callback", bound=Callable[..., Any])


def offloadable(callback: _Callback) -> _Callback:
    """Mark a spider callback as one that may run in an extraction worker.

    The callback stays an ordinary synchronous method (tests and ``scrapy check`` call
    it as written); the base spider decides where it runs.
    """
    setattr(callback, _OFFLOADABLE, True)
    return callback


def offloadable_callbacks(spider_class: type[scrapy.Spider]) -> list[str]:
    """The names of `spider_class`'s callbacks marked :func:`offloadable`."""
    return sorted(
        name
        for name in dir(spider_class)
        if getattr(getattr(spider_class, name, None), _OFFLOADABLE, False)
    )


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
    """What a callback yielded (items; requests as dicts), and its error."""

    # ("request", its dict) or ("item", (the item, why it is invalid: (fields, reason)
    # or None)): an item is checked against its declaration here, beside its parsing.
    outputs: list[tuple[str, Any]] = field(default_factory=list)
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


def _serve(
    worker: WorkerEnd,
    spider_class: type[scrapy.Spider],
    attributes: dict[str, Any],
    settings: dict[str, Any],
) -> None:
    """A worker's loop: read a framed job, run it, write the framed result; EOF ends it.

    The frames are multiprocessing's (a 4-byte big-endian length, then the pickle), the
    same as Twisted's Int32StringReceiver at the crawl end.
    """
    spider = spider_class()
    spider.__dict__.update(attributes)
    spider.settings = Settings(settings)
    worker.ready()
    connection = worker.connection
    while True:
        try:
            job_id, job = pickle.loads(connection.recv_bytes())
        except EOFError:
            return
        result = (_RESULT, (job_id, _run_job(spider, job)))
        connection.send_bytes(pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL))


def _run_job(spider: scrapy.Spider, job: PageJob) -> JobResult:
    result = JobResult()
    try:
        callback = getattr(spider, job.callback)
        for output in callback(job.response(), **job.cb_kwargs) or ():
            if isinstance(output, Request):
                result.outputs.append(("request", _portable_request(output, spider)))
            else:
                result.outputs.append(("item", (output, _problem(output, spider))))
    except Exception as exc:
        result.error = portable_exception(exc)
    return result


def _problem(item: Any, spider: scrapy.Spider) -> tuple[list[str], str] | None:
    """Why ``item`` may not enter the mirror, as plain data (InvalidItem does not
    survive pickling: its constructor takes two arguments); None when it may."""
    try:
        check_item(item, spider)
    except InvalidItem as invalid:
        return invalid.fields, invalid.reason
    return None


def _portable_request(request: Request, spider: scrapy.Spider) -> dict[str, Any]:
    """``request.to_dict(spider=spider)``, without Scrapy's search for the callback's name.

    Scrapy names a callback by listing every method of the spider (inspect.getmembers,
    about 0.1 ms a request: a tenth of a worker's time in a crawl whose listings yield
    12,000 film requests). A method bound to this spider and reachable under its own
    ``__name__`` is named by that; any other callable is left to Scrapy. The request
    is the worker's own, about to be discarded: its callbacks are replaced by their
    names in place.
    """
    for role in ("callback", "errback"):
        method = getattr(request, role)
        name = _bound_name(method, spider) if callable(method) else None
        if name is not None:
            setattr(request, role, name)
    return request.to_dict(spider=spider)


def _bound_name(method: Callable[..., Any], spider: scrapy.Spider) -> str | None:
    name = getattr(method, "__name__", None)
    if getattr(method, "__self__", None) is not spider or not isinstance(name, str):
        return None
    return name if getattr(spider, name, None) == method else None


# -- crawl side -------------------------------------------------------------------------


class WorkerLost(RuntimeError):
    """The extraction worker went away with jobs in flight."""


class _WorkerProtocol(Int32StringReceiver):
    """The crawl end of one worker's connection: jobs out; log records and results back."""

    MAX_LENGTH = 1 << 28  # a frame is one page's body, or what a callback yielded

    def __init__(self, spider: scrapy.Spider, on_lost: Callable[[], None]) -> None:
        self.spider = spider
        self.on_lost = on_lost
        self.pending: dict[int, Deferred[JobResult]] = {}
        self.lost = False
        self.closed: Deferred[None] = Deferred()  # fires when the connection is gone

    def submit(self, job_id: int, job: PageJob) -> Deferred[JobResult]:
        deferred: Deferred[JobResult] = Deferred()
        self.pending[job_id] = deferred
        self.sendString(pickle.dumps((job_id, job), protocol=pickle.HIGHEST_PROTOCOL))
        return deferred

    def stringReceived(self, string: bytes) -> None:
        kind, payload = pickle.loads(string)
        if kind == LOG:
            if hasattr(payload, "spider"):  # a record of spider.logger: the live spider
                payload.spider = self.spider
            replay_log(payload)
            return
        job_id, result = payload
        self.pending.pop(job_id).callback(result)

    def connectionLost(self, reason: Failure = connectionDone) -> None:
        self.lost = True
        pending, self.pending = self.pending, {}
        for deferred in pending.values():
            deferred.errback(WorkerLost("the extraction worker exited"))
        self.on_lost()
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

    Each worker is joined to the crawl by a socket pair that the reactor reads and
    writes like any connection: no extra threads in the crawl process. Should a worker
    die, its jobs in flight and all later ones run inline, so no page is lost.
    """

    def __init__(self, spider: scrapy.Spider, workers: int, log_level: int = logging.INFO) -> None:
        if workers < 1:
            raise ValueError(f"an extraction pool needs at least one worker, got {workers}")
        from twisted.internet import reactor

        self._spider = spider
        attributes, settings = spider_state(spider)
        plain_settings = Settings(settings)
        tune_gc = plain_settings.getbool(GC_TUNING_SETTING, True)
        nice = helper_niceness(plain_settings)
        self._processes: list[WorkerProcess] = []
        self._workers: list[_WorkerProtocol] = []
        self._job_ids = itertools.count()
        self._closing = False
        for _ in range(workers):
            process = WorkerProcess(
                WORKER_NAME,
                _serve,
                (type(spider), attributes, settings),
                tune_gc=tune_gc,
                log_level=log_level,
                nice=nice,
            )
            protocol = _WorkerProtocol(spider, on_lost=functools.partial(self._lost, process))
            reactor.adoptStreamConnection(
                process.connection.fileno(), socket.AF_UNIX, _OneProtocol(protocol)
            )
            process.connection.close()  # the reactor holds its own duplicate
            self._processes.append(process)
            self._workers.append(protocol)
        logger.debug("started %d extraction worker(s)", workers)

    async def run(
        self,
        callback: Callable[..., Iterable[Any]],
        response: TextResponse,
        cb_kwargs: dict[str, Any],
    ) -> Iterator[Any]:
        """What ``callback(response, **cb_kwargs)`` (a method of the pool's spider, run in
        a worker by its name) yields.

        A coroutine that returns a plain iterator, not an async generator: Scrapy then
        passes the output through the synchronous spider-middleware chain, which costs
        the crawl's busy thread a fraction of the asynchronous one per page.
        """
        worker = self._least_busy()
        if worker is not None:
            job = PageJob.from_response(callback.__name__, response, cb_kwargs)
            try:
                result = await maybe_deferred_to_future(worker.submit(next(self._job_ids), job))
            except WorkerLost:
                pass  # reported by _lost; the page is parsed here
            else:
                return _outputs(result, self._spider)
        # No live worker: the callback runs here, as without a pool.
        return iter(callback(response, **cb_kwargs) or ())

    def _least_busy(self) -> _WorkerProtocol | None:
        live = [worker for worker in self._workers if not worker.lost]
        return min(live, key=lambda worker: len(worker.pending)) if live else None

    def _lost(self, process: WorkerProcess) -> None:
        """A worker's connection closed: unless we closed it, say why it exited (its exit
        code comes from a thread: the reactor must not wait on the process)."""
        if self._closing:
            return

        def report(died: WorkerDied) -> None:
            logger.error("%s; its pages are parsed in the crawl process", died)

        deferToThread(process.died, WorkerDied).addCallback(report)

    async def close(self) -> None:
        """Close the sockets (a worker exits at end of input) and wait for the workers.

        The reactor must keep running meanwhile: it is what closes the sockets, so
        blocking it in a join would leave every worker waiting for an end of input
        that never comes.
        """
        self._closing = True
        for worker in self._workers:
            transport: Any = worker.transport
            if transport is not None:
                transport.loseConnection()
        for worker in self._workers:
            await maybe_deferred_to_future(worker.closed)
        codes = await maybe_deferred_to_future(deferToThread(self._stop_all))
        logger.debug("extraction workers exited with codes %s", codes)

    def _stop_all(self) -> list[int | None]:
        return [process.stop() for process in self._processes]


def _outputs(result: JobResult, spider: scrapy.Spider) -> Iterator[Any]:
    """The worker's outputs, then its error if the callback raised: as a generator
    callback run here would have yielded them."""
    for kind, output in result.outputs:
        if kind == "request":
            yield request_from_dict(output, spider=spider)
            continue
        item, problem = output
        remember_verdict(item, InvalidItem(*problem) if problem is not None else None)
        yield item
    if result.error is not None:
        raise result.error
