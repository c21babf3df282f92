"""Per-run count of pages whose parse callback raised (``crawl_runs.error_count``).

A run with such errors did not read everything the site showed it: it is recorded as
``incomplete`` and tombstones nothing (see scraper/pipelines.py).

Revision ID: 0010_run_error_count
Revises: 0009_run_scope
Create Date: 2026-12-05
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010_run_error_count"
down_revision: str | None = "0009_run_scope"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # ADD COLUMN only: SQLite alters the table in place (no batch copy).
    op.add_column(
        "crawl_runs",
        sa.Column("error_count", sa.Integer, nullable=False, server_default=sa.text("0")),
    )


def downgrade() -> None:
    op.drop_column("crawl_runs", "error_count")
