"""Names across transliteration schemes and scripts (`linkage.name_sounds` and its use
in `keys.same_person`): table-driven, with names made up for the purpose or common
spellings of one real name in several schemes."""

import pytest

from linkage.keys import director_sounds, same_person
from linkage.name_sounds import consonant_forms, sound_alike


@pytest.mark.parametrize(
    ("word", "form"),
    [
        ("Zvyagintsev", "SVGNSV"),  # English
        ("Swjaginzew", "SVGNSV"),  # German: w for v, z for ts, j a vowel
        ("Звягинцев", "SVGNSV"),  # Cyrillic, through anyascii
        ("Dowschenko", "DVSNK"),  # German sch for zh
        ("Dovjenko", "DVSNK"),  # French j for zh
        ("Sieriebriennikow", "SRBRNKV"),  # Polish
        ("Голланд", "HLND"),  # Russian г for a foreign h
        ("سوكوروف", "SKRV"),  # Arabic: waw a vowel
        ("גשונק", "GSNK"),  # Hebrew: vav a vowel
    ],
)
def test_a_spelling_has_the_consonant_form_of_its_name(word: str, form: str) -> None:
    assert form in consonant_forms(word)


@pytest.mark.parametrize(
    ("left", "right", "alike"),
    [
        ("Koslowski", "Козловский", True),
        ("Rjasanow", "Riazanow", True),
        ("Szifron", "Сифрон", True),
        ("Chabrol", "Шаброль", True),  # French ch
        ("Jafar", "Dschafar", True),
        ("Hansen", "Jansen", False),  # an h is a consonant in Latin letters
        ("Turner", "Tanner", False),
        ("Lee", "Li", False),  # too few consonants to say anything
        ("", "Li", False),
    ],
)
def test_two_name_words_sound_alike(left: str, right: str, alike: bool) -> None:
    assert sound_alike(left, right, 3) is alike


def test_a_word_with_too_many_readings_has_no_form() -> None:
    assert consonant_forms("jjjjjcccc") == frozenset()


@pytest.mark.parametrize(
    ("left", "right", "expected"),
    [
        # two transliteration schemes of one name
        ("Andrey Zvyagintsev", "Andrei Swjaginzew", True),
        ("Олександр Довженко", "Alexandre Dovjenko", True),  # Ukrainian given name
        ("Eldar Ryazanov", "Eldar Rjasanow", True),
        ("Олексій Балабанов", "Алексей Балабанов", True),  # Ukrainian and Russian
        ("Kirill Serebrennikov", "Kirył Sieriebriennikow", True),
        # other people who share a surname's sound keep apart by their given names
        ("Danila Kozlovsky", "Adam Kozłowski", False),
        ("Rhys Turner", "Ruth Turner", False),
        # Arabic and Hebrew spellings confirm; they never deny (None)
        ("أندريه زفياغينتسيف", "Andrey Zvyagintsev", True),
        ("מתי גשונק", "Matti Geschonneck", True),
        ("مارتن سكورسيزي", "Andrey Zvyagintsev", None),
        # kana and Hangul spell a foreign name by syllables: they confirm, never deny
        ("빔 벤더스", "Wim Wenders", True),
        ("마리 크로이처", "Marie Kreutzer", True),
        ("アキ・カウリスマキ", "Aki Kaurismäki", True),
        ("ポール・バーホーベン", "Paul Verhoeven", True),
        ("나루세 미키오", "Mikio Naruse", True),  # family name first on one side
        ("アキ・カウリスマキ", "Paul Verhoeven", None),
        ("ケン・ローチ", "Ken Loach", None),  # "Loach": too few consonants to tell
        ("홍상수", "Hong Sang-soo", True),
    ],
)
def test_same_person_across_schemes_and_scripts(
    left: str, right: str, expected: bool | None
) -> None:
    assert same_person(left, right) is expected
    assert same_person(right, left) is expected


def test_directors_are_filed_by_the_sound_of_their_names() -> None:
    assert director_sounds(("Andrey Zvyagintsev",)) & director_sounds(("Андрей Звягинцев",))
    assert director_sounds(("Олександр Довженко",)) & director_sounds(("Alexandre Dovjenko",))
    # one surname, two people: not filed together
    assert not director_sounds(("Rhys Turner",)) & director_sounds(("Mona Turner",))
    assert director_sounds(("Ang Lee",)) == frozenset()  # "L": too short to file under
