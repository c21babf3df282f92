"""The web archive's digest index, per-run accounting, and tombstones.

- ``captures``: one row per WARC response or revisit record of a *finished* WARC file
  (where it is, its payload digest, the validators the server sent). Rows are written
  only once the file holding the record is on disk, so every revisit the crawler writes
  refers to an original that exists.
- ``crawl_runs`` gains the per-run accounting of scheduled runs: entries seen,
  vanished, revisited; per-field fill rates; the alarm that failed the run; the run an
  interrupted run was resumed by.
- ``entries.vanished_run_id``: a tombstone (the run that found the entry gone from the
  site). Entries are never deleted. A plain integer, as ``work_id``: a foreign key would
  make SQLite's batch mode copy the table and drop its full-text triggers.

Revision ID: 0003_captures_and_run_accounting
Revises: 0002_works_and_corpus
Create Date: 2026-11-26
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003_captures_and_run_accounting"
down_revision: str | None = "0002_works_and_corpus"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

IdType = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
TS = sa.DateTime(timezone=True)

RUN_COLUMNS = (
    ("seen_count", sa.Integer),
    ("vanished_count", sa.Integer),
    ("revisit_count", sa.Integer),
)


def upgrade() -> None:
    op.create_table(
        "captures",
        sa.Column("id", IdType, nullable=False),
        sa.Column("url", sa.Text, nullable=False),
        sa.Column("record_id", sa.String(80), nullable=False),
        sa.Column("record_type", sa.String(16), nullable=False),  # response | revisit
        sa.Column("warc_date", sa.String(32), nullable=False),
        sa.Column("payload_digest", sa.String(64)),
        sa.Column("refers_to", sa.String(80)),  # a revisit's original record id
        sa.Column("status", sa.Integer),
        sa.Column("etag", sa.Text),
        sa.Column("last_modified", sa.Text),
        sa.Column("warc_filename", sa.Text, nullable=False),
        sa.Column("warc_offset", sa.BigInteger, nullable=False),
        sa.Column("warc_length", sa.BigInteger, nullable=False),
        sa.Column("run_id", IdType),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_captures")),
        sa.UniqueConstraint("record_id", name=op.f("uq_captures_record_id")),
        sa.ForeignKeyConstraint(
            ["run_id"], ["crawl_runs.id"], name=op.f("fk_captures_run_id_crawl_runs")
        ),
    )
    op.create_index(op.f("ix_captures_url"), "captures", ["url"])
    op.create_index(op.f("ix_captures_payload_digest"), "captures", ["payload_digest"])
    # ADD COLUMN only: SQLite alters these tables in place (no batch copy).
    for name, type_ in RUN_COLUMNS:
        op.add_column(
            "crawl_runs", sa.Column(name, type_, nullable=False, server_default=sa.text("0"))
        )
    op.add_column("crawl_runs", sa.Column("fill_rates", sa.JSON))
    op.add_column("crawl_runs", sa.Column("alarm", sa.Text))
    op.add_column("crawl_runs", sa.Column("resumed_by_run_id", sa.Integer))
    op.add_column("entries", sa.Column("vanished_run_id", sa.Integer))


def downgrade() -> None:
    # Plain DROP COLUMN (SQLite >= 3.35): a batch copy of entries would drop its
    # full-text triggers.
    op.drop_column("entries", "vanished_run_id")
    for name in (
        "resumed_by_run_id",
        "alarm",
        "fill_rates",
        *reversed([n for n, _ in RUN_COLUMNS]),
    ):
        op.drop_column("crawl_runs", name)
    op.drop_index(op.f("ix_captures_payload_digest"), table_name="captures")
    op.drop_index(op.f("ix_captures_url"), table_name="captures")
    op.drop_table("captures")
