"""The MIFF festival archive spider.

Crawl plan (FACTS.md): the archive index lists every edition; each edition page links
the listing of the films it screened (``/festival-archive/films/festival/{year}``);
listings are paginated and link every film entry. Every film link, whatever its scheme
or alias host, is requested as ``canonical_film_url(id, base)`` so Scrapy's dupefilter
fetches each film once. The other listing families (directors, countries, categories,
production years) only re-list the same films and are skipped unless
``MIFF_FOLLOW_ALL_LISTINGS`` is on.

All selectors are class constants, so a markup change (or the next festival) touches
one place; MIFF's line formats are parsed in :mod:`scraper.spiders.miff_grammar` (with
the festival-neutral helpers of :mod:`scraper.parsing`) and its URL grammar is
:mod:`scraper.spiders.miff_urls`. Selectors run through
:mod:`scraper.spiders.selection` (compiled once, evaluated on the lxml tree) rather than
``response.css()``, whose per-call overhead dominated the crawl.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from functools import cached_property
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import scrapy
from scrapy.http import Response

from common.records import EditionItem, ExtraField, FilmItem, SeeAlsoLink, SeenItem
from scraper.festival_spider import (
    CHECK_EVERY_RUN_META_KEY,
    RECORD_PAGE_META_KEY,
    FestivalSpider,
    offloadable,
    utf8_if_misdeclared,
)
from scraper.parsing import clean_title, fix_text, parse_quote, parse_year, strip_teaser_suffix
from scraper.spiders.miff_grammar import (
    DirectorLine,
    ListingHeader,
    MetaLine,
    is_synopsis_unavailable,
    parse_credit_line,
    parse_director_line,
    parse_edition_program,
    parse_focus,
    parse_listing_header,
    parse_meta_line,
    parse_reviewer_initials,
)
from scraper.spiders.miff_urls import (
    PUBLIC_BASE_URL,
    canonical_film_url,
    edition_from_url,
    film_id_from_url,
    listing_from_url,
    public_film_url,
    public_url,
    rewrite_to_base,
)
from scraper.spiders.selection import (
    TEXT_WITHOUT_LINKS,
    page_root,
    raw_text,
    select,
    select_first,
    text,
)


@dataclass
class _FilmPage:
    """One film page, with the lines several fields are read from parsed once."""

    response: Response
    root: Any  # the page's lxml root element
    film_id: str
    listing: ListingHeader | None
    meta: MetaLine
    director_line: DirectorLine
    raw_paragraphs: list[str]

    @cached_property
    def paragraphs(self) -> list[str]:
        texts = [fix_text(p) for p in self.raw_paragraphs]
        texts = [t for t in texts if t]
        return [] if is_synopsis_unavailable(texts) else texts

    @cached_property
    def credit_line(self) -> str | None:
        return parse_credit_line(self.paragraphs)


class MiffSpider(FestivalSpider):
    """``scrapy crawl miff [-s MIFF_BASE_URL=http://127.0.0.1:8765]``."""

    name = "miff"
    festival = "miff"
    base_url_setting = "MIFF_BASE_URL"
    default_base_url = PUBLIC_BASE_URL
    follow_all_setting = "MIFF_FOLLOW_ALL_LISTINGS"
    extra_fields = (
        ExtraField(
            "credit_line",
            str,
            "the old programmes' credit line: D director P producer L lead TD format/year/runtime",
            watch=True,
        ),
        ExtraField("reviewer", str, "initials of the synopsis' writer, e.g. MM", watch=True),
        ExtraField(
            "listing_line",
            str,
            'the festival listing\'s header, e.g. "THE MACK (Michael Campus, 1973)"',
            watch=True,
        ),
        ExtraField("teaser", str, 'the listing\'s teaser, without its "Read more"', watch=True),
    )

    ARCHIVE_PATH = "/festival-archive"
    FESTIVAL_LISTING_PATH = "/festival-archive/films/festival/{year}"
    DOC_TITLE_SUFFIX = "| MIFF Festival Archive"
    GENERIC_DOC_TITLES = frozenset({"Film", "MIFF Festival Archive", "Festival Archive"})

    # Archive index
    INDEX_EDITION_LINKS = "ul.edition-list a"
    INDEX_LISTING_LINKS = "ul.director-letters a::attr(href)"
    # Edition page
    EDITION = "article.edition"
    EDITION_ID_ATTR = "article.edition::attr(data-edition-id)"
    EDITION_HEADING = "h1"
    EDITION_PROGRAM = "section.festival-program p"
    EDITION_PROGRAM_FOCUS = "section.program-focus p"
    EDITION_FILMMAKER_FOCUS = "section.filmmaker-focus p"
    EDITION_OPENING = "section.opening-night p"
    EDITION_OPENING_LINK = "section.opening-night a::attr(href)"
    EDITION_MESSAGE = "section.director-message p"
    EDITION_BROWSE_LINK = "p.browse a::attr(href)"
    # Listing page
    LISTING_ROWS = "div.view-content div.views-row"
    LISTING_HEADER = "h3.entry-title"
    LISTING_LINKS = "h3.entry-title a::attr(href), a.read-more::attr(href)"
    LISTING_TEASER = "p.teaser"
    PAGER_NEXT = "ul.pager li.pager-next a::attr(href)"
    PAGER_CURRENT = "ul.pager li.pager-current"
    # Film page
    FILM_OG_TITLE = 'meta[property="og:title"]::attr(content)'
    FILM_DOC_TITLE = "title::text"
    FILM_HIDDEN_TITLE = "h1.visually-hidden"
    FILM_ID_ATTR = "article.film::attr(data-film-id)"
    FILM_META = "p.film-meta"
    FILM_DIRECTOR = "p.film-director"
    FILM_SYNOPSIS = "div.synopsis"
    FILM_SYNOPSIS_PARAGRAPHS = "div.synopsis p"
    FILM_SEE_ALSO_ITEMS = "section.see-also div.see-also-item"
    SEE_ALSO_TITLE = "h3"
    SEE_ALSO_LINKS = "a::attr(href)"
    SEE_ALSO_TEXT = "p:not(.see-also-meta)"
    DEFAULT_LANG = "en"

    # ------------------------------------------------------------------ crawl

    async def start(self) -> AsyncIterator[Any]:
        yield scrapy.Request(
            self.base_url + self.ARCHIVE_PATH,
            callback=self.parse,
            meta={CHECK_EVERY_RUN_META_KEY: True},  # the editions list: new editions at once
        )

    def _on_base(self, response: Response, href: str) -> str:
        """An absolute URL for ``href`` with any MIFF alias host moved onto the base."""
        return rewrite_to_base(response.urljoin(href), self.base_url)

    def _film_request(self, response: Response, film_id: str, **cb_kwargs: Any) -> scrapy.Request:
        return response.follow(
            canonical_film_url(film_id, self.base_url),
            callback=self.parse_film,
            cb_kwargs={"film_id": film_id, **cb_kwargs},
            meta={RECORD_PAGE_META_KEY: True},
        )

    def record_id_of(self, request: scrapy.Request) -> str | None:
        return request.cb_kwargs.get("film_id") or film_id_from_url(request.url)

    @classmethod
    def is_record_id(cls, record_id: str) -> bool:
        return record_id.isdigit()  # the node id of /festival-archive/film/5977

    def canonical_record_url(self, record_id: str) -> str | None:
        return public_film_url(record_id) if record_id.isdigit() else None

    def parse(self, response: Response, **kwargs: Any) -> Iterator[scrapy.Request]:
        """The archive index: one request per edition (deduplicated by year).

        @path /festival-archive
        @returns items 0 0
        @returns requests 1
        """
        response = utf8_if_misdeclared(response)
        root = page_root(response)
        seen_years: set[int] = set()
        for link in select(root, self.INDEX_EDITION_LINKS):
            url = self._on_base(response, link.get("href", ""))
            edition = edition_from_url(url)
            if edition is None or edition.year in seen_years:
                continue
            seen_years.add(edition.year)
            if not self.wants_edition(edition.year):  # -a edition=…
                continue
            yield response.follow(
                url, callback=self.parse_edition, cb_kwargs={"year": edition.year}
            )
        if self.follow_all_listings:
            for href in select(root, self.INDEX_LISTING_LINKS):
                yield response.follow(self._on_base(response, href), callback=self.parse_listing)

    def parse_edition(
        self, response: Response, year: int | None = None
    ) -> Iterator[EditionItem | scrapy.Request]:
        """An edition page: its EditionItem, then the listing of the films it screened.

        @path /festival-archive/year/1989
        @returns items 1 1
        @returns requests 1
        """
        response = utf8_if_misdeclared(response)
        root = page_root(response)
        item = self._edition_item(response, root, year)
        if item is None:
            self.logger.warning("no edition year on %s", response.url)
            return
        yield item
        href = select_first(root, self.EDITION_BROWSE_LINK)
        url = (
            self._on_base(response, href)
            if href
            else self.base_url + self.FESTIVAL_LISTING_PATH.format(year=item.year)
        )
        yield response.follow(url, callback=self.parse_listing, cb_kwargs={"edition": item.year})
        if self.follow_all_listings:
            opening = film_id_from_url(select_first(root, self.EDITION_OPENING_LINK))
            if opening:
                yield self._film_request(response, opening, edition=item.year)

    @offloadable  # a listing's ~20 rows cost more to parse than their requests to rebuild
    def parse_listing(
        self, response: Response, edition: int | None = None
    ) -> Iterator[scrapy.Request]:
        """A listing page: every film entry, then the other pages of the listing.

        @path /festival-archive/films/festival/1989
        @returns items 0 0
        @returns requests 1
        """
        response = utf8_if_misdeclared(response)
        if edition is None:
            listing = listing_from_url(response.url)
            if listing is not None and listing.family == "festival":
                edition = parse_year(listing.value)
        seen: set[str] = set()
        for row in select(page_root(response), self.LISTING_ROWS):
            film_id = next(
                filter(None, map(film_id_from_url, select(row, self.LISTING_LINKS))), None
            )
            if film_id is None or film_id in seen:  # the same entry listed twice
                continue
            if not self.wants_film(film_id):  # -a film=…
                continue
            seen.add(film_id)
            header = text(select(row, self.LISTING_HEADER)) or None
            teaser = strip_teaser_suffix(
                raw_text(select(row, self.LISTING_TEASER), TEXT_WITHOUT_LINKS),
                keep_ellipsis=True,
            )
            yield self._film_request(
                response, film_id, listing_line=header, teaser=teaser or None, edition=edition
            )
        yield from self._pager_requests(response, edition)

    def _pager_requests(self, response: Response, edition: int | None) -> Iterator[scrapy.Request]:
        """The next page, and from the first page every page at once (``1 of 7``).

        Requesting all pages up front keeps a long listing from becoming a chain of
        one request at a time; the dupefilter drops the "next" links seen again.
        """
        cb_kwargs = {"edition": edition}
        root = page_root(response)
        listing = listing_from_url(response.url)
        total = _pager_total(text(select(root, self.PAGER_CURRENT)))
        if listing is not None and listing.page == 0 and total:
            for page in range(1, total):
                yield response.follow(
                    _with_page(response.url, page),
                    callback=self.parse_listing,
                    cb_kwargs=cb_kwargs,
                )
        next_href = select_first(root, self.PAGER_NEXT)
        if next_href:
            yield response.follow(
                self._on_base(response, next_href),
                callback=self.parse_listing,
                cb_kwargs=cb_kwargs,
            )

    @offloadable
    def parse_film(
        self,
        response: Response,
        film_id: str | None = None,
        listing_line: str | None = None,
        teaser: str | None = None,
        edition: int | None = None,
    ) -> Iterator[FilmItem | SeenItem | scrapy.Request]:
        """A film page: one FilmItem (a SeenItem when the page is unchanged).

        @path /festival-archive/film/5977
        @returns items 1 1
        @scrapes title directors year edition synopsis_paragraphs
        @filled title directors year edition synopsis_paragraphs
        """
        seen = self.seen_if_unchanged(response, film_id or film_id_from_url(response.url))
        if seen is not None:
            yield seen
            return
        response = utf8_if_misdeclared(response)
        root = page_root(response)
        film_id = (
            film_id
            or film_id_from_url(response.url)
            or (select_first(root, self.FILM_ID_ATTR) or "").strip()
        )
        if not film_id.isdigit():
            self.logger.warning("no film id on %s", response.url)
            return
        page = _FilmPage(
            response=response,
            root=root,
            film_id=film_id,
            listing=parse_listing_header(listing_line) if listing_line else None,
            meta=self._parse_meta(root),
            director_line=parse_director_line(text(select(root, self.FILM_DIRECTOR))),
            raw_paragraphs=[raw_text((p,)) for p in select(root, self.FILM_SYNOPSIS_PARAGRAPHS)],
        )
        title_display = self._parse_title_display(page)
        quote = parse_quote(page.paragraphs)
        yield FilmItem(
            festival=self.festival,
            film_id=film_id,
            url=public_film_url(film_id),
            fetched_url=response.url,
            title=self._parse_title(page, title_display),
            title_display=title_display,
            directors=self._parse_directors(page),
            year=self._parse_year(page),
            countries=self._parse_countries(page),
            edition=self._parse_edition(page, edition),
            section=self._parse_section(page),
            synopsis_paragraphs=page.paragraphs,
            lang=self._parse_lang(page),
            quote=quote.text if quote else None,
            quote_source=quote.source if quote else None,
            see_also=self._parse_see_also(page),
            extra={
                "credit_line": page.credit_line,
                "reviewer": parse_reviewer_initials(page.paragraphs),
                "listing_line": listing_line,
                "teaser": teaser,
            },
        )
        if self.follow_all_listings:
            for link in self._parse_see_also(page):
                yield self._film_request(response, link.film_id)

    # ------------------------------------------------------------ film fields

    def _parse_meta(self, root: Any) -> MetaLine:
        """The ``COUNTRY, YEAR (MIFF EDITION, SECTION)`` line (either layout)."""
        for line in select(root, self.FILM_META):
            meta = parse_meta_line(text((line,)))
            if meta != MetaLine():
                return meta
        return MetaLine()

    def _parse_title_display(self, page: _FilmPage) -> str | None:
        """The title as the page shows it: og:title, else the hidden h1, else <title>.

        A generic document title ("Film") is not a title: the page has none.
        """
        og_title = select_first(page.root, self.FILM_OG_TITLE)
        if og_title and og_title.strip():
            return og_title
        hidden = text(select(page.root, self.FILM_HIDDEN_TITLE))
        if hidden:
            return hidden
        doc_title = select_first(page.root, self.FILM_DOC_TITLE) or ""
        doc_title = doc_title.strip().removesuffix(self.DOC_TITLE_SUFFIX).strip()
        return doc_title if doc_title and doc_title not in self.GENERIC_DOC_TITLES else None

    def _parse_title(self, page: _FilmPage, title_display: str | None) -> str | None:
        return clean_title(title_display) or None

    def _parse_directors(self, page: _FilmPage) -> list[str]:
        """Directors as spelled on the film page; the listing header only as a fallback."""
        if page.director_line.directors:
            return page.director_line.directors
        return list(page.listing.directors) if page.listing else []

    def _parse_year(self, page: _FilmPage) -> int | None:
        """Production year: meta line, slash director line, listing header, credit line."""
        for year in (
            page.meta.year,
            page.director_line.year,
            page.listing.year if page.listing else None,
        ):
            if year is not None:
                return year
        return _credit_year(page.credit_line)

    def _parse_countries(self, page: _FilmPage) -> list[str]:
        country = page.meta.country or page.director_line.country
        return [country] if country else []

    def _parse_edition(self, page: _FilmPage, listed_edition: int | None) -> int | None:
        """The edition of the meta line, else that of the festival listing that linked it."""
        return page.meta.edition if page.meta.edition is not None else listed_edition

    def _parse_section(self, page: _FilmPage) -> str | None:
        return page.meta.section

    def _parse_lang(self, page: _FilmPage) -> str:
        synopsis = select_first(page.root, self.FILM_SYNOPSIS)
        lang = synopsis.get("lang", "").strip() if synopsis is not None else ""
        return lang or self.DEFAULT_LANG

    def _parse_see_also(self, page: _FilmPage) -> list[SeeAlsoLink]:
        links: list[SeeAlsoLink] = []
        seen: set[str] = set()
        for entry in select(page.root, self.FILM_SEE_ALSO_ITEMS):
            film_id = next(
                filter(None, map(film_id_from_url, select(entry, self.SEE_ALSO_LINKS))), None
            )
            if film_id is None or film_id in seen:
                continue
            seen.add(film_id)
            title = fix_text(text(select(entry, self.SEE_ALSO_TITLE))) or None
            shown = raw_text(select(entry, self.SEE_ALSO_TEXT), TEXT_WITHOUT_LINKS)
            teaser = strip_teaser_suffix(shown, keep_ellipsis=True) or None
            links.append(SeeAlsoLink(film_id, title, teaser))
        return links

    # ---------------------------------------------------------------- editions

    def _edition_item(self, response: Response, root: Any, year: int | None) -> EditionItem | None:
        heading = text(select(root, self.EDITION_HEADING)) or None
        from_url = edition_from_url(response.url)
        year = _heading_year(heading) or year or (from_url.year if from_url else None)
        if year is None:
            return None
        site_id = select_first(root, self.EDITION_ID_ATTR) or (
            from_url.edition_id if from_url else None
        )
        program = parse_edition_program(text(select(root, self.EDITION_PROGRAM)))
        message = [t for t in (text((p,)) for p in select(root, self.EDITION_MESSAGE)) if t]
        return EditionItem(
            festival=self.festival,
            year=year,
            url=public_url(response.url, self.base_url),
            site_edition_id=site_id.strip() if site_id else None,
            heading=heading,
            feature_count=program.feature_count,
            short_count=program.short_count,
            dates_text=program.dates_text,
            program_focus=text(select(root, self.EDITION_PROGRAM_FOCUS)) or None,
            filmmaker_focus=parse_focus(text(select(root, self.EDITION_FILMMAKER_FOCUS))),
            opening_film=text(select(root, self.EDITION_OPENING)) or None,
            director_message="\n\n".join(message) or None,
        )


def _heading_year(heading: str | None) -> int | None:
    """``MIFF 1999`` / ``MIFF2007`` -> the year."""
    if not heading:
        return None
    return parse_year(heading.upper().removeprefix("MIFF").strip())


def _pager_total(text: str) -> int | None:
    """``2 of 7`` -> 7."""
    _, sep, total = text.rpartition(" of ")
    return int(total) if sep and total.strip().isdigit() else None


def _with_page(url: str, page: int) -> str:
    parts = urlsplit(url)
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k != "page"]
    query.append(("page", str(page)))
    return urlunsplit(parts._replace(query=urlencode(query), fragment=""))


def _credit_year(credit_line: str | None) -> int | None:
    """``… TD 35mm/1995/81mins`` -> 1995."""
    if not credit_line or " TD " not in credit_line:
        return None
    for part in credit_line.rsplit(" TD ", 1)[1].split("/"):
        year = parse_year(part)
        if year is not None:
            return year
    return None
