"""The nziff spider: its callbacks on pages rendered by the NZIFF replica, real crawls of
two replicas over HTTP checked field by field against the replica's truth, and
``scrapy check nziff``."""

from __future__ import annotations

import asyncio
import functools
import re
import subprocess
from collections import Counter
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from scrapy import Request
from scrapy.http import HtmlResponse
from scrapy.utils.test import get_crawler

from common.crawl_flags import CHECK_EVERY_RUN_META_KEY, RECORD_PAGE_META_KEY, REVISIT_FLAG
from common.records import EditionItem, FilmItem, SeenItem
from mirror.replica.nziff.site import NziffSite, build_nziff_site
from mirror.replica.nziff.truth import TRUTH_KEYS
from mirror.replica.routes import PageCache
from mirror.replica.site import ReplicaConfig
from mirror.replica_process import replica_subprocess
from scraper.spiders.nziff import NziffSpider
from scraper.spiders.nziff_grammar import film_ref_from_url, is_archive_folder
from tests.crawl_helpers import BIN, REPO, _env
from tests.nziff_fixtures import crawl_nziff_in_subprocess

PUBLIC = "https://www.nziff.co.nz"
# Not on loopback: a loopback base makes the spider parse in extraction workers by default
# (scraper/festival_spider.py), and the callbacks are called directly here.
BASE = "http://nziff-replica.test:8766"
# FilmItem fields the truth names the same; the truth's synopsis is the paragraphs
# joined, its NZIFF-only keys are the item's `extra`.
SAME_NAME_FIELDS = (
    "festival", "film_id", "url", "title", "directors", "year", "countries", "edition",
    "section", "lang", "original_title", "runtime", "languages", "credits", "quote",
    "quote_source",
)  # fmt: skip
EXTRA_KEYS = ("slug", "tagline", "colour", "format", "subtitled", "festivals")
# The work a film belongs to is deduplication's finding, not something its page shows.
NOT_ON_THE_PAGE = frozenset({"work_id"})


def as_truth_record(item: dict[str, Any]) -> dict[str, Any]:
    """A FilmItem (as a dict) in the truth's shape, every key but NOT_ON_THE_PAGE."""
    record = {key: item[key] for key in SAME_NAME_FIELDS}
    record["synopsis"] = "\n\n".join(item["synopsis_paragraphs"]) or None
    record.update(item["extra"])
    return record


@functools.cache
def site(films: int, seed: int) -> NziffSite:
    return build_nziff_site(ReplicaConfig(films=films, seed=seed))


@functools.cache
def pages(films: int, seed: int) -> PageCache:
    return PageCache(site(films, seed))


def truth(films: int, seed: int) -> dict[str, dict[str, Any]]:
    return {record["film_id"]: record for record in site(films, seed).truth_records()}


def make_spider(**settings: Any) -> NziffSpider:
    return NziffSpider.from_crawler(get_crawler(NziffSpider, {"NZIFF_BASE_URL": BASE, **settings}))


def response(target: str, *, url: str | None = None) -> HtmlResponse:
    """The page at ``target`` of the 600-film replica (seed 7) as the response to
    ``url`` (default: ``target`` on BASE)."""
    page = pages(600, 7).lookup(target)
    assert page is not None, target
    url = url or BASE + target
    return HtmlResponse(url=url, request=Request(url), body=page.body, encoding="utf-8")


def path_of(url: str) -> str:
    return urlsplit(url).path


def requests_of(output: Any) -> list[Request]:
    return [r for r in output if isinstance(r, Request)]


def film_item(output: Any) -> FilmItem:
    (item,) = list(output)
    assert isinstance(item, FilmItem)
    return item


# ----------------------------------------------------------------- index and years


def test_the_archive_index_is_the_entry_page_checked_every_run() -> None:
    async def first_request() -> Request:
        return await make_spider().start().__anext__()

    request = asyncio.run(first_request())
    assert request.url == f"{BASE}/archive/"
    assert request.meta[CHECK_EVERY_RUN_META_KEY] is True


