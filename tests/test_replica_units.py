"""Pure helpers of the replica: fault specs, display garbling, meta lines."""

from __future__ import annotations

import ftfy
import pytest

from mirror.replica.display import invertible_article, join_directors, mojibake, strip_diacritics
from mirror.replica.faults import FaultSpec, parse_fault_spec


@pytest.mark.parametrize(
    ("spec", "expected"),
    [
        (None, FaultSpec()),
        ("", FaultSpec()),
        ("error=0.05,slow=0.02,truncate=0.02,encoding=0.01,seed=3",
         FaultSpec(error=0.05, slow=0.02, truncate=0.02, encoding=0.01, seed=3)),
        (" error = 0.5 ", FaultSpec(error=0.5)),
    ],
)  # fmt: skip
def test_fault_spec_parses(spec: str | None, expected: FaultSpec) -> None:
    assert parse_fault_spec(spec) == expected


@pytest.mark.parametrize("spec", ["boom=0.1", "error", "error=abc", "error=1.5", "seed=x"])
def test_bad_fault_spec_names_the_valid_keys(spec: str) -> None:
    with pytest.raises(ValueError, match="error, slow, truncate, encoding, nul_etag, seed"):
        parse_fault_spec(spec)


def test_fault_choice_is_deterministic_and_near_the_rate() -> None:
    faults = parse_fault_spec("error=0.1,seed=5")
    paths = [f"/festival-archive/film/{i}" for i in range(5000)]
    hits = [p for p in paths if faults.hits("error", p)]
    assert hits == [p for p in paths if parse_fault_spec("error=0.1,seed=5").hits("error", p)]
    assert 400 < len(hits) < 600


@pytest.mark.parametrize(
    "text", ["Le Dernier Été", "Über den Fluss", "Żywot Człowieka", "Hồn Trương Ba", "Kaurismäki"]
)
def test_mojibake_is_recoverable_with_ftfy_fix_encoding(text: str) -> None:
    garbled = mojibake(text)
    assert garbled != text
    assert ftfy.fix_encoding(garbled) == text


@pytest.mark.parametrize(
    ("name", "expected"), [("Aki Kaurismäki", "Aki Kaurismaki"), ("Jiří Dvořák", "Jiri Dvorak")]
)
def test_listing_headers_can_drop_diacritics(name: str, expected: str) -> None:
    assert strip_diacritics(name) == expected


@pytest.mark.parametrize(
    ("names", "joiner", "expected"),
    [
        (("A B",), " & ", "A B"),
        (("A B", "C D"), ", ", "A B, C D"),
        (("A B", "C D"), " & ", "A B & C D"),
        (("A B", "C D", "E F"), " and ", "A B, C D and E F"),
    ],
)
def test_co_directors_are_joined_in_three_ways(
    names: tuple[str, ...], joiner: str, expected: str
) -> None:
    assert join_directors(names, joiner) == expected


@pytest.mark.parametrize(
    ("title", "article"),
    [("The Book", "The"), ("A Man", "A"), ("Les Âmes", "Les"), ("Theatre", None), ("The", None)],
)
def test_invertible_article(title: str, article: str | None) -> None:
    assert invertible_article(title) == article
