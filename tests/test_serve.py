"""`mirror serve`: Datasette on a crawled mirror with the seed corpus imported.

The mirror is a real crawl of the 300-film replica plus the seed corpus imported with
`mirror corpus import`. Most tests talk to the Datasette that `mirror serve` builds
through Datasette's own test client; one starts the real command on a free port and
talks HTTP to it.
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import sqlite3
import subprocess
import sys
import time
import unicodedata
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlite_utils

from db.migrate import upgrade
from mirror.datasette_metadata import HIDDEN_TABLES, TABLES
from mirror.datasette_queries import canned_queries
from mirror.replica_process import replica_subprocess
from mirror.serve_cli import build_datasette, database_name
from tests.crawl_helpers import REPO, free_port, run_crawl
from tests.db_fixtures import make_film, store_films
from tests.dedup_fixtures import import_file, run, seed_paths

pytest_plugins = ["tests.db_fixtures"]

FILMS = "300"
SEEDS_FRENCH = "002_c5e7a29b6c4a95b3"
INTERNAL = ("alembic_version", "captures", "fetched_pages", "text_vectors")


@pytest.fixture(scope="module")
def mirror_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A crawl of the 300-film replica with every seed file imported into it."""
    path = tmp_path_factory.mktemp("serve") / "mirror.db"
    db_url = f"sqlite:///{path}"
    with replica_subprocess("--films", FILMS) as base_url:
        result = run_crawl(base_url, db_url)
    assert result.returncode == 0, result.stderr[-3000:]
    for seed in sorted(seed_paths()[0].parent.glob("*.txt")):
        import_file(db_url, seed)
    return path


def _get(path: Path, url: str) -> Any:
    """GET ``url`` from the Datasette `mirror serve` builds: (status, JSON body)."""
    return asyncio.run(_request(path, "GET", url))


async def _request(path: Path, method: str, url: str, **kwargs: Any) -> tuple[int, Any]:
    datasette = build_datasette(path)
    await datasette.invoke_startup()
    response = await getattr(datasette.client, method.lower())(url, **kwargs)
    try:
        body = response.json()
    except ValueError:
        body = response.text
    return response.status_code, body


def _words(text: str | None) -> list[str]:
    """Words as the full-text tokenizer sees them: letters and digits, case and accents
    folded (unicode61 remove_diacritics 2)."""
    decomposed = unicodedata.normalize("NFKD", (text or "").casefold())
    folded = "".join(c for c in decomposed if not unicodedata.combining(c))
    return re.findall(r"\w+", folded)


def _texts(path: Path) -> dict[str, tuple[str, str]]:
    """Every searchable text by its id in the search query: (title, body)."""
    connection = sqlite3.connect(path)
    try:
        entries = connection.execute(
            "SELECT f.slug || ':' || e.film_id, coalesce(e.title, ''), "
            "coalesce(e.original_title, '') || ' ' || coalesce(e.synopsis, '') "
            "FROM entries e JOIN festivals f ON f.id = e.festival_id"
        ).fetchall()
        documents = connection.execute(
            "SELECT id, coalesce(title, ''), text FROM corpus_documents"
        ).fetchall()
    finally:
        connection.close()
    return {key: (title, body) for key, title, body in [*entries, *documents]}


def _english_query(path: Path) -> tuple[str, str]:
    """A film and a word of its title that no other title has but other texts use: the
    search must rank the title match above the synopses that mention the word."""
    texts = _texts(path)
    title_words = {key: set(_words(title)) for key, (title, _) in texts.items()}
    body_words = {key: set(_words(body)) for key, (_, body) in texts.items()}
    for key in sorted(k for k in texts if k.startswith("miff:")):
        for word in sorted(title_words[key]):
            if len(word) < 5 or not word.isalpha():
                continue
            other_titles = [k for k in texts if k != key and word in title_words[k]]
            other_bodies = [k for k in texts if k != key and word in body_words[k]]
            if not other_titles and len(other_bodies) >= 2:
                return key, word
    raise AssertionError("no film title with a word that only synopses share")


