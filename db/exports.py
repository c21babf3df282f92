"""The export's rows, streamed: every field the mirror holds about each entry.

Entries are selected (festival, edition, changed since a date, tombstoned or not) and
read in batches of :data:`BATCH` ids, each batch with its own queries for directors,
credits, see-also links and synopsis versions, so a 12,000-entry mirror is never held
in memory whatever the output format.

A row starts with :data:`db.queries.EXPORT_KEYS` (the CONTRACT's format, the replica
truth's keys), then, with ``every_field``, the other declared fields of
``common.records.FilmItem``, when the entry was first seen and last changed, and the
festivals' own fields (``extra``) each under its own name.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session, aliased

from common.records import DeclaredField, FilmItem, Storage, declared_fields
from db.models import CrawlRun, Credit, Edition, Entry, Festival, Section, SeeAlso, Synopsis
from db.queries import (
    DEFAULT_LANG,
    VANISHED_KEY,
    _column_value,
    _directors_by_entry,
    _entry_order,
    _vanished,
)
from db.store import DIRECTOR_ROLE

BATCH = 500  # entries read per round of queries

# Bookkeeping is about the fetch; the festival's own fields are exported one by one.
_NOT_EXPORTED = (Storage.BOOKKEEPING, Storage.EXTRA)

# The declared fields after the CONTRACT's keys, in declaration order.
OTHER_FIELDS = tuple(
    f for f in declared_fields(FilmItem) if not f.declared.export and f.storage not in _NOT_EXPORTED
)
# When the entry entered the mirror, and when a crawl last changed it (the start of
# those runs, ISO 8601 in UTC): what `--since` selects on.
FIRST_SEEN_KEY, UPDATED_KEY = "first_seen_at", "updated_at"
HISTORY_KEY = "synopsis_history"


@dataclass(frozen=True)
class EntrySelection:
    """Which entries an export holds. ``since``: entries first seen or changed by a run
    that started at or after it (an aware datetime)."""

    festival: str | None = None
    edition: int | None = None
    since: datetime | None = None
    include_vanished: bool = False


def entry_records(
    session: Session,
    selection: EntrySelection | None = None,
    *,
    every_field: bool = False,
    extra_fields: Sequence[str] | None = None,
    history: bool = False,
) -> Iterator[dict[str, Any]]:
    """The selected entries in export order (edition, numeric film id, festival).

    ``every_field``: the other declared fields, the two bookkeeping times and the
    festivals' own fields: exactly ``extra_fields`` (None where an entry lacks one) when
    given, else each entry's own, sorted by name. ``history``: every version of the
    synopsis under ``synopsis_history``, oldest first. Tombstoned entries (only with
    ``include_vanished``) carry a ``vanished`` key.
    """
    selection = selection or EntrySelection()
    ids = list(session.scalars(_selected(select(Entry.id), selection).order_by(*_entry_order())))
    for start in range(0, len(ids), BATCH):
        yield from _records(session, ids[start : start + BATCH], every_field, extra_fields, history)


def count_entries(session: Session, selection: EntrySelection) -> int:
    return int(session.scalar(_selected(select(func.count(Entry.id)), selection)) or 0)


def extra_names_held(session: Session) -> list[str]:
    """Every name of a festival's own field some entry holds, sorted."""
    names: set[str] = set()
    for (extra,) in session.execute(select(Entry.extra).execution_options(yield_per=2000)):
        names.update(extra or {})
    return sorted(names)


def _selected(statement: Select[Any], selection: EntrySelection) -> Select[Any]:
    statement = (
        statement.join(Festival, Festival.id == Entry.festival_id)
        .outerjoin(Edition, Edition.id == Entry.edition_id)
        .outerjoin(Section, Section.id == Entry.section_id)
    )
    if not selection.include_vanished:
        statement = statement.where(Entry.vanished_run_id.is_(None))
    if selection.festival is not None:
        statement = statement.where(Festival.slug == selection.festival)
    if selection.edition is not None:
        statement = statement.where(Edition.year == selection.edition)
    if selection.since is not None:
        first_seen, updated = aliased(CrawlRun), aliased(CrawlRun)
        statement = (
            statement.outerjoin(first_seen, first_seen.id == Entry.first_seen_run_id)
            .outerjoin(updated, updated.id == Entry.updated_run_id)
            .where(
                or_(first_seen.started_at >= selection.since, updated.started_at >= selection.since)
            )
        )
    return statement


