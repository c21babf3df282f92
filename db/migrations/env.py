"""Alembic environment for the mirror database (no alembic.ini needed: see db/migrate.py)."""

from __future__ import annotations

from alembic import context
from sqlalchemy.engine import Connection

from db.models import Base
from db.session import database_url, make_engine

config = context.config
target_metadata = Base.metadata

# Full-text objects are created by raw SQL in the migrations (dialect specific);
# autogenerate must not try to drop them.
FTS_OBJECT_PREFIXES = ("entries_fts", "corpus_documents_fts")
FTS_POSTGRES_OBJECTS = {"search_vector", "ix_entries_search_vector"}


def _include_object(
    obj: object, name: str | None, type_: str, reflected: bool, compare_to: object
) -> bool:
    if not name:
        return True
    return not (name.startswith(FTS_OBJECT_PREFIXES) or name in FTS_POSTGRES_OBJECTS)


def _configure_and_run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,  # SQLite cannot ALTER most things; batch mode copies tables
        include_object=_include_object,
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_offline() -> None:
    context.configure(
        url=database_url(config.get_main_option("sqlalchemy.url")),
        target_metadata=target_metadata,
        render_as_batch=True,
        literal_binds=True,
        include_object=_include_object,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _configure_and_run(connection)
        return
    engine = make_engine(database_url(config.get_main_option("sqlalchemy.url")))
    try:
        with engine.connect() as conn:
            _configure_and_run(conn)
    finally:
        engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
