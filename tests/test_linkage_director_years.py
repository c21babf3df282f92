"""The key rule (`linkage.director_years`): one director, years at most one apart,
titles that agree and no other film of that director's in those years link two
festival records, whatever their synopses say. The films here are made up."""

from dataclasses import replace
from pathlib import Path

import pytest

from linkage.director_years import (
    TITLE_MEANING_AGREES,
    TITLE_MEANING_AGREES_IN_ONE_YEAR,
    alias_parts,
    contested,
    needs_title_cosine,
    pair_for_rule,
    titles_agree,
    titles_apart,
    titles_to_embed,
)
from linkage.disk_store import DiskStore
from linkage.embed import DIMENSIONS
from linkage.index import LinkageIndex
from linkage.records import Record
from linkage.scoring import Decision
from tests.linkage_fixtures import CountingEmbedder


def record(
    record_id: str, title: str, lang: str | None, year: int | None = 2019, text: str | None = None
) -> Record:
    return Record(
        id=record_id,
        title=title,
        directors=["Olena Marchenko"],
        year=year,
        lang=lang,
        text=text,
        countries=["Ukraine"],
    )


@pytest.mark.parametrize(
    ("left", "right", "apart"),
    [
        # one language, two titles that are not spellings of each other: two films
        (("The Salt Road", "en"), ("Winter Quarters", "en"), True),
        # a spelling of one title
        (("The Salt Road", "en"), ("Salt Road", "en"), False),
        # two languages: a translation, not a second film
        (("The Salt Road", "en"), ("La Route du sel", "fr"), False),
        # languages unknown: one festival, two titles
        (("The Salt Road", None), ("Winter Quarters", None), True),
        # a number on one title only: a series
        (("The Salt Road", "en"), ("La Route du sel II", "fr"), True),
        # one title printed beside the other as its alias: one film
        (("Zimowisko", "pl"), ("Kwatery (Zimowisko)", "pl"), False),
        (("Salt Road (Zimowisko)", "en"), ("Zimowisko – Road of Salt", "en"), False),
        # a series' name opening both, or opening the other: two films
        (("Ferryman: The Crossing", "en"), ("Ferryman: The Return", "en"), True),
        (("Ferryman", "en"), ("Ferryman – The Return", "en"), True),
    ],
)
def test_titles_apart(
    left: tuple[str, str | None], right: tuple[str, str | None], apart: bool
) -> None:
    a, b = record("a", *left), record("b", *right)
    assert titles_apart(a, b) is apart
    assert contested([a, b]) is apart


@pytest.mark.parametrize(
    ("left", "right", "cosine", "agree"),
    [
        ("Донбас", "Donbas", None, True),  # a transliteration, as strings
        ("The Salt Road", "La Route du sel", 0.71, True),  # a translation, by meaning
        ("The Salt Road", "Winter Quarters", 0.12, False),
        ("The Salt Road", "Winter Quarters", None, False),
        ("Winter Quarters", "Quartiers d'hiver (Winter Quarters)", None, True),  # an alias
        ("Winter Quarters (Zimowisko)", "Zimowisko – Quartiers d'hiver", None, True),
    ],
)
def test_titles_agree(left: str, right: str, cosine: float | None, agree: bool) -> None:
    assert titles_agree(record("a", left, "en"), record("b", right, "fr"), cosine) is agree


@pytest.mark.parametrize(
    ("years", "languages", "cosine", "agree"),
    [
        # one year, two languages: a loose translation will do
        ((2019, 2019), ("en", "fr"), 0.35, True),
        ((2019, 2019), ("en", "fr"), 0.25, False),
        # consecutive years: a director's next film is as close as that
        ((2019, 2020), ("en", "fr"), 0.35, False),
        ((2019, 2020), ("en", "fr"), 0.55, True),
        # one language, or a language unknown: titles are compared as strings only
        ((2019, 2019), ("en", "en"), 0.35, False),
        ((2019, 2019), ("en", None), 0.35, False),
    ],
)
def test_titles_agree_loosely_in_one_year(
    years: tuple[int, int], languages: tuple[str, str | None], cosine: float, agree: bool
) -> None:
    left = record("a", "Winter Quarters", languages[0], year=years[0])
    right = record("b", "Kwatery zimowe", languages[1], year=years[1])
    assert titles_agree(left, right, cosine) is agree


SALT_ROAD_EN = (
    "A retired ferryman rows a journalist across the flooded estuary every morning, "
    "and slowly tells her why the village emptied in a single spring."
)
SALT_ROAD_FR = (
    "Tourné en seize jours avec des acteurs non professionnels, le film observe la "
    "lumière d'hiver sur les marais salants de la côte sud."
)
WINTER_QUARTERS_EN = (
    "Two sisters run a travelling circus through its last season, counting the tickets "
    "and the animals they can still afford to feed."
)


