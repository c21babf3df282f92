"""scraper.site_urls: base URLs, loopback hosts and alias hosts, for any festival site."""

from __future__ import annotations

import pytest

from scraper.site_urls import (
    is_loopback_url,
    normalise_base_url,
    public_form,
    rewrite_alias_host,
)

HOSTS = frozenset({"festival.example", "www.festival.example", "2015.festival.example"})
PUBLIC = "https://festival.example"


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("http://127.0.0.1:8765", True),
        ("http://127.3.4.5", True),
        ("http://localhost:8000/x", True),
        ("http://[::1]:8765", True),
        ("127.0.0.1:8765", True),
        ("https://miff.com.au", False),
        ("http://10.0.0.1", False),
        ("http://localhost.example.com", False),
    ],
)
def test_is_loopback_url(url: str, expected: bool) -> None:
    assert is_loopback_url(url) is expected


@pytest.mark.parametrize(
    ("base", "expected"),
    [
        ("https://miff.com.au/", "https://miff.com.au"),
        (" http://127.0.0.1:8766/mirror/ ", "http://127.0.0.1:8766/mirror"),
        ("https://www.nziff.co.nz/?x=1#top", "https://www.nziff.co.nz"),
    ],
)
def test_normalise_base_url(base: str, expected: str) -> None:
    assert normalise_base_url(base) == expected


@pytest.mark.parametrize("base", ["miff.com.au", "ftp://example.org", "/festival-archive"])
def test_normalise_base_url_rejects_what_is_not_an_absolute_http_url(base: str) -> None:
    with pytest.raises(ValueError):
        normalise_base_url(base)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://festival.example/2015/a-film", "http://127.0.0.1:8766/2015/a-film"),
        (
            "http://WWW.Festival.Example/2015/a-film?page=2",
            "http://127.0.0.1:8766/2015/a-film?page=2",
        ),
        ("https://2015.festival.example/x#part", "http://127.0.0.1:8766/x"),
        ("https://other.example/2015/a-film", "https://other.example/2015/a-film"),
        ("/2015/a-film", "/2015/a-film"),
        ("?page=2", "?page=2"),
    ],
)
def test_rewrite_alias_host_moves_only_the_given_hosts(url: str, expected: str) -> None:
    assert rewrite_alias_host(url, "http://127.0.0.1:8766", HOSTS) == expected


@pytest.mark.parametrize(
    ("url", "base", "expected"),
    [
        ("http://127.0.0.1:8766/2015/a-film", "http://127.0.0.1:8766/", f"{PUBLIC}/2015/a-film"),
        ("http://localhost/mirror/2015", "http://localhost/mirror", f"{PUBLIC}/2015"),
        ("http://www.festival.example/2015", "http://127.0.0.1:8766", f"{PUBLIC}/2015"),
        ("https://other.example/x", "http://127.0.0.1:8766", "https://other.example/x"),
    ],
)
def test_public_form(url: str, base: str, expected: str) -> None:
    assert public_form(url, base, PUBLIC, HOSTS) == expected
