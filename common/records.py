"""The records every festival spider yields, declared once.

Each field of :class:`FilmItem` and :class:`EditionItem` carries a :class:`Declared` in
its metadata, and everything else is derived from it: validation
(``scraper/validation.py``), storage (the ``entries`` and ``editions`` columns in
``db/models.py`` and the batch writer in ``db/store.py``), the export and ``mirror
show`` (``db/queries.py``) and the fill rates a run records (``db/runs.py``).

A field that only one festival's pages show is not a field here: the festival's spider
declares it as an :class:`ExtraField` and puts it in ``FilmItem.extra``, which is kept
as JSON (``entries.extra``). A field worth a column for every site is declared here:
adding one means this declaration and one migration (README: "A new film field").
"""

from __future__ import annotations

import typing
from dataclasses import MISSING, Field, dataclass, field, fields
from enum import StrEnum
from functools import cache
from typing import Annotated, Any

from pydantic import Field as Rule

DECLARED = "declared"  # the key of a Declared in a dataclass field's metadata


class Storage(StrEnum):
    """Where a declared field is kept in the mirror."""

    KEY = "key"  # part of the record's natural key (festival, site id / year)
    COLUMN = "column"  # a column of its own, named like the field
    BOOKKEEPING = "bookkeeping"  # a column, but about the fetch, not the film (no export)
    DIRECTORS = "directors"  # credits rows with the role "director", in page order
    CREDITS = "credits"  # credits rows, one per (role, person), in page order
    EDITION = "edition"  # the editions row of that year (entries.edition_id)
    SECTION = "section"  # the sections row of that name (entries.section_id)
    SYNOPSIS = "synopsis"  # entries.synopsis, with its history in synopses
    SEE_ALSO = "see_also"  # see_also rows, one per linked entry
    EXTRA = "extra"  # entries.extra (JSON): the festival's own fields


@dataclass(frozen=True)
class Declared:
    """What the mirror does with one field of an item.

    ``name``: the name outside the item (columns, export, fill rates) when it differs
    from the attribute (``synopsis`` for ``synopsis_paragraphs``). ``rule``: a stricter
    type for validation than the item's own (pydantic ``Annotated`` constraints): a
    spider may yield ``title=None``, but such an item does not enter the mirror.
    """

    storage: Storage
    export: bool = False  # one of the keys of `mirror export` (the replica truth's format)
    watch: bool = False  # its fill rate is recorded per run and watched by the health check
    rule: Any = None
    name: str | None = None
    index: bool = False  # an index on its column (fields people filter by)


def declare(
    storage: Storage,
    *,
    export: bool = False,
    watch: bool = False,
    rule: Any = None,
    name: str | None = None,
    index: bool = False,
) -> dict[str, Declared]:
    """A dataclass field's metadata: ``field(default=None, metadata=declare(...))``."""
    return {DECLARED: Declared(storage, export, watch, rule, name, index)}


@dataclass(frozen=True)
class DeclaredField:
    """One declared field, resolved: attribute, outside name, Python type, declaration."""

    attribute: str
    name: str
    type: Any
    declared: Declared
    required: bool  # the item has no default for it

    @property
    def storage(self) -> Storage:
        return self.declared.storage


@cache
def declared_fields(record: type) -> tuple[DeclaredField, ...]:
    """The declared fields of an item class, in declaration order."""
    hints = typing.get_type_hints(record)
    result = []
    for item_field in fields(record):
        declared = _declaration(item_field)
        if declared is not None:
            name = declared.name or item_field.name
            required = item_field.default is MISSING and item_field.default_factory is MISSING
            result.append(
                DeclaredField(item_field.name, name, hints[item_field.name], declared, required)
            )
    return tuple(result)


def fields_stored_as(record: type, *storages: Storage) -> tuple[DeclaredField, ...]:
    return tuple(f for f in declared_fields(record) if f.storage in storages)


def _declaration(item_field: Field[Any]) -> Declared | None:
    declared = item_field.metadata.get(DECLARED)
    return declared if isinstance(declared, Declared) else None


