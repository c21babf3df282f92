"""`build_site(config) -> Site`: the whole deterministic replica, held in memory."""

from __future__ import annotations

import random
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from mirror.replica.build import add_see_also, film_with_knobs, generate_films
from mirror.replica.editions import DEFAULT_FILMS, YEARS, edition_sizes, make_editions
from mirror.replica.model import Edition, Film
from mirror.replica.records import load_records
from mirror.replica.seed import SEED_FILM_ID, seed_films
from mirror.replica.truth import truth_record

PAGE_SIZE = 20


@dataclass(frozen=True)
class ReplicaConfig:
    """Everything that determines a site: the same config always gives the same bytes."""

    films: int | None = None  # None: 12,000 (or no generated films when records are given)
    seed: int = 0
    records: Path | None = None
    mutate: float = 0.0
    mutate_seed: int = 0
    faults: str | None = None
    remove: float = 0.0  # fraction of entries taken off the site (after --mutate)
    remove_seed: int = 0


def surname_letter(name: str) -> str | None:
    surname = name.split(" ")[-1]
    base = unicodedata.normalize("NFKD", surname[:1]).upper()[:1]
    return base if base.isascii() and base.isalpha() else None


def film_sort_key(film: Film) -> tuple[int, int, str]:
    """Truth order: edition, then numeric film id."""
    numeric = int(film.film_id) if film.film_id.isdigit() else 1 << 62
    return (film.edition or 0, numeric, film.film_id)


def _listing_key(film: Film) -> tuple[str, int, str]:
    title = unicodedata.normalize("NFKD", film.title or "").casefold()
    return (title, *film_sort_key(film)[1:])


@dataclass
class Site:
    """The replica's content plus the listing indexes pages are rendered from."""

    config: ReplicaConfig
    films: dict[str, Film]
    editions: dict[int, Edition]
    mutated_film_ids: frozenset[str] = frozenset()
    removed_film_ids: frozenset[str] = frozenset()
    listings: dict[tuple[str, str], list[str]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.listings = _build_listings(self.films.values())

    def film(self, film_id: str) -> Film | None:
        return self.films.get(film_id)

    def edition_by_year(self, year: int) -> Edition | None:
        return self.editions.get(year)

    def listing_rows(self, family: str, value: str) -> list[str]:
        return self.listings.get((family, value), [])

    def listing_page_count(self, family: str, value: str) -> int:
        rows = len(self.listing_rows(family, value))
        return (rows + PAGE_SIZE - 1) // PAGE_SIZE

    def truth_records(self) -> Iterator[dict[str, Any]]:
        """Every film entry in the export format, sorted by (edition, numeric film id)."""
        for film in sorted(self.films.values(), key=film_sort_key):
            yield truth_record(film)


def _build_listings(films: Any) -> dict[tuple[str, str], list[str]]:
    grouped: dict[tuple[str, str], list[Film]] = {}
    for film in films:
        keys: list[tuple[str, str]] = []
        letters = dict.fromkeys(
            letter for letter in map(surname_letter, film.directors) if letter is not None
        )
        keys.extend(("directors", letter) for letter in letters)
        keys.extend(("country", country) for country in film.countries)
        if film.section:
            keys.append(("category", film.section))
        if film.year is not None:
            keys.append(("year", str(film.year)))
        if film.edition is not None:
            keys.append(("festival", str(film.edition)))
        for key in keys:
            grouped.setdefault(key, []).append(film)
    listings: dict[tuple[str, str], list[str]] = {}
    for key, members in grouped.items():
        rows: list[str] = []
        for film in sorted(members, key=_listing_key):
            rows.append(film.film_id)
            if film.knobs.listed_twice:
                rows.append(film.film_id)  # the same entry listed twice on one page
        listings[key] = rows
    return listings


def _choose_ids(rng: random.Random, count: int, reserved: set[str]) -> list[str]:
    """Random-looking, unique archive ids (not an arithmetic function of anything)."""
    space = range(100, max(100_000, count * 8))
    ids = [str(i) for i in rng.sample(space, count + len(reserved)) if str(i) not in reserved]
    return ids[:count]


def _finish_editions(
    rng: random.Random, editions: dict[int, Edition], films: dict[str, Film]
) -> dict[int, Edition]:
    members: dict[int, list[Film]] = {year: [] for year in editions}
    for film in films.values():
        if film.edition in members:
            members[film.edition].append(film)
    finished = {}
    for year, edition in editions.items():
        entries = sorted(members[year], key=film_sort_key)
        candidates = [f for f in entries if not f.is_short and f.directors and f.year]
        opening = rng.choice(candidates).film_id if candidates else None
        shorts = sum(1 for f in entries if f.is_short)
        finished[year] = replace(
            edition,
            opening_film_id=opening,
            feature_count=len(entries) - shorts,
            short_count=shorts,
        )
    return finished


def build_site(config: ReplicaConfig) -> Site:
    """Build the whole site in memory; pages are rendered (and cached) on request."""
    from mirror.replica.faults import parse_fault_spec
    from mirror.replica.mutate import mutate_films, remove_films

    if config.faults:
        parse_fault_spec(config.faults)  # fail early on a bad spec
    if config.films is not None and config.films < 0:
        raise ValueError("films must be >= 0")
    rng = random.Random(f"miff-replica:{config.seed}")
    editions = make_editions(random.Random(f"miff-replica:{config.seed}:editions"))
    fixed = seed_films()
    records = load_records(config.records) if config.records else []
    record_ids = {film.film_id for film in records}
    fixed = [film for film in fixed if film.film_id not in record_ids]
    if records:
        sizes = edition_sizes(config.films or 0, at_least_one=False)
    else:
        sizes = edition_sizes(DEFAULT_FILMS if config.films is None else config.films)
        for film in fixed:  # the seed entries count towards the requested total
            year = film.edition if sizes.get(film.edition or 0, 0) > 0 else None
            if year is None:
                year = max(sizes, key=lambda y: (sizes[y], -y))
            if sizes[year] > (1 if year != film.edition else 0):
                sizes[year] -= 1
    reserved = {film.film_id for film in fixed} | record_ids
    generated = generate_films(rng, sizes, _choose_ids(rng, sum(sizes.values()), reserved))
    generated = add_see_also(rng, generated)
    all_films = sorted([*fixed, *records, *generated], key=film_sort_key)
    films = {film.film_id: film for film in all_films}
    mutated: frozenset[str] = frozenset()
    if config.mutate:
        films, mutated = mutate_films(films, config.mutate, config.mutate_seed)
    editions = _finish_editions(rng, editions, films)
    removed: frozenset[str] = frozenset()
    if config.remove:
        # After the editions are finished, so the rest of the site stays as it was;
        # an edition whose opening film went simply stops showing it.
        films, removed = remove_films(films, config.remove, config.remove_seed)
    return Site(
        config=config,
        films=films,
        editions=editions,
        mutated_film_ids=mutated,
        removed_film_ids=removed,
    )


__all__ = [
    "PAGE_SIZE",
    "SEED_FILM_ID",
    "YEARS",
    "ReplicaConfig",
    "Site",
    "build_site",
    "film_with_knobs",
]
