"""The numbers of a crawl run's report (`mirror report`, ``MIRROR_REPORT``): one query per
fact, each in its own function, so that a test can check every figure against SQL of its
own.

Two kinds of fact:

- **the run's own**, from its ``crawl_runs`` row (new, changed, unchanged, vanished,
  invalid, fill rates) and from the ``fetched_pages`` it was the last run to fetch
  (failing and slowest URLs). ``fetched_pages`` keeps one row per URL, the latest fetch:
  a page fetched again by a later run belongs to that run, so an older run's page lists
  are what later runs left of them (the latest run's are complete);
- **the mirror's**, as it is now (films per edition, top countries, top directors):
  entries still on the site, tombstoned ones left out.

Rendering lives elsewhere (``reporting/``): this module returns plain dataclasses.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import distinct, func, select
from sqlalchemy.orm import Session

from db.models import CrawlRun, Credit, Edition, Entry, Festival, FetchedPage, Person
from db.runs import FILL_FIELDS
from db.store import DIRECTOR_ROLE

# A page whose last response had this status or above failed (client or server error).
FAILED_STATUS = 400


@dataclass(frozen=True)
class RunRecord:
    """One ``crawl_runs`` row, with its festival's slug."""

    id: int
    festival_id: int
    festival: str
    started_at: datetime | None
    finished_at: datetime | None
    status: str
    finish_reason: str | None
    alarm: str | None
    new: int
    changed: int
    unchanged: int
    invalid: int
    pages: int
    seen: int
    revisits: int
    not_checked: int
    vanished: int
    fill_rates: dict[str, float]


@dataclass(frozen=True)
class RunFillRates:
    """One run's fill rates, for the history across runs."""

    run_id: int
    status: str
    started_at: datetime | None
    fill_rates: dict[str, float]


@dataclass(frozen=True)
class PageFetch:
    """One URL as the run last fetched it."""

    url: str
    status: int
    download_seconds: float | None


@dataclass(frozen=True)
class EditionCount:
    festival: str
    year: int
    films: int


@dataclass(frozen=True)
class NameCount:
    name: str
    films: int


class UnknownRun(LookupError):
    """The mirror has no crawl run of that id (or none at all)."""


def latest_run_id(session: Session) -> int | None:
    """The id of the newest crawl run, None when nothing was ever crawled."""
    return session.scalar(select(func.max(CrawlRun.id)))


def run_record(session: Session, run_id: int) -> RunRecord:
    """The run's ``crawl_runs`` row; :class:`UnknownRun` when there is none."""
    row = session.execute(
        select(CrawlRun, Festival.slug)
        .join(Festival, Festival.id == CrawlRun.festival_id)
        .where(CrawlRun.id == run_id)
    ).first()
    if row is None:
        raise UnknownRun(run_id)
    run, slug = row
    return RunRecord(
        id=run.id,
        festival_id=run.festival_id,
        festival=slug,
        started_at=run.started_at,
        finished_at=run.finished_at,
        status=run.status,
        finish_reason=run.finish_reason,
        alarm=run.alarm,
        new=run.new_count,
        changed=run.changed_count,
        unchanged=run.unchanged_count,
        invalid=run.invalid_count,
        pages=run.pages_count,
        seen=run.seen_count,
        revisits=run.revisit_count,
        not_checked=run.not_checked_count,
        vanished=run.vanished_count,
        fill_rates=dict(run.fill_rates or {}),
    )


def run_ids(session: Session) -> list[int]:
    """Every crawl run's id, oldest first (to say which exist when one is unknown)."""
    return list(session.scalars(select(CrawlRun.id).order_by(CrawlRun.id)))


