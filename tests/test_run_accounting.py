"""Scheduled runs: per-run accounting, tombstones, the health check, interrupted runs.

One mirror is crawled again and again, as cron would, while the replica changes under it
(`--mutate`, `--remove`) or the spider's selectors rot; every run is a real
`scrapy crawl miff` process against a real replica server.
"""

from __future__ import annotations

import csv
import io
import json
import signal
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from db.models import Base
from db.runs import ACCEPTED_PREFIX, FILL_FIELDS
from db.session import make_engine
from db.store import MirrorStore, RunCounts
from mirror.cli import app
from mirror.replica.server import ReplicaServer
from mirror.replica.site import ReplicaConfig, build_site
from mirror.replica_process import free_port
from scraper.spiders.miff import MiffSpider
from tests.crawl_helpers import BIN, REPO, _env, by_film_id, jsonl, run_crawl
from tests.db_fixtures import make_film

FILMS = 120
BASE = ReplicaConfig(films=FILMS)
MUTATED = ReplicaConfig(films=FILMS, mutate=0.1, mutate_seed=3)  # 12 films edited
REMOVED = ReplicaConfig(films=FILMS, remove=0.1, remove_seed=5)  # 12 films withdrawn
MOST_REMOVED = ReplicaConfig(films=FILMS, remove=0.6, remove_seed=5)  # 72: looks like breakage
HALF_MUTATED = ReplicaConfig(films=FILMS, mutate=0.5)
HEALTH_EXIT = 3


def site_truth(config: ReplicaConfig) -> dict[str, dict[str, Any]]:
    return by_film_id(list(build_site(config).truth_records()))


def cli(*args: str) -> str:
    """A `mirror` command, in-process (the crawls are the real processes here)."""
    result = CliRunner().invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.stdout


def _rows(db_url: str, table: str) -> list[dict[str, Any]]:
    model = Base.metadata.tables[table]
    engine = make_engine(db_url)
    try:
        with engine.connect() as conn:
            return [dict(row._mapping) for row in conn.execute(select(model).order_by(model.c.id))]
    finally:
        engine.dispose()


@dataclass
class Step:
    result: subprocess.CompletedProcess[str]
    run: dict[str, Any]  # the crawl_runs row of this step's run
    tombstones: dict[str, int]  # film_id -> vanished_run_id, after the step
    entries: int  # rows in entries, after the step
    updated: set[str]  # film ids of the entries this step's run changed


def _step(db_url: str, port: int, config: ReplicaConfig, *settings: str) -> Step:
    with ReplicaServer(build_site(config), port=port) as server:
        result = run_crawl(server.url, db_url, *settings)
    entries = _rows(db_url, "entries")
    run = _rows(db_url, "crawl_runs")[-1]
    return Step(
        result=result,
        run=run,
        tombstones={e["film_id"]: e["vanished_run_id"] for e in entries if e["vanished_run_id"]},
        entries=len(entries),
        updated={e["film_id"] for e in entries if e["updated_run_id"] == run["id"]},
    )


@dataclass
class History:
    db_url: str
    steps: dict[str, Step]
    after_removal: dict[str, str]  # command outputs read while the tombstones were set


@pytest.fixture(scope="module")
def history(tmp_path_factory: pytest.TempPathFactory) -> History:
    """Eight scheduled runs of one mirror; each test reads the step it is about."""
    work = tmp_path_factory.mktemp("scheduled")
    db_url, port = f"sqlite:///{work / 'mirror.db'}", free_port()
    archive = f"MIRROR_ARCHIVE_DIR={work / 'warc'}"
    steps = {"first": _step(db_url, port, BASE, archive)}
    # With the web archive, unchanged film pages come back as revisits, not parsed.
    steps["unchanged"] = _step(db_url, port, BASE, archive)
    steps["mutated"] = _step(db_url, port, MUTATED)
    steps["removed"] = _step(db_url, port, REMOVED)
    gone = sorted(steps["removed"].tombstones)[0] if steps["removed"].tombstones else "0"
    after_removal = {
        "export": cli("export", "--db", db_url),
        "export_vanished": cli("export", "--include-vanished", "--db", db_url),
        "csv_vanished": cli("export", "--include-vanished", "--format", "csv", "--db", db_url),
        "show_json": cli("show", gone, "--json", "--db", db_url),
        "show": cli("show", gone, "--table", "--db", db_url),  # piped: JSON unless asked
        "stats_json": cli("stats", "--json", "--db", db_url),
    }
    steps["returned"] = _step(db_url, port, BASE)
    steps["most_removed"] = _step(db_url, port, MOST_REMOVED)
    steps["rotten"] = _step(db_url, port, HALF_MUTATED, "SPIDER_MODULES=tests.rotten_spiders")
    steps["overridden"] = _step(db_url, port, MOST_REMOVED, "MIRROR_HEALTH_CHECK=0")
    return History(db_url, steps, after_removal)


