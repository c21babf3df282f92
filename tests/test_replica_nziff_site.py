"""The NZIFF replica's content: deterministic, every field on its page, shares with MIFF."""

from __future__ import annotations

import functools
import html
import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from parsel import Selector

from mirror.replica.nziff.site import NziffSite, build_nziff_site
from mirror.replica.nziff.truth import TRUTH_KEYS
from mirror.replica.routes import PageCache
from mirror.replica.site import ReplicaConfig, build_site

NZIFF_MD = Path(__file__).resolve().parents[1] / "mirror" / "replica" / "NZIFF.md"
EXPORT_KEYS = [
    "festival", "film_id", "url", "title", "directors", "year", "countries", "edition",
    "section", "synopsis", "lang", "work_id",
]  # fmt: skip
PLURAL_ROLES = {
    "Producers": "Producer",
    "Editors": "Editor",
    "Production designers": "Production designer",
    "Costume designers": "Costume designer",
}


@functools.cache
def small_site() -> NziffSite:
    return build_nziff_site(ReplicaConfig(films=600, seed=7))


@functools.cache
def medium_site(films: int, seed: int) -> NziffSite:
    return build_nziff_site(ReplicaConfig(films=films, seed=seed))


def _truth_lines(site: NziffSite) -> list[str]:
    return [json.dumps(record, ensure_ascii=False) for record in site.truth_records()]


def _path(url: str) -> str:
    return re.sub(r"^https?://[^/]+", "", url)


def _page(cache: PageCache, target: str) -> str | None:
    page = cache.lookup(target)
    return None if page is None else page.body.decode("utf-8")


def clean(text: str | None) -> str | None:
    """What a careful reader makes of displayed text: entities decoded (once more for a
    double-escaped `&`), typographic apostrophes straightened, spacing collapsed."""
    if text is None:
        return None
    text = html.unescape(text).replace("\u2019", "'").replace("\xa0", " ")
    return " ".join(text.split())


def _language_list(text: str) -> list[str]:
    return [part for part in re.split(r", | and ", text) if part]


def read_film_page(page_html: str) -> dict[str, Any]:
    """Every field of an NZIFF film page, read the way NZIFF.md says to read it."""
    film = Selector(text=page_html).css("article.film")
    record: dict[str, Any] = {}
    record["title"] = clean(
        film.css("h1.article-title span[itemprop=name]").xpath("string()").get()
    )
    year = film.css("span[itemprop=copyrightYear]::text").get()
    record["year"] = int(year) if year else None
    record["original_title"] = clean(film.css("p.title-extra").xpath("string()").get())
    record["directors"] = [
        clean(name) for name in film.css("a[itemprop=director]").xpath("string()").getall()
    ]
    record["section"] = film.css("a.category-label::text").get()
    record["tagline"] = film.css("p.tagline::text").get()
    countries = film.css("span.countries::text").get()
    record["countries"] = re.split(r" / |, ", countries) if countries else []
    spoken = film.css("span.languages::text").get()
    record["languages"], record["subtitled"] = [], False
    if spoken:
        spoken = spoken.removeprefix("In ")
        record["subtitled"] = spoken.endswith(" with English subtitles")
        record["languages"] = _language_list(spoken.removesuffix(" with English subtitles"))
    runtime = film.css("span[itemprop=duration]::text").get()
    record["runtime"] = int(runtime.replace("\xa0", " ").split(" ")[0]) if runtime else None
    record["colour"] = film.css("span.colour::text").get()
    record["format"] = film.css("span.format::text").get()
    credits: dict[str, list[str | None]] = {}
    festivals: list[str] = []
    for term in film.css("dl.credits dt"):
        label = term.xpath("string()").get()
        value = term.xpath("following-sibling::dd[1]")
        if label in ("Festival", "Festivals"):
            festivals = value.css("span.festival::text").getall()
        elif label not in ("Director", "Directors"):
            role = PLURAL_ROLES.get(label, label)
            credits[role] = [
                clean(n) for n in value.css("span.credit-name").xpath("string()").getall()
            ]
    plain = film.css("p.festivals::text").get()
    if plain:
        festivals = plain.split(": ", 1)[1].split(", ")
    record["credits"] = credits
    record["festivals"] = festivals
    paragraphs = film.css("div.film-synopsis p").xpath("string()").getall()
    record["synopsis"] = "\n\n".join(paragraphs) if paragraphs else None
    quote = film.css("p.press-quote").xpath("string()").get()
    record["quote"] = record["quote_source"] = None
    if quote:
        match = re.fullmatch(r"“(.*)” — (.*)", quote)
        assert match, quote
        record["quote"], record["quote_source"] = match[1], match[2]
    return record


