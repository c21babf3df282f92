"""common/workers.py with real processes: the start-up every worker shares, the error
when one dies, the stop, and log records forwarded to the parent."""

from __future__ import annotations

import gc
import logging
import os
import signal
import time
from concurrent.futures.process import BrokenProcessPool
from typing import Any

import pytest

from common.gc_tuning import THRESHOLDS
from common.workers import (
    LOG,
    WorkerDied,
    WorkerEnd,
    WorkerProcess,
    describe_exit,
    pool_died,
    portable_exception,
    process_pool,
    replay_log,
)

# -- what the workers run (module functions: a spawned child imports them by name) ----------


def serve_echo(worker: WorkerEnd) -> None:
    """Answer each message with itself until end of input; ``("exit", code)`` exits."""
    worker.ready()
    while True:
        try:
            kind, payload = worker.connection.recv()
        except EOFError:
            return
        if kind == "exit":
            os._exit(payload)
        if kind == "kill":
            os.kill(os.getpid(), signal.SIGKILL)
        worker.connection.send((kind, payload))


def serve_state(worker: WorkerEnd) -> None:
    """Report what the start-up set: the collector's thresholds and the SIGINT handler."""
    worker.ready()
    worker.connection.send(("state", (gc.get_threshold(), signal.getsignal(signal.SIGINT))))


def serve_logs(worker: WorkerEnd) -> None:
    """Log at three levels, one with a traceback, then say so."""
    log = logging.getLogger("tests.worker")
    log.debug("debug from the worker")
    log.warning("warning %d from the worker", 7, extra={"spider": object(), "page": 3})
    try:
        raise ValueError("bad page")
    except ValueError:
        log.exception("failed in the worker")
    worker.connection.send(("done", None))


def ignore_end_of_input(worker: WorkerEnd) -> None:
    worker.connection.send(("ready", None))
    time.sleep(600)  # a worker stuck in a job: only a kill ends it


def sleep_in_pool(seconds: float) -> int:
    time.sleep(seconds)
    return os.getpid()


def die_in_pool() -> None:
    os.kill(os.getpid(), signal.SIGKILL)


def no_set_up() -> None:
    """A pool initialiser with nothing to build."""


def pool_state() -> tuple[tuple[int, int, int], Any]:
    return gc.get_threshold(), signal.getsignal(signal.SIGINT)


class Unpicklable(Exception):
    def __init__(self, detail: str, extra: int) -> None:  # pickling loses `extra`
        super().__init__(detail)
        self.extra = extra


# -- a worker process --------------------------------------------------------------------------


def receive(worker: WorkerProcess) -> tuple[str, Any]:
    """The worker's next message, its log records handled here on the way."""
    while True:
        kind, payload = worker.connection.recv()
        if kind != LOG:
            return kind, payload
        replay_log(payload)


def answer(worker: WorkerProcess, message: tuple[str, Any]) -> tuple[str, Any]:
    worker.connection.send(message)
    return receive(worker)


def test_a_worker_answers_on_its_connection_and_exits_at_end_of_input() -> None:
    worker = WorkerProcess("echo", serve_echo, tune_gc=False)
    assert answer(worker, ("job", [1, 2])) == ("job", [1, 2])
    assert worker.stop(timeout=10) == 0
    assert not worker.process.is_alive()


@pytest.mark.parametrize(
    ("message", "code", "described"),
    [(("exit", 3), 3, "exit code 3"), (("kill", None), -9, "exit code -9 (SIGKILL)")],
)
def test_a_worker_that_dies_is_a_clear_error_naming_its_exit_code(
    message: tuple[str, Any], code: int, described: str
) -> None:
    worker = WorkerProcess("echo", serve_echo, tune_gc=False)
    worker.connection.send(message)
    with pytest.raises(EOFError):
        worker.connection.recv()  # what the parent sees: its end of input
    died = worker.died(WorkerDied, "its job is lost")
    assert isinstance(died, WorkerDied) and died.exit_code == code
    assert str(died) == f"the echo process exited ({described}); its job is lost"
    worker.stop()


