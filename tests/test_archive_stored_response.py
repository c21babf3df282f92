"""read_stored_response on the broken-WARC corpus (tests/data/warc/README.md): an intact
response record is read as stored; anything else is a ValueError (OSError for no file),
never a warcio or zlib exception the replaying middleware would not expect."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator

from archive.captures import read_stored_response

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
    assert ("Content-Encoding", "gzip") in stored.headers
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
