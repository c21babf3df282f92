"""CrawlContext: one crawl's shared state, resolved once and handed to the run lock, the
WARC middlewares and the mirror store; and the record ids the core asks the spider for.

The spider here is a made-up festival whose ids are not digits (tests/slug_spiders.py):
nothing below the spider may parse its URLs or expect digits.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Iterator
from pathlib import Path
from typing import Any

import pytest
import scrapy
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.http import Response
from scrapy.utils.test import get_crawler

from common.records import SeenItem
from db.store import RunCounts
from scraper.crawl_context import CrawlContext, RunLockState
from scraper.extensions import CLEAN_CLOSE_MARKER, CleanClose, RunLock, write_clean_close
from scraper.festival_spider import RECORD_PAGE_META_KEY
from scraper.middlewares import NotDueRecordPages, WarcCaptureMiddleware
from scraper.pipelines import MirrorStorePipeline
from tests.slug_spiders import SlugSpider

SLUG = "2015/some-slug"
BASE = "http://127.0.0.1:8766"


def record_request(record_id: str = SLUG) -> scrapy.Request:
    return scrapy.Request(
        f"{BASE}/{record_id}", cb_kwargs={"record_id": record_id}, meta={RECORD_PAGE_META_KEY: True}
    )


def crawler_for(tmp_path: Path, **settings: Any) -> Crawler:
    """A crawler of SlugSpider on a SQLite mirror in tmp_path, its spider built."""
    crawler = get_crawler(
        SlugSpider,
        {
            "MIRROR_DATABASE_URL": f"sqlite:///{tmp_path / 'mirror.db'}",
            "MIRROR_PERSIST": True,  # as `scrapy crawl` sets it
            **settings,
        },
    )
    crawler.spider = SlugSpider.from_crawler(crawler)
    return crawler


@pytest.fixture
def lock_crawlers(tmp_path: Path) -> Iterator[list[tuple[Crawler, RunLock]]]:
    """The crawlers and RunLocks take_lock built; every lock still held is released after."""
    built: list[tuple[Crawler, RunLock]] = []
    yield built
    for crawler, lock in built:
        lock.spider_closed(crawler.spider, "finished")


def take_lock(built: list[tuple[Crawler, RunLock]], tmp_path: Path, **settings: Any) -> Crawler:
    crawler = crawler_for(tmp_path, **settings)
    built.append((crawler, RunLock.from_crawler(crawler)))
    return crawler


# -- the context ---------------------------------------------------------------------------


def test_context_resolves_the_settings_once_per_crawler(tmp_path: Path) -> None:
    crawler = crawler_for(
        tmp_path, MIRROR_DB_RETRY_SECONDS=2.5, MIRROR_ARCHIVE_DIR=str(tmp_path / "warc")
    )
    context = CrawlContext.of(crawler)
    assert (context.festival, context.database_url, context.db_retry_seconds) == (
        "slugfest",
        f"sqlite:///{tmp_path / 'mirror.db'}",
        2.5,
    )
    assert context.archive_dir == tmp_path / "warc"
    assert CrawlContext.of(crawler) is context
    assert CrawlContext.of(crawler_for(tmp_path)) is not context


def test_context_defaults_without_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("MIRROR_DATABASE_URL", "MIRROR_ARCHIVE_DIR"):
        monkeypatch.delenv(name, raising=False)
    context = CrawlContext.of(get_crawler())  # Scrapy's default spider: no festival
    assert (context.festival, context.database_url, context.db_retry_seconds) == (
        "default",
        "sqlite:///mirror.db",
        60.0,
    )
    assert (context.archive_dir, context.run_lock, context.run_id) == (
        None,
        RunLockState.NOT_TAKEN,
        None,
    )


def test_a_run_starts_once_and_the_first_abort_reason_stands(tmp_path: Path) -> None:
    context = CrawlContext.of(crawler_for(tmp_path))
    context.run_started(3)
    with pytest.raises(RuntimeError):
        context.run_started(4)
    context.abort("database_unavailable")
    context.abort("finished")
    assert (context.run_id, context.abort_reason) == (3, "database_unavailable")


# -- the run lock tells the others through the context -------------------------------------


def test_the_lock_holder_and_the_refused_run_each_know_it(
    tmp_path: Path, lock_crawlers: list[tuple[Crawler, RunLock]]
) -> None:
    holder = CrawlContext.of(take_lock(lock_crawlers, tmp_path))
    archive = {"MIRROR_ARCHIVE_DIR": str(tmp_path / "warc")}
    refused_crawler = take_lock(lock_crawlers, tmp_path, **archive)
    refused = CrawlContext.of(refused_crawler)

    assert (holder.holds_run_lock, holder.run_refused) == (True, False)
    assert (refused.holds_run_lock, refused.run_refused) == (False, True)
    assert refused.abort_reason == "lock_held"
    # The holder's open WARC file is live: the refused run must not touch the archive.
    with pytest.raises(NotConfigured):
        WarcCaptureMiddleware.from_crawler(refused_crawler)


def _resumable_jobdir(jobdir: Path, runs: tuple[int, ...]) -> None:
    jobdir.mkdir()
    (jobdir / "requests.seen").write_text("")
    write_clean_close(jobdir, CleanClose("shutdown", runs, "2026-01-01T00:00:00Z"))


def test_a_resumed_job_reaches_the_context_and_the_marker_gets_the_new_run(
    tmp_path: Path, lock_crawlers: list[tuple[Crawler, RunLock]]
) -> None:
    jobdir = tmp_path / "job"
    _resumable_jobdir(jobdir, (4, 5))
    crawler = take_lock(lock_crawlers, tmp_path, JOBDIR=str(jobdir))
    context = CrawlContext.of(crawler)
    assert (context.resumed_runs, context.resumes_job) == ((4, 5), True)

    context.run_started(6)
    lock_crawlers.pop()[1].spider_closed(crawler.spider, "shutdown")
    assert json.loads((jobdir / CLEAN_CLOSE_MARKER).read_text())["runs"] == [4, 5, 6]


def test_an_aborted_run_leaves_no_marker(
    tmp_path: Path, lock_crawlers: list[tuple[Crawler, RunLock]]
) -> None:
    jobdir = tmp_path / "job"
    _resumable_jobdir(jobdir, (4,))
    crawler = take_lock(lock_crawlers, tmp_path, JOBDIR=str(jobdir))
    CrawlContext.of(crawler).abort("database_unavailable")
    lock_crawlers.pop()[1].spider_closed(crawler.spider, "database_unavailable")
    assert not (jobdir / CLEAN_CLOSE_MARKER).exists()


# -- record ids come from the spider -------------------------------------------------------


class Schedule:
    """A page schedule with nothing due but the URLs given."""

    def __init__(self, due: Collection[str] = ()) -> None:
        self.due = set(due)

    def is_due(self, request: scrapy.Request) -> bool:
        return request.url in self.due


def test_record_page_not_due_becomes_a_seen_item_with_the_spiders_id(tmp_path: Path) -> None:
    crawler = crawler_for(
        tmp_path, MIRROR_ARCHIVE_DIR=str(tmp_path / "warc"), MIRROR_REVISIT_DAYS=30
    )
    middleware = NotDueRecordPages.from_crawler(crawler)
    navigation, due = scrapy.Request(f"{BASE}/2015"), record_request("2015/due")
    output = [record_request(), record_request(), navigation, due]

    # No schedule registered (the WARC middleware is off): every page is requested.
    assert list(middleware.process_spider_output(Response(BASE), iter(output))) == output

    CrawlContext.of(crawler).use_page_schedule(Schedule(due=[due.url]))
    answered = list(middleware.process_spider_output(Response(BASE), iter(output)))
    # The same record listed twice is answered once.
    assert answered == [SeenItem(festival="slugfest", film_id=SLUG, checked=False), navigation, due]


class RecordingStore:
    """Stands in for the mirror store at the end of a run: keeps what it was told."""

    present: set[str] | None = None

    def recent_runs(
        self, festival: str, before_run_id: int, limit: int = 20, scope: str | None = None
    ) -> list[Any]:
        return []

    def finish_run(
        self, run_id: int, status: str, reason: str | None, counts: RunCounts, **kwargs: Any
    ) -> int:
        self.present = set(kwargs.get("present") or ())
        return 0

    def close(self) -> None:
        pass


def test_server_error_on_a_record_page_keeps_the_spiders_id_from_tombstoning(
    tmp_path: Path,
) -> None:
    crawler = crawler_for(tmp_path, MIRROR_LINK=False)
    pipeline = MirrorStorePipeline.from_crawler(crawler)
    store = RecordingStore()
    pipeline.store = store  # type: ignore[assignment]
    pipeline.context.run_started(1)
    spider = crawler.spider
    for status, request in [
        (503, record_request()),
        (429, record_request("2015/throttled")),
        (200, record_request("2015/fine")),  # fetched, but yielded nothing: not present
        (500, scrapy.Request(f"{BASE}/2015")),  # a navigation page is no entry
    ]:
        response = Response(request.url, status=status, request=request)
        pipeline.response_received(response, request, spider)

    pipeline._finish_run("finished")
    assert store.present == {SLUG, "2015/throttled"}
