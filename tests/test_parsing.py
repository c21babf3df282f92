"""Table tests for scraper.parsing: every messy string shape FACTS.md and MARKUP.md list,
plus made-up nasty cases (titles with commas, parentheses and `&`)."""

from __future__ import annotations

import pytest

from scraper.parsing import (
    DirectorLine,
    EditionProgram,
    ListingHeader,
    MetaLine,
    Quote,
    clean_title,
    fix_text,
    fold_name,
    is_synopsis_unavailable,
    parse_credit_line,
    parse_director_line,
    parse_edition_program,
    parse_focus,
    parse_listing_header,
    parse_meta_line,
    parse_quote,
    parse_reviewer_initials,
    parse_year,
    split_directors,
    strip_teaser_suffix,
)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Hot &ndash; cold", "Hot – cold"),
        ("Hot &ndash: cold", "Hot – cold"),  # broken terminator
        ("Caf&eacute: society", "Café society"),
        ("&#8212: dash", "— dash"),
        ("not an entity &foo: here", "not an entity &foo: here"),
        ("double &amp;ndash; encoded", "double – encoded"),
        ("AT&T and R&D", "AT&T and R&D"),
        ("AT&T", "AT&T"),  # a bare "&T" at the end is not a cut entity
        ("cut short &nda… Read more", "cut short … Read more"),
        ("cut short &nda...", "cut short ..."),
        ("cut numeric &#82…", "cut numeric …"),
        ("whole but unterminated &ndash…", "whole but unterminated –…"),
        ("Ï€ (PI)", "π (PI)"),  # mojibake ftfy alone leaves alone
        ("KaurismÃ¤ki", "Kaurismäki"),
        ("donâ€™t", "don’t"),
        ("Ã\x81gnes", "Ágnes"),  # an undefined cp1252 byte kept as latin-1
        ("it’s “curly”", "it’s “curly”"),  # real curly quotes stay curly
        ("  lots \n of\t\xa0 space  ", "lots of space"),
        ("", ""),
        (None, ""),
    ],
)
def test_fix_text(raw: str | None, expected: str) -> None:
    assert fix_text(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("the end of it &nda", "the end of it"),
        ("the end of it &#8", "the end of it"),
        ("AT&T", "AT&T"),
        ("ends in entity &amp", "ends in entity &"),
    ],
)
def test_fix_text_truncated_drops_entity_cut_at_the_end(raw: str, expected: str) -> None:
    assert fix_text(raw, truncated=True) == expected


def test_fix_text_rejects_non_text_as_programmer_error() -> None:
    with pytest.raises(ValueError):
        fix_text(42)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("display", "expected"),
    [
        ("THE MACK", "The Mack"),
        ("BOOK THAT SHOOK THE WORLD, THE", "The Book That Shook the World"),
        ("Book That Shook the World, The", "The Book That Shook the World"),
        ("GIRL, A", "A Girl"),
        ("AMOUR, L'", "L'Amour"),
        ("MÉPRIS, LE", "Le Mépris"),
        ("BLECHTROMMEL, DIE", "Die Blechtrommel"),
        ("THE MACK (MA15+)", "The Mack"),
        ("Baise-moi (R18+)", "Baise-moi"),
        ("The Castle (M)", "The Castle"),
        ("Babe (G)", "Babe"),
        ("Heat (CTC)", "Heat"),
        ("SON, THE (PG)", "The Son"),
        ("[REC]", "[Rec]"),
        ("[Rec] 2", "[Rec] 2"),
        ("LennoNYC", "LennoNYC"),
        ("Hot &ndash: Cold", "Hot – Cold"),
        ("Ï€ (PI)", "π (PI)"),
        ("ROCKY II", "Rocky II"),
        ("DON'T LOOK NOW", "Don't Look Now"),
        ("MAD-MAX: FURY OF THE ROAD", "Mad-Max: Fury of the Road"),
        ("ROMEO & JULIET", "Romeo & Juliet"),
        ("  SPACED   OUT  ", "Spaced Out"),
        ("SEX, LIES AND VIDEOTAPE", "Sex, Lies and Videotape"),  # comma, no article
        ("PARIS, TEXAS", "Paris, Texas"),
        ("(UN)TITLED (1999 CUT)", "(Un)titled (1999 Cut)"),
        ("", ""),
        (None, ""),
    ],
)
def test_clean_title(display: str | None, expected: str) -> None:
    assert clean_title(display) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Michael Campus", ["Michael Campus"]),
        ("Joel Coen, Ethan Coen", ["Joel Coen", "Ethan Coen"]),
        ("Jean-Marie Straub & Danièle Huillet", ["Jean-Marie Straub", "Danièle Huillet"]),
        ("Alexandra Smith and Andrew Sandberg", ["Alexandra Smith", "Andrew Sandberg"]),
        ("Alexandra Smith", ["Alexandra Smith"]),  # "and" inside a name is not a joiner
        ("Fernand Anderson", ["Fernand Anderson"]),
        ("A, B & C and D", ["A", "B", "C", "D"]),
        ("A AND B", ["A", "B"]),
        ("Martin Luther King, Jr.", ["Martin Luther King, Jr."]),
        ("D. Baker", ["D. Baker"]),
        ("KaurismÃ¤ki", ["Kaurismäki"]),
        (" , ", []),
        ("", []),
        (None, []),
    ],
)
def test_split_directors(raw: str | None, expected: list[str]) -> None:
    assert split_directors(raw) == expected


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
    ("raw", "expected"),
    [
        ("1979", 1979),
        (" 2019 ", 2019),
        ("979", None),
        ("19790", None),
        ("1979-80", None),
        ("MIFF", None),
        (None, None),
    ],
)
def test_parse_year(raw: str | None, expected: int | None) -> None:
    assert parse_year(raw) == expected


