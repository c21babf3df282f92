"""The NZIFF (New Zealand International Film Festival) archive spider.

Crawl plan (mirror/replica/NZIFF.md): the archive index ``/archive/`` links one page per
year, ``/{year}/{folder}/``, whose folder (``archive``, ``archive-4``, …) is the site's
own and not derivable from the year. A year page gives the EditionItem and links the
year's "Films by Title" listing, one unpaged list of every film it screened. Listing
links to a film vary: relative or absolute on any of the site's hosts and schemes, with
or without the trailing slash, into the archive folder or a regional programme folder
(``/2015/auckland/…``). Each is requested as the film's archive-folder URL on the base,
``{base}/{year}/{folder}/{slug}/``, so Scrapy's dupefilter fetches every film once. The
country and strand listings only re-list the same films and are followed only with
``NZIFF_FOLLOW_ALL_LISTINGS``.

Film ids are ``{year}/{slug}``: a slug is unique only within its year. Selectors are
class constants; the site's strings are parsed in :mod:`scraper.spiders.nziff_grammar`.

The contracts (``scrapy check nziff -s NZIFF_BASE_URL=…``) name pages of the replica
``mirror replica serve --site nziff --films 100 --seed 0``: the year folders depend on the
seed only, the film slugs on the number of films too.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from functools import cached_property
from typing import Any, NamedTuple

import scrapy
from lxml import etree
from scrapy.http import Response

from common.records import EditionItem, ExtraField, FilmItem, SeenItem
from scraper.festival_spider import (
    CHECK_EVERY_RUN_META_KEY,
    RECORD_PAGE_META_KEY,
    FestivalSpider,
    offloadable,
    utf8_if_misdeclared,
)
from scraper.parsing import Quote, fix_text, parse_year
from scraper.spiders.nziff_grammar import (
    PUBLIC_BASE_URL,
    FilmRef,
    ListingRef,
    Origin,
    Specs,
    canonical_role,
    clean_name,
    film_ref_from_url,
    is_archive_folder,
    listing_from_url,
    parse_directed_by,
    parse_edition_banner,
    parse_festival_history,
    parse_origin_line,
    parse_press_quote,
    parse_specs_line,
    parse_year_heading,
    primary_language,
    public_url,
    rewrite_to_base,
    split_credit_names,
    year_page_from_url,
)
from scraper.spiders.selection import page_root, raw_text, select, select_first

# The title's text without the production year printed beside it in the same heading.
_TEXT_WITHOUT_YEAR = etree.XPath(
    ".//text()[not(ancestor::*[@itemprop='copyrightYear'])]", smart_strings=False
)


class _CreditBlocks(NamedTuple):
    """The ``dl.credits`` blocks: the Director block, the other roles, the festivals."""

    directors: list[str]
    credits: dict[str, list[str]]
    festivals: list[str]


@dataclass
class _FilmPage:
    """One film page, with the lines several fields are read from parsed once."""

    root: Any  # the page's lxml root element
    ref: FilmRef  # the page as requested: the archive folder when a listing linked it
    blocks: _CreditBlocks
    origin: Origin
    specs: Specs
    raw_paragraphs: list[str]
    quote_line: str | None

    @cached_property
    def _note(self) -> tuple[list[str], Quote | None]:
        """The programme note's paragraphs and the press quote, which is not part of it.

        The quote has its own paragraph after the note; a page that closes the note
        with it instead has it taken off the last paragraph.
        """
        paragraphs = [p for p in map(fix_text, self.raw_paragraphs) if p]
        quote = parse_press_quote(self.quote_line)
        if quote is None and paragraphs:
            quote = parse_press_quote(paragraphs[-1])
            if quote is not None:
                paragraphs.pop()
        return paragraphs, quote

    @property
    def paragraphs(self) -> list[str]:
        return self._note[0]

    @property
    def quote(self) -> Quote | None:
        return self._note[1]


class NziffSpider(FestivalSpider):
    """``scrapy crawl nziff [-s NZIFF_BASE_URL=http://127.0.0.1:8766]``."""

    name = "nziff"
    festival = "nziff"
    base_url_setting = "NZIFF_BASE_URL"
    default_base_url = PUBLIC_BASE_URL
    follow_all_setting = "NZIFF_FOLLOW_ALL_LISTINGS"
    extra_fields = (
        ExtraField("slug", str, "the film's part of its URLs: the title in lower case, dashed"),
        ExtraField("tagline", str, "the one-sentence blurb under the title", watch=True),
        ExtraField("colour", str, 'the specs line\'s colour, e.g. "B&W" (absent: colour)'),
        ExtraField("format", str, 'the screening format, e.g. "DCP", "35mm"', watch=True),
        ExtraField("subtitled", bool, 'the origin line says "with English subtitles"'),
        ExtraField(
            "festivals",
            list[str],
            'the Festivals credit block, e.g. "Cannes (Critics\' Week) 2014"',
        ),
    )

    ARCHIVE_PATH = "/archive/"
    TITLE_LISTING_FAMILY = "title"  # "Films by Title": every film of the year
    DEFAULT_LANG = "en"

    # Archive index
    INDEX_YEAR_LINKS = "ul.archive-years a::attr(href)"
    # Year page
    YEAR_SECTION_YEAR = "section.archive-year::attr(data-year)"
    YEAR_HEADING = "h1"
    YEAR_LISTING_LINKS = "ul.browse a::attr(href), ul.strands a::attr(href)"
    # Listing pages
    LISTING_CARDS = "article.film-card"
    CARD_LINK = "a[itemprop=url]::attr(href)"
    LISTING_VALUE_LINKS = "ul.country-list a::attr(href)"
    # Film page
    FILM_CANONICAL = "link[rel=canonical]::attr(href)"
    FILM_SLUG_ATTR = "article.film::attr(data-slug)"
    FILM_BANNER = "p.screened-as-part"
    FILM_HEADING = "h1.article-title"
    FILM_TITLE = "h1.article-title span[itemprop=name]"
    FILM_YEAR = "span[itemprop=copyrightYear]"
    FILM_ORIGINAL_TITLE = "article.film p.title-extra"
    FILM_DIRECTOR_LINKS = "a[itemprop=director]"
    FILM_DIRECTOR_LINE = "p.film-directors"
    FILM_STRAND = "a.category-label"
    FILM_TAGLINE = "p.tagline"
    FILM_ORIGIN = "p.film-origin"
    FILM_SPECS = "p.film-specs"
    CREDIT_TERMS = "dl.credits dt"
    CREDIT_NAMES = "span.credit-name"
    FILM_FESTIVALS_LINE = "p.festivals"
    FILM_SYNOPSIS = "div.film-synopsis"
    FILM_SYNOPSIS_PARAGRAPHS = "div.film-synopsis p"
    FILM_PRESS_QUOTE = "p.press-quote"
    PAGE_LANG = "html::attr(lang)"

    # ------------------------------------------------------------------ crawl

    async def start(self) -> AsyncIterator[Any]:
        yield scrapy.Request(
            self.base_url + self.ARCHIVE_PATH,
            callback=self.parse,
            meta={CHECK_EVERY_RUN_META_KEY: True},  # the years list: a new year at once
        )

    def _on_base(self, response: Response, href: str) -> str:
        """An absolute URL for ``href`` with any NZIFF host and scheme moved onto the base."""
        return rewrite_to_base(response.urljoin(href.strip()), self.base_url)

    def _listing_request(self, url: str, check_every_run: bool = False) -> scrapy.Request:
        meta = {CHECK_EVERY_RUN_META_KEY: True} if check_every_run else {}
        return scrapy.Request(url, callback=self.parse_listing, meta=meta)

    def _film_request(self, ref: FilmRef) -> scrapy.Request:
        return scrapy.Request(
            self.base_url + ref.path,
            callback=self.parse_film,
            cb_kwargs={"film_id": ref.film_id},
            meta={RECORD_PAGE_META_KEY: True},
        )

    @classmethod
    def edition_of_record(cls, record_id: str) -> int | None:
        year, sep, slug = record_id.partition("/")
        return int(year) if sep and year.isdigit() and slug else None

    @classmethod
    def is_record_id(cls, record_id: str) -> bool:
        year, _, slug = record_id.partition("/")  # 2013/the-last-summer
        return len(year) == 4 and year.isdigit() and bool(slug) and "/" not in slug

    def record_id_of(self, request: scrapy.Request) -> str | None:
        film_id = request.cb_kwargs.get("film_id")
        if film_id:
            return str(film_id)
        ref = film_ref_from_url(request.url)
        return ref.film_id if ref else None

    def parse(self, response: Response, **kwargs: Any) -> Iterator[scrapy.Request]:
        """The archive index: one request per year page (deduplicated by year).

        The newest year is checked on every run too: its archive is still being filled
        in after a festival, and its pages would otherwise wait for the revisit interval.

        @path /archive/
        @returns items 0 0
        @returns requests 1
        """
        response = utf8_if_misdeclared(response)
        years: dict[int, str] = {}
        for href in select(page_root(response), self.INDEX_YEAR_LINKS):
            url = self._on_base(response, href)
            ref = year_page_from_url(url)
            if ref is not None and ref.year not in years:
                years[ref.year] = url
        newest = max(years, default=None)
        for year, url in years.items():
            if not self.wants_edition(year):  # -a edition=…, or the years of -a film=…
                continue
            latest = year == newest
            yield scrapy.Request(
                url,
                callback=self.parse_year_page,
                cb_kwargs={"latest": latest},
                meta={CHECK_EVERY_RUN_META_KEY: True} if latest else {},
            )

    def parse_year_page(
        self, response: Response, latest: bool = False
    ) -> Iterator[EditionItem | scrapy.Request]:
        """A year page: its EditionItem, then the year's "Films by Title" listing.

        @path /2013/archive-1/
        @returns items 1 1
        @returns requests 1
        """
        response = utf8_if_misdeclared(response)
        root = page_root(response)
        item = self._edition_item(response, root)
        if item is None:
            self.logger.warning("no year on %s", response.url)
            return
        yield item
        title_listing = None
        for href in select(root, self.YEAR_LISTING_LINKS):
            url = self._on_base(response, href)
            listing = listing_from_url(url)
            if listing is None:
                continue
            if listing.family == self.TITLE_LISTING_FAMILY:
                title_listing = url
            elif self.follow_all_listings:
                yield self._listing_request(url)
        if title_listing is None and item.site_edition_id:
            # The page does not link it: the listing's path is known from the folder.
            title_listing = (
                f"{self.base_url}/{item.year}/{item.site_edition_id}/films/"
                f"{self.TITLE_LISTING_FAMILY}/"
            )
        if title_listing is not None:
            yield self._listing_request(title_listing, check_every_run=latest)

    @offloadable  # one long page of cards per year
    def parse_listing(self, response: Response, **kwargs: Any) -> Iterator[scrapy.Request]:
        """A listing: one request per film card, at the film's archive URL on the base.

        @path /2013/archive-1/films/title/
        @returns items 0 0
        @returns requests 1
        """
        response = utf8_if_misdeclared(response)
        root = page_root(response)
        listing = listing_from_url(response.url)
        seen: set[str] = set()
        for card in select(root, self.LISTING_CARDS):
            ref = self._listed_film(response, select_first(card, self.CARD_LINK), listing)
            if ref is None or ref.film_id in seen or not self.wants_film(ref.film_id):
                continue
            seen.add(ref.film_id)
            yield self._film_request(ref)
        if self.follow_all_listings:
            for href in select(root, self.LISTING_VALUE_LINKS):
                url = self._on_base(response, href)
                if listing_from_url(url) is not None:
                    yield self._listing_request(url)

    def _listed_film(
        self, response: Response, href: str | None, listing: ListingRef | None
    ) -> FilmRef | None:
        """The film a card links, moved into the year's archive folder when the link goes
        to a regional programme folder (the same page, under another URL)."""
        if not href:
            return None
        ref = film_ref_from_url(self._on_base(response, href))
        if ref is None:
            return None
        if not is_archive_folder(ref.folder) and listing is not None and listing.year == ref.year:
            ref = ref.in_folder(listing.folder)
        return ref

    @offloadable
    def parse_film(
        self, response: Response, film_id: str | None = None
    ) -> Iterator[FilmItem | SeenItem]:
        """A film page: one FilmItem (a SeenItem when the page is unchanged).

        @path /2013/archive-1/the-last-summer/
        @returns items 1 1
        @scrapes title directors year countries edition section synopsis_paragraphs
        @filled title original_title directors year countries edition section runtime
        @filled synopsis_paragraphs languages credits quote quote_source extra
        """
        fetched = film_ref_from_url(response.url)
        seen = self.seen_if_unchanged(response, film_id or (fetched.film_id if fetched else None))
        if seen is not None:
            yield seen
            return
        response = utf8_if_misdeclared(response)
        root = page_root(response)
        ref = fetched or self._ref_from_page(root)
        if ref is None:
            self.logger.warning("no film id on %s", response.url)
            return
        page = _FilmPage(
            root=root,
            ref=ref,
            blocks=self._parse_credit_blocks(root),
            origin=parse_origin_line(raw_text(select(root, self.FILM_ORIGIN))),
            specs=parse_specs_line(raw_text(select(root, self.FILM_SPECS))),
            raw_paragraphs=[raw_text((p,)) for p in select(root, self.FILM_SYNOPSIS_PARAGRAPHS)],
            quote_line=raw_text(select(root, self.FILM_PRESS_QUOTE)) or None,
        )
        title_display = self._parse_title_display(page)
        quote = page.quote
        yield FilmItem(
            festival=self.festival,
            film_id=film_id or ref.film_id,
            url=self._parse_url(page),
            fetched_url=response.url,
            title=clean_name(title_display) or None,
            title_display=title_display,
            original_title=clean_name(raw_text(select(root, self.FILM_ORIGINAL_TITLE))) or None,
            directors=self._parse_directors(page),
            year=parse_year(raw_text(select(root, self.FILM_YEAR))),
            countries=page.origin.countries,
            edition=parse_edition_banner(raw_text(select(root, self.FILM_BANNER))) or ref.year,
            section=fix_text(raw_text(select(root, self.FILM_STRAND))) or None,
            synopsis_paragraphs=page.paragraphs,
            lang=self._parse_lang(page),
            languages=page.origin.languages,
            runtime=page.specs.runtime,
            credits=page.blocks.credits,
            quote=quote.text if quote else None,
            quote_source=quote.source if quote else None,
            extra=self._parse_extra(page),
        )

    # ------------------------------------------------------------ film fields

    def _ref_from_page(self, root: Any) -> FilmRef | None:
        """The film's archive URL from its canonical link (a page fetched elsewhere)."""
        return film_ref_from_url(select_first(root, self.FILM_CANONICAL))

    def _parse_url(self, page: _FilmPage) -> str:
        """The public archive-folder URL: the page's canonical link when it names this
        film in an archive folder, else the URL it was requested under."""
        canonical = self._ref_from_page(page.root)
        if (
            canonical is not None
            and canonical.film_id == page.ref.film_id
            and is_archive_folder(canonical.folder)
        ):
            return PUBLIC_BASE_URL + canonical.path
        return PUBLIC_BASE_URL + page.ref.path

    def _parse_title_display(self, page: _FilmPage) -> str | None:
        """The title as shown: its ``itemprop=name`` span, else the heading without the
        production year."""
        shown = raw_text(select(page.root, self.FILM_TITLE))
        if not shown.strip():
            shown = raw_text(select(page.root, self.FILM_HEADING), _TEXT_WITHOUT_YEAR)
        return shown if shown.strip() else None

    def _parse_directors(self, page: _FilmPage) -> list[str]:
        """The linked names of the "Directed by" line, else that line's text, else the
        Director credit block."""
        names = [clean_name(raw_text((a,))) for a in select(page.root, self.FILM_DIRECTOR_LINKS)]
        names = [name for name in names if name]
        return (
            names
            or parse_directed_by(raw_text(select(page.root, self.FILM_DIRECTOR_LINE)))
            or page.blocks.directors
        )

    def _parse_credit_blocks(self, root: Any) -> _CreditBlocks:
        """Every ``dt`` heading with the ``dd`` after it; the festival history from its
        block or, on pages that print it so, from the run-on ``Festivals: …`` line."""
        directors: list[str] = []
        credits: dict[str, list[str]] = {}
        festivals: list[str] = []
        for term in select(root, self.CREDIT_TERMS):
            value = term.getnext()
            if value is None or value.tag != "dd":
                continue
            role = canonical_role(raw_text((term,)))
            if role == "Festival":
                festivals.extend(parse_festival_history(raw_text((value,))))
                continue
            names = [clean_name(raw_text((n,))) for n in select(value, self.CREDIT_NAMES)]
            names = [name for name in names if name] or split_credit_names(raw_text((value,)))
            if not names or not role:
                continue
            if role == "Director":
                directors.extend(names)
            else:
                credits.setdefault(role, []).extend(names)
        if not festivals:
            festivals = parse_festival_history(raw_text(select(root, self.FILM_FESTIVALS_LINE)))
        return _CreditBlocks(directors, credits, festivals)

    def _parse_lang(self, page: _FilmPage) -> str:
        """The note's ``lang``, else the page's (``en-NZ`` -> ``en``), else English."""
        note = select_first(page.root, self.FILM_SYNOPSIS)
        declared = note.get("lang") if note is not None else None
        return (
            primary_language(declared)
            or primary_language(select_first(page.root, self.PAGE_LANG))
            or self.DEFAULT_LANG
        )

    def _parse_extra(self, page: _FilmPage) -> dict[str, Any]:
        """The fields only NZIFF pages show, under the truth's names (NZIFF.md)."""
        return {
            "slug": page.ref.slug,
            "tagline": fix_text(raw_text(select(page.root, self.FILM_TAGLINE))) or None,
            "colour": page.specs.colour,
            "format": page.specs.format,
            "subtitled": page.origin.subtitled,
            "festivals": page.blocks.festivals,
        }

    # ---------------------------------------------------------------- editions

    def _edition_item(self, response: Response, root: Any) -> EditionItem | None:
        """The year page's EditionItem; ``site_edition_id`` is the year's archive folder."""
        ref = year_page_from_url(response.url)
        heading = fix_text(raw_text(select(root, self.YEAR_HEADING))) or None
        year = (
            parse_year_heading(heading)
            or parse_year(select_first(root, self.YEAR_SECTION_YEAR))
            or (ref.year if ref else None)
        )
        if year is None:
            return None
        folder = ref.folder if ref is not None and ref.year == year else None
        return EditionItem(
            festival=self.festival,
            year=year,
            url=f"{PUBLIC_BASE_URL}/{year}/{folder}/"
            if folder
            else public_url(response.url, self.base_url),
            site_edition_id=folder,
            heading=heading,
        )
