"""`mirror match`: one document, one film, across the records of one run.

Records with conflicting keys (directors who are not the same person, years far
apart) that match one keyless document in one run are ruled on together, as `mirror
link` rules on a document's films: the best keeps its automatic link only when the
others trail it clearly, otherwise all become reviews.

The shipped model links a record with keys to a keyless text automatically only at a
probability no pair of the dev split reached (no such pair was 99% precise with a
writer held out), so these tests lower that kind of pair's match threshold to its
review threshold: the rule under test is the one that applies once a refit, or the
decisions of reviewers, let such pairs match.
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from linkage import scoring
from tests.dedup_fixtures import import_file, iter_jsonl, run

# Written for these tests.
_DOCUMENTS = [
    {
        "id": "siege",
        "text": "In the winter of 1942 the conductor Karl Eliasberg rehearses a starving "
        "radio orchestra in besieged Leningrad, its players fainting at their stands, to "
        "play the seventh symphony of Dmitri Shostakovich.",
    },
    {
        "id": "ferry",
        "text": "A ferry pilot on a frozen northern bay counts the ice floes each morning "
        "and writes letters to a daughter he has never met.",
    },
]
_ORCHESTRA = {
    "film_id": "1",
    "title": "Radio Orchestra",
    "directors": ["Mara Linde"],
    "year": 2019,
    "synopsis": "Besieged Leningrad, winter 1942: conductor Karl Eliasberg rehearses a "
    "starving radio orchestra, players fainting at their stands, to perform Dmitri "
    "Shostakovich's seventh symphony.",
}
# Another film (another director, years apart) told in nearly the same words.
_SEVENTH = {
    "film_id": "2",
    "title": "The Seventh",
    "directors": ["Tomas Okafor"],
    "year": 2003,
    "synopsis": "Leningrad under siege, 1942: Karl Eliasberg gathers a starving radio "
    "orchestra, whose players faint at their stands, to play the seventh symphony of "
    "Dmitri Shostakovich.",
}
# Another film again, sharing the names but hardly the story.
_QUARREL = {
    "film_id": "3",
    "title": "Symphony in a Cold City",
    "directors": ["Ilse Brandt"],
    "year": 1995,
    "synopsis": "In 1942 Karl Eliasberg and Dmitri Shostakovich quarrel by letter about a "
    "symphony while Leningrad starves.",
}


@pytest.fixture
def mirror_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    shipped = scoring.model()
    mentions = shipped.segments["mentions"]
    lowered = scoring.Model(
        {
            **shipped.segments,
            "mentions": replace(mentions, match_probability=mentions.review_probability),
        }
    )
    monkeypatch.setattr(scoring, "model", lambda: lowered)
    db_url = f"sqlite:///{tmp_path / 'mirror.db'}"
    documents = tmp_path / "notes.jsonl"
    documents.write_text("\n".join(json.dumps(d) for d in _DOCUMENTS), encoding="utf-8")
    import_file(db_url, documents, "--source", "notes")
    return db_url


def _match(db_url: str, tmp_path: Path, *records: dict[str, Any]) -> dict[str, list[dict]]:
    path = tmp_path / "records.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in records), encoding="utf-8")
    result = run("match", str(path), "--db", db_url, "--json")
    assert result.exit_code == 0, result.stderr
    return {line["id"]: line["links"] for line in iter_jsonl(result.stdout)}


def _decisions(links: list[dict]) -> dict[str, str]:
    return {link["doc"]: link["decision"] for link in links}


def test_a_record_alone_matches_the_document(mirror_db: str, tmp_path: Path) -> None:
    alone = _match(mirror_db, tmp_path, _ORCHESTRA)
    assert _decisions(alone["1"]) == {"siege": "match"}


def test_two_films_matching_one_document_alike_both_become_reviews(
    mirror_db: str, tmp_path: Path
) -> None:
    both = _match(mirror_db, tmp_path, _ORCHESTRA, _SEVENTH)
    assert _decisions(both["1"]) == {"siege": "review"}
    assert _decisions(both["2"]) == {"siege": "review"}
    assert all("another film is as likely" in link["why"] for link in both["1"] + both["2"])


def test_the_best_film_keeps_its_match_when_the_other_trails_clearly(
    mirror_db: str, tmp_path: Path
) -> None:
    found = _match(mirror_db, tmp_path, _ORCHESTRA, _QUARREL)
    assert _decisions(found["1"]) == {"siege": "match"}
    assert _decisions(found["3"]) == {"siege": "review"}
    best, other = found["1"][0]["score"], found["3"][0]["score"]
    assert best - other > 0.1  # RIVAL_GAP


def test_records_of_one_film_do_not_rival_each_other(mirror_db: str, tmp_path: Path) -> None:
    # The same film listed twice (another festival's entry: same director, a year on).
    again = {**_SEVENTH, "film_id": "4", "directors": ["Mara Linde"], "year": 2020}
    found = _match(mirror_db, tmp_path, _ORCHESTRA, again)
    assert _decisions(found["1"]) == {"siege": "match"}
    assert _decisions(found["4"]) == {"siege": "match"}
