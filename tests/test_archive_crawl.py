"""A real crawl of a gzip + chunked replica with archiving on, read back by real readers.

Two crawls of the same 30-film site, served in 64-byte and 1000-byte chunks, by the
real ``miff`` spider under the project settings (tests/archive_fixtures.py).
"""

from __future__ import annotations

import gzip
import hashlib
import json
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from warcio.archiveiterator import ArchiveIterator

from archive.indexer import index_warc
from tests.archive_fixtures import crawl_with_archive

pytestmark = pytest.mark.slow

BIN = Path(sys.executable).parent
FILMS = 30
SMALL_CHUNKS, LARGE_CHUNKS = 64, 1000


@dataclass
class Crawl:
    directory: Path
    seen: dict[str, dict[str, Any]]  # what the spider received, by URL

    @property
    def files(self) -> list[Path]:
        return sorted(self.directory.glob("*.warc.gz"))

    def records(self) -> list[Any]:
        """Every record, parsed, with its block read (content_stream: still encoded)."""
        found = []
        for path in self.files:
            with path.open("rb") as stream:
                for record in ArchiveIterator(stream):
                    record.block = record.raw_stream.read()
                    found.append(record)
        return found


@pytest.fixture(scope="module")
def small_chunks(tmp_path_factory: pytest.TempPathFactory) -> Crawl:
    directory = tmp_path_factory.mktemp("warc-small-chunks")
    return Crawl(directory, crawl_with_archive(directory, films=FILMS, chunk_size=SMALL_CHUNKS))


@pytest.fixture(scope="module")
def large_chunks(tmp_path_factory: pytest.TempPathFactory) -> Crawl:
    directory = tmp_path_factory.mktemp("warc-large-chunks")
    return Crawl(directory, crawl_with_archive(directory, films=FILMS, chunk_size=LARGE_CHUNKS))


def test_warcio_check_and_gzip_test_pass_on_every_file(small_chunks: Crawl) -> None:
    assert small_chunks.files
    check = subprocess.run(
        [str(BIN / "warcio"), "check", *map(str, small_chunks.files)],
        capture_output=True,
        text=True,
    )
    assert check.returncode == 0, check.stdout + check.stderr
    for path in small_chunks.files:
        assert subprocess.run(["gzip", "-t", str(path)]).returncode == 0
    assert not list(small_chunks.directory.glob("*.open"))


def test_every_response_has_its_request_linked_by_concurrent_to(small_chunks: Crawl) -> None:
    records = small_chunks.records()
    assert records[0].rec_type == "warcinfo"
    responses = {
        r.rec_headers.get_header("WARC-Record-ID"): r for r in records if r.rec_type == "response"
    }
    requests = [r for r in records if r.rec_type == "request"]
    linked = {r.rec_headers.get_header("WARC-Concurrent-To") for r in requests}
    assert linked == set(responses)
    for request in requests:
        response = responses[request.rec_headers.get_header("WARC-Concurrent-To")]
        assert request.rec_headers.get_header("WARC-Target-URI") == response.rec_headers.get_header(
            "WARC-Target-URI"
        )


def test_every_response_the_spider_received_is_archived(small_chunks: Crawl) -> None:
    archived = {
        r.rec_headers.get_header("WARC-Target-URI")
        for r in small_chunks.records()
        if r.rec_type == "response"
    }
    assert set(small_chunks.seen) <= archived
    assert any("/festival-archive/film/" in url for url in archived)


def test_stored_gzip_chunked_page_inflates_to_exactly_what_the_spider_parsed(
    small_chunks: Crawl,
) -> None:
    checked = 0
    for record in small_chunks.records():
        if record.rec_type != "response":
            continue
        http = record.http_headers
        assert http.get_header("Transfer-Encoding") is None  # framing removed with the header
        if http.get_header("Content-Encoding") != "gzip":
            continue
        url = record.rec_headers.get_header("WARC-Target-URI")
        parsed = small_chunks.seen[url]
        # the stored payload is the gzip member the server sent, not inflated by us
        assert record.block[:2] == b"\x1f\x8b"
        assert hashlib.sha256(gzip.decompress(record.block)).hexdigest() == parsed["sha256"]
        checked += 1
    film_pages = sum("/festival-archive/film/" in url for url in small_chunks.seen)
    assert film_pages > 0 and checked >= film_pages


def test_stored_head_keeps_the_servers_header_case_and_order(small_chunks: Crawl) -> None:
    record = next(
        r
        for r in small_chunks.records()
        if r.rec_type == "response"
        and "/festival-archive/film/" in r.rec_headers.get_header("WARC-Target-URI")
    )
    names = [name for name, _ in record.http_headers.headers]
    # Scrapy would show "Etag" and no Server/Date order; the replica sends exactly this
    assert names == [
        "Server",
        "Date",
        "Content-Type",
        "Content-Encoding",
        "ETag",
        "Last-Modified",
        "Vary",
        "Cache-Control",
    ]
    assert record.http_headers.statusline == "200 OK"


def payload_digests(crawl: Crawl) -> dict[str, str]:
    return {
        urlsplit(r.rec_headers.get_header("WARC-Target-URI")).path: r.rec_headers.get_header(
            "WARC-Payload-Digest"
        )
        for r in crawl.records()
        if r.rec_type == "response"
    }


def test_payload_digests_do_not_depend_on_chunk_size(
    small_chunks: Crawl, large_chunks: Crawl
) -> None:
    small, large = payload_digests(small_chunks), payload_digests(large_chunks)
    assert small.keys() == large.keys()
    assert small == large


def test_cdxj_index_lists_every_capture(small_chunks: Crawl) -> None:
    index_files = sorted((small_chunks.directory / "indexes").glob("*.cdxj"))
    assert [p.name for p in index_files] == [p.name + ".cdxj" for p in small_chunks.files]
    indexed = set()
    for index in index_files:
        lines = index.read_text().splitlines()
        assert lines == sorted(lines)  # pywb binary-searches the file
        for line in lines:
            fields = json.loads(line.split(" ", 2)[2])
            indexed.add((fields["filename"], int(fields["offset"]), fields["url"]))
    reread = {(e.filename, e.offset, e.url) for p in small_chunks.files for e in index_warc(p)}
    assert indexed == reread
    archived_urls = {
        r.rec_headers.get_header("WARC-Target-URI")
        for r in small_chunks.records()
        if r.rec_type == "response"
    }
    assert {url for _, _, url in indexed} == archived_urls
