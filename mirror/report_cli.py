"""`mirror report [RUN] [-o FILE] [--png DIR]`: one crawl run's report as one HTML file.

matplotlib, SQLAlchemy and the report builder are imported inside the command, so that
`mirror --help` does not load them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, NoReturn

import typer

EXIT_ERROR = 1


def report_command(
    run: Annotated[
        int | None,
        typer.Argument(
            help="The crawl run to report on (its id in `mirror stats`); the latest by default.",
            show_default=False,
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "-o",
            "--output",
            help="The HTML file to write (default: report-run-<id>.html in this folder).",
            show_default=False,
            dir_okay=False,
        ),
    ] = None,
    png: Annotated[
        Path | None,
        typer.Option(
            "--png",
            help="Also write each chart as DIR/<chart>.png (the folder is created).",
            show_default=False,
            file_okay=False,
        ),
    ] = None,
    db: Annotated[
        str | None,
        typer.Option(
            "--db",
            help="Database URL (default: $MIRROR_DATABASE_URL, else sqlite:///mirror.db).",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Write a crawl run's report, one self-contained HTML file: its new, changed,
    unchanged, vanished and failed counts, each watched field's fill rate against the
    festival's earlier runs, charts of films per edition, top countries, top directors and
    fill rates across runs, and its slowest and failing URLs, every number from the mirror
    database."""
    from sqlalchemy.exc import SQLAlchemyError

    from mirror.query_cli import CliError, open_session
    from reporting.build import write_report
    from reporting.contents import ReportError

    if output is not None and not output.parent.is_dir():
        _fail(f"cannot write {output}: folder {output.parent} does not exist")
    try:
        with open_session(db) as session:
            written = write_report(session, run, output, png)
    except (CliError, ReportError) as exc:
        _fail(str(exc))
    except SQLAlchemyError as exc:
        _fail(f"database error: {str(exc).splitlines()[0]}")
    except OSError as exc:
        _fail(f"cannot write the report: {exc}")
    typer.echo(f"wrote the report of crawl run {written.run_id} to {written.html}")
    for path in written.pngs:
        typer.echo(f"wrote {path}")


def _fail(message: str) -> NoReturn:
    typer.echo(f"error: {message}", err=True)  # one line, never wrapped
    raise typer.Exit(EXIT_ERROR)


def register(app: typer.Typer) -> None:
    """Add `report` to the `mirror` command."""
    app.command("report")(report_command)
