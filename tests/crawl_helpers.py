"""Drive the real commands (`scrapy crawl miff`, `mirror …`) as a user or cron would."""

from __future__ import annotations

import html
import json
import os
import re
import socket
import subprocess
import sys
import unicodedata
from pathlib import Path
from typing import Any

from db.queries import EXPORT_KEYS

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
# pywb's commands (wayback, cdx-indexer): in a venv of their own, made by `make test`
# (pywb pins a redis that scrapy-redis cannot use); else wherever this Python's are.
PYWB_BIN = REPO / ".venv-pywb" / "bin" if (REPO / ".venv-pywb" / "bin").is_dir() else BIN


def _env(extra: dict[str, str] | None = None) -> dict[str, str]:
    env = dict(os.environ)
    env.pop("MIRROR_DATABASE_URL", None)
    env["PYTHONPATH"] = str(REPO)
    env.update(extra or {})
    return env


def run_crawl(
    base_url: str,
    db_url: str,
    *settings: str,
    timeout: float = 900,
    spider: str = "miff",
    spider_args: tuple[str, ...] | list[str] = (),
) -> subprocess.CompletedProcess[str]:
    """`scrapy crawl SPIDER` (MIFF by default) against `base_url`, storing into `db_url`;
    `spider_args` are given with -a (``edition=1989``)."""
    command = crawl_command(base_url, db_url, *settings, spider=spider, spider_args=spider_args)
    return subprocess.run(
        command, cwd=REPO, env=_env(), capture_output=True, text=True, timeout=timeout
    )


def crawl_command(
    base_url: str,
    db_url: str,
    *settings: str,
    spider: str = "miff",
    spider_args: tuple[str, ...] | list[str] = (),
) -> list[str]:
    """The command line of :func:`run_crawl`."""
    base_setting = f"{spider.upper()}_BASE_URL={base_url}"
    command = [str(BIN / "scrapy"), "crawl", spider, "-s", base_setting]
    for argument in spider_args:
        command += ["-a", argument]
    command += ["-s", f"MIRROR_DATABASE_URL={db_url}", "-s", "LOG_LEVEL=WARNING"]
    for setting in settings:
        command += ["-s", setting]
    return command


def mirror(*args: str, timeout: float = 600) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mirror.cli", *args],
        cwd=REPO,
        env=_env(),
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def jsonl(text: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def truth(*replica_args: str) -> list[dict[str, Any]]:
    result = mirror("replica", "truth", *replica_args)
    assert result.returncode == 0, result.stderr
    return jsonl(result.stdout)


def export(db_url: str, *options: str) -> list[dict[str, Any]]:
    result = mirror("export", "--db", db_url, *options)
    assert result.returncode == 0, result.stderr
    return jsonl(result.stdout)


def _collapse(text: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", html.unescape(text))).strip()


def comparable(record: dict[str, Any]) -> dict[str, Any]:
    """A film record in the form truth and export are compared in.

    Titles are compared exactly: re-casing a title shown in capitals is part of what
    the crawl must get right (``Straße``, ``del``, ``à``). Display differences in
    synopses and names are folded (whitespace, entities); work_id is left out because
    the crawl's works belong to the deduplication issue.
    """
    out = {key: value for key, value in record.items() if key != "work_id"}
    if out.get("synopsis") is not None:
        out["synopsis"] = _collapse(out["synopsis"])
    out["directors"] = [_collapse(name) for name in out.get("directors") or []]
    return out


def by_film_id(records: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Records by film id, on the CONTRACT's keys: `mirror export` adds every other field
    the mirror holds, which MIFF's truth does not list."""
    return {
        record["film_id"]: comparable({key: record[key] for key in EXPORT_KEYS if key in record})
        for record in records
    }


def free_port() -> int:
    """A TCP port nothing on this machine listens on now (for a server started later)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])
