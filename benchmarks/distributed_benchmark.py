"""Benchmark: wall time and speed-up of a distributed crawl with 1, 2 and 4 workers.

Each round crawls the replica (12,000 films by default) into a fresh PostgreSQL database
through a fresh Redis frontier (`scrapy crawl miff -s MIRROR_REDIS_URL=…`, MIRROR_LINK=0:
linking is the last worker's job alone and would only blur the comparison). The replica
is served by ``--replica-processes`` processes listening on one port (SO_REUSEPORT: the
kernel spreads the connections), so that one replica process is not the bottleneck;
each process renders a page the first time it serves it, so an untimed crawl first warms
them. The wall time runs from the first worker's start to the last worker's exit and
includes the idle wait before exit (``MIRROR_IDLE_EXIT_SECONDS``, 2 here). The load
average is printed with the figures: the machine is shared.

What limits the speed-up is shown beside it: how many of the machine's cores were busy
during the round (from /proc/stat), and how much of that CPU time the workers and their
own processes used (the rest is the replica, PostgreSQL and Redis, which on one machine
compete with the workers for the same cores). When one worker already keeps the cores
busy, a second can only share them.

    python benchmarks/distributed_benchmark.py [--films 12000] [--workers 1,2,4] [--rounds 2]
        [--replica-processes 2] [--postgres postgresql+psycopg://root@127.0.0.1:5432/postgres]
        [--redis redis://127.0.0.1:6379/14]
"""

from __future__ import annotations

import argparse
import os
import resource
import secrets
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from common.child_server import child_servers, free_port

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent

# One replica process on a shared port: the same deterministic site in each.
_SERVE = """
import sys
from mirror.replica.server import ReplicaServer, _ReplicaHTTPServer
from mirror.replica.site import ReplicaConfig, build_site
_ReplicaHTTPServer.allow_reuse_port = True
site = build_site(ReplicaConfig(films=int(sys.argv[1])))
ReplicaServer(site, port=int(sys.argv[2])).serve_forever()
"""


@contextmanager
def replica_pool(films: int, processes: int) -> Iterator[str]:
    port = free_port("127.0.0.1")
    url = f"http://127.0.0.1:{port}"
    command = [sys.executable, "-c", _SERVE, str(films), str(port)]
    with child_servers([(command, url)] * processes, startup_timeout=300):
        # The first process up answers every probe: give the others time to build too.
        time.sleep(10)
        yield url


@contextmanager
def fresh_database(admin_url: str) -> Iterator[str]:
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    name = f"mirror_bench_{secrets.token_hex(4)}"
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(admin_url).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def machine_busy_seconds() -> float:
    """CPU seconds all cores have spent busy since boot (/proc/stat: all but idle and iowait)."""
    fields = [int(v) for v in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    idle = fields[3] + fields[4]
    return (sum(fields[:8]) - idle) / os.sysconf("SC_CLK_TCK")


def children_cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def crawl(base_url: str, admin_url: str, redis_url: str, workers: int) -> float:
    """Wall seconds of one distributed crawl by ``workers`` workers."""
    prefix = f"mirror-bench-{secrets.token_hex(4)}"
    env = {**os.environ, "PYTHONPATH": str(REPO), "MIRROR_IDLE_EXIT_SECONDS": "2"}
    env.pop("MIRROR_DATABASE_URL", None)
    with fresh_database(admin_url) as db_url, tempfile.TemporaryDirectory() as logs:
        from db.migrate import upgrade

        upgrade(db_url)  # not timed: every worker would only find it done
        started = time.monotonic()
        busy_before, workers_before = machine_busy_seconds(), children_cpu_seconds()
        children = []
        for n in range(workers):
            command = [str(BIN / "scrapy"), "crawl", "miff"]
            for setting in (
                f"MIFF_BASE_URL={base_url}",
                f"MIRROR_DATABASE_URL={db_url}",
                f"MIRROR_REDIS_URL={redis_url}",
                f"MIRROR_REDIS_PREFIX={prefix}",
                "MIRROR_LINK=0",
                "LOG_LEVEL=WARNING",
            ):
                command += ["-s", setting]
            log = Path(logs) / f"worker-{n}.log"
            with log.open("w") as stream:
                children.append(
                    subprocess.Popen(command, cwd=REPO, env=env, stdout=stream, stderr=stream)
                )
        codes = [child.wait() for child in children]
        elapsed = time.monotonic() - started
        busy = machine_busy_seconds() - busy_before
        # Each worker waits for its own store and WARC-writer processes, so their CPU
        # time is in the workers' reaped-children total too.
        worker_cpu = children_cpu_seconds() - workers_before
        if any(codes):
            tails = [(Path(logs) / f"worker-{n}.log").read_text()[-2000:] for n in range(workers)]
            raise SystemExit(f"a worker failed ({codes}):\n" + "\n".join(tails))
        engine = create_engine(db_url)
        with engine.connect() as connection:
            films = connection.execute(text("SELECT count(*) FROM entries")).scalar_one()
        engine.dispose()
        print(
            f"  {workers} worker(s): {films} films in {elapsed:.1f} s; cores busy"
            f" {busy / elapsed:.2f} of {os.cpu_count()} (workers {worker_cpu / elapsed:.2f},"
            f" replica, PostgreSQL, Redis and the rest {(busy - worker_cpu) / elapsed:.2f})",
            flush=True,
        )
        return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--films", type=int, default=12000)
    parser.add_argument("--workers", default="1,2,4", help="worker counts, comma-separated")
    parser.add_argument("--replica-processes", type=int, default=2)
    parser.add_argument("--postgres", default="postgresql+psycopg://root@127.0.0.1:5432/postgres")
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/14")
    parser.add_argument("--rounds", type=int, default=2, help="runs of each worker count")
    args = parser.parse_args()
    counts = [int(n) for n in args.workers.split(",")]
    with replica_pool(args.films, args.replica_processes) as url:
        print(f"replica: {args.films} films, {args.replica_processes} processes at {url}")
        print("warming the replica (untimed):", flush=True)
        crawl(url, args.postgres, args.redis, max(counts))
        runs: dict[int, list[float]] = {workers: [] for workers in counts}
        # The worker counts alternate round by round, so that the machine's drift (this
        # one's speed moves by 10-15% between minutes) hits each alike; the best is shown.
        for round_number in range(1, max(1, args.rounds) + 1):
            print(f"round {round_number}:", flush=True)
            for workers in counts:
                load = os.getloadavg()
                runs[workers].append(crawl(url, args.postgres, args.redis, workers))
                print(f"    load average before: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
    times = {workers: min(seconds) for workers, seconds in runs.items()}
    base = times[counts[0]] * counts[0] if counts[0] != 1 else times[1]
    print(f"\ncores: {os.cpu_count()}; best of {max(1, args.rounds)} round(s)")
    for workers, seconds in times.items():
        each = ", ".join(f"{s:.1f}" for s in runs[workers])
        print(f"{workers} worker(s): {seconds:7.1f} s  speed-up {base / seconds:4.2f}x  ({each})")


if __name__ == "__main__":
    main()