@pytest.fixture(scope="module")
def index() -> LinkageIndex:
    return LinkageIndex()


def test_the_keys_link_two_records_whose_synopses_share_nothing(index: LinkageIndex) -> None:
    index.add(
        [
            record("en", "The Salt Road", "en", 2019, SALT_ROAD_EN),
            record("fr", "La Route du sel", "fr", 2020, SALT_ROAD_FR),
        ]
    )
    link = index.compare("en", "fr")
    assert link.decision is Decision.MATCH, link
    assert "no other film of that director's in those years" in link.reason
    matched = {
        frozenset((x.left_id, x.right_id))
        for x in index.all_links()
        if x.decision is Decision.MATCH
    }
    assert matched == {frozenset(("en", "fr"))}


def test_another_film_of_the_director_those_years_stops_the_rule(index: LinkageIndex) -> None:
    index.add([record("other", "Winter Quarters", "en", 2020, WINTER_QUARTERS_EN)])
    link = index.compare("en", "fr")
    assert link.decision is not Decision.MATCH, link
    evidence = index.evidence("en", "fr")
    assert evidence.director_year_identity is False


def test_the_rule_needs_the_director_and_years_within_one() -> None:
    index = indexed(
        record("en", "The Salt Road", "en", 2019, SALT_ROAD_EN),
        record("late", "La Route du sel", "fr", 2022, SALT_ROAD_FR),
    )
    assert index.evidence("en", "late").director_year_identity is None
    assert index.compare("en", "late").decision is not Decision.MATCH


def test_an_undated_record_is_read_with_the_other_records_year() -> None:
    """A festival that printed no year: the rule reads the director's block around the
    dated record's year, and asks the stricter translation of two years apart."""
    index = indexed(
        record("undated", "La Route du sel", "fr", None, SALT_ROAD_FR),
        record("en", "The Salt Road", "en", 2019, SALT_ROAD_EN),
        record("undated too", "The Salt Road", "en", None, SALT_ROAD_EN),
    )
    assert index.evidence("undated", "en").director_year_identity is True
    assert index.compare("undated", "en").decision is Decision.MATCH
    # two undated records: no year to read a block around
    assert index.evidence("undated", "undated too").director_year_identity is None
    # another film of hers in that year stops it, as between dated records
    index.add([record("other", "Winter Quarters", "en", 2020, WINTER_QUARTERS_EN)])
    assert index.evidence("undated", "en").director_year_identity is False
    assert index.compare("undated", "en").decision is not Decision.MATCH


@pytest.mark.parametrize(
    ("years", "agree"),
    [
        ((2019, 2019), True),  # dated: spellings this alike agree, the block guards them
        ((None, 2019), False),  # undated: it may be her film of another year
    ],
)
def test_an_undated_record_needs_closer_spellings(
    years: tuple[int | None, int], agree: bool
) -> None:
    left = record("a", "Harbour & Winter", "en", years[0])
    right = record("b", "Market & Weather", "en", years[1])
    assert needs_title_cosine(left, right) is not agree
    assert titles_agree(left, right, None) is agree


@pytest.mark.parametrize(
    ("years", "expected"),
    [
        ((2019, 2020), True),
        ((2019, 2021), False),
        ((None, 2021), True),
        ((2019, None), True),
        ((None, None), False),
    ],
)
def test_pair_for_rule(years: tuple[int | None, int | None], expected: bool) -> None:
    left, right = record("a", "The Salt Road", "en", years[0]), record("b", "Sól", "pl", years[1])
    assert pair_for_rule(left, right) is expected
    assert pair_for_rule(replace(left, directors=[]), right) is False


@pytest.mark.parametrize("on_disk", [False, True])
def test_titles_are_embedded_once_when_added_and_read_back(tmp_path: Path, on_disk: bool) -> None:
    """Linking reads the titles' vectors from the store: a linking worker never loads
    the model for them (tested on both stores, the disk one reopened read-only)."""
    embedder = CountingEmbedder()
    store = DiskStore(tmp_path, writable=True, ndim=DIMENSIONS) if on_disk else None
    index = LinkageIndex(embedder, store=store)
    index.add(
        [
            record("en", "The Salt Road", "en", 2019, SALT_ROAD_EN),
            record("fr", "La Route du sel", "fr", 2020, SALT_ROAD_FR),
        ]
    )
    assert {"The Salt Road", "La Route du sel"} <= set(embedder.texts)
    if store is not None:
        index.settle_neighbours()
        store.flush("test")
        store.close()
        index = LinkageIndex(embedder, store=DiskStore(tmp_path, writable=False, ndim=DIMENSIONS))
    embedder.texts.clear()
    link = index.compare("en", "fr")
    assert link.decision is Decision.MATCH, link
    assert embedder.texts == []


