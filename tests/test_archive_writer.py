"""The rotating WARC writer and its CDXJ index, checked with warcio, gzip and pywb."""

from __future__ import annotations

import base64
import gzip
import hashlib
import itertools
import os
import shutil
import subprocess
import sys
import zlib
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator

from archive.gzip_member import gzip_member
from archive.http import HttpExchange, strip_transfer_encoding
from archive.indexer import cdxj_text, index_warc
from archive.writer import OPEN_SUFFIX, RotatingWarcWriter
from tests.crawl_helpers import PYWB_BIN

BIN = Path(sys.executable).parent
RESPONSE_HEAD = (
    b"HTTP/1.1 200 OK\r\nServer: synthetic\r\nContent-Type: text/html; charset=utf-8\r\n"
    b'Transfer-Encoding: chunked\r\nContent-Encoding: gzip\r\nETag: "e1-gz"\r\n'
    b"X-Odd:no-space\r\n\r\n"
)
NOT_MODIFIED_HEAD = b'HTTP/1.1 304 Not Modified\r\nETag: "e1-gz"\r\n\r\n'


def page(n: int) -> bytes:
    return f"<html><body><p>Synthetic film page {n}.</p></body></html>".encode()


def exchange(n: int) -> HttpExchange:
    url = f"http://127.0.0.1:8765/festival-archive/film/{n}"
    return HttpExchange(
        url=url,
        request_head=f"GET /festival-archive/film/{n} HTTP/1.1\r\nHost: 127.0.0.1:8765\r\n"
        "Accept-Encoding: gzip\r\n\r\n".encode(),
        response_head=RESPONSE_HEAD,
        response_body=gzip.compress(page(n), mtime=0),
        ip_address="127.0.0.1",
    )


def deterministic_writer(directory: Path, **options: object) -> RotatingWarcWriter:
    ticks = itertools.count()
    ids = itertools.count()
    start = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)

    def clock() -> datetime:
        return start + timedelta(seconds=next(ticks))

    def record_id() -> str:
        return f"<urn:uuid:00000000-0000-4000-8000-{next(ids):012d}>"

    return RotatingWarcWriter(
        directory,
        prefix="test",
        info={"software": "archive tests"},
        clock=clock,
        record_ids=record_id,
        **options,  # type: ignore[arg-type]
    )


def write_sample(directory: Path, count: int = 6, **options: object) -> RotatingWarcWriter:
    with deterministic_writer(directory, **options) as writer:
        first = writer.write_exchange(exchange(0))
        for n in range(1, count):
            writer.write_exchange(exchange(n))
        writer.write_revisit(first.url, NOT_MODIFIED_HEAD, first)
    return writer


def records(path: Path) -> Iterator[tuple[str, dict[str, str], bytes]]:
    """(type, WARC headers, raw block) of every record, as warcio reads them."""
    with path.open("rb") as stream:
        for record in ArchiveIterator(stream, no_record_parse=True):
            headers = dict(record.rec_headers.headers)
            yield record.rec_type, headers, record.raw_stream.read()


def gzip_members(path: Path) -> int:
    data, members = path.read_bytes(), 0
    while data:
        inflater = zlib.decompressobj(zlib.MAX_WBITS | 16)
        inflater.decompress(data)
        assert inflater.eof, "a truncated gzip member"
        data = inflater.unused_data
        members += 1
    return members


def test_identical_input_gives_identical_files(tmp_path: Path) -> None:
    first = write_sample(tmp_path / "a").finished_files
    second = write_sample(tmp_path / "b").finished_files
    assert [p.name for p in first] == [p.name for p in second]
    assert [p.read_bytes() for p in first] == [p.read_bytes() for p in second]


def test_files_rotate_by_size_and_each_starts_with_warcinfo(tmp_path: Path) -> None:
    writer = write_sample(tmp_path, count=12, max_file_bytes=2_000)
    files = writer.finished_files
    assert len(files) > 2
    for path in files:
        types = [rec_type for rec_type, _, _ in records(path)]
        assert types[0] == "warcinfo"
        assert types.count("warcinfo") == 1
        # rotation happens after the exchange that crossed the limit, never inside one
        assert types[1] in ("response", "revisit")
        pairs = [types[i : i + 2] for i, t in enumerate(types) if t == "response"]
        assert all(pair == ["response", "request"] for pair in pairs)
    for path in files[:-1]:
        assert path.stat().st_size >= 2_000
    assert sum(1 for p in files for t, _, _ in records(p) if t == "response") == 12


def test_every_record_is_its_own_gzip_member(tmp_path: Path) -> None:
    (path,) = write_sample(tmp_path).finished_files
    assert gzip_members(path) == len(list(records(path)))


def test_file_is_named_open_until_closed(tmp_path: Path) -> None:
    writer = deterministic_writer(tmp_path)
    writer.write_exchange(exchange(1))
    assert writer.open_path is not None and writer.open_path.name.endswith(OPEN_SUFFIX)
    assert list(tmp_path.glob("*.warc.gz")) == []
    writer.close()
    assert [p.name for p in tmp_path.glob("*.warc.gz")] == [writer.finished_files[0].name]
    assert list(tmp_path.glob("*" + OPEN_SUFFIX)) == []


