"""Full-text search tables other tools detect, and views that read one film on one page
(SQLite only; PostgreSQL searches its own ``search_vector`` column and has no views).

- ``entries_fts`` is recreated declaring ``content="entries"``: 0001 wrote
  ``content='entries'`` (single quotes), which SQLite accepts but Datasette and
  sqlite-utils do not recognise (they look for ``content="…"`` or ``content=[…]``), so
  ``entries.json?_search=…`` silently ignored the search. It now also indexes
  ``original_title`` (a film found by the title in its own language), after ``title``
  and ``synopsis`` so ``bm25()`` weights given in that order keep their meaning.
- ``corpus_documents_fts`` indexes the imported corpus documents (title, text), the
  other half of the films' texts, many of them in other languages than English. A
  document's key is a string, so the index follows the table's implicit rowid, which a
  VACUUM may renumber: after one, run
  ``INSERT INTO corpus_documents_fts(corpus_documents_fts) VALUES ('rebuild')``.
- Both use ``unicode61 remove_diacritics 2``: a French "Perestroïka" or "été" is found
  by "perestroika" or "ete", and every script's letters are word characters.
- Views: ``films`` (an entry with its festival, directors, edition, section and
  earlier synopses), ``film_directors`` (one row per film and director) and
  ``synopsis_history`` (every version of every synopsis, with its film).

The views name ``entries`` columns: a later migration that drops or renames one of them
must drop and recreate the views around it (SQLite refuses to drop a column a view
uses), and a batch-mode copy of ``entries`` or ``corpus_documents`` would drop the
full-text triggers, as 0002 notes.

Revision ID: 0006_datasette_search_and_views
Revises: 0005_festival_neutral_entries
Create Date: 2026-12-05
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0006_datasette_search_and_views"
down_revision: str | None = "0005_festival_neutral_entries"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TOKENIZER = "tokenize='unicode61 remove_diacritics 2'"


def _fts(table: str, columns: Sequence[str], content: str, rowid: str | None) -> list[str]:
    """An external-content FTS5 table over ``content`` declared the way Datasette and
    sqlite-utils detect it, its three sync triggers, and a rebuild from the table."""
    column_list = ", ".join(columns)
    new_values = ", ".join(f"new.{c}" for c in columns)
    old_values = ", ".join(f"old.{c}" for c in columns)
    key = rowid or "rowid"
    rowid_option = f', content_rowid="{rowid}"' if rowid else ""
    return [
        f"""CREATE VIRTUAL TABLE {table} USING fts5(
            {column_list}, content="{content}"{rowid_option}, {TOKENIZER})""",
        f"""CREATE TRIGGER {table}_ai AFTER INSERT ON {content} BEGIN
            INSERT INTO {table}(rowid, {column_list}) VALUES (new.{key}, {new_values});
        END""",
        f"""CREATE TRIGGER {table}_ad AFTER DELETE ON {content} BEGIN
            INSERT INTO {table}({table}, rowid, {column_list})
            VALUES ('delete', old.{key}, {old_values});
        END""",
        f"""CREATE TRIGGER {table}_au AFTER UPDATE OF {column_list} ON {content} BEGIN
            INSERT INTO {table}({table}, rowid, {column_list})
            VALUES ('delete', old.{key}, {old_values});
            INSERT INTO {table}(rowid, {column_list}) VALUES (new.{key}, {new_values});
        END""",
        f"INSERT INTO {table}({table}) VALUES ('rebuild')",
    ]


def _drop_fts(table: str) -> list[str]:
    return [
        f"DROP TRIGGER IF EXISTS {table}_au",
        f"DROP TRIGGER IF EXISTS {table}_ad",
        f"DROP TRIGGER IF EXISTS {table}_ai",
        f"DROP TABLE IF EXISTS {table}",
    ]


# Directors as each page credits them, in page order; the subquery's ORDER BY sets the
# order json_group_array sees (SQLite before 3.44 has no ORDER BY inside aggregates).
FILMS_VIEW = """CREATE VIEW films AS
SELECT
    e.id AS id,
    f.slug AS festival,
    e.film_id AS film_id,
    e.title AS title,
    e.original_title AS original_title,
    (SELECT json_group_array(credited_as) FROM (
        SELECT c.credited_as FROM credits c
        WHERE c.entry_id = e.id AND c.role = 'director' ORDER BY c.position)) AS directors,
    e.year AS year,
    e.countries AS countries,
    ed.year AS edition,
    s.name AS section,
    e.runtime AS runtime,
    e.languages AS languages,
    e.lang AS lang,
    e.synopsis AS synopsis,
    (SELECT json_group_array(json_object('version', version, 'lang', lang, 'text', text))
        FROM (SELECT sy.version, sy.lang, sy.text FROM synopses sy
              WHERE sy.entry_id = e.id AND NOT sy.is_current ORDER BY sy.version))
        AS earlier_synopses,
    e.url AS url,
    e.work_id AS work_id,
    e.vanished_run_id AS vanished_run_id
