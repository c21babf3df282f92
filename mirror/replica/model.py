"""The replica's data model: works, film entries (one per screening) and editions.

A `Film` holds two kinds of fields: the canonical record (what a careful reader of the
site concludes, i.e. the ground truth) and the display form the pages show (messy
titles, listing header, teaser). Display fields are derived by `display.finalize`.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Work:
    """A film as a work of art; re-screenings share one work."""

    work_id: str
    title: str
    directors: tuple[str, ...]
    year: int | None
    country: str | None


@dataclass(frozen=True)
class DisplayKnobs:
    """Per-film choices of how the pages garble or vary the display (never the truth)."""

    title_case: str = "upper"  # "upper" | "asis"
    invert_article: bool = False
    rating: str | None = None  # e.g. "MA15+", appended to the displayed title
    broken_entity: bool = False  # "–" shown as the text "&ndash:"
    mojibake_title: bool = False  # utf-8 bytes decoded as cp1252
    extra_space: bool = False
    strip_listing_diacritics: bool = False  # listing header: Kaurismaki for Kaurismäki
    mojibake_listing_names: bool = False
    joiner: str = ", "  # co-directors: ", " | " & " | " and "
    layout: str = "standard"  # "standard" | "slash" (Director NAME / YEAR / COUNTRY)
    meta_variant: str = "normal"  # "normal" | "compact" | "space_comma"
    no_header: bool = False  # listing entry shows only the teaser
    listed_twice: bool = False
    teaser_lead: str = "text"  # "text" | "quote" | "premiere" | "empty"
    premiere_label: str | None = None


@dataclass(frozen=True)
class SeeAlsoItem:
    """A "See also..." teaser on a film page, with the optional title and meta lines."""

    film_id: str
    show_title: bool = False
    show_meta: bool = False
    fixed_text: str | None = None  # the seed page's teaser text, rendered verbatim


@dataclass(frozen=True)
class Film:
    """One archive entry: a film as screened in one edition, under one site id."""

    film_id: str
    work_id: str
    title: str | None  # canonical (truth) title
    directors: tuple[str, ...]  # canonical, as on the film page
    year: int | None
    country: str | None
    countries: tuple[str, ...]
    edition: int | None
    section: str | None
    synopsis_paragraphs: tuple[str, ...]  # empty: "Synopsis not available"
    lang: str = "en"
    is_short: bool = False
    quote: str | None = None
    quote_source: str | None = None
    credit_line: str | None = None
    reviewer: str | None = None
    see_also_items: tuple[SeeAlsoItem, ...] = ()
    knobs: DisplayKnobs = field(default_factory=DisplayKnobs)
    has_synopsis_div: bool = True  # records without a synopsis field have none
    fixed_listing_line: str | None = None  # records: listing header rendered verbatim
    fixed_title_display: str | None = None  # records/seed: title shown verbatim
    # Derived display (display.finalize fills these)
    title_display: str | None = None
    listing_line: str | None = None
    listing_directors: tuple[str, ...] = ()
    teaser: str = ""
    slug: str = "film"

    @property
    def see_also(self) -> tuple[str, ...]:
        """The film ids of the "See also..." teasers, in page order."""
        return tuple(item.film_id for item in self.see_also_items)

    @property
    def synopsis(self) -> str | None:
        return "\n\n".join(self.synopsis_paragraphs) if self.synopsis_paragraphs else None


@dataclass(frozen=True)
class Edition:
    """One festival edition and what its page shows."""

    year: int
    edition_id: str
    heading: str  # "MIFF 1999" or "MIFF1999"
    dates_text: str  # "22 July to 8 August"
    program_focus: str | None
    filmmaker_focus: str | None  # may be the unrendered "{focus Name}" placeholder
    director_message: str
    linked_by_alias: bool  # the index links /festival-archive/year/{year}
    opening_film_id: str | None = None
    feature_count: int = 0
    short_count: int = 0