def fill_rate_history(
    session: Session, festival_id: int, up_to_run_id: int, *, limit: int = 20
) -> list[RunFillRates]:
    """Fill rates of the festival's runs up to and including ``up_to_run_id`` that recorded
    any (a run that parsed nothing has none), oldest first, at most ``limit`` of them."""
    rows = session.execute(
        select(CrawlRun.id, CrawlRun.status, CrawlRun.started_at, CrawlRun.fill_rates)
        .where(CrawlRun.festival_id == festival_id, CrawlRun.id <= up_to_run_id)
        .order_by(CrawlRun.id.desc())
    ).all()
    history = [
        RunFillRates(run_id, status, started, dict(rates))
        for run_id, status, started, rates in rows
        if rates
    ]
    return list(reversed(history[:limit]))


def fill_fields(rates: dict[str, float]) -> list[str]:
    """The fields of a run's fill rates in report order: the declared watched fields
    (``common/records.py``), then the festival's own, as the run recorded them."""
    declared = [name for name in FILL_FIELDS if name in rates]
    return declared + [name for name in rates if name not in FILL_FIELDS]


def failed_page_count(session: Session, run_id: int) -> int:
    """URLs the run last fetched with an error status (400 and above)."""
    return session.execute(
        select(func.count())
        .select_from(FetchedPage)
        .where(FetchedPage.run_id == run_id, FetchedPage.status >= FAILED_STATUS)
    ).scalar_one()


def failing_pages(session: Session, run_id: int, *, limit: int = 50) -> list[PageFetch]:
    """The run's failing URLs (see :func:`failed_page_count`), by status then URL."""
    rows = session.execute(
        select(FetchedPage.url, FetchedPage.status, FetchedPage.download_seconds)
        .where(FetchedPage.run_id == run_id, FetchedPage.status >= FAILED_STATUS)
        .order_by(FetchedPage.status, FetchedPage.url)
        .limit(limit)
    ).all()
    return [PageFetch(url, status, seconds) for url, status, seconds in rows]


def slowest_pages(session: Session, run_id: int, *, limit: int = 10) -> list[PageFetch]:
    """The run's slowest downloads (pages whose time was measured), slowest first."""
    rows = session.execute(
        select(FetchedPage.url, FetchedPage.status, FetchedPage.download_seconds)
        .where(FetchedPage.run_id == run_id, FetchedPage.download_seconds.is_not(None))
        .order_by(FetchedPage.download_seconds.desc(), FetchedPage.url)
        .limit(limit)
    ).all()
    return [PageFetch(url, status, seconds) for url, status, seconds in rows]


def films_per_edition(session: Session) -> list[EditionCount]:
    """Entries still on the site per festival and edition year, by festival then year."""
    rows = session.execute(
        select(Festival.slug, Edition.year, func.count(Entry.id))
        .join(Edition, Edition.id == Entry.edition_id)
        .join(Festival, Festival.id == Entry.festival_id)
        .where(Entry.vanished_run_id.is_(None))
        .group_by(Festival.slug, Edition.year)
        .order_by(Festival.slug, Edition.year)
    ).all()
    return [EditionCount(slug, year, films) for slug, year, films in rows]


def top_countries(session: Session, *, top: int = 10) -> list[NameCount]:
    """The countries most entries still on the site name, most first (ties by name).

    ``entries.countries`` is a JSON list: counted here rather than in SQL, which would
    need a different JSON function on each backend."""
    counts: Counter[str] = Counter()
    for (values,) in session.execute(
        select(Entry.countries).where(Entry.vanished_run_id.is_(None))
    ):
        counts.update(set(values or []))
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return [NameCount(name, films) for name, films in ranked[:top]]


def top_directors(session: Session, *, top: int = 10) -> list[NameCount]:
    """The people credited as director on most entries still on the site, most first
    (ties by name), under the first spelling the mirror saw of each."""
    films = func.count(distinct(Credit.entry_id))
    rows = session.execute(
        select(Person.name, films)
        .join(Credit, Credit.person_id == Person.id)
        .join(Entry, Entry.id == Credit.entry_id)
        .where(Credit.role == DIRECTOR_ROLE, Entry.vanished_run_id.is_(None))
        .group_by(Person.id, Person.name)
        .order_by(films.desc(), Person.name)
        .limit(top)
    ).all()
    return [NameCount(name, count) for name, count in rows]
