"""Every `mirror` command, and every option of each, explains itself in --help."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import typer.main

from mirror.cli import app


# Typer vendors its own click, so commands are walked by shape, not by click's classes.
def _walk(command: Any, path: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], Any]]:
    yield path, command
    if hasattr(command, "commands"):
        for name, sub in command.commands.items():
            yield from _walk(sub, (*path, name))


COMMANDS = list(_walk(typer.main.get_command(app)))


@pytest.mark.parametrize(
    ("path", "command"), COMMANDS, ids=[" ".join(p) or "mirror" for p, _ in COMMANDS]
)
def test_command_has_help_text(path: tuple[str, ...], command: Any) -> None:
    assert (command.help or "").strip(), f"`mirror {' '.join(path)}` has no help text"


@pytest.mark.parametrize(
    ("path", "command"), COMMANDS, ids=[" ".join(p) or "mirror" for p, _ in COMMANDS]
)
def test_every_option_has_help_text(path: tuple[str, ...], command: Any) -> None:
    undocumented = [
        param.name
        for param in command.params
        if param.param_type_name == "option"
        and param.name != "help"
        and not (param.help or "").strip()
    ]
    assert not undocumented, f"`mirror {' '.join(path)}` options without help: {undocumented}"


def test_contract_commands_exist() -> None:
    paths = {" ".join(path) for path, _ in COMMANDS}
    for name in (
        "replica serve",
        "replica truth",
        "export",
        "search",
        "show",
        "stats",
        "demo",
        "corpus import",
        "match",
        "review",
        "link",
        "serve",
    ):
        assert name in paths, f"`mirror {name}` is missing"
