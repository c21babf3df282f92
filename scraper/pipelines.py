"""Item pipelines: validate what the spider yields, then store it in the relational mirror.

Wire them in settings (lower runs first)::

    ITEM_PIPELINES = {
        "scraper.pipelines.ValidationPipeline": 100,
        "scraper.pipelines.MirrorStorePipeline": 800,
    }
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Annotated, Any
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator
from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import CloseSpider, DropItem
from scrapy.http import Request, Response
from scrapy.utils.defer import deferred_from_coro, maybe_deferred_to_future
from twisted.internet.defer import Deferred, DeferredLock, succeed
from twisted.internet.threads import deferToThread

from db.session import database_url
from db.store import BatchCounts, DatabaseUnavailable, MirrorStore, PageRecord, RunCounts
from scraper.items import EditionItem, FilmItem

logger = logging.getLogger(__name__)

DEFAULT_BATCH_SIZE = 200
DEFAULT_RETRY_SECONDS = 60.0
ABORT_REASON_UNAVAILABLE = "database_unavailable"
ABORT_REASON_ERROR = "database_error"
# Canonical public film URL per festival; other festivals only need an https URL.
CANONICAL_FILM_URLS = {"miff": "https://miff.com.au/festival-archive/film/{film_id}"}

# -- validation ---------------------------------------------------------------------------

Text = Annotated[str, Field(min_length=1)]
Digits = Annotated[str, Field(pattern=r"^[0-9]{1,20}$")]


class _SeeAlsoRecord(BaseModel):
    model_config = ConfigDict(strict=True, from_attributes=True)

    film_id: Digits
    title: str | None = None
    teaser: str | None = None


class FilmRecord(BaseModel):
    """The rules a FilmItem must follow to enter the mirror."""

    model_config = ConfigDict(strict=True, from_attributes=True)

    festival: Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9_-]{0,63}$")]
    film_id: Digits
    url: str
    fetched_url: str
    title: Annotated[str, Field(min_length=1, pattern=r"\S")]
    title_display: str | None = None
    directors: list[Text]
    year: Annotated[int, Field(ge=1880, le=2100)] | None = None
    countries: list[Text]
    edition: Annotated[int, Field(ge=1900, le=2100)]
    section: Text | None = None
    synopsis_paragraphs: list[str]
    lang: Annotated[str, Field(pattern=r"^[A-Za-z]{2,3}([-_][A-Za-z0-9]{1,8})*$")] | None = None
    quote: str | None = None
    quote_source: str | None = None
    credit_line: str | None = None
    reviewer: str | None = None
    see_also: list[_SeeAlsoRecord]
    listing_line: str | None = None
    teaser: str | None = None

    @model_validator(mode="after")
    def _url_is_canonical(self) -> FilmRecord:
        template = CANONICAL_FILM_URLS.get(self.festival)
        if template is not None:
            expected = template.format(film_id=self.film_id)
            if self.url != expected:
                raise _field_error("url", f"expected canonical {expected}, got {self.url!r}")
            return self
        parts = urlsplit(self.url)
        if parts.scheme != "https" or not parts.netloc or parts.query or parts.fragment:
            raise _field_error("url", f"not a canonical https URL: {self.url!r}")
        return self


class EditionRecord(BaseModel):
    """The rules an EditionItem must follow to enter the mirror."""

    model_config = ConfigDict(strict=True, from_attributes=True)

    festival: Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9_-]{0,63}$")]
    year: Annotated[int, Field(ge=1900, le=2100)]
    url: Annotated[str, Field(pattern=r"^https?://[^\s/]+/\S*$")]
    site_edition_id: Annotated[str, Field(pattern=r"^[0-9A-Za-z_-]{1,64}$")] | None = None
    heading: str | None = None
    feature_count: Annotated[int, Field(ge=0, le=5000)] | None = None
    short_count: Annotated[int, Field(ge=0, le=5000)] | None = None
    dates_text: str | None = None
    program_focus: str | None = None
    filmmaker_focus: str | None = None
    opening_film: str | None = None
    director_message: str | None = None


def _field_error(field_name: str, message: str) -> ValueError:
    # Raised inside a model validator: pydantic reports it without a location, so the
    # field name travels in the message prefix and is recovered in _invalid_fields.
    return ValueError(f"[{field_name}] {message}")


def _invalid_fields(exc: ValidationError) -> list[str]:
    names: set[str] = set()
    for error in exc.errors():
        if error["loc"]:
            names.add(str(error["loc"][0]))
            continue
        message = str(error.get("msg", ""))
        start, end = message.find("["), message.find("]")
        names.add(message[start + 1 : end] if 0 <= start < end else "item")
    return sorted(names)


class ValidationPipeline:
    """Drop malformed FilmItem / EditionItem, counting them per field; never crash."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ValidationPipeline:
        return cls(crawler)

    def process_item(self, item: Any) -> Any:
        model: type[BaseModel]
        if isinstance(item, FilmItem):
            model, key = FilmRecord, getattr(item, "film_id", "?")
        elif isinstance(item, EditionItem):
            model, key = EditionRecord, getattr(item, "year", "?")
        else:
            return item
        try:
            model.model_validate(item, from_attributes=True)
        except ValidationError as exc:
            fields = _invalid_fields(exc)
            stats = self.crawler.stats
            assert stats is not None
            stats.inc_value("validation/invalid")
            for name in fields:
                stats.inc_value(f"validation/invalid/{name}")
            first = exc.errors()[0]
            raise DropItem(
                f"invalid {type(item).__name__} {key}: {', '.join(fields)} ({first['msg']})"
            ) from None
        return item


