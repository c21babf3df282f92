"""CSS selectors compiled once, evaluated straight on a page's lxml tree.

Why not ``response.css()``: every parsel call builds a fresh XPath evaluator and wraps
each result in a new Selector, and a film page needs about thirty of them; that was
most of the spider's time on a 12,000-film crawl. Here each selector is translated
exactly as parsel translates it (its HTMLTranslator, so ``::text`` and ``::attr()``
keep working) and compiled to an ``lxml.etree.XPath`` the first time it is used.
Results are what parsel's ``getall()`` would give: elements, or plain ``str`` for
text and attribute selectors.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from typing import Any

from lxml import etree
from parsel.csstranslator import HTMLTranslator
from scrapy.exceptions import NotSupported
from scrapy.http import Response, TextResponse

from scraper.parsing import collapse_whitespace

_TRANSLATOR = HTMLTranslator()

# Text of an element, and the same without the text of its "Read more" / "More »" link.
ALL_TEXT = etree.XPath(".//text()", smart_strings=False)
TEXT_WITHOUT_LINKS = etree.XPath(".//text()[not(ancestor::a)]", smart_strings=False)


@cache
def compiled(css: str) -> etree.XPath:
    """``css`` as parsel would run it on a response, compiled once per process."""
    return etree.XPath(_TRANSLATOR.css_to_xpath(css), smart_strings=False)


def page_root(response: Response) -> Any:
    """The root element of the response's parsed HTML (parsed once, by parsel)."""
    if not isinstance(response, TextResponse):
        raise NotSupported("Response content isn't text")
    return response.selector.root


def select(node: Any, css: str) -> list[Any]:
    """All matches of ``css`` under ``node`` (itself included), in document order."""
    result: list[Any] = compiled(css)(node)
    return result


def select_first(node: Any, css: str) -> Any | None:
    """The first match of ``css`` (for ``::attr()``/``::text``: a str), else None."""
    matches = compiled(css)(node)
    return matches[0] if matches else None


def raw_text(nodes: Iterable[Any], text_of: etree.XPath = ALL_TEXT) -> str:
    """The text nodes of all ``nodes`` joined as they are."""
    return "".join([text for node in nodes for text in text_of(node)])


def text(nodes: Iterable[Any], text_of: etree.XPath = ALL_TEXT) -> str:
    """The text of all ``nodes`` with whitespace collapsed."""
    return collapse_whitespace(raw_text(nodes, text_of))
