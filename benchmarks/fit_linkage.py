"""Fit the linkage model (`linkage/model.json`) on the DEV split of the blind set.

Usage: python benchmarks/fit_linkage.py [--distractors N] [--dry-run]

Every candidate pair the index proposes, in both modes (records matched against
the documents; everything linked together) and with and without the records' keys,
becomes one example: its evidence features, and whether the two are one film. A
logistic regression (scikit-learn, a dev dependency; only its coefficients ship)
is fitted on them. The two thresholds are read off out-of-fold predictions (folds
by film group, so a film never scores itself): `match` at the lowest probability
where automatic links are at least 99% precise, `review` at the highest one that
still keeps 99% of the true candidate pairs. The test split is never read here.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from linkage.blind_eval import (  # noqa: E402
    CachedEmbedder,
    EvalSplit,
    build_index,
    keyless,
    load_distractors,
    load_split,
)
from linkage.records import Record  # noqa: E402
from linkage.scoring import FEATURES, MODEL_FILE, PairEvidence, features  # noqa: E402

CACHE = Path(__file__).resolve().parents[1] / ".cache" / "linkage_eval_vectors.npz"
TARGET_PRECISION = 0.99
TARGET_RECALL = 0.99
# Confusable pairs (same person, same title, ...) weigh more: merging one is the
# error the set exists to catch.
HARD_NEGATIVE_WEIGHT = 5.0
FOLDS = 5


def collect(
    split: EvalSplit, distractors: Sequence[Record], embedder: CachedEmbedder
) -> tuple[list[PairEvidence], list[int], list[float], list[str]]:
    """(evidence, label, weight, fold group) for every candidate pair of the split."""
    film_of = {item.record.id: item.film for item in split.items}
    evidence: list[PairEvidence] = []
    labels: list[int] = []
    weights: list[float] = []
    groups: list[str] = []
    component = _components(split)

    def add(left: str, right: str, ev: PairEvidence) -> None:
        same = left in film_of and film_of.get(left) == film_of.get(right)
        hard = (
            not same
            and right in film_of
            and bool(split.shared_groups(film_of[left], film_of[right]))
        )
        evidence.append(ev)
        labels.append(int(same))
        weights.append(HARD_NEGATIVE_WEIGHT if hard else 1.0)
        groups.append(component[film_of[left]])

    for keys in (True, False):
        index = build_index(split, distractors, embedder, records=[])
        for item in split.records:
            record = item.record if keys else keyless(item.record)
            for other, ev in index.candidate_evidence_for_record(record):
                add(record.id, other, ev)
        records = [i.record if keys else keyless(i.record) for i in split.records]
        index = build_index(split, distractors, embedder, records=records)
        seen: set[frozenset[str]] = set()
        for item in split.items:
            for other, ev in index.candidate_evidence(item.record.id):
                pair = frozenset((item.record.id, other))
                if pair not in seen:
                    seen.add(pair)
                    add(item.record.id, other, ev)
    return evidence, labels, weights, groups


def _components(split: EvalSplit) -> dict[str, str]:
    """Film -> a fold key shared by the films of one confusable group."""
    key: dict[str, str] = {}
    for film, groups in split.film_groups.items():
        key[film] = min(groups) if groups else film
    return key


def fit(x: np.ndarray, y: np.ndarray, w: np.ndarray) -> tuple[np.ndarray, float]:
    """Logistic regression on standardised features, returned on the raw scale."""
    from sklearn.linear_model import LogisticRegression

    mean, std = x.mean(axis=0), x.std(axis=0)
    std[std == 0] = 1.0
    model = LogisticRegression(C=1.0, max_iter=5000)
    model.fit((x - mean) / std, y, sample_weight=w)
    coefficients = model.coef_[0] / std
    intercept = float(model.intercept_[0] - (model.coef_[0] * mean / std).sum())
    return coefficients, intercept


def out_of_fold(x: np.ndarray, y: np.ndarray, w: np.ndarray, groups: list[str]) -> np.ndarray:
    from sklearn.model_selection import GroupKFold

    predicted = np.zeros(len(y))
    for train, held in GroupKFold(n_splits=FOLDS).split(x, y, groups):
        coefficients, intercept = fit(x[train], y[train], w[train])
        predicted[held] = 1 / (1 + np.exp(-(x[held] @ coefficients + intercept)))
    return predicted


def thresholds(probability: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    order = np.argsort(-probability)
    p_sorted, y_sorted = probability[order], y[order]
    true_so_far = np.cumsum(y_sorted)
    precision = true_so_far / np.arange(1, len(y) + 1)
    # The lowest threshold at which the links above it are TARGET_PRECISION precise.
    precise = np.nonzero(precision >= TARGET_PRECISION)[0]
    match_at = float(p_sorted[precise[-1]]) if len(precise) else 1.0
    recall = true_so_far / max(1, y.sum())
    review_index = int(np.searchsorted(recall, TARGET_RECALL))
    review_at = float(p_sorted[min(review_index, len(y) - 1)])
    return match_at, min(review_at, match_at)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--distractors", type=int, default=None, help="use only the first N")
    parser.add_argument("--dry-run", action="store_true", help="print, do not write the model")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    embedder = CachedEmbedder(path=CACHE)
    split = load_split("dev")
    distractors = load_distractors(args.distractors)
    evidence, labels, weights, groups = collect(split, distractors, embedder)
    embedder.save()
    x = np.array([features(ev) for ev in evidence])
    y = np.array(labels)
    w = np.array(weights)
    print(f"{len(y)} candidate pairs, {int(y.sum())} of them one film", file=sys.stderr)
    oof = out_of_fold(x, y, w, groups)
    match_at, review_at = thresholds(oof, y)
    coefficients, intercept = fit(x, y, w)
    matched = oof >= match_at
    summary = {
        "pairs": len(y),
        "true_pairs": int(y.sum()),
        "oof_match_precision": round(float(y[matched].mean()) if matched.any() else 1.0, 4),
        "oof_match_recall": round(float(y[matched].sum() / max(1, y.sum())), 4),
        "oof_review_recall": round(float(y[oof >= review_at].sum() / max(1, y.sum())), 4),
    }
    fitted = {
        "features": list(FEATURES),
        "coefficients": [round(float(c), 5) for c in coefficients],
        "intercept": round(intercept, 5),
        "match_probability": round(match_at, 4),
        "review_probability": round(review_at, 4),
        "fitted_on": "dev split of tests/data/linkage_eval (benchmarks/fit_linkage.py)",
        "dev_out_of_fold": summary,
    }
    for name, value in zip(FEATURES, coefficients, strict=True):
        print(f"  {name:<24}{value:+9.3f}", file=sys.stderr)
    print(json.dumps(summary), file=sys.stderr)
    print(f"match >= {match_at:.4f}, review >= {review_at:.4f}", file=sys.stderr)
    if not args.dry_run:
        MODEL_FILE.write_text(json.dumps(fitted, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {MODEL_FILE}", file=sys.stderr)
    print(f"{time.perf_counter() - started:.0f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
