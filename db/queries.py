"""Read side of the mirror: export, full-text search, one entry in full, statistics.

Tombstoned entries (gone from the site, ``vanished_run_id`` set) stay in the mirror:
``export_entries`` leaves them out unless asked (then each carries a ``vanished`` key),
``show_entry`` says when they vanished and ``stats`` counts them.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Float,
    Integer,
    String,
    TextClause,
    exists,
    func,
    literal_column,
    select,
    text,
)
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from common.records import (
    EditionItem,
    FilmItem,
    Storage,
    declared_fields,
    fields_stored_as,
)
from common.text import fold_name
from db.models import (
    DATA_TABLES,
    Base,
    CorpusDocument,
    CrawlRun,
    Credit,
    Edition,
    Entry,
    Festival,
    FetchedPage,
    Person,
    Section,
    SeeAlso,
    Synopsis,
    Work,
)
from db.search_syntax import fts5_expression, parse_search, tsquery_text
from db.store import DIRECTOR_ROLE

DEFAULT_LANG = "en"
# Around each match in a snippet as the databases return it: private-use characters, which
# no festival text contains (unlike "[" "]": hundreds of titles hold brackets). They never
# leave this module: a SearchHit has the plain snippet and the matches' offsets in it.
MATCH_OPEN, MATCH_CLOSE = "\ue000", "\ue001"
SNIPPET_CHARS = 160  # the length of a snippet when there are no words to centre it on

# The keys of `mirror export` (the replica truth's format): the declared export fields,
# then the work the entry belongs to.
EXPORT_KEYS = (*(f.name for f in declared_fields(FilmItem) if f.declared.export), "work_id")
# Only on tombstoned entries, only when asked for: {"run_id": N, "at": ISO time or None}.
VANISHED_KEY = "vanished"


@dataclass
class SearchHit:
    festival: str
    film_id: str
    title: str | None
    year: int | None
    edition: int | None
    section: str | None
    countries: list[str]
    directors: list[str]
    lang: str
    url: str
    snippet: str  # plain text, no markers
    highlights: list[list[int]]  # [start, end) character offsets of each match in snippet
    score: float  # higher is better; 0.0 when there was no text to rank by

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _entry_order() -> list[Any]:
    # Numeric film id order without casting: ids are digit strings without leading zeros.
    return [
        Edition.year.asc().nulls_last(),
        func.length(Entry.film_id),
        Entry.film_id,
        Festival.slug,
    ]


def _directors_by_entry(session: Session, entry_ids: Iterable[int] | None) -> dict[int, list[str]]:
    statement = (
        select(Credit.entry_id, Credit.credited_as)
        .where(Credit.role == DIRECTOR_ROLE)
        .order_by(Credit.entry_id, Credit.position)
    )
    if entry_ids is not None:
        statement = statement.where(Credit.entry_id.in_(list(entry_ids)))
    directors: dict[int, list[str]] = defaultdict(list)
    for entry_id, name in session.execute(statement):
        directors[entry_id].append(name)
    return directors


def export_entries(
    session: Session, *, include_vanished: bool = False, full: bool = False
) -> Iterator[dict[str, Any]]:
    """Every entry still on the site in the `mirror export` format (:data:`EXPORT_KEYS`),
    sorted by (edition, numeric film id); with ``include_vanished`` the tombstoned ones
    too, each with a ``vanished`` key saying which run found it gone and when.

    ``full``: every declared field after those keys (credits, runtime, languages, ...),
    then the festival's own fields (``extra``) by name, each under its own key; a
    festival's entry lacks the other festivals' own fields. ``db.exports`` has the
    selections and options of `mirror export`.
    """
    from db.exports import EntrySelection, entry_records  # it builds on this module

    selection = EntrySelection(include_vanished=include_vanished)
    return entry_records(session, selection, every_field=full)


def _column_value(name: str, value: Any) -> Any:
    """A column's value as exported: lists copied, the synopsis language defaulted."""
    if name == "lang":
        return value or DEFAULT_LANG
    return list(value) if isinstance(value, list) else value


