"""A Scrapy extension for tests: its spider_closed handler holds the close open until
the test allows it, as the store pipeline's does while it records and links a run.

``MIRROR_TEST_CLOSING_FILE`` is created when the handler starts waiting; the handler
returns once ``MIRROR_TEST_CLOSE_FILE`` exists (polled, no fixed sleep).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet import reactor, task


class HoldSpiderClose:
    def __init__(self, closing: Path, release: Path) -> None:
        self.closing = closing
        self.release = release

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> HoldSpiderClose:
        settings = crawler.settings
        extension = cls(
            Path(settings["MIRROR_TEST_CLOSING_FILE"]), Path(settings["MIRROR_TEST_CLOSE_FILE"])
        )
        crawler.signals.connect(extension.spider_closed, signal=signals.spider_closed)
        return extension

    async def spider_closed(self, spider: Any, reason: str) -> None:
        self.closing.touch()
        while not self.release.exists():
            await maybe_deferred_to_future(task.deferLater(reactor, 0.05, lambda: None))
