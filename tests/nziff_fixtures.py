"""A real crawl of the NZIFF replica with the real ``nziff`` spider, for the spider tests.

``python -m tests.nziff_fixtures --films 60 --seed 0`` serves an in-process NZIFF
replica, crawls it under a real CrawlerProcess (project settings, no item pipelines, no
database) and prints one JSON line per scraped item, ``{"kind": "FilmItem", "item": …}``,
then one per response the crawl received, ``{"kind": "response", "url": …, "status": …}``.
It runs as a child process because Twisted's reactor starts once per process.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]


def crawl_nziff_in_subprocess(
    films: int, seed: int, *settings: str, timeout: float = 300
) -> list[dict[str, Any]]:
    """Run this module's crawl in a child process; its records, in order.

    ``settings``: extra ``NAME=VALUE`` Scrapy settings for the crawl.
    """
    env = dict(os.environ, PYTHONPATH=str(REPO), SCRAPY_SETTINGS_MODULE="scraper.settings")
    env.pop("MIRROR_DATABASE_URL", None)
    command = [sys.executable, "-m", "tests.nziff_fixtures", "--films", str(films)]
    command += ["--seed", str(seed)]
    for setting in settings:
        command += ["--set", setting]
    result = subprocess.run(
        command, cwd=REPO, env=env, capture_output=True, text=True, timeout=timeout, check=False
    )
    if result.returncode != 0:
        raise RuntimeError(f"crawl failed ({result.returncode}):\n{result.stderr[-3000:]}")
    return [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]


def _main() -> None:
    from scrapy import signals
    from scrapy.crawler import CrawlerProcess
    from scrapy.http import Response
    from scrapy.utils.project import get_project_settings

    from mirror.replica.nziff.site import build_nziff_site
    from mirror.replica.server import ReplicaServer
    from mirror.replica.site import ReplicaConfig
    from scraper.spiders.nziff import NziffSpider

    parser = argparse.ArgumentParser()
    parser.add_argument("--films", type=int, default=60)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--set", action="append", default=[], metavar="NAME=VALUE")
    options = parser.parse_args()

    records: list[dict[str, Any]] = []

    def collect(item: Any) -> None:
        records.append({"kind": type(item).__name__, "item": dataclasses.asdict(item)})

    def received(response: Response, **_: Any) -> None:
        records.append({"kind": "response", "url": response.url, "status": response.status})

    site = build_nziff_site(ReplicaConfig(films=options.films, seed=options.seed))
    with ReplicaServer(site) as server:
        settings = get_project_settings()
        settings.setdict(
            {
                "NZIFF_BASE_URL": server.url,
                "ITEM_PIPELINES": {},
                # No mirror is written, so there is nothing for the run lock to guard.
                "EXTENSIONS": {"scraper.extensions.RunLock": None},
                "LOG_LEVEL": "WARNING",
                **dict(setting.split("=", 1) for setting in options.set),
            },
            priority="cmdline",
        )
        process = CrawlerProcess(settings)
        crawler = process.create_crawler(NziffSpider)
        crawler.signals.connect(collect, signal=signals.item_scraped)
        crawler.signals.connect(received, signal=signals.response_received)
        process.crawl(crawler)
        process.start()
    for record in records:
        print(json.dumps(record, ensure_ascii=False))


if __name__ == "__main__":
    _main()
