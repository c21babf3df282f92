"""Crash safety of the web archive: find the valid prefix of a WARC file, keep it, quarantine
the rest, and do it at crawl startup after a SIGKILL (issue 3, section 6).

The broken inputs are in tests/data/warc/ (README.md there says what each one is).
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
import zlib
from dataclasses import dataclass
from pathlib import Path

import pytest
from scrapy.utils.test import get_crawler
from sqlalchemy import select
from warcio.archiveiterator import ArchiveIterator

from archive.captures import read_captures
from archive.checker import TailState, check_warc
from archive.indexer import cdxj_text, index_warc
from archive.recovery import QUARANTINE_DIR, note_path_for, recover_directory, writer_gone
from archive.writer import RotatingWarcWriter
from db.captures import CaptureStore
from db.models import Base, Capture
from db.session import make_engine
from mirror.replica.site import ReplicaConfig, build_site
from mirror.replica_process import free_port, replica_subprocess
from scraper.middlewares import WarcCaptureMiddleware
from tests.crawl_helpers import REPO, _env, by_film_id, export
from tests.test_archive_writer import exchange

CORPUS = Path(__file__).parent / "data" / "warc"
BIN = Path(sys.executable).parent
OPEN = ".open"


def member_ends(data: bytes) -> list[int]:
    """Offsets just past each complete gzip member, found independently of the checker."""
    ends, offset = [], 0
    while offset < len(data):
        inflater = zlib.decompressobj(zlib.MAX_WBITS | 16)
        try:
            inflater.decompress(data[offset:])
        except zlib.error:
            break
        if not inflater.eof:
            break
        offset = len(data) - len(inflater.unused_data)
        ends.append(offset)
    return ends


VALID_ENDS = member_ends((CORPUS / "valid.warc.gz").read_bytes())


@dataclass(frozen=True)
class Expected:
    records: int  # valid records kept, counted from the start of valid.warc.gz
    tail: TailState
    problem_mentions: str | None = None

    @property
    def good_end(self) -> int:
        return VALID_ENDS[self.records - 1] if self.records else 0


CORPUS_EXPECTATIONS = {
    "valid.warc.gz": Expected(6, "none"),
    "empty.warc.gz": Expected(0, "none"),
    "cut-mid-gzip-member.warc.gz": Expected(4, "truncated", "ends inside the gzip member"),
    "cut-mid-record.warc.gz": Expected(5, "truncated", "record is cut"),
    "garbage-appended.warc.gz": Expected(6, "corrupt", "no valid gzip member"),
    "bit-flip.warc.gz": Expected(2, "corrupt", "incorrect data check"),
    "digest-mismatch.warc.gz": Expected(1, "corrupt", "block digest failed"),
    "not-a-warc.warc.gz": Expected(0, "corrupt", "not a WARC record"),
}


def test_corpus_is_documented_file_by_file() -> None:
    readme = (CORPUS / "README.md").read_text()
    on_disk = {path.name for path in CORPUS.glob("*.warc.gz")}
    assert on_disk == set(CORPUS_EXPECTATIONS)
    for name in on_disk:
        assert f"`{name}`" in readme


# -- checker ---------------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(CORPUS_EXPECTATIONS))
def test_checker_finds_the_last_valid_record_of_each_corpus_file(name: str) -> None:
    expected = CORPUS_EXPECTATIONS[name]
    path = CORPUS / name
    check = check_warc(path)
    assert (check.records, check.tail) == (expected.records, expected.tail)
    assert check.good_end == expected.good_end
    assert check.size == path.stat().st_size
    assert check.tail_bytes == check.size - expected.good_end
    assert check.is_valid == (expected.tail == "none")
    if expected.records:
        assert check.last_record_offset == ([0, *VALID_ENDS][expected.records - 1])
    else:
        assert check.last_record_offset is None
    if expected.problem_mentions is None:
        assert check.problem is None
    else:
        assert expected.problem_mentions in str(check.problem)


@pytest.mark.parametrize("name", sorted(set(CORPUS_EXPECTATIONS) - {"empty.warc.gz"}))
def test_checker_flags_every_file_warcio_check_or_gzip_test_rejects(name: str) -> None:
    # It is stricter than both: a sound gzip member holding a cut record passes them.
    tools_pass = warcio_check(CORPUS / name).returncode == 0 and gzip_test(CORPUS / name)
    checker_passes = check_warc(CORPUS / name).is_valid
    assert checker_passes <= tools_pass
    assert checker_passes == (name == "valid.warc.gz")


def test_a_file_cut_at_any_byte_keeps_every_member_before_the_cut(tmp_path: Path) -> None:
    data = (CORPUS / "valid.warc.gz").read_bytes()
    cut_file = tmp_path / "cut.warc.gz"
    for cut in range(len(data) + 1):
        cut_file.write_bytes(data[:cut])
        check = check_warc(cut_file)
        whole_members = [end for end in VALID_ENDS if end <= cut]
        assert check.good_end == (whole_members[-1] if whole_members else 0), cut
        assert check.records == len(whole_members), cut
        assert check.tail == ("none" if cut in (0, *VALID_ENDS) else "truncated"), cut


def test_checking_changes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "cut.warc.gz.open"
    shutil.copy2(CORPUS / "cut-mid-gzip-member.warc.gz", path)
    before = (path.read_bytes(), path.stat().st_mtime_ns)
    check_warc(path)
    assert (path.read_bytes(), path.stat().st_mtime_ns) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [path.name]


# -- recovery --------------------------------------------------------------------------------


def warcio_check(*paths: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(BIN / "warcio"), "check", *map(str, paths)], capture_output=True, text=True
    )


def gzip_test(path: Path) -> bool:
    return subprocess.run(["gzip", "-t", str(path)], capture_output=True).returncode == 0


def leftover(directory: Path, corpus_name: str) -> Path:
    """A corpus file placed as a killed run's ``.warc.gz.open`` leftover."""
    directory.mkdir(parents=True, exist_ok=True)
    stem = "miff-" + corpus_name.removesuffix(".warc.gz")
    path = directory / f"{stem}.warc.gz{OPEN}"
    shutil.copyfile(CORPUS / corpus_name, path)
    return path


