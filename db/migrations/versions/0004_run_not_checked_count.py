"""Per-run count of entries seen without a request (``MIRROR_REVISIT_DAYS``).

``crawl_runs.not_checked_count``: of the run's revisits, the entries whose page the run
did not request at all because its last check was recent enough
(:mod:`archive.revisit_policy`). They are counted as seen and unchanged, as before; this
column says how many of those were taken on trust.

Revision ID: 0004_run_not_checked_count
Revises: 0003_captures_and_run_accounting
Create Date: 2026-12-01
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004_run_not_checked_count"
down_revision: str | None = "0003_captures_and_run_accounting"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # ADD COLUMN only: SQLite alters the table in place (no batch copy).
    op.add_column(
        "crawl_runs",
        sa.Column("not_checked_count", sa.Integer, nullable=False, server_default=sa.text("0")),
    )


def downgrade() -> None:
    op.drop_column("crawl_runs", "not_checked_count")
