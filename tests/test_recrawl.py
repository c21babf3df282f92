"""Re-crawls: the same site changes nothing; a mutated site changes exactly what mutated."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from db.models import Base
from db.session import make_engine
from mirror.replica_process import replica_subprocess
from tests.crawl_helpers import by_film_id, export, mirror, run_crawl, truth
from tests.db_fixtures import snapshot

FILMS = "300"
MUTATION = ("--mutate", "0.05", "--mutate-seed", "7")


def _crawl(replica_args: tuple[str, ...], db_url: str) -> None:
    with replica_subprocess("--films", FILMS, *replica_args) as url:
        result = run_crawl(url, db_url)
    assert result.returncode == 0, result.stderr[-3000:]


def _entries_by_film_id(db_url: str) -> dict[str, dict[str, Any]]:
    entries = Base.metadata.tables["entries"]
    engine = make_engine(db_url)
    try:
        with engine.connect() as conn:
            return {row.film_id: dict(row._mapping) for row in conn.execute(select(entries))}
    finally:
        engine.dispose()


@pytest.fixture(scope="module")
def first_crawl(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("first") / "mirror.db"
    _crawl((), f"sqlite:///{path}")
    return path


@pytest.fixture()
def crawled_db(first_crawl: Path, tmp_path: Path) -> str:
    """A private copy of the first crawl's database, for a test to crawl into again."""
    copy = tmp_path / "mirror.db"
    shutil.copyfile(first_crawl, copy)
    return f"sqlite:///{copy}"


def test_second_crawl_of_same_site_changes_no_data_row(crawled_db: str) -> None:
    before = snapshot(crawled_db)
    _crawl((), crawled_db)
    assert snapshot(crawled_db) == before


@pytest.fixture(scope="module")
def mutated_truth() -> dict[str, dict[str, Any]]:
    return by_film_id(truth("--films", FILMS, *MUTATION))


@pytest.fixture(scope="module")
def original_truth() -> dict[str, dict[str, Any]]:
    return by_film_id(truth("--films", FILMS))


@pytest.fixture()
def recrawled_after_mutation(crawled_db: str) -> tuple[str, dict[str, dict[str, Any]]]:
    before = _entries_by_film_id(crawled_db)
    _crawl(MUTATION, crawled_db)
    return crawled_db, before


def test_mutated_site_recrawl_reproduces_mutated_truth(
    recrawled_after_mutation: tuple[str, dict], mutated_truth: dict
) -> None:
    db_url, _ = recrawled_after_mutation
    assert by_film_id(export(db_url)) == mutated_truth


def test_recrawl_updates_exactly_the_mutated_entries(
    recrawled_after_mutation: tuple[str, dict], mutated_truth: dict, original_truth: dict
) -> None:
    db_url, before = recrawled_after_mutation
    after = _entries_by_film_id(db_url)
    mutated = {
        film_id for film_id in original_truth if original_truth[film_id] != mutated_truth[film_id]
    }
    changed = {film_id for film_id in after if after[film_id] != before.get(film_id)}
    assert len(mutated) == round(0.05 * int(FILMS))
    assert changed == mutated


def test_recrawl_keeps_prior_synopsis_versions(
    recrawled_after_mutation: tuple[str, dict], mutated_truth: dict, original_truth: dict
) -> None:
    db_url, before = recrawled_after_mutation
    rewritten = [
        film_id
        for film_id in original_truth
        if original_truth[film_id]["synopsis"] != mutated_truth[film_id]["synopsis"]
    ]
    assert rewritten, "the mutation should rewrite some synopses"
    for film_id in rewritten:
        shown = mirror("show", film_id, "--json", "--db", db_url)
        assert shown.returncode == 0, shown.stderr
        history = json.loads(shown.stdout)["synopsis_history"]
        previous = [version for version in history if not version["is_current"]]
        assert [version["text"] for version in previous] == [before[film_id]["synopsis"]]
