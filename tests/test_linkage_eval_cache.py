"""The blind harness's vector cache (`linkage.blind_eval.CachedEmbedder`): vectors kept
between runs are the encoder's, a damaged file costs only the time to embed again,
and a cache that cannot be written leaves nothing behind."""

from pathlib import Path

import numpy as np
import pytest

from linkage.blind_eval import CachedEmbedder, shared_cache_path
from linkage.embed import default_embedder
from tests.linkage_fixtures import CountingEmbedder

TEXTS = ["A ferryman rows a journalist across the estuary.", "Un passeur et une journaliste."]


def test_vectors_kept_in_the_file_are_the_encoders_and_are_not_embedded_again(
    tmp_path: Path,
) -> None:
    path = tmp_path / "vectors.npz"
    first = CachedEmbedder(CountingEmbedder(), path)
    expected = first.embed(TEXTS)
    first.save()
    counting = CountingEmbedder()
    again = CachedEmbedder(counting, path).embed(TEXTS)
    assert counting.texts == []
    np.testing.assert_allclose(again, expected, rtol=0, atol=1e-6)
    assert list(tmp_path.iterdir()) == [path]  # no partial file left beside it


def test_a_damaged_file_is_embedded_again(tmp_path: Path) -> None:
    path = tmp_path / "vectors.npz"
    path.write_bytes(b"not a numpy archive")
    counting = CountingEmbedder()
    vectors = CachedEmbedder(counting, path).embed(TEXTS)
    assert counting.texts == TEXTS
    np.testing.assert_allclose(vectors, default_embedder().embed(TEXTS), rtol=0, atol=1e-6)


def test_a_cache_that_cannot_be_written_leaves_nothing(tmp_path: Path) -> None:
    blocked = tmp_path / "a-file"
    blocked.write_text("in the way of a directory")
    cache = CachedEmbedder(CountingEmbedder(), blocked / "vectors.npz")
    cache.embed(TEXTS)
    cache.save()  # no error: the run goes on without a cache
    assert list(tmp_path.iterdir()) == [blocked]


def test_the_shared_file_is_named_by_the_encoder_and_outside_the_checkout(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    path = shared_cache_path()
    assert path.parent == tmp_path / "festival-mirror"
    assert path.name.startswith("linkage-eval-vectors-") and path.suffix == ".npz"
