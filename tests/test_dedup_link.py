"""`mirror link` and `mirror export --works`: archive entries of one film in one work."""

from __future__ import annotations

import collections
import json
from pathlib import Path

import pytest
from sqlalchemy import inspect

from db.migrate import current, downgrade, head_revision, upgrade
from db.session import make_engine
from linkage.evaluation import pairwise
from mirror.replica_process import replica_subprocess
from tests.crawl_helpers import export, jsonl, mirror, run_crawl, truth
from tests.db_fixtures import make_film, store_films, throwaway_postgres_database
from tests.dedup_fixtures import member_key, run, shared_works, works

pytest_plugins = ["tests.db_fixtures"]

FILMS = "300"
DEDUP_TABLES = {"works", "corpus_documents", "links", "review_decisions", "text_vectors"}


def test_link_joins_rescreenings_and_keeps_namesakes_apart(db_url: str) -> None:
    original = make_film(1)
    rescreening = make_film(
        1,
        film_id="5001",
        url="https://miff.com.au/festival-archive/film/5001",
        edition=1999,
        synopsis_paragraphs=["A completely rewritten blurb for the later retrospective."],
    )
    # Same title, another director and decade: a different film.
    namesake = make_film(
        1,
        film_id="5002",
        url="https://miff.com.au/festival-archive/film/5002",
        directors=["Someone Else Entirely"],
        year=2011,
        synopsis_paragraphs=["Nothing in common but the name."],
    )
    store_films(db_url, [original, rescreening, namesake, make_film(2), make_film(3)])
    result = run("link", "--db", db_url)
    assert result.exit_code == 0, result.stderr
    assert shared_works(db_url) == [["entry:miff:1001", "entry:miff:5001"]]
    assert len(works(db_url)) == 4
    again = run("link", "--db", db_url)
    assert "linked 0 members" in again.stdout


def test_export_fills_work_id_after_link(db_url: str) -> None:
    store_films(db_url, [make_film(n) for n in range(4)])
    run("link", "--db", db_url)
    exported = list(jsonl(run("export", "--db", db_url).stdout))
    assert all(isinstance(record["work_id"], int) for record in exported)
    assert len({record["work_id"] for record in exported}) == 4


def test_works_export_before_link_shows_entries_alone_and_warns(db_url: str) -> None:
    store_films(db_url, [make_film(n) for n in range(2)])
    result = run("export", "--works", "--db", db_url)
    assert result.exit_code == 0
    lines = jsonl(result.stdout)
    assert [line["work_id"] for line in lines] == [None, None]
    assert "mirror link" in result.stderr


# -- a replica crawl ------------------------------------------------------------------------


def crawled_replica(folder: Path, films: str) -> str:
    """A crawl (linking included) of a replica of `films` films, into a new SQLite file."""
    url = f"sqlite:///{folder / 'mirror.db'}"
    with replica_subprocess("--films", films) as base_url:
        result = run_crawl(base_url, url)
    assert result.returncode == 0, result.stderr[-3000:]
    return url


@pytest.fixture(scope="module")
def linked_crawl(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = crawled_replica(tmp_path_factory.mktemp("link"), FILMS)
    linked = mirror("link", "--db", url)
    assert linked.returncode == 0, linked.stderr
    return url


def test_replica_rescreenings_end_in_one_work_each(linked_crawl: str) -> None:
    truth_work = {r["film_id"]: r["work_id"] for r in truth("--films", FILMS)}
    work_of = {r["film_id"]: r["work_id"] for r in export(linked_crawl)}
    assert set(work_of) == set(truth_work)
    by_truth: dict[str, set[int]] = collections.defaultdict(set)
    for film_id, truth_id in truth_work.items():
        by_truth[truth_id].add(work_of[film_id])
    split = {t: w for t, w in by_truth.items() if len(w) != 1}
    assert split == {}, f"films split over several works: {split}"
    assert sum(1 for ids in by_truth.values() if len(ids) == 1) == len(by_truth)


def test_no_two_replica_films_share_a_work(linked_crawl: str) -> None:
    truth_work = {r["film_id"]: r["work_id"] for r in truth("--films", FILMS)}
    films_of: dict[int, set[str]] = collections.defaultdict(set)
    for record in export(linked_crawl):
        films_of[record["work_id"]].add(truth_work[record["film_id"]])
    merged = {work: films for work, films in films_of.items() if len(films) > 1}
    assert merged == {}


def test_works_export_lists_each_film_once(linked_crawl: str) -> None:
    result = mirror("export", "--works", "--db", linked_crawl)
    assert result.returncode == 0, result.stderr
    lines = jsonl(result.stdout)
    assert all(list(line) == ["work_id", "title", "year", "directors", "members"] for line in lines)
    members = [member_key(m) for line in lines for m in line["members"]]
    assert len(members) == len(set(members)) == int(FILMS)
    assert len(lines) == len({r["work_id"] for r in truth("--films", FILMS)})


def test_review_queue_is_at_most_one_percent_of_entries(linked_crawl: str) -> None:
    listed = run("review", "--db", linked_crawl, "--list", "--json")
    assert listed.exit_code == 0, listed.stderr
    assert len(json.loads(listed.stdout)) <= MAX_QUEUE_SHARE * int(FILMS)


# -- the works of a larger replica against its truth ---------------------------------------

LARGE_FILMS = "4000"
MAX_QUEUE_SHARE = 0.01


@pytest.fixture(scope="module")
def large_linked_crawl(tmp_path_factory: pytest.TempPathFactory) -> str:
    return crawled_replica(tmp_path_factory.mktemp("large"), LARGE_FILMS)


@pytest.mark.slow
def test_works_of_a_4000_film_replica_match_its_truth(large_linked_crawl: str) -> None:
    truth_work = {r["film_id"]: r["work_id"] for r in truth("--films", LARGE_FILMS)}
    mirror_work = {r["film_id"]: r["work_id"] for r in export(large_linked_crawl)}
    assert set(mirror_work) == set(truth_work)
    precision, recall = pairwise(truth_work, mirror_work)
    assert precision >= 0.99, f"pairwise precision {precision:.3f}, recall {recall:.3f}"
    assert recall >= 0.98, f"pairwise precision {precision:.3f}, recall {recall:.3f}"


@pytest.mark.slow
def test_review_queue_of_a_4000_film_replica_is_one_a_person_can_finish(
    large_linked_crawl: str,
) -> None:
    listed = run("review", "--db", large_linked_crawl, "--list", "--json")
    assert listed.exit_code == 0, listed.stderr
    assert len(json.loads(listed.stdout)) <= MAX_QUEUE_SHARE * int(LARGE_FILMS)


# -- migration 0002 -------------------------------------------------------------------------


def _tables(url: str) -> set[str]:
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            return set(inspect(conn).get_table_names())
    finally:
        engine.dispose()


def _up_down_up(url: str) -> None:
    upgrade(url)
    assert _tables(url) >= DEDUP_TABLES
    downgrade(url, "0001_initial")
    assert current(url) == "0001_initial"
    assert not DEDUP_TABLES & _tables(url)
    assert "entries" in _tables(url)
    upgrade(url)
    assert current(url) == head_revision()


def test_sqlite_migration_0002_up_and_down(tmp_path: Path) -> None:
    _up_down_up(f"sqlite:///{tmp_path / 'm.db'}")


@pytest.mark.postgres
def test_postgres_migration_0002_up_and_down() -> None:
    with throwaway_postgres_database("mirror_dedup_migrate") as url:
        _up_down_up(url)