def _vanished(run_id: int, at: Any) -> dict[str, Any]:
    return {"run_id": run_id, "at": at.isoformat() if at is not None else None}


WORK_KEYS = ("work_id", "title", "year", "directors", "members")


@dataclass(frozen=True)
class UnassignedCount:
    entries: int
    documents: int


def export_works(session: Session) -> tuple[list[dict[str, Any]], UnassignedCount]:
    """One deduplicated film per work, by work id, members in export order (entries by
    edition and film id, then corpus documents by source and line).

    Members not yet in a work (never linked) follow, each as its own film with a null
    work_id, and are counted in the second value so the caller can say so."""
    members: dict[int | None, list[dict[str, Any]]] = defaultdict(list)
    loose: list[tuple[dict[str, Any], dict[str, Any]]] = []
    for record in export_entries(session, include_vanished=True):
        member = {"kind": "entry", "festival": record["festival"], "film_id": record["film_id"]}
        if record["work_id"] is None:
            loose.append((member, record))
        else:
            members[record["work_id"]].append(member)
    documents = session.execute(
        select(
            CorpusDocument.id,
            CorpusDocument.work_id,
            CorpusDocument.title,
            CorpusDocument.year,
            CorpusDocument.directors,
        ).order_by(CorpusDocument.source, CorpusDocument.position, CorpusDocument.id)
    )
    loose_docs = 0
    for doc_id, work_id, title, year, directors in documents:
        member = {"kind": "doc", "doc": doc_id}
        if work_id is None:
            loose_docs += 1
            loose.append(
                (member, {"title": title, "year": year, "directors": list(directors or [])})
            )
        else:
            members[work_id].append(member)
    works = [
        {
            "work_id": work.id,
            "title": work.title,
            "year": work.year,
            "directors": list(work.directors or []),
            "members": members.get(work.id, []),
        }
        for work in session.scalars(select(Work).order_by(Work.id))
        if members.get(work.id)
    ]
    works.extend(
        {
            "work_id": None,
            "title": record["title"],
            "year": record["year"],
            "directors": record["directors"],
            "members": [member],
        }
        for member, record in loose
    )
    return works, UnassignedCount(len(loose) - loose_docs, loose_docs)


# -- search -------------------------------------------------------------------------------


SEARCH_TIMEOUT_MS = 10_000


class SearchTooSlow(RuntimeError):
    """PostgreSQL stopped a search at SEARCH_TIMEOUT_MS."""


