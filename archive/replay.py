"""Answer a crawl's requests from its WARC files: the reader and the download handler.

:class:`ArchiveReader` maps each URL to its latest capture across every finished
``*.warc.gz`` of an archive directory (``.open`` files belong to a live or killed run
and ``quarantine/`` holds cut tails: both are ignored). "Latest" is write order: files
by the open time and serial in their names, records by offset, so two captures in the
same second still sort correctly. The per-file CDXJ indexes give the captures when
they are trustworthy (not older than their WARC, and no entry past its end); any other
file is checked (:func:`archive.checker.check_warc`, since warcio stops quietly at a
cut) and indexed by reading it. A damaged file is an :class:`ArchiveError`, never a
silently shorter archive. Nothing in the directory is written.

A revisit record (identical-payload-digest or server-not-modified) means "the same
content as an earlier capture": it is resolved to that response record, by its
``WARC-Refers-To`` record id, else by URL and payload digest, else (a 304 without a
digest) by ``WARC-Refers-To-Date`` or the latest earlier response of that URL. The
response replayed is that original's status line, headers and body. A revisit whose
original is gone is an error, never an older body.

Records are read lazily, one gzip member at a time, by (file, offset), into the
:class:`~archive.stored.StoredResponse` that :func:`archive.stored.replayed_response`
turns into what the spider gets: the same path as a re-crawl's answers from the archive.

:class:`WarcReplayDownloadHandler` is a Scrapy download handler for http and https
that never opens a socket: it answers every request from the reader, with the body
still content-encoded (HttpCompressionMiddleware inflates it as during the crawl). A
URL the archive lacks gets an empty 404 and counts in the stat ``reparse/missing``; an
unreadable archive closes the spider with reason ``archive_error``.

With ``MIRROR_REPLAY_SINCE`` (a 14-digit UTC timestamp; ``mirror reparse --since``) a
*record* page (request meta ``RECORD_PAGE_META_KEY``) whose content was captured before
that moment is answered as a revisit: an empty 200 flagged ``revisit``, so the spider
only marks its entry as seen. Navigation pages are always replayed in full, since the
records are found through them.
"""

from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import BinaryIO
from urllib.parse import urldefrag, urlsplit, urlunsplit

from scrapy import Request
from scrapy.core.downloader.handlers.base import BaseDownloadHandler
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest, NotConfigured
from scrapy.http import Response
from scrapy.utils.defer import deferred_from_coro

from archive.checker import check_warc
from archive.indexer import INDEX_SUFFIX, REVISIT_MIME, CdxjEntry, index_warc
from archive.stored import (
    DamagedRecord,
    RawRecord,
    StoredResponse,
    read_record,
    replayed_response,
    stored_response,
)
from archive.writer import OPEN_SUFFIX, WARC_SUFFIX
from common.crawl_flags import RECORD_PAGE_META_KEY, REVISIT_FLAG

logger = logging.getLogger(__name__)

REPLAY_ARCHIVE_SETTING = "MIRROR_REPLAY_ARCHIVE"
REPLAY_SINCE_SETTING = "MIRROR_REPLAY_SINCE"
ARCHIVE_ERROR_REASON = "archive_error"
# Stat names (mirror/reparse_cli.py repeats them so `mirror` starts without Scrapy).
MISSING_STAT = "reparse/missing"
MISSING_EXAMPLES_STAT = "reparse/missing_examples"
REPLAYED_STAT = "reparse/replayed"
REVISITS_STAT = "reparse/revisits_resolved"
OLDER_STAT = "reparse/records_before_since"
MISSING_EXAMPLES = 5

# Names the writer gives its files: PREFIX-YYYYmmddHHMMSSmmm-SERIAL.warc.gz
_WRITER_NAME = re.compile(r"-(\d{17})-(\d{5})\.warc\.gz$")
_DEFAULT_PORTS = {"http": 80, "https": 443}


class ArchiveError(Exception):
    """The archive directory, or a file or record in it, cannot be read as needed."""


@dataclass(frozen=True, slots=True)
class Capture:
    """One response or revisit record, where it sits and when it was written."""

    url: str
    kind: str  # "response" or "revisit"
    digest: str | None  # payload digest, base32, without "sha1:"
    path: Path
    offset: int
    length: int  # bytes of the record's gzip member
    rank: int  # the file's place in write order
    timestamp: str = ""  # 14 digits, UTC, from the index (when it was captured)

    @property
    def order(self) -> tuple[int, int]:
        return self.rank, self.offset


