"""`mirror review` as a person uses it: answers as letters or words, undo, and a
review left open at its prompt that holds no lock, so a crawl runs meanwhile."""

from __future__ import annotations

import json
import os
import select
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from typer.testing import CliRunner

from mirror.cli import app
from mirror.replica_process import replica_subprocess
from tests.crawl_helpers import REPO, run_crawl
from tests.dedup_fixtures import import_file, run, seed_paths

PROMPT = b"Same film?"
# A bound on waiting for the prompt, not a speed check: far above what it takes.
PROMPT_WAIT_S = 300


def _seeded_db(tmp_path: Path) -> str:
    db_url = f"sqlite:///{tmp_path / 'mirror.db'}"
    for path in seed_paths():
        import_file(db_url, path)
    return db_url


def _pending(db_url: str) -> list[tuple[str, str]]:
    listed = json.loads(run("review", "--db", db_url, "--list", "--json").stdout)
    return [(item["left"]["key"], item["right"]["key"]) for item in listed]


def _decisions(db_url: str) -> list[tuple[str, str, str]]:
    with sqlite3.connect(db_url.removeprefix("sqlite:///")) as connection:
        return connection.execute(
            "select left_key, right_key, decision from review_decisions"
        ).fetchall()


def test_undo_puts_the_decided_pair_back(tmp_path: Path) -> None:
    db_url = _seeded_db(tmp_path)
    pending = _pending(db_url)
    assert pending, "the seed corpus leaves at least one pair for review"
    result = CliRunner().invoke(app, ["review", "--db", db_url], input="accept\nundo\nq\n")
    assert result.exit_code == 0, result.output
    assert "accepted." in result.stdout and "Undone:" in result.stdout
    assert _decisions(db_url) == []
    assert _pending(db_url) == pending


def test_words_and_letters_are_answers_and_anything_else_is_asked_again(tmp_path: Path) -> None:
    db_url = _seeded_db(tmp_path)
    first = _pending(db_url)[0]
    result = CliRunner().invoke(app, ["review", "--db", db_url], input="maybe\nreject\nq\n")
    assert result.exit_code == 0, result.output
    assert "'maybe' is not an answer" in result.stdout
    assert _decisions(db_url) == [(*sorted(first), "reject")]


def test_the_pair_is_shown_with_what_a_reviewer_needs(tmp_path: Path) -> None:
    db_url = _seeded_db(tmp_path)
    result = CliRunner().invoke(app, ["review", "--db", db_url], input="q\n", terminal_width=140)
    assert result.exit_code == 0, result.output
    left, right = _pending(db_url)[0]
    assert left in result.stdout and right in result.stdout
    assert "probability" in result.stdout and "language:" in result.stdout


def _wait_for_prompt(process: subprocess.Popen[bytes]) -> bytes:
    assert process.stdout is not None
    seen = b""
    deadline = time.monotonic() + PROMPT_WAIT_S
    while PROMPT not in seen:
        assert time.monotonic() < deadline, f"no prompt; saw {seen[-500:]!r}"
        ready, _, _ = select.select([process.stdout], [], [], 1.0)
        if ready:
            chunk = os.read(process.stdout.fileno(), 65536)
            assert chunk, f"review ended early: {seen[-500:]!r}"
            seen += chunk
    return seen


def test_an_open_review_does_not_block_a_crawl(tmp_path: Path) -> None:
    db_url = _seeded_db(tmp_path)
    first = _pending(db_url)[0]
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    env.pop("MIRROR_DATABASE_URL", None)
    review = subprocess.Popen(
        [sys.executable, "-m", "mirror.cli", "review", "--db", db_url],
        cwd=REPO,
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        _wait_for_prompt(review)
        # The reviewer is reading the pair: a whole crawl, linking included, runs now.
        with replica_subprocess("--films", "60") as base_url:
            crawl = run_crawl(base_url, db_url)
        assert crawl.returncode == 0, crawl.stderr[-3000:]
        with sqlite3.connect(db_url.removeprefix("sqlite:///")) as connection:
            status = connection.execute(
                "select status from crawl_runs order by id desc limit 1"
            ).fetchone()
        assert status == ("finished",)
        out, err = review.communicate(b"r\nq\n", timeout=PROMPT_WAIT_S)
    finally:
        if review.poll() is None:
            review.kill()
    assert review.returncode == 0, err.decode()[-2000:]
    assert (*sorted(first), "reject") in _decisions(db_url)
