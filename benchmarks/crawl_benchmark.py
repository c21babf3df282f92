"""Benchmark: a full crawl of the default 12,000-film replica against a bare spider.

Prints wall time, films/s and peak memory (of all its processes together) of
`scrapy crawl miff` into a fresh SQLite file, and the ratio of its time to a bare
spider that fetches only the film pages of the same replica in the same run.
Targets: ratio <= 1.5, RSS <= 500 MB (issue 2); with ``--warc`` (every page kept in
WARC files, as a faithful mirror runs) ratio <= 1.3 (issue 14).

The replica renders each page on first request and then serves cached bytes, so an
untimed crawl first warms every page both spiders fetch; otherwise whichever runs
first pays the replica's rendering. The two are then timed in alternation, ``--rounds``
times (other load on the machine hits both alike), and the best time of each is shown
with the highest peak RSS. These crawls run with MIRROR_LINK=0; one more crawl with
linking on (the default of `scrapy crawl miff`) shows what matching the entries into
works adds, and its peak memory against the same 500 MB target: linking at run end is
part of the default crawl (``--no-linking`` skips it; ``--linking-only`` runs only it,
on a cold replica).

The crawl tunes CPython's garbage collector (common/gc_tuning.py); a bare Scrapy
spider does not. So that the gain is not mistaken for less work done, each round also
times the bare spider with the same tuning, and both ratios are printed.

    python benchmarks/crawl_benchmark.py [--films 12000] [--rounds 2] [--warc]
                                         [--no-linking | --linking-only]
                                         [-s NAME=VALUE ...]   # settings of the full crawls
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

from measure import run_measured  # run as a script, so benchmarks/ is on sys.path

from mirror.replica_process import replica_subprocess

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def timed(command: list[str]) -> tuple[float, float, int]:
    """Run `command`; return (wall seconds, peak memory in MB, exit status). The memory
    is that of the crawl and every process it starts (the store, extraction workers),
    added up (PSS, see measure.py)."""
    measured = run_measured(command, REPO)
    return measured.wall_s, measured.peak_tree_rss_mb, measured.status


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


def best(runs: list[tuple[float, float, int]]) -> tuple[float, float, int]:
    """The fastest time, the highest peak RSS and the worst exit status of the runs."""
    return (
        min(run[0] for run in runs),
        max(run[1] for run in runs),
        max(runs, key=lambda run: abs(run[2]))[2],
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--films", type=int, default=12000)
    parser.add_argument("--rounds", type=int, default=2, help="runs of each; the best is shown")
    parser.add_argument(
        "--no-linking",
        action="store_true",
        help="skip the extra crawl that also links entries into works (MIRROR_LINK)",
    )
    parser.add_argument(
        "--linking-only",
        action="store_true",
        help="only the crawl with linking (the default crawl's peak memory), no ratio",
    )
    parser.add_argument(
        "--warc",
        action="store_true",
        help="the full crawls also write every page to WARC files (MIRROR_ARCHIVE_DIR)",
    )
    parser.add_argument(
        "-s",
        "--set",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="a Scrapy setting for the full crawls, e.g. -s MIRROR_WARC_IN_PROCESS=1",
    )
    args = parser.parse_args()
    # The ratio measures fetching, extraction and storage; linking into works (issue 4's
    # matching, at the end of a run) is timed by the extra crawl below.
    common = ["-s", "LOG_LEVEL=WARNING", "-s", "MIRROR_LINK=0"]
    with (
        tempfile.TemporaryDirectory() as workdir,
        replica_subprocess("--films", str(args.films)) as url,
    ):
        urls_file = Path(workdir) / "film_urls.txt"
        urls = film_urls(url, args.films)
        urls_file.write_text("\n".join(urls))
        crawl = [str(BIN / "scrapy"), "crawl", "miff", "-s", f"MIFF_BASE_URL={url}", *common]
        for setting in args.set:
            crawl += ["-s", setting]
        bare_command = [
            str(BIN / "scrapy"),
            "runspider",
            str(REPO / "benchmarks" / "bare_spider.py"),
            "-a",
            f"urls_file={urls_file}",
            "-s",
            f"MIFF_BASE_URL={url}",
            *common,
        ]
        bare_tuned_command = [
            *bare_command,
            "-s",
            'EXTENSIONS={"scraper.collector.CollectorTuning": 200}',
        ]
        ours_runs, bare_runs, bare_tuned_runs = [], [], []
        if not args.linking_only:
            # Warm-up: every page the full crawl fetches (a superset of the bare spider's).
            timed([*crawl, "-s", "ITEM_PIPELINES={}"])
        for round_number in range(0 if args.linking_only else max(1, args.rounds)):
            db_url = f"sqlite:///{workdir}/bench{round_number}.db"  # fresh each round
            archive = (
                ["-s", f"MIRROR_ARCHIVE_DIR={workdir}/warc{round_number}"] if args.warc else []
            )
            ours_runs.append(timed([*crawl, "-s", f"MIRROR_DATABASE_URL={db_url}", *archive]))
            bare_runs.append(timed(bare_command))
            bare_tuned_runs.append(timed(bare_tuned_command))
        linked = None
        if not args.no_linking:
            db_url = f"sqlite:///{workdir}/linked.db"
            linked = timed([*crawl, "-s", f"MIRROR_DATABASE_URL={db_url}", "-s", "MIRROR_LINK=1"])
    films = len(urls)
    if linked is not None and args.linking_only:
        print(f"films in replica:        {films}   (cold replica)")
        _print_linked(linked)
        return
    ours, bare, bare_tuned = best(ours_runs), best(bare_runs), best(bare_tuned_runs)
    warc = ", WARCs written" if args.warc else ""
    print(f"films in replica:        {films}   (best of {args.rounds} rounds, warm replica{warc})")
    print(
        f"full crawl:              {ours[0]:8.1f} s  {films / ours[0]:7.1f} films/s  "
        f"peak RSS {ours[1]:6.0f} MB  exit {ours[2]}"
    )
    print(
        f"bare film-page spider:   {bare[0]:8.1f} s  {films / bare[0]:7.1f} pages/s  "
        f"peak RSS {bare[1]:6.0f} MB  exit {bare[2]}"
    )
    print(
        f"bare, collector tuned:   {bare_tuned[0]:8.1f} s  {films / bare_tuned[0]:7.1f} pages/s  "
        f"peak RSS {bare_tuned[1]:6.0f} MB  exit {bare_tuned[2]}"
    )
    target = 1.3 if args.warc else 1.5
    print(f"ratio full/bare:         {ours[0] / bare[0]:8.2f}   (target <= {target})")
    print(f"ratio full/bare tuned:   {ours[0] / bare_tuned[0]:8.2f}   (both with common.gc_tuning)")
    per_round = ", ".join(
        f"{o[0]:.1f}/{b[0]:.1f}/{t[0]:.1f}"
        for o, b, t in zip(ours_runs, bare_runs, bare_tuned_runs, strict=True)
    )
    print(f"rounds (full/bare/bare tuned s): {per_round}")
    print(f"peak RSS target:         {'met' if ours[1] <= 500 else 'MISSED'} (<= 500 MB)")
    if linked is not None:
        _print_linked(linked, ours[0])


def _print_linked(linked: tuple[float, float, int], crawl_s: float | None = None) -> None:
    linking = f"(linking ~{linked[0] - crawl_s:.0f} s)  " if crawl_s is not None else ""
    print(
        f"crawl + linking:         {linked[0]:8.1f} s  {linking}"
        f"peak RSS {linked[1]:6.0f} MB  exit {linked[2]}"
    )
    print(f"peak RSS target, linking:{'met' if linked[1] <= 500 else 'MISSED':>8} (<= 500 MB)")


if __name__ == "__main__":
    main()
