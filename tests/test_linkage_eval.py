"""The in-repository evaluation set (71 records, written with the old rules): no hard
negative merged, with the records' keys and without them (a corpus document's
situation), and precise automatic links. Its recall is reported by
`benchmarks/linkage_eval.py`; the blind set measures it now."""

import json
from collections import Counter
from pathlib import Path

import pytest

from benchmarks.linkage_eval import MIN_PRECISION, passes, report
from linkage.evaluation import EvalResult, evaluate, load_labelled, without_keys
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


@pytest.fixture(scope="module")
def keyless_result() -> EvalResult:
    return evaluate(without_keys(load_labelled(EVAL_SET)))


def test_no_hard_negative_is_merged_without_keys(keyless_result: EvalResult) -> None:
    assert keyless_result.hard_negative_pairs > 0
    assert keyless_result.hard_negatives_merged == [], report(keyless_result)


def test_some_same_film_pairs_are_found(result: EvalResult) -> None:
    assert result.overall.true_positive > 0, report(result)


def test_no_hard_negative_is_merged_automatically(result: EvalResult) -> None:
    assert result.hard_negative_pairs > 0
    assert result.hard_negatives_merged == [], report(result)


def test_script_verdict_agrees(result: EvalResult) -> None:
    assert passes(result)
    assert "ALL" in report(result)