def test_same_config_gives_identical_truth_and_pages() -> None:
    config = ReplicaConfig(films=300, seed=3, mutate=0.1, mutate_seed=2)
    first, second = build_nziff_site(config), build_nziff_site(config)
    assert _truth_lines(first) == _truth_lines(second)
    cache_a, cache_b = PageCache(first), PageCache(second)
    record = list(first.truth_records())[100]
    edition = first.editions[2010]
    base = f"/{edition.year}/{edition.folder}/"
    targets = [
        "/archive/",
        base,
        base + "films/title/",
        base + "films/country/",
        _path(record["url"]),
    ]
    for target in targets:
        text = _page(cache_a, target)
        assert text is not None and text == _page(cache_b, target), target


def test_another_seed_gives_another_site() -> None:
    first = build_nziff_site(ReplicaConfig(films=300, seed=1))
    second = build_nziff_site(ReplicaConfig(films=300, seed=2))
    assert _truth_lines(first) != _truth_lines(second)


def test_truth_records_extend_the_export_format_in_year_then_slug_order() -> None:
    records = list(small_site().truth_records())
    assert len(records) == 600
    assert all(tuple(record) == TRUTH_KEYS for record in records)
    assert list(TRUTH_KEYS[: len(EXPORT_KEYS)]) == EXPORT_KEYS
    assert records == sorted(records, key=lambda r: (r["edition"], r["slug"]))
    for record in records:
        assert record["festival"] == "nziff" and record["lang"] == "en"
        assert record["film_id"] == f"{record['edition']}/{record['slug']}"
        assert re.fullmatch(
            rf"https://www\.nziff\.co\.nz/{record['edition']}/archive(-\d)?/{record['slug']}/",
            record["url"],
        )
        assert all(isinstance(names, list) for names in record["credits"].values())
        assert "Director" not in record["credits"]


def test_every_truth_key_is_documented_in_nziff_md() -> None:
    text = NZIFF_MD.read_text(encoding="utf-8")
    for key in TRUTH_KEYS:
        assert f"`{key}`" in text, key


def test_every_page_field_is_rendered_as_the_truth_says() -> None:
    site = small_site()
    cache = PageCache(site)
    for record in site.truth_records():
        page_html = _page(cache, _path(record["url"]))
        assert page_html is not None, record["url"]
        shown = read_film_page(page_html)
        for key, value in shown.items():
            assert value == record[key], (record["film_id"], key, value, record[key])


def test_slugs_are_unique_within_a_year_and_repeated_titles_get_a_suffix() -> None:
    site = medium_site(2000, 0)
    records = list(site.truth_records())
    assert len({(r["edition"], r["slug"]) for r in records}) == len(records)
    assert len({r["film_id"] for r in records}) == len({r["url"] for r in records}) == len(records)
    for record in records:
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", record["slug"]), record["slug"]
    titles = Counter((r["edition"], r["title"]) for r in records)
    repeated = [key for key, count in titles.items() if count > 1]
    assert repeated, "a 2,000-film archive repeats some title within a year"
    suffixed = 0
    for edition, title in repeated:
        slugs = [r["slug"] for r in records if (r["edition"], r["title"]) == (edition, title)]
        assert len(set(slugs)) == len(slugs)
        suffixed += sum(1 for slug in slugs if re.search(r"-[2-9]$", slug))
    assert suffixed >= len(repeated) // 2


def test_irregularities_occur() -> None:
    films = list(medium_site(2000, 0).films.values())

    def count(predicate: Any) -> int:
        return sum(1 for film in films if predicate(film))

    assert count(lambda f: len(f.directors) > 1) > 100
    assert count(lambda f: not f.directors) > 10
    assert count(lambda f: f.year is None) > 10
    assert count(lambda f: f.runtime is None) > 20
    assert count(lambda f: not f.synopsis_paragraphs) > 10
    assert count(lambda f: f.knobs.curly_apostrophe) > 10
    assert count(lambda f: f.knobs.double_amp) > 5
    assert count(lambda f: f.knobs.nbsp_runtime) > 300
    assert count(lambda f: f.knobs.plain_festivals and f.festivals) > 50
    assert count(lambda f: f.original_title is not None) > 20
    assert count(lambda f: f.subtitled) > 300
    assert count(lambda f: len(f.countries) > 1) > 200
    assert {f.knobs.joiner for f in films if len(f.directors) > 1} == {", ", " & ", " and "}


