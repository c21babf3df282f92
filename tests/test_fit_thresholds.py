"""The fit's thresholds (benchmarks/fit_linkage.py), read off held-out probabilities:
`match` where the links above it are 99% precise and surely at least 98%, `review`
where 99% of the true pairs score at least that."""

import numpy as np
import pytest

from benchmarks.fit_linkage import thresholds


def test_enough_flawless_links_set_the_match_threshold_at_the_last_of_them() -> None:
    probability = np.linspace(0.99, 0.5, 1000)
    y = np.ones(1000, dtype=int)
    y[500] = 0  # one wrong pair in the middle: 999 of 1000 right
    match_at, review_at = thresholds(probability, y)
    assert match_at == pytest.approx(0.5)
    assert review_at <= match_at


def test_a_few_dozen_flawless_links_are_not_read_as_99_percent() -> None:
    # 100 of 100 right: the 95% interval's lower bound is 0.963, under 0.98.
    match_at, _ = thresholds(np.linspace(0.99, 0.5, 100), np.ones(100, dtype=int))
    assert match_at == 1.0


def test_the_match_threshold_stops_above_a_run_of_wrong_pairs() -> None:
    probability = np.linspace(0.99, 0.01, 1000)
    y = np.ones(1000, dtype=int)
    y[600:] = 0  # everything under ~0.4 is another film
    match_at, review_at = thresholds(probability, y)
    # 600 right of the first 606 is still 99%: the threshold takes in a few wrong
    # ones (as many as the interval's lower bound allows), never more
    assert probability[606] < match_at < probability[600]
    # review keeps 99% of the true pairs (down to the 594th of 600), and never starts
    # above the match threshold
    assert review_at == pytest.approx(min(probability[593], match_at), abs=1e-9)
