"""The baseline for the crawl benchmark: fetch the film pages and do nothing else.

Run by crawl_benchmark.py with the same concurrency as the `miff` spider uses on a
loopback replica, so the ratio measures what our extraction and storage cost.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import scrapy

from scraper.festival_spider import LOOPBACK_SETTINGS


class BareFilmPagesSpider(scrapy.Spider):
    name = "bare_film_pages"
    # The same speed settings the miff spider takes on a loopback replica, and nothing
    # that the project's pipelines or extensions would add.
    custom_settings = {
        **LOOPBACK_SETTINGS,
        "CONCURRENT_ITEMS": 1,
        "ITEM_PIPELINES": {},
        "EXTENSIONS": {},
    }

    def __init__(self, urls_file: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.urls_file = urls_file

    async def start(self) -> Any:
        for request in self._requests():
            yield request

    def _requests(self) -> Iterator[scrapy.Request]:
        for line in Path(self.urls_file).read_text().splitlines():
            if line.strip():
                yield scrapy.Request(line.strip(), callback=self.parse)

    def parse(self, response: Any, **kwargs: Any) -> None:
        self.crawler.stats.inc_value("bare/film_pages")
