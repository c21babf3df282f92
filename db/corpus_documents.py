"""Storing corpus documents: new ones inserted, changed ones updated (they become
pending again and lose their links), identical ones skipped."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Protocol

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from db.member_keys import chunks, doc_key
from db.models import CorpusDocument
from db.pairs import forget_links
from db.text_vectors import text_hash


class DocumentLike(Protocol):
    """A parsed corpus record (see `mirror.corpus_input.ParsedDocument`)."""

    @property
    def id(self) -> str: ...
    @property
    def line(self) -> int: ...
    @property
    def text(self) -> str: ...
    @property
    def title(self) -> str | None: ...
    @property
    def directors(self) -> list[str]: ...
    @property
    def year(self) -> int | None: ...
    @property
    def lang(self) -> str | None: ...


@dataclass
class ImportCounts:
    new: int = 0
    changed: int = 0
    unchanged: int = 0

    def __iadd__(self, other: ImportCounts) -> ImportCounts:
        self.new += other.new
        self.changed += other.changed
        self.unchanged += other.unchanged
        return self


def store_documents(
    session: Session,
    source: str,
    documents: Sequence[DocumentLike],
    detect: Callable[[str], str | None],
) -> ImportCounts:
    """Insert new documents, update changed ones (they become pending again), skip
    identical ones. A document is identified by its id; identical means same hash."""
    counts = ImportCounts()
    latest = {doc.id: doc for doc in documents}  # a repeated id: the last one wins
    have: dict[str, str] = {}
    for chunk in chunks(list(latest)):
        for doc_id, digest in session.execute(
            select(CorpusDocument.id, CorpusDocument.content_hash).where(
                CorpusDocument.id.in_(chunk)
            )
        ):
            have[doc_id] = digest
    now = datetime.now(UTC)
    fresh: list[dict[str, Any]] = []
    changed: list[dict[str, Any]] = []
    for doc in latest.values():
        digest = text_hash(_fingerprint(doc))
        if have.get(doc.id) == digest:
            counts.unchanged += 1
            continue
        row = {
            "id": doc.id,
            "source": source,
            "position": doc.line,
            "text": doc.text,
            "lang": doc.lang or detect(doc.text),
            "title": doc.title,
            "directors": list(doc.directors),
            "year": doc.year,
            "content_hash": digest,
            "work_id": None,
            "imported_at": now,
        }
        (changed if doc.id in have else fresh).append(row)
    if fresh:
        session.execute(insert(CorpusDocument), fresh)
    if changed:
        session.execute(update(CorpusDocument), changed)
        forget_links(session, [doc_key(row["id"]) for row in changed])
    counts.new, counts.changed = len(fresh), len(changed)
    return counts


def _fingerprint(doc: DocumentLike) -> str:
    """Everything that affects matching, in one string to hash."""
    return "\x1f".join(
        [doc.text, doc.title or "", "\x1e".join(doc.directors), str(doc.year or ""), doc.lang or ""]
    )
