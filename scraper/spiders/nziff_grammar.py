"""The NZIFF archive's messy strings as pure functions (mirror/replica/NZIFF.md).

URLs: everything lives under a year, ``/{year}/{folder}/…``. A past festival's films sit
in a per-year archive folder (``archive``, ``archive-4``: the suffix is not derivable from
the year) and also in regional programme folders (``/2015/auckland/…``); the site answers
on ``www``, ``www1`` and the bare domain, over http and https.

Text: the country and language line, the running time / colour / format line, credit
block headings that switch between singular and plural, the festival history (a block
or one run-on line) and the press quote with its em dash.

Error policy (as :mod:`scraper.parsing`): site text never makes a function raise; text
that cannot be read gives the "nothing found" value of the return type (``None``, ``[]``,
``""`` or a record of empty fields). ``None`` is accepted wherever text is. Only a
non-string argument (a programmer error) raises ``ValueError``.
"""

from __future__ import annotations

import re
from typing import NamedTuple
from urllib.parse import urlsplit, urlunsplit

from common.text import collapse_whitespace, fix_text, require_text
from scraper.parsing import Quote, split_directors
from scraper.site_urls import normalise_base_url, split_url

__all__ = [
    "NZIFF_HOSTS",
    "PUBLIC_BASE_URL",
    "FilmRef",
    "FolderRef",
    "ListingRef",
    "Origin",
    "Specs",
    "canonical_role",
    "clean_name",
    "film_ref_from_url",
    "is_archive_folder",
    "listing_from_url",
    "parse_countries",
    "parse_directed_by",
    "parse_edition_banner",
    "parse_festival_history",
    "parse_language_line",
    "parse_origin_line",
    "parse_press_quote",
    "parse_runtime",
    "parse_specs_line",
    "parse_year_heading",
    "primary_language",
    "public_url",
    "rewrite_to_base",
    "split_credit_names",
    "year_page_from_url",
]

PUBLIC_BASE_URL = "https://www.nziff.co.nz"
# Hosts the site answers under; links to any of them are moved onto the crawl's base.
NZIFF_HOSTS = frozenset({"www.nziff.co.nz", "nziff.co.nz", "www1.nziff.co.nz"})

# -------------------------------------------------------------------------------- URLs

_ARCHIVE_FOLDER_RE = re.compile(r"^archive(?:-\d+)?$")
_YEAR_SEGMENT_RE = re.compile(r"^(?:19|20)\d\d$")
_SEGMENT_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
LISTINGS = "films"  # the path segment under which a folder's listings live


class FolderRef(NamedTuple):
    """A year's folder page, ``/{year}/{folder}/`` (for an archive folder: the year page)."""

    year: int
    folder: str


class FilmRef(NamedTuple):
    """A film page, ``/{year}/{folder}/{slug}/``, in the archive or a regional folder."""

    year: int
    folder: str
    slug: str

    @property
    def film_id(self) -> str:
        """``2015/the-salt-road``: a slug is unique only within its year."""
        return f"{self.year}/{self.slug}"

    @property
    def path(self) -> str:
        return f"/{self.year}/{self.folder}/{self.slug}/"

    def in_folder(self, folder: str) -> FilmRef:
        return self._replace(folder=folder)


class ListingRef(NamedTuple):
    """``/{year}/{folder}/films/{family}/[{value}/]``; ``value`` is "" for a family index
    (``films/country/``) and for the one list of a year's films (``films/title/``)."""

    year: int
    folder: str
    family: str
    value: str


def is_archive_folder(folder: str | None) -> bool:
    """``archive`` or ``archive-N``: the folder a past festival's films are archived in."""
    return bool(folder) and _ARCHIVE_FOLDER_RE.match(folder or "") is not None


def _segments(url: str | None) -> tuple[int, list[str]] | None:
    """(year, the path segments after it) of a URL under a year, else None."""
    if not url:
        return None
    split = split_url(url)
    if split is None:
        return None
    parts = [p for p in split.path.split("/") if p]
    if len(parts) < 2 or not _YEAR_SEGMENT_RE.match(parts[0]):
        return None
    if not all(_SEGMENT_RE.match(p) for p in parts[1:]):
        return None
    return int(parts[0]), parts[1:]