def test_index_requests_each_year_page_once_and_the_newest_every_run() -> None:
    editions = site(600, 7).editions
    requests = requests_of(make_spider().parse(response("/archive/")))
    assert sorted(path_of(r.url) for r in requests) == sorted(
        f"/{e.year}/{e.folder}/" for e in editions.values()
    )
    checked = [r for r in requests if r.meta.get(CHECK_EVERY_RUN_META_KEY)]
    assert [path_of(r.url) for r in checked] == [
        f"/{max(editions)}/{editions[max(editions)].folder}/"
    ]


def test_year_page_gives_its_edition_and_the_title_listing() -> None:
    edition = site(600, 7).editions[2010]
    year_path = f"/2010/{edition.folder}/"
    output = list(make_spider().parse_year_page(response(year_path)))
    (item,) = [o for o in output if isinstance(o, EditionItem)]
    assert item.festival == "nziff" and item.year == 2010
    assert item.url == PUBLIC + year_path
    assert item.site_edition_id == edition.folder
    assert item.heading == edition.heading
    assert [r.url for r in requests_of(output)] == [f"{BASE}{year_path}films/title/"]


def test_follow_all_listings_adds_the_country_and_strand_listings() -> None:
    year_path = f"/2010/{site(600, 7).editions[2010].folder}/"
    spider = make_spider(NZIFF_FOLLOW_ALL_LISTINGS=True)
    families = Counter(
        path_of(r.url).split("/")[4]
        for r in requests_of(spider.parse_year_page(response(year_path)))
    )
    assert families["title"] == 1 and families["country"] == 1 and families["strand"] >= 3
    countries = requests_of(spider.parse_listing(response(f"{year_path}films/country/")))
    assert len(countries) == len(site(600, 7).values(2010, "country"))


# ------------------------------------------------------------------------ listings


def test_listing_requests_every_film_at_its_archive_url_on_the_base() -> None:
    nziff, records = site(600, 7), truth(600, 7)
    hrefs, requested = [], []
    for edition in nziff.editions.values():
        target = f"/{edition.year}/{edition.folder}/films/title/"
        listing = response(target)
        hrefs += re.findall(r'itemprop="url" href="([^"]+)"', listing.text)
        requested += requests_of(make_spider().parse_listing(listing))
    assert sorted(r.url for r in requested) == sorted(
        BASE + path_of(record["url"]) for record in records.values()
    )
    # The listings did link films in every form the site uses.
    assert any(href.startswith("https://www1.nziff.co.nz/") for href in hrefs)
    assert any(href.startswith("http://www.nziff.co.nz/") for href in hrefs)
    assert any(href.startswith("https://nziff.co.nz/") for href in hrefs)
    assert any(not href.endswith("/") for href in hrefs)
    folders = {ref.folder for ref in map(film_ref_from_url, hrefs) if ref is not None}
    assert any(not is_archive_folder(folder) for folder in folders)  # regional programmes


def test_film_requests_are_record_pages_that_name_their_entry() -> None:
    target = f"/2015/{site(600, 7).editions[2015].folder}/films/title/"
    spider = make_spider()
    for request in requests_of(spider.parse_listing(response(target))):
        assert request.meta[RECORD_PAGE_META_KEY] is True
        ref = film_ref_from_url(request.url)
        assert ref is not None
        assert spider.record_id_of(request) == f"2015/{ref.slug}"
        assert spider.record_id_of(request.replace(cb_kwargs={})) == f"2015/{ref.slug}"


# ---------------------------------------------------------------------- film pages


def sample_records(predicate: Any, count: int = 5) -> list[dict[str, Any]]:
    found = [r for r in truth(600, 7).values() if predicate(r)][:count]
    assert found
    return found


def test_film_page_item_equals_the_truth() -> None:
    spider = make_spider()
    for record in list(truth(600, 7).values())[::40]:
        page = response(path_of(record["url"]))
        item = film_item(spider.parse_film(page, film_id=record["film_id"]))
        assert as_truth_record(vars(item)) == {
            k: v for k, v in record.items() if k not in NOT_ON_THE_PAGE
        }


