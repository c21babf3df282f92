"""What the warcinfo record heading each WARC file says about the crawl that wrote it.

The writer (archive/writer.py) starts every file with one; the crawl's fields name its
spider in ``isPartOf`` (scraper.middlewares.warcinfo_fields), which is how a re-parse
tells which festival an archive holds without being told.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator

CRAWL_FIELD = "isPartOf"


def read_warcinfo(path: Path) -> dict[str, str]:
    """The fields of the warcinfo record that opens ``path``; {} when it has none."""
    with path.open("rb") as stream:
        for record in ArchiveIterator(stream):
            if record.rec_type != "warcinfo":
                return {}
            text = record.content_stream().read().decode("utf-8", "replace")
            return dict(_field(line) for line in text.splitlines() if ":" in line)
    return {}


def _field(line: str) -> tuple[str, str]:
    name, _, value = line.partition(":")
    return name.strip(), value.strip()


def crawls_in(paths: Iterable[Path]) -> list[str]:
    """The crawls (spider names) whose files these are, sorted."""
    names = {read_warcinfo(path).get(CRAWL_FIELD, "") for path in paths}
    return sorted(name for name in names if name)
