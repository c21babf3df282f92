"""The NZIFF string grammar (scraper/spiders/nziff_grammar.py), table by table.

Cases cover the irregularities mirror/replica/NZIFF.md lists: alias hosts and schemes,
archive folders with suffixes, regional folders, optional trailing slashes, numeric and
doubly escaped entities, NBSP before "minutes", countries joined by " / " or ", ",
singular/plural headings, the cast's parts, the run-on festival line, the em-dash quote.
"""

from __future__ import annotations

from typing import Any

import pytest

from scraper.parsing import Quote
from scraper.spiders.nziff_grammar import (
    FilmRef,
    FolderRef,
    ListingRef,
    Origin,
    Specs,
    canonical_role,
    clean_name,
    film_ref_from_url,
    is_archive_folder,
    listing_from_url,
    parse_countries,
    parse_directed_by,
    parse_edition_banner,
    parse_festival_history,
    parse_language_line,
    parse_origin_line,
    parse_press_quote,
    parse_runtime,
    parse_specs_line,
    parse_year_heading,
    primary_language,
    public_url,
    rewrite_to_base,
    split_credit_names,
    year_page_from_url,
)

BASE = "http://127.0.0.1:8766"

# ------------------------------------------------------------------------------ URLs


@pytest.mark.parametrize(
    ("folder", "expected"),
    [
        ("archive", True),
        ("archive-1", True),
        ("archive-12", True),
        ("auckland", False),
        ("at-home-online", False),
        ("archives", False),
        ("archive-", False),
        ("", False),
        (None, False),
    ],
)
def test_is_archive_folder(folder: str | None, expected: bool) -> None:
    assert is_archive_folder(folder) is expected


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("/2015/archive/the-salt-road/", FilmRef(2015, "archive", "the-salt-road")),
        ("/2015/archive/the-salt-road", FilmRef(2015, "archive", "the-salt-road")),
        (
            "https://www1.nziff.co.nz/2019/archive-5/the-return-2018/",
            FilmRef(2019, "archive-5", "the-return-2018"),
        ),
        ("http://nziff.co.nz/2015/auckland/kin-2", FilmRef(2015, "auckland", "kin-2")),
        ("/2020/at-home-online/kin/", FilmRef(2020, "at-home-online", "kin")),
        ("/2004/archive/shorts#short-the-bus", FilmRef(2004, "archive", "shorts")),
        ("/2015/archive/films/", None),  # the listings folder, not a film
        ("/2015/archive/", None),  # a year page
        ("/2015/archive/films/title/", None),
        ("/archive/", None),
        ("/s/search/", None),
        ("/15/archive/kin/", None),
        ("", None),
        (None, None),
    ],
)
def test_film_ref_from_url(url: str | None, expected: FilmRef | None) -> None:
    assert film_ref_from_url(url) == expected


def test_film_ref_id_path_and_folder_move() -> None:
    ref = FilmRef(2015, "wellington", "kin")
    assert ref.film_id == "2015/kin"
    assert ref.path == "/2015/wellington/kin/"
    assert ref.in_folder("archive-2").path == "/2015/archive-2/kin/"
    assert ref.in_folder("archive-2").film_id == ref.film_id


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("/2015/archive/", FolderRef(2015, "archive")),
        ("https://www.nziff.co.nz/2001/archive-2", FolderRef(2001, "archive-2")),
        ("/2015/auckland/", None),  # a regional programme, not the year's archive
        ("/2015/archive/kin/", None),
        ("/archive/", None),
    ],
)
def test_year_page_from_url(url: str, expected: FolderRef | None) -> None:
    assert year_page_from_url(url) == expected


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("/2015/archive/films/title/", ListingRef(2015, "archive", "title", "")),
        ("/2015/archive-3/films/country", ListingRef(2015, "archive-3", "country", "")),
        (
            "/2015/archive/films/country/aotearoa-new-zealand/",
            ListingRef(2015, "archive", "country", "aotearoa-new-zealand"),
        ),
        (
            "https://nziff.co.nz/2009/archive-1/films/strand/animation-now",
            ListingRef(2009, "archive-1", "strand", "animation-now"),
        ),
        ("/2015/archive/films/", None),
        ("/2015/auckland/films/title/", None),
        ("/2015/archive/kin/", None),
    ],
)
def test_listing_from_url(url: str, expected: ListingRef | None) -> None:
    assert listing_from_url(url) == expected


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://www.nziff.co.nz/2015/archive/kin/", f"{BASE}/2015/archive/kin/"),
        ("http://www.nziff.co.nz/2015/archive/kin", f"{BASE}/2015/archive/kin"),
        ("https://www1.nziff.co.nz/2015/archive/kin/", f"{BASE}/2015/archive/kin/"),
        ("https://nziff.co.nz/2015/archive/kin/#credits", f"{BASE}/2015/archive/kin/"),
        ("https://WWW.NZIFF.CO.NZ/2015/archive/kin/", f"{BASE}/2015/archive/kin/"),
        ("https://example.org/2015/archive/kin/", "https://example.org/2015/archive/kin/"),
        ("/2015/archive/kin/", "/2015/archive/kin/"),
    ],
)
def test_rewrite_to_base(url: str, expected: str) -> None:
    assert rewrite_to_base(url, BASE) == expected


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (f"{BASE}/2015/archive/", "https://www.nziff.co.nz/2015/archive/"),
        ("http://nziff.co.nz/2015/archive/kin/", "https://www.nziff.co.nz/2015/archive/kin/"),
        ("https://example.org/x", "https://example.org/x"),
    ],
)
def test_public_url(url: str, expected: str) -> None:
    assert public_url(url, BASE) == expected


