"""Generate the NZIFF replica's entries: its own works, and the films it shares with MIFF.

Names, titles and countries come from the shared generators (../generate.py); programme
notes, credits and the page's other fields from NZIFF's own shapes, so a film both
replicas show has a note written anew here, never a copy of the MIFF synopsis.
"""

from __future__ import annotations

import random
from dataclasses import replace

from mirror.replica import generate as shared
from mirror.replica import pools as shared_pools
from mirror.replica.display import strip_diacritics
from mirror.replica.model import Film
from mirror.replica.nziff import pools
from mirror.replica.nziff.model import NzEdition, NzFilm, NzKnobs

RECURRING_DIRECTORS = 300
RECURRING_SHARE = 0.2
NZ_SHARE = 0.15

COUNTRY_REGION = {
    country: region
    for region, countries in reversed(list(shared_pools.REGION_COUNTRIES.items()))
    for country in countries
}


def apportion(total: int, weights: list[float]) -> list[int]:
    """`total` split in proportion to `weights` (largest remainder, ties to the earlier)."""
    weight_sum = sum(weights)
    raw = [total * w / weight_sum for w in weights]
    sizes = [int(r) for r in raw]
    by_remainder = sorted(range(len(weights)), key=lambda i: (sizes[i] - raw[i], i))
    for i in by_remainder[: total - sum(sizes)]:
        sizes[i] += 1
    return sizes


def edition_sizes(total: int) -> dict[int, int]:
    """Entries per archive year; every year keeps one once there are enough to go round."""
    span = len(pools.YEARS) - 1
    weights = [
        pools.SIZE_FIRST + (pools.SIZE_LAST - pools.SIZE_FIRST) * i / span
        for i in range(len(pools.YEARS))
    ]
    sizes = apportion(total, weights)
    if total >= len(sizes):
        for i, size in enumerate(sizes):
            if size == 0:
                largest = max(range(len(sizes)), key=lambda j: (sizes[j], -j))
                sizes[largest] -= 1
                sizes[i] = 1
    return dict(zip(pools.YEARS, sizes, strict=True))


def make_editions(rng: random.Random) -> dict[int, NzEdition]:
    """Each year's folder: `archive` or `archive-N`, not a function of the year."""
    editions = {}
    for year in pools.YEARS:
        folder = "archive" if rng.random() < 0.35 else f"archive-{rng.randint(1, 6)}"
        heading = (
            f"NZIFF {year}"
            if rng.random() < 0.8
            else f"New Zealand International Film Festival {year}"
        )
        editions[year] = NzEdition(year=year, folder=folder, heading=heading)
    return editions


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _surname(name: str) -> str:
    return name.split(" ")[-1]


def _sentence(rng: random.Random, shape: int, title: str, directors: tuple[str, ...]) -> str:
    c = rng.choice
    if shape == 0:
        opener = c(pools.OPENERS).format(
            n=rng.randint(2, 12), season=c(pools.SEASONS), place=c(shared_pools.PLACES_LONG)
        )
        who = f"{_surname(directors[0])}'s" if directors else "this"
        return (
            f"{opener}, {who} {c(shared_pools.QUALITIES)} {c(shared_pools.FORMS)} follows "
            f"{c(shared_pools.CHARACTERS)} through {c(shared_pools.PLACES_LONG)}."
        )
    if shape == 1:
        return f"{title} asks what {c(shared_pools.THEMES)} means when {c(shared_pools.EVENTS)}."
    if shape == 2:
        return (
            f"The result is {c(pools.VERDICTS)}: {c(shared_pools.QUALITIES)}, "
            f"{c(shared_pools.QUALITIES)} and never less than {c(shared_pools.QUALITIES)}."
        )
    if shape == 3:
        return (
            f"{_cap(c(shared_pools.CHARACTERS))} and {c(shared_pools.CHARACTERS)} are at its "
            f"centre, and the {c(shared_pools.PRAISE_TARGETS)} is superb."
        )
    if shape == 4:
        return (
            f"When {c(shared_pools.EVENTS)}, {c(shared_pools.CHARACTERS)} has to face the "
            f"fact that {c(shared_pools.OUTCOMES)}."
        )
    if shape == 5:
        return (
            f"Few films this year look as good: the {c(shared_pools.PRAISE_TARGETS)} alone "
            "is worth the trip."
        )
    if shape == 6:
        return (
            f"It is a film about {c(shared_pools.THEMES)} and {c(shared_pools.THEMES)}, "
            f"made with {c(('care', 'nerve', 'wit', 'patience', 'fury'))}."
        )
    return f"Audiences at home called it {c(pools.VERDICTS)}, and they were right."


