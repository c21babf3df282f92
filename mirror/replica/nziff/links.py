"""URLs of the NZIFF replica: per-year archive folders, listings, mixed hosts and forms."""

from __future__ import annotations

import zlib

from mirror.replica.display import slug as title_slug
from mirror.replica.nziff import pools
from mirror.replica.nziff.model import NzEdition, NzFilm

CANONICAL_BASE = "https://www.nziff.co.nz"
ALIAS_BASES = (
    "https://www.nziff.co.nz",
    "http://www.nziff.co.nz",
    "https://www1.nziff.co.nz",
    "https://nziff.co.nz",
)
NEW_ZEALAND = "New Zealand"
NEW_ZEALAND_LABEL = "Aotearoa New Zealand"  # how the country listings name it


def value_slug(value: str) -> str:
    """A country or strand as its listing URL writes it (`cote-d-ivoire`, `animation-now`)."""
    return title_slug(country_label(value))


def country_label(country: str) -> str:
    return NEW_ZEALAND_LABEL if country == NEW_ZEALAND else country


def archive_path(edition: NzEdition) -> str:
    return f"/{edition.year}/{edition.folder}/"


def film_path(film: NzFilm, edition: NzEdition) -> str:
    return f"/{edition.year}/{edition.folder}/{film.slug}/"


def canonical_film_url(film: NzFilm, edition: NzEdition) -> str:
    return CANONICAL_BASE + film_path(film, edition)


def listing_path(edition: NzEdition, family: str, value: str = "") -> str:
    """`films/title/`, `films/country/` (the index), `films/country/{slug}/`, `films/strand/…`."""
    tail = f"{family}/{value}/" if value else f"{family}/"
    return f"/{edition.year}/{edition.folder}/films/{tail}"


def mixed_film_url(film: NzFilm, edition: NzEdition, context: str) -> str:
    """A link to a film page that varies with where it appears, the same on every build:
    the archive folder or (from 2012) a regional programme folder, with or without the
    trailing slash, relative or on one of the site's hosts."""
    mix = zlib.crc32(f"{context}|{film.film_id}".encode())
    if edition.year >= pools.REGIONAL_FROM and mix % 7 == 0:
        region = pools.REGIONS[(mix >> 3) % len(pools.REGIONS)]
        path = f"/{edition.year}/{region}/{film.slug}/"
    else:
        path = film_path(film, edition)
    if (mix >> 6) % 10 == 0:
        path = path.rstrip("/")
    if (mix >> 10) % 5 == 0:
        return ALIAS_BASES[(mix >> 13) % len(ALIAS_BASES)] + path
    return path
