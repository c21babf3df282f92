"""The seed corpus: exactly one film (Leto, the Viktor Tsoi film) is in both files."""

import pytest

from linkage.clusters import assign_works
from linkage.index import LinkageIndex
from linkage.scoring import Decision
from tests.linkage_fixtures import SEED_FILES, SEEDS, seed_records

LETO_PT, LETO_FR = "000:1", "002:1"


@pytest.fixture(scope="module")
def seed_index() -> LinkageIndex:
    if not all((SEEDS / name).exists() for name in SEED_FILES):
        pytest.skip(f"seed corpus not found in {SEEDS}")
    index = LinkageIndex()
    index.add(seed_records())
    return index


def test_seed_leto_pair_is_matched_automatically(seed_index: LinkageIndex) -> None:
    link = seed_index.compare(LETO_PT, LETO_FR)
    assert link.decision is Decision.MATCH, link
    assert "Tsoi" in link.reason


def test_no_other_seed_documents_share_a_work(seed_index: LinkageIndex) -> None:
    records = {record.id: record for record in seed_records()}
    work_of, _refused = assign_works(records, seed_index.all_links())
    joined = sorted((a, b) for a in records for b in records if a < b and work_of[a] == work_of[b])
    assert joined == [(LETO_PT, LETO_FR)]


def test_seed_stalin_1938_films_are_not_merged(seed_index: LinkageIndex) -> None:
    # Both mention Stalin and 1938 in different languages, yet they are different films.
    assert seed_index.compare("000:6", "002:6").decision is not Decision.MATCH