def test_a_worker_that_ignores_end_of_input_is_killed_after_the_timeout(
    caplog: pytest.LogCaptureFixture,
) -> None:
    worker = WorkerProcess("stuck", ignore_end_of_input, tune_gc=False)
    assert receive(worker) == ("ready", None)
    started = time.monotonic()
    with caplog.at_level(logging.WARNING, logger="common.workers"):
        code = worker.stop(timeout=0.5)
    assert code == -signal.SIGKILL
    assert time.monotonic() - started < 10
    assert "the stuck process did not exit at end of input within 0.5 s; killed" in caplog.text


def test_ctrl_c_for_the_process_group_leaves_workers_to_the_parent() -> None:
    worker = WorkerProcess("echo", serve_echo, tune_gc=False)
    assert answer(worker, ("job", 1)) == ("job", 1)  # started up: SIGINT ignored by now
    assert worker.pid is not None
    os.kill(worker.pid, signal.SIGINT)
    assert answer(worker, ("job", 2)) == ("job", 2)
    assert worker.stop() == 0


@pytest.mark.parametrize("nice", [0, 3])
def test_a_worker_runs_the_asked_steps_below_its_parent(nice: int) -> None:
    """A crawl's helpers yield the CPU to its reactor (scraper/priority.py)."""
    worker = WorkerProcess("echo", serve_echo, tune_gc=False, nice=nice)
    assert answer(worker, ("job", 1)) == ("job", 1)  # started up
    assert worker.pid is not None
    parent = os.getpriority(os.PRIO_PROCESS, 0)
    assert os.getpriority(os.PRIO_PROCESS, worker.pid) == min(parent + nice, 19)
    assert worker.stop() == 0


def test_a_worker_cannot_be_asked_to_outrank_its_parent() -> None:
    with pytest.raises(ValueError, match="can only be raised"):
        WorkerProcess("echo", serve_echo, tune_gc=False, nice=-1)


@pytest.mark.parametrize("tune_gc", [True, False])
def test_a_worker_tunes_its_collector_when_ready_only_if_told(tune_gc: bool) -> None:
    worker = WorkerProcess("state", serve_state, tune_gc=tune_gc)
    kind, (thresholds, sigint) = receive(worker)
    assert kind == "state" and tuple(thresholds) == (THRESHOLDS if tune_gc else (700, 10, 10))
    assert sigint == signal.SIG_IGN
    assert worker.stop() == 0


def test_log_records_at_or_above_the_level_reach_the_parent_as_emitted(
    caplog: pytest.LogCaptureFixture,
) -> None:
    with caplog.at_level(logging.DEBUG, logger="tests.worker"):
        worker = WorkerProcess("logs", serve_logs, tune_gc=False, log_level=logging.INFO)
        assert answer(worker, ("go", None)) == ("done", None)
        worker.stop()
    records = [r for r in caplog.records if r.name == "tests.worker"]
    assert [r.getMessage() for r in records] == [
        "warning 7 from the worker",
        "failed in the worker",
    ]
    warning, failure = records
    assert warning.processName == "logs"
    assert warning.page == 3  # type: ignore[attr-defined]  # plain extras cross as they are
    assert warning.spider.startswith("<object object")  # type: ignore[attr-defined]
    assert failure.exc_text is not None and "ValueError: bad page" in failure.exc_text


def test_log_level_defaults_to_what_the_parent_shows() -> None:
    root = logging.getLogger()
    handler = logging.NullHandler(logging.ERROR)
    saved = root.handlers[:]
    root.handlers[:] = [handler]
    try:
        worker = WorkerProcess("logs", serve_logs, tune_gc=False)
        forwarded = []
        while (message := worker.connection.recv()) != ("done", None):
            forwarded.append(message[1].getMessage())
        worker.stop()
    finally:
        root.handlers[:] = saved
    assert forwarded == ["failed in the worker"]


# -- exceptions crossing back --------------------------------------------------------------