@pytest.fixture(scope="module")
def truths() -> dict[str, dict[str, dict[str, Any]]]:
    return {
        "base": site_truth(BASE),
        "removed": site_truth(REMOVED),
        "most_removed": site_truth(MOST_REMOVED),
    }


def _counts(run: dict[str, Any]) -> dict[str, Any]:
    keys = ("status", "new_count", "changed_count", "unchanged_count", "seen_count")
    return {key: run[key] for key in (*keys, "vanished_count", "revisit_count")}


def test_first_run_counts_every_film_new_and_records_fill_rates(
    history: History, truths: dict[str, Any]
) -> None:
    first = history.steps["first"]
    assert first.result.returncode == 0, first.result.stderr[-3000:]
    assert _counts(first.run) == {
        "status": "finished",
        "new_count": 120,
        "changed_count": 0,
        "unchanged_count": 0,
        "seen_count": 120,
        "vanished_count": 0,
        "revisit_count": 0,
    }
    rates = first.run["fill_rates"]
    miff_watched = [e.name for e in MiffSpider.extra_fields if e.watch]
    assert list(rates) == [*FILL_FIELDS, *miff_watched]
    films = truths["base"].values()
    assert rates["title"] == 1.0
    assert rates["directors"] == round(sum(bool(f["directors"]) for f in films) / 120, 4)
    assert rates["synopsis"] == round(sum(bool(f["synopsis"]) for f in films) / 120, 4)
    assert rates["year"] == round(sum(f["year"] is not None for f in films) / 120, 4)
    assert first.run["alarm"] is None


def test_unchanged_run_counts_revisits_as_seen_and_unchanged(history: History) -> None:
    unchanged = history.steps["unchanged"]
    assert unchanged.result.returncode == 0, unchanged.result.stderr[-3000:]
    assert _counts(unchanged.run) == {
        "status": "finished",
        "new_count": 0,
        "changed_count": 0,
        "unchanged_count": 120,
        "seen_count": 120,
        "vanished_count": 0,
        "revisit_count": 120,
    }


def test_mutated_run_counts_changed_and_unchanged(history: History) -> None:
    mutated = history.steps["mutated"]
    assert mutated.result.returncode == 0, mutated.result.stderr[-3000:]
    updated = mutated.updated
    edited = build_site(MUTATED).mutated_film_ids
    assert len(edited) == 12
    # An edit can also change another entry's see-also teaser: that entry changed too.
    assert edited <= updated
    assert _counts(mutated.run) == {
        "status": "finished",
        "new_count": 0,
        "changed_count": len(updated),
        "unchanged_count": 120 - len(updated),
        "seen_count": 120,
        "vanished_count": 0,
        "revisit_count": 0,
    }


def test_removed_films_are_tombstoned_not_deleted(history: History, truths: dict[str, Any]) -> None:
    removed = history.steps["removed"]
    assert removed.result.returncode == 0, removed.result.stderr[-3000:]
    gone = set(truths["base"]) - set(truths["removed"])
    assert len(gone) == 12
    assert removed.run["seen_count"] == 108
    assert removed.run["vanished_count"] == 12
    assert removed.tombstones == dict.fromkeys(gone, removed.run["id"])
    assert removed.entries == 120  # never deleted


