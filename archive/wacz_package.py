"""The web archive as one WACZ file (Web Archive Collection Zipped), for ReplayWeb.page.

The ``wacz`` package does the packaging: it copies the WARC files into ``archive/``,
builds its own CDXJ index (``indexes/index.cdx.gz`` and ``index.idx``), and writes the
``datapackage.json`` and ``datapackage-digest.json`` that ``wacz validate`` checks. The
page list (``pages/pages.jsonl``, what ReplayWeb.page shows as the collection's
pages) is ours when given: one line per page with its URL, capture time and title;
without one, ``wacz`` lists every HTML page it finds (``--detect-pages``).

The package is written beside the output under a temporary name and renamed once
complete, so a failure never leaves a half-written WACZ behind.
"""

from __future__ import annotations

import io
import json
import os
import tempfile
from collections.abc import Iterable, Sequence
from contextlib import redirect_stdout
from dataclasses import dataclass
from pathlib import Path

PAGES_FORMAT = "json-pages-1.0"  # the WACZ spec's page list header


class WaczError(Exception):
    """Packaging failed; the message is for users."""


@dataclass(frozen=True)
class Page:
    """One page of the list: ``timestamp`` is the capture's 14-digit UTC time."""

    id: str
    url: str
    timestamp: str
    title: str | None


def write_pages(path: Path, pages: Iterable[Page], title: str) -> int:
    """The WACZ page list: a header line, then one JSON object per page."""
    count = 0
    with path.open("w", encoding="utf-8") as out:
        out.write(json.dumps({"format": PAGES_FORMAT, "id": "pages", "title": title}) + "\n")
        for page in pages:
            line = {"id": page.id, "url": page.url, "ts": iso_time(page.timestamp)}
            if page.title:
                line["title"] = page.title
            out.write(json.dumps(line, ensure_ascii=False) + "\n")
            count += 1
    return count


def iso_time(timestamp: str) -> str:
    """``20261205183952`` -> ``2026-12-05T18:39:52Z``."""
    t = timestamp
    return f"{t[0:4]}-{t[4:6]}-{t[6:8]}T{t[8:10]}:{t[10:12]}:{t[12:14]}Z"


def create_wacz(
    output: Path,
    warcs: Sequence[Path],
    *,
    pages: Path | None,
    title: str,
    description: str,
) -> None:
    """Package ``warcs`` into ``output`` with ``pages`` (a page list written by
    :func:`write_pages`) or, when None, the HTML pages ``wacz`` detects."""
    from wacz.main import main as wacz_main

    handle, temporary = tempfile.mkstemp(
        prefix=f".{output.name}.", suffix=".wacz", dir=output.parent
    )
    os.close(handle)
    arguments = ["create", "-o", temporary, "--title", title, "--desc", description]
    if pages is not None:
        arguments += ["--pages", str(pages), "--copy-pages"]
    else:
        arguments += ["--detect-pages"]
    arguments += [str(path) for path in warcs]
    said = io.StringIO()  # wacz narrates every step on stdout: kept for errors only
    try:
        with redirect_stdout(said):
            status = wacz_main(arguments)
        if status != 0:
            raise WaczError(f"wacz create failed: {_last_line(said.getvalue())}")
        os.replace(temporary, output)
    except SystemExit as exit_:  # wacz's argument parser exits on bad arguments
        raise WaczError(f"wacz create refused its arguments (status {exit_.code})") from None
    finally:
        Path(temporary).unlink(missing_ok=True)


def _last_line(text: str) -> str:
    lines = [line for line in text.splitlines() if line.strip()]
    return lines[-1] if lines else "no reason given"
