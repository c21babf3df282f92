"""What the server did wrong during a run, counted from the crawl's stats.

Scrapy already counts most misbehaviour in its stats (``downloader/...``, ``retry/...``,
``offsite/...``); the middlewares of :mod:`scraper.server_faults` add what it does not
count under ``mirror/faults/...``. :func:`fault_counts` turns both into the run record's
``faults``: one number per kind, each kind documented in the README's list, zero kinds
left out. A pure function of the stats, so the table-driven tests need no crawl.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

# Stats that the project's own middlewares increment (scraper/server_faults.py).
OWN_PREFIX = "mirror/faults/"
RETRY_AFTER_WAITS = f"{OWN_PREFIX}retry_after_waits"
BACKOFF_WAITS = f"{OWN_PREFIX}backoff_waits"
DECOMPRESSION_BOMBS = f"{OWN_PREFIX}decompression_bombs"
REDIRECT_LOOPS = f"{OWN_PREFIX}redirect_loops"
CHARSET_MISMATCHES = f"{OWN_PREFIX}charset_mismatches"
CHARSET_MISSING = f"{OWN_PREFIX}charset_missing"

_EXCEPTION_PREFIX = "downloader/exception_type_count/"
_STATUS_PREFIX = "downloader/response_status_count/"

# Exception class names (the last part of Scrapy's dotted stat key) by fault kind.
_EXCEPTION_KINDS = {
    "timeouts": ("DownloadTimeoutError", "TimeoutError", "TCPTimedOutError"),
    "connection_errors": (
        "DownloadConnectionRefusedError",
        "ConnectionRefusedError",
        "ConnectionLost",
        "ConnectionDone",
        "ConnectionAborted",
        "ResponseNeverReceived",
        "DownloadFailedError",
        "CannotResolveHostError",
        "DNSLookupError",
    ),
    "truncated_bodies": ("ResponseDataLossError", "_DataLoss", "PotentialDataLoss"),
    "oversized_bodies": ("DownloadCancelledError",),
}

_OWN_KINDS = {
    "retry_after_waits": RETRY_AFTER_WAITS,
    "backoff_waits": BACKOFF_WAITS,
    "decompression_bombs": DECOMPRESSION_BOMBS,
    "redirect_loops": REDIRECT_LOOPS,
    "charset_mismatches": CHARSET_MISMATCHES,
    "charset_missing": CHARSET_MISSING,
}

_SCRAPY_KINDS = {
    "retries": "retry/count",
    "retries_given_up": "retry/max_reached",
    "offsite_dropped": "offsite/filtered",
}


def fault_counts(stats: Mapping[str, Any]) -> dict[str, int]:
    """{kind: count} of every fault kind the run met (kinds with zero are left out)."""
    counts: dict[str, int] = {}
    for key, value in stats.items():
        if not isinstance(value, int):
            continue
        if key.startswith(_STATUS_PREFIX):
            kind = _status_kind(key.removeprefix(_STATUS_PREFIX))
        elif key.startswith(_EXCEPTION_PREFIX):
            kind = _exception_kind(key.removeprefix(_EXCEPTION_PREFIX))
        else:
            continue
        if kind is not None:
            counts[kind] = counts.get(kind, 0) + value
    for kind, key in (*_OWN_KINDS.items(), *_SCRAPY_KINDS.items()):
        value = stats.get(key)
        if isinstance(value, int) and value:
            counts[kind] = value
    return {kind: count for kind, count in sorted(counts.items()) if count}


def _status_kind(status: str) -> str | None:
    if status == "429":
        return "http_429"
    if status.startswith("5") and len(status) == 3:
        return "http_5xx"
    return None


def _exception_kind(dotted_name: str) -> str:
    name = dotted_name.rsplit(".", 1)[-1]
    for kind, names in _EXCEPTION_KINDS.items():
        if name in names:
            return kind
    return "other_download_errors"