@pytest.mark.parametrize("name", sorted(CORPUS_EXPECTATIONS))
def test_recovery_keeps_exactly_the_valid_records_and_quarantines_the_rest(
    tmp_path: Path, name: str
) -> None:
    expected = CORPUS_EXPECTATIONS[name]
    original = (CORPUS / name).read_bytes()
    open_path = leftover(tmp_path, name)

    (recovered,) = recover_directory(tmp_path)

    assert not open_path.exists() and not list(tmp_path.glob(f"*{OPEN}"))
    assert recovered.records == expected.records
    kept = b""
    if expected.records:
        assert recovered.warc_path == open_path.with_name(open_path.name.removesuffix(OPEN))
        kept = recovered.warc_path.read_bytes()
        assert kept == original[: expected.good_end]
        assert warcio_check(recovered.warc_path).returncode == 0
        assert gzip_test(recovered.warc_path)
        assert recovered.index_path is not None
        assert recovered.index_path.read_text() == cdxj_text(index_warc(recovered.warc_path))
    else:
        assert recovered.warc_path is None and not list(tmp_path.glob("*.warc.gz"))
    bad = original[len(kept) :]
    assert recovered.quarantined_bytes == len(bad)
    if bad or not expected.records:  # an empty leftover is still kept, as evidence
        assert recovered.quarantine_path is not None
        assert recovered.quarantine_path.parent == tmp_path / QUARANTINE_DIR
        assert recovered.quarantine_path.read_bytes() == bad
        note = json.loads(note_path_for(recovered.quarantine_path).read_text())
        assert note["source"] == open_path.name
        assert (note["offset"], note["bytes"]) == (len(kept), len(bad))
        assert note["reason"] == recovered.problem and note["reason"]
    else:
        assert recovered.quarantine_path is None and not (tmp_path / QUARANTINE_DIR).exists()