def _warc_files(directory: Path) -> list[Path]:
    """Finished WARC files, oldest first (``.open`` leftovers and quarantine/ excluded)."""
    return sorted(directory.glob(f"*{WARC_SUFFIX}"), key=_file_order)


def _file_order(path: Path) -> tuple[str, int, str]:
    match = _WRITER_NAME.search(path.name)
    if match:
        return match.group(1), int(match.group(2)), path.name
    # A file not named by our writer: its modification time stands in for its opening.
    stamp = datetime.fromtimestamp(path.stat().st_mtime, UTC).strftime("%Y%m%d%H%M%S%f")[:17]
    return stamp, 0, path.name


def url_key(url: str) -> str:
    """``url`` without fragment, with scheme and host lower-cased and a default port dropped."""
    parts = urlsplit(urldefrag(url)[0])
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    if ":" in host:
        host = f"[{host}]"
    try:
        port = parts.port
    except ValueError:
        port = None
    netloc = host if port in (None, _DEFAULT_PORTS.get(scheme)) else f"{host}:{port}"
    return urlunsplit((scheme, netloc, parts.path, parts.query, ""))


class ArchiveReader:
    """The latest capture of every URL in an archive directory, read on demand.

    >>> reader = ArchiveReader.open(Path("warc"))
    >>> stored = reader.replay("http://127.0.0.1:8765/festival-archive")
    """

    def __init__(self, directory: Path, files: list[Path], captures: list[Capture]) -> None:
        self.directory = directory
        self.files = files
        self.capture_count = len(captures)
        self._latest: dict[str, Capture] = {}
        self._latest_by_key: dict[str, Capture] = {}
        self._responses: dict[str, list[Capture]] = {}
        self._by_digest: dict[str, list[Capture]] = {}
        for capture in sorted(captures, key=lambda c: c.order):
            self._latest[capture.url] = capture
            self._latest_by_key[url_key(capture.url)] = capture
            if capture.kind == "response":
                self._responses.setdefault(capture.url, []).append(capture)
                if capture.digest:
                    self._by_digest.setdefault(capture.digest, []).append(capture)
        self._streams: dict[Path, BinaryIO] = {}

    @classmethod
    def open(cls, directory: Path) -> ArchiveReader:
        """Index an archive directory; ArchiveError when it is missing or holds no WARC."""
        directory = Path(directory)
        if not directory.is_dir():
            raise ArchiveError(f"archive directory {directory} does not exist")
        files = _warc_files(directory)
        if not files:
            raise ArchiveError(f"{directory} holds no finished WARC file (*{WARC_SUFFIX})")
        captures: list[Capture] = []
        for rank, path in enumerate(files):
            captures.extend(
                Capture(
                    url=entry.url,
                    kind="revisit" if entry.mime == REVISIT_MIME else "response",
                    digest=entry.digest,
                    path=path,
                    offset=entry.offset,
                    length=entry.length,
                    rank=rank,
                    timestamp=entry.timestamp,
                )
                for entry in _file_entries(path, directory / "indexes")
            )
        return cls(directory, files, captures)

    # -- what the archive holds -------------------------------------------------------------

    @property
    def urls(self) -> list[str]:
        return list(self._latest)

    @property
    def unfinished_files(self) -> list[Path]:
        """``.open`` files the reader ignores (a running crawl's, or a killed one's)."""
        return sorted(self.directory.glob(f"*{WARC_SUFFIX}{OPEN_SUFFIX}"))

    def latest_response(self, url: str) -> Capture | None:
        """The latest response record (not a revisit) of exactly ``url``."""
        responses = self._responses.get(url)
        return responses[-1] if responses else None

    def latest(self, url: str) -> Capture | None:
        """The latest capture of ``url``; failing an exact match, of its :func:`url_key`."""
        url = urldefrag(url)[0]
        found = self._latest.get(url)
        return found if found is not None else self._latest_by_key.get(url_key(url))

    def base_url_for(self, start_path: str) -> str | None:
        """The base of the latest captured ``BASE + start_path`` (no query), or None."""
        found: Capture | None = None
        for url, capture in self._latest.items():
            parts = urlsplit(url)
            if parts.query or not parts.path.endswith(start_path):
                continue
            if found is None or capture.order > found.order:
                found = capture
        return found.url[: -len(start_path)] if found is not None else None

    # -- reading ----------------------------------------------------------------------------

    def replay(self, url: str) -> StoredResponse | None:
        """What the archive last saw at ``url`` (revisits resolved), or None."""
        capture = self.latest(url)
        if capture is None:
            return None
        if capture.kind == "response":
            return self._stored(capture, None)
        original = self._original(capture)
        if original is None:
            raise ArchiveError(
                f"the revisit record for {capture.url} ({capture.path.name} at offset "
                f"{capture.offset}) refers to a response the archive does not hold"
            )
        return self._stored(original, capture)

    def close(self) -> None:
        streams, self._streams = self._streams, {}
        for stream in streams.values():
            stream.close()

    def __enter__(self) -> ArchiveReader:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def _original(self, revisit: Capture) -> Capture | None:
        headers = self._warc_headers(revisit)
        record_id = headers.get("WARC-Refers-To")
        target = headers.get("WARC-Refers-To-Target-URI") or revisit.url
        earlier = [c for c in self._responses.get(target, []) if c.order < revisit.order]
        same_digest = [c for c in earlier if revisit.digest and c.digest == revisit.digest]
        elsewhere = [
            c
            for c in self._by_digest.get(revisit.digest or "", [])
            if c.url != target and c.order < revisit.order
        ]
        # Latest first: a revisit almost always points at the previous capture.
        candidates = [*reversed(same_digest), *reversed(elsewhere)]
        if record_id:
            for candidate in [*candidates, *reversed(earlier)]:
                if self._warc_headers(candidate).get("WARC-Record-ID") == record_id:
                    return candidate
        if candidates:
            return candidates[0]  # same payload digest: the same body, whichever record
        if revisit.digest:
            return None  # the body it names is in no record the archive still holds
        # A digest-less 304: "not modified since the capture of that date".
        refers_date = headers.get("WARC-Refers-To-Date")
        if refers_date:
            for candidate in reversed(earlier):
                if self._warc_headers(candidate).get("WARC-Date") == refers_date:
                    return candidate
        return earlier[-1] if earlier else None

    def _stream(self, path: Path) -> BinaryIO:
        stream = self._streams.get(path)
        if stream is None:
            try:
                stream = path.open("rb")
            except OSError as error:
                raise ArchiveError(f"cannot open {path}: {error.strerror}") from None
            self._streams[path] = stream
        return stream

    def _record(self, capture: Capture) -> RawRecord:
        """The record at ``capture``, checked against the index."""
        try:
            record = read_record(self._stream(capture.path), capture.offset, capture.length)
        except DamagedRecord as error:
            raise ArchiveError(f"damaged record in {_where(capture)}: {error}") from None
        if record.headers.get("WARC-Target-URI") != capture.url or record.type != capture.kind:
            raise ArchiveError(
                f"{capture.path.name} at offset {capture.offset} holds a {record.type} "
                f"record for {record.headers.get('WARC-Target-URI')!r}, its index a "
                f"{capture.kind} for {capture.url!r}: delete the stale index in indexes/"
            )
        return record

    def _warc_headers(self, capture: Capture) -> dict[str, str]:
        return self._record(capture).headers

    def _stored(self, capture: Capture, revisit: Capture | None) -> StoredResponse:
        try:
            return stored_response(
                self._record(capture),
                captured_at=capture.timestamp,
                through_revisit=revisit is not None,
            )
        except DamagedRecord as error:
            raise ArchiveError(f"damaged record in {_where(capture)}: {error}") from None


