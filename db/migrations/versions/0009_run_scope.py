"""What part of the archive a crawl run covered: ``crawl_runs.scope``.

NULL for a run over the whole archive; ``edition=1989 film=5977`` (the normalised spider
arguments, scraper/crawl_selection.py) for a subset crawl. A subset run tombstones
nothing, and the health check compares a run only with earlier runs of the same scope.

Revision ID: 0009_run_scope
Revises: 0008_run_faults
Create Date: 2026-12-05
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009_run_scope"
down_revision: str | None = "0008_run_faults"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # ADD COLUMN only: SQLite alters the table in place (no batch copy).
    op.add_column("crawl_runs", sa.Column("scope", sa.Text, nullable=True))


def downgrade() -> None:
    op.drop_column("crawl_runs", "scope")