def test_film_under_a_regional_folder_and_an_alias_host_keeps_its_archive_url() -> None:
    (record,) = sample_records(lambda r: r["edition"] >= 2012, count=1)
    regional = f"/{record['edition']}/wellington/{record['slug']}/"
    fetched = f"http://www1.nziff.co.nz{regional}"
    item = film_item(make_spider().parse_film(response(regional, url=fetched)))
    assert item.url == record["url"]
    assert item.film_id == record["film_id"]
    assert item.fetched_url == fetched


def test_unchanged_film_page_gives_a_seen_item() -> None:
    (record,) = sample_records(lambda r: True, count=1)
    page = response(path_of(record["url"])).replace(flags=[REVISIT_FLAG])
    (seen,) = list(make_spider().parse_film(page, film_id=record["film_id"]))
    assert seen == SeenItem(festival="nziff", film_id=record["film_id"])


def test_title_display_is_as_shown_and_title_clean() -> None:
    spider = make_spider()
    shown = [f for f in site(600, 7).films.values() if f.knobs.title_spacing][:3]
    assert shown
    for film in shown:
        record = truth(600, 7)[film.film_id]
        item = film_item(spider.parse_film(response(path_of(record["url"]))))
        assert item.title == record["title"]
        assert item.title_display is not None and item.title_display.endswith(" ")
        assert "  " in item.title_display


def plainer(page_html: str) -> str:
    """The same page with less markup, as other pages of the real site print it: the
    title, names, origin and specs lines and the festival entries without their spans
    and links, the press quote as the note's last paragraph."""
    page_html = re.sub(
        r'<span (?:class="(?:credit-name|festival|countries|languages|colour|format)"'
        r'|itemprop="(?:name|duration)")>(.*?)</span>',
        r"\1",
        page_html,
    )
    page_html = re.sub(r'<a itemprop="director">(.*?)</a>', r"\1", page_html)
    quote = re.search(r'<p class="press-quote">(.*?)</p>\n', page_html)
    if quote:
        page_html = page_html.replace(quote.group(0), "")
        page_html = page_html.replace(
            "</div>\n</article>", f"<p>{quote.group(1)}</p></div>\n</article>"
        )
    return page_html


def test_a_page_with_less_markup_reads_the_same() -> None:
    spider = make_spider()
    records = sample_records(
        lambda r: (
            r["quote"]
            and r["synopsis"]
            and len(r["directors"]) > 1
            and r["credits"]
            and r["format"]
            and r["festivals"]
        )
    )
    for record in records:
        rich = response(path_of(record["url"]))
        plain = rich.replace(body=plainer(rich.text).encode("utf-8"))
        for markup in (b"credit-name", b"press-quote", b'itemprop="name', b'class="format'):
            assert markup not in plain.body
        read = as_truth_record(vars(film_item(spider.parse_film(plain))))
        assert read == {k: v for k, v in record.items() if k not in NOT_ON_THE_PAGE}


# --------------------------------------------------------- real crawls over HTTP

# (films, seed, follow all listings): the first crawl also follows the country and
# strand listings, so every film is linked from several of them.
CRAWLS = {"all-listings": (200, 0, True), "title-listings": (150, 3, False)}


@pytest.fixture(scope="module", params=sorted(CRAWLS))
def crawl(request: pytest.FixtureRequest) -> tuple[tuple[int, int, bool], list[dict[str, Any]]]:
    films, seed, follow_all = CRAWLS[request.param]
    settings = [f"NZIFF_FOLLOW_ALL_LISTINGS={int(follow_all)}"]
    return CRAWLS[request.param], crawl_nziff_in_subprocess(films, seed, *settings)


def items_of(records: list[dict[str, Any]], kind: str) -> list[dict[str, Any]]:
    return [record["item"] for record in records if record["kind"] == kind]


