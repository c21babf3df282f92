"""`mirror replica truth|serve` as typer commands (the lead mounts replica_app)."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from mirror.replica.cli import replica_app
from mirror.replica.faults import VALID_KEYS


def test_truth_prints_one_export_record_per_film() -> None:
    result = CliRunner().invoke(replica_app, ["truth", "--films", "120", "--seed", "5"])
    assert result.exit_code == 0
    records = [json.loads(line) for line in result.output.splitlines()]
    assert len(records) == 120
    assert any(record["film_id"] == "5977" for record in records)


def test_truth_with_mutate_differs_from_plain_truth() -> None:
    runner = CliRunner()
    plain = runner.invoke(replica_app, ["truth", "--films", "120"]).output
    mutated = runner.invoke(replica_app, ["truth", "--films", "120", "--mutate", "0.1"]).output
    assert plain != mutated


def test_serve_rejects_a_bad_fault_spec_with_the_valid_keys() -> None:
    result = CliRunner().invoke(replica_app, ["serve", "--films", "80", "--faults", "boom=1"])
    assert result.exit_code == 2
    assert ", ".join(VALID_KEYS) in result.output  # every valid key, in order


def test_every_command_and_option_has_help() -> None:
    for command in ("serve", "truth"):
        result = CliRunner().invoke(replica_app, [command, "--help"])
        assert result.exit_code == 0
        assert "--films" in result.output and "--mutate" in result.output
