"""Database fixtures for the mirror's tests: a migrated SQLite file per test and a
throwaway PostgreSQL database per test session (truncated between tests).

Load with ``pytest_plugins = ["tests.db_fixtures"]``.

The PostgreSQL server is taken from $MIRROR_TEST_POSTGRES_URL (default: the local server,
``postgresql+psycopg://root@127.0.0.1:5432/postgres``). When it is unreachable the
PostgreSQL tests are skipped, except with MIRROR_REQUIRE_SERVICES=1 (CI) where they fail.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from sqlalchemy import create_engine, select, text
from sqlalchemy.engine import make_url

from common.records import EditionItem, FilmItem, SeeAlsoLink
from db.migrate import upgrade
from db.models import DATA_TABLES, DEDUP_TABLES, Base
from db.session import make_engine
from db.store import MirrorStore

DEFAULT_POSTGRES_ADMIN_URL = "postgresql+psycopg://root@127.0.0.1:5432/postgres"
ALL_TABLES = (*DATA_TABLES, "fetched_pages", "captures", "crawl_runs", *DEDUP_TABLES)


def postgres_admin_url() -> str:
    return os.environ.get("MIRROR_TEST_POSTGRES_URL", DEFAULT_POSTGRES_ADMIN_URL)


def services_required() -> bool:
    return os.environ.get("MIRROR_REQUIRE_SERVICES") == "1"


def _unavailable(reason: str) -> None:
    if services_required():
        pytest.fail(f"{reason} (MIRROR_REQUIRE_SERVICES=1, so this is a failure)")
    pytest.skip(reason)


@contextmanager
def throwaway_postgres_database(prefix: str = "mirror_test") -> Iterator[str]:
    """Create an empty database on the test server, yield its URL, drop it afterwards."""
    admin_url = postgres_admin_url()
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    name = f"{prefix}_{secrets.token_hex(4)}"
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception as exc:
        admin.dispose()
        _unavailable(f"PostgreSQL test server {admin_url} unreachable: {exc}".splitlines()[0])
    try:
        yield make_url(admin_url).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(scope="session")
def postgres_database() -> Iterator[str]:
    """A migrated throwaway PostgreSQL database for the whole test session."""
    with throwaway_postgres_database() as url:
        upgrade(url)
        yield url


def truncate_all(url: str) -> None:
    engine = make_engine(url)
    try:
        with engine.begin() as conn:
            conn.execute(text(f"TRUNCATE {', '.join(ALL_TABLES)} RESTART IDENTITY CASCADE"))
    finally:
        engine.dispose()


@pytest.fixture
def postgres_url(postgres_database: str, tmp_path: Any, monkeypatch: pytest.MonkeyPatch) -> str:
    """The session's PostgreSQL database, emptied for this test, with a linkage index of
    its own (the commands and crawls a test starts inherit $MIRROR_INDEX_DIR): the
    index kept for the database between tests would describe rows emptied here."""
    truncate_all(postgres_database)
    monkeypatch.setenv("MIRROR_INDEX_DIR", str(tmp_path / "linkage-index"))
    return postgres_database


@pytest.fixture
def sqlite_url(tmp_path: Any) -> str:
    """A fresh SQLite file migrated to head."""
    url = f"sqlite:///{tmp_path / 'mirror.db'}"
    upgrade(url)
    return url


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest) -> str:
    """Each test using this runs once on SQLite and once on PostgreSQL."""
    if request.param == "sqlite":
        return str(request.getfixturevalue("sqlite_url"))
    return str(request.getfixturevalue("postgres_url"))


def snapshot(url: str, tables: tuple[str, ...] = DATA_TABLES) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of the given tables, ordered by id: equal snapshots = nothing written."""
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            return {
                name: [
                    tuple(row)
                    for row in conn.execute(
                        select(Base.metadata.tables[name]).order_by(Base.metadata.tables[name].c.id)
                    )
                ]
                for name in tables
            }
    finally:
        engine.dispose()


