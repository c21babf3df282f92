"""Linking after a crawl (`linkage.service.link_after_crawl`) and the persistent index:
a rejected review decision survives a re-import and a re-crawl."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db.models import CrawlRun, Entry
from db.session import make_engine
from linkage.service import LinkReport, link_after_crawl
from mirror.replica_process import replica_subprocess
from tests.crawl_helpers import export, run_crawl
from tests.dedup_fixtures import import_file, run, work_of

FILMS = "60"


def _link_after_crawl(db_url: str, run_id: int | None) -> LinkReport:
    engine = make_engine(db_url)
    try:
        with Session(engine) as session:
            report = link_after_crawl(session, "miff", run_id)
            session.commit()
            return report
    finally:
        engine.dispose()


def _last_run(db_url: str) -> int:
    engine = make_engine(db_url)
    try:
        with Session(engine) as session:
            return int(session.execute(select(func.max(CrawlRun.id))).scalar_one())
    finally:
        engine.dispose()


def _work_ids(db_url: str) -> list[int | None]:
    engine = make_engine(db_url)
    try:
        with Session(engine) as session:
            return list(session.scalars(select(Entry.work_id)))
    finally:
        engine.dispose()


def _crawl(db_url: str, *replica_args: str) -> int:
    with replica_subprocess("--films", FILMS, *replica_args) as base_url:
        # These tests call link_after_crawl themselves: the crawl leaves its entries
        # pending (tests/test_crawl_linking.py covers the crawl linking them).
        result = run_crawl(base_url, db_url, "MIRROR_LINK=0")
    assert result.returncode == 0, result.stderr[-3000:]
    return _last_run(db_url)


def _corpus(path: Path, film: dict, extra: str = "") -> Path:
    """A corpus file whose one document retells `film` (its synopsis, title, year)."""
    line = {
        "id": "notes:1",
        "title": film["title"],
        "year": film["year"],
        "directors": film["directors"],
        "text": film["synopsis"] + extra,
    }
    path.write_text(json.dumps(line, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


def test_rejected_pair_survives_reimport_and_recrawl(tmp_path: Path) -> None:
    db_url = f"sqlite:///{tmp_path / 'mirror.db'}"
    first_run = _crawl(db_url)
    linked = _link_after_crawl(db_url, first_run)
    assert linked.linked == int(FILMS) and None not in _work_ids(db_url)
    assert _link_after_crawl(db_url, None).linked == 0  # nothing pending: nothing done

    film = next(r for r in export(db_url) if r["synopsis"] and len(r["synopsis"]) > 200)
    entry = f"entry:miff:{film['film_id']}"
    corpus = _corpus(tmp_path / "notes.jsonl", film)
    import_file(db_url, corpus)
    assert work_of(db_url)[entry] == work_of(db_url)["doc:notes:1"], "the copy is linked"
    assert (tmp_path / "mirror.db.index" / "index.sqlite").exists()

    rejected = run("review", "--db", db_url, "--reject", entry, "notes:1")
    assert rejected.exit_code == 0, rejected.stderr
    assert work_of(db_url)[entry] != work_of(db_url)["doc:notes:1"]

    import_file(db_url, corpus)  # the same file again
    import_file(db_url, _corpus(corpus, film, " Shown again in a restored print."))  # changed
    assert work_of(db_url)[entry] != work_of(db_url)["doc:notes:1"]

    # Every film page changes; the crawl updates the entry, which is linked again.
    second_run = _crawl(db_url, "--mutate", "1.0", "--mutate-seed", "5")
    relinked = _link_after_crawl(db_url, second_run)
    assert relinked.linked >= 1 and None not in _work_ids(db_url)
    assert work_of(db_url)[entry] != work_of(db_url)["doc:notes:1"]
    pending = json.loads(run("review", "--db", db_url, "--list", "--json").stdout)
    pairs = {(p["left"]["key"], p["right"]["key"]) for p in pending}
    assert tuple(sorted((entry, "doc:notes:1"))) not in pairs


def test_match_rebuilds_a_missing_or_stale_index(tmp_path: Path) -> None:
    db_url = f"sqlite:///{tmp_path / 'mirror.db'}"
    film = {
        "title": "Salt Harbour",
        "year": 1988,
        "directors": ["Ana Ruiz"],
        "synopsis": "A harbour town, a strike and a long winter: the dockers of Salt Harbour "
        "stop the cranes for ninety days while Ana, a crane driver, keeps a diary.",
    }
    import_file(db_url, _corpus(tmp_path / "notes.jsonl", film))
    records = tmp_path / "records.jsonl"
    records.write_text(json.dumps({"film_id": "1", **film}) + "\n", encoding="utf-8")

    def matched() -> list[str]:
        result = run("match", str(records), "--db", db_url, "--json")
        assert result.exit_code == 0, result.stderr
        return [link["doc"] for link in json.loads(result.stdout)["links"]]

    assert matched() == ["notes:1"]
    index = tmp_path / "mirror.db.index"
    for name in ("vectors.usearch", "vectors.json", "index.sqlite"):
        (index / name).unlink()
    assert matched() == ["notes:1"]  # rebuilt from the database
    (index / "vectors.json").write_text('{"generation": "0", "size": 0}')  # a torn write
    assert matched() == ["notes:1"]
    assert json.loads((index / "vectors.json").read_text())["size"] == 1
