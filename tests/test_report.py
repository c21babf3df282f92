"""`mirror report` and ``MIRROR_REPORT`` on real crawls of the replica.

Two crawls of one 200-film replica into SQLite: a clean one, then one against the same
site misbehaving (`--faults`: some pages answer 500 and, with retries off, stay failed;
some are slow), which writes its report at its end (``-s MIRROR_REPORT``). Every number
of the report is read back from the HTML's ``id``/``data-`` attributes and compared with
SQL written here, independently of db/report_data.py; headless Chromium renders the page.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from parsel import Selector
from PIL import Image

from mirror.replica_process import free_port, replica_subprocess
from tests.crawl_helpers import mirror, run_crawl
from tests.db_fixtures import services_required

pytestmark = pytest.mark.slow  # two crawls of the replica

FILMS = "200"
FAULTS = "error=0.04,slow=0.03,seed=7"
CHARTS = ("films-per-edition", "top-countries", "top-directors", "fill-rate-history")
RUN_COUNT_COLUMNS = {
    "new": "new_count",
    "changed": "changed_count",
    "unchanged": "unchanged_count",
    "vanished": "vanished_count",
    "invalid": "invalid_count",
    "seen": "seen_count",
    "revisits": "revisit_count",
    "not-checked": "not_checked_count",
    "pages": "pages_count",
}


@dataclass(frozen=True)
class Crawled:
    db_url: str
    db_path: Path
    folder: Path
    first_crawl: subprocess.CompletedProcess[str]
    crawl_report: Path  # what the second crawl wrote (MIRROR_REPORT)


@pytest.fixture(scope="module")
def crawled(tmp_path_factory: pytest.TempPathFactory) -> Crawled:
    folder = tmp_path_factory.mktemp("report")
    db_path = folder / "mirror.db"
    db_url = f"sqlite:///{db_path}"
    port = free_port()  # one port for both sites: the same URLs in both runs
    # The first run's report cannot be written (its folder would be a file): the crawl
    # must still finish.
    (folder / "not-a-folder").write_text("a file\n")
    with replica_subprocess("--films", FILMS, port=port) as url:
        first = run_crawl(url, db_url, f"MIRROR_REPORT={folder / 'not-a-folder' / 'r.html'}")
    assert first.returncode == 0, first.stderr[-3000:]
    with replica_subprocess("--films", FILMS, "--faults", FAULTS, port=port) as url:
        second = run_crawl(
            url,
            db_url,
            "RETRY_ENABLED=0",  # a page that answers 500 once stays failed in this run
            "MIRROR_HEALTH_CHECK=0",
            f"MIRROR_REPORT={folder / 'crawl-run-{run}.html'}",
        )
    assert second.returncode == 0, second.stderr[-3000:]
    return Crawled(db_url, db_path, folder, first, folder / "crawl-run-2.html")


@pytest.fixture(scope="module")
def report(crawled: Crawled) -> Path:
    """`mirror report` of the latest run, with its charts as PNG files."""
    output = crawled.folder / "latest.html"
    result = mirror(
        "report", "--db", crawled.db_url, "-o", str(output), "--png", str(crawled.folder / "png")
    )
    assert result.returncode == 0, result.stderr
    assert f"crawl run 2 to {output}" in result.stdout
    return output


def _query(crawled: Crawled, sql: str, *params: object) -> list[tuple]:
    with sqlite3.connect(crawled.db_path) as connection:
        return connection.execute(sql, params).fetchall()


def _page(path: Path) -> Selector:
    return Selector(text=path.read_text(encoding="utf-8"))


def _number(page: Selector, element_id: str) -> int:
    value = page.css(f"#{element_id}::attr(data-value)").get()
    assert value is not None, f"no #{element_id} in the report"
    return int(value)


# -- the numbers --------------------------------------------------------------------------


def _assert_run_counts(page: Selector, crawled: Crawled, run_id: int) -> None:
    assert page.css("#report::attr(data-run)").get() == str(run_id)
    columns = ", ".join(RUN_COUNT_COLUMNS.values())
    (row,) = _query(crawled, f"select {columns} from crawl_runs where id = ?", run_id)
    shown = {key: _number(page, f"run-{key}") for key in RUN_COUNT_COLUMNS}
    assert shown == dict(zip(RUN_COUNT_COLUMNS, row, strict=True))
    ((failed,),) = _query(
        crawled, "select count(*) from fetched_pages where run_id = ? and status >= 400", run_id
    )
    assert _number(page, "run-failed") == failed


def test_the_runs_counts_are_the_databases(report: Path, crawled: Crawled) -> None:
    page = _page(report)
    _assert_run_counts(page, crawled, 2)
    # The faults made the second run's figures worth checking: not all zero.
    assert _number(page, "run-failed") > 0
    assert _number(page, "run-unchanged") > 0
    assert page.css("#run-status::text").get() == "finished"


def test_fill_rates_are_the_runs_recorded_ones(report: Path, crawled: Crawled) -> None:
    page = _page(report)
    recorded = {
        run_id: json.loads(rates)
        for run_id, rates in _query(crawled, "select id, fill_rates from crawl_runs order by id")
    }
    shown: dict[int, dict[str, float]] = {}
    for cell in page.css("tr[data-field] td[data-run]"):
        field = cell.xpath("ancestor::tr/@data-field").get()
        shown.setdefault(int(cell.attrib["data-run"]), {})[field] = float(cell.attrib["data-value"])
    assert shown == recorded
    # Every watched field is listed, the declared ones first (common/records.py).
    fields = page.css("tr[data-field]::attr(data-field)").getall()
    assert fields[:3] == ["title", "directors", "year"]
    assert set(fields) == set(recorded[2])


def test_films_per_edition_are_the_databases(report: Path, crawled: Crawled) -> None:
    expected = _query(
        crawled,
        "select f.slug, e.year, count(*) from entries n join editions e on e.id = n.edition_id"
        " join festivals f on f.id = n.festival_id where n.vanished_run_id is null"
        " group by f.slug, e.year order by f.slug, e.year",
    )
    rows = _page(report).css("#chart-films-per-edition + details tr[data-year]")
    shown = [
        (r.attrib["data-festival"], int(r.attrib["data-year"]), int(r.attrib["data-films"]))
        for r in rows
    ]
    assert shown == expected
    assert len(shown) > 20  # the replica spreads 200 films over the editions since 1952


def test_top_countries_are_the_databases(report: Path, crawled: Crawled) -> None:
    pairs = _query(
        crawled,
        "select n.id, c.value from entries n, json_each(n.countries) c"
        " where n.vanished_run_id is null",
    )
    counts = Counter(country for _, country in set(pairs))  # a film names a country once
    expected = sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:10]
    rows = _page(report).css("#chart-top-countries + details tr[data-country]")
    assert [(r.attrib["data-country"], int(r.attrib["data-films"])) for r in rows] == expected


def test_top_directors_are_the_databases(report: Path, crawled: Crawled) -> None:
    expected = _query(
        crawled,
        "select p.name, count(distinct c.entry_id) as films from credits c"
        " join people p on p.id = c.person_id join entries n on n.id = c.entry_id"
        " where c.role = 'director' and n.vanished_run_id is null"
        " group by p.id, p.name order by films desc, p.name limit 10",
    )
    rows = _page(report).css("#chart-top-directors + details tr[data-director]")
    shown = [(r.attrib["data-director"], int(r.attrib["data-films"])) for r in rows]
    assert shown == expected and len(shown) == 10


def test_slowest_and_failing_urls_are_the_runs(report: Path, crawled: Crawled) -> None:
    page = _page(report)
    slowest = _query(
        crawled,
        "select url, status, download_seconds from fetched_pages where run_id = 2"
        " and download_seconds is not null order by download_seconds desc, url limit 10",
    )
    shown = [
        (r.attrib["data-url"], int(r.attrib["data-status"]), float(r.attrib["data-seconds"]))
        for r in page.css("#slowest-urls tr[data-url]")
    ]
    assert shown == slowest and len(shown) == 10
    # The replica held the slowest page back for at least half a second before answering.
    assert shown[0][2] >= 0.5
    failing = _query(
        crawled,
        "select url, status from fetched_pages where run_id = 2 and status >= 400"
        " order by status, url limit 50",
    )
    rows = page.css("#failing-urls tr[data-url]")
    assert [(r.attrib["data-url"], int(r.attrib["data-status"])) for r in rows] == failing
    assert failing and {status for _, status in failing} <= {500, 503}


def test_an_earlier_run_has_its_own_report(crawled: Crawled) -> None:
    output = crawled.folder / "first.html"
    result = mirror("report", "1", "--db", crawled.db_url, "-o", str(output))
    assert result.returncode == 0, result.stderr
    page = _page(output)
    _assert_run_counts(page, crawled, 1)
    assert _number(page, "run-new") == int(FILMS)
    # Its fill-rate history stops at itself.
    assert set(page.css("td[data-run]::attr(data-run)").getall()) == {"1"}


# -- the charts and the page --------------------------------------------------------------


def test_each_chart_is_embedded_and_written_as_png(report: Path, crawled: Crawled) -> None:
    page = _page(report)
    for name in CHARTS:
        src = page.css(f"#chart-{name} img::attr(src)").get()
        assert src is not None and src.startswith("data:image/png;base64,"), name
        with Image.open(crawled.folder / "png" / f"{name}.png") as image:
            assert image.format == "PNG" and image.width >= 600, name
    assert sorted(p.name for p in (crawled.folder / "png").iterdir()) == sorted(
        f"{name}.png" for name in CHARTS
    )


def _chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None:
        reason = "headless Chromium is not installed (apt-get install -y chromium)"
        if services_required():
            pytest.fail(f"{reason}; MIRROR_REQUIRE_SERVICES=1, so this is a failure")
        pytest.skip(reason)
    return found


def screenshot(html: Path, png: Path, *, height: int = 2000) -> None:
    """Render ``html`` in headless Chromium into ``png`` (1280 pixels wide)."""
    result = subprocess.run(
        [
            _chromium(),
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--hide-scrollbars",
            f"--screenshot={png}",
            f"--window-size=1280,{height}",
            html.resolve().as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "HOME": str(png.parent)},  # Chromium writes its profile there
    )
    assert result.returncode == 0 and png.exists(), result.stderr[-2000:]


def test_chromium_renders_the_report(report: Path, crawled: Crawled) -> None:
    shot = crawled.folder / "screenshot.png"
    screenshot(report, shot)
    with Image.open(shot) as image:
        assert image.size == (1280, 2000)
        colours = image.convert("RGB").getcolors(maxcolors=1_000_000)
    assert colours is not None
    # Text, bars and panels: a blank or failed render has one or two colours.
    assert len(colours) > 50
    background = max(colours)[0]
    assert background < 0.9 * 1280 * 2000, "the page is almost all one colour"


# -- the crawl writes it -------------------------------------------------------------------


def test_a_crawl_given_mirror_report_writes_it(crawled: Crawled) -> None:
    page = _page(crawled.crawl_report)
    _assert_run_counts(page, crawled, 2)
    for name in CHARTS:
        assert page.css(f"#chart-{name} img"), name


def test_a_report_that_cannot_be_written_does_not_fail_the_crawl(crawled: Crawled) -> None:
    # The first crawl's MIRROR_REPORT named a path under a file; it still finished.
    assert crawled.first_crawl.returncode == 0
    assert "could not write the report of crawl run 1" in crawled.first_crawl.stderr
    ((status,),) = _query(crawled, "select status from crawl_runs where id = 1")
    assert status == "finished"


# -- bad input -----------------------------------------------------------------------------


def _assert_one_line_error(result: subprocess.CompletedProcess[str], expected: str) -> None:
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.strip().splitlines() == [f"error: {expected}"]


def test_an_unknown_run_is_a_one_line_error(crawled: Crawled) -> None:
    output = crawled.folder / "none.html"
    result = mirror("report", "99", "--db", crawled.db_url, "-o", str(output))
    _assert_one_line_error(result, "no crawl run 99 in the mirror (runs 1-2 exist)")
    assert not output.exists()


def test_a_missing_output_folder_is_a_one_line_error(crawled: Crawled) -> None:
    output = crawled.folder / "missing" / "r.html"
    result = mirror("report", "--db", crawled.db_url, "-o", str(output))
    _assert_one_line_error(result, f"cannot write {output}: folder {output.parent} does not exist")


def test_a_mirror_without_runs_is_a_one_line_error(sqlite_url: str, tmp_path: Path) -> None:
    result = mirror("report", "--db", sqlite_url, "-o", str(tmp_path / "r.html"))
    _assert_one_line_error(result, "the mirror has no crawl runs yet (crawl first)")
    assert not (tmp_path / "r.html").exists()


@pytest.fixture
def no_database(tmp_path: Path) -> Iterator[str]:
    yield f"sqlite:///{tmp_path / 'absent.db'}"
    assert not (tmp_path / "absent.db").exists()  # reading created nothing


def test_a_missing_database_is_a_one_line_error(no_database: str, tmp_path: Path) -> None:
    result = mirror("report", "--db", no_database)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.startswith("error: database file") and "does not exist" in result.stderr