def test_quarantine_files_are_never_taken_for_warc_files(tmp_path: Path) -> None:
    leftover(tmp_path, "not-a-warc.warc.gz")
    recover_directory(tmp_path)
    assert not list(tmp_path.rglob("*.warc.gz")) and not list(tmp_path.rglob(f"*{OPEN}"))


def test_recovery_leaves_finished_files_alone_and_a_second_pass_does_nothing(
    tmp_path: Path,
) -> None:
    finished = tmp_path / "miff-finished.warc.gz"
    shutil.copyfile(CORPUS / "garbage-appended.warc.gz", finished)  # not ours to judge
    leftover(tmp_path, "cut-mid-gzip-member.warc.gz")
    assert len(recover_directory(tmp_path)) == 1
    snapshot = {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()}
    assert finished.read_bytes() == (CORPUS / "garbage-appended.warc.gz").read_bytes()
    assert recover_directory(tmp_path) == []
    assert {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()} == snapshot


def test_recovery_interrupted_after_quarantining_is_finished_by_the_next_pass(
    tmp_path: Path,
) -> None:
    name = "cut-mid-record.warc.gz"
    open_path = leftover(tmp_path, name)
    (first,) = recover_directory(tmp_path)
    assert first.quarantine_path is not None
    # As if killed after the tail was quarantined but before the file was cut and renamed.
    assert first.warc_path is not None
    first.warc_path.unlink()
    shutil.copyfile(CORPUS / name, open_path)
    (second,) = recover_directory(tmp_path)
    assert second == first
    assert list((tmp_path / QUARANTINE_DIR).glob("*.bad")) == [first.quarantine_path]


def test_missing_directory_has_nothing_to_recover(tmp_path: Path) -> None:
    assert recover_directory(tmp_path / "never-created") == []


def test_recovery_leaves_a_file_alone_while_a_writer_still_holds_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A killed crawl's writer process may still be flushing: its file waits for it."""
    import archive.recovery

    killed = RotatingWarcWriter(tmp_path, prefix="killed")
    killed.write_exchange(exchange(1))
    killed_path = killed.open_path
    killed.abandon()  # as a killed crawl's writer leaves it: records on disk, lock released
    still_writing = RotatingWarcWriter(tmp_path, prefix="writing")
    still_writing.write_exchange(exchange(2))
    writing_path = still_writing.open_path
    assert killed_path is not None and writing_path is not None
    monkeypatch.setattr(archive.recovery, "WRITER_EXIT_WAIT_S", 0.2)
    try:
        recovered = recover_directory(tmp_path)
        assert [r.open_path for r in recovered] == [killed_path]
        assert writing_path.exists()  # untouched, for the next run
        with writer_gone(writing_path, timeout=0.1) as gone:
            assert not gone
    finally:
        still_writing.abandon()
    with writer_gone(writing_path, timeout=0.1) as gone:
        assert gone
    assert [r.open_path for r in recover_directory(tmp_path)] == [writing_path]


def test_middleware_recovers_leftovers_before_its_writer_opens_a_file(tmp_path: Path) -> None:
    leftover(tmp_path, "cut-mid-gzip-member.warc.gz")
    leftover(tmp_path, "empty.warc.gz")
    crawler = get_crawler(
        settings_dict={"MIRROR_ARCHIVE_DIR": str(tmp_path), "MIRROR_PERSIST": True}
    )
    middleware = WarcCaptureMiddleware.from_crawler(crawler)
    try:
        assert middleware.writer.open_path is None  # the new run has not written yet
        assert not list(tmp_path.glob(f"*{OPEN}"))
    finally:
        middleware.writer.close()  # its process: no spider closes it here
    assert crawler.stats is not None
    assert crawler.stats.get_value("archive/recovered_files") == 2
    cut = CORPUS / "cut-mid-gzip-member.warc.gz"
    expected_bad = cut.stat().st_size - CORPUS_EXPECTATIONS[cut.name].good_end
    assert crawler.stats.get_value("archive/quarantined_bytes") == expected_bad


