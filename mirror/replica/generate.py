"""Synthetic but plausible archive content: titles, people, countries, synopses."""

from __future__ import annotations

import random
from dataclasses import dataclass

from mirror.replica import pools

_REGIONS = tuple(region for region, _ in pools.REGION_WEIGHTS)
_REGION_CUM = tuple(
    sum(weight for _, weight in pools.REGION_WEIGHTS[: i + 1])
    for i in range(len(pools.REGION_WEIGHTS))
)


def pick_region(rng: random.Random) -> str:
    return rng.choices(_REGIONS, cum_weights=_REGION_CUM)[0]


def person_name(rng: random.Random, region: str) -> str:
    return f"{rng.choice(pools.FIRST_NAMES[region])} {rng.choice(pools.LAST_NAMES[region])}"


def country_for(rng: random.Random, region: str, year: int | None) -> str:
    country = rng.choice(pools.REGION_COUNTRIES[region])
    if year is not None and (
        year > pools.COUNTRY_UNTIL.get(country, 9999) or year < pools.COUNTRY_FROM.get(country, 0)
    ):
        country = pools.COUNTRY_REPLACEMENT.get(country, country)
    return country


def title(rng: random.Random, region: str) -> tuple[str, str]:
    """A canonical title and its kind ("plain", "stylised", "foreign", "dash", "question")."""
    roll = rng.random()
    if roll < 0.03:
        return rng.choice(pools.STYLISED_TITLES), "stylised"
    if roll < 0.10 or (region not in ("en",) and roll < 0.16):
        return rng.choice(pools.FOREIGN_TITLES), "foreign"
    if roll < 0.18:
        return rng.choice(pools.COMMON_TITLES), "plain"
    if roll < 0.20:
        return rng.choice(pools.DASH_TITLES), "dash"
    if roll < 0.215:
        return rng.choice(pools.QUESTION_TITLES), "question"
    adj, noun, place = (
        rng.choice(pools.ADJECTIVES),
        rng.choice(pools.NOUNS),
        rng.choice(pools.PLACES),
    )
    shape = rng.randrange(12)
    if shape == 0:
        text = f"The {adj} {noun}"
    elif shape == 1:
        text = f"{noun} of {place}"
    elif shape == 2:
        text = f"A {noun} in {place}"
    elif shape == 3:
        text = f"{rng.choice(pools.VERBS_ING)} the {noun}"
    elif shape == 4:
        text = f"Goodbye, {place}"  # titles contain commas
    elif shape == 5:
        text = f"{noun} & {rng.choice(pools.NOUNS)}"
    elif shape == 6:
        text = f"{adj} {noun} (Part {rng.choice(('One', 'Two', 'II'))})"  # and parentheses
    elif shape == 7:
        text = f"[{adj} {noun}]"
    elif shape == 8:
        text = f"An {rng.choice(('Ordinary', 'Empty', 'Unfinished', 'Open'))} {noun}"
    elif shape == 9:
        text = f"The {noun}"
    elif shape == 10:
        text = f"{adj} {noun}s"
    else:
        text = f"{adj} {noun}, {adj} {rng.choice(pools.NOUNS)}"
    return text, "plain"


@dataclass(frozen=True)
class SynopsisParts:
    paragraphs: tuple[str, ...]
    quote: str | None = None
    quote_source: str | None = None
    credit_line: str | None = None
    reviewer: str | None = None
    lang: str = "en"


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _article(noun: str) -> str:
    return f"an {noun}" if noun[0] in "aeiou" else f"a {noun}"


def _surname(name: str) -> str:
    return name.split(" ")[-1]


