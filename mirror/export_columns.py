"""The columns of `mirror export`: names, kinds and descriptions, one list for every format.

The kinds come from the record declaration (``common.records.FilmItem``'s type hints)
and, for each festival's own fields, from its spider's ``extra_fields`` (type and
description); JSONL, CSV, Parquet and the data package's ``datapackage.json`` all read
this one list, so they cannot disagree about what a column holds.
"""

from __future__ import annotations

import types
import typing
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from common.records import ExtraField, FilmItem, Storage, declared_fields


class Kind(StrEnum):
    """What a column holds, whatever the format."""

    STRING = "string"
    INTEGER = "integer"
    BOOLEAN = "boolean"
    DATETIME = "datetime"  # ISO 8601 text in UTC
    STRINGS = "strings"  # a list of strings
    CREDITS = "credits"  # {role: [names in page order]}
    SEE_ALSO = "see_also"  # [{film_id, title, teaser}]
    WORK_MEMBERS = "work_members"  # [{kind: entry, festival, film_id} | {kind: doc, doc}]
    HISTORY = "history"  # [{version, text, lang, current, first_seen_at, superseded_at}]
    JSON = "json"  # anything else (a festival's field no spider declares any more)

    @property
    def structured(self) -> bool:
        """Held as JSON in a CSV cell."""
        return self in _STRUCTURED


_STRUCTURED = frozenset(
    {Kind.STRINGS, Kind.CREDITS, Kind.SEE_ALSO, Kind.WORK_MEMBERS, Kind.HISTORY, Kind.JSON}
)


@dataclass(frozen=True)
class Column:
    name: str
    kind: Kind
    description: str


# What each declared film field means (the declaration has types, not prose);
# tests/test_export_formats.py fails when a declared field has no description here.
FIELD_DESCRIPTIONS: dict[str, str] = {
    "festival": "the festival's slug (miff, nziff)",
    "film_id": "the site's own id of the entry: digits on MIFF, YEAR/slug on NZIFF",
    "url": "the entry's canonical public URL",
    "title": "the title, cleaned (entities, mojibake, ratings, inverted articles fixed)",
    "title_display": "the title as the page displays it",
    "original_title": "the title in its own language, when the page shows it apart",
    "directors": "the directors, in page order",
    "year": "the production year",
    "countries": "the production countries, as the site names them",
    "edition": "the festival edition (year) the film screened in",
    "section": "the festival section (strand) it screened in",
    "synopsis": "the current synopsis: paragraphs separated by a blank line",
    "lang": "the language of the synopsis (en when the page does not say)",
    "languages": "the languages spoken in the film, as the site names them",
    "runtime": "the running time in minutes",
    "credits": "credits other than the directors: {role: [names in page order]}",
    "quote": "a press quote shown with the synopsis",
    "quote_source": "who the quote is attributed to",
    "see_also": 'the page\'s "See also" links: [{film_id, title, teaser}]',
}
EXTRA_DESCRIPTIONS: dict[str, str] = {
    "work_id": "the deduplicated film (work) this entry belongs to; null until linked",
    "first_seen_at": "when the crawl that first stored this entry started (UTC)",
    "updated_at": "when the crawl that last changed this entry started (UTC)",
    "synopsis_history": "every synopsis the entry has had, oldest first: "
    "[{version, text, lang, current, first_seen_at, superseded_at}]",
    "vanished_run_id": "the crawl run that found the entry gone from the site (a tombstone)",
    "vanished_at": "when that run finished (UTC)",
}

WORK_COLUMNS = (
    Column("work_id", Kind.INTEGER, "the work's id; null for a member not linked yet"),
    Column("title", Kind.STRING, "the work's title, from its members (entries first)"),
    Column("year", Kind.INTEGER, "the work's production year"),
    Column("directors", Kind.STRINGS, "the work's directors"),
    Column(
        "members",
        Kind.WORK_MEMBERS,
        'its entries {"kind": "entry", "festival", "film_id"} and corpus documents '
        '{"kind": "doc", "doc"}',
    ),
)


def kind_of(python_type: Any) -> Kind:
    """The kind of a declared field's or extra field's Python type."""
    if typing.get_origin(python_type) in (typing.Union, types.UnionType):
        python_type = next(t for t in typing.get_args(python_type) if t is not type(None))
    origin = typing.get_origin(python_type) or python_type
    args = typing.get_args(python_type)
    if origin is bool:
        return Kind.BOOLEAN
    if origin is int:
        return Kind.INTEGER
    if origin is str:
        return Kind.STRING
    if origin is list and args == (str,):
        return Kind.STRINGS
    if origin is dict and args and args[0] is str and kind_of(args[1]) is Kind.STRINGS:
        return Kind.CREDITS
    if origin is list and args and getattr(args[0], "__name__", "") == "SeeAlsoLink":
        return Kind.SEE_ALSO
    return Kind.JSON


def entry_columns(
    extra_fields: Sequence[ExtraField],
    undeclared_extras: Iterable[str] = (),
    *,
    every_field: bool = True,
    history: bool = False,
) -> list[Column]:
    """The columns of an entry export, in row order (``db.exports.entry_records``)."""
    # The synopsis is declared as paragraphs and exported as one text.
    hints = {
        f.name: str if f.storage is Storage.SYNOPSIS else f.type for f in declared_fields(FilmItem)
    }
    from db.exports import FIRST_SEEN_KEY, HISTORY_KEY, OTHER_FIELDS, UPDATED_KEY
    from db.queries import EXPORT_KEYS

    names = list(EXPORT_KEYS)
    if every_field:
        names += [f.name for f in OTHER_FIELDS]
    columns = [
        Column(name, kind_of(hints[name]), FIELD_DESCRIPTIONS[name])
        if name in hints
        else Column(name, Kind.INTEGER, EXTRA_DESCRIPTIONS[name])
        for name in names
    ]
    if every_field:
        columns += [
            Column(FIRST_SEEN_KEY, Kind.DATETIME, EXTRA_DESCRIPTIONS[FIRST_SEEN_KEY]),
            Column(UPDATED_KEY, Kind.DATETIME, EXTRA_DESCRIPTIONS[UPDATED_KEY]),
        ]
        taken = {column.name for column in columns}
        for extra in extra_fields:
            if extra.name not in taken:
                taken.add(extra.name)
                columns.append(Column(extra.name, kind_of(extra.type), extra.doc))
        for name in undeclared_extras:
            if name not in taken:
                taken.add(name)
                columns.append(Column(name, Kind.JSON, "a festival's own field"))
    if history:
        columns.append(Column(HISTORY_KEY, Kind.HISTORY, EXTRA_DESCRIPTIONS[HISTORY_KEY]))
    return columns


VANISHED_COLUMNS = (
    Column("vanished_run_id", Kind.INTEGER, EXTRA_DESCRIPTIONS["vanished_run_id"]),
    Column("vanished_at", Kind.DATETIME, EXTRA_DESCRIPTIONS["vanished_at"]),
)


def festival_extra_fields() -> list[ExtraField]:
    """Every festival spider's own fields, spiders by name (imports Scrapy: ~0.5 s)."""
    import os

    os.environ.setdefault("SCRAPY_SETTINGS_MODULE", "scraper.settings")
    from scrapy.spiderloader import SpiderLoader
    from scrapy.utils.project import get_project_settings

    loader = SpiderLoader.from_settings(get_project_settings())
    fields: list[ExtraField] = []
    for name in sorted(loader.list()):
        fields.extend(getattr(loader.load(name), "extra_fields", ()))
    return fields
