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

Translations are told by a looser cosine when the two records are of one year exactly
(`TITLE_MEANING_AGREES_IN_ONE_YEAR`): what comes close by meaning is then seldom a
director's next film, which is of the next year. The same holds for a keyless text
that names the record's year and prints a title. On the dev split: 45 more record
pairs and 9 more text-record pairs linked, none of two films.

A record whose festival printed no year pairs with a dated one (`pair_for_rule`): the
block is read around the dated record's year, and the titles must agree as between
records two years apart, their spellings more closely (the undated record may be of
another year). On the dev split: 6 more record pairs, none of two films.

Pure functions over `Record`s; the index gathers the block and the title vectors.
"""

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from functools import lru_cache
from itertools import combinations

from linkage import keys
from linkage.han_readings import han_name_readings
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
# Two records of one year exactly (both known, in two languages) need a looser
# translation: a director's two films of consecutive years are common (Yojimbo and
# Sanjuro; on the dev split their titles' cosine reached 0.42), of one year rare. On
# the dev split, one film's titles in one year below TITLE_MEANING_AGREES ("Miasto 44"
# / "Warsaw 44", "Kanał" / "Ils aimaient la vie"): 104 pairs, 45 of them at this
# cosine or more; a director's two films of one year: 3 pairs, at 0.12-0.22. Titles a
# keyless text prints, in a text that names the record's year, by the same bar.
TITLE_MEANING_AGREES_IN_ONE_YEAR = 0.3


def keyed_for_rule(record: Record) -> bool:
    """A record the rule can speak for alone: a title, directors and a year."""
    return titled_for_rule(record) and record.year is not None


def titled_for_rule(record: Record) -> bool:
    """A record the rule can speak for beside a dated one: a title and directors."""
    return bool(record.title and record.directors)


def pair_for_rule(left: Record, right: Record) -> bool:
    """Two records the rule can speak for: both titled, with directors, and of years at
    most YEAR_WINDOW apart, or one of them undated (its festival printed no year: the
    other's year then stands for the pair, and the block is read around it). Two
    undated records are left out: no year to read a block around."""
    if not (titled_for_rule(left) and titled_for_rule(right)):
        return False
    if left.year is None or right.year is None:
        return left.year is not None or right.year is not None
    return abs(left.year - right.year) <= YEAR_WINDOW


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
    language (as far as is known), two titles that are neither spellings of each other
    nor one the other's alias (`alias_agrees`); or titles numbered differently, or a
    number on one only ("Ludwig II." beside "Ludwig": a series, or a careful festival;
    either way not for the rule)."""
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
    if similarity is not None and similarity >= SAME_TITLE_SPELLING:
        return False
    return not alias_agrees(left.title, right.title)


def contested(block: Sequence[Record]) -> bool:
    """Whether a director-and-years block shows two films (`titles_apart`)."""
    return any(titles_apart(a, b) for a, b in combinations(block, 2))


def titles_agree(left: Record, right: Record, title_cosine: float | None) -> bool:
    """Whether a pair's own titles speak for one film: alike as folded strings (whole,
    or by the other title a festival prints beside its own: `alias_agrees`), or as
    meanings (`title_cosine`, None when not worked out). With a year unknown the
    block guards less (the undated record may be of any year), so spellings must be
    closer (`SAME_TITLE_SPELLING`: "Forest & Summer" / "Journey & Factory", two films
    of one director, spell 0.5 alike)."""
    if titles_spelled_alike(left.title, right.title, _spelling_bar(left, right)):
        return True
    if title_cosine is None:
        return False
    one_year = left.year is not None and left.year == right.year
    two_languages = bool(left.lang and right.lang and left.lang != right.lang)
    return title_cosine >= meaning_agrees_at(one_year=one_year and two_languages)


def meaning_agrees_at(*, one_year: bool) -> float:
    """The cosine of two titles in two languages at which they translate each other,
    for the rule: looser when the two are of one year exactly."""
    return TITLE_MEANING_AGREES_IN_ONE_YEAR if one_year else TITLE_MEANING_AGREES


def needs_title_cosine(left: Record, right: Record) -> bool:
    """Whether `titles_agree` would need the titles' embeddings to decide."""
    return not titles_spelled_alike(left.title, right.title, _spelling_bar(left, right))


def _spelling_bar(left: Record, right: Record) -> float:
    undated = left.year is None or right.year is None
    return SAME_TITLE_SPELLING if undated else TITLE_SPELLING_AGREES


def titles_spelled_alike(
    left: str | None, right: str | None, bar: float = TITLE_SPELLING_AGREES
) -> bool:
    """Two titles alike as folded strings (at least `bar`), or one the other's alias."""
    similarity = keys.title_similarity(keys.fold_title(left), keys.fold_title(right))
    if similarity is not None and similarity >= bar:
        return True
    return bool(left and right) and alias_agrees(left or "", right or "")


# A festival prints a film's other title beside its own: in brackets ("Farewell
# (Veda)"), after a dash or a colon ("Veda – Abschied"), or after a comma ("Torrente,
# el brazo tonto de la ley").
_TITLE_PARTS = re.compile(r"[()\[\]:;,]|\s[–—-]\s")
# Folded letters a title part needs to speak for a title ("Veda", "Sunday").
MIN_TITLE_PART = 4


@lru_cache(maxsize=16_384)
def _written_parts(title: str) -> tuple[tuple[str, str], ...]:
    """(as written, folded) for each part of a title long enough to speak for a title;
    empty for a title of one such part."""
    found = []
    for part in _TITLE_PARTS.split(title):
        folded = keys.fold_title(part)
        if folded and len(folded.replace(" ", "")) >= MIN_TITLE_PART:
            found.append((part.strip(), folded))
    return tuple(found) if len(found) > 1 else ()


def title_parts(title: str) -> tuple[str, ...]:
    """The folded parts of a title, in order; empty for a title of one part."""
    return tuple(folded for _, folded in _written_parts(title))


def alias_parts(title: str) -> tuple[str, ...]:
    """The other titles a title prints beside its opening one, as written ("Eine
    Trennung" of "Nader und Simin – Eine Trennung"); empty for a title of one part."""
    return tuple(written for written, _ in _written_parts(title)[1:])


def with_alias_parts(title: str) -> tuple[str, ...]:
    """A title and the other titles it prints beside its opening one: what the rule
    compares by meaning for it, so what is embedded for it."""
    return (title, *alias_parts(title))


def alias_agrees(left: str, right: str) -> bool:
    """Whether one title, whole, spells the other title a festival printed beside the
    other's ("Sunday" / "Krwawa niedziela (Sunday)"), or the two print a common other
    title ("Farewell (Veda)" / "Veda – Abschied"). A title's opening part is not an
    alias: it may be a series' name ("Sissi" / "Sissi – Die junge Kaiserin", the sequel;
    "Three Colours: Blue" / "Three Colours: White")."""
    left_parts, right_parts = title_parts(left), title_parts(right)

    def spelled(a: str | None, b: str) -> bool:
        similarity = keys.title_similarity(a, b)
        return similarity is not None and similarity >= SAME_TITLE_SPELLING

    if not left_parts and any(spelled(keys.fold_title(left), p) for p in right_parts[1:]):
        return True
    if not right_parts and any(spelled(keys.fold_title(right), p) for p in left_parts[1:]):
        return True
    return any(
        spelled(a, b) for i, a in enumerate(left_parts) for j, b in enumerate(right_parts) if i or j
    )


def director_keys(record: Record) -> list[str]:
    """The keys that file a record under its directors, by spelling and by sound (and
    by sound as Chinese, kana and Hangul keep it): records of one director meet under
    one of them."""
    return name_keys(record.directors)


def name_keys(names: Iterable[str]) -> list[str]:
    """`director_keys` of people named so: a record's directors, or the whole names a
    text in another script gives (`linkage.script_names`)."""
    # A name in Han characters is filed under its readings too (北野武, Takeshi Kitano)
    # and a Hong Kong credit under its Western form too (Andrew Lau Wai-keung); a
    # joint credit under each of its people (Jean-Pierre e Luc Dardenne)
    people = tuple(p for name in names for p in keys.credited_people(name))
    directors = (
        people
        + tuple(reading for name in people for reading in han_name_readings(name))
        + tuple(form for name in people if (form := keys.western_form(name)))
    )
    by_spelling = ["d:" + k for k in keys.person_keys(list(directors)) if ":" in k]
    by_sound = ["s:" + k for k in keys.director_sounds(directors)]
    # Chinese, kana and Hangul spellings of names meet their alphabetic spellings here
    by_han_sound = ["h:" + k for k in keys.director_han_sounds(directors)]
    by_syllabic_sound = ["y:" + k for k in keys.director_syllabic_sounds(directors)]
    return sorted(by_spelling + by_sound + by_han_sound + by_syllabic_sound)


def may_compare_titles(left: Record, right: Record) -> bool:
    """Whether the rule could ask for the embeddings of these two records' titles: a
    pair for the rule (`pair_for_rule`), in two known languages (in one language, or
    an unknown one, titles that do not spell alike are two films and are never
    compared by meaning)."""
    return (
        pair_for_rule(left, right)
        and left.lang is not None
        and right.lang is not None
        and left.lang != right.lang
    )


def titles_to_embed(records: Iterable[Record]) -> set[str]:
    """The titles the rule may compare by meaning (`may_compare_titles`) among records
    filed under one director key, and the other titles they print beside their own
    (`alias_parts`): the only ones worth running the model for."""
    by_key: dict[str, list[Record]] = defaultdict(list)
    for record in records:
        if titled_for_rule(record):
            for key in director_keys(record):
                by_key[key].append(record)
    wanted: set[str] = set()

    def compare(left: Record, right: Record) -> None:
        if may_compare_titles(left, right):
            wanted.update(with_alias_parts(left.title or ""))
            wanted.update(with_alias_parts(right.title or ""))

    for filed in by_key.values():
        dated = sorted((r for r in filed if r.year is not None), key=lambda r: r.year or 0)
        for number, record in enumerate(dated):
            for later in dated[number + 1 :]:
                if (later.year or 0) - (record.year or 0) > YEAR_WINDOW:
                    break
                compare(record, later)
        # an undated record may be any of them (rare: most festivals print a year)
        for undated in (r for r in filed if r.year is None):
            for record in dated:
                compare(undated, record)
    return wanted
