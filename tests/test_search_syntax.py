"""The search query language: user text -> SQLite FTS5 expression and PostgreSQL tsquery."""

from __future__ import annotations

import pytest

from db.search_syntax import (
    SearchQuery,
    SearchSyntaxError,
    Term,
    fts5_expression,
    parse_search,
    tsquery_text,
)


@pytest.mark.parametrize(
    ("text", "fts5", "tsquery"),
    [
        ("river", '"river"', "'river'"),
        ("  River   HARBOUR ", '"river" AND "harbour"', "'river' & 'harbour'"),
        ('"winter garden"', '"winter garden"', "'winter' <-> 'garden'"),
        ("rock OR jazz", '("rock" OR "jazz")', "('rock' | 'jazz')"),
        # a repeated term asks nothing more: kept once (200 of them took PostgreSQL 31 s)
        (" ".join(["rock"] * 200), '"rock"', "'rock'"),
        ("rock jazz rock -pop -pop", '("rock" AND "jazz") NOT "pop"', "'rock' & 'jazz' & !'pop'"),
        ("rock OR jazz OR blues", '("rock" OR "jazz" OR "blues")', "('rock' | 'jazz' | 'blues')"),
        # OR binds tighter than the implicit AND
        (
            "rock OR jazz festival",
            '("rock" OR "jazz") AND "festival"',
            "('rock' | 'jazz') & 'festival'",
        ),
        ("jazz -rock", '"jazz" NOT "rock"', "'jazz' & !'rock'"),
        ("jazz NOT rock", '"jazz" NOT "rock"', "'jazz' & !'rock'"),
        ("NOT rock jazz", '"jazz" NOT "rock"', "'jazz' & !'rock'"),
        (
            'jazz night -"rock festival"',
            '("jazz" AND "night") NOT "rock festival"',
            "'jazz' & 'night' & !('rock' <-> 'festival')",
        ),
        ("light*", '"light"*', "'light':*"),
        ('"lighthouse kee"*', '"lighthouse kee"*', "'lighthouse' <-> 'kee':*"),
        ('"a b" OR c*', '("a b" OR "c"*)', "(('a' <-> 'b') | 'c':*)"),
        # punctuation separates words, as both databases' tokenizers do
        ("l'amour", '"l amour"', "'l' <-> 'amour'"),
        ("hong-kong", '"hong kong"', "'hong' <-> 'kong'"),
        ("snake_case", '"snake case"', "'snake' <-> 'case'"),
        ("rock & roll", '"rock" AND "roll"', "'rock' & 'roll'"),
        # lower-case operators and FTS5 / tsquery syntax are words, never operators
        ("rock or jazz", '"rock" AND "or" AND "jazz"', "'rock' & 'or' & 'jazz'"),
        ("AND near NEAR", '"and" AND "near"', "'and' & 'near'"),  # NEAR is near again
        ("x: | !y", '"x" AND "y"', "'x' & 'y'"),
        ("x:*", '"x"*', "'x':*"),
        ("it's (a) test", '"it s" AND "a" AND "test"', "'it' <-> 's' & 'a' & 'test'"),
        # a lone hyphen is punctuation, not an exclusion
        ("rock - roll", '"rock" AND "roll"', "'rock' & 'roll'"),
        ("Café", '"café"', "'café'"),
        ("1984", '"1984"', "'1984'"),
    ],
)
def test_query_renders_for_both_databases(text: str, fts5: str, tsquery: str) -> None:
    query = parse_search(text)

    assert fts5_expression(query) == fts5
    assert tsquery_text(query) == tsquery


def test_parsed_query_keeps_groups_and_exclusions_apart() -> None:
    assert parse_search('a OR "b c"* -d') == SearchQuery(
        required=((Term(("a",)), Term(("b", "c"), prefix=True)),),
        excluded=(Term(("d",)),),
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "empty search"),
        ("   ", "empty search"),
        ("&& !!", "empty search"),
        ('"unclosed phrase', "unclosed quote"),
        ('"..."', "has no letters or digits"),
        ("OR jazz", "OR needs a word"),
        ("jazz OR", "OR needs a word"),
        ("jazz OR OR rock", "OR needs a word"),
        ("-rock", "nothing to find"),
        ("NOT rock", "nothing to find"),
        ("jazz NOT", "NOT needs a word"),
        ("jazz OR -rock", "cannot be one side of OR"),
        ("-rock OR jazz", "cannot be one side of OR"),
        (" ".join(f"word{n}" for n in range(33)), "too many words and phrases: 33"),
        ("a" * 5001, "search too long: 5001 characters"),
    ],
)
def test_bad_queries_say_what_is_wrong(text: str, message: str) -> None:
    with pytest.raises(SearchSyntaxError, match=message):
        parse_search(text)
