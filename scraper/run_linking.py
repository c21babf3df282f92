"""Linking a recorded run's new and changed entries into works (``MIRROR_LINK``), in a
store of its own.

The pipeline records the run through the crawl's store, closes it, and only then links,
through a store opened for that alone: by default a fresh child process
(``MIRROR_STORE_PROCESS``), started once the crawl's store process has exited. Why:
memory. Linking loads the sentence encoder and the index and grows by some hundreds of
MB; in the crawl's store process that came on top of what the process had kept from the
crawl, and the two store processes never coexist.

For the same reason the crawl's own process never imports linkage/ (its import pulls
in scipy, ~60 MB that the process would keep while the child links): it names the work
by :func:`link_run`, whose module imports linkage only when it runs, in the linking
process, and the report crosses back as plain :class:`LinkCounts`.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from db.store_process import open_store


@dataclass(frozen=True)
class LinkCounts:
    """What linking did (`linkage.service.LinkReport` without importing it)."""

    linked: int  # pending entries (and corpus documents) scored
    matches: int  # new automatic links
    reviews: int  # new pairs queued for a person


def link_run(session: Session, festival: str, run_id: int) -> LinkCounts:
    """``linkage.service.link_after_crawl`` for a store's ``in_transaction``."""
    from linkage.service import link_after_crawl  # in the linking process only

    report = link_after_crawl(session, festival, run_id)
    return LinkCounts(report.linked, report.matches, report.reviews)


def link_in_own_store(
    database_url: str,
    festival: str,
    run_id: int,
    *,
    in_process: bool,
    tune_gc: bool,
    retry_budget_s: float,
) -> LinkCounts:
    """Link the run through a store opened for it (a child process unless `in_process`),
    in one transaction retried whole like a batch (linking is idempotent); the store is
    closed, and its process ended, before this returns or raises."""
    store = open_store(
        database_url, in_process=in_process, tune_gc=tune_gc, retry_budget_s=retry_budget_s
    )
    try:
        return store.in_transaction(link_run, festival, run_id, what="link the run's entries")
    finally:
        store.close()