# -- end to end: SIGKILL a real crawl, then crawl again ------------------------------------------

FILMS = "3000"
# The killed run and the one after it crawl the site after edits to half its films, so
# the killed run captures changed pages in full, some of whose records it never stored.
MUTATION = ("--mutate", "0.5", "--mutate-seed", "3")
MUTATED_SITE = ReplicaConfig(films=int(FILMS), mutate=0.5, mutate_seed=3)
ROTATE_BYTES = 1_500_000  # past the writer's 1 MiB buffer, so a killed file has bytes on disk
FLUSHED = 64 * 1024  # more than a warcinfo record: the buffer has reached the disk


def crawl_command(base_url: str, archive_dir: Path, db_url: str) -> list[str]:
    command = [str(BIN / "scrapy"), "crawl", "miff", "-s", f"MIFF_BASE_URL={base_url}"]
    for setting in (
        f"MIRROR_DATABASE_URL={db_url}",
        f"MIRROR_ARCHIVE_DIR={archive_dir}",
        f"MIRROR_WARC_MAX_BYTES={ROTATE_BYTES}",
        "LOG_LEVEL=WARNING",
        # Linking 3,000 entries into works at each run's end is not what this tests.
        "MIRROR_LINK=0",
    ):
        command += ["-s", setting]
    return command


def tear_last_record(directory: Path) -> None:
    """Cut the last record of each killed file short, as a torn write would.

    warcio flushes every record to the OS as it is written, so a SIGKILL alone leaves
    the file on a record boundary (the kill can still split a response from its
    request). The OS losing the end of a write (power loss, a full disk) cuts a gzip
    member; this adds that to the real leftover so the next crawl must quarantine it.
    """
    for path in directory.glob(f"*{OPEN}"):
        check = check_warc(path)
        if check.records > 1 and check.is_valid:
            os.truncate(path, check.good_end - 7)


