"""`scrapy crawl miff` links its new and changed entries into works at the end of a run
(MIRROR_LINK, on by default), so `mirror export` has every work_id without `mirror link`."""

from __future__ import annotations

import collections
import fcntl
import json
import multiprocessing
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from db.store import DatabaseUnavailable
from mirror.replica.server import ReplicaServer
from mirror.replica.site import ReplicaConfig, build_site
from mirror.replica_process import free_port
from scraper.extensions import RunLockHeld, acquire_run_lock
from scraper.run_linking import link_in_own_store
from tests.crawl_helpers import REPO, _env, crawl_command, export, run_crawl

SITE = ReplicaConfig(films=120)


def _truth_work() -> dict[str, int]:
    return {r["film_id"]: r["work_id"] for r in build_site(SITE).truth_records()}


def test_a_finished_crawl_puts_every_entry_in_a_work_one_per_film(tmp_path: Path) -> None:
    db_url = f"sqlite:///{tmp_path / 'mirror.db'}"
    with ReplicaServer(build_site(SITE)) as server:
        result = run_crawl(server.url, db_url, "LOG_LEVEL=INFO")
    assert result.returncode == 0, result.stderr[-3000:]
    exported = export(db_url)
    assert f"'mirror/linked': {len(exported)}" in result.stderr
    truth_work = _truth_work()
    works_of_film: dict[int, set[int]] = collections.defaultdict(set)
    films_of_work: dict[int, set[int]] = collections.defaultdict(set)
    for record in exported:
        assert record["work_id"] is not None, record["film_id"]
        works_of_film[truth_work[record["film_id"]]].add(record["work_id"])
        films_of_work[record["work_id"]].add(truth_work[record["film_id"]])
    assert {film: works for film, works in works_of_film.items() if len(works) > 1} == {}
    assert {work: films for work, films in films_of_work.items() if len(films) > 1} == {}
    assert len(works_of_film) < len(exported), "the site has re-screenings to join"


def test_linking_off_leaves_entries_for_mirror_link(tmp_path: Path) -> None:
    db_url = f"sqlite:///{tmp_path / 'mirror.db'}"
    with ReplicaServer(build_site(SITE)) as server:
        result = run_crawl(server.url, db_url, "LOG_LEVEL=INFO", "MIRROR_LINK=0")
    assert result.returncode == 0, result.stderr[-3000:]
    assert "mirror/linked" not in result.stderr
    assert {record["work_id"] for record in export(db_url)} == {None}


def _run_status(db_path: Path) -> str | None:
    """The newest run's status; None before the crawl has made the database and its run."""
    if not db_path.exists():
        return None
    with sqlite3.connect(db_path) as conn:
        try:
            row = conn.execute("select status from crawl_runs order by id desc limit 1").fetchone()
        except sqlite3.OperationalError:  # not migrated yet
            return None
    return row[0] if row else None


def test_the_run_lock_is_held_until_linking_ends(tmp_path: Path) -> None:
    """Linking runs after the run is recorded, in a store process of its own
    (scraper/run_linking.py): the crawl must hold its lock until that process is done.
    Holding the linkage index's own lock keeps linking waiting, with the run recorded."""
    db_path, index_dir = tmp_path / "mirror.db", tmp_path / "index"
    db_url = f"sqlite:///{db_path}"
    index_dir.mkdir()
    with (
        ReplicaServer(build_site(SITE)) as server,
        (index_dir / ".lock").open("ab") as index_lock,
    ):
        fcntl.flock(index_lock, fcntl.LOCK_EX)
        crawl = subprocess.Popen(
            crawl_command(server.url, db_url, "LOG_LEVEL=INFO"),
            cwd=REPO,
            env=_env({"MIRROR_INDEX_DIR": str(index_dir)}),
            stderr=subprocess.PIPE,
            text=True,
        )
        try:
            deadline = time.monotonic() + 300
            while _run_status(db_path) != "finished":
                assert crawl.poll() is None, f"the crawl exited early ({crawl.returncode})"
                assert time.monotonic() < deadline, "the run was never recorded"
                time.sleep(0.1)
            # Recorded, and linking cannot end while the index is locked.
            with pytest.raises(RunLockHeld):
                acquire_run_lock(db_url, "miff")
            assert crawl.poll() is None
        finally:
            fcntl.flock(index_lock, fcntl.LOCK_UN)
            _, stderr = crawl.communicate(timeout=300)
    assert crawl.returncode == 0, stderr[-3000:]
    assert "'mirror/linked': 120" in stderr, stderr[-3000:]
    assert None not in {record["work_id"] for record in export(db_url)}
    after = acquire_run_lock(db_url, "miff")
    assert after is not None
    after.release()


_LINK_IN_CHILD = """
import json, multiprocessing, sys
from scraper.run_linking import link_in_own_store
counts = link_in_own_store(sys.argv[1], "miff", 1, in_process=False, tune_gc=True,
                           retry_budget_s=5)
print(json.dumps({"linked": counts.linked, "children": len(multiprocessing.active_children()),
                  "linkage_imported": any(m.split(".")[0] == "linkage" for m in sys.modules)}))
"""


def test_linking_runs_in_a_child_and_the_caller_never_imports_linkage(tmp_path: Path) -> None:
    """What the pipeline calls at run end: the entries are linked by a store process that
    has exited when the call returns, and the calling (crawl) process keeps no linkage
    modules in memory."""
    db_url = f"sqlite:///{tmp_path / 'mirror.db'}"
    with ReplicaServer(build_site(SITE)) as server:
        crawled = run_crawl(server.url, db_url, "MIRROR_LINK=0")
    assert crawled.returncode == 0, crawled.stderr[-3000:]
    entries = len(export(db_url))

    linked = subprocess.run(
        [sys.executable, "-c", _LINK_IN_CHILD, db_url],
        cwd=REPO,
        env=_env(),
        capture_output=True,
        text=True,
        timeout=300,
    )

    assert linked.returncode == 0, linked.stderr[-3000:]
    result = json.loads(linked.stdout.splitlines()[-1])
    assert result == {"linked": entries, "children": 0, "linkage_imported": False}
    assert None not in {record["work_id"] for record in export(db_url)}


def test_a_linking_failure_raises_and_leaves_no_process(tmp_path: Path) -> None:
    """The pipeline logs a linking failure and leaves the entries pending: the call must
    raise (not hang) and end its store process."""
    unreachable = f"postgresql+psycopg://mirror@127.0.0.1:{free_port('127.0.0.1')}/mirror"
    # Only the processes this call starts: others' helpers may share the test process
    before = set(multiprocessing.active_children())
    with pytest.raises(DatabaseUnavailable):
        link_in_own_store(unreachable, "miff", 1, in_process=False, tune_gc=True, retry_budget_s=0)
    assert set(multiprocessing.active_children()) - before == set()
