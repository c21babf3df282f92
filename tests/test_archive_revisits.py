"""Revisit records, the writer's finished-file hook, the digest index and the middleware's
conditional requests, on synthetic exchanges (the replica crawls are in
test_archive_recrawl.py).
"""

from __future__ import annotations

import gzip
import subprocess
from pathlib import Path
from typing import Any

import pytest
from scrapy import Request
from scrapy.http import HtmlResponse, Response
from scrapy.utils.test import get_crawler
from warcio.archiveiterator import ArchiveIterator

from archive.captures import CaptureRecord, payload_digest, read_captures
from archive.http import HttpExchange
from archive.indexer import index_warc
from archive.writer import (
    IDENTICAL_PAYLOAD_DIGEST,
    SERVER_NOT_MODIFIED,
    FinishedWarc,
    RotatingWarcWriter,
)
from db.captures import CaptureStore
from db.store import MirrorStore, RunCounts
from scraper.festival_spider import RECORD_PAGE_META_KEY, REVISIT_FLAG
from scraper.middlewares import WarcCaptureMiddleware
from tests.test_archive_writer import BIN, deterministic_writer, exchange

NOT_MODIFIED = HttpExchange(
    url="http://127.0.0.1:8765/festival-archive/film/0",
    request_head=b'GET /festival-archive/film/0 HTTP/1.1\r\nIf-None-Match: "e1-gz"\r\n\r\n',
    response_head=b'HTTP/1.1 304 Not Modified\r\nETag: "e1"\r\n\r\n',
    response_body=b"",
)


def all_records(path: Path) -> list[tuple[str, dict[str, str], bytes]]:
    with path.open("rb") as stream:
        return [
            (r.rec_type, dict(r.rec_headers.headers), r.raw_stream.read())
            for r in ArchiveIterator(stream, no_record_parse=True)
        ]


def test_payload_digest_is_the_one_the_writer_stores(tmp_path: Path) -> None:
    with deterministic_writer(tmp_path) as writer:
        written = writer.write_exchange(exchange(3))
    assert payload_digest(exchange(3).response_body) == written.payload_digest


def test_server_not_modified_revisit_refers_to_the_original_and_has_no_block(
    tmp_path: Path,
) -> None:
    with deterministic_writer(tmp_path) as writer:
        original = writer.write_exchange(exchange(0))
        revisit_id = writer.write_revisit_exchange(NOT_MODIFIED, original, "server-not-modified")
    (path,) = writer.finished_files
    records = all_records(path)
    (revisit,) = [(h, b) for t, h, b in records if t == "revisit"]
    headers, block = revisit
    assert headers["WARC-Record-ID"] == revisit_id
    assert headers["WARC-Profile"] == SERVER_NOT_MODIFIED
    assert headers["WARC-Refers-To"] == original.response_id
    assert headers["WARC-Refers-To-Target-URI"] == original.url
    assert headers["WARC-Refers-To-Date"] == original.date
    # the server said the original's entity is current: its digest finds it in pywb's index
    assert headers["WARC-Payload-Digest"] == original.payload_digest
    assert block == b"" and headers["Content-Length"] == "0"
    request = [h for t, h, _ in records if t == "request"][-1]
    assert request["WARC-Concurrent-To"] == revisit_id
    (entry,) = [e for e in index_warc(path) if e.mime == "warc/revisit"]
    assert entry.digest == original.payload_digest.removeprefix("sha1:")
    check = subprocess.run([str(BIN / "warcio"), "check", str(path)], capture_output=True)
    assert check.returncode == 0, check.stdout


def test_identical_digest_revisit_keeps_the_head_and_drops_the_body(tmp_path: Path) -> None:
    with deterministic_writer(tmp_path) as writer:
        original = writer.write_exchange(exchange(0))
        writer.write_revisit_exchange(exchange(0), original, "identical-payload-digest")
    (path,) = writer.finished_files
    (headers, block) = next((h, b) for t, h, b in all_records(path) if t == "revisit")
    assert headers["WARC-Profile"] == IDENTICAL_PAYLOAD_DIGEST
    assert headers["WARC-Refers-To"] == original.response_id
    assert block.startswith(b"HTTP/1.1 200 OK\r\n") and block.endswith(b"\r\n\r\n")
    assert b"Transfer-Encoding" not in block


