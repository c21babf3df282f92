"""Every `mirror` command, and every option of each, explains itself in --help."""

from __future__ import annotations

import click
import pytest
import typer.main

from mirror.cli import app


def _walk(command: click.Command, path: tuple[str, ...] = ()):
    yield path, command
    if isinstance(command, click.Group):
        for name, sub in command.commands.items():
            yield from _walk(sub, (*path, name))


COMMANDS = list(_walk(typer.main.get_command(app)))


@pytest.mark.parametrize(("path", "command"), COMMANDS, ids=[" ".join(p) or "mirror" for p, _ in COMMANDS])
def test_command_has_help_text(path: tuple[str, ...], command: click.Command) -> None:
    assert (command.help or "").strip(), f"`mirror {' '.join(path)}` has no help text"


@pytest.mark.parametrize(("path", "command"), COMMANDS, ids=[" ".join(p) or "mirror" for p, _ in COMMANDS])
def test_every_option_has_help_text(path: tuple[str, ...], command: click.Command) -> None:
    undocumented = [
        param.name
        for param in command.params
        if isinstance(param, click.Option) and param.name != "help" and not (param.help or "").strip()
    ]
    assert not undocumented, f"`mirror {' '.join(path)}` options without help: {undocumented}"


def test_contract_commands_exist() -> None:
    paths = {" ".join(path) for path, _ in COMMANDS}
    for name in ("replica serve", "replica truth", "export", "search", "show", "stats", "demo"):
        assert name in paths, f"`mirror {name}` is missing"
