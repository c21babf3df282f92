"""Production countries compared across languages (linkage.countries)."""

import pytest

from linkage.countries import countries_agree, country_code, fold_country


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("Germany", "DE"),
        ("Allemagne", "DE"),
        ("Германия", "DE"),
        ("ドイツ", "DE"),
        ("West Germany", "DE"),
        ("U.S.A.", "US"),
        ("EE.UU.", "US"),
        ("Stany Zjednoczone", "US"),
        ("Royaume-Uni", "GB"),
        ("Großbritannien", "GB"),
        ("Wielka Brytania", "GB"),
        ("СССР", "SU"),
        ("UdSSR", "SU"),
        ("Tchécoslovaquie", "CS"),
        ("Corée du Sud", "KR"),
        ("韓国", "KR"),
        ("מצרים", "EG"),
        ("مصر", "EG"),
        ("Bosnia and Herzegovina", "BA"),
        ("Bosnia & Herzegovina", "BA"),
        ("fr", "FR"),
        ("Hong Kong", "HK"),
        ("Atlantis", None),
        ("", None),
        ("   ", None),
    ],
)
def test_country_code(name: str, code: str | None) -> None:
    assert country_code(name) == code


@pytest.mark.parametrize(
    ("left", "right", "expected"),
    [
        (["France"], ["Francia"], True),
        (["France", "Italie"], ["Italia"], True),  # a co-production listed in part
        (["USSR"], ["Россия"], True),  # a state and its successor
        (["Czechoslovakia"], ["Slovakia"], True),
        (["Hong Kong"], ["China"], True),
        (["France"], ["Japan"], False),
        (["Австрия"], ["Germany"], False),
        (["USSR"], ["Poland"], False),
        (["France"], ["Frnace"], None),  # a misspelling is unknown, not a conflict
        (["Frnace"], ["Frnace"], True),  # ... but equal on both sides agrees
        (["France"], [], None),
        ([], [], None),
    ],
)
def test_countries_agree(left: list[str], right: list[str], expected: bool | None) -> None:
    assert countries_agree(left, right) is expected


def test_fold_country_is_idempotent() -> None:
    for name in ["The Netherlands", "U.S.A.", "Côte d’Ivoire", "Bosnia & Herzegovina"]:
        once = fold_country(name)
        assert fold_country(once) == once
