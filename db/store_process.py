"""A MirrorStore that lives in a child process, driven through a pipe.

Why: the crawl pipeline writes batches from a worker thread, and SQLAlchemy's Python
work there held the GIL that the crawl's reactor thread needs; on a loopback replica
that contention cost several seconds of a 12,000-film crawl. In a child process the
writes run on another core and the calling thread only waits on the pipe (which
releases the GIL).

:class:`StoreProcess` forwards any public method call, with its arguments and result
pickled: methods added to MirrorStore work without touching this module. The store's
own retries run in the child, unchanged; an exception crosses back as itself (or, if it
cannot be pickled, as :class:`RemoteStoreError` naming it), with the child's traceback
attached as a note. Log records the store emits in the child are re-emitted in the
parent while the call runs. Calls are serialised: one at a time, in order.
"""

from __future__ import annotations

import logging
import multiprocessing
import pickle
import threading
import traceback
from multiprocessing.connection import Connection
from typing import Any, cast

from common.gc_tuning import tune_collector
from db.store import MirrorStore

logger = logging.getLogger(__name__)

_OK, _ERROR, _LOG = "ok", "error", "log"
_GETATTR = "__getattr__"


class RemoteStoreError(RuntimeError):
    """An exception from the store process that could not be sent back as itself."""


class StoreProcessDied(RuntimeError):
    """The store process exited while a call was in flight (or before it was made)."""


def open_store(
    url: str | None, *, in_process: bool, tune_gc: bool = False, **kwargs: Any
) -> MirrorStore:
    """A MirrorStore: in this process, or proxied to a child (``in_process=False``)
    whose garbage collector is tuned when `tune_gc` (see common.gc_tuning)."""
    if in_process:
        return MirrorStore(url, **kwargs)
    # A StoreProcess answers every public method of MirrorStore with the same result.
    return cast(MirrorStore, StoreProcess(url, tune_gc=tune_gc, **kwargs))


class StoreProcess:
    """``MirrorStore(*args, **kwargs)`` constructed and used in a spawned child process."""

    def __init__(self, *args: Any, tune_gc: bool = False, **kwargs: Any) -> None:
        context = multiprocessing.get_context("spawn")  # no copy of the parent's threads
        self._conn, child_end = context.Pipe()
        self._process = context.Process(
            target=_serve,
            args=(child_end, args, kwargs, _forwarded_level(), tune_gc),
            name="mirror-store",
            daemon=True,
        )
        self._process.start()
        child_end.close()
        self._lock = threading.Lock()
        self._kinds: dict[str, bool] = {}  # attribute name -> is a method
        self._closed = False
        try:
            self._receive()  # the child's answer to constructing the store
        except BaseException:
            self._stop()
            raise

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        is_method = self._kinds.get(name)
        if is_method is None:
            is_method, value = self.call(_GETATTR, name)
            if not is_method:
                return value  # a plain attribute: read afresh each time
            self._kinds[name] = True

        def method(*args: Any, **kwargs: Any) -> Any:
            return self.call(name, *args, **kwargs)

        method.__name__ = name
        return method

    def call(self, name: str, *args: Any, **kwargs: Any) -> Any:
        """``store.<name>(*args, **kwargs)`` in the child; its result or its exception."""
        with self._lock:
            if self._closed:
                raise StoreProcessDied("the mirror store process is closed")
            try:
                self._conn.send((name, args, kwargs))
            except OSError as exc:
                raise self._died() from exc
            return self._receive()

    def close(self) -> None:
        """Close the store (``MirrorStore.close``) and end the child process."""
        try:
            if not self._closed:
                self.call("close")
        finally:
            self._stop()

    @property
    def pid(self) -> int | None:
        return self._process.pid

    def _receive(self) -> Any:
        while True:
            try:
                kind, value = self._conn.recv()
            except (EOFError, OSError) as exc:
                raise self._died() from exc
            if kind == _LOG:
                named = logging.getLogger(value.name)
                if named.isEnabledFor(value.levelno):
                    named.handle(value)
            elif kind == _ERROR:
                raise value
            else:
                return value

    def _died(self) -> StoreProcessDied:
        self._closed = True
        self._process.join(timeout=5)
        return StoreProcessDied(
            f"the mirror store process exited (exit code {self._process.exitcode})"
        )

    def _stop(self) -> None:
        with self._lock:
            self._closed = True
            self._conn.close()  # the child sees end of input and returns
        self._process.join(timeout=10)
        if self._process.is_alive():
            self._process.kill()
            self._process.join()


def _forwarded_level() -> int:
    """The lowest level any root handler of this process would show."""
    levels = [handler.level or logging.DEBUG for handler in logging.getLogger().handlers]
    return min(levels) if levels else logging.WARNING


# -- the child ------------------------------------------------------------------------------


class _ForwardLogs(logging.Handler):
    def __init__(self, conn: Connection, level: int) -> None:
        super().__init__(level)
        self.conn = conn

    def emit(self, record: logging.LogRecord) -> None:
        data = dict(vars(record))
        data["msg"], data["args"] = record.getMessage(), None
        if record.exc_info:
            data["exc_text"] = logging.Formatter().formatException(record.exc_info)
        data["exc_info"] = None
        try:
            self.conn.send((_LOG, logging.makeLogRecord(data)))
        except Exception:
            self.handleError(record)


def _serve(
    conn: Connection, args: tuple[Any, ...], kwargs: dict[str, Any], level: int, tune_gc: bool
) -> None:
    root = logging.getLogger()
    root.handlers[:] = [_ForwardLogs(conn, level)]
    root.setLevel(level)
    try:
        store = MirrorStore(*args, **kwargs)
    except Exception as exc:
        conn.send((_ERROR, _portable(exc)))
        return
    if tune_gc:
        tune_collector()
    conn.send((_OK, None))
    with conn:
        while True:
            try:
                name, call_args, call_kwargs = conn.recv()
            except (EOFError, OSError):
                return
            try:
                if name == _GETATTR:
                    value = getattr(store, call_args[0])
                    result: Any = (True, None) if callable(value) else (False, value)
                elif name.startswith("_"):
                    raise AttributeError(f"MirrorStore.{name} is not public")
                else:
                    result = getattr(store, name)(*call_args, **call_kwargs)
                reply = pickle.dumps((_OK, result), protocol=pickle.HIGHEST_PROTOCOL)
            except Exception as exc:
                reply = pickle.dumps((_ERROR, _portable(exc)), protocol=pickle.HIGHEST_PROTOCOL)
            conn.send_bytes(reply)


def _portable(exc: Exception) -> Exception:
    """``exc`` as it can cross the pipe, with the child's traceback as a note."""
    remote = "".join(traceback.format_exception(exc)).rstrip()
    try:
        copy = pickle.loads(pickle.dumps(exc, protocol=pickle.HIGHEST_PROTOCOL))
    except Exception:
        copy = None
    if not isinstance(copy, Exception) or type(copy) is not type(exc):
        copy = RemoteStoreError(f"{type(exc).__name__}: {exc}".splitlines()[0])
    copy.add_note(f"in the mirror store process:\n{remote}")
    return copy