def test_the_crawled_replicas_show_every_irregularity() -> None:
    """The crawls below are only worth their time if their sites garble what NZIFF.md
    says the site garbles."""
    films = [f for films, seed, _ in CRAWLS.values() for f in site(films, seed).films.values()]

    def some(predicate: Any) -> bool:
        return any(predicate(film) for film in films)

    assert some(lambda f: f.knobs.curly_apostrophe) and some(lambda f: f.knobs.double_amp)
    assert some(lambda f: f.knobs.title_spacing) and some(lambda f: f.knobs.nbsp_runtime)
    assert some(lambda f: len(f.countries) > 1 and f.knobs.country_sep == ", ")
    assert some(lambda f: len(f.directors) > 1 and f.knobs.joiner == " & ")
    assert some(lambda f: len(f.directors) > 2 and f.knobs.joiner == " and ")
    assert some(lambda f: f.knobs.show_roles) and some(lambda f: f.knobs.plain_festivals)
    assert some(lambda f: not f.directors) and some(lambda f: f.year is None)
    assert some(lambda f: re.search(r"-[2-9]$", f.slug)) and some(
        lambda f: f.year and f.slug.endswith(f"-{f.year}")
    )
    assert some(lambda f: f.colour == "B&W") and some(lambda f: f.colour == "Colour")
    assert some(lambda f: not f.synopsis_paragraphs) and some(lambda f: f.original_title)
    assert some(lambda f: "New Zealand" in f.countries)
    assert some(lambda f: len([r for r, names in f.credits if len(names) > 1]) > 0)


def test_crawl_yields_every_truth_film_once_with_every_field(
    crawl: tuple[tuple[int, int, bool], list[dict[str, Any]]],
) -> None:
    (films, seed, _), records = crawl
    expected = truth(films, seed)
    items = items_of(records, "FilmItem")
    assert Counter(item["film_id"] for item in items) == Counter(list(expected))
    for item in items:
        record = expected[item["film_id"]]
        read = as_truth_record(item)
        assert set(read) == set(TRUTH_KEYS) - NOT_ON_THE_PAGE
        for key, value in read.items():
            assert value == record[key], (item["film_id"], key, value, record[key])
        assert urlsplit(item["fetched_url"]).path == path_of(record["url"])


def test_crawl_fetches_every_film_page_once_on_the_base_host(
    crawl: tuple[tuple[int, int, bool], list[dict[str, Any]]],
) -> None:
    (films, seed, _), records = crawl
    fetched = [record["url"] for record in records if record["kind"] == "response"]
    assert all(
        status == 200 for status in (r["status"] for r in records if r["kind"] == "response")
    )
    hosts = {urlsplit(url).netloc for url in fetched}
    assert len(hosts) == 1 and hosts != {"www.nziff.co.nz"}
    film_pages = [url for url in fetched if film_ref_from_url(url)]
    assert len(film_pages) == films
    assert sorted(path_of(url) for url in film_pages) == sorted(
        path_of(record["url"]) for record in truth(films, seed).values()
    )
    assert max(Counter(fetched).values()) == 1


def test_crawl_yields_one_edition_item_per_year(
    crawl: tuple[tuple[int, int, bool], list[dict[str, Any]]],
) -> None:
    (films, seed, _), records = crawl
    editions = site(films, seed).editions
    items = items_of(records, "EditionItem")
    assert sorted(item["year"] for item in items) == sorted(editions)
    for item in items:
        edition = editions[item["year"]]
        assert item["url"] == f"{PUBLIC}/{edition.year}/{edition.folder}/"
        assert (item["site_edition_id"], item["heading"]) == (edition.folder, edition.heading)


# ------------------------------------------------------------------- scrapy check


def test_scrapy_check_nziff_passes_against_the_replica(tmp_path: Path) -> None:
    with replica_subprocess("--site", "nziff", "--films", "100", "--seed", "0") as url:
        result = subprocess.run(
            [str(BIN / "scrapy"), "check", "nziff", "-s", f"NZIFF_BASE_URL={url}"],
            cwd=REPO,
            env=_env({"MIRROR_DATABASE_URL": f"sqlite:///{tmp_path / 'check.db'}"}),
            capture_output=True,
            text=True,
            timeout=300,
        )
    assert result.returncode == 0, result.stderr[-3000:]
    last = result.stderr.splitlines()[-1]
    assert "OK" in last, result.stderr[-3000:]
    ran = re.search(r"Ran (\d+) contracts", result.stderr)
    assert ran is not None and int(ran.group(1)) >= 4
