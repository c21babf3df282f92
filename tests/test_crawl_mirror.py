"""End to end: `scrapy crawl miff` over a real replica server into SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from mirror.replica_process import replica_subprocess
from tests.crawl_helpers import by_film_id, export, run_crawl, truth

FILMS = "300"


@pytest.fixture(scope="module")
def replica_url() -> Iterator[str]:
    with replica_subprocess("--films", FILMS) as url:
        yield url


@pytest.fixture(scope="module")
def site_truth() -> dict[str, dict]:
    return by_film_id(truth("--films", FILMS))


def _assert_reproduces(exported: dict[str, dict], expected: dict[str, dict]) -> None:
    missing = sorted(set(expected) - set(exported))
    extra = sorted(set(exported) - set(expected))
    assert not missing and not extra, f"missing {missing[:10]}, unexpected {extra[:10]}"
    differing = {
        film_id: {
            key: (exported[film_id].get(key), value)
            for key, value in expected[film_id].items()
            if exported[film_id].get(key) != value
        }
        for film_id in expected
        if exported[film_id] != expected[film_id]
    }
    assert not differing, f"{len(differing)} films differ, e.g. {list(differing.items())[:3]}"


@pytest.fixture(scope="module")
def sqlite_crawl(replica_url: str, tmp_path_factory: pytest.TempPathFactory) -> str:
    db_url = f"sqlite:///{tmp_path_factory.mktemp('crawl') / 'mirror.db'}"
    result = run_crawl(replica_url, db_url)
    assert result.returncode == 0, result.stderr[-3000:]
    return db_url


def test_crawl_into_sqlite_reproduces_truth(sqlite_crawl: str, site_truth: dict) -> None:
    _assert_reproduces(by_film_id(export(sqlite_crawl)), site_truth)


def test_every_entry_is_exported_once(sqlite_crawl: str) -> None:
    ids = [record["film_id"] for record in export(sqlite_crawl)]
    assert len(ids) == len(set(ids))


@pytest.mark.postgres
def test_crawl_into_postgres_reproduces_truth(
    replica_url: str, site_truth: dict, postgres_url: str
) -> None:
    result = run_crawl(replica_url, postgres_url)
    assert result.returncode == 0, result.stderr[-3000:]
    _assert_reproduces(by_film_id(export(postgres_url)), site_truth)


def test_unreachable_database_aborts_with_one_line_reason(replica_url: str) -> None:
    result = run_crawl(
        replica_url,
        "postgresql+psycopg://root@127.0.0.1:9/nowhere",
        "MIRROR_DB_RETRY_SECONDS=2",
        timeout=300,
    )
    assert result.returncode != 0
    reason_lines = [line for line in result.stderr.splitlines() if line.startswith("crawl aborted")]
    assert len(reason_lines) == 1, result.stderr[-2000:]


def test_datasette_opens_the_crawled_sqlite_mirror(sqlite_crawl: str) -> None:
    import asyncio

    from datasette.app import Datasette

    path = sqlite_crawl.removeprefix("sqlite:///")

    async def query() -> dict:
        datasette = Datasette([path], immutables=[])
        response = await datasette.client.get(
            "/mirror.json?sql=select+count(*)+as+n+from+entries&_shape=array"
        )
        assert response.status_code == 200, response.text
        return response.json()[0]

    assert asyncio.run(query())["n"] == int(FILMS)
