"""Pure functions of the archive: heads as bytes, and the replica's chunked framing."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from scrapy.http import Request, Response

from archive.http import (
    RawHttpHead,
    reconstructed_response_head,
    split_head,
    status_code,
    strip_transfer_encoding,
)
from archive.wire import WIRE_META_KEY, WireCapture
from mirror.replica.server import chunked
from scraper.middlewares import exchange_from
from tests.archive_fixtures import dechunk


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        (
            b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: chunked\r\n\r\n",
            b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n",
        ),
        (  # the name in any case, and its folded continuation line, go too
            b'HTTP/1.1 200 OK\r\ntransfer-ENCODING: gzip,\r\n  chunked\r\nETag: "x"\r\n\r\n',
            b'HTTP/1.1 200 OK\r\nETag: "x"\r\n\r\n',
        ),
        (  # other odd spacing is kept byte for byte
            b"HTTP/1.1 200 OK\r\nX-Odd:value \r\nX-Folded: a\r\n\tb\r\n\r\n",
            b"HTTP/1.1 200 OK\r\nX-Odd:value \r\nX-Folded: a\r\n\tb\r\n\r\n",
        ),
        (  # bare LF heads
            b"HTTP/1.1 200 OK\nTransfer-Encoding: chunked\nVary: Accept-Encoding\n\n",
            b"HTTP/1.1 200 OK\nVary: Accept-Encoding\n\n",
        ),
        (b"HTTP/1.0 404 Not Found\r\n\r\n", b"HTTP/1.0 404 Not Found\r\n\r\n"),
    ],
)
def test_strip_transfer_encoding_drops_only_that_field(head: bytes, expected: bytes) -> None:
    assert strip_transfer_encoding(head) == expected


@pytest.mark.parametrize(
    ("message", "head", "body"),
    [
        (b"GET / HTTP/1.1\r\nHost: a\r\n\r\n", b"GET / HTTP/1.1\r\nHost: a\r\n\r\n", b""),
        (
            b"POST / HTTP/1.1\r\nHost: a\r\n\r\nx=1\r\n\r\n",
            b"POST / HTTP/1.1\r\nHost: a\r\n\r\n",
            b"x=1\r\n\r\n",
        ),
        (b"HTTP/1.1 200 OK\n\nbody", b"HTTP/1.1 200 OK\n\n", b"body"),
    ],
)
def test_split_head_cuts_at_the_first_blank_line(message: bytes, head: bytes, body: bytes) -> None:
    assert split_head(message) == (head, body)


@pytest.mark.parametrize(
    ("head", "code"),
    [
        (b"HTTP/1.1 200 OK\r\n\r\n", 200),
        (b"HTTP/1.1 304\r\n\r\n", 304),
        (b"HTTP/1.1 100 Continue\r\n\r\n", 100),
        (b"garbage\r\n\r\n", None),
    ],
)
def test_status_code_of_a_head(head: bytes, code: int | None) -> None:
    assert status_code(head) == code


def test_raw_head_is_parsed_for_readers_but_serialised_as_received() -> None:
    raw = b'HTTP/1.1 200 Fine Thanks\r\nContent-Type:text/html\r\nETag: "a"\r\n\r\n'
    head = RawHttpHead.parse(raw)
    head.compute_headers_buffer()
    assert head.headers_buff == raw
    assert head.get_statuscode() == "200"
    assert head.get_header("content-type") == "text/html"


def test_reconstructed_head_uses_standard_phrase_and_drops_transfer_encoding() -> None:
    head = reconstructed_response_head(
        "HTTP/1.1",
        404,
        [(b"Content-Type", [b"text/html"]), (b"Transfer-Encoding", [b"chunked"])],
    )
    assert head == b"HTTP/1.1 404 Not Found\r\nContent-Type: text/html\r\n\r\n"


def test_exchange_uses_wire_bytes_when_the_handler_recorded_them() -> None:
    request = Request("http://example.test/a?b=1")
    wire = WireCapture(
        request=b"GET /a?b=1 HTTP/1.1\r\nHost: example.test\r\n\r\n",
        response_head=b"HTTP/1.1 200 OK\r\n\r\n",
        sent_at=datetime(2024, 5, 1, tzinfo=UTC),
    )
    request.meta[WIRE_META_KEY] = wire
    response = Response(request.url, body=b"\x1f\x8b gz", request=request)
    exchange, from_wire = exchange_from(request, response)
    assert from_wire
    assert exchange.request_head == wire.request
    assert exchange.response_head == wire.response_head
    assert exchange.response_body == b"\x1f\x8b gz"
    assert exchange.fetched_at == wire.sent_at
    assert WIRE_META_KEY not in request.meta  # not carried into a retry's copy


def test_exchange_is_rebuilt_when_no_wire_bytes_exist() -> None:
    request = Request("http://example.test/a?b=1", headers={"Accept": "text/html"})
    response = Response(
        request.url, status=200, headers={"Content-Type": "text/html"}, body=b"x", request=request
    )
    exchange, from_wire = exchange_from(request, response)
    assert not from_wire
    assert exchange.request_head.startswith(b"GET /a?b=1 HTTP/1.1\r\nHost: example.test\r\n")
    assert exchange.response_head == b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n"


@pytest.mark.parametrize(
    ("body", "chunk_size", "sizes"),
    [
        (b"abcdefghij", 4, [4, 4, 2, 0]),
        (b"abcd", 4, [4, 0]),
        (b"abc", 1000, [3, 0]),
        (b"", 7, [0]),
    ],
)
def test_replica_chunked_framing_round_trips(
    body: bytes, chunk_size: int, sizes: list[int]
) -> None:
    assert dechunk(chunked(body, chunk_size)) == (body, sizes)


def test_replica_chunked_framing_can_stop_before_the_last_chunk() -> None:
    assert chunked(b"abc", 2, last=False) == b"2\r\nab\r\n1\r\nc\r\n"