def year_page_from_url(url: str | None) -> FolderRef | None:
    """``/2015/archive-2/`` -> (2015, "archive-2"); only archive folders, else None."""
    found = _segments(url)
    if found is None or len(found[1]) != 1 or not is_archive_folder(found[1][0]):
        return None
    return FolderRef(found[0], found[1][0])


def film_ref_from_url(url: str | None) -> FilmRef | None:
    """A film page in any folder (``/2015/auckland/the-salt-road``, slash optional), else
    None. The fragment a short inside a programme carries (``#short-…``) is ignored."""
    found = _segments(url)
    if found is None or len(found[1]) != 2 or found[1][1] == LISTINGS:
        return None
    (folder, slug), year = found[1], found[0]
    return FilmRef(year, folder, slug)


def listing_from_url(url: str | None) -> ListingRef | None:
    """``/2015/archive/films/country/aotearoa-new-zealand/`` and the like, else None."""
    found = _segments(url)
    if found is None:
        return None
    year, rest = found
    if len(rest) not in (3, 4) or rest[1] != LISTINGS or not is_archive_folder(rest[0]):
        return None
    return ListingRef(year, rest[0], rest[2], rest[3] if len(rest) == 4 else "")


def rewrite_to_base(url: str, base: str) -> str:
    """An absolute URL on any NZIFF host (any scheme) moved onto ``base``; the fragment
    is dropped. Relative URLs and other hosts come back unchanged."""
    parts = split_url(url)
    if parts is None or (parts.hostname or "").lower() not in NZIFF_HOSTS:
        return url
    base_parts = urlsplit(normalise_base_url(base))
    path = base_parts.path + parts.path
    return urlunsplit((base_parts.scheme, base_parts.netloc, path, parts.query, ""))


def public_url(url: str, base: str) -> str:
    """The public-site form of a URL fetched under ``base`` or an alias host."""
    base = normalise_base_url(base)
    if url == base or url.startswith(base + "/"):
        return PUBLIC_BASE_URL + url[len(base) :]
    return rewrite_to_base(url, PUBLIC_BASE_URL)


# ------------------------------------------------------------------------- plain text

_TYPOGRAPHIC_APOSTROPHE = "\u2019"


def clean_name(s: str | None) -> str:
    """A title or a person's name as the archive means it: entities decoded (twice for a
    doubly escaped ``&amp;amp;``), the typographic apostrophe (``&#8217;``) read as ``'``,
    spacing collapsed."""
    return fix_text(s).replace(_TYPOGRAPHIC_APOSTROPHE, "'")


_BANNER_RE = re.compile(r"\bNZIFF\s*((?:19|20)\d\d)\b", re.IGNORECASE)
_HEADING_YEAR_RE = re.compile(r"\b((?:19|20)\d\d)\s*$")


def parse_edition_banner(s: str | None) -> int | None:
    """``Screened as part of NZIFF 2015`` -> 2015."""
    match = _BANNER_RE.search(fix_text(s))
    return int(match.group(1)) if match else None


def parse_year_heading(s: str | None) -> int | None:
    """``NZIFF 2015`` / ``New Zealand International Film Festival 2015`` -> 2015."""
    match = _HEADING_YEAR_RE.search(fix_text(s))
    return int(match.group(1)) if match else None


def primary_language(tag: str | None) -> str | None:
    """``en-NZ`` -> ``en``: the language of a ``lang`` attribute, without its region."""
    text = fix_text(tag).replace("_", "-")
    primary = text.split("-", 1)[0].lower()
    return primary if re.fullmatch(r"[a-z]{2,3}", primary) else None


# ----------------------------------------------------------------- directors, credits

_DIRECTED_BY_RE = re.compile(r"^(?:Directed\s+by|Directors?\s*:)\s*", re.IGNORECASE)


def parse_directed_by(s: str | None) -> list[str]:
    """``Directed by A, B and C`` (or ``A & B``) -> the names; none without the prefix."""
    text = clean_name(s)
    prefix = _DIRECTED_BY_RE.match(text)
    return split_directors(text[prefix.end() :]) if prefix else []


