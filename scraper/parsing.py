"""Pure parsers for the messy strings of festival archive pages.

Every function here takes text as the site shows it and returns plain values; none
touches the network, Scrapy or the database, so each is table-tested on its own.

Error policy
------------
* Site text never makes a function raise. Unparseable or missing input gives the
  "nothing found" value of the return type: ``None`` for a scalar, ``[]`` for a
  list, ``""`` for text, and a record whose fields are all ``None``/empty.
  ``None`` is accepted wherever text is (a selector that matched nothing).
* ``ValueError`` is raised only for programmer errors: an argument that is not a
  string (or ``None``) where text is expected.
* Functions never guess silently beyond the documented rules: a field that
  cannot be read with confidence is ``None`` rather than a best effort.

Text passes through :func:`fix_text` before being parsed, so callers can hand in
raw selector output.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import NamedTuple

from common.text import collapse_whitespace, fix_text, fold_name, require_text

__all__ = [
    "DirectorLine",
    "EditionProgram",
    "ListingHeader",
    "MetaLine",
    "Quote",
    "clean_title",
    "collapse_whitespace",
    "fix_text",
    "fold_name",
    "is_synopsis_unavailable",
    "parse_credit_line",
    "parse_director_line",
    "parse_edition_program",
    "parse_focus",
    "parse_listing_header",
    "parse_meta_line",
    "parse_quote",
    "parse_reviewer_initials",
    "parse_year",
    "split_directors",
    "strip_teaser_suffix",
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


class Quote(NamedTuple):
    """A press quote or statement paragraph ending in ``– Source`` / ``— Name``."""

    text: str
    source: str


# -------------------------------------------------------------------------- titles

_RATING_SUFFIX_RE = re.compile(
    r"\s*\(\s*(?:MA\s?15\+?|R\s?18\+?|X\s?18\+?|M\s?15\+?|M|PG|G|R|CTC)\s*\)\s*$",
    re.IGNORECASE,
)
_ARTICLES = ("The", "A", "An", "La", "Le", "Les", "L'", "El", "Il", "Die", "Der", "Das")
_INVERTED_ARTICLE_RE = re.compile(
    r"^(?P<rest>.+?),\s*(?P<article>"
    + "|".join(re.escape(a) for a in sorted(_ARTICLES, key=len, reverse=True))
    + r")\s*$",
    re.IGNORECASE,
)
# Lower-cased inside an all-caps title being title-cased ("Shook the World").
_SMALL_WORDS = frozenset(
    {"a", "an", "and", "as", "at", "but", "by", "for", "from", "in", "into", "nor", "of"}
    | {"on", "or", "the", "to", "via", "vs", "vs.", "with"}
)
_ROMAN_NUMERALS = frozenset(
    {"II", "III", "IV", "VI", "VII", "VIII", "IX", "XI", "XII", "XIII", "XIV", "XV", "XVI", "XX"}
)
_WORD_RE = re.compile(r"\S+")


def _capitalise_word(word: str) -> str:
    """``L'AMOUR`` -> ``L'Amour``; ``MAD-MAX`` -> ``Mad-Max``; ``(PI)`` -> ``(Pi)``."""
    chars = list(word.lower())
    at_start = True
    for i, ch in enumerate(chars):
        if ch.isalpha():
            if at_start:
                chars[i] = ch.upper()
            at_start = False
        elif ch in '-/([{"“‘«' or ch in "'’" and i == 1:
            at_start = True
    return "".join(chars)


def _title_case(s: str) -> str:
    words = _WORD_RE.findall(s)
    out = []
    for i, word in enumerate(words):
        bare = word.strip("()[]{}\"'“”‘’.,:;!?")
        if bare.upper() in _ROMAN_NUMERALS:
            out.append(word)
        elif 0 < i < len(words) - 1 and word.lower() in _SMALL_WORDS and not out[-1].endswith(":"):
            out.append(word.lower())
        else:
            out.append(_capitalise_word(word))
    return " ".join(out)


def _is_all_upper(s: str) -> bool:
    return s == s.upper() and s != s.lower()


def clean_title(display: str | None) -> str:
    """The canonical title from a displayed one (rules in COMMON.md).

    Entities and mojibake fixed, rating suffix ``(MA15+)`` dropped, an inverted
    trailing article re-attached (``WORLD, THE`` -> ``THE WORLD``), an
    all-upper-case title title-cased, ``[brackets]`` kept.
    """
    title = fix_text(display)
    while True:
        stripped = _RATING_SUFFIX_RE.sub("", title)
        if stripped == title or not stripped:
            break
        title = stripped
    match = _INVERTED_ARTICLE_RE.match(title)
    if match:
        article, rest = match.group("article"), match.group("rest")
        title = f"{article}{rest}" if article.endswith("'") else f"{article} {rest}"
    if _is_all_upper(title):
        title = _title_case(title)
    return collapse_whitespace(title)


# ------------------------------------------------------------------------ people

_DIRECTOR_SEPARATOR_RE = re.compile(r"\s*(?:,|&|\+|;|\s+and\s+)\s*", re.IGNORECASE)
_NAME_SUFFIXES = frozenset({"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"})


def split_directors(s: str | None) -> list[str]:
    """``A, B & C and D`` -> ``[A, B, C, D]``; ``and`` only as a whole word.

    A trailing ``Jr.``/``Sr.``/``III`` stays with the name before it.
    """
    text = fix_text(s)
    names: list[str] = []
    for piece in _DIRECTOR_SEPARATOR_RE.split(f" {text} "):
        piece = piece.strip()
        if not piece:
            continue
        if names and piece.lower() in _NAME_SUFFIXES:
            names[-1] = f"{names[-1]}, {piece}"
        else:
            names.append(piece)
    return names


# ---------------------------------------------------------------- years, meta lines

_YEAR_RE = re.compile(r"^(?:1[89]|20)\d\d$")


def parse_year(s: str | None) -> int | None:
    """``"1979"`` -> 1979; anything that is not a plausible 4-digit year -> None."""
    text = fix_text(s)
    return int(text) if _YEAR_RE.match(text) else None


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


_PROGRAM_FEATURES_RE = re.compile(r"([\d,]+)\s+feature\s+films?", re.IGNORECASE)
_PROGRAM_SHORTS_RE = re.compile(r"([\d,]+)\s+short\s+films?", re.IGNORECASE)
_PROGRAM_DATES_RE = re.compile(
    r"screened\s+(?:from\s+|between\s+|on\s+)?(.+?)[.\s]*$", re.IGNORECASE
)


def _count(pattern: re.Pattern[str], text: str) -> int | None:
    match = pattern.search(text)
    return int(match.group(1).replace(",", "")) if match else None


def parse_edition_program(s: str | None) -> EditionProgram:
    """``158 feature films and 116 short films were screened from 22 July to 8 August``."""
    text = fix_text(s)
    dates = _PROGRAM_DATES_RE.search(text)
    return EditionProgram(
        feature_count=_count(_PROGRAM_FEATURES_RE, text),
        short_count=_count(_PROGRAM_SHORTS_RE, text),
        dates_text=dates.group(1).strip() if dates else None,
    )


_FOCUS_PLACEHOLDER_RE = re.compile(r"^\{\s*focus\s+(?P<name>[^{}]+?)\s*\}$", re.IGNORECASE)


def parse_focus(s: str | None) -> str | None:
    """ "Filmmaker in Focus" text; an unrendered ``{focus Name}`` placeholder gives ``Name``."""
    text = fix_text(s)
    match = _FOCUS_PLACEHOLDER_RE.match(text)
    return (match.group("name") if match else text) or None


# ------------------------------------------------------------- synopsis paragraphs

SYNOPSIS_UNAVAILABLE = "Synopsis not available"

# A press quote: "“text” – Source" with an EN dash. A director's statement ends
# "— Name" with an EM dash and is not a press quote.
# The quoted text is in quote marks: a title like "Before – After" in prose is no quote.
_QUOTE_SOURCE_RE = re.compile(
    r"^[\"“«‘'](?P<text>.*\S)[\"”»’']\s+–\s*(?P<source>[^–—]{2,100}?)\s*$", re.DOTALL
)
_QUOTE_MARKS = "\"'“”‘’«» "
_REVIEWER_RE = re.compile(r"\(\s*(?P<initials>[A-Z](?:\.?\s?[A-Z]){1,3})\.?\s*\)\s*$")
_NOT_INITIALS = frozenset({"PG", "CTC", "MA", "TBC", "USA", "UK", "NZ"})
# Credit lines: "D Name P Name L Farsi w/English subtitles TD 35mm/1995/81mins"; the
# director part is missing when nobody is credited.
_CREDIT_RE = re.compile(r"^(?:D\s.+?\s)?P\s.+?\sL\s.+?\sTD\s.+$|^D\s.+\sTD\s.+$", re.DOTALL)


def is_synopsis_unavailable(paragraphs: Sequence[str]) -> bool:
    """True when the only paragraph is the "Synopsis not available" placeholder."""
    texts = [fix_text(p) for p in paragraphs if fix_text(p)]
    return len(texts) == 1 and texts[0].rstrip(".").casefold() == SYNOPSIS_UNAVAILABLE.casefold()


def _texts(paragraphs: Iterable[str] | str | None) -> list[str]:
    if paragraphs is None:
        return []
    if isinstance(paragraphs, str):
        return [fix_text(paragraphs)]
    return [fix_text(p) for p in paragraphs]


def parse_quote(paragraphs: Iterable[str] | str | None) -> Quote | None:
    """The last paragraph ``“Quoted text” – Source`` (en dash), split into text and source.

    The paragraph must open and close the quoted text with quote marks. A source that reads like a
    sentence (ends with ``.``/``!``/``?``) is not a source.
    """
    for text in reversed(_texts(paragraphs)):
        match = _QUOTE_SOURCE_RE.match(text)
        if match is None:
            continue
        source = match.group("source").strip()
        if source[-1] in ".!?…" and not source.endswith(("Jr.", "Sr.")):
            continue
        quote = match.group("text").strip().strip(_QUOTE_MARKS).strip()
        if quote:
            return Quote(quote, source)
    return None


def parse_credit_line(paragraphs: Iterable[str] | str | None) -> str | None:
    """The ``D … P … L … TD 35mm/1995/81mins`` credit paragraph, as shown."""
    for text in _texts(paragraphs):
        if _CREDIT_RE.match(text):
            return text
    return None


def parse_reviewer_initials(paragraphs: Iterable[str] | str | None) -> str | None:
    """Reviewer initials such as ``(MM)`` closing the last paragraph that has them."""
    for text in reversed(_texts(paragraphs)):
        match = _REVIEWER_RE.search(text)
        if match is None:
            continue
        initials = re.sub(r"[.\s]", "", match.group("initials"))
        if initials not in _NOT_INITIALS:
            return initials
    return None


# Only the link text: "Read more", "More »".
_LINK_SUFFIX_RE = re.compile(r"\s*(?:[Rr]ead\s+more\s*[»›]?|More\s*[»›])\s*$")
# "… Read more", "... More »", a bare "…"; a plain final "more" is text, not a link.
_TEASER_SUFFIX_RE = re.compile(
    r"\s*(?:(?:…|\.{2,})\s*(?:[Rr]ead\s+more|More)?|[Rr]ead\s+more|More\s*[»›])\s*[»›]?\s*$"
)


def strip_teaser_suffix(s: str | None, *, keep_ellipsis: bool = False) -> str:
    """Drop a trailing ``… Read more`` / ``... More »`` link text.

    The ellipsis goes too unless ``keep_ellipsis`` (items keep the teaser "as shown,
    without the trailing Read more"). The text is fixed with ``truncated=True``, so an
    entity cut by the truncation disappears. An empty lead ``... ...`` gives ``""``
    (or ``"... ..."`` with ``keep_ellipsis``).
    """
    text = require_text(s)
    if keep_ellipsis:
        text = _LINK_SUFFIX_RE.sub("", text)
        return fix_text(text, truncated=not text.rstrip().endswith(("…", "...")))
    previous = None
    while previous != text:  # "... ... Read more": peel repeatedly
        previous = text
        text = _TEASER_SUFFIX_RE.sub("", text)
    return fix_text(text, truncated=True)
