"""A rotating WARC/1.1 writer on top of warcio.

- Every file starts with a warcinfo record; every record is its own gzip member, so a
  reader can seek to any record (warcio serialises it, archive/gzip_member.py
  compresses it).
- A file is written as ``NAME.warc.gz.open`` and renamed to ``NAME.warc.gz`` when it
  is closed: a finished name always means a complete file. A file is closed once it
  has reached ``max_file_bytes`` (checked after each record, so a file exceeds the
  limit by at most one exchange) or when the writer closes.
- When a file is closed its CDXJ index is written to ``index_dir`` from the offsets
  recorded while writing (no second pass over the file).
- Record ids and dates come from injectable callables, so tests get byte-identical
  files from identical input.
- Each written exchange goes to the ``on_written`` hook as well as back to the caller
  (:class:`WrittenExchange`: where its response record is).
- Once a file is finished (fsynced, renamed, its directory entry fsynced) the
  ``on_finished`` hook gets its captures (:class:`archive.captures.CaptureRecord`): the
  digest index is written from there, never before the records are safely on disk.
- Revisits: :meth:`RotatingWarcWriter.write_revisit_exchange` writes an
  identical-payload-digest or a server-not-modified revisit with its request record.
- An exchange's record ids, date and payload digest can be decided before it is
  written (:meth:`RotatingWarcWriter.plan`, :class:`PlannedExchange`): the writer
  process (:mod:`archive.writer_process`) lets the crawl know what a revisit will refer
  to at once, and only where the record went (file, offset) comes back later.

warcio serialises every record; this module only decides what goes in which file.
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from io import BytesIO
from pathlib import Path
from typing import Any, BinaryIO, Literal, Protocol

from warcio.timeutils import datetime_to_iso_date
from warcio.warcwriter import WARCWriter

from archive.captures import CaptureRecord, capture_of, payload_digest
from archive.gzip_member import gzip_member
from archive.http import HttpExchange, RawHttpHead, strip_transfer_encoding
from archive.indexer import entry_for_record, index_path_for, write_cdxj_lines

DEFAULT_MAX_FILE_BYTES = 1_000_000_000  # Heritrix's default
WARC_VERSION = "WARC/1.1"
OPEN_SUFFIX = ".open"
WARC_SUFFIX = ".warc.gz"
# A record's gzip member reaches the OS in one write (then flushed: see `_write`).
_FILE_BUFFER_BYTES = 1 << 20
IDENTICAL_PAYLOAD_DIGEST = "http://netpreserve.org/warc/1.1/revisit/identical-payload-digest"
SERVER_NOT_MODIFIED = "http://netpreserve.org/warc/1.1/revisit/server-not-modified"
RevisitProfile = Literal["identical-payload-digest", "server-not-modified"]


def utc_now() -> datetime:
    return datetime.now(UTC)


def new_record_id() -> str:
    """A fresh ``<urn:uuid:…>`` record id: a random (version 4) UUID, as warcio makes
    them, formatted here because building a ``uuid.UUID`` for it took most of the 5 us
    that each of a crawled page's two ids cost the crawl's reactor thread."""
    random = bytearray(os.urandom(16))
    random[6] = random[6] & 0x0F | 0x40  # version 4
    random[8] = random[8] & 0x3F | 0x80  # the RFC 4122 variant
    h = random.hex()
    return f"<urn:uuid:{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}>"


def warc_date(moment: datetime) -> str:
    """A WARC/1.1 date: UTC, microseconds, ``Z``."""
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC).replace(tzinfo=None)
    return str(datetime_to_iso_date(moment, use_micros=True))


@dataclass(frozen=True, slots=True)
class PlannedExchange:
    """What an exchange's records will say, decided before they are written: all a
    revisit refers to, but not yet where the response went."""

    response_id: str
    request_id: str
    url: str
    date: str  # WARC-Date of both records
    payload_digest: str  # as warcio will write it (archive.captures.payload_digest)


@dataclass(frozen=True, slots=True)
class WrittenExchange:
    """Where a response went: what a later revisit record refers to."""

    response_id: str
    request_id: str
    url: str
    date: str  # WARC-Date of the response record
    payload_digest: str  # "sha1:BASE32", of the body as transferred (still content-encoded)
    path: Path  # the file's final name (it may still be open under NAME.open)
    offset: int


class RevisitTarget(Protocol):
    """What a revisit refers to: a WrittenExchange, or an original from the digest index."""

    @property
    def response_id(self) -> str: ...
    @property
    def url(self) -> str: ...
    @property
    def date(self) -> str: ...
    @property
    def payload_digest(self) -> str: ...


@dataclass(frozen=True, slots=True)
class FinishedWarc:
    """A file that is complete on disk under its final name, and its captures."""

    path: Path
    captures: list[CaptureRecord]


@dataclass
class _OpenFile:
    final_path: Path
    open_path: Path
    stream: BinaryIO
    warc: WARCWriter  # makes records, and serialises each into `scratch`, uncompressed
    scratch: BytesIO
    # Each record's index line, made as it is written: SURT keys and JSON for a whole
    # file at its close kept a 12,000-film crawl waiting about 0.3 s for its end.
    index_lines: list[str] = field(default_factory=list)
    captures: list[CaptureRecord] = field(default_factory=list)


class RotatingWarcWriter:
    """Write HTTP exchanges to gzip-per-record WARC/1.1 files that rotate by size.

    >>> writer = RotatingWarcWriter(Path("warc"), prefix="miff")
    >>> writer.write_exchange(exchange)       # response + request, linked
    >>> writer.close()                        # finish the file and its CDXJ index
    """

    def __init__(
        self,
        directory: Path,
        *,
        prefix: str = "crawl",
        max_file_bytes: int = DEFAULT_MAX_FILE_BYTES,
        info: Mapping[str, str] | None = None,
        index_dir: Path | None = None,
        clock: Callable[[], datetime] = utc_now,
        record_ids: Callable[[], str] = new_record_id,
        on_finished: Callable[[FinishedWarc], None] | None = None,
        on_written: Callable[[WrittenExchange], None] | None = None,
    ) -> None:
        self.directory = Path(directory)
        self.prefix = prefix
        self.max_file_bytes = max(1, max_file_bytes)
        self.info = dict(info or {})
        self.index_dir = Path(index_dir) if index_dir is not None else self.directory / "indexes"
        self.clock = clock
        self.record_ids = record_ids
        self.on_finished = on_finished
        self.on_written = on_written
        self.finished_files: list[Path] = []
        self._serial = 0
        self._current: _OpenFile | None = None

    # -- public ---------------------------------------------------------------------------

    def plan(self, exchange: HttpExchange) -> PlannedExchange:
        """The ids, date and payload digest :meth:`write_exchange` gives this exchange."""
        return plan_exchange(exchange, self.record_ids, self.clock)

    def write_exchange(
        self, exchange: HttpExchange, planned: PlannedExchange | None = None
    ) -> WrittenExchange:
        """Write the response record, then the request record pointing at it, with the
        ids and date of `planned` (made by :meth:`plan` or :func:`plan_exchange`)."""
        current = self._file()
        if planned is None:
            date = warc_date(exchange.fetched_at or self.clock())
            response_id, request_id = self.record_ids(), self.record_ids()
        else:
            date, response_id, request_id = planned.date, planned.response_id, planned.request_id
        response_fields = {"WARC-Record-ID": response_id, "WARC-Date": date}
        if exchange.ip_address:
            response_fields["WARC-IP-Address"] = exchange.ip_address
        body = exchange.response_body
        response = current.warc.create_warc_record(
            exchange.url,
            "response",
            payload=BytesIO(body),
            length=len(body),
            http_headers=RawHttpHead.parse(strip_transfer_encoding(exchange.response_head)),
            warc_headers_dict=response_fields,
        )
        request = self._request_record(current, exchange, response_id, date, request_id)
        offset = self._write(current, response)
        self._write(current, request)
        written = WrittenExchange(
            response_id=response_id,
            request_id=request_id,
            url=exchange.url,
            date=date,
            payload_digest=response.rec_headers.get_header("WARC-Payload-Digest"),
            path=current.final_path,
            offset=offset,
        )
        if self.on_written is not None:
            self.on_written(written)
        self._rotate_if_full(current)
        return written

    def write_revisit(
        self,
        url: str,
        response_head: bytes,
        original: RevisitTarget,
        *,
        fetched_at: datetime | None = None,
    ) -> str:
        """An identical-payload-digest revisit: the head as received, no body; its id."""
        current = self._file()
        record = self._revisit_record(
            current,
            url,
            response_head,
            original,
            "identical-payload-digest",
            {"WARC-Date": warc_date(fetched_at or self.clock())},
        )
        self._write(current, record)
        self._rotate_if_full(current)
        return str(record.rec_headers.get_header("WARC-Record-ID"))

    def write_revisit_exchange(
        self, exchange: HttpExchange, original: RevisitTarget, profile: RevisitProfile
    ) -> str:
        """A revisit record for this exchange, then its request record; the revisit's id.

        ``identical-payload-digest``: a 200 whose body has the original's digest; the
        head is stored as received, the body is not. ``server-not-modified``: a 304; the
        record has no block at all. pywb replays a revisit with the HTTP head it finds in
        it, so a stored 304 head would replay as an empty 304: without one, pywb replays
        the original's head and body, which is what the server said is still current.
        """
        current = self._file()
        date = warc_date(exchange.fetched_at or self.clock())
        fields = {"WARC-Date": date}
        if exchange.ip_address:
            fields["WARC-IP-Address"] = exchange.ip_address
        head = exchange.response_head if profile == "identical-payload-digest" else None
        revisit = self._revisit_record(current, exchange.url, head, original, profile, fields)
        revisit_id = str(revisit.rec_headers.get_header("WARC-Record-ID"))
        request = self._request_record(current, exchange, revisit_id, date)
        self._write(current, revisit)
        self._write(current, request)
        self._rotate_if_full(current)
        return revisit_id

    def sync(self) -> None:
        """Nothing to wait for: records are written as they are submitted (the writer
        process's :meth:`~archive.writer_process.WarcWriterProcess.sync` waits)."""

    def path_of(self, filename: str) -> Path:
        """Where a file this writer wrote (or found finished) can be read now.

        The open file is flushed first, so a record written this run can be read back.
        """
        current = self._current
        if current is not None and current.final_path.name == filename:
            current.stream.flush()
            return current.open_path
        return self.directory / filename

    def close(self) -> None:
        """Finish the open file (rename it, write its index). Safe to call twice."""
        if self._current is not None:
            self._finish(self._current)

    def abandon(self) -> None:
        """Leave the open file as a killed run would, under its ``.open`` name, but with
        every record written so far on disk: the writer's crawl died, and the next run's
        recovery (archive/recovery.py) finishes the file under the run lock."""
        current, self._current = self._current, None
        if current is not None:
            current.stream.close()  # flushes the buffered records

    @property
    def open_path(self) -> Path | None:
        return self._current.open_path if self._current is not None else None

    def __enter__(self) -> RotatingWarcWriter:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # -- records --------------------------------------------------------------------------

    def _request_record(
        self,
        current: _OpenFile,
        exchange: HttpExchange,
        concurrent_to: str,
        date: str,
        record_id: str | None = None,
    ) -> Any:
        request = current.warc.create_warc_record(
            exchange.url,
            "request",
            payload=BytesIO(exchange.request_body),
            length=len(exchange.request_body),
            http_headers=RawHttpHead.parse(exchange.request_head),
            warc_headers_dict={"WARC-Record-ID": record_id or self.record_ids(), "WARC-Date": date},
        )
        # Written after its response or revisit, naming it (warcio's pairing).
        request.rec_headers.add_header("WARC-Concurrent-To", concurrent_to)
        return request

    def _revisit_record(
        self,
        current: _OpenFile,
        url: str,
        response_head: bytes | None,
        original: RevisitTarget,
        profile: RevisitProfile,
        fields: dict[str, str],
    ) -> Any:
        record = current.warc.create_revisit_record(
            url,
            original.payload_digest,
            original.url,
            original.date,
            http_headers=(
                RawHttpHead.parse(strip_transfer_encoding(response_head))
                if response_head is not None
                else None
            ),
            warc_headers_dict={
                "WARC-Record-ID": self.record_ids(),
                **fields,
                "WARC-Refers-To": original.response_id,
            },
        )
        if profile == "server-not-modified":
            record.rec_headers.replace_header("WARC-Profile", SERVER_NOT_MODIFIED)
        return record

    # -- files ----------------------------------------------------------------------------

    def _file(self) -> _OpenFile:
        if self._current is None:
            self._current = self._open_next()
        return self._current

    def _open_next(self) -> _OpenFile:
        self.directory.mkdir(parents=True, exist_ok=True)
        stamp = self.clock().astimezone(UTC).strftime("%Y%m%d%H%M%S%f")[:17]
        while True:
            name = f"{self.prefix}-{stamp}-{self._serial:05d}{WARC_SUFFIX}"
            self._serial += 1
            final = self.directory / name
            open_path = final.with_name(name + OPEN_SUFFIX)
            if not final.exists() and not open_path.exists():
                break
        stream = open(open_path, "xb", buffering=_FILE_BUFFER_BYTES)  # noqa: SIM115
        # Held until the file is finished or abandoned, and by the kernel until this
        # process is gone: a killed crawl's writer process still flushes its last records,
        # and the next run's recovery waits for this lock (archive/recovery.py).
        fcntl.flock(stream.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        scratch = BytesIO()
        warc = WARCWriter(scratch, gzip=False, warc_version=WARC_VERSION)
        opened = _OpenFile(final, open_path, stream, warc, scratch)
        info = warc.create_warcinfo_record(name, self.info)
        info.rec_headers.replace_header("WARC-Record-ID", self.record_ids())
        info.rec_headers.replace_header("WARC-Date", warc_date(self.clock()))
        self._write(opened, info)
        return opened

    def _write(self, target: _OpenFile, record: Any) -> int:
        offset = target.stream.tell()
        target.scratch.seek(0)
        target.scratch.truncate()
        target.warc.write_record(record)
        target.stream.write(gzip_member(target.scratch.getvalue()))
        # In the OS's hands once written (as warcio's own gzip writer left it): a writer
        # process killed later loses no record it wrote.
        target.stream.flush()
        length, name = target.stream.tell() - offset, target.final_path.name
        entry = entry_for_record(record, offset, length, name)
        if entry is not None:
            target.index_lines.append(entry.line())
        capture = capture_of(record, offset, length, name)
        if capture is not None:
            target.captures.append(capture)
        return offset

    def _rotate_if_full(self, target: _OpenFile) -> None:
        if target.stream.tell() >= self.max_file_bytes:
            self._finish(target)

    def _finish(self, target: _OpenFile) -> None:
        self._current = None
        target.stream.flush()
        os.fsync(target.stream.fileno())
        target.stream.close()
        os.replace(target.open_path, target.final_path)
        fsync_directory(target.final_path.parent)
        write_cdxj_lines(target.index_lines, index_path_for(target.final_path, self.index_dir))
        self.finished_files.append(target.final_path)
        if self.on_finished is not None:
            self.on_finished(FinishedWarc(target.final_path, target.captures))


def plan_exchange(
    exchange: HttpExchange,
    record_ids: Callable[[], str] = new_record_id,
    clock: Callable[[], datetime] = utc_now,
) -> PlannedExchange:
    """An exchange's record ids, WARC-Date and payload digest, before it is written."""
    return PlannedExchange(
        response_id=record_ids(),
        request_id=record_ids(),
        url=exchange.url,
        date=warc_date(exchange.fetched_at or clock()),
        payload_digest=payload_digest(exchange.response_body),
    )


def fsync_directory(directory: Path) -> None:
    """Make a rename in ``directory`` durable (a no-op where directories can't be opened)."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
