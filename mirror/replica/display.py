"""The display side of a film entry: how pages garble what the truth keeps clean.

Only recoverable corruptions happen here (case, ratings, inverted articles, broken
entities, mojibake, extra whitespace, diacritics dropped in listing headers): a careful
reader can undo them, so the truth keeps the canonical form.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import replace

import ftfy

from mirror.replica.model import Film

ARTICLES = ("The", "A", "An", "La", "Le", "Les", "El", "Il", "Die", "Der", "Das")
TEASER_CHARS = 200
SEE_ALSO_CHARS = 150


def invertible_article(title: str) -> str | None:
    """The leading article a listing could move to the end (`BOOK..., THE`), if any."""
    first, _, rest = title.partition(" ")
    return first if first in ARTICLES and rest else None


def mojibake(text: str) -> str:
    """UTF-8 bytes read as cp1252 (`Ï€` for `π`); undefined bytes kept as latin-1."""
    out = []
    for byte in text.encode("utf-8"):
        try:
            out.append(bytes([byte]).decode("cp1252"))
        except UnicodeDecodeError:
            out.append(chr(byte))
    return "".join(out)


def recoverable_mojibake(text: str) -> str:
    """Mojibake of `text` when ftfy.fix_encoding can undo it (what a careful reader can),
    else `text` unchanged: irrecoverable garbling would change the truth."""
    garbled = mojibake(text)
    if any("\x80" <= ch <= "\x9f" for ch in garbled):
        return text  # C1 controls do not survive HTML parsing intact
    return garbled if ftfy.fix_encoding(garbled) == text else text


def strip_diacritics(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def in_capitals(text: str) -> str:
    """`text` in capitals as an archive types it: a letter whose capital is not one letter
    stays as it is (`STRAßE`, not Python's `STRASSE`, which loses the ß for good)."""
    return "".join(ch.upper() if len(ch.upper()) == 1 else ch for ch in text)


def title_display(film: Film) -> str | None:
    if film.fixed_title_display is not None:
        return film.fixed_title_display
    if film.title is None:
        return None
    knobs = film.knobs
    text = film.title
    article = invertible_article(text) if knobs.invert_article else None
    if article:
        text = f"{text[len(article) + 1 :]}, {article}"
    if knobs.rating:
        text = f"{text} ({knobs.rating})"
    if knobs.title_case == "upper":
        text = in_capitals(text)
    if knobs.broken_entity:
        text = text.replace("–", "&ndash:")
    if knobs.mojibake_title:
        text = recoverable_mojibake(text)
    if knobs.extra_space:
        text = text.replace(" ", "  ", 1) + " "
    return text


def listing_directors(film: Film) -> tuple[str, ...]:
    names = film.directors
    if film.knobs.strip_listing_diacritics:
        names = tuple(strip_diacritics(name) for name in names)
    if film.knobs.mojibake_listing_names:
        names = tuple(recoverable_mojibake(name) for name in names)
    return names


def join_directors(names: tuple[str, ...], joiner: str) -> str:
    if len(names) < 2 or joiner == ", ":
        return ", ".join(names)
    if joiner == " and ":
        return ", ".join(names[:-1]) + " and " + names[-1]
    return joiner.join(names)


def listing_line(film: Film) -> str | None:
    if film.fixed_listing_line is not None:
        return film.fixed_listing_line
    shown = title_display(film)
    if film.knobs.no_header or shown is None:
        return None
    people = join_directors(listing_directors(film), film.knobs.joiner)
    year = "" if film.year is None else str(film.year)
    return f"{shown.strip()} ({people}, {year})"


def truncate(text: str, limit: int) -> str:
    """Cut at a word boundary before `limit` characters (no ellipsis added)."""
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:")


def teaser(film: Film) -> str:
    """The listing teaser as shown, without the trailing "Read more"."""
    knobs = film.knobs
    if knobs.teaser_lead == "empty" or not film.synopsis_paragraphs:
        return "... ..."
    body = " ".join(film.synopsis_paragraphs)
    if knobs.teaser_lead == "quote" and film.quote:
        body = f"“{film.quote}” – {film.quote_source} {body}"
    elif knobs.teaser_lead == "premiere" and knobs.premiere_label:
        body = f"{knobs.premiere_label} {body}"
    return truncate(body, TEASER_CHARS) + "…"


def see_also_text(film: Film) -> str:
    """The truncated text of a "See also..." teaser pointing at `film`."""
    if not film.synopsis_paragraphs:
        return "Synopsis not available"
    return truncate(film.synopsis_paragraphs[0], SEE_ALSO_CHARS) + " ..."


_SLUG_JUNK = re.compile(r"[^a-z0-9]+")


def slug(title: str | None) -> str:
    ascii_title = strip_diacritics(title or "").encode("ascii", "ignore").decode().lower()
    return _SLUG_JUNK.sub("-", ascii_title).strip("-") or "film"


def finalize(film: Film) -> Film:
    """Recompute every derived display field from the canonical record and the knobs."""
    return replace(
        film,
        title_display=title_display(film),
        listing_line=listing_line(film),
        listing_directors=listing_directors(film),
        teaser=teaser(film),
        slug=slug(film.title),
    )
