"""Record HTTP heads as they cross the socket, for a byte-faithful archive.

What Scrapy hands a downloader middleware is not what the server sent: Twisted
parses the status line (the reason phrase is dropped from Scrapy's Response), moves
``Content-Length``, ``Connection``, ``Transfer-Encoding`` and other connection
headers out of the response headers, lower-cases names and groups repeated fields;
Scrapy then re-creates ``Content-Length`` and title-cases every name (``ETag`` comes
out as ``Etag``). The request Scrapy shows lacks ``Host`` and ``Connection``, which
Twisted adds while writing.

:class:`WireRecordingDownloadHandler` is Scrapy's HTTP/1.1 handler with a connection
protocol that keeps a copy of

- every byte Twisted writes for a request (request line, headers, body), and
- the response's status line and headers exactly as read (up to the blank line),

and puts them in ``request.meta[WIRE_META_KEY]`` as a :class:`WireCapture`, where the
archive middleware (:mod:`scraper.middlewares`) finds them on the response. The body is
taken from Scrapy's response before HttpCompressionMiddleware: still content-encoded,
with the chunked framing already removed by Twisted.

Byte-identical in the archive: the request as written to the socket; the response
status line and every header line in the server's case, order, spacing and folding,
except the ``Transfer-Encoding`` line, which is dropped because the stored body is
de-chunked; the body as the server encoded it. Not kept: the chunk framing (sizes,
extensions, trailers); interim 1xx responses; heads over 64 KiB (cut there). Not
covered: HTTP/2, responses through an HTTPS proxy tunnel's CONNECT exchange (only the
tunnelled exchange is recorded), and any other download handler -- for those the
middleware rebuilds heads from Scrapy's parsed fields and counts them in the stat
``archive/reconstructed_heads``.

This relies on private parts of Scrapy 2.19 (``_ScrapyAgent``, the pool's
``_factory``) and Twisted (``HTTP11ClientProtocol``); the archive tests fail loudly
if an upgrade changes them.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from scrapy import Request
from scrapy.core.downloader.handlers.http11 import (
    HTTP11DownloadHandler,
    _LenientHTTP11ClientFactory,
    _LenientHTTP11ClientProtocol,
    _ScrapyAgent,
)
from scrapy.crawler import Crawler
from scrapy.exceptions import ResponseDataLossError
from scrapy.http import Response
from scrapy.utils._download_handlers import get_dataloss_msg, wrap_twisted_exceptions
from scrapy.utils.defer import maybe_deferred_to_future

from archive.settings import archive_dir

logger = logging.getLogger(__name__)

WIRE_META_KEY = "_archive_wire"
MAX_HEAD_BYTES = 64 * 1024
_HEAD_END = re.compile(rb"\r?\n\r?\n")


@dataclass(frozen=True, slots=True)
class WireCapture:
    """The bytes of one exchange as they crossed the socket (bodies aside)."""

    request: bytes  # request line, headers, blank line, body: all Twisted wrote
    response_head: bytes  # status line and headers as read, with the blank line
    sent_at: datetime


class _TeeTransport:
    """A transport that also appends everything written to a buffer."""

    def __init__(self, transport: Any, sink: bytearray) -> None:
        self._transport = transport
        self._sink = sink

    def write(self, data: bytes) -> None:
        self._sink += data
        self._transport.write(data)

    def writeSequence(self, data: list[bytes]) -> None:  # noqa: N802 (Twisted's name)
        for chunk in data:
            self._sink += chunk
        self._transport.writeSequence(data)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._transport, name)


class _RecordingProtocol(_LenientHTTP11ClientProtocol):
    """Scrapy's lenient HTTP/1.1 client protocol, keeping the wire bytes of each head."""

    _head: bytearray | None = None
    _response_head: bytes | None = None

    def request(self, request: Any) -> Any:
        sent = bytearray()
        write_to = request.writeTo
        # Only this request's writer sees the tee; the connection's transport is untouched.
        request.writeTo = lambda transport: write_to(_TeeTransport(transport, sent))
        self._head, self._response_head = bytearray(), None
        sent_at = datetime.now(UTC)
        finished = super().request(request)

        def attach(response: Any) -> Any:
            response._archive_wire = WireCapture(bytes(sent), self._response_head or b"", sent_at)
            return response

        finished.addCallback(attach)
        return finished

    def dataReceived(self, data: bytes) -> None:  # noqa: N802 (Twisted's name)
        if self._head is not None:
            self._collect_head(data)
        super().dataReceived(data)

    def _collect_head(self, data: bytes) -> None:
        assert self._head is not None
        self._head += data
        while self._head is not None:
            end = _HEAD_END.search(self._head)
            if end is None:
                if len(self._head) > MAX_HEAD_BYTES:
                    self._response_head, self._head = bytes(self._head[:MAX_HEAD_BYTES]), None
                return
            head = bytes(self._head[: end.end()])
            if _is_interim(head):
                # 100 Continue and friends precede the real response: skip them.
                del self._head[: end.end()]
                continue
            self._response_head, self._head = head, None


def _is_interim(head: bytes) -> bool:
    parts = head.split(None, 2)
    return len(parts) >= 2 and parts[1].startswith(b"1") and len(parts[1]) == 3


class _RecordingClientFactory(_LenientHTTP11ClientFactory):
    def buildProtocol(self, addr: Any) -> _RecordingProtocol:  # noqa: N802 (Twisted's name)
        return _RecordingProtocol(self._quiescentCallback)


class _RecordingAgent(_ScrapyAgent):
    """Scrapy's agent, passing each response's wire capture on to request.meta."""

    def _cb_bodyready(self, txresponse: Any, request: Request) -> Any:
        wire = getattr(txresponse, "_archive_wire", None)
        if wire is None:
            request.meta.pop(WIRE_META_KEY, None)  # never leave a retried request's stale copy
        else:
            request.meta[WIRE_META_KEY] = wire
        return super()._cb_bodyready(txresponse, request)


class WireRecordingDownloadHandler(HTTP11DownloadHandler):
    """``DOWNLOAD_HANDLERS`` entry for http/https; plain Scrapy when archiving is off."""

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        self.recording = archive_dir(crawler.settings) is not None
        if self.recording:
            self._pool._factory = _RecordingClientFactory

    async def download_request(self, request: Request) -> Response:
        if not self.recording:
            return await super().download_request(request)
        # Same as HTTP11DownloadHandler.download_request, with the recording agent.
        agent = _RecordingAgent(
            contextFactory=self._contextFactory,
            bindAddress=self._bind_address,
            pool=self._pool,
            maxsize=getattr(self._crawler.spider, "download_maxsize", self._default_maxsize),
            warnsize=getattr(self._crawler.spider, "download_warnsize", self._default_warnsize),
            fail_on_dataloss=self._fail_on_dataloss,
            crawler=self._crawler,
            tls_verbose_logging=self._tls_verbose_logging,
        )
        try:
            with wrap_twisted_exceptions():
                response: Response = await maybe_deferred_to_future(agent.download_request(request))
                return response
        except ResponseDataLossError:
            if not self._fail_on_dataloss_warned:
                logger.warning(get_dataloss_msg(request.url))
                self._fail_on_dataloss_warned = True
            raise
