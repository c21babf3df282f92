"""How far below the crawl process its helper processes are scheduled.

A crawl is one reactor thread (downloads, middlewares, the WARC wire recording, the
item pipeline) and helper processes that take work off it: the extraction workers
(parsing pages), the store process (SQL) and the WARC writer (compressing records).
The reactor is the crawl's critical path: a page waits for it at every step, while
each helper has a queue that absorbs its being behind for a while. Together they want
more CPU than two cores have (a 12,000-film crawl: about 27 s for the reactor, 22 s for
the helpers), and with all of them at one priority the kernel gives the helpers the
reactor's core about as often as not. Lowered by ``MIRROR_HELPER_NICE`` steps (nice
10 by default: the reactor then gets about ten times their share when they compete),
they take what the reactor leaves; 0 schedules them like the crawl.

The linking at the end of a run has the machine to itself and is not lowered.
"""

from __future__ import annotations

from scrapy.settings import BaseSettings

SETTING = "MIRROR_HELPER_NICE"
DEFAULT = 10
HIGHEST = 19  # the lowest priority there is (Linux's nice range ends at 19)


def helper_niceness(settings: BaseSettings) -> int:
    """The niceness the crawl's helpers add to the crawl's; ValueError if out of range."""
    try:
        value = settings.getint(SETTING, DEFAULT)
    except ValueError:
        raise ValueError(
            f"{SETTING} must be a whole number from 0 to {HIGHEST}, got {settings.get(SETTING)!r}"
        ) from None
    if not 0 <= value <= HIGHEST:
        raise ValueError(f"{SETTING} must be from 0 to {HIGHEST}, got {value}")
    return value