# ----------------------------------------------------------------------- plain text


@pytest.mark.parametrize(
    ("shown", "expected"),
    [
        ("Ma\u2019s Kitchen", "Ma's Kitchen"),  # &#8217; as the page's HTML writes it
        ("Sight &amp; Sound", "Sight & Sound"),  # &amp;amp; in the HTML
        ("Before  – After ", "Before – After"),  # doubled inner and trailing space
        ("Seán O\u2019Brien", "Seán O'Brien"),
        ("  ", ""),
        (None, ""),
    ],
)
def test_clean_name(shown: str | None, expected: str) -> None:
    assert clean_name(shown) == expected


@pytest.mark.parametrize(
    ("function", "shown", "expected"),
    [
        (parse_edition_banner, "Screened as part of NZIFF 2015", 2015),
        (parse_edition_banner, "Screened as part of NZIFF\xa02003", 2003),
        (parse_edition_banner, "Screened as part of the festival", None),
        (parse_year_heading, "NZIFF 2015", 2015),
        (parse_year_heading, "New Zealand International Film Festival 2009", 2009),
        (parse_year_heading, "Festival Archive", None),
        (primary_language, "en-NZ", "en"),
        (primary_language, "mi", "mi"),
        (primary_language, "", None),
        (primary_language, None, None),
    ],
)
def test_small_lines(function: Any, shown: str | None, expected: Any) -> None:
    assert function(shown) == expected


# ---------------------------------------------------------------- directors, credits


@pytest.mark.parametrize(
    ("shown", "expected"),
    [
        ("Directed by Jane Campion", ["Jane Campion"]),
        ("Directed by A Name, B Name and C Name", ["A Name", "B Name", "C Name"]),
        ("Directed by A Name &amp; B Name", ["A Name", "B Name"]),
        ("Directed by Ma\u2019ia Tuala", ["Ma'ia Tuala"]),
        ("Jane Campion", []),  # a card's director line has no prefix
        ("", []),
    ],
)
def test_parse_directed_by(shown: str, expected: list[str]) -> None:
    assert parse_directed_by(shown) == expected


@pytest.mark.parametrize(
    ("heading", "expected"),
    [
        ("Director", "Director"),
        ("Directors", "Director"),
        ("Producer", "Producer"),
        ("Producers", "Producer"),
        ("Editors", "Editor"),
        ("Production designers", "Production designer"),
        ("Costume designers", "Costume designer"),
        ("Screenplay", "Screenplay"),
        ("Photography", "Photography"),
        ("Music", "Music"),
        ("With", "With"),
        ("Festival", "Festival"),
        ("Festivals:", "Festival"),
        ("PRODUCERS", "Producer"),
        (" Editor\n", "Editor"),
        ("Awards", "Awards"),  # not a role the archive's records name: kept as shown
        ("", ""),
    ],
)
def test_canonical_role(heading: str, expected: str) -> None:
    assert canonical_role(heading) == expected


@pytest.mark.parametrize(
    ("shown", "expected"),
    [
        ("Anna Reid", ["Anna Reid"]),
        ("Anna Reid,\nTom Hale", ["Anna Reid", "Tom Hale"]),
        ("Anna Reid (the mother),\nTom Hale (the boy)", ["Anna Reid", "Tom Hale"]),
        ("Anna Reid (the mother, later), Tom Hale", ["Anna Reid", "Tom Hale"]),
        ("Rangi O\u2019Neill", ["Rangi O'Neill"]),
        (",\n", []),
        (None, []),
    ],
)
def test_split_credit_names(shown: str | None, expected: list[str]) -> None:
    assert split_credit_names(shown) == expected


@pytest.mark.parametrize(
    ("shown", "expected"),
    [
        ("Cannes (Un Certain Regard) 2014", ["Cannes (Un Certain Regard) 2014"]),
        (
            "Cannes (Un Certain Regard) 2014\nMelbourne 2014",
            ["Cannes (Un Certain Regard) 2014", "Melbourne 2014"],
        ),
        ("Festivals: Toronto 2014, Busan 2014", ["Toronto 2014", "Busan 2014"]),
        ("Festival: Sundance 2003", ["Sundance 2003"]),
        ("Cannes (Directors' Fortnight) 2009", ["Cannes (Directors' Fortnight) 2009"]),
        (
            "Festivals: Cannes (Un Certain Regard, Special Screening) 2014, IDFA 2014",
            ["Cannes (Un Certain Regard, Special Screening) 2014", "IDFA 2014"],
        ),
        ("Festivals:", []),
        (None, []),
    ],
)
def test_parse_festival_history(shown: str | None, expected: list[str]) -> None:
    assert parse_festival_history(shown) == expected


