"""Deduplication: works, corpus documents, links, review decisions, cached text vectors.

entries.work_id stays a plain indexed integer (no foreign key): adding one would make
SQLite's batch mode copy the entries table, dropping its full-text triggers.

Revision ID: 0002_works_and_corpus
Revises: 0001_initial
Create Date: 2025-11-26
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision: str = "0002_works_and_corpus"
down_revision: str | None = "0001_initial"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

IdType = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
JsonList = sa.JSON().with_variant(JSONB(), "postgresql")
TS = sa.DateTime(timezone=True)


def _id() -> sa.Column:
    return sa.Column("id", IdType, primary_key=True)


def _pair_table(name: str, *columns: sa.Column) -> None:
    op.create_table(
        name,
        _id(),
        sa.Column("left_key", sa.String(320), nullable=False),
        sa.Column("right_key", sa.String(320), nullable=False),
        *columns,
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{name}")),
        sa.UniqueConstraint("left_key", "right_key", name=op.f(f"uq_{name}_left_key_right_key")),
    )
    op.create_index(op.f(f"ix_{name}_right_key"), name, ["right_key"])


def upgrade() -> None:
    op.create_table(
        "works",
        _id(),
        sa.Column("title", sa.Text),
        sa.Column("year", sa.Integer),
        sa.Column("directors", JsonList, nullable=False),
        sa.Column("created_at", TS, nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_works")),
    )
    op.create_table(
        "corpus_documents",
        sa.Column("id", sa.String(300), nullable=False),
        sa.Column("source", sa.String(200), nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("lang", sa.String(16)),
        sa.Column("title", sa.Text),
        sa.Column("directors", JsonList, nullable=False),
        sa.Column("year", sa.Integer),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("work_id", IdType),
        sa.Column("imported_at", TS, nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_corpus_documents")),
        sa.ForeignKeyConstraint(
            ["work_id"],
            ["works.id"],
            name=op.f("fk_corpus_documents_work_id_works"),
            ondelete="SET NULL",
        ),
    )
    op.create_index(op.f("ix_corpus_documents_source"), "corpus_documents", ["source"])
    op.create_index(op.f("ix_corpus_documents_work_id"), "corpus_documents", ["work_id"])
    _pair_table(
        "links",
        sa.Column("score", sa.Float, nullable=False),
        sa.Column("decision", sa.String(16), nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("origin", sa.String(200), nullable=False),
        sa.Column("created_at", TS, nullable=False),
    )
    _pair_table(
        "review_decisions",
        sa.Column("decision", sa.String(16), nullable=False),
        sa.Column("decided_at", TS, nullable=False),
        sa.Column("note", sa.Text),
    )
    op.create_table(
        "text_vectors",
        sa.Column("text_hash", sa.String(64), nullable=False),
        sa.Column("model", sa.String(64), nullable=False),
        sa.Column("vector", sa.LargeBinary, nullable=False),
        sa.PrimaryKeyConstraint("text_hash", name=op.f("pk_text_vectors")),
    )


def downgrade() -> None:
    for table in ("text_vectors", "review_decisions", "links", "corpus_documents", "works"):
        op.drop_table(table)
