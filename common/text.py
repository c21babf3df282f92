"""Generic cleaning of text from web pages, shared by every layer.

``fix_text`` repairs what festival sites get wrong (entities, mojibake, whitespace);
``fold_name`` is the key people are matched by, in the crawl's storage and in linkage.
Pure functions: site text never makes them raise (see the error policy of
:mod:`scraper.parsing`); a non-string argument is a programmer error (``ValueError``).
"""

from __future__ import annotations

import html
import re
import unicodedata
from html.entities import html5 as _HTML5_ENTITIES

import ftfy

__all__ = ["collapse_whitespace", "fix_text", "fold_name", "require_text"]


def require_text(value: object, name: str = "s") -> str:
    """Return ``value`` as text: ``None`` is empty, anything but a str is a bug."""
    if value is None:
        return ""
    if not isinstance(value, str):
        raise ValueError(f"{name} must be str or None, not {type(value).__name__}")
    return value


# --------------------------------------------------------------------------- text

# Entity names without the leading "&", with and without their ";".
_ENTITY_NAMES = frozenset(_HTML5_ENTITIES)
_ENTITY_PREFIXES = frozenset(
    name[:i] for name in _ENTITY_NAMES for i in range(2, len(name.rstrip(";")))
)
# `&ndash:` -- a typo'd terminator; only rewritten when the name is a real entity.
_BROKEN_ENTITY_RE = re.compile(r"&(#\d{2,7}|#x[0-9a-fA-F]{2,6}|[A-Za-z][A-Za-z0-9]{1,31}):")
# An entity cut short where the text was truncated ("film &nda…" / "film &nda").
_CUT_ENTITY_RE = re.compile(r"&(#x?[0-9a-fA-F]*|[A-Za-z][A-Za-z0-9]*)(?=\s*(?:…|\.\.\.)|$)")
_STILL_ENCODED_RE = re.compile(r"&(?:[A-Za-z][A-Za-z0-9]{1,31}|#\d{2,7}|#x[0-9a-fA-F]{2,6});")
# UTF-8 read as cp1252/latin-1 always shows a lead byte (Â..ô) followed by what a
# continuation byte (0x80-0xBF) becomes; without such a pair there is nothing to fix,
# and skipping ftfy then keeps fix_text cheap on ordinary accented text.
_CP1252_CONTINUATIONS = (
    "\u0080-\u00bf"  # C1 controls (bytes cp1252 leaves undefined) and latin-1 symbols
    "\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc"  # Œœ Šš Ÿ Žž ƒ ˆ ˜
    "\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122"
)
# A numeric reference longer than any code point: html.unescape would hand its digits
# to int(), which refuses more than 4,300 of them (ValueError).
_NUMERIC_REFERENCE_RE = re.compile(r"&#(?:[xX]([0-9a-fA-F]+)|([0-9]+))(;?)")
_MAX_CODE_POINT_DIGITS = 7  # 1114111, or 10FFFF in hex
_MOJIBAKE_HINT_RE = re.compile(f"Ã |[\u00c2-\u00f4][{_CP1252_CONTINUATIONS}]")


def _repair_broken_entity(match: re.Match[str]) -> str:
    name = match.group(1)
    if name.startswith("#") or f"{name};" in _ENTITY_NAMES:
        return f"&{name};"
    return match.group(0)


def _defuse_long_reference(match: re.Match[str]) -> str:
    """The reference without its leading zeros, or U+FFFD past any code point."""
    hexadecimal = match.group(1) is not None
    digits = (match.group(1) or match.group(2)).lstrip("0") or "0"
    if len(digits) > _MAX_CODE_POINT_DIGITS:
        return "\ufffd"
    return f"&#{'x' if hexadecimal else ''}{digits}{match.group(3)}"


