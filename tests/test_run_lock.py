"""The run lock: two crawls of one festival into one mirror never overlap.

Real processes and real locks: a slow `scrapy crawl miff` holds the lock while a second
one is started, then the holder is SIGKILLed and a third run must get the lock.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import text

from db.session import make_engine
from mirror.replica_process import replica_subprocess
from scraper.extensions import RunLockHeld, acquire_run_lock, current_holder
from tests.crawl_helpers import REPO, _env, crawl_command, run_crawl

FILMS = "12"
SLOW_FILMS = "60"  # enough 0.5-2 s pages that the holder outlives the whole test


@pytest.fixture(scope="module")
def replica_url() -> Iterator[str]:
    with replica_subprocess("--films", FILMS) as url:
        yield url


@pytest.fixture(scope="module")
def slow_replica_url() -> Iterator[str]:
    # Every request waits 0.5-2 s: a crawl of it is still running when the next one starts.
    with replica_subprocess("--films", SLOW_FILMS, "--faults", "slow=1.0") as url:
        yield url


@pytest.fixture
def trap_site() -> Iterator[tuple[str, socket.socket]]:
    """A listening socket nobody should ever connect to: any fetch would show up here."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen(8)
        sock.setblocking(False)
        yield f"http://127.0.0.1:{sock.getsockname()[1]}", sock


def _start_crawl(base_url: str, db_url: str) -> subprocess.Popen[str]:
    command = crawl_command(base_url, db_url)
    return subprocess.Popen(
        command,
        cwd=REPO,
        env=_env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        text=True,
    )


