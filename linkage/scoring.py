"""Decide a pair from its evidence with a fitted, calibrated model.

Each pair's evidence becomes a short feature vector (`features`); a logistic
regression fitted on the dev split of the blind evaluation set
(`benchmarks/fit_linkage.py`, coefficients in `linkage/model.json`) turns it into the
probability that the two records are one film. Its two thresholds were chosen on the
same split: `match` where automatic links were at least 99% precise, `review` where
99% of the true pairs among the candidates score at least that.

Rules stand above the model. A known year more than one apart, or known directors
who are not the same person, never link automatically (a remake or a namesake),
whatever the text says; such a pair can at most be queued for review. And two keyed
records that the key rule identifies (`linkage.director_years`: one director, years
at most one apart, titles that agree, no other film of that director's in those
years among the records) link whatever their synopses say: the text does not
separate such pairs, and the rule does.
"""

from __future__ import annotations

import json
import math
import operator
from dataclasses import dataclass
from enum import StrEnum
from functools import cached_property, lru_cache
from pathlib import Path

MODEL_FILE = Path(__file__).with_name("model.json")
# Margins outside this range are clipped: a record alone in its neighbourhood can
# stand out by 0.5 without that meaning more than 0.3 does.
MARGIN_CLIP = 0.3
# Log-odds under which shared wording is not worked out while screening candidates:
# the keyed kinds of pair fitted ~0.01 on near copies, and their shingles were a
# fifth of `mirror link`'s scoring time.
NEGLIGIBLE_WORDING = 0.05
NEAR_COPY_JACCARD = 0.5
# Cross-lingual cosine (USE multilingual) where unrelated synopses thin out.
COSINE_CENTRE = 0.35


class Decision(StrEnum):
    MATCH = "match"  # linked automatically
    REVIEW = "review"  # kept apart, queued for a person


@dataclass(frozen=True)
class PairEvidence:
    """Everything known about one pair; None means "no evidence either way"."""

    title_equal: bool | None = None
    directors_overlap: bool | None = None
    years_compatible: bool | None = None
    same_language: bool | None = None
    text_jaccard: float | None = None
    cosine: float | None = None
    # cosine minus the mean similarity of the two records to their other nearest
    # neighbours: high when they stand out from their neighbourhood together.
    margin: float | None = None
    shared_names: tuple[str, ...] = ()
    # sum of inverse-document-frequency weights of the shared names (rare names count more)
    name_weight: float = 0.0
    # names both texts carry that are topics, not identities (records of films that
    # cannot be one carry them): no weight, not in shared_names, but not disjoint either
    shared_topics: tuple[str, ...] = ()
    shared_years: tuple[int, ...] = ()
    shared_numbers: tuple[int, ...] = ()
    # both texts name someone or somewhere (a name that is evidence: not a word many
    # records share), and none of those names agree
    names_disjoint: bool | None = None
    # 0..1 similarity of the folded titles, when both have one
    title_similarity: float | None = None
    # one record's title / director / year (within one) found in the other's text
    title_mentioned: bool | None = None
    director_mentioned: bool | None = None
    year_mentioned: bool | None = None
    year_gap: int | None = None
    # the titles carry different numbers (a sequel), when both are known
    title_numbers_differ: bool | None = None
    # cosine of the texts with their shared names taken out (a keyless text's pairs)
    masked_cosine: float | None = None
    # the production countries share one (or a state and its successor), when both
    # records list countries the matcher recognises
    countries_agree: bool | None = None
    # the key rule (`linkage.director_years`): both records keyed, one director, years
    # at most one apart, titles that agree, and no sign among that director's records
    # of another film in those years. None where the rule does not apply.
    director_year_identity: bool | None = None


_EVIDENCE_FIELDS = frozenset(PairEvidence.__dataclass_fields__)
NO_EVIDENCE = PairEvidence()


def amended(evidence: PairEvidence, **changes: object) -> PairEvidence:
    """`dataclasses.replace` for a pair's evidence, without its introspection of the
    fields on every call (a sixteenth of matching a corpus document went there)."""
    unknown = changes.keys() - _EVIDENCE_FIELDS
    if unknown:
        raise TypeError(f"PairEvidence has no field {sorted(unknown)}")
    copy = object.__new__(PairEvidence)
    copy.__dict__.update(evidence.__dict__)
    copy.__dict__.update(changes)
    return copy


def _sign(value: bool | None) -> float:
    return 0.0 if value is None else 1.0 if value else -1.0


