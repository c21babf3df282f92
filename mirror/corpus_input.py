"""Read corpus files (plain-text lines, JSONL, CSV) into documents, line by line.

Pure and streaming: yields a `ParsedDocument` for every usable record and a `BadLine`
(with its 1-based line number and a reason) for every line that cannot be used, so
the importer reports those and carries on with the rest. Nothing here raises on bad
input, and memory stays bounded by the size cap whatever the file holds: a line is
read at most `max_chars` characters at a time and the rest of an over-long line is
skipped in pieces, never held whole.

The encoding is told by the byte-order mark (UTF-8, UTF-16 or UTF-32, either byte
order); without one the file must be UTF-8, and a line that is not is rejected alone.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import re
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import IO, Any


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
_DIRECTOR_SEPARATORS = re.compile(r"[;|]")

# A document longer than this (in characters) is rejected unread: a 50 MB line once
# took 5 GB of memory in the embedding model. `mirror corpus import --max-chars`.
DEFAULT_MAX_CHARS = 100_000
# Shorter than this, a line is page furniture ("See also...", "Skip to main content")
# or junk, not a synopsis; such fragments once linked to each other at similarity 1.00.
MIN_CHARS = 20
MIN_LETTERS = 10
MIN_WORDS = 3  # unless the text is written without spaces (Chinese, Japanese, Thai)
_UNSPACED_SCRIPTS = 0x0E00  # Thai and every script after it in Unicode
# The widths of the corpus_documents columns, checked here so that one bad value is
# one rejected line rather than a PostgreSQL error that aborts the whole import.
MAX_ID_CHARS = 300
MAX_LANG_CHARS = 16
YEAR_RANGE = (1850, 2100)
# Byte-order marks, longest first (the UTF-32 LE mark begins with the UTF-16 LE one).
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le", "UTF-32"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "UTF-32"),
    (codecs.BOM_UTF8, "utf-8", "UTF-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "UTF-16"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "UTF-16"),
)
# C0 control characters other than tab, newline and carriage return: binary data.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SURROGATE = re.compile(r"[\ud800-\udfff]")


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
    # A fragment too short to be a synopsis: skipped, and counted apart from lines
    # that are broken (see README, "Importing a corpus").
    too_short: bool = False


@dataclass(frozen=True)
class _Line:
    number: int
    text: str | None  # None when undecodable
    error: str | None = None


def format_for(path: Path, explicit: CorpusFormat | None = None) -> CorpusFormat:
    """The explicit format, else the one the file name suggests (plain lines by default)."""
    if explicit is not None:
        return explicit
    return SUFFIX_FORMATS.get(path.suffix.lower(), CorpusFormat.lines)


def read_corpus(
    handle: IO[bytes], source: str, fmt: CorpusFormat, max_chars: int = DEFAULT_MAX_CHARS
) -> Iterator[ParsedDocument | BadLine]:
    """Documents and bad lines of one binary file, in file order."""
    lines = _decoded_lines(handle, max_chars)
    if fmt is CorpusFormat.lines:
        parsed = _parse_plain(lines, source)
    elif fmt is CorpusFormat.jsonl:
        parsed = _parse_jsonl(lines, source)
    else:
        parsed = _parse_csv(lines, source, max_chars)
    for item in parsed:
        yield _checked(item, max_chars) if isinstance(item, ParsedDocument) else item


def parse(
    raw_lines: Iterable[bytes],
    source: str,
    fmt: CorpusFormat,
    max_chars: int = DEFAULT_MAX_CHARS,
) -> Iterator[ParsedDocument | BadLine]:
    """`read_corpus` over lines already in memory (each with its line ending)."""
    return read_corpus(io.BytesIO(b"".join(raw_lines)), source, fmt, max_chars)


def _encoding(handle: IO[bytes]) -> tuple[str, str]:
    """(codec, name for messages), consuming the byte-order mark if there is one."""
    buffered = handle if isinstance(handle, io.BufferedReader) else None
    start = buffered.peek(4)[:4] if buffered is not None else handle.read(4)
    for bom, codec, name in _BOMS:
        if start.startswith(bom):
            if buffered is not None:
                handle.read(len(bom))
            else:
                handle.seek(len(bom))
            return codec, name
    if buffered is None:
        handle.seek(0)
    return "utf-8", "UTF-8"


def _decoded_lines(handle: IO[bytes], max_chars: int) -> Iterator[_Line]:
    """Every physical line ("\\n"-terminated, a trailing "\\r" kept for CSV to drop),
    read at most `max_chars` characters at a time."""
    codec, name = _encoding(handle)
    # surrogateescape keeps an undecodable UTF-8 byte as a lone surrogate, so that one
    # line is rejected and the reading goes on; UTF-16/32 decoders cannot do that, and
    # mark what they cannot decode with U+FFFD instead.
    errors = "surrogateescape" if codec == "utf-8" else "replace"
    text = io.TextIOWrapper(handle, encoding=codec, errors=errors, newline="\n")
    try:
        yield from _bounded_lines(text, name, codec == "utf-8", max_chars)
    finally:
        text.detach()  # the caller's file stays open (and its position readable)


def _bounded_lines(text: IO[str], name: str, utf8: bool, max_chars: int) -> Iterator[_Line]:
    number = 0
    while True:
        line = text.readline(max_chars + 1)
        if not line:
            return
        number += 1
        if len(line) > max_chars and not line.endswith("\n"):
            # Skip the rest of it piece by piece: never the whole line in memory.
            while line and not line.endswith("\n"):
                line = text.readline(max_chars)
            yield _Line(number, None, f"longer than {max_chars:,} characters")
        elif _SURROGATE.search(line) or (not utf8 and "\ufffd" in line):
            yield _Line(number, None, f"not valid {name}")
        elif "\x00" in line:
            hint = " (a UTF-16 file without a byte-order mark?)" if utf8 else ""
            yield _Line(number, None, f"contains NUL bytes{hint}")
        else:
            yield _Line(number, line)


def _rejected(line: _Line) -> BadLine:
    return BadLine(line.number, line.error or "unreadable")


def _parse_plain(lines: Iterable[_Line], source: str) -> Iterator[ParsedDocument | BadLine]:
    for line in lines:
        if line.text is None:
            yield _rejected(line)
        elif line.text.strip():
            yield ParsedDocument(
                id=f"{source}:{line.number}", line=line.number, text=line.text.strip()
            )


def _parse_jsonl(lines: Iterable[_Line], source: str) -> Iterator[ParsedDocument | BadLine]:
    for line in lines:
        if line.text is None:
            yield _rejected(line)
            continue
        if not line.text.strip():
            continue
        try:
            value = json.loads(line.text)
        except (json.JSONDecodeError, RecursionError) as exc:
            message = exc.msg if isinstance(exc, json.JSONDecodeError) else "nested too deeply"
            yield BadLine(line.number, f"invalid JSON ({message})")
            continue
        if not isinstance(value, dict):
            yield BadLine(line.number, "not a JSON object")
            continue
        yield _from_fields(value, line.number, source)


class _RowTooLong(Exception):
    pass


def _parse_csv(
    lines: Iterator[_Line], source: str, max_chars: int
) -> Iterator[ParsedDocument | BadLine]:
    """CSV rows, a quoted field allowed to span lines. A row that cannot be read (a
    quote left open, a row past the size cap) is rejected at its first line, and
    reading starts again at the line after it: nothing after a broken row is lost."""
    csv.field_size_limit(max(csv.field_size_limit(), max_chars + 1))
    pending: deque[_Line] = deque()  # lines read into a broken row, to read again
    row_lines: list[_Line] = []  # the physical lines of the row being read
    bad: list[BadLine] = []
    state = {"exhausted": False}
    row_size = [0]  # characters in row_lines

    def feed() -> Iterator[str]:
        while True:
            line = pending.popleft() if pending else next(lines, None)
            if line is None:
                state["exhausted"] = True
                return
            if line.text is None:
                bad.append(_rejected(line))
                continue
            row_lines.append(line)
            row_size[0] += len(line.text)
            if row_size[0] > max_chars:
                raise _RowTooLong
            yield line.text

    def restart_after_first_line() -> None:
        pending.extendleft(reversed(row_lines[1:]))
        state["exhausted"] = False

    header: list[str] | None = None
    reader = csv.reader(feed())
    while True:
        row_lines.clear()
        row_size[0] = 0
        failure: str | None = None
        try:
            row = next(reader, None)
        except _RowTooLong:
            row, failure = None, f"a row longer than {max_chars:,} characters (a quote left open?)"
        except csv.Error as exc:
            row, failure = None, f"malformed CSV ({exc})"
        if failure is None and row is not None and _open_quote_at_end(row_lines, state):
            failure = "a quote opened here is never closed"
        yield from bad
        bad.clear()
        if failure is not None:
            if not row_lines:
                return  # nothing was read: the reader cannot get any further
            yield BadLine(row_lines[0].number, failure)
            restart_after_first_line()
            reader = csv.reader(feed())
            continue
        if row is None:
            return
        if header is None:
            header = [name.strip().lower() for name in row]
            continue
        if not any(cell.strip() for cell in row):
            continue
        first = row_lines[0].number
        if len(row) > len(header):
            yield BadLine(first, "more fields than the header names")
            continue
        yield _from_fields(dict(zip(header, row, strict=False)), first, source)


def _open_quote_at_end(row_lines: list[_Line], state: dict[str, bool]) -> bool:
    """A row the csv module ended only because the file did: its quotes do not pair up
    (a lenient reader otherwise swallows every line after an unclosed quote)."""
    if len(row_lines) < 2 or not state["exhausted"]:
        return False
    return sum((line.text or "").count('"') for line in row_lines) % 2 == 1


def _from_fields(value: dict[str, Any], number: int, source: str) -> ParsedDocument | BadLine:
    text = next((value[name] for name in TEXT_FIELDS if value.get(name)), None)
    if not isinstance(text, str) or not text.strip():
        return BadLine(number, "no text (expected a 'text' or 'synopsis' field)")
    year = value.get("year")
    if isinstance(year, str):
        year = int(year) if year.strip().isdigit() else None if not year.strip() else year
    if year is not None and (not isinstance(year, int) or isinstance(year, bool)):
        return BadLine(number, f"year {year!r} is not a whole number")
    doc_id = value.get("id")
    if doc_id is not None and not isinstance(doc_id, str | int) or isinstance(doc_id, bool):
        return BadLine(number, "id is neither a string nor a number")
    return ParsedDocument(
        id=str(doc_id).strip() if doc_id not in (None, "") else f"{source}:{number}",
        line=number,
        text=text.strip(),
        title=_optional_str(value.get("title")),
        directors=_directors(value.get("directors")),
        year=year,
        lang=_optional_str(value.get("lang")),
    )


def _checked(doc: ParsedDocument, max_chars: int) -> ParsedDocument | BadLine:
    """The document, or why it cannot be stored (values the columns cannot hold,
    binary data, a fragment too short to mean anything)."""
    problem = _problem(doc, max_chars)
    if problem is not None:
        return BadLine(doc.line, problem)
    if _too_short(doc.text):
        return BadLine(
            doc.line,
            f"too short to be a synopsis (under {MIN_CHARS} characters, {MIN_LETTERS} "
            f"letters or {MIN_WORDS} words)",
            too_short=True,
        )
    return doc


def _problem(doc: ParsedDocument, max_chars: int) -> str | None:
    if not doc.id:
        return "empty id"
    if len(doc.id) > MAX_ID_CHARS:
        return f"id longer than {MAX_ID_CHARS} characters"
    if doc.lang is not None and len(doc.lang) > MAX_LANG_CHARS:
        return f"lang {doc.lang[:20]!r} longer than {MAX_LANG_CHARS} characters"
    if doc.year is not None and not YEAR_RANGE[0] <= doc.year <= YEAR_RANGE[1]:
        return f"year {doc.year} outside {YEAR_RANGE[0]}-{YEAR_RANGE[1]}"
    if len(doc.text) > max_chars:
        return f"longer than {max_chars:,} characters"
    values = [doc.id, doc.text, doc.title or "", doc.lang or "", *doc.directors]
    if any(_CONTROL.search(value) for value in values):
        return "contains control characters or NUL bytes (binary data?)"
    if any(_SURROGATE.search(value) for value in values):
        return "contains unpaired surrogate escapes (not valid Unicode)"
    return None


def _too_short(text: str) -> bool:
    if len(text) < MIN_CHARS or sum(char.isalpha() for char in text) < MIN_LETTERS:
        return True
    # Scripts written without spaces between words carry a sentence in one "word".
    spaced = not any(ord(char) >= _UNSPACED_SCRIPTS for char in text)
    return spaced and len(text.split()) < MIN_WORDS


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
