"""Write the broken-WARC corpus next to this file: ``python tests/data/warc/make_corpus.py``.

Every file is derived from ``valid.warc.gz``, six records written by the project's own
writer with fixed ids and clock (warcinfo, two response/request pairs, a revisit),
each record its own gzip member. See README.md for what each file is for.
"""

from __future__ import annotations

import gzip
import itertools
import sys
import tempfile
import zlib
from datetime import UTC, datetime, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[2]))

from archive.http import HttpExchange  # noqa: E402
from archive.writer import RotatingWarcWriter  # noqa: E402

RESPONSE_HEAD = (
    b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n"
    b'Content-Encoding: gzip\r\nETag: "corpus"\r\n\r\n'
)
NOT_MODIFIED_HEAD = b'HTTP/1.1 304 Not Modified\r\nETag: "corpus"\r\n\r\n'


def synthetic_exchange(n: int) -> HttpExchange:
    body = f"<html><body><p>Synthetic corpus page {n}.</p></body></html>".encode()
    return HttpExchange(
        url=f"http://127.0.0.1:8765/festival-archive/film/{n}",
        request_head=(
            f"GET /festival-archive/film/{n} HTTP/1.1\r\nHost: 127.0.0.1:8765\r\n\r\n"
        ).encode(),
        response_head=RESPONSE_HEAD,
        response_body=gzip.compress(body, mtime=0),
        ip_address="127.0.0.1",
    )


def valid_warc() -> bytes:
    ticks, ids = itertools.count(), itertools.count()
    start = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)
    with tempfile.TemporaryDirectory() as scratch:
        writer = RotatingWarcWriter(
            Path(scratch),
            prefix="corpus",
            info={"software": "broken-WARC corpus"},
            clock=lambda: start + timedelta(seconds=next(ticks)),
            record_ids=lambda: f"<urn:uuid:00000000-0000-4000-8000-{next(ids):012d}>",
        )
        with writer:
            first = writer.write_exchange(synthetic_exchange(1))
            writer.write_exchange(synthetic_exchange(2))
            writer.write_revisit(first.url, NOT_MODIFIED_HEAD, first)
        (path,) = writer.finished_files
        return path.read_bytes()


def members(data: bytes) -> list[bytes]:
    """The raw gzip members of ``data``, in order."""
    found = []
    while data:
        inflater = zlib.decompressobj(zlib.MAX_WBITS | 16)
        inflater.decompress(data)
        size = len(data) - len(inflater.unused_data)
        found.append(data[:size])
        data = data[size:]
    return found


def corpus() -> dict[str, bytes]:
    valid = valid_warc()
    parts = members(valid)
    assert len(parts) == 6, len(parts)
    prefix = b"".join
    fifth = parts[4]
    sixth_record = gzip.decompress(parts[5])
    second_response = gzip.decompress(parts[1]).replace(b'"corpus"', b'"CORPUS"', 1)
    flipped = bytearray(parts[2])
    flipped[len(flipped) // 2] ^= 0xFF
    return {
        "valid.warc.gz": valid,
        "empty.warc.gz": b"",
        "cut-mid-gzip-member.warc.gz": prefix(parts[:4]) + fifth[: len(fifth) // 2],
        # a complete gzip member holding a record cut inside its block
        "cut-mid-record.warc.gz": prefix(parts[:5]) + gzip.compress(sixth_record[:-20], mtime=0),
        "garbage-appended.warc.gz": valid + b"\x00not gzip: bytes after the last record\n",
        "bit-flip.warc.gz": prefix(parts[:2]) + bytes(flipped) + prefix(parts[3:]),
        # a sound gzip member whose record's block no longer matches WARC-Block-Digest
        "digest-mismatch.warc.gz": parts[0]
        + gzip.compress(second_response, mtime=0)
        + prefix(parts[2:]),
        "not-a-warc.warc.gz": gzip.compress(b"<html>a page, not a WARC record</html>\n", mtime=0),
    }


if __name__ == "__main__":
    for name, data in corpus().items():
        (HERE / name).write_bytes(data)
        print(f"{name}: {len(data)} bytes")
