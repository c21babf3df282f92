"""Run the replica in a child process, for the demo and the benchmarks.

A separate process keeps the replica's rendering off the crawler's interpreter, so
crawl timings measure the crawler and not the two fighting over one GIL.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager

from common.child_server import child_server, free_port

__all__ = ["free_port", "replica_subprocess"]


@contextmanager
def replica_subprocess(
    *replica_args: str,
    host: str = "127.0.0.1",
    port: int | None = None,
    startup_timeout: float = 120.0,
) -> Iterator[str]:
    """Serve a replica (`mirror replica serve` options) in a child process; yield its URL.

    ``port``: a fixed one, so that successive sites share their URLs (re-crawls); by
    default a free one.
    """
    port = port if port is not None else free_port(host)
    command = [sys.executable, "-m", "mirror.cli", "replica", "serve", "--host", host]
    command += ["--port", str(port), *replica_args]
    # ChildServerError (a RuntimeError) when the replica does not come up.
    with child_server(command, f"http://{host}:{port}", startup_timeout) as url:
        yield url