def programme_note(rng: random.Random, title: str, directors: tuple[str, ...]) -> tuple[str, ...]:
    """1-3 paragraphs of the archive's programme note (none for about 2% of entries)."""
    if rng.random() < 0.02:
        return ()
    count = rng.choices((1, 2, 3), cum_weights=(40, 80, 100))[0]
    return tuple(
        " ".join(
            _sentence(rng, shape, title, directors)
            for shape in rng.sample(range(8), rng.randint(2, 3))
        )
        for _ in range(count)
    )


def tagline(rng: random.Random, directors: tuple[str, ...], countries: tuple[str, ...]) -> str:
    c = rng.choice
    who = directors[0] if directors else (countries[0] if countries else "afar")
    if rng.random() < 0.5:
        return (
            f"{_cap(c(shared_pools.QUALITIES))} {c(shared_pools.FORMS)} about "
            f"{c(shared_pools.CHARACTERS)} and {c(shared_pools.THEMES)}, from {who}."
        )
    return (
        f"{_cap(c(shared_pools.CHARACTERS))} at the heart of this {c(shared_pools.QUALITIES)} "
        f"{c(shared_pools.FORMS)} about {c(shared_pools.THEMES)}."
    )


def transliterate(rng: random.Random, name: str) -> str:
    """Another spelling of one person's name, as a second festival might print it."""
    first, _, last = name.rpartition(" ")
    if not first:
        return name
    roll = rng.random()
    if roll < 0.35 and first in pools.TRANSLITERATIONS:
        first = pools.TRANSLITERATIONS[first]
    elif roll < 0.6 and any(ch in pools.GERMAN_UMLAUTS for ch in name):
        first, last = (
            "".join(pools.GERMAN_UMLAUTS.get(ch, ch) for ch in part) for part in (first, last)
        )
    elif roll < 0.8 and not name.isascii():
        first, last = strip_diacritics(first), strip_diacritics(last)
    eastern = last in shared_pools.LAST_NAMES["zh"] or last in shared_pools.LAST_NAMES["jp"]
    if eastern and rng.random() < 0.6:
        return f"{last} {first}"  # family name first
    return f"{first} {last}"


def _title_variant(rng: random.Random, title: str) -> tuple[str, str | None]:
    """NZIFF's title for a MIFF work: (title, original title shown beneath it or None)."""
    if title in pools.ENGLISH_TITLES and rng.random() < 0.6:
        return pools.ENGLISH_TITLES[title], title
    if not title.isascii() and rng.random() < 0.5:
        return strip_diacritics(title), None
    if " & " in title and rng.random() < 0.5:
        return title.replace(" & ", " and "), None
    if title.startswith("The ") and rng.random() < 0.15:
        return title.removeprefix("The "), None
    return title, None


def _languages(rng: random.Random, countries: tuple[str, ...]) -> tuple[tuple[str, ...], bool]:
    if not countries or rng.random() < 0.03:
        return (), False
    options = pools.COUNTRY_LANGUAGES.get(countries[0], ("English",))
    languages = [options[0]]
    if len(options) > 1 and rng.random() < 0.2:
        languages.append(options[1])
    if countries[0] == "New Zealand" and rng.random() < 0.3:
        languages.append(rng.choice(pools.NZ_LANGUAGES))
    elif rng.random() < 0.08 and "English" not in languages:
        languages.append("English")
    subtitled = any(language != "English" for language in languages)
    return tuple(languages), subtitled


def _format(rng: random.Random, edition: int) -> str | None:
    if rng.random() < 0.04:
        return None
    return rng.choice(pools.FORMATS_LATE if edition >= pools.DIGITAL_FROM else pools.FORMATS_EARLY)