def test_export_show_and_stats_tell_about_tombstones(
    history: History, truths: dict[str, Any]
) -> None:
    run_id = history.steps["removed"].run["id"]
    outputs = history.after_removal
    # The default export is the site as it now is; tombstones only when asked for.
    assert by_film_id(jsonl(outputs["export"])) == truths["removed"]
    assert all("vanished" not in record for record in jsonl(outputs["export"]))
    everything = jsonl(outputs["export_vanished"])
    assert len(everything) == 120
    vanished = {r["film_id"]: r["vanished"] for r in everything if "vanished" in r}
    assert set(vanished) == set(truths["base"]) - set(truths["removed"])
    assert {v["run_id"] for v in vanished.values()} == {run_id}
    assert all(v["at"] for v in vanished.values())
    rows = list(csv.DictReader(io.StringIO(outputs["csv_vanished"])))
    assert sorted(r["film_id"] for r in rows if r["vanished_run_id"]) == sorted(vanished)
    assert json.loads(outputs["show_json"])["vanished"]["run_id"] == run_id
    assert f"gone from the site: crawl run {run_id}" in outputs["show"]
    stats = json.loads(outputs["stats_json"])
    assert stats["vanished_entries"] == 12
    assert stats["last_runs"][0]["vanished"] == 12


def test_a_film_that_comes_back_loses_its_tombstone(
    history: History,
) -> None:
    returned = history.steps["returned"]
    assert returned.result.returncode == 0, returned.result.stderr[-3000:]
    assert returned.tombstones == {}
    assert (returned.run["seen_count"], returned.run["vanished_count"]) == (120, 0)
    assert returned.entries == 120


def test_sharp_drop_in_films_seen_fails_loudly_and_tombstones_nothing(
    history: History,
) -> None:
    step = history.steps["most_removed"]
    assert step.result.returncode == HEALTH_EXIT, step.result.stderr[-3000:]
    [line] = [ln for ln in step.result.stderr.splitlines() if ln.startswith("crawl failed")]
    assert line.startswith(
        "crawl failed its health check: films seen dropped to 48 from a median of 120"
    ), line
    assert "MIRROR_HEALTH_CHECK=0" in line
    assert step.run["status"] == "failed"
    assert step.run["alarm"].startswith("films seen dropped to 48 from a median of 120")
    assert step.run["seen_count"] == 48
    assert (step.run["vanished_count"], step.tombstones) == (0, {})


def test_selector_rot_fails_the_run_on_fill_rates(history: History) -> None:
    step = history.steps["rotten"]
    assert step.result.returncode == HEALTH_EXIT, step.result.stderr[-3000:]
    assert step.run["status"] == "failed"
    assert step.run["fill_rates"]["synopsis"] == 0.0
    assert "synopsis filled in 0% of " in step.run["alarm"]
    assert "films seen" not in step.run["alarm"]  # every film was still found
    assert "synopsis filled in 0%" in step.result.stderr
    assert step.tombstones == {}


def test_override_accepts_an_intentional_change_and_tombstones(
    history: History, truths: dict[str, Any]
) -> None:
    step = history.steps["overridden"]
    assert step.result.returncode == 0, step.result.stderr[-3000:]
    assert step.run["status"] == "finished"
    assert step.run["alarm"].startswith(ACCEPTED_PREFIX + "films seen dropped to 48")
    gone = set(truths["base"]) - set(truths["most_removed"])
    assert step.tombstones == dict.fromkeys(gone, step.run["id"])
    assert by_film_id(jsonl(cli("export", "--db", history.db_url))) == truths["most_removed"]


# -- the store's side, on SQLite and PostgreSQL ---------------------------------------------


@pytest.fixture
def store(db_url: str) -> Iterator[MirrorStore]:
    store = MirrorStore(db_url, retry_budget_s=5)
    yield store
    store.close()


def _entry_tombstones(db_url: str) -> dict[str, int | None]:
    return {row["film_id"]: row["vanished_run_id"] for row in _rows(db_url, "entries")}


