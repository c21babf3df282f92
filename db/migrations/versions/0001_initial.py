"""Initial schema: festivals, editions, sections, entries, people, credits, synopses,
see_also, fetched_pages, crawl_runs, plus full-text search (FTS5 on SQLite, tsvector on
PostgreSQL).

Revision ID: 0001_initial
Revises:
Create Date: 2025-11-26
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision: str = "0001_initial"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

IdType = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
JsonList = sa.JSON().with_variant(JSONB(), "postgresql")
TS = sa.DateTime(timezone=True)

SQLITE_FTS = [
    # External-content FTS5 index over entries(title, synopsis); rowid = entries.id.
    """CREATE VIRTUAL TABLE entries_fts USING fts5(
        title, synopsis, content='entries', content_rowid='id',
        tokenize='unicode61 remove_diacritics 2')""",
    """CREATE TRIGGER entries_fts_ai AFTER INSERT ON entries BEGIN
        INSERT INTO entries_fts(rowid, title, synopsis) VALUES (new.id, new.title, new.synopsis);
    END""",
    """CREATE TRIGGER entries_fts_ad AFTER DELETE ON entries BEGIN
        INSERT INTO entries_fts(entries_fts, rowid, title, synopsis)
        VALUES ('delete', old.id, old.title, old.synopsis);
    END""",
    """CREATE TRIGGER entries_fts_au AFTER UPDATE OF title, synopsis ON entries BEGIN
        INSERT INTO entries_fts(entries_fts, rowid, title, synopsis)
        VALUES ('delete', old.id, old.title, old.synopsis);
        INSERT INTO entries_fts(rowid, title, synopsis) VALUES (new.id, new.title, new.synopsis);
    END""",
]
SQLITE_FTS_DROP = [
    "DROP TRIGGER IF EXISTS entries_fts_au",
    "DROP TRIGGER IF EXISTS entries_fts_ad",
    "DROP TRIGGER IF EXISTS entries_fts_ai",
    "DROP TABLE IF EXISTS entries_fts",
]
POSTGRES_FTS = [
    # 'simple' config: no stemming or stop words, the archive mixes many languages.
    """ALTER TABLE entries ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('simple', coalesce(title, '')), 'A') ||
        setweight(to_tsvector('simple', coalesce(synopsis, '')), 'B')) STORED""",
    "CREATE INDEX ix_entries_search_vector ON entries USING gin (search_vector)",
]
POSTGRES_FTS_DROP = [
    "DROP INDEX IF EXISTS ix_entries_search_vector",
    "ALTER TABLE entries DROP COLUMN IF EXISTS search_vector",
]


def _id() -> sa.Column:
    return sa.Column("id", IdType, primary_key=True)


def upgrade() -> None:
    op.create_table(
        "festivals",
        _id(),
        sa.Column("slug", sa.String(64), nullable=False),
        sa.Column("name", sa.String(200)),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_festivals")),
        sa.UniqueConstraint("slug", name=op.f("uq_festivals_slug")),
    )
    op.create_table(
        "crawl_runs",
        _id(),
        sa.Column("festival_id", IdType, nullable=False),
        sa.Column("started_at", TS, nullable=False),
        sa.Column("finished_at", TS),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("finish_reason", sa.String(200)),
        sa.Column("new_count", sa.Integer, nullable=False),
        sa.Column("changed_count", sa.Integer, nullable=False),
        sa.Column("unchanged_count", sa.Integer, nullable=False),
        sa.Column("invalid_count", sa.Integer, nullable=False),
        sa.Column("pages_count", sa.Integer, nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_crawl_runs")),
        sa.ForeignKeyConstraint(
            ["festival_id"], ["festivals.id"], name=op.f("fk_crawl_runs_festival_id_festivals")
        ),
    )
    op.create_index(op.f("ix_crawl_runs_festival_id"), "crawl_runs", ["festival_id"])
    op.create_table(
        "editions",
        _id(),
        sa.Column("festival_id", IdType, nullable=False),
        sa.Column("year", sa.Integer, nullable=False),
        sa.Column("site_edition_id", sa.String(64)),
        sa.Column("heading", sa.Text),
        sa.Column("feature_count", sa.Integer),
        sa.Column("short_count", sa.Integer),
        sa.Column("dates_text", sa.Text),
        sa.Column("program_focus", sa.Text),
        sa.Column("filmmaker_focus", sa.Text),
        sa.Column("opening_film", sa.Text),
        sa.Column("director_message", sa.Text),
        sa.Column("url", sa.Text),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_editions")),
        sa.ForeignKeyConstraint(
            ["festival_id"], ["festivals.id"], name=op.f("fk_editions_festival_id_festivals")
        ),
        sa.UniqueConstraint("festival_id", "year", name=op.f("uq_editions_festival_id_year")),
    )
    op.create_table(
        "sections",
        _id(),
        sa.Column("festival_id", IdType, nullable=False),
        sa.Column("name", sa.String(300), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sections")),
        sa.ForeignKeyConstraint(
            ["festival_id"], ["festivals.id"], name=op.f("fk_sections_festival_id_festivals")
        ),
        sa.UniqueConstraint("festival_id", "name", name=op.f("uq_sections_festival_id_name")),
    )
    op.create_table(
        "entries",
        _id(),
        sa.Column("festival_id", IdType, nullable=False),
        sa.Column("film_id", sa.String(32), nullable=False),
        sa.Column("url", sa.Text, nullable=False),
        sa.Column("fetched_url", sa.Text),
        sa.Column("title", sa.Text),
        sa.Column("title_display", sa.Text),
        sa.Column("year", sa.Integer),
        sa.Column("countries", JsonList, nullable=False),
        sa.Column("edition_id", IdType),
        sa.Column("section_id", IdType),
        sa.Column("synopsis", sa.Text),
        sa.Column("lang", sa.String(16)),
        sa.Column("quote", sa.Text),
        sa.Column("quote_source", sa.Text),
        sa.Column("credit_line", sa.Text),
        sa.Column("reviewer", sa.String(64)),
        sa.Column("teaser", sa.Text),
        sa.Column("listing_line", sa.Text),
        sa.Column("work_id", sa.Integer),
        sa.Column("first_seen_run_id", IdType),
        sa.Column("updated_run_id", IdType),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_entries")),
        sa.ForeignKeyConstraint(
            ["festival_id"], ["festivals.id"], name=op.f("fk_entries_festival_id_festivals")
        ),
        sa.ForeignKeyConstraint(
            ["edition_id"], ["editions.id"], name=op.f("fk_entries_edition_id_editions")
        ),
        sa.ForeignKeyConstraint(
            ["section_id"], ["sections.id"], name=op.f("fk_entries_section_id_sections")
        ),
        sa.ForeignKeyConstraint(
            ["first_seen_run_id"],
            ["crawl_runs.id"],
            name=op.f("fk_entries_first_seen_run_id_crawl_runs"),
        ),
        sa.ForeignKeyConstraint(
            ["updated_run_id"], ["crawl_runs.id"], name=op.f("fk_entries_updated_run_id_crawl_runs")
        ),
        sa.UniqueConstraint("festival_id", "film_id", name=op.f("uq_entries_festival_id_film_id")),
    )
    op.create_index(op.f("ix_entries_year"), "entries", ["year"])
    op.create_index(op.f("ix_entries_edition_id"), "entries", ["edition_id"])
    op.create_index(op.f("ix_entries_section_id"), "entries", ["section_id"])
    op.create_index(op.f("ix_entries_work_id"), "entries", ["work_id"])
    op.create_table(
        "people",
        _id(),
        sa.Column("name_key", sa.String(300), nullable=False),
        sa.Column("name", sa.String(300), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_people")),
        sa.UniqueConstraint("name_key", name=op.f("uq_people_name_key")),
    )
    op.create_table(
        "credits",
        _id(),
        sa.Column("entry_id", IdType, nullable=False),
        sa.Column("person_id", IdType, nullable=False),
        sa.Column("role", sa.String(32), nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("credited_as", sa.String(300), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_credits")),
        sa.ForeignKeyConstraint(
            ["entry_id"],
            ["entries.id"],
            name=op.f("fk_credits_entry_id_entries"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["people.id"], name=op.f("fk_credits_person_id_people")
        ),
        sa.UniqueConstraint(
            "entry_id", "person_id", "role", name=op.f("uq_credits_entry_id_person_id_role")
        ),
    )
    op.create_index(op.f("ix_credits_person_id"), "credits", ["person_id"])
    op.create_table(
        "synopses",
        _id(),
        sa.Column("entry_id", IdType, nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("lang", sa.String(16)),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("is_current", sa.Boolean, nullable=False),
        sa.Column("first_run_id", IdType),
        sa.Column("superseded_run_id", IdType),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_synopses")),
        sa.ForeignKeyConstraint(
            ["entry_id"],
            ["entries.id"],
            name=op.f("fk_synopses_entry_id_entries"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["first_run_id"], ["crawl_runs.id"], name=op.f("fk_synopses_first_run_id_crawl_runs")
        ),
        sa.ForeignKeyConstraint(
            ["superseded_run_id"],
            ["crawl_runs.id"],
            name=op.f("fk_synopses_superseded_run_id_crawl_runs"),
        ),
        sa.UniqueConstraint("entry_id", "version", name=op.f("uq_synopses_entry_id_version")),
    )
    op.create_table(
        "see_also",
        _id(),
        sa.Column("entry_id", IdType, nullable=False),
        sa.Column("target_film_id", sa.String(32), nullable=False),
        sa.Column("title", sa.Text),
        sa.Column("teaser", sa.Text),
        sa.Column("position", sa.Integer, nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_see_also")),
        sa.ForeignKeyConstraint(
            ["entry_id"],
            ["entries.id"],
            name=op.f("fk_see_also_entry_id_entries"),
            ondelete="CASCADE",
        ),
        sa.UniqueConstraint(
            "entry_id", "target_film_id", name=op.f("uq_see_also_entry_id_target_film_id")
        ),
    )
    op.create_index(op.f("ix_see_also_target_film_id"), "see_also", ["target_film_id"])
    op.create_table(
        "fetched_pages",
        _id(),
        sa.Column("url", sa.Text, nullable=False),
        sa.Column("status", sa.Integer, nullable=False),
        sa.Column("etag", sa.Text),
        sa.Column("last_modified", sa.Text),
        sa.Column("content_type", sa.Text),
        sa.Column("digest", sa.String(64)),
        sa.Column("fetched_at", TS, nullable=False),
        sa.Column("run_id", IdType),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_fetched_pages")),
        sa.ForeignKeyConstraint(
            ["run_id"], ["crawl_runs.id"], name=op.f("fk_fetched_pages_run_id_crawl_runs")
        ),
        sa.UniqueConstraint("url", name=op.f("uq_fetched_pages_url")),
    )
    op.create_index(op.f("ix_fetched_pages_run_id"), "fetched_pages", ["run_id"])

    dialect = op.get_bind().dialect.name
    for statement in SQLITE_FTS if dialect == "sqlite" else POSTGRES_FTS:
        op.execute(statement)


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    for statement in SQLITE_FTS_DROP if dialect == "sqlite" else POSTGRES_FTS_DROP:
        op.execute(statement)
    for table in (
        "fetched_pages",
        "see_also",
        "synopses",
        "credits",
        "people",
        "entries",
        "sections",
        "editions",
        "crawl_runs",
        "festivals",
    ):
        op.drop_table(table)
