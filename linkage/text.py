"""Same-language near-duplicate text: shingles, exact Jaccard and MinHash."""

import re
from functools import lru_cache

from datasketch import MinHash

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


@lru_cache(maxsize=4)
def _template(num_perm: int) -> MinHash:
    """A MinHash with datasketch's permutations for its default seed: drawing them
    costs more than hashing a synopsis, so they are drawn once."""
    return MinHash(num_perm=num_perm)


def minhash(shingle_set: frozenset[str], num_perm: int = NUM_PERMUTATIONS) -> MinHash:
    """MinHash signature for LSH candidate search."""
    template = _template(num_perm)
    signature = MinHash(
        num_perm=num_perm, permutations=template.permutations, scheme=template.scheme
    )
    signature.update_batch([s.encode("utf-8") for s in shingle_set])
    return signature
