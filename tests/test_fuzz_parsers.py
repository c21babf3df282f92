"""Fuzzing (issue 16): the string parsers and the spiders' page callbacks take hostile
input without an exception escaping. A parser returns None or empty under its error
policy (scraper/parsing.py); a callback yields what it can read.

Deterministic and not timing-sensitive: ``derandomize=True`` draws the same examples on
every run, ``deadline=None`` lets a loaded CI machine take its time, and a fixed
``max_examples`` is the budget."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scrapy.http import HtmlResponse, Request
from scrapy.utils.test import get_crawler

from common import text as common_text
from mirror.replica.nziff.site import build_nziff_site
from mirror.replica.routes import PageCache
from mirror.replica.site import ReplicaConfig
from scraper import parsing, site_urls
from scraper.spiders import miff_grammar, miff_urls, nziff_grammar
from scraper.spiders.miff import MiffSpider
from scraper.spiders.nziff import NziffSpider
from tests.miff_fixtures import MIFF_PAGES

FUZZ = settings(
    max_examples=200,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
PAGE_FUZZ = settings(FUZZ, max_examples=60)

# Pieces of the sites' own line formats, so that the fuzzer reaches deep into the
# grammars instead of stopping at the first literal it never guesses.
TOKENS = [
    "MIFF",
    "NZIFF",
    "(",
    ")",
    "((",
    "))",
    ",",
    ", ",
    ";",
    "/",
    " / ",
    "&",
    " & ",
    "+",
    " and ",
    "D ",
    "P ",
    "L ",
    "TD ",
    "Director:",
    "Directors:",
    "Dir.",
    "Directed by",
    "feature films",
    "short films",
    "screened from",
    "between",
    "{focus ",
    "}",
    "1979",
    "2019",
    "0",
    "12,000",
    "19",
    "…",
    "...",
    "..",
    "Read more",
    "More »",
    "»",
    "›",
    "“",
    "”",
    '"',
    "'",
    "–",
    "—",
    "--",
    "&ndash;",
    "&ndash:",
    "&#",
    "&#x",
    "&#8212;",
    "&amp;",
    "&nda",
    "Ã©",
    "Ã",
    "\u00a0",
    "\n",
    "\t",
    " ",
    "   ",
    "\x00",
    "\r",
    "In ",
    " with English subtitles",
    "minutes",
    "mins",
    "PT1H4M",
    "B&W",
    "Colour",
    "35mm",
    "Festivals:",
    "(MM)",
    "(A.B.)",
    "Synopsis not available",
    "The",
    ", The",
    "Les",
    "MA15+",
    "(PG)",
    "-",
    "\ufffd",
    "\U0001f3ac",
    "http://",
    "https://",
    "miff.com.au",
    "www.",
    "127.0.0.1",
    ":8765",
    "[",
    "]",
    "::",
    "%",
    "?",
    "#",
    "@",
    "/festival-archive/",
    "film/",
    "films/",
    "id/",
    "year/",
    "page=",
    "archive",
    "archive-2",
    "/2013/",
    "films/title/",
]
SITE_TEXT = st.one_of(
    st.text(max_size=40),
    st.lists(st.one_of(st.sampled_from(TOKENS), st.text(max_size=4)), max_size=30).map("".join),
)
PARAGRAPHS = st.one_of(st.none(), SITE_TEXT, st.lists(SITE_TEXT, max_size=5))

ONE_STRING_PARSERS: list[Callable[[Any], Any]] = [
    parsing.clean_title,
    parsing.split_directors,
    parsing.parse_year,
    parsing.strip_teaser_suffix,
    functools.partial(parsing.strip_teaser_suffix, keep_ellipsis=True),
    miff_grammar.parse_meta_line,
    miff_grammar.parse_director_line,
    miff_grammar.parse_listing_header,
    miff_grammar.parse_edition_program,
    miff_grammar.parse_focus,
    nziff_grammar.is_archive_folder,
    nziff_grammar.year_page_from_url,
    nziff_grammar.film_ref_from_url,
    nziff_grammar.listing_from_url,
    nziff_grammar.clean_name,
    nziff_grammar.parse_edition_banner,
    nziff_grammar.parse_year_heading,
    nziff_grammar.primary_language,
    nziff_grammar.parse_directed_by,
    nziff_grammar.canonical_role,
    nziff_grammar.split_credit_names,
    nziff_grammar.parse_festival_history,
    nziff_grammar.parse_countries,
    nziff_grammar.parse_language_line,
    nziff_grammar.parse_origin_line,
    nziff_grammar.parse_runtime,
    nziff_grammar.parse_specs_line,
    nziff_grammar.parse_press_quote,
    miff_urls.film_id_from_url,
    miff_urls.edition_from_url,
    miff_urls.listing_from_url,
    common_text.collapse_whitespace,
    common_text.fix_text,
    functools.partial(common_text.fix_text, truncated=True),
    common_text.fold_name,
]
PARAGRAPH_PARSERS: list[Callable[[Any], Any]] = [
    parsing.fixed_paragraphs,
    parsing.parse_quote,
    miff_grammar.parse_credit_line,
    miff_grammar.parse_reviewer_initials,
]
MIFF_BASE = "https://miff.com.au"
NZIFF_BASE = "https://www.nziff.co.nz"
# Functions of a page's URL (from a link) and the crawl's configured base: only the
# URL is the site's, the base is valid configuration.
URL_REWRITERS: list[Callable[[str], Any]] = [
    functools.partial(miff_urls.public_url, base=MIFF_BASE),
    functools.partial(miff_urls.rewrite_to_base, base="http://127.0.0.1:8765"),
    functools.partial(nziff_grammar.public_url, base=NZIFF_BASE),
    functools.partial(nziff_grammar.rewrite_to_base, base="http://127.0.0.1:8766"),
    functools.partial(
        site_urls.rewrite_alias_host, base=MIFF_BASE, hosts={"miff.com.au", "www.miff.com.au"}
    ),
    functools.partial(
        site_urls.public_form,
        base="http://127.0.0.1:8765",
        public_base=MIFF_BASE,
        hosts={"miff.com.au", "www.miff.com.au"},
    ),
    site_urls.is_loopback_url,
]


def _name(function: Callable[..., Any]) -> str:
    inner = function.func if isinstance(function, functools.partial) else function
    return f"{inner.__module__}.{inner.__name__}"


@pytest.mark.parametrize("parser", ONE_STRING_PARSERS, ids=_name)
def test_string_parsers_take_any_text(parser: Callable[[Any], Any]) -> None:
    @FUZZ
    @given(st.one_of(st.none(), SITE_TEXT))
    def check(value: str | None) -> None:
        parser(value)

    check()


@pytest.mark.parametrize("parser", PARAGRAPH_PARSERS, ids=_name)
def test_paragraph_parsers_take_any_paragraphs(parser: Callable[[Any], Any]) -> None:
    @FUZZ
    @given(PARAGRAPHS)
    def check(value: Any) -> None:
        parser(value)

    check()


def test_synopsis_placeholder_check_takes_any_paragraphs() -> None:
    @FUZZ
    @given(st.lists(SITE_TEXT, max_size=5))
    def check(value: list[str]) -> None:
        miff_grammar.is_synopsis_unavailable(value)

    check()


@pytest.mark.parametrize("rewrite", URL_REWRITERS, ids=_name)
def test_url_functions_take_any_link(rewrite: Callable[[str], Any]) -> None:
    @FUZZ
    @given(SITE_TEXT)
    def check(url: str) -> None:
        rewrite(url)

    check()


# -- page extraction -------------------------------------------------------------------

_TEXT_SEGMENT = re.compile(r">([^<]*)<")


@st.composite
def mutated_page(draw: st.DrawFn, body: str) -> bytes:
    """The page with some of its text replaced by fuzz, and perhaps a slice cut out (a
    truncated or mangled response): the structure the selectors expect, hostile text."""
    segments = [m.span(1) for m in _TEXT_SEGMENT.finditer(body)]
    chosen = draw(st.sets(st.integers(0, len(segments) - 1), max_size=12))
    pieces, last = [], 0
    for index in sorted(chosen):
        start, end = segments[index]
        pieces += [body[last:start], draw(SITE_TEXT).replace("<", "&lt;")]
        last = end
    html = "".join(pieces) + body[last:]
    if draw(st.booleans()):
        start = draw(st.integers(0, len(html)))
        html = html[:start] + html[start + draw(st.integers(0, 2000)) :]
    return html.encode("utf-8", "surrogatepass")


@functools.cache
def _miff_spider() -> MiffSpider:
    return MiffSpider.from_crawler(get_crawler(MiffSpider))


@functools.cache
def _nziff_spider() -> NziffSpider:
    return NziffSpider.from_crawler(get_crawler(NziffSpider, {"NZIFF_BASE_URL": NZIFF_BASE}))


@functools.cache
def _nziff_pages() -> PageCache:
    return PageCache(build_nziff_site(ReplicaConfig(films=60, seed=7)))


MIFF_CALLBACKS = [
    ("index.html", "/festival-archive", "parse", {}),
    ("edition_2010.html", "/festival-archive/year/2010", "parse_edition", {"year": 2010}),
    ("listing_festival_2007.html", "/festival-archive/films?festival=2007", "parse_listing", {}),
    ("film_5977_seed.html", "/festival-archive/film/5977", "parse_film", {}),
    ("film_10167_slash_layout.html", "/festival-archive/film/10167", "parse_film", {}),
    ("film_90350_mojibake.html", "/festival-archive/film/90350", "parse_film", {}),
]


def _consume(output: Any) -> list[Any]:
    return list(output or [])


@pytest.mark.parametrize(("page", "path", "callback", "kwargs"), MIFF_CALLBACKS)
def test_miff_callbacks_take_mangled_pages(
    page: str, path: str, callback: str, kwargs: dict[str, Any]
) -> None:
    body = (MIFF_PAGES / page).read_text(encoding="utf-8")
    url = MIFF_BASE + path

    @PAGE_FUZZ
    @given(mutated_page(body))
    def check(mangled: bytes) -> None:
        response = HtmlResponse(url=url, request=Request(url), body=mangled, encoding="utf-8")
        _consume(getattr(_miff_spider(), callback)(response, **kwargs))

    check()


@functools.cache
def _nziff_film_path() -> str:
    """The path of the replica's first film page (its year, folder and slug)."""
    record = next(iter(build_nziff_site(ReplicaConfig(films=60, seed=7)).truth_records()))
    return urlsplit(str(record["url"])).path


def _nziff_target(kind: str) -> str:
    film = _nziff_film_path()
    year_page = "/".join(film.split("/")[:3]) + "/"
    return {
        "index": "/archive/",
        "year": year_page,
        "listing": year_page + "films/title/",
        "film": film,
    }[kind]


NZIFF_CALLBACKS = [
    ("index", "parse"),
    ("year", "parse_year_page"),
    ("listing", "parse_listing"),
    ("film", "parse_film"),
]


@pytest.mark.parametrize(("kind", "callback"), NZIFF_CALLBACKS)
def test_nziff_callbacks_take_mangled_pages(kind: str, callback: str) -> None:
    target = _nziff_target(kind)
    page = _nziff_pages().lookup(target)
    assert page is not None, target
    body = page.body.decode("utf-8")
    url = NZIFF_BASE + target

    @PAGE_FUZZ
    @given(mutated_page(body))
    def check(mangled: bytes) -> None:
        response = HtmlResponse(url=url, request=Request(url), body=mangled, encoding="utf-8")
        _consume(getattr(_nziff_spider(), callback)(response))

    check()
