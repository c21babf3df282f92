"""Run the replica in a child process, for the demo and the benchmarks.

A separate process keeps the replica's rendering off the crawler's interpreter, so
crawl timings measure the crawler and not the two fighting over one GIL.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


def _wait_until_serving(url: str, process: subprocess.Popen[bytes], timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            status = process.returncode
            raise RuntimeError(f"the replica exited with status {status} before serving")
        try:
            with urllib.request.urlopen(f"{url}/robots.txt", timeout=2):
                return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.1)
    raise RuntimeError(f"the replica did not answer at {url} within {timeout:.0f} s")


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
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL)
    url = f"http://{host}:{port}"
    try:
        _wait_until_serving(url, process, startup_timeout)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
