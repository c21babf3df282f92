"""`scrapy check`: the spiders' contracts hold against a replica.

Given no base URL, the command serves each festival's replica itself
(scraper/commands/check.py), so a check never reaches the real site by accident.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from mirror.replica_process import replica_subprocess
from tests.crawl_helpers import BIN, REPO, _env


def _check(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(BIN / "scrapy"), "check", *args],
        cwd=REPO,
        env=_env(),
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_scrapy_check_miff_passes_against_replica(tmp_path: Path) -> None:
    database = tmp_path / "check.db"
    with replica_subprocess("--films", "100") as url:
        result = _check(
            "miff", "-s", f"MIFF_BASE_URL={url}", "-s", f"MIRROR_DATABASE_URL=sqlite:///{database}"
        )
    assert result.returncode == 0, result.stderr[-3000:]
    assert "OK" in result.stderr.splitlines()[-1]
    assert "against its replica" not in result.stderr  # the site given was used
    assert not database.exists()  # a check writes no mirror


def test_scrapy_check_serves_each_festivals_replica_when_given_no_base_url() -> None:
    result = _check()  # every spider: miff and nziff
    assert result.returncode == 0, result.stderr[-3000:]
    lines = result.stderr.splitlines()
    for festival in ("miff", "nziff"):
        announced = [line for line in lines if line.startswith(f"checking {festival} against")]
        assert len(announced) == 1, result.stderr[-3000:]
        assert "http://127.0.0.1:" in announced[0]
        assert f"--site {festival} --films 100 --seed 0" in announced[0]
    assert lines[-1] == "OK"
    # Both spiders' contracts ran (four callbacks each, several contracts per callback).
    ran = next(line for line in lines if line.startswith("Ran "))
    assert int(ran.split()[1]) >= 8