def _french_query(path: Path) -> tuple[str, str]:
    """A French corpus document and two of its words, one written with an accent, that
    no other text has together; the query gives them without accents."""
    connection = sqlite3.connect(path)
    try:
        french = connection.execute(
            "SELECT id, text FROM corpus_documents WHERE lang = 'fr' AND source = ? ORDER BY id",
            (SEEDS_FRENCH,),
        ).fetchall()
    finally:
        connection.close()
    assert french, "the seed corpus should hold French documents"
    texts = _texts(path)
    every = {key: set(_words(title + " " + body)) for key, (title, body) in texts.items()}
    for key, text in french:
        accented = [w for w in re.findall(r"\w+", text.casefold()) if not w.isascii()]
        for word in accented:
            plain = _words(word)[0]
            for other in sorted(every[key]):
                if other == plain or len(other) < 5:
                    continue
                if [k for k, words in every.items() if plain in words and other in words] == [key]:
                    return key, f"{plain} {other}"
    raise AssertionError("no French document with a distinctive accented word")


def test_sqlite_utils_detects_the_full_text_tables(mirror_path: Path) -> None:
    database = sqlite_utils.Database(mirror_path)
    assert database["entries"].detect_fts() == "entries_fts"
    assert database["corpus_documents"].detect_fts() == "corpus_documents_fts"


def test_search_finds_an_english_film_first(mirror_path: Path) -> None:
    film, word = _english_query(mirror_path)
    db = database_name(mirror_path)
    status, body = _get(mirror_path, f"/{db}/search.json?_shape=objects&q={word}")
    assert status == 200, body
    ids = [row["id"] for row in body["rows"]]
    assert ids[0] == film, (word, body["rows"][:3])
    assert len(ids) >= 3  # the synopses that mention the word come after it
    # The table's own search box (Datasette's _search) finds it too, in entries and films.
    festival, film_id = film.split(":", 1)
    for table in ("entries", "films"):
        status, rows = _get(mirror_path, f"/{db}/{table}.json?_shape=array&_search={word}")
        assert status == 200, rows
        assert film_id in {row["film_id"] for row in rows}


def test_search_finds_a_french_document_by_words_without_accents(mirror_path: Path) -> None:
    document, words = _french_query(mirror_path)
    db = database_name(mirror_path)
    query = urllib.parse.quote(words)
    status, body = _get(mirror_path, f"/{db}/search.json?_shape=objects&q={query}")
    assert status == 200, body
    assert body["rows"][0]["id"] == document, (words, body["rows"][:3])
    assert body["rows"][0]["lang"] == "fr"
    status, rows = _get(mirror_path, f"/{db}/corpus_documents.json?_shape=array&_search={query}")
    assert status == 200, rows
    assert [row["id"] for row in rows] == [document]


def test_every_facet_answers(mirror_path: Path) -> None:
    db = database_name(mirror_path)
    for table, settings in TABLES.items():
        facets = settings.get("facets", [])
        status, body = _get(mirror_path, f"/{db}/{table}.json?_size=1")
        assert status == 200, (table, body)
        names = [f if isinstance(f, str) else f["array"] for f in facets]
        # A facet that failed or ran out of time is missing from the results.
        assert sorted(body["facet_results"]) == sorted(names), table
        empty = [name for name in names if not body["facet_results"][name]["results"]]
        assert set(empty) <= _empty_columns(mirror_path, table, empty), (table, empty)
    status, body = _get(mirror_path, f"/{db}/films.json?_facet_array=directors&_size=0")
    assert status == 200
    top = body["facet_results"]["directors"]["results"][0]
    assert top["count"] >= 1 and top["value"]


