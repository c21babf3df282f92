"""What Datasette shows of the mirror: titles, descriptions of every visible table and
column, label columns, hidden bookkeeping tables, default facets, full-text search
settings and the canned queries (``mirror/datasette_queries.py``).

Built in Python rather than shipped as a file so that the database's name (Datasette
names a database after its file) and the queries stay in one place; ``mirror serve
--print-metadata`` prints it as JSON for a plain ``datasette -m`` run.
"""

from __future__ import annotations

from typing import Any

from mirror.datasette_queries import canned_queries

TITLE = "Festival mirror"
DESCRIPTION = (
    "A relational mirror of film-festival archives (MIFF, NZIFF): every archive entry, "
    "its directors, edition, section and synopsis history, the imported corpus documents, "
    "and the works deduplication found. Read-only."
)
SOURCE = "The festivals' online archives, crawled by festival-mirror"
LICENSE = "MIT"
LICENSE_URL = "https://opensource.org/licenses/MIT"

# Bookkeeping nobody browses: the schema revision, the web archive's digest index and
# fetch log, cached sentence embeddings (BLOBs), and the full-text indexes (searched
# through their tables, never read directly) with their shadow tables.
FTS_TABLES = ("entries_fts", "corpus_documents_fts")
FTS5_SHADOWS = ("data", "idx", "docsize", "config", "content")
HIDDEN_TABLES = (
    "alembic_version",
    "captures",
    "fetched_pages",
    "text_vectors",
    *FTS_TABLES,
    *(f"{table}_{shadow}" for table in FTS_TABLES for shadow in FTS5_SHADOWS),
)

# Columns shared by the entries table and the views that show entries.
FILM = {
    "festival": "The festival's short name (miff, nziff).",
    "film_id": "The festival site's own id of the entry (digits on MIFF, YEAR/slug on NZIFF).",
    "title": "The film's title, cleaned (entities, mojibake, inverted articles fixed).",
    "original_title": "The title in the film's own language, when the page shows it apart.",
    "year": "Production year.",
    "countries": "Production countries (JSON list).",
    "edition": "The festival edition (year) the film screened in.",
    "section": "The programme section it screened in.",
    "runtime": "Running time in minutes.",
    "languages": "Spoken languages (JSON list).",
    "lang": "Language of the synopsis text (ISO 639-1).",
    "synopsis": "The current synopsis (paragraphs separated by blank lines).",
    "url": "The entry's canonical page on the festival's site.",
    "work_id": "The deduplicated film (works.id) this entry belongs to; empty until linked.",
    "vanished_run_id": "The crawl run that found the entry gone from the site; empty while "
    "it is listed.",
}


def _film(*names: str) -> dict[str, str]:
    return {name: FILM[name] for name in names}


