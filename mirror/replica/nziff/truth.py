"""The NZIFF replica's ground truth: the MIFF export record plus the fields NZIFF shows."""

from __future__ import annotations

from typing import Any

from mirror.replica.nziff.links import canonical_film_url
from mirror.replica.nziff.model import NzEdition, NzFilm

# The keys every record has, in order; NZIFF.md documents each.
TRUTH_KEYS = (
    "festival", "film_id", "url", "title", "directors", "year", "countries", "edition",
    "section", "synopsis", "lang", "work_id", "slug", "original_title", "tagline",
    "runtime", "colour", "format", "languages", "subtitled", "credits", "festivals",
    "quote", "quote_source",
)  # fmt: skip


def truth_record(film: NzFilm, edition: NzEdition) -> dict[str, Any]:
    """What a careful reader of the entry's page concludes, keys in TRUTH_KEYS order."""
    return {
        "festival": "nziff",
        "film_id": film.film_id,
        "url": canonical_film_url(film, edition),
        "title": film.title,
        "directors": list(film.directors),
        "year": film.year,
        "countries": list(film.countries),
        "edition": film.edition,
        "section": film.section,
        "synopsis": film.synopsis,
        "lang": "en",
        "work_id": film.work_id,
        "slug": film.slug,
        "original_title": film.original_title,
        "tagline": film.tagline,
        "runtime": film.runtime,
        "colour": film.colour,
        "format": film.format,
        "languages": list(film.languages),
        "subtitled": film.subtitled,
        "credits": {role: list(names) for role, names in film.credits},
        "festivals": list(film.festivals),
        "quote": film.quote,
        "quote_source": film.quote_source,
    }
