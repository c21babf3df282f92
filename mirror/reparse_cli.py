"""`mirror reparse`: rebuild the mirror's records from the WARC archive, with no network.

The festival spider runs again, through the same settings, middlewares and item
pipelines as a crawl (so validation and upserts are the same code), but every request
is answered by :class:`archive.replay.WarcReplayDownloadHandler` from the latest
capture of its URL. Film items take fields from the listing pages that linked them,
so the crawl graph is replayed from the start page rather than film pages parsed one
by one. Archiving is off (nothing is written to the archive), the run lock is taken
on the target database as for a crawl, and there is no politeness delay.

The festival is ``--festival``, else the only one whose crawls the archive holds (its
files' warcinfo names the spider that wrote them). The spider's base URL comes from the
archive: the latest capture of its start page (``BASE`` + the spider's
``ARCHIVE_PATH``), unless ``--base-url`` says otherwise.
"""

from __future__ import annotations

import os
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from mirror.festival_choice import FestivalChoiceError, choose_festival
from mirror.query_cli import DbOption

if TYPE_CHECKING:
    from archive.replay import ArchiveReader

# archive.* imports Scrapy and warcio, db.session SQLAlchemy: each is loaded by the
# function that needs it, not by every `mirror` start.
MISSING_STAT = "reparse/missing"
MISSING_EXAMPLES_STAT = "reparse/missing_examples"
REPLAYED_STAT = "reparse/replayed"
REVISITS_STAT = "reparse/revisits_resolved"
OLDER_STAT = "reparse/records_before_since"
RUN_STATUS_STAT = "mirror/run_status"  # set by scraper.pipelines (with the alarm)
ALARM_STAT = "mirror/alarm"

console = Console(stderr=True, soft_wrap=True)  # summary lines stay whole for grep

EXIT_ERROR = 1
EXIT_ABORTED = 2
EXIT_HEALTH_CHECK = 3
EXIT_INCOMPLETE = 4  # as `scrapy crawl`: a page callback raised (scraper/commands/crawl.py)
REPLAY_HANDLER = "archive.replay.WarcReplayDownloadHandler"
WARC_MIDDLEWARE = "scraper.middlewares.WarcCaptureMiddleware"
FINISHED_REASONS = {"finished"}


def _fail(message: str, status: int = EXIT_ERROR) -> None:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(status)


def _project_settings() -> Any:
    os.environ.setdefault("SCRAPY_SETTINGS_MODULE", "scraper.settings")
    from scrapy.utils.project import get_project_settings

    return get_project_settings()


def _festival_spiders(settings: Any) -> list[type[Any]]:
    from scrapy.spiderloader import SpiderLoader

    loader = SpiderLoader.from_settings(settings)
    return [loader.load(name) for name in sorted(loader.list())]


def _spider_class(settings: Any, reader: ArchiveReader, festival: str | None) -> type[Any]:
    """The spider of ``festival`` (its slug, or the spider's name), else of the only
    festival whose crawls the archive holds."""
    from archive.warcinfo import crawls_in
    from scraper.crawl_context import festival_of

    spiders = _festival_spiders(settings)
    if festival is None:
        crawled = set(crawls_in(reader.files))
        held = sorted({festival_of(cls) for cls in spiders if cls.name in crawled})
        if not held:
            _fail(
                f"the WARC files in {reader.directory} name no crawl of a known festival "
                "(warcinfo isPartOf): pass --festival"
            )
        try:
            festival = choose_festival(None, held, where=f"the archive {reader.directory}")
        except FestivalChoiceError as exc:
            _fail(str(exc))
    for spidercls in spiders:
        if festival in (festival_of(spidercls), spidercls.name):
            return spidercls
    known = ", ".join(sorted({festival_of(cls) for cls in spiders})) or "none"
    _fail(f"no spider crawls festival {festival!r} (known: {known})")
    raise AssertionError("unreachable")


def _base_url(reader: ArchiveReader, spidercls: type[Any], explicit: str | None) -> str:
    if explicit:
        return explicit.rstrip("/")
    start_path = getattr(spidercls, "ARCHIVE_PATH", None)
    found = reader.base_url_for(start_path) if start_path else None
    if found is None:
        _fail(
            f"{reader.directory} holds no capture of the {spidercls.name} start page "
            f"({start_path or 'unknown path'}): pass --base-url"
        )
        raise AssertionError("unreachable")
    return found


