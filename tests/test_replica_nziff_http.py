"""The NZIFF replica over real HTTP: a crawl from the archive index, aliases, faults."""

from __future__ import annotations

import functools
import gzip
import http.client
import re
from collections import deque
from collections.abc import Iterator
from urllib.parse import urljoin, urlsplit

import pytest
from parsel import Selector

from mirror.replica.faults import parse_fault_spec
from mirror.replica.nziff.site import NziffSite, build_nziff_site
from mirror.replica.server import ReplicaServer
from mirror.replica.site import ReplicaConfig
from tests.replica_fixtures import http_get

HOSTS = ("www.nziff.co.nz", "www1.nziff.co.nz", "nziff.co.nz")
FILM_PATH = re.compile(r"^/(\d{4})/([a-z0-9-]+)/([^/]+)/?$")


@functools.cache
def small_site() -> NziffSite:
    return build_nziff_site(ReplicaConfig(films=300, seed=11))


@pytest.fixture(scope="module")
def server() -> Iterator[ReplicaServer]:
    with ReplicaServer(small_site()) as running:
        yield running


def _url(record_url: str) -> str:
    return urlsplit(record_url).path


def test_a_crawl_from_the_archive_index_reaches_every_truth_film(server: ReplicaServer) -> None:
    site = small_site()
    folders = {(e.year, e.folder) for e in site.editions.values()}
    conn = http.client.HTTPConnection(server.host, server.port, timeout=10)
    queue, seen, films = deque(["/archive/"]), {"/archive/"}, set()
    while queue:
        target = queue.popleft()
        conn.request("GET", target)
        response = conn.getresponse()
        body = response.read()
        assert response.status == 200, target
        for href in Selector(text=body.decode("utf-8")).css("a::attr(href)").getall():
            parts = urlsplit(urljoin(target, href))
            assert not parts.netloc or parts.netloc in HOSTS, href
            film = FILM_PATH.match(parts.path)
            if film and film[3] != "films":
                films.add(f"{film[1]}/{film[3]}")  # archive or regional folder, same film
                continue
            path = parts.path if parts.path.endswith("/") else parts.path + "/"
            if path not in seen:
                seen.add(path)
                queue.append(path)
    conn.close()
    assert films == {r["film_id"] for r in site.truth_records()}
    assert any(f"/{y}/{f}/films/country/" in seen for y, f in folders)


def test_every_film_page_answers_at_its_truth_url(server: ReplicaServer) -> None:
    conn = http.client.HTTPConnection(server.host, server.port, timeout=10)
    for record in small_site().truth_records():
        conn.request("GET", _url(record["url"]))
        response = conn.getresponse()
        body = response.read().decode("utf-8")
        assert response.status == 200, record["url"]
        assert f'<link rel="canonical" href="{record["url"]}">' in body
    conn.close()


def test_regional_folders_and_missing_slashes_serve_the_same_page(server: ReplicaServer) -> None:
    record = next(r for r in small_site().truth_records() if r["edition"] >= 2012)
    canonical = http_get(server, _url(record["url"]))
    year, slug = record["edition"], record["slug"]
    for target in (_url(record["url"]).rstrip("/"), f"/{year}/wellington/{slug}/"):
        response, body = http_get(server, target)
        assert response.status == 200 and body == canonical[1], target
        assert response.getheader("ETag") == canonical[0].getheader("ETag")
    early = next(r for r in small_site().truth_records() if r["edition"] < 2012)
    assert http_get(server, f"/{early['edition']}/auckland/{early['slug']}/")[0].status == 404


def test_validators_gzip_and_any_host(server: ReplicaServer) -> None:
    target = _url(next(small_site().truth_records())["url"])
    response, body = http_get(server, target)
    etag, modified = response.getheader("ETag"), response.getheader("Last-Modified")
    assert etag and modified
    assert http_get(server, target, {"If-None-Match": etag})[0].status == 304
    assert http_get(server, target, {"If-Modified-Since": modified})[0].status == 304
    zipped, zipped_body = http_get(server, target, {"Accept-Encoding": "gzip"})
    assert zipped.getheader("Content-Encoding") == "gzip" and gzip.decompress(zipped_body) == body
    for host in HOSTS:
        assert http_get(server, target, {"Host": host})[1] == body


def test_unknown_paths_and_wrong_folders_are_404(server: ReplicaServer) -> None:
    edition = small_site().editions[2015]
    wrong = "archive-9" if edition.folder != "archive-9" else "archive"
    for path in (
        "/nothing",
        f"/2015/{wrong}/",
        f"/{edition.year}/{edition.folder}/no-such-film/",
        f"/{edition.year}/{edition.folder}/films/country/atlantis/",
        f"/{edition.year}/{edition.folder}/films/genre/comedy/",
        "/1999/archive/",
    ):
        assert http_get(server, path)[0].status == 404, path
    robots = http_get(server, "/robots.txt")
    assert robots[0].status == 200 and b"Disallow:" in robots[1]


def test_error_fault_fails_only_the_first_request() -> None:
    spec = "error=0.3,seed=1"
    site = build_nziff_site(ReplicaConfig(films=200, faults=spec))
    faults = parse_fault_spec(spec)
    target = next(
        path
        for path in (_url(r["url"]) for r in site.truth_records())
        if faults.hits("error", path) and not faults.hits("slow", path)
    )
    with ReplicaServer(site) as running:
        assert http_get(running, target)[0].status in (500, 503)
        assert http_get(running, target)[0].status == 200


def test_same_seed_serves_the_same_bytes_from_two_builds() -> None:
    config = ReplicaConfig(films=300, seed=11)
    targets = ["/archive/", *(_url(r["url"]) for r in list(small_site().truth_records())[::37])]
    with ReplicaServer(build_nziff_site(config)) as other:
        conn = http.client.HTTPConnection(other.host, other.port, timeout=10)
        with ReplicaServer(small_site()) as first:
            for target in targets:
                conn.request("GET", target)
                response = conn.getresponse()
                assert response.read() == http_get(first, target)[1], target
        conn.close()
