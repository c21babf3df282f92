"""The relational mirror: SQLAlchemy 2 typed models.

The schema itself is owned by the Alembic migrations in ``db/migrations``; these models
describe it for the ORM and for autogenerate. Production code never calls ``create_all``.

Full-text search objects are dialect specific and live only in the migration: an FTS5
external-content table ``entries_fts`` (plus sync triggers) on SQLite, and a generated
``search_vector`` tsvector column with a GIN index on PostgreSQL.
"""

from __future__ import annotations

import types
import typing
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeEngine

from common.records import DeclaredField, EditionItem, FilmItem, Storage, fields_stored_as

# Deterministic constraint names: Alembic batch mode on SQLite can only alter or drop
# constraints that have names, and the names must match across both backends.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

# JSONB on PostgreSQL so list containment and element functions are available.
JsonList = JSON().with_variant(JSONB(), "postgresql")
JsonDict = JsonList  # same type; the name says what the column holds

# Surrogate keys: BIGINT on PostgreSQL, INTEGER on SQLite (where only INTEGER PRIMARY KEY
# is the rowid alias that FTS5's content_rowid needs).
IdType = BigInteger().with_variant(Integer(), "sqlite")


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class Festival(Base):
    __tablename__ = "festivals"

    id: Mapped[int] = mapped_column(IdType, primary_key=True)
    slug: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str | None] = mapped_column(String(200))


class CrawlRun(Base):
    __tablename__ = "crawl_runs"

    id: Mapped[int] = mapped_column(IdType, primary_key=True)
    festival_id: Mapped[int] = mapped_column(ForeignKey("festivals.id"), index=True)
    started_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # running | finished | aborted | failed (alarm) | incomplete (a callback raised) |
    # interrupted (killed, found later)
    status: Mapped[str] = mapped_column(String(16))
    finish_reason: Mapped[str | None] = mapped_column(String(200))
    new_count: Mapped[int] = mapped_column(Integer, default=0)
    changed_count: Mapped[int] = mapped_column(Integer, default=0)
    unchanged_count: Mapped[int] = mapped_column(Integer, default=0)
    invalid_count: Mapped[int] = mapped_column(Integer, default=0)
    pages_count: Mapped[int] = mapped_column(Integer, default=0)
    # Entries seen (extracted or revisited), tombstoned, and seen through a revisit only.
    seen_count: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    vanished_count: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    revisit_count: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    # Of the revisits, entries whose page was not requested (MIRROR_REVISIT_DAYS).
    not_checked_count: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    # Pages whose parse callback raised (the run is then "incomplete").
    error_count: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    # {"field": fraction of this run's extracted entries with the field filled}
    fill_rates: Mapped[dict[str, float] | None] = mapped_column(JSON)
    # {"kind": count} of the server's misbehaviour met (scraper/fault_accounting.py)
    faults: Mapped[dict[str, int] | None] = mapped_column(JSON)
    alarm: Mapped[str | None] = mapped_column(Text)  # why the run failed its health check
    resumed_by_run_id: Mapped[int | None] = mapped_column(Integer)
    # The part of the archive a subset crawl covered (``edition=1989 film=5977``, see
    # scraper/crawl_selection.py); NULL: the whole archive.
    scope: Mapped[str | None] = mapped_column(Text)


class Edition(Base):
    """One festival edition; its page's fields are added from ``EditionItem``'s
    declaration (:func:`add_declared_columns`), all nullable: a film may name its
    edition before the edition's page is read, which leaves a stub row."""

    __tablename__ = "editions"
    __table_args__ = (UniqueConstraint("festival_id", "year"),)

    id: Mapped[int] = mapped_column(IdType, primary_key=True)
    festival_id: Mapped[int] = mapped_column(ForeignKey("festivals.id"))
    year: Mapped[int] = mapped_column(Integer)


