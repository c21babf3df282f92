"""database_url / make_engine: where the mirror lives and how connections are tuned."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text

from db.session import DatabaseUrlError, database_url, make_engine, sqlite_path


@pytest.mark.parametrize(
    ("explicit", "environment", "expected"),
    [
        ("sqlite:///given.db", "sqlite:///env.db", "sqlite:///given.db"),
        (None, "sqlite:///env.db", "sqlite:///env.db"),
        (None, None, "sqlite:///mirror.db"),
        ("", None, "sqlite:///mirror.db"),
    ],
)
def test_database_url_prefers_explicit_then_environment_then_default(
    monkeypatch: pytest.MonkeyPatch, explicit: str | None, environment: str | None, expected: str
) -> None:
    if environment is None:
        monkeypatch.delenv("MIRROR_DATABASE_URL", raising=False)
    else:
        monkeypatch.setenv("MIRROR_DATABASE_URL", environment)
    assert database_url(explicit) == expected


@pytest.mark.parametrize("url", ["not a url", "mysql://x@y/z", "://nothing"])
def test_unusable_urls_raise_a_readable_error(url: str) -> None:
    with pytest.raises(DatabaseUrlError, match="database"):
        make_engine(url)


def test_sqlite_engine_uses_wal_busy_timeout_and_foreign_keys(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'x.db'}")
    with engine.connect() as conn:
        pragmas = {
            name: conn.execute(text(f"PRAGMA {name}")).scalar()
            for name in ("journal_mode", "busy_timeout", "foreign_keys")
        }
    engine.dispose()
    assert pragmas["journal_mode"] == "wal"
    assert int(pragmas["busy_timeout"] or 0) > 0
    assert pragmas["foreign_keys"] == 1


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("sqlite:///mirror.db", Path("mirror.db")),
        ("sqlite:////tmp/a/b.db", Path("/tmp/a/b.db")),
        ("sqlite://", None),
        ("sqlite:///:memory:", None),
        ("postgresql+psycopg://root@127.0.0.1/x", None),
    ],
)
def test_sqlite_path_names_the_file_behind_the_url(url: str, expected: Path | None) -> None:
    assert sqlite_path(url) == expected