def _wait_until_holding(process: subprocess.Popen[str], db_url: str, timeout: float) -> None:
    """Poll the lock's own holder record until it names `process` (no fixed sleep)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert process.poll() is None, f"the holder crawl exited early ({process.returncode})"
        holder = current_holder(db_url, "miff")
        if holder is not None and holder.pid == process.pid:
            return
        time.sleep(0.05)
    raise AssertionError(f"crawl {process.pid} did not take the run lock within {timeout} s")


def test_second_crawl_aborts_while_one_runs_and_sigkill_leaves_no_stale_lock(
    db_url: str,
    slow_replica_url: str,
    replica_url: str,
    trap_site: tuple[str, socket.socket],
) -> None:
    holder = _start_crawl(slow_replica_url, db_url)
    try:
        _wait_until_holding(holder, db_url, timeout=30)
        trap_url, trap = trap_site

        blocked = run_crawl(trap_url, db_url, timeout=60)

        assert blocked.returncode != 0, blocked.stderr[-2000:]
        reasons = [line for line in blocked.stderr.splitlines() if line.startswith("crawl aborted")]
        assert len(reasons) == 1, blocked.stderr[-2000:]
        assert reasons[0].startswith("crawl aborted: another crawl of miff into "), reasons[0]
        assert f"is running (pid {holder.pid}, since " in reasons[0], reasons[0]
        with pytest.raises(BlockingIOError):  # nothing was fetched, not even robots.txt
            trap.accept()
        assert holder.poll() is None, "the running crawl must not be disturbed"
    finally:
        holder.send_signal(signal.SIGKILL)
        holder.wait(timeout=30)

    # The holder may have recorded its run as finished before the kill (on a loaded
    # machine the slow site can still be read to the end): this run is about the lock,
    # so a health check against that bigger run must not fail it.
    after_kill = run_crawl(replica_url, db_url, "MIRROR_HEALTH_CHECK=0", timeout=120)

    assert after_kill.returncode == 0, after_kill.stderr[-3000:]
    assert "crawl aborted" not in after_kill.stderr
    # Released when the engine stops: the next taker gets it at once.
    next_run = acquire_run_lock(db_url, "miff")
    assert next_run is not None
    next_run.release()


def test_lock_is_per_database_and_festival_and_released_on_release(db_url: str) -> None:
    held = acquire_run_lock(db_url, "miff")
    assert held is not None
    try:
        with pytest.raises(RunLockHeld) as refused:
            acquire_run_lock(db_url, "miff")
        assert refused.value.holder.pid == os.getpid()
        other_festival = acquire_run_lock(db_url, "nziff")
        assert other_festival is not None
        other_festival.release()
    finally:
        held.release()
    again = acquire_run_lock(db_url, "miff")
    assert again is not None
    again.release()


def test_sqlite_lock_file_sits_beside_the_database(sqlite_url: str) -> None:
    database = sqlite_url.removeprefix("sqlite:///")
    held = acquire_run_lock(sqlite_url, "miff")
    assert held is not None
    try:
        content = Path(f"{database}.miff.lock").read_text("ascii")
        assert content.startswith(f"pid={os.getpid()} since=")
    finally:
        held.release()


def test_in_memory_sqlite_needs_no_lock() -> None:
    assert acquire_run_lock("sqlite://", "miff") is None


def test_refused_run_leaves_the_running_crawls_open_warc_alone(
    replica_url: str, sqlite_url: str, tmp_path: Path
) -> None:
    archive = tmp_path / "warc"
    archive.mkdir()
    live = archive / "miff-live.warc.gz.open"
    live.write_bytes((REPO / "tests/data/warc/cut-mid-record.warc.gz").read_bytes())
    before = live.read_bytes()

    lock = acquire_run_lock(sqlite_url, "miff")  # stands for a crawl that is still writing
    assert lock is not None
    try:
        refused = run_crawl(replica_url, sqlite_url, f"MIRROR_ARCHIVE_DIR={archive}")
    finally:
        lock.release()
    assert refused.returncode != 0
    assert live.read_bytes() == before
    assert not (archive / "quarantine").exists()

    recovered = run_crawl(replica_url, sqlite_url, f"MIRROR_ARCHIVE_DIR={archive}")
    assert recovered.returncode == 0, recovered.stderr[-2000:]
    assert not live.exists(), "once the lock is free, the leftover is recovered"


def test_lock_is_held_until_every_close_handler_is_done(
    replica_url: str, sqlite_url: str, tmp_path: Path
) -> None:
    """The store pipeline records and links the run in its spider_closed handler: the lock
    must outlive every such handler, or a crawl started then would overlap that work."""
    closing, release = tmp_path / "closing", tmp_path / "release"
    # -s replaces the project's EXTENSIONS: the run lock is listed again.
    extensions = {
        "scraper.extensions.RunLock": 100,
        "scraper.collector.CollectorTuning": 200,
        "tests.slow_close.HoldSpiderClose": 900,
    }
    command = crawl_command(
        replica_url,
        sqlite_url,
        f"EXTENSIONS={json.dumps(extensions)}",
        f"MIRROR_TEST_CLOSING_FILE={closing}",
        f"MIRROR_TEST_CLOSE_FILE={release}",
    )
    crawl = subprocess.Popen(command, cwd=REPO, env=_env(), stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 300
        while not closing.exists():
            assert crawl.poll() is None, f"the crawl exited early ({crawl.returncode})"
            assert time.monotonic() < deadline, "the crawl never reached spider_closed"
            time.sleep(0.05)
        with pytest.raises(RunLockHeld):
            acquire_run_lock(sqlite_url, "miff")
    finally:
        release.touch()
        _, stderr = crawl.communicate(timeout=300)
    assert crawl.returncode == 0, stderr[-3000:]
    after = acquire_run_lock(sqlite_url, "miff")
    assert after is not None
    after.release()


@pytest.mark.postgres
def test_a_lost_postgres_lock_stops_the_run(slow_replica_url: str, postgres_url: str) -> None:
    """Terminating the lock's session loses the lock: the run stops, aborted, rather than
    go on beside a crawl that may take the lock next."""
    command = crawl_command(slow_replica_url, postgres_url, "MIRROR_LOCK_CHECK_SECONDS=0.2")
    crawl = subprocess.Popen(command, cwd=REPO, env=_env(), stderr=subprocess.PIPE, text=True)
    try:
        _wait_until_holding(crawl, postgres_url, timeout=60)
        with psycopg.connect(host="127.0.0.1", dbname="postgres", autocommit=True) as admin:
            terminated = admin.execute(
                "select pg_terminate_backend(pid) from pg_stat_activity "
                "where application_name like 'festival-mirror run lock pid=%%'"
            ).fetchall()
        assert any(done for (done,) in terminated)
        _, stderr = crawl.communicate(timeout=300)
    finally:
        if crawl.poll() is None:
            crawl.kill()
            crawl.wait()
    assert crawl.returncode == 2, stderr[-3000:]
    assert "run lock lost" in stderr, stderr[-3000:]
    engine = make_engine(postgres_url)
    try:
        with engine.connect() as conn:
            status, reason = conn.execute(
                text("select status, finish_reason from crawl_runs order by id desc limit 1")
            ).one()
    finally:
        engine.dispose()
    assert (status, reason) == ("aborted", "lock_lost")