def _sentence(rng: random.Random, film_title: str, directors: tuple[str, ...]) -> str:
    c = rng.choice
    shape = rng.randrange(9)
    if shape == 0:
        return _cap(
            f"in {c(pools.PLACES_LONG)}, life is upended for {c(pools.CHARACTERS)} when "
            f"{c(pools.EVENTS)}."
        )
    if shape == 1:
        return _cap(
            f"as {c(pools.EVENTS)}, {c(pools.CHARACTERS)} and {c(pools.CHARACTERS)} "
            f"discover that {c(pools.OUTCOMES)}."
        )
    if shape == 2 and directors:
        return (
            f"{_surname(directors[0])}'s {c(pools.QUALITIES)} {c(pools.FORMS)} is a "
            f"meditation on {c(pools.THEMES)}."
        )
    if shape == 3:
        return f"The film is distinguished by its {c(pools.QUALITIES)} {c(pools.PRAISE_TARGETS)}."
    if shape == 4:
        return (
            f"What begins as {_article(c(pools.FORMS))} becomes something stranger: a story about "
            f"{c(pools.THEMES)}."
        )
    if shape == 5:
        return f"{film_title} follows {c(pools.CHARACTERS)} across {c(pools.PLACES_LONG)}."
    if shape == 6:
        return _cap(
            f"{c(pools.QUALITIES)} and {c(pools.QUALITIES)}, this is {_article(c(pools.FORMS))} "
            f"in which {c(pools.OUTCOMES)}."
        )
    if shape == 7:
        return (
            f"Over one long {c(('summer', 'winter', 'night', 'weekend', 'year'))}, "
            f"{c(pools.CHARACTERS)} must choose between {c(pools.THEMES)} and "
            f"{c(pools.THEMES)}."
        )
    manner = c(("humour", "compassion", "rigour", "restraint", "wit"))
    return f"Told with {manner}, it shows how {c(pools.OUTCOMES)}."


def synopsis(
    rng: random.Random, film_title: str, directors: tuple[str, ...], year: int | None
) -> SynopsisParts:
    """1-4 prose paragraphs plus the occasional statement, press quote, initials, credits."""
    roll = rng.random()
    if roll < 0.012:
        lang = rng.choice(tuple(pools.FOREIGN_SYNOPSES))
        sentences = list(pools.FOREIGN_SYNOPSES[lang])
        rng.shuffle(sentences)
        return SynopsisParts(paragraphs=(" ".join(sentences),), lang=lang)
    count = rng.choices((1, 2, 3, 4), cum_weights=(35, 70, 90, 100))[0]
    paragraphs = [
        " ".join(_sentence(rng, film_title, directors) for _ in range(rng.randint(2, 4)))
        for _ in range(count)
    ]
    reviewer = None
    if rng.random() < 0.15:
        reviewer = rng.choice(pools.REVIEWER_INITIALS)
        paragraphs[-1] = f"{paragraphs[-1]} ({reviewer})"
    if directors and rng.random() < 0.08:
        paragraphs.append(f"'{rng.choice(pools.STATEMENTS)}' — {directors[0]}")
    quote = quote_source = None
    if rng.random() < 0.10:
        quote, quote_source = rng.choice(pools.PRESS_PRAISE), rng.choice(pools.PRESS_SOURCES)
        paragraphs.append(f"“{quote}” – {quote_source}")
    credit_line = None
    if rng.random() < 0.12:
        credit_line = credit(rng, directors, year)
        paragraphs.append(credit_line)
    return SynopsisParts(
        paragraphs=tuple(paragraphs),
        quote=quote,
        quote_source=quote_source,
        credit_line=credit_line,
        reviewer=reviewer,
    )


def credit(rng: random.Random, directors: tuple[str, ...], year: int | None) -> str:
    """A credit line: `D Jane Roe P John Doe L Farsi w/English subtitles TD 35mm/1995/81mins`."""
    language = rng.choice(pools.LANGUAGES)
    subtitles = "" if language == "English" else " w/English subtitles"
    producer = person_name(rng, pick_region(rng))
    technical = "/".join(
        part
        for part in (
            rng.choice(pools.FORMATS),
            str(year) if year else "",
            f"{rng.randint(6, 160)}mins",
        )
        if part
    )
    credit_text = f"P {producer} L {language}{subtitles} TD {technical}"
    return f"D {', '.join(directors)} {credit_text}" if directors else credit_text
