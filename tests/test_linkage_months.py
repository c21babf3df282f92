"""Month names (`linkage.months`): a date's day in a title is told from a sequel's
number, in the languages festivals print."""

import pytest

from linkage.months import is_day_of_month, month_names


@pytest.mark.parametrize(
    ("number", "before", "after", "expected"),
    [
        (22, "", " de Julho", True),  # pt, past "de"
        (22, "Utøya, ", " lipca", True),  # pl, a date's genitive
        (9, "", ". Mai", True),  # de, past the full stop
        (17, "", " июля 1941", True),  # ru genitive
        (3, "March ", "", True),  # the month before the day
        (3, "Rocky ", "", False),
        (32, "", " July", False),  # no month has a 32nd
        (0, "", " July", False),
        (2, "", " des sœurs", False),  # "des": an abbreviation, not kept
        (2, "", " Fast 2 Furious", False),
    ],
)
def test_is_day_of_month(number: int, before: str, after: str, expected: bool) -> None:
    assert is_day_of_month(number, before, after) is expected


def test_month_names_hold_both_forms_of_a_language_with_cases() -> None:
    names = month_names()
    assert {"lipiec", "lipca", "июль", "июля", "липень", "липня", "july", "juillet"} <= names
