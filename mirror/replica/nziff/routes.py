"""Map a request path of the NZIFF replica to a rendered page (trailing slash stripped)."""

from __future__ import annotations

from mirror.replica.nziff import pools, render
from mirror.replica.nziff.site import NziffSite
from mirror.replica.render import Rendered

LISTING_FAMILIES = ("country", "strand")


def render_target(site: NziffSite, path: str, query: str) -> tuple[str, Rendered, str] | None:
    """(cache key, rendered page, content type) for a path, or None for a 404.

    The query string is ignored: no NZIFF page takes parameters.
    """
    if path == "/robots.txt":
        return path, (render.ROBOTS_TXT, frozenset()), "text/plain"
    parts = [p for p in path.split("/") if p]
    if parts in ([], ["archive"]):
        return "archive", render.archive_index(site), "text/html"
    if len(parts) < 2 or not parts[0].isdigit():
        return None
    year, folder, rest = int(parts[0]), parts[1], parts[2:]
    edition = site.edition_at(year, folder)
    if edition is None:
        # A regional programme folder serves the archive's film pages too.
        regional = folder in pools.REGIONS and year >= pools.REGIONAL_FROM and len(rest) == 1
        film = site.film_at(year, rest[0]) if regional else None
        if film is None:
            return None
        return f"film|{film.film_id}", render.film_page(site, film), "text/html"
    if not rest:
        return f"year|{year}", render.year_page(site, edition), "text/html"
    if len(rest) == 1:
        film = site.film_at(year, rest[0])
        if film is None:
            return None
        return f"film|{film.film_id}", render.film_page(site, film), "text/html"
    if rest == ["films", "title"]:
        rendered = render.listing_page(site, edition, "title", "")
        return (f"title|{year}", rendered, "text/html") if rendered else None
    if rest == ["films", "country"]:
        return f"countries|{year}", render.country_index(site, edition), "text/html"
    if len(rest) == 3 and rest[0] == "films" and rest[1] in LISTING_FAMILIES:
        rendered = render.listing_page(site, edition, rest[1], rest[2])
        key = f"{rest[1]}|{year}|{rest[2]}"
        return (key, rendered, "text/html") if rendered else None
    return None