# -- storage ------------------------------------------------------------------------------


@dataclass
class _Batch:
    films: list[FilmItem] = field(default_factory=list)
    editions: list[EditionItem] = field(default_factory=list)
    pages: list[PageRecord] = field(default_factory=list)

    @property
    def item_count(self) -> int:
        return len(self.films) + len(self.editions)

    def __bool__(self) -> bool:
        return bool(self.films or self.editions or self.pages)


def page_record(response: Response) -> PageRecord:
    """What fetched_pages keeps about one response."""
    headers = response.headers

    def header(name: bytes) -> str | None:
        value = headers.get(name)
        return value.decode("latin-1") if value is not None else None

    return PageRecord(
        url=response.url,
        status=response.status,
        etag=header(b"ETag"),
        last_modified=header(b"Last-Modified"),
        content_type=header(b"Content-Type"),
        digest=hashlib.sha256(response.body).hexdigest(),
        fetched_at=datetime.now(UTC),
    )


class MirrorStorePipeline:
    """Write items and fetched-page records to the mirror database in batches.

    Batches are written in a worker thread, one at a time and in order (a DeferredLock
    queues them); the item that completes a batch waits for its write, which gives the
    crawl back-pressure when the database is slower than the network.
    """

    def __init__(
        self,
        crawler: Crawler,
        url: str,
        *,
        batch_size: int = DEFAULT_BATCH_SIZE,
        retry_budget_s: float = DEFAULT_RETRY_SECONDS,
    ) -> None:
        self.crawler = crawler
        self.url = url
        self.batch_size = max(1, batch_size)
        self.retry_budget_s = retry_budget_s
        self.store: MirrorStore | None = None
        self.run_id: int | None = None
        self._batch = _Batch()
        self._write_lock = DeferredLock()
        self._totals = BatchCounts()
        self._pages_written = 0
        self._abort_reason: str | None = None
        self._closing: Deferred[None] | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> MirrorStorePipeline:
        settings = crawler.settings
        pipeline = cls(
            crawler,
            database_url(settings.get("MIRROR_DATABASE_URL") or None),
            batch_size=settings.getint("MIRROR_BATCH_SIZE", DEFAULT_BATCH_SIZE),
            retry_budget_s=settings.getfloat("MIRROR_DB_RETRY_SECONDS", DEFAULT_RETRY_SECONDS),
        )
        crawler.signals.connect(pipeline.response_received, signal=signals.response_received)
        crawler.signals.connect(pipeline.spider_closed, signal=signals.spider_closed)
        return pipeline

    # -- lifecycle ------------------------------------------------------------------------

    async def open_spider(self) -> None:
        spider = self.crawler.spider
        festival = str(getattr(spider, "festival", None) or getattr(spider, "name", "unknown"))
        try:
            await maybe_deferred_to_future(deferToThread(self._open_store, festival))
        except Exception as exc:
            reason = self._note_abort(exc)
            raise CloseSpider(reason) from None
        self._stats.set_value("mirror/run_id", self.run_id)

    def _open_store(self, festival: str) -> None:
        self.store = MirrorStore(self.url, retry_budget_s=self.retry_budget_s)
        self.store.migrate()
        self.run_id = self.store.start_run(festival)

    async def process_item(self, item: Any) -> Any:
        if self._abort_reason is not None:
            return item
        if isinstance(item, FilmItem):
            self._batch.films.append(item)
        elif isinstance(item, EditionItem):
            self._batch.editions.append(item)
        else:
            return item
        if self._batch.item_count >= self.batch_size:
            await maybe_deferred_to_future(self._flush())
        return item

    def response_received(self, response: Response, request: Request, spider: Any) -> None:
        if self._abort_reason is not None or self.run_id is None:
            return
        self._batch.pages.append(page_record(response))
        # Listing pages yield no items: do not let their records pile up unbounded.
        if len(self._batch.pages) >= 4 * self.batch_size:
            self._flush()

    async def close_spider(self) -> None:
        if self._abort_reason is None and self.run_id is not None:
            await maybe_deferred_to_future(self._flush())

    async def spider_closed(self, spider: Any, reason: str) -> None:
        if self.store is not None:
            await maybe_deferred_to_future(deferToThread(self._finish_run, reason))

    def _finish_run(self, reason: str) -> None:
        assert self.store is not None
        try:
            if self.run_id is None:
                return
            aborted = self._abort_reason is not None or reason != "finished"
            invalid = int(self._stats.get_value("validation/invalid", 0) or 0)
            counts = RunCounts(
                new=self._totals.new,
                changed=self._totals.changed,
                unchanged=self._totals.unchanged,
                invalid=invalid,
                pages=self._pages_written,
            )
            # After an outage, do not wait another full budget just to record it.
            budget = 2.0 if self._abort_reason == ABORT_REASON_UNAVAILABLE else None
            self.store.finish_run(
                self.run_id,
                "aborted" if aborted else "finished",
                self._abort_reason or reason,
                counts,
                retry_budget_s=budget,
            )
        except Exception as exc:
            logger.error("could not record the end of crawl run %s: %s", self.run_id, exc)
        finally:
            self.store.close()

    # -- writing --------------------------------------------------------------------------

    @property
    def _stats(self) -> Any:
        return self.crawler.stats

    def _flush(self) -> Deferred[Any]:
        """Queue the current buffer for writing; fires when it has been written."""
        batch, self._batch = self._batch, _Batch()
        return self._write_lock.run(self._write, batch)

    def _write(self, batch: _Batch) -> Deferred[Any]:
        if not batch or self._abort_reason is not None:
            return succeed(None)
        assert self.store is not None and self.run_id is not None
        store, run_id = self.store, self.run_id
        written = deferToThread(store.write_batch, run_id, batch.films, batch.editions, batch.pages)

        def done(counts: BatchCounts) -> None:
            self._totals += counts
            self._pages_written += len({page.url for page in batch.pages})
            self._stats.inc_value("mirror/new", counts.new)
            self._stats.inc_value("mirror/changed", counts.changed)
            self._stats.inc_value("mirror/unchanged", counts.unchanged)
            self._stats.set_value("mirror/pages", self._pages_written)

        def failed(failure: Any) -> None:
            reason = self._note_abort(failure.value)
            self._close_spider(reason)

        written.addCallbacks(done, failed)
        return written

    def _note_abort(self, exc: BaseException) -> str:
        """Remember why the mirror stopped, for stats and the run record."""
        if isinstance(exc, DatabaseUnavailable):
            reason, message = ABORT_REASON_UNAVAILABLE, str(exc)
        else:
            reason = ABORT_REASON_ERROR
            message = f"mirror database error: {type(exc).__name__}: {exc}".splitlines()[0]
            logger.error("mirror write failed", exc_info=exc)
        if self._abort_reason is None:
            self._abort_reason = reason
            self._stats.set_value("mirror/abort_message", message)
            logger.error(message)
        return reason

    def _close_spider(self, reason: str) -> None:
        engine = self.crawler.engine
        if engine is None or self._closing is not None:
            return
        self._closing = deferred_from_coro(engine.close_spider_async(reason=reason))
        self._closing.addErrback(lambda f: logger.error("could not close the spider: %s", f))
