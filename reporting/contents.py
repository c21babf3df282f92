"""What a run report shows, gathered from the database: each figure from its own query
(db/report_data.py), in one :class:`ReportData`."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

from sqlalchemy.orm import Session

from db import report_data
from db.report_data import (
    EditionCount,
    NameCount,
    PageFetch,
    RunFillRates,
    RunRecord,
    UnknownRun,
)

TOP = 10  # countries and directors ranked
SLOWEST = 10  # slowest URLs listed
FAILING = 50  # failing URLs listed (the count above the table is complete)
HISTORY = 20  # runs in the fill-rate chart
HISTORY_TABLE = 6  # of them, the latest runs in the fill-rate table


class ReportError(Exception):
    """A report that cannot be made, said in one line (no run, an unknown run)."""


@dataclass(frozen=True)
class ReportData:
    """Everything a report shows, each figure from its own query (db/report_data.py)."""

    run: RunRecord
    failed_pages: int
    fill_history: list[RunFillRates]
    fill_fields: list[str]
    editions: list[EditionCount]
    countries: list[NameCount]
    directors: list[NameCount]
    slowest: list[PageFetch]
    failing: list[PageFetch]
    generated_at: datetime = field(default_factory=lambda: datetime.now(UTC))

    @property
    def festivals(self) -> list[str]:
        return sorted({count.festival for count in self.editions})


def resolve_run(session: Session, run_id: int | None) -> int:
    """The run to report on: the one given, else the latest; ReportError if none."""
    if run_id is None:
        latest = report_data.latest_run_id(session)
        if latest is None:
            raise ReportError("the mirror has no crawl runs yet (crawl first)")
        return latest
    return run_id


def collect(session: Session, run_id: int) -> ReportData:
    """The report's numbers for run ``run_id``; ReportError when there is no such run."""
    try:
        run = report_data.run_record(session, run_id)
    except UnknownRun:
        known = report_data.run_ids(session)
        where = f"runs {known[0]}-{known[-1]} exist" if known else "there are no runs yet"
        raise ReportError(f"no crawl run {run_id} in the mirror ({where})") from None
    history = report_data.fill_rate_history(session, run.festival_id, run.id, limit=HISTORY)
    return ReportData(
        run=run,
        failed_pages=report_data.failed_page_count(session, run.id),
        fill_history=history,
        fill_fields=_fill_fields(run, history),
        editions=report_data.films_per_edition(session),
        countries=report_data.top_countries(session, top=TOP),
        directors=report_data.top_directors(session, top=TOP),
        slowest=report_data.slowest_pages(session, run.id, limit=SLOWEST),
        failing=report_data.failing_pages(session, run.id, limit=FAILING),
    )


def _fill_fields(run: RunRecord, history: Sequence[RunFillRates]) -> list[str]:
    # A run that parsed nothing recorded no rates: show the fields its predecessors had.
    if run.fill_rates:
        return report_data.fill_fields(run.fill_rates)
    merged: dict[str, float] = {}
    for past in history:
        merged.update(past.fill_rates)
    return report_data.fill_fields(merged)