def _flag(value: bool | None) -> float:
    return 1.0 if value else 0.0


FEATURES: tuple[str, ...] = (
    "cosine",
    "margin",
    "cosine_x_margin",
    "jaccard",
    "near_copy",
    "same_language",
    "cosine_x_same_language",
    "title_equal",
    "title_similarity",
    "directors",
    "years",
    "year_gap",
    "title_mentioned",
    "director_mentioned",
    "year_mentioned",
    "name_weight",
    "shared_name_count",
    "names_disjoint",
    "shared_years",
    "shared_numbers",
    "title_numbers_differ",
    "directors_x_cosine",
    "directors_x_names_disjoint",
    "directors_x_name_weight",
    "title_similarity_x_cosine",
    "director_and_year_mentioned",
    "title_and_more_mentioned",
    "mentions_x_cosine",
    "title_director_year_agree",
    "title_and_director_agree",
    "title_and_same_year",
    "masked_cosine",
    "names_share_of_cosine",
    "countries",
    "title_equal_x_countries",
)


# Where `features` caps the names two texts share: their summed weight and their number.
NAME_WEIGHT_CAP, NAME_COUNT_CAP = 4.0, 4

_MARGIN, _COSINE_X_MARGIN = FEATURES.index("margin"), FEATURES.index("cosine_x_margin")
_WORDING = (FEATURES.index("jaccard"), FEATURES.index("near_copy"))
_MASKED, _NAMES_SHARE = FEATURES.index("masked_cosine"), FEATURES.index("names_share_of_cosine")
_DIRECTORS, _DIRECTORS_X_COSINE = FEATURES.index("directors"), FEATURES.index("directors_x_cosine")
_TITLE_DIRECTOR_YEAR = FEATURES.index("title_director_year_agree")
_TITLE_AND_DIRECTOR = FEATURES.index("title_and_director_agree")
_COUNTRIES = FEATURES.index("countries")
_TITLE_X_COUNTRIES = FEATURES.index("title_equal_x_countries")
_NAME_WEIGHT, _NAME_COUNT, _NAMES_DISJOINT, _DIRECTORS_X_DISJOINT, _DIRECTORS_X_WEIGHT = (
    FEATURES.index(name)
    for name in (
        "name_weight",
        "shared_name_count",
        "names_disjoint",
        "directors_x_names_disjoint",
        "directors_x_name_weight",
    )
)


def features(ev: PairEvidence) -> list[float]:
    """The model's inputs, in FEATURES order (missing evidence is 0)."""
    cosine = ev.cosine if ev.cosine is not None else 0.0
    margin = max(-MARGIN_CLIP, min(MARGIN_CLIP, ev.margin)) if ev.margin is not None else 0.0
    jaccard = ev.text_jaccard or 0.0
    same_language = _sign(ev.same_language)
    directors = _sign(ev.directors_overlap)
    # Centred where unrelated and related synopses meet, so that a product with a key
    # says "the key agrees and so does the text" (positive) or "but the text does not".
    story = cosine - COSINE_CENTRE if ev.cosine is not None else 0.0
    masked = ev.masked_cosine if ev.masked_cosine is not None else cosine
    return [
        cosine,
        margin,
        cosine * margin,
        jaccard,
        _flag(jaccard >= NEAR_COPY_JACCARD),
        same_language,
        cosine * same_language,
        _sign(ev.title_equal),
        ev.title_similarity or 0.0,
        directors,
        _sign(ev.years_compatible),
        min(ev.year_gap, 5) if ev.year_gap is not None else 0.0,
        _flag(ev.title_mentioned),
        _flag(ev.director_mentioned),
        _flag(ev.year_mentioned),
        min(ev.name_weight, NAME_WEIGHT_CAP),
        float(min(len(ev.shared_names), NAME_COUNT_CAP)),
        _flag(ev.names_disjoint),
        float(min(len(ev.shared_years), 3)),
        float(min(len(ev.shared_numbers), 2)),
        _flag(ev.title_numbers_differ),
        directors * story,
        directors * _flag(ev.names_disjoint),
        directors * min(ev.name_weight, NAME_WEIGHT_CAP),
        (ev.title_similarity or 0.0) * story,
        _flag(ev.director_mentioned and ev.year_mentioned),
        _flag(ev.title_mentioned and (ev.director_mentioned or ev.year_mentioned)),
        (_flag(ev.director_mentioned) + _flag(ev.title_mentioned)) * story,
        # a festival rewrote the synopsis of a re-screening: the keys say it all
        _flag(ev.title_equal and ev.directors_overlap and ev.years_compatible),
        _flag(ev.title_equal and ev.directors_overlap),
        # a festival year one apart is common for one film, and for two namesakes too;
        # the very same year is rarer for namesakes
        _flag(ev.title_equal and ev.year_gap == 0),
        masked,
        cosine - masked,
        _sign(ev.countries_agree),
        # namesakes: one title, two films from different countries
        _flag(ev.title_equal) * _sign(ev.countries_agree),
    ]


