"""The crawl's processes collect cyclic garbage less often (mirror/gc_tuning.py): with
CPython's defaults the collector took nearly half the crawl process's CPU."""

from __future__ import annotations

import gc
import logging
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from common.gc_tuning import (
    ENVIRONMENT_VARIABLE,
    THRESHOLDS,
    enabled_by_environment,
    tune_collector,
    tune_collector_unless_disabled,
)
from mirror.replica.server import ReplicaServer
from mirror.replica.site import ReplicaConfig, build_site
from tests.crawl_helpers import run_crawl
from tests.dedup_fixtures import import_file, write_lines

FILMS = ReplicaConfig(films=10)
TUNED = re.compile(r"garbage collector tuned in (\S+): (\d+) objects frozen")


def _debug_log(tmp_path: Path, *settings: str) -> str:
    db_url = f"sqlite:///{tmp_path / 'mirror.db'}"
    with ReplicaServer(build_site(FILMS)) as server:
        result = run_crawl(
            server.url, db_url, "LOG_LEVEL=DEBUG", "MIRROR_EXTRACT_WORKERS=1", *settings
        )
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stderr


@pytest.fixture
def restored_collector() -> Iterator[None]:
    thresholds = gc.get_threshold()
    yield
    gc.unfreeze()
    gc.set_threshold(*thresholds)


def test_tuning_freezes_what_is_alive_and_raises_the_thresholds(restored_collector: None) -> None:
    tune_collector()
    assert gc.get_threshold() == THRESHOLDS
    assert gc.get_freeze_count() > 0


@pytest.mark.parametrize(
    ("value", "enabled"),
    [(None, True), ("1", True), ("yes", True), ("0", False), ("false", False), (" OFF ", False)],
)
def test_the_environment_turns_tuning_off(
    monkeypatch: pytest.MonkeyPatch, value: str | None, enabled: bool
) -> None:
    if value is None:
        monkeypatch.delenv(ENVIRONMENT_VARIABLE, raising=False)
    else:
        monkeypatch.setenv(ENVIRONMENT_VARIABLE, value)
    assert enabled_by_environment() is enabled


def test_commands_keep_the_defaults_when_the_environment_says_so(
    monkeypatch: pytest.MonkeyPatch, restored_collector: None
) -> None:
    monkeypatch.setenv(ENVIRONMENT_VARIABLE, "0")
    # CPython's defaults, whatever an earlier test in this process left (commands run
    # in-process tune the collector of the test process itself).
    gc.set_threshold(700, 10, 10)
    tune_collector_unless_disabled()
    assert gc.get_threshold() == (700, 10, 10)


def test_a_crawl_tunes_its_own_process_its_worker_and_its_store(tmp_path: Path) -> None:
    tuned = {name: int(frozen) for name, frozen in TUNED.findall(_debug_log(tmp_path))}
    assert set(tuned) == {"MainProcess", "extraction-worker", "mirror-store"}
    assert all(frozen > 0 for frozen in tuned.values())


def test_a_crawl_with_tuning_off_keeps_the_defaults_everywhere(tmp_path: Path) -> None:
    log = _debug_log(tmp_path, "MIRROR_GC_TUNING=0")
    assert "Enabled extensions" in log
    assert TUNED.findall(log) == []


@pytest.mark.parametrize("setting", ["1", "0"])
def test_corpus_import_tunes_its_process_unless_told_not_to(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
    restored_collector: None,
    setting: str,
) -> None:
    monkeypatch.setenv(ENVIRONMENT_VARIABLE, setting)
    gc.set_threshold(700, 10, 10)  # CPython's defaults, whatever an earlier test left
    corpus = write_lines(
        tmp_path / "corpus.txt",
        [
            b"Une institutrice retrouve le village de son enfance.",
            b"Ein alter Fischer baut sein Boot ein letztes Mal.",
        ],
    )
    with caplog.at_level(logging.DEBUG, logger="common.gc_tuning"):
        import_file(f"sqlite:///{tmp_path / 'mirror.db'}", corpus)
    tuned = [r for r in caplog.records if r.getMessage().startswith("garbage collector tuned")]
    if setting == "1":
        assert tuned and gc.get_threshold() == THRESHOLDS
    else:
        assert not tuned and gc.get_threshold() == (700, 10, 10)