def test_finished_hook_runs_once_per_file_after_it_is_renamed(tmp_path: Path) -> None:
    seen: list[tuple[FinishedWarc, bool, bool]] = []

    def finished(done: FinishedWarc) -> None:
        open_name = done.path.with_name(done.path.name + ".open")
        seen.append((done, done.path.exists(), open_name.exists()))

    writer = deterministic_writer(tmp_path, max_file_bytes=2_000)
    writer.on_finished = finished
    first = writer.write_exchange(exchange(0))
    for n in range(1, 6):
        writer.write_exchange(exchange(n))
    writer.write_revisit_exchange(NOT_MODIFIED, first, "server-not-modified")
    rotated = len(seen)
    assert rotated == len(writer.finished_files) > 0  # one call per rotation so far
    writer.close()
    assert len(seen) == rotated + 1 == len(writer.finished_files)
    for done, final_exists, open_exists in seen:
        assert final_exists and not open_exists
        # the hook's captures are exactly what a reader finds in the finished file
        assert done.captures == read_captures(done.path)
    kinds = [c.record_type for done, _, _ in seen for c in done.captures]
    assert kinds.count("response") == 6 and kinds.count("revisit") == 1


def capture(n: int, date: str, **overrides: object) -> CaptureRecord:
    fields: dict[str, object] = {
        "url": "http://example.test/film/1",
        "record_id": f"<urn:uuid:00000000-0000-4000-8000-{n:012d}>",
        "record_type": "response",
        "warc_date": date,
        "payload_digest": f"sha1:DIGEST{n}",
        "refers_to": None,
        "status": 200,
        "etag": f'"e{n}"',
        "last_modified": "Mon, 02 Mar 2020 00:00:00 GMT",
        "warc_filename": "a.warc.gz",
        "warc_offset": n * 100,
        "warc_length": 100,
    }
    fields.update(overrides)
    return CaptureRecord(**fields)  # type: ignore[arg-type]


def completed_run(db_url: str, status: str = "finished") -> int:
    """A crawl run of miff that ended with ``status`` (the runs captures belong to)."""
    mirror = MirrorStore(db_url)
    try:
        run_id = mirror.start_run("miff")
        if status != "running":
            mirror.finish_run(run_id, status, None, RunCounts())
        return run_id
    finally:
        mirror.close()


def test_capture_store_adds_idempotently_and_finds_the_latest_original(db_url: str) -> None:
    store = CaptureStore(db_url, retry_budget_s=5)
    store.migrate()
    run_id = completed_run(db_url)
    try:
        older = capture(1, "2026-01-01T00:00:00Z")
        newer = capture(2, "2026-02-01T00:00:00Z", warc_filename="b.warc.gz")
        revisit = capture(
            3, "2026-03-01T00:00:00Z", record_type="revisit", status=None, refers_to=newer.record_id
        )
        error = capture(4, "2026-04-01T00:00:00Z", status=500)
        assert store.add([older, newer, revisit, error], run_id=run_id) == 4
        assert store.add([older, newer, revisit, error], run_id=run_id) == 0  # a re-index
        assert store.indexed_files() == {"a.warc.gz", "b.warc.gz"}
        (latest,) = store.latest_originals({"a.warc.gz", "b.warc.gz"}).values()
        assert (latest.response_id, latest.etag, latest.filename) == (
            newer.record_id,
            '"e2"',
            "b.warc.gz",
        )
        # an original whose file is gone is never used
        (fallback,) = store.latest_originals({"a.warc.gz"}).values()
        assert fallback.response_id == older.record_id
    finally:
        store.close()


