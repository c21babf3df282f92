"""The matcher decides a pair on the evidence its model was fitted on, and works the
costly part of it out only for pairs that can still make a link."""

from collections.abc import Sequence
from dataclasses import replace

import pytest

from linkage.embed import Vectors, default_embedder
from linkage.index import LinkageIndex
from linkage.records import Record
from linkage.scoring import MARGIN_CLIP, PairEvidence, hopeless, model, reads_wording

# Written for these tests: one story told three times (a rewrite and a translation),
# naming its people; the same composer in another story; a festival entry about him.
_STORIES = [
    Record(
        id="doc-en",
        lang="en",
        text="In the winter of 1942 Dmitri Shostakovich finishes his seventh symphony in "
        "besieged Leningrad, while the conductor Karl Eliasberg rehearses a starving radio "
        "orchestra whose players faint at their stands.",
    ),
    Record(
        id="doc-en-rewrite",
        lang="en",
        text="Besieged Leningrad, winter 1942: conductor Karl Eliasberg rehearses a starving "
        "radio orchestra, its players fainting at their stands, as Dmitri Shostakovich "
        "finishes his seventh symphony.",
    ),
    Record(
        id="doc-fr",
        lang="fr",
        text="Leningrad assiégée, hiver 1942 : le chef Karl Eliasberg fait répéter un "
        "orchestre de radio affamé dont les musiciens s'évanouissent, pendant que Dmitri "
        "Chostakovitch achève sa septième symphonie.",
    ),
    Record(
        id="doc-other",
        lang="en",
        text="Dmitri Shostakovich, summoned to Moscow in 1936, waits every night by the "
        "lift with a packed suitcase after Pravda condemns his opera.",
    ),
    Record(
        id="entry",
        lang="en",
        title="The Seventh",
        directors=["Mara Linde"],
        year=2019,
        text="Karl Eliasberg and the radio orchestra of besieged Leningrad play Dmitri "
        "Shostakovich's seventh symphony in August 1942.",
    ),
]


class CountingEmbedder:
    """The bundled encoder, counting the calls made to it."""

    dimensions = 512

    def __init__(self) -> None:
        self.calls: list[int] = []

    def embed(self, texts: Sequence[str]) -> Vectors:
        self.calls.append(len(texts))
        return default_embedder().embed(texts)


@pytest.fixture(scope="module")
def stories() -> LinkageIndex:
    index = LinkageIndex(CountingEmbedder())
    index.add(_STORIES)
    return index


def test_a_pair_is_decided_on_the_evidence_the_model_was_fitted_on(
    stories: LinkageIndex,
) -> None:
    masked = 0
    for record in _STORIES:
        decided = stories.decision_evidence(record.id)
        fitted = dict(stories.candidate_evidence(record.id))
        for other, evidence in decided:
            seen = fitted[other]
            # Shared wording is left out where the model gives it no weight at all.
            if model().of(evidence).wording_bound == 0.0:
                seen = replace(seen, text_jaccard=None)
            assert evidence == seen, (record.id, other)
            masked += evidence.masked_cosine is not None
    # The rewrites and the translation share names: their pairs are masked.
    assert masked >= 2


def test_a_records_masked_texts_go_through_the_encoder_in_one_call(
    stories: LinkageIndex,
) -> None:
    embedder = stories.embedder
    assert isinstance(embedder, CountingEmbedder)
    fresh = LinkageIndex(embedder)
    fresh.add(_STORIES)
    before = len(embedder.calls)
    decided = fresh.decision_evidence("doc-en")
    assert sum(evidence.masked_cosine is not None for _, evidence in decided) >= 2
    assert len(embedder.calls) - before == 1
    # Met again from the other side, a pair's masked texts are not encoded again.
    before = len(embedder.calls)
    again = fresh.decision_evidence("doc-en-rewrite")
    masked_pairs = sum(evidence.masked_cosine is not None for _, evidence in again)
    assert sum(embedder.calls[before:]) <= 2 * masked_pairs - 2


