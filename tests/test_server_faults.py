"""A misbehaving server: every fault is survived where it can be, counted in the run
record, and a server that only fails stops the run with its own exit status."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from mirror.replica_process import replica_subprocess
from scraper.fault_accounting import fault_counts
from scraper.server_faults import retry_after_seconds
from tests.crawl_helpers import (
    REPO,
    _env,
    by_film_id,
    crawl_command,
    export,
    free_port,
    mirror,
    run_crawl,
    truth,
)

NOW = datetime(2026, 12, 5, 12, 0, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        (None, None),
        (b"0", 0.0),
        (b"  7 ", 7.0),
        ("120", 120.0),
        (b"Sat, 05 Dec 2026 12:00:30 GMT", 30.0),
        (b"Sat, 05 Dec 2026 11:00:00 GMT", 0.0),  # already past: retry now
        (b"soon", None),
        (b"-5", None),
        (b"", None),
    ],
)
def test_retry_after_seconds(header: bytes | str | None, expected: float | None) -> None:
    assert retry_after_seconds(header, NOW) == expected


@pytest.mark.parametrize(
    ("stats", "expected"),
    [
        ({}, {}),
        (
            {
                "downloader/response_status_count/200": 90,
                "downloader/response_status_count/429": 2,
                "downloader/response_status_count/500": 3,
                "downloader/response_status_count/503": 4,
                "downloader/response_status_count/404": 1,
            },
            {"http_429": 2, "http_5xx": 7},
        ),
        (
            {
                "downloader/exception_type_count/scrapy.exceptions.DownloadTimeoutError": 1,
                "downloader/exception_type_count/twisted.internet.error.TimeoutError": 2,
                "downloader/exception_type_count/twisted.web._newclient.ResponseNeverReceived": 3,
                "downloader/exception_type_count/scrapy.exceptions.ResponseDataLossError": 4,
                "downloader/exception_type_count/scrapy.exceptions.DownloadCancelledError": 5,
                "downloader/exception_type_count/builtins.ValueError": 6,
            },
            {
                "timeouts": 3,
                "connection_errors": 3,
                "truncated_bodies": 4,
                "oversized_bodies": 5,
                "other_download_errors": 6,
            },
        ),
        (
            {
                "mirror/faults/retry_after_waits": 4,
                "mirror/faults/decompression_bombs": 1,
                "mirror/faults/redirect_loops": 0,
                "retry/count": 9,
                "retry/max_reached": 1,
                "offsite/filtered": 2,
                "finish_reason": "finished",
            },
            {
                "retry_after_waits": 4,
                "decompression_bombs": 1,
                "retries": 9,
                "retries_given_up": 1,
                "offsite_dropped": 2,
            },
        ),
    ],
)
def test_fault_counts(stats: dict[str, Any], expected: dict[str, int]) -> None:
    assert fault_counts(stats) == expected


def _last_run_faults(db_path: Path) -> dict[str, int]:
    with sqlite3.connect(db_path) as conn:
        query = "select faults from crawl_runs order by id desc limit 1"
        (faults,) = conn.execute(query).fetchone()
    return json.loads(faults) if faults else {}


TRANSIENT = "error=0.05,truncate=0.05,encoding=0.05,throttle=0.05,reset=0.05,malformed=0.05"


def test_transient_faults_are_survived_and_counted(tmp_path: Path) -> None:
    """Every kind a retry or a lenient parser gets past, at 5% on 300 films: the export
    equals the truth, and the run record counts each kind."""
    db_path = tmp_path / "mirror.db"
    films = "300"
    with replica_subprocess("--films", films, "--faults", f"{TRANSIENT},seed=5") as url:
        result = run_crawl(url, f"sqlite:///{db_path}", "MIRROR_LINK=0")
    assert result.returncode == 0, result.stderr[-3000:]
    assert by_film_id(export(f"sqlite:///{db_path}")) == by_film_id(truth("--films", films))
    faults = _last_run_faults(db_path)
    for kind in (
        "http_5xx",  # error and throttle
        "retry_after_waits",  # throttle: 429 or 503 with Retry-After: 1
        "connection_errors",  # reset
        "truncated_bodies",  # truncate
        "charset_mismatches",  # encoding
        "retries",
    ):
        assert faults.get(kind, 0) > 0, (kind, faults)
    stats = mirror("stats", "--db", f"sqlite:///{db_path}", "--json")
    assert stats.returncode == 0, stats.stderr
    assert json.loads(stats.stdout)["last_runs"][0]["faults"] == faults


# Runs a command and prints the largest resident size among it and the processes it
# waited for (the crawl's store, extraction and WARC workers), in kilobytes: this crawl
# alone, not whatever else the test process ran before.
PEAK_RSS_OF_COMMAND = (
    "import resource, subprocess, sys; code = subprocess.call(sys.argv[1:]); "
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss); sys.exit(code)"
)


def test_pages_never_served_are_dropped_with_bounded_memory(tmp_path: Path) -> None:
    """Redirect loops, a 512 MiB body and a gzip bomb: each such page is given up, counted,
    and costs no memory; every other film is stored as the truth has it."""
    db_path = tmp_path / "mirror.db"
    films = "100"
    spec = "loop=0.04,huge=0.04,bomb=0.04,seed=11"
    with replica_subprocess("--films", films, "--faults", spec) as url:
        crawl = crawl_command(url, f"sqlite:///{db_path}", "MIRROR_LINK=0", "MIRROR_HEALTH_CHECK=0")
        result = subprocess.run(
            [sys.executable, "-c", PEAK_RSS_OF_COMMAND, *crawl],
            cwd=REPO,
            env=_env(),
            capture_output=True,
            text=True,
            timeout=900,
        )
    assert result.returncode == 0, result.stderr[-3000:]
    peak_mb = int(result.stdout.split()[-1]) / 1024
    expected = by_film_id(truth("--films", films))
    stored = by_film_id(export(f"sqlite:///{db_path}"))
    assert stored, "nothing was stored"
    assert {film_id: expected[film_id] for film_id in stored} == stored
    assert len(stored) < len(expected)  # some film pages were never served
    faults = _last_run_faults(db_path)
    for kind in ("redirect_loops", "oversized_bodies", "decompression_bombs"):
        assert faults.get(kind, 0) > 0, (kind, faults)
    assert peak_mb < 500, f"a process peaked at {peak_mb:.0f} MB"


def test_a_site_that_only_fails_aborts_the_run(tmp_path: Path) -> None:
    """Nothing listens on the port: after the limit of failures in a row the run stops,
    exits 5 with the reason on stderr, and records an aborted run."""
    db_path = tmp_path / "mirror.db"
    dead = f"http://127.0.0.1:{free_port()}"
    result = run_crawl(
        dead, f"sqlite:///{db_path}", "MIRROR_MAX_CONSECUTIVE_FAILURES=3", "RETRY_TIMES=5"
    )
    assert result.returncode == 5, result.stderr[-3000:]
    assert "requests in a row failed" in result.stderr
    with sqlite3.connect(db_path) as conn:
        status, reason = conn.execute(
            "select status, finish_reason from crawl_runs order by id desc limit 1"
        ).fetchone()
    assert (status, reason) == ("aborted", "too_many_failures")
    assert _last_run_faults(db_path).get("connection_errors", 0) >= 3
