"""A progress line in long crawls: films stored, their rate, and an ETA.

Scrapy's LogStats says how many pages a minute were crawled, which does not tell the
person watching a 12,000-film crawl how long it has left. Every
``MIRROR_PROGRESS_INTERVAL`` seconds (default 60; 0 turns it off), and once more as the
spider closes, :class:`CrawlProgress` logs::

    progress: 1234 films stored (412/min); film pages 1300 done of 4000 scheduled; ETA 6m33s

- *films stored*: film records that went through the item pipelines into the mirror
  (parsed, or found unchanged and only marked as seen), and their rate since the last
  line (over the whole run in the closing line);
- *film pages*: requests of record pages (``RECORD_PAGE_META_KEY``) that left the
  downloader, answered or failed, out of those scheduled so far (a retry counts as
  one more of each);
- *ETA*: the film pages still to go at the page rate since the last line. Listings are
  walked as the crawl goes, so it covers the film pages found so far and grows while
  listings are still being read; ``unknown`` until a film page is done.

On only where the crawl persists (``MIRROR_PERSIST``: `scrapy crawl`), like the store.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from typing import Any, Self

from scrapy import Request, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.utils.asyncio import create_looping_call

from common.crawl_flags import RECORD_PAGE_META_KEY
from common.records import FilmItem, SeenItem
from scraper.crawl_context import CrawlContext

logger = logging.getLogger(__name__)

INTERVAL_SETTING = "MIRROR_PROGRESS_INTERVAL"
DEFAULT_INTERVAL_S = 60.0


@dataclass(frozen=True)
class Progress:
    """One progress line's numbers."""

    films: int  # film records stored so far
    films_per_minute: float
    pages_done: int  # film pages that left the downloader
    pages_scheduled: int  # film pages scheduled so far
    eta_s: float | None  # None: no rate to go by yet

    def line(self) -> str:
        return (
            f"progress: {self.films} films stored ({self.films_per_minute:.0f}/min); "
            f"film pages {self.pages_done} done of {self.pages_scheduled} scheduled; "
            f"ETA {format_duration(self.eta_s)}"
        )


def format_duration(seconds: float | None) -> str:
    """``6m33s``, ``2h05m``, ``41s``; ``unknown`` for None."""
    if seconds is None:
        return "unknown"
    whole = round(seconds)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours}h{minutes:02d}m"
    if minutes:
        return f"{minutes}m{secs:02d}s"
    return f"{secs}s"


def eta_seconds(remaining: int, done_delta: int, elapsed_s: float) -> float | None:
    """Seconds for ``remaining`` pages at the rate ``done_delta`` per ``elapsed_s``."""
    if remaining <= 0:
        return 0.0
    if done_delta <= 0 or elapsed_s <= 0:
        return None
    return remaining * elapsed_s / done_delta


class CrawlProgress:
    """Log :class:`Progress` every interval and as the spider closes (see the module
    docstring)."""

    def __init__(self, interval_s: float) -> None:
        self.interval_s = interval_s
        self.films = 0
        self.pages_scheduled = 0
        self.pages_done = 0
        self._started = self._last_at = time.monotonic()
        self._last_films = 0
        self._last_pages = 0
        self._task: Any = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        interval = crawler.settings.getfloat(INTERVAL_SETTING, DEFAULT_INTERVAL_S)
        if interval <= 0 or not CrawlContext.of(crawler).persists:
            raise NotConfigured()
        extension = cls(interval)
        connect = crawler.signals.connect
        connect(extension.spider_opened, signal=signals.spider_opened)
        connect(extension.spider_closed, signal=signals.spider_closed)
        connect(extension.item_scraped, signal=signals.item_scraped)
        connect(extension.request_scheduled, signal=signals.request_scheduled)
        connect(extension.request_dropped, signal=signals.request_dropped)
        connect(extension.request_left, signal=signals.request_left_downloader)
        return extension

    # -- counting ---------------------------------------------------------------------------

    def item_scraped(self, item: Any) -> None:
        if isinstance(item, FilmItem | SeenItem):
            self.films += 1

    def request_scheduled(self, request: Request) -> None:
        if request.meta.get(RECORD_PAGE_META_KEY):
            self.pages_scheduled += 1

    def request_dropped(self, request: Request) -> None:
        # Sent instead of a schedule for a duplicate: counted as scheduled just before.
        if request.meta.get(RECORD_PAGE_META_KEY):
            self.pages_scheduled -= 1

    def request_left(self, request: Request) -> None:
        if request.meta.get(RECORD_PAGE_META_KEY):
            self.pages_done += 1

    # -- reporting --------------------------------------------------------------------------

    def snapshot(self, now: float, since: float, films_before: int, pages_before: int) -> Progress:
        """The numbers now, the rates over ``since``..``now``."""
        elapsed = now - since
        films_per_minute = (self.films - films_before) * 60 / elapsed if elapsed > 0 else 0.0
        remaining = self.pages_scheduled - self.pages_done
        return Progress(
            films=self.films,
            films_per_minute=films_per_minute,
            pages_done=self.pages_done,
            pages_scheduled=self.pages_scheduled,
            # Before the first film page is found there is nothing to estimate from.
            eta_s=eta_seconds(remaining, self.pages_done - pages_before, elapsed)
            if self.pages_scheduled
            else None,
        )

    def log_progress(self) -> None:
        now = time.monotonic()
        progress = self.snapshot(now, self._last_at, self._last_films, self._last_pages)
        self._last_at, self._last_films, self._last_pages = now, self.films, self.pages_done
        logger.info(progress.line())

    def spider_opened(self, spider: Any) -> None:
        self._started = self._last_at = time.monotonic()
        self._task = create_looping_call(self.log_progress)
        # Not now: at the start every count is 0. The first line comes one interval in.
        self._task.start(self.interval_s, now=False)

    def spider_closed(self, spider: Any, reason: str) -> None:
        if self._task is not None and self._task.running:
            self._task.stop()
        # The whole run's rates: the last word on how fast it went.
        progress = self.snapshot(time.monotonic(), self._started, 0, 0)
        logger.info(progress.line())
