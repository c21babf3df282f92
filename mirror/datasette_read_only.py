"""A Datasette plugin that makes `mirror serve` refuse every request that could write.

Datasette 0.6x has no write API, but it still routes POST requests to tables and rows,
where they fail with an internal error (500) and a logged traceback. This wrapper
answers every method but GET, HEAD and OPTIONS with ``405 Method Not Allowed`` and a
one-line reason before Datasette sees the request, so no write path exists at all,
whatever a future Datasette version or plugin would do with it.

Registered by ``mirror.serve_cli.build_datasette``; it applies only to
:class:`ReadOnlyDatasette` instances, not to other Datasettes in the same process.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from typing import Any

from datasette import hookimpl
from datasette.app import Datasette

READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
REFUSAL = "The festival mirror is served read-only: only GET requests are answered."

Scope = dict[str, Any]
Receive = Callable[[], Awaitable[dict[str, Any]]]
Send = Callable[[dict[str, Any]], Awaitable[None]]
App = Callable[[Scope, Receive, Send], Awaitable[None]]


def read_only(app: App) -> App:
    """``app`` behind a gate that refuses every HTTP method that is not a read."""

    async def gate(scope: Scope, receive: Receive, send: Send) -> None:
        if scope.get("type") != "http" or scope.get("method", "GET") in READ_METHODS:
            await app(scope, receive, send)
            return
        body = json.dumps({"ok": False, "error": REFUSAL, "status": 405}).encode()
        await send(
            {
                "type": "http.response.start",
                "status": 405,
                "headers": [
                    (b"content-type", b"application/json; charset=utf-8"),
                    (b"allow", b"GET, HEAD, OPTIONS"),
                    (b"content-length", str(len(body)).encode()),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})

    return gate


class ReadOnlyDatasette(Datasette):
    """The Datasette `mirror serve` runs: the class marks it for the gate (the hook runs
    while Datasette's constructor builds its test client, before any attribute set
    after construction exists)."""


@hookimpl
def asgi_wrapper(datasette: Any) -> Callable[[App], App] | None:
    return read_only if isinstance(datasette, ReadOnlyDatasette) else None
