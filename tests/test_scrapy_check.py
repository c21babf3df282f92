"""`scrapy check miff`: the spider's contracts hold against a live replica."""

from __future__ import annotations

import subprocess
from pathlib import Path

from mirror.replica_process import replica_subprocess
from tests.crawl_helpers import BIN, REPO, _env


def test_scrapy_check_miff_passes_against_replica(tmp_path: Path) -> None:
    database = f"sqlite:///{tmp_path / 'check.db'}"
    with replica_subprocess("--films", "100") as url:
        result = subprocess.run(
            [
                str(BIN / "scrapy"),
                "check",
                "miff",
                "-s",
                f"MIFF_BASE_URL={url}",
                "-s",
                f"MIRROR_DATABASE_URL={database}",
            ],
            cwd=REPO,
            env=_env(),
            capture_output=True,
            text=True,
            timeout=300,
        )
    assert result.returncode == 0, result.stderr[-3000:]
    assert "OK" in result.stderr.splitlines()[-1]