def _where(capture: Capture) -> str:
    return f"{capture.path.name} at offset {capture.offset} ({capture.url})"


def _file_entries(path: Path, index_dir: Path) -> list[CdxjEntry]:
    """The index entries of one WARC: from its CDXJ file if trustworthy, else by reading."""
    size = path.stat().st_size
    index = index_dir / (path.name + INDEX_SUFFIX)
    if index.is_file() and index.stat().st_mtime >= path.stat().st_mtime:
        entries = _read_cdxj(index, path.name)
        if entries is not None:
            past_end = [e for e in entries if e.offset + e.length > size]
            if past_end:
                raise ArchiveError(
                    f"{path.name} is truncated: its index lists a record at offset "
                    f"{past_end[0].offset} ending past the file's {size} bytes"
                )
            return entries
    # warcio stops quietly at a cut gzip member, so the file is checked first.
    check = check_warc(path)
    if not check.is_valid:
        raise ArchiveError(
            f"{path.name} is {check.tail} after its first {check.records} records: {check.problem}"
        )
    try:
        return index_warc(path)
    except Exception as error:  # warcio and zlib raise many kinds on damaged files
        raise ArchiveError(f"cannot read {path.name}: {type(error).__name__}: {error}") from None


def _read_cdxj(index: Path, filename: str) -> list[CdxjEntry] | None:
    """The entries of a CDXJ index, or None when it is not one of this file's."""
    entries = []
    try:
        for line in index.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            _, timestamp, fields_json = line.split(" ", 2)
            fields = json.loads(fields_json)
            if fields["filename"] != filename:
                return None
            entries.append(
                CdxjEntry(
                    url=fields["url"],
                    timestamp=timestamp,
                    mime=fields.get("mime", "unk"),
                    status=fields.get("status"),
                    digest=fields.get("digest"),
                    length=int(fields["length"]),
                    offset=int(fields["offset"]),
                    filename=filename,
                )
            )
    except (OSError, ValueError, KeyError, TypeError):
        return None  # unreadable or foreign: index the WARC itself instead
    return entries


