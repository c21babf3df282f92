"""URL grammar of the MIFF archive: film-id schemes, alias hosts, canonical forms.

The same film id is reachable under three path schemes and five hosts (FACTS.md).
The spider requests only ``canonical_film_url(id, base)``, so Scrapy's dupefilter
sees one URL per film whatever link led to it; records carry
``public_film_url(id)`` whatever host was fetched.

Error policy: functions that read URLs found on pages return ``None`` when the URL
is not what they look for; ``ValueError`` only for programmer errors (a film id
that is not digits, a base URL that is not absolute http(s)). The helpers every site
needs (base URLs, alias-host rewriting) are in :mod:`scraper.site_urls`.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from scraper.site_urls import normalise_base_url, public_form, rewrite_alias_host, split_url

__all__ = [
    "MIFF_HOSTS",
    "PUBLIC_BASE_URL",
    "EditionRef",
    "ListingRef",
    "canonical_film_url",
    "edition_from_url",
    "film_id_from_url",
    "listing_from_url",
    "public_film_url",
    "public_url",
    "rewrite_to_base",
]

PUBLIC_BASE_URL = "https://miff.com.au"

# Hosts the real archive answers under; links to them are rewritten to the base URL.
MIFF_HOSTS = frozenset(
    {
        "miff.com.au",
        "www.miff.com.au",
        "2019offseason.miff.com.au",
        "2014.miff.com.au",
        "melbournefilmfestival.com.au",
        "www.melbournefilmfestival.com.au",
    }
)

_FILM_PATH_RES = (
    re.compile(r"^/festival-archive/film/(\d+)/?$"),
    re.compile(r"^/festival-archive/films/id/(\d+)/?$"),
    re.compile(r"^/festival-archive/films/(\d+)(?:/[^/]*)?/?$"),
)
_EDITION_ID_PATH_RE = re.compile(r"^/festival-archive/id/(\d+)/(\d{4})/?$")
_EDITION_YEAR_PATH_RE = re.compile(r"^/festival-archive/year/(\d{4})/?$")
_LISTING_PATH_RE = re.compile(
    r"^/festival-archive/films/(directors|country|category|year|festival)/([^/]+)/?$"
)
_PAGE_RE = re.compile(r"(?:^|&)page=(\d+)(?:&|$)")


class EditionRef(NamedTuple):
    """An edition page URL: the year and, for the ``/id/`` form, the site's id."""

    year: int
    edition_id: str | None


class ListingRef(NamedTuple):
    """A listing URL: family (``festival``, ``directors``…), value, 0-based page."""

    family: str
    value: str
    page: int


def _path(url: str) -> str:
    parts = split_url(url)
    return parts.path if parts is not None else ""


def film_id_from_url(url: str | None) -> str | None:
    """The film id of any of the three film-page schemes (absolute or relative), else None."""
    if not url:
        return None
    path = _path(url)
    for pattern in _FILM_PATH_RES:
        match = pattern.match(path)
        if match:
            return match.group(1)
    return None


def edition_from_url(url: str | None) -> EditionRef | None:
    """``/festival-archive/id/{id}/{year}`` or ``/festival-archive/year/{year}``, else None."""
    if not url:
        return None
    path = _path(url)
    match = _EDITION_ID_PATH_RE.match(path)
    if match:
        return EditionRef(int(match.group(2)), match.group(1))
    match = _EDITION_YEAR_PATH_RE.match(path)
    if match:
        return EditionRef(int(match.group(1)), None)
    return None


def listing_from_url(url: str | None) -> ListingRef | None:
    """``/festival-archive/films/{family}/{value}[?page=N]``, else None (page 0 = first)."""
    if not url:
        return None
    parts = split_url(url)
    if parts is None:
        return None
    match = _LISTING_PATH_RE.match(parts.path)
    if match is None:
        return None
    page = _PAGE_RE.search(parts.query)
    return ListingRef(match.group(1), match.group(2), int(page.group(1)) if page else 0)


def _require_film_id(film_id: str) -> str:
    if not isinstance(film_id, str) or not film_id.isdigit():
        raise ValueError(f"film id must be a string of digits, got {film_id!r}")
    return film_id


def canonical_film_url(film_id: str, base: str) -> str:
    """The one URL the spider fetches for a film: ``{base}/festival-archive/film/{id}``."""
    return f"{normalise_base_url(base)}/festival-archive/film/{_require_film_id(film_id)}"


def public_film_url(film_id: str) -> str:
    """The URL records carry: ``https://miff.com.au/festival-archive/film/{id}``."""
    return canonical_film_url(film_id, PUBLIC_BASE_URL)


def public_url(url: str, base: str) -> str:
    """The public-site form of a URL fetched under ``base`` (or an alias host)."""
    return public_form(url, base, PUBLIC_BASE_URL, MIFF_HOSTS)


def rewrite_to_base(url: str, base: str) -> str:
    """Move an absolute URL on a known MIFF host (any scheme, ``www.``) onto ``base``.

    Relative URLs and URLs on other hosts are returned unchanged.
    """
    return rewrite_alias_host(url, base, MIFF_HOSTS)
