"""A stored response: read from its WARC record, and replayed as the Response a spider gets.

The one replay path for stored pages. A re-crawl answers a 304, or a navigation page
not due under ``MIRROR_REVISIT_DAYS``, with the page's stored original
(scraper/middlewares.py); ``mirror reparse`` answers every request from the archive
(:class:`archive.replay.WarcReplayDownloadHandler`). Both read the record into a
:class:`StoredResponse` with the functions here and hand the spider
:func:`replayed_response` of it: the Response Scrapy's HTTP/1.1 download handler would
have built from the same bytes.

The head is parsed from the stored bytes here rather than by warcio, so header values
come back exactly as the server sent them (warcio re-decodes them as text). The body is
as transferred: still content-encoded (HttpCompressionMiddleware inflates it downstream,
as during the crawl), with the chunked framing removed (the writer stores it so, and
drops Transfer-Encoding from the head).

Why this module builds Scrapy objects: archive/ already holds Scrapy download handlers
(archive/wire.py, archive/replay.py), and the reparse handler must build the responses
itself; only our crawl package (scraper/) is off limits to archive/. So the function
lives below both of its users, and the middleware in scraper/ imports it.
"""

from __future__ import annotations

import ipaddress
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path
from typing import BinaryIO

from scrapy.http import Headers, Request, Response
from scrapy.responsetypes import responsetypes
from warcio.archiveiterator import ArchiveIterator

from archive.http import head_lines, split_head

_GZIP_WBITS = zlib.MAX_WBITS | 16  # one gzip member, CRC-32 checked
_CHUNK = 1 << 16  # bytes read at a time when the record's length is not known
# What Twisted keeps out of the headers Scrapy sees: the connection's, not the page's.
# Content-Length is set apart too, and Scrapy's handler gives it back as the length of
# the body it read (see replayed_response).
_CONNECTION_HEADERS = frozenset(
    {
        b"connection",
        b"keep-alive",
        b"proxy-connection",
        b"te",
        b"trailer",
        b"trailers",
        b"transfer-encoding",
        b"upgrade",
        b"content-length",
    }
)


class DamagedRecord(ValueError):
    """No intact WARC record (of the kind wanted) where one was expected."""


@dataclass(frozen=True, slots=True)
class StoredResponse:
    """A response as the archive holds it: the head's fields and the body as sent."""

    url: str
    status: int
    protocol: str
    headers: list[tuple[bytes, bytes]]  # in the server's order, connection headers kept
    body: bytes  # still content-encoded, chunked framing removed
    ip_address: str | None = None
    captured_at: str = ""  # 14 digits, UTC, when the index says; "" when not known
    through_revisit: bool = False  # reached through a revisit record pointing at it


@dataclass(frozen=True, slots=True)
class RawRecord:
    """One WARC record: its type, its WARC headers and its block (HTTP head and body)."""

    type: str
    headers: dict[str, str]
    block: bytes


# -- reading --------------------------------------------------------------------------------


def read_stored_response(path: Path, offset: int) -> StoredResponse:
    """The response record at `offset` of a WARC file.

    OSError when the file cannot be read; DamagedRecord (a ValueError) when no intact
    response record starts at `offset`.
    """
    with Path(path).open("rb") as stream:
        record = read_record(stream, offset)
    if record.type != "response":
        raise DamagedRecord(f"no response record at offset {offset} of {path}")
    return stored_response(record)


def read_record(stream: BinaryIO, offset: int, length: int | None = None) -> RawRecord:
    """The record in the gzip member at `offset` of `stream`: `length` bytes long when an
    index says so, else read up to the end of the member."""
    member = _read_member(stream, offset, length)
    try:
        record = next(iter(ArchiveIterator(BytesIO(member), no_record_parse=True)))
        block = record.raw_stream.read()
        headers = {name: value for name, value in record.rec_headers.headers}
    except Exception as error:  # warcio raises many kinds on malformed input
        # warcio's messages quote the undecodable bytes: the first 200 characters only
        detail = f"{type(error).__name__}: {str(error)[:200]}"
        raise DamagedRecord(f"not a WARC record ({detail})") from None
    declared = headers.get("Content-Length", "")
    if declared.isdigit() and len(block) < int(declared):
        raise DamagedRecord(f"the record ends {len(block)} bytes into its {declared}-byte block")
    return RawRecord(record.rec_type, headers, block)


