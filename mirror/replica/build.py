"""Generate the synthetic film entries of a replica site, edition by edition."""

from __future__ import annotations

import random
from collections.abc import Iterable
from dataclasses import replace

from mirror.replica import generate, pools
from mirror.replica.display import finalize, invertible_article
from mirror.replica.editions import YEARS, feature_share
from mirror.replica.model import DisplayKnobs, Film, SeeAlsoItem, Work

RESCREEN_SHARE = 0.04
RECURRING_DIRECTORS = 900
RECURRING_SHARE = 0.25
# Titles drawn for a new work before an indistinguishable one is kept anyway.
MAX_TITLE_DRAWS = 20


def _sections_for(year: int) -> tuple[str, ...]:
    for first, last, names in pools.SECTIONS_BY_ERA:
        if first <= year <= last:
            return names
    return pools.SECTIONS_BY_ERA[-1][2]


def _section(rng: random.Random, edition: int, is_short: bool) -> str | None:
    if rng.random() < (0.5 if edition < 1970 else 0.12):
        return None
    names = _sections_for(edition)
    if is_short and rng.random() < 0.7:
        shorts = [n for n in names if n in pools.SHORT_SECTIONS]
        return rng.choice(shorts) if shorts else None
    return rng.choice([n for n in names if n not in pools.SHORT_SECTIONS] or list(names))


def respell(rng: random.Random, name: str) -> str:
    """An irrecoverable misspelling: a doubled or swapped letter in the surname."""
    first, _, last = name.rpartition(" ")
    if len(last) < 4:
        return name
    i = rng.randrange(1, len(last) - 2)
    if rng.random() < 0.5:
        last = last[:i] + last[i] + last[i:]
    else:
        last = last[:i] + last[i + 1] + last[i] + last[i + 2 :]
    return f"{first} {last}".strip()


def _initial_only(name: str) -> str:
    first, _, last = name.partition(" ")
    return f"{first[0]}. {last}" if last else name


def _surnames(directors: Iterable[str]) -> frozenset[str]:
    return frozenset(name.split()[-1].casefold() for name in directors if name.split())


