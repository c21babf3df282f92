"""`mirror reparse`: the archive reader, the replay download handler, and whole re-parses.

Unit tests write small WARC files with the real writer (or warcio, for records our
writer does not make) and read them with :class:`archive.replay.ArchiveReader`. The
end-to-end tests crawl a 300-film replica with archiving on, stop the server, re-parse
the archive into a fresh database and compare `mirror export` output exactly.
"""

from __future__ import annotations

import asyncio
import gzip
import itertools
import os
import re
import shutil
import socket
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
from scrapy import Request
from scrapy.utils.test import get_crawler
from typer.testing import CliRunner
from warcio.archiveiterator import ArchiveIterator
from warcio.warcwriter import WARCWriter

from archive.http import HttpExchange, RawHttpHead
from archive.replay import (
    MISSING_STAT,
    REPLAY_ARCHIVE_SETTING,
    ArchiveError,
    ArchiveReader,
    WarcReplayDownloadHandler,
)
from archive.writer import RotatingWarcWriter
from mirror.cli import app
from mirror.replica.server import ReplicaServer
from mirror.replica.site import ReplicaConfig, build_site
from tests.crawl_helpers import export, mirror, run_crawl

SITE = "http://127.0.0.1:8765"
PAGE = f"{SITE}/festival-archive/film/7"
START = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)


def head(etag: str) -> bytes:
    # The server's own spelling and order, a header without a space, chunked framing.
    return (
        b"HTTP/1.1 200 OK\r\nServer: synthetic\r\nContent-Type: text/html; charset=utf-8\r\n"
        b"Transfer-Encoding: chunked\r\nConnection: keep-alive\r\nContent-Encoding: gzip\r\n"
        + f'ETag: "{etag}"\r\nX-Odd:no-space\r\n\r\n'.encode()
    )


def page_exchange(version: str, url: str = PAGE, seconds: int = 0) -> HttpExchange:
    return HttpExchange(
        url=url,
        request_head=b"GET /festival-archive/film/7 HTTP/1.1\r\nHost: 127.0.0.1:8765\r\n\r\n",
        response_head=head(version),
        response_body=gzip.compress(f"<p>film page {version}</p>".encode(), mtime=0),
        fetched_at=START + timedelta(seconds=seconds),
        ip_address="127.0.0.1",
    )


def writer(directory: Path) -> RotatingWarcWriter:
    """A writer whose clock never moves: captures differ only in write order."""
    ids = itertools.count()
    return RotatingWarcWriter(
        directory,
        prefix="t",
        clock=lambda: START,
        record_ids=lambda: f"<urn:uuid:00000000-0000-4000-8000-{next(ids):012d}>",
    )


def text_of(reader: ArchiveReader, url: str = PAGE) -> str:
    stored = reader.replay(url)
    assert stored is not None
    return gzip.decompress(stored.body).decode()


def manual_warc(path: Path, *records: Any) -> None:
    """Write records built with warcio (shapes our writer does not produce)."""
    with path.open("wb") as stream:
        warc = WARCWriter(stream, gzip=True, warc_version="WARC/1.1")
        for record in records:
            warc.write_record(record)


def record_builder() -> WARCWriter:
    return WARCWriter(BytesIO(), gzip=True, warc_version="WARC/1.1")


# -- the reader --------------------------------------------------------------------------


def test_latest_written_capture_wins_whatever_its_warc_date(tmp_path: Path) -> None:
    with writer(tmp_path) as first_run:
        first_run.write_exchange(page_exchange("v1", seconds=10))
        first_run.write_exchange(page_exchange("v2", seconds=0))  # sent earlier, arrived later
    assert text_of(ArchiveReader.open(tmp_path)) == "<p>film page v2</p>"
    with writer(tmp_path) as second_run:
        second_run.write_exchange(page_exchange("v3", seconds=-3600))
    assert len(list(tmp_path.glob("*.warc.gz"))) == 2
    assert text_of(ArchiveReader.open(tmp_path)) == "<p>film page v3</p>"


def test_revisit_replays_the_response_it_refers_to(tmp_path: Path) -> None:
    with writer(tmp_path) as run:
        v1 = run.write_exchange(page_exchange("v1"))
        run.write_exchange(page_exchange("v2"))
        # The page went back to v1: a digest-identical revisit of the first capture.
        run.write_revisit(PAGE, head("v1-again"), v1)
    stored = ArchiveReader.open(tmp_path).replay(PAGE)
    assert stored is not None and stored.through_revisit
    assert gzip.decompress(stored.body) == b"<p>film page v1</p>"
    assert stored.status == 200
    assert (b"ETag", b'"v1"') in stored.headers  # the original's head, with its body