def _festivals(rng: random.Random, year: int | None, edition: int) -> list[str]:
    if rng.random() >= 0.55:
        return []
    when = year if year is not None else edition
    names = rng.sample(pools.FESTIVALS, rng.choices((1, 2, 3), cum_weights=(55, 85, 100))[0])
    return [f"{name} {min(edition, when + (1 if rng.random() < 0.3 else 0))}" for name in names]


class NzGenerator:
    """Draws NZIFF entries; keeps a pool of directors who come back year after year."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.recurring: list[tuple[str, str]] = []
        for _ in range(RECURRING_DIRECTORS):
            region = shared.pick_region(rng)
            self.recurring.append((shared.person_name(rng, region), region))
        self._works = 0

    def _people(self, region: str, count: int) -> tuple[str, ...]:
        rng = self.rng
        names: list[str] = []
        for _ in range(count):
            name = shared.person_name(rng, region if rng.random() < 0.6 else "en")
            if name not in names:
                names.append(name)
        return tuple(names)

    def _credits(
        self, region: str, directors: tuple[str, ...], is_short: bool
    ) -> tuple[tuple[tuple[str, tuple[str, ...]], ...], tuple[str, ...]]:
        rng = self.rng
        credits = []
        roles: tuple[str, ...] = ()
        for role, _, _ in pools.CREDIT_ROLES:
            if rng.random() >= pools.CREDIT_CHANCE[role] * (0.5 if is_short else 1.0):
                continue
            if role == "Producer":
                names = self._people(region, rng.choices((1, 2, 3), cum_weights=(50, 80, 100))[0])
            elif role == "Screenplay":
                names = self._people(region, rng.randint(1, 2))
                if directors and rng.random() < 0.6:
                    names = tuple(dict.fromkeys((directors[0], *names[:1])))
            elif role == "Editor":
                names = self._people(region, 1 if rng.random() < 0.85 else 2)
            elif role == "With":
                names = self._people(region, rng.randint(2, 7))
                roles = tuple(rng.choice(pools.CAST_ROLES) for _ in names)
            else:
                names = self._people(region, 1)
            credits.append((role, names))
        return tuple(credits), roles

    def _section(
        self, countries: tuple[str, ...], year: int | None, edition: int, short: bool
    ) -> str | None:
        rng = self.rng
        if rng.random() < 0.05:
            return None
        if short:
            return rng.choice(pools.SHORT_STRANDS)
        if countries[:1] == ("New Zealand",) and rng.random() < 0.6:
            return "Aotearoa"
        if year is not None and year < edition - 10:
            return "Retro"
        return rng.choice([s for s in pools.STRANDS if s not in ("Retro", "Animation NOW!")])

    def _knobs(self, film: NzFilm) -> NzKnobs:
        rng = self.rng
        texts = (film.title, film.original_title or "", *film.directors)
        return NzKnobs(
            curly_apostrophe=any("'" in t for t in texts) and rng.random() < 0.5,
            double_amp=any("&" in t for t in texts) and rng.random() < 0.4,
            title_spacing=" " in film.title and rng.random() < 0.03,
            joiner=rng.choices((", ", " & ", " and "), cum_weights=(70, 85, 100))[0],
            country_sep=" / " if rng.random() < 0.85 else ", ",
            nbsp_runtime=rng.random() < 0.3,
            show_roles=bool(film.cast_roles) and rng.random() < 0.35,
            plain_festivals=rng.random() < 0.2,
        )

    def _entry(
        self,
        *,
        work_id: str,
        edition: int,
        title: str,
        original_title: str | None,
        directors: tuple[str, ...],
        year: int | None,
        countries: tuple[str, ...],
        region: str,
        festivals: list[str],
        miff_film_id: str | None = None,
    ) -> NzFilm:
        rng = self.rng
        is_short = rng.random() < 0.12
        languages, subtitled = _languages(rng, countries)
        if rng.random() < 0.03:
            runtime = None
        elif is_short:
            runtime = rng.randint(4, 40)
        else:
            runtime = max(62, min(240, int(rng.gauss(102, 18))))
        colour_roll = rng.random()
        old = year is not None and year < 1970
        if colour_roll < (0.8 if old else 0.06):
            colour: str | None = "B&W"
        elif colour_roll > 0.9:
            colour = "Colour"
        else:
            colour = None
        credits, cast_roles = self._credits(region, directors, is_short)
        quote = quote_source = None
        if rng.random() < 0.35:
            quote = rng.choice(pools.PRAISE)
            critic = shared.person_name(rng, "en")
            quote_source = f"{critic}, {rng.choice(pools.PUBLICATIONS)}"
        film = NzFilm(
            film_id="",
            slug="",
            work_id=work_id,
            edition=edition,
            title=title,
            original_title=original_title,
            directors=directors,
            year=year,
            countries=countries,
            languages=languages,
            subtitled=subtitled,
            runtime=runtime,
            colour=colour,
            format=_format(rng, edition),
            section=self._section(countries, year, edition, is_short),
            tagline=tagline(rng, directors, countries) if rng.random() < 0.97 else None,
            synopsis_paragraphs=programme_note(rng, title, directors),
            credits=credits,
            festivals=tuple(dict.fromkeys(festivals)),
            quote=quote,
            quote_source=quote_source,
            is_short=is_short,
            cast_roles=cast_roles,
            miff_film_id=miff_film_id,
        )
        return replace(film, knobs=self._knobs(film))

    def new_film(self, edition: int) -> NzFilm:
        """An entry for a work only NZIFF shows."""
        rng = self.rng
        if rng.random() < NZ_SHARE:
            region, country = "en", "New Zealand"
            lead = shared.person_name(rng, "en")
        else:
            if rng.random() < RECURRING_SHARE:
                lead, region = rng.choice(self.recurring)
            else:
                region = shared.pick_region(rng)
                lead = shared.person_name(rng, region)
            country = ""
        roll = rng.random()
        if roll < 0.02:
            year = None
        elif roll < 0.27:
            year = edition
        elif roll < 0.82:
            year = edition - 1
        elif roll < 0.92:
            year = edition - 2
        else:
            year = max(1920, edition - rng.randint(3, 70))
        country = country or shared.country_for(rng, region, year)
        countries = [country]
        if rng.random() < 0.2:
            for extra in rng.sample(pools.CO_PRODUCERS, rng.randint(1, 2)):
                if extra not in countries:
                    countries.append(extra)
        directors = [lead]
        if rng.random() < 0.12:
            for co in self._people(region, rng.randint(1, 2)):
                if co not in directors:
                    directors.append(co)
        if rng.random() < 0.02:
            directors = []  # a compilation: no director line
        title, kind = shared.title(rng, region)
        original_title = None
        if kind == "foreign" and title in pools.ENGLISH_TITLES and rng.random() < 0.5:
            title, original_title = pools.ENGLISH_TITLES[title], title
        self._works += 1
        return self._entry(
            work_id=f"nz-w{self._works:05d}",
            edition=edition,
            title=title,
            original_title=original_title,
            directors=tuple(directors),
            year=year,
            countries=tuple(countries),
            region=region,
            festivals=_festivals(rng, year, edition),
        )

    def shared_film(self, miff: Film, edition: int) -> NzFilm:
        """NZIFF's entry for a work the MIFF replica also shows, spelled NZIFF's way."""
        rng = self.rng
        assert miff.title is not None
        title, original_title = _title_variant(rng, miff.title)
        directors = tuple(
            transliterate(rng, name) if rng.random() < 0.5 else name for name in miff.directors
        )
        year = miff.year
        if year is not None and rng.random() < 0.25:
            year = min(edition, year + rng.choice((-1, 1)))
        countries = list(miff.countries)
        if rng.random() < 0.15:
            extra = rng.choice(pools.CO_PRODUCERS)
            if extra not in countries:
                countries.append(extra)
        festivals = _festivals(rng, year, edition)
        if miff.edition is not None and miff.edition <= edition and rng.random() < 0.7:
            festivals.append(f"{pools.MELBOURNE} {miff.edition}")
        region = COUNTRY_REGION.get(countries[0], "en") if countries else "en"
        return self._entry(
            work_id=miff.work_id,
            edition=edition,
            title=title,
            original_title=original_title,
            directors=directors,
            year=year,
            countries=tuple(countries),
            region=region,
            festivals=festivals,
            miff_film_id=miff.film_id,
        )
