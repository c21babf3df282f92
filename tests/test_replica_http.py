"""The replica over real HTTP: validators, gzip, robots.txt, aliases, hosts and faults."""

from __future__ import annotations

import gzip
import http.client
from collections.abc import Iterator

import pytest

from mirror.replica.faults import parse_fault_spec
from mirror.replica.server import ReplicaServer
from mirror.replica.site import ReplicaConfig, Site, build_site
from tests.replica_fixtures import http_get, shared_small_site


@pytest.fixture(scope="module")
def small_site() -> Site:
    return shared_small_site()


@pytest.fixture(scope="module")
def server(small_site: Site) -> Iterator[ReplicaServer]:
    with ReplicaServer(small_site) as running:
        yield running


def test_etag_and_last_modified_give_304_on_revalidation(server: ReplicaServer) -> None:
    response, body = http_get(server, "/festival-archive/film/5977")
    assert response.status == 200 and b"Marjaana Mykkanen" in body
    etag, modified = response.getheader("ETag"), response.getheader("Last-Modified")
    assert etag and modified
    again, _ = http_get(server, "/festival-archive/film/5977")
    assert again.getheader("ETag") == etag and again.getheader("Last-Modified") == modified
    assert http_get(server, "/festival-archive/film/5977", {"If-None-Match": etag})[0].status == 304
    by_date = http_get(server, "/festival-archive/film/5977", {"If-Modified-Since": modified})
    assert by_date[0].status == 304
    stale = http_get(server, "/festival-archive/film/5977", {"If-None-Match": '"other"'})
    assert stale[0].status == 200


def test_gzip_only_when_the_client_accepts_it(server: ReplicaServer) -> None:
    plain, plain_body = http_get(server, "/festival-archive")
    assert plain.getheader("Content-Encoding") is None
    zipped, zipped_body = http_get(
        server, "/festival-archive", {"Accept-Encoding": "gzip, deflate"}
    )
    assert zipped.getheader("Content-Encoding") == "gzip"
    assert "Accept-Encoding" in (zipped.getheader("Vary") or "")
    assert gzip.decompress(zipped_body) == plain_body


def test_robots_txt_disallows_search(server: ReplicaServer) -> None:
    response, body = http_get(server, "/robots.txt")
    assert response.status == 200
    assert b"Disallow: /festival-archive/search" in body


def test_film_and_edition_aliases_serve_the_same_page(
    server: ReplicaServer,
    small_site: Site,
) -> None:
    film = next(f for f in small_site.films.values() if f.film_id != "5977")
    bodies = {
        http_get(server, path)[1]
        for path in (
            f"/festival-archive/film/{film.film_id}",
            f"/festival-archive/films/id/{film.film_id}",
            f"/festival-archive/films/{film.film_id}/{film.slug}",
        )
    }
    assert len(bodies) == 1
    edition = small_site.editions[1999]
    by_id = http_get(server, f"/festival-archive/id/{edition.edition_id}/1999")[1]
    assert by_id == http_get(server, "/festival-archive/year/1999")[1]
    assert http_get(server, "/festival-archive/id/1/1999")[0].status == 404


def test_any_host_header_is_answered(server: ReplicaServer) -> None:
    for host in ("miff.com.au", "2014.miff.com.au", "melbournefilmfestival.com.au"):
        response, body = http_get(server, "/festival-archive/film/5977", {"Host": host})
        assert response.status == 200 and b'data-film-id="5977"' in body


def test_unknown_paths_are_404(server: ReplicaServer) -> None:
    for path in (
        "/nothing",
        "/festival-archive/film/0",
        "/festival-archive/films/festival/1999?page=99",
    ):
        assert http_get(server, path)[0].status == 404


def test_keep_alive_serves_many_requests_on_one_connection(
    server: ReplicaServer,
    small_site: Site,
) -> None:
    conn = http.client.HTTPConnection(server.host, server.port, timeout=10)
    for film_id in list(small_site.films)[:50]:
        conn.request("GET", f"/festival-archive/film/{film_id}")
        response = conn.getresponse()
        assert response.status == 200 and response.read()
    conn.close()


def _faulty_target(spec: str, kind: str, site: Site) -> str:
    faults = parse_fault_spec(spec)
    return next(
        target
        for target in (f"/festival-archive/film/{film_id}" for film_id in site.films)
        if faults.hits(kind, target) and not faults.hits("slow", target)
    )


def test_error_fault_fails_only_the_first_request() -> None:
    site = build_site(ReplicaConfig(films=200, faults="error=0.3,seed=1"))
    target = _faulty_target("error=0.3,seed=1", "error", site)
    with ReplicaServer(site) as running:
        assert http_get(running, target)[0].status in (500, 503)
        assert http_get(running, target)[0].status == 200


def test_truncate_fault_sends_half_then_serves_in_full() -> None:
    site = build_site(ReplicaConfig(films=200, faults="truncate=0.3,seed=2"))
    target = _faulty_target("truncate=0.3,seed=2", "truncate", site)
    with ReplicaServer(site) as running:
        conn = http.client.HTTPConnection(running.host, running.port, timeout=10)
        conn.request("GET", target)
        response = conn.getresponse()
        with pytest.raises(http.client.IncompleteRead):
            response.read()
        conn.close()
        response, body = http_get(running, target)
        assert response.status == 200
        assert len(body) == int(response.getheader("Content-Length") or -1)


def test_encoding_fault_declares_windows_1252_on_every_request() -> None:
    site = build_site(ReplicaConfig(films=200, faults="encoding=0.3,seed=3"))
    target = _faulty_target("encoding=0.3,seed=3", "encoding", site)
    with ReplicaServer(site) as running:
        for _ in range(2):
            response, body = http_get(running, target)
            assert "charset=windows-1252" in (response.getheader("Content-Type") or "")
            body.decode("utf-8")  # the bytes themselves stay UTF-8


def test_reset_fault_drops_the_first_two_requests_then_serves() -> None:
    """Twice, because an HTTP client resends once by itself on a connection it reused:
    a crawler must still see the reset."""
    site = build_site(ReplicaConfig(films=200, faults="reset=0.3,seed=4"))
    target = _faulty_target("reset=0.3,seed=4", "reset", site)
    with ReplicaServer(site) as running:
        for _ in range(2):
            with pytest.raises((http.client.RemoteDisconnected, ConnectionResetError)):
                http_get(running, target)
        assert http_get(running, target)[0].status == 200
