"""The replica's HTTP server: stdlib, HTTP/1.1 keep-alive, cached bytes, optional faults."""

from __future__ import annotations

import gzip
import re
import socket
import threading
import time
import zlib
from collections import Counter
from email.utils import parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType

from mirror.replica.faults import FaultSpec, parse_fault_spec
from mirror.replica.routes import AnySite, Page, PageCache

NOT_FOUND = (
    b'<!DOCTYPE html>\n<html lang="en"><title>Page not found</title>'
    b"<h1>Page not found</h1></html>\n"
)


def _accepts_gzip(header: str | None) -> bool:
    for token in (header or "").split(","):
        name, _, params = token.strip().partition(";")
        if name.strip().lower() in ("gzip", "*"):
            return params.replace(" ", "") not in ("q=0", "q=0.0", "q=0.00", "q=0.000")
    return False


# Sloppy markup a lenient parser must read as the clean page: the end tags HTML makes
# optional dropped, stray end tags that close nothing, tag names in capitals.
_OPTIONAL_END_TAGS = re.compile(rb"</(?:p|li|body|html)>", re.I)
_DIV_TAG = re.compile(rb"<(/?)div\b")


def _sloppy_markup(body: bytes) -> bytes:
    sloppy = _DIV_TAG.sub(rb"<\1DIV", _OPTIONAL_END_TAGS.sub(b"", body))
    return sloppy.replace(b"<body>", b"<body></span></em>", 1)


HUGE_BODY_BYTES = 512 * 1024 * 1024
BOMB_INFLATED_BYTES = 256 * 1024 * 1024
_bomb: list[bytes] = []


