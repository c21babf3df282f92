"""The miff spider on saved replica pages (tests/data/miff, see its README), and one real
crawl of a small replica checked against the replica's truth."""

from __future__ import annotations

import inspect
import re
from typing import Any

import pytest
from scrapy import Request
from scrapy.http import HtmlResponse
from scrapy.utils.test import get_crawler

from common.records import EditionItem, FilmItem
from scraper.festival_spider import LOOPBACK_SETTINGS
from scraper.spiders.miff import MiffSpider
from scraper.spiders.miff_urls import film_id_from_url
from tests.crawl_helpers import comparable
from tests.miff_fixtures import MIFF_PAGES, crawl_replica_in_subprocess, file_response

PUBLIC = "https://miff.com.au"
FILM_PAGES = {
    "5977": "film_5977_seed.html",
    "10167": "film_10167_slash_layout.html",
    "57597": "film_57597_codirected.html",
    "90350": "film_90350_mojibake.html",
    "8139": "film_8139_no_synopsis.html",
}


def make_spider(**settings: Any) -> MiffSpider:
    return MiffSpider.from_crawler(get_crawler(MiffSpider, settings or None))


@pytest.fixture(scope="module")
def spider() -> MiffSpider:
    return make_spider()


def parse_film_page(spider: MiffSpider, film_id: str, **cb_kwargs: Any) -> FilmItem:
    response = file_response(FILM_PAGES[film_id], f"{PUBLIC}/festival-archive/film/{film_id}")
    (item,) = spider.parse_film(response, **cb_kwargs)
    assert isinstance(item, FilmItem)
    return item


def requests_of(output: Any) -> list[Request]:
    return [r for r in output if isinstance(r, Request)]


# ---------------------------------------------------------------- archive index


def test_index_requests_one_edition_per_year(spider: MiffSpider) -> None:
    requests = requests_of(spider.parse(file_response("index.html", f"{PUBLIC}/festival-archive")))
    years = [r.cb_kwargs["year"] for r in requests]
    assert sorted(years) == list(range(1952, 2020))


def test_index_follows_both_edition_url_forms(spider: MiffSpider) -> None:
    requests = requests_of(spider.parse(file_response("index.html", f"{PUBLIC}/festival-archive")))
    forms = {"id" if "/festival-archive/id/" in r.url else "year" for r in requests}
    assert forms == {"id", "year"}


def test_index_skips_director_listings_by_default(spider: MiffSpider) -> None:
    requests = requests_of(spider.parse(file_response("index.html", f"{PUBLIC}/festival-archive")))
    assert not [r for r in requests if "/films/directors/" in r.url]


def test_follow_all_listings_setting_adds_director_listings() -> None:
    spider = make_spider(MIFF_FOLLOW_ALL_LISTINGS=True)
    requests = requests_of(spider.parse(file_response("index.html", f"{PUBLIC}/festival-archive")))
    assert [r for r in requests if "/films/directors/" in r.url]


# ---------------------------------------------------------------- edition page


def edition_output(spider: MiffSpider) -> list[Any]:
    url = f"{PUBLIC}/festival-archive/id/10494/2010"
    return list(spider.parse_edition(file_response("edition_2010.html", url), year=2010))


def test_edition_page_gives_its_item(spider: MiffSpider) -> None:
    (item,) = [x for x in edition_output(spider) if isinstance(x, EditionItem)]
    assert (
        item.year,
        item.site_edition_id,
        item.heading,
        item.feature_count,
        item.short_count,
        item.dates_text,
        item.filmmaker_focus,
        item.opening_film,
    ) == (
        2010,
        "10494",
        "MIFF 2010",
        7,
        9,
        "13 July to 24 July",
        "Bruce Chauvel",
        "LAST SON, LAST ORCHARD (Andrew Irwin, 2006)",
    )


def test_edition_page_follows_its_festival_listing(spider: MiffSpider) -> None:
    (request,) = requests_of(edition_output(spider))
    assert (request.url, request.cb_kwargs) == (
        f"{PUBLIC}/festival-archive/films/festival/2010",
        {"edition": 2010},
    )


