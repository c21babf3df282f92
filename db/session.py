"""Database URLs and engines: SQLite by default, PostgreSQL by URL."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError
from sqlalchemy.orm import Session, sessionmaker

DEFAULT_DATABASE_URL = "sqlite:///mirror.db"
ENV_DATABASE_URL = "MIRROR_DATABASE_URL"
SQLITE_BUSY_TIMEOUT_MS = 10_000
PG_CONNECT_TIMEOUT_S = 10


class DatabaseUrlError(ValueError):
    """The database URL cannot be understood; the message is meant for users."""


def database_url(explicit: str | None = None) -> str:
    """The URL to use: the explicit one, else $MIRROR_DATABASE_URL, else ./mirror.db."""
    if explicit:
        return explicit
    return os.environ.get(ENV_DATABASE_URL) or DEFAULT_DATABASE_URL


def parse_url(url: str) -> URL:
    """Parse and sanity-check a URL, raising DatabaseUrlError with a readable message."""
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise DatabaseUrlError(
            f"malformed database URL {url!r}: expected e.g. sqlite:///mirror.db "
            "or postgresql+psycopg://user@host/dbname"
        ) from exc
    backend = parsed.get_backend_name()
    if backend not in ("sqlite", "postgresql"):
        raise DatabaseUrlError(
            f"unsupported database {backend!r} in {url!r}: use sqlite:/// or postgresql+psycopg://"
        )
    if backend == "postgresql" and parsed.drivername == "postgresql":
        # psycopg 3 is what we ship; plain postgresql:// would look for psycopg2.
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed


def sqlite_path(url: str) -> Path | None:
    """The file behind a SQLite URL, or None for in-memory / non-SQLite URLs."""
    parsed = parse_url(url)
    if parsed.get_backend_name() != "sqlite":
        return None
    database = parsed.database
    if not database or database == ":memory:" or database.startswith("file:"):
        return None
    return Path(database)


def make_engine(url: str, *, write_intent: bool = False, **kwargs: Any) -> Engine:
    """An engine tuned for the backend.

    SQLite: WAL journal (readers never block the writer), a busy timeout, foreign keys on.
    With ``write_intent`` every transaction starts with BEGIN IMMEDIATE so a batch that
    reads then writes takes the write lock up front instead of failing halfway on upgrade.
    PostgreSQL: pool_pre_ping so a connection killed while idle is replaced transparently.
    """
    parsed = parse_url(url)
    try:
        if parsed.get_backend_name() == "sqlite":
            engine = create_engine(parsed, **kwargs)
            _tune_sqlite(engine, write_intent=write_intent)
            return engine
        connect_args = {"connect_timeout": PG_CONNECT_TIMEOUT_S, **kwargs.pop("connect_args", {})}
        engine = create_engine(parsed, pool_pre_ping=True, connect_args=connect_args, **kwargs)
        event.listen(engine, "before_cursor_execute", _without_nul_characters, retval=True)
        return engine
    except (ArgumentError, NoSuchModuleError) as exc:
        raise DatabaseUrlError(f"cannot use database URL {url!r}: {exc}") from exc


def _has_nul(value: Any) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_has_nul(item) for item in value.values())
    if isinstance(value, list | tuple):
        return any(_has_nul(item) for item in value)
    return False


def _strip_nul(value: Any) -> Any:
    if isinstance(value, str):
        return value.replace("\x00", "")
    if isinstance(value, dict):
        return {key: _strip_nul(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(_strip_nul(item) for item in value)
    return value


def _without_nul_characters(
    _conn: Any, _cursor: Any, statement: str, parameters: Any, _context: Any, _many: bool
) -> tuple[str, Any]:
    """PostgreSQL text cannot hold U+0000: one in a response header (an ETag) once made
    every write of a crawl fail. NUL characters are removed from every string bound to a
    statement (they carry nothing in text; SQLite keeps them). Parameters are copied
    only when one holds a NUL: the check alone is cheap."""
    return statement, _strip_nul(parameters) if _has_nul(parameters) else parameters


def _tune_sqlite(engine: Engine, *, write_intent: bool) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Take transaction control away from the sqlite3 module so BEGIN is ours.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")  # durable enough in WAL mode
        cursor.close()

    begin_sql = "BEGIN IMMEDIATE" if write_intent else "BEGIN"

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        connection.exec_driver_sql(begin_sql)


def make_sessionmaker(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)
