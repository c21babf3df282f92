"""Downloader middlewares for a misbehaving server: wait when it asks, count what it did,
and stop a run that only meets failures.

- :class:`BackoffRetryMiddleware` is Scrapy's RetryMiddleware that, before retrying a
  429 or 503, waits as long as the response's ``Retry-After`` asks (capped by
  ``MIRROR_RETRY_AFTER_MAX``), and backs off exponentially on a 429 that does not say.
- :class:`CountingRedirectMiddleware` and :class:`CountingHttpCompressionMiddleware` are
  Scrapy's own, counting the redirect chains they give up on and the bodies that inflate
  past ``DOWNLOAD_MAXSIZE`` (decompression bombs), with a clear warning for each.
- :class:`CharsetAccounting` counts HTML served without a charset, or with one its bytes
  contradict (the pages are still read: ftfy repairs the text, see common/text.py).
- :class:`ConsecutiveFailureGuard` aborts the run after ``MIRROR_MAX_CONSECUTIVE_FAILURES``
  failed requests in a row (server errors, 429s, timeouts, resets...): a site that is
  down or blocking us is not crawled to the end, and nothing is tombstoned.

What they count lands in the run record's ``faults`` (scraper/fault_accounting.py).
"""

from __future__ import annotations

import logging
import re
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.downloadermiddlewares.httpcompression import HttpCompressionMiddleware
from scrapy.downloadermiddlewares.redirect import RedirectMiddleware
from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.exceptions import IgnoreRequest, NotConfigured
from scrapy.http import Response
from scrapy.utils.defer import deferred_from_coro, maybe_deferred_to_future
from scrapy.utils.response import response_status_message
from twisted.internet import task

from scraper.fault_accounting import (
    BACKOFF_WAITS,
    CHARSET_MISMATCHES,
    CHARSET_MISSING,
    DECOMPRESSION_BOMBS,
    REDIRECT_LOOPS,
    RETRY_AFTER_WAITS,
)

logger = logging.getLogger(__name__)

RETRY_AFTER_MAX_SETTING = "MIRROR_RETRY_AFTER_MAX"
BACKOFF_BASE_SETTING = "MIRROR_RETRY_BACKOFF_BASE"
MAX_FAILURES_SETTING = "MIRROR_MAX_CONSECUTIVE_FAILURES"
TOO_MANY_FAILURES = "too_many_failures"  # the spider's close reason
ABORT_MESSAGE_STAT = "mirror/abort_message"

_WAIT_STATUSES = frozenset({429, 503})


def retry_after_seconds(value: bytes | str | None, now: datetime) -> float | None:
    """The wait a ``Retry-After`` header asks for: delta-seconds or an HTTP date.

    None for a missing or unreadable value; 0 for a date already past.
    """
    if value is None:
        return None
    text = (value.decode("latin-1") if isinstance(value, bytes) else value).strip()
    if text.isdigit():
        return float(int(text))
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - now).total_seconds())


def _sleep(seconds: float) -> Any:
    from twisted.internet import reactor

    return maybe_deferred_to_future(task.deferLater(reactor, seconds, lambda: None))


class BackoffRetryMiddleware(RetryMiddleware):
    """RetryMiddleware that waits before retrying when the server asks it to."""

    def __init__(self, settings: Any) -> None:
        super().__init__(settings)
        self.max_wait = settings.getfloat(RETRY_AFTER_MAX_SETTING, 300.0)
        self.backoff_base = settings.getfloat(BACKOFF_BASE_SETTING, 1.0)

    async def process_response(  # type: ignore[override]
        self, request: Request, response: Response
    ) -> Request | Response:
        if request.meta.get("dont_retry", False) or response.status not in self.retry_http_codes:
            return response
        retry = self._retry(request, response_status_message(response.status))
        if retry is None:
            return response
        wait, stat = self._wait(request, response)
        if wait > 0:
            self.crawler.stats.inc_value(stat)
            logger.info("%s asked to wait: retrying %s in %.1f s", response.status, request, wait)
            await _sleep(wait)
        return retry

    def _wait(self, request: Request, response: Response) -> tuple[float, str]:
        if response.status not in _WAIT_STATUSES:
            return 0.0, ""
        asked = retry_after_seconds(response.headers.get(b"Retry-After"), datetime.now(UTC))
        if asked is not None:
            return min(asked, self.max_wait), RETRY_AFTER_WAITS
        if response.status != 429:
            return 0.0, ""  # a 503 that names no time: retried at once, as Scrapy does
        attempts = int(request.meta.get("retry_times", 0))
        return min(self.backoff_base * 2**attempts, self.max_wait), BACKOFF_WAITS


