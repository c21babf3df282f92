"""MIFF's own line formats: meta line, director line, listing header, edition program,
focus, credit line, reviewer initials and the "Synopsis not available" placeholder.

Pure functions under the error policy of :mod:`scraper.parsing` (site text never makes
one raise; what cannot be read with confidence is None or empty), built on its
festival-neutral helpers, and table-tested in tests/test_miff_grammar.py.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import NamedTuple

from scraper.parsing import fix_text, fixed_paragraphs, parse_year, split_directors

__all__ = [
    "SYNOPSIS_UNAVAILABLE",
    "DirectorLine",
    "EditionProgram",
    "ListingHeader",
    "MetaLine",
    "is_synopsis_unavailable",
    "parse_credit_line",
    "parse_director_line",
    "parse_edition_program",
    "parse_focus",
    "parse_listing_header",
    "parse_meta_line",
    "parse_reviewer_initials",
]


class MetaLine(NamedTuple):
    """``COUNTRY, YEAR (MIFF EDITION, SECTION)``; any part may be missing."""

    country: str | None = None
    year: int | None = None
    edition: int | None = None
    section: str | None = None


class DirectorLine(NamedTuple):
    """``Director: A, B`` or ``Director A & B / 1988 / USSR``."""

    directors: list[str]
    year: int | None = None
    country: str | None = None


class ListingHeader(NamedTuple):
    """``TITLE (Director[, Director…], Year)`` from a listing entry."""

    title: str
    directors: list[str]
    year: int | None = None


class EditionProgram(NamedTuple):
    """``N feature films and M short films were screened from D Month to D Month``."""

    feature_count: int | None = None
    short_count: int | None = None
    dates_text: str | None = None


# ----------------------------------------------------------------------- meta line

_MIFF_GROUP_RE = re.compile(
    r"\(\s*MIFF\s*(?P<edition>\d{4})\s*(?:,\s*(?P<section>.*?))?\s*\)\s*$", re.IGNORECASE
)


def _split_country_year(text: str) -> tuple[str | None, int | None]:
    """``Hong Kong, 1979`` / ``Australia`` / ``1979`` -> (country, year)."""
    text = text.strip().strip(",").strip()
    if not text:
        return None, None
    year = parse_year(text)
    if year is not None:
        return None, year
    head, sep, tail = text.rpartition(",")
    if sep:
        year = parse_year(tail)
        if year is not None:
            return head.strip() or None, year
    return text, None


def parse_meta_line(s: str | None) -> MetaLine:
    """``Hong Kong, 1979 (MIFF 1980, Programme 38)`` and its variants.

    Handles ``Australia (MIFF2003,Animation)``, ``USA (MIFF 1999 , Section)``,
    ``(MIFF 1989, Programme 12)``, a missing section, and a bare ``USSR, 1988``
    (the see-also meta line, no edition).
    """
    text = fix_text(s)
    match = _MIFF_GROUP_RE.search(text)
    if match is None:
        country, year = _split_country_year(text)
        return MetaLine(country=country, year=year)
    country, year = _split_country_year(text[: match.start()])
    section = (match.group("section") or "").strip(" ,") or None
    return MetaLine(country, year, int(match.group("edition")), section)


# ------------------------------------------------------------------- director line

_DIRECTOR_PREFIX_RE = re.compile(r"^(?:Directors?|Dir\.)(?:\s*:\s*|\s+|$)", re.IGNORECASE)


def parse_director_line(s: str | None) -> DirectorLine:
    """``Director: A, B`` or ``Director A & B / 1988 / USSR``.

    A line without the ``Director`` prefix gives no directors.
    """
    text = fix_text(s)
    prefix = _DIRECTOR_PREFIX_RE.match(text)
    if prefix is None:
        return DirectorLine([])
    # " / " separates fields; a slash inside a name ("AC/DC") does not.
    names, *rest = (part.strip() for part in re.split(r"(?:^|\s)/(?=\s|$)", text[prefix.end() :]))
    year: int | None = None
    country: str | None = None
    for part in rest:
        part_year = parse_year(part)
        if part_year is not None and year is None:
            year = part_year
        elif part and country is None:
            country = part
    return DirectorLine(split_directors(names), year, country)


# ------------------------------------------------------------------ listing header


def _final_group_start(text: str) -> int | None:
    """Index of the "(" that balances the final ")", or None."""
    if not text.endswith(")"):
        return None
    depth = 0
    for i in range(len(text) - 1, -1, -1):
        if text[i] == ")":
            depth += 1
        elif text[i] == "(":
            depth -= 1
            if depth == 0:
                return i
    # Unbalanced: fall back to the documented rule, the LAST " (".
    index = text.rfind(" (")
    return index + 1 if index >= 0 else None


def parse_listing_header(s: str | None) -> ListingHeader:
    """``TITLE (Director, Director, Year)`` -> (title as displayed, directors, year).

    The director/year group is the final parenthesised group and the year follows
    its LAST comma, so commas, ``&`` and parentheses in titles survive:
    ``π (PI) (Darren Aronofsky, 1998)``. ``(Name, )`` has no year, ``(, 1959)`` no
    director. A final group without a comma that is not a year (``(PI)``) belongs
    to the title.
    """
    text = fix_text(s)
    start = _final_group_start(text)
    if start is None:
        return ListingHeader(text, [])
    title, inner = text[:start].strip(), text[start + 1 : -1].strip()
    if "," not in inner:
        year = parse_year(inner)
        if year is not None or not inner:
            return ListingHeader(title, [], year)
        return ListingHeader(text, [])
    names, _, tail = inner.rpartition(",")
    year = parse_year(tail)
    if year is None and tail.strip():  # "(A, B)": no year, the tail is a name
        return ListingHeader(title, split_directors(inner), None)
    return ListingHeader(title, split_directors(names), year)


# -------------------------------------------------------------------- edition page

# A count starts with a digit (", feature films" has none) and only where a run of
# digits and commas starts: trying every position inside a long run is quadratic.
_PROGRAM_FEATURES_RE = re.compile(r"(?<![\d,])(\d[\d,]*)\s+feature\s+films?", re.IGNORECASE)
_PROGRAM_SHORTS_RE = re.compile(r"(?<![\d,])(\d[\d,]*)\s+short\s+films?", re.IGNORECASE)
# The dates run to the end; trailing dots and spaces are stripped in Python, not by a
# lazy group before `[.\s]*$` (quadratic on a long run of them).
_PROGRAM_DATES_RE = re.compile(r"screened\s+(?:from\s+|between\s+|on\s+)?(.*)", re.IGNORECASE)
_MAX_COUNT_DIGITS = 6  # no edition screened a million films: a longer number is noise


def _count(pattern: re.Pattern[str], text: str) -> int | None:
    match = pattern.search(text)
    if match is None:
        return None
    digits = match.group(1).replace(",", "")
    return int(digits) if 0 < len(digits) <= _MAX_COUNT_DIGITS else None


def parse_edition_program(s: str | None) -> EditionProgram:
    """``158 feature films and 116 short films were screened from 22 July to 8 August``."""
    text = fix_text(s)
    dates = _PROGRAM_DATES_RE.search(text)
    return EditionProgram(
        feature_count=_count(_PROGRAM_FEATURES_RE, text),
        short_count=_count(_PROGRAM_SHORTS_RE, text),
        dates_text=(dates.group(1).rstrip(". \t\n").strip() or None) if dates else None,
    )


_FOCUS_PLACEHOLDER_RE = re.compile(r"^\{\s*focus\s+(?P<name>[^{}]+?)\s*\}$", re.IGNORECASE)


def parse_focus(s: str | None) -> str | None:
    """ "Filmmaker in Focus" text; an unrendered ``{focus Name}`` placeholder gives ``Name``."""
    text = fix_text(s)
    match = _FOCUS_PLACEHOLDER_RE.match(text)
    return (match.group("name") if match else text) or None


# ------------------------------------------------------------- synopsis paragraphs

SYNOPSIS_UNAVAILABLE = "Synopsis not available"
_REVIEWER_RE = re.compile(r"\(\s*(?P<initials>[A-Z](?:\.?\s?[A-Z]){1,3})\.?\s*\)\s*$")
_NOT_INITIALS = frozenset({"PG", "CTC", "MA", "TBC", "USA", "UK", "NZ"})
# Credit lines: "D Name P Name L Farsi w/English subtitles TD 35mm/1995/81mins"; the
# director part is missing when nobody is credited. Read by words (see _is_credit_line):
# the regular expression ^(?:D\s.+?\s)?P\s.+?\sL\s.+?\sTD\s.+$|^D\s.+\sTD\s.+$ said
# the same of collapsed text, in quadratic time on a long line of D, P and L.


def _index(words: list[str], word: str, start: int) -> int | None:
    try:
        return words.index(word, start)
    except ValueError:
        return None


def _is_credit_line(text: str) -> bool:
    """``[D name…] P name… L language… TD specs…`` or ``D name… TD specs…``, each part
    at least one word: the keywords as whole words, in this order."""
    words = text.split()
    if not words:
        return False
    if words[0] == "D":
        director_specs = _index(words, "TD", 2)
        if director_specs is not None and director_specs < len(words) - 1:
            return True
    producer = 0 if words[0] == "P" else _index(words, "P", 2) if words[0] == "D" else None
    language = _index(words, "L", producer + 2) if producer is not None else None
    specs = _index(words, "TD", language + 2) if language is not None else None
    return specs is not None and specs < len(words) - 1


def is_synopsis_unavailable(paragraphs: Sequence[str]) -> bool:
    """True when the only paragraph is the "Synopsis not available" placeholder."""
    texts = [fix_text(p) for p in paragraphs if fix_text(p)]
    return len(texts) == 1 and texts[0].rstrip(".").casefold() == SYNOPSIS_UNAVAILABLE.casefold()


def parse_credit_line(paragraphs: Iterable[str] | str | None) -> str | None:
    """The ``D … P … L … TD 35mm/1995/81mins`` credit paragraph, as shown."""
    for text in fixed_paragraphs(paragraphs):
        if _is_credit_line(text):
            return text
    return None


def parse_reviewer_initials(paragraphs: Iterable[str] | str | None) -> str | None:
    """Reviewer initials such as ``(MM)`` closing the last paragraph that has them."""
    for text in reversed(fixed_paragraphs(paragraphs)):
        match = _REVIEWER_RE.search(text)
        if match is None:
            continue
        initials = re.sub(r"[.\s]", "", match.group("initials"))
        if initials not in _NOT_INITIALS:
            return initials
    return None
