"""What every festival spider shares: a configurable base URL and full speed on loopback.

A festival spider names its slug, the setting that holds its base URL (also read from
the environment variable of that name) and the public default; the base URL decides
both where requests go and whether the polite throttling of settings.py applies (it
does not for a replica on this machine).

Incremental re-crawls: a spider marks the requests of *record* pages (one page per
archive entry, e.g. a film page) with ``meta[RECORD_PAGE_META_KEY] = True``. When the
archive middleware finds such a page unchanged (a 304, or the same payload digest as
its last capture) it flags the response ``REVISIT_FLAG``, and the callback yields a
:class:`~common.records.SeenItem` instead of extracting (:meth:`FestivalSpider.seen_if_unchanged`).
Navigation pages (index, editions, listings) always reach their callback with a body:
a 304, or a page not due under ``MIRROR_REVISIT_DAYS``, is answered with its stored
original. A spider marks its entry pages ``meta[CHECK_EVERY_RUN_META_KEY] = True``: they
are requested on every run whatever the interval, so that a new edition is found at once.

Extraction in worker processes: a spider marks the callbacks that may run in one with
:func:`offloadable` and otherwise writes and requests them as plain synchronous
callbacks (``callback=self.parse_film``). With ``MIRROR_EXTRACT_WORKERS`` above 0 the
base spider routes them through an :class:`~scraper.offload.ExtractionPool` (see
:meth:`FestivalSpider.route_offloadable_callbacks`); inline otherwise, and inline for an
unchanged record page or a non-text response (:func:`extracted_inline`).
"""

from __future__ import annotations

import functools
import logging
import os
from collections.abc import Callable, Iterable, Iterator
from types import MethodType
from typing import Any, ClassVar, Self
from urllib.parse import urlsplit

import scrapy
from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.http import Response, TextResponse
from scrapy.settings import BaseSettings
from scrapy.utils.reactor import is_reactor_installed

from common.crawl_flags import (  # noqa: F401 (re-exported for spiders)
    CHECK_EVERY_RUN_META_KEY,
    RECORD_PAGE_META_KEY,
    REVISIT_FLAG,
    is_revisit,
)
from common.records import ExtraField, SeenItem
from scraper.crawl_selection import CrawlSelection
from scraper.offload import (  # noqa: F401 (offloadable re-exported for spiders)
    ExtractionPool,
    offloadable,
    offloadable_callbacks,
)
from scraper.site_urls import is_loopback_url, normalise_base_url

# Against a server on this machine politeness only costs time: no delay, no
# AutoThrottle, many requests in flight. Priority "spider" so `-s` still wins.
LOOPBACK_SETTINGS: dict[str, Any] = {
    "AUTOTHROTTLE_ENABLED": False,
    "DOWNLOAD_DELAY": 0,
    "CONCURRENT_REQUESTS": 64,
    "CONCURRENT_REQUESTS_PER_DOMAIN": 64,
    # The reactor thread is the bottleneck at this speed: parse record pages in a
    # worker process (see FestivalSpider.route_offloadable_callbacks).
    "MIRROR_EXTRACT_WORKERS": 1,
}


