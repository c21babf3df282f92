"""Migration 0006: full-text tables Datasette and sqlite-utils detect, kept in sync by
triggers, the views, and a clean downgrade (SQLite; a no-op on PostgreSQL)."""

from __future__ import annotations

import json
from typing import Any

import pytest
import sqlite_utils
from sqlalchemy import text
from sqlalchemy.orm import Session

from db.migrate import current, downgrade, head_revision, upgrade
from db.queries import search
from db.session import make_engine
from tests.db_fixtures import make_film, store_films, throwaway_postgres_database

pytest_plugins = ["tests.db_fixtures"]

BEFORE = "0005_festival_neutral_entries"
VIEWS = {"films", "film_directors", "synopsis_history"}


def _title_query(n: int) -> str:
    """The words of a synthetic film's title but its article: "Winter No. 2"."""
    return " ".join(make_film(n).title.split()[1:])


def _hits(db_url: str, query: str) -> list[str]:
    engine = make_engine(db_url)
    try:
        with Session(engine) as session:
            return [hit.film_id for hit in search(session, query)]
    finally:
        engine.dispose()


def _sql(db_url: str, statement: str, **params: Any) -> list[tuple[Any, ...]]:
    engine = make_engine(db_url)
    try:
        with engine.begin() as connection:
            result = connection.execute(text(statement), params)
            return [tuple(row) for row in result] if result.returns_rows else []
    finally:
        engine.dispose()


def _schema(db_url: str) -> dict[str, str]:
    rows = _sql(db_url, "SELECT name, sql FROM sqlite_master WHERE sql IS NOT NULL")
    return {name: sql for name, sql in rows}


@pytest.fixture
def films_url(tmp_path: Any) -> str:
    """A mirror at 0005 holding three films, one with its original title apart. Stored by
    today's store at head, then taken down to 0005: the store writes the columns of
    later migrations too."""
    db_url = f"sqlite:///{tmp_path / 'mirror.db'}"
    upgrade(db_url)
    films = [make_film(1), make_film(2), make_film(3, original_title="Les Parapluies d'Été")]
    store_films(db_url, films)
    downgrade(db_url, BEFORE)
    return db_url


def test_upgrade_declares_detectable_tables_and_indexes_what_was_there(films_url: str) -> None:
    title_word = _title_query(2)
    assert _hits(films_url, title_word) == ["1002"]
    assert _hits(films_url, "parapluies") == []  # 0001 indexed no original title
    upgrade(films_url)
    path = films_url.removeprefix("sqlite:///")
    database = sqlite_utils.Database(path)
    assert database["entries"].detect_fts() == "entries_fts"
    assert database["corpus_documents"].detect_fts() == "corpus_documents_fts"
    assert set(database.view_names()) >= VIEWS
    # The rebuild indexed the rows already there, original titles included, accents folded.
    assert _hits(films_url, title_word) == ["1002"]
    assert _hits(films_url, "parapluies ete") == ["1003"]


def test_triggers_keep_both_indexes_in_sync(films_url: str) -> None:
    upgrade(films_url)
    _sql(films_url, "UPDATE entries SET title = 'Zeppelin Summer' WHERE film_id = '1001'")
    assert _hits(films_url, "zeppelin") == ["1001"]
    assert "1001" not in _hits(films_url, make_film(1).title.split()[1])
    _sql(
        films_url,
        "INSERT INTO corpus_documents (id, source, position, text, lang, directors, "
        "content_hash, imported_at) VALUES ('notes:1', 'notes', 1, :text, 'fr', '[]', 'x', "
        "'2026-12-05')",
        text="Un été à Leningrad, une scène rock émerge.",
    )

    def documents(query: str) -> list[str]:
        return [
            row[0]
            for row in _sql(
                films_url,
                "SELECT d.id FROM corpus_documents_fts f JOIN corpus_documents d "
                "ON d.rowid = f.rowid WHERE corpus_documents_fts MATCH :q",
                q=query,
            )
        ]

    assert documents("scene emerge") == ["notes:1"]
    _sql(films_url, "UPDATE corpus_documents SET text = 'Autre chose.' WHERE id = 'notes:1'")
    assert documents("scene") == [] and documents("autre") == ["notes:1"]
    _sql(films_url, "DELETE FROM corpus_documents")
    assert documents("autre") == []


def test_films_view_reads_one_film_on_one_row(films_url: str) -> None:
    upgrade(films_url)
    film = make_film(10)  # two directors (every tenth synthetic film has a co-director)
    store_films(films_url, [film])
    rows = _sql(
        films_url,
        "SELECT festival, title, directors, edition, section, synopsis, earlier_synopses "
        "FROM films WHERE film_id = :film_id",
        film_id=film.film_id,
    )
    assert len(rows) == 1
    festival, title, directors, edition, section, synopsis, earlier = rows[0]
    assert (festival, title, edition, section) == ("miff", film.title, film.edition, film.section)
    assert json.loads(directors) == film.directors and len(film.directors) == 2
    assert synopsis and json.loads(earlier) == []
    changed = make_film(10, synopsis_paragraphs=["A new text for the same film."])
    store_films(films_url, [changed])
    (earlier,) = _sql(
        films_url, "SELECT earlier_synopses FROM films WHERE film_id = :id", id=film.film_id
    )[0]
    assert [(v["version"], v["text"].split("\n")[0]) for v in json.loads(earlier)] == [
        (1, film.synopsis_paragraphs[0])
    ]
    directors_rows = _sql(
        films_url, "SELECT director FROM film_directors WHERE film_id = :id", id=film.film_id
    )
    assert sorted(row[0] for row in directors_rows) == sorted(film.directors)


def test_downgrade_restores_the_old_search_and_upgrade_comes_back(films_url: str) -> None:
    before = _schema(films_url)
    upgrade(films_url)
    downgrade(films_url, BEFORE)
    after = _schema(films_url)
    assert not VIEWS & set(after) and "corpus_documents_fts" not in after
    assert {name for name in after if "fts" in name} == {n for n in before if "fts" in n}
    assert "content='entries'" in after["entries_fts"]
    title_word = _title_query(2)
    assert _hits(films_url, title_word) == ["1002"]
    upgrade(films_url)
    assert current(films_url) == head_revision()
    assert _hits(films_url, title_word) == ["1002"]


@pytest.mark.postgres
def test_postgresql_passes_through_unchanged() -> None:
    with throwaway_postgres_database("mirror_fts") as db_url:
        upgrade(db_url)
        store_films(db_url, [make_film(1), make_film(2)])
        title_word = _title_query(2)
        assert _hits(db_url, title_word) == ["1002"]
        downgrade(db_url, BEFORE)
        upgrade(db_url)
        assert current(db_url) == head_revision()
        assert _hits(db_url, title_word) == ["1002"]
