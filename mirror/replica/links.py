"""Film and listing URLs as the replica writes them: mixed schemes, hosts and forms."""

from __future__ import annotations

import zlib
from urllib.parse import quote_plus

CANONICAL_BASE = "https://miff.com.au"
ALIAS_BASES = (
    "http://miff.com.au",
    "https://miff.com.au",
    "https://2019offseason.miff.com.au",
    "https://2014.miff.com.au",
    "https://melbournefilmfestival.com.au",
)
FAMILIES = ("directors", "country", "category", "year", "festival")


def canonical_film_url(film_id: str) -> str:
    return f"{CANONICAL_BASE}/festival-archive/film/{film_id}"


def film_path(film_id: str, slug: str, scheme: int = 0) -> str:
    if scheme == 1:
        return f"/festival-archive/films/id/{film_id}"
    if scheme == 2:
        return f"/festival-archive/films/{film_id}/{slug}"
    return f"/festival-archive/film/{film_id}"


def mixed_film_url(film_id: str, slug: str, context: str) -> str:
    """A film link that varies by where it appears but is the same on every build."""
    mix = zlib.crc32(f"{context}|{film_id}".encode())
    path = film_path(film_id, slug, mix % 3)
    if (mix >> 3) % 4 == 0:
        return ALIAS_BASES[(mix >> 5) % len(ALIAS_BASES)] + path
    return path


def listing_path(family: str, value: str) -> str:
    return f"/festival-archive/films/{family}/{quote_plus(value)}"


def edition_path(edition_id: str, year: int) -> str:
    return f"/festival-archive/id/{edition_id}/{year}"
