"""Benchmark: a scheduled re-crawl of an unchanged site against the first crawl.

Crawls the default 12,000-film replica twice into the same SQLite mirror and web
archive (``MIRROR_ARCHIVE_DIR``): the first crawl from nothing, then the re-crawl a
cron job would run next. The re-crawl sends each URL's validators, so the unchanged
pages come back as 304s and are archived as revisit records without extraction.
Prints both wall times, their ratio (issue 3 target: re-crawl <= 0.3 x first crawl),
peak RSS, and the WARC bytes each run added. With the defaults the first crawl also
links its new entries into works, which an unchanged re-crawl need not do;
``--no-linking`` compares the two without it.

``--revisit-days N`` runs the re-crawl with ``MIRROR_REVISIT_DAYS=N`` (archive/revisit_policy.py):
pages checked within N days are then not requested at all (film pages only marked as
seen, listings read from the archive). That is an opt-in trade (an edit is picked up up
to N days late), not the default re-crawl; the benchmark says which one it timed.

The replica renders each page on first request and caches it, so an untimed crawl
(no archive, no database) warms it first; otherwise the first crawl would also pay for
the replica's rendering. ``--rounds`` repeats the pair with a fresh mirror and archive
and shows the best time of each.

    python benchmarks/recrawl_benchmark.py [--films 12000] [--rounds 1] [--no-linking]
                                           [--revisit-days N]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from crawl_benchmark import timed  # run as a script, so benchmarks/ is on sys.path

from mirror.replica_process import replica_subprocess

BIN = Path(sys.executable).parent


def archive_bytes(directory: Path) -> int:
    return sum(path.stat().st_size for path in directory.glob("*.warc.gz"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--films", type=int, default=12000, help="films in the replica")
    parser.add_argument("--rounds", type=int, default=1, help="first/re-crawl pairs; best shown")
    parser.add_argument(
        "--no-linking",
        action="store_true",
        help="MIRROR_LINK=0 for both crawls: the first crawl then does not link its 12,000 "
        "new entries into works (an unchanged re-crawl has nothing to link either way)",
    )
    parser.add_argument(
        "--revisit-days",
        type=float,
        default=0.0,
        help="MIRROR_REVISIT_DAYS for the re-crawl (default 0: every film page is checked, "
        "as a default re-crawl does); above 0, film pages checked within that many days "
        "are not requested",
    )
    args = parser.parse_args()
    firsts: list[tuple[float, float, int]] = []
    recrawls: list[tuple[float, float, int]] = []
    sizes: list[tuple[int, int]] = []
    with (
        tempfile.TemporaryDirectory() as workdir,
        replica_subprocess("--films", str(args.films)) as url,
    ):
        crawl = [str(BIN / "scrapy"), "crawl", "miff", "-s", f"MIFF_BASE_URL={url}"]
        crawl += ["-s", "LOG_LEVEL=WARNING"]
        if args.no_linking:
            crawl += ["-s", "MIRROR_LINK=0"]
        warm_db = f"sqlite:///{workdir}/warm.db"
        timed([*crawl, "-s", "ITEM_PIPELINES={}", "-s", f"MIRROR_DATABASE_URL={warm_db}"])
        for round_number in range(max(1, args.rounds)):
            archive = Path(workdir) / f"warc{round_number}"
            db_url = f"sqlite:///{workdir}/mirror{round_number}.db"
            command = [*crawl, "-s", f"MIRROR_DATABASE_URL={db_url}"]
            command += ["-s", f"MIRROR_ARCHIVE_DIR={archive}"]
            firsts.append(timed(command))
            first_bytes = archive_bytes(archive)
            recrawls.append(timed([*command, "-s", f"MIRROR_REVISIT_DAYS={args.revisit_days}"]))
            sizes.append((first_bytes, archive_bytes(archive) - first_bytes))
    first = min(firsts)
    recrawl = min(recrawls)
    films = args.films
    linking = "off (MIRROR_LINK=0)" if args.no_linking else "on (the default)"
    print(f"films in replica:      {films}   (best of {len(firsts)} rounds, warm replica)")
    print(f"linking into works:    {linking}")
    if args.revisit_days > 0:
        print(
            f"re-crawl:              MIRROR_REVISIT_DAYS={args.revisit_days:g} (opt-in: pages "
            "checked within the interval are not requested)"
        )
    else:
        print("re-crawl:              every page checked (the default)")
    for label, (seconds, rss, status) in (("first crawl:", first), ("re-crawl:", recrawl)):
        print(
            f"{label:<22}{seconds:8.1f} s  {films / seconds:7.1f} films/s  "
            f"peak RSS {rss:6.0f} MB  exit {status}"
        )
    print(f"ratio re-crawl/first:  {recrawl[0] / first[0]:8.2f}   (target <= 0.3)")
    first_bytes, added_bytes = sizes[0]
    print(
        f"WARC bytes:            first {first_bytes / 1e6:.1f} MB, re-crawl added "
        f"{added_bytes / 1e6:.2f} MB ({added_bytes / max(1, first_bytes):.1%}; target <= 5% "
        "with --revisit-days, a reported figure with every page checked)"
    )


if __name__ == "__main__":
    main()
