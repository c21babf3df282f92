"""A crawl survives a misbehaving server and a database whose connections are killed."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from typing import Any

import psycopg
import pytest

from db.session import parse_url
from mirror.replica_process import replica_subprocess
from scraper.extensions import RUN_LOCK_SESSION_PREFIX
from tests.crawl_helpers import by_film_id, export, run_crawl, truth

FILMS = "300"
# The application_name of every run lock's session, as a LIKE pattern.
RUN_LOCK_SESSIONS = RUN_LOCK_SESSION_PREFIX + "%"
FAULTS = "error=0.05,truncate=0.05,encoding=0.1,slow=0.01,seed=2"


def test_crawl_of_faulty_server_still_reproduces_truth(tmp_path) -> None:
    db_url = f"sqlite:///{tmp_path / 'mirror.db'}"
    with replica_subprocess("--films", FILMS, "--faults", FAULTS) as url:
        result = run_crawl(url, db_url)
    assert result.returncode == 0, result.stderr[-3000:]
    assert by_film_id(export(db_url)) == by_film_id(truth("--films", FILMS))


class BackendKiller:
    """Terminates every other connection to one PostgreSQL database, again and again,
    but the run lock's session: a crawl whose lock session ends stops (tested in
    tests/test_run_lock.py), as soon as its next lock check, 10 s in, comes round, so
    killing it too would make this test depend on the crawl being quicker than that.

    It kills connections in the middle of a statement or a transaction, then waits until
    the mirror has stored more entries before it kills again: batch after batch is cut
    off, but the crawl always gets through, however slow the machine. Kills on a clock
    (every 0.25 s) made the test a race: on a loaded machine a batch's connection and
    transaction took longer than the gap between kills, and the crawl ran out of
    retries."""

    def __init__(self, database: str, interval: float = 0.01) -> None:
        self.database = database
        self.interval = interval
        self.killed = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        with psycopg.connect(host="127.0.0.1", dbname=self.database, autocommit=True) as conn:
            stored_at_last_kill = -1
            while not self._stop.wait(self.interval):
                stored = self._entries_stored(conn)
                if stored <= stored_at_last_kill:
                    continue  # no batch through since the last kill: let one finish
                rows = conn.execute(
                    "select pg_terminate_backend(pid) from pg_stat_activity "
                    "where datname = %s and pid <> pg_backend_pid()"
                    " and application_name not like %s"
                    " and state in ('active', 'idle in transaction')",
                    (self.database, RUN_LOCK_SESSIONS),
                ).fetchall()
                killed = sum(1 for (terminated,) in rows if terminated)
                if killed:
                    self.killed += killed
                    stored_at_last_kill = stored

    @staticmethod
    def _entries_stored(conn: psycopg.Connection[Any]) -> int:
        try:
            return int(conn.execute("select count(*) from entries").fetchone()[0])  # type: ignore[index]
        except psycopg.errors.UndefinedTable:  # the crawl has not migrated the database yet
            return 0

    def __enter__(self) -> BackendKiller:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()


@pytest.fixture()
def replica_url() -> Iterator[str]:
    with replica_subprocess("--films", FILMS) as url:
        yield url


@pytest.mark.postgres
def test_terminated_postgres_backends_lose_no_item(replica_url: str, postgres_url: str) -> None:
    database = parse_url(postgres_url).database
    assert database
    with BackendKiller(database) as killer:
        started = time.monotonic()
        result = run_crawl(replica_url, postgres_url, "MIRROR_BATCH_SIZE=10")
        elapsed = time.monotonic() - started
    assert result.returncode == 0, result.stderr[-3000:]
    # Thirty batches, each cut off once mid-transaction when the killer catches it (33 kills
    # in every run here, under load too); a machine whose transactions end between two of
    # its looks lets some through, so only a few kills are required.
    assert killer.killed >= 3, f"{killer.killed} backends terminated in the {elapsed:.1f} s crawl"
    assert "retrying" in result.stderr  # the kills hit the crawl's own connections
    assert "could not link" not in result.stderr  # linking, retried, got through too
    assert by_film_id(export(postgres_url)) == by_film_id(truth("--films", FILMS))
