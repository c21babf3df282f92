"""The NZIFF replica's data: film entries (one per archive page) and the yearly archives.

As in the MIFF model, an entry holds the canonical record (what a careful reader of its
page concludes, i.e. the truth) and knobs choosing how the page garbles the display.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class NzKnobs:
    """Per-entry display irregularities; recoverable, so never part of the truth."""

    curly_apostrophe: bool = False  # ' written as the entity &#8217; (shown ’)
    double_amp: bool = False  # & double-escaped: the page text shows "&amp;"
    title_spacing: bool = False  # the title span has a doubled inner and a trailing space
    joiner: str = ", "  # co-directors: ", " | " & " | " and "
    country_sep: str = " / "  # " / " (most) | ", "
    nbsp_runtime: bool = False  # "118&nbsp;minutes"
    show_roles: bool = False  # "With" names followed by "(the part)"
    plain_festivals: bool = False  # festival history as one "Festivals: a, b" line


@dataclass(frozen=True)
class NzFilm:
    """One archive entry: a film as screened at one NZIFF, at /{year}/{folder}/{slug}/."""

    film_id: str  # "{edition}/{slug}": a slug is unique only within its year
    slug: str
    work_id: str
    edition: int
    title: str
    original_title: str | None
    directors: tuple[str, ...]
    year: int | None  # production year, shown beside the title
    countries: tuple[str, ...]
    languages: tuple[str, ...]
    subtitled: bool
    runtime: int | None  # minutes
    colour: str | None  # "B&W" | "Colour" | None (not stated)
    format: str | None
    section: str | None  # the strand
    tagline: str | None
    synopsis_paragraphs: tuple[str, ...]
    credits: tuple[tuple[str, tuple[str, ...]], ...]  # (role, names) in page order
    festivals: tuple[str, ...]
    quote: str | None = None
    quote_source: str | None = None  # "Critic Name, Publication"
    is_short: bool = False
    cast_roles: tuple[str, ...] = ()  # display only: the part each "With" name plays
    miff_film_id: str | None = None  # shared films: the MIFF entry it was derived from
    knobs: NzKnobs = field(default_factory=NzKnobs)

    @property
    def synopsis(self) -> str | None:
        return "\n\n".join(self.synopsis_paragraphs) if self.synopsis_paragraphs else None

    def credit(self, role: str) -> tuple[str, ...]:
        return next((names for r, names in self.credits if r == role), ())


@dataclass(frozen=True)
class NzEdition:
    """One year's archive folder and what its landing page shows."""

    year: int
    folder: str  # "archive" or "archive-N", as the real site's per-year folders
    heading: str
