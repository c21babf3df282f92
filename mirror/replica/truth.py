"""The ground truth of a site in the `mirror export` record format (db.queries.EXPORT_KEYS)."""

from __future__ import annotations

from typing import Any

from mirror.replica.links import canonical_film_url
from mirror.replica.model import Film


def truth_record(film: Film) -> dict[str, Any]:
    """What a careful reader of the film's pages concludes, keys in export order."""
    return {
        "festival": "miff",
        "film_id": film.film_id,
        "url": canonical_film_url(film.film_id),
        "title": film.title,
        "directors": list(film.directors),
        "year": film.year,
        "countries": list(film.countries),
        "edition": film.edition,
        "section": film.section,
        "synopsis": film.synopsis,
        "lang": film.lang,
        "work_id": film.work_id,
    }
