"""Distributed crawls (`scrapy crawl miff -s MIRROR_REDIS_URL=…`): workers sharing a Redis
frontier write one PostgreSQL mirror and one crawl run, and a worker killed with SIGKILL
loses nothing (scraper/frontier.py, scraper/distributed.py, scraper/run_share.py)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from types import SimpleNamespace
from typing import Any, cast

import pytest
from redis import Redis
from scrapy import Request, Spider
from scrapy.crawler import Crawler
from sqlalchemy import text
from warcio.archiveiterator import ArchiveIterator

from db.session import make_engine
from mirror.replica_process import replica_subprocess
from scraper.distributed import DistributedWorker, LeasedScheduler
from scraper.extensions import (
    ARCHIVE_WORKER_LOCK,
    RunLockHeld,
    _acquire_file_lock,
    acquire_run_lock,
)
from scraper.frontier import Frontier
from scraper.run_share import RunShare, WorkerPart
from scraper.spiders.miff_urls import film_id_from_url
from tests.crawl_helpers import BIN, REPO, by_film_id, export, run_crawl, truth
from tests.redis_fixtures import RedisFrontier

FILMS = "300"
# Small, so that the tests do not wait: a worker ends 2 s after the run went idle, and a
# killed worker's leases are taken up 4 s after its last heartbeat.
FAST = {"MIRROR_IDLE_EXIT_SECONDS": "2", "MIRROR_LEASE_SECONDS": "4"}
# Where no worker dies, a lease that a loaded machine cannot let lapse: a worker whose
# heartbeat came more than 4 s late would see its pages crawled again by the other.
STEADY = "MIRROR_LEASE_SECONDS=30"
WORKER_TIMEOUT = 300
# Where both workers must take a share: about 7 s of fetching for one worker alone,
# against a second or two between the two workers' starts, so that neither finishes the
# site before the other has begun (unpaced, on a fast machine, one worker crawled all
# 300 films while the other, starting under load, had yet to fetch its first page, and
# so wrote no WARC file).
PACED = "DOWNLOAD_DELAY=0.02"


@pytest.fixture(scope="module")
def site_truth() -> dict[str, dict[str, Any]]:
    return by_film_id(truth("--films", FILMS))


def start_worker(
    base_url: str, db_url: str, frontier: RedisFrontier, archive: Path, *settings: str
) -> subprocess.Popen[str]:
    """One worker: `scrapy crawl miff` on the test's frontier, its own archive folder."""
    command = [str(BIN / "scrapy"), "crawl", "miff", "-s", f"MIFF_BASE_URL={base_url}"]
    for setting in (
        f"MIRROR_DATABASE_URL={db_url}",
        f"MIRROR_REDIS_URL={frontier.url}",
        f"MIRROR_REDIS_PREFIX={frontier.prefix}",
        f"MIRROR_ARCHIVE_DIR={archive}",
        "LOG_LEVEL=WARNING",
        *settings,
    ):
        command += ["-s", setting]
    env = {**os.environ, "PYTHONPATH": str(REPO), **FAST}
    env.pop("MIRROR_DATABASE_URL", None)
    return subprocess.Popen(
        command,
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def finish(worker: subprocess.Popen[str]) -> tuple[int, str]:
    _, stderr = worker.communicate(timeout=WORKER_TIMEOUT)
    return worker.returncode, stderr


def fetches(*archives: Path) -> Counter[str]:
    """How often each URL was fetched, from the response records of every WARC."""
    fetched: Counter[str] = Counter()
    for archive in archives:
        for path in archive.glob("*.warc.gz"):
            with path.open("rb") as stream:
                for record in ArchiveIterator(stream):
                    if record.rec_type == "response":
                        fetched[record.rec_headers.get_header("WARC-Target-URI")] += 1
    return fetched


def runs(db_url: str) -> list[Any]:
    engine = make_engine(db_url)
    try:
        with engine.connect() as connection:
            return list(
                connection.execute(
                    text("SELECT status, seen_count, new_count FROM crawl_runs ORDER BY id")
                )
            )
    finally:
        engine.dispose()


def entry_rows(db_url: str) -> int:
    engine = make_engine(db_url)
    try:
        with engine.connect() as connection:
            return int(connection.execute(text("SELECT count(*) FROM entries")).scalar_one())
    finally:
        engine.dispose()


def assert_mirror_is_the_site(db_url: str, expected: dict[str, dict[str, Any]]) -> None:
    exported = export(db_url)
    ids = [record["film_id"] for record in exported]
    assert len(ids) == len(set(ids)), "a film was exported twice"
    missing = sorted(set(expected) - set(ids))
    assert entry_rows(db_url) == len(expected), f"duplicate or missing entry rows: {missing}"
    mirrored = by_film_id(exported)
    differing = [film_id for film_id in expected if mirrored.get(film_id) != expected[film_id]]
    assert set(mirrored) == set(expected) and not differing, differing[:5]


@pytest.fixture(scope="module")
def replica_url() -> Iterator[str]:
    with replica_subprocess("--films", FILMS) as url:
        yield url


@pytest.mark.postgres
@pytest.mark.redis
@pytest.mark.slow
def test_two_workers_mirror_the_site_fetching_each_film_once(
    replica_url: str,
    postgres_url: str,
    redis_frontier: RedisFrontier,
    tmp_path: Path,
    site_truth: dict[str, dict[str, Any]],
) -> None:
    archives = [tmp_path / "warc-a", tmp_path / "warc-b"]
    workers = [
        start_worker(replica_url, postgres_url, redis_frontier, a, STEADY, PACED) for a in archives
    ]
    for worker in workers:
        returncode, stderr = finish(worker)
        assert returncode == 0, stderr[-3000:]

    assert_mirror_is_the_site(postgres_url, site_truth)
    fetched = fetches(*archives)
    assert {film_id_from_url(url) for url in fetched} - {None} == set(site_truth)
    # No page twice, the start page included (only the founder seeds); robots.txt aside,
    # which each worker reads for itself.
    twice = [url for url, n in fetched.items() if n > 1 and not url.endswith("/robots.txt")]
    assert twice == []
    # One run for both workers, recorded once, by the last.
    assert [tuple(run) for run in runs(postgres_url)] == [("finished", 300, 300)]
    # Each worker writes WARC files of its own, named after it.
    names = [{p.name.rsplit("-", 2)[0] for p in a.glob("*.warc.gz")} for a in archives]
    assert all(len(n) == 1 for n in names) and names[0] != names[1], names
    # The last worker cleared the frontier: the next distributed crawl starts afresh.
    assert redis_frontier.stored_keys() == []


@pytest.mark.postgres
@pytest.mark.redis
@pytest.mark.slow
def test_a_worker_that_joins_once_the_pages_are_all_fetched_ends_normally(
    postgres_url: str, redis_frontier: RedisFrontier, tmp_path: Path
) -> None:
    """A worker started late finds nothing left to fetch: the site answered the others,
    so that is not "the site is unreachable" (it once aborted so, exit 2, under load)."""
    # Another worker of the run, alive, so that the first one is not the last to leave;
    # not its founder, so that the first one seeds it at once.
    member = worker_frontier(redis_frontier, "still-running", lease_seconds=600)
    member.join()
    redis_frontier.server.delete(member.key("founder"))
    with replica_subprocess("--films", "20") as url:
        first = start_worker(url, postgres_url, redis_frontier, tmp_path / "warc-a", STEADY)
        returncode, stderr = finish(first)
        assert returncode == 0, stderr[-3000:]
        assert redis_frontier.server.exists(f"{redis_frontier.prefix}:seeded")
        late = start_worker(url, postgres_url, redis_frontier, tmp_path / "warc-b", STEADY)
        returncode, stderr = finish(late)
    assert returncode == 0, stderr[-3000:]
    assert "unreachable" not in stderr
    assert fetches(tmp_path / "warc-b") == Counter()  # it found nothing left to fetch


@pytest.mark.postgres
@pytest.mark.redis
@pytest.mark.slow
def test_a_worker_killed_mid_run_loses_nothing(
    postgres_url: str,
    redis_frontier: RedisFrontier,
    tmp_path: Path,
    site_truth: dict[str, dict[str, Any]],
) -> None:
    # Every page answers after 0.5-2 s, so a worker fetching 16 at a time is mid-run for
    # a minute: it is killed once it has committed some pages and holds leases on others.
    with replica_subprocess("--films", FILMS, "--faults", "slow=1.0,seed=1") as url:
        victim = start_worker(
            url,
            postgres_url,
            redis_frontier,
            tmp_path / "warc-victim",
            "CONCURRENT_REQUESTS=16",
            "CONCURRENT_REQUESTS_PER_DOMAIN=16",
            "MIRROR_BATCH_SIZE=5",
        )
        server = redis_frontier.server
        deadline = time.monotonic() + 240
        while not (
            server.hlen(f"{redis_frontier.prefix}:parts")
            and server.scard(f"{redis_frontier.prefix}:seen") >= 5
            and server.zcard(f"{redis_frontier.prefix}:leased")
        ):
            assert victim.poll() is None, victim.communicate()[1][-3000:]
            assert time.monotonic() < deadline, "the worker never got going"
            time.sleep(0.2)
        victim.send_signal(signal.SIGKILL)
        victim.communicate()
        assert server.zcard(f"{redis_frontier.prefix}:leased") > 0  # held when it died
        # Its part, faults included (counted with every report), outlives it.
        [part] = [json.loads(raw) for raw in server.hvals(f"{redis_frontier.prefix}:parts")]
        assert part["new"] > 0 and isinstance(part["faults"], dict)

        restarted = start_worker(url, postgres_url, redis_frontier, tmp_path / "warc-restarted")
        other = start_worker(url, postgres_url, redis_frontier, tmp_path / "warc-other")
        logs = []
        for worker in (restarted, other):
            returncode, stderr = finish(worker)
            assert returncode == 0, stderr[-3000:]
            logs.append(stderr[-3000:])

    try:
        assert_mirror_is_the_site(postgres_url, site_truth)
    except AssertionError as failure:  # what the surviving workers logged says why
        raise AssertionError(f"{failure}\n--- the workers' logs:\n" + "\n".join(logs)) from None
    [(status, seen, _)] = runs(postgres_url)
    assert (status, seen) == ("finished", 300)
    assert redis_frontier.stored_keys() == []


def test_sqlite_is_refused_in_a_distributed_crawl(tmp_path: Path) -> None:
    database = tmp_path / "mirror.db"
    result = run_crawl(
        "http://127.0.0.1:9",  # never reached
        f"sqlite:///{database}",
        "MIRROR_REDIS_URL=redis://127.0.0.1:6379/15",
        timeout=120,
    )
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert lines[-1].startswith("crawl aborted: a distributed crawl (MIRROR_REDIS_URL) needs")
    assert "PostgreSQL" in lines[-1]
    assert "Traceback" not in result.stderr
    assert not database.exists()  # refused before the mirror was touched


def worker_frontier(
    redis_frontier: RedisFrontier, worker_id: str = "w", lease_seconds: float = 1
) -> Frontier:
    """One worker's handle on the test's keys, its leases short unless asked."""
    return Frontier(
        server=redis_frontier.server,
        prefix=redis_frontier.prefix,
        worker_id=worker_id,
        lease_seconds=lease_seconds,
        idle_exit_seconds=0,
    )


@pytest.mark.redis
def test_an_expired_lease_goes_back_in_the_queue(redis_frontier: RedisFrontier) -> None:
    dead, alive = worker_frontier(redis_frontier), worker_frontier(redis_frontier)
    dead.push(b"page-1", 0)
    dead.push(b"page-2", 0)
    (popped,) = dead.pop_many(1)
    alive.ack([alive.pop_many(1)[0][0]])
    assert alive.pop_many(1) == [] and alive.requeue_expired() == 0  # page-1 still leased
    time.sleep(1.2)  # the dead worker's lease ends
    assert alive.requeue_expired() == 1
    (again,) = alive.pop_many(1)
    assert again[1] == popped[1]


@pytest.mark.redis
def test_a_batch_of_leases_is_taken_in_queue_order_and_each_is_its_own_lease(
    redis_frontier: RedisFrontier,
) -> None:
    dead = worker_frontier(redis_frontier, "dead")
    alive = worker_frontier(redis_frontier, "alive")
    for n, score in ((1, 3), (2, 1), (3, 2), (4, 4)):
        dead.push(f"page-{n}".encode(), score)
    batch = dead.pop_many(3)
    assert [data for _, data in batch] == [b"page-2", b"page-3", b"page-1"]
    assert len({token for token, _ in batch}) == 3 and dead.held == {t for t, _ in batch}
    dead.ack([batch[0][0]])  # one processed; the other two die with their worker
    assert [data for _, data in alive.pop_many(8)] == [b"page-4"]
    time.sleep(1.2)
    assert alive.requeue_expired() == 2 + 1  # the dead worker's two and alive's own
    assert sorted(data for _, data in alive.pop_many(8)) == [b"page-1", b"page-3", b"page-4"]
    assert alive.pop_many(8) == []


@pytest.mark.redis
def test_leases_a_worker_will_not_process_go_back_at_once(redis_frontier: RedisFrontier) -> None:
    frontier = worker_frontier(redis_frontier, lease_seconds=60)
    frontier.push(b"page-1", 5)
    frontier.push(b"page-2", 6)
    first = frontier.next_leased(2)  # leases both, hands out the first
    assert first is not None and [data for _, data in frontier.waiting] == [b"page-2"]
    assert frontier.release_waiting() == 1
    assert frontier.held == {first[0]} and not frontier.waiting
    frontier.push(b"page-0", 1)
    frontier.push(b"page-3", 7)
    # Back with its own priority, between the two pushed since.
    assert [data for _, data in frontier.pop_many(3)] == [b"page-0", b"page-2", b"page-3"]


class WorkerKilled(BaseException):
    """Stands for SIGKILL: the worker stops between two Redis commands."""


class RedisThatDies(Redis):
    """A client whose worker is killed once it has sent `commands_left` commands."""

    commands_left = 0

    def execute_command(self, *args: Any, **options: Any) -> Any:
        if self.commands_left == 0:
            raise WorkerKilled
        self.commands_left -= 1
        return super().execute_command(*args, **options)


@pytest.mark.redis
def test_a_worker_killed_while_queueing_leaves_no_request_seen_but_unqueued(
    redis_frontier: RedisFrontier,
) -> None:
    """Killed after any number of its Redis commands, a worker queueing a new request
    leaves it either unseen (whoever fetches the page again queues it) or seen and queued;
    never marked seen in the dupefilter and missing from the queue, which every worker
    would then drop as a duplicate (the kill test once lost a film so)."""
    request = Request("http://festival.example/film/1")
    for commands in range(10):
        for key in redis_frontier.stored_keys():
            redis_frontier.server.delete(key)
        dying = cast(RedisThatDies, RedisThatDies.from_url(redis_frontier.url))
        dying.commands_left = commands
        frontier = replace(worker_frontier(redis_frontier), server=dying)
        scheduler = LeasedScheduler(cast(Crawler, SimpleNamespace(stats=None)), frontier)
        scheduler.open(Spider(name="festival"))
        try:
            queued = scheduler.enqueue_request(request.copy())
        except WorkerKilled:
            queued = None
        finally:
            dying.close()
        server, prefix = redis_frontier.server, redis_frontier.prefix
        seen = server.scard(f"{prefix}:dupefilter") > 0
        in_queue = server.zcard(f"{prefix}:queue") > 0
        assert seen == in_queue, f"killed after {commands} commands: seen but not queued"
        if queued is not None:
            assert queued and in_queue
            break
    else:
        pytest.fail("the request was never queued")


@pytest.mark.redis
def test_leases_waiting_in_a_batch_are_not_taken_for_dropped_requests(
    redis_frontier: RedisFrontier,
) -> None:
    """A lease that no request in the engine holds, two heartbeats running, belongs to a
    request dropped on the way and is let go; one still waiting to be handed out is not."""
    frontier = worker_frontier(redis_frontier, lease_seconds=60)
    for n in range(3):
        frontier.push(f"page-{n}".encode(), n)
    assert frontier.next_leased(3) is not None  # handed out, then dropped: in no slot
    engine = SimpleNamespace(_slot=SimpleNamespace(inprogress=[]))
    worker = DistributedWorker(cast(Crawler, SimpleNamespace(engine=engine)), frontier)
    worker._release_strays()
    worker._release_strays()
    waiting = {token for token, _ in frontier.waiting}
    assert len(waiting) == 2 and frontier.held == waiting


@pytest.mark.postgres
def test_distributed_workers_share_the_run_lock_and_shut_out_a_crawl_alone(
    postgres_url: str,
) -> None:
    first = acquire_run_lock(postgres_url, "miff", shared=True)
    second = acquire_run_lock(postgres_url, "miff", shared=True)
    assert first is not None and second is not None
    try:
        with pytest.raises(RunLockHeld):
            acquire_run_lock(postgres_url, "miff")
    finally:
        first.release()
        second.release()
    alone = acquire_run_lock(postgres_url, "miff")
    assert alone is not None
    try:
        with pytest.raises(RunLockHeld):
            acquire_run_lock(postgres_url, "miff", shared=True)
    finally:
        alone.release()


@pytest.mark.postgres
def test_a_worker_refuses_an_archive_folder_another_worker_uses(
    postgres_url: str, tmp_path: Path
) -> None:
    """A worker recovers the open WARC files it finds at start-up: in a folder another
    live worker writes, those would be that worker's."""
    archive = tmp_path / "warc"
    archive.mkdir()
    held = _acquire_file_lock(archive / ARCHIVE_WORKER_LOCK)  # a live worker's
    try:
        result = run_crawl(
            "http://127.0.0.1:9",  # never reached
            postgres_url,
            "MIRROR_REDIS_URL=redis://127.0.0.1:6379/15",
            f"MIRROR_ARCHIVE_DIR={archive}",
            timeout=120,
        )
    finally:
        held.release()
    assert result.returncode == 2
    last = result.stderr.strip().splitlines()[-1]
    assert last.startswith(f"crawl aborted: the archive folder {archive} is in use"), last
    assert list(archive.glob("*.warc.gz*")) == []


@pytest.mark.redis
def test_the_run_counts_a_film_two_workers_saw_once_and_sums_the_rest(
    redis_frontier: RedisFrontier,
) -> None:
    def worker(worker_id: str) -> RunShare:
        return RunShare(worker_frontier(redis_frontier, worker_id, lease_seconds=60))

    first, second = worker("a"), worker("b")
    first.report(
        WorkerPart(new=2, pages=3, fill_items=2, filled={"title": 2}, errors=1, first_errors=["x"]),
        {"seen": {"1", "2"}},
        [],
    )
    # Film 2 again (its lease expired while the first worker was slow), and film 3.
    second.report(
        WorkerPart(new=1, unchanged=1, pages=2, fill_items=2, filled={"title": 1}),
        {"seen": {"2", "3"}, "present": {"4"}},
        [],
    )
    combined = second.combine(())
    assert (combined.counts.seen, combined.counts.new, combined.counts.unchanged) == (3, 3, 1)
    assert (combined.counts.pages, combined.counts.errors, combined.first_errors) == (5, 1, ["x"])
    assert combined.counts.fill_rates["title"] == 0.75
    assert combined.present == {"1", "2", "3", "4"}


@pytest.mark.postgres
@pytest.mark.redis
@pytest.mark.slow
def test_redirects_and_given_up_pages_let_the_run_end(
    postgres_url: str,
    redis_frontier: RedisFrontier,
    tmp_path: Path,
    site_truth: dict[str, dict[str, Any]],
) -> None:
    """A redirect hands its lease on to the request it makes; a page given up (a redirect
    loop) lets go of its own: no lease is left behind for the run to wait on forever."""
    with replica_subprocess("--films", FILMS, "--faults", "loop=0.05,seed=2") as url:
        workers = [
            start_worker(url, postgres_url, redis_frontier, tmp_path / name, STEADY)
            for name in ("warc-a", "warc-b")
        ]
        for worker in workers:
            returncode, stderr = finish(worker)
            assert returncode == 0, stderr[-3000:]
    exported = export(postgres_url)
    mirrored = by_film_id(exported)
    assert len(mirrored) == len(exported) == entry_rows(postgres_url)
    assert 0 < len(mirrored) < len(site_truth)  # the looping film pages are missing
    assert all(mirrored[film_id] == site_truth[film_id] for film_id in mirrored)
    assert redis_frontier.stored_keys() == []
