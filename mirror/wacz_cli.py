"""`mirror wacz OUT.wacz`: the crawl's web archive as one WACZ file for ReplayWeb.page.

Every finished WARC file of the archive directory goes in (``.open`` files of a running
or killed crawl and ``quarantine/`` stay out); its page list names the film pages: each
entry of the mirror database whose page the archive holds, at its latest full capture,
titled with the film's title. Without a mirror database the list is every HTML page
the archive holds.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from mirror.query_cli import DbOption

if TYPE_CHECKING:
    from archive.replay import ArchiveReader
    from archive.wacz_package import Page

EXIT_ERROR = 1
TITLE = "Film festival archive, mirrored"


class WaczCommandError(Exception):
    """Bad options or an archive that cannot be packaged; the message is for users."""


def wacz_command(
    output: Annotated[
        Path,
        typer.Argument(help="The WACZ file to write (OUT.wacz).", dir_okay=False),
    ],
    archive: Annotated[
        Path | None,
        typer.Option(
            "--archive",
            help="The crawl's archive directory (default: $MIRROR_ARCHIVE_DIR).",
            envvar="MIRROR_ARCHIVE_DIR",
            file_okay=False,
            show_envvar=False,
        ),
    ] = None,
    db: DbOption = None,
    force: Annotated[bool, typer.Option("--force", help="Replace OUT.wacz if it exists.")] = False,
    title: Annotated[str, typer.Option("--title", help="The collection's title.")] = TITLE,
) -> None:
    """Package the web archive (WARC files, an index, the list of film pages) as a WACZ
    file that ReplayWeb.page opens and `wacz validate` accepts."""
    from archive.replay import ArchiveError, ArchiveReader
    from archive.wacz_package import WaczError, create_wacz, write_pages

    try:
        _check_output(output, force)
        if archive is None:
            raise WaczCommandError(
                "no archive directory: give --archive DIR or set MIRROR_ARCHIVE_DIR"
            )
        reader = ArchiveReader.open(archive)
        try:
            pages, missing = _film_pages(reader, db)
            with tempfile.TemporaryDirectory(prefix="mirror-wacz-") as scratch:
                pages_file = None
                if pages:
                    pages_file = Path(scratch) / "pages.jsonl"
                    write_pages(pages_file, pages, title="Film pages")
                create_wacz(
                    output,
                    reader.files,
                    pages=pages_file,
                    title=title,
                    description=f"{len(reader.files)} WARC files of {archive}",
                )
            unfinished = reader.unfinished_files
        finally:
            reader.close()
    except (WaczCommandError, ArchiveError, WaczError) as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(EXIT_ERROR) from None
    listed = f"{len(pages)} film pages" if pages else "the HTML pages wacz found"
    typer.echo(f"wrote {output}: {len(reader.files)} WARC files, {listed}", err=True)
    if missing:
        typer.echo(f"note: {missing} entries of the mirror have no page in this archive", err=True)
    if unfinished:
        typer.echo(
            f"note: left out {len(unfinished)} unfinished WARC file(s) (*.open: a crawl "
            "running, or killed: the next crawl recovers them)",
            err=True,
        )


def _check_output(output: Path, force: bool) -> None:
    if output.suffix != ".wacz":
        raise WaczCommandError(f"{output}: the output's name must end in .wacz")
    if not output.parent.is_dir():
        raise WaczCommandError(f"cannot write {output}: folder {output.parent} does not exist")
    if output.exists() and not force:
        raise WaczCommandError(f"{output} exists: pass --force to replace it")


def _film_pages(reader: ArchiveReader, db: str | None) -> tuple[list[Page], int]:
    """The entries' pages the archive holds (their latest full capture), and how many
    entries it lacks; no pages when there is no mirror database to name them."""
    from sqlalchemy import select

    from archive.wacz_package import Page
    from db.models import Entry, Festival
    from db.session import database_url, sqlite_path
    from mirror.query_cli import CliError, open_session

    url = database_url(db)
    path = sqlite_path(url)
    if db is None and path is not None and not path.exists():
        typer.echo(f"note: no mirror database at {path}: listing every HTML page", err=True)
        return [], 0
    pages: list[Page] = []
    missing = 0
    try:
        with open_session(db) as session:
            rows = session.execute(
                select(Festival.slug, Entry.film_id, Entry.fetched_url, Entry.url, Entry.title)
                .join(Festival, Festival.id == Entry.festival_id)
                .order_by(Festival.slug, Entry.id)
            )
            for festival, film_id, fetched_url, canonical, title in rows:
                capture = (
                    reader.latest_response(fetched_url) if fetched_url else None
                ) or reader.latest_response(canonical)
                if capture is None:
                    missing += 1
                    continue
                pages.append(Page(f"{festival}:{film_id}", capture.url, capture.timestamp, title))
    except CliError as exc:
        raise WaczCommandError(str(exc)) from None
    return pages, missing


def register(app: typer.Typer) -> None:
    app.command("wacz")(wacz_command)