class FestivalSpider(scrapy.Spider):
    """Base for festival archive spiders (MIFF now, NZIFF next)."""

    # A festival page yields at most one item, but Scrapy starts CONCURRENT_ITEMS
    # asyncio workers for every callback's output: the default 100 made a 12,000-film
    # crawl of a local replica 1.8x slower than with 1.
    custom_settings = {"CONCURRENT_ITEMS": 1}

    festival: ClassVar[str]  # slug stored with every item, e.g. "miff"
    # Its flag for also walking the listings that only re-list the same films,
    # e.g. "MIFF_FOLLOW_ALL_LISTINGS" (None: the spider has no such listings).
    follow_all_setting: ClassVar[str | None] = None
    # The fields only this festival shows, kept in FilmItem.extra (common/records.py).
    extra_fields: ClassVar[tuple[ExtraField, ...]] = ()
    base_url_setting: ClassVar[str]  # e.g. "MIFF_BASE_URL"
    default_base_url: ClassVar[str]  # the public site

    base_url: str
    allowed_domains: list[str]
    _extract_pool: ExtractionPool | None = None
    _extract_closed = False  # after spider_closed: no new workers

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Overwritten from the settings in from_crawler; a bare instance (unit tests
        # feeding saved pages) talks about the public site.
        self.base_url = normalise_base_url(self.default_base_url)

    @classmethod
    def configured_base_url(cls, settings: BaseSettings) -> str:
        """The base URL from the spider's setting, else from the environment variable of
        the same name, else the public default."""
        name = cls.base_url_setting
        return normalise_base_url(
            settings.get(name) or os.environ.get(name) or cls.default_base_url
        )

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
        if spider.extract_workers:
            spider.route_offloadable_callbacks()
        crawler.signals.connect(spider.start_extraction_pool, signal=signals.spider_opened)
        crawler.signals.connect(spider.close_extraction_pool, signal=signals.spider_closed)
        if crawler.crawling and _reactor_running():
            # A crawl that is starting (not a spider built by hand): boot the workers now,
            # alongside the store's process, which the spider's opening waits for when
            # archiving; at spider_opened they would only start once the store is up, and
            # the first listing would wait for them. (A crawl started before the reactor
            # runs has not installed it yet: it starts them at spider_opened.)
            spider.start_extraction_pool()
        return spider

    @property
    def follow_all_listings(self) -> bool:
        """``-s`` (or ``-a``) ``follow_all_setting=1``: walk every listing family (never in
        a subset crawl: those listings span every edition)."""
        return (
            self.follow_all_setting is not None
            and not self.selection.is_subset
            and self.setting_flag(self.follow_all_setting)
        )

    # -- subset crawls: -a edition=YEAR, -a film=ID (scraper/crawl_selection.py) ----------

    @property
    def selection(self) -> CrawlSelection:
        """The editions and films this crawl is limited to, from the spider arguments
        (kept as given, plain strings, so an extraction worker's copy has them too)."""
        cached: CrawlSelection | None = self.__dict__.get("_selection")
        if cached is None:
            cached = CrawlSelection.from_arguments(
                getattr(self, "edition", None), getattr(self, "film", None)
            )
            self.__dict__["_selection"] = cached
        return cached

    @classmethod
    def edition_of_record(cls, record_id: str) -> int | None:
        """The edition a record id names by itself (NZIFF's ``2013/slug``), else None."""
        return None

    @classmethod
    def is_record_id(cls, record_id: str) -> bool:
        """Whether ``record_id`` has the form of this festival's ids (``-a film=`` is
        checked with it before anything is fetched)."""
        return bool(record_id)

    def wants_edition(self, year: int | None) -> bool:
        """Whether the crawl walks this edition: every one, unless limited by
        ``-a edition`` or by ``-a film`` ids that name their editions."""
        selection = self.selection
        if not selection.wants_edition(year):
            return False
        years = {self.edition_of_record(film_id) for film_id in selection.films}
        return not years or None in years or year in years

    def wants_film(self, record_id: str | None) -> bool:
        """Whether the crawl fetches this entry's page: every one, unless ``-a film``."""
        return self.selection.wants_film(record_id)

    def setting_flag(self, name: str, default: bool = False) -> bool:
        """A boolean from a spider argument (``-a NAME=1``) or else a setting (``-s NAME=1``)."""
        for value in (getattr(self, name, None), getattr(self, name.lower(), None)):
            if value is not None:
                return str(value).strip().lower() in ("1", "true", "yes", "on")
        settings = getattr(self, "settings", None)
        return settings.getbool(name, default) if settings is not None else default

    def seen_if_unchanged(self, response: Any, record_id: str | None) -> SeenItem | None:
        """The SeenItem for a record page that came back unchanged, else None (extract it).

        A 304 has no body to extract from, and an identical body would give the same
        record: either way the entry is only marked as seen in this run.
        """
        if not is_revisit(response) or not record_id:
            return None
        return SeenItem(festival=self.festival, film_id=record_id)

    def canonical_record_url(self, record_id: str) -> str | None:
        """The public URL an entry's item must carry, when the site id alone gives it
        (validation checks it); None: any canonical https URL will do."""
        return None

    def record_id_of(self, request: scrapy.Request) -> str | None:
        """The archive entry a record-page request fetches, in the festival's own id form.

        The crawl's core knows no site's URLs and asks this instead: for the SeenItem of a
        page not requested at all (scraper.middlewares.NotDueRecordPages), and for the
        entry a server error (5xx, 429) must not tombstone (scraper.pipelines).
        """
        return None

    # -- extraction in worker processes (scraper/offload.py) ------------------------------

    @property
    def extract_workers(self) -> int:
        """Worker processes for page extraction (``MIRROR_EXTRACT_WORKERS``; 0: inline)."""
        settings = getattr(self, "settings", None)
        return max(0, settings.getint("MIRROR_EXTRACT_WORKERS", 0)) if settings else 0

    def route_offloadable_callbacks(self) -> None:
        """Make ``self.<name>`` of every :func:`offloadable` callback run it in an
        extraction worker (a coroutine returning what the callback yields).

        The routed callback is bound on this instance under the callback's own name, so
        requests built with ``callback=self.parse_film`` get it, Scrapy serialises them
        (JOBDIR) by that name and resolves it back to the routed callback here, while a
        worker's spider, made without a crawler, resolves it to the plain one. A
        coroutine function, not a sync one returning a coroutine: ``scrapy check`` runs
        such callbacks as asynchronous ones.
        """
        for name in offloadable_callbacks(type(self)):
            plain = MethodType(getattr(type(self), name), self)
            setattr(self, name, MethodType(_routed(plain), self))

    async def _extract(
        self,
        callback: Callable[..., Iterable[Any]],
        response: Any,
        cb_kwargs: dict[str, Any],
    ) -> Iterator[Any]:
        """What the sync ``callback`` yields, computed in an extraction worker.

        Inline instead where there is nothing to extract (`extracted_inline`), and
        when no pool runs (after the spider closed).
        """
        if not extracted_inline(response):
            pool = self._extraction_pool()
            if pool is not None:
                return await pool.run(callback, response, cb_kwargs)
        return iter(callback(response, **cb_kwargs) or ())

    def start_extraction_pool(self) -> None:
        """Start the workers as the crawl starts (or at the latest on spider_opened), so
        that they boot while the crawl opens and the first pages download instead of
        keeping the first page to parse waiting. Starting twice starts them once."""
        self._extraction_pool()

    def _extraction_pool(self) -> ExtractionPool | None:
        if self._extract_pool is None and self.extract_workers and not self._extract_closed:
            self._extract_pool = ExtractionPool(
                self, self.extract_workers, _log_level(self.settings)
            )
        return self._extract_pool

    async def close_extraction_pool(self) -> None:
        """Stop the extraction workers (on spider_closed); later callbacks run inline."""
        self._extract_closed = True
        pool, self._extract_pool = self._extract_pool, None
        if pool is not None:
            await pool.close()


def extracted_inline(response: Any) -> bool:
    """Whether a callback runs on `response` in the crawl process rather than a worker:
    a record page that came back unchanged (its callback only yields a SeenItem), and a
    response with no text. A navigation page that came back unchanged, or that was not
    due and is answered from the archive, is parsed like a fresh one, in a worker: its
    links are followed again, and on a re-crawl under MIRROR_REVISIT_DAYS parsing the
    listings inline was a third of the crawl process's time."""
    if not isinstance(response, TextResponse):
        return True
    request = response.request
    record_page = request is not None and bool(request.meta.get(RECORD_PAGE_META_KEY))
    return record_page and is_revisit(response)


def _reactor_running() -> bool:
    if not is_reactor_installed():
        return False
    from twisted.internet import reactor

    return bool(getattr(reactor, "running", False))


def _routed(plain: Callable[..., Iterable[Any]]) -> Callable[..., Any]:
    """The function bound as the routed twin of the bound callback `plain`."""

    # Its name and docstring: logs name the callback, and `scrapy check` reads the
    # contracts from the docstring of the callback it calls.
    @functools.wraps(plain)
    async def routed(self: FestivalSpider, response: Any, **cb_kwargs: Any) -> Iterator[Any]:
        return await self._extract(plain, response, cb_kwargs)

    return routed


def _log_level(settings: BaseSettings) -> int:
    level = settings.get("LOG_LEVEL", "DEBUG")
    number = logging.getLevelName(level) if isinstance(level, str) else level
    return number if isinstance(number, int) else logging.DEBUG


def utf8_if_misdeclared(response: Response) -> Response:
    """The response re-decoded as UTF-8 when its header names another charset but the
    body is valid UTF-8 (a server saying windows-1252 about UTF-8 bytes).

    Fixing this per string afterwards cannot work: bytes cp1252 leaves undefined are
    already lost as U+FFFD. Bytes in a real single-byte charset with any accented letter
    are not valid UTF-8, so a correct declaration is left alone.
    """
    if not isinstance(response, TextResponse) or response.encoding.lower() in _UTF8_NAMES:
        return response
    body = response.body
    if body.isascii():
        return response
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        return response
    return response.replace(encoding="utf-8")


_UTF8_NAMES = frozenset({"utf-8", "utf8"})
