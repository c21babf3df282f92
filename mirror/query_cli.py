"""`mirror search | show | stats`: read the relational mirror (`export`: export_cli.py).

The lead's CLI calls ``register(app)``; every command takes ``--db URL`` (default
$MIRROR_DATABASE_URL, else sqlite:///mirror.db) and fails with a one-line message and a
non-zero exit status when the database is missing or unreachable.

`mirror --help` must not wait for SQLAlchemy, the models or the record declarations:
they are imported inside the functions that use them, and only for type checking here.
search, show and stats print JSON when stdout is not a terminal (mirror/tables.py).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer
from rich.console import Console
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from mirror.festival_choice import FestivalChoiceError, FestivalOption
from mirror.tables import JsonOption as PipedJsonOption
from mirror.tables import (
    TableOption,
    number_column,
    print_json,
    print_table,
    text_column,
    wants_json,
)

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from db.queries import SearchHit

T = TypeVar("T")

EXIT_ERROR = 1
SNIPPET_STYLE = "bold yellow"

DbOption = Annotated[
    str | None,
    typer.Option(
        "--db",
        metavar="URL",
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
    from sqlalchemy import inspect
    from sqlalchemy.exc import DBAPIError
    from sqlalchemy.orm import Session

    from db.session import DatabaseUrlError, database_url, make_engine, parse_url, sqlite_path

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
    from sqlalchemy.exc import SQLAlchemyError

    try:
        with open_session(db) as session:
            return action(session)
    except (CliError, FestivalChoiceError) as exc:
        _fail(str(exc))
    except SQLAlchemyError as exc:
        _fail(f"database error: {str(exc).splitlines()[0]}")
    raise AssertionError("unreachable")


def _shortened(text: str, limit: int = 60) -> str:
    """A query as an error message quotes it: cut, not hundreds of words long."""
    return text if len(text) <= limit else f"{text[: limit - 1]}…"


def _highlighted(snippet: str, spans: list[list[int]]) -> Text:
    """The snippet with its matches styled (the JSON gives the same spans as offsets)."""
    text = Text(snippet)
    for start, end in spans:
        text.stylize(SNIPPET_STYLE, start, end)
    return text


# Shown in panels of their own (or not at all) by `show`, not in its header.
_NOT_IN_HEADER = frozenset({"festival", "synopsis", "fetched_url", "see_also", "credits"})


def _header_fields(entry: dict[str, Any]) -> Iterator[tuple[str, str]]:
    """The header lines of `show`: every declared field the entry has (credits by role
    included), then its festival's own fields."""
    from common.records import FilmItem, Storage, declared_fields
    from db.store import DIRECTOR_ROLE

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


SEARCH_HELP = """Full-text search over titles and synopses, most relevant first.

Every word must match (in the title or the synopsis), in any case; on SQLite accents
are ignored too (cafe finds Café). The query language:

\b
  lighthouse keeper     both words, anywhere in the entry
  "lighthouse keeper"   the phrase: these words next to each other, in order
  rock OR jazz          either word (OR in capitals; lower-case or is a word)
  jazz -rock            jazz but not rock; also NOT rock, -"a phrase"
  light*                words starting with light (lighthouse, lights)

OR binds tighter than the implicit AND: rock OR jazz festival finds festival with rock
or jazz. Punctuation separates words: l'amour is the phrase "l amour". A query that
starts with - goes after -- (mirror search -- '-rock jazz').

Prints JSON when stdout is not a terminal: a list of hits, each {festival, film_id,
title, year, edition, section, countries, directors, lang, url, snippet, highlights,
score}, where highlights are the [start, end) character offsets of the matched words
in snippet.
"""


