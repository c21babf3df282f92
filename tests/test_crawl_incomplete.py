"""A crawl that could not read everything says so (issue 16): a callback that raises
leaves the run `incomplete` (nothing tombstoned, the errors counted, exit status 4), and
a site that answers nothing makes even a first run exit non-zero."""

from __future__ import annotations

from sqlalchemy import select

from db.models import CrawlRun, Entry
from db.session import make_engine
from mirror.replica_process import free_port, replica_subprocess
from scraper.commands.crawl import EXIT_ABORTED, EXIT_INCOMPLETE
from tests.crawl_helpers import run_crawl

FILMS = "300"


def _runs(db_url: str) -> list[CrawlRun]:
    engine = make_engine(db_url)
    try:
        with engine.connect() as conn:
            return list(conn.execute(select(CrawlRun).order_by(CrawlRun.id)))  # type: ignore[arg-type]
    finally:
        engine.dispose()


def _vanished(db_url: str) -> int:
    engine = make_engine(db_url)
    try:
        with engine.connect() as conn:
            rows = conn.execute(select(Entry.film_id).where(Entry.vanished_run_id.is_not(None)))
            return len(list(rows))
    finally:
        engine.dispose()


def test_a_callback_that_raises_leaves_the_run_incomplete_and_tombstones_nothing(
    tmp_path,
) -> None:
    db_url = f"sqlite:///{tmp_path / 'mirror.db'}"
    with replica_subprocess("--films", FILMS) as url:
        first = run_crawl(url, db_url)
        assert first.returncode == 0, first.stderr[-3000:]
        second = run_crawl(url, db_url, "SPIDER_MODULES=tests.raising_spiders")
    assert second.returncode == EXIT_INCOMPLETE, second.stderr[-3000:]
    assert "crawl incomplete: 1 page(s) raised an error while being parsed" in second.stderr
    assert "ValueError" in second.stderr
    runs = _runs(db_url)
    assert [run.status for run in runs] == ["finished", "incomplete"]
    assert runs[1].error_count == 1 and runs[1].vanished_count == 0
    assert "1989" in (runs[1].alarm or "")
    assert _vanished(db_url) == 0  # the 1989 films were not seen, yet none is tombstoned


def test_an_unreachable_site_on_a_first_run_exits_non_zero(tmp_path) -> None:
    db_url = f"sqlite:///{tmp_path / 'mirror.db'}"
    url = f"http://127.0.0.1:{free_port()}"  # nothing listens there
    result = run_crawl(url, db_url, "RETRY_TIMES=0", timeout=300)
    assert result.returncode == EXIT_ABORTED, result.stderr[-3000:]
    lines = [line for line in result.stderr.splitlines() if line.startswith("crawl aborted:")]
    assert lines == [f"crawl aborted: fetched nothing from {url}: the site is unreachable"]
    assert [run.status for run in _runs(db_url)] == ["aborted"]