def test_revisit_without_refers_to_resolves_by_url_and_digest(tmp_path: Path) -> None:
    with writer(tmp_path) as run:
        v1 = run.write_exchange(page_exchange("v1"))
        run.write_exchange(page_exchange("v2"))
    revisit = record_builder().create_revisit_record(
        PAGE,
        v1.payload_digest,
        PAGE,
        v1.date,
        http_headers=RawHttpHead.parse(head("v1")),
        warc_headers_dict={"WARC-Date": "2099-01-01T00:00:00Z"},
    )
    # A later file without a CDXJ index: the reader indexes it itself.
    manual_warc(tmp_path / "other-20990101000000000-00000.warc.gz", revisit)
    assert text_of(ArchiveReader.open(tmp_path)) == "<p>film page v1</p>"


def test_not_modified_revisit_without_digest_resolves_by_refers_to_date(tmp_path: Path) -> None:
    with writer(tmp_path) as run:
        v1 = run.write_exchange(page_exchange("v1", seconds=1))
        run.write_exchange(page_exchange("v2", seconds=2))
    revisit = record_builder().create_warc_record(
        PAGE,
        "revisit",
        warc_headers_dict={
            "WARC-Date": "2099-01-01T00:00:00Z",
            "WARC-Profile": "http://netpreserve.org/warc/1.1/revisit/server-not-modified",
            "WARC-Refers-To-Target-URI": PAGE,
            "WARC-Refers-To-Date": v1.date,
        },
    )
    manual_warc(tmp_path / "other-20990101000000000-00000.warc.gz", revisit)
    assert text_of(ArchiveReader.open(tmp_path)) == "<p>film page v1</p>"


def test_revisit_of_a_response_no_longer_archived_is_a_clear_error(tmp_path: Path) -> None:
    with writer(tmp_path) as first_run:
        v1 = first_run.write_exchange(page_exchange("v1"))
    with writer(tmp_path) as second_run:
        second_run.write_revisit(PAGE, head("v1"), v1)
    v1.path.unlink()
    (tmp_path / "indexes" / (v1.path.name + ".cdxj")).unlink()
    reader = ArchiveReader.open(tmp_path)
    with pytest.raises(ArchiveError, match="refers to a response the archive does not hold"):
        reader.replay(PAGE)


def test_open_leftovers_and_quarantine_are_not_read(tmp_path: Path) -> None:
    with writer(tmp_path) as run:
        run.write_exchange(page_exchange("v1"))
    with writer(tmp_path / "elsewhere") as other:
        other.write_exchange(page_exchange("v2"))
    (newer,) = other.finished_files
    leftover = tmp_path / f"{newer.name}.open"
    shutil.copy(newer, leftover)
    (tmp_path / "quarantine").mkdir()
    shutil.copy(newer, tmp_path / "quarantine" / newer.name)
    reader = ArchiveReader.open(tmp_path)
    assert text_of(reader) == "<p>film page v1</p>"
    assert reader.unfinished_files == [leftover]


