"""Captures: the response and revisit records of our WARC files, as the digest index keeps them.

A re-crawl needs to know, for every URL, its latest *original* (a 200 response record
with its body): the validators to send (``ETag``, ``Last-Modified``), the payload digest
to compare a new body with, and where the record is, to refer to it from a revisit or to
replay it. :class:`CaptureRecord` is one indexed record (a row of the ``captures`` table,
see :mod:`db.captures`); the writer builds them as it writes, and :func:`read_captures`
rebuilds them from any finished file (a file recovered after a kill, or one whose index
write failed), from the same function, so both agree field for field.
"""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders

CAPTURE_RECORD_TYPES = frozenset({"response", "revisit"})
ORIGINAL_STATUS = 200


def payload_digest(body: bytes) -> str:
    """The WARC payload digest of a body as transferred, as warcio writes it (``sha1:B32``)."""
    return "sha1:" + base64.b32encode(hashlib.sha1(body).digest()).decode("ascii")


@dataclass(frozen=True, slots=True)
class CaptureRecord:
    """One response or revisit record of a WARC file."""

    url: str
    record_id: str
    record_type: str  # response | revisit
    warc_date: str
    payload_digest: str | None
    refers_to: str | None  # a revisit's original record id
    status: int | None  # None for a revisit without an HTTP head
    etag: str | None
    last_modified: str | None
    warc_filename: str
    warc_offset: int
    warc_length: int

    @property
    def is_original(self) -> bool:
        """A 200 response with its body: what later captures of the URL compare with."""
        return self.record_type == "response" and self.status == ORIGINAL_STATUS


@dataclass(frozen=True, slots=True)
class OriginalCapture:
    """The latest original capture of a URL: what a re-crawl validates against."""

    response_id: str
    url: str
    date: str  # WARC-Date of the response record
    payload_digest: str
    etag: str | None
    last_modified: str | None
    filename: str  # the WARC file's final name
    offset: int

    @classmethod
    def of(cls, capture: CaptureRecord) -> OriginalCapture:
        if not capture.is_original or capture.payload_digest is None:
            raise ValueError(f"{capture.record_id} is not an original capture")
        return cls(
            response_id=capture.record_id,
            url=capture.url,
            date=capture.warc_date,
            payload_digest=capture.payload_digest,
            etag=capture.etag,
            last_modified=capture.last_modified,
            filename=capture.warc_filename,
            offset=capture.warc_offset,
        )


def capture_of(record: Any, offset: int, length: int, filename: str) -> CaptureRecord | None:
    """The capture of a warcio record (written or read), or None for other record types."""
    if record.rec_type not in CAPTURE_RECORD_TYPES:
        return None
    headers = record.rec_headers
    http: StatusAndHeaders | None = record.http_headers
    status = None
    if http is not None and http.statusline:
        code = http.get_statuscode()
        status = int(code) if code and code.isdigit() else None
    return CaptureRecord(
        url=headers.get_header("WARC-Target-URI"),
        record_id=headers.get_header("WARC-Record-ID"),
        record_type=record.rec_type,
        warc_date=headers.get_header("WARC-Date"),
        payload_digest=headers.get_header("WARC-Payload-Digest"),
        refers_to=headers.get_header("WARC-Refers-To"),
        status=status,
        etag=_header(http, "ETag"),
        last_modified=_header(http, "Last-Modified"),
        warc_filename=filename,
        warc_offset=offset,
        warc_length=length,
    )


def read_captures(path: Path) -> list[CaptureRecord]:
    """Every capture of a finished WARC file, read back from it."""
    captures: list[CaptureRecord] = []
    with Path(path).open("rb") as stream:
        records = ArchiveIterator(stream)
        for record in records:
            if record.rec_type not in CAPTURE_RECORD_TYPES:
                continue
            offset = records.get_record_offset()
            records.read_to_end(record)
            capture = capture_of(record, offset, records.get_record_length(), Path(path).name)
            if capture is not None:
                captures.append(capture)
    return captures


def _header(http: Any, name: str) -> str | None:
    """A response header as text for the digest index, without NUL characters (a hostile
    server's ETag once held one, which PostgreSQL refuses in text)."""
    value = http.get_header(name) if http is not None else None
    return value.replace("\x00", "") if value is not None else None