def test_response_block_is_the_head_received_without_transfer_encoding_then_the_body(
    tmp_path: Path,
) -> None:
    (path,) = write_sample(tmp_path, count=1).finished_files
    blocks = [block for rec_type, _, block in records(path) if rec_type == "response"]
    sent = exchange(0)
    assert blocks == [strip_transfer_encoding(sent.response_head) + sent.response_body]
    assert b"X-Odd:no-space\r\n" in blocks[0]  # not re-serialised as "X-Odd: no-space"


def test_payload_digest_is_sha1_of_the_still_encoded_body(tmp_path: Path) -> None:
    (path,) = write_sample(tmp_path, count=1).finished_files
    (headers,) = [h for rec_type, h, _ in records(path) if rec_type == "response"]
    body = exchange(0).response_body
    expected = "sha1:" + base64.b32encode(hashlib.sha1(body).digest()).decode()
    assert headers["WARC-Payload-Digest"] == expected


def test_request_follows_its_response_and_names_it_concurrent(tmp_path: Path) -> None:
    (path,) = write_sample(tmp_path, count=3).finished_files
    found = list(records(path))
    pairs = [(a, b) for a, b in itertools.pairwise(found) if a[0] == "response"]
    assert len(pairs) == 3
    for (_, response, _), (rec_type, request, block) in pairs:
        assert rec_type == "request"
        assert request["WARC-Concurrent-To"] == response["WARC-Record-ID"]
        assert request["WARC-Target-URI"] == response["WARC-Target-URI"]
        assert block.startswith(b"GET /festival-archive/film/")


def test_revisit_refers_to_the_original_and_has_no_body(tmp_path: Path) -> None:
    (path,) = write_sample(tmp_path, count=2).finished_files
    found = list(records(path))
    (original,) = [
        h for t, h, _ in found if t == "response" and h["WARC-Target-URI"].endswith("/0")
    ]
    ((revisit, block),) = [(h, b) for t, h, b in found if t == "revisit"]
    assert revisit["WARC-Refers-To"] == original["WARC-Record-ID"]
    assert revisit["WARC-Refers-To-Target-URI"] == original["WARC-Target-URI"]
    assert revisit["WARC-Refers-To-Date"] == original["WARC-Date"]
    assert revisit["WARC-Payload-Digest"] == original["WARC-Payload-Digest"]
    assert revisit["WARC-Profile"].endswith("/warc/1.1/revisit/identical-payload-digest")
    assert block == NOT_MODIFIED_HEAD


def test_warcio_check_and_gzip_test_pass(tmp_path: Path) -> None:
    files = write_sample(tmp_path, count=8, max_file_bytes=3_000).finished_files
    check = subprocess.run(
        [str(BIN / "warcio"), "check", "-v", *map(str, files)], capture_output=True, text=True
    )
    assert check.returncode == 0, check.stdout + check.stderr
    assert "digest pass" in check.stdout
    for path in files:
        assert subprocess.run(["gzip", "-t", str(path)]).returncode == 0


def test_written_index_equals_a_reread_of_the_file(tmp_path: Path) -> None:
    writer = write_sample(tmp_path, count=8, max_file_bytes=3_000)
    for path in writer.finished_files:
        written = (writer.index_dir / (path.name + ".cdxj")).read_text()
        assert written == cdxj_text(index_warc(path))
        assert written  # responses and the revisit are indexed


@pytest.mark.skipif(
    shutil.which("cdx-indexer", path=str(PYWB_BIN)) is None
    and os.environ.get("MIRROR_REQUIRE_SERVICES") != "1",  # in CI: fail, not skip
    reason="pywb missing (`make test` installs it in .venv-pywb)",
)
def test_written_index_equals_pywbs_own_indexer(tmp_path: Path) -> None:
    writer = write_sample(tmp_path, count=8, max_file_bytes=3_000)
    for path in writer.finished_files:
        pywb = subprocess.run(
            [str(PYWB_BIN / "cdx-indexer"), "--cdxj", "--sort", path.name],
            cwd=path.parent,
            capture_output=True,
            text=True,
            check=True,
        )
        assert (writer.index_dir / (path.name + ".cdxj")).read_text() == pywb.stdout
    revisits = [line for p in writer.finished_files for line in index_lines(writer, p)]
    assert any('"mime": "warc/revisit"' in line for line in revisits)


def index_lines(writer: RotatingWarcWriter, path: Path) -> list[str]:
    return (writer.index_dir / (path.name + ".cdxj")).read_text().splitlines()


# (what a record may hold) -> any gzip reader gets it back from its one member
GZIP_MEMBER_INPUTS = [
    b"",
    b"WARC/1.1\r\nWARC-Type: request\r\n\r\nGET / HTTP/1.1\r\n\r\n",
    ("<p>Léto · Лето · 夏</p>" * 5000).encode(),  # plain HTML: compressible
    gzip.compress(os.urandom(1 << 20)),  # a gzip-encoded body: nothing left to squeeze
]


@pytest.mark.parametrize("data", GZIP_MEMBER_INPUTS, ids=["empty", "head", "html", "gzipped"])
def test_a_record_is_one_gzip_member_any_reader_inflates(data: bytes) -> None:
    member = gzip_member(data)
    assert gzip.decompress(member) == data
    inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
    assert inflater.decompress(member) == data and inflater.eof
    assert inflater.unused_data == b""  # exactly one member
    if data.startswith(b"<p>"):
        assert len(member) < len(data) / 20