class CountingRedirectMiddleware(RedirectMiddleware):
    """RedirectMiddleware that counts, and says, when it gives up on a redirect chain."""

    def process_response(  # type: ignore[override]
        self, request: Request, response: Response
    ) -> Request | Response:
        try:
            return super().process_response(request, response)
        except IgnoreRequest:
            self.crawler.stats.inc_value(REDIRECT_LOOPS)
            logger.warning(
                "gave up on %s after %d redirects (a redirect loop?)",
                request.meta.get("redirect_urls", [request.url])[0],
                self.max_redirect_times,
            )
            raise


class CountingHttpCompressionMiddleware(HttpCompressionMiddleware):
    """HttpCompressionMiddleware that counts bodies inflating past DOWNLOAD_MAXSIZE."""

    def process_response(  # type: ignore[override]
        self, request: Request, response: Response
    ) -> Request | Response:
        try:
            return super().process_response(request, response)
        except IgnoreRequest:
            if self.stats is not None:
                self.stats.inc_value(DECOMPRESSION_BOMBS)
            logger.warning(
                "dropped %s: its compressed body inflates past DOWNLOAD_MAXSIZE "
                "(%d bytes); a decompression bomb, or raise the limit",
                request.url,
                request.meta.get("download_maxsize", self._max_size),
            )
            raise


_CHARSET_RE = re.compile(rb"charset\s*=\s*[\"']?([A-Za-z0-9_.:-]+)", re.IGNORECASE)
_UTF8_NAMES = frozenset({b"utf-8", b"utf8"})


class CharsetAccounting:
    """Counts HTML responses with no declared charset, or one their bytes contradict
    (declared as another encoding, yet valid UTF-8 with non-ASCII bytes)."""

    def __init__(self, crawler: Crawler) -> None:
        self.stats = crawler.stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> CharsetAccounting:
        return cls(crawler)

    def process_response(self, request: Request, response: Response) -> Response:
        content_type = response.headers.get(b"Content-Type") or b""
        if response.status != 200 or not content_type.lower().startswith(b"text/html"):
            return response
        found = _CHARSET_RE.search(content_type)
        if found is None:
            self.stats.inc_value(CHARSET_MISSING)
        elif found.group(1).lower() not in _UTF8_NAMES and _is_utf8_beyond_ascii(response.body):
            self.stats.inc_value(CHARSET_MISMATCHES)
        return response


def _is_utf8_beyond_ascii(body: bytes) -> bool:
    if body.isascii():
        return False
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


class ConsecutiveFailureGuard:
    """Aborts the run after too many failed requests in a row.

    A failure is a response with a 5xx or 429 status, or a download error (timeout,
    reset, refused, truncated, oversized); every retry attempt counts. Any other
    response resets the count. The run then ends with the close reason
    ``too_many_failures``: recorded as aborted (nothing tombstoned), and `scrapy crawl`
    exits with its own status (scraper/commands/crawl.py).
    """

    def __init__(self, crawler: Crawler, limit: int) -> None:
        self.crawler = crawler
        self.limit = limit
        self.streak = 0
        self._closing = False

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ConsecutiveFailureGuard:
        limit = crawler.settings.getint(MAX_FAILURES_SETTING, 50)
        if limit <= 0:
            raise NotConfigured()
        return cls(crawler, limit)

    def process_response(self, request: Request, response: Response) -> Response:
        if response.status >= 500 or response.status == 429:
            self._failed(request, f"HTTP {response.status}")
        else:
            self.streak = 0
        return response

    def process_exception(self, request: Request, exception: Exception) -> None:
        if not isinstance(exception, IgnoreRequest):  # a decision of ours, not the server's
            self._failed(request, type(exception).__name__)

    def _failed(self, request: Request, what: str) -> None:
        self.streak += 1
        if self.streak < self.limit or self._closing:
            return
        engine = self.crawler.engine
        if engine is None or engine.spider is None:
            return
        self._closing = True
        message = (
            f"{self.streak} requests in a row failed, the last with {what} for {request.url} "
            f"(limit {MAX_FAILURES_SETTING}={self.limit})"
        )
        logger.error("aborting the run: %s", message)
        self.crawler.stats.set_value(ABORT_MESSAGE_STAT, message)
        closing = deferred_from_coro(engine.close_spider_async(reason=TOO_MANY_FAILURES))
        closing.addErrback(lambda f: logger.error("could not close the spider: %s", f))
