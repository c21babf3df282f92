"""Run the Alembic migrations shipped inside the ``db`` package, without an alembic.ini.

Programmatic: ``upgrade(url)``, ``downgrade(url, "base")``, ``current(url)``.
Developers: ``python -m db.migrate upgrade [--db URL]``, ``python -m db.migrate downgrade
base``, ``python -m db.migrate current``, ``python -m db.migrate revision -m "add x"
--autogenerate`` (the URL defaults to $MIRROR_DATABASE_URL, else sqlite:///mirror.db).
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from db.session import database_url, make_engine

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
# Alembic says "Context impl ...", "Will assume ..." and "Running upgrade ..." at INFO on
# every run: under Scrapy's DEBUG logging, over a dozen lines a crawl that change nothing.
# They show only when this environment variable asks for INFO or DEBUG (`mirror -v` sets it).
# Alembic logs its plugins as it is imported, so every function here sets the level first
# and imports Alembic after.
LOG_LEVEL_VARIABLE = "MIRROR_LOG_LEVEL"


def alembic_log_level() -> int:
    """WARNING, unless $MIRROR_LOG_LEVEL names a lower level (INFO, DEBUG)."""
    asked = logging.getLevelName(os.environ.get(LOG_LEVEL_VARIABLE, "").strip().upper())
    return min(asked, logging.WARNING) if isinstance(asked, int) else logging.WARNING


def _quiet_alembic() -> None:
    logging.getLogger("alembic").setLevel(alembic_log_level())


def alembic_config(url: str | None = None) -> Config:
    """An in-memory Alembic config pointing at the packaged migrations."""
    _quiet_alembic()
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    # '%' must be doubled for ConfigParser interpolation (passwords may contain it).
    config.set_main_option("sqlalchemy.url", database_url(url).replace("%", "%%"))
    return config


def _run(url: str | None, action: str, target: str) -> None:
    _quiet_alembic()
    from alembic import command

    resolved = database_url(url)
    engine = make_engine(resolved)
    try:
        with engine.begin() as connection:
            config = alembic_config(resolved)
            config.attributes["connection"] = connection
            if action == "upgrade":
                command.upgrade(config, target)
            else:
                command.downgrade(config, target)
    finally:
        engine.dispose()


def upgrade(url: str | None = None, revision: str = "head") -> None:
    """Bring the database at ``url`` to ``revision`` (``alembic upgrade head``)."""
    _run(url, "upgrade", revision)


def downgrade(url: str | None = None, revision: str = "base") -> None:
    _run(url, "downgrade", revision)


def head_revision() -> str | None:
    _quiet_alembic()
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def current(url: str | None = None) -> str | None:
    """The revision the database is at (None for an empty database)."""
    _quiet_alembic()
    from alembic.runtime.migration import MigrationContext

    engine = make_engine(database_url(url))
    try:
        with engine.connect() as connection:
            return MigrationContext.configure(connection).get_current_revision()
    finally:
        engine.dispose()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m db.migrate", description=__doc__)
    parser.add_argument("--db", help="database URL (default: $MIRROR_DATABASE_URL or mirror.db)")
    sub = parser.add_subparsers(dest="action", required=True)
    up = sub.add_parser("upgrade", help="migrate up (default: to head)")
    up.add_argument("revision", nargs="?", default="head")
    down = sub.add_parser("downgrade", help="migrate down (e.g. -1 or base)")
    down.add_argument("revision")
    sub.add_parser("current", help="print the database's revision and the head")
    rev = sub.add_parser("revision", help="create a new migration script")
    rev.add_argument("-m", "--message", required=True)
    rev.add_argument("--autogenerate", action="store_true")
    args = parser.parse_args(argv)

    if args.action == "upgrade":
        upgrade(args.db, args.revision)
    elif args.action == "downgrade":
        downgrade(args.db, args.revision)
    elif args.action == "current":
        print(f"database: {current(args.db)}  head: {head_revision()}")
    else:
        from alembic import command

        config = alembic_config(args.db)
        command.revision(config, message=args.message, autogenerate=args.autogenerate)
    return 0


if __name__ == "__main__":
    sys.exit(main())
