"""The replica's content: deterministic, sized like the real archive, truth consistent."""

from __future__ import annotations

import html
import json
import re
import unicodedata
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import ftfy
import pytest

from mirror.replica.display import in_capitals
from mirror.replica.editions import YEARS, edition_sizes
from mirror.replica.model import Film
from mirror.replica.records import RecordsError
from mirror.replica.routes import PageCache
from mirror.replica.seed import SEED_FILM_ID, SEED_PATH
from mirror.replica.site import PAGE_SIZE, ReplicaConfig, Site, build_site
from tests.replica_fixtures import (
    SMALL_FILMS,
    film_ids_linked,
    page_text,
    shared_full_site,
    shared_small_site,
)

EXPORT_KEYS = [
    "festival", "film_id", "url", "title", "directors", "year", "countries", "edition",
    "section", "synopsis", "lang", "work_id",
]  # fmt: skip


@pytest.fixture(scope="module")
def small_site() -> Site:
    return shared_small_site()


@pytest.fixture(scope="module")
def full_site() -> Site:
    return shared_full_site()


def _truth_lines(site: Site) -> list[str]:
    return [json.dumps(record, ensure_ascii=False) for record in site.truth_records()]


def test_same_config_gives_identical_truth_and_pages() -> None:
    config = ReplicaConfig(films=300, seed=3, mutate=0.1, mutate_seed=2)
    first, second = build_site(config), build_site(config)
    assert _truth_lines(first) == _truth_lines(second)
    cache_a, cache_b = PageCache(first), PageCache(second)
    for target in ("/festival-archive", "/festival-archive/films/festival/1999",
                   f"/festival-archive/film/{list(first.films)[100]}"):  # fmt: skip
        assert page_text(cache_a, target) == page_text(cache_b, target)


def test_another_seed_gives_another_site() -> None:
    first = build_site(ReplicaConfig(films=300, seed=1))
    second = build_site(ReplicaConfig(films=300, seed=2))
    assert _truth_lines(first) != _truth_lines(second)


def test_default_site_has_12000_films_with_real_edition_sizes(full_site: Site) -> None:
    assert len(full_site.films) == 12_000
    per_edition = Counter(film.edition for film in full_site.films.values())
    assert sorted(year or 0 for year in per_edition) == list(YEARS)
    for year, size in {1956: 82, 1985: 177, 1999: 274, 2006: 356, 2007: 395}.items():
        assert per_edition[year] == size


@pytest.mark.parametrize("total", [68, 150, 1000, 5000])
def test_films_option_scales_every_edition_to_at_least_one_film(total: int) -> None:
    sizes = edition_sizes(total)
    assert sum(sizes.values()) == total
    assert min(sizes.values()) >= 1
    assert sizes[2007] >= sizes[1956]


def test_edition_counts_match_the_films_screened(small_site: Site) -> None:
    per_edition = Counter(film.edition for film in small_site.films.values())
    shorts = Counter(film.edition for film in small_site.films.values() if film.is_short)
    for year, edition in small_site.editions.items():
        assert edition.feature_count + edition.short_count == per_edition[year]
        assert edition.short_count == shorts[year]


def test_seed_film_is_present_with_fixed_id_and_verbatim_text(small_site: Site) -> None:
    film = small_site.films[SEED_FILM_ID]
    assert (film.title, film.directors, film.country, film.year) == (
        "From Russia with Rock", ("Marjaana Mykkanen",), "USSR", 1988)  # fmt: skip
    assert (film.edition, film.section) == (1989, None)
    seed_text = SEED_PATH.read_text(encoding="utf-8")
    assert len(film.synopsis_paragraphs) == 4
    for paragraph in film.synopsis_paragraphs:
        assert paragraph in seed_text
    html = page_text(PageCache(small_site), "/festival-archive/film/5977")
    assert html is not None and '<p class="film-meta">USSR, 1988 (MIFF 1989)</p>' in html
    assert "Director: Marjaana Mykkanen" in html
    see_also_links = film_ids_linked(html.split("See also...")[1])
    assert list(dict.fromkeys(see_also_links)) == list(film.see_also)
    assert all(target in small_site.films for target in film.see_also)
    assert len(film.see_also) == 6


def test_film_and_edition_ids_are_not_arithmetic(small_site: Site) -> None:
    ids = [int(film.film_id) for film in small_site.films.values()]
    assert len(set(ids)) == len(ids)
    steps = {b - a for a, b in zip(ids, ids[1:], strict=False)}
    assert len(steps) > len(ids) // 2  # no constant stride in edition order
    assert ids != sorted(ids)
    edition_offsets = {int(e.edition_id) - e.year for e in small_site.editions.values()}
    assert len(edition_offsets) == len(small_site.editions)


def test_truth_records_use_the_export_format_in_edition_then_id_order(small_site: Site) -> None:
    records = list(small_site.truth_records())
    assert len(records) == len(small_site.films)
    assert all(list(record) == EXPORT_KEYS for record in records)
    assert records == sorted(records, key=lambda r: (r["edition"], int(r["film_id"])))
    seed = next(r for r in records if r["film_id"] == SEED_FILM_ID)
    assert seed["url"] == "https://miff.com.au/festival-archive/film/5977"
    assert seed["countries"] == ["USSR"] and seed["lang"] == "en"


