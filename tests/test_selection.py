"""scraper.spiders.selection gives what parsel's response.css() gives, selector by selector."""

from __future__ import annotations

import pytest
from lxml import etree
from scrapy.exceptions import NotSupported
from scrapy.http import HtmlResponse, Response

from scraper.spiders.selection import (
    ALL_TEXT,
    TEXT_WITHOUT_LINKS,
    page_root,
    raw_text,
    select,
    select_first,
    text,
)

PAGE = """<html><head><title>A  Film | Archive</title>
<meta property="og:title" content="A &amp; B"></head><body>
<article class="film main" data-film-id="42">
  <p class="film-meta">USSR,\n 1988 <b>(MIFF 1989)</b></p>
  <p class="film-meta extra">second</p>
  <div class="synopsis" lang="ru"><p>One <a href="/x">link</a> tail</p><p>Two</p></div>
  <section class="see-also"><div class="see-also-item">
    <h3><a href="/festival-archive/films/id/7">Seven</a></h3>
    <p class="see-also-meta">USA, 1990</p>
    <p>Teaser ... <a href="/festival-archive/film/7">More »</a></p>
  </div></section>
</article></body></html>"""

SELECTORS = [
    "p.film-meta",
    "article.film::attr(data-film-id)",
    'meta[property="og:title"]::attr(content)',
    "title::text",
    "div.synopsis p",
    "section.see-also div.see-also-item",
    "h3 a::attr(href), p a::attr(href)",
    "p:not(.see-also-meta)",
    "ul.missing li",
]


@pytest.fixture
def response() -> HtmlResponse:
    return HtmlResponse(url="https://example.org/film/42", body=PAGE, encoding="utf-8")


def _as_parsel(values: list[object]) -> list[str]:
    """Elements as their markup (what parsel's getall() shows), strings as they are."""
    return [
        v if isinstance(v, str) else etree.tostring(v, encoding="unicode", with_tail=False)
        for v in values
    ]


@pytest.mark.parametrize("css", SELECTORS)
def test_select_matches_parsel_css(response: HtmlResponse, css: str) -> None:
    assert _as_parsel(select(page_root(response), css)) == response.css(css).getall()


@pytest.mark.parametrize("css", SELECTORS)
def test_select_first_matches_parsel_get(response: HtmlResponse, css: str) -> None:
    first = select_first(page_root(response), css)
    assert (_as_parsel([first])[0] if first is not None else None) == response.css(css).get()


def test_string_results_are_plain_str(response: HtmlResponse) -> None:
    (value,) = select(page_root(response), "article.film::attr(data-film-id)")
    assert type(value) is str and value == "42"


@pytest.mark.parametrize(
    ("css", "text_of", "parsel_xpath"),
    [
        ("div.synopsis p", ALL_TEXT, ".//text()"),
        ("div.see-also-item p", TEXT_WITHOUT_LINKS, ".//text()[not(ancestor::a)]"),
    ],
)
def test_raw_text_matches_parsel_text_xpath(
    response: HtmlResponse, css: str, text_of: etree.XPath, parsel_xpath: str
) -> None:
    expected = "".join(response.css(css).xpath(parsel_xpath).getall())
    assert raw_text(select(page_root(response), css), text_of) == expected


def test_text_joins_all_nodes_and_collapses_whitespace(response: HtmlResponse) -> None:
    assert text(select(page_root(response), "p.film-meta")) == "USSR, 1988 (MIFF 1989)second"


def test_page_root_is_parsed_once_per_response(response: HtmlResponse) -> None:
    assert page_root(response) is page_root(response)


def test_page_root_refuses_a_response_without_text() -> None:
    with pytest.raises(NotSupported):
        page_root(Response(url="https://example.org/blob", body=b"\x00\x01"))