# -- Scrapy ----------------------------------------------------------------------------------

_READERS: dict[Path, ArchiveReader] = {}


def open_archive(directory: Path) -> ArchiveReader:
    """The reader of ``directory``, indexed once per process (the CLI and handler share it)."""
    key = Path(directory).resolve()
    reader = _READERS.get(key)
    if reader is None:
        reader = _READERS[key] = ArchiveReader.open(key)
    return reader


class WarcReplayDownloadHandler(BaseDownloadHandler):
    """``DOWNLOAD_HANDLERS`` entry for http and https answering from a WARC directory.

    The directory is the setting ``MIRROR_REPLAY_ARCHIVE``.
    """

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        directory = crawler.settings.get(REPLAY_ARCHIVE_SETTING)
        if not directory:
            raise NotConfigured(f"{REPLAY_ARCHIVE_SETTING} names no archive directory")
        self.since = str(crawler.settings.get(REPLAY_SINCE_SETTING) or "")
        if self.since and not (len(self.since) == 14 and self.since.isdigit()):
            raise ValueError(f"{REPLAY_SINCE_SETTING} must be 14 digits (UTC), not {self.since!r}")
        self.reader = open_archive(Path(directory))
        self._failed = False

    async def download_request(self, request: Request) -> Response:
        url = urldefrag(request.url)[0]
        stats = self.crawler.stats
        try:
            stored = self.reader.replay(url)
        except ArchiveError as error:
            self._abort(str(error))
            raise IgnoreRequest(str(error)) from None
        if stored is None:
            if stats is not None:
                stats.inc_value(MISSING_STAT)
                examples = list(stats.get_value(MISSING_EXAMPLES_STAT, []))
                if len(examples) < MISSING_EXAMPLES:
                    stats.set_value(MISSING_EXAMPLES_STAT, [*examples, url])
            logger.debug("not in the archive: %s", url)
            return Response(url=url, status=404)
        if self._captured_before_since(request, stored):
            if stats is not None:
                stats.inc_value(OLDER_STAT)
            return Response(url=url, status=200, flags=[REVISIT_FLAG], request=request)
        if stats is not None:
            stats.inc_value(REPLAYED_STAT)
            if stored.through_revisit:
                stats.inc_value(REVISITS_STAT)
        return replayed_response(stored, url)

    def _captured_before_since(self, request: Request, stored: StoredResponse) -> bool:
        """A record page whose content is older than ``--since``: not re-extracted."""
        return bool(
            self.since
            and request.meta.get(RECORD_PAGE_META_KEY)
            and stored.captured_at
            and stored.captured_at < self.since
        )

    def _abort(self, message: str) -> None:
        if self._failed:
            return
        self._failed = True
        logger.error("%s", message)
        if self.crawler.stats is not None:
            self.crawler.stats.set_value("mirror/abort_message", message)
        engine = self.crawler.engine
        if engine is not None:
            closing = deferred_from_coro(engine.close_spider_async(reason=ARCHIVE_ERROR_REASON))
            closing.addErrback(lambda f: logger.error("could not close the spider: %s", f))

    async def close(self) -> None:
        self.reader.close()
