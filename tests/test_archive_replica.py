"""The replica's chunked transfer option (`ReplicaServer(chunk_size=…)`, `--chunk-size`)."""

from __future__ import annotations

import socket
from collections.abc import Iterator

import pytest

from mirror.replica.server import ReplicaServer
from mirror.replica.site import ReplicaConfig, Site, build_site
from tests.archive_fixtures import dechunk
from tests.crawl_helpers import mirror

FILM = "/festival-archive/film/5977"


@pytest.fixture(scope="module")
def site() -> Site:
    return build_site(ReplicaConfig(films=20, seed=3))


@pytest.fixture(scope="module")
def plain(site: Site) -> Iterator[ReplicaServer]:
    with ReplicaServer(site) as running:
        yield running


@pytest.fixture(scope="module")
def chunked_by_100(site: Site) -> Iterator[ReplicaServer]:
    with ReplicaServer(site, chunk_size=100) as running:
        yield running


def raw_exchange(server: ReplicaServer, method: str, target: str, *headers: str) -> bytes:
    """The response bytes exactly as the server wrote them (Connection: close)."""
    lines = [f"{method} {target} HTTP/1.1", f"Host: {server.host}", "Connection: close", *headers]
    with socket.create_connection((server.host, server.port), timeout=10) as conn:
        conn.sendall(("\r\n".join(lines) + "\r\n\r\n").encode())
        received = b""
        while chunk := conn.recv(65536):
            received += chunk
    return received


def split(message: bytes) -> tuple[bytes, bytes]:
    head, _, body = message.partition(b"\r\n\r\n")
    return head, body


def test_chunked_server_sends_the_same_gzip_body_in_chunks(
    plain: ReplicaServer, chunked_by_100: ReplicaServer
) -> None:
    plain_head, plain_body = split(raw_exchange(plain, "GET", FILM, "Accept-Encoding: gzip"))
    head, framed = split(raw_exchange(chunked_by_100, "GET", FILM, "Accept-Encoding: gzip"))
    assert b"\r\nTransfer-Encoding: chunked" in head and b"Content-Length" not in head
    assert b"\r\nContent-Encoding: gzip" in head
    assert b"Content-Length" in plain_head
    body, sizes = dechunk(framed)
    assert body == plain_body and body[:2] == b"\x1f\x8b"
    assert set(sizes[:-2]) == {100} and 0 < sizes[-2] <= 100 and sizes[-1] == 0


def test_chunked_server_chunks_error_pages_and_sends_no_body_for_head(
    chunked_by_100: ReplicaServer,
) -> None:
    head, framed = split(raw_exchange(chunked_by_100, "GET", "/no/such/page"))
    assert head.startswith(b"HTTP/1.1 404") and b"Transfer-Encoding: chunked" in head
    assert b"Page not found" in dechunk(framed)[0]
    head_only = raw_exchange(chunked_by_100, "HEAD", FILM)
    assert head_only.endswith(b"\r\n\r\n") and b"Transfer-Encoding: chunked" in head_only


def test_chunk_size_must_be_positive(site: Site) -> None:
    with pytest.raises(ValueError, match="chunk_size"):
        ReplicaServer(site, chunk_size=0)
    result = mirror("replica", "serve", "--films", "1", "--chunk-size", "0")
    assert result.returncode == 2 and "--chunk-size" in result.stderr
