"""Find where a gzip-per-record WARC file stops being valid, without changing it.

A crawl killed mid-write leaves a ``.warc.gz.open`` file whose end is wherever the
last buffered write stopped: usually inside a gzip member, sometimes after a member
whose record is cut short. Our writer puts every record in its own gzip member, so
the file is valid up to a member boundary, and :func:`check_warc` finds the last one.

The file is walked member by member with zlib (which checks each member's CRC-32
and length trailer), and each member is parsed by warcio as exactly one WARC record
that fills the member (WARC headers, Content-Length bytes of block, CRLF CRLF) and
whose block and payload digests (when present) verify. The first member that fails
ends the valid prefix; everything from there on is the tail: ``truncated`` when the
bytes stop inside a gzip member or inside the record a member holds, ``corrupt``
for anything else (bytes that are not gzip, a member that is not one valid record).
Nothing after a bad member is trusted, even if it parses again.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path
from typing import Any, BinaryIO, Literal

from warcio.archiveiterator import ArchiveIterator

TailState = Literal["none", "truncated", "corrupt"]

_READ_BYTES = 1 << 20
_GZIP_WBITS = zlib.MAX_WBITS | 16  # gzip header and trailer, CRC-32 checked
_HEAD_END = b"\r\n\r\n"
_RECORD_END = b"\r\n\r\n"  # the two CRLFs that close every WARC record


@dataclass(frozen=True, slots=True)
class WarcCheck:
    """What :func:`check_warc` found in one file."""

    path: Path
    size: int  # bytes in the file
    records: int  # complete, valid records before the first problem
    good_end: int  # offset just past the last valid record's gzip member (0 if none)
    last_record_offset: int | None  # where that last valid record's member starts
    tail: TailState  # what the bytes from good_end to the end are
    problem: str | None  # why the tail is bad, for people (None when tail == "none")

    @property
    def tail_bytes(self) -> int:
        return self.size - self.good_end

    @property
    def is_valid(self) -> bool:
        """Every byte belongs to a complete, valid record (an empty file is valid)."""
        return self.tail == "none"


@dataclass(frozen=True, slots=True)
class _Member:
    offset: int
    length: int
    data: bytes  # inflated


@dataclass(frozen=True, slots=True)
class _BadMember:
    offset: int
    tail: TailState
    problem: str


def check_warc(path: Path) -> WarcCheck:
    """Walk a ``.warc.gz`` (or ``.warc.gz.open``) file and report its valid prefix."""
    path = Path(path)
    size = path.stat().st_size
    records, good_end, last_offset = 0, 0, None
    with path.open("rb") as stream:
        for member in _gzip_members(stream):
            if isinstance(member, _BadMember):
                return WarcCheck(
                    path, size, records, good_end, last_offset, member.tail, member.problem
                )
            fault = record_fault(member.data)
            if fault is not None:
                tail, problem = fault
                problem = f"gzip member at offset {member.offset}: {problem}"
                return WarcCheck(path, size, records, good_end, last_offset, tail, problem)
            records += 1
            last_offset = member.offset
            good_end = member.offset + member.length
    return WarcCheck(path, size, records, good_end, last_offset, "none", None)


def _gzip_members(stream: BinaryIO) -> Iterator[_Member | _BadMember]:
    """Each gzip member in turn; a final _BadMember if the bytes stop being gzip."""
    offset = 0
    pending = b""
    while True:
        if not pending:
            pending = stream.read(_READ_BYTES)
            if not pending:
                return  # ended exactly on a member boundary
        inflater = zlib.decompressobj(_GZIP_WBITS)
        inflated: list[bytes] = []
        length = 0
        try:
            while not inflater.eof:
                if not pending:
                    pending = stream.read(_READ_BYTES)
                    if not pending:
                        yield _BadMember(
                            offset,
                            "truncated",
                            f"the file ends inside the gzip member at offset {offset}",
                        )
                        return
                inflated.append(inflater.decompress(pending))
                left_over = inflater.unused_data if inflater.eof else b""
                length += len(pending) - len(left_over)
                pending = left_over
        except zlib.error as error:
            yield _BadMember(offset, "corrupt", f"no valid gzip member at offset {offset}: {error}")
            return
        yield _Member(offset, length, b"".join(inflated))
        offset += length


def record_fault(data: bytes) -> tuple[TailState, str] | None:
    """Why ``data`` (one inflated gzip member) is not exactly one valid WARC record.

    ``truncated`` when the member holds the start of a record and then stops short,
    ``corrupt`` for anything else; None when it is one valid record.
    """
    head_end = data.find(_HEAD_END)
    if not data.startswith(b"WARC/"):
        return "corrupt", "not a WARC record"
    if head_end < 0:
        return "truncated", "the member ends inside the record's WARC headers"
    try:
        records = ArchiveIterator(BytesIO(data), check_digests=True)
        record = next(iter(records))
        block_length = _content_length(record)
        if block_length is None:
            return "corrupt", "the record has no valid Content-Length"
        expected = head_end + len(_HEAD_END) + block_length + len(_RECORD_END)
        if len(data) < expected:
            return "truncated", f"the record is cut at {len(data)} of {expected} bytes"
        if len(data) > expected or not data.endswith(_RECORD_END):
            return "corrupt", f"the member holds {len(data)} bytes, its record {expected}"
        # Reading the block to its end is what makes warcio compare the digests.
        while record.raw_stream.read(_READ_BYTES):
            pass
    except StopIteration:
        return "corrupt", "not a WARC record"
    except Exception as error:  # warcio raises many kinds on malformed input
        return "corrupt", f"unreadable WARC record: {type(error).__name__}: {error}"
    if record.digest_checker.passed is False:
        return "corrupt", "; ".join(record.digest_checker.problems)
    return None


def _content_length(record: Any) -> int | None:
    value = record.rec_headers.get_header("Content-Length")
    try:
        length = int(value)
    except (TypeError, ValueError):
        return None
    return length if length >= 0 else None
