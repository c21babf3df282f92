"""Worker processes for the two slow steps of a large import, so it keeps every
core busy: running the model, and finding each pending member's links.

The model runs on one BLAS thread (see `linkage.embed`) and scoring is pure Python,
so one process uses one core. `EmbeddingPool` workers each load their own copy of
the model once (about 1 s and 150 MB) and embed whole batches while the importing
process parses, detects languages and writes. `LinkingPool` workers each open the
persistent index read-only (its vectors memory-mapped, so shared between them) and
return the links of chunks of members; the calling process stores them in order,
so the result is the same as linking in one process.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Self

import numpy as np

from common.gc_tuning import enabled_by_environment
from common.workers import WorkerDied, pool_died, process_pool
from linkage.disk_store import DiskStore
from linkage.embed import DIMENSIONS, UniversalSentenceEncoder, Vectors
from linkage.index import LinkageIndex
from linkage.scoring import Link

WORKERS_ENV = "MIRROR_WORKERS"
# Members per linking job: a chunk of the index (1000) split in four, so that the last
# chunk keeps every worker busy (a job takes about a second on a 12,000-film archive).
LINK_JOB = 250

_worker_model: UniversalSentenceEncoder | None = None
_worker_directory: str | None = None
_worker_index: LinkageIndex | None = None


class WorkerFailed(WorkerDied):
    """A worker process died (killed, out of memory)."""


def default_workers() -> int:
    """$MIRROR_WORKERS, else the number of cores this process may use; 1 in a daemonic
    process (a crawl's store process), which may not start processes of its own."""
    if multiprocessing.current_process().daemon:
        return 1
    configured = os.environ.get(WORKERS_ENV)
    if configured:
        try:
            workers = int(configured)
        except ValueError:
            raise ValueError(f"{WORKERS_ENV} must be a whole number, not {configured!r}") from None
        if workers < 1:
            raise ValueError(f"{WORKERS_ENV} must be at least 1, not {workers}")
        return workers
    return len(os.sched_getaffinity(0))


def _load_model() -> None:
    global _worker_model
    _worker_model = UniversalSentenceEncoder()


def _embed_in_worker(texts: list[str]) -> Vectors:
    assert _worker_model is not None, "the pool initialiser loads the model"
    return _worker_model.embed(texts)


class _Pool:
    """Worker processes (common.workers.process_pool), shut down on close (or leaving a
    `with`); their collector tuned unless $MIRROR_GC_TUNING says not to.

    A ProcessPoolExecutor rather than one connection per worker: the work here is a
    queue of batches that whichever worker is free takes, and futures the caller
    consumes in order, which is what the executor provides.
    """

    def __init__(
        self, workers: int, initializer: Callable[..., object], initargs: tuple[object, ...] = ()
    ) -> None:
        self._executor = process_pool(
            workers, initializer, initargs, tune_gc=enabled_by_environment()
        )
        self.workers = workers
        self._closed = False

    def died(self) -> WorkerFailed:
        """The error for a broken pool (a worker was killed, ran out of memory...)."""
        return pool_died(
            self._executor,
            WorkerFailed,
            "what was committed before is kept, and running the command again resumes from there",
        )

    def close(self, *, wait: bool = True) -> None:
        """Drop the jobs not started; with `wait`, wait for those running (a batch each,
        seconds) and for the workers to exit. Without, return at once: the workers end
        their jobs and exit meanwhile (when every job is done, so that the caller goes
        on while they free their memory: 0.7 s for the linking workers of 12,000 films).
        Closing again does nothing."""
        if not self._closed:
            self._closed = True
            self._executor.shutdown(wait=wait, cancel_futures=True)

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()


class EmbeddingPool(_Pool):
    """`submit` texts, get a future of their vectors (float32, unit rows, in order)."""

    def __init__(self, workers: int) -> None:
        super().__init__(workers, _load_model)

    def submit(self, texts: list[str]) -> Future[Vectors]:
        if not texts:
            done: Future[Vectors] = Future()
            done.set_result(np.zeros((0, UniversalSentenceEncoder.dimensions), dtype=np.float32))
            return done
        return self._executor.submit(_embed_in_worker, texts)

    def result(self, future: Future[Vectors]) -> Vectors:
        try:
            return future.result()
        except BrokenProcessPool as exc:
            raise self.died() from exc


def _note_index(directory: str) -> None:
    global _worker_directory
    _worker_directory = directory


def _started() -> None:
    """A job that does nothing: the pool starts a worker for it."""


def _links_in_worker(keys: list[str]) -> list[list[Link]]:
    global _worker_index
    if _worker_index is None:  # the first job: the index is written by now
        assert _worker_directory is not None, "the pool initialiser names the index"
        store = DiskStore(Path(_worker_directory), writable=False, ndim=DIMENSIONS)
        _worker_index = LinkageIndex(store=store)
    _worker_index.prepare_to_link(keys)
    return [_worker_index.links_for(key) for key in keys]


class LinkingPool(_Pool):
    """`links` of many members, computed by workers over a read-only `DiskStore`.

    A worker opens the index at its first job, so the pool can be started (`start`)
    while the index is still being written: its workers start and import while the
    last records are added, rather than after (a second or two, with both cores idle
    but one)."""

    def __init__(self, directory: Path, workers: int) -> None:
        super().__init__(workers, _note_index, (str(directory),))

    def start(self) -> None:
        """Start every worker now rather than at the first jobs."""
        for _ in range(self.workers):
            self._executor.submit(_started)

    def links(self, chunks: Iterable[Sequence[str]]) -> Iterator[list[list[Link]]]:
        """For each chunk of member ids, in order: the `links_for` of each member.
        A chunk goes to the workers in jobs of at most LINK_JOB members, so that no
        worker waits long for the other to finish the last chunk; a few jobs are in
        flight at a time, not all (a million members)."""
        waiting: list[tuple[int, Future[list[list[Link]]]]] = []  # (chunk number, job)
        parts: dict[int, int] = {}  # jobs per chunk number
        next_chunk = 0
        try:
            for number, chunk in enumerate(chunks):
                keys = list(chunk)
                parts[number] = max(1, -(-len(keys) // LINK_JOB))
                for start in range(0, max(len(keys), 1), LINK_JOB):
                    job = self._executor.submit(_links_in_worker, keys[start : start + LINK_JOB])
                    waiting.append((number, job))
                while len(waiting) > 2 * self.workers * parts[next_chunk]:
                    chunk_links, next_chunk = self._finish(waiting, parts, next_chunk)
                    yield chunk_links
            while waiting:
                chunk_links, next_chunk = self._finish(waiting, parts, next_chunk)
                yield chunk_links
        except BrokenProcessPool as exc:
            raise self.died() from exc

    @staticmethod
    def _finish(
        waiting: list[tuple[int, Future[list[list[Link]]]]],
        parts: dict[int, int],
        number: int,
    ) -> tuple[list[list[Link]], int]:
        """The links of chunk `number` (its jobs are the first waiting), and the next
        chunk's number."""
        done: list[list[Link]] = []
        for _ in range(parts.pop(number)):
            owner, job = waiting.pop(0)
            assert owner == number, "jobs are waited for in the order they were submitted"
            done.extend(job.result())
        return done, number + 1
