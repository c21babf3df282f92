"""Row writers of `mirror export`: JSONL, CSV and Parquet, one row at a time.

Each writer is given the columns up front (``mirror.export_columns``) and the rows as
``db.exports`` yields them, and writes as it goes: Parquet in row groups of
:data:`PARQUET_ROW_GROUP` rows, so an export of the whole mirror is never held in
memory. CSV cells of lists and objects hold JSON; an empty cell is null.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import IO, Any, Protocol

from db.queries import VANISHED_KEY
from mirror.export_columns import VANISHED_COLUMNS, Column, Kind

PARQUET_ROW_GROUP = 2000


class RowWriter(Protocol):
    def write(self, row: dict[str, Any]) -> None: ...

    def close(self) -> None: ...


def flatten_vanished(row: dict[str, Any]) -> dict[str, Any]:
    """A row with its ``vanished`` object as the two columns CSV and Parquet have."""
    vanished = row.pop(VANISHED_KEY, None) or {}
    row["vanished_run_id"] = vanished.get("run_id")
    row["vanished_at"] = vanished.get("at")
    return row


class JsonlWriter:
    """One JSON object a line, keys in column order (``vanished`` only on tombstones)."""

    def __init__(self, out: IO[str]) -> None:
        self._out = out

    def write(self, row: dict[str, Any]) -> None:
        self._out.write(json.dumps(row, ensure_ascii=False) + "\n")

    def close(self) -> None:
        self._out.flush()


class CsvWriter:
    def __init__(self, out: IO[str], columns: Sequence[Column], *, vanished: bool) -> None:
        self._columns = list(columns) + (list(VANISHED_COLUMNS) if vanished else [])
        self._vanished = vanished
        self._writer = csv.writer(out, lineterminator="\n")
        self._writer.writerow([column.name for column in self._columns])
        self._out = out

    def write(self, row: dict[str, Any]) -> None:
        if self._vanished:
            row = flatten_vanished(row)
        self._writer.writerow([csv_cell(row.get(c.name), c.kind) for c in self._columns])

    def close(self) -> None:
        self._out.flush()


def csv_cell(value: Any, kind: Kind) -> Any:
    """A value as a CSV cell: null empty, lists and objects as JSON, booleans true/false."""
    if value is None:
        return ""
    if kind.structured:
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, bool):
        return "true" if value else "false"
    return value


class ParquetWriter:
    """Row groups of :data:`PARQUET_ROW_GROUP` rows; lists and objects as Arrow's nested
    types (a credits map, lists of structs), times as UTC timestamps."""

    def __init__(self, sink: Any, columns: Sequence[Column], *, vanished: bool) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        self._pa = pa
        self._columns = list(columns) + (list(VANISHED_COLUMNS) if vanished else [])
        self._vanished = vanished
        self.schema = pa.schema(
            [
                pa.field(c.name, arrow_type(c.kind), metadata={"description": c.description})
                for c in self._columns
            ]
        )
        self._writer = pq.ParquetWriter(sink, self.schema)
        self._pending: list[dict[str, Any]] = []

    def write(self, row: dict[str, Any]) -> None:
        if self._vanished:
            row = flatten_vanished(row)
        self._pending.append({c.name: _arrow_value(row.get(c.name), c.kind) for c in self._columns})
        if len(self._pending) >= PARQUET_ROW_GROUP:
            self._flush()

    def _flush(self) -> None:
        if self._pending:
            table = self._pa.Table.from_pylist(self._pending, schema=self.schema)
            self._writer.write_table(table)
            self._pending = []

    def close(self) -> None:
        self._flush()
        self._writer.close()


def arrow_type(kind: Kind) -> Any:
    import pyarrow as pa

    text, timestamp = pa.string(), pa.timestamp("us", tz="UTC")
    return {
        Kind.STRING: text,
        Kind.INTEGER: pa.int64(),
        Kind.BOOLEAN: pa.bool_(),
        Kind.DATETIME: timestamp,
        Kind.STRINGS: pa.list_(text),
        Kind.CREDITS: pa.map_(text, pa.list_(text)),
        Kind.SEE_ALSO: pa.list_(pa.struct([("film_id", text), ("title", text), ("teaser", text)])),
        Kind.WORK_MEMBERS: pa.list_(
            pa.struct([("kind", text), ("festival", text), ("film_id", text), ("doc", text)])
        ),
        Kind.HISTORY: pa.list_(
            pa.struct(
                [
                    ("version", pa.int64()),
                    ("text", text),
                    ("lang", text),
                    ("current", pa.bool_()),
                    ("first_seen_at", timestamp),
                    ("superseded_at", timestamp),
                ]
            )
        ),
        Kind.JSON: text,
    }[kind]


def _arrow_value(value: Any, kind: Kind) -> Any:
    if value is None:
        return None
    if kind is Kind.DATETIME:
        return _moment(value)
    if kind is Kind.HISTORY:
        return [
            {
                **version,
                "first_seen_at": _moment(version["first_seen_at"]),
                "superseded_at": _moment(version["superseded_at"]),
            }
            for version in value
        ]
    if kind is Kind.JSON:
        return json.dumps(value, ensure_ascii=False)
    return value


def _moment(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value is not None else None


def write_all(writer: RowWriter, rows: Iterable[dict[str, Any]]) -> int:
    """Write every row and close the writer; the number of rows written."""
    count = 0
    for row in rows:
        writer.write(row)
        count += 1
    writer.close()
    return count
