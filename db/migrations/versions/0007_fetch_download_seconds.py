"""How long each fetched page took to download: ``fetched_pages.download_seconds``.

Scrapy measures every download anyway (``download_latency`` in the response's meta:
from the request being sent to the response's headers arriving); keeping it costs one
float per page and lets ``mirror report`` list a run's slowest URLs. NULL for pages
fetched before this column existed.

Revision ID: 0007_fetch_download_seconds
Revises: 0006_datasette_search_and_views
Create Date: 2026-12-05
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007_fetch_download_seconds"
down_revision: str | None = "0006_datasette_search_and_views"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # ADD COLUMN only: SQLite alters the table in place (no batch copy).
    op.add_column("fetched_pages", sa.Column("download_seconds", sa.Float))


def downgrade() -> None:
    op.drop_column("fetched_pages", "download_seconds")