@pytest.mark.parametrize("status", ["running", "aborted", None])
def test_captures_of_a_run_that_did_not_complete_are_never_originals(
    db_url: str, status: str | None
) -> None:
    """A killed run ("running" until the next one), an aborted one, or a file indexed at
    start-up with no run may hold captures of pages whose records never reached the
    mirror: revisiting them would skip extraction and lose the record."""
    store = CaptureStore(db_url, retry_budget_s=5)
    store.migrate()
    trusted = completed_run(db_url)
    untrusted = completed_run(db_url, status) if status is not None else None
    try:
        older = capture(1, "2026-01-01T00:00:00Z")
        newer = capture(2, "2026-02-01T00:00:00Z", url="http://example.test/film/1")
        only_untrusted = capture(3, "2026-02-01T00:00:00Z", url="http://example.test/film/2")
        store.add([older], run_id=trusted)
        store.add([newer, only_untrusted], run_id=untrusted)
        originals = store.latest_originals({"a.warc.gz"})
        assert set(originals) == {"http://example.test/film/1"}
        assert originals["http://example.test/film/1"].response_id == older.record_id
    finally:
        store.close()


# -- the middleware, on hand-made responses (no wire capture: reconstructed heads) ---------

FILM_URL = "http://127.0.0.1:8765/festival-archive/film/7"
LISTING_URL = "http://127.0.0.1:8765/festival-archive/films/festival/1990"
PAGE = b"<html><body><p>A synopsis.</p><a href='/festival-archive/film/7'>x</a></body></html>"
VALIDATORS = {"ETag": '"v1-gz"', "Last-Modified": "Mon, 02 Mar 2020 00:00:00 GMT"}


def middleware_for(tmp_path: Path, sqlite_url: str, **settings: Any) -> WarcCaptureMiddleware:
    crawler = get_crawler(
        settings_dict={
            "MIRROR_ARCHIVE_DIR": str(tmp_path / "warc"),
            "MIRROR_DATABASE_URL": sqlite_url,
            "MIRROR_PERSIST": True,
            # the writer in this process: a test that never closes the spider would
            # leave a writer process behind in the test worker
            "MIRROR_WARC_IN_PROCESS": True,
            **settings,
        }
    )
    middleware = WarcCaptureMiddleware.from_crawler(crawler)
    middleware.load_index()
    return middleware


def full_response(url: str, request: Request, **extra_headers: str) -> Response:
    headers = {**VALIDATORS, "Content-Type": "text/html", "Content-Encoding": "gzip"}
    headers.update(extra_headers)
    return HtmlResponse(url, body=gzip.compress(PAGE, mtime=0), headers=headers, request=request)


def first_run(
    tmp_path: Path,
    sqlite_url: str,
    urls: tuple[str, ...] = (FILM_URL, LISTING_URL),
    **extra_headers: str,
) -> None:
    middleware = middleware_for(tmp_path, sqlite_url)
    for url in urls:
        request = Request(url)
        middleware.process_request(request)
        assert b"If-None-Match" not in request.headers  # nothing known yet
        middleware.process_response(request, full_response(url, request, **extra_headers))
    middleware.writer.close()
    assert middleware.index is not None
    run_id = completed_run(sqlite_url)
    middleware.index.add(read_captures(middleware.writer.finished_files[0]), run_id=run_id)


