"""Two festivals in one mirror: a film screened at both is one work with both entries.

The MIFF and NZIFF replicas of the same ``--films --seed`` share about a tenth of their
films under one truth ``work_id`` (titles, directors and years may be spelled
differently, the synopsis is written anew). Both are crawled into one database, linking
on, as two cron jobs would; the mirror's works must be the truth's: every truth work is
one work of the mirror, and no work of the mirror joins two truth works.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from typing import Any

import pytest

from db.queries import EXPORT_KEYS
from mirror.replica_process import replica_subprocess
from tests.crawl_helpers import by_film_id, export, jsonl, mirror, run_crawl, truth

FILMS, SEED = "300", "7"
SITES = ("miff", "nziff")
EXPORTED = [key for key in EXPORT_KEYS if key != "work_id"]


@pytest.fixture(scope="module")
def truths() -> dict[str, list[dict[str, Any]]]:
    return {site: truth("--site", site, "--films", FILMS, "--seed", SEED) for site in SITES}


@pytest.fixture(scope="module")
def both_crawled(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    db_url = f"sqlite:///{tmp_path_factory.mktemp('two') / 'mirror.db'}"
    for site in SITES:
        with replica_subprocess("--site", site, "--films", FILMS, "--seed", SEED) as url:
            result = run_crawl(url, db_url, spider=site)
            assert result.returncode == 0, result.stderr[-3000:]
    yield db_url


def test_some_films_are_shared(truths: dict[str, list[dict[str, Any]]]) -> None:
    works = [{r["work_id"] for r in truths[site]} for site in SITES]
    shared = works[0] & works[1]
    assert 0.05 * len(works[1]) <= len(shared) <= 0.2 * len(works[1])


def test_the_mirror_has_the_truth_works(
    both_crawled: str, truths: dict[str, list[dict[str, Any]]]
) -> None:
    truth_work = {
        (r["festival"], r["film_id"]): r["work_id"] for site in SITES for r in truths[site]
    }
    mirror_works: dict[int | None, set[str]] = defaultdict(set)
    truth_works: dict[str, set[int | None]] = defaultdict(set)
    for record in export(both_crawled):
        key = (record["festival"], record["film_id"])
        mirror_works[record["work_id"]].add(truth_work[key])
        truth_works[truth_work[key]].add(record["work_id"])
    assert None not in mirror_works, "entries left without a work"
    split = {work: sorted(ids) for work, ids in truth_works.items() if len(ids) > 1}
    joined = {work: sorted(ids) for work, ids in mirror_works.items() if len(ids) > 1}
    assert not split, f"{len(split)} truth works split, e.g. {list(split.items())[:3]}"
    assert not joined, f"{len(joined)} mirror works join films, e.g. {list(joined.items())[:3]}"


def test_a_shared_work_lists_both_entries(
    both_crawled: str, truths: dict[str, list[dict[str, Any]]]
) -> None:
    result = mirror("export", "--works", "--db", both_crawled)
    assert result.returncode == 0, result.stderr
    festivals_per_work = [
        {m["festival"] for m in work["members"] if m["kind"] == "entry"}
        for work in jsonl(result.stdout)
    ]
    shared_truth = {r["work_id"] for r in truths["miff"]} & {r["work_id"] for r in truths["nziff"]}
    assert sum(festivals == set(SITES) for festivals in festivals_per_work) == len(shared_truth)


def test_each_festival_still_exports_its_truth(
    both_crawled: str, truths: dict[str, list[dict[str, Any]]]
) -> None:
    exported = export(both_crawled)
    for site in SITES:
        mine = by_film_id([r for r in exported if r["festival"] == site])
        # The export's keys (NZIFF's truth has more: see test_crawl_nziff).
        expected = {
            film_id: {key: record[key] for key in EXPORTED}
            for film_id, record in by_film_id(truths[site]).items()
        }
        assert mine == expected, f"{site}: the export differs from the truth"
