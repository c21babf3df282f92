"""Subset crawls: `scrapy crawl miff -a edition=YEAR` and `-a film=ID`
(scraper/crawl_selection.py).

A subset run sees part of the site by design: it tombstones nothing, records its scope,
and is health-checked only against earlier runs of the same scope.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import text

from db.session import make_engine
from db.store import MirrorStore, RunCounts
from mirror.replica_process import replica_subprocess
from scraper.crawl_selection import (
    CrawlSelection,
    SelectionError,
    merge_repeated_arguments,
    selection_for,
)
from scraper.spiders.miff import MiffSpider
from scraper.spiders.nziff import NziffSpider
from tests.crawl_helpers import mirror, run_crawl, truth

FILMS = "60"
REMOVED = ("--remove", "0.3", "--remove-seed", "1")
NZIFF_FILMS = "20"


# -- the arguments ---------------------------------------------------------------------------


def test_arguments_become_a_selection_and_its_scope() -> None:
    selection = CrawlSelection.from_arguments("1990, 1989", "6001,5977")
    assert selection.editions == {1989, 1990}
    assert selection.films == {"5977", "6001"}
    assert selection.scope == "edition=1989,1990 film=5977,6001"
    assert selection.wants_edition(1989) and not selection.wants_edition(1991)
    assert selection.wants_film("5977") and not selection.wants_film("1")


def test_no_arguments_select_the_whole_archive() -> None:
    selection = CrawlSelection.from_arguments(None, None)
    assert not selection.is_subset
    assert selection.scope is None
    assert selection.wants_edition(1952) and selection.wants_film("anything")


@pytest.mark.parametrize("edition", ["89", "1989-1990", "nineteen"])
def test_an_edition_that_is_no_year_is_refused(edition: str) -> None:
    with pytest.raises(SelectionError, match="is not a year"):
        CrawlSelection.from_arguments(edition, None)


def test_film_ids_are_checked_against_the_festivals_form() -> None:
    assert selection_for(MiffSpider, {"film": "5977"}).films == {"5977"}
    with pytest.raises(SelectionError, match="'2013/the-last-summer' is not a miff film id"):
        selection_for(MiffSpider, {"film": "2013/the-last-summer"})
    assert selection_for(NziffSpider, {"film": "2013/the-last-summer"}).films
    with pytest.raises(SelectionError, match="not a nziff film id"):
        selection_for(NziffSpider, {"film": "5977"})


def test_repeated_selection_arguments_are_joined_and_others_kept() -> None:
    spargs = ["film=5977", "MIFF_FOLLOW_ALL_LISTINGS=0", "film=6001", "edition=1989"]
    assert merge_repeated_arguments(spargs) == [
        "film=5977,6001",
        "MIFF_FOLLOW_ALL_LISTINGS=0",
        "edition=1989",
    ]


def test_an_nziff_film_id_names_the_only_year_to_walk() -> None:
    spider = NziffSpider(film="2013/the-last-summer,2015/other")
    assert spider.wants_edition(2013) and spider.wants_edition(2015)
    assert not spider.wants_edition(2014)
    assert MiffSpider(film="5977").wants_edition(1989)  # MIFF ids name no edition


def test_a_subset_crawl_never_follows_all_listings() -> None:
    spider = MiffSpider(edition="1989", MIFF_FOLLOW_ALL_LISTINGS="1")
    assert not spider.follow_all_listings
    assert MiffSpider(MIFF_FOLLOW_ALL_LISTINGS="1").follow_all_listings


# -- the store: a run's scope and its health-check baseline ------------------------------------


def test_recent_runs_are_those_of_the_same_scope(sqlite_url: str) -> None:
    store = MirrorStore(sqlite_url)
    try:
        full = store.start_run("miff")
        store.finish_run(full, "finished", "finished", RunCounts(seen=100))
        subset = store.start_run("miff", "edition=1989")
        store.finish_run(subset, "finished", "finished", RunCounts(seen=3))
        current = store.start_run("miff")

        assert [s.run_id for s in store.recent_runs("miff", current)] == [full]
        assert [s.run_id for s in store.recent_runs("miff", current, scope="edition=1989")] == [
            subset
        ]
        assert store.recent_runs("miff", current, scope="film=5977") == []
    finally:
        store.close()


# -- real crawls ------------------------------------------------------------------------------


def _runs(db_url: str) -> list[dict[str, Any]]:
    engine = make_engine(db_url)
    try:
        with engine.connect() as conn:
            rows = conn.execute(
                text(
                    "SELECT id, status, seen_count, vanished_count, scope, alarm "
                    "FROM crawl_runs ORDER BY id"
                )
            )
            return [dict(row._mapping) for row in rows]
    finally:
        engine.dispose()


def _scalar(db_url: str, sql: str, **params: Any) -> Any:
    engine = make_engine(db_url)
    try:
        with engine.connect() as conn:
            return conn.execute(text(sql), params).scalar_one()
    finally:
        engine.dispose()


@pytest.fixture(scope="module")
def full_site() -> Iterator[str]:
    with replica_subprocess("--films", FILMS) as url:
        yield url


@pytest.fixture(scope="module")
def thinned_site() -> Iterator[str]:
    """The same site with 30% of its films withdrawn: a full run would tombstone them."""
    with replica_subprocess("--films", FILMS, *REMOVED) as url:
        yield url


def test_miff_subset_runs_tombstone_nothing_and_are_not_judged_against_full_runs(
    full_site: str, thinned_site: str, tmp_path: Any
) -> None:
    db_url = f"sqlite:///{tmp_path / 'mirror.db'}"
    first = run_crawl(full_site, db_url, "MIRROR_LINK=0")
    assert first.returncode == 0, first.stderr[-3000:]

    remaining = truth("--films", FILMS, *REMOVED)
    editions = Counter(film["edition"] for film in remaining)
    # The smallest edition still on the site: far below half the full run's 60 films.
    year, in_year = min(editions.items(), key=lambda pair: (pair[1], pair[0]))
    by_edition = run_crawl(thinned_site, db_url, "MIRROR_LINK=0", spider_args=[f"edition={year}"])
    assert by_edition.returncode == 0, by_edition.stderr[-3000:]

    two = sorted(film["film_id"] for film in remaining)[:2]
    by_film = run_crawl(
        thinned_site, db_url, "MIRROR_LINK=0", spider_args=[f"film={two[0]}", f"film={two[1]}"]
    )
    assert by_film.returncode == 0, by_film.stderr[-3000:]

    full, edition_run, film_run = _runs(db_url)
    assert (full["status"], full["seen_count"], full["scope"]) == ("finished", 60, None)
    # Far fewer films than the full run, yet finished: compared with no full run.
    assert edition_run["status"] == "finished" and edition_run["alarm"] is None
    assert (edition_run["seen_count"], edition_run["scope"]) == (in_year, f"edition={year}")
    assert (film_run["seen_count"], film_run["scope"]) == (2, f"film={two[0]},{two[1]}")
    # 18 films are gone from the thinned site, but no subset run may say so.
    assert edition_run["vanished_count"] == film_run["vanished_count"] == 0
    assert _scalar(db_url, "SELECT count(*) FROM entries WHERE vanished_run_id IS NOT NULL") == 0

    # `mirror stats` tells a subset run from a full one.
    shown = mirror("stats", "--db", db_url)
    assert shown.returncode == 0, shown.stderr
    scopes = [run["scope"] for run in json.loads(shown.stdout)["last_runs"]]
    assert scopes == [f"film={two[0]},{two[1]}", f"edition={year}", None]


def test_a_bad_selection_aborts_before_anything_is_fetched(full_site: str, tmp_path: Any) -> None:
    db_url = f"sqlite:///{tmp_path / 'mirror.db'}"
    result = run_crawl(full_site, db_url, spider_args=["edition=89"])
    assert result.returncode == 2
    assert result.stderr.strip().splitlines()[-1] == (
        "crawl aborted: -a edition='89' is not a year (e.g. -a edition=1989)"
    )
    assert not (tmp_path / "mirror.db").exists()


def test_an_nziff_film_subset_walks_only_its_year(tmp_path: Any) -> None:
    film = truth("--site", "nziff", "--films", NZIFF_FILMS)[0]
    year = film["film_id"].split("/")[0]
    db_url = f"sqlite:///{tmp_path / 'mirror.db'}"
    with replica_subprocess("--site", "nziff", "--films", NZIFF_FILMS) as url:
        result = run_crawl(
            url, db_url, "MIRROR_LINK=0", spider="nziff", spider_args=[f"film={film['film_id']}"]
        )
    assert result.returncode == 0, result.stderr[-3000:]
    (run,) = _runs(db_url)
    assert (run["status"], run["seen_count"], run["scope"]) == (
        "finished",
        1,
        f"film={film['film_id']}",
    )
    engine = make_engine(db_url)
    try:
        with engine.connect() as conn:
            paths = [
                row[0].removeprefix(url)
                for row in conn.execute(text("SELECT url FROM fetched_pages"))
            ]
    finally:
        engine.dispose()
    other_years = [
        p for p in paths if p not in ("/robots.txt", "/archive/") and not p.startswith(f"/{year}/")
    ]
    assert not other_years, other_years
    assert _scalar(db_url, "SELECT count(*) FROM entries") == 1
