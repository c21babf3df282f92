"""Validation of what a spider yields, derived from the record declarations.

The rules of every field come from ``common.records`` (a field's ``rule``, else its
type); the rules of a festival's own fields from its spider's ``extra_fields``. An item
that breaks one is dropped, counted per field in the crawl's stats, and its entry is
protected from tombstoning (it is still listed on the site).

Wire it before the store (lower runs first)::

    ITEM_PIPELINES = {"scraper.validation.ValidationPipeline": 100, ...}

An item built in an extraction worker (scraper/offload.py) is checked there, beside
the parsing, and arrives with its verdict (:func:`remember_verdict`): the pipeline then
only counts and drops, off the crawl's busy thread's account. An item is checked as
the callback yielded it; no spider middleware here changes an item on its way.
"""

from __future__ import annotations

import typing
import weakref
from collections.abc import Sequence
from dataclasses import fields, is_dataclass
from functools import cache
from typing import Any
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, ValidationError, create_model
from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem

from common.records import EditionItem, ExtraField, FilmItem, Storage, declared_fields

_STRICT = ConfigDict(strict=True, from_attributes=True)


@cache
def record_model(record: type) -> type[BaseModel]:
    """The pydantic model an item of class ``record`` must satisfy (extra excluded)."""
    definitions: dict[str, Any] = {
        f.attribute: (_rule(f.declared.rule if f.declared.rule is not None else f.type), ...)
        for f in declared_fields(record)
        if f.storage is not Storage.EXTRA
    }
    return create_model(f"{record.__name__}Rules", __config__=_STRICT, **definitions)


@cache
def _nested_model(record: type) -> type[BaseModel]:
    """A model for a dataclass inside an item (a see-also link), from its annotations:
    pydantic does not re-validate a dataclass instance's fields by itself."""
    hints = typing.get_type_hints(record, include_extras=True)
    definitions: dict[str, Any] = {f.name: (hints[f.name], ...) for f in fields(record)}
    return create_model(f"{record.__name__}Rules", __config__=_STRICT, **definitions)


def _rule(annotation: Any) -> Any:
    """``annotation`` with the dataclasses in it (also inside a list) made models."""
    if is_dataclass(annotation) and isinstance(annotation, type):
        return _nested_model(annotation)
    if typing.get_origin(annotation) is list:
        (inner,) = typing.get_args(annotation)
        return list[_rule(inner)]  # type: ignore[misc]
    return annotation


@cache  # per item otherwise: building a model costs far more than validating with it
def extra_model(festival: str, extra_fields: tuple[ExtraField, ...]) -> type[BaseModel]:
    """The model of a festival's ``FilmItem.extra``: its declared names only, each
    optional, of its declared type."""
    definitions: dict[str, Any] = {e.name: (e.type | None, None) for e in extra_fields}
    config = ConfigDict(strict=True, extra="forbid")
    return create_model(f"{festival.title()}Extra", __config__=config, **definitions)


def canonical_url_problem(url: str, expected: str | None) -> str | None:
    """Why ``url`` is not a canonical public URL (None when it is): the spider's own
    canonical form when it has one (``expected``), else any https URL without query or
    fragment."""
    if expected is not None:
        return None if url == expected else f"expected canonical {expected}, got {url!r}"
    parts = urlsplit(url)
    if parts.scheme != "https" or not parts.netloc or parts.query or parts.fragment:
        return f"not a canonical https URL: {url!r}"
    return None


class InvalidItem(ValueError):
    """An item breaks its declaration: ``fields`` names the fields, ``reason`` the first."""

    def __init__(self, fields: list[str], reason: str) -> None:
        super().__init__(f"{', '.join(fields)} ({reason})")
        self.fields = fields
        self.reason = reason


def check_film(
    item: FilmItem,
    extra_fields: Sequence[ExtraField] = (),
    canonical_url: str | None = None,
) -> None:
    """Raise InvalidItem unless ``item`` may enter the mirror."""
    _check(record_model(FilmItem), item)
    _check(extra_model(item.festival, tuple(extra_fields)), item.extra, prefix="extra.")
    problem = canonical_url_problem(item.url, canonical_url)
    if problem:
        raise InvalidItem(["url"], problem)


def check_edition(item: EditionItem) -> None:
    _check(record_model(EditionItem), item)


def check_item(item: Any, spider: Any) -> None:
    """Raise InvalidItem unless ``item``, yielded by ``spider``, may enter the mirror (a
    FilmItem or EditionItem breaking its declaration may not; anything else passes)."""
    if isinstance(item, FilmItem):
        canonical = getattr(spider, "canonical_record_url", None)
        check_film(
            item,
            getattr(spider, "extra_fields", ()),
            canonical(item.film_id) if canonical is not None else None,
        )
    elif isinstance(item, EditionItem):
        check_edition(item)


# Verdicts reached where an item was built, by the item's identity: a weak reference
# ends the entry of an item that never reaches the pipeline (so a later object given
# the same id() cannot inherit it).
_verdicts: dict[int, tuple[weakref.ref[Any], InvalidItem | None]] = {}


def remember_verdict(item: Any, invalid: InvalidItem | None) -> None:
    """Record that ``item`` was checked already (``invalid``: why it may not enter).
    Only records are checked (anything else passes), so only theirs are kept."""
    if not isinstance(item, FilmItem | EditionItem):
        return
    key = id(item)
    _verdicts[key] = (weakref.ref(item, lambda _ref: _verdicts.pop(key, None)), invalid)


def _known_verdict(item: Any) -> tuple[bool, InvalidItem | None]:
    """(True, the verdict) for an item checked where it was built, else (False, None)."""
    entry = _verdicts.pop(id(item), None)
    if entry is None or entry[0]() is not item:
        return False, None
    return True, entry[1]


def _check(model: type[BaseModel], value: Any, prefix: str = "") -> None:
    try:
        model.model_validate(value, from_attributes=not isinstance(value, dict))
    except ValidationError as exc:
        names = sorted({prefix + str(e["loc"][0]) if e["loc"] else "item" for e in exc.errors()})
        raise InvalidItem(names, exc.errors()[0]["msg"]) from None


class ValidationPipeline:
    """Drop malformed FilmItem / EditionItem, counting them per field; never crash."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ValidationPipeline:
        return cls(crawler)

    def process_item(self, item: Any) -> Any:
        checked, invalid = _known_verdict(item)
        if not checked:
            try:
                check_item(item, self.crawler.spider)
            except InvalidItem as problem:
                invalid = problem
        if invalid is not None:
            stats = self.crawler.stats
            assert stats is not None
            stats.inc_value("validation/invalid")
            for name in invalid.fields:
                stats.inc_value(f"validation/invalid/{name}")
            key = getattr(item, "film_id", None) or getattr(item, "year", "?")
            raise DropItem(f"invalid {type(item).__name__} {key}: {invalid}") from None
        return item