@pytest.mark.parametrize("margin", [0.1, None])
def test_the_best_masked_cosine_is_read_off_one_feature_vector(margin: float | None) -> None:
    evidence = PairEvidence(
        cosine=0.7, margin=margin, shared_names=("Vantini",), name_weight=1.0, same_language=True
    )
    part = model().of(evidence)
    margins = [margin] if margin is not None else [-MARGIN_CLIP, MARGIN_CLIP]
    at_the_ends = max(
        part.probability(replace(evidence, masked_cosine=masked, margin=m))
        for masked in (0.4, 0.75)
        for m in margins
    )
    assert part.best_probability(evidence, (0.4, 0.75)) == pytest.approx(at_the_ends, abs=1e-12)


@pytest.mark.parametrize(
    "keys",
    [
        {"title_equal": True, "directors_overlap": True, "years_compatible": True},
        {"title_equal": False, "directors_overlap": True, "years_compatible": True},
        {},  # two keyless texts: wording weighs a lot, and is always worked out
    ],
)
def test_wording_left_unknown_by_the_screen_is_taken_at_its_most_favourable(
    keys: dict[str, bool],
) -> None:
    """A screen that skips the shingles must never call hopeless a pair that a near
    copy would have kept: unknown wording counts as the most it could add."""
    screened = PairEvidence(cosine=0.45, margin=0.05, same_language=True, **keys)
    part = model().of(screened)
    best = part.best_probability(screened, wording_unknown=True)
    for jaccard in (0.0, 0.3, 0.6, 1.0):
        assert best >= part.probability(replace(screened, text_jaccard=jaccard)) - 1e-12
    # Where the screen does skip them, the model gives shingles next to no weight.
    if not reads_wording(screened):
        assert part.wording_bound < 0.05
    # Called hopeless with its wording unknown, it is hopeless even as a near copy.
    if hopeless(screened, wording_unknown=True):
        assert hopeless(replace(screened, text_jaccard=1.0))


@pytest.mark.parametrize(
    "keys",
    [
        {"title_equal": True, "directors_overlap": True, "years_compatible": True},
        {"title_equal": True, "directors_overlap": None, "years_compatible": True},
        {"title_equal": False, "directors_overlap": True, "years_compatible": True},
        {"title_equal": False, "directors_overlap": False, "years_compatible": True},
        {"title_equal": False, "directors_overlap": None, "years_compatible": False},
        {"title_mentioned": True},  # a keyed record and a keyless text
        {},  # two keyless texts
    ],
)
def test_names_left_unknown_by_the_screen_are_taken_at_their_most_favourable(
    keys: dict[str, bool],
) -> None:
    """The screen that skips the names two texts share must never call hopeless a pair
    its names would have kept: unknown names count as the most they could add."""
    screened = PairEvidence(cosine=0.5, margin=0.05, same_language=True, text_jaccard=0.1, **keys)
    part = model().of(screened)
    best = part.best_probability(screened, names_unknown=True)
    for shared, weight, disjoint in [
        ((), 0.0, True),  # both name someone, nobody in common
        ((), 0.0, None),
        (("Keel",), 0.3, False),
        (("Keel", "Vaarna"), 2.5, False),
        (("Keel", "Vaarna", "Orlick", "Moss", "Feld"), 9.0, False),  # over both caps
    ]:
        with_names = replace(
            screened, shared_names=shared, name_weight=weight, names_disjoint=disjoint
        )
        assert best >= part.probability(with_names) - 1e-12, (shared, weight, disjoint)
    assert part.names_bound(screened) >= 0.0