def test_with_extraction_workers_listings_are_parsed_in_a_worker() -> None:
    spider = make_spider(MIRROR_EXTRACT_WORKERS=1)
    (request,) = requests_of(edition_output(spider))
    assert request.callback == spider.parse_listing
    assert inspect.iscoroutinefunction(request.callback)  # routed through the pool


def test_without_extraction_workers_callbacks_run_inline(spider: MiffSpider) -> None:
    (request,) = requests_of(edition_output(spider))
    assert request.callback == spider.parse_listing
    assert inspect.isgeneratorfunction(request.callback)


# ---------------------------------------------------------------- listing pages


def listing_requests(spider: MiffSpider, name: str, url: str) -> list[Request]:
    return requests_of(spider.parse_listing(file_response(name, url)))


def film_requests(requests: list[Request]) -> list[Request]:
    return [r for r in requests if "film_id" in r.cb_kwargs]


LISTING_2010 = ("listing_festival_2010.html", f"{PUBLIC}/festival-archive/films/festival/2010")


def test_listing_requests_every_entry_once_despite_duplicates(spider: MiffSpider) -> None:
    page_ids = set(
        filter(
            None,
            map(
                film_id_from_url,
                re.findall(r'href="([^"]+)"', (MIFF_PAGES / LISTING_2010[0]).read_text()),
            ),
        )
    )
    requested = [
        r.cb_kwargs["film_id"] for r in film_requests(listing_requests(spider, *LISTING_2010))
    ]
    assert sorted(requested) == sorted(page_ids)


def test_listing_requests_the_canonical_url_on_the_base(spider: MiffSpider) -> None:
    for request in film_requests(listing_requests(spider, *LISTING_2010)):
        assert request.url == f"{PUBLIC}/festival-archive/film/{request.cb_kwargs['film_id']}"


def test_listing_passes_header_line_and_teaser(spider: MiffSpider) -> None:
    by_id = {r.cb_kwargs["film_id"]: r.cb_kwargs for r in listing_requests(spider, *LISTING_2010)}
    assert by_id["61166"] == {
        "film_id": "61166",
        "listing_line": "[LONG DANCE] (James Rowe, 2009)",
        "teaser": "The film is distinguished by its bracingly original performances. Rowe's "
        "exuberant coming-of-age story is a meditation on betrayal. [Long Dance] follows a "
        "former soldier across a snowbound mountain…",
        "edition": 2010,
    }


def test_listing_entry_without_header_still_requests_the_film(spider: MiffSpider) -> None:
    by_id = {r.cb_kwargs["film_id"]: r.cb_kwargs for r in listing_requests(spider, *LISTING_2010)}
    assert by_id["42275"]["listing_line"] is None and by_id["42275"]["teaser"]


def test_listing_first_page_requests_the_other_pages(spider: MiffSpider) -> None:
    url = f"{PUBLIC}/festival-archive/films/festival/2007"
    requests = listing_requests(spider, "listing_festival_2007.html", url)
    assert {r.url for r in requests if "page=" in r.url} == {f"{url}?page=1"}


def test_listing_last_page_requests_no_further_page(spider: MiffSpider) -> None:
    url = f"{PUBLIC}/festival-archive/films/festival/2007?page=1"
    requests = listing_requests(spider, "listing_festival_2007_page_1.html", url)
    assert [r.url for r in requests if "page=" in r.url] == []


def test_listing_edition_comes_from_the_festival_listing_url(spider: MiffSpider) -> None:
    url = f"{PUBLIC}/festival-archive/films/festival/2007?page=1"
    requests = listing_requests(spider, "listing_festival_2007_page_1.html", url)
    assert {r.cb_kwargs["edition"] for r in requests} == {2007}


# ------------------------------------------------------------------- film pages


def test_seed_film_fields(spider: MiffSpider) -> None:
    item = parse_film_page(spider, "5977")
    assert (item.title, item.directors, item.year, item.countries, item.edition, item.section) == (
        "From Russia with Rock",
        ["Marjaana Mykkanen"],
        1988,
        ["USSR"],
        1989,
        None,
    )


