"""`mirror export`: the mirror's entries (or works) as JSONL, CSV, Parquet or a data package.

The rows come from ``db.exports`` in batches and are written as they come
(``mirror.export_writers``), so exporting the whole 12,000-entry archive holds one batch
in memory, not the archive. Heavy modules (SQLAlchemy models, pyarrow, Scrapy for the
festivals' own fields) are imported by the command, not when `mirror` starts.
"""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path
from typing import IO, TYPE_CHECKING, Annotated, Any

import typer

from mirror.query_cli import DbOption

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from db.exports import EntrySelection
    from mirror.export_columns import Column
    from mirror.export_writers import RowWriter

EXIT_ERROR = 1


class ExportFormat(StrEnum):
    jsonl = "jsonl"
    csv = "csv"
    parquet = "parquet"


class ExportError(Exception):
    """Bad options or an output that cannot be written; the message is for users."""


def export_command(
    db: DbOption = None,
    format: Annotated[
        ExportFormat,
        typer.Option(
            "--format",
            help="jsonl: one JSON object a line; csv: a header, then lists and objects as "
            "JSON in their cells; parquet: typed columns (lists, a credits map, lists of "
            "structs, UTC timestamps), binary, so with -o FILE or into a pipe.",
        ),
    ] = ExportFormat.jsonl,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="Write to FILE (replaced only once the export is complete) instead of "
            "standard output.",
            dir_okay=False,
        ),
    ] = None,
    works: Annotated[
        bool,
        typer.Option(
            "--works",
            help="One deduplicated film per line instead: work_id, title, year, directors, "
            "members (entries and corpus documents); with filters, the works holding a "
            "selected entry. Run `mirror link` first.",
        ),
    ] = False,
    festival: Annotated[
        str | None,
        typer.Option("--festival", help="Only this festival's entries (its slug: miff, nziff)."),
    ] = None,
    edition: Annotated[
        int | None, typer.Option("--edition", help="Only entries of this edition (year).")
    ] = None,
    since: Annotated[
        str | None,
        typer.Option(
            "--since",
            help="Only entries first stored or changed by a crawl that started at or after "
            "DATE (YYYY-MM-DD, or an ISO date-time; UTC unless it says otherwise).",
        ),
    ] = None,
    history: Annotated[
        bool,
        typer.Option(
            "--history",
            help="Add synopsis_history: every version of the synopsis, oldest first, with "
            "when each was first seen and superseded.",
        ),
    ] = False,
    datapackage: Annotated[
        Path | None,
        typer.Option(
            "--datapackage",
            help="Write a Frictionless data package into DIR instead: entries.csv, "
            "synopses.csv, works.csv, editions.csv and datapackage.json describing every "
            "column. The filters apply.",
            file_okay=False,
        ),
    ] = None,
    include_vanished: Annotated[
        bool,
        typer.Option(
            "--include-vanished",
            help="Also entries gone from the site (tombstoned by a crawl), each with a "
            '"vanished" key {"run_id", "at"}; CSV and Parquet get vanished_run_id and '
            "vanished_at columns.",
        ),
    ] = False,
    common: Annotated[
        bool,
        typer.Option(
            "--common",
            help="Only the 12 keys every festival has (the replica truth's format), not "
            "every field.",
        ),
    ] = False,
    full: Annotated[
        bool,
        typer.Option(
            "--full",
            help="Accepted for older scripts: every field is the default now.",
            hidden=True,
        ),
    ] = False,
) -> None:
    """Print every archive entry still on the site, sorted by edition and film id: the 12
    common keys (festival, film_id, url, title, directors, year, countries, edition,
    section, synopsis, lang, work_id), then every other field the mirror holds (display
    and original title, languages, runtime, credits, quote, see-also, when first seen and
    last changed) and each festival's own fields (null where an entry has none).
    Entries that vanished from the site stay in the mirror: see --include-vanished."""
    from mirror.query_cli import CliError, open_session

    try:
        _check_options(format, output, works, history, datapackage, common, full)
        moment = parse_since(since) if since is not None else None
        with open_session(db) as session:
            selection = _selection(session, festival, edition, moment, include_vanished)
            if datapackage is not None:
                _write_package(session, datapackage, selection)
            elif works:
                _export_works(session, selection, format, output)
            else:
                _export_entries(session, selection, format, output, common, history)
    except (ExportError, CliError) as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(EXIT_ERROR) from None
    except BrokenPipeError:  # `mirror export | head`: the reader has what it wanted
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())  # no second error when Python flushes stdout
        raise typer.Exit(0) from None
    except OSError as exc:  # the output cannot be written: disk full, permissions, ...
        typer.echo(f"error: cannot write the export: {exc}", err=True)
        raise typer.Exit(EXIT_ERROR) from None
    except Exception as exc:
        from sqlalchemy.exc import SQLAlchemyError

        if isinstance(exc, SQLAlchemyError):
            typer.echo(f"error: database error: {str(exc).splitlines()[0]}", err=True)
            raise typer.Exit(EXIT_ERROR) from None
        raise