FROM entries e
JOIN festivals f ON f.id = e.festival_id
LEFT JOIN editions ed ON ed.id = e.edition_id
LEFT JOIN sections s ON s.id = e.section_id"""

FILM_DIRECTORS_VIEW = """CREATE VIEW film_directors AS
SELECT
    e.id AS entry_id,
    f.slug AS festival,
    e.film_id AS film_id,
    e.title AS title,
    p.name AS director,
    c.credited_as AS credited_as,
    c.position AS position,
    e.year AS year,
    ed.year AS edition,
    s.name AS section
FROM credits c
JOIN people p ON p.id = c.person_id
JOIN entries e ON e.id = c.entry_id
JOIN festivals f ON f.id = e.festival_id
LEFT JOIN editions ed ON ed.id = e.edition_id
LEFT JOIN sections s ON s.id = e.section_id
WHERE c.role = 'director'"""

SYNOPSIS_HISTORY_VIEW = """CREATE VIEW synopsis_history AS
SELECT
    sy.id AS id,
    e.id AS entry_id,
    f.slug AS festival,
    e.film_id AS film_id,
    e.title AS title,
    ed.year AS edition,
    sy.version AS version,
    sy.is_current AS is_current,
    sy.lang AS lang,
    sy.text AS text,
    sy.first_run_id AS first_run_id,
    sy.superseded_run_id AS superseded_run_id
FROM synopses sy
JOIN entries e ON e.id = sy.entry_id
JOIN festivals f ON f.id = e.festival_id
LEFT JOIN editions ed ON ed.id = e.edition_id"""

VIEWS = {
    "films": FILMS_VIEW,
    "film_directors": FILM_DIRECTORS_VIEW,
    "synopsis_history": SYNOPSIS_HISTORY_VIEW,
}

# What 0001 created, restored on downgrade (single-quoted, two columns).
OLD_ENTRIES_FTS = [
    """CREATE VIRTUAL TABLE entries_fts USING fts5(
        title, synopsis, content='entries', content_rowid='id',
        tokenize='unicode61 remove_diacritics 2')""",
    """CREATE TRIGGER entries_fts_ai AFTER INSERT ON entries BEGIN
        INSERT INTO entries_fts(rowid, title, synopsis) VALUES (new.id, new.title, new.synopsis);
    END""",
    """CREATE TRIGGER entries_fts_ad AFTER DELETE ON entries BEGIN
        INSERT INTO entries_fts(entries_fts, rowid, title, synopsis)
        VALUES ('delete', old.id, old.title, old.synopsis);
    END""",
    """CREATE TRIGGER entries_fts_au AFTER UPDATE OF title, synopsis ON entries BEGIN
        INSERT INTO entries_fts(entries_fts, rowid, title, synopsis)
        VALUES ('delete', old.id, old.title, old.synopsis);
        INSERT INTO entries_fts(rowid, title, synopsis) VALUES (new.id, new.title, new.synopsis);
    END""",
    "INSERT INTO entries_fts(entries_fts) VALUES ('rebuild')",
]


def _is_sqlite() -> bool:
    return op.get_bind().dialect.name == "sqlite"


def upgrade() -> None:
    if not _is_sqlite():
        return
    statements = _drop_fts("entries_fts")
    statements += _fts("entries_fts", ("title", "synopsis", "original_title"), "entries", "id")
    statements += _fts("corpus_documents_fts", ("title", "text"), "corpus_documents", None)
    statements += list(VIEWS.values())
    for statement in statements:
        op.execute(statement)


def downgrade() -> None:
    if not _is_sqlite():
        return
    statements = [f"DROP VIEW IF EXISTS {name}" for name in VIEWS]
    statements += _drop_fts("corpus_documents_fts") + _drop_fts("entries_fts")
    statements += OLD_ENTRIES_FTS
    for statement in statements:
        op.execute(statement)
