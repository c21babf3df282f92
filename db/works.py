"""Works and their members as stored: new work rows, members pointed at their work,
each work's title, year and directors, and works left without members deleted.

Which members form a work is decided elsewhere (`linkage.service.assign_all`); this
module writes a decision given as groups of member keys, one work id (or None for a
new work) per group.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from datetime import UTC, datetime
from typing import Protocol

from sqlalchemy import delete, insert, select, update
from sqlalchemy.orm import Session

from db.member_keys import DOC, ENTRY, chunks, split_key
from db.models import CorpusDocument, Entry, Work


class Described(Protocol):
    """What a work's description is taken from: a member's keys (a linkage `Record`)."""

    @property
    def id(self) -> str: ...
    @property
    def title(self) -> str | None: ...
    @property
    def year(self) -> int | None: ...
    @property
    def directors(self) -> list[str]: ...


def _now() -> datetime:
    return datetime.now(UTC)


def create_works(session: Session, work_for_group: list[int | None]) -> None:
    """A new work for every group without one (filled into `work_for_group`)."""
    missing = [i for i, w in enumerate(work_for_group) if w is None]
    if not missing:
        return
    now = _now()
    new_ids = session.scalars(
        insert(Work).returning(Work.id, sort_by_parameter_order=True),
        [{"created_at": now, "directors": []} for _ in missing],
    ).all()
    for position, work_id in zip(missing, new_ids, strict=True):
        work_for_group[position] = work_id


def write_memberships(
    session: Session,
    work_of: dict[str, int | None],
    entry_pk: Mapping[str, int],
    groups: list[list[str]],
    work_for_group: list[int | None],
) -> None:
    """Point each member of a group at the group's work, writing only the members whose
    work changed (`work_of`, member key -> current work, is updated along)."""
    entry_rows, doc_rows = [], []
    for keys, work_id in zip(groups, work_for_group, strict=True):
        for key in keys:
            if work_of[key] == work_id:
                continue
            work_of[key] = work_id
            kind, rest = split_key(key)
            if kind == ENTRY:
                entry_rows.append({"id": entry_pk[key], "work_id": work_id})
            else:
                doc_rows.append({"id": rest, "work_id": work_id})
    if entry_rows:
        session.execute(update(Entry), entry_rows)
    if doc_rows:
        session.execute(update(CorpusDocument), doc_rows)


def describe_works(
    session: Session,
    records: Mapping[str, Described],
    groups: list[list[str]],
    work_for_group: list[int | None],
) -> None:
    """Title, year and directors of each work: from its first entry, else a document."""
    current = {
        work_id: (title, year, list(directors or []))
        for work_id, title, year, directors in session.execute(
            select(Work.id, Work.title, Work.year, Work.directors)
        )
    }
    rows = []
    for keys, work_id in zip(groups, work_for_group, strict=True):
        members = [records[k] for k in keys]
        described = [r for r in members if r.id.startswith(ENTRY)] + [
            r for r in members if r.id.startswith(DOC)
        ]
        title = next((r.title for r in described if r.title), None)
        year = next((r.year for r in described if r.year is not None), None)
        directors = next((r.directors for r in described if r.directors), [])
        if work_id is not None and current.get(work_id) != (title, year, directors):
            rows.append({"id": work_id, "title": title, "year": year, "directors": directors})
    if rows:
        session.execute(update(Work), rows)


def delete_works_except(session: Session, used: Collection[int]) -> None:
    """Delete every work not in `used` (left without members)."""
    stale = [w for (w,) in session.execute(select(Work.id)) if w not in used]
    for chunk in chunks(stale):
        session.execute(delete(Work).where(Work.id.in_(chunk)))
