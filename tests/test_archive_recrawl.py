"""Incremental re-crawls with archiving on: three real crawls (`scrapy crawl miff`) of a
300-film replica served on one fixed port (URLs, and so the digest index, carry over):
the first site, the same site again, then the site after ``--mutate 0.05``.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from warcio.archiveiterator import ArchiveIterator

from archive.captures import read_captures
from db.models import Base
from db.session import make_engine
from mirror.replica.server import ReplicaServer
from mirror.replica.site import ReplicaConfig, build_site
from scraper.spiders.miff_urls import film_id_from_url
from tests.crawl_helpers import comparable, free_port, run_crawl
from tests.db_fixtures import snapshot

pytestmark = pytest.mark.slow

BIN = Path(sys.executable).parent
FILMS = 300
FIRST = ReplicaConfig(films=FILMS)
MUTATED = ReplicaConfig(films=FILMS, mutate=0.05, mutate_seed=7)
# A revisit and its request record hold heads only; any stored page body is more.
MAX_BYTES_PER_UNCHANGED_FETCH = 1_200


@dataclass
class Run:
    files: list[Path]
    stats: str  # the crawl's stderr (Scrapy's stats dump)
    data: dict[str, list[tuple[Any, ...]]] = field(default_factory=dict)  # data tables
    entries: dict[str, dict[str, Any]] = field(default_factory=dict)

    @property
    def bytes(self) -> int:
        return sum(path.stat().st_size for path in self.files)

    def records(self) -> Iterator[Any]:
        for path in self.files:
            with path.open("rb") as stream:
                for record in ArchiveIterator(stream):
                    record.block = record.raw_stream.read()
                    yield record


@dataclass
class Recrawl:
    warc_dir: Path
    db_url: str
    runs: list[Run]

    @property
    def files(self) -> list[Path]:
        return sorted(self.warc_dir.glob("*.warc.gz"))


def entries(db_url: str) -> dict[str, dict[str, Any]]:
    table = Base.metadata.tables["entries"]
    engine = make_engine(db_url)
    try:
        with engine.connect() as conn:
            return {row.film_id: dict(row._mapping) for row in conn.execute(select(table))}
    finally:
        engine.dispose()


@pytest.fixture(scope="module")
def recrawl(tmp_path_factory: pytest.TempPathFactory) -> Recrawl:
    work = tmp_path_factory.mktemp("recrawl")
    warc_dir, db_url, port = work / "warc", f"sqlite:///{work / 'mirror.db'}", free_port()
    runs: list[Run] = []
    for config in (FIRST, FIRST, MUTATED):
        before = set(warc_dir.glob("*.warc.gz"))
        with ReplicaServer(build_site(config), port=port) as server:
            result = run_crawl(
                server.url, db_url, f"MIRROR_ARCHIVE_DIR={warc_dir}", "LOG_LEVEL=INFO"
            )
        assert result.returncode == 0, result.stderr[-3000:]
        new_files = sorted(set(warc_dir.glob("*.warc.gz")) - before)
        runs.append(Run(new_files, result.stderr, snapshot(db_url), entries(db_url)))
    return Recrawl(warc_dir, db_url, runs)


def test_second_run_of_an_unchanged_site_writes_no_response_record(recrawl: Recrawl) -> None:
    first, second = recrawl.runs[0], recrawl.runs[1]
    first_urls = {
        r.rec_headers.get_header("WARC-Target-URI")
        for r in first.records()
        if r.rec_type == "response"
    }
    kinds: dict[str, int] = {}
    revisited = set()
    for record in second.records():
        kinds[record.rec_type] = kinds.get(record.rec_type, 0) + 1
        if record.rec_type == "revisit":
            assert record.block == b""  # server-not-modified: no head, no body
            revisited.add(record.rec_headers.get_header("WARC-Target-URI"))
    assert "response" not in kinds
    assert revisited == first_urls  # every page was revalidated, none came back in full
    assert kinds["request"] == kinds["revisit"]
    assert f"'archive/revisits/not_modified': {len(first_urls)}" in second.stats


def test_second_run_sends_the_first_runs_validators(recrawl: Recrawl) -> None:
    validators = {
        r.rec_headers.get_header("WARC-Target-URI"): (
            r.http_headers.get_header("ETag"),
            r.http_headers.get_header("Last-Modified"),
        )
        for r in recrawl.runs[0].records()
        if r.rec_type == "response"
    }
    requests = [r for r in recrawl.runs[1].records() if r.rec_type == "request"]
    assert len(requests) == len(validators)
    for request in requests:
        etag, last_modified = validators[request.rec_headers.get_header("WARC-Target-URI")]
        assert request.http_headers.get_header("If-None-Match") == etag
        assert request.http_headers.get_header("If-Modified-Since") == last_modified


def test_second_run_adds_only_record_heads(recrawl: Recrawl) -> None:
    first, second = recrawl.runs[0], recrawl.runs[1]
    fetches = sum(1 for r in second.records() if r.rec_type == "request")
    ratio = second.bytes / first.bytes
    print(f"second run: {second.bytes} bytes for {fetches} fetches, {ratio:.1%} of the first run")
    assert second.bytes <= MAX_BYTES_PER_UNCHANGED_FETCH * fetches


def test_second_run_leaves_the_data_tables_unchanged(recrawl: Recrawl) -> None:
    assert recrawl.runs[1].data == recrawl.runs[0].data


def mutated_film_ids() -> set[str]:
    before = {r["film_id"]: comparable(r) for r in build_site(FIRST).truth_records()}
    after = {r["film_id"]: comparable(r) for r in build_site(MUTATED).truth_records()}
    return {film_id for film_id in before if before[film_id] != after.get(film_id)}


def test_after_mutation_exactly_the_mutated_films_change_and_are_stored_in_full(
    recrawl: Recrawl,
) -> None:
    mutated = mutated_film_ids()
    assert len(mutated) == round(0.05 * FILMS)
    second, third = recrawl.runs[1], recrawl.runs[2]
    changed = {fid for fid, row in third.entries.items() if row != second.entries.get(fid)}
    assert changed == mutated
    stored_in_full = {
        film_id_from_url(r.rec_headers.get_header("WARC-Target-URI"))
        for r in third.records()
        if r.rec_type == "response"
        and "/festival-archive/film/" in r.rec_headers.get_header("WARC-Target-URI")
    }
    assert stored_in_full == mutated
    for record in third.records():
        if record.rec_type == "response":
            assert record.http_headers.get_statuscode() == "200" and record.block


def test_mutated_films_get_a_new_synopsis_version(recrawl: Recrawl) -> None:
    synopses = Base.metadata.tables["synopses"]
    entries_table = Base.metadata.tables["entries"]
    engine = make_engine(recrawl.db_url)
    try:
        with engine.connect() as conn:
            rows = conn.execute(
                select(entries_table.c.film_id).join(
                    synopses, synopses.c.entry_id == entries_table.c.id
                )
            ).all()
    finally:
        engine.dispose()
    versions: dict[str, int] = {}
    for (film_id,) in rows:
        versions[film_id] = versions.get(film_id, 0) + 1
    first = {r["film_id"]: r for r in build_site(FIRST).truth_records()}
    after = {r["film_id"]: r for r in build_site(MUTATED).truth_records()}
    rewritten = {fid for fid in first if first[fid]["synopsis"] != after[fid]["synopsis"]}
    assert rewritten
    assert {fid for fid, count in versions.items() if count > 1} == rewritten


def test_warcio_check_and_gzip_test_pass_on_every_file(recrawl: Recrawl) -> None:
    files = recrawl.files
    assert len(files) == 3 and not list(recrawl.warc_dir.glob("*.open"))
    check = subprocess.run(
        [str(BIN / "warcio"), "check", *map(str, files)], capture_output=True, text=True
    )
    assert check.returncode == 0, check.stdout + check.stderr
    for path in files:
        assert subprocess.run(["gzip", "-t", str(path)]).returncode == 0


def test_every_revisit_refers_to_an_original_in_our_files(recrawl: Recrawl) -> None:
    originals = {
        r.rec_headers.get_header("WARC-Record-ID"): r
        for run in recrawl.runs
        for r in run.records()
        if r.rec_type == "response"
    }
    revisits = [r for run in recrawl.runs for r in run.records() if r.rec_type == "revisit"]
    assert revisits
    for revisit in revisits:
        headers = revisit.rec_headers
        original = originals[headers.get_header("WARC-Refers-To")]
        assert original.http_headers.get_statuscode() == "200"
        assert headers.get_header("WARC-Refers-To-Target-URI") == headers.get_header(
            "WARC-Target-URI"
        )
        assert headers.get_header("WARC-Refers-To-Date") == original.rec_headers.get_header(
            "WARC-Date"
        )
        assert headers.get_header("WARC-Payload-Digest") == original.rec_headers.get_header(
            "WARC-Payload-Digest"
        )


def test_digest_index_holds_every_capture_of_every_file(recrawl: Recrawl) -> None:
    captures = Base.metadata.tables["captures"]
    engine = make_engine(recrawl.db_url)
    try:
        with engine.connect() as conn:
            rows = {
                row.record_id: (row.record_type, row.warc_filename, row.run_id)
                for row in conn.execute(select(captures))
            }
    finally:
        engine.dispose()
    in_files = {c.record_id: c for path in recrawl.files for c in read_captures(path)}
    assert set(rows) == set(in_files)
    for number, run in enumerate(recrawl.runs, start=1):
        names = {path.name for path in run.files}
        assert {run_id for _, name, run_id in rows.values() if name in names} == {number}