class Section(Base):
    __tablename__ = "sections"
    __table_args__ = (UniqueConstraint("festival_id", "name"),)

    id: Mapped[int] = mapped_column(IdType, primary_key=True)
    festival_id: Mapped[int] = mapped_column(ForeignKey("festivals.id"))
    name: Mapped[str] = mapped_column(String(300))


class Entry(Base):
    """One archive entry: a film as screened in one edition under one site id.

    The film's own fields are columns added from ``FilmItem``'s declaration
    (:func:`add_declared_columns`); the ones below are keys and bookkeeping.
    """

    __tablename__ = "entries"
    __table_args__ = (UniqueConstraint("festival_id", "film_id"),)

    id: Mapped[int] = mapped_column(IdType, primary_key=True)
    festival_id: Mapped[int] = mapped_column(ForeignKey("festivals.id"))
    film_id: Mapped[str] = mapped_column(String(200))
    edition_id: Mapped[int | None] = mapped_column(ForeignKey("editions.id"), index=True)
    section_id: Mapped[int | None] = mapped_column(ForeignKey("sections.id"), index=True)
    synopsis: Mapped[str | None] = mapped_column(Text)  # current version, denormalised
    # The festival's own fields (its spider's extra_fields), by name; absent when empty.
    extra: Mapped[dict[str, Any]] = mapped_column(JsonDict, default=dict)
    work_id: Mapped[int | None] = mapped_column(Integer, index=True)  # deduplication
    first_seen_run_id: Mapped[int | None] = mapped_column(ForeignKey("crawl_runs.id"))
    updated_run_id: Mapped[int | None] = mapped_column(ForeignKey("crawl_runs.id"))
    # Tombstone: the run that found the entry gone from the site (NULL while listed).
    vanished_run_id: Mapped[int | None] = mapped_column(Integer)

    if TYPE_CHECKING:  # declared columns other modules query by attribute, typed for mypy
        url: Mapped[str]
        fetched_url: Mapped[str | None]
        title: Mapped[str | None]
        original_title: Mapped[str | None]
        year: Mapped[int | None]
        countries: Mapped[list[str]]
        lang: Mapped[str | None]


class Person(Base):
    """One person per folded name (see ``db.store.fold_name``)."""

    __tablename__ = "people"

    id: Mapped[int] = mapped_column(IdType, primary_key=True)
    name_key: Mapped[str] = mapped_column(String(300), unique=True)
    name: Mapped[str] = mapped_column(String(300))  # the first spelling seen


class Credit(Base):
    __tablename__ = "credits"
    __table_args__ = (UniqueConstraint("entry_id", "person_id", "role"),)

    id: Mapped[int] = mapped_column(IdType, primary_key=True)
    entry_id: Mapped[int] = mapped_column(ForeignKey("entries.id", ondelete="CASCADE"))
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"), index=True)
    role: Mapped[str] = mapped_column(String(32))
    position: Mapped[int] = mapped_column(Integer)
    credited_as: Mapped[str] = mapped_column(String(300))  # spelling on this entry's page


class Synopsis(Base):
    """Synopsis history: one row per distinct text an entry has had."""

    __tablename__ = "synopses"
    __table_args__ = (UniqueConstraint("entry_id", "version"),)

    id: Mapped[int] = mapped_column(IdType, primary_key=True)
    entry_id: Mapped[int] = mapped_column(ForeignKey("entries.id", ondelete="CASCADE"))
    version: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    lang: Mapped[str | None] = mapped_column(String(16))
    content_hash: Mapped[str] = mapped_column(String(64))
    is_current: Mapped[bool] = mapped_column(Boolean)
    first_run_id: Mapped[int | None] = mapped_column(ForeignKey("crawl_runs.id"))
    superseded_run_id: Mapped[int | None] = mapped_column(ForeignKey("crawl_runs.id"))


