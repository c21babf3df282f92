"""The marks a crawl puts on requests and responses, shared by the spiders, the crawl's
middlewares and the archive's replay of stored pages.

A spider marks the requests of *record* pages (one page per archive entry, e.g. a film
page) with ``meta[RECORD_PAGE_META_KEY] = True``: when such a page comes back unchanged
the response carries ``REVISIT_FLAG`` and extraction is skipped. Entry pages marked
``meta[CHECK_EVERY_RUN_META_KEY] = True`` are requested on every run whatever the
revisit interval, so that a new edition is found at once.
"""

from __future__ import annotations

from typing import Any

# request.meta key: this request fetches a record page (extraction may be skipped)
RECORD_PAGE_META_KEY = "mirror_record_page"
# request.meta key: this page is requested on every run, even under MIRROR_REVISIT_DAYS
CHECK_EVERY_RUN_META_KEY = "mirror_check_every_run"
# response flag: the page is unchanged since its last capture (see scraper.middlewares)
REVISIT_FLAG = "revisit"


def is_revisit(response: Any) -> bool:
    """The archive found this page unchanged since its last capture."""
    return REVISIT_FLAG in getattr(response, "flags", ())
