"""Output of the query commands: JSON for scripts, tables for people, tables that fit.

Every query command prints JSON when stdout is not a terminal (a pipe, a file), tables
when it is; ``--json`` and ``--table`` force one or the other. A table too wide for the
terminal to show every word and number whole is printed stacked instead: one block of
"column: value" lines per row, so no number is ever cut to ``120…``.
"""

from __future__ import annotations

import json
import sys
from typing import Annotated, Any

import typer
from rich.console import Console, Group, RenderableType
from rich.measure import Measurement
from rich.table import Table
from rich.text import Text

JsonOption = Annotated[
    bool,
    typer.Option(
        "--json",
        help="Print JSON (the default when stdout is not a terminal).",
    ),
]
TableOption = Annotated[
    bool,
    typer.Option("--table", help="Print tables even when stdout is not a terminal."),
]


def wants_json(as_json: bool, as_table: bool) -> bool:
    """JSON when asked, a table when asked, else JSON exactly when stdout is no terminal."""
    if as_json and as_table:
        typer.echo("error: give --json or --table, not both", err=True)
        raise typer.Exit(1)
    return as_json or (not as_table and not sys.stdout.isatty())


def print_json(value: Any) -> None:
    sys.stdout.write(json.dumps(value, ensure_ascii=False, indent=2, default=str) + "\n")


def number_column(table: Table, header: str) -> None:
    """A column of numbers: right-aligned, never wrapped or cut."""
    table.add_column(header, justify="right", no_wrap=True)


def text_column(table: Table, header: str, **options: Any) -> None:
    """A column of text: wrapped at spaces, a word too long for it folded."""
    table.add_column(header, overflow="fold", **options)


def fits(console: Console, table: Table) -> bool:
    """Whether the table shows every word and number of every cell whole at this width."""
    unbounded = console.options.update_width(1_000_000)
    return Measurement.get(console, unbounded, table).minimum <= console.width


def stacked(table: Table) -> RenderableType:
    """The table as one "column: value" block per row, for terminals too narrow for it."""
    headers = [str(column.header) for column in table.columns]
    columns = [list(column.cells) for column in table.columns]
    blocks: list[RenderableType] = []
    if table.title:
        blocks.append(Text(str(table.title), style="bold"))
    for row in range(table.row_count):
        grid = Table.grid(padding=(0, 1))
        grid.add_column(style="bold", no_wrap=True)
        grid.add_column(overflow="fold")
        for header, cells in zip(headers, columns, strict=True):
            cell = cells[row]
            if cell not in ("", None):
                grid.add_row(f"{header}:", cell)
        blocks.append(grid)
        blocks.append(Text(""))
    return Group(*blocks)


def print_table(console: Console, table: Table) -> None:
    """The table as is when it fits the terminal, stacked when it does not."""
    console.print(table if fits(console, table) else stacked(table))