def test_seed_film_synopsis_keeps_the_statement_paragraph(spider: MiffSpider) -> None:
    item = parse_film_page(spider, "5977")
    assert len(item.synopsis_paragraphs) == 4
    assert item.synopsis_paragraphs[-1].endswith("in action.' — Marjaana Mykkanen")


def test_seed_film_see_also_ids_in_page_order(spider: MiffSpider) -> None:
    item = parse_film_page(spider, "5977")
    assert [link.film_id for link in item.see_also] == [
        "6120",
        "6131",
        "5102",
        "4378",
        "1873",
        "6655",
    ]


def test_see_also_keeps_optional_title_and_drops_more_link(spider: MiffSpider) -> None:
    link = parse_film_page(spider, "5977").see_also[2]
    assert (link.title, link.teaser) == (
        "Defence Councel Sedov",
        "Late one evening in Moscow in 1937, Defence Councel Sedov hears a knock at the door. "
        "Three women whose agronomist husbands have been sentenced to death for alleged "
        "sabotage beg him to take on the ...",
    )


def test_slash_layout_reads_directors_year_and_country_from_the_director_line(
    spider: MiffSpider,
) -> None:
    item = parse_film_page(spider, "10167")
    assert (item.directors, item.year, item.countries, item.edition, item.section) == (
        ["Thomas Carter", "Nora Noonan", "Alice Nash"],
        1952,
        ["USA"],
        1955,
        "Documentaries",
    )


def test_codirected_film_splits_a_comma_and_and_list(spider: MiffSpider) -> None:
    assert parse_film_page(spider, "57597").directors == [
        "Peter Chauvel",
        "Emma Parker",
        "Warwick Osborne",
    ]


def test_credit_line_is_recognised(spider: MiffSpider) -> None:
    assert parse_film_page(spider, "57597").extra["credit_line"] == (
        "D Peter Chauvel, Emma Parker, Warwick Osborne P Kate Morrow "
        "L Spanish w/English subtitles TD Super 8/1974/19mins"
    )


def test_mojibake_title_is_repaired_but_displayed_as_shown(spider: MiffSpider) -> None:
    item = parse_film_page(spider, "90350")
    assert (item.title, item.title_display) == ("Días de Sol", "D\u00c3\u008dAS DE SOL")


def test_synopsis_not_available_gives_no_paragraphs(spider: MiffSpider) -> None:
    item = parse_film_page(spider, "8139")
    assert (item.synopsis_paragraphs, item.synopsis) == ([], None)


def test_film_fetched_under_another_scheme_and_host_gets_the_canonical_url(
    spider: MiffSpider,
) -> None:
    fetched = "https://2014.miff.com.au/festival-archive/films/5977/from-russia-with-rock"
    (item,) = spider.parse_film(file_response(FILM_PAGES["5977"], fetched))
    assert isinstance(item, FilmItem)
    assert (item.film_id, item.url, item.fetched_url) == (
        "5977",
        f"{PUBLIC}/festival-archive/film/5977",
        fetched,
    )


def test_listing_context_is_carried_into_the_item(spider: MiffSpider) -> None:
    item = parse_film_page(
        spider, "8139", listing_line="THE NORTHERN STORM (R. F, 1956)", teaser="x…"
    )
    assert (item.extra["listing_line"], item.extra["teaser"]) == (
        "THE NORTHERN STORM (R. F, 1956)",
        "x…",
    )


def all_film_items() -> list[FilmItem]:
    spider = make_spider()
    return [parse_film_page(spider, film_id) for film_id in FILM_PAGES]


@pytest.mark.parametrize("item", all_film_items(), ids=lambda item: item.film_id)
def test_every_film_item_is_well_formed(item: FilmItem) -> None:
    assert item.film_id.isdigit()
    assert item.url == f"{PUBLIC}/festival-archive/film/{item.film_id}"
    assert item.edition is not None and 1952 <= item.edition <= 2019
    assert item.title and item.lang == "en" and item.festival == "miff"


