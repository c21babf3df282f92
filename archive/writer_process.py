"""The rotating WARC writer in a child process: the crawl only sends each exchange.

Why: against a loopback replica the crawl is bound by the one thread that runs the
Twisted reactor, and building WARC records in it (warcio's header parsing and
serialisation, record ids, digests, gzip) cost about 0.4 ms an exchange, a sixth of
that thread's work. A writer thread did not help (warcio holds the GIL); a child
process runs it on the other core, and the crawl's share is pickling the exchange (a few
KB) onto a pipe.

:class:`WarcWriterProcess` has the surface of :class:`archive.writer.RotatingWarcWriter`
that the crawl uses (the :class:`ArchiveWriter` protocol), with one difference: writes
are fire-and-forget. What a revisit refers to is decided here before the write
(:meth:`plan`: record ids, date, payload digest), so nothing waits for the child; only
where the response went (file and offset) comes back later, to the ``on_written`` hook,
and each finished file to ``on_finished``, as the in-process writer reports them.

The protocol, every message a ``(kind, payload)`` pair on the worker's connection:

- to the child: batches of writes (an exchange with its plan; a revisit) and calls
  (``sync``, ``path_of``, ``open_path``, ``close``, each with a token). With a
  ``call_later`` (the reactor's) writes wait up to :data:`SEND_DELAY_S` to go in a
  batch of up to :data:`BATCH_MESSAGES`: one pickle and one pipe write for the lot,
  since every write to the pipe lets the GIL go and the crawl's thread then waits to
  get it back. A call sends what waits first;
- from the child: where exchanges went, :data:`PLACEMENTS_PER_REPORT` at a time (the
  crawl rarely needs one: :meth:`WarcWriterProcess.sync` asks for the rest); a finished
  file; the answer to a call, after everything sent before it; an error; forwarded log
  records.

A thread reads the child's messages into a queue, so the child never blocks on a full
pipe. The queue is emptied in the caller's thread (the reactor's in a crawl): at each
write, at each call, and, so that a finished file or a dead child is seen when no write
comes, whenever the thread hands it something with ``call_soon``
(``reactor.callFromThread``). Hooks therefore run in the thread that drives the writer.

If the child dies or a write fails there, the writer is *failed*: ``on_failed`` gets
the error once and every later call raises :class:`WarcWriterDied`. The child stops at
its first failed write and leaves its open file for the next run's recovery
(archive/recovery.py), which keeps the complete records and quarantines the rest. So
does a child whose crawl was killed (its end of the pipe closed without a ``close``):
it flushes the records it has and exits, never renaming a file another run may be
about to recover.

The process itself (spawning, start-up, log forwarding, its exit code when it dies,
the stop) is a :class:`common.workers.WorkerProcess`.
"""

from __future__ import annotations

import contextlib
import itertools
import logging
import queue
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any, Protocol

from archive.http import HttpExchange
from archive.writer import (
    DEFAULT_MAX_FILE_BYTES,
    FinishedWarc,
    PlannedExchange,
    RevisitProfile,
    RevisitTarget,
    RotatingWarcWriter,
    WrittenExchange,
    new_record_id,
    plan_exchange,
    utc_now,
)
from common.workers import (
    LOG,
    STOP_TIMEOUT_S,
    WorkerDied,
    WorkerEnd,
    WorkerProcess,
    portable_exception,
    replay_log,
)

logger = logging.getLogger(__name__)

PROCESS_NAME = "warc-writer"

# to the child, in batches
_BATCH, _EXCHANGE, _REVISIT, _CALL = "batch", "exchange", "revisit", "call"
# from the child
_WRITTEN, _FINISHED, _ANSWER, _ERROR = "written", "finished", "answer", "error"
# from the reader thread: the child is gone (its payload: the error to raise)
_GONE = "gone"

_CALLS = frozenset({"sync", "path_of", "open_path", "close"})
# Writes go to the child in batches of up to this many, or after this delay.
BATCH_MESSAGES = 64
SEND_DELAY_S = 0.05
# The child reports where records went once it has this many to tell (or when asked,
# or when a file is finished): few are ever needed, and each report wakes the parent.
PLACEMENTS_PER_REPORT = 256


class WarcWriterDied(WorkerDied):
    """The WARC writer process exited, or failed a write: the archive is incomplete."""