@pytest.mark.parametrize(
    ("paragraphs", "expected"),
    [
        (
            ["A film.", "“A triumph of the form.” – The Daily Planet"],
            Quote("A triumph of the form.", "The Daily Planet"),
        ),
        (
            ["“Ravishing.” – Sight & Sound", "'I made it for my mother.' — Jane Director"],
            Quote("Ravishing.", "Sight & Sound"),
        ),
        (["'I made it for my mother.' — Jane Director"], None),  # a statement, not press
        (["Set in the city — and later in the entire nation."], None),  # a dash in a sentence
        (["Before – After follows three sisters. (GW)"], None),  # a title with a dash
        (['"Funny, furious." – Village Voice'], Quote("Funny, furious.", "Village Voice")),
        (["No quote here."], None),
        ([], None),
        (None, None),
    ],
)
def test_parse_quote(paragraphs: list[str] | None, expected: Quote | None) -> None:
    assert parse_quote(paragraphs) == expected


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
    ("raw", "expected"),
    [
        ("About two hundred characters… Read more", "About two hundred characters"),
        ("About two hundred characters... Read more", "About two hundred characters"),
        ("A devastating parable. ... More »", "A devastating parable."),
        ("A devastating parable More »", "A devastating parable"),
        ("cut in an entity &nda… Read more", "cut in an entity"),
        ("Half the story…", "Half the story"),
        ("... ...", ""),
        ("... ... Read more", ""),
        ("and so much more", "and so much more"),  # a final word "more" is text
        ("AT&T… Read more", "AT&T"),
        (None, ""),
    ],
)
def test_strip_teaser_suffix(raw: str | None, expected: str) -> None:
    assert strip_teaser_suffix(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("About two hundred characters… Read more", "About two hundred characters…"),
        ("A devastating parable. ... More »", "A devastating parable. ..."),
        ("cut in an entity &nda… Read more", "cut in an entity …"),
        ("cut at the end &nda Read more", "cut at the end"),
        ("... ...", "... ..."),
        ("and so much more", "and so much more"),
    ],
)
def test_strip_teaser_suffix_keeping_the_ellipsis(raw: str, expected: str) -> None:
    assert strip_teaser_suffix(raw, keep_ellipsis=True) == expected


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
    ("a", "b"),
    [
        ("Aki Kaurismäki", "Aki Kaurismaki"),
        ("AKI KAURISMÄKI", "aki kaurismaki"),
        ("Jean-Luc Godard", "Jean Luc Godard"),
        ("D. Baker", "D Baker"),
        ("Lars von  Trier", "lars von trier"),
        ("Søren Kragh-Jacobsen", "Soren Kragh Jacobsen"),
        ("KaurismÃ¤ki", "Kaurismaki"),
    ],
)
def test_fold_name_equates_spelling_variants(a: str, b: str) -> None:
    assert fold_name(a) == fold_name(b)


@pytest.mark.parametrize(("a", "b"), [("Joel Coen", "Ethan Coen"), ("Ann Lee", "Anne Lee")])
def test_fold_name_keeps_different_people_apart(a: str, b: str) -> None:
    assert fold_name(a) != fold_name(b)


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
