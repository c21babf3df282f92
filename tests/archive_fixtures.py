"""A real crawl with WARC archiving on, for the archive tests.

``python -m tests.archive_fixtures --films 40 --archive-dir D [--chunk-size N]`` serves
an in-process replica (optionally chunked), crawls it with the real ``miff`` spider
under the project settings (no item pipelines: no database needed) and prints one JSON
line per response the spider received: ``{"url", "status", "sha256"}`` of the body as
the spider parsed it (after HttpCompressionMiddleware). It is a child process because
Twisted's reactor starts once per process.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]


def dechunk(framed: bytes) -> tuple[bytes, list[int]]:
    """A complete chunked body -> (the body, the chunk sizes, ending with 0)."""
    body, sizes, rest = b"", [], framed
    while True:
        size_line, rest = rest.split(b"\r\n", 1)
        size = int(size_line, 16)
        sizes.append(size)
        if size == 0:
            assert rest == b"\r\n", "a complete chunked body ends with an empty trailer"
            return body, sizes
        body, rest = body + rest[:size], rest[size + 2 :]


def crawl_with_archive(
    archive_dir: Path, *, films: int, chunk_size: int | None = None, timeout: float = 300
) -> dict[str, dict[str, Any]]:
    """Crawl a replica into ``archive_dir``; what the spider saw, by URL."""
    env = dict(os.environ, PYTHONPATH=str(REPO), SCRAPY_SETTINGS_MODULE="scraper.settings")
    env.pop("MIRROR_ARCHIVE_DIR", None)
    command = [sys.executable, "-m", "tests.archive_fixtures", "--films", str(films)]
    command += ["--archive-dir", str(archive_dir)]
    if chunk_size is not None:
        command += ["--chunk-size", str(chunk_size)]
    result = subprocess.run(
        command, cwd=REPO, env=env, capture_output=True, text=True, timeout=timeout, check=False
    )
    if result.returncode != 0:
        raise RuntimeError(f"crawl failed ({result.returncode}):\n{result.stderr[-3000:]}")
    seen = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    return {record["url"]: record for record in seen}


def _main() -> None:
    from scrapy import signals
    from scrapy.crawler import CrawlerProcess
    from scrapy.utils.project import get_project_settings

    from mirror.replica.server import ReplicaServer
    from mirror.replica.site import ReplicaConfig, build_site
    from scraper.spiders.miff import MiffSpider

    parser = argparse.ArgumentParser()
    parser.add_argument("--films", type=int, default=40)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--archive-dir", required=True)
    parser.add_argument("--chunk-size", type=int, default=None)
    options = parser.parse_args()

    seen: list[dict[str, Any]] = []

    def received(response: Any, request: Any, spider: Any) -> None:
        body = response.body
        seen.append(
            {
                "url": response.url,
                "status": response.status,
                "sha256": hashlib.sha256(body).hexdigest(),
            }
        )

    site = build_site(ReplicaConfig(films=options.films, seed=options.seed))
    with ReplicaServer(site, chunk_size=options.chunk_size) as server:
        settings = get_project_settings()
        settings.setdict(
            {
                "MIFF_BASE_URL": server.url,
                "ITEM_PIPELINES": {},
                # No mirror is written, so there is nothing for the run lock to guard.
                "EXTENSIONS": {"scraper.extensions.RunLock": None},
                "LOG_LEVEL": "WARNING",
                "MIRROR_ARCHIVE_DIR": options.archive_dir,
                "MIRROR_PERSIST": True,  # WARC capture is on only where a crawl persists
                # No mirror database, so no digest index: every page is stored in full.
                "MIRROR_ARCHIVE_INCREMENTAL": False,
            },
            priority="cmdline",
        )
        process = CrawlerProcess(settings)
        crawler = process.create_crawler(MiffSpider)
        # response_received fires after every downloader middleware: the body the
        # spider's callback parses (inflated by HttpCompressionMiddleware).
        crawler.signals.connect(received, signal=signals.response_received)
        process.crawl(crawler)
        process.start()
    for record in seen:
        print(json.dumps(record))


if __name__ == "__main__":
    _main()
