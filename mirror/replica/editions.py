"""Edition sizes (films per festival year) and the edition pages' metadata."""

from __future__ import annotations

import datetime as dt
import random

from mirror.replica import pools
from mirror.replica.generate import person_name, pick_region
from mirror.replica.model import Edition

FIRST_YEAR, LAST_YEAR = 1952, 2019
YEARS = tuple(range(FIRST_YEAR, LAST_YEAR + 1))
DEFAULT_FILMS = 12_000

# Films per edition observed on the real archive (FACTS.md), features + shorts.
_ANCHORS = {1952: 34, 1956: 82, 1985: 177, 1999: 274, 2006: 356, 2007: 395, 2008: 200, 2019: 150}
# Share of features among an edition's films, interpolated between the observed years.
_FEATURE_SHARE = {
    1952: 0.2,
    1956: 15 / 82,
    1985: 79 / 177,
    1999: 158 / 274,
    2006: 245 / 356,
    2007: 260 / 395,
    2019: 0.7,
}


def _interpolate(points: dict[int, float], year: int) -> float:
    known = sorted(points)
    for low, high in zip(known, known[1:], strict=False):
        if low <= year <= high:
            return points[low] + (points[high] - points[low]) * (year - low) / (high - low)
    return points[known[-1]]


def feature_share(year: int) -> float:
    return _interpolate({k: float(v) for k, v in _FEATURE_SHARE.items()}, year)


def _weights() -> list[float]:
    """Relative sizes; the curve through the anchors, the remainder spread over 2008-2019."""
    curve = [_interpolate({k: float(v) for k, v in _ANCHORS.items()}, y) for y in YEARS]
    fixed_until = YEARS.index(2007)
    left = DEFAULT_FILMS - sum(curve[: fixed_until + 1])
    tail = curve[fixed_until + 1 :]
    scale = left / sum(tail)
    return curve[: fixed_until + 1] + [w * scale for w in tail]


def edition_sizes(total: int, *, at_least_one: bool = True) -> dict[int, int]:
    """Films per edition year for `total` films (largest-remainder apportionment).

    With the default 12,000 the observed years come out exactly as on the real site
    (82 in 1956, 177 in 1985, 274 in 1999, 356 in 2006, 395 in 2007).
    """
    weights = _weights()
    weight_sum = sum(weights)
    raw = [total * w / weight_sum for w in weights]
    sizes = [int(r) for r in raw]
    by_remainder = sorted(range(len(YEARS)), key=lambda i: (sizes[i] - raw[i], i))
    for i in by_remainder[: total - sum(sizes)]:
        sizes[i] += 1
    if at_least_one and total >= len(YEARS):
        # Small sites: every edition keeps one film, taken from the largest editions.
        for i in range(len(sizes)):
            if sizes[i] == 0:
                largest = max(range(len(sizes)), key=lambda j: (sizes[j], -j))
                sizes[largest] -= 1
                sizes[i] = 1
    return dict(zip(YEARS, sizes, strict=True))


def _dates(rng: random.Random, year: int) -> str:
    start_month = 6 if year < 1990 else 7
    start = dt.date(year, start_month, rng.randint(1, 24))
    end = start + dt.timedelta(days=rng.randint(9, 18))
    return f"{start.day} {start:%B} to {end.day} {end:%B}"


def make_editions(rng: random.Random) -> dict[int, Edition]:
    """Edition pages' metadata; ids are random-looking, not derived from the year."""
    ids = rng.sample(range(1000, 99_999), len(YEARS))
    editions: dict[int, Edition] = {}
    for year, edition_id in zip(YEARS, ids, strict=True):
        program_focus = rng.choice(pools.PROGRAM_FOCUS) if rng.random() < 0.4 else None
        filmmaker_focus = None
        if rng.random() < 0.4:
            name = person_name(rng, pick_region(rng))
            filmmaker_focus = f"{{focus {name}}}" if rng.random() < 0.3 else name
        message = (
            f"Welcome to the {year - FIRST_YEAR + 1}th Melbourne International Film Festival. "
            f"This year's program brings together films from {rng.randint(20, 60)} countries, "
            f"and I hope you will find among them {rng.choice(pools.THEMES)} and surprise. "
            f"— {person_name(rng, 'en')}"
        )
        editions[year] = Edition(
            year=year,
            edition_id=str(edition_id),
            heading=f"MIFF{year}" if rng.random() < 0.1 else f"MIFF {year}",
            dates_text=_dates(rng, year),
            program_focus=program_focus,
            filmmaker_focus=filmmaker_focus,
            director_message=message,
            linked_by_alias=rng.random() < 0.25,
        )
    return editions
