"""Combine the evidence about a pair into a score, a decision and a reason.

Additive log-odds-style points, one line of reason per piece of evidence, and three
vetoes: a known year more than one apart, or known and disjoint directors, never
link automatically (a remake or a namesake), whatever the text says; nor do two texts
that both name people or places but no name in common, unless title or director
agree. Names survive translation and rewriting, so similar wording with none of the
same names is the stock phrasing of different films (measured on the 100k synthetic
corpus: every automatic link without a shared name joined two different stories).
"""

from dataclasses import dataclass
from enum import StrEnum


class Decision(StrEnum):
    MATCH = "match"  # linked automatically
    REVIEW = "review"  # kept apart, queued for a person


MATCH_THRESHOLD = 6.0
REVIEW_THRESHOLD = 3.5
# Cross-lingual cosine (USE multilingual): unrelated synopses sit around 0.2-0.45,
# translations of one synopsis around 0.55-0.8. Points are linear around the centre.
COSINE_CENTRE = 0.35
COSINE_SCALE = 10.0
MARGIN_SCALE = 10.0
MARGIN_CAP = 2.5
YEAR_MENTION_POINTS = 0.75
# Shared phrasing: a near copy, or a light rewrite. Phrasing shared at the rewrite
# level counts only when the pair stands out from its neighbourhood (a margin of at
# least REWRITE_MARGIN, or none known): where many synopses share stock phrases ("In
# the harbour town of ...", a festival's boilerplate), a fifth of shingles in common
# is the norm, and margins of unrelated pairs scatter a few hundredths around zero.
NEAR_COPY_JACCARD = 0.5
REWRITE_JACCARD = 0.2
REWRITE_MARGIN = 0.05


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
    shared_years: tuple[int, ...] = ()
    shared_numbers: tuple[int, ...] = ()
    # both texts name someone or somewhere (a name that is evidence: not a word many
    # records share), and none of those names agree
    names_disjoint: bool | None = None


@dataclass(frozen=True)
class Link:
    left_id: str
    right_id: str
    score: float
    decision: Decision | None
    reason: str


def _key_points(ev: PairEvidence) -> tuple[float, list[str], list[str]]:
    score = 0.0
    reasons: list[str] = []
    vetoes: list[str] = []
    if ev.title_equal:
        score += 3.0
        reasons.append("same title")
    if ev.directors_overlap:
        score += 3.0
        reasons.append("same director")
    elif ev.directors_overlap is False:
        score -= 4.0
        vetoes.append("different directors")
    if ev.years_compatible:
        score += 0.5
        reasons.append("year within 1")
    elif ev.years_compatible is False:
        score -= 4.0
        vetoes.append("years differ")
    return score, reasons, vetoes


def _text_points(ev: PairEvidence) -> tuple[float, list[str]]:
    score = 0.0
    reasons: list[str] = []
    if ev.text_jaccard is not None and ev.text_jaccard >= NEAR_COPY_JACCARD:
        score += 6.0
        reasons.append(f"near-duplicate text (jaccard {ev.text_jaccard:.2f})")
    elif (
        ev.text_jaccard is not None
        and ev.text_jaccard >= REWRITE_JACCARD
        and (ev.margin is None or ev.margin >= REWRITE_MARGIN)
    ):
        score += 3.0
        reasons.append(f"near-duplicate text (jaccard {ev.text_jaccard:.2f})")
    if ev.cosine is not None:
        cosine_points = min(max((ev.cosine - COSINE_CENTRE) * COSINE_SCALE, -3.0), 4.0)
        margin_points = 0.0
        if ev.margin is not None:
            margin_points = min(max(ev.margin * MARGIN_SCALE, -MARGIN_CAP), MARGIN_CAP)
        score += cosine_points + margin_points
        margin_text = f", margin {ev.margin:+.2f}" if ev.margin is not None else ""
        reasons.append(f"synopsis similarity {ev.cosine:.2f}{margin_text}")
    if ev.shared_names:
        score += min(ev.name_weight, 4.0)
        reasons.append("shared names: " + ", ".join(ev.shared_names[:8]))
    if ev.shared_years:
        score += min(YEAR_MENTION_POINTS * len(ev.shared_years), 2.0)
        reasons.append("shared years: " + ", ".join(map(str, ev.shared_years)))
    if ev.shared_numbers:
        score += min(0.5 * len(ev.shared_numbers), 1.0)
        reasons.append("shared numbers: " + ", ".join(map(str, ev.shared_numbers)))
    return score, reasons


def score_pair(left_id: str, right_id: str, evidence: PairEvidence) -> Link:
    """Score, decide and explain one pair."""
    key_score, reasons, vetoes = _key_points(evidence)
    text_score, text_reasons = _text_points(evidence)
    if evidence.title_equal and evidence.directors_overlap and evidence.years_compatible:
        # Title, director and year all agree: a festival rewrote the synopsis for a
        # re-screening; a dissimilar text is no evidence of a different film.
        text_score = max(text_score, 0.0)
    score = round(key_score + text_score, 2)
    reasons.extend(text_reasons)
    if evidence.names_disjoint and not (evidence.title_equal or evidence.directors_overlap):
        vetoes.append("no name in common")
    decision: Decision | None = None
    if score >= MATCH_THRESHOLD and not vetoes:
        decision = Decision.MATCH
    elif score >= REVIEW_THRESHOLD or (vetoes and score >= MATCH_THRESHOLD):
        decision = Decision.REVIEW
    reason = "; ".join(reasons + [f"but {v}" for v in vetoes]) or "no shared evidence"
    return Link(left_id, right_id, score, decision, reason)
