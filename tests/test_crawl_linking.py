"""`scrapy crawl miff` links its new and changed entries into works at the end of a run
(MIRROR_LINK, on by default), so `mirror export` has every work_id without `mirror link`."""

from __future__ import annotations

import collections
from pathlib import Path

from mirror.replica.server import ReplicaServer
from mirror.replica.site import ReplicaConfig, build_site
from tests.crawl_helpers import export, run_crawl

SITE = ReplicaConfig(films=120)


def _truth_work() -> dict[str, int]:
    return {r["film_id"]: r["work_id"] for r in build_site(SITE).truth_records()}


def test_a_finished_crawl_puts_every_entry_in_a_work_one_per_film(tmp_path: Path) -> None:
    db_url = f"sqlite:///{tmp_path / 'mirror.db'}"
    with ReplicaServer(build_site(SITE)) as server:
        result = run_crawl(server.url, db_url, "LOG_LEVEL=INFO")
    assert result.returncode == 0, result.stderr[-3000:]
    exported = export(db_url)
    assert f"'mirror/linked': {len(exported)}" in result.stderr
    truth_work = _truth_work()
    works_of_film: dict[int, set[int]] = collections.defaultdict(set)
    films_of_work: dict[int, set[int]] = collections.defaultdict(set)
    for record in exported:
        assert record["work_id"] is not None, record["film_id"]
        works_of_film[truth_work[record["film_id"]]].add(record["work_id"])
        films_of_work[record["work_id"]].add(truth_work[record["film_id"]])
    assert {film: works for film, works in works_of_film.items() if len(works) > 1} == {}
    assert {work: films for work, films in films_of_work.items() if len(films) > 1} == {}
    assert len(works_of_film) < len(exported), "the site has re-screenings to join"


def test_linking_off_leaves_entries_for_mirror_link(tmp_path: Path) -> None:
    db_url = f"sqlite:///{tmp_path / 'mirror.db'}"
    with ReplicaServer(build_site(SITE)) as server:
        result = run_crawl(server.url, db_url, "LOG_LEVEL=INFO", "MIRROR_LINK=0")
    assert result.returncode == 0, result.stderr[-3000:]
    assert "mirror/linked" not in result.stderr
    assert {record["work_id"] for record in export(db_url)} == {None}
