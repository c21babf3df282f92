"""When a director and a year identify a film: the key rule for two festival records.

Two festival records naming the same director, with years at most one apart, are
usually one film, and their synopses rarely say so: each festival writes its own, from
its own angle and in its own language. On the dev split of the blind set the
cross-lingual cosine of such true pairs (median 0.34) and of a director's *other*
films of those years (0.31) are the same, so no text model separates them: of 458
such record pairs, 48 were two films (sequels, a director's two films of one year).

What does separate them is the rest of that director's records: a director with two
films in those years shows it, somewhere among the records, as two titles in one
language that are not spellings of each other ("Krótki film o zabijaniu" / "Krótki
film o miłości"), or as a numbered title beside an unnumbered one. A pair whose
director-and-years block shows no such pair, and whose own titles agree (as strings,
or as translations: their embeddings), is one film. On the dev split: 302 of the
627 keyed true pairs, none of the 48 (a director's two films of one year, in two
languages with titles that do not translate each other, stay apart: "On the Beach
at Night Alone" / "Le Jour d'après").

Pure functions over `Record`s; the index gathers the block and the title vectors.
"""

from collections import defaultdict
from collections.abc import Iterable, Sequence
from itertools import combinations

from linkage import keys
from linkage.records import Record

# Years apart within which one director's records may be one film (a festival's year
# against the production year).
YEAR_WINDOW = 1
# Two titles in one language at least this similar (folded, `keys.title_similarity`)
# are spellings of one title ("Sissi" / "Sissi."), below it two titles.
SAME_TITLE_SPELLING = 0.8
# A pair's own titles corroborate it at this folded similarity (transliterations:
# "Донбас" / "Donbass") or this cosine of their embeddings (translations:
# "La Femme de Tchaïkovski" / "Tchaikovsky's Wife").
TITLE_SPELLING_AGREES = 0.5
TITLE_MEANING_AGREES = 0.5


def keyed_for_rule(record: Record) -> bool:
    """A record the rule can speak for: a title, directors and a year."""
    return bool(record.title and record.directors) and record.year is not None


def within_years(record: Record, low: int, high: int) -> bool:
    """Whether the record could be a film of `low`..`high` (give or take the window);
    a record without a year could be of any year."""
    if record.year is None:
        return True
    return low - YEAR_WINDOW <= record.year <= high + YEAR_WINDOW


def _may_share_language(left: Record, right: Record) -> bool:
    # An unknown language may well be the other's: one festival's records seldom say.
    return left.lang is None or right.lang is None or left.lang == right.lang


def titles_apart(left: Record, right: Record) -> bool:
    """Whether two records of one director name two films by their titles: in one
    language (as far as is known), two titles that are not spellings of each other;
    or titles numbered differently, or a number on one only ("Ludwig II." beside
    "Ludwig": a series, or a careful festival; either way not for the rule)."""
    if not (left.title and right.title):
        return False
    if keys.title_numbers_differ(left.title, right.title):
        return True
    if not _may_share_language(left, right):
        return False
    left_key, right_key = keys.fold_title(left.title), keys.fold_title(right.title)
    if left_key == right_key:
        return False
    similarity = keys.title_similarity(left_key, right_key)
    return similarity is None or similarity < SAME_TITLE_SPELLING


def contested(block: Sequence[Record]) -> bool:
    """Whether a director-and-years block shows two films (`titles_apart`)."""
    return any(titles_apart(a, b) for a, b in combinations(block, 2))


def titles_agree(left: Record, right: Record, title_cosine: float | None) -> bool:
    """Whether a pair's own titles speak for one film: alike as folded strings, or
    as meanings (`title_cosine`, None when not worked out)."""
    similarity = keys.title_similarity(keys.fold_title(left.title), keys.fold_title(right.title))
    if similarity is not None and similarity >= TITLE_SPELLING_AGREES:
        return True
    return title_cosine is not None and title_cosine >= TITLE_MEANING_AGREES


def needs_title_cosine(left: Record, right: Record) -> bool:
    """Whether `titles_agree` would need the titles' embeddings to decide."""
    similarity = keys.title_similarity(keys.fold_title(left.title), keys.fold_title(right.title))
    return similarity is None or similarity < TITLE_SPELLING_AGREES


def director_keys(record: Record) -> list[str]:
    """The keys that file a record under its directors, by spelling and by sound (and
    by sound as Chinese keeps it): records of one director meet under one of them."""
    by_spelling = ["d:" + k for k in keys.person_keys(record.directors) if ":" in k]
    by_sound = ["s:" + k for k in keys.director_sounds(tuple(record.directors))]
    # Chinese spellings of foreign names meet their alphabetic spellings here
    by_han_sound = ["h:" + k for k in keys.director_han_sounds(tuple(record.directors))]
    return sorted(by_spelling + by_sound + by_han_sound)


def may_compare_titles(left: Record, right: Record) -> bool:
    """Whether the rule could ask for the embeddings of these two records' titles:
    both keyed, years within the window, and both languages known and different (in
    one language, or an unknown one, titles that do not spell alike are two films
    and are never compared by meaning)."""
    return (
        keyed_for_rule(left)
        and keyed_for_rule(right)
        and abs((left.year or 0) - (right.year or 0)) <= YEAR_WINDOW
        and left.lang is not None
        and right.lang is not None
        and left.lang != right.lang
    )


def titles_to_embed(records: Iterable[Record]) -> set[str]:
    """The titles the rule may compare by meaning (`may_compare_titles`) among records
    filed under one director key: the only ones worth running the model for."""
    by_key: dict[str, list[Record]] = defaultdict(list)
    for record in records:
        if keyed_for_rule(record):
            for key in director_keys(record):
                by_key[key].append(record)
    wanted: set[str] = set()
    for filed in by_key.values():
        filed.sort(key=lambda r: r.year or 0)
        for number, record in enumerate(filed):
            for later in filed[number + 1 :]:
                if (later.year or 0) - (record.year or 0) > YEAR_WINDOW:
                    break
                if may_compare_titles(record, later):
                    wanted.update((record.title or "", later.title or ""))
    return wanted
