"""`mirror export` in every format, with filters, history and a data package; `mirror wacz`.

One real crawl (`scrapy crawl miff` with a web archive) of a small replica into SQLite
is exported through the real command, and compared with the replica's truth, with
direct SQL and across formats; the data package goes through the real `frictionless
validate`, the WACZ through the real `wacz validate`.
"""

from __future__ import annotations

import csv
import io
import json
import os
import pty
import shutil
import subprocess
import sys
import zipfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.orm import Session

from db.models import CrawlRun
from db.queries import EXPORT_KEYS
from db.session import make_engine
from mirror.export_columns import FIELD_DESCRIPTIONS
from mirror.replica_process import replica_subprocess
from tests.crawl_helpers import REPO, by_film_id, export, jsonl, mirror, run_crawl, truth

pytestmark = pytest.mark.slow

BIN = Path(sys.executable).parent
FILMS = "60"
MUTATION = ("--mutate", "0.2", "--mutate-seed", "3")
# Fields every MIFF film of the replica has somewhere (so the default export must carry them).
MIFF_FIELDS = ("title_display", "see_also", "reviewer", "listing_line", "teaser", "credit_line")


@pytest.fixture(scope="module")
def crawled(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Path]:
    """(database URL, archive directory) of one crawl of the replica."""
    work = tmp_path_factory.mktemp("export")
    db_url = f"sqlite:///{work / 'mirror.db'}"
    with replica_subprocess("--films", FILMS) as url:
        result = run_crawl(url, db_url, f"MIRROR_ARCHIVE_DIR={work / 'warc'}")
    assert result.returncode == 0, result.stderr[-3000:]
    return db_url, work / "warc"


@pytest.fixture(scope="module")
def crawl_db(crawled: tuple[str, Path]) -> str:
    return crawled[0]


@pytest.fixture(scope="module")
def everything(crawl_db: str) -> list[dict[str, Any]]:
    return export(crawl_db)


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return mirror(*args)


# -- every field, the CONTRACT's keys first -----------------------------------------------


def test_default_export_has_the_contract_keys_first_then_every_field(
    everything: list[dict[str, Any]],
) -> None:
    assert everything
    for record in everything:
        assert tuple(record)[: len(EXPORT_KEYS)] == EXPORT_KEYS
    keys = set(everything[0])
    assert {"original_title", "languages", "runtime", "credits", "quote", "quote_source"} <= keys
    assert {"first_seen_at", "updated_at"} <= keys
    for name in MIFF_FIELDS:
        assert any(record[name] for record in everything), f"no entry has {name}"
    # Every row has the same keys, whatever its festival (NZIFF's own fields null here).
    assert all(set(record) == keys for record in everything)
    assert all(record["slug"] is None for record in everything)


def test_export_matches_the_truth_and_common_is_the_truths_format(
    crawl_db: str, everything: list[dict[str, Any]]
) -> None:
    site = truth("--films", FILMS)
    assert by_film_id(everything) == by_film_id(site)
    common = export(crawl_db, "--common")
    assert all(tuple(record) == EXPORT_KEYS for record in common)
    assert by_film_id(common) == by_film_id(site)
    # --full is the default now: accepted, same output.
    assert export(crawl_db, "--full") == everything


def test_every_declared_field_is_described() -> None:
    from common.records import FilmItem, declared_fields
    from db.exports import OTHER_FIELDS

    exported = [f.name for f in declared_fields(FilmItem) if f.declared.export]
    assert set(exported) | {f.name for f in OTHER_FIELDS} <= set(FIELD_DESCRIPTIONS)


# -- formats -------------------------------------------------------------------------------


def _from_arrow(row: dict[str, Any]) -> dict[str, Any]:
    """A row read back from Parquet in the JSONL export's terms."""
    out = {}
    for key, value in row.items():
        if isinstance(value, datetime):
            value = value.astimezone(UTC).isoformat()
        elif key == "credits" and value is not None:
            value = {role: list(names) for role, names in value}
        out[key] = value
    return out


def test_parquet_export_reads_back_equal_to_the_jsonl_export(
    crawl_db: str, everything: list[dict[str, Any]], tmp_path: Path
) -> None:
    import pyarrow.parquet as pq

    target = tmp_path / "f.parquet"
    result = _run("export", "--db", crawl_db, "--format", "parquet", "-o", str(target))
    assert result.returncode == 0, result.stderr
    table = pq.read_table(target)
    assert table.column_names == list(everything[0])
    assert [_from_arrow(row) for row in table.to_pylist()] == everything


