"""The query commands' output: JSON when piped (stable shapes), tables on demand that fit
60, 80 and 120 columns with every number whole, search errors and paging, demo hints."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from sqlalchemy import text

from db.session import make_engine
from db.store import MirrorStore
from mirror.demo import next_steps
from tests.crawl_helpers import REPO, _env
from tests.db_fixtures import make_edition, make_film

pytest_plugins = ["tests.db_fixtures"]

FILMS = 30
# Counts wide enough that a squeezed column would cut them ("123…").
RUN_COUNTS = {
    "new_count": 12000,
    "changed_count": 123456,
    "unchanged_count": 7654321,
    "seen_count": 7777777,
    "not_checked_count": 654321,
    "vanished_count": 98765,
}
SEARCH_HIT_KEYS = [
    "festival",
    "film_id",
    "title",
    "year",
    "edition",
    "section",
    "countries",
    "directors",
    "lang",
    "url",
    "snippet",
    "highlights",
    "score",
]
STATS_KEYS = ["tables", "vanished_entries", "films_per_decade", "top_countries", "last_runs"]


@pytest.fixture
def filled_db(db_url: str) -> str:
    store = MirrorStore(db_url)
    run = store.start_run("miff")
    films = [make_film(n) for n in range(FILMS)]
    editions = sorted({f.edition for f in films})
    store.write_batch(run, films, [make_edition(year) for year in editions])
    store.close()
    engine = make_engine(db_url)
    with engine.begin() as connection:
        assignments = ", ".join(f"{column} = :{column}" for column in RUN_COUNTS)
        connection.execute(text(f"UPDATE crawl_runs SET {assignments}"), RUN_COUNTS)
    engine.dispose()
    return db_url


def _mirror(*args: str, columns: int = 80) -> Any:
    """`mirror ARGS` with stdout a pipe, as in `mirror ... | jq`."""
    import subprocess
    import sys

    return subprocess.run(
        [sys.executable, "-m", "mirror.cli", *args],
        cwd=REPO,
        env=_env({"COLUMNS": str(columns), "NO_COLOR": "1"}),
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_search_prints_json_when_piped(filled_db: str) -> None:
    result = _mirror("search", "lighthouse", "--limit", "100", "--db", filled_db)

    assert result.returncode == 0, result.stderr
    hits = json.loads(result.stdout)
    assert hits, "the synthetic films mention lighthouses"
    assert all(list(hit) == SEARCH_HIT_KEYS for hit in hits)
    for hit in hits:
        matched = [hit["snippet"][start:end].lower() for start, end in hit["highlights"]]
        assert matched and set(matched) <= {"lighthouse"}, hit
        assert "\ue000" not in hit["snippet"] and "\ue001" not in hit["snippet"]


def test_show_and_stats_print_json_when_piped(filled_db: str) -> None:
    shown = _mirror("show", "1003", "--db", filled_db)
    summary = _mirror("stats", "--db", filled_db)

    assert shown.returncode == 0 and summary.returncode == 0, shown.stderr + summary.stderr
    entry = json.loads(shown.stdout)
    assert (entry["film_id"], entry["title"]) == ("1003", make_film(3).title)
    for key in ("credits", "synopsis_history", "see_also", "pages", "vanished", "work_id"):
        assert key in entry
    assert list(json.loads(summary.stdout)) == STATS_KEYS


@pytest.mark.parametrize(
    "args", [["search", "lighthouse"], ["show", "1003"], ["stats"]], ids=lambda a: a[0]
)
def test_table_forces_a_table_and_json_forces_json(filled_db: str, args: list[str]) -> None:
    table = _mirror(*args, "--table", "--db", filled_db)
    forced = _mirror(*args, "--json", "--db", filled_db)
    both = _mirror(*args, "--json", "--table", "--db", filled_db)

    assert table.returncode == 0, table.stderr
    with pytest.raises(json.JSONDecodeError):
        json.loads(table.stdout)
    assert json.loads(forced.stdout)
    assert both.returncode == 1 and "not both" in both.stderr


def _numbers(value: Any) -> set[str]:
    """Every integer in a JSON value, as text (ids, counts, years)."""
    if isinstance(value, bool):
        return set()
    if isinstance(value, int):
        return {str(value)}
    if isinstance(value, dict):
        return set().union(*(_numbers(v) for v in value.values())) if value else set()
    if isinstance(value, list):
        return set().union(*(_numbers(v) for v in value)) if value else set()
    return set()


@pytest.mark.parametrize("columns", [60, 80, 120])
def test_stats_tables_fit_and_show_every_number_whole(filled_db: str, columns: int) -> None:
    summary = json.loads(_mirror("stats", "--db", filled_db).stdout)
    shown = _mirror("stats", "--table", "--db", filled_db, columns=columns)

    assert shown.returncode == 0, shown.stderr
    lines = shown.stdout.splitlines()
    assert max(len(line) for line in lines) <= columns
    words = set(re.findall(r"[\w.-]+", shown.stdout))
    run_numbers = _numbers(
        {k: v for k, v in summary["last_runs"][0].items() if k in ("new", "changed", "seen")}
    )
    expected = _numbers(summary["tables"]) | run_numbers | {str(n) for n in RUN_COUNTS.values()}
    assert expected - words == set()
    assert "…" not in shown.stdout


@pytest.mark.parametrize("columns", [60, 80, 120])
def test_search_table_fits_and_shows_ids_and_years_whole(filled_db: str, columns: int) -> None:
    hits = json.loads(_mirror("search", "lighthouse", "--db", filled_db).stdout)
    shown = _mirror("search", "lighthouse", "--table", "--db", filled_db, columns=columns)

    assert shown.returncode == 0, shown.stderr
    assert max(len(line) for line in shown.stdout.splitlines()) <= columns
    words = set(re.findall(r"\w+", shown.stdout))
    for hit in hits:
        assert {hit["film_id"], str(hit["year"]), str(hit["edition"])} <= words, hit


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("", "empty search"),
        ("   ", "empty search"),
        ('"lighthouse', "unclosed quote"),
        ("-lighthouse", "nothing to find"),
        ("lighthouse OR", "OR needs a word"),
    ],
)
def test_bad_search_is_one_line_error(filled_db: str, query: str, message: str) -> None:
    result = _mirror("search", "--db", filled_db, "--", query)  # -- : "-word" is no option

    assert result.returncode == 1
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.stderr


def test_offset_pages_through_the_ranked_hits(filled_db: str) -> None:
    every = json.loads(_mirror("search", "lighthouse", "--limit", "100", "--db", filled_db).stdout)
    pages = [
        json.loads(
            _mirror(
                "search", "lighthouse", "--limit", "3", "--offset", str(start), "--db", filled_db
            ).stdout
        )
        for start in range(0, len(every) + 3, 3)
    ]

    assert len(every) > 3
    assert [hit["film_id"] for page in pages for hit in page] == [h["film_id"] for h in every]
    assert pages[-1] == []
    scores = [hit["score"] for hit in every]
    assert scores == sorted(scores, reverse=True)  # most relevant first


@pytest.mark.parametrize(
    ("db", "aimed", "files"),
    [
        (None, "", "mirror.db"),
        ("sqlite:////srv/my mirror/m.db", " --db 'sqlite:////srv/my mirror/m.db'", None),
        ("postgresql+psycopg://me@db.example/mirror", " --db postgresql+psycopg://", None),
    ],
)
def test_demo_hints_aim_at_the_database_given(
    db: str | None, aimed: str, files: str | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("MIRROR_DATABASE_URL", raising=False)
    hints = next_steps(db).splitlines()[1:]
    commands = [line.strip() for line in hints if line.strip().startswith("mirror ")]

    assert len(commands) == 4
    for command in commands:
        assert (aimed in command) if aimed else ("--db" not in command), command
    if db is not None and db.startswith("sqlite"):
        assert "sqlite3 '/srv/my mirror/m.db'" in "\n".join(hints)
    if db is not None and db.startswith("postgresql"):
        assert not any("sqlite3" in line or "datasette" in line for line in hints)
    if files:
        assert f"sqlite3 {files}" in "\n".join(hints)