def _check_options(
    format: ExportFormat,
    output: Path | None,
    works: bool,
    history: bool,
    datapackage: Path | None,
    common: bool,
    full: bool,
) -> None:
    if datapackage is not None:
        if works or history or output is not None or format is not ExportFormat.jsonl:
            raise ExportError(
                "--datapackage writes its own CSV files (works and synopsis history "
                "included): give it without --works, --history, --format or -o"
            )
        if datapackage.exists() and not datapackage.is_dir():
            raise ExportError(f"--datapackage {datapackage} exists and is not a folder")
    if works and (history or common):
        raise ExportError("--history and --common are about entries: not with --works")
    if common and full:
        raise ExportError("--common and --full contradict each other")
    if output is not None and not output.parent.is_dir():
        raise ExportError(f"cannot write {output}: folder {output.parent} does not exist")
    if format is ExportFormat.parquet and output is None and sys.stdout.isatty():
        raise ExportError(
            "Parquet is binary: give -o FILE.parquet, or redirect standard output "
            "to a file or a pipe"
        )


def parse_since(value: str) -> datetime:
    """``2026-11-01`` (midnight UTC) or an ISO date-time, UTC unless it says otherwise."""
    try:
        moment = datetime.fromisoformat(value.strip())
    except ValueError:
        raise ExportError(
            f"--since {value!r} is not a date (YYYY-MM-DD) or an ISO date-time"
        ) from None
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def _selection(
    session: Session,
    festival: str | None,
    edition: int | None,
    since: datetime | None,
    include_vanished: bool,
) -> EntrySelection:
    from db.exports import EntrySelection
    from db.festivals import held_festivals

    if festival is not None:
        held = held_festivals(session)
        if festival not in held:
            holds = ", ".join(held) if held else "no festival yet"
            raise ExportError(f"unknown festival {festival!r}: the mirror holds {holds}")
    return EntrySelection(festival, edition, since, include_vanished)


def _entry_columns(
    session: Session, *, every_field: bool, history: bool
) -> tuple[list[Column], list[str]]:
    """(the columns, the extra field names) of an entry export of this mirror."""
    from db.exports import extra_names_held
    from mirror.export_columns import entry_columns, festival_extra_fields

    declared = festival_extra_fields() if every_field else []
    held = extra_names_held(session) if every_field else []
    columns = entry_columns(declared, held, every_field=every_field, history=history)
    extras = [e.name for e in declared] + held
    return columns, list(dict.fromkeys(extras))


def _export_entries(
    session: Session,
    selection: EntrySelection,
    format: ExportFormat,
    output: Path | None,
    common: bool,
    history: bool,
) -> None:
    from db.exports import entry_records
    from mirror.export_writers import write_all

    columns, extras = _entry_columns(session, every_field=not common, history=history)
    names = [column.name for column in columns]
    rows = entry_records(
        session, selection, every_field=not common, extra_fields=extras, history=history
    )
    # Same keys in every row, in column order, whatever an entry's festival.
    ordered = ({name: row.get(name) for name in names} | _vanished_of(row) for row in rows)
    with _sink(output, format) as sink:
        write_all(_writer(format, sink, columns, selection.include_vanished), ordered)


