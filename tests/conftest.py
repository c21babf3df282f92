"""Shared fixtures: the database fixtures (SQLite and PostgreSQL) live in db_fixtures."""

pytest_plugins = ["tests.db_fixtures", "tests.redis_fixtures"]
