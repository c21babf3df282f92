"""`mirror serve`: the SQLite mirror in Datasette, read-only, with the project's metadata.

Datasette opens the file immutable by default (``datasette -i``: read-only, no locking,
row counts computed once), or with ``--live`` read-only but aware of changes, for a
mirror a crawl writes into while it is served. No plugin that writes is loaded, no
canned query writes, Datasette refuses any SQL but a SELECT, and every request but a
GET, HEAD or OPTIONS is refused before Datasette sees it (``datasette_read_only``).

Datasette and the metadata are imported inside the command, so `mirror --help` stays
fast.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from datasette.app import Datasette

EXIT_ERROR = 1
# The objects migration 0006 creates: a mirror without them cannot be served as designed.
REQUIRED_OBJECTS = ("entries", "films", "entries_fts", "corpus_documents_fts")
SETTINGS = {
    # Facets and canned queries over the joined views of a 12,000-film mirror take longer
    # than Datasette's defaults (200 ms, 1 s) allow on a small machine.
    "facet_time_limit_ms": 2000,
    "sql_time_limit_ms": 5000,
    # Suggesting facets runs a query per column on every table page: slow on the views.
    "suggest_facets": False,
    "default_page_size": 50,
}


class ServeError(Exception):
    """Why the mirror cannot be served, in one line for the user."""


def sqlite_file(db: str | None) -> Path:
    """The SQLite file behind ``--db``, or a ServeError saying why it cannot be served."""
    from db.session import DatabaseUrlError, database_url, parse_url, sqlite_path

    url = database_url(db)
    try:
        parsed = parse_url(url)
        path = sqlite_path(url)
    except DatabaseUrlError as exc:
        raise ServeError(str(exc)) from None
    where = parsed.render_as_string(hide_password=True)
    if parsed.get_backend_name() != "sqlite":
        raise ServeError(
            f"mirror serve needs a SQLite mirror: Datasette reads SQLite files only, not "
            f"{where} (export the PostgreSQL mirror with `mirror export`, or crawl into "
            "a SQLite file to browse it)"
        )
    if path is None:
        raise ServeError(f"mirror serve needs a SQLite file, not an in-memory database ({url})")
    if not path.is_file():
        raise ServeError(f"database file {path} does not exist (crawl first, or pass --db URL)")
    missing = _missing_objects(path)
    if missing == list(REQUIRED_OBJECTS):
        raise ServeError(f"{path} is not a mirror database (no entries table)")
    if missing:
        raise ServeError(
            f"{path} predates the search tables and views mirror serve shows (missing: "
            f"{', '.join(missing)}): upgrade it with `python -m db.migrate --db {url} upgrade` "
            "(any crawl also does)"
        )
    return path


def _missing_objects(path: Path) -> list[str]:
    """The REQUIRED_OBJECTS the file lacks, read without writing anything to it."""
    try:
        connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            names = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
        finally:
            connection.close()
    except sqlite3.DatabaseError as exc:
        raise ServeError(f"cannot read {path} as a SQLite database: {exc}") from None
    return [name for name in REQUIRED_OBJECTS if name not in names]


def database_name(path: Path) -> str:
    """The name Datasette gives the database (its URL segment): the file's stem."""
    return path.stem


def build_datasette(path: Path, *, live: bool = False) -> Datasette:
    """The Datasette that `mirror serve` runs, for the command and for tests."""
    from datasette.plugins import pm

    from mirror import datasette_read_only
    from mirror.datasette_metadata import metadata

    if not pm.is_registered(datasette_read_only):
        pm.register(datasette_read_only, name="mirror-read-only")
    files = [str(path)]
    return datasette_read_only.ReadOnlyDatasette(
        files=files if live else [],
        immutables=[] if live else files,
        metadata=metadata(database_name(path)),
        settings=SETTINGS,
    )


def serve_command(
    host: Annotated[
        str,
        typer.Option("--host", help="Interface to listen on; 0.0.0.0 for every interface."),
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="Port to listen on.")] = 8001,
    db: Annotated[
        str | None,
        typer.Option(
            "--db",
            help="The SQLite mirror (default: $MIRROR_DATABASE_URL, else sqlite:///mirror.db). "
            "Datasette reads SQLite only.",
            show_default=False,
        ),
    ] = None,
    live: Annotated[
        bool,
        typer.Option(
            "--live",
            help="Open the file read-only but watch it for changes, for a mirror a crawl "
            "writes into while served (default: immutable, faster; restart to see new "
            "crawls).",
        ),
    ] = False,
    print_metadata: Annotated[
        bool,
        typer.Option(
            "--print-metadata",
            help="Print the Datasette metadata (JSON) and exit, for `datasette -m`.",
        ),
    ] = False,
) -> None:
    """Browse the mirror in Datasette at http://HOST:PORT/, read-only: every table and
    column described, films with their directors and editions (the films view), facets,
    full-text search in every language, and canned queries (films per edition, top
    directors, re-screened films, works in several languages, links awaiting review,
    what the last crawl changed). README: "SQL and Datasette"."""
    try:
        path = sqlite_file(db)
    except ServeError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(EXIT_ERROR) from None
    if print_metadata:
        from mirror.datasette_metadata import metadata

        typer.echo(json.dumps(metadata(database_name(path)), indent=2, ensure_ascii=False))
        return
    wal = path.with_name(path.name + "-wal")
    if not live and wal.exists() and wal.stat().st_size:
        # Immutable mode reads the main file only: what sits in the write-ahead log (a
        # crawl writing now, or one killed before its checkpoint) is not seen.
        typer.echo(
            f"warning: {wal.name} is not empty: a crawl may be writing into {path.name}; "
            "immutable mode shows only what reached the main file (use --live)",
            err=True,
        )
    _serve(build_datasette(path, live=live), host, port, path, live)


def _serve(datasette: Datasette, host: str, port: int, path: Path, live: bool) -> None:
    import asyncio

    import uvicorn

    asyncio.run(datasette.invoke_startup())
    mode = "read-only, live" if live else "read-only, immutable"
    shown_host = f"[{host}]" if ":" in host else host
    typer.echo(f"Serving {path} ({mode}) at http://{shown_host}:{port}/ (Ctrl-C to stop)")
    uvicorn.run(datasette.app(), host=host, port=port, log_level="warning")


def register(app: typer.Typer) -> None:
    app.command("serve")(serve_command)
