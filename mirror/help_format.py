"""How `mirror ... --help` shows parameters: flags as flags, values by their metavar.

Typer (0.2x) writes a type after every option in help: ``--json <bool>``, ``--help
<bool>``, ``QUERY <str>``. A flag takes no value, so a type after it reads as if it
wanted one; a positional argument named by its metavar (``QUERY``, ``FILM_ID``)
already says what it is. This drops the type in those two cases and keeps it for
options that take a value and have no metavar (``<int>``, ``<path>``, choices).
"""

from __future__ import annotations

from typing import Any

from typer.core import TyperArgument, TyperOption

# Older Typer releases (pyproject allows >=0.12) show no types and lack these methods.
_original_option_type = getattr(TyperOption, "display_type_rich", None)
_original_argument_type = getattr(TyperArgument, "display_type_rich", None)


def _option_type(self: TyperOption, ctx: Any) -> str | None:
    if self.is_flag and self.metavar is None:
        return None
    assert _original_option_type is not None
    return _original_option_type(self, ctx)


def _argument_type(self: TyperArgument, ctx: Any) -> str | None:
    if self.metavar is not None:
        return None
    assert _original_argument_type is not None
    return _original_argument_type(self, ctx)


def show_flags_as_flags() -> None:
    """Install the two rules above (idempotent; affects every Typer app in the process)."""
    if _original_option_type is None or _original_argument_type is None:
        return
    TyperOption.display_type_rich = _option_type  # type: ignore[method-assign]
    TyperArgument.display_type_rich = _argument_type  # type: ignore[method-assign,assignment]
