"""Per-run accounting of scheduled crawls: field fill rates and the health check.

Pure functions, no database: the pipeline counts, the store loads the recent runs, and
:func:`check_health` decides whether this run looks like the site (or our selectors)
broke. A run that fails the check is recorded as ``failed`` with the returned problems
as its alarm, tombstones nothing, and makes ``scrapy crawl`` exit non-zero.

The baseline is the last few *finished* runs of the same festival. A run that finished
only because the check was overridden (``MIRROR_HEALTH_CHECK=0`` after an intentional
site change) starts a new baseline: older runs no longer count, so the next scheduled run
is compared with the site as it now is.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from statistics import median
from typing import Any

from common.records import FilmItem, declared_fields

# The declared FilmItem fields whose fill rate is recorded and watched, in report order
# (a festival's own fields follow: FillCounter's `extra_fields`).
FILL_FIELDS = tuple(f.name for f in declared_fields(FilmItem) if f.declared.watch)
_ATTRIBUTE = {f.name: f.attribute for f in declared_fields(FilmItem)}
# Prefix of the alarm kept on a run whose failed check was overridden (status finished).
ACCEPTED_PREFIX = "accepted with MIRROR_HEALTH_CHECK=0: "


def is_filled(value: Any) -> bool:
    """Whether a field value carries information: not None, not blank, not empty."""
    if value is None:
        return False
    if isinstance(value, str):
        return bool(value.strip())
    if isinstance(value, list | tuple | set | dict):
        return bool(value)
    return True


@dataclass
class FillCounter:
    """Counts, over the films extracted in one run, how often each field was filled:
    the watched declared fields, then the festival's own watched ``extra_fields``
    (read from the item's ``extra``)."""

    extra_fields: tuple[str, ...] = ()
    items: int = 0
    filled: Counter[str] = field(default_factory=Counter)

    @property
    def fields(self) -> tuple[str, ...]:
        return FILL_FIELDS + self.extra_fields

    def add(self, item: Any) -> None:
        self.items += 1
        for name in FILL_FIELDS:
            if is_filled(getattr(item, _ATTRIBUTE[name], None)):
                self.filled[name] += 1
        extra = getattr(item, "extra", None) or {}
        for name in self.extra_fields:
            if is_filled(extra.get(name)):
                self.filled[name] += 1

    def rates(self) -> dict[str, float]:
        """{field: fraction filled}, rounded to 4 places; empty when nothing was extracted."""
        if not self.items:
            return {}
        return {name: round(self.filled[name] / self.items, 4) for name in self.fields}


@dataclass(frozen=True)
class RunSummary:
    """What the health check needs to know about one run."""

    run_id: int
    seen: int  # entries seen: extracted or revisited
    extracted: int  # film pages parsed into a FilmItem (revisits excluded)
    fill_rates: Mapping[str, float]
    accepted: bool = False  # finished only because the check was overridden


@dataclass(frozen=True)
class HealthPolicy:
    """How sharp a drop must be to fail a run (defaults: see the README's Scheduling)."""

    history: int = 5  # compare with at most this many recent finished runs
    seen_ratio: float = 0.5  # fail below this fraction of the median films seen
    fill_drop: float = 0.3  # a fill rate must drop by more than this (absolute) ...
    fill_ratio: float = 0.5  # ... and to below this fraction of its median
    min_extracted: int = 50  # fill rates of smaller samples are not compared


def baseline(history: Sequence[RunSummary], policy: HealthPolicy) -> list[RunSummary]:
    """The runs to compare with, from ``history`` (finished runs, newest first).

    Stops after an accepted run: what came before it described a different site.
    """
    chosen: list[RunSummary] = []
    for run in history[: policy.history]:
        chosen.append(run)
        if run.accepted:
            break
    return chosen


def check_health(
    current: RunSummary,
    history: Sequence[RunSummary],
    policy: HealthPolicy | None = None,
    *,
    partial: bool = False,
) -> list[str]:
    """Problems with ``current`` against ``history`` (finished runs, newest first).

    ``partial``: the run resumed an earlier job and saw only what was left of it, so its
    count of films seen says nothing; fill rates are still compared.
    """
    policy = policy or HealthPolicy()
    runs = baseline(history, policy)
    if not runs:
        return []
    problems: list[str] = []
    typical_seen = median(run.seen for run in runs)
    if not partial and current.seen < policy.seen_ratio * typical_seen:
        problems.append(
            f"films seen dropped to {current.seen} from a median of {typical_seen:g} "
            f"over the last {_runs(len(runs))} ({_change(current.seen, typical_seen)})"
        )
    if current.extracted < policy.min_extracted:
        return problems
    comparable = [run for run in runs if run.extracted >= policy.min_extracted]
    for name in current.fill_rates:
        past = [run.fill_rates[name] for run in comparable if name in run.fill_rates]
        rate = current.fill_rates.get(name)
        if not past or rate is None:
            continue
        typical = median(past)
        if typical - rate > policy.fill_drop and rate < policy.fill_ratio * typical:
            problems.append(
                f"{name} filled in {rate:.0%} of {current.extracted} extracted films, "
                f"down from a median of {typical:.0%} over the last {_runs(len(past))}"
            )
    return problems


def alarm_text(problems: Sequence[str]) -> str:
    """One line naming everything that dropped (for the run record and stderr)."""
    return "; ".join(problems)


def _runs(count: int) -> str:
    return f"{count} finished run{'s' if count != 1 else ''}"


def _change(value: float, typical: float) -> str:
    return f"{(value - typical) / typical:+.0%}" if typical else "n/a"