# -- synthetic data -----------------------------------------------------------------------

COUNTRIES = ("Australia", "France", "Japan", "USA", "Hong Kong", "Finland", "Iran", "Brazil")
DIRECTORS = (
    "Aki Kaurismäki",
    "Agnès Varda",
    "Jane Campion",
    "Wong Kar-wai",
    "Abbas Kiarostami",
    "D. Baker",
    "Gillian Armstrong",
    "Ousmane Sembène",
)
WORDS = [
    "river",
    "harbour",
    "winter",
    "lighthouse",
    "orchard",
    "railway",
    "carnival",
    "typewriter",
    "violin",
    "desert",
    "parade",
    "island",
    "archive",
    "mountain",
    "factory",
    "garden",
    "letter",
    "bicycle",
    "circus",
    "festival",
]


MIFF_EXTRA_NAMES = ("credit_line", "reviewer", "listing_line", "teaser")


def make_film(n: int, **overrides: Any) -> FilmItem:
    """A deterministic synthetic archive entry number ``n``."""
    film_id = str(1000 + n)
    words = [WORDS[(n * 7 + k) % len(WORDS)] for k in range(12)]
    values: dict[str, Any] = {
        "festival": "miff",
        "film_id": film_id,
        "url": f"https://miff.com.au/festival-archive/film/{film_id}",
        "fetched_url": f"http://127.0.0.1:8765/festival-archive/films/id/{film_id}",
        "title": f"The {WORDS[n % len(WORDS)].title()} No. {n}",
        "title_display": f"{WORDS[n % len(WORDS)].upper()} NO. {n}, THE",
        "directors": [DIRECTORS[n % len(DIRECTORS)]]
        + ([DIRECTORS[(n + 3) % len(DIRECTORS)]] if n % 10 == 0 else []),
        "year": 1950 + n % 70,
        "countries": [COUNTRIES[n % len(COUNTRIES)]],
        "edition": 1952 + n % 68,
        "section": f"Programme {n % 12}" if n % 5 else None,
        "synopsis_paragraphs": [" ".join(words[:6]).capitalize() + ".", " ".join(words[6:]) + "."],
        "lang": "en",
        "see_also": [
            SeeAlsoLink(film_id=str(1000 + (n + k) % 500), teaser=f"Teaser {k} ... More »")
            for k in (1, 2)
        ],
        "extra": {
            "reviewer": "MM" if n % 9 == 0 else None,
            "listing_line": f"{WORDS[n % len(WORDS)].upper()} NO. {n} ({DIRECTORS[n % 8]}, 1960)",
            "teaser": f"A teaser for film {n}",
        },
    }
    # MIFF's own fields may be given by name: they go into `extra`.
    for name in MIFF_EXTRA_NAMES:
        if name in overrides:
            values["extra"][name] = overrides.pop(name)
    values.update(overrides)
    return FilmItem(**values)


def make_edition(year: int, **overrides: Any) -> EditionItem:
    values: dict[str, Any] = {
        "festival": "miff",
        "year": year,
        "url": f"https://miff.com.au/festival-archive/id/{7000 + year}/{year}",
        "site_edition_id": str(7000 + year),
        "heading": f"MIFF {year}",
        "feature_count": 100,
        "short_count": 50,
        "dates_text": "22 July to 8 August",
        "opening_film": "Some Film (Some Director, 1990)",
    }
    values.update(overrides)
    return EditionItem(**values)


def store_films(db_url: str, films: list[Any]) -> None:
    """Write `films` (and their editions) in one crawl run of MIFF, as a crawl would."""
    store = MirrorStore(db_url, retry_budget_s=10)
    try:
        run_id = store.start_run("miff")
        editions = [make_edition(year) for year in {f.edition for f in films if f.edition}]
        store.write_batch(run_id, films, editions)
    finally:
        store.close()