def search_command(
    text: Annotated[
        str,
        typer.Argument(
            metavar="QUERY",
            help="Words to find in titles and synopses (quote the whole query for the shell: "
            "'\"the river\" OR lake').",
            show_default=False,
        ),
    ],
    db: DbOption = None,
    year_from: Annotated[
        int | None, typer.Option("--year-from", metavar="Y", help="Production year at least Y.")
    ] = None,
    year_to: Annotated[
        int | None, typer.Option("--year-to", metavar="Y", help="Production year at most Y.")
    ] = None,
    country: Annotated[
        str | None, typer.Option("--country", metavar="C", help="Country (any case).")
    ] = None,
    director: Annotated[
        str | None,
        typer.Option(
            "--director", metavar="D", help="Director name or part of it (accents ignored)."
        ),
    ] = None,
    edition: Annotated[
        int | None,
        typer.Option("--edition", metavar="Y", help="Festival edition (year) screened in."),
    ] = None,
    lang: Annotated[
        str | None, typer.Option("--lang", metavar="L", help="Synopsis language, e.g. en.")
    ] = None,
    limit: Annotated[
        int, typer.Option("--limit", metavar="N", min=1, help="Show at most N hits.")
    ] = 20,
    offset: Annotated[
        int,
        typer.Option(
            "--offset", metavar="N", min=0, help="Skip the N best hits (the next page: N=limit)."
        ),
    ] = 0,
    as_json: PipedJsonOption = False,
    as_table: TableOption = False,
) -> None:
    from db.search_syntax import SearchSyntaxError, parse_search

    try:
        parse_search(text)  # before opening the database: a typo is reported at once
    except SearchSyntaxError as exc:
        _fail(f"search {_shortened(text)!r}: {exc}")
    json_out = wants_json(as_json, as_table)

    def find(session: Session) -> list[SearchHit]:
        from db.queries import SearchTooSlow, search

        try:
            return search(
                session,
                text,
                year_from=year_from,
                year_to=year_to,
                country=country,
                director=director,
                edition=edition,
                lang=lang,
                limit=limit,
                offset=offset,
            )
        except SearchTooSlow as exc:
            raise CliError(f"search {_shortened(text)!r}: {exc}") from exc

    hits = _run(db, find)
    if json_out:
        print_json([hit.as_dict() for hit in hits])
        return
    console = Console()
    if not hits:
        console.print("No more matching entries." if offset else "No matching entries.")
        return
    first = offset + 1
    table = Table(
        title=Text(f"hits {first}–{offset + len(hits)} for {text}"),
        show_lines=True,
    )
    text_column(table, "film id")
    number_column(table, "edition")
    text_column(table, "title")
    text_column(table, "directors")
    number_column(table, "year")
    text_column(table, "country")
    text_column(table, "snippet", ratio=3, min_width=30)
    for hit in hits:
        table.add_row(
            hit.film_id,
            str(hit.edition or ""),
            Text(hit.title or ""),
            Text(", ".join(hit.directors)),
            str(hit.year or ""),
            Text(", ".join(hit.countries)),
            _highlighted(hit.snippet, hit.highlights),
        )
    print_table(console, table)


search_command.__doc__ = SEARCH_HELP


def show_command(
    film_id: Annotated[
        str,
        typer.Argument(
            metavar="FILM_ID",
            help="The archive's film id, e.g. 5977 (MIFF) or 2015/some-slug (NZIFF).",
            show_default=False,
        ),
    ],
    db: DbOption = None,
    festival: FestivalOption = None,
    as_json: PipedJsonOption = False,
    as_table: TableOption = False,
) -> None:
    """Everything the mirror holds about one entry: credits, synopsis history, see-also.

    Prints JSON when stdout is not a terminal: the entry's fields (those of `mirror export
    --full`), then work_id, first_seen_run_id, updated_run_id, vanished, edition_info,
    credits, synopsis_history, see_also and pages.
    """
    from db.queries import VANISHED_KEY

    json_out = wants_json(as_json, as_table)

    def find(session: Session) -> tuple[str, dict[str, Any] | None]:
        from db.festivals import held_festivals
        from db.queries import show_entry
        from mirror.festival_choice import choose_festival

        chosen = choose_festival(festival, held_festivals(session))
        return chosen, show_entry(session, film_id, festival=chosen)

    chosen, entry = _run(db, find)
    if entry is None:
        _fail(f"no entry with film id {film_id!r} in festival {chosen!r}")
        return
    if json_out:
        print_json(entry)
        return
    console = Console()
    header = Table.grid(padding=(0, 2))
    header.add_column(style="bold", no_wrap=True)
    header.add_column(overflow="fold")
    for key, value in _header_fields(entry):
        header.add_row(Text(key), Text(value))
    vanished = entry[VANISHED_KEY]
    if vanished is not None:
        header.add_row(Text("vanished", style="red"), Text(_vanished_text(vanished)))
    console.print(Panel(header, title=Text(entry["title"] or entry["film_id"])))
    console.print(Panel(Text(entry["synopsis"] or "Synopsis not available"), title="Synopsis"))
    history = entry["synopsis_history"]
    if len(history) > 1:
        table = Table(title="Synopsis history")
        number_column(table, "version")
        text_column(table, "current")
        number_column(table, "first run")
        number_column(table, "superseded in run")
        text_column(table, "start")
        for version in history:
            table.add_row(
                str(version["version"]),
                "yes" if version["is_current"] else "",
                str(version["first_run_id"] or ""),
                str(version["superseded_run_id"] or ""),
                Text(_opening(version["text"], 80)),
            )
        print_table(console, table)
    if entry["see_also"]:
        table = Table(title="See also")
        for column in ("film id", "title", "teaser"):
            text_column(table, column)
        for link in entry["see_also"]:
            table.add_row(
                link["film_id"],
                Text(link["target_title"] or link["title"] or ""),
                Text(link["teaser"] or ""),
            )
        print_table(console, table)
    for page in entry["pages"]:
        console.print(
            Text(f"fetched {page['url']} [{page['status']}] at {page['fetched_at']}", style="dim")
        )


