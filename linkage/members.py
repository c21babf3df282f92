"""The database's members (archive entries and corpus documents, see
`db.member_keys`) as linkage `Record`s, with their current work."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace

from sqlalchemy.orm import Session

from db.member_keys import split_key
from db.members import member_rows, member_texts
from linkage.records import Record


@dataclass
class Members:
    """Every entry and corpus document as a linkage `Record`, with its current work.
    Without `with_text` the records carry no synopsis (a million of them would hold
    half a gigabyte for nothing: works need keys, not texts); `full_records` reads
    the texts of a chunk when they are needed."""

    records: dict[str, Record] = field(default_factory=dict)
    work_of: dict[str, int | None] = field(default_factory=dict)
    entry_pk: dict[str, int] = field(default_factory=dict)
    with_text: bool = True

    @property
    def pending(self) -> list[str]:
        return [key for key, work in self.work_of.items() if work is None]

    def subset(self, keys: Iterable[str]) -> Members:
        chosen = list(keys)
        return Members(
            records={k: self.records[k] for k in chosen},
            work_of={k: self.work_of[k] for k in chosen},
            entry_pk={k: self.entry_pk[k] for k in chosen if k in self.entry_pk},
            with_text=self.with_text,
        )


def load_members(
    session: Session,
    keys: Iterable[str] | None = None,
    *,
    pending_only: bool = False,
    with_text: bool = True,
) -> Members:
    """All members (or only `keys`, or only those without a work), entries first in
    film order, then documents; without `with_text`, no synopses (see `Members`)."""
    members = Members(with_text=with_text)
    for row in member_rows(session, keys, pending_only=pending_only, with_text=with_text):
        members.records[row.key] = Record(
            id=row.key,
            title=row.title,
            directors=row.directors,
            year=row.year,
            text=row.text,
            lang=row.lang,
            countries=row.countries,
        )
        members.work_of[row.key] = row.work_id
        if row.entry_pk is not None:
            members.entry_pk[row.key] = row.entry_pk
    return members


def full_records(session: Session, members: Members, keys: Sequence[str]) -> list[Record]:
    """The records of `keys` with their synopses (read from the database unless the
    members carry them)."""
    if members.with_text:
        return [members.records[k] for k in keys]
    by_pk = {members.entry_pk[k]: k for k in keys if k in members.entry_pk}
    by_doc = {split_key(k)[1]: k for k in keys if k not in members.entry_pk}
    texts = member_texts(session, by_pk, by_doc)
    return [replace(members.records[k], text=texts.get(k)) for k in keys]
