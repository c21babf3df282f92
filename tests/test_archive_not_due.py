"""Navigation pages under MIRROR_REVISIT_DAYS: a page not due is answered with its stored
original instead of a fetch, on hand-made responses (the replica crawls are in
test_archive_revisit_days.py).
"""

from __future__ import annotations

import gzip
import logging
from pathlib import Path

import pytest
from scrapy import Request
from scrapy.http import Response

from scraper.festival_spider import CHECK_EVERY_RUN_META_KEY, REVISIT_FLAG
from scraper.middlewares import FROM_ARCHIVE_FLAG, WarcCaptureMiddleware
from tests.test_archive_reparse import _download as replay_download
from tests.test_archive_revisits import (
    FILM_URL,
    LISTING_URL,
    PAGE,
    VALIDATORS,
    first_run,
    full_response,
    middleware_for,
)

INDEX_URL = "http://127.0.0.1:8765/festival-archive"
ROBOTS_URL = "http://127.0.0.1:8765/robots.txt"
NAVIGATION = (INDEX_URL, ROBOTS_URL, LISTING_URL)


def within_interval(tmp_path: Path, sqlite_url: str) -> WarcCaptureMiddleware:
    """A second run, 30-day interval, just after a completed first run captured FILM_URL and
    the NAVIGATION pages."""
    first_run(tmp_path, sqlite_url, (FILM_URL, *NAVIGATION))
    return middleware_for(tmp_path, sqlite_url, MIRROR_REVISIT_DAYS=30)


def test_listing_not_due_is_answered_with_its_stored_original(
    tmp_path: Path, sqlite_url: str
) -> None:
    middleware = within_interval(tmp_path, sqlite_url)
    answered = middleware.process_request(Request(LISTING_URL))
    assert isinstance(answered, Response) and answered.status == 200
    assert {FROM_ARCHIVE_FLAG, REVISIT_FLAG} <= set(answered.flags)
    # still content-encoded, as a download is: HttpCompressionMiddleware inflates it
    assert answered.headers[b"Content-Encoding"] == b"gzip"
    assert gzip.decompress(answered.body) == PAGE


def test_a_page_not_due_is_answered_as_mirror_reparse_replays_it(
    tmp_path: Path, sqlite_url: str
) -> None:
    """One replay path for stored pages: the re-crawl's answer and `mirror reparse`'s are
    the same response, without the connection's headers and with the body's length."""
    served = {"Connection": "keep-alive", "Keep-Alive": "timeout=5", "Content-Length": "1"}
    first_run(tmp_path, sqlite_url, (LISTING_URL,), **served)
    middleware = middleware_for(tmp_path, sqlite_url, MIRROR_REVISIT_DAYS=30)
    answered = middleware.process_request(Request(LISTING_URL))
    (reparsed,), _ = replay_download(tmp_path / "warc", LISTING_URL)
    assert isinstance(answered, Response)
    assert b"Connection" not in answered.headers and b"Keep-Alive" not in answered.headers
    assert answered.headers[b"Content-Length"] == str(len(answered.body)).encode()
    assert answered.headers[b"Content-Encoding"] == b"gzip"
    assert (type(answered), answered.status, answered.headers, answered.body) == (
        type(reparsed),
        reparsed.status,
        reparsed.headers,
        reparsed.body,
    )


def test_page_answered_from_the_archive_is_not_archived_again(
    tmp_path: Path, sqlite_url: str
) -> None:
    middleware = within_interval(tmp_path, sqlite_url)
    request = Request(LISTING_URL)
    answered = middleware.process_request(request)
    assert isinstance(answered, Response)
    assert middleware.process_response(request, answered) is answered
    middleware.writer.close()
    assert middleware.writer.finished_files == []
    stats = middleware.crawler.stats
    assert stats is not None and stats.get_value("archive/navigation_not_due") == 1


@pytest.mark.parametrize(
    "request_",
    [
        Request(INDEX_URL, meta={CHECK_EVERY_RUN_META_KEY: True}),  # a spider's entry page
        Request(ROBOTS_URL),
        Request(LISTING_URL, method="HEAD"),
    ],
    ids=["entry-page", "robots-txt", "not-a-get"],
)
def test_always_checked_pages_are_sent_with_their_validators(
    tmp_path: Path, sqlite_url: str, request_: Request
) -> None:
    middleware = within_interval(tmp_path, sqlite_url)
    request = request_.replace()
    assert middleware.is_due(request)
    if request.method == "GET":
        assert middleware.process_request(request) is None
        assert request.headers[b"If-None-Match"] == VALIDATORS["ETag"].encode()


def test_listing_past_its_interval_is_sent_with_its_validators(
    tmp_path: Path, sqlite_url: str
) -> None:
    first_run(tmp_path, sqlite_url, (FILM_URL, *NAVIGATION))
    middleware = middleware_for(tmp_path, sqlite_url, MIRROR_REVISIT_DAYS=1e-9)
    request = Request(LISTING_URL)
    assert middleware.process_request(request) is None
    assert request.headers[b"If-None-Match"] == VALIDATORS["ETag"].encode()


def test_listing_whose_original_is_damaged_is_fetched_in_full(
    tmp_path: Path, sqlite_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    middleware = within_interval(tmp_path, sqlite_url)
    original = middleware.originals[LISTING_URL]
    path = middleware.writer.path_of(original.filename)
    data = bytearray(path.read_bytes())
    data[original.offset + 30 : original.offset + 60] = bytes(30)  # inside its gzip member
    path.write_bytes(bytes(data))

    request = Request(LISTING_URL)
    with caplog.at_level(logging.WARNING, logger="scraper.middlewares"):
        assert middleware.process_request(request) is None
    assert b"If-None-Match" not in request.headers  # unconditional: no 304 to replay
    assert f"cannot replay {LISTING_URL} from the archive" in caplog.text
    # what comes back is stored in full and becomes the URL's original
    middleware.process_response(request, full_response(LISTING_URL, request))
    assert middleware.originals[LISTING_URL].offset != original.offset