def test_middleware_sends_validators_and_turns_a_304_into_a_revisit(
    tmp_path: Path, sqlite_url: str
) -> None:
    first_run(tmp_path, sqlite_url)
    middleware = middleware_for(tmp_path, sqlite_url)

    film = Request(FILM_URL, meta={RECORD_PAGE_META_KEY: True})
    middleware.process_request(film)
    assert film.headers[b"If-None-Match"] == VALIDATORS["ETag"].encode()
    assert film.headers[b"If-Modified-Since"] == VALIDATORS["Last-Modified"].encode()
    got = middleware.process_response(film, Response(FILM_URL, status=304, request=film))
    # a record page: the 304 itself, flagged, allowed past HttpErrorMiddleware
    assert isinstance(got, Response) and got.status == 304 and REVISIT_FLAG in got.flags
    assert 304 in film.meta["handle_httpstatus_list"]

    listing = Request(LISTING_URL)
    middleware.process_request(listing)
    got = middleware.process_response(listing, Response(LISTING_URL, status=304, request=listing))
    # a navigation page: the original replayed from the archive, gzip-encoded as a download
    # is (HttpCompressionMiddleware inflates it downstream)
    assert isinstance(got, Response) and got.status == 200 and REVISIT_FLAG in got.flags
    assert gzip.decompress(got.body) == PAGE
    assert got.headers[b"Content-Encoding"] == b"gzip"

    middleware.writer.close()
    stats = middleware.crawler.stats
    assert stats is not None and stats.get_value("archive/revisits/not_modified") == 2
    records = [r for p in middleware.writer.finished_files for r in all_records(p)]
    assert [t for t, _, _ in records] == ["warcinfo", "revisit", "request", "revisit", "request"]


def test_middleware_writes_an_identical_body_as_a_revisit_and_a_changed_one_in_full(
    tmp_path: Path, sqlite_url: str
) -> None:
    first_run(tmp_path, sqlite_url)
    middleware = middleware_for(tmp_path, sqlite_url)
    same = Request(FILM_URL, meta={RECORD_PAGE_META_KEY: True})
    got = middleware.process_response(same, full_response(FILM_URL, same))
    assert isinstance(got, Response) and REVISIT_FLAG in got.flags and got.status == 200

    changed = Request(LISTING_URL)
    headers = {"Content-Type": "text/html", "ETag": '"v2"'}
    new_page = HtmlResponse(LISTING_URL, body=b"<p>new</p>", headers=headers, request=changed)
    got = middleware.process_response(changed, new_page)
    assert isinstance(got, Response) and REVISIT_FLAG not in got.flags
    # the changed page is the URL's original from now on
    assert middleware.originals[LISTING_URL].etag == '"v2"'

    middleware.writer.close()
    kinds = [t for p in middleware.writer.finished_files for t, _, _ in all_records(p)]
    assert kinds == ["warcinfo", "revisit", "request", "response", "request"]
    stats = middleware.crawler.stats
    assert stats is not None
    assert stats.get_value("archive/revisits/identical_digest") == 1
    assert stats.get_value("archive/responses") == 1


def test_incremental_off_sends_no_validators(tmp_path: Path, sqlite_url: str) -> None:
    first_run(tmp_path, sqlite_url)
    crawler = get_crawler(
        settings_dict={
            "MIRROR_ARCHIVE_DIR": str(tmp_path / "warc"),
            "MIRROR_DATABASE_URL": sqlite_url,
            "MIRROR_PERSIST": True,
            "MIRROR_ARCHIVE_INCREMENTAL": False,
            "MIRROR_WARC_IN_PROCESS": True,
        }
    )
    middleware = WarcCaptureMiddleware.from_crawler(crawler)
    middleware.load_index()
    request = Request(FILM_URL)
    middleware.process_request(request)
    assert b"If-None-Match" not in request.headers


def test_startup_indexes_finished_files_the_index_lacks(tmp_path: Path, sqlite_url: str) -> None:
    # A file written without the index (as if its index write had failed).
    writer = RotatingWarcWriter(tmp_path / "warc", prefix="miff")
    writer.write_exchange(exchange(1))
    writer.close()
    (path,) = writer.finished_files
    middleware = middleware_for(tmp_path, sqlite_url)
    assert middleware.index is not None
    assert middleware.index.indexed_files() == {path.name}
    # No run is known to have stored the records of its pages: they are fetched in full.
    assert middleware.originals == {}
    stats = middleware.crawler.stats
    assert stats is not None and stats.get_value("archive/reconciled_files") == 1
