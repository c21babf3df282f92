"""One crawl run for all the workers of a distributed crawl: how their counts combine.

Each worker reports its part to Redis after every batch the store commits (together with
acknowledging the requests that batch covered), so a worker killed later still counts
for what it stored:

- the record ids it saw, revisited, did not check, or knows to be present (server
  errors, invalid pages) go into sets shared by all workers: ``seen``, ``revisits`` and
  ``not_checked`` are the sizes of those unions, so a page crawled twice (after a lease
  expired) counts once, and the tombstones spare every id in ``seen`` or ``present``;
- its new, changed, unchanged, invalid, page and callback-error counts, fill counts
  and faults are cumulative and overwrite its previous report (one JSON per worker): the
  run's are the sums over the workers. A page crawled twice is then counted as new by
  the first worker and unchanged by the second; a killed worker's faults count up to its
  last report.

The run is judged (health check, tombstones, linking) by its last worker alone, once the
others have left (scraper/pipelines.py).
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from typing import Any

from db.runs import FILL_FIELDS
from db.store import RunCounts
from scraper.frontier import Frontier

ID_SETS = ("seen", "revisited", "not_checked", "present")


@dataclass
class WorkerPart:
    """What one worker did, cumulatively."""

    new: int = 0
    changed: int = 0
    unchanged: int = 0  # stored as unchanged by the store (revisits not included)
    invalid: int = 0
    pages: int = 0
    site_responses: int = 0  # answers from the site itself (see the pipeline's)
    errors: int = 0  # pages whose callback raised
    first_errors: list[str] | None = None  # the first few, as the run's alarm names them
    fill_items: int = 0
    filled: dict[str, int] | None = None
    faults: dict[str, int] | None = None


@dataclass(frozen=True)
class CombinedRun:
    counts: RunCounts
    extracted: int  # film pages parsed, over all workers (the health check's denominator)
    present: set[str]  # record ids the tombstones must spare
    first_errors: list[str]  # the workers' first callback errors, in no special order


class RunShare:
    """A worker's reports of its part, sending each id once."""

    def __init__(self, frontier: Frontier) -> None:
        self.frontier = frontier
        self._sent: dict[str, set[str]] = {name: set() for name in ID_SETS}

    def report(self, part: WorkerPart, ids: dict[str, set[str]], acks: list[str]) -> None:
        """Acknowledge ``acks`` and record this worker's part, in one transaction."""
        frontier = self.frontier
        pipe = frontier.server.pipeline(transaction=True)
        for name in ID_SETS:
            new_ids = ids.get(name, set()) - self._sent[name]
            if new_ids:
                pipe.sadd(frontier.key(name), *new_ids)
        pipe.hset(frontier.key("parts"), frontier.worker_id, json.dumps(part.__dict__))
        pipe.execute()
        for name in ID_SETS:
            self._sent[name] |= ids.get(name, set())
        frontier.ack(acks)  # after the part: a lease is never released unaccounted

    def site_answered(self) -> bool:
        """Whether any worker's last report counts an answer from the site: a worker that
        joined once the others had fetched everything fetched nothing, yet the site is up."""
        reports = self.frontier.server.hvals(self.frontier.key("parts"))
        return any(json.loads(raw).get("site_responses", 0) > 0 for raw in reports)

    def combine(self, fill_fields: tuple[str, ...]) -> CombinedRun:
        """The run's counts from every worker's last report (the run's last worker)."""
        server, key = self.frontier.server, self.frontier.key
        parts = [WorkerPart(**json.loads(raw)) for raw in server.hgetall(key("parts")).values()]
        sets = {name: {_text(m) for m in server.smembers(key(name))} for name in ID_SETS}
        filled: Counter[str] = Counter()
        faults: Counter[str] = Counter()
        for part in parts:
            filled.update(part.filled or {})
            faults.update(part.faults or {})
        items = sum(part.fill_items for part in parts)
        fields = FILL_FIELDS + tuple(f for f in fill_fields if f not in FILL_FIELDS)
        rates = {name: round(filled[name] / items, 4) for name in fields} if items else {}
        counts = RunCounts(
            new=sum(part.new for part in parts),
            changed=sum(part.changed for part in parts),
            unchanged=sum(part.unchanged for part in parts) + len(sets["revisited"]),
            invalid=sum(part.invalid for part in parts),
            pages=sum(part.pages for part in parts),
            seen=len(sets["seen"]),
            revisits=len(sets["revisited"]),
            not_checked=len(sets["not_checked"]),
            errors=sum(part.errors for part in parts),
            fill_rates=rates,
            faults={kind: count for kind, count in faults.items() if count},
        )
        first_errors = [error for part in parts for error in part.first_errors or ()]
        return CombinedRun(counts, items, sets["seen"] | sets["present"], first_errors)


def _text(value: Any) -> str:
    return value.decode() if isinstance(value, bytes) else str(value)
