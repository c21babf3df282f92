"""The Scrapy settings that switch and shape archiving (all optional).

``MIRROR_ARCHIVE_DIR`` (setting, else the environment variable): where WARC files go;
archiving is on exactly when it is set to a non-empty value.
``MIRROR_WARC_MAX_BYTES``: rotate to a new file past this size (default 1 GB).
``MIRROR_WARC_PREFIX``: file name prefix (default: the spider's name).
``MIRROR_ARCHIVE_INCREMENTAL``: keep the digest index in the mirror database, send
conditional requests and write revisits for unchanged pages (default on).
``MIRROR_WARC_IN_PROCESS``: write the WARC files in the crawl process itself rather than
in a child process (archive/writer_process.py); for debugging and tests (default off).
"""

from __future__ import annotations

import os
from pathlib import Path

from scrapy.settings import BaseSettings

ARCHIVE_DIR_SETTING = "MIRROR_ARCHIVE_DIR"
MAX_BYTES_SETTING = "MIRROR_WARC_MAX_BYTES"
PREFIX_SETTING = "MIRROR_WARC_PREFIX"
INCREMENTAL_SETTING = "MIRROR_ARCHIVE_INCREMENTAL"
IN_PROCESS_SETTING = "MIRROR_WARC_IN_PROCESS"


def archive_dir(settings: BaseSettings) -> Path | None:
    """The WARC directory, or None when archiving is off."""
    value = settings.get(ARCHIVE_DIR_SETTING) or os.environ.get(ARCHIVE_DIR_SETTING)
    return Path(value).expanduser() if value else None
