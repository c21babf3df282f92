"""Pure parsers for the messy strings every festival archive shows.

Every function here takes text as the site shows it and returns plain values; none
touches the network, Scrapy or the database, so each is table-tested on its own. They
hold no site's grammar: a site's own line formats (MIFF's meta line, director line,
listing header...) are parsed next to its spider (scraper/spiders/miff_grammar.py),
under the same error policy and with these as building blocks.

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
from collections.abc import Iterable
from typing import NamedTuple

from common.text import collapse_whitespace, fix_text, fold_name, require_text
from scraper.titlecase import is_all_upper, recase_title

__all__ = [
    "Quote",
    "clean_title",
    "collapse_whitespace",
    "fix_text",
    "fixed_paragraphs",
    "fold_name",
    "parse_quote",
    "parse_year",
    "split_directors",
    "strip_teaser_suffix",
]


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
# Passes of the cleaning steps until the title stops changing (see clean_title). Real
# titles settle in one or two; the bound only stops pathological input from looping.
_MAX_CLEANING_PASSES = 8


def _clean_title_once(title: str, lang: str | None) -> str:
    title = fix_text(title)
    while True:
        stripped = _RATING_SUFFIX_RE.sub("", title)
        if stripped == title or not stripped:
            break
        title = stripped
    match = _INVERTED_ARTICLE_RE.match(title)
    if match:
        article, rest = match.group("article"), match.group("rest")
        title = f"{article}{rest}" if article.endswith("'") else f"{article} {rest}"
    if is_all_upper(title):
        title = recase_title(title, lang)
    return collapse_whitespace(title)


def clean_title(display: str | None, *, lang: str | None = None) -> str:
    """The canonical title from a displayed one.

    Entities and mojibake fixed; a trailing rating such as ``(MA15+)``, ``(R18+)``,
    ``(M)``, ``(PG)`` or ``(CTC)`` dropped (repeatedly, unless nothing would be left); an
    inverted trailing article (The, A, An, La, Le, Les, L', El, Il, Die, Der, Das)
    re-attached in front (``WORLD, THE`` -> ``THE WORLD``); an
    all-upper-case title re-cased by the rules of its language
    (:func:`scraper.titlecase.recase_title`; ``lang`` when the caller knows the
    title's language, else read from its words), ``[brackets]`` kept.

    Idempotent: the steps are repeated until the title stops changing, because one
    step can expose work for another (a rating behind an inverted article,
    ``X (M), THE``; an entity encoded twice), so a cleaned title cleans to itself.
    """
    title = require_text(display, "display")
    for _ in range(_MAX_CLEANING_PASSES):
        cleaned = _clean_title_once(title, lang)
        if cleaned == title:
            break
        title = cleaned
    return title


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


# ------------------------------------------------------------------------- years

_YEAR_RE = re.compile(r"^(?:1[89]|20)\d\d$")


def parse_year(s: str | None) -> int | None:
    """``"1979"`` -> 1979; anything that is not a plausible 4-digit year -> None."""
    text = fix_text(s)
    return int(text) if _YEAR_RE.match(text) else None


# ------------------------------------------------------------- synopsis paragraphs

# A press quote: "“text” – Source" with an EN dash. A director's statement ends
# "— Name" with an EM dash and is not a press quote.
# The quoted text is in quote marks: a title like "Before – After" in prose is no quote.
_QUOTE_SOURCE_RE = re.compile(
    r"^[\"“«‘'](?P<text>.*\S)[\"”»’']\s+–\s*(?P<source>[^–—]{2,100}?)\s*$", re.DOTALL
)
_QUOTE_MARKS = "\"'“”‘’«» "


def fixed_paragraphs(paragraphs: Iterable[str] | str | None) -> list[str]:
    """The paragraphs through :func:`fix_text`; one string is one paragraph, None none."""
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
    for text in reversed(fixed_paragraphs(paragraphs)):
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


# Only the link text: "Read more", "More »". Applied to text whose whitespace is already
# collapsed: over raw whitespace the adjacent `\s*` quantifiers take quadratic time.
_LINK_SUFFIX_RE = re.compile(r"(?<!\s)\s*(?:[Rr]ead\s+more\s*[»›]?|More\s*[»›])\s*$")
# "… Read more", "... More »", a bare "…"; a plain final "more" is text, not a link.
# Matched on the REVERSED text, anchored where the text ends, so that peeling
# "... ... ... Read more" one suffix at a time is linear: the forward pattern was
# \s*(?:(?:…|\.{2,})\s*(?:[Rr]ead\s+more|More)?|[Rr]ead\s+more|More\s*[»›])\s*[»›]?\s*$
# searched afresh for each suffix, from every position of the text.
_TEASER_SUFFIX_REVERSED_RE = re.compile(
    r"\s*[»›]?\s*(?:(?:erom\s+dae[Rr]|eroM)?\s*(?:…|\.{2,})|erom\s+dae[Rr]|[»›]\s*eroM)\s*"
)


def strip_teaser_suffix(s: str | None, *, keep_ellipsis: bool = False) -> str:
    """Drop a trailing ``… Read more`` / ``... More »`` link text.

    The ellipsis goes too unless ``keep_ellipsis`` (items keep the teaser "as shown,
    without the trailing Read more"). The text is fixed with ``truncated=True``, so an
    entity cut by the truncation disappears. An empty lead ``... ...`` gives ``""``
    (or ``"... ..."`` with ``keep_ellipsis``).
    """
    text = collapse_whitespace(require_text(s))  # fix_text collapses it in the end anyway
    if keep_ellipsis:
        text = _LINK_SUFFIX_RE.sub("", text)
        return fix_text(text, truncated=not text.rstrip().endswith(("…", "...")))
    reversed_text, cut = text[::-1], 0
    while (match := _TEASER_SUFFIX_REVERSED_RE.match(reversed_text, cut)) and match.end() > cut:
        cut = match.end()  # "... ... Read more": peel repeatedly
    text = reversed_text[cut:][::-1]
    return fix_text(text, truncated=True)
