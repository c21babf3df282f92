"""Map a request path to a rendered page; pages are rendered once and cached as bytes."""

from __future__ import annotations

import gzip
import hashlib
import re
import threading
import zlib
from dataclasses import dataclass, field
from email.utils import formatdate
from urllib.parse import parse_qs, unquote_plus, urlsplit

from mirror.replica import render
from mirror.replica.links import FAMILIES
from mirror.replica.nziff.routes import render_target as render_nziff
from mirror.replica.nziff.site import NziffSite
from mirror.replica.site import Site

AnySite = Site | NziffSite  # every replica the server can serve

# Deterministic page dates: unchanged pages between these two, mutated pages later.
BASE_EPOCH = 1_583_107_200  # 2020-03-02 00:00 UTC
SPREAD_SECONDS = 180 * 86_400
MUTATED_EPOCH = BASE_EPOCH + 400 * 86_400

_FILM = re.compile(r"^/festival-archive/(?:film|films/id)/([A-Za-z0-9_-]+)$")
_FILM_SLUG = re.compile(r"^/festival-archive/films/([A-Za-z0-9_-]+)/[^/]+$")
_LISTING = re.compile(r"^/festival-archive/films/(" + "|".join(FAMILIES) + r")/([^/]+)$")
_EDITION_ID = re.compile(r"^/festival-archive/id/(\d+)/(\d{4})$")
_EDITION_YEAR = re.compile(r"^/festival-archive/year/(\d{4})$")


@dataclass
class Page:
    """One rendered page: its bytes, validators and (lazily) its gzip form."""

    body: bytes
    etag: str  # without quotes
    last_modified: int  # epoch seconds
    content_type: str = "text/html"
    _gzipped: bytes | None = field(default=None, repr=False)

    @property
    def last_modified_http(self) -> str:
        return formatdate(self.last_modified, usegmt=True)

    @property
    def gzipped(self) -> bytes:
        if self._gzipped is None:
            self._gzipped = gzip.compress(self.body, compresslevel=6, mtime=0)
        return self._gzipped


def _make_page(site: AnySite, key: str, text: str, shown: frozenset[str], ctype: str) -> Page:
    body = text.encode("utf-8")
    spread = zlib.crc32(key.encode()) % SPREAD_SECONDS
    # Removals change pages that no longer show the removed films (listings, see-also,
    # openings): every page gets a later date, so If-Modified-Since never wrongly 304s.
    if site.removed_film_ids or shown & site.mutated_film_ids:
        modified = MUTATED_EPOCH + spread % 86_400
    else:
        modified = BASE_EPOCH + spread
    etag = hashlib.blake2b(body, digest_size=10).hexdigest()
    return Page(body=body, etag=etag, last_modified=modified, content_type=ctype)


def _page_number(query: str) -> int | None:
    values = parse_qs(query).get("page")
    if not values:
        return 0
    return int(values[0]) if values[0].isdigit() else None


def _render(site: Site, path: str, query: str) -> tuple[str, render.Rendered, str] | None:
    """(cache key, rendered page, content type) for a path, or None for a 404."""
    if path == "/robots.txt":
        return path, (render.ROBOTS_TXT, frozenset()), "text/plain"
    if path in ("", "/", "/festival-archive"):
        return "/festival-archive", render.index_page(site), "text/html"
    if path == "/festival-archive/search":
        return path, render.search_page(), "text/html"
    listing = _LISTING.match(path)
    if listing:
        family, value = listing[1], unquote_plus(listing[2])
        number = _page_number(query)
        if number is None:
            return None
        key = f"listing|{family}|{value}|{number}"
        rendered = render.listing_page(site, family, value, number)
        return (key, rendered, "text/html") if rendered else None
    film_match = _FILM.match(path) or _FILM_SLUG.match(path)
    if film_match:
        film = site.film(film_match[1])
        if film is None:
            return None
        return f"film|{film.film_id}", render.film_page(site, film), "text/html"
    by_id, by_year = _EDITION_ID.match(path), _EDITION_YEAR.match(path)
    if by_id or by_year:
        year = int((by_id or by_year)[2 if by_id else 1])  # type: ignore[index]
        edition = site.edition_by_year(year)
        if edition is None or (by_id and by_id[1] != edition.edition_id):
            return None
        return f"edition|{year}", render.edition_page(site, edition), "text/html"
    return None


class PageCache:
    """Rendered pages of one site, shared by the server threads."""

    def __init__(self, site: AnySite) -> None:
        self.site = site
        self._pages: dict[str, Page | None] = {}
        self._lock = threading.Lock()

    def requested(self) -> list[str]:
        """Every request target looked up so far (tests watch a crawl's progress)."""
        with self._lock:
            return [key.removesuffix("?") for key in self._pages]

    def lookup(self, target: str) -> Page | None:
        """The page for a request target (`/path?query`), or None when it does not exist."""
        parts = urlsplit(target)
        path = parts.path.rstrip("/") if parts.path != "/" else parts.path
        raw_key = f"{path}?{parts.query}"
        if raw_key in self._pages:
            return self._pages[raw_key]
        if isinstance(self.site, NziffSite):
            result = render_nziff(self.site, path, parts.query)
        else:
            result = _render(self.site, path, parts.query)
        page = None
        if result is not None:
            key, (text, shown), ctype = result
            page = _make_page(self.site, key, text, shown, ctype)
        with self._lock:
            self._pages[raw_key] = page
        return page
