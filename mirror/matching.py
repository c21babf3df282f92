"""`mirror match`: film records (the replica's --records format) against the database.

Read only as far as the database goes. The persistent linkage index next to the
database is opened (brought up to date first if members were added since), and each
record is scored against it without being added, so records of one file never
match each other or shift each other's scores.

A record's ``film_id`` is read as an entry of the festival ``match`` is given (or the
one the mirror holds): a reviewer's decision about that entry and another member
applies to the record too. Without a festival (a mirror of corpus documents only) no
entry decision can apply.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from db.festivals import held_festivals
from db.member_keys import DOC, entry_key, split_key
from db.pairs import ACCEPT, REJECT, Decisions, load_decisions
from linkage.embed import Embedder
from linkage.index_store import linkage_index
from linkage.lang import detect_language
from linkage.records import Record
from linkage.scoring import Decision, Link
from mirror.festival_choice import choose_festival

QUERY_PREFIX = "query:"
ACCEPTED_REASON = "accepted by a reviewer"


def read_records(path: Path) -> tuple[list[tuple[str, Record]], list[tuple[int, str]]]:
    """([(film id, record)], [(line number, why it was skipped)])."""
    records: list[tuple[str, Record]] = []
    bad: list[tuple[int, str]] = []
    for number, raw in enumerate(path.read_bytes().splitlines(), start=1):
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError:
            bad.append((number, "not valid UTF-8"))
            continue
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except json.JSONDecodeError as exc:
            bad.append((number, f"invalid JSON ({exc.msg})"))
            continue
        if not isinstance(value, dict):
            bad.append((number, "not a JSON object"))
            continue
        film_id = str(value.get("film_id") or f"line-{number}")
        records.append((film_id, _record(value, f"{QUERY_PREFIX}{number}")))
    return records, bad


def _record(value: dict[str, Any], record_id: str) -> Record:
    synopsis = value.get("synopsis") or value.get("text")
    synopsis = synopsis if isinstance(synopsis, str) and synopsis.strip() else None
    directors = value.get("directors") or []
    countries = value.get("countries") or []
    year = value.get("year")
    return Record(
        id=record_id,
        title=value.get("title") if isinstance(value.get("title"), str) else None,
        directors=[str(d) for d in directors] if isinstance(directors, list) else [],
        year=year if isinstance(year, int) else None,
        text=synopsis,
        lang=value.get("lang") or detect_language(synopsis),
        countries=[str(c) for c in countries] if isinstance(countries, list) else [],
    )


def match_festival(session: Session, explicit: str | None) -> str | None:
    """The festival whose entries the records' film ids name: ``explicit``, else the only
    one the mirror holds; None for a mirror without entries (corpus documents only).
    FestivalChoiceError when it holds several and none is given."""
    held = held_festivals(session)
    if explicit is None and not held:
        return None
    return choose_festival(explicit, held)


def public_id(key: str) -> str:
    """What `match` prints for a member: the document id, or entry:FESTIVAL:FILM_ID."""
    kind, rest = split_key(key)
    return rest if kind == DOC else key


def match_records(
    session: Session,
    queries: list[tuple[str, Record]],
    festival: str | None,
    embedder: Embedder | None = None,
) -> list[dict[str, Any]]:
    """One {"id", "links"} per query, links best first, review decisions respected
    (a rejected pair is left out, an accepted one is a match). ``festival``: whose
    entries the queries' film ids name (None: no entry decision applies)."""
    decisions = load_decisions(session)
    with linkage_index(session, embedder, persist_vectors=False) as index:
        # One batch through the model for all query texts; single ones then hit the cache.
        index.embedder.embed([record.text for _, record in queries if record.text])
        # A document describes one film: records of one run that conflict and match
        # the same document are ruled on together (see `links_for_records`).
        found = index.links_for_records([record for _, record in queries])
        return [
            _match_one(decisions, film_id, record, links, festival)
            for (film_id, record), links in zip(queries, found, strict=True)
        ]


def _match_one(
    decisions: Decisions,
    film_id: str,
    record: Record,
    links: list[Link],
    festival: str | None,
) -> dict[str, Any]:
    as_entry = entry_key(festival, film_id) if festival is not None else None
    found = []
    for link in links:
        other = link.right_id if link.left_id == record.id else link.left_id
        verdict = decisions.verdict(as_entry, other) if as_entry is not None else None
        if verdict == REJECT:
            continue
        accepted = verdict == ACCEPT
        found.append(
            {
                "doc": public_id(other),
                "decision": str(Decision.MATCH if accepted else link.decision),
                "score": link.score,
                "why": f"{ACCEPTED_REASON}; {link.reason}" if accepted else link.reason,
            }
        )
    return {"id": film_id, "links": found}
