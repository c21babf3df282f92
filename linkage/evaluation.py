"""Evaluate linkage on a labelled set: pairwise precision/recall per language pair
and hard negatives (different films that share a `confusable` tag) merged.

Pairs are counted after transitive closure of automatic matches, since that is
what a user sees: records joined into one work.
"""

import json
import math
from collections import defaultdict
from collections.abc import Hashable, Mapping
from dataclasses import dataclass, field, replace
from itertools import combinations
from pathlib import Path

from linkage.clusters import assign_works
from linkage.index import LinkageIndex
from linkage.records import Record
from linkage.scoring import Decision, Link


@dataclass(frozen=True)
class LabelledRecord:
    record: Record
    film: str
    confusable: frozenset[str]


def wilson(successes: int, total: int, z: float = 1.96) -> tuple[float, float]:
    """95% Wilson score interval of a proportion (0..1 for an empty sample)."""
    if total == 0:
        return 0.0, 1.0
    p = successes / total
    centre = (p + z * z / (2 * total)) / (1 + z * z / total)
    half = z * math.sqrt(p * (1 - p) / total + z * z / (4 * total * total)) / (1 + z * z / total)
    return max(0.0, centre - half), min(1.0, centre + half)


@dataclass
class PairCounts:
    true_positive: int = 0
    false_positive: int = 0
    false_negative: int = 0

    @property
    def predicted(self) -> int:
        return self.true_positive + self.false_positive

    @property
    def actual(self) -> int:
        return self.true_positive + self.false_negative

    @property
    def precision(self) -> float:
        return self.true_positive / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.true_positive / self.actual if self.actual else 1.0

    @property
    def f1(self) -> float:
        total = self.precision + self.recall
        return 2 * self.precision * self.recall / total if total else 0.0

    def add(self, same_film: bool, predicted: bool) -> None:
        if same_film and predicted:
            self.true_positive += 1
        elif predicted:
            self.false_positive += 1
        elif same_film:
            self.false_negative += 1

    def describe(self) -> str:
        """Precision and recall with their 95% Wilson intervals and sample sizes."""
        p_low, p_high = wilson(self.true_positive, self.predicted)
        r_low, r_high = wilson(self.true_positive, self.actual)
        return (
            f"P {self.precision:.3f} [{p_low:.3f}-{p_high:.3f}] of {self.predicted}, "
            f"R {self.recall:.3f} [{r_low:.3f}-{r_high:.3f}] of {self.actual}"
        )


def pairwise(truth: Mapping[str, Hashable], found: Mapping[str, Hashable]) -> tuple[float, float]:
    """Pairwise precision and recall of a clustering (`found`: member -> cluster)
    against the true one, over the pairs of members that share a cluster in either."""

    def pairs(cluster_of: Mapping[str, Hashable]) -> set[tuple[str, str]]:
        members: dict[Hashable, list[str]] = defaultdict(list)
        for member, cluster in cluster_of.items():
            members[cluster].append(member)
        return {(a, b) for group in members.values() for a in group for b in group if a < b}

    true_pairs, found_pairs = pairs(truth), pairs(found)
    common = len(true_pairs & found_pairs)
    return common / max(1, len(found_pairs)), common / max(1, len(true_pairs))


@dataclass
class EvalResult:
    overall: PairCounts
    by_language_pair: dict[str, PairCounts]
    hard_negatives_merged: list[tuple[str, str]]
    hard_negative_pairs: int
    review_pairs: int
    review_true: int
    links: list[Link] = field(default_factory=list)


def without_keys(labelled: list[LabelledRecord]) -> list[LabelledRecord]:
    """The set as a corpus would hold it: text only, no title, directors or year."""
    return [
        LabelledRecord(
            replace(item.record, title=None, directors=[], year=None), item.film, item.confusable
        )
        for item in labelled
    ]


def load_labelled(path: Path) -> list[LabelledRecord]:
    labelled = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        row = json.loads(line)
        record = Record(
            id=row["id"],
            title=row.get("title"),
            directors=list(row.get("directors") or []),
            year=row.get("year"),
            text=row.get("text"),
            lang=row.get("lang"),
        )
        labelled.append(LabelledRecord(record, row["film"], frozenset(row.get("confusable", []))))
    return labelled


def _language_pair(left: Record, right: Record) -> str:
    return "-".join(sorted([left.lang or "??", right.lang or "??"]))


def evaluate(labelled: list[LabelledRecord], index: LinkageIndex | None = None) -> EvalResult:
    index = index if index is not None else LinkageIndex()
    index.add([item.record for item in labelled])
    links = index.all_links()
    cluster_of, refused = assign_works({item.record.id: item.record for item in labelled}, links)
    reviewed = {
        frozenset((link.left_id, link.right_id))
        for link in [*links, *refused]
        if link.decision is Decision.REVIEW or link in refused
    }
    overall = PairCounts()
    by_pair: dict[str, PairCounts] = defaultdict(PairCounts)
    merged_negatives: list[tuple[str, str]] = []
    hard_pairs = review_true = 0
    film_of = {item.record.id: item.film for item in labelled}
    for left, right in combinations(labelled, 2):
        same_film = left.film == right.film
        predicted = cluster_of[left.record.id] == cluster_of[right.record.id]
        counts = by_pair[_language_pair(left.record, right.record)]
        for bucket in (overall, counts):
            bucket.add(same_film, predicted)
        if not same_film and left.confusable & right.confusable:
            hard_pairs += 1
            if predicted:
                merged_negatives.append((left.record.id, right.record.id))
    for pair in reviewed:
        a, b = sorted(pair)
        review_true += film_of[a] == film_of[b]
    return EvalResult(
        overall=overall,
        by_language_pair=dict(sorted(by_pair.items())),
        hard_negatives_merged=merged_negatives,
        hard_negative_pairs=hard_pairs,
        review_pairs=len(reviewed),
        review_true=review_true,
        links=links,
    )
