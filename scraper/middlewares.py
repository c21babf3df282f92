"""Downloader middlewares.

:class:`WarcCaptureMiddleware` writes every request and response the spiders make to
WARC files (see :mod:`archive`). It sits at priority 950, closer to the downloader than
every built-in middleware, so it sees each response before HttpCompressionMiddleware
(590) inflates it, before RetryMiddleware (550) and RedirectMiddleware (600) act on it,
and each request after every built-in middleware has added its headers. Register it
with the wire-recording download handler, which supplies the exact bytes of the heads::

    DOWNLOAD_HANDLERS = {
        "http": "archive.wire.WireRecordingDownloadHandler",
        "https": "archive.wire.WireRecordingDownloadHandler",
    }
    DOWNLOADER_MIDDLEWARES = {"scraper.middlewares.WarcCaptureMiddleware": 950}

It is off (NotConfigured) unless ``MIRROR_ARCHIVE_DIR`` is set. At startup, before its
writer opens a file, it finishes any ``.warc.gz.open`` file a killed run left behind
(:func:`archive.recovery.recover_directory`: complete records kept, the cut tail moved
to ``quarantine/``), counted in the stats ``archive/recovered_files`` and
``archive/quarantined_bytes``.
"""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import urlsplit

import scrapy
import warcio
from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.http import Request, Response

from archive.http import (
    HttpExchange,
    reconstructed_request_head,
    reconstructed_response_head,
    split_head,
)
from archive.recovery import Recovered, recover_directory
from archive.settings import MAX_BYTES_SETTING, PREFIX_SETTING, archive_dir
from archive.wire import WIRE_META_KEY, WireCapture
from archive.writer import DEFAULT_MAX_FILE_BYTES, RotatingWarcWriter
from scraper.extensions import run_refused

logger = logging.getLogger(__name__)

WARC_1_1_SPEC = "https://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/"


def warcinfo_fields(crawler: Crawler) -> dict[str, str]:
    """What the warcinfo record at the head of every file says about this crawl."""
    settings = crawler.settings
    return {
        "software": f"festival-mirror (Scrapy {scrapy.__version__}, warcio {_warcio_version()})",
        "format": "WARC File Format 1.1",
        "conformsTo": WARC_1_1_SPEC,
        "isPartOf": str(getattr(crawler.spidercls, "name", "crawl")),
        "robots": "obey" if settings.getbool("ROBOTSTXT_OBEY") else "ignore",
        "http-header-user-agent": str(settings.get("USER_AGENT") or ""),
    }


def _warcio_version() -> str:
    return str(getattr(warcio, "__version__", "")) or "unknown"


def exchange_from(request: Request, response: Response) -> tuple[HttpExchange, bool]:
    """The exchange to archive, and whether its heads are the wire bytes."""
    wire = request.meta.pop(WIRE_META_KEY, None)
    ip_address = str(response.ip_address) if response.ip_address is not None else None
    if isinstance(wire, WireCapture) and wire.response_head:
        request_head, request_body = split_head(wire.request)
        exchange = HttpExchange(
            url=response.url,
            request_head=request_head,
            request_body=request_body,
            response_head=wire.response_head,
            response_body=response.body,
            fetched_at=wire.sent_at,
            ip_address=ip_address,
        )
        return exchange, True
    parts = urlsplit(response.url)
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    exchange = HttpExchange(
        url=response.url,
        request_head=reconstructed_request_head(
            request.method, target, parts.netloc, request.headers.items()
        ),
        request_body=request.body,
        response_head=reconstructed_response_head(
            response.protocol, response.status, response.headers.items()
        ),
        response_body=response.body,
        ip_address=ip_address,
    )
    return exchange, False


def report_recovered(crawler: Crawler, recovered: list[Recovered]) -> None:
    """Log each recovered leftover and count them in the crawl stats."""
    for item in recovered:
        kept = item.warc_path.name if item.warc_path is not None else "nothing"
        if item.quarantine_path is None:
            logger.warning("Recovered %s: kept %d records", kept, item.records)
        else:
            logger.warning(
                "Recovered %s: kept %d records, quarantined %d bytes in %s (%s)",
                kept,
                item.records,
                item.quarantined_bytes,
                item.quarantine_path,
                item.problem,
            )
    stats = crawler.stats
    if stats is not None and recovered:
        stats.inc_value("archive/recovered_files", len(recovered))
        stats.inc_value("archive/quarantined_bytes", sum(i.quarantined_bytes for i in recovered))


class WarcCaptureMiddleware:
    """Archive each downloaded response, with its request, in rotating WARC files.

    Records are written in the reactor thread, as each response arrives (about 0.4 ms
    an exchange). A writer thread was measured and was not faster: warcio's header work
    holds the GIL, and only zlib and SHA-1 would overlap.
    """

    def __init__(self, crawler: Crawler, writer: RotatingWarcWriter) -> None:
        self.crawler = crawler
        self.writer = writer

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> WarcCaptureMiddleware:
        directory = archive_dir(crawler.settings)
        if directory is None:
            raise NotConfigured()  # archiving is opt-in: no warning on every plain crawl
        if run_refused(crawler):
            # Another run holds the lock: its open WARC is live, not a leftover to recover.
            raise NotConfigured()
        settings = crawler.settings
        # Before the new writer opens its first file: leftovers of a killed run only.
        report_recovered(crawler, recover_directory(directory))
        writer = RotatingWarcWriter(
            directory,
            prefix=settings.get(PREFIX_SETTING) or str(getattr(crawler.spidercls, "name", "crawl")),
            max_file_bytes=settings.getint(MAX_BYTES_SETTING, DEFAULT_MAX_FILE_BYTES),
            info=warcinfo_fields(crawler),
        )
        middleware = cls(crawler, writer)
        crawler.signals.connect(middleware.spider_closed, signal=signals.spider_closed)
        return middleware

    def process_response(self, request: Request, response: Response) -> Response:
        if "cached" in response.flags:  # HttpCacheMiddleware's copy: not a fetch
            return response
        exchange, from_wire = exchange_from(request, response)
        self.writer.write_exchange(exchange)
        stats = self.crawler.stats
        if stats is not None:
            stats.inc_value("archive/records", 2)
            if not from_wire:
                stats.inc_value("archive/reconstructed_heads")
        return response

    def spider_closed(self, spider: Any, reason: str) -> None:
        self.writer.close()
        stats = self.crawler.stats
        if stats is not None:
            stats.set_value("archive/files", len(self.writer.finished_files))
