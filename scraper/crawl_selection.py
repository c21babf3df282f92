"""Crawling part of an archive: the spider arguments ``-a edition=YEAR`` and ``-a film=ID``.

``scrapy crawl miff -a edition=1989`` walks only the 1989 edition's page and listing;
``-a film=5977`` fetches only that film (found through the listings, so that the entry
keeps the fields only a listing shows); given both, only those films of those editions.
Each takes several values, comma-separated (``-a film=5977,6001``), or the argument
repeated (``-a film=5977 -a film=6001``: the crawl command joins them, where Scrapy
itself would keep only the last).

A subset crawl sees a part of the site by design, so its run (``crawl_runs.scope`` says
which part) tombstones nothing, and its health check compares it only with earlier runs
of the same scope, never with full runs (nor full runs with it).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

EDITION_ARGUMENT = "edition"
FILM_ARGUMENT = "film"
SELECTION_ARGUMENTS = (EDITION_ARGUMENT, FILM_ARGUMENT)


class SelectionError(ValueError):
    """A spider argument that names no edition or film (the message says which)."""


def _values(raw: object) -> list[str]:
    """The comma-separated values of one argument, blanks dropped."""
    if raw is None:
        return []
    parts: Iterable[object] = raw if isinstance(raw, list | tuple | set | frozenset) else [raw]
    return [v.strip() for part in parts for v in str(part).split(",") if v.strip()]


@dataclass(frozen=True)
class CrawlSelection:
    """The editions and films a crawl is limited to; empty: the whole archive."""

    editions: frozenset[int] = frozenset()
    films: frozenset[str] = frozenset()

    @classmethod
    def from_arguments(cls, edition: object = None, film: object = None) -> CrawlSelection:
        """From the raw ``-a edition=…`` and ``-a film=…`` values; SelectionError if a year
        is not one."""
        years: set[int] = set()
        for value in _values(edition):
            if not (value.isdigit() and len(value) == 4):
                raise SelectionError(
                    f"-a {EDITION_ARGUMENT}={value!r} is not a year (e.g. -a edition=1989)"
                )
            years.add(int(value))
        return cls(frozenset(years), frozenset(_values(film)))

    @property
    def is_subset(self) -> bool:
        return bool(self.editions or self.films)

    def wants_edition(self, year: int | None) -> bool:
        return not self.editions or year in self.editions

    def wants_film(self, film_id: str | None) -> bool:
        return not self.films or film_id in self.films

    @property
    def scope(self) -> str | None:
        """What a subset run covers, as recorded in ``crawl_runs.scope``
        (``edition=1989,1990 film=5977``); None for the whole archive."""
        parts = []
        if self.editions:
            parts.append(f"{EDITION_ARGUMENT}={','.join(str(y) for y in sorted(self.editions))}")
        if self.films:
            parts.append(f"{FILM_ARGUMENT}={','.join(sorted(self.films))}")
        return " ".join(parts) or None


def merge_repeated_arguments(spargs: list[str]) -> list[str]:
    """``-a NAME=VALUE`` arguments with each selection argument given once, its repeated
    values joined by commas (Scrapy's own parsing keeps only the last)."""
    merged: dict[str, list[str]] = {}
    out: list[str | list[str]] = []  # a list: the values of a selection argument
    for argument in spargs:
        name, sep, value = argument.partition("=")
        key = name.strip()
        if sep and key in SELECTION_ARGUMENTS:
            if key not in merged:
                merged[key] = []
                out.append([key])
            merged[key].append(value)
        else:
            out.append(argument)
    return [a if isinstance(a, str) else f"{a[0]}={','.join(merged[a[0]])}" for a in out]


def selection_for(spidercls: type, spargs: dict[str, str]) -> CrawlSelection:
    """The selection the spider arguments ask of ``spidercls``; SelectionError when a year
    or a film id is not one of the festival's (checked before anything is fetched)."""
    selection = CrawlSelection.from_arguments(
        spargs.get(EDITION_ARGUMENT), spargs.get(FILM_ARGUMENT)
    )
    is_record_id = getattr(spidercls, "is_record_id", None)
    if is_record_id is not None:
        bad = sorted(film for film in selection.films if not is_record_id(film))
        if bad:
            festival = getattr(spidercls, "festival", None) or getattr(spidercls, "name", "")
            raise SelectionError(
                f"-a {FILM_ARGUMENT}={bad[0]!r} is not a {festival} film id "
                f"(as in `mirror show` and `mirror export`)"
            )
    return selection
