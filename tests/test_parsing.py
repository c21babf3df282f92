"""Table tests for scraper.parsing, the festival-neutral string helpers: every messy
string shape FACTS.md and MARKUP.md list, plus made-up nasty cases (titles with commas,
parentheses and `&`). MIFF's own line formats are tested in test_miff_grammar.py."""

from __future__ import annotations

import pytest

from scraper.parsing import (
    Quote,
    clean_title,
    fix_text,
    fold_name,
    parse_quote,
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
        ("EL AÑO DEL TIGRE", "El Año del Tigre"),  # re-cased by the title's language
        ("TIGRE, EL", "El Tigre"),
        ("DIE STILLE STRAßE (M)", "Die Stille Straße"),
        ("NOÃ‹L Ã€ PARIS", "Noël à Paris"),  # mojibake fixed before re-casing
        ("MOUSQUETAIRES (M), LES", "Les Mousquetaires"),  # rating behind the article
        ("SON &amp;amp; LOVERS", "Son & Lovers"),  # an entity encoded twice
        ("", ""),
        (None, ""),
    ],
)
def test_clean_title(display: str | None, expected: str) -> None:
    assert clean_title(display) == expected


@pytest.mark.parametrize(
    "display",
    [
        "BOOK THAT SHOOK THE WORLD, THE",
        "MOUSQUETAIRES (M), LES",  # one pass left "Les Mousquetaires (M)"
        "X (PG), THE",  # one pass left "The X (Pg)"
        "SON &amp;amp; LOVERS",
        "X, THE, THE",
        "DEL DELÏ€&ndash: :",  # lower-casing made new mojibake
        "LA FEMME DE L'AVIATEUR",
        "DIE STILLE STRAßE",
        "A B C",  # still in capitals once re-cased
        "II III",
        "Ï€ (PI)",
        "  SPACED   OUT  ",
    ],
)
def test_clean_title_is_idempotent(display: str) -> None:
    once = clean_title(display)
    assert clean_title(once) == once


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
