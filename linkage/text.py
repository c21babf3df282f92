"""Same-language near-duplicate text: shingles, exact Jaccard and MinHash."""

import hashlib
import re
from functools import lru_cache

import numpy as np

from linkage.keys import ascii_fold

SHINGLE_WORDS = 3
NUM_PERMUTATIONS = 64
_WORD = re.compile(r"[a-z0-9]+")


def shingles(text: str, size: int = SHINGLE_WORDS) -> frozenset[str]:
    """Word n-grams of the folded text (accents/case/punctuation ignored)."""
    words = _WORD.findall(ascii_fold(text))
    if len(words) < size:
        return frozenset([" ".join(words)]) if words else frozenset()
    return frozenset(" ".join(words[i : i + size]) for i in range(len(words) - size + 1))


def jaccard(left: frozenset[str], right: frozenset[str]) -> float:
    if not left or not right:
        return 0.0
    shared = len(left & right)
    return shared / (len(left) + len(right) - shared)  # the union, without building it


def text_jaccard(left: str, right: str) -> float:
    """Exact shingle Jaccard of two texts: 1.0 for a copy, ~0.3+ for a light rewrite."""
    return jaccard(shingles(left), shingles(right))


# MinHash as datasketch 2.0 computes it (scheme "affine32", seed 1): SHA-1's first four
# bytes of each shingle, the MurmurHash3 finalizer, then per permutation a*h + b
# modulo 2**32, minimum over the shingles. Computed here rather than by datasketch,
# whose package imports SciPy: a second or so in every process that links, for two
# array operations. tests/test_linkage_text.py checks that the signatures are equal.
_SEED = 1
_FMIX = (np.uint32(16), np.uint32(0x85EBCA6B), np.uint32(13), np.uint32(0xC2B2AE35), np.uint32(16))


@lru_cache(maxsize=4)
def _permutations(num_perm: int) -> tuple[np.ndarray, np.ndarray]:
    """datasketch's affine permutations (a odd, b any) for its default seed, drawn once."""
    generator = np.random.RandomState(_SEED)
    a = generator.randint(0, 1 << 31, num_perm, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
    b = generator.randint(0, 1 << 32, num_perm, dtype=np.uint32)
    return a, b


def _fmix32(values: np.ndarray) -> np.ndarray:
    """The MurmurHash3 32-bit finalizer, element-wise (products wrap modulo 2**32)."""
    shift1, multiplier1, shift2, multiplier2, shift3 = _FMIX
    values = values ^ (values >> shift1)
    values = values * multiplier1
    values = values ^ (values >> shift2)
    values = values * multiplier2
    return values ^ (values >> shift3)


def minhash(shingle_set: frozenset[str], num_perm: int = NUM_PERMUTATIONS) -> np.ndarray:
    """MinHash signature for LSH candidate search: `num_perm` uint32 values (all
    2**32 - 1 for an empty set)."""
    signature = np.full(num_perm, np.iinfo(np.uint32).max, dtype=np.uint32)
    if not shingle_set:
        return signature
    hashes = np.fromiter(
        (
            int.from_bytes(hashlib.sha1(s.encode("utf-8")).digest()[:4], "little")
            for s in shingle_set
        ),
        dtype=np.uint32,
        count=len(shingle_set),
    ).reshape(-1, 1)
    a, b = _permutations(num_perm)
    return np.minimum(signature, (_fmix32(hashes) * a + b).min(axis=0))
