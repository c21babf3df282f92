"""Read side: export format and order, full-text search with filters, show, stats, CLI."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
import typer
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from db.queries import EXPORT_KEYS, export_entries, search, show_entry, stats
from db.session import make_engine
from db.store import MirrorStore
from mirror.query_cli import register
from tests.db_fixtures import make_edition, make_film

pytest_plugins = ["tests.db_fixtures"]

# A small hand-made archive: every search case below is decidable by reading it.
FILMS = [
    make_film(
        1,
        film_id="10",
        url="https://miff.com.au/festival-archive/film/10",
        title="Lighthouse Keepers",
        directors=["Aki Kaurismäki"],
        year=1985,
        countries=["Finland"],
        edition=1986,
        section="International Panorama",
        synopsis_paragraphs=["A lonely keeper tends the lighthouse.", "Winter arrives."],
        lang="en",
    ),
    make_film(
        2,
        film_id="9",
        url="https://miff.com.au/festival-archive/film/9",
        title="Harbour Lights",
        directors=["Agnès Varda", "Jane Campion"],
        year=1962,
        countries=["France"],
        edition=1986,
        section=None,
        synopsis_paragraphs=["Fishermen mend their nets beside a lighthouse at the harbour."],
        lang="fr",
    ),
    make_film(
        3,
        film_id="200",
        url="https://miff.com.au/festival-archive/film/200",
        title="Desert Parade",
        directors=["Abbas Kiarostami"],
        year=None,
        countries=["Iran"],
        edition=1952,
        section="Programme 3",
        synopsis_paragraphs=[],
        lang=None,
    ),
]


@pytest.fixture
def session(db_url: str) -> Iterator[Session]:
    store = MirrorStore(db_url)
    run = store.start_run("miff")
    store.write_batch(run, FILMS, [make_edition(1986), make_edition(1952)])
    store.close()
    engine = make_engine(db_url)
    with Session(engine) as session:
        yield session
    engine.dispose()


def test_export_has_the_contract_keys_values_and_order(session: Session) -> None:
    records = list(export_entries(session))

    assert [tuple(r) for r in records] == [EXPORT_KEYS] * 3
    # Sorted by edition, then film id as a number (9 before 10).
    assert [(r["edition"], r["film_id"]) for r in records] == [
        (1952, "200"),
        (1986, "9"),
        (1986, "10"),
    ]
    assert records[2] == {
        "festival": "miff",
        "film_id": "10",
        "url": "https://miff.com.au/festival-archive/film/10",
        "title": "Lighthouse Keepers",
        "directors": ["Aki Kaurismäki"],
        "year": 1985,
        "countries": ["Finland"],
        "edition": 1986,
        "section": "International Panorama",
        "synopsis": "A lonely keeper tends the lighthouse.\n\nWinter arrives.",
        "lang": "en",
        "work_id": None,
    }
    # No synopsis on the page: null, and the language defaults to English.
    assert (records[0]["synopsis"], records[0]["lang"], records[0]["year"]) == (None, "en", None)
    assert records[1]["directors"] == ["Agnès Varda", "Jane Campion"]


@pytest.mark.parametrize(
    ("text", "filters", "expected"),
    [
        ("lighthouse", {}, {"10", "9"}),
        ("LIGHTHOUSE winter", {}, {"10"}),
        ("harbour", {}, {"9"}),  # in one title and one synopsis: same film
        ("parade", {}, {"200"}),  # title only, no synopsis
        ("lighthouse", {"year_from": 1980}, {"10"}),
        ("lighthouse", {"year_to": 1970}, {"9"}),
        ("lighthouse", {"country": "france"}, {"9"}),
        ("lighthouse", {"director": "Kaurismaki"}, {"10"}),  # accents ignored
        ("lighthouse", {"director": "campion"}, {"9"}),
        ("lighthouse", {"edition": 1952}, set()),
        ("lighthouse", {"lang": "fr"}, {"9"}),
        ("submarine", {}, set()),
        (None, {"country": "Iran"}, {"200"}),  # filters alone
    ],
)
def test_search_finds_words_and_applies_filters(
    session: Session, text: str | None, filters: dict[str, Any], expected: set[str]
) -> None:
    hits = search(session, text, **filters)
    assert {hit.film_id for hit in hits} == expected


def test_search_ranks_title_matches_first_and_highlights_the_snippet(session: Session) -> None:
    hits = search(session, "lighthouse")

    assert [hit.film_id for hit in hits] == ["10", "9"]
    snippet = hits[1].snippet
    assert [snippet[start:end].lower() for start, end in hits[1].highlights] == ["lighthouse"]
    assert hits[0].directors == ["Aki Kaurismäki"]


def test_search_limit_caps_the_hits(session: Session) -> None:
    assert len(search(session, "lighthouse", limit=1)) == 1


def test_show_entry_returns_everything_or_none(session: Session) -> None:
    entry = show_entry(session, "9", festival="miff")

    assert entry is not None
    assert entry["title"] == "Harbour Lights"
    assert [c["credited_as"] for c in entry["credits"]] == ["Agnès Varda", "Jane Campion"]
    assert [v["version"] for v in entry["synopsis_history"]] == [1]
    assert entry["edition_info"]["heading"] == "MIFF 1986"
    assert len(entry["see_also"]) == 2
    assert show_entry(session, "424242", festival="miff") is None


def test_stats_counts_tables_decades_and_countries(session: Session) -> None:
    summary = stats(session)

    assert summary["tables"]["entries"] == 3
    assert summary["tables"]["people"] == 4
    assert summary["tables"]["works"] == 0  # deduplication tables are counted too
    assert {"decade": 1980, "films": 1} in summary["films_per_decade"]
    assert {"decade": None, "films": 1} in summary["films_per_decade"]
    assert {c["country"] for c in summary["top_countries"]} == {"Finland", "France", "Iran"}
    assert summary["last_runs"][0]["status"] == "running"


# -- the command line ---------------------------------------------------------------------


@pytest.fixture
def cli() -> typer.Typer:
    app = typer.Typer()
    register(app)
    return app


def test_cli_search_and_show_json(cli: typer.Typer, db_url: str, session: Session) -> None:
    found = CliRunner().invoke(
        cli, ["search", "lighthouse", "--country", "France", "--json", "--db", db_url]
    )
    shown = CliRunner().invoke(cli, ["show", "10", "--json", "--db", db_url])

    assert [hit["film_id"] for hit in json.loads(found.stdout)] == ["9"]
    assert json.loads(shown.stdout)["directors"] == ["Aki Kaurismäki"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["show", "424242"], "no entry with film id '424242'"),
    ],
)
def test_cli_fails_with_one_line(
    cli: typer.Typer, db_url: str, session: Session, args: list[str], message: str
) -> None:
    result = CliRunner().invoke(cli, [*args, "--db", db_url])

    assert result.exit_code == 1
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("sqlite:///{tmp}/missing.db", "does not exist"),
        ("postgresql+psycopg://root@127.0.0.1:1/nowhere", "cannot read database"),
        ("not a url", "malformed database URL"),
    ],
)
def test_cli_reports_an_unusable_database(
    cli: typer.Typer, tmp_path: Any, url: str, message: str
) -> None:
    result = CliRunner().invoke(cli, ["stats", "--db", url.format(tmp=tmp_path)])

    assert result.exit_code == 1
    assert message in result.stderr
    assert not (tmp_path / "missing.db").exists()  # and it did not create one
