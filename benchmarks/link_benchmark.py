"""Benchmark: `mirror link` of a replica crawl, against the model alone, and the works
it makes against the replica's truth.

1. crawls the replica (default 12,000 films) into a fresh SQLite file with
   MIRROR_LINK=0 (not timed);
2. embeds every synopsis of the mirror with the bundled encoder on all cores, in
   worker processes as linking does (the floor: the model's own time);
3. runs `mirror link` in a subprocess (wall time, peak memory of its process tree);
4. scores the works against the truth's work ids (pairwise precision and recall,
   films split and works joining different films) and counts the review queue.

Targets (issue 13): link <= 1.5x the embedding time; pairwise precision >= 0.99,
recall >= 0.98; a review queue of at most 1% of entries.

    python benchmarks/link_benchmark.py [--films 12000] [--workdir DIR]
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import resource
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

from measure import run_measured  # noqa: E402

from linkage.evaluation import pairwise  # noqa: E402
from linkage.parallel import EmbeddingPool, default_workers  # noqa: E402
from mirror.replica_process import replica_subprocess  # noqa: E402

BIN = Path(sys.executable).parent
CHUNK = 256


def crawl(base_url: str, db_url: str) -> None:
    command = [str(BIN / "scrapy"), "crawl", "miff", "-s", f"MIFF_BASE_URL={base_url}"]
    command += ["-s", f"MIRROR_DATABASE_URL={db_url}", "-s", "LOG_LEVEL=WARNING"]
    command += ["-s", "MIRROR_LINK=0"]
    subprocess.run(command, cwd=REPO, check=True)


def _cpu_s() -> float:
    """CPU seconds of this process and the children it waited for (the pool's)."""
    own, children = (
        resource.getrusage(resource.RUSAGE_SELF),
        resource.getrusage(resource.RUSAGE_CHILDREN),
    )
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def embed_all(db_path: Path) -> tuple[float, float, int]:
    """(wall seconds, CPU seconds, texts) of embedding every synopsis on all cores."""
    with sqlite3.connect(db_path) as connection:
        texts = [t for (t,) in connection.execute("select synopsis from entries") if t]
    started, cpu_before = time.perf_counter(), _cpu_s()
    with EmbeddingPool(default_workers()) as pool:
        futures = [pool.submit(texts[i : i + CHUNK]) for i in range(0, len(texts), CHUNK)]
        for future in futures:
            pool.result(future)
    return time.perf_counter() - started, _cpu_s() - cpu_before, len(texts)


def mirror_json(*args: str) -> Any:
    result = subprocess.run(
        [sys.executable, "-m", "mirror.cli", *args],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--films", type=int, default=12_000)
    parser.add_argument("--workdir", type=Path, help="keep files here (default: a temp dir)")
    args = parser.parse_args()
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="link-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    db_path = workdir / "mirror.db"
    db_path.unlink(missing_ok=True)
    # A kept workdir holds the last run's linkage index beside the database: linking
    # would reuse its vectors and neighbour lists and time a fraction of the work.
    shutil.rmtree(workdir / "mirror.db.index", ignore_errors=True)
    db_url = f"sqlite:///{db_path}"
    load = os.getloadavg()
    films = str(args.films)
    with replica_subprocess("--films", films) as base_url:
        crawl(base_url, db_url)
    embed_s, embed_cpu_s, texts = embed_all(db_path)
    measured = run_measured([sys.executable, "-m", "mirror.cli", "link", "--db", db_url], cwd=REPO)
    truth = [
        json.loads(line)
        for line in mirror_json("replica", "truth", "--films", films).splitlines()
        if line.strip()
    ]
    exported = [
        json.loads(line) for line in mirror_json("export", "--db", db_url).splitlines() if line
    ]
    truth_work = {r["film_id"]: r["work_id"] for r in truth}
    mirror_work = {r["film_id"]: r["work_id"] for r in exported}
    precision, recall = pairwise(truth_work, mirror_work)
    by_truth: dict[Any, set[Any]] = collections.defaultdict(set)
    by_mirror: dict[Any, set[Any]] = collections.defaultdict(set)
    for film_id, work in mirror_work.items():
        by_truth[truth_work[film_id]].add(work)
        by_mirror[work].add(truth_work[film_id])
    queue = json.loads(mirror_json("review", "--db", db_url, "--list", "--json"))
    print(f"machine load before the run: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
    print(
        f"embedding {texts} synopses on {default_workers()} workers: {embed_s:.1f} s "
        f"({embed_cpu_s:.1f} s CPU)"
    )
    print(
        f"mirror link: {measured.wall_s:.1f} s ({measured.cpu_s:.1f} s CPU), peak "
        f"{measured.peak_tree_rss_mb:.0f} MB (PSS of its processes); "
        f"ratio {measured.wall_s / embed_s:.2f}x (target <= 1.5x), "
        f"in CPU {measured.cpu_s / embed_cpu_s:.2f}x"
    )
    print(
        f"works against the truth: pairwise precision {precision:.4f}, recall {recall:.4f} "
        f"(targets 0.99 / 0.98); {sum(len(w) > 1 for w in by_truth.values())} films split, "
        f"{sum(len(f) > 1 for f in by_mirror.values())} works joining different films"
    )
    print(
        f"review queue: {len(queue)} pairs, {len(queue) / len(mirror_work):.2%} of entries "
        f"(target <= 1%)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