# Pairs differ in what can be known of them, and each kind has its own model and
# thresholds: two records with the same title; two records that carry other keys
# (title, directors, year); a record with keys and a keyless text (the text may name
# them); two keyless texts.
SEGMENTS = ("same_title", "keys", "mentions", "text")


def segment(ev: PairEvidence) -> str:
    if ev.title_equal:
        # Equal titles are their own population: re-screenings and aliases, but also
        # remakes and namesakes; what separates them is not what separates the rest.
        return "same_title"
    if ev.title_equal is not None or ev.directors_overlap is not None:
        return "keys"
    if ev.years_compatible is not None:
        return "keys"
    if ev.title_mentioned is not None or ev.director_mentioned is not None:
        return "mentions"
    return "mentions" if ev.year_mentioned is not None else "text"


@dataclass(frozen=True)
class SegmentModel:
    coefficients: tuple[float, ...]
    intercept: float
    # (slope, offset) of the Platt scaling fitted on held-out predictions
    calibration: tuple[float, float]
    match_probability: float
    review_probability: float

    @cached_property  # asked of every pair screened
    def wording_bound(self) -> float:
        """The most shared wording can add to the log-odds: the Jaccard is at most 1,
        the near-copy flag 1, and the fit never gives either a negative weight."""
        return sum(max(0.0, self.coefficients[i]) for i in _WORDING)

    @property
    def reads_wording(self) -> bool:
        """Whether wording weighs enough to be worked out while screening candidates
        (its shingles are the costliest evidence of a pair); a pair left hopeful is
        decided with it all the same."""
        return self.wording_bound > NEGLIGIBLE_WORDING

    def names_bound(self, ev: PairEvidence) -> float:
        """The most the names two texts share (or their having none in common) can add
        to the log-odds of a pair whose names are not worked out yet (`ev` has none):
        either none agree, or some do, with any weight and number up to the caps. The
        two are bounded apart, so this is never below what the names would add."""
        return self._names_bound(ev.directors_overlap)

    def _names_bound(self, directors_overlap: bool | None) -> float:
        c, directors = self.coefficients, _sign(directors_overlap)
        disjoint = c[_NAMES_DISJOINT] + c[_DIRECTORS_X_DISJOINT] * directors
        per_weight = c[_NAME_WEIGHT] + c[_DIRECTORS_X_WEIGHT] * directors
        shared = max(0.0, per_weight * NAME_WEIGHT_CAP) + max(0.0, c[_NAME_COUNT] * NAME_COUNT_CAP)
        return max(0.0, disjoint, shared)

    def probability(self, ev: PairEvidence) -> float:
        return self._calibrated(self._log_odds(features(ev)))

    def best_probability(
        self,
        ev: PairEvidence,
        masked_range: tuple[float, float] | None = None,
        wording_unknown: bool = False,
        names_unknown: bool = False,
    ) -> float:
        """The highest probability the pair could reach with any margin (when
        `ev.margin` is None), any masked cosine in `masked_range` (when given), with
        `wording_unknown` any shared wording and with `names_unknown` any shared names
        (`names_bound`): each enters the model linearly, so the ends of their ranges
        are read off one feature vector."""
        base = self.best_probability_log_odds(ev, masked_range, wording_unknown)
        return self._calibrated(base + (self.names_bound(ev) if names_unknown else 0.0))

    def best_probability_log_odds(
        self,
        ev: PairEvidence,
        masked_range: tuple[float, float] | None = None,
        wording_unknown: bool = False,
    ) -> float:
        """The log-odds of `best_probability` before calibration, names left out."""
        values = features(amended(ev, masked_cosine=None) if masked_range else ev)
        base = self._log_odds(values) + (self.wording_bound if wording_unknown else 0.0)
        cosine = ev.cosine if ev.cosine is not None else 0.0
        margin_sides: tuple[float, ...] = (0.0,)
        if ev.margin is None:
            per_margin = self.coefficients[_MARGIN] + self.coefficients[_COSINE_X_MARGIN] * cosine
            margin_sides = (-MARGIN_CLIP * per_margin, MARGIN_CLIP * per_margin)
        masked_sides: tuple[float, ...] = (0.0,)
        if masked_range is not None:
            # features() reads a missing masked cosine as the plain one: the masked
            # cosine m adds (m - cosine) to one feature and takes it from the other.
            per_masked = self.coefficients[_MASKED] - self.coefficients[_NAMES_SHARE]
            masked_sides = tuple(per_masked * (end - cosine) for end in masked_range)
        # Calibration rises with the log-odds (`model` checks its slope), and each
        # range adds on its own: the best log-odds take each range at its best end.
        return base + max(margin_sides) + max(masked_sides)

    def best_probability_directors_unknown(self, ev: PairEvidence, wording_unknown: bool) -> float:
        """`best_probability` with names unknown, of two keyed records whose directors
        and countries are not compared yet either (`ev` has neither): the highest
        probability over every value those two comparisons can take. Directors and
        countries enter the model apart from each other (no feature holds both), so
        each is taken at its best on its own; the names' bound follows the directors'
        value. The key rule is not asked here (its identity is no probability)."""
        if ev.directors_overlap is not None or ev.countries_agree is not None:
            raise ValueError("the directors and countries are to be left unknown")
        if ev.title_equal is None:
            # Then the directors would choose the pair's segment (`segment`).
            raise ValueError("both records' titles are to be compared")
        c = self.coefficients
        base = self.best_probability_log_odds(ev, None, wording_unknown)
        story = ev.cosine - COSINE_CENTRE if ev.cosine is not None else 0.0
        title_equal, years = bool(ev.title_equal), bool(ev.years_compatible)
        names_if_agree, names_if_not, names_if_unknown = self._names_bounds
        per_sign = c[_DIRECTORS] + c[_DIRECTORS_X_COSINE] * story
        if_agree = per_sign + names_if_agree
        if title_equal:
            if_agree += c[_TITLE_AND_DIRECTOR] + (c[_TITLE_DIRECTOR_YEAR] if years else 0.0)
        directors = max(if_agree, names_if_not - per_sign, names_if_unknown)
        countries = abs(c[_COUNTRIES] + (c[_TITLE_X_COUNTRIES] if title_equal else 0.0))
        return self._calibrated(base + directors + countries)

    @cached_property
    def _names_bounds(self) -> tuple[float, float, float]:
        """`names_bound` with the directors agreeing, disagreeing, unknown."""
        return self._names_bound(True), self._names_bound(False), self._names_bound(None)

    def best_probability_over_margins(self, ev: PairEvidence) -> float:
        """The highest probability the pair could reach with any margin."""
        return self.best_probability(ev if ev.margin is None else amended(ev, margin=None))

    def _log_odds(self, values: list[float]) -> float:
        # `model` checked that there is a coefficient per feature; summed in order.
        return self.intercept + sum(map(operator.mul, self.coefficients, values))

    def _calibrated(self, log_odds: float) -> float:
        slope, offset = self.calibration
        log_odds = slope * max(-20.7, min(20.7, log_odds)) + offset
        return 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, log_odds))))


