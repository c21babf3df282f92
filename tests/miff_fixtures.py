"""Helpers for the MIFF spider tests: saved pages as responses, and a real crawl.

``python -m tests.miff_fixtures --films 60`` serves an in-process replica, crawls it
with the real ``miff`` spider under a real CrawlerProcess (project settings, no item
pipelines) and prints every scraped item as one JSON line ``{"kind": ..., "item": ...}``.
It runs as a child process because Twisted's reactor starts once per process.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from scrapy.http import HtmlResponse, Request

REPO = Path(__file__).resolve().parents[1]
MIFF_PAGES = Path(__file__).resolve().parent / "data" / "miff"


def file_response(name: str, url: str, **cb_kwargs: Any) -> HtmlResponse:
    """A saved page as the response to ``url`` (the real public URL it stands for)."""
    body = (MIFF_PAGES / name).read_bytes()
    request = Request(url=url, cb_kwargs=cb_kwargs)
    return HtmlResponse(url=url, request=request, body=body, encoding="utf-8")


def crawl_replica_in_subprocess(films: int, timeout: float = 300) -> list[dict[str, Any]]:
    """Run this module's crawl in a child process; the scraped items, in order."""
    env = dict(os.environ, PYTHONPATH=str(REPO), SCRAPY_SETTINGS_MODULE="scraper.settings")
    result = subprocess.run(
        [sys.executable, "-m", "tests.miff_fixtures", "--films", str(films)],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    if result.returncode != 0:
        raise RuntimeError(f"crawl failed ({result.returncode}):\n{result.stderr[-3000:]}")
    return [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]


def _main() -> None:
    from scrapy import signals
    from scrapy.crawler import CrawlerProcess
    from scrapy.utils.project import get_project_settings

    from mirror.replica.server import ReplicaServer
    from mirror.replica.site import ReplicaConfig, build_site
    from scraper.spiders.miff import MiffSpider

    parser = argparse.ArgumentParser()
    parser.add_argument("--films", type=int, default=60)
    parser.add_argument("--seed", type=int, default=0)
    options = parser.parse_args()

    scraped: list[dict[str, Any]] = []

    def collect(item: Any) -> None:
        scraped.append({"kind": type(item).__name__, "item": dataclasses.asdict(item)})

    site = build_site(ReplicaConfig(films=options.films, seed=options.seed))
    with ReplicaServer(site) as server:
        settings = get_project_settings()
        settings.setdict(
            {
                "MIFF_BASE_URL": server.url,
                "ITEM_PIPELINES": {},
                # No mirror is written, so there is nothing for the run lock to guard.
                "EXTENSIONS": {"scraper.extensions.RunLock": None},
                "LOG_LEVEL": "WARNING",
            },
            priority="cmdline",
        )
        process = CrawlerProcess(settings)
        crawler = process.create_crawler(MiffSpider)
        crawler.signals.connect(collect, signal=signals.item_scraped)
        process.crawl(crawler)
        started = time.monotonic()
        process.start()
        elapsed = time.monotonic() - started
    for record in scraped:
        print(json.dumps(record, ensure_ascii=False))
    assert crawler.stats is not None
    pages = crawler.stats.get_value("downloader/response_count", 0)
    print(f"crawled {pages} pages in {elapsed:.2f} s", file=sys.stderr)


if __name__ == "__main__":
    _main()