SALT_ROAD_DOCUMENT = (
    "Die Salzstraße (2019) von Olena Marchenko: ein alter Fährmann erzählt einer "
    "Reporterin, warum das Dorf an der Mündung leer steht. Mehr lesen"
)


def indexed(*records: Record) -> LinkageIndex:
    index = LinkageIndex()
    index.add(list(records))
    return index


def test_a_text_naming_the_director_year_and_title_links_to_the_record() -> None:
    index = indexed(
        # the director's film in two languages: one film, not a contested block
        record("en", "The Salt Road", "en", 2019, SALT_ROAD_EN),
        record("de", "Die Salzstraße", "de", 2019, SALT_ROAD_FR),
        Record(id="doc", text=SALT_ROAD_DOCUMENT),
        Record(id="other doc", text=SALT_ROAD_DOCUMENT.replace("Die Salzstraße", "Eishaus")),
    )
    evidence = index.evidence("de", "doc")
    assert evidence.director_year_identity is True
    assert index.compare("de", "doc").decision is Decision.MATCH
    # a title that is no spelling of the record's: not linked by the rule
    assert index.evidence("de", "other doc").director_year_identity is False


# A text that prints, where a title would stand, what the film is to its director.
MARCHENKO_DEBUT_DOCUMENT = (
    "Marchenkos Debüt (2019): ein alter Fährmann erzählt einer Reporterin, warum das "
    "Dorf an der Mündung leer steht."
)


def test_a_text_printing_a_description_of_the_directors_film_links_to_the_record() -> None:
    index = indexed(
        record("de", "Die Salzstraße", "de", 2019, SALT_ROAD_FR),
        Record(id="doc", text=MARCHENKO_DEBUT_DOCUMENT),
        # the director's name alone where a title would stand: any of her films
        Record(
            id="name only",
            text=MARCHENKO_DEBUT_DOCUMENT.replace("Marchenkos Debüt", "Olena Marchenko"),
        ),
    )
    assert index.evidence("de", "doc").director_year_identity is True
    assert index.compare("de", "doc").decision is Decision.MATCH
    assert index.evidence("de", "name only").director_year_identity is False
    assert index.compare("de", "name only").decision is not Decision.MATCH


@pytest.mark.parametrize("document", [SALT_ROAD_DOCUMENT, MARCHENKO_DEBUT_DOCUMENT])
def test_a_text_naming_a_contested_director_year_is_not_linked_by_the_rule(
    document: str,
) -> None:
    """Whether its printed title spells the record's or describes the director's film."""
    index = indexed(
        record("de", "Die Salzstraße", "de", 2019, SALT_ROAD_FR),
        record("other", "Winterquartier", "de", 2019, WINTER_QUARTERS_EN),
        Record(id="doc", text=document),
    )
    assert index.evidence("de", "doc").director_year_identity is False
    assert index.compare("de", "doc").decision is not Decision.MATCH


def test_a_text_printing_a_translation_of_the_title_links_to_the_record() -> None:
    index = indexed(
        record("en", "The Salt Road", "en", 2019, SALT_ROAD_EN),
        Record(
            id="doc",
            lang="fr",
            text="La Route du sel (2019) d'Olena Marchenko : un vieux passeur raconte à "
            "une journaliste pourquoi le village de l'estuaire s'est vidé.",
        ),
        # in the record's own language, a title that is no spelling of its title is
        # another film's
        Record(
            id="same language",
            lang="en",
            text="The Estuary (2019) by Olena Marchenko: an old ferryman tells a "
            "reporter why the village on the estuary stands empty.",
        ),
    )
    assert index.evidence("en", "doc").director_year_identity is True
    assert index.compare("en", "doc").decision is Decision.MATCH
    assert index.evidence("en", "same language").director_year_identity is False


