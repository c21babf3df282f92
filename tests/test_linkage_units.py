"""Unit tests of language ID, text evidence, near-duplicates and scoring rules."""

from dataclasses import replace

import pytest

from linkage.evidence import numbers_mentioned, proper_names, shared_names, years_mentioned
from linkage.index import LinkageIndex
from linkage.lang import detect_language
from linkage.records import Record
from linkage.scoring import (
    MARGIN_CLIP,
    Decision,
    Link,
    PairEvidence,
    amended,
    features,
    model,
    score_pair,
)
from linkage.text import text_jaccard


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Leningrad. Un été du début des années 80, une scène rock émerge.", "fr"),
        ("Na década de 80, o rock underground chegava na União Soviética.", "pt"),
        ("Ленинград, начало восьмидесятых, подпольный рок-клуб.", "ru"),
        ("Sommer im Leningrad der frühen Achtzigerjahre, im Untergrund.", "de"),
        ("Leto", None),  # too short to say
        (None, None),
    ],
)
def test_detect_language(text: str | None, lang: str | None) -> None:
    assert detect_language(text) == lang


def test_names_meet_across_scripts_and_inflection() -> None:
    russian = proper_names("Майк знакомится с молодым Виктором Цоем в Ленинграде.")
    portuguese = proper_names("Em Leningrado, o jovem Viktor Tsoi conhece Mike.")
    # "Майк" romanises to "maik", which does not meet "Mike": a known limit.
    assert {"viktor", "leningrado"} <= set(shared_names(portuguese, russian))


def test_function_words_at_sentence_start_are_not_names() -> None:
    assert proper_names("The film follows Kolya. After the war, Lilya leaves.") == {
        "kolia",
        "lilia",
    }


def test_years_and_numbers_are_separated() -> None:
    text = "En 1941, 3 500 élèves-officiers tiennent 200 km de front."
    assert years_mentioned(text) == {1941}
    assert numbers_mentioned(text) == {3500, 200}


def test_light_rewrite_is_near_duplicate_and_other_text_is_not() -> None:
    original = "Kolya lives with his second wife Lilya and teenage son Roma on the coast."
    rewrite = "Kolya lives with his second wife Lilya and his teenage son Roma by the coast."
    assert text_jaccard(original, rewrite) > 0.3
    assert text_jaccard(original, "A guide leads a writer through the Zone.") == 0.0


def test_conflicting_keys_never_match_automatically() -> None:
    strong_text = PairEvidence(
        title_equal=True,
        cosine=0.9,
        margin=0.3,
        name_weight=3.0,
        shared_names=("kelvin",),
        directors_overlap=False,
    )
    link = score_pair("a", "b", strong_text)
    assert link.decision is not Decision.MATCH
    assert "different directors" in link.reason


# Properties the fitted model must have whatever it was fitted on: more evidence of
# one kind never lowers the probability, agreeing keys settle a rewritten synopsis,
# and thin evidence is left alone.
_WEAK = PairEvidence(cosine=0.3, margin=-0.05)


@pytest.mark.parametrize(
    ("weaker", "stronger"),
    [
        (PairEvidence(cosine=0.4, margin=0.0), PairEvidence(cosine=0.7, margin=0.0)),
        (PairEvidence(cosine=0.5, margin=-0.1), PairEvidence(cosine=0.5, margin=0.2)),
        (
            PairEvidence(cosine=0.5, margin=0.05),
            PairEvidence(cosine=0.5, margin=0.05, shared_names=("tsoi",), name_weight=1.5),
        ),
        (
            PairEvidence(cosine=0.6, text_jaccard=0.1, same_language=True),
            PairEvidence(cosine=0.6, text_jaccard=0.7, same_language=True),
        ),
        (
            PairEvidence(cosine=0.4, director_mentioned=False, year_mentioned=False),
            PairEvidence(cosine=0.4, director_mentioned=True, year_mentioned=True),
        ),
        (
            PairEvidence(title_equal=True, directors_overlap=True, years_compatible=None),
            PairEvidence(title_equal=True, directors_overlap=True, years_compatible=True),
        ),
    ],
)
def test_more_evidence_never_lowers_the_probability(
    weaker: PairEvidence, stronger: PairEvidence
) -> None:
    assert score_pair("a", "b", stronger).score >= score_pair("a", "b", weaker).score


def test_agreeing_keys_settle_a_rewritten_synopsis() -> None:
    rescreening = PairEvidence(True, True, True, True, cosine=0.2, margin=-0.3, year_gap=0)
    assert score_pair("a", "b", rescreening).decision is Decision.MATCH


def test_a_sequel_number_in_one_title_speaks_against_the_pair() -> None:
    same = PairEvidence(False, True, True, True, cosine=0.5, title_similarity=0.9)
    sequel = replace(same, title_numbers_differ=True)
    assert score_pair("a", "b", sequel).score < score_pair("a", "b", same).score


