"""Re-crawls with MIRROR_REVISIT_DAYS: pages checked recently are not requested.

Three real crawls (`scrapy crawl miff`) of the acceptance test's 300-film replica on one
fixed port: the first with the defaults, the second with a 30-day interval (no page is
due but the archive index), the third with an interval of under a second (every page is
due again). Then 5% of the films are taken off the site: a run within the interval still
counts them (its listings are the stored ones), the next run past it tombstones them.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from sqlalchemy import select
from warcio.archiveiterator import ArchiveIterator

from db.models import Base
from db.session import make_engine
from mirror.replica.server import ReplicaServer
from mirror.replica.site import ReplicaConfig, build_site
from scraper.spiders.miff_urls import film_id_from_url
from tests.crawl_helpers import free_port, run_crawl
from tests.db_fixtures import snapshot

pytestmark = pytest.mark.slow

SITE = ReplicaConfig(films=300)
REMOVED = ReplicaConfig(films=300, remove=0.05, remove_seed=3)
ENTRY_PATHS = {"/festival-archive", "/robots.txt"}  # requested on every run
WITHIN = "MIRROR_REVISIT_DAYS=30"
PAST = "MIRROR_REVISIT_DAYS=0.00001"  # 0.86 s: everything the run before checked is due
RUNS = ((SITE, None), (SITE, WITHIN), (SITE, PAST), (REMOVED, WITHIN), (REMOVED, PAST))


@dataclass
class Run:
    targets: list[tuple[str, str]]  # (WARC-Type, WARC-Target-URI) of every record
    bytes: int  # the size of the WARC files it wrote
    data: dict[str, list[tuple[Any, ...]]]
    row: dict[str, Any]  # its crawl_runs row
    tombstoned: set[str]  # the films it found vanished


def _targets(paths: list[Path]) -> list[tuple[str, str]]:
    targets = []
    for path in paths:
        with path.open("rb") as stream:
            for record in ArchiveIterator(stream):
                uri = record.rec_headers.get_header("WARC-Target-URI")
                if uri:
                    targets.append((record.rec_type, uri))
    return targets


def _last_run(db_url: str) -> tuple[dict[str, Any], set[str]]:
    """The latest crawl_runs row, and the films that run tombstoned."""
    runs, entries = Base.metadata.tables["crawl_runs"], Base.metadata.tables["entries"]
    engine = make_engine(db_url)
    try:
        with engine.connect() as conn:
            row = conn.execute(select(runs).order_by(runs.c.id.desc()).limit(1)).one()
            vanished = select(entries.c.film_id).where(entries.c.vanished_run_id == row.id)
            return dict(row._mapping), set(conn.scalars(vanished))
    finally:
        engine.dispose()


def _is_film(uri: str) -> bool:
    return film_id_from_url(uri) is not None and "/festival-archive/film" in uri


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> list[Run]:
    work = tmp_path_factory.mktemp("revisit-days")
    warc_dir, db_url, port = work / "warc", f"sqlite:///{work / 'mirror.db'}", free_port()
    done: list[Run] = []
    for site, interval in RUNS:
        before = set(warc_dir.glob("*.warc.gz"))
        settings = [f"MIRROR_ARCHIVE_DIR={warc_dir}", *([interval] if interval else [])]
        with ReplicaServer(build_site(site), port=port) as server:
            result = run_crawl(server.url, db_url, *settings)
        assert result.returncode == 0, result.stderr[-3000:]
        new_files = sorted(set(warc_dir.glob("*.warc.gz")) - before)
        written = sum(path.stat().st_size for path in new_files)
        done.append(Run(_targets(new_files), written, snapshot(db_url), *_last_run(db_url)))
    return done


@pytest.fixture(scope="module")
def film_count() -> int:
    return len(list(build_site(SITE).truth_records()))


def test_run_within_the_interval_requests_no_film_page(runs: list[Run]) -> None:
    first, second = runs[0], runs[1]
    assert any(_is_film(uri) for _, uri in first.targets)
    assert not [uri for _, uri in second.targets if _is_film(uri)]


def _requested(run: Run) -> set[str]:
    return {uri for kind, uri in run.targets if kind == "request"}


def test_run_within_the_interval_requests_only_the_archive_index_and_robots_txt(
    runs: list[Run],
) -> None:
    assert {urlsplit(uri).path for uri in _requested(runs[1])} == ENTRY_PATHS


def test_run_within_the_interval_writes_no_response_record(runs: list[Run]) -> None:
    assert [uri for kind, uri in runs[1].targets if kind == "response"] == []


def test_run_within_the_interval_adds_at_most_5_percent_of_the_first_runs_bytes(
    runs: list[Run],
) -> None:
    first, second = runs[0].bytes, runs[1].bytes
    print(f"second run: {second} bytes, {second / first:.2%} of the first run's {first}")
    assert second <= 0.05 * first


def test_run_within_the_interval_counts_its_films_seen_but_not_checked(
    runs: list[Run], film_count: int
) -> None:
    row = runs[1].row
    assert (row["status"], row["vanished_count"]) == ("finished", 0)
    assert row["seen_count"] == row["not_checked_count"] == film_count


def test_run_within_the_interval_leaves_the_data_tables_unchanged(runs: list[Run]) -> None:
    assert runs[1].data == runs[0].data


def test_pages_past_their_interval_are_checked_again(runs: list[Run]) -> None:
    checked = {uri for kind, uri in runs[2].targets if kind == "revisit"}
    assert _requested(runs[2]) == _requested(runs[0])
    assert checked == {uri for kind, uri in runs[0].targets if kind == "response"}


def test_films_past_their_interval_are_checked_again(runs: list[Run], film_count: int) -> None:
    first_films = {uri for kind, uri in runs[0].targets if kind == "response" and _is_film(uri)}
    revisited = {uri for kind, uri in runs[2].targets if kind == "revisit" and _is_film(uri)}
    assert len(first_films) == film_count
    assert revisited == first_films
    assert runs[2].row["not_checked_count"] == 0


def test_films_taken_off_the_site_still_count_within_the_interval(
    runs: list[Run], film_count: int
) -> None:
    row = runs[3].row
    assert (row["status"], row["vanished_count"], row["seen_count"]) == ("finished", 0, film_count)


def test_films_taken_off_the_site_are_tombstoned_past_the_interval(runs: list[Run]) -> None:
    removed = build_site(REMOVED).removed_film_ids
    assert len(removed) == round(0.05 * len(build_site(SITE).films))
    assert runs[4].row["vanished_count"] == len(removed)
    assert runs[4].tombstoned == removed


def test_bad_interval_aborts_the_crawl_before_fetching(tmp_path: Path) -> None:
    warc_dir = tmp_path / "warc"
    result = run_crawl(
        "http://127.0.0.1:9",  # nothing listens: a fetch would fail differently
        f"sqlite:///{tmp_path / 'mirror.db'}",
        f"MIRROR_ARCHIVE_DIR={warc_dir}",
        "MIRROR_REVISIT_DAYS=-3",
    )
    assert result.returncode == 2
    assert result.stderr.strip().splitlines()[-1] == (
        "crawl aborted: MIRROR_REVISIT_DAYS must be a finite number of days >= 0, not '-3'"
    )
    assert not warc_dir.exists()