def since_timestamp(value: str) -> str:
    """``2026-11-01`` or an ISO date-time (UTC unless it says otherwise) -> 14 digits."""
    try:
        moment = datetime.fromisoformat(value.strip())
    except ValueError:
        _fail(f"--since {value!r} is not a date (YYYY-MM-DD) or ISO date-time")
        raise AssertionError("unreachable") from None
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC)
    return moment.strftime("%Y%m%d%H%M%S")


def replay_settings(
    settings: Any,
    archive: Path,
    db_url: str,
    spidercls: type[Any],
    base: str,
    since: str | None = None,
) -> None:
    """Turn a crawl's settings into a replay's (in place, at command-line priority)."""
    from archive.replay import REPLAY_ARCHIVE_SETTING, REPLAY_SINCE_SETTING
    from archive.revisit_policy import REVISIT_DAYS_SETTING
    from archive.settings import ARCHIVE_DIR_SETTING
    from scraper.festival_spider import LOOPBACK_SETTINGS

    middlewares = dict(settings.getdict("DOWNLOADER_MIDDLEWARES"))
    middlewares[WARC_MIDDLEWARE] = None  # replaying must never write to the archive
    handlers = dict(settings.getdict("DOWNLOAD_HANDLERS"))
    # Every scheme that could reach a network goes to the archive or nowhere.
    handlers.update({"http": REPLAY_HANDLER, "https": REPLAY_HANDLER, "ftp": None, "s3": None})
    values: dict[str, Any] = {
        **LOOPBACK_SETTINGS,
        REPLAY_ARCHIVE_SETTING: str(archive),
        REPLAY_SINCE_SETTING: since or "",
        ARCHIVE_DIR_SETTING: "",
        REVISIT_DAYS_SETTING: 0,  # every record page is rebuilt from its capture
        "MIRROR_DATABASE_URL": db_url,
        "MIRROR_PERSIST": True,  # it writes the mirror (never the archive: see above)
        "DOWNLOAD_HANDLERS": handlers,
        "DOWNLOADER_MIDDLEWARES": middlewares,
        "HTTPCACHE_ENABLED": False,
        "LOG_LEVEL": os.environ.get("MIRROR_LOG_LEVEL", "WARNING"),
    }
    base_setting = getattr(spidercls, "base_url_setting", None)
    if base_setting:
        values[base_setting] = base
    settings.setdict(values, priority="cmdline")
    # archive.settings also reads the environment: keep this process from archiving.
    os.environ.pop(ARCHIVE_DIR_SETTING, None)


