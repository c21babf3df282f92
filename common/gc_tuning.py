"""Cyclic garbage collector settings for the long-running processes: crawls, imports, matching.

CPython's collector examines its youngest objects every 700 net allocations and all
objects whenever a quarter more have survived since the last full pass. A crawl keeps
thousands of requests, deferreds and responses in flight, so young passes walk them
again and again and full passes come often: in a 12,000-film crawl of the replica the
crawl process spent 10.6 of its 22.3 s of CPU in the collector (timed with
gc.callbacks), and 0.7 s with these settings. The extraction worker and the store
process gain about half a second between them. Matching keeps large caches of records
and neighbourhoods: a 20,000-document `mirror corpus import` took 130 s of CPU, not
146 s, and `mirror match` 12 ms a record at the median, not 16 ms.

Reference counting frees almost all garbage; the collector is only for cycles, so a
process loses nothing by examining young objects every 50,000 allocations instead:
cycles wait a little longer, a few megabytes at most. `gc.freeze` first moves what is
alive once the process is set up (modules, classes, settings) out of the collector's
sight for good.
"""

from __future__ import annotations

import gc
import logging
import multiprocessing
import os

logger = logging.getLogger(__name__)

# (young, middle, old) thresholds; CPython's defaults are (700, 10, 10).
THRESHOLDS = (50_000, 20, 100)
# MIRROR_GC_TUNING=0 in the environment keeps CPython's defaults (crawl: the setting).
ENVIRONMENT_VARIABLE = "MIRROR_GC_TUNING"


def enabled_by_environment() -> bool:
    value = os.environ.get(ENVIRONMENT_VARIABLE, "1").strip().lower()
    return value not in {"0", "false", "no", "off"}


def tune_collector_unless_disabled() -> None:
    """`tune_collector`, unless $MIRROR_GC_TUNING turns it off."""
    if enabled_by_environment():
        tune_collector()


def tune_collector() -> None:
    """Freeze what is alive now and collect less often (see the module docstring)."""
    # No gc.collect() first: a full pass over everything took a quarter of a second
    # of the crawl, for the little cyclic garbage that setting up leaves behind.
    gc.freeze()
    gc.set_threshold(*THRESHOLDS)
    logger.debug(
        "garbage collector tuned in %s: %d objects frozen, thresholds %s",
        multiprocessing.current_process().name,
        gc.get_freeze_count(),
        THRESHOLDS,
    )
