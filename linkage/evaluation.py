"""Evaluate linkage on a labelled set: pairwise precision/recall per language pair
and hard negatives (different films that share a `confusable` tag) merged.

Pairs are counted after transitive closure of automatic matches, since that is
what a user sees: records joined into one work.
"""

import json
from collections import defaultdict
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


@dataclass
class PairCounts:
    true_positive: int = 0
    false_positive: int = 0
    false_negative: int = 0

    @property
    def precision(self) -> float:
        predicted = self.true_positive + self.false_positive
        return self.true_positive / predicted if predicted else 1.0

    @property
    def recall(self) -> float:
        actual = self.true_positive + self.false_negative
        return self.true_positive / actual if actual else 1.0

    @property
    def f1(self) -> float:
        total = self.precision + self.recall
        return 2 * self.precision * self.recall / total if total else 0.0


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
            if same_film and predicted:
                bucket.true_positive += 1
            elif predicted:
                bucket.false_positive += 1
            elif same_film:
                bucket.false_negative += 1
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