def _truncated_archive(directory: Path) -> Path:
    with writer(directory) as run:
        for n in range(5):
            run.write_exchange(page_exchange(f"v{n}", url=f"{SITE}/festival-archive/film/{n}"))
    (path,) = run.finished_files
    with path.open("r+b") as stream:
        stream.truncate(path.stat().st_size * 2 // 3)
    return path


def test_truncated_file_with_its_index_is_a_clear_error(tmp_path: Path) -> None:
    path = _truncated_archive(tmp_path)
    index = tmp_path / "indexes" / (path.name + ".cdxj")
    later = path.stat().st_mtime + 5
    os.utime(index, (later, later))  # the index looks current: its offsets are checked
    with pytest.raises(ArchiveError, match=f"{re.escape(path.name)} is truncated"):
        ArchiveReader.open(tmp_path)


def test_truncated_file_without_an_index_is_a_clear_error(tmp_path: Path) -> None:
    path = _truncated_archive(tmp_path)
    shutil.rmtree(tmp_path / "indexes")
    # warcio alone would just stop early and return fewer captures.
    with pytest.raises(ArchiveError, match=f"{re.escape(path.name)} is truncated after"):
        ArchiveReader.open(tmp_path)


def test_damaged_record_is_a_clear_error_when_read(tmp_path: Path) -> None:
    with writer(tmp_path) as run:
        written = run.write_exchange(page_exchange("v1"))
    data = bytearray(written.path.read_bytes())
    for at in range(written.offset + 40, written.offset + 60):
        data[at] ^= 0xFF  # same size, so the index still looks current
    written.path.write_bytes(bytes(data))
    index = tmp_path / "indexes" / (written.path.name + ".cdxj")
    os.utime(index)
    reader = ArchiveReader.open(tmp_path)
    with pytest.raises(ArchiveError, match=f"damaged record in .* \\({re.escape(PAGE)}\\)"):
        reader.replay(PAGE)


def test_missing_and_empty_directories_are_clear_errors(tmp_path: Path) -> None:
    with pytest.raises(ArchiveError, match="does not exist"):
        ArchiveReader.open(tmp_path / "nowhere")
    (tmp_path / "quarantine").mkdir()
    (tmp_path / "x.warc.gz.open").write_bytes(b"")
    with pytest.raises(ArchiveError, match="holds no finished WARC file"):
        ArchiveReader.open(tmp_path)


# -- the download handler -----------------------------------------------------------------


def _download(directory: Path, *urls: str) -> tuple[list[Any], dict[str, Any]]:
    crawler = get_crawler(settings_dict={REPLAY_ARCHIVE_SETTING: str(directory)})
    handler = WarcReplayDownloadHandler.from_crawler(crawler)

    async def fetch_all() -> list[Any]:
        return [await handler.download_request(Request(url)) for url in urls]

    responses = asyncio.run(fetch_all())
    assert crawler.stats is not None
    return responses, crawler.stats.get_stats()


def test_handler_answers_with_the_stored_head_and_still_encoded_body(tmp_path: Path) -> None:
    with writer(tmp_path) as run:
        run.write_exchange(page_exchange("v1"))
    (response,), _ = _download(tmp_path, PAGE + "#synopsis")
    assert response.status == 200
    assert response.url == PAGE
    assert response.body == page_exchange("v1").response_body  # gzip, as sent
    assert response.headers[b"Content-Encoding"] == b"gzip"
    assert response.headers[b"ETag"] == b'"v1"'
    assert response.headers[b"X-Odd"] == b"no-space"
    assert b"Connection" not in response.headers  # Twisted keeps it from Scrapy too
    assert str(response.ip_address) == "127.0.0.1"


def test_handler_ignores_default_ports_and_404s_what_the_archive_lacks(tmp_path: Path) -> None:
    with writer(tmp_path) as run:
        run.write_exchange(page_exchange("v1", url="http://example.org/festival-archive"))
    (found, missing), stats = _download(
        tmp_path, "http://EXAMPLE.org:80/festival-archive", "http://example.org/robots.txt"
    )
    assert found.status == 200 and gzip.decompress(found.body) == b"<p>film page v1</p>"
    assert missing.status == 404 and missing.body == b""
    assert stats[MISSING_STAT] == 1


# -- the command's errors ------------------------------------------------------------------


def test_command_refuses_a_missing_or_unnamed_archive(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("MIRROR_ARCHIVE_DIR", raising=False)
    runner = CliRunner()
    db = f"sqlite:///{tmp_path / 'x.db'}"
    unnamed = runner.invoke(app, ["reparse", "--db", db])
    assert unnamed.exit_code == 1
    assert "pass --archive DIR or set $MIRROR_ARCHIVE_DIR" in unnamed.output
    missing = runner.invoke(app, ["reparse", "--archive", str(tmp_path / "warc"), "--db", db])
    assert missing.exit_code == 1
    assert f"archive directory {tmp_path / 'warc'} does not exist" in missing.output
    assert not (tmp_path / "x.db").exists()


# -- whole re-parses -----------------------------------------------------------------------

FILMS = 300
RESOLVED = re.compile(r"(\d+) revisit records resolved")


@dataclass
class Recrawl:
    """One archive directory, crawled twice into one database (the second run mutated)."""

    first_archive: Path  # a copy of the archive as the first crawl left it
    archive: Path  # after both crawls
    first_export: list[dict[str, Any]]
    export: list[dict[str, Any]]  # the database after both crawls
    second_run_revisits: int  # revisit records the second crawl wrote
    since: str  # an ISO moment after every capture of the first crawl, before the second


def _crawl(site_config: ReplicaConfig, port: int, db_url: str, archive: Path) -> int:
    with ReplicaServer(build_site(site_config), port=port) as server:
        result = run_crawl(server.url, db_url, f"MIRROR_ARCHIVE_DIR={archive}")
        assert result.returncode == 0, result.stderr[-3000:]
        return server.port


def _revisits(paths: list[Path]) -> int:
    count = 0
    for path in paths:
        with path.open("rb") as stream:
            count += sum(r.rec_type == "revisit" for r in ArchiveIterator(stream))
    return count


@pytest.fixture(scope="module")
def recrawl(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Recrawl]:
    root = tmp_path_factory.mktemp("reparse")
    archive, db_url = root / "warc", f"sqlite:///{root / 'crawl.db'}"
    # The re-crawl must reach the same URLs, so the mutated site takes the same port.
    port = _crawl(ReplicaConfig(films=FILMS), 0, db_url, archive)
    first_export = export(db_url)
    first_archive = root / "warc-first"
    shutil.copytree(archive, first_archive)  # copy2: modification times kept
    first_files = {p.name for p in archive.glob("*.warc.gz")}
    # Captures are dated to the second: start the second crawl in a later second.
    time.sleep(1.05 - (time.time() % 1))
    since = datetime.now(UTC).replace(microsecond=0).isoformat()
    _crawl(ReplicaConfig(films=FILMS, mutate=0.05), port, db_url, archive)
    second_files = [p for p in sorted(archive.glob("*.warc.gz")) if p.name not in first_files]
    # Both servers are gone: anything but the archive would fail from here on.
    with pytest.raises(OSError), socket.create_connection(("127.0.0.1", port), timeout=2):
        pass
    yield Recrawl(
        first_archive, archive, first_export, export(db_url), _revisits(second_files), since
    )


# The work id (see below), and when the mirror first stored and last changed an entry:
# a re-parse stores every entry anew, in a run of its own.
NOT_COMPARED = frozenset({"work_id", "first_seen_at", "updated_at"})


def records_and_works(export: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], set[Any]]:
    """The records without their work id and bookkeeping dates, and the films that share
    a work.

    A work id is a surrogate key numbered in the order works were first made, which a
    re-parse (all films linked at once) need not follow: what must be equal is which
    films make up each work.
    """
    records = [{k: v for k, v in record.items() if k not in NOT_COMPARED} for record in export]
    films_of: dict[Any, set[str]] = {}
    for record in export:
        films_of.setdefault(record["work_id"], set()).add(record["film_id"])
    return records, {frozenset(films) for films in films_of.values()}


def reparse(archive: Path, db_url: str) -> str:
    result = mirror("reparse", "--archive", str(archive), "--db", db_url)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "not in the archive" not in result.stderr, result.stderr[-3000:]
    return result.stderr


@pytest.mark.slow
def test_reparse_into_a_fresh_database_reproduces_the_crawl_export(
    recrawl: Recrawl, tmp_path: Path
) -> None:
    db_url = f"sqlite:///{tmp_path / 'reparsed.db'}"
    reparse(recrawl.first_archive, db_url)
    reparsed = export(db_url)
    assert len(reparsed) == FILMS
    assert None not in {record["work_id"] for record in reparsed}
    assert records_and_works(reparsed) == records_and_works(recrawl.first_export)


@pytest.mark.slow
def test_reparse_of_a_recrawled_archive_reproduces_the_latest_export(
    recrawl: Recrawl, tmp_path: Path
) -> None:
    assert recrawl.export != recrawl.first_export  # the second crawl did change entries
    db_url = f"sqlite:///{tmp_path / 'reparsed.db'}"
    summary = reparse(recrawl.archive, db_url)
    assert records_and_works(export(db_url)) == records_and_works(recrawl.export)
    resolved = RESOLVED.search(summary)
    assert resolved is not None, summary
    assert int(resolved.group(1)) == recrawl.second_run_revisits


@pytest.mark.slow
def test_reparse_since_extracts_only_records_captured_since_then(
    recrawl: Recrawl, tmp_path: Path
) -> None:
    before = {record["film_id"]: record for record in records_and_works(recrawl.first_export)[0]}
    after = {record["film_id"]: record for record in records_and_works(recrawl.export)[0]}
    changed = {film_id for film_id, record in after.items() if before.get(film_id) != record}
    assert changed, "the mutated crawl changed no entry"
    db_url = f"sqlite:///{tmp_path / 'since.db'}"
    result = mirror(
        "reparse", "--archive", str(recrawl.archive), "--db", db_url, "--since", recrawl.since
    )
    assert result.returncode == 0, result.stderr[-3000:]
    # Only the changed films are in this database, linked among themselves: compare
    # the records, not their works.
    reparsed = {r["film_id"]: r for r in records_and_works(export(db_url))[0]}
    expected = {r["film_id"]: r for r in records_and_works(recrawl.export)[0]}
    assert set(reparsed) == changed
    assert all(reparsed[film_id] == expected[film_id] for film_id in changed)


def test_reparse_refuses_a_since_that_is_not_a_date(tmp_path: Path) -> None:
    result = mirror("reparse", "--archive", str(tmp_path), "--since", "last tuesday")
    assert result.returncode == 1
    assert "--since 'last tuesday' is not a date" in result.stderr


@pytest.mark.slow
@pytest.mark.postgres
def test_reparse_into_postgres_reproduces_the_sqlite_crawl_export(
    recrawl: Recrawl, postgres_url: str
) -> None:
    reparse(recrawl.archive, postgres_url)
    assert records_and_works(export(postgres_url)) == records_and_works(recrawl.export)
