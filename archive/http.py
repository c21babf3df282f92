"""One HTTP exchange as bytes, and an HTTP head that is stored exactly as received.

warcio parses an HTTP head into :class:`~warcio.statusandheaders.StatusAndHeaders`
(readers, indexers and digests need the fields) and, when writing, serialises it again
as ``Name: value`` lines. That re-serialisation is not byte-faithful (a header sent as
``Name:value`` or folded over two lines comes back different), so :class:`RawHttpHead`
keeps the parsed fields for warcio but hands it the original bytes to store.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from http import HTTPStatus
from io import BytesIO

from warcio.statusandheaders import StatusAndHeaders, StatusAndHeadersParser

# Header lines are split on LF: Twisted (and browsers) accept bare-LF heads too.
_LINE = re.compile(rb"[^\n]*\n|[^\n]+$")
_HEAD_END = re.compile(rb"\r?\n\r?\n")


@dataclass(frozen=True, slots=True)
class HttpExchange:
    """One request and the response to it, as the archive stores them.

    ``response_head`` is the status line and headers as received (ending with the blank
    line); ``response_body`` is the entity body as transferred: still content-encoded
    (gzip stays gzip) but with the chunked transfer framing removed.
    """

    url: str
    request_head: bytes
    response_head: bytes
    response_body: bytes
    request_body: bytes = b""
    fetched_at: datetime | None = None  # when the request was sent; None: the writer's clock
    ip_address: str | None = None


class RawHttpHead(StatusAndHeaders):
    """An HTTP head parsed for warcio but serialised as the exact bytes it came from."""

    def __init__(self, raw: bytes, parsed: StatusAndHeaders) -> None:
        super().__init__(
            parsed.statusline,
            parsed.headers,
            protocol=parsed.protocol,
            total_len=parsed.total_len,
        )
        self.raw = raw
        self.headers_buff = raw

    @classmethod
    def parse(cls, raw: bytes) -> RawHttpHead:
        """Parse ``raw`` (status or request line, headers, blank line)."""
        parsed = StatusAndHeadersParser([], verify=False).parse(BytesIO(raw))
        return cls(raw, parsed)

    def compute_headers_buffer(self, header_filter: object = None) -> None:
        # warcio calls this just before writing and digesting: keep the bytes received.
        self.headers_buff = self.raw


def split_head(message: bytes) -> tuple[bytes, bytes]:
    """Split a raw HTTP message into (head including its blank line, body)."""
    match = _HEAD_END.search(message)
    if match is None:
        return message, b""
    return message[: match.end()], message[match.end() :]


def head_lines(head: bytes) -> list[bytes]:
    """The lines of a head, each with its own line ending."""
    return _LINE.findall(head)


def strip_transfer_encoding(head: bytes) -> bytes:
    """The head without its Transfer-Encoding field (and its continuation lines).

    The body is stored with the chunked framing removed, so a reader must not be told
    to de-chunk it; every other byte of the head is kept.
    """
    kept: list[bytes] = []
    dropping = False
    for line in head_lines(head):
        if line[:1] in (b" ", b"\t") and kept and line.strip():
            if not dropping:
                kept.append(line)
            continue
        name, colon, _ = line.partition(b":")
        dropping = bool(colon) and name.strip().lower() == b"transfer-encoding"
        if not dropping:
            kept.append(line)
    return b"".join(kept)


def status_code(head: bytes) -> int | None:
    """The status code of a response head, or None when the first line has none."""
    parts = head.split(b"\n", 1)[0].split(None, 2)
    if len(parts) >= 2 and parts[1].isdigit():
        return int(parts[1])
    return None


def reconstructed_response_head(
    protocol: str | None, status: int, headers: Iterable[tuple[bytes, list[bytes]]]
) -> bytes:
    """A response head rebuilt from parsed fields, when the wire bytes are unavailable.

    Used only for responses that did not come through :mod:`archive.wire` (another
    download handler, or a proxy tunnel): header names come out as the client library
    normalised them, and the reason phrase is the standard one for the status.
    """
    try:
        phrase = HTTPStatus(status).phrase
    except ValueError:
        phrase = ""
    lines = [f"{protocol or 'HTTP/1.1'} {status} {phrase}".rstrip().encode("latin-1")]
    for name, values in headers:
        if name.lower() == b"transfer-encoding":
            continue
        lines.extend(name + b": " + value for value in values)
    return b"\r\n".join(lines) + b"\r\n\r\n"


def reconstructed_request_head(
    method: str, target: str, host: str, headers: Iterable[tuple[bytes, list[bytes]]]
) -> bytes:
    """A request head rebuilt from the request's fields (see reconstructed_response_head)."""
    lines = [f"{method} {target} HTTP/1.1".encode("latin-1"), b"Host: " + host.encode("idna")]
    for name, values in headers:
        lines.extend(name + b": " + value for value in values)
    return b"\r\n".join(lines) + b"\r\n\r\n"