def _opening(text: str, limit: int) -> str:
    """The start of a text, at most about ``limit`` characters, cut between words."""
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    cut = flat[:limit]
    space = cut.rfind(" ")
    return (cut[:space] if space > limit // 2 else cut) + "…"


def _vanished_text(vanished: dict[str, Any]) -> str:
    when = f" at {str(vanished['at'])[:19]}" if vanished["at"] else ""
    return (
        f"gone from the site: crawl run {vanished['run_id']}{when} did not find it "
        "(kept here as a tombstone)"
    )


def stats_command(
    db: DbOption = None, as_json: PipedJsonOption = False, as_table: TableOption = False
) -> None:
    """Row counts, films per decade, top countries and the latest crawl runs.

    Prints JSON when stdout is not a terminal: {tables: {name: rows}, vanished_entries,
    films_per_decade: [{decade, films}], top_countries: [{country, films}], last_runs:
    [{id, festival, started_at, finished_at, status, finish_reason, scope, new, changed,
    unchanged, invalid, pages, seen, revisits, not_checked, vanished, errors, fill_rates,
    faults, alarm, resumed_by_run_id}]}. A run's scope is the part of the archive a
    subset crawl covered (``edition=1989``), or null for the whole archive.
    """
    from db.queries import stats

    json_out = wants_json(as_json, as_table)
    summary = _run(db, stats)
    if json_out:
        print_json(summary)
        return
    console = Console()
    tables = Table(title="Rows per table")
    text_column(tables, "table")
    number_column(tables, "rows")
    for name, count in summary["tables"].items():
        tables.add_row(name, str(count))
    decades = Table(title="Films per decade")
    text_column(decades, "decade")
    number_column(decades, "films")
    for row in summary["films_per_decade"]:
        decades.add_row(
            f"{row['decade']}s" if row["decade"] is not None else "?", str(row["films"])
        )
    countries = Table(title="Top countries")
    text_column(countries, "country")
    number_column(countries, "films")
    for row in summary["top_countries"]:
        countries.add_row(Text(row["country"]), str(row["films"]))
    runs = Table(title="Last crawl runs")
    number_column(runs, "id")
    text_column(runs, "festival")
    text_column(runs, "started")
    text_column(runs, "status")
    text_column(runs, "scope")
    text_column(runs, "reason")
    for column in ("new", "changed", "same", "seen", "not checked", "vanished"):
        number_column(runs, column)
    for run in summary["last_runs"]:
        runs.add_row(
            str(run["id"]),
            run["festival"],
            str(run["started_at"])[:19],
            run["status"],
            Text(run["scope"] or "all"),
            Text(run["alarm"] or run["finish_reason"] or ""),
            str(run["new"]),
            str(run["changed"]),
            str(run["unchanged"]),
            str(run["seen"]),
            str(run["not_checked"]),
            str(run["vanished"]),
        )
    for table in (tables, decades, countries, runs):
        print_table(console, table)
    console.print(
        f"{summary['vanished_entries']} entries vanished from the site (tombstoned, kept; "
        "`mirror export --include-vanished` lists them)"
    )


def register(app: typer.Typer) -> None:
    """Add search, show and stats to the `mirror` command (export: mirror.export_cli)."""
    app.command("search")(search_command)
    app.command("show")(show_command)
    app.command("stats")(stats_command)
