"""What every festival spider shares: a configurable base URL and full speed on loopback.

A festival spider names its slug, the setting that holds its base URL and the public
default; the base URL decides both where requests go and whether the polite
throttling of settings.py applies (it does not for a replica on this machine).
"""

from __future__ import annotations

from typing import Any, ClassVar, Self
from urllib.parse import urlsplit

import scrapy
from scrapy.crawler import Crawler
from scrapy.settings import BaseSettings

from scraper.urls import is_loopback_url, normalise_base_url

# Against a server on this machine politeness only costs time: no delay, no
# AutoThrottle, many requests in flight. Priority "spider" so `-s` still wins.
LOOPBACK_SETTINGS: dict[str, Any] = {
    "AUTOTHROTTLE_ENABLED": False,
    "DOWNLOAD_DELAY": 0,
    "CONCURRENT_REQUESTS": 64,
    "CONCURRENT_REQUESTS_PER_DOMAIN": 64,
}


class FestivalSpider(scrapy.Spider):
    """Base for festival archive spiders (MIFF now, NZIFF next)."""

    # A festival page yields at most one item, but Scrapy starts CONCURRENT_ITEMS
    # asyncio workers for every callback's output: the default 100 made a 12,000-film
    # crawl of a local replica 1.8x slower than with 1.
    custom_settings = {"CONCURRENT_ITEMS": 1}

    festival: ClassVar[str]  # slug stored with every item, e.g. "miff"
    base_url_setting: ClassVar[str]  # e.g. "MIFF_BASE_URL"
    default_base_url: ClassVar[str]  # the public site

    base_url: str
    allowed_domains: list[str]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Overwritten from the settings in from_crawler; a bare instance (unit tests
        # feeding saved pages) talks about the public site.
        self.base_url = normalise_base_url(self.default_base_url)

    @classmethod
    def configured_base_url(cls, settings: BaseSettings) -> str:
        """The base URL from the spider's setting, else the public default."""
        return normalise_base_url(settings.get(cls.base_url_setting) or cls.default_base_url)

    @classmethod
    def update_settings(cls, settings: BaseSettings) -> None:
        super().update_settings(settings)
        if is_loopback_url(cls.configured_base_url(settings)):
            for name, value in LOOPBACK_SETTINGS.items():
                settings.set(name, value, priority="spider")

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> Self:
        spider = super().from_crawler(crawler, *args, **kwargs)
        spider.base_url = cls.configured_base_url(crawler.settings)
        # Links to alias hosts are rewritten onto the base, so anything else is offsite.
        host = urlsplit(spider.base_url).hostname
        spider.allowed_domains = [host] if host else []
        return spider

    def setting_flag(self, name: str, default: bool = False) -> bool:
        """A boolean from a spider argument (``-a NAME=1``) or else a setting (``-s NAME=1``)."""
        for value in (getattr(self, name, None), getattr(self, name.lower(), None)):
            if value is not None:
                return str(value).strip().lower() in ("1", "true", "yes", "on")
        settings = getattr(self, "settings", None)
        return settings.getbool(name, default) if settings is not None else default