def _drop_cut_entity(match: re.Match[str], *, at_end: bool) -> str:
    name = match.group(1)
    if not at_end and match.end() == len(match.string):
        # At the very end of the text only when the caller says it was truncated:
        # "R&D" or "AT&T" must survive in ordinary text.
        return match.group(0)
    if f"{name};" in _ENTITY_NAMES:
        return f"&{name};"
    if name.startswith("#") or name in _ENTITY_PREFIXES:
        return ""
    return match.group(0)


def _sloppy_cp1252_bytes(s: str) -> bytes | None:
    """The bytes a cp1252 reader saw: cp1252 where defined, latin-1 for the five holes."""
    out = bytearray()
    for ch in s:
        try:
            out += ch.encode("cp1252")
        except UnicodeEncodeError:
            if ord(ch) > 0xFF:
                return None
            out.append(ord(ch))
    return bytes(out)


def _fix_mojibake(s: str) -> str:
    """Undo UTF-8 read as cp1252 (``Ã©`` -> ``é``) without touching quotes."""
    s = ftfy.fix_encoding(s)
    # ftfy leaves short sequences it is not sure about ("Ï€" for "π"); a strict
    # UTF-8 decode of the bytes a cp1252 reader saw is a safe second opinion:
    # ordinary accented text almost never decodes as UTF-8.
    if not s.isascii() and _MOJIBAKE_HINT_RE.search(s):
        raw = _sloppy_cp1252_bytes(s)
        if raw is not None:
            try:
                return raw.decode("utf-8")
            except UnicodeDecodeError:
                pass
    return s


def collapse_whitespace(s: str | None) -> str:
    """Runs of any whitespace (incl. NBSP and newlines) become one space; trimmed."""
    return " ".join(require_text(s).split())


def fix_text(s: str | None, *, truncated: bool = False) -> str:
    """Decode entities (also ``&ndash:`` and double-encoded ones), fix mojibake,
    collapse whitespace.

    An entity cut short by truncation (``&nda`` before ``…``/``...``) is dropped;
    at the very end of the text only when ``truncated`` is true.
    """
    s = require_text(s)
    if not s:
        return ""
    if "&" in s:
        if "&#" in s:
            s = _NUMERIC_REFERENCE_RE.sub(_defuse_long_reference, s)
        s = _BROKEN_ENTITY_RE.sub(_repair_broken_entity, s)
        s = _CUT_ENTITY_RE.sub(lambda m: _drop_cut_entity(m, at_end=truncated), s)
        s = html.unescape(s)
        if "&" in s and _STILL_ENCODED_RE.search(s):  # "&amp;ndash;" -> "–"
            s = html.unescape(s)
    if not s.isascii() and _MOJIBAKE_HINT_RE.search(s):
        s = _fix_mojibake(s)
    return " ".join(s.split())  # collapse_whitespace, inlined: called ~30 times a film page


# Letters with no decomposition into a base letter, by their case-folded form (the
# table is applied after casefold, so "Þ" and "þ" fold alike).
_FOLD_EXTRA = str.maketrans(
    {
        "ø": "o",
        "æ": "ae",
        "œ": "oe",
        "đ": "d",
        "ł": "l",
        "ı": "i",
        "þ": "th",
        "ð": "d",
        "-": " ",
        "‐": " ",
        "–": " ",
    }
)
_FOLD_DROP_RE = re.compile(r"[.'’`´\"“”]")


def fold_name(s: str | None) -> str:
    """A matching key for people: ``Kaurismäki``/``KAURISMAKI`` -> ``kaurismaki``.

    Accents removed, case folded, hyphens as spaces, dots/apostrophes dropped,
    whitespace collapsed. Not for display.
    """
    # Case-folded before and after decomposing ("ℌ" decomposes to a capital H), and
    # translated after: "Ǿ" decomposes to "Ø" and an accent.
    decomposed = unicodedata.normalize("NFKD", fix_text(s).casefold())
    base = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return collapse_whitespace(_FOLD_DROP_RE.sub("", base.casefold().translate(_FOLD_EXTRA)))
