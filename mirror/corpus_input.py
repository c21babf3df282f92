"""Read corpus files (plain-text lines, JSONL, CSV) into documents, line by line.

Pure and streaming: yields a `ParsedDocument` for every usable record and a `BadLine`
(with its 1-based line number and a reason) for every line that cannot be used, so
the importer reports those and carries on with the rest.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any


class CorpusFormat(StrEnum):
    lines = "lines"
    jsonl = "jsonl"
    csv = "csv"


SUFFIX_FORMATS = {
    ".jsonl": CorpusFormat.jsonl,
    ".ndjson": CorpusFormat.jsonl,
    ".csv": CorpusFormat.csv,
}
TEXT_FIELDS = ("text", "synopsis")
_DIRECTOR_SEPARATORS = re.compile(r"\s*[;|]\s*")


@dataclass(frozen=True)
class ParsedDocument:
    id: str
    line: int  # 1-based line number where the record starts
    text: str
    title: str | None = None
    directors: list[str] = field(default_factory=list)
    year: int | None = None
    lang: str | None = None


@dataclass(frozen=True)
class BadLine:
    line: int
    reason: str


def format_for(path: Path, explicit: CorpusFormat | None = None) -> CorpusFormat:
    """The explicit format, else the one the file name suggests (plain lines by default)."""
    if explicit is not None:
        return explicit
    return SUFFIX_FORMATS.get(path.suffix.lower(), CorpusFormat.lines)


def decoded_lines(raw_lines: Iterable[bytes]) -> Iterator[tuple[int, str | None]]:
    """(line number, text) per line; text None when the bytes are not UTF-8."""
    for number, raw in enumerate(raw_lines, start=1):
        if number == 1 and raw.startswith(b"\xef\xbb\xbf"):
            raw = raw[3:]  # byte-order mark
        try:
            yield number, raw.decode("utf-8")
        except UnicodeDecodeError:
            yield number, None


def parse(
    raw_lines: Iterable[bytes], source: str, fmt: CorpusFormat
) -> Iterator[ParsedDocument | BadLine]:
    """Documents and bad lines of one file, in file order."""
    lines = decoded_lines(raw_lines)
    if fmt is CorpusFormat.lines:
        return _parse_plain(lines, source)
    if fmt is CorpusFormat.jsonl:
        return _parse_jsonl(lines, source)
    return _parse_csv(lines, source)


def _undecodable(number: int) -> BadLine:
    return BadLine(number, "not valid UTF-8")


def _parse_plain(
    lines: Iterable[tuple[int, str | None]], source: str
) -> Iterator[ParsedDocument | BadLine]:
    for number, text in lines:
        if text is None:
            yield _undecodable(number)
        elif text.strip():
            yield ParsedDocument(id=f"{source}:{number}", line=number, text=text.strip())


def _parse_jsonl(
    lines: Iterable[tuple[int, str | None]], source: str
) -> Iterator[ParsedDocument | BadLine]:
    for number, text in lines:
        if text is None:
            yield _undecodable(number)
            continue
        if not text.strip():
            continue
        try:
            value = json.loads(text)
        except json.JSONDecodeError as exc:
            yield BadLine(number, f"invalid JSON ({exc.msg})")
            continue
        if not isinstance(value, dict):
            yield BadLine(number, "not a JSON object")
            continue
        yield _from_fields(value, number, source)


def _parse_csv(
    lines: Iterable[tuple[int, str | None]], source: str
) -> Iterator[ParsedDocument | BadLine]:
    bad: list[BadLine] = []
    # Physical line numbers of the first and last line the csv reader pulled for a row
    # (a quoted field may span lines; undecodable lines are skipped, not counted).
    span = {"first": 0, "last": 0}

    def good_lines() -> Iterator[str]:
        for number, text in lines:
            if text is None:
                bad.append(_undecodable(number))
                continue
            span["first"] = span["first"] or number
            span["last"] = number
            yield text

    reader = csv.reader(good_lines())
    try:
        header = [name.strip().lower() for name in next(reader, [])]
        while True:
            span["first"] = 0
            row = next(reader, None)
            yield from bad
            bad.clear()
            if row is None:
                return
            if not any(cell.strip() for cell in row):
                continue
            if len(row) > len(header):
                yield BadLine(span["first"], "more fields than the header names")
                continue
            yield _from_fields(dict(zip(header, row, strict=False)), span["first"], source)
    except csv.Error as exc:
        yield BadLine(span["last"], f"malformed CSV ({exc}); the rest of the file is skipped")


def _from_fields(value: dict[str, Any], number: int, source: str) -> ParsedDocument | BadLine:
    text = next((value[name] for name in TEXT_FIELDS if value.get(name)), None)
    if not isinstance(text, str) or not text.strip():
        return BadLine(number, "no text (expected a 'text' or 'synopsis' field)")
    year = value.get("year")
    if isinstance(year, str):
        year = int(year) if year.strip().isdigit() else None if not year.strip() else year
    if year is not None and not isinstance(year, int):
        return BadLine(number, f"year {year!r} is not a whole number")
    doc_id = value.get("id")
    return ParsedDocument(
        id=str(doc_id).strip() if doc_id not in (None, "") else f"{source}:{number}",
        line=number,
        text=text.strip(),
        title=_optional_str(value.get("title")),
        directors=_directors(value.get("directors")),
        year=year,
        lang=_optional_str(value.get("lang")),
    )


def _optional_str(value: Any) -> str | None:
    return value.strip() or None if isinstance(value, str) else None


def _directors(value: Any) -> list[str]:
    """A list, or one string with names separated by ';' or '|' (',' if nothing else)."""
    if isinstance(value, list):
        return [str(name).strip() for name in value if str(name).strip()]
    if not isinstance(value, str) or not value.strip():
        return []
    separators = _DIRECTOR_SEPARATORS if _DIRECTOR_SEPARATORS.search(value) else re.compile(",")
    return [name.strip() for name in separators.split(value) if name.strip()]
