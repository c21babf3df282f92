"""A made-up second festival whose record ids are not digits, as NZIFF's are
(``2015/some-slug``): what the festival-neutral core must handle without parsing URLs.
``SPIDER_MODULES=["scraper.spiders", "tests.slug_spiders"]`` puts it beside MIFF's."""

from __future__ import annotations

import scrapy

from scraper.festival_spider import FestivalSpider


class SlugSpider(FestivalSpider):
    name = "slugfest"
    festival = "slugfest"
    base_url_setting = "SLUGFEST_BASE_URL"
    default_base_url = "https://slugfest.example"
    ARCHIVE_PATH = "/archive"

    def record_id_of(self, request: scrapy.Request) -> str | None:
        return request.cb_kwargs.get("record_id")
