"""The canned queries `mirror serve` offers in Datasette (SQLite SQL over the mirror).

Each is a named page, ``/DB/NAME``, with a form for its parameters and a JSON answer at
``/DB/NAME.json``. A parameter left empty takes the default the SQL gives it.
"""

from __future__ import annotations

from typing import Any

# Ranked full-text search over both halves of the films' texts: archive entries (title,
# synopsis, original title) and corpus documents (title, text). bm25() scores of the two
# indexes are on comparable scales (both weight title matches ten times), lower is
# better; escape_fts() (a Datasette SQL function) quotes every word, so any text is a
# valid query: all words must appear, diacritics ignored.
SEARCH = """
select * from (
  select
    'entry' as kind,
    f.slug || ':' || e.film_id as id,
    e.title as title,
    ed.year as edition,
    e.year as year,
    e.lang as lang,
    snippet(entries_fts, -1, '[', ']', '…', 20) as snippet,
    round(bm25(entries_fts, 10.0, 1.0, 10.0), 3) as rank
  from entries_fts
  join entries e on e.id = entries_fts.rowid
  join festivals f on f.id = e.festival_id
  left join editions ed on ed.id = e.edition_id
  where entries_fts match escape_fts(:q)
  union all
  select
    'document' as kind,
    d.id as id,
    d.title as title,
    null as edition,
    d.year as year,
    d.lang as lang,
    snippet(corpus_documents_fts, -1, '[', ']', '…', 20) as snippet,
    round(bm25(corpus_documents_fts, 10.0, 1.0), 3) as rank
  from corpus_documents_fts
  join corpus_documents d on d.rowid = corpus_documents_fts.rowid
  where corpus_documents_fts match escape_fts(:q)
)
order by rank, kind, id
limit 100
"""

FILMS_PER_EDITION = """
select
  f.slug as festival,
  ed.year as edition,
  count(e.id) as films,
  count(distinct e.section_id) as sections,
  count(e.vanished_run_id) as vanished
from editions ed
join festivals f on f.id = ed.festival_id
left join entries e on e.edition_id = ed.id
group by ed.id
order by f.slug, ed.year
"""

TOP_DIRECTORS = """
select
  p.name as director,
  count(distinct c.entry_id) as screenings,
  count(distinct e.edition_id) as editions,
  min(ed.year) as first_edition,
  max(ed.year) as last_edition,
  group_concat(distinct f.slug) as festivals
from credits c
join people p on p.id = c.person_id
join entries e on e.id = c.entry_id
join festivals f on f.id = e.festival_id
left join editions ed on ed.id = e.edition_id
where c.role = 'director'
group by p.id
order by screenings desc, director
limit 100
"""

RESCREENED_FILMS = """
select
  e.work_id as work_id,
  w.title as title,
  w.year as year,
  count(*) as entries,
  count(distinct e.edition_id) as editions,
  (select group_concat(label, ', ') from (
     select distinct f2.slug || ' ' || ed2.year as label
     from entries e2
     join festivals f2 on f2.id = e2.festival_id
     join editions ed2 on ed2.id = e2.edition_id
     where e2.work_id = e.work_id
     order by ed2.year, f2.slug)) as screened_at
from entries e
join works w on w.id = e.work_id
group by e.work_id
having count(distinct e.edition_id) > 1
order by editions desc, w.title
"""

# A work's members: its entries (language of the synopsis, festival) and its corpus
# documents (language identified at import, source file).
MULTILINGUAL_WORKS = """
with members as (
  select e.work_id as work_id, e.lang as lang, f.slug as festival, null as source
  from entries e join festivals f on f.id = e.festival_id
  where e.work_id is not null
  union all
  select d.work_id, d.lang, null, d.source
  from corpus_documents d
  where d.work_id is not null
)
select
  m.work_id as work_id,
  w.title as title,
  w.year as year,
  count(distinct m.lang) as languages,
  group_concat(distinct m.lang) as language_list,
  count(distinct m.festival) as festivals,
  group_concat(distinct m.festival) as festival_list,
  count(distinct m.source) as corpus_sources,
  count(*) as members
from members m
join works w on w.id = m.work_id
group by m.work_id
having count(distinct m.lang) > 1 or count(distinct m.festival) > 1
order by languages desc, festivals desc, members desc, w.title
"""