class SeeAlso(Base):
    __tablename__ = "see_also"
    __table_args__ = (UniqueConstraint("entry_id", "target_film_id"),)

    id: Mapped[int] = mapped_column(IdType, primary_key=True)
    entry_id: Mapped[int] = mapped_column(ForeignKey("entries.id", ondelete="CASCADE"))
    target_film_id: Mapped[str] = mapped_column(String(200), index=True)
    title: Mapped[str | None] = mapped_column(Text)
    teaser: Mapped[str | None] = mapped_column(Text)
    position: Mapped[int] = mapped_column(Integer)


class FetchedPage(Base):
    __tablename__ = "fetched_pages"

    id: Mapped[int] = mapped_column(IdType, primary_key=True)
    url: Mapped[str] = mapped_column(Text, unique=True)
    status: Mapped[int] = mapped_column(Integer)
    etag: Mapped[str | None] = mapped_column(Text)
    last_modified: Mapped[str | None] = mapped_column(Text)
    content_type: Mapped[str | None] = mapped_column(Text)
    digest: Mapped[str | None] = mapped_column(String(64))  # sha256 hex of the body
    fetched_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    run_id: Mapped[int | None] = mapped_column(ForeignKey("crawl_runs.id"), index=True)
    # Request sent to response headers received (Scrapy's download_latency); NULL for
    # pages fetched before it was kept.
    download_seconds: Mapped[float | None] = mapped_column(Float)


class Capture(Base):
    """The digest index: one WARC response or revisit record of a finished WARC file.

    Written only after the file holding the record is safely on disk, so the
    validators and originals a re-crawl uses always point at records that exist.
    """

    __tablename__ = "captures"

    id: Mapped[int] = mapped_column(IdType, primary_key=True)
    url: Mapped[str] = mapped_column(Text, index=True)
    record_id: Mapped[str] = mapped_column(String(80), unique=True)  # <urn:uuid:...>
    record_type: Mapped[str] = mapped_column(String(16))  # response | revisit
    warc_date: Mapped[str] = mapped_column(String(32))
    payload_digest: Mapped[str | None] = mapped_column(String(64), index=True)
    refers_to: Mapped[str | None] = mapped_column(String(80))  # a revisit's original
    status: Mapped[int | None] = mapped_column(Integer)
    etag: Mapped[str | None] = mapped_column(Text)
    last_modified: Mapped[str | None] = mapped_column(Text)
    warc_filename: Mapped[str] = mapped_column(Text)
    warc_offset: Mapped[int] = mapped_column(BigInteger)
    warc_length: Mapped[int] = mapped_column(BigInteger)
    run_id: Mapped[int | None] = mapped_column(ForeignKey("crawl_runs.id"))


# -- deduplication: works, the existing corpus, links and people's decisions ------------