class ArchiveWriter(Protocol):
    """What the crawl's WARC middleware needs of a writer: in this process
    (:class:`archive.writer.RotatingWarcWriter`) or in a child (:class:`WarcWriterProcess`).
    """

    directory: Path
    on_finished: Callable[[FinishedWarc], None] | None
    on_written: Callable[[WrittenExchange], None] | None
    finished_files: list[Path]

    @property
    def open_path(self) -> Path | None: ...
    def plan(self, exchange: HttpExchange) -> PlannedExchange: ...
    def write_exchange(self, exchange: HttpExchange, planned: PlannedExchange) -> object: ...
    def write_revisit_exchange(
        self, exchange: HttpExchange, original: RevisitTarget, profile: RevisitProfile
    ) -> object: ...
    def sync(self) -> None: ...
    def path_of(self, filename: str) -> Path: ...
    def close(self) -> None: ...


@dataclass(frozen=True)
class WriterOptions:
    """How the child builds its RotatingWarcWriter (plain data: it crosses to the child)."""

    directory: Path
    prefix: str
    max_file_bytes: int
    info: dict[str, str]
    index_dir: Path | None


@dataclass(frozen=True, slots=True)
class RevisitOriginal:
    """A revisit's original as plain data: any RevisitTarget may not pickle."""

    response_id: str
    url: str
    date: str
    payload_digest: str

    @classmethod
    def of(cls, target: RevisitTarget) -> RevisitOriginal:
        return cls(target.response_id, target.url, target.date, target.payload_digest)


