"""--festival: no command defaults to MIFF. Given no --festival, a command takes the only
festival the mirror (for `reparse`, the archive) holds, and refuses to guess among several
or in an empty mirror."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from scrapy.settings import Settings
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from archive.http import HttpExchange
from archive.replay import ArchiveReader
from archive.writer import RotatingWarcWriter
from db.festivals import held_festivals
from db.session import make_engine
from db.store import MirrorStore
from mirror import reparse_cli
from mirror.cli import app
from mirror.festival_choice import FestivalChoiceError, choose_festival
from mirror.matching import match_festival
from scraper.spiders.miff import MiffSpider
from tests.db_fixtures import make_film
from tests.slug_spiders import SlugSpider

SLUG = "2015/some-slug"


@pytest.mark.parametrize(
    ("explicit", "held", "expected"),
    [
        ("nziff", [], "nziff"),
        ("nziff", ["miff"], "nziff"),  # asked for: not second-guessed
        (None, ["miff"], "miff"),
        (None, ["nziff"], "nziff"),
    ],
)
def test_choose_festival(explicit: str | None, held: list[str], expected: str) -> None:
    assert choose_festival(explicit, held) == expected


@pytest.mark.parametrize(
    ("held", "message"),
    [
        ([], "the mirror is empty: no festival has been crawled into it yet"),
        (["miff", "nziff"], "the mirror holds several festivals (miff, nziff): say which"),
    ],
)
def test_choose_festival_refuses_to_guess(held: list[str], message: str) -> None:
    with pytest.raises(FestivalChoiceError, match=message.replace("(", r"\(").replace(")", r"\)")):
        choose_festival(None, held)


def _store(url: str, festival: str, *films: Any) -> None:
    store = MirrorStore(url)
    try:
        run = store.start_run(festival)
        if films:
            store.write_batch(run, list(films), [])
    finally:
        store.close()


def _slug_film() -> Any:
    return make_film(
        5, festival="nziff", film_id=SLUG, url=f"https://www.nziff.co.nz/{SLUG}/", title="Slugs"
    )


@pytest.fixture
def two_festivals(sqlite_url: str) -> str:
    _store(sqlite_url, "miff", make_film(1, film_id="10", title="Lighthouse Keepers"))
    _store(sqlite_url, "nziff", _slug_film())
    return sqlite_url


def _held(url: str) -> list[str]:
    engine = make_engine(url)
    try:
        with Session(engine) as session:
            return held_festivals(session)
    finally:
        engine.dispose()


def test_a_festival_is_held_once_it_has_entries(sqlite_url: str) -> None:
    _store(sqlite_url, "nziff")  # a run that stored nothing
    assert _held(sqlite_url) == []
    _store(sqlite_url, "miff", make_film(1))
    assert _held(sqlite_url) == ["miff"]
    _store(sqlite_url, "nziff", _slug_film())
    assert _held(sqlite_url) == ["miff", "nziff"]


# -- show ----------------------------------------------------------------------------------


def show(url: str, *args: str) -> Any:
    return CliRunner().invoke(app, ["show", *args, "--json", "--db", url])


def test_show_takes_the_only_festival_of_the_mirror(sqlite_url: str) -> None:
    _store(sqlite_url, "nziff", _slug_film())
    result = show(sqlite_url, SLUG)
    assert result.exit_code == 0, result.output
    assert '"festival": "nziff"' in result.stdout


def test_show_in_an_empty_mirror_says_so(sqlite_url: str) -> None:
    result = show(sqlite_url, "10")
    assert result.exit_code == 1
    assert result.stderr.strip() == (
        "error: the mirror is empty: no festival has been crawled into it yet"
    )


def test_show_among_several_festivals_needs_festival(two_festivals: str) -> None:
    result = show(two_festivals, "10")
    assert result.exit_code == 1
    assert result.stderr.strip() == (
        "error: the mirror holds several festivals (miff, nziff): say which with --festival"
    )
    for festival, film_id, title in (
        ("miff", "10", "Lighthouse Keepers"),
        ("nziff", SLUG, "Slugs"),
    ):
        chosen = show(two_festivals, film_id, "--festival", festival)
        assert chosen.exit_code == 0, chosen.output
        assert f'"title": "{title}"' in chosen.stdout
    missing = show(two_festivals, SLUG, "--festival", "miff")
    assert missing.exit_code == 1
    assert f"no entry with film id {SLUG!r} in festival 'miff'" in missing.stderr


# -- match ---------------------------------------------------------------------------------


def _match_festival(url: str, explicit: str | None) -> str | None:
    engine = make_engine(url)
    try:
        with Session(engine) as session:
            return match_festival(session, explicit)
    finally:
        engine.dispose()


def test_match_without_entries_applies_no_entry_decision(sqlite_url: str) -> None:
    # A mirror of corpus documents only is not empty to `match`: no festival, no error.
    assert _match_festival(sqlite_url, None) is None
    assert _match_festival(sqlite_url, "nziff") == "nziff"


def test_match_reads_film_ids_as_entries_of_the_festival_chosen(two_festivals: str) -> None:
    assert _match_festival(two_festivals, "miff") == "miff"
    with pytest.raises(FestivalChoiceError, match="several festivals"):
        _match_festival(two_festivals, None)


# -- reparse: the festivals the archive holds ------------------------------------------------


def _crawl_files(directory: Path, *crawls: str) -> ArchiveReader:
    """An archive with one WARC file per crawl named (its warcinfo isPartOf)."""
    for crawl in crawls:
        with RotatingWarcWriter(directory, prefix=crawl, info={"isPartOf": crawl}) as writer:
            writer.write_exchange(
                HttpExchange(
                    url=f"http://127.0.0.1:8766/{crawl}",
                    request_head=b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
                    request_body=b"",
                    response_head=b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n",
                    response_body=b"<p>page</p>",
                )
            )
    return ArchiveReader.open(directory)


@pytest.fixture
def two_spiders() -> Settings:
    return Settings({"SPIDER_MODULES": ["scraper.spiders", "tests.slug_spiders"]})


@pytest.mark.parametrize(
    ("crawls", "festival", "expected"),
    [
        (("slugfest",), None, SlugSpider),
        (("miff",), None, MiffSpider),
        (("miff", "slugfest"), "slugfest", SlugSpider),
        (("miff", "slugfest"), "miff", MiffSpider),
    ],
)
def test_reparse_replays_the_festival_the_archive_holds(
    tmp_path: Path,
    two_spiders: Settings,
    crawls: tuple[str, ...],
    festival: str | None,
    expected: type,
) -> None:
    reader = _crawl_files(tmp_path, *crawls)
    assert reparse_cli._spider_class(two_spiders, reader, festival) is expected


@pytest.mark.parametrize(
    ("crawls", "festival", "message"),
    [
        (("miff", "slugfest"), None, "holds several festivals (miff, slugfest)"),
        (("synthetic",), None, "name no crawl of a known festival (warcinfo isPartOf)"),
        (("miff",), "nope", "no spider crawls festival 'nope' (known: miff, nziff, slugfest)"),
    ],
)
def test_reparse_refuses_to_guess_the_festival(
    tmp_path: Path,
    two_spiders: Settings,
    capsys: pytest.CaptureFixture[str],
    crawls: tuple[str, ...],
    festival: str | None,
    message: str,
) -> None:
    reader = _crawl_files(tmp_path, *crawls)
    with pytest.raises(Exception) as raised:
        reparse_cli._spider_class(two_spiders, reader, festival)
    assert getattr(raised.value, "exit_code", None) == 1
    assert message in capsys.readouterr().err
