"""``--festival`` for the commands that work on one festival's entries.

No festival is the default: given no ``--festival``, a command takes the only festival
the mirror (or the archive it reads) holds, and refuses to guess among several.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated

import typer

FestivalOption = Annotated[
    str | None,
    typer.Option(
        "--festival",
        help="The festival's slug, e.g. miff or nziff (default: the only festival the "
        "mirror holds; required when it holds several).",
        show_default=False,
    ),
]


class FestivalChoiceError(Exception):
    """No festival was given and none can be told from the mirror; the message is for
    users."""


def choose_festival(explicit: str | None, held: Sequence[str], where: str = "the mirror") -> str:
    """``explicit`` if given, else the only festival of ``held`` (the festivals ``where``
    holds); FestivalChoiceError when it holds none or several."""
    if explicit:
        return explicit
    if len(held) == 1:
        return held[0]
    if not held:
        raise FestivalChoiceError(f"{where} is empty: no festival has been crawled into it yet")
    raise FestivalChoiceError(
        f"{where} holds several festivals ({', '.join(held)}): say which with --festival"
    )