TABLES: dict[str, dict[str, Any]] = {
    "entries": {
        "description": "One archive entry per row: a film as screened in one edition of one "
        "festival. The films view shows the same with directors, edition and section by name.",
        "label_column": "title",
        "columns": {
            "id": "Row id.",
            "festival_id": "The festival (festivals.id).",
            **_film("film_id", "url"),
            "fetched_url": "The URL the crawl actually fetched (another host or scheme, the "
            "replica).",
            **_film("title"),
            "title_display": "The title exactly as the page displays it.",
            **_film("year", "countries"),
            "edition_id": "The edition it screened in (editions.id, shown by year).",
            "section_id": "The programme section (sections.id, shown by name).",
            **_film("synopsis", "lang"),
            "quote": "A press quote shown on the page.",
            "quote_source": "Who the quote is attributed to.",
            **_film("work_id"),
            "first_seen_run_id": "The crawl run that first stored the entry.",
            "updated_run_id": "The last crawl run that stored a change to the entry.",
            **_film("vanished_run_id", "original_title", "languages", "runtime"),
            "extra": "The festival's own fields, by name (JSON object; README: Festivals).",
        },
        "facets": [
            "edition_id",
            "year",
            {"array": "countries"},
            "section_id",
            "lang",
            "festival_id",
        ],
        "fts_table": "entries_fts",
        "sort": "id",
    },
    "films": {
        "description": "A view: one film entry per row, with its festival, directors, "
        "edition, section, current synopsis and earlier synopses. Search it with the box "
        "(all words must appear, accents ignored); filter ?film_id= for one film.",
        "columns": {
            "id": "The entry's row id (entries.id).",
            **_film("festival", "film_id", "title", "original_title"),
            "directors": "Directors as the page credits them, in page order (JSON list).",
            **_film("year", "countries", "edition", "section", "runtime", "languages"),
            **_film("lang", "synopsis"),
            "earlier_synopses": "Earlier versions of the synopsis, oldest first (JSON list of "
            "{version, lang, text}).",
            **_film("url", "work_id", "vanished_run_id"),
        },
        "facets": [
            "edition",
            "year",
            {"array": "countries"},
            "section",
            {"array": "directors"},
            "lang",
            {"array": "languages"},
            "festival",
        ],
        "fts_table": "entries_fts",
        "fts_pk": "id",
    },
    "film_directors": {
        "description": "A view: one row per film and director, for browsing a director's films.",
        "columns": {
            "entry_id": "The entry (entries.id).",
            **_film("festival", "film_id", "title"),
            "director": "The director, under the first spelling the mirror saw.",
            "credited_as": "The director's name as this entry's page spells it.",
            "position": "Order among the film's directors (0 first).",
            **_film("year", "edition", "section"),
        },
        "facets": ["director", "edition", "festival"],
    },
    "synopsis_history": {
        "description": "A view: every version of every synopsis, with its film. A new "
        "version is kept when a crawl finds the text changed.",
        "columns": {
            "id": "The version's row id (synopses.id).",
            "entry_id": "The entry (entries.id).",
            **_film("festival", "film_id", "title", "edition"),
            "version": "1 for the first text seen, then 2, 3, ...",
            "is_current": "1 for the text the page shows now.",
            "lang": "Language of this text.",
            "text": "The synopsis text.",
            "first_run_id": "The crawl run that first saw this text.",
            "superseded_run_id": "The crawl run that found it replaced.",
        },
        "facets": ["is_current", "lang", "edition"],
    },
    "festivals": {
        "description": "The festivals mirrored.",
        "label_column": "slug",
        "columns": {
            "id": "Row id.",
            "slug": "Short name (miff, nziff), as crawls and commands name the festival.",
            "name": "Full name.",
        },
    },
    "editions": {
        "description": "One row per festival edition (year), with what its page says.",
        "label_column": "year",
        "columns": {
            "id": "Row id.",
            "festival_id": "The festival (festivals.id).",
            "year": "The edition's year.",
            "site_edition_id": "The site's own id of the edition.",
            "heading": "The edition page's heading.",
            "feature_count": "Number of feature films the page announces.",
            "short_count": "Number of short films the page announces.",
            "dates_text": "The festival's dates, as written.",
            "program_focus": "The programme's focus, as written.",
            "filmmaker_focus": "Filmmakers in focus, as written.",
            "opening_film": "The opening film, as written.",
            "director_message": "The festival director's message.",
            "url": "The edition's page on the festival's site.",
        },
        "facets": ["festival_id"],
        "sort": "year",
    },
    "sections": {
        "description": "Programme sections, per festival.",
        "label_column": "name",
        "columns": {
            "id": "Row id.",
            "festival_id": "The festival (festivals.id).",
            "name": "The section's name.",
        },
    },
    "people": {
        "description": "One person per folded name (case, accents and punctuation ignored).",
        "label_column": "name",
        "columns": {
            "id": "Row id.",
            "name_key": "The folded name people are matched on.",
            "name": "The first spelling seen.",
        },
    },
    "credits": {
        "description": "Who did what on each entry: directors and, where pages list them, "
        "other roles.",
        "columns": {
            "id": "Row id.",
            "entry_id": "The entry (entries.id).",
            "person_id": "The person (people.id).",
            "role": "The role, in the singular (director, producer, ...).",
            "position": "Order among the entry's people in that role (0 first).",
            "credited_as": "The name as this entry's page spells it.",
        },
        "facets": ["role"],
    },
    "synopses": {
        "description": "Synopsis history: one row per distinct text an entry has had (the "
        "synopsis_history view shows them with their films).",
        "columns": {
            "id": "Row id.",
            "entry_id": "The entry (entries.id).",
            "version": "1 for the first text seen, then 2, 3, ...",
            "text": "The synopsis text.",
            "lang": "Language of this text.",
            "content_hash": "SHA-256 of the text, to tell a change from a re-crawl.",
            "is_current": "1 for the text the page shows now.",
            "first_run_id": "The crawl run that first saw this text.",
            "superseded_run_id": "The crawl run that found it replaced.",
        },
    },
    "see_also": {
        "description": 'The "See also" links of each entry\'s page, to other entries.',
        "columns": {
            "id": "Row id.",
            "entry_id": "The entry whose page shows the link (entries.id).",
            "target_film_id": "The linked entry's film_id.",
            "title": "The linked film's title, as the link shows it.",
            "teaser": "The teaser text shown with the link.",
            "position": "Order on the page (0 first).",
        },
    },
    "crawl_runs": {
        "description": "Every crawl run: when, how it ended and what it found (see the "
        "last_run_changes query for its entries).",
        "label_column": "started_at",
        "columns": {
            "id": "Row id.",
            "festival_id": "The festival crawled (festivals.id).",
            "started_at": "When the run started (UTC).",
            "finished_at": "When it ended (UTC); empty while running or if killed.",
            "status": "running, finished, aborted, failed (health check) or interrupted.",
            "finish_reason": "Scrapy's reason for closing, or why the run aborted.",
            "new_count": "Entries stored for the first time.",
            "changed_count": "Entries whose stored fields changed.",
            "unchanged_count": "Entries seen again unchanged.",
            "invalid_count": "Items that failed validation and were not stored.",
            "pages_count": "Pages fetched.",
            "seen_count": "Entries seen: extracted or revisited.",
            "vanished_count": "Entries this run found gone and tombstoned.",
            "revisit_count": "Entries found unchanged without parsing their page again.",
            "fill_rates": "Share of the run's parsed films that had each watched field "
            "(JSON object).",
            "faults": "What the server did wrong, by kind: 429s, 5xx, timeouts, resets, "
            "oversized bodies, redirect loops... (JSON object; README, 'A misbehaving server').",
            "error_count": "Pages whose parsing raised an error: the run is incomplete and "
            "tombstoned nothing.",
            "alarm": "Why the run failed its health check (or, for an incomplete run, the "
            "first errors).",
            "resumed_by_run_id": "The run that resumed or replaced this one after it stopped.",
            "not_checked_count": "Revisits whose page was not even requested "
            "(MIRROR_REVISIT_DAYS).",
            "scope": "The part of the archive a subset crawl covered (-a edition=, -a film=); "
            "empty for a full run.",
        },
        "facets": ["status", "festival_id"],
        "sort_desc": "id",
    },
    "works": {
        "description": "Deduplicated films: each groups the entries and corpus documents "
        "about one film (README: Deduplication).",
        "label_column": "title",
        "columns": {
            "id": "Row id (entries.work_id and corpus_documents.work_id point here).",
            "title": "The work's title, taken from its members (entries first).",
            "year": "Production year, from its members.",
            "directors": "Directors, from its members (JSON list).",
            "created_at": "When the work was first formed (UTC).",
        },
    },
    "corpus_documents": {
        "description": "Documents of the imported corpus (`mirror corpus import`): synopses "
        "in many languages, often without a title. Searchable like entries.",
        "label_column": "title",
        "columns": {
            "id": "The document's id: NAME:N for line N of a plain-text file, else the file's "
            "own id.",
            "source": "The file (corpus) it was imported from.",
            "position": "Its line number in that file.",
            "text": "The document's text.",
            "lang": "Language identified at import.",
            "title": "Title, when the file gives one.",
            "directors": "Directors, when the file gives them (JSON list).",
            "year": "Year, when the file gives it.",
            "content_hash": "SHA-256 of the text, to tell a changed document on re-import.",
            "work_id": "The work (film) it was matched to; empty while pending.",
            "imported_at": "When it was imported (UTC).",
        },
        "facets": ["lang", "source"],
        "fts_table": "corpus_documents_fts",
    },
    "links": {
        "description": "Scored pairs of members (entry:FESTIVAL:ID, doc:ID) deduplication "
        "compared: match (joined into one work) or review (queued for a person).",
        "columns": {
            "id": "Row id.",
            "left_key": "One member of the pair (the smaller key).",
            "right_key": "The other member.",
            "score": "The probability that both are the same film.",
            "decision": "match or review.",
            "reason": "Why, in words.",
            "origin": "What produced the link (import:NAME, link, ...).",
            "created_at": "When it was scored (UTC).",
        },
        "facets": ["decision", "origin"],
        "sort_desc": "score",
    },
    "review_decisions": {
        "description": "People's verdicts on queued pairs (`mirror review`); every later "
        "import and crawl respects them.",
        "columns": {
            "id": "Row id.",
            "left_key": "One member of the pair.",
            "right_key": "The other member.",
            "decision": "accept or reject.",
            "decided_at": "When (UTC).",
            "note": "The reviewer's note.",
        },
        "facets": ["decision"],
    },
}


def metadata(database: str) -> dict[str, Any]:
    """Datasette metadata for the mirror served under the name ``database``."""
    tables: dict[str, dict[str, Any]] = {name: dict(table) for name, table in TABLES.items()}
    for name in HIDDEN_TABLES:
        tables[name] = {"hidden": True}
    return {
        "title": TITLE,
        "description": DESCRIPTION,
        "license": LICENSE,
        "license_url": LICENSE_URL,
        "source": SOURCE,
        "databases": {
            database: {
                "description": DESCRIPTION,
                "tables": tables,
                "queries": canned_queries(),
            }
        },
    }