def search(
    session: Session,
    text_query: str | None,
    year_from: int | None = None,
    year_to: int | None = None,
    country: str | None = None,
    director: str | None = None,
    edition: int | None = None,
    lang: str | None = None,
    limit: int = 20,
    offset: int = 0,
) -> list[SearchHit]:
    """Full-text search over titles and synopses, most relevant first, with a snippet and
    the spans of it that matched.

    ``text_query`` is in the language of :mod:`db.search_syntax` (every word must match;
    phrases, OR, -word, word*); a SearchSyntaxError says what is wrong with it. Diacritics
    are folded on SQLite only. ``None`` selects entries by the filters alone, in export
    order.
    """
    dialect = session.get_bind().dialect.name
    query = parse_search(text_query) if text_query is not None else None
    filters = _filters(dialect, year_from, year_to, country, director, edition, lang)
    columns = (
        Entry.id,
        Festival.slug,
        Entry.film_id,
        Entry.title,
        Entry.year,
        Edition.year,
        Section.name,
        Entry.countries,
        Entry.lang,
        Entry.url,
    )

    def joined(statement: Any) -> Any:
        return (
            statement.join(Festival, Festival.id == Entry.festival_id)
            .outerjoin(Edition, Edition.id == Entry.edition_id)
            .outerjoin(Section, Section.id == Entry.section_id)
            .where(*filters)
        )

    if query is None:
        # Cut to a word boundary in Python (below), never mid-word.
        snippet = func.substr(func.coalesce(Entry.synopsis, ""), 1, 4 * SNIPPET_CHARS)
        statement = joined(select(*columns, snippet, literal_column("0.0"))).order_by(
            *_entry_order()
        )
    elif dialect == "sqlite":
        fts = (
            text(
                "SELECT rowid AS entry_id, bm25(entries_fts, 10.0, 1.0) AS rank, "
                f"snippet(entries_fts, -1, '{MATCH_OPEN}', '{MATCH_CLOSE}', '…', 16) "
                "AS snippet FROM entries_fts WHERE entries_fts MATCH :match"
            )
            .bindparams(match=fts5_expression(query))
            .columns(entry_id=Integer, rank=Float, snippet=String)
            .subquery("fts")
        )
        statement = joined(
            select(*columns, fts.c.snippet, -fts.c.rank).join(fts, fts.c.entry_id == Entry.id)
        ).order_by(fts.c.rank, *_entry_order())
    else:
        tsquery = func.to_tsquery("simple", tsquery_text(query))
        vector: ColumnElement[Any] = literal_column("entries.search_vector")
        rank = func.ts_rank_cd(vector, tsquery)
        snippet = func.ts_headline(
            "simple",
            func.coalesce(Entry.synopsis, Entry.title, ""),
            tsquery,
            f"StartSel={MATCH_OPEN}, StopSel={MATCH_CLOSE}, MaxWords=20, MinWords=8",
        )
        statement = joined(
            select(*columns, snippet, rank).where(vector.op("@@")(tsquery))
        ).order_by(rank.desc(), *_entry_order())

    if dialect == "postgresql" and query is not None:
        # Bounded however the query is built: a search never holds the server for long.
        session.execute(text(f"SET LOCAL statement_timeout = {SEARCH_TIMEOUT_MS}"))
    try:
        rows = session.execute(statement.limit(limit).offset(offset)).all()
    except OperationalError as exc:
        if type(exc.orig).__name__ != "QueryCanceled":
            raise
        raise SearchTooSlow(
            f"the search took longer than {SEARCH_TIMEOUT_MS / 1000:g} s and was stopped: "
            "use fewer words, or fewer prefixes"
        ) from exc
    directors = _directors_by_entry(session, [row[0] for row in rows])
    hits = []
    for row in rows:
        marked = (row[10] or "").replace("\n", " ")
        if query is None:
            marked = _cut_at_word(marked, SNIPPET_CHARS)
        plain, spans = split_marked(marked)
        hits.append(
            SearchHit(
                festival=row[1],
                film_id=row[2],
                title=row[3],
                year=row[4],
                edition=row[5],
                section=row[6],
                countries=list(row[7] or []),
                lang=row[8] or DEFAULT_LANG,
                url=row[9],
                snippet=plain,
                highlights=spans,
                score=float(row[11] or 0.0),
                directors=directors.get(row[0], []),
            )
        )
    return hits


def split_marked(marked: str) -> tuple[str, list[list[int]]]:
    """A snippet with MATCH_OPEN/MATCH_CLOSE around its matches as (plain text, [start,
    end) character offsets of each match in it)."""
    plain: list[str] = []
    spans: list[list[int]] = []
    length = 0
    for index, piece in enumerate(re.split(f"([{MATCH_OPEN}{MATCH_CLOSE}])", marked)):
        if index % 2 == 0:
            plain.append(piece)
            length += len(piece)
        elif piece == MATCH_OPEN:
            spans.append([length, length])
        elif spans:
            spans[-1][1] = length
    return "".join(plain), [span for span in spans if span[1] > span[0]]