def test_store_tombstones_unseen_entries_and_clears_them_when_seen_again(
    store: MirrorStore, db_url: str
) -> None:
    films = [make_film(n) for n in range(8)]
    first = store.start_run("miff")
    store.write_batch(first, films)
    store.finish_run(first, "finished", "finished", RunCounts(new=8), present=set())
    assert set(_entry_tombstones(db_url).values()) == {first}  # nothing seen: all vanished

    second = store.start_run("miff")
    # One comes back with its page parsed, one through an unchanged revisit.
    counts = store.write_batch(second, [films[0]], revisited=[("miff", films[1].film_id)])
    assert (counts.unchanged, counts.reappeared, counts.unknown_revisits) == (1, 2, 0)
    vanished = store.finish_run(
        second,
        "finished",
        "finished",
        RunCounts(unchanged=2, seen=2, revisits=1),
        present={films[0].film_id, films[1].film_id},
    )
    assert vanished == 0  # the other six were tombstoned already
    tombstones = _entry_tombstones(db_url)
    assert tombstones[films[0].film_id] is None and tombstones[films[1].film_id] is None
    assert [tombstones[f.film_id] for f in films[2:]] == [first] * 6


def test_store_refuses_tombstones_from_a_run_that_did_not_finish(store: MirrorStore) -> None:
    run = store.start_run("miff")
    with pytest.raises(ValueError, match="only a finished run"):
        store.finish_run(run, "failed", "health_check_failed", RunCounts(), present=set())


def test_revisit_of_an_entry_the_mirror_lacks_is_counted(store: MirrorStore) -> None:
    run = store.start_run("miff")
    counts = store.write_batch(run, [], revisited=[("miff", "424242")])
    assert counts.unknown_revisits == 1


def test_runs_left_running_are_marked_interrupted_by_the_next(
    store: MirrorStore, db_url: str
) -> None:
    killed = store.start_run("miff")
    stopped = store.start_run("miff")
    store.finish_run(stopped, "aborted", "shutdown", RunCounts())
    other_festival = store.start_run("nziff")
    current = store.start_run("miff")

    assert store.mark_interrupted("miff", current, resumed=[stopped]) == [killed]

    runs = {row["id"]: row for row in _rows(db_url, "crawl_runs")}
    assert (runs[killed]["status"], runs[killed]["resumed_by_run_id"]) == ("interrupted", current)
    assert (runs[stopped]["status"], runs[stopped]["resumed_by_run_id"]) == ("aborted", current)
    assert runs[other_festival]["status"] == "running"
    assert runs[current]["status"] == "running"


def test_recent_runs_feed_the_health_check_from_finished_runs_only(store: MirrorStore) -> None:
    finished = store.start_run("miff")
    store.finish_run(
        finished,
        "finished",
        "finished",
        RunCounts(new=60, unchanged=40, seen=100, revisits=30, fill_rates={"title": 1.0}),
    )
    failed = store.start_run("miff")
    store.finish_run(failed, "failed", "health_check_failed", RunCounts(seen=1), alarm="x")
    accepted = store.start_run("miff")
    store.finish_run(accepted, "finished", "finished", RunCounts(seen=5), alarm=ACCEPTED_PREFIX)
    current = store.start_run("miff")

    summaries = store.recent_runs("miff", current)

    assert [(s.run_id, s.seen, s.accepted) for s in summaries] == [
        (accepted, 5, True),
        (finished, 100, False),
    ]
    assert summaries[1].extracted == 70  # revisits are not extracted films
    assert summaries[1].fill_rates == {"title": 1.0}


# -- a killed crawl: the next run takes over ------------------------------------------------