def _read_member(stream: BinaryIO, offset: int, length: int | None) -> bytes:
    # Inflated here: warcio would take a damaged gzip member for an uncompressed WARC.
    stream.seek(offset)
    inflater = zlib.decompressobj(_GZIP_WBITS)
    parts: list[bytes] = []
    if length is not None:
        data = stream.read(length)
        if len(data) < length:
            raise DamagedRecord(f"the file ends {len(data)} bytes into its {length}-byte record")
        chunks: Iterable[bytes] = (data,)
    else:
        chunks = iter(lambda: stream.read(_CHUNK), b"")
    for chunk in chunks:
        try:
            parts.append(inflater.decompress(chunk))
        except zlib.error as error:
            raise DamagedRecord(f"not valid gzip ({error})") from None
        if inflater.eof:
            break
    if not inflater.eof:
        raise DamagedRecord("its gzip member is cut short")
    return b"".join(parts)


def stored_response(
    record: RawRecord, *, captured_at: str = "", through_revisit: bool = False
) -> StoredResponse:
    """The response a response record holds; DamagedRecord when its block has no HTTP
    status line."""
    head, body = split_head(record.block)
    protocol, status = _status_line(head)
    if status is None:
        raise DamagedRecord("the response has no HTTP status line")
    return StoredResponse(
        url=record.headers.get("WARC-Target-URI", ""),
        status=status,
        protocol=protocol,
        headers=_header_fields(head),
        body=body,
        ip_address=record.headers.get("WARC-IP-Address"),
        captured_at=captured_at,
        through_revisit=through_revisit,
    )


def _status_line(head: bytes) -> tuple[str, int | None]:
    parts = head.split(b"\n", 1)[0].split(None, 2)
    protocol = parts[0].decode("latin-1") if parts else "HTTP/1.1"
    if len(parts) >= 2 and parts[1].isdigit():
        return protocol, int(parts[1])
    return protocol, None


def _header_fields(head: bytes) -> list[tuple[bytes, bytes]]:
    """``(name, value)`` pairs of a head, folded continuation lines joined with a space."""
    fields: list[tuple[bytes, bytes]] = []
    for line in head_lines(head)[1:]:
        if not line.strip():
            continue
        if line[:1] in (b" ", b"\t") and fields:
            name, value = fields[-1]
            fields[-1] = (name, value + b" " + line.strip())
            continue
        name, colon, value = line.partition(b":")
        if colon:
            fields.append((name.strip(), value.strip()))
    return fields


# -- replaying ------------------------------------------------------------------------------


def replayed_response(
    stored: StoredResponse,
    url: str,
    *,
    request: Request | None = None,
    flags: Iterable[str] = (),
    connection: Response | None = None,
) -> Response:
    """The Response Scrapy's HTTP/1.1 handler would have built from the stored bytes, at
    `url`: connection-level headers dropped, Content-Length the body's length when the
    server sent one, the response class chosen from headers, URL and body.

    `connection`: the live response this one stands in for (a 304), whose certificate,
    IP address and protocol are this exchange's; without one, the record's.
    """
    headers = Headers()
    had_length = False
    for name, value in stored.headers:
        lowered = name.lower()
        if lowered == b"content-length":
            had_length = True
        elif lowered not in _CONNECTION_HEADERS:
            headers.appendlist(name, value)
    if had_length:
        headers[b"Content-Length"] = str(len(stored.body)).encode()
    response_class = responsetypes.from_args(headers=headers, url=url, body=stored.body)
    if connection is not None:
        ip_address = connection.ip_address
        protocol = connection.protocol
    else:
        ip_address = _ip_address(stored.ip_address)
        protocol = stored.protocol
    return response_class(
        url=url,
        status=stored.status,
        headers=headers,
        body=stored.body,
        flags=list(flags),
        request=request,
        certificate=connection.certificate if connection is not None else None,
        ip_address=ip_address,
        protocol=protocol,
    )


def _ip_address(text: str | None) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    if not text:
        return None
    try:
        return ipaddress.ip_address(text)
    except ValueError:
        return None