def _cut_at_word(text_value: str, limit: int) -> str:
    """At most about ``limit`` characters of ``text_value``, ending at a word boundary."""
    if len(text_value) <= limit:
        return text_value
    cut = text_value[:limit]
    space = cut.rfind(" ")
    return (cut[:space] if space > limit // 2 else cut).rstrip(" ,;:") + "…"


def _filters(
    dialect: str,
    year_from: int | None,
    year_to: int | None,
    country: str | None,
    director: str | None,
    edition: int | None,
    lang: str | None,
) -> list[ColumnElement[bool] | TextClause]:
    filters: list[ColumnElement[bool] | TextClause] = []
    if year_from is not None:
        filters.append(Entry.year >= year_from)
    if year_to is not None:
        filters.append(Entry.year <= year_to)
    if edition is not None:
        filters.append(Edition.year == edition)
    if lang:
        filters.append(func.coalesce(Entry.lang, DEFAULT_LANG) == lang)
    if country:
        elements = (
            "jsonb_array_elements_text(entries.countries) AS c(value)"
            if dialect == "postgresql"
            else "json_each(entries.countries) AS c"
        )
        filters.append(
            text(
                f"EXISTS (SELECT 1 FROM {elements} WHERE lower(c.value) = lower(:country))"
            ).bindparams(country=country)
        )
    if director:
        key = fold_name(director)
        filters.append(
            exists(
                select(Credit.id)
                .join(Person, Person.id == Credit.person_id)
                .where(
                    Credit.entry_id == Entry.id,
                    Credit.role == DIRECTOR_ROLE,
                    Person.name_key.like(f"%{key}%"),
                )
            )
        )
    return filters


# -- one entry ----------------------------------------------------------------------------


def show_entry(session: Session, film_id: str, festival: str) -> dict[str, Any] | None:
    """Everything the mirror knows about one entry, or None when it is not there."""
    row = session.execute(
        select(Entry, Festival.slug)
        .join(Festival, Festival.id == Entry.festival_id)
        .where(Festival.slug == festival, Entry.film_id == film_id)
    ).first()
    if row is None:
        return None
    entry: Entry = row[0]
    edition = session.get(Edition, entry.edition_id) if entry.edition_id else None
    section = session.get(Section, entry.section_id) if entry.section_id else None
    vanished_run = session.get(CrawlRun, entry.vanished_run_id) if entry.vanished_run_id else None
    credits = session.execute(
        select(Credit, Person)
        .join(Person, Person.id == Credit.person_id)
        .where(Credit.entry_id == entry.id)
        .order_by(Credit.role, Credit.position)
    ).all()
    history = session.scalars(
        select(Synopsis).where(Synopsis.entry_id == entry.id).order_by(Synopsis.version)
    ).all()
    links = session.execute(
        select(SeeAlso, Entry.title)
        .outerjoin(
            Entry,
            (Entry.film_id == SeeAlso.target_film_id) & (Entry.festival_id == entry.festival_id),
        )
        .where(SeeAlso.entry_id == entry.id)
        .order_by(SeeAlso.position)
    ).all()
    page_urls = {entry.url} | ({entry.fetched_url} if entry.fetched_url else set())
    pages = session.scalars(
        select(FetchedPage).where(FetchedPage.url.in_(page_urls)).order_by(FetchedPage.url)
    ).all()
    directors = [c.credited_as for c, _ in credits if c.role == DIRECTOR_ROLE]
    shown: dict[str, Any] = {"festival": row[1], "film_id": entry.film_id}
    for f in declared_fields(FilmItem):
        if f.storage is Storage.COLUMN or f.storage is Storage.BOOKKEEPING:
            shown[f.name] = _column_value(f.name, getattr(entry, f.name))
        elif f.storage is Storage.DIRECTORS:
            shown[f.name] = directors
        elif f.storage is Storage.EDITION:
            shown[f.name] = edition.year if edition else None
        elif f.storage is Storage.SECTION:
            shown[f.name] = section.name if section else None
        elif f.storage is Storage.SYNOPSIS:
            shown[f.name] = entry.synopsis
        elif f.storage is Storage.EXTRA:
            shown[f.name] = dict(entry.extra or {})
        # CREDITS and SEE_ALSO: in full below, with the people and the linked entries
    return {
        **shown,
        "work_id": entry.work_id,
        "first_seen_run_id": entry.first_seen_run_id,
        "updated_run_id": entry.updated_run_id,
        # None while the site lists the entry; else the run that found it gone.
        VANISHED_KEY: _vanished(
            entry.vanished_run_id, vanished_run.finished_at if vanished_run else None
        )
        if entry.vanished_run_id is not None
        else None,
        "edition_info": _edition_dict(edition),
        "credits": [
            {
                "role": c.role,
                "position": c.position,
                "credited_as": c.credited_as,
                "person": p.name,
                "name_key": p.name_key,
                "person_id": p.id,
            }
            for c, p in credits
        ],
        "synopsis_history": [
            {
                "version": s.version,
                "text": s.text,
                "lang": s.lang,
                "content_hash": s.content_hash,
                "is_current": s.is_current,
                "first_run_id": s.first_run_id,
                "superseded_run_id": s.superseded_run_id,
            }
            for s in history
        ],
        "see_also": [
            {
                "film_id": link.target_film_id,
                "title": link.title,
                "teaser": link.teaser,
                "position": link.position,
                "in_mirror": target_title is not None,
                "target_title": target_title,
            }
            for link, target_title in links
        ],
        "pages": [
            {
                "url": p.url,
                "status": p.status,
                "etag": p.etag,
                "last_modified": p.last_modified,
                "content_type": p.content_type,
                "digest": p.digest,
                "fetched_at": p.fetched_at.isoformat() if p.fetched_at else None,
                "run_id": p.run_id,
            }
            for p in pages
        ],
    }


def _edition_dict(edition: Edition | None) -> dict[str, Any] | None:
    if edition is None:
        return None
    columns = fields_stored_as(EditionItem, Storage.COLUMN)
    return {"year": edition.year, **{f.name: getattr(edition, f.name) for f in columns}}


# -- statistics ---------------------------------------------------------------------------

STATS_TABLES = (
    *DATA_TABLES,
    "fetched_pages",
    "crawl_runs",
    "works",
    "corpus_documents",
    "links",
    "review_decisions",
)


def stats(session: Session, *, top: int = 10, runs: int = 5) -> dict[str, Any]:
    """Counts per table, films per decade, top countries and the latest crawl runs."""
    tables = Base.metadata.tables
    counts = {
        name: session.execute(select(func.count()).select_from(tables[name])).scalar_one()
        for name in STATS_TABLES
    }
    decade = (Entry.year // 10) * 10
    per_decade = [
        {"decade": d, "films": n}
        for d, n in session.execute(
            select(decade, func.count()).group_by(decade).order_by(decade.asc().nulls_last())
        )
    ]
    countries: Counter[str] = Counter()
    for (values,) in session.execute(select(Entry.countries)):
        countries.update(values or [])
    vanished = session.execute(
        select(func.count()).select_from(Entry).where(Entry.vanished_run_id.is_not(None))
    ).scalar_one()
    last_runs = session.execute(
        select(CrawlRun, Festival.slug)
        .join(Festival, Festival.id == CrawlRun.festival_id)
        .order_by(CrawlRun.id.desc())
        .limit(runs)
    ).all()
    return {
        "tables": counts,
        "vanished_entries": vanished,  # tombstoned: gone from the site, kept in the mirror
        "films_per_decade": per_decade,
        "top_countries": [{"country": c, "films": n} for c, n in countries.most_common(top)],
        "last_runs": [
            {
                "id": run.id,
                "festival": slug,
                "started_at": run.started_at.isoformat() if run.started_at else None,
                "finished_at": run.finished_at.isoformat() if run.finished_at else None,
                "status": run.status,
                "finish_reason": run.finish_reason,
                # The part of the archive a subset crawl covered; None: all of it.
                "scope": run.scope,
                "new": run.new_count,
                "changed": run.changed_count,
                "unchanged": run.unchanged_count,
                "invalid": run.invalid_count,
                "pages": run.pages_count,
                "seen": run.seen_count,
                "revisits": run.revisit_count,
                "not_checked": run.not_checked_count,  # seen on trust (MIRROR_REVISIT_DAYS)
                "vanished": run.vanished_count,
                "errors": run.error_count,  # pages whose parsing failed
                "fill_rates": dict(run.fill_rates or {}),
                "faults": dict(run.faults or {}),  # the server's misbehaviour met
                "alarm": run.alarm,
                "resumed_by_run_id": run.resumed_by_run_id,
            }
            for run, slug in last_runs
        ],
    }
