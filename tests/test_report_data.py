"""The report's queries (db/report_data.py) and its builder on SQLite and PostgreSQL, over
runs written through the real store: each figure against what was written."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest
from parsel import Selector
from sqlalchemy.orm import Session

from db import report_data
from db.runs import FillCounter
from db.session import make_engine
from db.store import MirrorStore, PageRecord, RunCounts
from reporting.build import write_report
from reporting.contents import ReportError, collect
from tests.db_fixtures import make_film

pytest_plugins = ["tests.db_fixtures"]

FILMS = [make_film(n) for n in range(40)]
GONE = {film.film_id for film in FILMS[:5]}  # not seen by the second run: tombstoned
MIFF_WATCHED = ("credit_line", "reviewer", "listing_line", "teaser")


def _pages() -> list[PageRecord]:
    """Ten pages of the second run: two failed, eight timed 0.1 s apart."""
    now = datetime.now(UTC)
    pages = [
        PageRecord(f"http://site/film/{n}", 200, None, None, "text/html", None, now, n / 10)
        for n in range(8)
    ]
    pages.append(PageRecord("http://site/film/404", 404, None, None, None, None, now, 0.05))
    pages.append(PageRecord("http://site/film/500", 500, None, None, None, None, now, None))
    return pages


@pytest.fixture
def two_runs(db_url: str) -> Iterator[str]:
    store = MirrorStore(db_url, retry_budget_s=10)
    try:
        fill = FillCounter(extra_fields=MIFF_WATCHED)
        for film in FILMS:
            fill.add(film)
        first = store.start_run("miff")
        counts = store.write_batch(first, FILMS)
        run_counts = RunCounts(new=counts.new, seen=len(FILMS), fill_rates=fill.rates())
        store.finish_run(first, "finished", "finished", run_counts)
        second = store.start_run("miff")
        kept = [film for film in FILMS if film.film_id not in GONE]
        store.write_batch(second, kept, pages=_pages())
        halved = {name: rate / 2 for name, rate in fill.rates().items()}
        present = {film.film_id for film in kept}
        second_counts = replace(run_counts, new=0, unchanged=len(kept), fill_rates=halved)
        store.finish_run(second, "finished", "finished", second_counts, present=present)
    finally:
        store.close()
    yield db_url


@pytest.fixture
def session(two_runs: str) -> Iterator[Session]:
    engine = make_engine(two_runs)
    with Session(engine) as session:
        yield session
    engine.dispose()


def test_the_latest_run_and_its_record(session: Session) -> None:
    assert report_data.latest_run_id(session) == 2
    run = report_data.run_record(session, 2)
    assert (run.festival, run.status, run.new, run.unchanged, run.vanished) == (
        "miff",
        "finished",
        0,
        35,
        5,
    )
    with pytest.raises(report_data.UnknownRun):
        report_data.run_record(session, 3)


def test_the_mirror_now_leaves_tombstoned_entries_out(session: Session) -> None:
    kept = [film for film in FILMS if film.film_id not in GONE]
    editions = report_data.films_per_edition(session)
    expected = sorted(Counter(film.edition for film in kept).items())
    assert [(e.festival, e.year, e.films) for e in editions] == [
        ("miff", year, films) for year, films in expected
    ]
    countries = Counter(c for film in kept for c in film.countries)
    ranked = sorted(countries.items(), key=lambda item: (-item[1], item[0]))[:3]
    top = report_data.top_countries(session, top=3)
    assert [(c.name, c.films) for c in top] == ranked
    # All eight directors: ties are ordered by the database's collation, so the names are
    # compared as a ranking by count, then each count's names as a set.
    directors = Counter(d for film in kept for d in film.directors)
    top = report_data.top_directors(session, top=len(directors))
    shown = [(d.films, d.name) for d in top]
    assert [films for films, _ in shown] == sorted(directors.values(), reverse=True)
    assert {(films, name) for films, name in shown} == {(n, d) for d, n in directors.items()}


def test_the_runs_failing_and_slowest_urls(session: Session) -> None:
    assert report_data.failed_page_count(session, 2) == 2
    assert report_data.failed_page_count(session, 1) == 0
    failing = report_data.failing_pages(session, 2)
    assert [(p.url, p.status) for p in failing] == [
        ("http://site/film/404", 404),
        ("http://site/film/500", 500),
    ]
    slowest = report_data.slowest_pages(session, 2, limit=3)
    assert [(p.url, p.download_seconds) for p in slowest] == [
        ("http://site/film/7", 0.7),
        ("http://site/film/6", 0.6),
        ("http://site/film/5", 0.5),
    ]


def test_fill_rate_history_and_field_order(session: Session) -> None:
    history = report_data.fill_rate_history(session, 1, 2)
    assert [h.run_id for h in history] == [1, 2]
    assert history[1].fill_rates["title"] == history[0].fill_rates["title"] / 2
    fields = report_data.fill_fields(history[1].fill_rates)
    assert fields[:3] == ["title", "directors", "year"]
    assert fields[-len(MIFF_WATCHED) :] == list(MIFF_WATCHED)
    assert [h.run_id for h in report_data.fill_rate_history(session, 1, 1)] == [1]


def test_the_builder_writes_a_report_with_every_chart(
    session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert write_report(session).html == Path("report-run-2.html")  # the default name
    assert (tmp_path / "report-run-2.html").stat().st_size > 10_000
    written = write_report(session, None, tmp_path / "r.html", tmp_path / "png")
    assert written.run_id == 2 and len(written.pngs) == 4
    page = Selector(text=written.html.read_text(encoding="utf-8"))
    assert page.css("#run-vanished::attr(data-value)").get() == "5"
    assert page.css("#run-failed::attr(data-value)").get() == "2"
    assert len(page.css("figure img[src^='data:image/png;base64,']")) == 4
    with pytest.raises(ReportError, match=r"no crawl run 7 in the mirror \(runs 1-2 exist\)"):
        collect(session, 7)
