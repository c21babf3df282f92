"""A parser bug on demand: the MIFF spider whose edition-page callback raises for one
edition, as `parse_edition_program(", feature films")` once did. `scrapy crawl miff -s
SPIDER_MODULES=tests.raising_spiders` runs it."""

from __future__ import annotations

from collections.abc import Iterator

import scrapy
from scrapy.http import Response

from common.records import EditionItem
from scraper.spiders.miff import MiffSpider

BROKEN_EDITION = "1989"


class RaisingMiffSpider(MiffSpider):
    def parse_edition(
        self, response: Response, year: int | None = None
    ) -> Iterator[EditionItem | scrapy.Request]:
        if response.url.rstrip("/").endswith(BROKEN_EDITION):
            raise ValueError("invalid literal for int() with base 10: ''")
        yield from super().parse_edition(response, year)
