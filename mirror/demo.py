"""`mirror demo`: the whole job on the embedded default, replica plus SQLite."""

from __future__ import annotations

import os
import shlex
from typing import Any

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from mirror.query_cli import DbOption
from mirror.replica_process import replica_subprocess

console = Console(stderr=True)


def next_steps(db: str | None) -> str:
    """What to try after the demo, every command aimed at the database it filled:
    ``db`` is the --db the demo was given (None: the default, which the commands share)."""
    from db.session import database_url, sqlite_path

    target = f" --db {shlex.quote(db)}" if db else ""
    lines = [
        "Try next:",
        f"  mirror stats{target}",
        f"  mirror search '\"rock festival\" OR jazz' --year-from 1980 --year-to 1990{target}",
        f"  mirror show 5977{target}",
        f"  mirror export{target} > films.jsonl",
    ]
    path = sqlite_path(database_url(db))
    if path is not None:
        file = shlex.quote(str(path))
        lines.append(f'  sqlite3 {file} "select year, count(*) from entries group by year"')
        lines.append(f"  datasette {file}")
    return "\n".join(lines) + "\n"


def crawl_with_progress(base_url: str, db_url: str, expected_films: int) -> dict[str, Any]:
    """Crawl `base_url` into `db_url` in this process, showing films stored so far."""
    os.environ.setdefault("SCRAPY_SETTINGS_MODULE", "scraper.settings")
    from scrapy import signals
    from scrapy.crawler import CrawlerProcess
    from scrapy.utils.project import get_project_settings

    settings = get_project_settings()
    settings.set("MIFF_BASE_URL", base_url, priority="cmdline")
    settings.set("MIRROR_DATABASE_URL", db_url, priority="cmdline")
    settings.set("MIRROR_PERSIST", True, priority="cmdline")  # a crawl that writes the mirror
    settings.set("LOG_LEVEL", "WARNING", priority="cmdline")
    # The demo links after the crawl, with its own progress bars (link_with_progress).
    settings.set("MIRROR_LINK", False, priority="cmdline")
    process = CrawlerProcess(settings)
    crawler = process.create_crawler("miff")

    with Progress(
        TextColumn("[bold]crawling[/bold]"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
    ) as progress:
        task = progress.add_task("films", total=expected_films)

        def on_item(item: object, **_: object) -> None:
            if type(item).__name__ == "FilmItem":
                progress.advance(task)

        crawler.signals.connect(on_item, signal=signals.item_scraped)
        process.crawl(crawler)
        process.start()
    assert crawler.stats is not None
    return dict(crawler.stats.get_stats())


def register(app: typer.Typer) -> None:
    @app.command()
    def demo(
        films: int = typer.Option(12000, help="Number of synthetic films in the replica."),
        seed: int = typer.Option(0, help="Replica seed: the same seed gives the same site."),
        db: DbOption = None,
    ) -> None:
        """Serve the replica on a free port, crawl it into the database (--db, default
        ./mirror.db), print a summary and commands to try next, aimed at that database."""
        from db.queries import stats as mirror_stats
        from db.session import database_url, make_engine

        given_db = db
        db = database_url(db)

        console.print(f"Starting the replica ({films} films, seed {seed})…")
        with replica_subprocess("--films", str(films), "--seed", str(seed)) as url:
            console.print(f"Replica serving at {url}; crawling into {db}")
            crawl_stats = crawl_with_progress(url, db, films)
        reason = crawl_stats.get("finish_reason")
        if reason != "finished":
            message = crawl_stats.get("mirror/abort_message") or reason
            console.print(f"[red]crawl aborted:[/red] {message}")
            raise typer.Exit(2)

        from sqlalchemy.orm import Session

        from mirror.dedup_cli import link_with_progress, write_session

        # What `scrapy crawl miff` does at the end of a run (MIRROR_LINK), shown.
        with write_session(db) as session:
            linked = link_with_progress(session, origin="crawl:miff")
        console.print(
            f"Linked {linked.linked} entries into {linked.works} works: "
            f"{linked.matches} automatic links, {linked.reviews} pairs for `mirror review`."
        )
        with Session(make_engine(db)) as session:
            summary = mirror_stats(session)
        console.print(
            f"Stored {crawl_stats.get('mirror/new', 0)} new, "
            f"{crawl_stats.get('mirror/changed', 0)} changed and "
            f"{crawl_stats.get('mirror/unchanged', 0)} unchanged films; "
            f"{crawl_stats.get('downloader/response_count', 0)} pages fetched."
        )
        for table, count in summary.get("tables", {}).items():
            console.print(f"  {table:<16} {count:>8}")
        console.print(next_steps(given_db), markup=False, highlight=False, soft_wrap=True)