def test_an_exception_crosses_as_itself_with_the_workers_traceback() -> None:
    try:
        raise KeyError("film 7")
    except KeyError as exc:
        copy = portable_exception(exc)
    assert type(copy) is KeyError and copy.args == ("film 7",)
    (note,) = copy.__notes__
    assert note.startswith("in the MainProcess process:\nTraceback")


def test_an_exception_that_does_not_pickle_becomes_the_fallback_naming_it() -> None:
    copy = portable_exception(Unpicklable("lost detail", 1), fallback=LookupError)
    assert type(copy) is LookupError
    assert str(copy) == "Unpicklable: lost detail"


# -- a pool of futures ---------------------------------------------------------------------


def test_a_pool_worker_has_the_same_start_up() -> None:
    with process_pool(1, no_set_up, tune_gc=True) as pool:
        thresholds, sigint = pool.submit(pool_state).result(timeout=60)
    assert tuple(thresholds) == THRESHOLDS and sigint == signal.SIG_IGN


def test_a_broken_pool_names_the_exit_code_of_the_worker_that_died() -> None:
    pool = process_pool(2, no_set_up, tune_gc=False)
    try:
        survivor = pool.submit(sleep_in_pool, 0.5)
        with pytest.raises(BrokenProcessPool):
            pool.submit(die_in_pool).result(timeout=60)
        died = pool_died(pool, WorkerDied)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
    # The code is known unless the pool's manager thread reaped the worker first (a
    # race): then it is reported unknown, never as a survivor's SIGTERM.
    assert died.exit_code in (-signal.SIGKILL, None), (died, survivor)
    assert str(died) == f"the worker process exited ({describe_exit(died.exit_code)})"


def test_exit_descriptions() -> None:
    assert describe_exit(0) == "exit code 0"
    assert describe_exit(-15) == "exit code -15 (SIGTERM)"
    assert describe_exit(None) == "exit code unknown"


# -- the parent's main module --------------------------------------------------------------

# A script run as the parent's __main__: it notes each time it is run (a spawned child
# that re-runs it adds a line), then starts a worker and a pool whose code is in this
# module, and a worker whose code is the script's own (which needs the script re-run).
_PARENT_SCRIPT = """
import sys
from pathlib import Path

NOTES = Path(sys.argv[1])
with NOTES.open("a") as notes:
    notes.write(__name__ + "\\n")


def serve_own(worker):
    worker.connection.send(("own", __name__))


if __name__ == "__main__":
    from common.workers import WorkerProcess, process_pool
    from tests.test_workers import no_set_up, receive, serve_main_name, sleep_in_pool

    for target in (serve_main_name, serve_own):
        worker = WorkerProcess("main", target, tune_gc=False)
        print(target.__name__, receive(worker)[1])
        worker.stop()
    with process_pool(1, no_set_up, tune_gc=False) as pool:
        print("pool", pool.submit(sleep_in_pool, 0).result(timeout=60) > 0)
"""


def serve_main_name(worker: WorkerEnd) -> None:
    import sys

    # Re-run, the parent's script would be this process's __main__, named __mp_main__.
    worker.connection.send(("main", sys.modules["__main__"].__name__))


def test_a_worker_does_not_run_the_parents_main_module_again(tmp_path: Any) -> None:
    """A crawl's main module is the `scrapy` script: a child that re-ran it would import
    Scrapy for nothing (~0.3 s of CPU each). Unless the worker's code is in __main__."""
    import subprocess
    import sys
    from pathlib import Path

    script, notes = tmp_path / "parent.py", tmp_path / "notes.txt"
    script.write_text(_PARENT_SCRIPT)
    repo = Path(__file__).resolve().parents[1]
    result = subprocess.run(
        [sys.executable, str(script), str(notes)],
        cwd=repo,
        env={**os.environ, "PYTHONPATH": str(repo)},
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    assert result.stdout.split("\n") == [
        "serve_main_name __main__",  # the child's own __main__: it never ran the script
        "serve_own __mp_main__",  # the script's own function: the child ran it to find it
        "pool True",
        "",
    ]
    # Run by the parent, and once more by the one child that needed it.
    assert notes.read_text().split() == ["__main__", "__mp_main__"]
