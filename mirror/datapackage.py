"""`mirror export --datapackage DIR`: the mirror as a Frictionless data package.

Four CSV files and a ``datapackage.json`` describing every column (type and
description, from ``mirror.export_columns``): ``entries.csv`` (the export's rows),
``synopses.csv`` (every version of every synopsis of those entries), ``works.csv`` (the
deduplicated films they belong to) and ``editions.csv`` (each edition's page). Lists
and objects are JSON in their cells, as Table Schema's ``array`` and ``object`` types
expect; an empty cell is null. ``frictionless validate DIR/datapackage.json`` passes.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from common.records import EditionItem, Storage, fields_stored_as
from db.exports import HISTORY_KEY, EntrySelection, entry_records
from db.models import Edition, Festival
from mirror.export_columns import VANISHED_COLUMNS, WORK_COLUMNS, Column, Kind, kind_of
from mirror.export_writers import CsvWriter, csv_cell

DESCRIPTOR = "datapackage.json"
TABLE_SCHEMA_TYPES = {
    Kind.STRING: "string",
    Kind.INTEGER: "integer",
    Kind.BOOLEAN: "boolean",
    Kind.DATETIME: "datetime",
    Kind.STRINGS: "array",
    Kind.CREDITS: "object",
    Kind.SEE_ALSO: "array",
    Kind.WORK_MEMBERS: "array",
    Kind.HISTORY: "array",
    Kind.JSON: "any",
}
ENTRY_KEY = ["festival", "film_id"]

SYNOPSIS_COLUMNS = (
    Column("festival", Kind.STRING, "the entry's festival"),
    Column("film_id", Kind.STRING, "the entry's film id (with festival: entries.csv's key)"),
    Column("version", Kind.INTEGER, "1 for the first text the mirror saw, then 2, 3, ..."),
    Column("text", Kind.STRING, "the synopsis as it read then"),
    Column("lang", Kind.STRING, "its language"),
    Column("current", Kind.BOOLEAN, "whether it is the text the site shows now"),
    Column("first_seen_at", Kind.DATETIME, "when the crawl that found this text started"),
    Column("superseded_at", Kind.DATETIME, "when the crawl that found a newer text started"),
)
EDITION_DESCRIPTIONS = {
    "url": "the edition page's URL",
    "site_edition_id": "the site's own id of the edition",
    "heading": "the edition page's heading",
    "feature_count": "the number of feature films the page announces",
    "short_count": "the number of short films the page announces",
    "dates_text": 'the festival dates as the page words them, e.g. "22 July to 8 August"',
    "program_focus": "the programme focus text",
    "filmmaker_focus": "the filmmaker focus text",
    "opening_film": 'the opening night film, e.g. "Title (Director, Year)"',
    "director_message": "the festival director's message",
}


@dataclass(frozen=True)
class PackageCounts:
    entries: int
    synopses: int
    works: int
    editions: int


def write_datapackage(
    session: Session,
    directory: Path,
    selection: EntrySelection,
    entry_columns: Sequence[Column],
    extra_fields: Sequence[str],
    works: Callable[[], Iterable[dict[str, Any]]],
) -> PackageCounts:
    """Write the four files and the descriptor into ``directory`` (created if missing).

    ``entry_columns``: the entries' columns (every field, no history); ``works``: the
    works to list (those of the selected entries)."""
    directory.mkdir(parents=True, exist_ok=True)
    entries = synopses = 0
    with (
        (directory / "entries.csv").open("w", encoding="utf-8", newline="") as entries_file,
        (directory / "synopses.csv").open("w", encoding="utf-8", newline="") as synopses_file,
    ):
        entry_writer = CsvWriter(entries_file, entry_columns, vanished=selection.include_vanished)
        synopsis_writer = CsvWriter(synopses_file, SYNOPSIS_COLUMNS, vanished=False)
        rows = entry_records(
            session, selection, every_field=True, extra_fields=extra_fields, history=True
        )
        for row in rows:
            for version in row.pop(HISTORY_KEY):
                synopsis_writer.write(
                    {"festival": row["festival"], "film_id": row["film_id"], **version}
                )
                synopses += 1
            entry_writer.write(row)
            entries += 1
    work_count = _write_rows(directory / "works.csv", WORK_COLUMNS, works())
    edition_columns = _edition_columns()
    edition_count = _write_rows(
        directory / "editions.csv", edition_columns, _editions(session, selection)
    )
    entries_schema = list(entry_columns)
    if selection.include_vanished:
        entries_schema += VANISHED_COLUMNS
    descriptor = {
        "profile": "tabular-data-package",
        "name": "festival-mirror",
        "title": "Film festival archive entries, mirrored",
        "created": datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z"),
        "resources": [
            _resource("entries", entries_schema, "one archive entry per film screening", ENTRY_KEY),
            _resource(
                "synopses",
                SYNOPSIS_COLUMNS,
                "every version of the entries' synopses, oldest first",
                [*ENTRY_KEY, "version"],
                foreign_key=ENTRY_KEY,
            ),
            _resource("works", WORK_COLUMNS, "one deduplicated film per line", None),
            _resource(
                "editions", edition_columns, "the festivals' edition pages", ["festival", "year"]
            ),
        ],
    }
    (directory / DESCRIPTOR).write_text(
        json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    return PackageCounts(entries, synopses, work_count, edition_count)


def _resource(
    name: str,
    columns: Sequence[Column],
    description: str,
    primary_key: list[str] | None,
    *,
    foreign_key: list[str] | None = None,
) -> dict[str, Any]:
    schema: dict[str, Any] = {
        "fields": [
            {
                "name": column.name,
                "type": TABLE_SCHEMA_TYPES[column.kind],
                "description": column.description,
            }
            for column in columns
        ],
        "missingValues": [""],
    }
    if primary_key:
        schema["primaryKey"] = primary_key
    if foreign_key:
        schema["foreignKeys"] = [
            {"fields": foreign_key, "reference": {"resource": "entries", "fields": foreign_key}}
        ]
    return {
        "name": name,
        "path": f"{name}.csv",
        "profile": "tabular-data-resource",
        "description": description,
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "schema": schema,
    }


def _write_rows(path: Path, columns: Sequence[Column], rows: Iterable[dict[str, Any]]) -> int:
    count = 0
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow([column.name for column in columns])
        for row in rows:
            writer.writerow([csv_cell(row.get(c.name), c.kind) for c in columns])
            count += 1
    return count


def _edition_columns() -> list[Column]:
    columns = [
        Column("festival", Kind.STRING, "the festival's slug"),
        Column("year", Kind.INTEGER, "the edition's year"),
    ]
    for declared in fields_stored_as(EditionItem, Storage.COLUMN):
        columns.append(
            Column(
                declared.name,
                kind_of(declared.type),
                EDITION_DESCRIPTIONS.get(declared.name, declared.name.replace("_", " ")),
            )
        )
    return columns


def _editions(session: Session, selection: EntrySelection) -> Iterable[dict[str, Any]]:
    """The editions of the selected festival and year (every one without those filters)."""
    statement = (
        select(Edition, Festival.slug)
        .join(Festival, Festival.id == Edition.festival_id)
        .order_by(Festival.slug, Edition.year)
    )
    if selection.festival is not None:
        statement = statement.where(Festival.slug == selection.festival)
    if selection.edition is not None:
        statement = statement.where(Edition.year == selection.edition)
    columns = fields_stored_as(EditionItem, Storage.COLUMN)
    for edition, slug in session.execute(statement):
        yield {
            "festival": slug,
            "year": edition.year,
            **{f.name: getattr(edition, f.name) for f in columns},
        }