@dataclass(frozen=True)
class ExtraField:
    """A field only one festival shows, kept in ``FilmItem.extra`` under ``name``.

    A spider lists its extra fields in ``FestivalSpider.extra_fields``; an item whose
    ``extra`` holds an undeclared name, or a value of another type, is invalid.
    ``type`` is a plain Python type or generic (``str``, ``int``, ``bool``,
    ``list[str]``); every extra field may be missing or None.
    """

    name: str
    type: Any
    doc: str
    watch: bool = False  # its fill rate is recorded per run and watched


# -- validation rules (pydantic constraints) -------------------------------------------------

# Caps on length: a festival page's fields are short; a field of megabytes is a broken or
# hostile page, and would cost the crawl, the store and linking memory all the way down.
MAX_TEXT_CHARS = 1_000  # a title, a name, a country, a section
MAX_PARAGRAPH_CHARS = 20_000  # one paragraph of a synopsis or review
MAX_PARAGRAPHS = 200
Text = Annotated[str, Rule(min_length=1, max_length=MAX_TEXT_CHARS)]
NonBlank = Annotated[str, Rule(min_length=1, max_length=MAX_TEXT_CHARS, pattern=r"\S")]
Paragraph = Annotated[str, Rule(max_length=MAX_PARAGRAPH_CHARS)]
Paragraphs = Annotated[list[Paragraph], Rule(max_length=MAX_PARAGRAPHS)]
FestivalSlug = Annotated[str, Rule(pattern=r"^[a-z0-9][a-z0-9_-]{0,63}$")]
# A site's id of an entry: "5977" on MIFF, "2015/some-film" on NZIFF. No spaces, no
# query or fragment characters: it is part of URLs and of the natural key.
SiteId = Annotated[str, Rule(pattern=r"^[A-Za-z0-9][A-Za-z0-9/_.~-]{0,199}$")]
ProductionYear = Annotated[int, Rule(ge=1880, le=2100)]
EditionYear = Annotated[int, Rule(ge=1900, le=2100)]
LanguageTag = Annotated[str, Rule(pattern=r"^[A-Za-z]{2,3}([-_][A-Za-z0-9]{1,8})*$")]
Minutes = Annotated[int, Rule(ge=1, le=2000)]
Count = Annotated[int, Rule(ge=0, le=5000)]


# -- the records ----------------------------------------------------------------------------


@dataclass
class SeeAlsoLink:
    """A "See also..." teaser on a film page, pointing at another archive entry."""

    film_id: SiteId
    title: str | None = None
    teaser: str | None = None


