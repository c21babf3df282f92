"""Worker processes: how this project starts, talks to and stops a child process.

Three kinds of worker use it: the crawl's extraction workers (scraper/offload.py), the
crawl's store process (db/store_process.py) and the model and linking workers of an
import (linkage/parallel.py). What they share is here, so they behave alike:

- **spawned, never forked**: every parent holds something a fork would copy half-way
  (the crawl's reactor and sockets, database connections, threads and their locks);
- **one start-up in the child**: SIGINT ignored, log records forwarded to the parent,
  and, once the worker has built what it keeps for its whole life
  (:meth:`WorkerEnd.ready`), the cyclic garbage collector tuned (common/gc_tuning.py)
  and its scheduling priority lowered when asked (`nice`: a crawl's helpers yield the
  CPU to the crawl's reactor, see scraper/priority.py);
- **one duplex connection** per worker (a Unix socket pair; multiprocessing's
  Connection at both ends, or the parent hands its descriptor to an event loop). Every
  message a worker sends is a ``(kind, payload)`` pair; the kind :data:`LOG` carries a
  forwarded log record, which the parent hands to :func:`replay_log`;
- **a clear error when a worker dies**, naming its exit code (:class:`WorkerDied`);
- **an orderly stop**: end of input, a bounded wait, then a kill
  (:meth:`WorkerProcess.stop`).

    worker = WorkerProcess("echo", serve_echo, tune_gc=True)   # parent
    worker.connection.send(("job", 1)); worker.connection.recv()
    worker.stop()

    def serve_echo(end: WorkerEnd) -> None:                    # child (a module function)
        end.ready()
        while True:
            try:
                kind, payload = end.connection.recv()
            except EOFError:
                return  # the parent closed its end: stop
            end.connection.send((kind, payload))

Why SIGINT is ignored: Ctrl-C in a terminal reaches the whole foreground process group.
The parent handles it (Scrapy closes the crawl, flushing its last batch through the
store process; an import unwinds and closes its pools) and stops its workers in order;
a worker interrupted mid-job would instead turn that orderly shutdown into a "worker
died" error. SIGTERM keeps its default: it is what ends a worker that will not stop
(ProcessPoolExecutor terminates the survivors of a broken pool with it).

A pool whose work is a queue of futures uses :func:`process_pool`, a
ProcessPoolExecutor with the same start-up, and :func:`pool_died` for its error.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import pickle
import signal
import sys
import threading
import traceback
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from multiprocessing.connection import Connection
from multiprocessing.context import SpawnContext
from multiprocessing.process import BaseProcess
from typing import Any, TypeVar

from common.gc_tuning import tune_collector

logger = logging.getLogger(__name__)

LOG = "log"  # the kind of a message that carries a forwarded log record
STOP_TIMEOUT_S = 10.0  # how long a worker has to exit at end of input before it is killed
_DIED_JOIN_S = 5.0  # how long to wait for a dying worker's exit code
_PLAIN = (str, int, float, bool, type(None))
_RECORD_ATTRIBUTES = frozenset(vars(logging.makeLogRecord({})))


def spawn_context() -> SpawnContext:
    """The multiprocessing context of every worker: spawn (see the module docstring)."""
    return multiprocessing.get_context("spawn")


_MAIN_HIDDEN = threading.Lock()


@contextmanager
def main_module_not_rerun(target: Callable[..., object]) -> Iterator[None]:
    """While a worker is spawned: the child does not run the parent's main module again.

    A spawned child first re-runs the parent's ``__main__`` (as ``__mp_main__``), so that
    functions defined there can be unpickled. Every worker's code lives in an importable
    module, and the main module of a crawl is Scrapy's ``scrapy`` script, whose imports
    (Scrapy, Twisted) cost each child ~0.3 s of CPU at start-up, while the crawl opens on
    the same cores. multiprocessing takes the main module's ``__spec__`` and ``__file__``
    when it starts a child (``spawn.get_preparation_data``); they are hidden while it
    does. A `target` defined in ``__main__`` (a script's own function) keeps them.
    """
    main = sys.modules.get("__main__")
    if main is None or getattr(target, "__module__", None) == "__main__":
        yield
        return
    with _MAIN_HIDDEN:
        hidden: dict[str, Any] = {
            name: vars(main)[name] for name in ("__spec__", "__file__") if name in vars(main)
        }
        main.__spec__ = None
        vars(main).pop("__file__", None)
        try:
            yield
        finally:
            vars(main).update(hidden)


class WorkerDied(RuntimeError):
    """A worker process exited while work was in flight (or before any was given)."""

    exit_code: int | None = None


_Died = TypeVar("_Died", bound=WorkerDied)


def describe_exit(code: int | None) -> str:
    """``exit code 3``; ``exit code -9 (SIGKILL)`` for a signal; ``exit code unknown``."""
    if code is None:
        return "exit code unknown"
    if code < 0:
        try:
            return f"exit code {code} ({signal.Signals(-code).name})"
        except ValueError:
            pass
    return f"exit code {code}"


def died_error(name: str, code: int | None, error: type[_Died], detail: str = "") -> _Died:
    """The error for worker `name` having exited with `code`, as `error`."""
    message = f"the {name} process exited ({describe_exit(code)})"
    died = error(f"{message}; {detail}" if detail else message)
    died.exit_code = code
    return died


# -- the child ------------------------------------------------------------------------------


@dataclass(frozen=True)
class StartUp:
    """What a worker does before its own work; sent to the child, so plain data."""

    log_level: int | None  # forward records at or above it; None: leave logging alone
    tune_gc: bool  # tune the collector at `ready` (common.gc_tuning)
    nice: int = 0  # added to the worker's niceness (0: scheduled like its parent)


class WorkerEnd:
    """The worker's side: its connection to the parent, and `ready` for its start-up."""

    def __init__(self, connection: Connection, start_up: StartUp) -> None:
        self.connection = connection
        self._start_up = start_up

    def ready(self) -> None:
        """Call once the worker has built what it keeps (a spider, a store, a model):
        the collector then freezes it out of sight for good and runs less often, and
        the worker takes the lower priority it was asked for."""
        if self._start_up.tune_gc:
            tune_collector()
        if self._start_up.nice > 0:
            # Only now: a worker that is starting up is what its parent waits for.
            os.nice(self._start_up.nice)  # only ever lowered: needs no privilege
            logger.debug(
                "%s runs at niceness %d",
                multiprocessing.current_process().name,
                os.getpriority(os.PRIO_PROCESS, 0),
            )


def _start_up(start_up: StartUp, connection: Connection | None) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent stops us (module docstring)
    if start_up.log_level is not None and connection is not None:
        root = logging.getLogger()
        root.handlers[:] = [_ForwardLogs(connection, start_up.log_level)]
        root.setLevel(start_up.log_level)


def _worker_main(
    connection: Connection,
    start_up: StartUp,
    target: Callable[..., None],
    args: tuple[Any, ...],
) -> None:
    _start_up(start_up, connection)
    with connection:
        target(WorkerEnd(connection, start_up), *args)


class _ForwardLogs(logging.Handler):
    """Sends each record to the parent as a LOG message, as it is emitted."""

    def __init__(self, connection: Connection, level: int) -> None:
        super().__init__(level)
        self.connection = connection

    def emit(self, record: logging.LogRecord) -> None:
        try:
            self.connection.send((LOG, portable_record(record)))
        except Exception:
            self.handleError(record)


def portable_record(record: logging.LogRecord) -> logging.LogRecord:
    """A copy of `record` that pickles: message formatted, traceback as text, and any
    `extra` value that is not plain data (Scrapy's spider object) as its repr."""
    data = dict(vars(record))
    data["msg"], data["args"] = record.getMessage(), None
    if record.exc_info and not record.exc_text:
        data["exc_text"] = logging.Formatter().formatException(record.exc_info)
    data["exc_info"] = None
    for name, value in data.items():
        if name not in _RECORD_ATTRIBUTES and not isinstance(value, _PLAIN):
            data[name] = repr(value)
    return logging.makeLogRecord(data)


def portable_exception(exc: Exception, fallback: type[Exception] = RuntimeError) -> Exception:
    """`exc` as it can cross to the parent, with this process's traceback as a note; a
    `fallback` naming it when it does not survive pickling as itself."""
    remote = "".join(traceback.format_exception(exc)).rstrip()
    try:
        copy = pickle.loads(pickle.dumps(exc, protocol=pickle.HIGHEST_PROTOCOL))
    except Exception:
        copy = None
    if not isinstance(copy, Exception) or type(copy) is not type(exc):
        copy = fallback(f"{type(exc).__name__}: {exc}".splitlines()[0])
    copy.add_note(f"in the {multiprocessing.current_process().name} process:\n{remote}")
    return copy


# -- the parent -----------------------------------------------------------------------------


def forwarded_level() -> int:
    """The lowest level any root handler of this process would show."""
    levels = [handler.level or logging.DEBUG for handler in logging.getLogger().handlers]
    return min(levels) if levels else logging.WARNING


def replay_log(record: logging.LogRecord) -> None:
    """Handle a forwarded record here, as if logged here (so counts and handlers see it)."""
    named = logging.getLogger(record.name)
    if named.isEnabledFor(record.levelno):
        named.handle(record)


class WorkerProcess:
    """A spawned daemon process running ``target(WorkerEnd, *args)``, and this process's
    end of the connection to it (``connection``).

    `target` must be a module-level function (it is pickled by name). The child forwards
    log records at or above `log_level` (default: what this process would show),
    and at ``WorkerEnd.ready`` tunes its collector when `tune_gc` and drops `nice`
    steps below this process's scheduling priority.
    """

    def __init__(
        self,
        name: str,
        target: Callable[..., None],
        args: tuple[Any, ...] = (),
        *,
        tune_gc: bool,
        log_level: int | None = None,
        nice: int = 0,
    ) -> None:
        if nice < 0:
            raise ValueError(f"a worker's niceness can only be raised, got {nice}")
        context = spawn_context()
        self.name = name
        self.connection, child_end = context.Pipe(duplex=True)
        level = forwarded_level() if log_level is None else log_level
        start_up = StartUp(level, tune_gc, nice)
        self.process = context.Process(
            target=_worker_main,
            args=(child_end, start_up, target, args),
            name=name,
            daemon=True,
        )
        with main_module_not_rerun(target):
            self.process.start()
        child_end.close()  # the child holds its own: its exit is our end of input

    @property
    def pid(self) -> int | None:
        return self.process.pid

    @property
    def exit_code(self) -> int | None:
        return self.process.exitcode

    def died(self, error: type[_Died], detail: str = "") -> _Died:
        """The error to raise now that the worker is gone (its connection closed)."""
        self.process.join(timeout=_DIED_JOIN_S)
        return died_error(self.name, self.process.exitcode, error, detail)

    def stop(self, timeout: float = STOP_TIMEOUT_S) -> int | None:
        """Close this end (the worker sees end of input and returns), wait up to `timeout`
        seconds for it to exit, then kill it; its exit code. Blocks: a parent whose
        event loop owns the connection closes it there first, then calls this in a
        thread."""
        self.connection.close()
        self.process.join(timeout=timeout)
        if self.process.is_alive():
            logger.warning(
                "the %s process did not exit at end of input within %g s; killed",
                self.name,
                timeout,
            )
            self.process.kill()
            self.process.join()
        return self.process.exitcode


# -- pools of futures -----------------------------------------------------------------------


def process_pool(
    workers: int,
    initializer: Callable[..., object],
    initargs: tuple[Any, ...] = (),
    *,
    tune_gc: bool,
) -> ProcessPoolExecutor:
    """A ProcessPoolExecutor of `workers` spawned processes with the workers' start-up:
    SIGINT ignored, ``initializer(*initargs)``, then the collector tuned when `tune_gc`.

    Log records are not forwarded: the executor owns the channels to its workers, whose
    warnings go to their stderr as Python's last-resort handler writes them. The jobs
    submitted are module functions, like `initializer`: unless it is defined in
    ``__main__``, the workers do not run the main module (`main_module_not_rerun`).
    """
    return _RememberingPool(
        initializer,
        max_workers=workers,
        mp_context=spawn_context(),
        initializer=_pool_worker_start,
        initargs=(StartUp(None, tune_gc), initializer, initargs),
    )


class _RememberingPool(ProcessPoolExecutor):
    """A ProcessPoolExecutor that keeps every process it started.

    A broken pool's manager thread empties ``_processes`` once it has ended the
    survivors, sometimes before the caller asks which worker died: `pool_died` reads
    the exit codes here instead. ``_spawn_process`` is the executor's own hook for
    starting one worker (CPython 3.9+; the project runs on 3.11).
    """

    def __init__(self, user_initializer: Callable[..., object], **kwargs: Any) -> None:
        self.started: list[BaseProcess] = []
        # Where the pool's code lives (see `main_module_not_rerun`): its jobs are
        # module functions beside it.
        self._initializer_target = user_initializer
        super().__init__(**kwargs)

    def _spawn_process(self) -> None:
        with main_module_not_rerun(self._initializer_target):
            super()._spawn_process()  # type: ignore[misc]
        processes = getattr(self, "_processes", None) or {}
        self.started.extend(p for p in processes.values() if p not in self.started)


def _pool_worker_start(
    start_up: StartUp, initializer: Callable[..., object], initargs: tuple[Any, ...]
) -> None:
    _start_up(start_up, None)
    initializer(*initargs)
    if start_up.tune_gc:
        tune_collector()


def pool_died(pool: ProcessPoolExecutor, error: type[_Died], detail: str = "") -> _Died:
    """The error for a broken `pool` (BrokenProcessPool), naming the dead worker's exit code.

    The executor keeps its processes in ``_processes`` (not public, but there since
    Python 3.2), or the processes `process_pool` remembers: read here only for that
    code.
    """
    started = getattr(pool, "started", None)
    if started is None:
        started = list((getattr(pool, "_processes", None) or {}).values())
    codes = [process.exitcode for process in started]
    # A survivor's SIGTERM is the pool's doing, not the cause; the dead worker's own code
    # is lost when the manager thread reaped it first (a race): then it is unknown.
    first = [code for code in codes if code not in (None, 0, -signal.SIGTERM)]
    return died_error("worker", first[0] if first else None, error, detail)
