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

The process itself (spawning, start-up, log forwarding, the error when it dies, the
stop) is a :class:`common.workers.WorkerProcess`. Its protocol is its own because it is
synchronous: the caller is a pipeline thread that blocks on each call's answer, so a
plain request/answer exchange on the connection is all it needs.
"""

from __future__ import annotations

import pickle
import threading
from typing import Any, cast

from common.workers import LOG, WorkerDied, WorkerEnd, WorkerProcess, portable_exception, replay_log
from db.store import MirrorStore

_OK, _ERROR = "ok", "error"
_GETATTR = "__getattr__"
PROCESS_NAME = "mirror-store"


class RemoteStoreError(RuntimeError):
    """An exception from the store process that could not be sent back as itself."""


class StoreProcessDied(WorkerDied):
    """The store process exited while a call was in flight (or before it was made)."""


def open_store(
    url: str | None,
    *,
    in_process: bool,
    tune_gc: bool = False,
    nice: int = 0,
    **kwargs: Any,
) -> MirrorStore:
    """A MirrorStore: in this process, or proxied to a child (``in_process=False``)
    whose garbage collector is tuned when `tune_gc` (see common.gc_tuning) and which
    runs `nice` steps below this process's scheduling priority."""
    if in_process:
        return MirrorStore(url, **kwargs)
    # A StoreProcess answers every public method of MirrorStore with the same result.
    return cast(MirrorStore, StoreProcess(url, tune_gc=tune_gc, nice=nice, **kwargs))


class StoreProcess:
    """``MirrorStore(*args, **kwargs)`` constructed and used in a spawned child process."""

    def __init__(self, *args: Any, tune_gc: bool = False, nice: int = 0, **kwargs: Any) -> None:
        self._worker = WorkerProcess(
            PROCESS_NAME, _serve, (args, kwargs), tune_gc=tune_gc, nice=nice
        )
        self._conn = self._worker.connection
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
        return self._worker.pid

    def _receive(self) -> Any:
        while True:
            try:
                kind, value = self._conn.recv()
            except (EOFError, OSError) as exc:
                raise self._died() from exc
            if kind == LOG:
                replay_log(value)
            elif kind == _ERROR:
                raise value
            else:
                return value

    def _died(self) -> StoreProcessDied:
        self._closed = True
        return self._worker.died(StoreProcessDied)

    def _stop(self) -> None:
        with self._lock:
            self._closed = True
            self._conn.close()  # the child sees end of input and returns
        self._worker.stop()


# -- the child ------------------------------------------------------------------------------


def _serve(worker: WorkerEnd, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    conn = worker.connection
    try:
        store = MirrorStore(*args, **kwargs)
    except Exception as exc:
        conn.send((_ERROR, portable_exception(exc, RemoteStoreError)))
        return
    worker.ready()
    conn.send((_OK, None))
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
            reply = pickle.dumps(
                (_ERROR, portable_exception(exc, RemoteStoreError)),
                protocol=pickle.HIGHEST_PROTOCOL,
            )
        conn.send_bytes(reply)
