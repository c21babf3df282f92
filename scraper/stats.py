"""The crawl's stats collector: Scrapy's in-memory one, read without its shim.

Scrapy 2.19's ``StatsCollector.__getattribute__`` runs on every attribute read of the
collector, its own ``self._stats`` included: it first looks for a cached wrapper of
the name (raising and catching AttributeError for every name that has none), to warn
callers that still pass the deprecated ``spider`` argument. A crawl counts a dozen
stats per page (Scrapy's own and the mirror's fault, archive and fill counters), so
the shim was ~2% of the crawl process's CPU. This collector reads its attributes
plainly; a caller passing ``spider=`` is no longer warned, and the argument is still
ignored as before.
"""

from __future__ import annotations

from scrapy.statscollectors import MemoryStatsCollector


class MirrorStatsCollector(MemoryStatsCollector):
    """``MemoryStatsCollector`` without the per-read deprecation shim (module docstring)."""

    __getattribute__ = object.__getattribute__
