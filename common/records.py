"""Items every festival spider yields; the pipelines and the database only know these.

A spider for another festival fills the same items from its own pages, so nothing
below is specific to MIFF.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class SeeAlsoLink:
    """A "See also..." teaser on a film page, pointing at another archive entry."""

    film_id: str
    title: str | None = None
    teaser: str | None = None


@dataclass
class FilmItem:
    """One archive entry: a film as screened in one edition, under one site id."""

    festival: str
    film_id: str
    url: str  # canonical public URL, e.g. https://miff.com.au/festival-archive/film/123
    fetched_url: str  # the URL actually fetched (replica, alias host, other scheme)
    title: str | None = None  # clean form: entities, mojibake, ratings, inverted articles fixed
    title_display: str | None = None  # exactly as the site shows it
    original_title: str | None = None  # the title in its own language, when shown apart
    directors: list[str] = field(default_factory=list)
    year: int | None = None  # production year
    countries: list[str] = field(default_factory=list)
    edition: int | None = None  # festival edition (year) it screened in
    section: str | None = None
    synopsis_paragraphs: list[str] = field(default_factory=list)
    lang: str | None = None  # language of the synopsis text
    languages: list[str] = field(default_factory=list)  # spoken in the film, as named
    runtime: int | None = None  # minutes
    # Credits other than the directors, by role as the site names it, in page order:
    # {"Producer": ["A", "B"], "With": ["C"]}.
    credits: dict[str, list[str]] = field(default_factory=dict)
    quote: str | None = None
    quote_source: str | None = None
    credit_line: str | None = None
    reviewer: str | None = None  # initials such as "MM"
    see_also: list[SeeAlsoLink] = field(default_factory=list)
    # the listing header as shown, e.g. "THE MACK (Michael Campus, 1973)"
    listing_line: str | None = None
    teaser: str | None = None  # listing teaser as shown, without the "Read more" link
    # Fields only one festival's pages show, by name (declared per festival).
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def synopsis(self) -> str | None:
        """The synopsis as one text: paragraphs separated by a blank line."""
        return "\n\n".join(self.synopsis_paragraphs) if self.synopsis_paragraphs else None


@dataclass
class EditionItem:
    """One festival edition's page."""

    festival: str
    year: int
    url: str
    site_edition_id: str | None = None  # the site's own id, not derivable from the year
    heading: str | None = None
    feature_count: int | None = None
    short_count: int | None = None
    dates_text: str | None = None  # e.g. "22 July to 8 August"
    program_focus: str | None = None
    filmmaker_focus: str | None = None
    opening_film: str | None = None  # e.g. "Title (Director, Year)"
    director_message: str | None = None


@dataclass
class SeenItem:
    """An entry whose page came back unchanged (a 304, or the same payload digest).

    Extraction is skipped; the pipeline only marks the entry as seen in this run.
    """

    festival: str
    film_id: str
    # False: the page was not requested (its last check is recent, MIRROR_REVISIT_DAYS)
    checked: bool = True