class WarcWriterProcess:
    """A RotatingWarcWriter in a spawned child, written to without waiting.

    Drive it from one thread (the reactor's): its hooks run there. `call_soon`, when
    given, must run a callable in that thread soon, and be callable from any thread
    (``reactor.callFromThread``). `call_later`, when given, runs a callable in that
    thread after a delay (``reactor.callLater``): writes are then sent in batches, at
    most :data:`SEND_DELAY_S` late; without it each write is sent at once. The child
    tunes its collector when `tune_gc` and runs `nice` steps below this process.
    """

    def __init__(
        self,
        directory: Path,
        *,
        prefix: str = "crawl",
        max_file_bytes: int = DEFAULT_MAX_FILE_BYTES,
        info: Mapping[str, str] | None = None,
        index_dir: Path | None = None,
        clock: Callable[[], datetime] = utc_now,
        record_ids: Callable[[], str] = new_record_id,
        on_finished: Callable[[FinishedWarc], None] | None = None,
        on_written: Callable[[WrittenExchange], None] | None = None,
        on_failed: Callable[[WarcWriterDied], None] | None = None,
        call_soon: Callable[[Callable[[], None]], Any] | None = None,
        call_later: Callable[[float, Callable[[], None]], Any] | None = None,
        tune_gc: bool = False,
        nice: int = 0,
    ) -> None:
        self.directory = Path(directory)
        self.clock = clock
        self.record_ids = record_ids
        self.on_finished = on_finished
        self.on_written = on_written
        self.on_failed = on_failed
        self.finished_files: list[Path] = []
        self.failure: WarcWriterDied | None = None
        self._call_soon = call_soon
        self._call_later = call_later
        self._outbox: list[tuple[str, Any]] = []  # writes not sent yet
        self._send_scheduled = False
        self._tokens = itertools.count()
        self._inbox: queue.SimpleQueue[tuple[str, Any]] = queue.SimpleQueue()
        self._closed = False
        self._closing = False  # the child was asked to close: its exit is expected
        options = WriterOptions(
            self.directory,
            prefix,
            max_file_bytes,
            dict(info or {}),
            Path(index_dir) if index_dir is not None else None,
        )
        self._worker = WorkerProcess(PROCESS_NAME, _serve, (options,), tune_gc=tune_gc, nice=nice)
        self._conn = self._worker.connection
        self._reader = threading.Thread(
            target=self._read, name=f"{PROCESS_NAME}-reader", daemon=True
        )
        self._reader.start()

    @property
    def pid(self) -> int | None:
        return self._worker.pid

    # -- writes: sent, not waited for -----------------------------------------------------

    def plan(self, exchange: HttpExchange) -> PlannedExchange:
        """The ids, date and payload digest the exchange's records will have."""
        return plan_exchange(exchange, self.record_ids, self.clock)

    def write_exchange(self, exchange: HttpExchange, planned: PlannedExchange) -> None:
        """Send the exchange to be written as `planned`; ``on_written`` says where it went."""
        # As tuples: pickling a slotted dataclass costs five times as much.
        self._send((_EXCHANGE, (_exchange_fields(exchange), _planned_fields(planned))))

    def write_revisit_exchange(
        self, exchange: HttpExchange, original: RevisitTarget, profile: RevisitProfile
    ) -> None:
        """Send a revisit of `original` (see RotatingWarcWriter.write_revisit_exchange)."""
        original_fields = _planned_fields(RevisitOriginal.of(original))
        self._send((_REVISIT, (_exchange_fields(exchange), original_fields, profile)))

    # -- calls: answered after everything sent before -------------------------------------

    def sync(self) -> None:
        """Wait until everything sent so far is written and reported to the hooks."""
        self._call("sync")

    def path_of(self, filename: str) -> Path:
        """Where a file can be read now (its records written this run flushed first)."""
        finished = self.directory / filename
        if finished.exists():
            return finished  # a finished name is a complete file: no need to ask
        path: Path = self._call("path_of", filename)  # open in the child, or missing
        return path

    @property
    def open_path(self) -> Path | None:
        """The file the child has open, if any."""
        path: Path | None = self._call("open_path")
        return path

    def close(self) -> None:
        """Finish the open file (its ``on_finished`` runs before this returns) and end
        the child. Safe to call twice; raises WarcWriterDied if the child failed."""
        if self._closed:
            self._raise_if_failed()
            return
        self._closing = True
        try:
            self._call("close")
        finally:
            self._closed = True
            # The child exits once it has answered: the reader sees its end of input.
            self._reader.join(timeout=STOP_TIMEOUT_S)
            self._worker.stop()
            self._reader.join()
            self._drain()

    # -- the parent's side of the connection ----------------------------------------------

    def _send(self, message: tuple[str, Any]) -> None:
        """Queue a message; send the queue now when it is full, or when no `call_later`
        can send it shortly."""
        if not self._inbox.empty():
            self._drain()  # what the child reported meanwhile, without waiting
        self._raise_if_failed()
        if self._closed:
            raise WarcWriterDied("the WARC writer is closed")
        self._outbox.append(message)
        if self._call_later is None or len(self._outbox) >= BATCH_MESSAGES:
            self._send_outbox()
        elif not self._send_scheduled:
            self._send_scheduled = True
            self._call_later(SEND_DELAY_S, self._send_later)

    def _send_later(self) -> None:
        self._send_scheduled = False
        if self._outbox and not self._closed and self.failure is None:
            with contextlib.suppress(WarcWriterDied):  # on_failed has been told
                self._send_outbox()

    def _send_outbox(self) -> None:
        # One pickle and one write for the lot: each write to the pipe lets the GIL go.
        batch, self._outbox = self._outbox, []
        try:
            self._conn.send((_BATCH, batch))
        except OSError as exc:
            # The child is gone; the reader thread says how (its exit code).
            self._wait_for_failure()
            raise self._failed_error() from exc

    def _call(self, name: str, *args: Any) -> Any:
        token = next(self._tokens)
        self._send((_CALL, (token, name, args)))
        if self._outbox:
            self._send_outbox()
        while True:
            kind, payload = self._inbox.get()
            if kind == _ANSWER and payload[0] == token:
                return payload[1]
            self._handle(kind, payload)
            if kind == _GONE:  # even an exit we asked for: it came before the answer
                self._fail(payload or WarcWriterDied(f"the {PROCESS_NAME} process exited"))
            self._raise_if_failed()

    def _read(self) -> None:
        """The reader thread: every message of the child into the inbox, then its end."""
        while True:
            try:
                message = self._conn.recv()
            except (EOFError, OSError):
                break
            self._inbox.put(message)
            if message[0] != _WRITTEN:  # placements can wait for the next write
                self._wake()
        if self._closing:
            self._inbox.put((_GONE, None))
        else:
            self._inbox.put((_GONE, self._worker.died(WarcWriterDied)))
        self._wake()

    def _wake(self) -> None:
        if self._call_soon is not None:
            self._call_soon(self._drain)

    def _drain(self) -> None:
        """Handle what the child reported, without waiting."""
        while True:
            try:
                kind, payload = self._inbox.get_nowait()
            except queue.Empty:
                return
            self._handle(kind, payload)

    def _handle(self, kind: str, payload: Any) -> None:
        if kind == LOG:
            replay_log(payload)
        elif kind == _WRITTEN:
            if self.on_written is not None:
                for written in payload:
                    self.on_written(written)
        elif kind == _FINISHED:
            self.finished_files.append(payload.path)
            if self.on_finished is not None:
                self.on_finished(payload)
        elif kind == _ERROR:
            error = f"{type(payload).__name__}: {payload}".splitlines()[0]
            self._fail(WarcWriterDied(f"the WARC writer failed: {error}"), payload)
        elif kind == _GONE and payload is not None:
            self._fail(payload)

    def _fail(self, error: WarcWriterDied, cause: BaseException | None = None) -> None:
        if self.failure is not None:
            return  # the first failure is the cause; the exit that follows it is not news
        if cause is not None:
            error.__cause__ = cause
        self.failure = error
        if self.on_failed is not None:
            self.on_failed(error)

    def _wait_for_failure(self) -> None:
        while self.failure is None:
            kind, payload = self._inbox.get()
            self._handle(kind, payload)
            if kind == _GONE:
                return

    def _failed_error(self) -> WarcWriterDied:
        return self.failure or WarcWriterDied("the WARC writer process is gone")

    def _raise_if_failed(self) -> None:
        if self.failure is not None:
            raise self.failure