def test_every_truth_film_is_reachable_from_its_edition_listing(small_site: Site) -> None:
    cache = PageCache(small_site)
    found: set[str] = set()
    for year in small_site.editions:
        target = f"/festival-archive/films/festival/{year}"
        page = 0
        while (html := page_text(cache, target + (f"?page={page}" if page else ""))) is not None:
            found.update(film_ids_linked(html))
            page += 1
    assert found == {record["film_id"] for record in small_site.truth_records()}


def test_every_listing_family_paginates_twenty_rows_a_page(full_site: Site) -> None:
    cache = PageCache(full_site)
    for family in ("directors", "country", "category", "year", "festival"):
        (value, rows) = max(
            ((v, r) for (f, v), r in full_site.listings.items() if f == family),
            key=lambda item: len(item[1]),
        )
        pages = full_site.listing_page_count(family, value)
        assert pages > 1, family
        path = f"/festival-archive/films/{family}/{value.replace(' ', '+')}"
        first = page_text(cache, path)
        assert first is not None and '<a href="?page=1">next ›</a>' in first
        assert first.count('class="views-row"') == PAGE_SIZE
        last = page_text(cache, f"{path}?page={pages - 1}")
        assert last is not None and "pager-next" not in last and f"{pages} of {pages}" in last
        assert page_text(cache, f"{path}?page={pages}") is None


def test_co_directed_film_is_listed_under_each_directors_letter(full_site: Site) -> None:
    from mirror.replica.site import surname_letter

    film = next(
        f
        for f in full_site.films.values()
        if len({surname_letter(d) for d in f.directors}) == 2  # fmt: skip
    )
    for name in film.directors:
        letter = surname_letter(name)
        assert letter is not None
        assert film.film_id in full_site.listing_rows("directors", letter)


def test_rescreenings_share_a_work_with_a_new_id_and_synopsis(full_site: Site) -> None:
    by_work: dict[str, list[Film]] = {}
    for film in full_site.films.values():
        by_work.setdefault(film.work_id, []).append(film)
    repeats = [films for films in by_work.values() if len(films) > 1]
    share = sum(len(films) - 1 for films in repeats) / len(full_site.films)
    assert 0.025 < share < 0.055
    first, later = sorted(repeats[0], key=lambda f: f.edition or 0)[:2]
    assert first.film_id != later.film_id
    assert (first.edition or 0) < (later.edition or 0)
    assert (first.title, first.country) == (later.title, later.country)
    assert first.synopsis != later.synopsis


def test_irregularities_occur_at_roughly_facts_frequencies(full_site: Site) -> None:
    films = list(full_site.films.values())
    n = len(films)

    def share(predicate: Callable[[Film], bool]) -> float:
        return sum(1 for film in films if predicate(film)) / n

    assert 0.50 < share(lambda f: f.knobs.title_case == "upper") < 0.60
    assert 0.07 < share(lambda f: len(f.directors) > 1) < 0.13
    assert 0.005 < share(lambda f: f.year is None) < 0.02
    assert 0.005 < share(lambda f: not f.directors) < 0.02
    assert 0.012 < share(lambda f: f.synopsis is None) < 0.03
    assert 0.07 < share(lambda f: f.knobs.layout == "slash") < 0.13
    assert share(lambda f: f.knobs.no_header) > 0.01
    assert share(lambda f: f.knobs.listed_twice) > 0.003
    assert share(lambda f: f.knobs.invert_article) > 0.02
    assert share(lambda f: f.knobs.mojibake_title) > 0.002
    assert share(lambda f: f.knobs.broken_entity) > 0.002
    assert share(lambda f: any(not d.isascii() for d in f.directors)) > 0.05


def test_mutate_changes_exactly_the_requested_share_and_truth_follows() -> None:
    base = build_site(ReplicaConfig(films=500, seed=4))
    changed = build_site(ReplicaConfig(films=500, seed=4, mutate=0.1, mutate_seed=9))
    assert len(changed.mutated_film_ids) == 50
    before = {r["film_id"]: r for r in base.truth_records()}
    after = {r["film_id"]: r for r in changed.truth_records()}
    differing = {film_id for film_id in before if before[film_id] != after[film_id]}
    assert differing == changed.mutated_film_ids
    base_cache, changed_cache = PageCache(base), PageCache(changed)
    for film_id in sorted(changed.mutated_film_ids)[:10]:
        target = f"/festival-archive/film/{film_id}"
        old, new = base_cache.lookup(target), changed_cache.lookup(target)
        assert old is not None and new is not None
        assert old.etag != new.etag and new.last_modified > old.last_modified
    film_id = sorted(changed.mutated_film_ids)[0]
    edition = changed.films[film_id].edition
    listing = f"/festival-archive/films/festival/{edition}"
    pages_old = [base_cache.lookup(f"{listing}?page={p}") for p in range(30)]
    pages_new = [changed_cache.lookup(f"{listing}?page={p}") for p in range(30)]
    assert [p.etag for p in pages_old if p] != [p.etag for p in pages_new if p]


