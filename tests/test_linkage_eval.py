"""Acceptance bar of the deduplication issue, on the in-repository evaluation set."""

import json
from collections import Counter
from pathlib import Path

import pytest

from benchmarks.linkage_eval import MIN_PRECISION, MIN_RECALL, passes, report
from linkage.evaluation import EvalResult, evaluate, load_labelled
from tests.linkage_fixtures import EVAL_SET


@pytest.fixture(scope="module")
def result() -> EvalResult:
    return evaluate(load_labelled(EVAL_SET))


def test_eval_set_meets_the_size_and_language_requirements() -> None:
    rows = [json.loads(line) for line in Path(EVAL_SET).read_text(encoding="utf-8").splitlines()]
    languages = Counter(row["lang"] for row in rows)
    assert len(rows) >= 60
    assert len(languages) >= 5 and languages["ru"] > 0
    assert len({row["id"] for row in rows}) == len(rows)
    assert any(not row["title"] for row in rows), "corpus-style records without title"


def test_automatic_matches_are_precise(result: EvalResult) -> None:
    assert result.overall.precision >= MIN_PRECISION, report(result)


def test_recall_of_same_film_pairs(result: EvalResult) -> None:
    assert result.overall.recall >= MIN_RECALL, report(result)


def test_no_hard_negative_is_merged_automatically(result: EvalResult) -> None:
    assert result.hard_negative_pairs > 0
    assert result.hard_negatives_merged == [], report(result)


def test_script_verdict_agrees(result: EvalResult) -> None:
    assert passes(result)
    assert "ALL" in report(result)
