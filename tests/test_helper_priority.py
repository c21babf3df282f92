"""The crawl's helper processes run below the crawl's reactor (scraper/priority.py)."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import pytest
from scrapy.settings import Settings

from archive.writer_process import WarcWriterProcess
from db.store_process import StoreProcess
from mirror.replica.server import ReplicaServer
from mirror.replica.site import ReplicaConfig, build_site
from scraper.priority import DEFAULT, helper_niceness
from tests.crawl_helpers import run_crawl


@pytest.mark.parametrize(
    ("value", "expected"),
    [(None, DEFAULT), ("0", 0), ("7", 7), (19, 19), ("20", None), ("-1", None), ("x", None)],
)
def test_the_setting_is_a_niceness_step_from_0_to_19(value: Any, expected: int | None) -> None:
    settings = Settings({} if value is None else {"MIRROR_HELPER_NICE": value})
    if expected is None:
        with pytest.raises(ValueError, match="MIRROR_HELPER_NICE must be"):
            helper_niceness(settings)
    else:
        assert helper_niceness(settings) == expected


def _niceness(pid: int | None) -> int:
    assert pid is not None
    return os.getpriority(os.PRIO_PROCESS, pid)


def test_the_store_and_warc_writer_processes_take_the_steps_they_are_given(
    tmp_path: Path,
) -> None:
    parent = os.getpriority(os.PRIO_PROCESS, 0)
    store = StoreProcess(f"sqlite:///{tmp_path / 'mirror.db'}", nice=2)
    writer = WarcWriterProcess(tmp_path / "warc", nice=3)
    try:
        store.migrate()  # answered: the child is up and past its start-up
        writer.sync()
        assert _niceness(store._worker.pid) == min(parent + 2, 19)
        assert _niceness(writer._worker.pid) == min(parent + 3, 19)
    finally:
        writer.close()
        store.close()


def test_a_crawl_starts_each_helper_at_the_configured_niceness(tmp_path: Path) -> None:
    """Extraction worker, store process and WARC writer, from one setting."""
    parent = os.getpriority(os.PRIO_PROCESS, 0)
    with ReplicaServer(build_site(ReplicaConfig(films=5))) as server:
        result = run_crawl(
            server.url,
            f"sqlite:///{tmp_path / 'mirror.db'}",
            "LOG_LEVEL=DEBUG",
            "MIRROR_LINK=0",
            "MIRROR_EXTRACT_WORKERS=1",
            "MIRROR_STORE_PROCESS=1",
            f"MIRROR_ARCHIVE_DIR={tmp_path / 'warc'}",
            "MIRROR_HELPER_NICE=4",
        )
    assert result.returncode == 0, result.stderr[-3000:]
    started = dict(re.findall(r"(\S+) runs at niceness (\d+)", result.stderr))
    expected = str(min(parent + 4, 19))
    assert started == {
        "extraction-worker": expected,
        "mirror-store": expected,
        "warc-writer": expected,
    }