@pytest.mark.parametrize(
    "evidence",
    [_WEAK, PairEvidence(title_equal=True, years_compatible=False), PairEvidence()],
)
def test_thin_or_contradicted_evidence_is_no_match(evidence: PairEvidence) -> None:
    assert score_pair("a", "b", evidence).decision is not Decision.MATCH


def test_namesakes_from_different_countries_are_not_linked() -> None:
    # One title, one year, one record without a director: what tells two festivals'
    # namesakes apart is where they were made.
    namesakes = PairEvidence(
        title_equal=True,
        years_compatible=True,
        year_gap=0,
        same_language=True,
        cosine=0.5,
        margin=-0.1,
        title_similarity=1.0,
        countries_agree=False,
    )
    assert score_pair("a", "b", namesakes).decision is not Decision.MATCH
    same_country = replace(namesakes, countries_agree=True)
    assert score_pair("a", "b", same_country).score > score_pair("a", "b", namesakes).score


@pytest.mark.parametrize(
    "evidence",
    [
        PairEvidence(cosine=0.55, same_language=False, shared_names=("tsoi",), name_weight=1.2),
        PairEvidence(True, None, True, True, cosine=0.3, year_gap=1, title_similarity=1.0),
        PairEvidence(False, True, True, True, cosine=0.62, title_similarity=0.4),
        PairEvidence(cosine=0.48, title_mentioned=True, director_mentioned=True),
        PairEvidence(cosine=0.7, margin=0.25, text_jaccard=0.4, same_language=True),
    ],
)
def test_the_best_margin_is_read_off_one_feature_vector(evidence: PairEvidence) -> None:
    # Deciding which pairs deserve a margin evaluates the model once, not at both ends.
    part = model().of(evidence)
    at_the_ends = max(
        part.probability(replace(evidence, margin=m)) for m in (-MARGIN_CLIP, MARGIN_CLIP)
    )
    assert part.best_probability_over_margins(evidence) == pytest.approx(at_the_ends, abs=1e-12)


def test_a_near_copy_is_linked() -> None:
    copy = PairEvidence(text_jaccard=0.8, cosine=0.95, margin=0.2, same_language=True)
    assert score_pair("a", "b", copy).decision is Decision.MATCH


def test_a_capitalised_word_many_records_share_is_no_name_evidence() -> None:
    # Written for this test: German synopses where every noun is capitalised.
    crowd = [
        Record(id=f"de{n}", lang="de", text=f"Im Winter rettet Person{n:03d} das Kino am Markt.")
        for n in range(30)
    ] + [
        Record(id=f"en{n}", lang="en", text=f"A ferry pilot number {n} counts the floes.")
        for n in range(100)
    ]
    pair = [
        Record(id="x", lang="de", text="Im Winter verkauft Jolanta Wierzbicka das Kino am Markt."),
        Record(id="y", lang="de", text="Jolanta Wierzbicka verkauft im Winter ihr Kino am Markt."),
    ]
    index = LinkageIndex()
    index.add(crowd + pair)
    shared = index.evidence("x", "y").shared_names
    assert {"jolan", "wierz"} <= {n[:5].lower() for n in shared}
    assert not {"Kino", "Markt", "Winter"} & set(shared)


def test_texts_that_name_no_one_in_common_say_so() -> None:
    evidence = PairEvidence(text_jaccard=0.6, cosine=0.9, margin=0.2, names_disjoint=True)
    assert "no name in common" in score_pair("a", "b", evidence).reason


# Written for these tests: one plot, told of different people and of nobody.
_ORGAN = {
    "lindqvist": "In a mountain village, Oskar Lindqvist repairs the old church organ.",
    "brankovic": "In a mountain village, Teodora Brankovic repairs the old church organ.",
    "lindqvist-again": "In the mountains, Oskar Lindqvist mends an organ for the choir.",
    "nobody": "In a mountain village, the baker repairs the old church organ.",
}


@pytest.mark.parametrize(
    ("left", "right", "disjoint"),
    [
        ("lindqvist", "brankovic", True),
        ("lindqvist", "lindqvist-again", False),
        ("lindqvist", "nobody", None),  # a text without names says nothing either way
    ],
)
def test_names_are_disjoint_only_when_both_texts_name_someone(
    left: str, right: str, disjoint: bool | None
) -> None:
    index = LinkageIndex()
    index.add([Record(id=key, lang="en", text=text) for key, text in _ORGAN.items()])
    assert index.evidence(left, right).names_disjoint is disjoint


def test_a_record_keeps_every_match_but_only_its_best_reviews() -> None:
    from linkage.index import REVIEW_FLOOR, REVIEW_LIMIT, _best_reviews_only

    reviews = [Link("a", f"r{n}", 0.3 + n / 20, Decision.REVIEW, "r") for n in range(6)]
    kept = _best_reviews_only([*reviews, None])
    assert [link.right_id for link in kept] == ["r5", "r4", "r3"][:REVIEW_LIMIT]

    below_floor = Link("a", "low", REVIEW_FLOOR / 2, Decision.REVIEW, "r")
    assert _best_reviews_only([below_floor]) == []


