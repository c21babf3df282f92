"""Table tests for scraper.spiders.miff_grammar: MIFF's meta line, director line, listing
header, edition program, focus, credit line, reviewer initials and "Synopsis not
available", in every shape FACTS.md and MARKUP.md list, plus made-up nasty cases."""

from __future__ import annotations

import pytest

from scraper.spiders.miff_grammar import (
    DirectorLine,
    EditionProgram,
    ListingHeader,
    MetaLine,
    is_synopsis_unavailable,
    parse_credit_line,
    parse_director_line,
    parse_edition_program,
    parse_focus,
    parse_listing_header,
    parse_meta_line,
    parse_reviewer_initials,
)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (
            "Hong Kong, 1979 (MIFF 1980, Programme 38)",
            MetaLine("Hong Kong", 1979, 1980, "Programme 38"),
        ),
        ("Australia (MIFF2003,Animation)", MetaLine("Australia", None, 2003, "Animation")),
        (
            "USA (MIFF 1999 , International Panorama - Special Presentation)",
            MetaLine("USA", None, 1999, "International Panorama - Special Presentation"),
        ),
        ("(MIFF 1989, Programme 12)", MetaLine(None, None, 1989, "Programme 12")),
        ("USSR, 1988 (MIFF 1989)", MetaLine("USSR", 1988, 1989, None)),
        ("Hong Kong, 1979 (MIFF 1980)", MetaLine("Hong Kong", 1979, 1980, None)),
        ("1979 (MIFF 1980, Shorts)", MetaLine(None, 1979, 1980, "Shorts")),
        (
            "France, 2001 (MIFF 2002, Sights (and Sounds))",
            MetaLine("France", 2001, 2002, "Sights (and Sounds)"),
        ),
        ("Korea, South, 1999 (MIFF 2000, Asia)", MetaLine("Korea, South", 1999, 2000, "Asia")),
        ("USSR, 1988", MetaLine("USSR", 1988, None, None)),  # see-also meta line
        ("USSR", MetaLine("USSR", None, None, None)),
        ("", MetaLine()),
        (None, MetaLine()),
    ],
)
def test_parse_meta_line(raw: str | None, expected: MetaLine) -> None:
    assert parse_meta_line(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Director: Marjaana Mykkanen", DirectorLine(["Marjaana Mykkanen"])),
        ("Director: Joel Coen, Ethan Coen", DirectorLine(["Joel Coen", "Ethan Coen"])),
        ("Directors: A & B", DirectorLine(["A", "B"])),
        (
            "Director Marjaana Mykkanen / 1988 / USSR",
            DirectorLine(["Marjaana Mykkanen"], 1988, "USSR"),
        ),
        ("Director A & B / 1988 / Hong Kong", DirectorLine(["A", "B"], 1988, "Hong Kong")),
        ("Director A and B / / USSR", DirectorLine(["A", "B"], None, "USSR")),
        ("Director: AC/DC Band / 1990", DirectorLine(["AC/DC Band"], 1990)),
        ("Director: ", DirectorLine([])),
        ("Synopsis not available", DirectorLine([])),
        (None, DirectorLine([])),
    ],
)
def test_parse_director_line(raw: str | None, expected: DirectorLine) -> None:
    assert parse_director_line(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("THE MACK (Michael Campus, 1973)", ListingHeader("THE MACK", ["Michael Campus"], 1973)),
        (
            "FARGO (Joel Coen, Ethan Coen, 1996)",
            ListingHeader("FARGO", ["Joel Coen", "Ethan Coen"], 1996),
        ),
        ("X (A & B, 1990)", ListingHeader("X", ["A", "B"], 1990)),
        ("X (A and B, 1990)", ListingHeader("X", ["A", "B"], 1990)),
        ("NO YEAR (Some Name, )", ListingHeader("NO YEAR", ["Some Name"], None)),
        ("NO DIRECTOR (, 1959)", ListingHeader("NO DIRECTOR", [], 1959)),
        ("Ï€ (PI) (Darren Aronofsky, 1998)", ListingHeader("π (PI)", ["Darren Aronofsky"], 1998)),
        (
            "SEX, LIES AND VIDEOTAPE (Steven Soderbergh, 1989)",
            ListingHeader("SEX, LIES AND VIDEOTAPE", ["Steven Soderbergh"], 1989),
        ),
        (
            "BOOK THAT SHOOK THE WORLD, THE (A. Name, 1960)",
            ListingHeader("BOOK THAT SHOOK THE WORLD, THE", ["A. Name"], 1960),
        ),
        (
            "THE MACK (MA15+) (Michael Campus, 1973)",
            ListingHeader("THE MACK (MA15+)", ["Michael Campus"], 1973),
        ),
        (
            "TOM & JERRY (AND FRIENDS) (Bill Hanna, 1950)",
            ListingHeader("TOM & JERRY (AND FRIENDS)", ["Bill Hanna"], 1950),
        ),
        (
            "[REC] (Jaume Balagueró & Paco Plaza, 2007)",
            ListingHeader("[REC]", ["Jaume Balagueró", "Paco Plaza"], 2007),
        ),
        ("X (Name (II), 1999)", ListingHeader("X", ["Name (II)"], 1999)),
        ("ONLY A YEAR (1959)", ListingHeader("ONLY A YEAR", [], 1959)),
        ("Ï€ (PI)", ListingHeader("π (PI)", [])),  # no director/year group at all
        ("JUST A TITLE", ListingHeader("JUST A TITLE", [])),
        ("", ListingHeader("", [])),
        (None, ListingHeader("", [])),
    ],
)
def test_parse_listing_header(raw: str | None, expected: ListingHeader) -> None:
    assert parse_listing_header(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (
            "158 feature films and 116 short films were screened from 22 July to 8 August",
            EditionProgram(158, 116, "22 July to 8 August"),
        ),
        (
            "1 feature film and 67 short films were screened from 1 June to 3 June.",
            EditionProgram(1, 67, "1 June to 3 June"),
        ),
        ("15 feature films were screened", EditionProgram(15, None, None)),
        ("Program to be announced", EditionProgram()),
        (None, EditionProgram()),
    ],
)
def test_parse_edition_program(raw: str | None, expected: EditionProgram) -> None:
    assert parse_edition_program(raw) == expected


