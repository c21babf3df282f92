"""CDXJ indexes in pywb's format, one per WARC file.

A line is ``SURT TIMESTAMP14 {json}`` with the JSON keys pywb's ``cdx-indexer --cdxj``
writes, in its order: ``url``, ``mime``, ``status`` (response records only), ``digest``
(payload digest without ``sha1:``), ``length`` and ``offset`` of the gzip member, and
``filename``. Response and revisit records are indexed (revisits with mime
``warc/revisit``), as pywb's own indexer does by default; warcinfo and request
records are not. Lines are sorted, so pywb can binary-search the file.

The writer builds entries for records it has just written (no re-reading);
:func:`index_warc` rebuilds them from any WARC file, for checks and recovery.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import surt
from warcio.archiveiterator import ArchiveIterator
from warcio.timeutils import iso_date_to_timestamp

INDEXED_RECORD_TYPES = frozenset({"response", "revisit"})
REVISIT_MIME = "warc/revisit"
INDEX_SUFFIX = ".cdxj"


@dataclass(frozen=True, slots=True)
class CdxjEntry:
    """One capture in the index: where its record sits in which WARC file."""

    url: str
    timestamp: str  # 14 digits, UTC
    mime: str
    status: str | None  # None for revisits, as in pywb
    digest: str | None  # base32 SHA-1 of the payload, without "sha1:"
    length: int  # bytes of the record's gzip member
    offset: int  # where that member starts in the file
    filename: str

    @property
    def urlkey(self) -> str:
        return str(surt.surt(self.url))

    def line(self) -> str:
        fields: dict[str, str] = {"url": self.url, "mime": self.mime}
        if self.status:
            fields["status"] = self.status
        if self.digest:
            fields["digest"] = self.digest
        fields.update(length=str(self.length), offset=str(self.offset), filename=self.filename)
        return f"{self.urlkey} {self.timestamp} {json.dumps(fields)}"


def entry_for_record(record: Any, offset: int, length: int, filename: str) -> CdxjEntry | None:
    """The index entry for a warcio record, or None for record types not indexed."""
    if record.rec_type not in INDEXED_RECORD_TYPES:
        return None
    headers = record.rec_headers
    http = record.http_headers
    if record.rec_type == "revisit":
        mime, status = REVISIT_MIME, None
    else:
        content_type = http.get_header("Content-Type") if http is not None else None
        mime = _mime(content_type)
        status = (http.get_statuscode() if http is not None else None) or None
        status = None if status == "-" else status
    digest = headers.get_header("WARC-Payload-Digest")
    if digest and digest.startswith("sha1:"):
        digest = digest[len("sha1:") :]
    return CdxjEntry(
        url=headers.get_header("WARC-Target-URI"),
        timestamp=iso_date_to_timestamp(headers.get_header("WARC-Date")),
        mime=mime,
        status=status,
        digest=digest or None,
        length=length,
        offset=offset,
        filename=filename,
    )


def _mime(content_type: str | None) -> str:
    if not content_type:
        return "unk"
    # pywb splits on the first ";" or space: "text/html; charset=utf-8" -> "text/html"
    for index, char in enumerate(content_type):
        if char in "; ":
            return content_type[:index]
    return content_type


def index_warc(path: Path, filename: str | None = None) -> list[CdxjEntry]:
    """Index every response and revisit record of a WARC file by reading it."""
    name = filename if filename is not None else path.name
    entries: list[CdxjEntry] = []
    with path.open("rb") as stream:
        records = ArchiveIterator(stream)
        for record in records:
            if record.rec_type not in INDEXED_RECORD_TYPES:
                continue
            offset = records.get_record_offset()
            records.read_to_end(record)
            entry = entry_for_record(record, offset, records.get_record_length(), name)
            if entry is not None:
                entries.append(entry)
    return entries


def cdxj_text(entries: Iterable[CdxjEntry]) -> str:
    """Sorted CDXJ lines, newline-terminated."""
    return sorted_cdxj(entry.line() for entry in entries)


def sorted_cdxj(lines: Iterable[str]) -> str:
    """Lines made by :meth:`CdxjEntry.line`, sorted and newline-terminated."""
    return "".join(line + "\n" for line in sorted(lines))


def write_cdxj(entries: Iterable[CdxjEntry], path: Path) -> Path:
    """Write a sorted CDXJ file atomically (a reader never sees half an index)."""
    return write_cdxj_lines((entry.line() for entry in entries), path)


def write_cdxj_lines(lines: Iterable[str], path: Path) -> Path:
    """:func:`write_cdxj` of lines already made by :meth:`CdxjEntry.line`."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".tmp")
    partial.write_text(sorted_cdxj(lines), encoding="utf-8")
    os.replace(partial, path)
    return path


def index_path_for(warc_path: Path, index_dir: Path) -> Path:
    """Where the index of one WARC file goes: ``index_dir/<warc name>.cdxj``."""
    return index_dir / (warc_path.name + INDEX_SUFFIX)


def index_directory(warc_dir: Path, index_dir: Path | None = None) -> list[Path]:
    """(Re)build the index of every finished WARC file in ``warc_dir``; the paths written."""
    target = index_dir if index_dir is not None else warc_dir / "indexes"
    written = []
    for warc in sorted(warc_dir.glob("*.warc.gz")):
        written.append(write_cdxj(index_warc(warc), index_path_for(warc, target)))
    return written