# Member keys as deduplication writes them (db/member_keys.py): entry:FESTIVAL:ID, doc:ID.
# Pending as `mirror review` counts it: queued, undecided, not already in one work.
LINKS_AWAITING_REVIEW = """
with members as (
  select
    'entry:' || f.slug || ':' || e.film_id as key,
    coalesce(e.title, '') || coalesce(' (' || f.slug || ' ' || ed.year || ')', '') as label,
    e.work_id as work_id
  from entries e
  join festivals f on f.id = e.festival_id
  left join editions ed on ed.id = e.edition_id
  union all
  select 'doc:' || d.id, coalesce(d.title, substr(d.text, 1, 120)), d.work_id
  from corpus_documents d
)
select
  l.id as link_id,
  round(l.score, 3) as score,
  l.left_key as left_key,
  lm.label as left_label,
  l.right_key as right_key,
  rm.label as right_label,
  l.reason as reason,
  l.origin as origin,
  l.created_at as created_at
from links l
left join review_decisions r on r.left_key = l.left_key and r.right_key = l.right_key
left join members lm on lm.key = l.left_key
left join members rm on rm.key = l.right_key
where l.decision = 'review'
  and r.id is null
  and not (lm.work_id is not null and lm.work_id = rm.work_id)
order by l.score desc, l.left_key, l.right_key
"""

# The run given (:run), else the latest one; its new, changed and tombstoned entries.
RUN = "coalesce(nullif(:run, ''), (select max(id) from crawl_runs))"
LAST_RUN_CHANGES = f"""
with chosen as (
  select r.id, f.slug as festival, r.status, r.started_at, r.finished_at
  from crawl_runs r join festivals f on f.id = r.festival_id
  where r.id = {RUN}
),
changes as (
  select 'new' as change, e.* from entries e, chosen
  where e.first_seen_run_id = chosen.id
  union all
  select 'changed', e.* from entries e, chosen
  where e.updated_run_id = chosen.id
    and (e.first_seen_run_id is null or e.first_seen_run_id != chosen.id)
  union all
  select 'vanished', e.* from entries e, chosen
  where e.vanished_run_id = chosen.id
)
select
  chosen.id as run_id,
  chosen.festival as festival,
  chosen.status as status,
  chosen.finished_at as finished_at,
  c.change as change,
  c.film_id as film_id,
  c.title as title,
  ed.year as edition,
  (select count(*) from synopses sy
   where sy.entry_id = c.id and sy.first_run_id = chosen.id and sy.version > 1)
    as new_synopsis_version
from changes c
join chosen
left join editions ed on ed.id = c.edition_id
order by case c.change when 'new' then 0 when 'changed' then 1 else 2 end, edition, c.film_id
"""


def canned_queries() -> dict[str, dict[str, Any]]:
    """Datasette's ``queries`` metadata: name -> title, description, SQL."""
    return {
        "search": {
            "title": "Search titles and synopses",
            "description": (
                "Full-text search over archive entries (title, original title, synopsis) "
                "and imported corpus documents, in every language, best match first. "
                "Every word must appear; accents are ignored (ete finds été). "
                "Snippets mark the matches in [brackets]."
            ),
            "sql": SEARCH.strip(),
        },
        "films_per_edition": {
            "title": "Films per edition",
            "description": "How many entries each festival edition has, in how many sections, "
            "and how many of them have since vanished from the site.",
            "sql": FILMS_PER_EDITION.strip(),
        },
        "top_directors": {
            "title": "Directors with the most screenings",
            "description": "Directors by the number of archive entries that credit them, "
            "with the editions they span (the first 100).",
            "sql": TOP_DIRECTORS.strip(),
        },
        "rescreened_films": {
            "title": "Films re-screened across editions",
            "description": "Works (deduplicated films) with entries in more than one edition "
            "or festival. Works exist once `mirror link` or a crawl has linked the entries.",
            "sql": RESCREENED_FILMS.strip(),
        },
        "multilingual_works": {
            "title": "Works known in several languages or festivals",
            "description": "Works whose entries and corpus documents are written in more than "
            "one language, or come from more than one festival.",
            "sql": MULTILINGUAL_WORKS.strip(),
        },
        "links_awaiting_review": {
            "title": "Links awaiting review",
            "description": "Pairs deduplication was unsure about and nobody has decided on "
            "yet, most likely first (`mirror review` decides them, most valuable first).",
            "sql": LINKS_AWAITING_REVIEW.strip(),
        },
        "last_run_changes": {
            "title": "What changed in the last run",
            "description": "The entries a crawl run added, changed or found gone (tombstoned); "
            "run: a crawl_runs id, empty for the latest run.",
            "sql": LAST_RUN_CHANGES.strip(),
        },
    }
