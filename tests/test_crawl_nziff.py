"""End to end: `scrapy crawl nziff` over a real NZIFF replica into SQLite and PostgreSQL.

Every field of the truth comes back out of `mirror export --full` (runtime, languages,
credits and NZIFF's own fields included), and a second crawl of the same site changes
no row.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from mirror.replica_process import replica_subprocess
from tests.crawl_helpers import comparable, export, run_crawl, truth
from tests.db_fixtures import snapshot

pytest_plugins = ["tests.db_fixtures"]

FILMS = "300"


@pytest.fixture(scope="module")
def replica_url() -> Iterator[str]:
    with replica_subprocess("--site", "nziff", "--films", FILMS) as url:
        yield url


@pytest.fixture(scope="module")
def site_truth() -> dict[str, dict[str, Any]]:
    return {r["film_id"]: r for r in truth("--site", "nziff", "--films", FILMS)}


def _crawl(replica_url: str, db_url: str) -> None:
    result = run_crawl(replica_url, db_url, spider="nziff")
    assert result.returncode == 0, result.stderr[-3000:]


def _assert_reproduces(db_url: str, expected: dict[str, dict[str, Any]]) -> None:
    exported = {r["film_id"]: r for r in export(db_url, "--full")}
    missing = sorted(set(expected) - set(exported))
    unexpected = sorted(set(exported) - set(expected))
    assert not missing and not unexpected, f"missing {missing[:5]}, unexpected {unexpected[:5]}"
    differing = {}
    for film_id, want in expected.items():
        got = exported[film_id]
        # work_id: the truth's is an opaque label, the mirror's a number (see
        # test_cross_festival for how works are compared); the rest field by field.
        fields = [key for key in want if key != "work_id"]
        got_values = comparable({key: got.get(key) for key in fields})
        want_values = comparable({key: want[key] for key in fields})
        if got_values != want_values:
            differing[film_id] = {
                key: (got_values[key], value)
                for key, value in want_values.items()
                if got_values[key] != value
            }
    assert not differing, f"{len(differing)} films differ, e.g. {list(differing.items())[:3]}"


@pytest.fixture(scope="module")
def sqlite_crawl(replica_url: str, tmp_path_factory: pytest.TempPathFactory) -> str:
    db_url = f"sqlite:///{tmp_path_factory.mktemp('nziff') / 'mirror.db'}"
    _crawl(replica_url, db_url)
    return db_url


def test_crawl_into_sqlite_reproduces_every_field(
    sqlite_crawl: str, site_truth: dict[str, dict[str, Any]]
) -> None:
    _assert_reproduces(sqlite_crawl, site_truth)


def test_a_second_crawl_changes_no_row(sqlite_crawl: str, replica_url: str) -> None:
    before = snapshot(sqlite_crawl)
    _crawl(replica_url, sqlite_crawl)
    assert snapshot(sqlite_crawl) == before


@pytest.mark.postgres
def test_crawl_into_postgres_reproduces_every_field(
    replica_url: str, postgres_url: str, site_truth: dict[str, dict[str, Any]]
) -> None:
    _crawl(replica_url, postgres_url)
    _assert_reproduces(postgres_url, site_truth)
    before = snapshot(postgres_url)
    _crawl(replica_url, postgres_url)
    assert snapshot(postgres_url) == before