def _vanished_of(row: dict[str, Any]) -> dict[str, Any]:
    from db.queries import VANISHED_KEY

    return {VANISHED_KEY: row[VANISHED_KEY]} if VANISHED_KEY in row else {}


def _writer(
    format: ExportFormat, sink: Any, columns: Sequence[Column], vanished: bool
) -> RowWriter:
    from mirror.export_writers import CsvWriter, JsonlWriter, ParquetWriter

    if format is ExportFormat.parquet:
        return ParquetWriter(sink, columns, vanished=vanished)
    if format is ExportFormat.csv:
        return CsvWriter(sink, columns, vanished=vanished)
    return JsonlWriter(sink)


def _export_works(
    session: Session, selection: EntrySelection, format: ExportFormat, output: Path | None
) -> None:
    from mirror.export_columns import WORK_COLUMNS
    from mirror.export_writers import write_all

    films, unassigned = _selected_works(session, selection)
    with _sink(output, format) as sink:
        write_all(_writer(format, sink, WORK_COLUMNS, vanished=False), films)
    if unassigned:
        typer.echo(
            f"warning: {unassigned} are not in a work yet (shown alone, work_id null): "
            "run `mirror link`",
            err=True,
        )


def _selected_works(session: Session, selection: EntrySelection) -> tuple[list[Any], str]:
    """The works (CONTRACT format) holding at least one selected entry, and what is in
    none yet (empty when all are). Without filters: every work, with its corpus
    documents, and every member of none."""
    from db.exports import entry_records
    from db.queries import export_works

    films, unassigned = export_works(session)
    if selection.festival is None and selection.edition is None and selection.since is None:
        if not (unassigned.entries or unassigned.documents):
            return films, ""
        return films, f"{unassigned.entries} entries and {unassigned.documents} corpus documents"
    selected = {(r["festival"], r["film_id"]) for r in entry_records(session, selection)}
    kept = [
        film
        for film in films
        if any(
            (member.get("festival"), member.get("film_id")) in selected
            for member in film["members"]
        )
    ]
    loose = sum(1 for film in kept if film["work_id"] is None)
    return kept, f"{loose} of the selected entries" if loose else ""


def _write_package(session: Session, directory: Path, selection: EntrySelection) -> None:
    from mirror.datapackage import DESCRIPTOR, write_datapackage

    columns, extras = _entry_columns(session, every_field=True, history=False)
    counts = write_datapackage(
        session,
        directory,
        selection,
        columns,
        extras,
        works=lambda: _selected_works(session, selection)[0],
    )
    typer.echo(
        f"wrote {directory / DESCRIPTOR}: {counts.entries} entries, {counts.synopses} "
        f"synopsis versions, {counts.works} works, {counts.editions} editions",
        err=True,
    )


@contextmanager
def _sink(output: Path | None, format: ExportFormat) -> Iterator[Any]:
    """Where rows go: standard output, or a temporary file beside ``output`` renamed to
    it once complete (a failed export leaves any earlier file as it was)."""
    binary = format is ExportFormat.parquet
    if output is None:
        if binary:
            import pyarrow as pa

            yield pa.PythonFile(sys.stdout.buffer, mode="w")
            sys.stdout.buffer.flush()
        else:
            yield sys.stdout
        return
    handle, temporary = tempfile.mkstemp(prefix=f".{output.name}.", dir=output.parent)
    try:
        stream: IO[Any]
        if binary:
            stream = os.fdopen(handle, "wb")
        else:
            stream = os.fdopen(handle, "w", encoding="utf-8", newline="")
        with stream:
            yield stream
        os.replace(temporary, output)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def register(app: typer.Typer) -> None:
    app.command("export")(export_command)
