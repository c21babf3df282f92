"""Helpers for the deduplication tests: the seed corpus, the CLI run in-process (one
embedding model for the whole test process), and reading works back."""

from __future__ import annotations

import traceback
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.orm import Session
from typer.testing import CliRunner, Result

from db.queries import export_works
from db.session import make_engine
from mirror.cli import app

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"
SEED_A = SEEDS / "000_89a397e9d6531a83.txt"
SEED_B = SEEDS / "002_c5e7a29b6c4a95b3.txt"
LETO = ("doc:000_89a397e9d6531a83:1", "doc:002_c5e7a29b6c4a95b3:1")
DEDUP_SNAPSHOT_TABLES = ("works", "corpus_documents", "links", "review_decisions")


def seed_paths() -> tuple[Path, Path]:
    """Both seed files, or a skip when the shared folder is absent."""
    if not (SEED_A.exists() and SEED_B.exists()):
        pytest.skip(f"seed corpus not found in {SEEDS}")
    return SEED_A, SEED_B


def run(*args: str) -> Result:
    """`mirror …` in this process; stdout and stderr kept apart."""
    return CliRunner().invoke(app, list(args))


def import_file(db_url: str, path: Path, *options: str) -> Result:
    result = run("corpus", "import", str(path), "--db", db_url, *options)
    assert result.exit_code == 0, result.output + result.stderr + failure(result)
    return result


def failure(result: Result) -> str:
    """The exception a command ended with, traceback included ("" when none)."""
    if result.exc_info is None or isinstance(result.exception, SystemExit):
        return ""
    return "".join(traceback.format_exception(*result.exc_info))


def works(db_url: str) -> list[dict]:
    engine = make_engine(db_url)
    try:
        with Session(engine) as session:
            films, _ = export_works(session)
            return films
    finally:
        engine.dispose()


def member_key(member: dict) -> str:
    if member["kind"] == "doc":
        return f"doc:{member['doc']}"
    return f"entry:{member['festival']}:{member['film_id']}"


def shared_works(db_url: str) -> list[list[str]]:
    """Members of every work with more than one member, each sorted."""
    return sorted(
        sorted(member_key(m) for m in film["members"])
        for film in works(db_url)
        if len(film["members"]) > 1
    )


def work_of(db_url: str) -> dict[str, int | None]:
    return {member_key(m): film["work_id"] for film in works(db_url) for m in film["members"]}


def write_lines(path: Path, lines: list[bytes]) -> Path:
    path.write_bytes(b"\n".join(lines) + b"\n")
    return path


def iter_jsonl(text: str) -> Iterator[dict]:
    import json

    for line in text.splitlines():
        if line.strip():
            yield json.loads(line)
