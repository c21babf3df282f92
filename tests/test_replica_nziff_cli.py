"""`mirror replica truth|serve --site nziff`, and a clear error for an unknown site."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mirror.replica.cli import replica_app
from mirror.replica.faults import VALID_KEYS
from mirror.replica.nziff.truth import TRUTH_KEYS

REPO = Path(__file__).resolve().parents[1]


def test_truth_with_site_nziff_prints_nziff_records() -> None:
    result = CliRunner().invoke(replica_app, ["truth", "--site", "nziff", "--films", "120"])
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in result.output.splitlines()]
    assert len(records) == 120
    assert all(r["festival"] == "nziff" and tuple(r) == TRUTH_KEYS for r in records)


def test_site_miff_is_the_default() -> None:
    runner = CliRunner()
    default = runner.invoke(replica_app, ["truth", "--films", "80"]).output
    assert (
        default == runner.invoke(replica_app, ["truth", "--site", "miff", "--films", "80"]).output
    )
    assert json.loads(default.splitlines()[0])["festival"] == "miff"


def test_nziff_truth_follows_mutate_and_remove() -> None:
    runner = CliRunner()
    plain = runner.invoke(replica_app, ["truth", "--site", "nziff", "--films", "100"]).output
    mutated = runner.invoke(
        replica_app, ["truth", "--site", "nziff", "--films", "100", "--mutate", "0.1"]
    ).output
    removed = runner.invoke(
        replica_app, ["truth", "--site", "nziff", "--films", "100", "--remove", "0.1"]
    ).output
    assert plain != mutated
    assert len(removed.splitlines()) == 90


@pytest.mark.parametrize("command", ["truth", "serve"])
def test_an_unknown_site_is_a_clear_error(command: str) -> None:
    result = CliRunner().invoke(replica_app, [command, "--site", "tiff", "--films", "10"])
    assert result.exit_code == 2
    assert "unknown site 'tiff'" in result.output and "miff, nziff" in result.output


def test_records_are_refused_for_nziff(tmp_path: Path) -> None:
    records = tmp_path / "records.jsonl"
    records.write_text('{"film_id": "1", "title": "One"}\n', encoding="utf-8")
    result = CliRunner().invoke(
        replica_app, ["truth", "--site", "nziff", "--records", str(records)]
    )
    assert result.exit_code == 2 and "--site miff" in result.output


def test_serve_rejects_a_bad_fault_spec_for_nziff() -> None:
    result = CliRunner().invoke(
        replica_app, ["serve", "--site", "nziff", "--films", "20", "--faults", "boom=1"]
    )
    assert result.exit_code == 2
    assert ", ".join(VALID_KEYS) in result.output  # every valid key, in order


def test_the_mirror_command_runs_the_nziff_truth() -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "mirror.cli",
            "replica",
            "truth",
            "--site",
            "nziff",
            "--films",
            "40",
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert len(result.stdout.splitlines()) == 40


def test_help_names_the_site_option() -> None:
    for command in ("serve", "truth"):
        result = CliRunner().invoke(replica_app, [command, "--help"])
        assert result.exit_code == 0 and "--site" in result.output and "nziff" in result.output