def test_parquet_through_a_pipe_and_refused_on_a_terminal(
    crawl_db: str, everything: list[dict[str, Any]]
) -> None:
    import pyarrow.parquet as pq

    piped = subprocess.run(
        [sys.executable, "-m", "mirror.cli", "export", "--db", crawl_db, "--format", "parquet"],
        cwd=REPO,
        capture_output=True,
        timeout=300,
    )
    assert piped.returncode == 0, piped.stderr
    table = pq.read_table(io.BytesIO(piped.stdout))
    assert table.num_rows == len(everything)

    leader, follower = pty.openpty()
    try:
        terminal = subprocess.run(
            [sys.executable, "-m", "mirror.cli", "export", "--db", crawl_db, "--format", "parquet"],
            cwd=REPO,
            stdout=follower,
            stderr=subprocess.PIPE,
            text=True,
            timeout=300,
        )
    finally:
        os.close(follower)
        os.close(leader)
    assert terminal.returncode == 1
    assert "Parquet is binary: give -o FILE.parquet" in terminal.stderr
    assert "Traceback" not in terminal.stderr


def test_csv_export_holds_the_same_values_lists_as_json(
    crawl_db: str, everything: list[dict[str, Any]]
) -> None:
    result = _run("export", "--db", crawl_db, "--format", "csv")
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert list(rows[0]) == list(everything[0])
    assert len(rows) == len(everything)
    for row, record in zip(rows, everything, strict=True):
        assert row["film_id"] == record["film_id"]
        for key in ("directors", "countries", "credits", "see_also"):
            assert json.loads(row[key]) == record[key]
        assert row["year"] == ("" if record["year"] is None else str(record["year"]))
        assert row["reviewer"] == (record["reviewer"] or "")


def test_works_in_every_format_hold_the_same_films(crawl_db: str, tmp_path: Path) -> None:
    import pyarrow.parquet as pq

    works = export(crawl_db, "--works")
    assert works and all(
        tuple(w) == ("work_id", "title", "year", "directors", "members") for w in works
    )
    as_csv = _run("export", "--db", crawl_db, "--works", "--format", "csv")
    assert as_csv.returncode == 0, as_csv.stderr
    rows = list(csv.DictReader(io.StringIO(as_csv.stdout)))
    assert [json.loads(row["members"]) for row in rows] == [w["members"] for w in works]
    target = tmp_path / "works.parquet"
    result = _run("export", "--db", crawl_db, "--works", "--format", "parquet", "-o", str(target))
    assert result.returncode == 0, result.stderr
    read = pq.read_table(target).to_pylist()
    assert [r["work_id"] for r in read] == [w["work_id"] for w in works]
    members = [[{k: v for k, v in m.items() if v is not None} for m in r["members"]] for r in read]
    assert members == [w["members"] for w in works]


def test_a_reader_that_stops_early_gets_no_error(crawl_db: str) -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "mirror.cli", "export", "--db", crawl_db, "--history"],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert process.stdout is not None and process.stderr is not None
    first = process.stdout.readline()
    process.stdout.close()  # as `mirror export | head -1` does
    error = process.stderr.read().decode()
    assert process.wait(timeout=120) == 0, error
    assert json.loads(first)["festival"] == "miff"
    assert error == ""


# -- filters -------------------------------------------------------------------------------


