"""ValidationPipeline and MirrorStorePipeline."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from scrapy.exceptions import DropItem
from scrapy.utils.test import get_crawler
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from common.records import SeeAlsoLink
from db.models import CrawlRun, Edition, Entry, FetchedPage
from db.session import make_engine
from scraper.spiders.miff import MiffSpider
from scraper.validation import ValidationPipeline
from tests.db_fixtures import make_edition, make_film

pytest_plugins = ["tests.db_fixtures"]

PROJECT_ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def validation() -> tuple[ValidationPipeline, Any]:
    crawler = get_crawler(MiffSpider)
    crawler.spider = MiffSpider.from_crawler(crawler)
    return ValidationPipeline.from_crawler(crawler), crawler.stats


@pytest.mark.parametrize(
    "item",
    [
        make_film(1),
        make_film(2, year=None, section=None, lang=None, directors=[], synopsis_paragraphs=[]),
        make_edition(1999),
        make_edition(2007, feature_count=None, site_edition_id=None),
    ],
)
def test_valid_items_pass_unchanged(validation: tuple[ValidationPipeline, Any], item: Any) -> None:
    pipeline, stats = validation
    assert pipeline.process_item(item) is item
    assert stats.get_value("validation/invalid") is None


@pytest.mark.parametrize(
    ("item", "field"),
    [
        (make_film(1, film_id="12 a"), "film_id"),
        (make_film(1, film_id="?page=2"), "film_id"),
        (make_film(1, edition=1800), "edition"),
        (make_film(1, edition=None), "edition"),
        (make_film(1, year=3000), "year"),
        (make_film(1, year="1985"), "year"),  # a string is a parsing bug, not a year
        (make_film(1, url="http://127.0.0.1:8765/festival-archive/films/id/1001"), "url"),
        (make_film(1, title=""), "title"),
        (make_film(1, title="T" * 1001), "title"),  # a hostile page's megabyte title
        (make_film(1, synopsis_paragraphs=["word " * 5000]), "synopsis_paragraphs"),
        (make_film(1, synopsis_paragraphs=["p"] * 201), "synopsis_paragraphs"),
        (make_film(1, directors=["D" * 1001]), "directors"),
        (make_film(1, quote="q" * 20_001), "quote"),
        (make_film(1, directors=[""]), "directors"),
        (make_film(1, lang="english!"), "lang"),
        (make_film(1, see_also=[SeeAlsoLink(film_id="a b")]), "see_also"),
        (make_film(1, url="https://miff.com.au/festival-archive/film/1002"), "url"),
        (make_film(1, runtime=0), "runtime"),
        (make_film(1, languages=[""]), "languages"),
        (make_film(1, credits={"Producer": [""]}), "credits"),
        (make_film(1, extra={"reviewer": 7}), "extra.reviewer"),
        (make_film(1, extra={"tagline": "not a MIFF field"}), "extra.tagline"),
        (make_edition(1850), "year"),
        (make_edition(1999, feature_count=-1), "feature_count"),
        (make_edition(1999, url="not a url"), "url"),
    ],
)
def test_invalid_items_are_dropped_and_counted_per_field(
    validation: tuple[ValidationPipeline, Any], item: Any, field: str
) -> None:
    pipeline, stats = validation
    with pytest.raises(DropItem):
        pipeline.process_item(item)
    assert stats.get_value("validation/invalid") == 1
    assert stats.get_value(f"validation/invalid/{field}") == 1


def test_items_of_other_types_pass_through(validation: tuple[ValidationPipeline, Any]) -> None:
    pipeline, _ = validation
    other = {"kind": "something else"}
    assert pipeline.process_item(other) is other


# -- a real Scrapy crawl through both pipelines (own process: one reactor per process) ------

CRAWL_SCRIPT = """
import json, sys, time
from scrapy import Request, Spider
from scrapy.crawler import CrawlerProcess
from scraper.pipelines import MirrorStorePipeline
from scraper.spiders.miff import MiffSpider
from tests.db_fixtures import make_edition, make_film

url, films, retry, open_delay = sys.argv[1], int(sys.argv[2]), sys.argv[3], float(sys.argv[4])

class SlowOpeningStore(MirrorStorePipeline):
    def _open_store(self, *args):
        time.sleep(open_delay)  # a database that takes its time to answer
        self.crawler.stats.set_value("test/store_opened_at", time.time())
        super()._open_store(*args)

