"""Pure parts of deduplication: corpus file parsing, people's decisions in clustering,
and the rule that agreeing title, director and year outweigh a rewritten synopsis."""

from __future__ import annotations

from pathlib import Path

import pytest

from linkage.clusters import assign_works
from linkage.records import Record
from linkage.scoring import Decision, Link, PairEvidence, score_pair
from mirror.corpus_input import BadLine, CorpusFormat, ParsedDocument, format_for, parse


def _parse(data: bytes, fmt: CorpusFormat) -> list[ParsedDocument | BadLine]:
    return list(parse(data.splitlines(keepends=True), "src", fmt))


# Long enough to be a synopsis (shorter fragments are skipped as too short).
FIRST = "The first of the documents: a story."
SECOND = "The second: a story told over two lines."


@pytest.mark.parametrize(
    ("name", "explicit", "expected"),
    [
        ("a.txt", None, CorpusFormat.lines),
        ("a.JSONL", None, CorpusFormat.jsonl),
        ("a.csv", None, CorpusFormat.csv),
        ("a", None, CorpusFormat.lines),
        ("a.txt", CorpusFormat.jsonl, CorpusFormat.jsonl),
    ],
)
def test_format_follows_the_extension_unless_given(
    name: str, explicit: CorpusFormat | None, expected: CorpusFormat
) -> None:
    assert format_for(Path(name), explicit) is expected


@pytest.mark.parametrize(
    ("data", "fmt", "expected"),
    [
        (
            b"\xef\xbb\xbf" + FIRST.encode() + b"\n\nthird \xff\n" + SECOND.encode() + b"\n",
            CorpusFormat.lines,
            [
                ParsedDocument("src:1", 1, FIRST),
                BadLine(3, "not valid UTF-8"),
                ParsedDocument("src:4", 4, SECOND),
            ],
        ),
        (
            b'{"synopsis": "%s", "year": "1999", "directors": "A; B", "lang": "pt"}\n[]\n'
            % FIRST.encode(),
            CorpusFormat.jsonl,
            [
                ParsedDocument("src:1", 1, FIRST, None, ["A", "B"], 1999, "pt"),
                BadLine(2, "not a JSON object"),
            ],
        ),
        (
            b'{"id": 7, "text": "t", "year": "soon"}\n',
            CorpusFormat.jsonl,
            [BadLine(1, "year 'soon' is not a whole number")],
        ),
        (
            b'id,text,title\nx1,"The second: a story\ntold over two lines.",T\n,%s,\n'
            % FIRST.encode(),
            CorpusFormat.csv,
            [
                ParsedDocument("x1", 2, "The second: a story\ntold over two lines.", "T"),
                ParsedDocument("src:4", 4, FIRST),
            ],
        ),
    ],
)
def test_parse_yields_documents_and_numbered_bad_lines(
    data: bytes, fmt: CorpusFormat, expected: list[ParsedDocument | BadLine]
) -> None:
    assert _parse(data, fmt) == expected


def _doc(record_id: str, **fields: object) -> Record:
    return Record(id=record_id, text="t", **fields)  # type: ignore[arg-type]


def test_rejected_pair_is_never_joined_even_through_a_third_member() -> None:
    records = {k: _doc(k) for k in ("a", "b", "c")}
    links = [Link("a", "c", 9.0, Decision.MATCH, ""), Link("c", "b", 8.0, Decision.MATCH, "")]
    work_of, refused = assign_works(records, links, rejected=[("a", "b")])
    assert work_of["a"] == work_of["c"] != work_of["b"]
    assert refused == [links[1]]


def test_accepted_pair_is_joined_despite_conflicting_years() -> None:
    records = {"a": _doc("a", year=1990), "b": _doc("b", year=2005)}
    work_of, _ = assign_works(records, [], accepted=[("a", "b")])
    assert work_of["a"] == work_of["b"]


@pytest.mark.parametrize(
    ("evidence", "allowed"),
    [
        # a re-screening with a rewritten synopsis: the keys decide
        (PairEvidence(True, True, True, True, cosine=0.1, margin=-0.3), {Decision.MATCH}),
        # year unknown (a listing that printed none): title, director and country
        # still decide
        (
            PairEvidence(True, True, None, True, cosine=0.1, margin=-0.3, countries_agree=True),
            {Decision.MATCH},
        ),
        # ... with nothing but title and director, and a text that says otherwise, a
        # person is asked (a director's two films of one title, a year apart, exist)
        (PairEvidence(True, True, None, True, cosine=0.1, margin=-0.3), {Decision.REVIEW}),
        # another director: never automatic, however alike the texts
        (
            PairEvidence(True, False, True, True, cosine=0.9, margin=0.3),
            {Decision.REVIEW, None},
        ),
    ],
)
def test_agreeing_keys_outweigh_a_rewritten_synopsis(
    evidence: PairEvidence, allowed: set[Decision | None]
) -> None:
    assert score_pair("a", "b", evidence).decision in allowed