def _wait_for(condition: Any, process: subprocess.Popen[Any], timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert process.poll() is None, f"the crawl exited early ({process.returncode})"
        if condition():
            return
        time.sleep(0.05)
    raise AssertionError(f"condition not met within {timeout} s")


def _running_run(db_url: str) -> bool:
    try:
        return any(row["status"] == "running" for row in _rows(db_url, "crawl_runs"))
    except Exception:  # the crawl has not created the tables yet
        return False


def test_killed_run_is_marked_interrupted_and_its_jobdir_set_aside(
    sqlite_url: str, tmp_path: Path
) -> None:
    jobdir, port = tmp_path / "job", free_port()
    settings = ["-s", f"JOBDIR={jobdir}", "-s", "LOG_LEVEL=WARNING"]
    slow = ReplicaConfig(films=40, faults="slow=1.0")  # still running when it is killed
    with ReplicaServer(build_site(slow), port=port) as server:
        command = [str(BIN / "scrapy"), "crawl", "miff", "-s", f"MIFF_BASE_URL={server.url}"]
        command += ["-s", f"MIRROR_DATABASE_URL={sqlite_url}", *settings]
        killed = subprocess.Popen(
            command, cwd=REPO, env=_env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        try:
            _wait_for(
                lambda: _running_run(sqlite_url) and (jobdir / "requests.queue").exists(),
                killed,
                timeout=60,
            )
        finally:
            killed.send_signal(signal.SIGKILL)
            killed.wait(timeout=30)
    [dead] = _rows(sqlite_url, "crawl_runs")

    with ReplicaServer(build_site(ReplicaConfig(films=40)), port=port) as server:
        after = run_crawl(server.url, sqlite_url, f"JOBDIR={jobdir}")

    assert after.returncode == 0, after.stderr[-3000:]
    assert "did not close cleanly" in after.stderr
    assert f"crawl run {dead['id']} of miff was killed" in after.stderr
    runs = {row["id"]: row for row in _rows(sqlite_url, "crawl_runs")}
    [new_id] = set(runs) - {dead["id"]}
    assert runs[dead["id"]]["status"] == "interrupted"
    assert runs[dead["id"]]["resumed_by_run_id"] == new_id
    assert runs[new_id]["status"] == "finished"
    [aside] = [p for p in jobdir.iterdir() if p.name.startswith("discarded-")]
    assert (aside / "requests.queue").is_dir()
    # Nothing lost to the killed job's dupefilter, nothing twice.
    exported = jsonl(cli("export", "--db", sqlite_url))
    assert len(exported) == len(list(build_site(ReplicaConfig(films=40)).truth_records()))
    assert by_film_id(exported) == site_truth(ReplicaConfig(films=40))


def test_stopped_run_is_resumed_from_its_jobdir(sqlite_url: str, tmp_path: Path) -> None:
    jobdir, port = tmp_path / "job", free_port()
    films = ReplicaConfig(films=200)
    with ReplicaServer(
        build_site(ReplicaConfig(films=200, faults="slow=1.0")), port=port
    ) as server:
        command = [str(BIN / "scrapy"), "crawl", "miff", "-s", f"MIFF_BASE_URL={server.url}"]
        command += ["-s", f"MIRROR_DATABASE_URL={sqlite_url}", "-s", f"JOBDIR={jobdir}"]
        stopped = subprocess.Popen(
            command,
            cwd=REPO,
            env=_env(),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )

        def film_pages_requested() -> bool:
            return sum("/film/" in path for path in server.pages.requested()) >= 5

        _wait_for(film_pages_requested, stopped, timeout=60)
        # Ctrl-C, or systemd stopping the service: Scrapy closes the job cleanly.
        stopped.send_signal(signal.SIGINT)
        _, stderr = stopped.communicate(timeout=120)
    assert stopped.returncode == 2 and "crawl aborted: shutdown" in stderr, stderr[-3000:]
    assert len(_rows(sqlite_url, "crawl_runs")) == 1

    with ReplicaServer(build_site(films), port=port) as server:
        resumed = run_crawl(server.url, sqlite_url, f"JOBDIR={jobdir}", "LOG_LEVEL=INFO")
        refetched = {p for p in server.pages.requested() if "/film/" in p}

    assert resumed.returncode == 0, resumed.stderr[-3000:]
    assert "resuming the job in" in resumed.stderr
    first, second = _rows(sqlite_url, "crawl_runs")
    assert (first["status"], first["finish_reason"]) == ("aborted", "shutdown")
    assert first["resumed_by_run_id"] == second["id"]
    assert second["status"] == "finished"
    expected = site_truth(films)
    # The two runs split the films between them: the second fetched only what was left.
    assert first["new_count"] > 0 and second["new_count"] > 0
    assert first["new_count"] + second["new_count"] == len(expected)
    assert len(refetched) == second["new_count"]
    # A resumed job saw only part of the site: it tombstones nothing.
    assert second["vanished_count"] == 0
    exported = jsonl(cli("export", "--db", sqlite_url))
    assert len(exported) == len(expected)
    assert by_film_id(exported) == expected
