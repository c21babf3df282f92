"""archive/stored.py: read_stored_response on the broken-WARC corpus
(tests/data/warc/README.md): an intact response record is read as stored; anything else
is a ValueError (OSError for no file), never a warcio or zlib exception the replaying
middleware would not expect. And replayed_response: what the spider gets of it."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest
from scrapy.http import HtmlResponse, Response
from warcio.archiveiterator import ArchiveIterator

from archive.stored import StoredResponse, read_stored_response, replayed_response

CORPUS = Path(__file__).parent / "data" / "warc"


def member_offsets() -> list[int]:
    """Where each record (gzip member) of valid.warc.gz starts; the damaged files keep
    the offsets of the members before their damage."""
    with (CORPUS / "valid.warc.gz").open("rb") as stream:
        records = ArchiveIterator(stream)
        offsets = []
        for record in records:
            offsets.append(records.get_record_offset())
            record.raw_stream.read()
        return offsets


def test_intact_response_is_read_with_its_body_still_encoded() -> None:
    stored = read_stored_response(CORPUS / "valid.warc.gz", member_offsets()[1])
    assert stored.status == 200
    assert (b"Content-Encoding", b"gzip") in stored.headers
    assert gzip.decompress(stored.body).startswith(b"<html><body><p>Synthetic corpus page ")


@pytest.mark.parametrize(
    ("name", "member"),
    [
        ("valid.warc.gz", 3),  # a request record, not a response
        ("bit-flip.warc.gz", 3),  # its compressed data corrupted
        ("cut-mid-gzip-member.warc.gz", 5),  # the file ends inside the member
        ("cut-mid-record.warc.gz", 6),  # the record ends inside its block
        ("not-a-warc.warc.gz", 1),  # gzip, but no WARC record
        ("empty.warc.gz", 1),
    ],
)
def test_anything_but_an_intact_response_is_a_value_error(name: str, member: int) -> None:
    offset = member_offsets()[member - 1] if name != "empty.warc.gz" else 0
    with pytest.raises(ValueError):
        read_stored_response(CORPUS / name, offset)


def test_missing_file_is_an_os_error(tmp_path: Path) -> None:
    with pytest.raises(OSError):
        read_stored_response(tmp_path / "gone.warc.gz", 0)


# -- replayed_response ---------------------------------------------------------------------

URL = "http://127.0.0.1:8765/festival-archive/films/festival/1990"
BODY = gzip.compress(b"<html><body><p>A listing.</p></body></html>", mtime=0)


def stored(*headers: tuple[bytes, bytes]) -> StoredResponse:
    return StoredResponse(
        url=URL,
        status=200,
        protocol="HTTP/1.1",
        headers=list(headers),
        body=BODY,
        ip_address="127.0.0.1",
    )


def test_replay_drops_connection_headers_and_gives_the_length_of_the_body() -> None:
    """As Twisted and Scrapy's HTTP/1.1 handler do with the same bytes off the wire."""
    response = replayed_response(
        stored(
            (b"Content-Type", b"text/html; charset=utf-8"),
            (b"Connection", b"keep-alive"),
            (b"Keep-Alive", b"timeout=5"),
            (b"Content-Length", b"12"),  # what the server said of another body
            (b"Content-Encoding", b"gzip"),
            (b"Set-Cookie", b"a=1"),
            (b"Set-Cookie", b"b=2"),
        ),
        URL,
    )
    # Still encoded: HttpCompressionMiddleware picks the class once it has inflated it.
    assert type(response) is Response
    assert b"Connection" not in response.headers and b"Keep-Alive" not in response.headers
    assert response.headers[b"Content-Length"] == str(len(BODY)).encode()
    assert response.headers.getlist(b"Set-Cookie") == [b"a=1", b"b=2"]
    assert response.body == BODY  # still gzip: HttpCompressionMiddleware inflates it
    assert (str(response.ip_address), response.protocol) == ("127.0.0.1", "HTTP/1.1")


def test_replay_without_a_content_length_adds_none() -> None:
    response = replayed_response(stored((b"Content-Type", b"text/html")), URL)
    assert isinstance(response, HtmlResponse)
    assert b"Content-Length" not in response.headers


def test_replay_standing_in_for_a_304_keeps_that_exchanges_connection_facts() -> None:
    not_modified = Response(URL, status=304, ip_address=None, protocol="HTTP/1.0")
    response = replayed_response(
        stored((b"Content-Type", b"text/html")), URL, flags=["revisit"], connection=not_modified
    )
    assert response.status == 200 and response.flags == ["revisit"]
    assert (response.ip_address, response.protocol) == (None, "HTTP/1.0")
