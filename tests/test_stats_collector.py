"""scraper/stats.py: the crawl's stats collector counts as Scrapy's does, without the
per-read shim (a crawl makes ~17 stats calls a film)."""

from __future__ import annotations

import inspect
import warnings
from collections.abc import Callable
from typing import Any

import pytest
from scrapy import Spider
from scrapy.statscollectors import MemoryStatsCollector, StatsCollector
from scrapy.utils.misc import load_object
from scrapy.utils.project import get_project_settings as project_settings
from scrapy.utils.test import get_crawler

from scraper.stats import MirrorStatsCollector

# (what is done to a collector, the stats it leaves)
CASES: list[tuple[Callable[[StatsCollector], Any], dict[str, Any]]] = [
    (lambda s: s.inc_value("pages"), {"pages": 1}),
    (lambda s: [s.inc_value("pages"), s.inc_value("pages", 3)], {"pages": 4}),
    (lambda s: s.inc_value("bytes", 10, start=100), {"bytes": 110}),
    (lambda s: [s.max_value("depth", 2), s.max_value("depth", 1)], {"depth": 2}),
    (lambda s: [s.min_value("first", 5), s.min_value("first", 7)], {"first": 5}),
    (lambda s: [s.set_value("run", 7), s.set_value("run", 8)], {"run": 8}),
    (lambda s: s.set_stats({"a": 1}), {"a": 1}),
    (lambda s: [s.inc_value("x"), s.clear_stats()], {}),
]


@pytest.mark.parametrize(("act", "expected"), CASES)
def test_it_counts_as_scrapys_collector(
    act: Callable[[StatsCollector], Any], expected: dict[str, Any]
) -> None:
    for cls in (MemoryStatsCollector, MirrorStatsCollector):
        collector = cls(get_crawler())
        act(collector)
        assert collector.get_stats() == expected, cls.__name__
        assert collector.get_value("missing", "default") == "default"


def test_it_keeps_the_last_runs_stats_on_close() -> None:
    crawler = get_crawler(Spider)
    crawler.spider = Spider(name="pages")
    collector = MirrorStatsCollector(crawler)
    collector.open_spider()
    collector.inc_value("pages", 2)
    collector.close_spider(reason="finished")
    assert collector.spider_stats == {"pages": {"pages": 2}}


def test_reads_run_no_shim() -> None:
    """Scrapy's collector wraps each stats method on first read (and passes every other
    read, its own ``self._stats`` included, through a failing look-up); this one does not."""
    scrapys, ours = MemoryStatsCollector(get_crawler()), MirrorStatsCollector(get_crawler())
    assert not inspect.ismethod(scrapys.inc_value)  # a wrapper around the bound method
    assert ours.inc_value.__func__ is MemoryStatsCollector.inc_value
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        ours.inc_value("pages")  # no deprecation machinery on the way


def test_the_crawl_uses_it() -> None:
    """The project's settings (as `scrapy crawl` reads them) name it: a Crawler builds
    ``load_object(settings["STATS_CLASS"])``."""
    assert load_object(project_settings()["STATS_CLASS"]) is MirrorStatsCollector
