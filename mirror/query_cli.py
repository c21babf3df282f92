"""`mirror search | show | stats`: read the relational mirror (`export`: export_cli.py).

The lead's CLI calls ``register(app)``; every command takes ``--db URL`` (default
$MIRROR_DATABASE_URL, else sqlite:///mirror.db) and fails with a one-line message and a
non-zero exit status when the database is missing or unreachable.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Annotated, Any, TypeVar

import typer
from rich.console import Console
from rich.panel import Panel
from rich.table import Table
from rich.text import Text
from sqlalchemy import inspect
from sqlalchemy.exc import DBAPIError, SQLAlchemyError
from sqlalchemy.orm import Session

from common.records import FilmItem, Storage, declared_fields
from db.festivals import held_festivals
from db.queries import (
    VANISHED_KEY,
    search,
    show_entry,
    stats,
)
from db.session import DatabaseUrlError, database_url, make_engine, parse_url, sqlite_path
from db.store import DIRECTOR_ROLE
from mirror.festival_choice import FestivalChoiceError, FestivalOption, choose_festival

T = TypeVar("T")

EXIT_ERROR = 1
SNIPPET_STYLE = "bold yellow"

DbOption = Annotated[
    str | None,
    typer.Option(
        "--db",
        help="Database URL (default: $MIRROR_DATABASE_URL, else sqlite:///mirror.db).",
        show_default=False,
    ),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")]


class CliError(Exception):
    """A user-facing failure: printed as one line, exit status 1."""


def _fail(message: str) -> None:
    typer.echo(f"error: {message}", err=True)  # one line, never wrapped
    raise typer.Exit(EXIT_ERROR)


@contextmanager
def open_session(db: str | None) -> Iterator[Session]:
    """A read session on the mirror, or a CliError saying plainly what is wrong."""
    url = database_url(db)
    try:
        path = sqlite_path(url)
        where = parse_url(url).render_as_string(hide_password=True)
    except DatabaseUrlError as exc:
        raise CliError(str(exc)) from None
    if path is not None and not path.exists():
        # Connecting would silently create an empty database file.
        raise CliError(f"database file {path} does not exist (crawl first, or pass --db URL)")
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            if not inspect(connection).has_table("entries"):
                raise CliError(
                    f"{where} has no mirror tables (run a crawl or `python -m db.migrate upgrade`)"
                )
        with Session(engine) as session:
            yield session
    except DBAPIError as exc:
        detail = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
        raise CliError(f"cannot read database {where}: {detail}") from None
    finally:
        engine.dispose()


def _run(db: str | None, action: Callable[[Session], T]) -> T:
    try:
        with open_session(db) as session:
            return action(session)
    except (CliError, FestivalChoiceError) as exc:
        _fail(str(exc))
    except SQLAlchemyError as exc:
        _fail(f"database error: {str(exc).splitlines()[0]}")
    raise AssertionError("unreachable")


def _print_json(value: Any) -> None:
    sys.stdout.write(json.dumps(value, ensure_ascii=False, indent=2, default=str) + "\n")


def _highlighted(snippet: str) -> Text:
    text = Text(snippet.replace("\n", " "))
    text.highlight_regex(r"\[[^\]]+\]", SNIPPET_STYLE)
    return text


# Shown in panels of their own (or not at all) by `show`, not in its header.
_NOT_IN_HEADER = frozenset({"festival", "synopsis", "fetched_url", "see_also", "credits"})


def _header_fields(entry: dict[str, Any]) -> Iterator[tuple[str, str]]:
    """The header lines of `show`: every declared field the entry has (credits by role
    included), then its festival's own fields."""
    for declared in declared_fields(FilmItem):
        name = declared.name
        if name in _NOT_IN_HEADER or declared.storage is Storage.EXTRA:
            continue
        if entry.get(name) not in (None, [], ""):
            yield name, _shown(entry[name])
    by_role: dict[str, list[str]] = {}
    for credit in entry["credits"]:
        if credit["role"] != DIRECTOR_ROLE:
            by_role.setdefault(credit["role"], []).append(credit["credited_as"])
    for role, names in by_role.items():
        yield role, ", ".join(names)
    for name, value in sorted(entry["extra"].items()):
        yield name, _shown(value)


def _shown(value: Any) -> str:
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def search_command(
    text: Annotated[str, typer.Argument(help="Words to find in titles and synopses.")],
    db: DbOption = None,
    year_from: Annotated[
        int | None, typer.Option("--year-from", help="Production year at least Y.")
    ] = None,
    year_to: Annotated[
        int | None, typer.Option("--year-to", help="Production year at most Y.")
    ] = None,
    country: Annotated[str | None, typer.Option("--country", help="Country (any case).")] = None,
    director: Annotated[
        str | None,
        typer.Option("--director", help="Director name or part of it (accents ignored)."),
    ] = None,
    edition: Annotated[
        int | None, typer.Option("--edition", help="Festival edition (year) screened in.")
    ] = None,
    lang: Annotated[str | None, typer.Option("--lang", help="Synopsis language, e.g. en.")] = None,
    limit: Annotated[int, typer.Option("--limit", min=1, help="Most hits to show.")] = 20,
    as_json: JsonOption = False,
) -> None:
    """Full-text search over titles and synopses, best matches first."""
    hits = _run(
        db,
        lambda session: search(
            session,
            text,
            year_from=year_from,
            year_to=year_to,
            country=country,
            director=director,
            edition=edition,
            lang=lang,
            limit=limit,
        ),
    )
    if as_json:
        _print_json([hit.as_dict() for hit in hits])
        return
    console = Console()
    if not hits:
        console.print("No matching entries.")
        return
    table = Table(title=f"{len(hits)} hit(s) for {text!r}", show_lines=True)
    for column in ("film id", "edition", "title", "directors", "year", "country"):
        table.add_column(column)
    table.add_column("snippet", ratio=3, min_width=30)
    for hit in hits:
        table.add_row(
            hit.film_id,
            str(hit.edition or ""),
            Text(hit.title or ""),
            Text(", ".join(hit.directors)),
            str(hit.year or ""),
            Text(", ".join(hit.countries)),
            _highlighted(hit.snippet),
        )
    console.print(table)


