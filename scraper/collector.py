"""Scrapy extension: `common.gc_tuning` for the crawl process, once it has started.

On by default (MIRROR_GC_TUNING), in the crawl process, its extraction workers and
its store process; `-s MIRROR_GC_TUNING=0` keeps CPython's defaults in all three.
It runs at engine start, after Scrapy, the spider and every component have been
built, so the objects they keep for the whole run are frozen with the rest.
"""

from __future__ import annotations

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured

from common.gc_tuning import ENVIRONMENT_VARIABLE, tune_collector

SETTING = ENVIRONMENT_VARIABLE  # the same name as a Scrapy setting


class CollectorTuning:
    @classmethod
    def from_crawler(cls, crawler: Crawler) -> CollectorTuning:
        if not crawler.settings.getbool(SETTING, True):
            raise NotConfigured(f"{SETTING} is off")
        extension = cls()
        crawler.signals.connect(extension.engine_started, signal=signals.engine_started)
        return extension

    def engine_started(self) -> None:
        tune_collector()
