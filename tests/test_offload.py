"""Film pages parsed in extraction worker processes (scraper/offload.py), in a real crawl."""

from __future__ import annotations

from pathlib import Path

import pytest

from mirror.replica.server import ReplicaServer
from mirror.replica.site import ReplicaConfig, build_site
from tests.crawl_helpers import by_film_id, export, run_crawl

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

    from scraper.offload import JobResult, _outputs

    result = JobResult(outputs=[("item", {"n": 1}), ("item", {"n": 2})], error=ValueError("bad"))
    outputs = _outputs(result, scrapy.Spider(name="t"))
    assert [next(outputs), next(outputs)] == [{"n": 1}, {"n": 2}]
    with pytest.raises(ValueError, match="bad"):
        next(outputs)


def test_offloaded_callbacks_are_coroutines_returning_plain_iterators() -> None:
    """An async-generator callback sends every page's output through Scrapy's
    asynchronous spider-middleware chain, which cost the crawl's busy thread far more."""
    import inspect

    from scraper.spiders.miff import MiffSpider

    for callback in (MiffSpider.parse_film_offloaded, MiffSpider.parse_listing_offloaded):
        assert inspect.iscoroutinefunction(callback)
        assert not inspect.isasyncgenfunction(callback)
