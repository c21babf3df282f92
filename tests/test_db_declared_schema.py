"""The schema follows the record declarations: models, migrations and stored rows agree.

- the models (whose film and edition columns are derived from ``common/records.py``)
  equal what the migrations build, on SQLite and PostgreSQL, so a declared field without
  its migration (or the reverse) fails here;
- migration 0005 moves MIFF's own columns into ``entries.extra`` and back, losing nothing;
- an item's declared fields, its credits by role and its festival's own fields survive a
  write and come back out of the export and ``show``.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import text

from common.records import FilmItem, Storage, declared_fields
from db.migrate import downgrade, upgrade
from db.models import Base, Entry
from db.queries import EXPORT_KEYS, export_entries, show_entry
from db.session import make_engine, make_sessionmaker
from db.store import MirrorStore
from tests.db_fixtures import make_film, throwaway_postgres_database

pytest_plugins = ["tests.db_fixtures"]

BEFORE_EXTRA = "0004_run_not_checked_count"


def _schema_differences(url: str) -> list[Any]:
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            # SQLite ignores declared lengths (VARCHAR(32) holds any text), and its
            # migrations leave them as they were: types are compared on PostgreSQL.
            compare_type = engine.dialect.name == "postgresql"
            context = MigrationContext.configure(
                connection, opts={"compare_type": compare_type, "include_object": _ours}
            )
            return list(compare_metadata(context, Base.metadata))
    finally:
        engine.dispose()


def _ours(obj: Any, name: str | None, type_: str, reflected: bool, compare_to: Any) -> bool:
    # Full-text objects exist only in the migrations (dialect-specific, see db/models.py).
    return not (name or "").startswith(
        ("entries_fts", "corpus_documents_fts", "search_vector", "ix_entries_search")
    )


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def empty_url(request: pytest.FixtureRequest, tmp_path: Any) -> Iterator[str]:
    """An empty database of each kind, not migrated yet."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'mirror.db'}"
        return
    with throwaway_postgres_database("mirror_declared") as url:
        yield url


def test_the_models_equal_the_migrated_schema(empty_url: str) -> None:
    upgrade(empty_url)
    assert _schema_differences(empty_url) == []


def test_every_declared_column_is_an_entries_column() -> None:
    columns = set(Entry.__table__.c.keys())
    declared = {
        f.name for f in declared_fields(FilmItem) if f.storage in (Storage.COLUMN, Storage.EXTRA)
    }
    assert declared <= columns
    assert "credit_line" not in columns  # MIFF's own fields live in extra


def test_migration_moves_miff_fields_into_extra_and_back(empty_url: str) -> None:
    upgrade(empty_url, BEFORE_EXTRA)
    engine = make_engine(empty_url)
    try:
        with engine.begin() as conn:
            conn.execute(text("INSERT INTO festivals (id, slug) VALUES (1, 'miff')"))
            conn.execute(
                text(
                    "INSERT INTO entries (id, festival_id, film_id, url, countries, "
                    "credit_line, reviewer, listing_line, teaser) VALUES "
                    "(1, 1, '7', 'https://miff.com.au/festival-archive/film/7', '[]', "
                    "'D A P B L C TD 35mm/1970/9mins', 'MM', NULL, 'Teaser'), "
                    "(2, 1, '8', 'https://miff.com.au/festival-archive/film/8', '[]', "
                    "NULL, NULL, NULL, NULL)"
                )
            )
        upgrade(empty_url)
        with engine.connect() as conn:
            rows = dict(conn.execute(text("SELECT id, extra FROM entries ORDER BY id")).all())
        extras = {key: _json(value) for key, value in rows.items()}
        assert extras == {
            1: {
                "credit_line": "D A P B L C TD 35mm/1970/9mins",
                "reviewer": "MM",
                "teaser": "Teaser",
            },
            2: {},
        }
        downgrade(empty_url, BEFORE_EXTRA)
        with engine.connect() as conn:
            back = conn.execute(
                text("SELECT credit_line, reviewer, listing_line, teaser FROM entries ORDER BY id")
            ).all()
        assert [tuple(row) for row in back] == [
            ("D A P B L C TD 35mm/1970/9mins", "MM", None, "Teaser"),
            (None, None, None, None),
        ]
    finally:
        engine.dispose()


def _json(value: Any) -> Any:
    import json

    return json.loads(value) if isinstance(value, str) else value


def test_declared_fields_survive_a_write_and_come_back(db_url: str) -> None:
    film = make_film(
        3,
        festival="nziff",
        film_id="2015/a-film-with-a-long-title-that-needs-more-than-thirty-two-characters",
        url="https://www.nziff.co.nz/2015/archive/a-film/",
        original_title="Un film",
        languages=["French", "Wolof"],
        runtime=93,
        credits={"Producer": ["Ann Lee", "Bo Chan"], "With": ["Cy Moe"]},
        see_also=[],
        extra={"tagline": "A one-line blurb.", "subtitled": True, "festivals": ["Cannes 2014"]},
    )
    store = MirrorStore(db_url, retry_budget_s=10)
    try:
        run_id = store.start_run("nziff")
        counts = store.write_batch(run_id, [film])
        again = store.write_batch(run_id, [film])
    finally:
        store.close()
    assert (counts.new, again.unchanged) == (1, 1)  # stored, then found identical

    sessions = make_sessionmaker(make_engine(db_url))
    with sessions() as session:
        (plain,) = export_entries(session)
        (full,) = export_entries(session, full=True)
        shown = show_entry(session, film.film_id, festival="nziff")
    assert tuple(plain) == EXPORT_KEYS
    assert full["credits"] == {"Producer": ["Ann Lee", "Bo Chan"], "With": ["Cy Moe"]}
    assert (full["original_title"], full["languages"], full["runtime"]) == (
        "Un film",
        ["French", "Wolof"],
        93,
    )
    assert (full["tagline"], full["subtitled"], full["festivals"]) == (
        "A one-line blurb.",
        True,
        ["Cannes 2014"],
    )
    assert full["directors"] == film.directors
    assert "reviewer" not in full  # a MIFF field: None on this item, so not kept
    assert shown is not None
    assert shown["extra"] == {
        "tagline": "A one-line blurb.",
        "subtitled": True,
        "festivals": ["Cannes 2014"],
    }
    roles = [(c["role"], c["credited_as"]) for c in shown["credits"]]
    assert ("Producer", "Bo Chan") in roles and ("With", "Cy Moe") in roles