def test_edition_and_festival_filters_select_exactly_those_entries(
    crawl_db: str, everything: list[dict[str, Any]]
) -> None:
    editions = sorted({r["edition"] for r in everything})
    edition = editions[len(editions) // 2]
    selected = export(crawl_db, "--edition", str(edition))
    assert selected == [r for r in everything if r["edition"] == edition]
    assert export(crawl_db, "--festival", "miff") == everything
    works = export(crawl_db, "--works", "--edition", str(edition))
    wanted = {r["film_id"] for r in selected}
    assert works and all(any(m.get("film_id") in wanted for m in work["members"]) for work in works)
    assert {m["film_id"] for w in works for m in w["members"]} >= wanted


def test_since_selects_entries_first_seen_or_changed_since(
    crawl_db: str, everything: list[dict[str, Any]], tmp_path: Path
) -> None:
    """Direct SQL marks three entries as changed by a later run; --since finds them."""
    copy = tmp_path / "mirror.db"
    shutil.copyfile(crawl_db.removeprefix("sqlite:///"), copy)
    url = f"sqlite:///{copy}"
    changed = [r["film_id"] for r in everything[:3]]
    engine = make_engine(url)
    with Session(engine) as session, session.begin():
        festival_id = session.execute(text("SELECT id FROM festivals")).scalar_one()
        later = CrawlRun(
            festival_id=festival_id,
            started_at=datetime(2030, 6, 1, 12, tzinfo=UTC),
            status="finished",
        )
        session.add(later)
        session.flush()
        session.execute(
            text("UPDATE entries SET updated_run_id = :run WHERE film_id IN (:a, :b, :c)"),
            {"run": later.id, **dict(zip("abc", changed, strict=True))},
        )
    engine.dispose()
    assert [r["film_id"] for r in export(url, "--since", "2030-06-01")] == changed
    assert [r["film_id"] for r in export(url, "--since", "2030-06-01T12:00:01")] == []
    # A time zone other than UTC is converted: 13:00+01:00 is 12:00 UTC.
    assert [r["film_id"] for r in export(url, "--since", "2030-06-01T13:00+01:00")] == changed
    assert len(export(url, "--since", "2000-01-01")) == len(everything)


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--festival", "cannes"], "unknown festival 'cannes': the mirror holds miff"),
        (["--since", "last week"], "--since 'last week' is not a date"),
        (["--works", "--history"], "--history and --common are about entries"),
        (["-o", "/nonexistent/folder/x.jsonl"], "folder /nonexistent/folder does not exist"),
        (["--datapackage", "pkg", "--format", "csv"], "--datapackage writes its own CSV"),
    ],
)
def test_bad_options_fail_with_one_line(crawl_db: str, options: list[str], message: str) -> None:
    result = _run("export", "--db", crawl_db, *options)
    assert result.returncode == 1
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout == ""


# -- the data package ----------------------------------------------------------------------