def _records(
    session: Session,
    ids: list[int],
    every_field: bool,
    extra_fields: Sequence[str] | None,
    history: bool,
) -> Iterator[dict[str, Any]]:
    entries = Entry.__table__
    first_seen, updated, vanished = aliased(CrawlRun), aliased(CrawlRun), aliased(CrawlRun)
    statement = (
        select(
            entries,
            Festival.slug.label("festival_slug"),
            Edition.year.label("edition_year"),
            Section.name.label("section_name"),
            vanished.finished_at.label("vanished_at"),
            first_seen.started_at.label("first_seen_at"),
            updated.started_at.label("updated_at"),
        )
        .join(Festival, Festival.id == entries.c.festival_id)
        .outerjoin(Edition, Edition.id == entries.c.edition_id)
        .outerjoin(Section, Section.id == entries.c.section_id)
        .outerjoin(vanished, vanished.id == entries.c.vanished_run_id)
        .outerjoin(first_seen, first_seen.id == entries.c.first_seen_run_id)
        .outerjoin(updated, updated.id == entries.c.updated_run_id)
        .where(entries.c.id.in_(ids))
    )
    rows = {row._mapping["id"]: row._mapping for row in session.execute(statement)}
    directors = _directors_by_entry(session, ids)
    credits = _credits_by_entry(session, ids) if every_field else {}
    see_also = _see_also_by_entry(session, ids) if every_field else {}
    versions = _synopsis_versions(session, ids) if history else {}
    for entry_id in ids:
        values = rows[entry_id]
        related = _Related(
            directors.get(entry_id, []), credits.get(entry_id, {}), see_also.get(entry_id, [])
        )
        record: dict[str, Any] = {
            f.name: _exported(f, values, related)
            for f in declared_fields(FilmItem)
            if f.declared.export
        }
        record["work_id"] = values["work_id"]  # NULL until `mirror link` assigned one
        if every_field:
            record.update((f.name, _exported(f, values, related)) for f in OTHER_FIELDS)
            record[FIRST_SEEN_KEY] = _iso(values["first_seen_at"])
            record[UPDATED_KEY] = _iso(values["updated_at"])
            extra = values["extra"] or {}
            if extra_fields is None:
                record.update(sorted(extra.items()))
            else:
                record.update((name, extra.get(name)) for name in extra_fields)
        if history:
            record[HISTORY_KEY] = versions.get(entry_id, [])
        if values["vanished_run_id"] is not None:
            record[VANISHED_KEY] = _vanished(values["vanished_run_id"], values["vanished_at"])
        yield record


@dataclass(frozen=True)
class _Related:
    """An entry's rows in other tables, as exported."""

    directors: list[str]
    credits: dict[str, list[str]]
    see_also: list[dict[str, Any]]


def _exported(declared: DeclaredField, values: Any, related: _Related) -> Any:
    """One declared field's value in an export row (``values``: the row's mapping)."""
    match declared.storage:
        case Storage.KEY:
            return values["festival_slug" if declared.name == "festival" else declared.name]
        case Storage.COLUMN:
            return _column_value(declared.name, values[declared.name])
        case Storage.DIRECTORS:
            return related.directors
        case Storage.CREDITS:
            return related.credits
        case Storage.EDITION:
            return values["edition_year"]
        case Storage.SECTION:
            return values["section_name"]
        case Storage.SYNOPSIS:
            return values["synopsis"]
        case Storage.SEE_ALSO:
            return related.see_also
    raise ValueError(f"{declared.name} ({declared.storage}) is not exported")


def _credits_by_entry(session: Session, ids: Iterable[int]) -> dict[int, dict[str, list[str]]]:
    """Every credit but the directors', by entry: {role: names in page order}."""
    statement = (
        select(Credit.entry_id, Credit.role, Credit.credited_as)
        .where(Credit.role != DIRECTOR_ROLE, Credit.entry_id.in_(list(ids)))
        .order_by(Credit.entry_id, Credit.position)
    )
    credits: dict[int, dict[str, list[str]]] = defaultdict(dict)
    for entry_id, role, name in session.execute(statement):
        credits[entry_id].setdefault(role, []).append(name)
    return credits


def _see_also_by_entry(session: Session, ids: Iterable[int]) -> dict[int, list[dict[str, Any]]]:
    statement = (
        select(SeeAlso.entry_id, SeeAlso.target_film_id, SeeAlso.title, SeeAlso.teaser)
        .where(SeeAlso.entry_id.in_(list(ids)))
        .order_by(SeeAlso.entry_id, SeeAlso.position)
    )
    links: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for entry_id, film_id, title, teaser in session.execute(statement):
        links[entry_id].append({"film_id": film_id, "title": title, "teaser": teaser})
    return links


def _synopsis_versions(session: Session, ids: Iterable[int]) -> dict[int, list[dict[str, Any]]]:
    """Every synopsis an entry has had, oldest first, with the runs that brought and
    replaced it (their start times)."""
    first_run, superseding_run = aliased(CrawlRun), aliased(CrawlRun)
    statement = (
        select(
            Synopsis.entry_id,
            Synopsis.version,
            Synopsis.text,
            Synopsis.lang,
            Synopsis.is_current,
            first_run.started_at,
            superseding_run.started_at,
        )
        .outerjoin(first_run, first_run.id == Synopsis.first_run_id)
        .outerjoin(superseding_run, superseding_run.id == Synopsis.superseded_run_id)
        .where(Synopsis.entry_id.in_(list(ids)))
        .order_by(Synopsis.entry_id, Synopsis.version)
    )
    versions: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for entry_id, version, text, lang, current, first_at, superseded_at in session.execute(
        statement
    ):
        versions[entry_id].append(
            {
                "version": version,
                "text": text,
                "lang": lang or DEFAULT_LANG,
                "current": current,
                "first_seen_at": _iso(first_at),
                "superseded_at": _iso(superseded_at),
            }
        )
    return versions


def _iso(moment: datetime | None) -> str | None:
    """ISO 8601 in UTC (SQLite gives back the naive UTC time it was given)."""
    if moment is None:
        return None
    aware = moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
    return aware.isoformat()
