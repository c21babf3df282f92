"""`mirror search` over a crawled replica, on SQLite and on PostgreSQL: phrases, OR, NOT,
prefixes and their mixtures each return exactly the films whose title or synopsis
satisfies the query, the expected films worked out from the replica's truth with plain
Python string checks."""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterator
from typing import Any

import pytest

from db.migrate import upgrade
from mirror.replica_process import replica_subprocess
from tests.crawl_helpers import mirror, run_crawl, truth
from tests.db_fixtures import throwaway_postgres_database

FILMS = "200"

# (query, what it means in Python): every term a (words, prefix) pair; a query is the
# groups that must each have a matching term, and the terms that must not match.
Term = tuple[tuple[str, ...], bool]
CASES: list[tuple[str, list[list[Term]], list[Term]]] = [
    ('"family must"', [[(("family", "must"), False)]], []),
    ('"long summer"', [[(("long", "summer"), False)]], []),
    ("village OR freedom", [[(("village",), False), (("freedom",), False)]], []),
    ("family -village", [[(("family",), False)]], [(("village",), False)]),
    ("family NOT village", [[(("family",), False)]], [(("village",), False)]),
    ("frien*", [[(("frien",), True)]], []),
    ('"a strang"*', [[(("a", "strang"), True)]], []),
    (
        '"jazz musician" OR villag* -"family must" exuberant',
        [[(("jazz", "musician"), False), (("villag",), True)], [(("exuberant",), False)]],
        [(("family", "must"), False)],
    ),
]


def _tokens(text: str | None, fold_accents: bool) -> list[str]:
    words = re.findall(r"[^\W_]+", (text or "").lower())
    if not fold_accents:
        return words
    return [
        "".join(c for c in unicodedata.normalize("NFKD", w) if not unicodedata.combining(c))
        for w in words
    ]


def _has(tokens: list[str], term: Term) -> bool:
    words, prefix = term
    for start in range(len(tokens) - len(words) + 1):
        window = tokens[start : start + len(words)]
        if window[:-1] == list(words[:-1]) and (
            window[-1].startswith(words[-1]) if prefix else window[-1] == words[-1]
        ):
            return True
    return False


def _fields(record: dict[str, Any], dialect: str) -> list[list[str]]:
    """The token runs a phrase can match in: SQLite's FTS5 indexes title and synopsis as
    two columns (accents folded); PostgreSQL's search vector is the title then the
    synopsis, one run of positions (accents kept)."""
    if dialect == "sqlite":
        return [_tokens(record["title"], True), _tokens(record["synopsis"], True)]
    return [_tokens(record["title"], False) + _tokens(record["synopsis"], False)]


def expected_films(
    records: list[dict[str, Any]], required: list[list[Term]], excluded: list[Term], dialect: str
) -> set[str]:
    def matches(record: dict[str, Any], term: Term) -> bool:
        return any(_has(tokens, term) for tokens in _fields(record, dialect))

    return {
        record["film_id"]
        for record in records
        if all(any(matches(record, term) for term in group) for group in required)
        and not any(matches(record, term) for term in excluded)
    }


@pytest.fixture(scope="module")
def site_truth() -> list[dict[str, Any]]:
    return truth("--films", FILMS)


@pytest.fixture(scope="module")
def replica_url() -> Iterator[str]:
    with replica_subprocess("--films", FILMS) as url:
        yield url


def _crawled(replica_url: str, db_url: str) -> str:
    result = run_crawl(replica_url, db_url)
    assert result.returncode == 0, result.stderr[-3000:]
    return db_url


@pytest.fixture(scope="module")
def sqlite_mirror(replica_url: str, tmp_path_factory: pytest.TempPathFactory) -> str:
    return _crawled(replica_url, f"sqlite:///{tmp_path_factory.mktemp('search') / 'm.db'}")


@pytest.fixture(scope="module")
def postgres_mirror(replica_url: str) -> Iterator[str]:
    with throwaway_postgres_database("mirror_search") as url:
        upgrade(url)
        yield _crawled(replica_url, url)


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def crawled(request: pytest.FixtureRequest) -> tuple[str, str]:
    """(dialect, URL) of the crawled replica: each test runs on both databases."""
    fixture = "sqlite_mirror" if request.param == "sqlite" else "postgres_mirror"
    return request.param, str(request.getfixturevalue(fixture))


def _search(db_url: str, query: str) -> list[dict[str, Any]]:
    result = mirror("search", query, "--limit", "1000", "--db", db_url)  # piped: JSON
    assert result.returncode == 0, result.stderr
    hits: list[dict[str, Any]] = json.loads(result.stdout)
    return hits


@pytest.mark.parametrize(("query", "required", "excluded"), CASES, ids=[c[0] for c in CASES])
def test_search_returns_exactly_the_films_that_satisfy_the_query(
    crawled: tuple[str, str],
    site_truth: list[dict[str, Any]],
    query: str,
    required: list[list[Term]],
    excluded: list[Term],
) -> None:
    dialect, db_url = crawled
    expected = expected_films(site_truth, required, excluded, dialect)

    found = [hit["film_id"] for hit in _search(db_url, query)]

    assert expected, f"{query!r} should find something in the replica"
    assert len(found) == len(set(found))
    assert set(found) == expected


def test_phrase_is_narrower_than_its_words(crawled: tuple[str, str]) -> None:
    """The phrase test above is not the AND of the words in disguise."""
    _, db_url = crawled
    phrase = {hit["film_id"] for hit in _search(db_url, '"family must"')}
    words = {hit["film_id"] for hit in _search(db_url, "family must")}

    assert phrase < words


def test_snippets_are_whole_words_with_only_the_matches_marked(
    crawled: tuple[str, str], site_truth: list[dict[str, Any]]
) -> None:
    _, db_url = crawled
    by_id = {record["film_id"]: record for record in site_truth}
    hits = _search(db_url, "village OR freedom")

    marked = {hit["snippet"][a:b].lower() for hit in hits for a, b in hit["highlights"]}
    assert marked == {"village", "freedom"}
    for hit in hits:
        record = by_id[hit["film_id"]]
        entry_words = set(_tokens(record["title"], False) + _tokens(record["synopsis"], False))
        cut_words = set(_tokens(hit["snippet"], False)) - entry_words
        assert not cut_words, (hit["snippet"], cut_words)


def test_repeated_words_cost_nothing_and_too_many_are_refused(crawled: tuple[str, str]) -> None:
    """200 repeated words took PostgreSQL 31 s: repeats are dropped before the query is
    built, and a query of more distinct terms than the cap is refused, not run."""
    _, db_url = crawled
    once = _search(db_url, "village")
    assert once
    assert _search(db_url, " ".join(["village"] * 200)) == once

    refused = mirror("search", " ".join(f"w{n}x" for n in range(200)), "--db", db_url)
    assert refused.returncode != 0
    assert "too many words and phrases" in refused.stderr
    assert "Traceback" not in refused.stderr