def _empty_columns(path: Path, table: str, columns: list[str]) -> set[str]:
    """The columns of ``table`` with no value in any row (MIFF pages show no spoken
    languages, for example): their facets have nothing to count."""
    connection = sqlite3.connect(path)
    try:
        return {
            column
            for column in columns
            if not connection.execute(
                f"SELECT count(*) FROM {table} WHERE {column} IS NOT NULL "
                f"AND {column} NOT IN ('', '[]')"
            ).fetchone()[0]
        }
    finally:
        connection.close()


def test_every_canned_query_answers(mirror_path: Path) -> None:
    db = database_name(mirror_path)
    answers = {}
    for name in canned_queries():
        status, body = _get(mirror_path, f"/{db}/{name}.json?_shape=objects&q=rock")
        assert status == 200 and body["ok"], (name, body)
        answers[name] = body["rows"]
    assert sum(row["films"] for row in answers["films_per_edition"]) == int(FILMS)
    changes = answers["last_run_changes"]
    assert len(changes) == int(FILMS) and {row["change"] for row in changes} == {"new"}
    top = answers["top_directors"][0]
    status, rows = _get(
        mirror_path,
        f"/{db}/film_directors.json?_shape=array&director={urllib.parse.quote(top['director'])}",
    )
    assert len(rows) == top["screenings"]
    # The crawl linked its entries into works: re-screened films show up as works with
    # entries in several editions, each listed.
    for row in answers["rescreened_films"]:
        assert row["editions"] > 1 and row["screened_at"].count(",") == row["editions"] - 1
    for row in answers["links_awaiting_review"]:
        assert row["left_label"] and row["right_label"]


def test_metadata_describes_every_visible_table(mirror_path: Path) -> None:
    db = database_name(mirror_path)
    status, metadata = _get(mirror_path, "/-/metadata.json")
    assert status == 200
    assert metadata["title"] and metadata["license"] == "MIT" and metadata["source"]
    described = metadata["databases"][db]["tables"]
    status, database = _get(mirror_path, f"/{db}.json")
    visible = {t["name"]: t["columns"] for t in database["tables"] if not t["hidden"]}
    hidden = {t["name"] for t in database["tables"] if t["hidden"]}
    for view in database["views"]:
        _, body = _get(mirror_path, f"/{db}/{view['name']}.json?_size=0")
        visible[view["name"]] = body["columns"]
    assert {"entries", "films", "film_directors", "synopsis_history"} <= set(visible)
    assert set(INTERNAL) <= hidden and not set(INTERNAL) & set(visible)
    assert not [name for name in visible if "_fts" in name]
    for table, columns in visible.items():
        assert described.get(table, {}).get("description"), f"{table} has no description"
        missing = set(columns) - set(described[table].get("columns", {}))
        assert not missing, f"{table}: columns without a description: {sorted(missing)}"
    assert set(HIDDEN_TABLES) >= set(INTERNAL)


def test_editions_show_by_year(mirror_path: Path) -> None:
    db = database_name(mirror_path)
    status, rows = _get(mirror_path, f"/{db}/entries.json?_shape=objects&_labels=on&_size=5")
    assert status == 200, rows
    edition = rows["rows"][0]["edition_id"]
    assert isinstance(edition, dict) and re.fullmatch(r"\d{4}", str(edition["label"]))


def _entry_count(path: Path) -> int:
    connection = sqlite3.connect(path)
    try:
        return int(connection.execute("SELECT count(*) FROM entries").fetchone()[0])
    finally:
        connection.close()


def test_writes_are_refused(mirror_path: Path) -> None:
    db = database_name(mirror_path)
    before = _entry_count(mirror_path)
    sql = urllib.parse.quote("DELETE FROM entries")
    status, body = _get(mirror_path, f"/{db}.json?sql={sql}")
    assert status == 400 and "SELECT" in json.dumps(body)
    sql = urllib.parse.quote("select 1; delete from entries")
    status, _ = _get(mirror_path, f"/{db}.json?sql={sql}")
    assert status == 400
    for url in (f"/{db}/entries/-/insert", f"/{db}/-/create", f"/{db}/entries", f"/{db}"):
        for method in ("POST", "PUT", "PATCH", "DELETE"):
            status, body = asyncio.run(
                _request(mirror_path, method, url, json={"row": {"film_id": "x"}})
                if method != "DELETE"
                else _request(mirror_path, method, url)
            )
            assert status == 405 and "read-only" in body["error"], (method, url, body)
    assert _entry_count(mirror_path) == before


