"""Japanese and Korean readings of names written in Han characters (table-driven)."""

import pytest

from linkage.han_readings import han_name_readings, is_han_name
from linkage.keys import same_person


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("北野武", True),
        ("洪 常秀", True),  # a space between family and given name
        ("古斯塔夫·莫勒", False),  # a Chinese spelling of a foreign name: read elsewhere
        ("チャン・フン", False),  # kana
        ("홍상수", False),  # Hangul
        ("Takeshi Kitano", False),
        ("", False),
    ],
)
def test_is_han_name(name: str, expected: bool) -> None:
    assert is_han_name(name) is expected


@pytest.mark.parametrize(
    ("name", "reading"),
    [
        ("北野武", "takeshi kitano"),  # given name first
        ("新藤兼人", "kanehito shindo"),  # long vowels dropped, as names are printed...
        ("新藤兼人", "kanehito shindou"),  # ...and kept (井上, Inoue)
        ("洪常秀", "홍 상수"),  # Korean, in Hangul
        ("金綺泳", "김 기영"),  # the surname 金 reads Kim, not "gold"
        ("洪 常秀", "tsuneshuu kou"),  # a written space says where the family name ends
    ],
)
def test_han_name_readings_include(name: str, reading: str) -> None:
    assert reading in han_name_readings(name)


@pytest.mark.parametrize("name", ["武", "小津安二郎小津", "Kitano", "古斯塔夫·莫勒"])
def test_names_too_short_long_or_not_han_have_no_readings(name: str) -> None:
    assert han_name_readings(name) == ()


@pytest.mark.parametrize(
    ("left", "right", "expected"),
    [
        ("北野武", "Takeshi Kitano", True),
        ("北野武", "Kitano Takeshi", True),  # family name first in letters too
        ("新藤兼人", "Kaneto Shindo", True),  # a given name read otherwise, close enough
        ("今村昌平", "Shohei Imamura", True),
        ("溝口健二", "Kenji Mizoguchi", True),
        ("黒沢清", "Kiyoshi Kurosawa", True),
        ("洪常秀", "Hong Sang-soo", True),  # Korean
        ("张艺谋", "Zhang Yimou", True),  # Mandarin
        ("陈凯歌", "Chen Kaige", True),
        # Cantonese romanises otherwise, but the Korean reading (왕 가위) sounds alike
        # by given name and surname together (`keys.WHOLE_NAME_CONSONANTS`)
        ("王家卫", "Wong Kar-wai", True),
        ("朴贊郁", "パク・チャヌク", True),  # Korean reading against kana
        # A reading confirms or says nothing: never "different people"
        ("黒沢清", "Akira Kurosawa", None),
        ("北野武", "Kinuyo Tanaka", None),
        ("黑澤明", "Akira Kurosawa", None),  # 明 read "mei": unconfirmed, not denied
    ],
)
def test_same_person_reads_han_names(left: str, right: str, expected: bool | None) -> None:
    assert same_person(left, right) is expected
    assert same_person(right, left) is expected


def test_without_the_optional_readers_a_name_is_read_in_pinyin_only(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The Japanese and Korean readers are the `cjk-names` extra: when they are not
    installed, a name still gets its Mandarin reading, and nothing fails."""
    import linkage.han_readings as han_readings

    monkeypatch.setattr(han_readings, "_optional", lambda module: None)
    monkeypatch.setattr(han_readings, "_kakasi", lambda: None)
    han_readings.han_name_readings.cache_clear()
    try:
        assert han_readings.han_name_readings("北野武") == ("yewu bei",)
    finally:
        han_readings.han_name_readings.cache_clear()
