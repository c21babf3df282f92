"""A NUL byte in a response header (issue 16): PostgreSQL text cannot hold one, and an
ETag that held one once aborted a crawl with nothing stored and left the digest index
off for every later run. Now NUL characters are removed before anything reaches the
database, and one WARC file the index cannot take is skipped, not fatal."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text

from db.session import make_engine
from mirror.replica_process import replica_subprocess
from tests.crawl_helpers import by_film_id, export, run_crawl, truth

pytest_plugins = ["tests.db_fixtures"]

FILMS = "40"


@pytest.mark.postgres
def test_strings_bound_for_postgresql_lose_their_nul_characters(postgres_url: str) -> None:
    engine = make_engine(postgres_url)
    try:
        with engine.connect() as conn:
            value = conn.execute(text("SELECT CAST(:v AS text)"), {"v": 'W/"abc\x00"'}).scalar()
    finally:
        engine.dispose()
    assert value == 'W/"abc"'


@pytest.mark.postgres
def test_a_nul_in_every_etag_neither_aborts_the_crawl_nor_disables_the_index(
    postgres_url: str, tmp_path: Path
) -> None:
    warc = tmp_path / "warc"
    with replica_subprocess("--films", FILMS, "--faults", "nul_etag=1") as url:
        first = run_crawl(url, postgres_url, f"MIRROR_ARCHIVE_DIR={warc}", "LOG_LEVEL=INFO")
        assert first.returncode == 0, first.stderr[-3000:]
        assert by_film_id(export(postgres_url)) == by_film_id(truth("--films", FILMS))
        # A file the index cannot read, as a crash might leave: skipped, not fatal.
        (warc / "miff-broken-00000.warc.gz").write_bytes(b"not a WARC file at all\n")
        second = run_crawl(url, postgres_url, f"MIRROR_ARCHIVE_DIR={warc}", "LOG_LEVEL=INFO")
    assert second.returncode == 0, second.stderr[-3000:]
    assert "digest index unavailable" not in second.stderr
    assert "could not index miff-broken-00000.warc.gz, skipped" in second.stderr
    # Incremental re-crawl is on: the unchanged pages came back as revisits.
    assert "'archive/revisits/not_modified':" in second.stderr
