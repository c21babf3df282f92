"""Film pages parsed in extraction worker processes (scraper/offload.py), in a real crawl,
and how the base spider routes the callbacks a spider declares offloadable."""

from __future__ import annotations

import asyncio
import gc
import inspect
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import scrapy
from scrapy.exceptions import DropItem
from scrapy.http import HtmlResponse, Response
from scrapy.utils.request import request_from_dict
from scrapy.utils.test import get_crawler

from common.crawl_flags import RECORD_PAGE_META_KEY, REVISIT_FLAG
from common.records import SeenItem
from mirror.replica.server import ReplicaServer
from mirror.replica.site import ReplicaConfig, build_site
from scraper import validation
from scraper.festival_spider import (
    FestivalSpider,
    extracted_inline,
    offloadable,
    offloadable_callbacks,
)
from scraper.middlewares import FROM_ARCHIVE_FLAG
from scraper.offload import PageJob, _outputs, _run_job
from scraper.spiders.miff import MiffSpider
from scraper.validation import ValidationPipeline
from tests.crawl_helpers import by_film_id, export, run_crawl
from tests.db_fixtures import make_film

FILMS = ReplicaConfig(films=20)


@pytest.fixture(scope="module")
def debug_log(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The DEBUG log of a crawl with one extraction worker."""
    db_url = f"sqlite:///{tmp_path_factory.mktemp('debug') / 'mirror.db'}"
    with ReplicaServer(build_site(FILMS)) as server:
        result = run_crawl(server.url, db_url, "LOG_LEVEL=DEBUG", "MIRROR_EXTRACT_WORKERS=1")
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stderr


def test_workers_exit_on_their_own_when_the_crawl_ends(debug_log: str) -> None:
    """The pool closes its sockets and lets the reactor deliver the end of input: a
    worker that had to be killed (exit code -9) means the close blocked the reactor."""
    assert "extraction workers exited with codes [0]" in debug_log
    assert "did not exit at end of input" not in debug_log


def test_workers_start_as_the_spider_opens_not_at_the_first_page(debug_log: str) -> None:
    """They boot while robots.txt and the index download, so no page waits for them."""
    started = debug_log.index("started 1 extraction worker(s)")
    assert started < debug_log.index("Crawled (200)")


def test_crawl_runs_no_remote_control_server(debug_log: str) -> None:
    """Scrapy 2.19's remote control runs code posted to it: no place in a cron job."""
    assert "Enabled extensions" in debug_log
    assert "remote_control" not in debug_log


def test_offloaded_extraction_stores_what_inline_extraction_stores(tmp_path: Path) -> None:
    exports = {}
    for workers in (0, 1):
        db_url = f"sqlite:///{tmp_path / f'workers{workers}.db'}"
        with ReplicaServer(build_site(FILMS)) as server:
            result = run_crawl(server.url, db_url, f"MIRROR_EXTRACT_WORKERS={workers}")
        assert result.returncode == 0, result.stderr[-3000:]
        exports[workers] = by_film_id(export(db_url))
    assert len(exports[1]) == len(list(build_site(FILMS).truth_records()))
    assert exports[1] == exports[0]


def test_worker_outputs_are_yielded_before_the_callbacks_error() -> None:
    """As with a generator callback run in the crawl process: what the callback
    yielded before it raised is still processed, then Scrapy sees the error."""
    import scrapy

    from scraper.offload import JobResult

    outputs_ = [("item", ({"n": 1}, None)), ("item", ({"n": 2}, None))]
    result = JobResult(outputs=outputs_, error=ValueError("bad"))
    outputs = _outputs(result, scrapy.Spider(name="t"))
    assert [next(outputs), next(outputs)] == [{"n": 1}, {"n": 2}]
    with pytest.raises(ValueError, match="bad"):
        next(outputs)


# -- items are checked where they are built --------------------------------------------


class RecordSpider(MiffSpider):
    """Yields one valid film and one whose id breaks its declaration."""

    def parse_records(self, response: Response, **kwargs: Any) -> Iterator[Any]:
        yield make_film(1)
        yield make_film(2, film_id="not an id")


def _job() -> PageJob:
    response = HtmlResponse("https://miff.example/film/1", body=b"<html></html>")
    return PageJob.from_response("parse_records", response, {})


def test_a_worker_checks_the_items_it_builds() -> None:
    result = _run_job(RecordSpider(), _job())
    (_, (valid, valid_problem)), (_, (invalid, invalid_problem)) = result.outputs
    assert (valid.film_id, valid_problem) == ("1001", None)
    assert invalid.film_id == "not an id"
    assert invalid_problem is not None and invalid_problem[0] == ["film_id"]


def test_the_pipeline_acts_on_a_workers_verdict_without_checking_again(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    spider = RecordSpider()
    valid, invalid = _outputs(_run_job(spider, _job()), spider)
    crawler = get_crawler(RecordSpider)
    crawler.spider = spider
    pipeline = ValidationPipeline.from_crawler(crawler)

    def no_second_check(item: Any, spider: Any) -> None:
        raise AssertionError("checked again in the crawl process")

    monkeypatch.setattr(validation, "check_item", no_second_check)
    assert pipeline.process_item(valid) is valid
    with pytest.raises(DropItem, match="not an id"):
        pipeline.process_item(invalid)
    assert crawler.stats is not None
    assert crawler.stats.get_value("validation/invalid/film_id") == 1
    # An item no worker saw (or seen a second time) is checked as ever.
    with pytest.raises(AssertionError, match="checked again"):
        pipeline.process_item(valid)


def test_a_verdict_ends_with_its_item() -> None:
    item = make_film(3)
    key = id(item)
    validation.remember_verdict(item, None)
    assert key in validation._verdicts
    del item
    gc.collect()
    assert key not in validation._verdicts


def test_offloaded_callbacks_are_coroutines_returning_plain_iterators() -> None:
    """An async-generator callback sends every page's output through Scrapy's
    asynchronous spider-middleware chain, which cost the crawl's busy thread far more."""
    spider = routed_spider(MiffSpider)
    for callback in (spider.parse_film, spider.parse_listing):
        assert inspect.iscoroutinefunction(callback)
        assert not inspect.isasyncgenfunction(callback)


# -- routing: what a spider declares, what the base spider does with it ------------------


class PageSpider(FestivalSpider):
    """What a new festival spider writes: plain callbacks, one of them offloadable."""

    name = "pages"
    festival = "pages"
    base_url_setting = "PAGES_BASE_URL"
    default_base_url = "https://pages.example"

    def parse(self, response: Response, **kwargs: Any) -> Iterator[scrapy.Request]:
        """The index: one request per page."""
        yield response.follow("/page/1", callback=self.parse_page, cb_kwargs={"page": "1"})

    @offloadable
    def parse_page(self, response: Response, page: str) -> Iterator[Any]:
        """@returns items 1 1"""
        yield self.seen_if_unchanged(response, page) or {"page": page}


def routed_spider(spider_class: type[FestivalSpider], workers: int = 1) -> Any:
    settings = {"MIRROR_EXTRACT_WORKERS": workers}
    return spider_class.from_crawler(get_crawler(spider_class, settings))


def index_request(spider: PageSpider) -> scrapy.Request:
    index = HtmlResponse("https://pages.example/", body=b"<html></html>")
    (request,) = spider.parse(index)
    return request


def test_only_the_declared_callbacks_are_offloadable() -> None:
    assert offloadable_callbacks(PageSpider) == ["parse_page"]
    assert offloadable_callbacks(MiffSpider) == ["parse_film", "parse_listing"]


@pytest.mark.parametrize(("workers", "routed"), [(0, False), (1, True)])
def test_requests_for_offloadable_callbacks_are_routed_only_with_workers(
    workers: int, routed: bool
) -> None:
    spider = routed_spider(PageSpider, workers)
    request = index_request(spider)
    assert request.callback == spider.parse_page
    assert inspect.iscoroutinefunction(request.callback) is routed
    assert not inspect.iscoroutinefunction(spider.parse)  # not declared: always inline


def test_routed_callbacks_survive_a_jobdir_by_their_own_name() -> None:
    """Scrapy's disk queues store a callback by name and look it up on the spider of the
    resumed run: the same name gives the routed callback there, or the plain one if the
    resumed run has no workers."""
    crawling = routed_spider(PageSpider)
    stored = index_request(crawling).to_dict(spider=crawling)
    assert stored["callback"] == "parse_page"
    with_workers, without = routed_spider(PageSpider, 1), routed_spider(PageSpider, 0)
    assert request_from_dict(stored, spider=with_workers).callback == with_workers.parse_page
    assert inspect.iscoroutinefunction(request_from_dict(stored, spider=with_workers).callback)
    assert request_from_dict(stored, spider=without).callback == without.parse_page
    assert not inspect.iscoroutinefunction(request_from_dict(stored, spider=without).callback)


def test_routed_callbacks_keep_their_contracts() -> None:
    """`scrapy check` reads the contracts from the docstring of what it calls."""
    spider = routed_spider(PageSpider)
    assert spider.parse_page.__doc__ == PageSpider.parse_page.__doc__
    assert spider.parse_page.__name__ == "parse_page"


def test_a_worker_spider_runs_the_plain_callback() -> None:
    """A worker's copy of the spider is made without a crawler: nothing is routed there."""
    assert inspect.isgeneratorfunction(PageSpider().parse_page)


def test_an_unchanged_record_page_is_answered_inline_without_starting_workers() -> None:
    spider = routed_spider(PageSpider)
    url = "https://pages.example/page/1"
    record = scrapy.Request(url, meta={RECORD_PAGE_META_KEY: True})
    page = HtmlResponse(url, body=b"<p>1</p>", flags=[REVISIT_FLAG], request=record)
    outputs = list(asyncio.run(spider.parse_page(page, page="1")))
    assert outputs == [SeenItem(festival="pages", film_id="1")]
    assert spider._extract_pool is None


def _page(*, record: bool, flags: tuple[str, ...], text: bool = True) -> Response:
    url = "https://pages.example/listing/1"
    request = scrapy.Request(url, meta={RECORD_PAGE_META_KEY: True} if record else {})
    response_class = HtmlResponse if text else Response
    return response_class(url, body=b"<p>1</p>", flags=list(flags), request=request)


# (the page, whether its callback runs in the crawl process rather than a worker)
INLINE_CASES = [
    (_page(record=True, flags=(REVISIT_FLAG,)), True),  # only a SeenItem to yield
    (_page(record=True, flags=()), False),  # a record page to extract
    (_page(record=False, flags=()), False),  # a listing to parse
    (_page(record=False, flags=(REVISIT_FLAG,)), False),  # unchanged: its links still followed
    (_page(record=False, flags=(FROM_ARCHIVE_FLAG, REVISIT_FLAG)), False),  # not due: replayed
    (_page(record=True, flags=(), text=False), True),  # no text to parse
    (HtmlResponse("https://pages.example/x", body=b"<p/>", flags=[REVISIT_FLAG]), False),
]


@pytest.mark.parametrize(("page", "inline"), INLINE_CASES)
def test_only_an_unchanged_record_page_or_a_non_text_one_is_not_sent_to_a_worker(
    page: Response, inline: bool
) -> None:
    assert extracted_inline(page) is inline


@pytest.mark.parametrize("workers", [0, 1])
def test_a_worker_sends_a_request_as_scrapy_would_serialise_it(workers: int) -> None:
    """The worker names a callback without Scrapy's scan of every spider method; the dict
    must be the one ``to_dict`` makes, routed twin or plain method, errback included."""
    from scraper.offload import _portable_request

    spider = routed_spider(PageSpider, workers)
    request = index_request(spider).replace(errback=spider.parse)
    expected = request.copy().to_dict(spider=spider)
    assert _portable_request(request, spider) == expected
    assert expected["callback"] == "parse_page" and expected["errback"] == "parse"


def test_a_request_whose_callback_is_not_the_spiders_is_refused_as_by_scrapy() -> None:
    from scraper.offload import _portable_request

    spider = routed_spider(PageSpider)
    other = routed_spider(PageSpider)  # another instance: not reachable from `spider`
    request = scrapy.Request("https://pages.example/x", callback=other.parse_page)
    with pytest.raises(ValueError, match="not an instance method"):
        _portable_request(request, spider)