def _http(url: str, data: bytes | None = None) -> tuple[int, Any]:
    request = urllib.request.Request(url, data=data, method="POST" if data else "GET")
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode("utf-8", "replace")


@pytest.fixture
def served(mirror_path: Path) -> Iterator[str]:
    """The real `mirror serve` on a free port: its base URL, stopped afterwards."""
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "mirror.cli", "serve", "--db", f"sqlite:///{mirror_path}"]
        + ["--port", str(port)],
        cwd=REPO,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            if process.poll() is not None:
                raise AssertionError(f"mirror serve exited: {process.communicate()[1]}")
            try:
                _http(f"{base}/-/versions.json")
                break
            except (urllib.error.URLError, ConnectionError):
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
        yield base
    finally:
        process.terminate()
        process.communicate(timeout=60)


def test_mirror_serve_answers_over_http(served: str, mirror_path: Path) -> None:
    film, word = _english_query(mirror_path)
    db = database_name(mirror_path)
    status, body = _http(f"{served}/{db}/search.json?_shape=objects&q={word}")
    assert status == 200 and body["rows"][0]["id"] == film
    status, metadata = _http(f"{served}/-/metadata.json")
    assert status == 200 and metadata["license"] == "MIT"
    status, refusal = _http(f"{served}/{db}/entries", data=b'{"row": {"film_id": "x"}}')
    assert status == 405 and "read-only" in refusal
    status, body = _http(f"{served}/{db}/films.json?_shape=array&_size=1")
    assert status == 200 and body[0]["festival"] == "miff"


def test_live_mode_sees_a_crawl_written_while_serving(sqlite_url: str) -> None:
    path = Path(sqlite_url.removeprefix("sqlite:///"))
    store_films(sqlite_url, [make_film(1)])
    db = database_name(path)

    async def films(datasette: Any) -> list[str]:
        response = await datasette.client.get(f"/{db}/films.json?_shape=array")
        return [row["film_id"] for row in response.json()]

    async def scenario() -> tuple[list[str], list[str]]:
        datasette = build_datasette(path, live=True)
        await datasette.invoke_startup()
        before = await films(datasette)
        await asyncio.to_thread(store_films, sqlite_url, [make_film(2)])
        return before, await films(datasette)

    before, after = asyncio.run(scenario())
    assert before == ["1001"] and sorted(after) == ["1001", "1002"]


def test_serve_refuses_postgresql_with_a_clear_message() -> None:
    result = run("serve", "--db", "postgresql+psycopg://someone@127.0.0.1:5432/mirror")
    assert result.exit_code == 1
    assert "Datasette reads SQLite files only" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout


def test_serve_asks_for_an_upgrade_of_an_old_mirror(tmp_path: Path) -> None:
    db_url = f"sqlite:///{tmp_path / 'old.db'}"
    upgrade(db_url, "0005_festival_neutral_entries")
    result = run("serve", "--db", db_url)
    assert result.exit_code == 1
    assert "python -m db.migrate" in result.stderr and "upgrade" in result.stderr


def test_serve_explains_a_missing_file(tmp_path: Path) -> None:
    result = run("serve", "--db", f"sqlite:///{tmp_path / 'none.db'}")
    assert result.exit_code == 1 and "does not exist" in result.stderr
    assert not (tmp_path / "none.db").exists()


def test_print_metadata_is_datasette_metadata(mirror_path: Path) -> None:
    result = run("serve", "--db", f"sqlite:///{mirror_path}", "--print-metadata")
    assert result.exit_code == 0, result.stderr
    printed = json.loads(result.stdout)
    assert set(printed["databases"][database_name(mirror_path)]["queries"]) == set(canned_queries())