@pytest.mark.parametrize(("year", "linked"), [("2019", True), ("2020", False)])
def test_a_loose_translation_counts_in_a_text_naming_the_records_year_itself(
    year: str, linked: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The looser bar of one year (TITLE_MEANING_AGREES_IN_ONE_YEAR) for a printed
    title: only when the text names the record's year, not the one beside it. The
    titles' cosine is set between the two bars: which two real titles the model puts
    there is not what is tested."""
    index = indexed(
        record("en", "The Salt Road", "en", 2019, SALT_ROAD_EN),
        Record(
            id="doc",
            lang="fr",
            text=f"Le Chemin blanc ({year}) d'Olena Marchenko : un vieux passeur raconte "
            "à une journaliste pourquoi le village de l'estuaire s'est vidé.",
        ),
    )
    between = (TITLE_MEANING_AGREES_IN_ONE_YEAR + TITLE_MEANING_AGREES) / 2
    monkeypatch.setattr(index, "_title_cosine", lambda left, right: between)
    assert index.evidence("en", "doc").director_year_identity is linked


def test_only_titles_the_rule_may_compare_by_meaning_are_embedded() -> None:
    """Titles are compared by meaning only between records of one director, in years
    within the window and in two known languages: only those are run through the model
    (`titles_to_embed` for a linking run's embedding workers, `LinkageIndex.add`)."""
    records = [
        record("en", "The Salt Road", "en", 2019),
        record("fr", "La Route du sel", "fr", 2020),
        record("en later", "Winter Quarters", "en", 2023),  # years apart
        record("de later", "Winterquartier", "de", 2025),  # years apart from all
        record("unknown", "Salt Road", None, 2019),  # no known language
        record("undated", "Die Salzstraße", "de", None),  # may be any of them
    ]
    assert titles_to_embed(records) == {
        "The Salt Road",
        "La Route du sel",
        "Winter Quarters",
        "Die Salzstraße",  # not beside "Winterquartier": one language
    }
    embedder = CountingEmbedder()
    LinkageIndex(embedder).add(records)
    titles = {r.title for r in records}
    assert {t for t in embedder.texts if t in titles} == titles_to_embed(records)


@pytest.mark.parametrize(
    ("title", "parts"),
    [
        ("Die Salzstraße – Der letzte Fährmann", ("Der letzte Fährmann",)),
        ("The Salt Road (La Route du sel)", ("La Route du sel",)),
        ("Ferryman: The Return", ("The Return",)),
        ("The Salt Road", ()),
        ("U – The Salt Road", ()),  # an opening part too short to count: one title left
    ],
)
def test_alias_parts(title: str, parts: tuple[str, ...]) -> None:
    assert alias_parts(title) == parts


def test_a_translation_of_the_other_title_a_record_prints_links_the_records() -> None:
    """In two languages, the title one festival prints beside its own may be what the
    other festival's title translates; a title's opening part is left out (a series)."""
    index = indexed(
        record("en", "The Last Ferryman", "en"),
        record("de", "Die Salzstraße – Der letzte Fährmann", "de"),
    )
    assert index.evidence("en", "de").director_year_identity is True
    # the same titles without the alias: the rule stays out
    bare = indexed(record("en", "The Last Ferryman", "en"), record("de", "Die Salzstraße", "de"))
    assert bare.evidence("en", "de").director_year_identity is False


def test_the_other_titles_a_record_prints_are_embedded_with_its_title() -> None:
    """So that linking, which compares them, never runs the model for them."""
    records = [
        record("en", "The Last Ferryman", "en"),
        record("de", "Die Salzstraße – Der letzte Fährmann", "de"),
    ]
    assert titles_to_embed(records) == {
        "The Last Ferryman",
        "Die Salzstraße – Der letzte Fährmann",
        "Der letzte Fährmann",
    }
    embedder = CountingEmbedder()
    index = LinkageIndex(embedder)
    index.add(records)
    embedded = list(embedder.texts)
    assert "Der letzte Fährmann" in embedded
    assert index.evidence("en", "de").director_year_identity is True
    assert embedder.texts == embedded  # nothing more embedded while comparing


@pytest.mark.parametrize(
    "document",
    [
        "タラス・コヴァレンコ監督『The Ferry』（2019）。老いた渡し守が記者に、"
        "河口の村が空になった理由を語る。",
        "타라스 코발렌코 감독의 「The Ferry」(2019). 늙은 뱃사공이 기자에게 "
        "마을이 빈 이유를 들려준다.",
    ],
)
def test_a_text_naming_the_director_in_another_script_is_found_and_linked(
    document: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A kana or Hangul text names the director by the syllables of his whole name: the
    record finds it by its director keys (not as a neighbour: a large corpus hides a
    text in another language among nearer ones), and the rule links it."""
    index = indexed(
        Record(
            id="en",
            title="The Ferry",
            directors=["Taras Kovalenko"],
            year=2019,
            lang="en",
            text=SALT_ROAD_EN,
        ),
        Record(id="doc", text=document),
    )
    monkeypatch.setattr(index, "neighbours", lambda record_id: [])
    assert "doc" in index.candidates("en")
    monkeypatch.undo()
    assert index.evidence("en", "doc").director_mentioned is True
    assert index.evidence("en", "doc").director_year_identity is True
    assert index.compare("en", "doc").decision is Decision.MATCH