class Work(Base):
    """One film, whatever the number of entries and corpus documents describing it.

    ``title``/``year``/``directors`` are derived from the members (entries first) each
    time works are assigned; members point here through ``work_id``.
    """

    __tablename__ = "works"

    id: Mapped[int] = mapped_column(IdType, primary_key=True)
    title: Mapped[str | None] = mapped_column(Text)
    year: Mapped[int | None] = mapped_column(Integer)
    directors: Mapped[list[str]] = mapped_column(JsonList, default=list)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class CorpusDocument(Base):
    """One document of the existing corpus (a synopsis, often without a title)."""

    __tablename__ = "corpus_documents"

    # Natural key: "NAME:N" for plain-text lines, or the id the file gives.
    id: Mapped[str] = mapped_column(String(300), primary_key=True)
    source: Mapped[str] = mapped_column(String(200), index=True)
    position: Mapped[int] = mapped_column(Integer)  # 1-based line number in the file
    text: Mapped[str] = mapped_column(Text)
    lang: Mapped[str | None] = mapped_column(String(16))
    title: Mapped[str | None] = mapped_column(Text)
    directors: Mapped[list[str]] = mapped_column(JsonList, default=list)
    year: Mapped[int | None] = mapped_column(Integer)
    content_hash: Mapped[str] = mapped_column(String(64))
    # NULL until matched: a document without a work is still pending (resumable import).
    work_id: Mapped[int | None] = mapped_column(
        ForeignKey("works.id", ondelete="SET NULL"), index=True
    )
    imported_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class StoredLink(Base):
    """A scored pair of members ("entry:miff:5977", "doc:seedA:3"), left < right."""

    __tablename__ = "links"
    __table_args__ = (UniqueConstraint("left_key", "right_key"),)

    id: Mapped[int] = mapped_column(IdType, primary_key=True)
    left_key: Mapped[str] = mapped_column(String(320))
    right_key: Mapped[str] = mapped_column(String(320), index=True)
    score: Mapped[float] = mapped_column(Float)
    decision: Mapped[str] = mapped_column(String(16))  # match | review
    reason: Mapped[str] = mapped_column(Text)
    origin: Mapped[str] = mapped_column(String(200))  # "import:NAME", "link", ...
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class ReviewDecision(Base):
    """A person's verdict on a pair; every later run and import respects it."""

    __tablename__ = "review_decisions"
    __table_args__ = (UniqueConstraint("left_key", "right_key"),)

    id: Mapped[int] = mapped_column(IdType, primary_key=True)
    left_key: Mapped[str] = mapped_column(String(320))
    right_key: Mapped[str] = mapped_column(String(320), index=True)
    decision: Mapped[str] = mapped_column(String(16))  # accept | reject
    decided_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    note: Mapped[str | None] = mapped_column(Text)


class TextVector(Base):
    """Sentence embedding of a text, by content hash: the index is rebuilt from the
    database without running the model again over texts it has already seen."""

    __tablename__ = "text_vectors"

    text_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    model: Mapped[str] = mapped_column(String(64))
    vector: Mapped[bytes] = mapped_column(LargeBinary)  # float16, little endian


# The tables deduplication writes (emptied with the data tables in tests).
DEDUP_TABLES = ("works", "corpus_documents", "links", "review_decisions", "text_vectors")

# The tables whose rows a re-crawl of unchanged data must leave untouched.
DATA_TABLES = (
    "festivals",
    "editions",
    "sections",
    "entries",
    "people",
    "credits",
    "synopses",
    "see_also",
)


# -- columns derived from the record declarations (common/records.py) ----------------------


def column_type(declared: DeclaredField) -> tuple[TypeEngine[Any], type | None]:
    """The SQL type of a declared field, and for a collection (JSON) its empty value's
    type (``list`` or ``dict``)."""
    python_type = declared.type
    if typing.get_origin(python_type) in (typing.Union, types.UnionType):
        python_type = next(t for t in typing.get_args(python_type) if t is not type(None))
    origin = typing.get_origin(python_type) or python_type
    if origin in (list, dict):
        return JsonList, origin
    if origin is int:
        return Integer(), None
    if origin is str:
        return Text(), None
    raise TypeError(f"no column type for {declared.attribute}: {declared.type!r}")


def add_declared_columns(model: type[Base], record: type, *, stub_rows: bool = False) -> None:
    """Add a column for every COLUMN and BOOKKEEPING field of ``record`` to ``model``.

    A required field (no default) is NOT NULL, and so is a collection (stored empty);
    bookkeeping and, with ``stub_rows``, every column may be NULL.
    """
    for declared in fields_stored_as(record, Storage.COLUMN, Storage.BOOKKEEPING):
        sql_type, empty = column_type(declared)
        nullable = (
            stub_rows
            or declared.storage is Storage.BOOKKEEPING
            or not (empty is not None or declared.required)
        )
        column = mapped_column(
            sql_type,
            nullable=nullable,
            default=empty,
            index=declared.declared.index or None,
        )
        setattr(model, declared.name, column)


add_declared_columns(Entry, FilmItem)
add_declared_columns(Edition, EditionItem, stub_rows=True)