def _write_records(tmp_path: Path, lines: list[str]) -> Path:
    path = tmp_path / "records.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_records_are_placed_verbatim_and_missing_fields_stay_missing(tmp_path: Path) -> None:
    path = _write_records(tmp_path, [
        json.dumps({"film_id": "90001", "title": "MACK, THE", "directors": ["Michael Campus"],
                    "year": 1973, "countries": ["USA"], "edition": 1974, "section": None,
                    "synopsis": "One.\n\nTwo.", "listing_line": "THE MACK (Michael Campus, 1973)"}),
        json.dumps({"film_id": "90002", "title": "Quiet", "edition": 1980, "lang": "fr"}),
    ])  # fmt: skip
    site = build_site(ReplicaConfig(records=path))
    truth = {r["film_id"]: r for r in site.truth_records()}
    assert truth["90001"]["title"] == "MACK, THE"
    assert truth["90001"]["synopsis"] == "One.\n\nTwo."
    assert truth["90002"]["directors"] == [] and truth["90002"]["year"] is None
    assert truth["90002"]["lang"] == "fr"
    cache = PageCache(site)
    listing = page_text(cache, "/festival-archive/films/festival/1974")
    assert listing is not None and "THE MACK (Michael Campus, 1973)</a>" in listing
    film_page = page_text(cache, "/festival-archive/film/90002")
    assert film_page is not None and "film-director" not in film_page
    assert 'class="synopsis"' not in film_page
    assert SEED_FILM_ID in truth  # the seed page is in every configuration


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("{not json", "line 2"),
        ('{"title": "no id"}', "film_id"),
        ('{"film_id": "5", "year": "1990"}', "'year'"),
        ('["a list"]', "JSON object"),
    ],
)
def test_bad_records_line_is_reported_with_its_number(
    tmp_path: Path, line: str, message: str
) -> None:
    path = _write_records(tmp_path, ['{"film_id": "1", "title": "Fine"}', line])
    with pytest.raises(RecordsError, match="line 2") as error:
        build_site(ReplicaConfig(records=path))
    assert message in str(error.value)


def test_small_site_has_the_requested_size(small_site: Site) -> None:
    assert len(small_site.films) == SMALL_FILMS


_BROKEN_ENTITY = re.compile(r"&(\w+):")
_RATING = re.compile(r"\s*\((?:MA15\+|R18\+|M|PG|G|R|CTC)\)\s*$")
_INVERTED = re.compile(r"^(.*), (The|A|An|La|Le|Les|L'|El|Il|Die|Der|Das)$", re.IGNORECASE)


def _reader_title(shown: str) -> str:
    """What a careful reader makes of a displayed title (the rules of
    scraper.parsing.clean_title), before re-casing one shown in capitals."""
    text = ftfy.fix_encoding(html.unescape(_BROKEN_ENTITY.sub(r"&\1;", shown)))
    text = _RATING.sub("", " ".join(text.split()))
    inverted = _INVERTED.match(text)
    if inverted:
        text = f"{inverted[2]} {inverted[1]}"
    return unicodedata.normalize("NFC", text)


def test_displayed_titles_and_names_are_recoverable_to_the_truth(full_site: Site) -> None:
    """The title is shown as it is or in capitals that lose no letter (the ß stays:
    ``STRASSE`` could not be read back as ``Straße``); the re-casing is the crawl's."""
    for film in full_site.films.values():
        if film.title is None or film.title_display is None:
            continue
        expected = in_capitals(film.title) if film.knobs.title_case == "upper" else film.title
        assert _reader_title(film.title_display) == expected, film.film_id
        shown_names = [ftfy.fix_encoding(name) for name in film.listing_directors]
        if not film.knobs.strip_listing_diacritics:
            assert shown_names == list(film.directors), film.film_id


def test_no_two_works_are_one_film_to_an_archivist() -> None:
    """Two works with one title, a director of one surname and years within one would
    be one film to anyone, yet the truth would call them two (the 12,000-film replica
    drew three such pairs before the generator redrew their titles)."""
    site = build_site(ReplicaConfig(films=12_000, seed=0))
    works: dict[str, tuple[str, frozenset[str], int | None]] = {}
    for film in site.films.values():
        surnames = frozenset(d.split()[-1].casefold() for d in film.directors if d.split())
        works.setdefault(film.work_id, ((film.title or "").casefold(), surnames, film.year))
    by_title: dict[str, list[tuple[frozenset[str], int | None]]] = {}
    for title, surnames, year in works.values():
        by_title.setdefault(title, []).append((surnames, year))
    clashes = [
        (title, a, b)
        for title, drawn in by_title.items()
        for i, a in enumerate(drawn)
        for b in drawn[i + 1 :]
        if a[0] & b[0] and a[1] is not None and b[1] is not None and abs(a[1] - b[1]) <= 1
    ]
    assert clashes == []
