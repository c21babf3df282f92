"""Normalised keys: titles, person names and years, folded so that spelling,
accents, articles, rating suffixes and transliteration do not matter.

Pure functions, no state: safe to call from the spider pipeline per item.
"""

import re
import unicodedata
from functools import lru_cache

from anyascii import anyascii

# Rating suffixes MIFF appends to titles: "(MA15+)", "(R18+)", "(M)", "(PG)", "(G)", "(R)", "(CTC)".
_RATING_SUFFIX = re.compile(r"\s*\((?:MA\s?15\+|R\s?18\+|M|PG|G|R|CTC|X\s?18\+|E)\)\s*$", re.I)
# Articles dropped from the start of a folded title, in the languages festivals use.
_LEADING_ARTICLES = frozenset(
    [
        "the",
        "a",
        "an",
        "la",
        "le",
        "les",
        "l",
        "el",
        "il",
        "lo",
        "gli",
        "i",
        "die",
        "der",
        "das",
        "ein",
        "eine",
        "o",
        "os",
        "as",
        "um",
        "uma",
        "los",
        "las",
        "un",
        "une",
    ]
)
# Inverted article at the end, as in "BOOK THAT SHOOK THE WORLD, THE".
_INVERTED_ARTICLE = re.compile(r",\s*(the|a|an|la|le|les|l'|el|il|die|der|das)\s*$", re.I)
_NON_ALNUM = re.compile(r"[^a-z0-9]+")
_LETTERS_ONLY = re.compile(r"[^a-z]+")

# Spelling variants of one sound across transliteration schemes (English, French,
# German, ISO). Applied in order after ASCII transliteration; the result is a
# skeleton, not a readable name: "Tchaïkovski", "Tschaikowski", "Чайковский" all
# become "kaikovski".
_SKELETON_RULES: tuple[tuple[str, str], ...] = (
    ("tsch", "ch"),
    ("tch", "ch"),
    ("sch", "sh"),
    ("ts", "z"),  # German "Zoi" for Tsoi, "Zwetajewa" for Tsvetaeva
    ("ck", "k"),
    ("ph", "f"),
    ("gu", "g"),  # French "Serguei" for Sergei
    ("ou", "u"),  # French "Moussorgski" for Mussorgsky
    ("h", ""),  # kh/ch/sh/zh: the h only marks a sound other schemes spell differently
    ("w", "v"),
    ("y", "i"),
    ("j", "i"),
    ("q", "k"),
    ("c", "k"),
    ("x", "ks"),
)
_DOUBLED = re.compile(r"(.)\1+")
# Generational suffixes are not part of the surname: "Domogarov Jr.", "Домогаров-младший".
_NAME_SUFFIX = re.compile(r"[\s,-]+(?:jr|sr|junior|senior|младший|старший)\.?\s*$", re.I)


def ascii_fold(text: str) -> str:
    """Lower-case ASCII transliteration: accents dropped, Cyrillic romanised."""
    return anyascii(unicodedata.normalize("NFKC", text)).casefold()


def strip_rating(title: str) -> str:
    """Remove a trailing classification like "(MA15+)"."""
    return _RATING_SUFFIX.sub("", title).strip()


@lru_cache(maxsize=262_144)  # every pair scored folds both titles
def fold_title(title: str | None) -> str | None:
    """Comparable title key: rating dropped, inverted/leading article dropped,
    accents and case folded, punctuation removed. None for an empty title."""
    if not title:
        return None
    cleaned = strip_rating(title)
    cleaned = _INVERTED_ARTICLE.sub("", cleaned)
    words = _NON_ALNUM.sub(" ", ascii_fold(cleaned).replace("'", " ")).split()
    if len(words) > 1 and words[0] in _LEADING_ARTICLES:
        words = words[1:]
    return " ".join(words) or None


@lru_cache(maxsize=262_144)  # names recur across synopses; the rules cost more than a lookup
def name_skeleton(token: str) -> str:
    """Transliteration-proof key of one name word ("Tsoï", "Tsoi", "Цой" -> "tsoi")."""
    skeleton = _LETTERS_ONLY.sub("", ascii_fold(token))
    for old, new in _SKELETON_RULES:
        skeleton = skeleton.replace(old, new)
    skeleton = _DOUBLED.sub(r"\1", skeleton)
    if skeleton.endswith("of"):  # Rachmaninoff / Rachmaninov
        skeleton = skeleton[:-2] + "ov"
    return skeleton


def person_key(name: str) -> str | None:
    """Key of a person: first initial plus surname skeleton ("K:serebrenikov").

    Middle names and patronymics are ignored; the initial guards against two
    people who share a surname."""
    words = [w for w in (name_skeleton(t) for t in _NAME_SUFFIX.sub("", name).split()) if w]
    if not words:
        return None
    if len(words) == 1:
        return words[0]
    return f"{words[0][0]}:{words[-1]}"


def person_keys(names: list[str]) -> frozenset[str]:
    """Keys of several people (a film's directors); includes the bare surname key
    so that "Serebrennikov" alone still meets "Kirill Serebrennikov"."""
    return _person_keys(tuple(names))


@lru_cache(maxsize=262_144)  # every pair scored compares both director lists
def _person_keys(names: tuple[str, ...]) -> frozenset[str]:
    keys: set[str] = set()
    for name in names:
        key = person_key(name)
        if key:
            keys.add(key)
            keys.add(key.split(":")[-1])
    return frozenset(keys)


def directors_overlap(left: list[str], right: list[str]) -> bool | None:
    """True if the two director lists share a person, False if both are known and
    disjoint, None if either is empty (no evidence either way)."""
    if not left or not right:
        return None
    full_left = {k for k in person_keys(left) if ":" in k}
    full_right = {k for k in person_keys(right) if ":" in k}
    if full_left and full_right:
        return bool(full_left & full_right)
    return bool(person_keys(left) & person_keys(right))


def years_compatible(left: int | None, right: int | None, tolerance: int = 1) -> bool | None:
    """True within `tolerance` years (festival year vs production year), False
    outside it, None if either is unknown."""
    if left is None or right is None:
        return None
    return abs(left - right) <= tolerance