def test_datapackage_passes_frictionless_validate(
    crawl_db: str, everything: list[dict[str, Any]], tmp_path: Path
) -> None:
    package = tmp_path / "package"
    result = _run("export", "--db", crawl_db, "--datapackage", str(package))
    assert result.returncode == 0, result.stderr
    assert {p.name for p in package.iterdir()} == {
        "datapackage.json",
        "entries.csv",
        "synopses.csv",
        "works.csv",
        "editions.csv",
    }
    validated = subprocess.run(
        [str(BIN / "frictionless"), "validate", "--json", str(package / "datapackage.json")],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert validated.returncode == 0, validated.stdout[-3000:]
    assert json.loads(validated.stdout)["valid"] is True

    descriptor = json.loads((package / "datapackage.json").read_text())
    resources = {r["name"]: r for r in descriptor["resources"]}
    fields = resources["entries"]["schema"]["fields"]
    assert [f["name"] for f in fields] == list(everything[0])
    assert all(f["description"] for r in resources.values() for f in r["schema"]["fields"])
    types = {f["name"]: f["type"] for f in fields}
    assert (types["year"], types["directors"], types["credits"]) == ("integer", "array", "object")
    with (package / "entries.csv").open(encoding="utf-8") as rows:
        assert [r["film_id"] for r in csv.DictReader(rows)] == [r["film_id"] for r in everything]


# -- history after a re-crawl of the mutated site ------------------------------------------


@pytest.fixture(scope="module")
def recrawled(crawled: tuple[str, Path], tmp_path_factory: pytest.TempPathFactory) -> str:
    """A copy of the crawl's database, crawled again after the site changed."""
    copy = tmp_path_factory.mktemp("recrawl") / "mirror.db"
    shutil.copyfile(crawled[0].removeprefix("sqlite:///"), copy)
    url = f"sqlite:///{copy}"
    with replica_subprocess("--films", FILMS, *MUTATION) as site:
        result = run_crawl(site, url)
    assert result.returncode == 0, result.stderr[-3000:]
    return url


def test_history_shows_the_earlier_synopsis_after_a_recrawl(
    recrawled: str, everything: list[dict[str, Any]]
) -> None:
    before = {r["film_id"]: r["synopsis"] for r in everything}
    after = {r["film_id"]: r for r in export(recrawled, "--history")}
    edited = [film_id for film_id, text in before.items() if after[film_id]["synopsis"] != text]
    assert edited, "the mutation edits some synopses"
    for film_id, record in after.items():
        history = record["synopsis_history"]
        if film_id in edited and None not in (before[film_id], record["synopsis"]):
            first, *_, latest = history
            assert (first["text"], first["current"]) == (before[film_id], False)
            assert first["superseded_at"] is not None
            assert (latest["text"], latest["current"]) == (record["synopsis"], True)
        elif record["synopsis"] is not None:
            assert [v["text"] for v in history] == [record["synopsis"]]
    # Without --history the key is absent; --since the re-crawl's start: what it changed.
    assert "synopsis_history" not in export(recrawled, "--common")[0]
    runs = sorted({r["updated_at"] for r in after.values()})
    changed_since = {r["film_id"] for r in export(recrawled, "--since", runs[-1])}
    assert set(edited) <= changed_since < set(after)


# -- WACZ ----------------------------------------------------------------------------------


def test_wacz_of_the_crawl_passes_wacz_validate(
    crawled: tuple[str, Path], everything: list[dict[str, Any]], tmp_path: Path
) -> None:
    db_url, archive = crawled
    output = tmp_path / "films.wacz"
    result = _run("wacz", str(output), "--archive", str(archive), "--db", db_url)
    assert result.returncode == 0, result.stderr
    assert f"{len(everything)} film pages" in result.stderr
    validated = subprocess.run(
        [str(BIN / "wacz"), "validate", "-f", str(output)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert validated.returncode == 0, validated.stdout + validated.stderr
    assert "the passed WACZ is valid" in validated.stdout
    with zipfile.ZipFile(output) as package:
        names = set(package.namelist())
        pages = jsonl(package.read("pages/pages.jsonl").decode())
    warcs = sorted(p.name for p in archive.glob("*.warc.gz"))
    assert {f"archive/{name}" for name in warcs} <= names
    assert {"indexes/index.cdx.gz", "datapackage.json", "datapackage-digest.json"} <= names
    assert pages[0]["format"] == "json-pages-1.0"
    titles = {r["title"] for r in everything}
    assert len(pages[1:]) == len(everything)
    assert all("/festival-archive/film/" in page["url"] for page in pages[1:])
    assert {page["title"] for page in pages[1:]} == titles


def test_wacz_refuses_to_replace_and_names_what_is_missing(
    crawled: tuple[str, Path], tmp_path: Path
) -> None:
    db_url, archive = crawled
    output = tmp_path / "films.wacz"
    output.write_bytes(b"keep me")
    refused = _run("wacz", str(output), "--archive", str(archive), "--db", db_url)
    assert refused.returncode == 1
    assert "exists: pass --force to replace it" in refused.stderr
    assert output.read_bytes() == b"keep me"
    forced = _run("wacz", str(output), "--archive", str(archive), "--db", db_url, "--force")
    assert forced.returncode == 0, forced.stderr
    assert zipfile.is_zipfile(output)

    empty = tmp_path / "empty"
    empty.mkdir()
    for archive_dir, message in (
        (tmp_path / "nowhere", "does not exist"),
        (empty, "holds no finished WARC file"),
    ):
        failed = _run("wacz", str(tmp_path / "x.wacz"), "--archive", str(archive_dir))
        assert failed.returncode == 1
        assert message in failed.stderr and "Traceback" not in failed.stderr
    assert not (tmp_path / "x.wacz").exists()


@pytest.mark.postgres
def test_filters_select_the_same_entries_on_postgresql(
    postgres_url: str, crawl_db: str, everything: list[dict[str, Any]]
) -> None:
    with replica_subprocess("--films", FILMS) as site:
        result = run_crawl(site, postgres_url)
    assert result.returncode == 0, result.stderr[-3000:]
    # work_id and the crawl times are the database's own; every other value agrees.
    own = ("work_id", "first_seen_at", "updated_at")

    def comparable_rows(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return [{k: v for k, v in r.items() if k not in own} for r in records]

    edition = sorted({r["edition"] for r in everything})[1]
    for options in (["--edition", str(edition)], ["--festival", "miff"]):
        assert comparable_rows(export(postgres_url, *options)) == comparable_rows(
            export(crawl_db, *options)
        ), options
    started = export(postgres_url)[0]["first_seen_at"]
    assert len(export(postgres_url, "--since", started)) == len(everything)
    assert export(postgres_url, "--since", "2100-01-01") == []
    unknown = mirror("export", "--db", postgres_url, "--festival", "nziff")
    assert unknown.returncode == 1 and "unknown festival 'nziff'" in unknown.stderr