def run_replay(settings: Any, spidercls: type[Any], reader: ArchiveReader) -> dict[str, Any]:
    """Run the spider against the archive in this process, showing pages replayed."""
    from scrapy import signals
    from scrapy.crawler import CrawlerProcess

    from common.records import FilmItem

    process = CrawlerProcess(settings)
    crawler = process.create_crawler(spidercls)
    films = 0
    with Progress(
        TextColumn("[bold]re-parsing[/bold]"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("pages  {task.fields[films]} films"),
        TimeElapsedColumn(),
        console=console,
    ) as progress:
        task = progress.add_task("pages", total=len(reader.urls), films=0)

        def on_response(**_: object) -> None:
            progress.advance(task)

        def on_item(item: object, **_: object) -> None:
            nonlocal films
            if isinstance(item, FilmItem):
                films += 1
                progress.update(task, films=films)

        crawler.signals.connect(on_response, signal=signals.response_received)
        crawler.signals.connect(on_item, signal=signals.item_scraped)
        process.crawl(crawler)
        process.start()
    if process.bootstrap_failed:
        _fail("the re-parse could not start (see the log above)")
    assert crawler.stats is not None
    return dict(crawler.stats.get_stats())


def _summary(stats: dict[str, Any], reader: ArchiveReader, where: str, seconds: float) -> None:
    console.print(
        f"Re-parsed {stats.get(REPLAYED_STAT, 0)} archived pages from {len(reader.files)} "
        f"WARC file(s) into {where} in {seconds:.1f} s: "
        f"{stats.get('mirror/new', 0)} new, {stats.get('mirror/changed', 0)} changed, "
        f"{stats.get('mirror/unchanged', 0)} unchanged films; "
        f"{stats.get('validation/invalid', 0)} invalid; "
        f"{stats.get(REVISITS_STAT, 0)} revisit records resolved."
    )
    older = int(stats.get(OLDER_STAT, 0) or 0)
    if older:
        console.print(f"{older} record page(s) captured before --since were only marked as seen.")
    missing = int(stats.get(MISSING_STAT, 0) or 0)
    if missing:
        examples = ", ".join(stats.get(MISSING_EXAMPLES_STAT) or [])
        console.print(
            f"[yellow]warning:[/yellow] {missing} requested page(s) are not in the archive "
            f"(answered 404), e.g. {examples}"
        )
    unfinished = reader.unfinished_files
    if unfinished:
        console.print(
            f"[yellow]warning:[/yellow] ignored {len(unfinished)} unfinished .open file(s) "
            "(a crawl is running, or the next one will recover them)"
        )


def reparse_command(
    archive: Annotated[
        Path | None,
        typer.Option(
            "--archive",
            help="The WARC directory a crawl wrote (default: $MIRROR_ARCHIVE_DIR).",
            show_default=False,
        ),
    ] = None,
    db: DbOption = None,
    festival: Annotated[
        str | None,
        typer.Option(
            "--festival",
            "--spider",
            help="The festival whose crawl is replayed, e.g. miff (its slug or its spider's "
            "name; default: the only festival whose crawls the archive holds).",
            show_default=False,
        ),
    ] = None,
    base_url: Annotated[
        str | None,
        typer.Option(
            "--base-url",
            help="The site the archived crawl fetched (default: read from the archive).",
            show_default=False,
        ),
    ] = None,
    since: Annotated[
        str | None,
        typer.Option(
            "--since",
            help="Re-extract only records whose archived page was captured on or after this "
            "date (YYYY-MM-DD or ISO date-time, UTC); older ones are only marked as seen.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Rebuild the records from the stored WARCs alone (no network), as the crawl did."""
    from archive.settings import ARCHIVE_DIR_SETTING
    from db.session import DatabaseUrlError, database_url, parse_url

    since_moment = since_timestamp(since) if since else None
    directory = archive or (
        Path(os.environ[ARCHIVE_DIR_SETTING]) if os.environ.get(ARCHIVE_DIR_SETTING) else None
    )
    if directory is None:
        _fail(f"no archive directory: pass --archive DIR or set ${ARCHIVE_DIR_SETTING}")
        return
    url = database_url(db)
    try:
        where = parse_url(url).render_as_string(hide_password=True)
    except DatabaseUrlError as exc:
        _fail(str(exc))
        return
    from archive.replay import ArchiveError, open_archive

    try:
        reader = open_archive(directory.expanduser())
    except ArchiveError as exc:
        _fail(str(exc))
        return
    settings = _project_settings()
    spidercls = _spider_class(settings, reader, festival)
    base = _base_url(reader, spidercls, base_url)
    replay_settings(
        settings,
        reader.directory,
        url,
        spidercls,
        base,
        since=since_moment,
    )
    console.print(
        f"Re-parsing {reader.capture_count} captures of {len(reader.urls)} URLs "
        f"({base}) from {reader.directory} into {where}"
    )
    started = time.monotonic()
    stats = run_replay(settings, spidercls, reader)
    reason = stats.get("finish_reason")
    if reason not in FINISHED_REASONS:
        _fail(f"re-parse aborted: {stats.get('mirror/abort_message') or reason}", EXIT_ABORTED)
    _summary(stats, reader, where, time.monotonic() - started)
    if stats.get(RUN_STATUS_STAT) == "failed":
        # As `scrapy crawl`: a run far short of the recent ones tombstones nothing.
        _fail(f"re-parse failed its health check: {stats.get(ALARM_STAT)}", EXIT_HEALTH_CHECK)
    if stats.get(RUN_STATUS_STAT) == "incomplete":
        _fail(f"re-parse incomplete: {stats.get(ALARM_STAT)}", EXIT_INCOMPLETE)


def register(app: typer.Typer) -> None:
    """Add `reparse` to the `mirror` command."""
    app.command("reparse")(reparse_command)