def test_a_match_keeps_only_the_reviews_that_rival_it() -> None:
    from linkage.index import RIVAL_GAP, _best_reviews_only

    match = Link("a", "m", 0.97, Decision.MATCH, "m")
    rival = Link("a", "close", 0.97 - RIVAL_GAP / 2, Decision.REVIEW, "r")
    far = Link("a", "far", 0.97 - 2 * RIVAL_GAP, Decision.REVIEW, "r")
    kept = _best_reviews_only([far, match, rival])
    assert [link.right_id for link in kept] == ["m", "close"]


def test_a_document_links_only_to_its_best_film_unless_a_rival_is_close() -> None:
    from linkage.index import RIVAL_GAP, one_film_per_text

    films = {
        "f1": Record(id="f1", title="Leto", directors=["Kirill Serebrennikov"], year=2018),
        "f2": Record(id="f2", title="Tsoi", directors=["Alexey Uchitel"], year=2020),
    }
    document = Record(id="d", text="Viktor Tsoi in Leningrad.")

    def links(second: float) -> list[Link]:
        return [
            Link("d", "f1", 0.99, Decision.MATCH, "x"),
            Link("d", "f2", second, Decision.MATCH, "x"),
        ]

    clear = one_film_per_text(document, links(0.99 - 2 * RIVAL_GAP), films.__getitem__)
    assert [link.decision for link in clear] == [Decision.MATCH, Decision.REVIEW]
    close = one_film_per_text(document, links(0.98), films.__getitem__)
    assert [link.decision for link in close] == [Decision.REVIEW, Decision.REVIEW]
    keyed = replace(document, title="Leto")
    assert one_film_per_text(keyed, links(0.98), films.__getitem__) == links(0.98)


def test_name_weights_stay_the_same_when_their_cache_is_bounded(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A large corpus has millions of distinct names: the weight cache must not hold
    them all, and evicting a weight must not change it."""
    import linkage.index

    records = [
        Record(id=f"r{n}", lang="en", text=f"Captain Name{n} meets Doctor Other{n % 7} at sea.")
        for n in range(60)
    ]
    unbounded = LinkageIndex()
    unbounded.add(records)
    expected = {f"Name{n}": unbounded._name_points(f"Name{n}") for n in range(60)}

    monkeypatch.setattr(linkage.index, "NAME_POINT_CACHE_SIZE", 8)
    bounded = LinkageIndex()
    bounded.add(records)
    weights = {name: bounded._name_points(name) for name in [*expected, *expected]}

    assert len(bounded._name_point_cache) <= 8
    assert weights == expected


# Two records telling one story, and fillers whose names start alike but differ: with a
# name cap of 3, the prefixes "marab" and "kosta" are too common to propose candidates.
_SAME_STORY = [
    Record(id="story-en", lang="en", text="Marabelli sails with Kostanova to the islands."),
    Record(id="story-fr", lang="fr", text="Marabelli part avec Kostanova vers les îles."),
]
_ALIKE = [
    Record(id=f"filler{n}", lang="en", text=f"Marabo{s} argues with Kosta{s} at the market.")
    for n, s in enumerate(["tto", "uria", "ssian", "lesco"])
]


@pytest.fixture()
def crowded_prefixes(monkeypatch: pytest.MonkeyPatch) -> LinkageIndex:
    import linkage.index

    monkeypatch.setattr(linkage.index, "MAX_NAME_POSTINGS", 3)
    index = LinkageIndex()
    index.add([*_SAME_STORY, *_ALIKE])
    return index


def test_names_whose_prefix_is_too_common_still_propose_by_the_whole_name(
    crowded_prefixes: LinkageIndex,
) -> None:
    names = crowded_prefixes._features("story-en").evidence.names
    # the record itself shares its names too (candidates() leaves it out)
    assert crowded_prefixes._name_candidates(names) == {"story-en", "story-fr"}


def test_a_name_spelled_alike_weighs_as_rare_as_the_whole_name(
    crowded_prefixes: LinkageIndex,
) -> None:
    by_prefix = crowded_prefixes._name_points("marabeli")
    whole = crowded_prefixes._name_points("marabeli", exact=True)
    assert whole > by_prefix


def test_amended_evidence_is_what_dataclasses_replace_gives() -> None:
    evidence = PairEvidence(title_equal=True, cosine=0.61, shared_names=("Tsoi",), year_gap=1)
    changes = {"margin": 0.12, "masked_cosine": None, "shared_names": ("Tsoi", "Leto")}
    copy = amended(evidence, **changes)  # type: ignore[arg-type]
    assert copy == replace(evidence, **changes)  # type: ignore[arg-type]
    assert copy is not evidence and evidence.margin is None  # the original is untouched
    assert features(copy) == features(replace(evidence, **changes))  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="no field"):
        amended(evidence, marign=0.1)
