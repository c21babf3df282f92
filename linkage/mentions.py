"""Keys of one record found in another's text: a corpus document often names the
film's title, director or year inline ("«Лето» (2018, реж. К. Серебренников) — ...",
"In Kore-eda's 2018 drama ..."), and a festival record carries them as fields.

Pure functions over folded text; None means "nothing to look for".
"""

import re
from functools import lru_cache

from linkage.keys import ascii_fold, fold_title, name_skeleton, same_person
from linkage.script_names import script_person_names

# A title shorter than this, folded, is a word many synopses use ("Home", "Leto" is 4).
MIN_TITLE_LETTERS = 4
_NON_ALNUM = re.compile(r"[^a-z0-9]+")
# Alternative titles printed together: "Leto (Summer)", "Лето / Leto", "Summer - Leto".
_TITLE_PARTS = re.compile(r"\s*[()\[\]/|«»\"“”]+\s*|\s+[-–—]\s+")


@lru_cache(maxsize=65_536)
def folded_words(text: str) -> str:
    """The text as space-separated folded words, padded with a space each side."""
    return " " + " ".join(_NON_ALNUM.sub(" ", ascii_fold(text)).split()) + " "


@lru_cache(maxsize=65_536)
def title_forms(title: str) -> tuple[str, ...]:
    """Folded forms of a title and of each alternative it prints (cached: a title is
    looked for in the text of every candidate that lacks one)."""
    forms = {fold_title(title)}
    forms.update(fold_title(part) for part in _TITLE_PARTS.split(title) if part.strip())
    return tuple(sorted(f for f in forms if f and len(f.replace(" ", "")) >= MIN_TITLE_LETTERS))


def title_mentioned(title: str | None, text: str | None) -> bool | None:
    """Whether some form of `title` appears, as whole words, in `text`."""
    if not title or not text:
        return None
    forms = title_forms(title)
    if not forms:
        return None
    haystack = folded_words(text)
    return any(f" {form} " in haystack for form in forms)


def director_mentioned(directors: list[str], names: frozenset[str]) -> bool | None:
    """Whether a director's surname agrees with a name in the other text (names as
    `linkage.evidence.proper_names` gives them: skeletons)."""
    surnames = _surnames(directors)
    if not surnames or not names:
        return None
    return any(_same_surname(surname, name) for surname in surnames for name in names)


def director_named_in_script(directors: list[str], text: str) -> bool | None:
    """Whether a text in kana, Hangul, Chinese, Arabic or Hebrew script spells the whole
    name of one of `directors` (`linkage.keys.same_person`, which confirms across
    scripts or says nothing); None when it spells no whole name there."""
    spans = script_person_names(text)
    if not spans or not directors:
        return None
    return any(same_person(director, span) for director in directors for span in spans)


def _surnames(directors: list[str]) -> list[str]:
    """The directors' surname skeletons long enough to be looked for (three letters)."""
    surnames = [name_skeleton(d.split()[-1]) for d in directors if d.split()]
    return [s for s in surnames if len(s) >= 3]


def _same_surname(surname: str, name: str) -> bool:
    """Stricter than the name index's prefix agreement: a director named in a text is
    strong evidence, so "Chen" must not meet "Kenji". Equal skeletons, or one the
    other plus a case ending of at most two letters (Tsoi / Цоя), or five shared
    letters when both are long (Lounguine / Lungin)."""
    if surname == name:
        return True
    shorter, longer = sorted((surname, name), key=len)
    if len(shorter) >= 3 and longer.startswith(shorter) and len(longer) - len(shorter) <= 2:
        return True
    return len(shorter) >= 6 and shorter[:5] == longer[:5]


# A title a text prints: between quotes of any language's style (Chinese and Korean
# texts mark titles with 《》 or 〈〉), or opening the text before a year in brackets,
# ASCII or full-width ("Red Secrets (2019) von ...", "Kolia (Jan Svěrák, 1996) :",
# "《野马》（2015）").
_QUOTED = re.compile(
    r"[«„“\"»『「‹《〈]\s*([^«»„“”\"『』「」‹›《》〈〉]{2,80}?)\s*[»”\"“«』」›》〉]"
)
_OPENING = re.compile(
    r"^\s*([^():;!?|（）]{2,80}?)\s*[(（](?:[^()（）]{0,40}?[,，、]\s*)?(?:1[89]|20)\d\d\b"
)
_QUOTES = '«»„“”"『』「」‹›《》〈〉'
_TITLE_EDGES = " '\u2019" + _QUOTES
# Looked for near the start: a title printed further on is another film's, more often.
TITLE_SPAN = 300


@lru_cache(maxsize=65_536)
def printed_titles(text: str) -> tuple[str, ...]:
    """The titles a keyless text prints near its start, as written."""
    head = text[:TITLE_SPAN]
    found = [m.group(1) for m in _QUOTED.finditer(head)]
    opening = _OPENING.match(head)
    # An opening that holds quotes is a sentence naming the quoted title, found above.
    if opening and not any(mark in opening.group(1).strip(_TITLE_EDGES) for mark in _QUOTES):
        found.append(opening.group(1))
    cleaned = (t.strip(_TITLE_EDGES) for t in found)
    return tuple(dict.fromkeys(t for t in cleaned if t))


def describes_directors_film(printed: str, directors: list[str]) -> bool:
    """Whether a title a text prints is a description of a film by one of `directors`
    rather than a film's title: the director's surname with other words ("Refns
    Debüt", "Ostatni film Kena Loacha", "Il film di Andrzej Wajda"). The director's
    name alone ("Hong Sang-soo (2017) : ...") says no more than naming him anywhere:
    a text about any of his films of that year opens so."""
    words = [name_skeleton(word) for word in printed.split()]
    words = [word for word in words if word]
    if not words:
        return False
    name_words: set[str] = set()
    for director in directors:
        name_words.update(w for w in (name_skeleton(part) for part in director.split()) if w)
    surnames = _surnames(directors)
    if not any(_same_surname(s, word) for s in surnames for word in words):
        return False
    return any(
        not any(_same_surname(name, word) for name in name_words if len(name) >= 3)
        and word not in name_words
        for word in words
    )


def year_mentioned(year: int | None, years: frozenset[int]) -> bool | None:
    """Whether the text mentions the year, or the one either side (festival year)."""
    if year is None:
        return None
    return any(abs(year - other) <= 1 for other in years)
