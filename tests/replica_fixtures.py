"""Shared fixtures and helpers for the replica tests (import from tests.replica_fixtures)."""

from __future__ import annotations

import functools
import http.client
import re
from urllib.parse import urlsplit

from mirror.replica.routes import PageCache
from mirror.replica.server import ReplicaServer
from mirror.replica.site import ReplicaConfig, Site, build_site

SMALL_FILMS = 600
FILM_LINK = re.compile(
    r'href="([^"]*/festival-archive/films?/(?:id/)?([A-Za-z0-9_-]+)(?:/[^"]*)?)"'
)


@functools.cache
def shared_small_site() -> Site:
    """A 600-film site shared by the replica test modules (built once per run)."""
    return build_site(ReplicaConfig(films=SMALL_FILMS, seed=7))


@functools.cache
def shared_full_site() -> Site:
    """The default 12,000-film site, built once per run."""
    return build_site(ReplicaConfig())


def page_text(cache: PageCache, target: str) -> str | None:
    page = cache.lookup(target)
    return None if page is None else page.body.decode("utf-8")


def film_ids_linked(html: str) -> list[str]:
    """Film ids of every film link on a page, whatever scheme or host it uses."""
    ids = []
    for href, film_id in FILM_LINK.findall(html):
        segment = urlsplit(href).path.split("/")[3]
        if segment in ("directors", "country", "category", "year", "festival"):
            continue
        ids.append(film_id)
    return ids


def http_get(
    server: ReplicaServer, target: str, headers: dict[str, str] | None = None
) -> tuple[http.client.HTTPResponse, bytes]:
    """One GET from a running replica over a fresh connection: (response, body)."""
    conn = http.client.HTTPConnection(server.host, server.port, timeout=10)
    try:
        conn.request("GET", target, headers=headers or {})
        response = conn.getresponse()
        return response, response.read()
    finally:
        conn.close()
