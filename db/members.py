"""The members of deduplication as the database holds them: archive entries and corpus
documents (see `db.member_keys`). A member whose ``work_id`` is NULL is *pending*.

Members are read as plain rows (`MemberRow`); `linkage.members` turns them into
linkage records.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from typing import Any, NamedTuple

from sqlalchemy import func, null, or_, select, update
from sqlalchemy.orm import Session

from db.member_keys import DOC, ENTRY, chunks, doc_key, entry_key, split_key
from db.models import CorpusDocument, Credit, Edition, Entry, Festival, Section, Work
from db.pairs import forget_links

DEFAULT_ENTRY_LANG = "en"  # what the export says for entries without a language


class MemberRow(NamedTuple):
    """One member as stored: an entry (with `entry_pk`, its row id) or a document."""

    key: str
    title: str | None
    directors: list[str]
    year: int | None
    text: str | None  # None when read without texts
    lang: str | None
    work_id: int | None
    entry_pk: int | None  # None for a corpus document
    countries: list[str]  # production countries as the page names them


def member_rows(
    session: Session,
    keys: Iterable[str] | None = None,
    *,
    pending_only: bool = False,
    with_text: bool = True,
) -> Iterator[MemberRow]:
    """All members (or only `keys`, or only those without a work), entries first in
    film order, then documents; without `with_text`, no synopses."""
    wanted = set(keys) if keys is not None else None
    directors: dict[int, list[str]] = defaultdict(list)
    credits = (
        select(Credit.entry_id, Credit.credited_as)
        .where(Credit.role == "director")
        .order_by(Credit.entry_id, Credit.position)
    )
    if pending_only:
        credits = credits.join(Entry, Entry.id == Credit.entry_id).where(Entry.work_id.is_(None))
    for entry_id, name in session.execute(credits):
        directors[entry_id].append(name)
    entry_query = (
        select(
            Entry.id,
            Festival.slug,
            Entry.film_id,
            # A film's original title is the name it keeps across festivals, which
            # translate it differently (NZIFF "Summer", original "Leto"; MIFF "Leto").
            func.coalesce(Entry.original_title, Entry.title),
            Entry.year,
            Entry.synopsis if with_text else null(),
            Entry.lang,
            Entry.countries,
            Entry.work_id,
        )
        .join(Festival, Festival.id == Entry.festival_id)
        # By natural key, not by row id: the same entries give the same index and works
        # whatever order a crawl happened to store them in (a re-parse, another backend).
        .order_by(Festival.slug, Entry.film_id)
    )
    if pending_only:
        entry_query = entry_query.where(Entry.work_id.is_(None))
    for (
        pk,
        festival,
        film_id,
        film_title,
        year,
        synopsis,
        lang,
        countries,
        work_id,
    ) in session.execute(entry_query):
        key = entry_key(festival, film_id)
        if wanted is not None and key not in wanted:
            continue
        yield MemberRow(
            key=key,
            title=film_title,
            directors=directors.get(pk, []),
            year=year,
            text=synopsis,
            lang=lang or DEFAULT_ENTRY_LANG,
            work_id=work_id,
            entry_pk=pk,
            countries=list(countries or []),
        )
    document_query = select(
        CorpusDocument.id,
        CorpusDocument.title,
        CorpusDocument.directors,
        CorpusDocument.year,
        CorpusDocument.text if with_text else null(),
        CorpusDocument.lang,
        CorpusDocument.work_id,
    ).order_by(CorpusDocument.source, CorpusDocument.position, CorpusDocument.id)
    if pending_only:
        document_query = document_query.where(CorpusDocument.work_id.is_(None))
    for doc_id, title, doc_directors, year, text, lang, work_id in session.execute(document_query):
        key = doc_key(doc_id)
        if wanted is not None and key not in wanted:
            continue
        yield MemberRow(
            key=key,
            title=title,
            directors=list(doc_directors or []),
            year=year,
            text=text,
            lang=lang,
            work_id=work_id,
            entry_pk=None,
            countries=[],  # corpus documents carry none
        )


def member_texts(
    session: Session, entries: Mapping[int, str], documents: Mapping[str, str]
) -> dict[str, str | None]:
    """The synopses of members by key, given `entries` (row id -> key) and `documents`
    (document id -> key)."""
    texts: dict[str, str | None] = {}
    for pks in chunks(list(entries)):
        for pk, synopsis in session.execute(
            select(Entry.id, Entry.synopsis).where(Entry.id.in_(pks))
        ):
            texts[entries[pk]] = synopsis
    for doc_ids in chunks(list(documents)):
        for doc_id, text in session.execute(
            select(CorpusDocument.id, CorpusDocument.text).where(CorpusDocument.id.in_(doc_ids))
        ):
            texts[documents[doc_id]] = text
    return texts


def works_of(session: Session, keys: set[str]) -> dict[str, int | None]:
    return {row.key: row.work_id for row in member_rows(session, keys, with_text=False)}


def all_work_ids(session: Session) -> list[int | None]:
    entries = session.scalars(select(Entry.work_id)).all()
    documents = session.scalars(select(CorpusDocument.work_id)).all()
    return [*entries, *documents]


def count_members(session: Session) -> tuple[int, int]:
    """(all members, members not yet in a work)."""
    total = pending = 0
    for model in (Entry, CorpusDocument):
        total += session.execute(select(func.count()).select_from(model)).scalar_one()
        pending += session.execute(
            select(func.count()).select_from(model).where(model.work_id.is_(None))
        ).scalar_one()
    return total, pending


def count_works(session: Session) -> int:
    return int(session.execute(select(func.count()).select_from(Work)).scalar_one())


def count_pending_entries(session: Session, festival: str) -> int:
    """Entries of `festival` without a work."""
    return int(
        session.execute(
            select(func.count())
            .select_from(Entry)
            .join(Festival, Festival.id == Entry.festival_id)
            .where(Festival.slug == festival, Entry.work_id.is_(None))
        ).scalar_one()
    )


def reset_changed_entries(session: Session, festival: str, run_id: int) -> None:
    """Make the entries of `festival` that run `run_id` changed (updated, not first
    seen) pending again: their stored links go and their work is cleared."""
    changed = list(
        session.scalars(
            select(Entry.id)
            .join(Festival, Festival.id == Entry.festival_id)
            .where(
                Festival.slug == festival,
                Entry.updated_run_id == run_id,
                or_(Entry.first_seen_run_id.is_(None), Entry.first_seen_run_id != run_id),
                Entry.work_id.is_not(None),
            )
        )
    )
    if changed:
        for chunk in chunks(changed):
            keys = [
                entry_key(festival, film_id)
                for (film_id,) in session.execute(select(Entry.film_id).where(Entry.id.in_(chunk)))
            ]
            forget_links(session, keys)
            session.execute(update(Entry).where(Entry.id.in_(chunk)).values(work_id=None))


def resolve_member(session: Session, text: str) -> str:
    """A member key from what a person typed: a key, a corpus document id, or
    FESTIVAL:FILM_ID. Raises ValueError when nothing by that name exists."""
    candidates = [text] if text.startswith((f"{ENTRY}:", f"{DOC}:")) else []
    candidates += [doc_key(text), f"{ENTRY}:{text}"]
    for key in candidates:
        kind, rest = split_key(key)
        if kind == DOC and session.get(CorpusDocument, rest) is not None:
            return key
        if kind == ENTRY:
            festival, _, film_id = rest.partition(":")
            found = session.execute(
                select(Entry.id)
                .join(Festival, Festival.id == Entry.festival_id)
                .where(Festival.slug == festival, Entry.film_id == film_id)
            ).first()
            if found is not None:
                return key
    raise ValueError(f"no entry or corpus document called {text!r}")


def describe_members(session: Session, keys: set[str]) -> dict[str, dict[str, Any]]:
    """What a reviewer needs to see of each member: keys, text and, for an archive
    entry, its festival, edition, section, countries and URL."""
    rows = {row.key: row for row in member_rows(session, keys)}
    described: dict[str, dict[str, Any]] = {}
    details: dict[int, dict[str, Any]] = {}
    pks = [pk for k in keys if k in rows and (pk := rows[k].entry_pk) is not None]
    for chunk in chunks(pks):
        for pk, url, countries, edition, section in session.execute(
            select(Entry.id, Entry.url, Entry.countries, Edition.year, Section.name)
            .outerjoin(Edition, Edition.id == Entry.edition_id)
            .outerjoin(Section, Section.id == Entry.section_id)
            .where(Entry.id.in_(chunk))
        ):
            details[pk] = {
                "url": url,
                "countries": list(countries or []),
                "edition": edition,
                "section": section,
            }
    for key in keys:
        row = rows.get(key)
        pk = row.entry_pk if row is not None else None
        described[key] = {
            "key": key,
            "title": row.title if row is not None else None,
            "directors": row.directors if row is not None else [],
            "year": row.year if row is not None else None,
            "lang": row.lang if row is not None else None,
            "text": row.text if row is not None else None,
            **details.get(pk if pk is not None else -1, {}),
        }
    return described