# ---------------------------------------------------------------- settings


@pytest.mark.parametrize(
    ("base_url", "full_speed"),
    [
        ("http://127.0.0.1:8765", True),
        ("http://localhost:8765", True),
        ("http://[::1]:8765", True),
        ("https://miff.com.au", False),
    ],
)
def test_loopback_base_url_switches_throttling_off(base_url: str, full_speed: bool) -> None:
    crawler = get_crawler(MiffSpider, {"MIFF_BASE_URL": base_url, "AUTOTHROTTLE_ENABLED": True})
    assert (crawler.settings.getbool("AUTOTHROTTLE_ENABLED") is False) is full_speed


def test_command_line_settings_win_over_loopback_speed() -> None:
    from scrapy.settings import Settings

    settings = Settings({"MIFF_BASE_URL": "http://127.0.0.1:1"})
    settings.set("CONCURRENT_REQUESTS", 3, priority="cmdline")
    MiffSpider.update_settings(settings)
    assert (settings.getint("CONCURRENT_REQUESTS"), settings.getbool("AUTOTHROTTLE_ENABLED")) == (
        3,
        LOOPBACK_SETTINGS["AUTOTHROTTLE_ENABLED"],
    )


def test_spider_requests_go_to_the_configured_base() -> None:
    spider = make_spider(MIFF_BASE_URL="http://127.0.0.1:9/")
    assert (spider.base_url, spider.allowed_domains) == ("http://127.0.0.1:9", ["127.0.0.1"])


# ------------------------------------------------------- a real crawl of a replica

CRAWL_FILMS = 60


@pytest.fixture(scope="module")
def crawled() -> list[dict[str, Any]]:
    return crawl_replica_in_subprocess(CRAWL_FILMS)


@pytest.fixture(scope="module")
def truth() -> dict[str, dict[str, Any]]:
    from mirror.replica.site import ReplicaConfig, build_site

    site = build_site(ReplicaConfig(films=CRAWL_FILMS))
    return {record["film_id"]: comparable(record) for record in site.truth_records()}


def as_export(item: dict[str, Any]) -> dict[str, Any]:
    paragraphs = item["synopsis_paragraphs"]
    record = {key: item[key] for key in ("festival", "film_id", "url", "title", "directors")}
    record |= {key: item[key] for key in ("year", "countries", "edition", "section")}
    record |= {"synopsis": "\n\n".join(paragraphs) if paragraphs else None, "lang": item["lang"]}
    return comparable(record)


def crawled_films(crawled: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [record["item"] for record in crawled if record["kind"] == "FilmItem"]


@pytest.mark.slow
def test_crawl_yields_every_truth_film_exactly_once(
    crawled: list[dict[str, Any]], truth: dict[str, dict[str, Any]]
) -> None:
    ids = [item["film_id"] for item in crawled_films(crawled)]
    assert sorted(ids) == sorted(truth)


@pytest.mark.slow
def test_crawl_fields_equal_truth(
    crawled: list[dict[str, Any]], truth: dict[str, dict[str, Any]]
) -> None:
    differing = {
        item["film_id"]: as_export(item)
        for item in crawled_films(crawled)
        if as_export(item) != truth[item["film_id"]]
    }
    assert not differing


@pytest.mark.slow
def test_crawl_yields_one_edition_item_per_edition(crawled: list[dict[str, Any]]) -> None:
    years = [record["item"]["year"] for record in crawled if record["kind"] == "EditionItem"]
    assert sorted(years) == list(range(1952, 2020))


def test_utf8_page_served_as_windows_1252_is_read_as_utf8(spider: MiffSpider) -> None:
    url = f"{PUBLIC}/festival-archive/film/90350"
    response = HtmlResponse(
        url=url,
        body=(MIFF_PAGES / FILM_PAGES["90350"]).read_bytes(),
        headers={"Content-Type": "text/html; charset=windows-1252"},
    )
    (item,) = spider.parse_film(response)
    assert isinstance(item, FilmItem)
    assert item.directors == ["François Gaudreault"]