def wait_for_partly_written_file(
    directory: Path, process: subprocess.Popen[bytes], before: set[Path], timeout: float = 120
) -> None:
    """Return once the run finished a file (one not in ``before``) and the open one holds
    more than its warcinfo."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert process.poll() is None, "the crawl ended before it could be killed"
        open_sizes = [p.stat().st_size for p in directory.glob(f"*{OPEN}") if p.exists()]
        finished_now = set(directory.glob("*.warc.gz")) - before
        if finished_now and any(size > FLUSHED for size in open_sizes):
            return
        time.sleep(0.02)
    raise AssertionError(f"no partly written WARC file in {directory} within {timeout} s")


@pytest.mark.slow
def test_sigkilled_crawl_is_recovered_by_the_next_crawl(tmp_path: Path) -> None:
    archive_dir = tmp_path / "warc"
    db_url = f"sqlite:///{tmp_path / 'mirror.db'}"
    port = free_port()
    # A finished run first: its captures are the originals the later runs revisit.
    with replica_subprocess("--films", FILMS, port=port) as url:
        command = crawl_command(url, archive_dir, db_url)
        first = subprocess.run(command, cwd=REPO, env=_env(), capture_output=True, text=True)
        assert first.returncode == 0, first.stderr[-3000:]
    first_files = set(archive_dir.glob("*.warc.gz"))
    with replica_subprocess("--films", FILMS, *MUTATION, port=port) as url:
        killed = subprocess.Popen(
            command, cwd=REPO, env=_env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        try:
            wait_for_partly_written_file(archive_dir, killed, first_files)
        finally:
            killed.send_signal(signal.SIGKILL)
            killed.wait(timeout=30)
        assert killed.returncode == -signal.SIGKILL
        # The crawl's writer process outlives it long enough to flush its last records;
        # look once it has let go of its file, as the next run's recovery does.
        for leftover in archive_dir.glob(f"*{OPEN}"):
            with writer_gone(leftover) as gone:
                assert gone
        tear_last_record(archive_dir)
        leftovers = {p.name: p.read_bytes() for p in archive_dir.glob(f"*{OPEN}")}
        assert leftovers, "the kill left no open WARC file"
        # The digest index only ever names finished files, never the killed run's open one.
        finished_before = {p.name for p in archive_dir.glob("*.warc.gz")}
        assert indexed_files(db_url) <= finished_before
        checks = {name: check_warc(archive_dir / name) for name in leftovers}
        assert any(check.tail_bytes for check in checks.values())

        second = subprocess.run(
            command, cwd=REPO, env=_env(), capture_output=True, text=True, timeout=600
        )
    assert second.returncode == 0, second.stderr[-3000:]
    assert "Recovered" in second.stderr

    assert not list(archive_dir.rglob(f"*{OPEN}"))
    files = sorted(archive_dir.glob("*.warc.gz"))
    check = warcio_check(*files)
    assert check.returncode == 0, check.stdout + check.stderr
    assert all(gzip_test(path) for path in files)

    quarantine = archive_dir / QUARANTINE_DIR
    for name, data in leftovers.items():
        result = checks[name]
        final = archive_dir / name.removesuffix(OPEN)
        kept = final.read_bytes() if result.records else b""
        assert kept == data[: result.good_end]
        cut = data[len(kept) :]
        if cut or not result.records:
            (bad,) = quarantine.glob(f"{final.name}.from-{len(kept)}.bad")
            assert bad.read_bytes() == cut  # nothing lost: kept + quarantined == leftover
        if result.records:
            index = archive_dir / "indexes" / (final.name + ".cdxj")
            assert index.read_text() == cdxj_text(index_warc(final))
        assert count_records(final) == result.records

    # The recovered file was indexed at the next start; every record of every file is.
    in_files = {c.record_id: c for path in files for c in read_captures(path)}
    assert indexed_record_ids(db_url) == set(in_files)
    assert {name.removesuffix(OPEN) for name in leftovers} & indexed_files(db_url)
    # No revisit points at a missing original.
    originals = {rid for rid, c in in_files.items() if c.record_type == "response"}
    revisits = [c for c in in_files.values() if c.record_type == "revisit"]
    assert revisits, "the second crawl revalidated nothing"
    assert all(c.refers_to in originals for c in revisits)

    # Nothing the killed run fetched is lost to a revisit: the mirror holds every film,
    # each once, as the site shows it, with one synopsis version each.
    exported = export(db_url)
    assert len(exported) == len({record["film_id"] for record in exported})
    assert by_film_id(exported) == by_film_id(list(build_site(MUTATED_SITE).truth_records()))
    # Each text a film's synopsis had on either site is stored once (history included).
    versions = sum(
        len({text for text in (before["synopsis"], after["synopsis"]) if text is not None})
        for before, after in zip(
            build_site(ReplicaConfig(films=int(FILMS))).truth_records(),
            build_site(MUTATED_SITE).truth_records(),
            strict=True,
        )
    )
    assert row_count(db_url, "synopses") == versions


def row_count(db_url: str, table: str) -> int:
    engine = make_engine(db_url)
    try:
        with engine.connect() as conn:
            return len(conn.execute(select(Base.metadata.tables[table])).all())
    finally:
        engine.dispose()


def indexed_files(db_url: str) -> set[str]:
    store = CaptureStore(db_url)
    try:
        return store.indexed_files()
    finally:
        store.close()


def indexed_record_ids(db_url: str) -> set[str]:
    engine = make_engine(db_url)
    try:
        with engine.connect() as conn:
            return set(conn.scalars(select(Capture.record_id)))
    finally:
        engine.dispose()


def count_records(path: Path) -> int:
    if not path.exists():
        return 0
    with path.open("rb") as stream:
        return sum(1 for _ in ArchiveIterator(stream))
