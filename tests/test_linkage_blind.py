"""The locked test split of the blind evaluation set (tests/data/linkage_eval/),
scored by the harness in both modes, with and without the records' keys.

The split was written by people who never saw `linkage/`, and is read only here and
by `benchmarks/linkage_blind.py --split test`: nothing is tuned or fitted on it (the
model is fitted on the dev split). Its figures were recorded once, by the harness,
when the split was scored at the end of the change that introduced the fitted
matcher (`test_baseline.json`, written by `--record-baseline`); this test fails when
a later change makes any of them worse beyond the noise of a rescoring (the
automatic links have shown none; one pair of the dev split's review queue has been
seen to differ between two runs of the same code, and reviews are not among the
figures held; the allowance absorbs floating-point differences between machines).
`pytest -s` prints every figure.

The issue's bar (automatic links >= 98% precise over at least 150 links, recall
>= 0.90, no confusable film merged) is printed beside them, not asserted: the
figures, and why recall on this set is far below that of the project's replica, are
in the README and the issue notes.
"""

import json
from pathlib import Path

import pytest

from benchmarks.linkage_blind import BASELINE, baseline, meets_bar
from linkage.blind_eval import (
    CachedEmbedder,
    ModeResult,
    evaluate_split,
    load_distractors,
    load_split,
    shared_cache_path,
)

ALLOWANCE = 0.005

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def results() -> list[ModeResult]:
    # The texts' vectors are kept between runs (`shared_cache_path`): embedding them is
    # most of this test's time, and every figure is computed afresh all the same.
    embedder = CachedEmbedder(path=shared_cache_path())
    found = evaluate_split(load_split("test"), load_distractors(), embedder)
    embedder.save()
    for result in found:
        print(result.report())
        if result.keys:
            print(f"  acceptance bar: {'met' if meets_bar(result) else 'missed'}")
    return found


@pytest.fixture(scope="module")
def recorded() -> dict[str, dict[str, float]]:
    return json.loads(Path(BASELINE).read_text(encoding="utf-8"))


def test_every_mode_is_scored_on_the_whole_split(results: list[ModeResult]) -> None:
    assert {(r.mode, r.keys) for r in results} == {
        ("match", True),
        ("match", False),
        ("link", True),
        ("link", False),
    }
    for result in results:
        assert result.pairs.actual > 0
        assert sum(h.pairs for h in result.by_category.values()) > 0
        # every pair is counted under its kind (record-record, doc-record, doc-doc)
        by_kind = result.by_pair_kind.values()
        assert sum(c.actual for c in by_kind) == result.pairs.actual
        assert sum(c.predicted for c in by_kind) == result.pairs.predicted


@pytest.mark.parametrize("mode", ["match-keys", "match-keyless", "link-keys", "link-keyless"])
def test_no_figure_is_worse_than_recorded(
    results: list[ModeResult], recorded: dict[str, dict[str, float]], mode: str
) -> None:
    now, then = baseline(results)[mode], recorded[mode]
    for figure in ("precision", "recall", "clustered_precision", "clustered_recall"):
        assert now[figure] >= then[figure] - ALLOWANCE, (figure, now, then)
    assert now["hard_negatives_merged"] <= then["hard_negatives_merged"], (now, then)