def _exchange_fields(exchange: HttpExchange) -> tuple[Any, ...]:
    """The exchange's fields in HttpExchange's order."""
    e = exchange
    return (
        e.url,
        e.request_head,
        e.response_head,
        e.response_body,
        e.request_body,
        e.fetched_at,
        e.ip_address,
    )


def _planned_fields(planned: PlannedExchange | RevisitOriginal) -> tuple[Any, ...]:
    """A plan's (or a revisit original's) fields in its class's order."""
    if isinstance(planned, RevisitOriginal):
        return (planned.response_id, planned.url, planned.date, planned.payload_digest)
    p = planned
    return (p.response_id, p.request_id, p.url, p.date, p.payload_digest)


# -- the child ------------------------------------------------------------------------------


def _serve(worker: WorkerEnd, options: WriterOptions) -> None:
    """Write what the parent sends until it closes its end (or asks to close)."""
    conn = worker.connection
    written: list[WrittenExchange] = []

    def report_written(now: bool) -> None:
        if written and (now or len(written) >= PLACEMENTS_PER_REPORT):
            conn.send((_WRITTEN, list(written)))
            written.clear()

    def finished(done: FinishedWarc) -> None:
        report_written(True)  # the parent hears of a file's records before of the file
        conn.send((_FINISHED, done))

    writer = RotatingWarcWriter(
        options.directory,
        prefix=options.prefix,
        max_file_bytes=options.max_file_bytes,
        info=options.info,
        index_dir=options.index_dir,
        on_finished=finished,
        on_written=written.append,
    )
    worker.ready()
    try:
        _write_until_closed(conn, writer, report_written)
    except OSError:
        pass  # the parent is gone (killed: a clean stop asks us to close first)
    finally:
        # After a failed write or a killed crawl: the open file is left to the next
        # run's recovery, as the crawl's own writer would have left it. (Nothing is
        # open after a clean close.)
        try:
            writer.abandon()
        except OSError as exc:
            logger.error("could not flush %s: %s", writer.open_path, exc)


def _write_until_closed(
    conn: Connection, writer: RotatingWarcWriter, report_written: Callable[[bool], None]
) -> None:
    while True:
        try:
            kind, batch = conn.recv()
        except EOFError as exc:
            raise OSError("the crawl closed its end without closing the writer") from exc
        if kind != _BATCH:
            raise OSError(f"unexpected message {kind!r} from the crawl")
        for kind, payload in batch:
            try:
                if kind == _EXCHANGE:
                    exchange, planned = payload
                    writer.write_exchange(HttpExchange(*exchange), PlannedExchange(*planned))
                    report_written(False)
                elif kind == _REVISIT:
                    exchange, original, profile = payload
                    writer.write_revisit_exchange(
                        HttpExchange(*exchange), RevisitOriginal(*original), profile
                    )
                elif kind == _CALL:
                    token, name, args = payload
                    answer = _answer(writer, name, args)
                    report_written(True)
                    conn.send((_ANSWER, (token, answer)))
                    if name == "close":
                        return
                else:
                    raise ValueError(f"unknown message {kind!r}")
            except Exception as exc:
                # The writer stops here: recovery keeps the open file's complete records.
                report_written(True)
                conn.send((_ERROR, portable_exception(exc)))
                return


def _answer(writer: RotatingWarcWriter, name: str, args: tuple[Any, ...]) -> Any:
    if name not in _CALLS:
        raise ValueError(f"unknown call {name!r}")
    if name == "sync":
        return None
    if name == "path_of":
        return writer.path_of(*args)
    if name == "open_path":
        return writer.open_path
    writer.close()
    return None
