"""A local HTTP server in a child process: started, waited for, stopped.

The replica is served this way by the demo and the benchmarks (mirror/replica_process.py)
and by ``scrapy check`` (scraper/commands/check.py), which may not import the command
line's package and so starts it by its command.
"""

from __future__ import annotations

import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Sequence
from contextlib import contextmanager


class ChildServerError(RuntimeError):
    """The server exited, or did not answer, before it was serving."""


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


def wait_until_serving(
    url: str, process: subprocess.Popen[bytes], timeout: float, probe_path: str = "/robots.txt"
) -> None:
    """Return once ``url + probe_path`` answers; ChildServerError if the process exits
    first or nothing answers within ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            status = process.returncode
            raise ChildServerError(f"the server exited with status {status} before serving")
        try:
            with urllib.request.urlopen(f"{url}{probe_path}", timeout=2):
                return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.1)
    raise ChildServerError(f"the server did not answer at {url} within {timeout:.0f} s")


@contextmanager
def child_server(
    command: Sequence[str], url: str, startup_timeout: float = 120.0, quiet_stderr: bool = False
) -> Iterator[str]:
    """Run ``command`` (a server that will listen at ``url``) until the block ends; yield
    ``url`` once it answers. Its stdout is discarded; its stderr too when ``quiet_stderr``."""
    with child_servers([(command, url)], startup_timeout, quiet_stderr) as urls:
        yield urls[0]


@contextmanager
def child_servers(
    servers: Sequence[tuple[Sequence[str], str]],
    startup_timeout: float = 120.0,
    quiet_stderr: bool = False,
) -> Iterator[list[str]]:
    """Several ``(command, url)`` servers at once: all started before any is waited for,
    so their start-ups overlap; yields their URLs once every one answers."""
    stderr = subprocess.DEVNULL if quiet_stderr else None
    processes: list[subprocess.Popen[bytes]] = []
    try:
        for command, _ in servers:
            processes.append(
                subprocess.Popen(list(command), stdout=subprocess.DEVNULL, stderr=stderr)
            )
        for process, (_, url) in zip(processes, servers, strict=True):
            wait_until_serving(url, process, startup_timeout)
        yield [url for _, url in servers]
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