def show_command(
    film_id: Annotated[
        str,
        typer.Argument(help="The archive's film id, e.g. 5977 (MIFF) or 2015/some-slug (NZIFF)."),
    ],
    db: DbOption = None,
    festival: FestivalOption = None,
    as_json: JsonOption = False,
) -> None:
    """Everything the mirror holds about one entry: credits, synopsis history, see-also."""

    def find(session: Session) -> tuple[str, dict[str, Any] | None]:
        chosen = choose_festival(festival, held_festivals(session))
        return chosen, show_entry(session, film_id, festival=chosen)

    chosen, entry = _run(db, find)
    if entry is None:
        _fail(f"no entry with film id {film_id!r} in festival {chosen!r}")
        return
    if as_json:
        _print_json(entry)
        return
    console = Console()
    header = Table.grid(padding=(0, 2))
    for key, value in _header_fields(entry):
        header.add_row(Text(key, style="bold"), Text(value))
    vanished = entry[VANISHED_KEY]
    if vanished is not None:
        header.add_row(Text("vanished", style="bold red"), Text(_vanished_text(vanished)))
    console.print(Panel(header, title=Text(entry["title"] or entry["film_id"])))
    console.print(Panel(Text(entry["synopsis"] or "Synopsis not available"), title="Synopsis"))
    history = entry["synopsis_history"]
    if len(history) > 1:
        table = Table(title="Synopsis history")
        for column in ("version", "current", "first run", "superseded in run", "start"):
            table.add_column(column)
        for version in history:
            table.add_row(
                str(version["version"]),
                "yes" if version["is_current"] else "",
                str(version["first_run_id"] or ""),
                str(version["superseded_run_id"] or ""),
                Text(version["text"][:80]),
            )
        console.print(table)
    if entry["see_also"]:
        table = Table(title="See also")
        for column in ("film id", "title", "teaser"):
            table.add_column(column)
        for link in entry["see_also"]:
            table.add_row(
                link["film_id"],
                Text(link["target_title"] or link["title"] or ""),
                Text(link["teaser"] or ""),
            )
        console.print(table)
    for page in entry["pages"]:
        console.print(
            Text(f"fetched {page['url']} [{page['status']}] at {page['fetched_at']}", style="dim")
        )


def _vanished_text(vanished: dict[str, Any]) -> str:
    when = f" at {str(vanished['at'])[:19]}" if vanished["at"] else ""
    return (
        f"gone from the site: crawl run {vanished['run_id']}{when} did not find it "
        "(kept here as a tombstone)"
    )


def stats_command(db: DbOption = None, as_json: JsonOption = False) -> None:
    """Row counts, films per decade, top countries and the latest crawl runs."""
    summary = _run(db, stats)
    if as_json:
        _print_json(summary)
        return
    console = Console()
    tables = Table(title="Rows per table")
    tables.add_column("table")
    tables.add_column("rows", justify="right")
    for name, count in summary["tables"].items():
        tables.add_row(name, str(count))
    decades = Table(title="Films per decade")
    decades.add_column("decade")
    decades.add_column("films", justify="right")
    for row in summary["films_per_decade"]:
        decades.add_row(
            f"{row['decade']}s" if row["decade"] is not None else "?", str(row["films"])
        )
    countries = Table(title="Top countries")
    countries.add_column("country")
    countries.add_column("films", justify="right")
    for row in summary["top_countries"]:
        countries.add_row(Text(row["country"]), str(row["films"]))
    runs = Table(title="Last crawl runs")
    columns = ("id", "festival", "started", "status", "reason", "new", "changed", "same")
    for column in (*columns, "seen", "not checked", "vanished"):
        runs.add_column(column)
    for run in summary["last_runs"]:
        runs.add_row(
            str(run["id"]),
            run["festival"],
            str(run["started_at"])[:19],
            run["status"],
            Text(run["alarm"] or run["finish_reason"] or ""),
            str(run["new"]),
            str(run["changed"]),
            str(run["unchanged"]),
            str(run["seen"]),
            str(run["not_checked"]),
            str(run["vanished"]),
        )
    for table in (tables, decades, countries, runs):
        console.print(table)
    console.print(
        f"{summary['vanished_entries']} entries vanished from the site (tombstoned, kept; "
        "`mirror export --include-vanished` lists them)"
    )


def register(app: typer.Typer) -> None:
    """Add search, show and stats to the `mirror` command (export: mirror.export_cli)."""
    app.command("search")(search_command)
    app.command("show")(show_command)
    app.command("stats")(stats_command)