def _gzip_bomb() -> bytes:
    """Gzip of BOMB_INFLATED_BYTES zeros (about 256 KiB), made once per process."""
    if not _bomb:
        compressor = zlib.compressobj(9, zlib.DEFLATED, zlib.MAX_WBITS + 16)
        block = bytes(1024 * 1024)
        parts = [compressor.compress(block) for _ in range(BOMB_INFLATED_BYTES // len(block))]
        _bomb.append(b"".join(parts) + compressor.flush())
    return _bomb[0]


def _etag_matches(header: str, etag: str) -> bool:
    if header.strip() == "*":
        return True
    for candidate in header.split(","):
        tag = candidate.strip().removeprefix("W/").strip('"').removesuffix("-gz")
        if tag == etag:
            return True
    return False


def chunked(body: bytes, chunk_size: int, *, last: bool = True) -> bytes:
    """``body`` in HTTP/1.1 chunked framing, ``chunk_size`` bytes a chunk.

    ``last=False`` leaves out the terminating zero-size chunk (a response cut short).
    """
    pieces = (body[start : start + chunk_size] for start in range(0, len(body), chunk_size))
    frames = [b"%x\r\n%s\r\n" % (len(piece), piece) for piece in pieces]
    if last:
        frames.append(b"0\r\n\r\n")
    return b"".join(frames)


def _not_modified_since(header: str, last_modified: int) -> bool:
    try:
        return last_modified <= parsedate_to_datetime(header).timestamp()
    except (TypeError, ValueError, IndexError):
        return False


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _ReplicaHTTPServer

    def setup(self) -> None:
        super().setup()
        # Headers and body go out in separate writes: without NODELAY, Nagle plus delayed
        # ACKs would add ~40 ms to every keep-alive request.
        self.request.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        if self.server.verbose:
            super().log_message(format, *args)

    def do_HEAD(self) -> None:
        self._respond(send_body=False)

    def do_GET(self) -> None:
        self._respond(send_body=True)

    def _first_request(self, kind: str, target: str, times: int = 1) -> bool:
        """True for the first `times` requests per (fault kind, URL): later retries of
        the same URL are served normally."""
        with self.server.fault_lock:
            key = (kind, target)
            if self.server.faulted[key] >= times:
                return False
            self.server.faulted[key] += 1
            return True

    def _respond(self, send_body: bool) -> None:
        faults, target = self.server.faults, self.path
        if self.path.startswith(("http://", "https://")):
            target = "/" + self.path.split("/", 3)[-1] if self.path.count("/") >= 3 else "/"
        page_path = target.split("?", 1)[0]
        if faults.hits("loop", page_path):
            self._redirect_to_itself(target, send_body)
            return
        page = self.server.pages.lookup(target)
        if page is None:
            self._send_simple(404, NOT_FOUND, send_body)
            return
        if faults.hits("huge", target):
            self._send_huge_body(send_body)
            return
        if faults.hits("bomb", target):
            self._send_bomb(send_body)
            return
        if faults.hits("slow", target):
            time.sleep(faults.delay_seconds(target))
        if faults.hits("error", target) and self._first_request("error", target):
            self._send_simple(faults.error_status(target), b"Server error\n", send_body)
            return
        # Twice: an HTTP client resends a request by itself, once, when a connection it
        # reused drops before any response (Twisted's pool does), so the crawler would
        # never see a single reset on a reused connection: a busy crawl counted none.
        if faults.hits("reset", target) and self._first_request("reset", target, times=2):
            self.close_connection = True  # no status line, no headers: a reset peer
            return
        if faults.hits("throttle", target) and self._first_request("throttle", target):
            self._send_simple(
                faults.throttle_status(target), b"Slow down\n", send_body, retry_after=1
            )
            return
        charset = "windows-1252" if faults.hits("encoding", target) else "utf-8"
        if self._is_not_modified(page):
            self.send_response(304)
            self._validators(page, nul=faults.hits("nul_etag", target))
            self.end_headers()
            return
        use_gzip = _accepts_gzip(self.headers.get("Accept-Encoding"))
        body = page.gzipped if use_gzip else page.body
        if faults.hits("malformed", target):
            body = _sloppy_markup(page.body)
            body = gzip.compress(body, mtime=0) if use_gzip else body
        self.send_response(200)
        self.send_header("Content-Type", f"{page.content_type}; charset={charset}")
        self._send_length(len(body))
        if use_gzip:
            self.send_header("Content-Encoding", "gzip")
        self._validators(page, gz=use_gzip, nul=faults.hits("nul_etag", target))
        self.end_headers()
        if not send_body:
            return
        if faults.hits("truncate", target) and self._first_request("truncate", target):
            # Content-Length promised more, or the last chunk never comes.
            self._write_body(body[: len(body) // 2], complete=False)
            self.close_connection = True
            return
        self._write_body(body)

    def _redirect_to_itself(self, target: str, send_body: bool) -> None:
        self.send_response(302)
        self.send_header("Location", f"{target}{'&' if '?' in target else '?'}again=1")
        self._send_length(0)
        self.end_headers()

    def _send_huge_body(self, send_body: bool) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(HUGE_BODY_BYTES))
        self.end_headers()
        self.close_connection = True
        if not send_body:
            return
        zeros = b"0" * 65536
        try:
            for _ in range(HUGE_BODY_BYTES // len(zeros)):
                self.wfile.write(zeros)
        except OSError:
            pass  # the client hung up, as it should

    def _send_bomb(self, send_body: bool) -> None:
        body = _gzip_bomb()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Encoding", "gzip")
        self._send_length(len(body))
        self.end_headers()
        if send_body:
            self._write_body(body)

    def _send_length(self, length: int) -> None:
        if self.server.chunk_size is None:
            self.send_header("Content-Length", str(length))
        else:
            self.send_header("Transfer-Encoding", "chunked")

    def _write_body(self, body: bytes, *, complete: bool = True) -> None:
        size = self.server.chunk_size
        # One write either way: separate small writes would each cost a TCP segment.
        self.wfile.write(body if size is None else chunked(body, size, last=complete))

    def _is_not_modified(self, page: Page) -> bool:
        if_none_match = self.headers.get("If-None-Match")
        if if_none_match is not None:
            return _etag_matches(if_none_match, page.etag)
        if_modified_since = self.headers.get("If-Modified-Since")
        return if_modified_since is not None and _not_modified_since(
            if_modified_since, page.last_modified
        )

    def _validators(self, page: Page, gz: bool = False, nul: bool = False) -> None:
        etag = f"{page.etag}-gz" if gz else page.etag
        self.send_header("ETag", f'"{etag}\x00"' if nul else f'"{etag}"')
        self.send_header("Last-Modified", page.last_modified_http)
        self.send_header("Vary", "Accept-Encoding")
        self.send_header("Cache-Control", "max-age=0, must-revalidate")

    def _send_simple(
        self, status: int, body: bytes, send_body: bool, retry_after: int | None = None
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        if retry_after is not None:
            self.send_header("Retry-After", str(retry_after))
        self._send_length(len(body))
        self.end_headers()
        if send_body:
            self._write_body(body)


class _ReplicaHTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 256

    def __init__(
        self,
        address: tuple[str, int],
        site: AnySite,
        faults: FaultSpec,
        verbose: bool,
        chunk_size: int | None = None,
    ) -> None:
        super().__init__(address, _Handler)
        self.pages = PageCache(site)
        self.faults = faults
        self.verbose = verbose
        self.chunk_size = chunk_size
        self.faulted: Counter[tuple[str, str]] = Counter()
        self.fault_lock = threading.Lock()


class ReplicaServer:
    """Serve a built site over HTTP, in-process (tests) or until interrupted (CLI).

    >>> with ReplicaServer(build_site(ReplicaConfig(films=200))) as server:
    ...     urllib.request.urlopen(server.url + "/festival-archive")

    ``chunk_size=N`` sends every body with ``Transfer-Encoding: chunked`` in chunks of
    N bytes (of the body as sent, so gzip bytes when gzip was negotiated) instead of a
    ``Content-Length``.
    """

    def __init__(
        self,
        site: AnySite,
        host: str = "127.0.0.1",
        port: int = 0,
        *,
        verbose: bool = False,
        chunk_size: int | None = None,
    ) -> None:
        if chunk_size is not None and chunk_size < 1:
            raise ValueError(f"chunk_size must be at least 1, got {chunk_size}")
        self.site = site
        self._httpd = _ReplicaHTTPServer(
            (host, port), site, parse_fault_spec(site.config.faults), verbose, chunk_size
        )
        self._thread: threading.Thread | None = None

    @property
    def host(self) -> str:
        return str(self._httpd.server_address[0])

    @property
    def port(self) -> int:
        return int(self._httpd.server_address[1])

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    @property
    def pages(self) -> PageCache:
        """The rendered pages, and which targets were requested."""
        return self._httpd.pages

    def start(self) -> ReplicaServer:
        """Serve in a daemon thread and return at once."""
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, name="replica-server", daemon=True
        )
        self._thread.start()
        return self

    def serve_forever(self) -> None:
        """Serve in the calling thread until interrupted (the CLI's `serve`)."""
        try:
            self._httpd.serve_forever()
        finally:
            self._httpd.server_close()

    def stop(self) -> None:
        if self._thread is not None:
            self._httpd.shutdown()
            self._thread.join(timeout=5)
            self._thread = None
        self._httpd.server_close()

    def __enter__(self) -> ReplicaServer:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()
