"""Per-run counts of the server's misbehaviour (``crawl_runs.faults``).

A JSON object ``{"kind": count}``: HTTP 429s and 5xx, waits asked by ``Retry-After``,
timeouts, connection errors, truncated and oversized bodies, decompression bombs,
redirect loops, charset problems, retries, offsite links dropped
(scraper/fault_accounting.py; the README lists the kinds). NULL for a run that met none,
and for runs recorded before this migration.

Revision ID: 0008_run_faults
Revises: 0007_fetch_download_seconds
Create Date: 2026-12-05
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008_run_faults"
down_revision: str | None = "0007_fetch_download_seconds"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # ADD COLUMN only: SQLite alters the table in place (no batch copy).
    op.add_column("crawl_runs", sa.Column("faults", sa.JSON, nullable=True))


def downgrade() -> None:
    op.drop_column("crawl_runs", "faults")
