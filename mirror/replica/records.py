"""`--records FILE.jsonl`: given film entries placed into the site as they are."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from mirror.replica.display import finalize
from mirror.replica.model import DisplayKnobs, Film

_FILM_ID = re.compile(r"^[A-Za-z0-9_-]+$")


class RecordsError(ValueError):
    """A records file line that cannot become a film entry."""


def _str_list(value: Any, key: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise TypeError(f"{key!r} must be a list of strings")
    return tuple(value)


def _optional(value: Any, key: str, kind: type) -> Any:
    if value is not None and (not isinstance(value, kind) or isinstance(value, bool)):
        raise TypeError(f"{key!r} must be {kind.__name__} or null")
    return value


def record_film(data: dict[str, Any]) -> Film:
    """One records-file object as a film entry; missing fields stay missing on the site."""
    film_id = data.get("film_id")
    if not isinstance(film_id, str) or not _FILM_ID.match(film_id):
        raise TypeError("'film_id' must be a string of letters, digits, '-' or '_'")
    title = _optional(data.get("title"), "title", str)
    synopsis = _optional(data.get("synopsis"), "synopsis", str)
    countries = _str_list(data.get("countries"), "countries")
    paragraphs = tuple(p.strip() for p in (synopsis or "").split("\n\n") if p.strip())
    film = Film(
        film_id=film_id,
        work_id=f"r-{film_id}",
        title=title,
        directors=_str_list(data.get("directors"), "directors"),
        year=_optional(data.get("year"), "year", int),
        country=countries[0] if countries else None,
        countries=countries,
        edition=_optional(data.get("edition"), "edition", int),
        section=_optional(data.get("section"), "section", str),
        synopsis_paragraphs=paragraphs,
        lang=_optional(data.get("lang"), "lang", str) or "en",
        has_synopsis_div="synopsis" in data,
        fixed_listing_line=_optional(data.get("listing_line"), "listing_line", str),
        fixed_title_display=title,
        knobs=DisplayKnobs(title_case="asis"),
    )
    return finalize(film)


def load_records(path: Path) -> list[Film]:
    """Read a records JSONL file; a bad line raises RecordsError naming its line number."""
    films: list[Film] = []
    seen: set[str] = set()
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                data = json.loads(line)
                if not isinstance(data, dict):
                    raise TypeError("a line must be a JSON object")
                film = record_film(data)
            except (json.JSONDecodeError, TypeError) as error:
                raise RecordsError(f"{path}: line {number}: {error}") from error
            if film.film_id in seen:
                raise RecordsError(f"{path}: line {number}: duplicate film_id {film.film_id!r}")
            seen.add(film.film_id)
            films.append(film)
    return films
