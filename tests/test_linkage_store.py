"""The on-disk index store gives the same links as the in-memory one, survives the
process, and keeps a changed record's old keys and vector out of later answers."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from linkage.disk_store import DiskStore, StoreLocked
from linkage.embed import DIMENSIONS
from linkage.index import LinkageIndex
from tests.linkage_fixtures import SEED_FILES, SEEDS, seed_records

MODEL = "test-model"


@pytest.fixture(scope="module")
def records() -> list:
    if not all((SEEDS / name).exists() for name in SEED_FILES):
        pytest.skip(f"seed corpus not found in {SEEDS}")
    return seed_records()


def _links(index: LinkageIndex, ids: list[str]) -> list[tuple[str, str, float, str]]:
    return sorted(
        (link.left_id, link.right_id, link.score, str(link.decision))
        for record_id in ids
        for link in index.links_for(record_id)
    )


def _written_and_reopened(records: list, directory: Path) -> DiskStore:
    """A disk store the records were added to, flushed, closed and opened to read."""
    writer = DiskStore(directory, writable=True, ndim=DIMENSIONS)
    LinkageIndex(store=writer).add(records)
    writer.flush(MODEL)
    writer.close()
    return DiskStore(directory, writable=False, ndim=DIMENSIONS)


def test_disk_store_links_equal_memory_links_after_reopening(records: list, tmp_path: Path) -> None:
    ids = [r.id for r in records]
    in_memory = LinkageIndex()
    in_memory.add(records)
    reader = _written_and_reopened(records, tmp_path)
    try:
        assert reader.consistent(MODEL) and len(reader) == len(records)
        assert _links(LinkageIndex(store=reader), ids) == _links(in_memory, ids)
        assert _links(in_memory, ids), "the seed corpus has links to compare"
    finally:
        reader.close()


def test_a_replaced_record_answers_with_its_new_text(records: list, tmp_path: Path) -> None:
    store = DiskStore(tmp_path, writable=True, ndim=DIMENSIONS)
    try:
        index = LinkageIndex(store=store)
        index.add(records)
        leto = next(r for r in records if r.id == "000:1")
        assert "002:1" in index.candidates("000:1")
        blank = replace(leto, text="A lighthouse keeper counts ships through a quiet winter.")
        index.discard([leto.id])
        index.add([blank])
        assert store.get(leto.id).text == blank.text
        assert len(store) == len(records)
        assert "002:1" not in {link.right_id for link in index.links_for("000:1")}
    finally:
        store.close()


def test_a_second_writer_waits_then_gives_up(tmp_path: Path) -> None:
    first = DiskStore(tmp_path, writable=True, ndim=DIMENSIONS)
    try:
        with pytest.raises(StoreLocked):
            DiskStore(tmp_path, writable=True, ndim=DIMENSIONS, lock_timeout=0.2)
    finally:
        first.close()
    DiskStore(tmp_path, writable=True, ndim=DIMENSIONS).close()  # free again


def test_stored_neighbour_lists_equal_a_fresh_search_after_adding_in_two_steps(
    records: list, tmp_path: Path
) -> None:
    writer = DiskStore(tmp_path, writable=True, ndim=DIMENSIONS)
    index = LinkageIndex(store=writer)
    half = len(records) // 2
    index.add(records[:half])
    index.settle_neighbours()  # the first half's lists, then the rest offered to them
    index.add(records[half:])
    index.settle_neighbours()
    writer.flush(MODEL)
    writer.close()
    reader = DiskStore(tmp_path, writable=False, ndim=DIMENSIONS)
    try:
        ids = [r.id for r in records]
        stored = reader.stored_neighbours(ids)
        searched = LinkageIndex(store=reader)._search_neighbours(ids)
        assert sorted(stored) == sorted(ids)

        def rounded(hits: list[tuple[str, float]]) -> set[tuple[str, float]]:
            return {(other, round(cosine, 4)) for other, cosine in hits}

        assert {r: rounded(h) for r, h in stored.items()} == {
            r: rounded(h) for r, h in searched.items()
        }
    finally:
        reader.close()


def test_margins_read_stored_lists_without_searching(
    records: list, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    writer = DiskStore(tmp_path, writable=True, ndim=DIMENSIONS)
    index = LinkageIndex(store=writer)
    index.add(records)
    index.settle_neighbours()
    writer.flush(MODEL)
    writer.close()
    reader = DiskStore(tmp_path, writable=False, ndim=DIMENSIONS)
    try:
        searches: list[int] = []
        search_many = reader.search_many
        monkeypatch.setattr(
            reader, "search_many", lambda v, k: searches.append(len(v)) or search_many(v, k)
        )
        links = LinkageIndex(store=reader).links_for("000:1")
        assert any(link.right_id == "002:1" for link in links)
        assert searches == []
    finally:
        reader.close()


def test_a_members_bands_are_stored_as_computed_from_its_text(
    records: list, tmp_path: Path
) -> None:
    """A linking worker reads a record's MinHash bands instead of computing them again:
    what it reads must be what filing the record computed."""
    from linkage.index import _bands
    from linkage.store import MemoryStore
    from linkage.text import shingles

    memory = MemoryStore()
    LinkageIndex(store=memory).add(records)
    reader = _written_and_reopened(records, tmp_path)
    try:
        for record in records:
            expected = _bands(shingles(record.text)) if record.text else ()
            assert reader.bands(record.id) == expected == memory.bands(record.id)
        assert any(reader.bands(record.id) for record in records)
        with pytest.raises(KeyError):
            reader.bands("no-such-record")
    finally:
        reader.close()
