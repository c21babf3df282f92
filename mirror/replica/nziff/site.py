"""`build_nziff_site(config) -> NziffSite`: the whole deterministic NZIFF replica in memory.

About a tenth of its entries are works the MIFF replica of the same `--films`/`--seed`
also shows: they are drawn from that MIFF site's generated entries (built here, read
only, so MIFF's own output never changes) and carry the MIFF work ids.
"""

from __future__ import annotations

import random
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from typing import Any

from mirror.replica.display import slug as title_slug
from mirror.replica.faults import parse_fault_spec
from mirror.replica.model import Film
from mirror.replica.nziff import pools
from mirror.replica.nziff.generate import NzGenerator, apportion, edition_sizes, make_editions
from mirror.replica.nziff.links import country_label, value_slug
from mirror.replica.nziff.model import NzEdition, NzFilm
from mirror.replica.nziff.truth import truth_record
from mirror.replica.site import ReplicaConfig, Site, build_site, film_sort_key

_GENERATED_WORK = re.compile(r"^w\d+$")
FAMILIES = ("title", "country", "strand")


def title_sort_key(film: NzFilm) -> tuple[str, str]:
    return (unicodedata.normalize("NFKD", film.title).casefold(), film.slug)


@dataclass
class NziffSite:
    """The NZIFF replica's entries plus the listing indexes its pages are rendered from."""

    config: ReplicaConfig
    films: dict[str, NzFilm]
    editions: dict[int, NzEdition]
    mutated_film_ids: frozenset[str] = frozenset()
    removed_film_ids: frozenset[str] = frozenset()
    # (year, family, value slug) -> film ids in title order; value "" for `title`
    listings: dict[tuple[int, str, str], list[str]] = field(default_factory=dict)
    labels: dict[tuple[int, str, str], str] = field(default_factory=dict)
    by_slug: dict[tuple[int, str], str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        grouped: dict[tuple[int, str, str], list[NzFilm]] = {}
        for film in self.films.values():
            self.by_slug[(film.edition, film.slug)] = film.film_id
            keys = [((film.edition, "title", ""), "All films")]
            keys.extend(
                ((film.edition, "country", value_slug(c)), country_label(c)) for c in film.countries
            )
            if film.section:
                keys.append(((film.edition, "strand", value_slug(film.section)), film.section))
            for key, label in keys:
                grouped.setdefault(key, []).append(film)
                self.labels[key] = label
        for key, members in grouped.items():
            self.listings[key] = [f.film_id for f in sorted(members, key=title_sort_key)]

    def film(self, film_id: str) -> NzFilm | None:
        return self.films.get(film_id)

    def film_at(self, year: int, slug: str) -> NzFilm | None:
        film_id = self.by_slug.get((year, slug))
        return None if film_id is None else self.films[film_id]

    def edition_at(self, year: int, folder: str) -> NzEdition | None:
        edition = self.editions.get(year)
        return edition if edition is not None and edition.folder == folder else None

    def values(self, year: int, family: str) -> list[tuple[str, str]]:
        """(slug, label) of every non-empty listing of one family in one year, by label."""
        found = [
            (v, self.labels[(y, f, v)]) for (y, f, v) in self.listings if (y, f) == (year, family)
        ]
        return sorted(found, key=lambda item: item[1].casefold())

    def truth_records(self) -> Iterator[dict[str, Any]]:
        """Every entry in the export format plus NZIFF's own fields, by (year, slug)."""
        for film in sorted(self.films.values(), key=lambda f: (f.edition, f.slug)):
            yield truth_record(film, self.editions[film.edition])


def _shared_plan(
    miff: Site, sizes: dict[int, int], target: int, rng: random.Random
) -> dict[int, list[Film]]:
    """The MIFF entries NZIFF also shows, by NZIFF year: one per work, the same or the
    next year as at MIFF, about `target` of them spread over the years by size."""
    candidates: dict[int, list[Film]] = {}
    seen: set[str] = set()
    for film in sorted(miff.films.values(), key=film_sort_key):
        if not (film.title and film.directors and film.year and film.edition):
            continue
        if not _GENERATED_WORK.match(film.work_id) or film.work_id in seen:
            continue
        seen.add(film.work_id)
        year = film.edition + (1 if rng.random() < 0.2 else 0)
        if sizes.get(year, 0):
            candidates.setdefault(year, []).append(film)
    quotas = dict(
        zip(pools.YEARS, apportion(target, [float(sizes[y]) for y in pools.YEARS]), strict=True)
    )
    plan: dict[int, list[Film]] = {}
    carry = 0
    for year in pools.YEARS:
        want = min(quotas[year] + carry, sizes[year])
        pool = candidates.get(year, [])
        picked = rng.sample(pool, min(want, len(pool)))
        carry = quotas[year] + carry - len(picked)
        plan[year] = picked
    return plan


def _with_slugs(rng: random.Random, year: int, films: list[NzFilm]) -> list[NzFilm]:
    """Slugs from the titles; a repeated title within the year gets `-2`, `-3`, …, and a
    few slugs carry the production year (`the-return-2015`)."""
    used: set[str] = set()
    named = []
    for film in films:
        base = title_slug(film.title)
        if film.year is not None and rng.random() < 0.02:
            base = f"{base}-{film.year}"
        slug, n = base, 2
        while slug in used:
            slug, n = f"{base}-{n}", n + 1
        used.add(slug)
        named.append(replace(film, slug=slug, film_id=f"{year}/{slug}"))
    return named


def build_nziff_site(config: ReplicaConfig) -> NziffSite:
    """Build the NZIFF site in memory; pages are rendered (and cached) on request."""
    from mirror.replica.nziff.mutate import mutate_films, remove_films

    if config.records is not None:
        raise ValueError("--records is only supported for --site miff")
    if config.faults:
        parse_fault_spec(config.faults)
    if config.films is not None and config.films < 0:
        raise ValueError("films must be >= 0")
    total = pools.DEFAULT_FILMS if config.films is None else config.films
    sizes = edition_sizes(total)
    miff = build_site(ReplicaConfig(films=config.films, seed=config.seed))
    plan = _shared_plan(
        miff,
        sizes,
        round(pools.SHARED_SHARE * total),
        random.Random(f"nziff-replica:{config.seed}:shared"),
    )
    editions = make_editions(random.Random(f"nziff-replica:{config.seed}:editions"))
    rng = random.Random(f"nziff-replica:{config.seed}")
    generator = NzGenerator(rng)
    films: dict[str, NzFilm] = {}
    for year in pools.YEARS:
        entries = [generator.shared_film(miff_film, year) for miff_film in plan[year]]
        entries += [generator.new_film(year) for _ in range(sizes[year] - len(entries))]
        rng.shuffle(entries)
        for film in _with_slugs(rng, year, entries):
            films[film.film_id] = film
    mutated: frozenset[str] = frozenset()
    if config.mutate:
        films, mutated = mutate_films(films, config.mutate, config.mutate_seed)
    removed: frozenset[str] = frozenset()
    if config.remove:
        films, removed = remove_films(films, config.remove, config.remove_seed)
    return NziffSite(
        config=config,
        films=films,
        editions=editions,
        mutated_film_ids=mutated,
        removed_film_ids=removed,
    )