# Credit block headings as (one name, several names); "Festival(s)" heads the history.
_ROLE_HEADINGS = (
    ("Director", "Directors"),
    ("Producer", "Producers"),
    ("Screenplay", "Screenplays"),
    ("Photography", "Photography"),
    ("Editor", "Editors"),
    ("Production designer", "Production designers"),
    ("Costume designer", "Costume designers"),
    ("Music", "Music"),
    ("With", "With"),
    ("Festival", "Festivals"),
)
_SINGULAR_ROLE = {
    heading.lower(): singular
    for singular, plural in _ROLE_HEADINGS
    for heading in (singular, plural)
}


def canonical_role(heading: str | None) -> str:
    """A credit block heading by its singular name (``Producers`` -> ``Producer``,
    ``Festivals:`` -> ``Festival``); a heading not known here is kept as shown."""
    text = clean_name(heading).rstrip(":").strip()
    return _SINGULAR_ROLE.get(text.lower(), text)


# Searched over raw text: `(?<!\s)` starts a match only where a run of whitespace
# starts, or a run of 100,000 spaces is tried from each of its positions (quadratic).
_PART_PLAYED_RE = re.compile(r"(?<!\s)\s*\([^()]*\)\s*$")


def _split_outside_parentheses(text: str, separators: str) -> list[str]:
    """``text`` cut at any of ``separators`` that is not inside parentheses."""
    pieces, depth, start = [], 0, 0
    for i, ch in enumerate(text):
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(0, depth - 1)
        elif ch in separators and depth == 0:
            pieces.append(text[start:i])
            start = i + 1
    pieces.append(text[start:])
    return pieces


def split_credit_names(s: str | None) -> list[str]:
    """A credit block's names: ``A (the father),\\nB (the girl)`` -> ``[A, B]``.

    Names are separated by a comma (and a line break); the part a cast member plays,
    in parentheses after the name, is not part of the name.
    """
    names = []
    for piece in _split_outside_parentheses(require_text(s), ",\n"):
        name = clean_name(_PART_PLAYED_RE.sub("", piece))
        if name:
            names.append(name)
    return names


_HISTORY_PREFIX_RE = re.compile(r"^\s*Festivals?\s*:\s*", re.IGNORECASE)


def parse_festival_history(s: str | None) -> list[str]:
    """Festival history entries as shown: one per line of a block, or the run-on
    ``Festivals: Toronto 2014, Busan 2014`` line. An entry's own parenthesised section
    may hold a comma (``Cannes (Un Certain Regard, Special Screening) 2014``)."""
    text = _HISTORY_PREFIX_RE.sub("", require_text(s))
    entries = []
    for piece in _split_outside_parentheses(text, ",;\n"):
        entry = fix_text(piece)
        if entry:
            entries.append(entry)
    return entries


# ------------------------------------------------------------ origin and specs lines


class Origin(NamedTuple):
    """The countries of production and the languages spoken, from one line."""

    countries: list[str]
    languages: list[str]
    subtitled: bool = False


# New Zealand under its listing name (country listings say "Aotearoa New Zealand").
_COUNTRY_NAMES = {"Aotearoa New Zealand": "New Zealand", "Aotearoa": "New Zealand"}
_COUNTRY_SEPARATOR_RE = re.compile(r"\s*/\s*|,\s*")
_LANGUAGE_SEPARATOR_RE = re.compile(r",\s*(?:and\s+)?|\s+and\s+|\s*&\s*")
_SUBTITLES_RE = re.compile(r",?\s*with\s+English\s+subtitles\.?$", re.IGNORECASE)
_LANGUAGE_START_RE = re.compile(r"(?:^|\s)In\s+")


def parse_countries(s: str | None) -> list[str]:
    """``France / Germany`` (or ``France, Germany``) -> the countries, in order."""
    countries = []
    for piece in _COUNTRY_SEPARATOR_RE.split(clean_name(s).strip(" .")):
        country = _COUNTRY_NAMES.get(piece.strip(), piece.strip())
        if country and country not in countries:
            countries.append(country)
    return countries