@pytest.mark.parametrize("title_equal", [True, False])
@pytest.mark.parametrize("years", [(2001, 2001), (2001, 2003), (1990, 2012)])
@pytest.mark.parametrize("cosine", [0.05, 0.35, 0.62, 0.93])
@pytest.mark.parametrize("same_language", [True, False, None])
def test_directors_and_countries_left_unknown_are_taken_at_their_most_favourable(
    title_equal: bool, years: tuple[int, int], cosine: float, same_language: bool | None
) -> None:
    """The bound that screens two keyed records before their directors and countries
    are compared is the best probability over every value the two can take (with names
    unknown too), worked out in closed form: checked against trying them all."""
    left_year, right_year = years
    unknown = PairEvidence(
        title_equal=title_equal,
        years_compatible=abs(left_year - right_year) <= 1,
        year_gap=abs(left_year - right_year),
        same_language=same_language,
        cosine=cosine,
        title_similarity=1.0 if title_equal else 0.4,
        title_numbers_differ=False,
        shared_years=(left_year,) if left_year == right_year else (),
    )
    part = model().of(unknown)
    for wording_unknown in (True, False):
        tried = max(
            part.best_probability(
                replace(unknown, directors_overlap=directors, countries_agree=countries),
                wording_unknown=wording_unknown,
                names_unknown=True,
            )
            for directors in (True, False, None)
            for countries in (True, False, None)
        )
        bound = part.best_probability_directors_unknown(unknown, wording_unknown)
        assert bound == pytest.approx(tried, abs=1e-12)
    with pytest.raises(ValueError, match="unknown"):
        part.best_probability_directors_unknown(replace(unknown, directors_overlap=True), False)
    with pytest.raises(ValueError, match="titles"):
        part.best_probability_directors_unknown(replace(unknown, title_equal=None), False)


# Written for this test: festival entries with every key, some of one film (a
# re-screening), some of films that share a title, a director or the people their
# synopses name. Pairs of keyed entries are where names weigh least.
_ENTRIES = [
    Record(
        id="harbour-2011",
        lang="en",
        title="Night Harbour",
        directors=["Ines Vaarna"],
        year=2011,
        countries=["Estonia"],
        text="A harbour pilot, Tomas Keel, guides one last freighter into Tallinn on the "
        "night the port is sold, and finds his estranged daughter among its crew.",
    ),
    Record(
        id="harbour-2012",
        lang="en",
        title="Night Harbour",
        directors=["Ines Vaarna"],
        year=2012,
        countries=["Estonia"],
        text="On the night Tallinn's port changes hands, veteran pilot Tomas Keel brings "
        "a final freighter in, and his estranged daughter is aboard.",
    ),
    Record(
        id="salt-road",
        lang="en",
        title="The Salt Road",
        directors=["Pavel Orlick"],
        year=2011,
        countries=["Estonia"],
        text="Tomas Keel, a smuggler on the frozen Baltic, drives salt across the ice to "
        "Tallinn while the harbour police close in.",
    ),
    Record(
        id="orchard-2009",
        lang="en",
        title="Glass Orchard",
        directors=["Lena Moss"],
        year=2009,
        countries=["Canada"],
        text="In a greenhouse town in Ontario two sisters keep their late father's "
        "orchid business alive through one brutal winter.",
    ),
    Record(
        id="orchard-1987",
        lang="de",
        title="Glass Orchard",
        directors=["Rudi Feld"],
        year=1987,
        countries=["West Germany"],
        text="Ein Glasbläser aus Thüringen verliebt sich in die Tochter des Gutsherrn, "
        "dessen Obstgarten er mit gläsernen Früchten schmückt.",
    ),
    Record(
        id="winter-count",
        lang="en",
        title="Winter Count",
        directors=["Ines Vaarna"],
        year=2015,
        countries=["Estonia", "Finland"],
        text="A census taker crosses the islands of the Gulf of Finland by snowmobile, "
        "counting the last families who winter there.",
    ),
]