@dataclass(frozen=True)
class Model:
    segments: dict[str, SegmentModel]

    def of(self, ev: PairEvidence) -> SegmentModel:
        return self.segments[segment(ev)]


@lru_cache(maxsize=1)
def model() -> Model:
    """The fitted model shipped with the package."""
    fitted = json.loads(MODEL_FILE.read_text(encoding="utf-8"))
    if tuple(fitted["features"]) != FEATURES or set(fitted["segments"]) != set(SEGMENTS):
        raise RuntimeError(f"{MODEL_FILE} was fitted on other features: run fit_linkage.py")
    if any(part["calibration"][0] <= 0 for part in fitted["segments"].values()):
        # The screen bounds a pair's probability by bounding its log-odds.
        raise RuntimeError(f"{MODEL_FILE}: a calibration slope is not positive")
    return Model(
        {
            name: SegmentModel(
                tuple(part["coefficients"]),
                part["intercept"],
                tuple(part["calibration"]),
                part["match_probability"],
                part["review_probability"],
            )
            for name, part in fitted["segments"].items()
        }
    )


@dataclass(frozen=True)
class Link:
    left_id: str
    right_id: str
    score: float
    decision: Decision | None
    reason: str


def vetoes(ev: PairEvidence) -> list[str]:
    """Why a pair may not be linked automatically, whatever its score."""
    found = []
    if ev.directors_overlap is False:
        found.append("different directors")
    if ev.years_compatible is False:
        found.append("years differ")
    return found


