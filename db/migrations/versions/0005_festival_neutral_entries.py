"""Entries any festival can fill: the fields of a second site, and each site's own fields.

- ``entries.original_title``, ``entries.languages`` (spoken, a JSON list) and
  ``entries.runtime`` (minutes): fields worth a column for every festival.
- ``entries.extra`` (JSON object): the fields only one festival shows, by name (its
  spider's ``extra_fields``). MIFF's four such columns move into it: ``credit_line``,
  ``reviewer``, ``listing_line`` and ``teaser`` (only the values that are set).
- Site ids are no longer MIFF's short digit strings ("2015/a-long-film-title" on
  NZIFF): ``entries.film_id`` and ``see_also.target_film_id`` widen to 200 characters.
- ``entries.lang`` and ``editions.site_edition_id`` become TEXT, the type their
  declarations give (PostgreSQL only: SQLite does not enforce lengths).

Columns are added and dropped in place (``ALTER TABLE``; SQLite >= 3.35), never by
batch mode's table copy, which would drop the full-text triggers of ``entries``.

Revision ID: 0005_festival_neutral_entries
Revises: 0004_run_not_checked_count
Create Date: 2026-12-05
"""

from __future__ import annotations

import json
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision: str = "0005_festival_neutral_entries"
down_revision: str | None = "0004_run_not_checked_count"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

Json = sa.JSON().with_variant(JSONB(), "postgresql")
MOVED_TO_EXTRA = ("credit_line", "reviewer", "listing_line", "teaser")
MOVED_TYPES = {"reviewer": sa.String(64)}
CHUNK = 1000


def _is_postgresql() -> bool:
    return op.get_bind().dialect.name == "postgresql"


def upgrade() -> None:
    op.add_column("entries", sa.Column("original_title", sa.Text))
    op.add_column(
        "entries", sa.Column("languages", Json, nullable=False, server_default=sa.text("'[]'"))
    )
    op.add_column("entries", sa.Column("runtime", sa.Integer))
    op.add_column(
        "entries", sa.Column("extra", Json, nullable=False, server_default=sa.text("'{}'"))
    )
    _move_into_extra()
    for name in MOVED_TO_EXTRA:
        op.drop_column("entries", name)
    if _is_postgresql():
        op.alter_column("entries", "film_id", type_=sa.String(200), existing_nullable=False)
        op.alter_column("see_also", "target_film_id", type_=sa.String(200))
        op.alter_column("entries", "lang", type_=sa.Text)
        op.alter_column("editions", "site_edition_id", type_=sa.Text)


def _move_into_extra() -> None:
    connection = op.get_bind()
    entries = sa.table(
        "entries",
        sa.column("id", sa.Integer),
        sa.column("extra", sa.JSON),
        *(sa.column(name, sa.Text) for name in MOVED_TO_EXTRA),
    )
    have_any = sa.or_(*(entries.c[name].is_not(None) for name in MOVED_TO_EXTRA))
    rows = connection.execute(
        sa.select(entries.c.id, *(entries.c[name] for name in MOVED_TO_EXTRA))
        .where(have_any)
        .order_by(entries.c.id)
    ).all()
    updates = [
        {
            "entry_id": row[0],
            "extra": json.dumps(
                {name: value for name, value in zip(MOVED_TO_EXTRA, row[1:]) if value is not None}
            ),
        }
        for row in rows
    ]
    statement = sa.text(
        "UPDATE entries SET extra = CAST(:extra AS JSONB) WHERE id = :entry_id"
        if _is_postgresql()
        else "UPDATE entries SET extra = :extra WHERE id = :entry_id"
    )
    for start in range(0, len(updates), CHUNK):
        connection.execute(statement, updates[start : start + CHUNK])


def downgrade() -> None:
    if _is_postgresql():
        op.alter_column("editions", "site_edition_id", type_=sa.String(64))
        op.alter_column("entries", "lang", type_=sa.String(16))
        op.alter_column("see_also", "target_film_id", type_=sa.String(32))
        op.alter_column("entries", "film_id", type_=sa.String(32), existing_nullable=False)
    for name in MOVED_TO_EXTRA:
        op.add_column("entries", sa.Column(name, MOVED_TYPES.get(name, sa.Text())))
    connection = op.get_bind()
    entries = sa.table("entries", sa.column("id", sa.Integer), sa.column("extra", Json))
    rows = connection.execute(sa.select(entries.c.id, entries.c.extra)).all()
    values = [
        {"entry_id": entry_id, **{name: (extra or {}).get(name) for name in MOVED_TO_EXTRA}}
        for entry_id, extra in rows
        if any((extra or {}).get(name) is not None for name in MOVED_TO_EXTRA)
    ]
    if values:
        assignments = ", ".join(f"{name} = :{name}" for name in MOVED_TO_EXTRA)
        connection.execute(
            sa.text(f"UPDATE entries SET {assignments} WHERE id = :entry_id"), values
        )
    for name in ("extra", "runtime", "languages", "original_title"):
        op.drop_column("entries", name)
