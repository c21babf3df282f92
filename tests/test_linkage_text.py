"""`linkage.text`'s MinHash is datasketch's, computed without importing datasketch
(whose LSH module imports SciPy): the signatures, hence the LSH band keys stored in
existing indexes, must not change."""

from __future__ import annotations

import numpy as np
import pytest
from datasketch import MinHash
from datasketch.lsh import _optimal_param

from linkage import text
from linkage.index import LSH_BANDS, LSH_ROWS, LSH_THRESHOLD

# Written for this test: a few synopses in the corpus's languages, and a near-copy.
TEXTS = [
    "A ferry pilot counts the ice floes on a frozen bay, winter after winter.",
    "A ferry pilot counts the ice floes on the frozen bay, every single winter.",
    "Deux soeurs gardent ouvert le cinéma du village pendant toute la guerre.",
    "Ein alter Uhrmacher repariert die Turmuhr seiner Stadt ein letztes Mal.",
    "Старый часовщик в последний раз чинит часы на башне своего города.",
    "Una maestra rural enseña a leer a un pastor de cabras en los Andes.",
    "Short text",
    "",
]


def _datasketch_signature(shingles: frozenset[str], num_perm: int) -> np.ndarray:
    signature = MinHash(num_perm=num_perm)
    signature.update_batch([s.encode("utf-8") for s in shingles])
    return np.asarray(signature.hashvalues)


@pytest.mark.parametrize("num_perm", [text.NUM_PERMUTATIONS, 128])
@pytest.mark.parametrize("synopsis", TEXTS)
def test_minhash_equals_datasketchs(synopsis: str, num_perm: int) -> None:
    shingles = text.shingles(synopsis)
    ours = text.minhash(shingles, num_perm)
    theirs = _datasketch_signature(shingles, num_perm)
    assert ours.dtype == theirs.dtype == np.uint32
    assert ours.tobytes() == theirs.tobytes()


def test_minhash_of_nothing_is_the_empty_signature() -> None:
    ours = text.minhash(frozenset())
    assert ours.tobytes() == _datasketch_signature(frozenset(), text.NUM_PERMUTATIONS).tobytes()
    assert (ours == np.iinfo(np.uint32).max).all()


def test_lsh_bands_and_rows_are_datasketchs_for_the_threshold() -> None:
    chosen = _optimal_param(LSH_THRESHOLD, text.NUM_PERMUTATIONS, 0.5, 0.5)
    assert chosen == (LSH_BANDS, LSH_ROWS)