@dataclass
class FilmItem:
    """One archive entry: a film as screened in one edition, under one site id."""

    festival: str = field(metadata=declare(Storage.KEY, export=True, rule=FestivalSlug))
    # The site's own id of the entry: digits on MIFF, "YEAR/slug" on NZIFF.
    film_id: str = field(metadata=declare(Storage.KEY, export=True, rule=SiteId))
    # canonical public URL, e.g. https://miff.com.au/festival-archive/film/123
    url: str = field(metadata=declare(Storage.COLUMN, export=True))
    # the URL actually fetched (replica, alias host, other scheme)
    fetched_url: str = field(metadata=declare(Storage.BOOKKEEPING))
    # clean form: entities, mojibake, ratings, inverted articles fixed
    title: str | None = field(
        default=None, metadata=declare(Storage.COLUMN, export=True, watch=True, rule=NonBlank)
    )
    title_display: str | None = field(default=None, metadata=declare(Storage.COLUMN))
    # the title in its own language, when the page shows it apart
    original_title: str | None = field(default=None, metadata=declare(Storage.COLUMN))
    directors: list[str] = field(
        default_factory=list,
        metadata=declare(Storage.DIRECTORS, export=True, watch=True, rule=list[Text]),
    )
    year: int | None = field(  # production year
        default=None,
        metadata=declare(
            Storage.COLUMN, export=True, watch=True, rule=ProductionYear | None, index=True
        ),
    )
    countries: list[str] = field(
        default_factory=list,
        metadata=declare(Storage.COLUMN, export=True, watch=True, rule=list[Text]),
    )
    edition: int | None = field(  # the festival edition (year) it screened in
        default=None, metadata=declare(Storage.EDITION, export=True, watch=True, rule=EditionYear)
    )
    section: str | None = field(
        default=None, metadata=declare(Storage.SECTION, export=True, watch=True, rule=Text | None)
    )
    synopsis_paragraphs: list[str] = field(
        default_factory=list,
        metadata=declare(
            Storage.SYNOPSIS, export=True, watch=True, name="synopsis", rule=Paragraphs
        ),
    )
    lang: str | None = field(  # language of the synopsis text
        default=None,
        metadata=declare(Storage.COLUMN, export=True, watch=True, rule=LanguageTag | None),
    )
    # spoken in the film, as the site names them
    languages: list[str] = field(
        default_factory=list, metadata=declare(Storage.COLUMN, rule=list[Text])
    )
    runtime: int | None = field(  # minutes
        default=None, metadata=declare(Storage.COLUMN, rule=Minutes | None)
    )
    # Credits other than the directors, by role as the site names it, in page order:
    # {"Producer": ["A", "B"], "With": ["C"]}.
    credits: dict[str, list[str]] = field(
        default_factory=dict, metadata=declare(Storage.CREDITS, rule=dict[Text, list[Text]])
    )
    quote: str | None = field(
        default=None, metadata=declare(Storage.COLUMN, watch=True, rule=Paragraph | None)
    )
    quote_source: str | None = field(default=None, metadata=declare(Storage.COLUMN))
    see_also: list[SeeAlsoLink] = field(
        default_factory=list, metadata=declare(Storage.SEE_ALSO, watch=True)
    )
    # The festival's own fields by name (its spider's `extra_fields`).
    extra: dict[str, Any] = field(default_factory=dict, metadata=declare(Storage.EXTRA))

    @property
    def synopsis(self) -> str | None:
        """The synopsis as one text: paragraphs separated by a blank line."""
        return "\n\n".join(self.synopsis_paragraphs) if self.synopsis_paragraphs else None


@dataclass
class EditionItem:
    """One festival edition's page."""

    festival: str = field(metadata=declare(Storage.KEY, rule=FestivalSlug))
    year: int = field(metadata=declare(Storage.KEY, rule=EditionYear))
    url: str = field(
        metadata=declare(
            Storage.COLUMN, rule=Annotated[str, Rule(pattern=r"^https?://[^\s/]+/\S*$")]
        )
    )
    # the site's own id, not derivable from the year
    site_edition_id: str | None = field(
        default=None,
        metadata=declare(
            Storage.COLUMN, rule=Annotated[str, Rule(pattern=r"^[0-9A-Za-z_-]{1,64}$")] | None
        ),
    )
    heading: str | None = field(default=None, metadata=declare(Storage.COLUMN))
    feature_count: int | None = field(
        default=None, metadata=declare(Storage.COLUMN, rule=Count | None)
    )
    short_count: int | None = field(
        default=None, metadata=declare(Storage.COLUMN, rule=Count | None)
    )
    dates_text: str | None = field(  # e.g. "22 July to 8 August"
        default=None, metadata=declare(Storage.COLUMN)
    )
    program_focus: str | None = field(default=None, metadata=declare(Storage.COLUMN))
    filmmaker_focus: str | None = field(default=None, metadata=declare(Storage.COLUMN))
    opening_film: str | None = field(  # e.g. "Title (Director, Year)"
        default=None, metadata=declare(Storage.COLUMN)
    )
    director_message: str | None = field(default=None, metadata=declare(Storage.COLUMN))


@dataclass
class SeenItem:
    """An entry whose page came back unchanged (a 304, or the same payload digest).

    Extraction is skipped; the pipeline only marks the entry as seen in this run.
    """

    festival: str
    film_id: str
    # False: the page was not requested (its last check is recent, MIRROR_REVISIT_DAYS)
    checked: bool = True
