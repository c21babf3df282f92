"""The WARC writer process (archive/writer_process.py): the records it writes, what it
reports back, and what happens when it dies, down to a crawl whose writer is killed."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import time
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from scrapy import Request
from scrapy.exceptions import IgnoreRequest
from scrapy.http import HtmlResponse
from scrapy.utils.test import get_crawler
from sqlalchemy import select
from warcio.archiveiterator import ArchiveIterator

from archive.captures import read_captures
from archive.http import HttpExchange
from archive.stored import read_stored_response
from archive.writer import (
    OPEN_SUFFIX,
    FinishedWarc,
    PlannedExchange,
    RotatingWarcWriter,
    WrittenExchange,
    plan_exchange,
)
from archive.writer_process import (
    BATCH_MESSAGES,
    RevisitOriginal,
    WarcWriterDied,
    WarcWriterProcess,
    _exchange_fields,
    _planned_fields,
)
from db.models import Base
from db.session import make_engine
from mirror.replica_process import replica_subprocess
from scraper.middlewares import WRITER_FAILED_REASON, WarcCaptureMiddleware
from tests.crawl_helpers import REPO, _env, crawl_command, free_port
from tests.test_archive_writer import NOT_MODIFIED_HEAD, exchange
from tests.test_archive_writer import records as warcio_records

EXCHANGES = 40
FETCHED_AT = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)


def sent(n: int) -> HttpExchange:
    """Exchange `n`, with the time its request was sent (as the wire handler gives it)."""
    return replace(exchange(n), fetched_at=FETCHED_AT + timedelta(seconds=n))


def written_by(writer: RotatingWarcWriter | WarcWriterProcess) -> list[WrittenExchange]:
    """Collect what the writer reports through its on_written hook."""
    placed: list[WrittenExchange] = []
    writer.on_written = placed.append
    return placed


def write_session(
    writer: RotatingWarcWriter | WarcWriterProcess, plans: list[PlannedExchange]
) -> None:
    """Exchanges, then a not-modified revisit and an identical-digest one of the first."""
    for n, planned in enumerate(plans):
        writer.write_exchange(sent(n), planned)
    not_modified = replace(sent(0), response_head=NOT_MODIFIED_HEAD, response_body=b"")
    writer.write_revisit_exchange(not_modified, plans[0], "server-not-modified")
    writer.write_revisit_exchange(sent(0), plans[0], "identical-payload-digest")


def comparable(path: Path) -> list[tuple[str, dict[str, str], bytes]]:
    """The file's records as warcio reads them, with what is meant to differ between two
    runs masked: the file's name and date in its warcinfo, and the revisits' own ids
    (the writer draws them; the exchanges' ids are planned by the caller)."""
    out = []
    for rec_type, headers, block in warcio_records(path):
        headers = dict(headers)
        if rec_type == "warcinfo":
            for name in ("WARC-Record-ID", "WARC-Date", "WARC-Filename"):
                headers.pop(name)
        out.append((rec_type, headers, block))
    revisit_ids = {h["WARC-Record-ID"] for t, h, _ in out if t == "revisit"}
    request_ids = {
        h["WARC-Record-ID"]
        for t, h, _ in out
        if t == "request" and h["WARC-Concurrent-To"] in revisit_ids
    }
    for _, headers, _ in out:
        for name in ("WARC-Record-ID", "WARC-Concurrent-To"):
            if headers.get(name) in revisit_ids | request_ids:
                headers[name] = "<masked>"
        if "WARC-Block-Digest" in headers and headers.get("WARC-Type") == "warcinfo":
            headers.pop("WARC-Block-Digest")  # covers the masked filename
    return out


@pytest.fixture
def process_writer(tmp_path: Path) -> Iterator[WarcWriterProcess]:
    writer = WarcWriterProcess(tmp_path / "process", prefix="test", info={"software": "tests"})
    yield writer
    with contextlib.suppress(WarcWriterDied):  # a test killed it
        writer.close()


def test_the_process_writes_the_records_the_in_process_writer_writes(
    tmp_path: Path, process_writer: WarcWriterProcess
) -> None:
    local = RotatingWarcWriter(tmp_path / "local", prefix="test", info={"software": "tests"})
    plans = [process_writer.plan(sent(n)) for n in range(EXCHANGES)]
    placed_here, placed_there = written_by(local), written_by(process_writer)
    write_session(local, plans)
    write_session(process_writer, plans)
    local.close()
    process_writer.close()

    (here,), (there,) = local.finished_files, process_writer.finished_files
    assert comparable(there) == comparable(here)
    # Every exchange placed, in order, at the offset of its response record.
    assert [w.response_id for w in placed_there] == [p.response_id for p in plans]
    assert [w.response_id for w in placed_here] == [p.response_id for p in plans]
    assert {w.path for w in placed_there} == {there}
    with there.open("rb") as stream:
        offsets = {
            record.rec_headers.get_header("WARC-Record-ID"): records.get_record_offset()
            for records in [ArchiveIterator(stream)]
            for record in records
        }
    assert all(offsets[w.response_id] == w.offset for w in placed_there)


def test_what_crosses_to_the_child_rebuilds_the_same_objects() -> None:
    full = replace(sent(2), request_body=b"q=1", ip_address="127.0.0.1")
    assert HttpExchange(*_exchange_fields(full)) == full
    planned = plan_exchange(full)
    assert PlannedExchange(*_planned_fields(planned)) == planned
    original = RevisitOriginal.of(planned)
    assert RevisitOriginal(*_planned_fields(original)) == original


def test_the_plan_is_what_the_records_say(process_writer: WarcWriterProcess) -> None:
    planned = process_writer.plan(exchange(3))
    process_writer.write_exchange(exchange(3), planned)
    process_writer.close()
    (path,) = process_writer.finished_files
    (response,) = [c for c in read_captures(path) if c.record_type == "response"]
    assert (response.record_id, response.warc_date, response.payload_digest) == (
        planned.response_id,
        planned.date,
        planned.payload_digest,
    )


def test_close_waits_for_the_last_records_and_reports_the_file(
    process_writer: WarcWriterProcess,
) -> None:
    finished: list[FinishedWarc] = []
    process_writer.on_finished = finished.append
    plans = [process_writer.plan(exchange(n)) for n in range(EXCHANGES)]
    for n, planned in enumerate(plans):
        process_writer.write_exchange(exchange(n), planned)
    process_writer.close()  # right after the writes: nothing waited for them before

    (done,) = finished
    assert process_writer.finished_files == [done.path]
    assert not list(done.path.parent.glob(f"*{OPEN_SUFFIX}"))
    assert done.captures == read_captures(done.path)
    assert [c.record_id for c in done.captures] == [p.response_id for p in plans]


def test_batched_writes_are_sent_when_due_and_none_is_lost_at_close(tmp_path: Path) -> None:
    """With a scheduler (the reactor's callLater in a crawl) writes wait to go together."""
    due: list[Callable[[], None]] = []
    writer = WarcWriterProcess(tmp_path, call_later=lambda delay, send: due.append(send))
    placed = written_by(writer)
    plans = [writer.plan(exchange(n)) for n in range(BATCH_MESSAGES + 5)]
    for n in range(3):
        writer.write_exchange(exchange(n), plans[n])
    assert len(due) == 1  # one send scheduled for the batch, none made yet
    due.pop()()  # the delay has passed
    writer.sync()
    assert [w.response_id for w in placed] == [p.response_id for p in plans[:3]]
    for n in range(3, BATCH_MESSAGES + 5):  # a full batch goes at once ...
        writer.write_exchange(exchange(n), plans[n])
    writer.close()  # ... and the rest with the close, the scheduled send never run
    (path,) = writer.finished_files
    written = [c.record_id for c in read_captures(path)]
    assert written == [p.response_id for p in plans]


def test_files_rotate_in_the_child_and_each_is_reported(tmp_path: Path) -> None:
    writer = WarcWriterProcess(tmp_path, prefix="test", max_file_bytes=2_000)
    finished: list[FinishedWarc] = []
    writer.on_finished = finished.append
    for n in range(12):
        writer.write_exchange(exchange(n), writer.plan(exchange(n)))
    writer.close()
    assert len(finished) == len(writer.finished_files) > 2
    assert sorted(writer.finished_files) == sorted(tmp_path.glob("*.warc.gz"))
    assert sum(len(f.captures) for f in finished) == 12


def test_a_record_written_this_run_can_be_read_back_before_close(
    process_writer: WarcWriterProcess,
) -> None:
    placed = written_by(process_writer)
    planned = process_writer.plan(exchange(5))
    process_writer.write_exchange(exchange(5), planned)
    process_writer.sync()  # waits for the child, which reports where the record went
    (written,) = placed
    path = process_writer.path_of(written.path.name)
    assert path.name.endswith(OPEN_SUFFIX)  # still open, flushed for us
    stored = read_stored_response(path, written.offset)
    assert stored.body == exchange(5).response_body


def test_a_killed_writer_is_a_clear_error_reported_once(
    process_writer: WarcWriterProcess,
) -> None:
    failures: list[WarcWriterDied] = []
    process_writer.on_failed = failures.append
    process_writer.write_exchange(exchange(0), process_writer.plan(exchange(0)))
    process_writer.sync()
    assert process_writer.pid is not None
    os.kill(process_writer.pid, signal.SIGKILL)
    with pytest.raises(WarcWriterDied, match=r"warc-writer process exited \(exit code -9"):
        for n in range(1, 10_000):  # a write fails once the death is known
            process_writer.write_exchange(exchange(n), process_writer.plan(exchange(n)))
            time.sleep(0.001)
    assert len(failures) == 1
    with pytest.raises(WarcWriterDied):
        process_writer.close()
    # Its open file is left for the next run's recovery, with the record that was written.
    (left,) = process_writer.directory.glob(f"*{OPEN_SUFFIX}")
    assert [t for t, _, _ in warcio_records(left)] == ["warcinfo", "response", "request"]


def test_a_failed_write_stops_the_writer_and_names_the_error(
    process_writer: WarcWriterProcess,
) -> None:
    broken = replace(exchange(1), response_body=None)  # type: ignore[arg-type]
    process_writer.write_exchange(exchange(0), process_writer.plan(exchange(0)))
    process_writer.write_exchange(broken, process_writer.plan(exchange(1)))
    with pytest.raises(WarcWriterDied, match="the WARC writer failed: .*TypeError"):
        process_writer.sync()
    (left,) = process_writer.directory.glob(f"*{OPEN_SUFFIX}")
    assert "response" in [t for t, _, _ in warcio_records(left)]


def test_the_middleware_drops_responses_once_its_writer_died(tmp_path: Path) -> None:
    crawler = get_crawler(
        settings_dict={"MIRROR_ARCHIVE_DIR": str(tmp_path), "MIRROR_PERSIST": True}
    )
    middleware = WarcCaptureMiddleware.from_crawler(crawler)
    writer = middleware.writer
    assert isinstance(writer, WarcWriterProcess) and writer.pid is not None
    os.kill(writer.pid, signal.SIGKILL)
    url = "http://127.0.0.1:8765/festival-archive/film/1"
    with pytest.raises(IgnoreRequest, match="not archived"):
        for _ in range(10_000):
            request = Request(url)
            middleware.process_response(request, HtmlResponse(url, body=b"<p/>", request=request))
            time.sleep(0.001)
    stats = crawler.stats
    assert stats is not None
    assert "warc-writer process exited" in str(stats.get_value("mirror/abort_message"))
    with pytest.raises(IgnoreRequest):
        middleware.process_request(Request(url))


def test_in_process_setting_keeps_the_writer_in_the_crawl(tmp_path: Path) -> None:
    crawler = get_crawler(
        settings_dict={
            "MIRROR_ARCHIVE_DIR": str(tmp_path),
            "MIRROR_WARC_IN_PROCESS": True,
            "MIRROR_PERSIST": True,
        }
    )
    assert isinstance(WarcCaptureMiddleware.from_crawler(crawler).writer, RotatingWarcWriter)


# -- a crawl whose writer process is killed ----------------------------------------------------

FILMS = "3000"  # long enough a crawl to kill its writer half-way, under load


def writer_pid(archive_dir: Path, crawl_pid: int) -> int | None:
    """The process, other than the crawl itself, that holds the open WARC file."""
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit() or int(proc.name) == crawl_pid:
            continue
        try:
            targets = [os.readlink(fd) for fd in (proc / "fd").iterdir()]
        except OSError:
            continue
        if any(t.startswith(str(archive_dir)) and t.endswith(OPEN_SUFFIX) for t in targets):
            return int(proc.name)
    return None


def run_status(db_url: str) -> list[tuple[str, str | None]]:
    engine = make_engine(db_url)
    try:
        runs = Base.metadata.tables["crawl_runs"]
        with engine.connect() as conn:
            return [(row.status, row.finish_reason) for row in conn.execute(select(runs))]
    finally:
        engine.dispose()


@pytest.mark.slow
def test_a_crawl_whose_writer_is_killed_stops_with_a_clear_error(tmp_path: Path) -> None:
    archive_dir = tmp_path / "warc"
    db_url = f"sqlite:///{tmp_path / 'mirror.db'}"
    with replica_subprocess("--films", FILMS, port=free_port()) as url:
        command = crawl_command(url, db_url, f"MIRROR_ARCHIVE_DIR={archive_dir}", "MIRROR_LINK=0")
        crawl = subprocess.Popen(
            command,
            cwd=REPO,
            env=_env(),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        try:
            deadline, pid = time.monotonic() + 120, None
            while pid is None and time.monotonic() < deadline:
                assert crawl.poll() is None, "the crawl ended before its writer was killed"
                pid = writer_pid(archive_dir, crawl.pid)
                time.sleep(0.05)
            assert pid is not None, "no writer process found"
            os.kill(pid, signal.SIGKILL)
            _, stderr = crawl.communicate(timeout=300)
        finally:
            if crawl.poll() is None:
                crawl.kill()
    assert crawl.returncode != 0
    assert "crawl aborted: WARC archive: the warc-writer process exited (exit code -9" in stderr
    assert "Traceback" not in stderr
    status: list[Any] = run_status(db_url)
    assert status == [("aborted", WRITER_FAILED_REASON)]
    assert list(archive_dir.glob(f"*{OPEN_SUFFIX}"))  # left for the next run's recovery
