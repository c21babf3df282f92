"""Redis for the distributed-crawl tests: the server at $MIRROR_TEST_REDIS_URL (default
the local one, ``redis://127.0.0.1:6379/15``), each test under a key prefix of its own,
deleted afterwards. When the server is down the tests are skipped, except with
MIRROR_REQUIRE_SERVICES=1 (CI), where they fail: the same rule as PostgreSQL's
(tests/db_fixtures.py).

Load with ``pytest_plugins = ["tests.redis_fixtures"]``.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from redis import Redis

from tests.db_fixtures import services_required

DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/15"


def redis_test_url() -> str:
    return os.environ.get("MIRROR_TEST_REDIS_URL", DEFAULT_REDIS_URL)


@dataclass(frozen=True)
class RedisFrontier:
    """Where a test's distributed crawl keeps its frontier."""

    url: str
    prefix: str
    server: Redis

    def stored_keys(self) -> list[bytes]:
        return list(self.server.scan_iter(match=f"{self.prefix}:*"))


@pytest.fixture
def redis_frontier() -> Iterator[RedisFrontier]:
    url = redis_test_url()
    server = Redis.from_url(url, socket_connect_timeout=5)
    try:
        server.ping()
    except Exception as exc:
        reason = f"Redis test server {url} unreachable: {exc}".splitlines()[0]
        if services_required():
            pytest.fail(f"{reason} (MIRROR_REQUIRE_SERVICES=1, so this is a failure)")
        pytest.skip(reason)
    frontier = RedisFrontier(url, f"mirror-test-{secrets.token_hex(4)}", server)
    try:
        yield frontier
    finally:
        for key in frontier.stored_keys():
            server.delete(key)
        server.close()