# ------------------------------------------------------------ origin and specs lines


@pytest.mark.parametrize(
    ("shown", "expected"),
    [
        ("France", ["France"]),
        ("France / Germany", ["France", "Germany"]),
        ("France, Germany, Denmark", ["France", "Germany", "Denmark"]),
        ("France/Germany", ["France", "Germany"]),
        ("Aotearoa New Zealand / Australia", ["New Zealand", "Australia"]),
        ("Côte d\u2019Ivoire", ["Côte d'Ivoire"]),
        ("", []),
    ],
)
def test_parse_countries(shown: str, expected: list[str]) -> None:
    assert parse_countries(shown) == expected


@pytest.mark.parametrize(
    ("shown", "expected"),
    [
        ("In English", Origin([], ["English"], False)),
        ("In Kazakh with English subtitles", Origin([], ["Kazakh"], True)),
        ("In French and German with English subtitles", Origin([], ["French", "German"], True)),
        ("In Hindi, Bengali and English with English subtitles",
         Origin([], ["Hindi", "Bengali", "English"], True)),
        ("In Māori, Samoan, and English, with English subtitles.",
         Origin([], ["Māori", "Samoan", "English"], True)),
        ("In English and Māori", Origin([], ["English", "Māori"], False)),
        ("English subtitles", Origin([], [], False)),
        (None, Origin([], [], False)),
    ],
)  # fmt: skip
def test_parse_language_line(shown: str | None, expected: Origin) -> None:
    assert parse_language_line(shown) == expected


@pytest.mark.parametrize(
    ("shown", "expected"),
    [
        (
            "France / Germany In French and German with English subtitles",
            Origin(["France", "Germany"], ["French", "German"], True),
        ),
        ("USA In English", Origin(["USA"], ["English"], False)),
        ("India, UK\nIn Hindi with English subtitles", Origin(["India", "UK"], ["Hindi"], True)),
        ("Indonesia", Origin(["Indonesia"], [], False)),  # "In" only as a word
        ("In Farsi with English subtitles", Origin([], ["Farsi"], True)),
        ("", Origin([], [], False)),
    ],
)
def test_parse_origin_line(shown: str, expected: Origin) -> None:
    assert parse_origin_line(shown) == expected


@pytest.mark.parametrize(
    ("shown", "expected"),
    [
        ("104 minutes", 104),
        ("104\xa0minutes", 104),
        ("104&nbsp;minutes", 104),
        ("7 mins", 7),
        ("PT1H44M", 104),
        ("PT90M", 90),
        ("minutes", None),
        ("35mm", None),
        (None, None),
    ],
)
def test_parse_runtime(shown: str | None, expected: int | None) -> None:
    assert parse_runtime(shown) == expected


@pytest.mark.parametrize(
    ("shown", "expected"),
    [
        ("104 minutes DCP", Specs(104, None, "DCP")),
        ("104\xa0minutes B&amp;W 35mm", Specs(104, "B&W", "35mm")),
        ("98 minutes Colour Beta SP", Specs(98, "Colour", "Beta SP")),
        ("98 minutes Color", Specs(98, "Colour", None)),
        ("12 minutes Black and white 16mm", Specs(12, "B&W", "16mm")),
        ("35mm B&W", Specs(None, "B&W", "35mm")),
        ("16mm", Specs(None, None, "16mm")),
        ("88 minutes", Specs(88, None, None)),
        ("", Specs()),
        (None, Specs()),
    ],
)
def test_parse_specs_line(shown: str | None, expected: Specs) -> None:
    assert parse_specs_line(shown) == expected


# ---------------------------------------------------------------------- press quote


@pytest.mark.parametrize(
    ("shown", "expected"),
    [
        (
            "“A film of rare and quiet power” — Laura Collins, The Listener",
            Quote("A film of rare and quiet power", "Laura Collins, The Listener"),
        ),
        (
            "“Dazzling, daring and deeply felt” —\nAnn Hart, Sight &amp; Sound",
            Quote("Dazzling, daring and deeply felt", "Ann Hart, Sight & Sound"),
        ),
        ('"Pure cinema" – Ed Roe, Variety', Quote("Pure cinema", "Ed Roe, Variety")),
        ("“Pure cinema” — and then the film ends.", None),  # a sentence, not a source
        ("A film about grief — and what comes after", None),  # no quote marks
        ("“Unfinished quote — Ed Roe, Variety", None),
        ("", None),
        (None, None),
    ],
)
def test_parse_press_quote(shown: str | None, expected: Quote | None) -> None:
    assert parse_press_quote(shown) == expected


@pytest.mark.parametrize(
    "function",
    [
        clean_name,
        parse_countries,
        parse_directed_by,
        parse_festival_history,
        parse_language_line,
        parse_origin_line,
        parse_runtime,
        parse_specs_line,
        parse_press_quote,
        split_credit_names,
    ],
)
def test_a_non_string_is_a_programmer_error(function: Any) -> None:
    with pytest.raises(ValueError):
        function(104)
