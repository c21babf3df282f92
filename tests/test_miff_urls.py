"""scraper.spiders.miff_urls: the three film-id schemes, alias hosts, canonical and public
forms of the MIFF archive."""

from __future__ import annotations

import pytest

from scraper.spiders.miff_urls import (
    EditionRef,
    ListingRef,
    canonical_film_url,
    edition_from_url,
    film_id_from_url,
    listing_from_url,
    public_film_url,
    public_url,
    rewrite_to_base,
)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("/festival-archive/film/5977", "5977"),
        ("/festival-archive/films/id/5977", "5977"),
        ("/festival-archive/films/5977/from-russia-with-rock", "5977"),
        ("/festival-archive/films/5977", "5977"),
        ("https://miff.com.au/festival-archive/film/5977", "5977"),
        ("http://2014.miff.com.au/festival-archive/films/id/12/", "12"),
        ("https://melbournefilmfestival.com.au/festival-archive/films/7/a-slug?x=1#top", "7"),
        ("http://127.0.0.1:8765/festival-archive/film/42", "42"),
        ("/festival-archive/films/directors/A", None),
        ("/festival-archive/films/festival/1999", None),
        ("/festival-archive/films/year/1999", None),
        ("/festival-archive/film/abc", None),
        ("/festival-archive/id/123/1999", None),
        ("", None),
        (None, None),
    ],
)
def test_film_id_from_url(url: str | None, expected: str | None) -> None:
    assert film_id_from_url(url) == expected


@pytest.mark.parametrize(
    ("film_id", "base", "expected"),
    [
        ("5977", "https://miff.com.au", "https://miff.com.au/festival-archive/film/5977"),
        ("5977", "http://127.0.0.1:8765/", "http://127.0.0.1:8765/festival-archive/film/5977"),
        ("1", "http://localhost:1/mirror", "http://localhost:1/mirror/festival-archive/film/1"),
    ],
)
def test_canonical_film_url(film_id: str, base: str, expected: str) -> None:
    assert canonical_film_url(film_id, base) == expected


@pytest.mark.parametrize(
    ("film_id", "base"), [("59a7", "https://miff.com.au"), ("1", "miff.com.au")]
)
def test_canonical_film_url_rejects_programmer_errors(film_id: str, base: str) -> None:
    with pytest.raises(ValueError):
        canonical_film_url(film_id, base)


def test_public_film_url_is_the_https_miff_form() -> None:
    assert public_film_url("5977") == "https://miff.com.au/festival-archive/film/5977"


@pytest.mark.parametrize(
    "url",
    [
        "http://miff.com.au/festival-archive/film/1",
        "https://miff.com.au/festival-archive/film/1",
        "https://www.miff.com.au/festival-archive/film/1",
        "https://2019offseason.miff.com.au/festival-archive/film/1",
        "https://2014.miff.com.au/festival-archive/film/1",
        "https://melbournefilmfestival.com.au/festival-archive/film/1",
        "http://www.melbournefilmfestival.com.au/festival-archive/film/1",
        "HTTPS://MIFF.COM.AU/festival-archive/film/1",
    ],
)
def test_rewrite_to_base_moves_every_miff_host_onto_the_base(url: str) -> None:
    assert (
        rewrite_to_base(url, "http://127.0.0.1:8765")
        == "http://127.0.0.1:8765/festival-archive/film/1"
    )


@pytest.mark.parametrize(
    "url",
    ["https://example.org/festival-archive/film/1", "/festival-archive/film/1", "?page=2"],
)
def test_rewrite_to_base_leaves_other_hosts_and_relative_urls(url: str) -> None:
    assert rewrite_to_base(url, "http://127.0.0.1:8765") == url


def test_rewrite_to_base_keeps_the_query() -> None:
    assert (
        rewrite_to_base(
            "https://2014.miff.com.au/festival-archive/films/festival/1999?page=3",
            "https://miff.com.au",
        )
        == "https://miff.com.au/festival-archive/films/festival/1999?page=3"
    )


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("/festival-archive/id/4821/1999", EditionRef(1999, "4821")),
        ("https://miff.com.au/festival-archive/year/1999", EditionRef(1999, None)),
        ("/festival-archive/year/1999/", EditionRef(1999, None)),
        ("/festival-archive/films/festival/1999", None),
        (None, None),
    ],
)
def test_edition_from_url(url: str | None, expected: EditionRef | None) -> None:
    assert edition_from_url(url) == expected


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("/festival-archive/films/festival/1999", ListingRef("festival", "1999", 0)),
        ("/festival-archive/films/festival/1999?page=3", ListingRef("festival", "1999", 3)),
        (
            "/festival-archive/films/country/Hong+Kong?x=1&page=2",
            ListingRef("country", "Hong+Kong", 2),
        ),
        ("/festival-archive/films/directors/C?page=28", ListingRef("directors", "C", 28)),
        ("/festival-archive/films/5977/slug", None),
        ("/festival-archive/film/5977", None),
    ],
)
def test_listing_from_url(url: str, expected: ListingRef | None) -> None:
    assert listing_from_url(url) == expected


@pytest.mark.parametrize(
    ("url", "base", "expected"),
    [
        (
            "http://127.0.0.1:8765/festival-archive/year/1999",
            "http://127.0.0.1:8765",
            "https://miff.com.au/festival-archive/year/1999",
        ),
        (
            "http://localhost/mirror/festival-archive/id/4/1999",
            "http://localhost/mirror/",
            "https://miff.com.au/festival-archive/id/4/1999",
        ),
        (
            "http://2014.miff.com.au/festival-archive/year/1999",
            "http://127.0.0.1:8765",
            "https://miff.com.au/festival-archive/year/1999",
        ),
        ("https://example.org/x", "http://127.0.0.1:8765", "https://example.org/x"),
    ],
)
def test_public_url(url: str, base: str, expected: str) -> None:
    assert public_url(url, base) == expected
