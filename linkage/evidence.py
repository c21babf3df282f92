"""Language-independent evidence in free text: proper names, years, numbers.

A name survives translation almost unchanged once transliterated ("Viktor Tsoi",
"Viktor Tsoï", "Виктора Цоя"), and so do years and figures ("3500 cadets").
"""

import re
from dataclasses import dataclass
from functools import lru_cache

from linkage.keys import name_skeleton

# Capitalised words that are not names: sentence starts and function words in the
# languages of the corpus. Compared after skeleton folding.
_NOT_NAMES_RAW = """
the a an in on at of for from to and but when after before during his her their this that these
those it its he she they we one two three young old film story documentary new first last
le la les un une des du de et mais quand apres avant dans sur pour par son sa ses ce cette il
elle ils elles au aux lorsque alors tout toute seule seul quelque part
o os as um uma uns umas na no nas nos em do da dos das e com para por sua seu ele ela eles
depois antes quando sob alem ambos
der die das ein eine einen dem den des und aber als nach vor im am zum zur er sie es ihr sein
el los las unos unas del al y pero cuando tras durante su sus en con
il lo gli i uno dei della delle e ma dopo prima nel nella sul suo sua
в во на и но когда после до его её их он она они это этот эта фильм история
"""
_NOT_NAMES = frozenset(name_skeleton(w) for w in _NOT_NAMES_RAW.split())
_CAPITALISED = re.compile(r"\b([^\W\d_][^\W\d_'’-]+)", re.UNICODE)
_YEAR = re.compile(r"(?<!\d)(1[89]\d\d|20\d\d)(?!\d)")
# Digit groups separated by a space/dot/comma/narrow space are one number: "3 500".
_NUMBER = re.compile(r"(?<![\d.,])(\d{1,3}(?:[\s\u202f\u00a0.,]\d{3})+|\d+)(?![\d])")
MIN_NAME_LENGTH = 3
# Two name skeletons agree when they share this many leading letters (or the whole
# shorter one): absorbs inflection and endings, "leningrad"/"leningrado", "tsoi"/"tsoia".
NAME_PREFIX = 5


@dataclass(frozen=True)
class TextEvidence:
    names: frozenset[str]
    years: frozenset[int]
    numbers: frozenset[int]


def proper_names(text: str) -> frozenset[str]:
    """Skeletons of capitalised words that are not common function words."""
    found: set[str] = set()
    for match in _CAPITALISED.finditer(text):
        word = match.group(1)
        if not word[0].isupper():
            continue
        skeleton = name_skeleton(word)
        if len(skeleton) >= MIN_NAME_LENGTH and skeleton not in _NOT_NAMES:
            found.add(skeleton)
    return frozenset(found)


def name_spellings(text: str) -> dict[str, str]:
    """Skeleton -> first spelling in `text`, to show people names as written."""
    spellings: dict[str, str] = {}
    for match in _CAPITALISED.finditer(text):
        word = match.group(1)
        if word[0].isupper():
            spellings.setdefault(name_skeleton(word), word)
    return spellings


def years_mentioned(text: str) -> frozenset[int]:
    return frozenset(int(y) for y in _YEAR.findall(text))


def numbers_mentioned(text: str) -> frozenset[int]:
    """Numbers of two or more digits that are not years ("3500", "200")."""
    values = {int(re.sub(r"\D", "", raw)) for raw in _NUMBER.findall(text)}
    return frozenset(v for v in values if v >= 10 and not 1800 <= v <= 2099)


def text_evidence(text: str | None) -> TextEvidence:
    if not text:
        return TextEvidence(frozenset(), frozenset(), frozenset())
    return TextEvidence(proper_names(text), years_mentioned(text), numbers_mentioned(text))


def name_prefix_key(skeleton: str) -> str:
    """Index key under which compatible name skeletons meet."""
    return skeleton[:NAME_PREFIX]


def names_agree(left: str, right: str) -> bool:
    """Equal skeletons, or a shared start of NAME_PREFIX letters (or of the whole
    shorter name when it has at least 3 letters: "zoi"/"zoia" for Tsoi/Цоя)."""
    if left == right:
        return True
    shorter = min(len(left), len(right))
    needed = min(shorter, NAME_PREFIX)
    return shorter >= MIN_NAME_LENGTH and left[:needed] == right[:needed]


def shared_names(left: frozenset[str], right: frozenset[str]) -> list[str]:
    """Names of `left` that some name of `right` agrees with, sorted."""
    by_prefix = _by_prefix(right)
    shared = {
        name
        for name in left
        if name in right  # the common case, and names_agree of equal names is True
        or any(names_agree(name, other) for other in by_prefix.get(name[:MIN_NAME_LENGTH], []))
    }
    return sorted(shared)


@lru_cache(maxsize=16_384)  # a record's names meet many candidates' names
def _by_prefix(names: frozenset[str]) -> dict[str, list[str]]:
    """Names grouped by their first MIN_NAME_LENGTH letters (read only: shared)."""
    grouped: dict[str, list[str]] = {}
    for name in names:
        grouped.setdefault(name[:MIN_NAME_LENGTH], []).append(name)
    return grouped


def mask_names(text: str, skeletons: frozenset[str]) -> str:
    """The text without the words that spell one of these names: what is left says
    what the story is, not whom it is about (two films about one composer share his
    name, not their story)."""

    def masked(match: re.Match[str]) -> str:
        word = match.group(1)
        if word[0].isupper() and any(names_agree(name_skeleton(word), s) for s in skeletons):
            return ""
        return word

    return " ".join(_CAPITALISED.sub(masked, text).split())