def reasons(ev: PairEvidence) -> list[str]:
    """The evidence as a person reads it, strongest kinds first."""
    said: list[str] = []
    if ev.title_equal:
        said.append("same title")
    elif ev.title_similarity is not None and ev.title_similarity >= 0.8:
        said.append(f"similar titles ({ev.title_similarity:.2f})")
    if ev.directors_overlap:
        said.append("same director")
    if ev.years_compatible:
        said.append("year within 1")
    if ev.countries_agree:
        said.append("same country")
    if ev.director_year_identity:
        said.append("titles agree, and no other film of that director's in those years")
    if ev.title_mentioned:
        said.append("title named in the text")
    if ev.director_mentioned:
        said.append("director named in the text")
    if ev.year_mentioned:
        said.append("year named in the text")
    if ev.text_jaccard is not None and ev.text_jaccard >= 0.2:
        said.append(f"shared wording (jaccard {ev.text_jaccard:.2f})")
    if ev.cosine is not None:
        margin = f", margin {ev.margin:+.2f}" if ev.margin is not None else ""
        said.append(f"synopsis similarity {ev.cosine:.2f}{margin}")
    if ev.shared_names:
        said.append("shared names: " + ", ".join(ev.shared_names[:8]))
    elif ev.names_disjoint:
        said.append("no name in common")
    if ev.shared_topics:
        said.append("shared topics (not counted): " + ", ".join(ev.shared_topics[:4]))
    if ev.shared_years:
        said.append("shared years: " + ", ".join(map(str, ev.shared_years)))
    if ev.shared_numbers:
        said.append("shared numbers: " + ", ".join(map(str, ev.shared_numbers)))
    if ev.countries_agree is False:
        said.append("different countries")
    return said


def reads_wording(ev: PairEvidence) -> bool:
    """Whether the model of this kind of pair gives shared wording (the shingle
    Jaccard) any weight; the pair's keys are enough to know its kind."""
    return model().of(ev).reads_wording


def hopeless(
    ev: PairEvidence,
    floor: float = 0.0,
    masked_range: tuple[float, float] | None = None,
    wording_unknown: bool = False,
    names_unknown: bool = False,
) -> bool:
    """Whether the pair stays below review (and below `floor`, under which no review is
    kept) even with the most favourable margin, when it is not known yet, masked
    cosine within `masked_range`, when that is still to be worked out, and shared
    wording, with `wording_unknown`, and shared names, with `names_unknown`: then none
    of them (two neighbourhood look-ups; two texts through the encoder; two shingle
    sets; the names of two texts compared and weighed) is worth the work."""
    if identified_by_keys(ev):
        return False
    part = model().of(ev)
    best = part.best_probability(ev, masked_range, wording_unknown, names_unknown)
    return best < max(part.review_probability, floor)


def identified_by_keys(ev: PairEvidence) -> bool:
    """Whether the key rule links the pair (and nothing vetoes it)."""
    return bool(ev.director_year_identity) and not vetoes(ev)


def score_pair(left_id: str, right_id: str, evidence: PairEvidence) -> Link:
    """Score (the probability of one film), decide and explain one pair."""
    part = model().of(evidence)
    probability = part.probability(evidence)
    blocked = vetoes(evidence)
    decision: Decision | None = None
    if (probability >= part.match_probability and not blocked) or identified_by_keys(evidence):
        decision = Decision.MATCH
    elif probability >= part.review_probability:
        decision = Decision.REVIEW
    said = reasons(evidence) + [f"but {v}" for v in blocked]
    reason = "; ".join(said) or "no shared evidence"
    return Link(left_id, right_id, round(probability, 4), decision, reason)


def more_cautious(left: Link, right: Link) -> Link:
    """Of two links of one pair (one from each record's side), the one to keep: a
    review over a match (a rule on one side, such as one film per text, demoted it),
    else the higher score."""
    if (left.decision is Decision.REVIEW) != (right.decision is Decision.REVIEW):
        return left if left.decision is Decision.REVIEW else right
    return left if left.score >= right.score else right
