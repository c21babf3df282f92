"""The options of `mirror` itself, before any command: --version and --verbose."""

from __future__ import annotations

import logging
import os
from typing import Annotated

import typer

DISTRIBUTION = "festival-mirror"
LOG_LEVEL_VARIABLE = "MIRROR_LOG_LEVEL"  # also read by db/migrate.py (Alembic's messages)


def version_text() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return f"mirror {version(DISTRIBUTION)}"
    except PackageNotFoundError:  # run from a source tree that was never installed
        return "mirror (version unknown: festival-mirror is not installed)"


def _print_version(value: bool) -> None:
    if value:
        typer.echo(version_text())
        raise typer.Exit()


def configure_logging(verbose: bool) -> None:
    """Log at INFO with -v, else at $MIRROR_LOG_LEVEL when set, else only warnings (on
    stderr, Python's default). The level is passed on to the crawls a command starts."""
    level = "INFO" if verbose else os.environ.get(LOG_LEVEL_VARIABLE)
    if not level:
        return
    if not isinstance(logging.getLevelName(level.upper()), int):
        typer.echo(
            f"error: {LOG_LEVEL_VARIABLE}={level} is not a log level (DEBUG, INFO, WARNING, ERROR)",
            err=True,
        )
        raise typer.Exit(1)
    os.environ[LOG_LEVEL_VARIABLE] = level.upper()
    logging.basicConfig(level=level.upper(), format="%(levelname)s %(name)s: %(message)s")


def main_options(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_print_version, is_eager=True, help="Print the version and exit."
        ),
    ] = False,
    verbose: Annotated[
        bool,
        typer.Option(
            "--verbose",
            "-v",
            help="Log what happens, database migrations included (as MIRROR_LOG_LEVEL=INFO; "
            "MIRROR_LOG_LEVEL=DEBUG says more).",
        ),
    ] = False,
) -> None:
    """Mirror film-festival archives into a web archive and a relational database.

    Crawls run with `scrapy crawl miff`; this command serves the practice replica, runs
    the demo and queries the mirror. Every command takes --db URL (default:
    $MIRROR_DATABASE_URL, else sqlite:///mirror.db). Query commands print JSON when
    their output is not a terminal.
    """
    configure_logging(verbose)
