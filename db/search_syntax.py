"""The `mirror search` query language: user text parsed once, then written out as an
SQLite FTS5 expression or a PostgreSQL tsquery.

The language (what `mirror search --help` documents):

- ``word word``: every word must match, in the title or the synopsis;
- ``"a phrase"``: these words next to each other, in this order;
- ``a OR b``: either one (``OR`` in capitals; it binds tighter than the implicit AND:
  ``rock OR jazz festival`` is (rock or jazz) and festival);
- ``-word``, ``NOT word``, ``-"a phrase"``: entries without it;
- ``word*``, ``"a phra"*``: words starting with it (the last word of a phrase).

Words are runs of letters and digits; anything else in the text separates words, as the
databases' own tokenizers do, so ``l'amour`` or ``hong-kong`` is searched as the phrase
of its words. Both renderings are built only from those words and fixed operators, so
nothing the user types reaches either query language verbatim; the caller still passes
them as bound parameters.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# Letters and digits: what FTS5's unicode61 and PostgreSQL's parser keep as word characters
# (both treat "_" as a separator, so it is excluded from \w here).
_WORD = re.compile(r"[^\W_]+")
# Bounds on what one search may ask: repeated terms are dropped first (they change
# nothing), then a query longer or with more distinct terms is refused. PostgreSQL took
# 31 s on 200 repeated words and minutes on 2,000 before these existed.
MAX_QUERY_CHARS = 5_000
MAX_TERMS = 32
OR_OPERATOR = "OR"
NOT_OPERATOR = "NOT"


class SearchSyntaxError(ValueError):
    """The user's search text cannot be understood; the message says why, in one line."""


@dataclass(frozen=True)
class Term:
    """One searchable unit: a word, or a phrase of adjacent words; ``prefix``: the last
    word is a prefix."""

    words: tuple[str, ...]
    prefix: bool = False


@dataclass(frozen=True)
class SearchQuery:
    """Every group in ``required`` must match (a group matches when any of its terms
    does), and no term in ``excluded`` may."""

    required: tuple[tuple[Term, ...], ...]
    excluded: tuple[Term, ...] = ()

    def terms(self) -> list[Term]:
        """The terms that select entries (not the excluded ones)."""
        return [term for group in self.required for term in group]


@dataclass(frozen=True)
class _Token:
    term: Term | None  # None for the OR operator
    negated: bool = False


def parse_search(text: str) -> SearchQuery:
    """The query the user meant, or a SearchSyntaxError saying what is wrong."""
    if len(text) > MAX_QUERY_CHARS:
        raise SearchSyntaxError(
            f"search too long: {len(text)} characters, at most {MAX_QUERY_CHARS}"
        )
    tokens = _tokens(unicodedata.normalize("NFC", text))
    if not tokens:
        raise SearchSyntaxError("empty search: give at least one word to look for")
    required: list[list[Term]] = []
    excluded: list[Term] = []
    joining = False  # the previous token was OR
    for index, token in enumerate(tokens):
        if token.term is None:
            if joining or index in (0, len(tokens) - 1):
                raise SearchSyntaxError("OR needs a word or phrase on each side")
            if tokens[index - 1].negated or tokens[index + 1].negated:
                raise SearchSyntaxError(
                    "an excluded word (-word or NOT word) cannot be one side of OR"
                )
            joining = True
            continue
        if token.negated:
            excluded.append(token.term)
        elif joining:
            required[-1].append(token.term)
        else:
            required.append([token.term])
        joining = False
    if not required:
        raise SearchSyntaxError(
            "nothing to find: -word and NOT word only exclude; add a word that must match"
        )
    # A group or an excluded term given twice asks nothing more: keep the first.
    groups = tuple(dict.fromkeys(tuple(dict.fromkeys(group)) for group in required))
    without = tuple(dict.fromkeys(excluded))
    count = sum(len(group) for group in groups) + len(without)
    if count > MAX_TERMS:
        raise SearchSyntaxError(
            f"too many words and phrases: {count} different ones, at most {MAX_TERMS}"
        )
    return SearchQuery(groups, without)


def _tokens(text: str) -> list[_Token]:
    tokens: list[_Token] = []
    negate_next = False  # a NOT was read
    position = 0
    while position < len(text):
        char = text[position]
        if char.isspace():
            position += 1
            continue
        negated = negate_next
        negate_next = False
        if char == "-" and position + 1 < len(text) and not text[position + 1].isspace():
            negated = True
            position += 1
            char = text[position]
        if char == '"':
            end = text.find('"', position + 1)
            if end < 0:
                raise SearchSyntaxError('unclosed quote: a phrase needs a closing "')
            inner = text[position + 1 : end]
            position = end + 1
            prefix = text.startswith("*", position)
            position += prefix
            words = _words(inner)
            if not words:
                raise SearchSyntaxError(f'the phrase "{inner}" has no letters or digits')
            tokens.append(_Token(Term(words, prefix), negated))
            continue
        end = position
        while end < len(text) and not text[end].isspace() and text[end] != '"':
            end += 1
        bare = text[position:end]
        position = end
        if bare == OR_OPERATOR and not negated:
            tokens.append(_Token(None))
        elif bare == NOT_OPERATOR and not negated:
            negate_next = True
        elif words := _words(bare):
            tokens.append(_Token(Term(words, bare.endswith("*")), negated))
        # else: punctuation alone ("&", "--"), which no index holds: nothing to match
    if negate_next:
        raise SearchSyntaxError("NOT needs a word or phrase after it")
    return tokens


def _words(text: str) -> tuple[str, ...]:
    return tuple(word.lower() for word in _WORD.findall(text))


# -- SQLite FTS5 --------------------------------------------------------------------------


def fts5_expression(query: SearchQuery) -> str:
    """The FTS5 MATCH expression: every term a quoted string (so no word is read as an
    FTS5 operator), groups joined with AND, exclusions with NOT."""
    groups = [_fts5_group(group) for group in query.required]
    expression = " AND ".join(groups)
    if query.excluded:
        if len(groups) > 1:
            expression = f"({expression})"
        expression += "".join(f" NOT {_fts5_term(term)}" for term in query.excluded)
    return expression


def _fts5_group(group: tuple[Term, ...]) -> str:
    if len(group) == 1:
        return _fts5_term(group[0])
    return "(" + " OR ".join(_fts5_term(term) for term in group) + ")"


def _fts5_term(term: Term) -> str:
    return '"' + " ".join(term.words) + '"' + ("*" if term.prefix else "")


# -- PostgreSQL ---------------------------------------------------------------------------


def tsquery_text(query: SearchQuery) -> str:
    """The text for ``to_tsquery('simple', :text)``: every word a quoted lexeme, phrases
    with ``<->``, prefixes with ``:*``, groups joined with ``&``, exclusions with ``!``."""
    groups = [_tsquery_group(group) for group in query.required]
    groups += [f"!{_tsquery_term(term, alone=False)}" for term in query.excluded]
    return " & ".join(groups)


def _tsquery_group(group: tuple[Term, ...]) -> str:
    if len(group) == 1:
        return _tsquery_term(group[0], alone=True)
    return "(" + " | ".join(_tsquery_term(term, alone=False) for term in group) + ")"


def _tsquery_term(term: Term, *, alone: bool) -> str:
    lexemes = [f"'{word}'" for word in term.words]
    if term.prefix:
        lexemes[-1] += ":*"
    phrase = " <-> ".join(lexemes)
    return phrase if alone or len(lexemes) == 1 else f"({phrase})"
