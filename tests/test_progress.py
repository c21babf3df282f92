"""The progress line of long crawls (scraper/progress.py): films stored, rate, ETA."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from mirror.replica_process import replica_subprocess
from scraper.progress import Progress, eta_seconds, format_duration
from tests.crawl_helpers import run_crawl, truth

FILMS = 40
LINE = re.compile(
    r"\[scraper\.progress\] INFO: progress: (?P<films>\d+) films stored \((?P<rate>\d+)/min\); "
    r"film pages (?P<done>\d+) done of (?P<scheduled>\d+) scheduled; "
    r"ETA (?P<eta>unknown|\d+s|\d+m\d\ds|\d+h\d\dm)$"
)


@pytest.mark.parametrize(
    ("seconds", "text"),
    [(None, "unknown"), (0, "0s"), (41.4, "41s"), (393, "6m33s"), (7500, "2h05m")],
)
def test_durations_read_at_a_glance(seconds: float | None, text: str) -> None:
    assert format_duration(seconds) == text


def test_eta_is_the_pages_to_go_at_the_recent_rate() -> None:
    assert eta_seconds(remaining=2700, done_delta=300, elapsed_s=60) == 540
    assert eta_seconds(remaining=0, done_delta=0, elapsed_s=60) == 0
    assert eta_seconds(remaining=10, done_delta=0, elapsed_s=60) is None  # no rate yet


def test_the_line_names_every_number() -> None:
    line = Progress(
        films=1234, films_per_minute=411.6, pages_done=1300, pages_scheduled=4000, eta_s=393
    ).line()
    assert line == (
        "progress: 1234 films stored (412/min); film pages 1300 done of 4000 scheduled; ETA 6m33s"
    )


@pytest.fixture(scope="module")
def replica_url() -> Iterator[str]:
    with replica_subprocess("--films", str(FILMS)) as url:
        yield url


def test_a_crawl_logs_progress_and_closes_with_the_whole_runs_numbers(
    replica_url: str, tmp_path: Path
) -> None:
    db_url = f"sqlite:///{tmp_path / 'mirror.db'}"
    result = run_crawl(
        replica_url, db_url, "MIRROR_LINK=0", "LOG_LEVEL=INFO", "MIRROR_PROGRESS_INTERVAL=0.2"
    )
    assert result.returncode == 0, result.stderr[-3000:]
    logged = [line for line in result.stderr.splitlines() if "[scraper.progress]" in line]
    matches = [LINE.search(line) for line in logged]
    assert logged and all(matches), logged  # however many intervals passed: all well-formed
    numbers = [{k: int(v) for k, v in m.groupdict().items() if k != "eta"} for m in matches if m]
    for line in numbers:
        assert line["done"] <= line["scheduled"]
    films = [line["films"] for line in numbers]
    assert films == sorted(films)  # counts only grow
    closing, closing_eta = numbers[-1], matches[-1]["eta"]  # logged as the spider closes
    entries = len(truth("--films", str(FILMS)))  # the site's film entries
    assert closing["films"] == entries
    assert closing["done"] == closing["scheduled"] == entries  # every film page done
    assert closing_eta == "0s"
    assert closing["rate"] > 0


def test_an_interval_of_0_turns_it_off(replica_url: str, tmp_path: Path) -> None:
    db_url = f"sqlite:///{tmp_path / 'mirror.db'}"
    result = run_crawl(
        replica_url, db_url, "MIRROR_LINK=0", "LOG_LEVEL=INFO", "MIRROR_PROGRESS_INTERVAL=0"
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert "[scraper.progress]" not in result.stderr