class FilmGenerator:
    """Draws works and entries; keeps earlier works so later editions can re-screen them."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.recurring: list[tuple[str, str]] = []
        for _ in range(RECURRING_DIRECTORS):
            region = generate.pick_region(rng)
            self.recurring.append((generate.person_name(rng, region), region))
        self.works: list[tuple[Work, int]] = []  # with the edition first screened in
        self._screened: set[tuple[str, int]] = set()
        self._work_counter = 0
        # Works by folded title: their directors' surnames and year (`_indistinguishable`).
        self._titled: dict[str, list[tuple[frozenset[str], int]]] = {}

    def _new_work(self, edition: int) -> Work:
        rng = self.rng
        if rng.random() < RECURRING_SHARE:
            lead, region = rng.choice(self.recurring)
        else:
            region = generate.pick_region(rng)
            lead = generate.person_name(rng, region)
        directors = [lead]
        if rng.random() < 0.10:
            for _ in range(1 if rng.random() < 0.8 else 2):
                co = generate.person_name(rng, region if rng.random() < 0.7 else "en")
                if co not in directors:
                    directors.append(co)
        roll = rng.random()
        if roll < 0.15:
            year = edition
        elif roll < 0.75:
            year = edition - 1
        elif roll < 0.90:
            year = edition - rng.randint(2, 3)
        else:
            year = max(1895, edition - rng.randint(4, 60))
        title, kind = generate.title(rng, region)
        for _ in range(MAX_TITLE_DRAWS):
            if not self._indistinguishable(title, directors, year):
                break
            title, kind = generate.title(rng, region)
        self._titled.setdefault(title.casefold(), []).append((_surnames(directors), year))
        if kind == "question" and rng.random() < 0.5:
            title = title.replace("?", "'")  # `?` shown as `'`: baked into the record
        self._work_counter += 1
        work = Work(
            work_id=f"w{self._work_counter:05d}",
            title=title,
            directors=tuple(directors),
            year=year,
            country=generate.country_for(rng, region, year),
        )
        self.works.append((work, edition))
        return work

    def _indistinguishable(self, title: str, directors: list[str], year: int) -> bool:
        """Whether an earlier work has this title, a director of the same surname and a
        year within one: two such works are one film to any archivist (a co-director
        credited or not, a festival year), yet the truth would call them two, and no
        matcher could tell them apart. The 12,000-film replica drew three such pairs."""
        surnames = _surnames(directors)
        return any(
            surnames & others and abs(year - other_year) <= 1
            for others, other_year in self._titled.get(title.casefold(), ())
        )

    def _rescreen_candidate(self, edition: int) -> Work | None:
        """A work first screened in an earlier edition and not yet shown in this one."""
        if not self.works:
            return None
        work, first_edition = self.rng.choice(self.works)
        if first_edition >= edition or (work.work_id, edition) in self._screened:
            return None
        self._screened.add((work.work_id, edition))
        return work

    def film(self, film_id: str, edition: int) -> Film:
        rng = self.rng
        work = self._rescreen_candidate(edition) if rng.random() < RESCREEN_SHARE else None
        if work is None:
            work = self._new_work(edition)
        directors = work.directors
        roll = rng.random()
        if roll < 0.01:
            directors = ()
        elif roll < 0.02:
            directors = (respell(rng, directors[0]), *directors[1:])
        elif roll < 0.03:
            directors = (_initial_only(directors[0]), *directors[1:])
        year = None if rng.random() < 0.01 else work.year
        is_short = rng.random() > feature_share(edition)
        parts = generate.synopsis(rng, work.title, directors, year)
        if rng.random() < 0.02:
            parts = generate.SynopsisParts(paragraphs=())
        film = Film(
            film_id=film_id,
            work_id=work.work_id,
            title=work.title,
            directors=directors,
            year=year,
            country=work.country,
            countries=(work.country,) if work.country else (),
            edition=edition,
            section=_section(rng, edition, is_short),
            synopsis_paragraphs=parts.paragraphs,
            lang=parts.lang,
            is_short=is_short,
            quote=parts.quote,
            quote_source=parts.quote_source,
            credit_line=parts.credit_line,
            reviewer=parts.reviewer,
        )
        return film_with_knobs(rng, film)


def film_with_knobs(rng: random.Random, film: Film) -> Film:
    """Choose the display irregularities of one entry (FACTS.md frequencies)."""
    title = film.title or ""
    stylised = title in pools.STYLISED_TITLES
    non_ascii_names = any(not name.isascii() for name in film.directors)
    full_meta = bool(film.directors) and film.year is not None and film.country is not None
    edition = film.edition or 2000
    lead_roll = rng.random()
    if film.quote and lead_roll < 0.3:
        teaser_lead = "quote"
    elif lead_roll < 0.03:
        teaser_lead = "premiere"
    elif lead_roll > 0.99:
        teaser_lead = "empty"
    else:
        teaser_lead = "text"
    meta_roll = rng.random()
    knobs = DisplayKnobs(
        title_case="asis" if stylised or rng.random() >= 0.567 else "upper",
        invert_article=invertible_article(title) is not None and rng.random() < 0.35,
        rating=rng.choice(pools.RATINGS) if rng.random() < 0.03 else None,
        broken_entity="–" in title and rng.random() < 0.6,
        mojibake_title=not title.isascii() and rng.random() < 0.2,
        extra_space=rng.random() < 0.03,
        strip_listing_diacritics=non_ascii_names and rng.random() < 0.5,
        mojibake_listing_names=non_ascii_names and rng.random() < 0.1,
        joiner=rng.choices((", ", " & ", " and "), cum_weights=(70, 85, 100))[0],
        layout="slash" if full_meta and rng.random() < 0.10 else "standard",
        meta_variant="compact"
        if meta_roll < 0.03
        else "space_comma"
        if meta_roll < 0.06
        else "normal",
        no_header=rng.random() < (0.12 if edition >= 2010 else 0.01),
        listed_twice=rng.random() < 0.01,
        teaser_lead=teaser_lead,
        premiere_label=rng.choice(pools.PREMIERE_LABELS) if teaser_lead == "premiere" else None,
    )
    return finalize(replace(film, knobs=knobs))


def generate_films(
    rng: random.Random, sizes: dict[int, int], film_ids: Iterable[str]
) -> list[Film]:
    """`sizes[year]` new entries per edition, drawing ids from `film_ids` in order."""
    generator = FilmGenerator(rng)
    ids = iter(film_ids)
    return [generator.film(next(ids), year) for year in YEARS for _ in range(sizes.get(year, 0))]


def add_see_also(rng: random.Random, films: list[Film]) -> list[Film]:
    """Link each entry to up to four others by the same director, else a few at random."""
    by_director: dict[str, list[str]] = {}
    for film in films:
        for name in film.directors:
            by_director.setdefault(name, []).append(film.film_id)
    all_ids = [film.film_id for film in films]
    linked = []
    for film in films:
        if film.see_also_items:
            linked.append(film)
            continue
        targets: list[str] = []
        for name in film.directors:
            targets.extend(i for i in by_director[name] if i != film.film_id and i not in targets)
        if not targets and all_ids and rng.random() < 0.5:
            targets = [rng.choice(all_ids) for _ in range(rng.randint(1, 3))]
            targets = [t for t in dict.fromkeys(targets) if t != film.film_id]
        items = tuple(
            SeeAlsoItem(t, show_title=rng.random() < 0.4, show_meta=rng.random() < 0.2)
            for t in targets[:4]
        )
        linked.append(replace(film, see_also_items=items) if items else film)
    return linked
