"""pywb (the reference replay tool) replays film pages from the WARCs `scrapy crawl` wrote.

The crawl is the real command (`scrapy crawl miff -s MIRROR_ARCHIVE_DIR=…`, with the
database pipeline), run twice against the same gzip + chunked replica, so the latest
capture of every page is a revisit of the first; pywb's `wayback` server is started on
a free port with a collection made of our WARC files and our CDXJ indexes.
"""

from __future__ import annotations

import html
import os
import re
import subprocess
import textwrap
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from archive.indexer import index_warc
from mirror.replica.server import ReplicaServer
from mirror.replica.site import ReplicaConfig, build_site
from tests.crawl_helpers import PYWB_BIN, REPO, free_port, run_crawl

pytestmark = pytest.mark.slow

FILMS = 25
STARTUP_SECONDS = 60.0
COLLECTION = "miff"

if not (PYWB_BIN / "wayback").exists():  # `make test` installs pywb in .venv-pywb
    if os.environ.get("MIRROR_REQUIRE_SERVICES") == "1":
        raise RuntimeError("pywb's wayback is missing: run `make test` (it makes .venv-pywb)")
    pytest.skip("pywb is not installed (`make test` installs it)", allow_module_level=True)


def collapse(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@pytest.fixture(scope="module")
def crawled(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[dict[str, Any]], str]:
    """(WARC directory, truth records, replica base URL) of two real crawls of one site."""
    work = tmp_path_factory.mktemp("pywb-crawl")
    site = build_site(ReplicaConfig(films=FILMS, seed=11))
    with ReplicaServer(site, chunk_size=256) as server:
        for _ in range(2):  # the second run revalidates every page: all revisits
            result = run_crawl(
                server.url,
                f"sqlite:///{work / 'mirror.db'}",
                f"MIRROR_ARCHIVE_DIR={work / 'warc'}",
            )
            assert result.returncode == 0, result.stderr[-3000:]
        base_url = server.url
    return work / "warc", list(site.truth_records()), base_url


@pytest.fixture(scope="module")
def wayback(
    crawled: tuple[Path, list[dict[str, Any]], str], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    warc_dir = crawled[0]
    root = tmp_path_factory.mktemp("pywb")
    (root / "config.yaml").write_text(documented_config(warc_dir))
    port = free_port()
    process = subprocess.Popen(
        [str(PYWB_BIN / "wayback"), "--bind", "127.0.0.1", "--port", str(port)],
        cwd=root,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_serving(base, process)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)


def documented_config(warc_dir: Path) -> str:
    """The README's pywb config.yaml (section "The web archive"), pointed at ``warc_dir``,
    its collection renamed to the one these tests ask for."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert "    wayback --bind 127.0.0.1 --port 8080\n" in readme
    start = readme.index("    collections:\n")
    block = readme[start : readme.index("\n\n", start)]
    config = yaml.safe_load(textwrap.dedent(block))
    ((name, paths),) = config["collections"].items()
    documented_dir = paths["archive_paths"]
    assert paths["index_paths"] == f"{documented_dir}indexes/"
    config["collections"] = {
        COLLECTION: {
            key: value.replace(documented_dir, f"{warc_dir}/") for key, value in paths.items()
        }
    }
    return str(yaml.safe_dump(config))


def wait_until_serving(base: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            error = process.stderr.read().decode(errors="replace") if process.stderr else ""
            raise RuntimeError(f"wayback exited: {error}")
        try:
            with urllib.request.urlopen(base + "/", timeout=2):
                return
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.1)  # polling for readiness, bounded by the deadline
    raise RuntimeError("wayback did not start in time")


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=30) as response:
        assert response.status == 200
        return response.read().decode("utf-8")


def test_pywb_replays_sampled_film_pages_with_their_synopsis(
    crawled: tuple[Path, list[dict[str, Any]], str], wayback: str
) -> None:
    _, truth, base_url = crawled
    with_synopsis = [record for record in truth if record["synopsis"]]
    assert with_synopsis
    sample = with_synopsis[:: max(1, len(with_synopsis) // 3)][:3]
    for record in sample:
        original = f"{base_url}/festival-archive/film/{record['film_id']}"
        replayed = collapse(html.unescape(fetch(f"{wayback}/{COLLECTION}/{original}")))
        first_paragraph = collapse(record["synopsis"].split("\n\n")[0])
        assert first_paragraph in replayed, record["film_id"]


def test_pywb_finds_every_film_page_capture_in_our_index(
    crawled: tuple[Path, list[dict[str, Any]], str], wayback: str
) -> None:
    _, truth, base_url = crawled
    record = truth[0]
    original = f"{base_url}/festival-archive/film/{record['film_id']}"
    cdx = fetch(f"{wayback}/{COLLECTION}/cdx?url={original}&output=json")
    assert f'"url": "{original}"' in cdx and '"status": "200"' in cdx


def test_pywb_replays_a_film_page_whose_latest_capture_is_a_revisit(
    crawled: tuple[Path, list[dict[str, Any]], str], wayback: str
) -> None:
    warc_dir, truth, base_url = crawled
    record = next(record for record in truth if record["synopsis"])
    original = f"{base_url}/festival-archive/film/{record['film_id']}"
    captures = sorted(
        (entry for path in warc_dir.glob("*.warc.gz") for entry in index_warc(path)),
        key=lambda entry: entry.timestamp,
    )
    first, latest = [entry for entry in captures if entry.url == original]
    assert (first.mime, latest.mime) == ("text/html", "warc/revisit")
    assert latest.timestamp > first.timestamp
    first_paragraph = collapse(record["synopsis"].split("\n\n")[0])
    for replay in (
        f"{wayback}/{COLLECTION}/{original}",
        f"{wayback}/{COLLECTION}/{latest.timestamp}/{original}",
    ):
        assert first_paragraph in collapse(html.unescape(fetch(replay))), replay