@pytest.mark.parametrize(
    ("paragraphs", "expected"),
    [
        (
            ["A story.", "D Jane Doe P John Roe L Farsi w/English subtitles TD 35mm/1995/81mins"],
            "D Jane Doe P John Roe L Farsi w/English subtitles TD 35mm/1995/81mins",
        ),
        (
            ["P John Roe L English TD 16mm/12mins"],  # no director credited
            "P John Roe L English TD 16mm/12mins",
        ),
        (
            ["D A Name P B Name L Turkish w/English subtitles TD Beta SP/1951/53mins"],
            "D A Name P B Name L Turkish w/English subtitles TD Beta SP/1951/53mins",
        ),
        (["Dreams are made of this, 90 mins of it."], None),
        (["De Niro plays a TD officer."], None),
        ([], None),
    ],
)
def test_parse_credit_line(paragraphs: list[str], expected: str | None) -> None:
    assert parse_credit_line(paragraphs) == expected


@pytest.mark.parametrize(
    ("paragraphs", "expected"),
    [
        (["A fine film. (MM)"], "MM"),
        (["A fine film. (M.M.)"], "MM"),
        (["First. (AB)", "Second."], "AB"),
        (["Rated for all. (PG)"], None),  # a rating, not initials
        (["A film from the (USA)"], None),
        (["No initials."], None),
        (None, None),
    ],
)
def test_parse_reviewer_initials(paragraphs: list[str] | None, expected: str | None) -> None:
    assert parse_reviewer_initials(paragraphs) == expected


@pytest.mark.parametrize(
    ("paragraphs", "expected"),
    [
        (["Synopsis not available"], True),
        (["  Synopsis not available. "], True),
        (["Synopsis not available", "But here is one."], False),
        (["A real synopsis."], False),
        ([], False),
    ],
)
def test_is_synopsis_unavailable(paragraphs: list[str], expected: bool) -> None:
    assert is_synopsis_unavailable(paragraphs) is expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("{focus Agnès Varda}", "Agnès Varda"),
        ("{ focus  Aki Kaurismäki }", "Aki Kaurismäki"),
        ("Agnès Varda", "Agnès Varda"),
        ("", None),
        (None, None),
    ],
)
def test_parse_focus_unwraps_the_unrendered_placeholder(
    raw: str | None, expected: str | None
) -> None:
    assert parse_focus(raw) == expected