class SyntheticSpider(Spider):
    name = "synthetic"
    festival = "miff"
    extra_fields = MiffSpider.extra_fields

    async def start(self):
        for page in range(3):
            yield Request(f"data:text/html,page{page}", self.parse, cb_kwargs={"page": page})

    def parse(self, response, page):
        stats = self.crawler.stats
        stats.set_value("test/first_parse_at", stats.get_value("test/first_parse_at", time.time()))
        for n in range(page, films, 3):
            yield make_film(n)
        if page == 0:
            yield make_film(9999, film_id="not an id")
            yield make_edition(1990)

process = CrawlerProcess({
    "ITEM_PIPELINES": {
        "scraper.validation.ValidationPipeline": 100,
        SlowOpeningStore: 800,
    },
    "MIRROR_DATABASE_URL": url,
    "MIRROR_PERSIST": True,
    "MIRROR_BATCH_SIZE": 7,
    "MIRROR_DB_RETRY_SECONDS": float(retry),
    "TWISTED_REACTOR": "twisted.internet.asyncioreactor.AsyncioSelectorReactor",
    "LOG_LEVEL": "WARNING",
})
crawler = process.create_crawler(SyntheticSpider)
process.crawl(crawler)
process.start()
stats = crawler.stats.get_stats()
print(json.dumps({k: v for k, v in stats.items() if isinstance(v, (int, float, str))}))
"""


def _crawl(
    workdir: Path, url: str, films: int, retry_seconds: float = 30, open_delay_s: float = 0
) -> dict[str, Any]:
    # A file, not `python -c`: Scrapy inspects the spider callbacks' source.
    script = workdir / "crawl_synthetic.py"
    script.write_text(CRAWL_SCRIPT)
    env = {**os.environ, "PYTHONPATH": str(PROJECT_ROOT)}
    env.pop("MIRROR_DATABASE_URL", None)
    result = subprocess.run(
        [sys.executable, str(script), url, str(films), str(retry_seconds), str(open_delay_s)],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    stats: dict[str, Any] = json.loads(result.stdout.strip().splitlines()[-1])
    return stats


def _scalar(url: str, statement: Any) -> Any:
    engine = make_engine(url)
    try:
        with Session(engine) as session:
            return session.scalar(statement)
    finally:
        engine.dispose()


@pytest.mark.slow
def test_crawl_stores_every_valid_item_once_and_records_the_run(
    db_url: str, tmp_path: Path
) -> None:
    stats = _crawl(tmp_path, db_url, films=40)

    assert stats["finish_reason"] == "finished"
    assert (stats["mirror/new"], stats.get("mirror/changed", 0)) == (40, 0)
    assert stats["validation/invalid"] == 1 and stats["validation/invalid/film_id"] == 1
    assert _scalar(db_url, select(func.count()).select_from(Entry)) == 40
    assert _scalar(db_url, select(func.count()).select_from(FetchedPage)) == 3
    assert _scalar(db_url, select(Edition.heading).where(Edition.year == 1990)) == "MIFF 1990"
    run = _scalar(db_url, select(CrawlRun).order_by(CrawlRun.id.desc()).limit(1))
    assert (run.status, run.finish_reason, run.new_count, run.invalid_count) == (
        "finished",
        "finished",
        40,
        1,
    )

    again = _crawl(tmp_path, db_url, films=40)  # a re-crawl of the same data
    assert (again["mirror/unchanged"], again.get("mirror/new", 0)) == (40, 0)


@pytest.mark.slow
def test_crawl_does_not_wait_for_the_store_to_open_and_loses_no_item(
    db_url: str, tmp_path: Path
) -> None:
    stats = _crawl(tmp_path, db_url, films=40, open_delay_s=1.5)

    assert stats["test/first_parse_at"] < stats["test/store_opened_at"]
    assert stats["mirror/new"] == 40
    assert _scalar(db_url, select(func.count()).select_from(Entry)) == 40
    assert _scalar(db_url, select(func.count()).select_from(FetchedPage)) == 3


@pytest.mark.slow
def test_crawl_aborts_with_a_reason_when_the_database_is_unreachable(tmp_path: Path) -> None:
    stats = _crawl(
        tmp_path, "postgresql+psycopg://root@127.0.0.1:1/nowhere", films=5, retry_seconds=0.5
    )

    assert stats["finish_reason"] == "database_unavailable"
    assert "unavailable" in stats["mirror/abort_message"]
    assert "\n" not in stats["mirror/abort_message"]
