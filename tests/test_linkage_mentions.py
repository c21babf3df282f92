"""Keys of a record named in a keyless text: titles, directors and years inline."""

import pytest

from linkage.evidence import proper_names, years_mentioned
from linkage.mentions import (
    describes_directors_film,
    director_mentioned,
    printed_titles,
    title_forms,
    title_mentioned,
    year_mentioned,
)


@pytest.mark.parametrize(
    ("title", "text", "expected"),
    [
        ("Лето", "«Лето» (2018, реж. К. Серебренников) — о ленинградском роке.", True),
        ("Leto", "«Лето» (2018) — о ленинградском роке.", True),  # transliterated
        ("À propos d'Elly", "A propos d'Elly (2009) s'ouvre sur des cris.", True),
        ("Leto (Summer)", "A summer of rock in Leningrad.", True),  # an alternative title
        ("Leto", "Tsoi plays to a crowd in Leningrad.", False),
        ("Up", "They go up at night.", None),  # too short a title to look for
        (None, "Anything", None),
    ],
)
def test_title_mentioned(title: str | None, text: str, expected: bool | None) -> None:
    assert title_mentioned(title, text) is expected


def test_title_forms_split_alternatives() -> None:
    assert title_forms("Лето / Leto (Summer)") == ("leto", "leto leto summer", "summer")


@pytest.mark.parametrize(
    ("directors", "text", "expected"),
    [
        (["Ken Loach"], "Loach came out of retirement again for this drama.", True),
        (["Luchino Visconti"], "Monumentalny fresk Viscontiego o monarsze.", True),
        (["Hirokazu Kore-eda"], "In Kore-eda's 2018 drama a family steals.", True),
        (["Jia Zhangke"], "Chen and Kenji meet in a bar in Tokyo.", False),
        (["Ken Loach"], "a family struggles to pay the rent.", None),  # no name to compare
        ([], "Loach's drama.", None),
    ],
)
def test_director_mentioned(directors: list[str], text: str, expected: bool | None) -> None:
    assert director_mentioned(directors, proper_names(text)) is expected


@pytest.mark.parametrize(
    ("year", "text", "expected"),
    [
        (2018, "«Лето» (2018) — о роке.", True),
        (2018, "Shown at Cannes in 2019.", True),  # festival year, one after
        (2018, "Set in 1981 in Leningrad.", False),
        (None, "In 2018.", None),
    ],
)
def test_year_mentioned(year: int | None, text: str, expected: bool | None) -> None:
    assert year_mentioned(year, years_mentioned(text)) is expected


@pytest.mark.parametrize(
    ("text", "titles"),
    [
        ("«Песок» (2011, реж. Ю. Орлова) — фильм о", ("Песок",)),
        ("Die Salzstraße (2019) von Olena Marchenko: ein Fährmann", ("Die Salzstraße",)),
        ("Kolia (Jan Svěrák, 1996) : un violoncelliste", ("Kolia",)),
        ("Dr. Strangelove (1964) ends with", ("Dr. Strangelove",)),
        (
            "オレナ・マルチェンコ監督の『塩の道』(2019)は",
            ("塩の道",),
        ),
        ("Marchenkos »Salzstraße« erzählt", ("Salzstraße",)),
        # Chinese and Korean title marks, full-width brackets
        ("《盐路》（2019）讲述一位摆渡人", ("盐路",)),
        ("奥莲娜·马尔琴科的《盐路》讲述", ("盐路",)),
        ("마르첸코 감독의 〈소금길〉은", ("소금길",)),
        ("盐路（奥莲娜·马尔琴科，2019）讲述", ("盐路",)),
        ("《盐路》与《渡口》两部影片", ("盐路", "渡口")),
        ("A ferryman rows a journalist across the estuary.", ()),
        ("", ()),
    ],
)
def test_titles_a_text_prints(text: str, titles: tuple[str, ...]) -> None:
    assert printed_titles(text) == titles


@pytest.mark.parametrize(
    ("printed", "directors", "expected"),
    [
        ("Haneke's last film", ["Michael Haneke"], True),
        ("Ein Film von Agnès Varda", ["Agnès Varda"], True),
        ("Kaurismäen uusin elokuva", ["Aki Kaurismäki"], True),  # Finnish genitive
        ("Новый фильм Звягинцева", ["Andrey Zvyagintsev"], True),  # Russian genitive
        ("Agnès Varda", ["Agnès Varda"], False),  # the name alone: any of her films
        ("Varda", ["Agnès Varda"], False),
        ("Cléo de 5 à 7", ["Agnès Varda"], False),  # a title
        ("Le dernier film de Godard", ["Agnès Varda"], False),  # another director's
        ("", ["Agnès Varda"], False),
        ("Haneke's last film", [], False),
    ],
)
def test_a_printed_title_that_describes_a_film_of_its_director(
    printed: str, directors: list[str], expected: bool
) -> None:
    assert describes_directors_film(printed, directors) is expected
