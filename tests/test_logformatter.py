"""QuietLogFormatter: the per-page DEBUG records only when a handler would show them."""

from __future__ import annotations

import logging

import pytest
from scrapy import Spider
from scrapy.http import Request, Response

from scraper.logformatter import QuietLogFormatter, shows_debug


@pytest.fixture
def isolated_logger() -> logging.Logger:
    """A logger outside the hierarchy (no parent, so no handler of pytest's or Scrapy's),
    passing every level through as Scrapy's loggers do: the handlers filter."""
    return logging.Logger("test_logformatter.page", level=logging.DEBUG)


def test_shows_debug_follows_the_handlers_levels(isolated_logger: logging.Logger) -> None:
    assert not shows_debug(isolated_logger)  # no handler: the last resort shows WARNING+
    handler = logging.StreamHandler()
    handler.setLevel(logging.INFO)
    isolated_logger.addHandler(handler)
    assert not shows_debug(isolated_logger)
    handler.setLevel(logging.DEBUG)
    assert shows_debug(isolated_logger)
    refusing = logging.Logger("test_logformatter.info", level=logging.INFO)
    refusing.addHandler(handler)  # a DEBUG handler, but the logger itself refuses DEBUG
    assert not shows_debug(refusing)


def _page() -> tuple[Request, Response, Spider]:
    request = Request("http://127.0.0.1/festival-archive/film/1")
    return request, Response(request.url, request=request), Spider(name="page")


def test_records_skipped_when_nothing_shows_debug(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("scraper.logformatter.shows_debug", lambda logger: False)
    request, response, spider = _page()
    formatter = QuietLogFormatter()
    assert formatter.crawled(request, response, spider) is None
    assert formatter.scraped({"film_id": "1"}, response, spider) is None


def test_records_kept_when_a_handler_shows_debug(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("scraper.logformatter.shows_debug", lambda logger: True)
    request, response, spider = _page()
    formatter = QuietLogFormatter()
    crawled = formatter.crawled(request, response, spider)
    assert crawled is not None and crawled["level"] == logging.DEBUG
    assert crawled["args"]["request"] is request
    scraped = formatter.scraped({"film_id": "1"}, response, spider)
    assert scraped is not None and scraped["args"]["item"] == {"film_id": "1"}
