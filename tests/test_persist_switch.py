"""Only `scrapy crawl` writes the mirror (MIRROR_PERSIST, scraper/crawl_context.py).

`scrapy parse` run beside a mirror once took the run lock and recorded a crawl run that
saw one film, which then failed its health check ("films seen dropped to 0"). Now the
commands that look at pages (`parse`, `shell`, `check`, `fetch`...) build no run lock,
no mirror store and no WARC capture at all.
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.utils.test import get_crawler

from db.models import DATA_TABLES
from mirror.replica_process import replica_subprocess
from scraper.crawl_context import PERSIST_SETTING, CrawlContext
from scraper.extensions import RunLock
from scraper.middlewares import WarcCaptureMiddleware
from scraper.pipelines import MirrorStorePipeline
from scraper.progress import CrawlProgress
from scraper.spiders.miff import MiffSpider
from tests.crawl_helpers import BIN, REPO, _env, truth
from tests.db_fixtures import snapshot

FILMS = "12"
WRITTEN_TABLES = ("crawl_runs", "fetched_pages", *DATA_TABLES)


@pytest.fixture(scope="module")
def replica_url() -> Iterator[str]:
    with replica_subprocess("--films", FILMS) as url:
        yield url


def _scrapy(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(BIN / "scrapy"), *args],
        cwd=REPO,
        env=_env(),
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_scrapy_parse_beside_a_mirror_writes_nothing_and_prints_the_item(
    replica_url: str, tmp_path: Path
) -> None:
    database = tmp_path / "mirror.db"
    db_url = f"sqlite:///{database}"
    archive = tmp_path / "warc"
    common = ["-s", f"MIFF_BASE_URL={replica_url}", "-s", f"MIRROR_DATABASE_URL={db_url}"]
    common += ["-s", f"MIRROR_ARCHIVE_DIR={archive}", "-s", "MIRROR_LINK=0"]
    crawl = _scrapy("crawl", "miff", *common, "-s", "LOG_LEVEL=WARNING")
    assert crawl.returncode == 0, crawl.stderr[-3000:]
    before = snapshot(db_url, WRITTEN_TABLES)
    warc_files = sorted(p.name for p in archive.rglob("*"))
    assert len(before["crawl_runs"]) == 1 and before["entries"]

    film = truth("--films", FILMS)[0]
    film_url = f"{replica_url}/festival-archive/film/{film['film_id']}"
    result = _scrapy("parse", "--spider=miff", "-c", "parse_film", *common, film_url)

    assert result.returncode == 0, result.stderr[-3000:]
    # The item is printed (Scrapy's pretty-printed dict), with the film's own title.
    assert f"'film_id': '{film['film_id']}'" in result.stdout
    assert "'title':" in result.stdout
    assert snapshot(db_url, WRITTEN_TABLES) == before  # no run, no entry, no page record
    assert sorted(p.name for p in archive.rglob("*")) == warc_files  # no WARC written
    assert f"{PERSIST_SETTING} is off" in result.stderr


def _crawler(tmp_path: Path, **settings: object) -> Crawler:
    crawler = get_crawler(
        MiffSpider,
        {
            "MIRROR_DATABASE_URL": f"sqlite:///{tmp_path / 'mirror.db'}",
            "MIRROR_ARCHIVE_DIR": str(tmp_path / "warc"),
            **settings,
        },
    )
    crawler.spider = MiffSpider.from_crawler(crawler)
    return crawler


@pytest.mark.parametrize(
    "component", [RunLock, MirrorStorePipeline, WarcCaptureMiddleware, CrawlProgress]
)
def test_without_the_switch_nothing_that_writes_is_built(tmp_path: Path, component: type) -> None:
    crawler = _crawler(tmp_path)
    assert CrawlContext.of(crawler).persists is False
    with pytest.raises(NotConfigured):
        component.from_crawler(crawler)  # type: ignore[attr-defined]
    assert not (tmp_path / "mirror.db").exists()
    assert not (tmp_path / "mirror.db.miff.lock").exists()
    assert not (tmp_path / "warc").exists()


def test_only_the_crawl_command_turns_the_switch_on() -> None:
    from scraper.commands.crawl import Command

    assert Command.default_settings[PERSIST_SETTING] is True
    # At command priority, below the project's settings and -s: so the project settings
    # must not set it (they would outrank the command).
    from scraper import settings as project_settings

    assert not hasattr(project_settings, PERSIST_SETTING)