def parse_language_line(s: str | None) -> Origin:
    """``In Kazakh and Russian with English subtitles`` -> languages, subtitled (no
    countries). A line not starting with ``In`` names no languages."""
    text = clean_name(s)
    if not re.match(r"^In\s", text):
        return Origin([], [])
    spoken = text[3:].strip()
    subtitled = _SUBTITLES_RE.search(spoken) is not None
    spoken = _SUBTITLES_RE.sub("", spoken).strip(" .")
    languages = [lang.strip() for lang in _LANGUAGE_SEPARATOR_RE.split(spoken) if lang.strip()]
    return Origin([], languages, subtitled)


def parse_origin_line(s: str | None) -> Origin:
    """``France / Germany In French and German with English subtitles``: the countries,
    then the languages after ``In``; either part may be missing."""
    text = clean_name(s)
    match = _LANGUAGE_START_RE.search(text)
    if match is None:
        return Origin(parse_countries(text), [])
    spoken = parse_language_line(text[match.start() :].strip())
    return Origin(parse_countries(text[: match.start()]), spoken.languages, spoken.subtitled)


class Specs(NamedTuple):
    """The running time in minutes, the colour word and the screening format."""

    runtime: int | None = None
    colour: str | None = None
    format: str | None = None


_RUNTIME_RE = re.compile(r"^(\d{1,3})\s*(?:minutes|mins?\.?|m)(?=\s|$)", re.IGNORECASE)
_ISO_DURATION_RE = re.compile(r"^PT(?:(\d{1,2})H)?(?:(\d{1,3})M)?$", re.IGNORECASE)
# The colour words a specs line uses, by the name the archive's records give them.
_COLOUR_RE = re.compile(
    r"(?:^|\s)(?P<word>B\s*&\s*W|B/W|Black\s+(?:and|&)\s+white|Colou?r)(?=\s|$)", re.IGNORECASE
)


def parse_runtime(s: str | None) -> int | None:
    """``104 minutes`` / ``104&nbsp;minutes`` / ``104 mins`` / ``PT1H44M`` -> 104."""
    text = fix_text(s)
    match = _RUNTIME_RE.match(text)
    if match:
        return int(match.group(1))
    iso = _ISO_DURATION_RE.match(text)
    if iso and (iso.group(1) or iso.group(2)):
        return int(iso.group(1) or 0) * 60 + int(iso.group(2) or 0)
    return None


def _colour_name(word: str) -> str:
    return "Colour" if word.lower().startswith("colo") else "B&W"


def parse_specs_line(s: str | None) -> Specs:
    """``104 minutes B&W 35mm`` -> (104, "B&W", "35mm"); each part may be missing.

    The running time leads the line; a colour word (``B&W``, ``Colour``, also ``Color``
    and ``Black and white``) is read as ``B&W`` / ``Colour``; what is left is the format.
    """
    text = fix_text(s)
    runtime_match = _RUNTIME_RE.match(text)
    runtime = int(runtime_match.group(1)) if runtime_match else None
    rest = text[runtime_match.end() :] if runtime_match else text
    colour = None
    colour_match = _COLOUR_RE.search(rest)
    if colour_match:
        colour = _colour_name(colour_match.group("word"))
        rest = rest[: colour_match.start()] + " " + rest[colour_match.end() :]
    return Specs(runtime, colour, collapse_whitespace(rest).strip(" ,.") or None)


# ---------------------------------------------------------------------- press quote

_PRESS_QUOTE_RE = re.compile(
    r"^[\"“](?P<text>.*\S)[\"”]\s*(?:—|–|--)\s*(?P<source>[^—–]*\S)$", re.DOTALL
)


def parse_press_quote(s: str | None) -> Quote | None:
    """``“Quoted text” — Critic Name, Publication`` -> (text, ``Critic Name, Publication``).

    The quote must be inside quote marks and followed by a dash and a source; a source
    that reads like a sentence (ends ``.``/``!``/``?``) is no source.
    """
    match = _PRESS_QUOTE_RE.match(fix_text(s))
    if match is None:
        return None
    text, source = match.group("text").strip(), match.group("source").strip()
    if not text or source[-1] in ".!?…":
        return None
    return Quote(text, source)
