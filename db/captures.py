"""The digest index in the database: the ``captures`` table (see db.models.Capture).

Rows are added per finished WARC file, all of a file's rows in one transaction, and are
idempotent on the record id, so re-indexing a file (a retry, or the start-up
reconciliation finding a file whose index write failed) never duplicates a row.
Transient errors (SQLite busy, a lost PostgreSQL connection) are retried like the
mirror's own writes (db.store), then raise DatabaseUnavailable.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Collection, Sequence
from dataclasses import fields
from datetime import datetime
from typing import Any, TypeVar

from sqlalchemy import Engine, Table, func, or_, select
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from archive.captures import ORIGINAL_STATUS, CaptureRecord, OriginalCapture
from archive.revisit_policy import parse_warc_date
from db.models import Capture, CrawlRun
from db.session import database_url, make_engine, parse_url
from db.store import DEFAULT_RETRY_BUDGET_S, with_retries

logger = logging.getLogger(__name__)

T = TypeVar("T")
_ROWS_PER_STATEMENT = 500
_CAPTURES: Table = Capture.__table__  # type: ignore[assignment]
_CAPTURE_FIELDS = tuple(field.name for field in fields(CaptureRecord))
# Runs that wrote every item they extracted before ending. A killed run (left "running",
# later "interrupted") or an aborted one may have captured a page whose record never
# reached the mirror: a revisit of such a capture would skip extracting it, and the
# record would be lost. Their captures (and those of files indexed by the start-up
# reconciliation, which have no run) are never used as originals.
COMPLETE_RUN_STATUSES = ("finished", "failed")


class CaptureStore:
    """Read and add rows of the digest index (used from a worker thread)."""

    def __init__(self, url: str | None = None, *, retry_budget_s: float = DEFAULT_RETRY_BUDGET_S):
        self.url = database_url(url)
        self.engine: Engine = make_engine(self.url, write_intent=True)
        self.retry_budget_s = retry_budget_s

    def migrate(self) -> None:
        """Bring the schema to the newest migration (the captures table is in 0003)."""
        from db.migrate import upgrade  # late: only needed once per run

        self._with_retries(lambda: upgrade(self.url), "migrate the database")

    def indexed_files(self) -> set[str]:
        """The WARC file names that have rows in the index."""

        def attempt() -> set[str]:
            with self.engine.connect() as conn:
                query = select(_CAPTURES.c.warc_filename).distinct()
                return {str(name) for name in conn.scalars(query)}

        return self._with_retries(attempt, "read the digest index")

    def latest_originals(self, present_files: Collection[str]) -> dict[str, OriginalCapture]:
        """The latest original (a 200 response with its body) of every URL.

        Only originals in ``present_files`` count: a revisit must never refer to a record
        whose file is gone. Only originals captured by a run that completed count (see
        COMPLETE_RUN_STATUSES): a page last captured by a killed run is fetched in full.
        """

        def attempt() -> dict[str, OriginalCapture]:
            columns = _CAPTURES.c
            query = (
                select(_CAPTURES)
                .join(CrawlRun, CrawlRun.id == columns.run_id)
                .where(
                    columns.record_type == "response",
                    columns.status == ORIGINAL_STATUS,
                    CrawlRun.status.in_(COMPLETE_RUN_STATUSES),
                )
                .order_by(columns.warc_date, columns.id)
            )
            latest: dict[str, OriginalCapture] = {}
            missing: set[str] = set()
            with self.engine.connect() as conn:
                for row in conn.execute(query):
                    capture = _capture(row._mapping)
                    if capture.warc_filename not in present_files:
                        missing.add(capture.warc_filename)
                        continue
                    if capture.payload_digest is not None:
                        latest[capture.url] = OriginalCapture.of(capture)
            if missing:
                logger.warning(
                    "digest index names %d WARC files that are not in the archive "
                    "(their captures are not used): %s",
                    len(missing),
                    ", ".join(sorted(missing)[:5]),
                )
            return latest

        return self._with_retries(attempt, "read the digest index")

    def last_checked(self, present_files: Collection[str]) -> dict[str, datetime]:
        """The time of every URL's latest check: an original or a revisit, by a run
        that completed, in a file of ``present_files`` (see :mod:`archive.revisit_policy`).
        """

        def attempt() -> dict[str, datetime]:
            columns = _CAPTURES.c
            latest = func.max(columns.warc_date)
            query = (
                select(columns.url, columns.warc_filename, latest)
                .join(CrawlRun, CrawlRun.id == columns.run_id)
                .where(
                    or_(
                        columns.record_type == "revisit",
                        (columns.record_type == "response") & (columns.status == ORIGINAL_STATUS),
                    ),
                    CrawlRun.status.in_(COMPLETE_RUN_STATUSES),
                )
                .group_by(columns.url, columns.warc_filename)
            )
            checked: dict[str, datetime] = {}
            with self.engine.connect() as conn:
                for url, filename, date in conn.execute(query):
                    if filename not in present_files:
                        continue
                    moment = parse_warc_date(date)
                    if url not in checked or moment > checked[url]:
                        checked[url] = moment
            return checked

        return self._with_retries(attempt, "read the digest index")

    def add(self, captures: Sequence[CaptureRecord], run_id: int | None) -> int:
        """Add one file's captures in one transaction; the number of new rows."""
        if not captures:
            return 0
        # Field by field: dataclasses.asdict deep-copies every value, and took 0.24 s of
        # the 0.32 s that one file's 12,700 captures cost as a crawl closed.
        rows = [
            {**{name: getattr(capture, name) for name in _CAPTURE_FIELDS}, "run_id": run_id}
            for capture in captures
        ]
        dialect = parse_url(self.url).get_backend_name()
        insert = postgresql_insert if dialect == "postgresql" else sqlite_insert

        def attempt() -> int:
            added = 0
            with self.engine.begin() as conn:
                for start in range(0, len(rows), _ROWS_PER_STATEMENT):
                    chunk = rows[start : start + _ROWS_PER_STATEMENT]
                    statement = (
                        insert(_CAPTURES)
                        .on_conflict_do_nothing(index_elements=["record_id"])
                        .returning(_CAPTURES.c.record_id)
                    )
                    # rowcount of an executemany is not portable: count what came back
                    added += len(conn.execute(statement, chunk).all())
            return added

        return self._with_retries(attempt, "write the digest index")

    def close(self) -> None:
        self.engine.dispose()

    def _with_retries(self, attempt: Callable[[], T], what: str) -> T:
        return with_retries(attempt, what, url=self.url, budget_s=self.retry_budget_s)


def _capture(row: Any) -> CaptureRecord:
    return CaptureRecord(
        url=row["url"],
        record_id=row["record_id"],
        record_type=row["record_type"],
        warc_date=row["warc_date"],
        payload_digest=row["payload_digest"],
        refers_to=row["refers_to"],
        status=row["status"],
        etag=row["etag"],
        last_modified=row["last_modified"],
        warc_filename=row["warc_filename"],
        warc_offset=row["warc_offset"],
        warc_length=row["warc_length"],
    )
