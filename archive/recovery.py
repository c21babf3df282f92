"""Finish the WARC files a killed crawl left open, keeping every complete record.

A ``NAME.warc.gz.open`` file at startup belongs to a run that died before closing
it (the writer renames on close). :func:`recover_directory` gives each one the
ending a clean close would have, as far as its bytes allow:

1. :func:`archive.checker.check_warc` finds the last complete, valid record;
2. the bytes after it (a record cut mid-write, or worse) are copied to
   ``quarantine/NAME.warc.gz.from-OFFSET.bad`` with a JSON note saying why
   (``…from-OFFSET.json``), and made durable, *then* cut from the file;
3. the file is renamed ``NAME.warc.gz`` and its CDXJ index is (re)built from it.

A file with no valid record at all (empty, or broken from its first byte) is moved
whole into quarantine and leaves no ``.warc.gz``. Nothing is ever deleted.

Every step can be repeated: a recovery killed half-way is finished by the next one
(the quarantine names depend only on the file name and offset, so a repeat
rewrites the same bytes). Recovery must not run while a writer may still have the
file open: callers run it at startup, under the run lock, and it first takes the lock
the writer holds on its open file (``flock``), since the writer of a killed crawl may
be a process of its own that still flushes its last records; a file whose writer has
not let go within :data:`WRITER_EXIT_WAIT_S` is left for the next run.
"""

from __future__ import annotations

import fcntl
import json
import logging
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from archive.checker import WarcCheck, check_warc
from archive.indexer import index_path_for, index_warc, write_cdxj
from archive.writer import OPEN_SUFFIX, WARC_SUFFIX, fsync_directory

logger = logging.getLogger(__name__)

QUARANTINE_DIR = "quarantine"
# How long recovery waits for a killed crawl's writer process to flush and exit.
WRITER_EXIT_WAIT_S = 60.0
_COPY_BYTES = 1 << 20


@dataclass(frozen=True, slots=True)
class Recovered:
    """What became of one leftover ``.open`` file."""

    open_path: Path  # the leftover, which no longer exists
    warc_path: Path | None  # the finished file holding the good records (None: none)
    index_path: Path | None  # its rebuilt CDXJ index
    records: int  # complete records kept
    kept_bytes: int
    quarantine_path: Path | None  # the bad bytes, if any
    quarantined_bytes: int
    problem: str | None  # why bytes were quarantined


def recover_directory(directory: Path, *, index_dir: Path | None = None) -> list[Recovered]:
    """Recover every ``*.warc.gz.open`` in ``directory``, oldest name first."""
    directory = Path(directory)
    if not directory.is_dir():
        return []
    indexes = index_dir if index_dir is not None else directory / "indexes"
    leftovers = sorted(directory.glob(f"*{WARC_SUFFIX}{OPEN_SUFFIX}"))
    recovered = []
    for path in leftovers:
        with writer_gone(path, WRITER_EXIT_WAIT_S) as gone:
            if gone:
                recovered.append(recover_file(path, index_dir=indexes))
            else:
                logger.warning(
                    "%s is still being written by another process after %g s; "
                    "left for the next run to recover",
                    path,
                    WRITER_EXIT_WAIT_S,
                )
    return recovered


@contextmanager
def writer_gone(open_path: Path, timeout: float = WRITER_EXIT_WAIT_S) -> Iterator[bool]:
    """Hold the lock a writer keeps on its open file (archive/writer.py) for the block:
    True once no writer has the file (it finished, or its process is gone), False if
    one still had it after `timeout` seconds. A file already gone counts as free."""
    try:
        stream = open(open_path, "rb")  # noqa: SIM115
    except FileNotFoundError:
        yield True
        return
    with stream:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(stream.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    yield False
                    return
                time.sleep(0.05)
        yield True  # the lock goes with the descriptor


def recover_file(open_path: Path, *, index_dir: Path) -> Recovered:
    """Recover one leftover ``NAME.warc.gz.open`` (see the module docstring)."""
    open_path = Path(open_path)
    final_path = open_path.with_name(open_path.name.removesuffix(OPEN_SUFFIX))
    quarantine = open_path.parent / QUARANTINE_DIR
    check = check_warc(open_path)

    if check.records == 0 or final_path.exists():
        # Nothing worth a .warc.gz (or its name is taken): keep all of it as evidence.
        why = check.problem or "no WARC record in the file"
        if final_path.exists():
            why = f"{final_path.name} already exists; the whole leftover is kept here"
        elif check.size == 0:
            why = "empty file: the run was killed before its first write reached the disk"
        whole = _quarantine_whole(open_path, final_path.name, quarantine, check, why)
        return Recovered(open_path, None, None, 0, 0, whole, check.size, why)

    moved: Path | None = None
    if not check.is_valid:
        moved = _quarantine_tail(open_path, final_path.name, quarantine, check)
        with open_path.open("r+b") as stream:
            stream.truncate(check.good_end)
            stream.flush()
            os.fsync(stream.fileno())
    os.replace(open_path, final_path)
    fsync_directory(final_path.parent)
    index_path = write_cdxj(index_warc(final_path), index_path_for(final_path, index_dir))
    return Recovered(
        open_path,
        final_path,
        index_path,
        check.records,
        check.good_end,
        moved,
        check.tail_bytes,
        check.problem,
    )


def _quarantine_tail(open_path: Path, name: str, quarantine: Path, check: WarcCheck) -> Path:
    target = _bad_path(quarantine, name, check.good_end)
    quarantine.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".tmp")
    with open_path.open("rb") as source, partial.open("wb") as sink:
        source.seek(check.good_end)
        while chunk := source.read(_COPY_BYTES):
            sink.write(chunk)
        sink.flush()
        os.fsync(sink.fileno())
    os.replace(partial, target)
    _write_note(target, open_path, check, kept=check.records, why=str(check.problem))
    return target


def _quarantine_whole(
    open_path: Path, name: str, quarantine: Path, check: WarcCheck, why: str
) -> Path:
    target = _bad_path(quarantine, name, 0)
    quarantine.mkdir(parents=True, exist_ok=True)
    _write_note(target, open_path, check, kept=0, why=why)
    os.replace(open_path, target)
    fsync_directory(quarantine)
    fsync_directory(open_path.parent)
    return target


def _bad_path(quarantine: Path, name: str, offset: int) -> Path:
    """``quarantine/NAME.warc.gz.from-OFFSET.bad``: never matched by ``*.warc.gz``."""
    return quarantine / f"{name}.from-{offset}.bad"


def note_path_for(bad_path: Path) -> Path:
    """The JSON note that explains a quarantined ``.bad`` file."""
    return bad_path.with_suffix(".json")


def _write_note(bad_path: Path, open_path: Path, check: WarcCheck, *, kept: int, why: str) -> None:
    offset = check.good_end if kept else 0
    note = {
        "source": open_path.name,
        "source_bytes": check.size,
        "offset": offset,  # where the quarantined bytes started in the source
        "bytes": check.size - offset,
        "tail": check.tail,
        "reason": why,
        "records_kept": kept,
        "valid_records_in_source": check.records,
        "last_valid_record_offset": check.last_record_offset,
        "quarantined_at": datetime.now(UTC).isoformat(timespec="seconds"),
    }
    path = note_path_for(bad_path)
    partial = path.with_name(path.name + ".tmp")
    partial.write_text(json.dumps(note, indent=2) + "\n", encoding="utf-8")
    os.replace(partial, path)
