"""The fit's thresholds (benchmarks/fit_linkage.py): the match threshold stays above
every confusable pair the fit held out, whatever the precision of the rest."""

import numpy as np
import pytest

from benchmarks.fit_linkage import thresholds


@pytest.mark.parametrize(
    ("confusable_at", "lowest", "highest"),
    [
        (None, 0.6, 0.6),  # 99 right of 100 down to 0.6: precise enough
        (0.85, 0.851, 0.86),  # a confusable pair scored 0.85: the threshold stays above it
    ],
)
def test_the_match_threshold_stays_above_every_confusable_pair(
    confusable_at: float | None, lowest: float, highest: float
) -> None:
    probability = np.linspace(0.99, 0.6, 100)
    y = np.ones(100, dtype=int)
    wrong = int(np.argmin(np.abs(probability - (confusable_at or 0.7))))
    y[wrong] = 0
    confusable = np.zeros(100, dtype=bool)
    if confusable_at is not None:
        confusable[wrong] = True
    match_at, _ = thresholds(probability, y, confusable=confusable)
    assert lowest - 1e-9 <= match_at <= highest + 1e-9