def test_screening_before_the_names_keeps_what_the_whole_screen_keeps(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Screening keyed pairs before their shared names are worked out is for speed
    only: every candidate the screen keeps, with the evidence it keeps it with, is
    what screening the whole evidence (names included, gathered in one go) keeps."""
    import linkage.index
    from linkage.index import REVIEW_FLOOR, _wording_unknown

    index = LinkageIndex()
    index.add([*_ENTRIES, *_STORIES])
    first_screen_dropped = 0
    real_hopeless = linkage.index.hopeless

    def counting(*args: object, **kwargs: object) -> bool:
        nonlocal first_screen_dropped
        verdict = real_hopeless(*args, **kwargs)  # type: ignore[arg-type]
        first_screen_dropped += verdict and bool(kwargs.get("names_unknown"))
        return verdict

    monkeypatch.setattr(linkage.index, "hopeless", counting)
    kept = 0
    for record in [*_ENTRIES, *_STORIES]:
        for other in sorted(index.candidates(record.id)):
            whole = index.evidence(record.id, other, margin=False)
            hopeful = whole.cosine is None or not real_hopeless(
                whole,
                REVIEW_FLOOR,
                index._masked_range(record.id, other, whole),
                _wording_unknown(whole),
            )
            # The screen itself is private; it is what this test is about.
            assert index._hopeful(record.id, other) == (whole if hopeful else None)
            kept += hopeful
    assert first_screen_dropped > 0, "the keyed entries give the first screen pairs to drop"
    assert kept > 0, "some pairs are kept at all"


def test_screening_before_the_directors_drops_only_what_the_whole_screen_drops() -> None:
    """Two keyed records are screened from their titles, years and story before their
    directors are compared (`_hopeless_whoever_directed`): for speed only. On every
    candidate pair of the in-repository set and the entries above, a pair dropped so
    is one the whole evidence leaves hopeless too."""
    from linkage.evaluation import load_labelled
    from linkage.index import REVIEW_FLOOR, _wording_unknown
    from tests.linkage_fixtures import EVAL_SET

    records = [*(item.record for item in load_labelled(EVAL_SET)), *_ENTRIES, *_STORIES]
    index = LinkageIndex()
    index.add(records)
    dropped = kept = 0
    for record in records:
        for other in sorted(index.candidates(record.id)):
            if not index._hopeless_whoever_directed(record.id, other):
                kept += 1
                continue
            dropped += 1
            whole = index.evidence(record.id, other, margin=False)
            assert hopeless(
                whole,
                REVIEW_FLOOR,
                index._masked_range(record.id, other, whole),
                _wording_unknown(whole),
            ), (record.id, other)
    assert dropped > 100, "the keyed records give the early screen pairs to drop"
    assert kept > 0


def test_the_screen_reads_a_pair_alike_from_either_record(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A pair the screen leaves out from one record is left out from the other without
    being screened again, which is only right if the screen would have said the same:
    checked on every candidate pair of the in-repository set, keyed and keyless
    (several languages, re-screenings, confusable films), and the links of every record
    are those found with nothing remembered."""
    import linkage.index
    from linkage.evaluation import load_labelled, without_keys
    from tests.linkage_fixtures import EVAL_SET

    labelled = load_labelled(EVAL_SET)
    keyless = [
        replace(item.record, id=f"{item.record.id}-keyless") for item in without_keys(labelled)
    ]
    records = [*(item.record for item in labelled), *keyless, *_ENTRIES, *_STORIES]
    index = LinkageIndex()
    index.add(records)
    ids = [record.id for record in records]
    verdicts = {
        (left, right): index._screened(left, right) is None
        for left in ids
        for right in sorted(index.candidates(left))
    }
    both_ways = [pair for pair in verdicts if pair[::-1] in verdicts]
    assert len(both_ways) > 1000, "the set gives many pairs met from both records"
    assert {verdicts[pair] for pair in both_ways} == {True, False}, "pairs kept and left out"
    assert [pair for pair in both_ways if verdicts[pair] != verdicts[pair[::-1]]] == []

    screened: list[LinkageIndex] = []  # the index of each pair worked out
    screen = LinkageIndex._screened

    def counted(self: LinkageIndex, left: str, right: str) -> PairEvidence | None:
        screened.append(self)
        return screen(self, left, right)

    monkeypatch.setattr(LinkageIndex, "_screened", counted)
    remembered = [index.links_for(record_id) for record_id in ids]
    monkeypatch.setattr(linkage.index, "HOPELESS_PAIRS_SIZE", 0)
    forgetting = LinkageIndex()
    forgetting.add(records)
    assert [forgetting.links_for(record_id) for record_id in ids] == remembered
    # ... with fewer pairs worked out: those left out from the other record were skipped
    assert screened.count(index) < screened.count(forgetting)
    assert len(forgetting._hopeless_pairs) == 0