@pytest.mark.parametrize(("films", "seed"), [(300, 0), (300, 7), (2000, 0), (2000, 5)])
def test_about_a_tenth_of_the_films_are_works_the_miff_replica_shows(films: int, seed: int) -> None:
    nziff = medium_site(films, seed)
    miff = build_site(ReplicaConfig(films=films, seed=seed))
    miff_truth = {r["film_id"]: r for r in miff.truth_records()}
    miff_works = {r["work_id"] for r in miff_truth.values()}
    records = list(nziff.truth_records())
    shared = [r for r in records if r["work_id"] in miff_works]
    assert 0.07 <= len(shared) / len(records) <= 0.13
    for record in shared:
        film = nziff.films[record["film_id"]]
        assert film.miff_film_id is not None
        original = miff_truth[film.miff_film_id]
        assert original["work_id"] == record["work_id"]
        assert abs((original["year"] or 0) - (record["year"] or 0)) <= 1
        assert record["synopsis"] != original["synopsis"]
        for paragraph in record["synopsis"].split("\n\n") if record["synopsis"] else ():
            assert paragraph not in (original["synopsis"] or "")
    others = [r for r in records if r["work_id"] not in miff_works]
    assert all(r["work_id"].startswith("nz-") for r in others)
    assert len({r["work_id"] for r in others}) == len(others)
    if films >= 2000:
        by_id = {r["film_id"]: r for r in shared}

        def differs(key: str) -> int:
            return sum(
                1
                for r in shared
                if r[key] != miff_truth[nziff.films[r["film_id"]].miff_film_id or ""][key]
            )

        assert len(by_id) == len(shared)
        assert differs("title") > 10 and differs("directors") > 10 and differs("year") > 10


def test_building_nziff_leaves_the_miff_replica_as_it_was() -> None:
    before = [json.dumps(r) for r in build_site(ReplicaConfig(films=300, seed=4)).truth_records()]
    build_nziff_site(ReplicaConfig(films=300, seed=4))
    after = [json.dumps(r) for r in build_site(ReplicaConfig(films=300, seed=4)).truth_records()]
    assert before == after


def test_every_truth_film_is_listed_by_title_and_by_country() -> None:
    site = small_site()
    cache = PageCache(site)
    by_title: set[str] = set()
    by_country: set[str] = set()
    link = re.compile(r'itemprop="url" href="(?:https?://[^/"]+)?/(\d{4})/[a-z0-9-]+/([^/"]+)/?"')
    for edition in site.editions.values():
        base = f"/{edition.year}/{edition.folder}/films/"
        listing = _page(cache, base + "title/")
        assert listing is not None
        by_title.update(f"{y}/{s}" for y, s in link.findall(listing))
        countries = _page(cache, base + "country/")
        assert countries is not None
        for href in re.findall(r'href="([^"]+/films/country/[^"]+)"', countries):
            page_html = _page(cache, href)
            assert page_html is not None, href
            by_country.update(f"{y}/{s}" for y, s in link.findall(page_html))
    truth_ids = {r["film_id"] for r in site.truth_records()}
    assert by_title == truth_ids
    assert by_country == {r["film_id"] for r in site.truth_records() if r["countries"]}


def test_mutate_changes_exactly_the_requested_share_and_truth_follows() -> None:
    base = build_nziff_site(ReplicaConfig(films=500, seed=4))
    changed = build_nziff_site(ReplicaConfig(films=500, seed=4, mutate=0.1, mutate_seed=9))
    assert len(changed.mutated_film_ids) == 50
    before = {r["film_id"]: r for r in base.truth_records()}
    after = {r["film_id"]: r for r in changed.truth_records()}
    assert {fid for fid in before if before[fid] != after[fid]} == changed.mutated_film_ids
    base_cache, changed_cache = PageCache(base), PageCache(changed)
    for film_id in sorted(changed.mutated_film_ids)[:10]:
        target = _path(after[film_id]["url"])
        old, new = base_cache.lookup(target), changed_cache.lookup(target)
        assert old is not None and new is not None
        assert old.etag != new.etag and new.last_modified > old.last_modified


def test_remove_takes_entries_off_every_listing_and_their_pages_404() -> None:
    base = build_nziff_site(ReplicaConfig(films=400, seed=2))
    site = build_nziff_site(ReplicaConfig(films=400, seed=2, remove=0.05, remove_seed=1))
    assert len(site.removed_film_ids) == 20 and len(site.films) == 380
    before = {r["film_id"]: r for r in base.truth_records()}
    cache = PageCache(site)
    for film_id in site.removed_film_ids:
        assert cache.lookup(_path(before[film_id]["url"])) is None
    for members in site.listings.values():
        assert not set(members) & site.removed_film_ids
