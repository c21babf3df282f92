"""Score linkage on the blind evaluation set (`tests/data/linkage_eval/`).

Usage: python benchmarks/linkage_blind.py [--split dev|test] [--mode match|link]
                                          [--keys yes|no|both] [--distractors N]
                                          [--examples]

Tune on `dev` (the default). The `test` split is locked: it is read here only when
asked for by name, once, at the end of a change, and prints aggregate figures only
(no examples); `--record-baseline` then writes them to `test_baseline.json`, which
the CI test `tests/test_linkage_blind.py` holds later changes to. Exit status 1 when
a mode with keys misses the issue's acceptance bar.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from linkage.blind_eval import (  # noqa: E402
    MODES,
    CachedEmbedder,
    ModeResult,
    evaluate_split,
    load_distractors,
    load_split,
)

CACHE = Path(__file__).resolve().parents[1] / ".cache" / "linkage_eval_vectors.npz"
BASELINE = Path(__file__).resolve().parents[1] / "tests/data/linkage_eval/test_baseline.json"
MIN_PRECISION = 0.98
MIN_RECALL = 0.90
MIN_AUTOMATIC_LINKS = 150


def meets_bar(result: ModeResult) -> bool:
    """The issue's bar, for the modes that carry the records' keys."""
    return (
        result.pairs.precision >= MIN_PRECISION
        and result.pairs.predicted >= MIN_AUTOMATIC_LINKS
        and result.pairs.recall >= MIN_RECALL
        and result.hard_negatives_merged == 0
    )


def baseline(results: list[ModeResult]) -> dict[str, dict[str, float | int]]:
    """The figures `tests/test_linkage_blind.py` holds later changes to."""
    return {
        f"{r.mode}-{'keys' if r.keys else 'keyless'}": {
            "automatic_links": r.pairs.predicted,
            "precision": round(r.pairs.precision, 4),
            "recall": round(r.pairs.recall, 4),
            "clustered_precision": round(r.clustered.precision, 4),
            "clustered_recall": round(r.clustered.recall, 4),
            "hard_negatives_merged": r.hard_negatives_merged,
        }
        for r in results
    }


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--split", default="dev", choices=["dev", "test"])
    parser.add_argument("--mode", choices=MODES, action="append")
    parser.add_argument("--keys", default="both", choices=["yes", "no", "both"])
    parser.add_argument("--distractors", type=int, default=None, help="use only the first N")
    parser.add_argument("--examples", action="store_true", help="list merged and missed pairs")
    parser.add_argument(
        "--record-baseline",
        action="store_true",
        help=f"with --split test: write the figures to {BASELINE.name}, which CI guards",
    )
    args = parser.parse_args(argv)
    started = time.perf_counter()
    embedder = CachedEmbedder(path=CACHE)
    variants = {"yes": (True,), "no": (False,), "both": (True, False)}[args.keys]
    results = evaluate_split(
        load_split(args.split),
        load_distractors(args.distractors),
        embedder,
        modes=args.mode or MODES,
        key_variants=variants,
    )
    embedder.save()
    if args.record_baseline:
        if args.split != "test" or args.mode or args.keys != "both" or args.distractors:
            parser.error("--record-baseline scores the whole test split: give only --split test")
        BASELINE.write_text(json.dumps(baseline(results), indent=1) + "\n", encoding="utf-8")
        print(f"wrote {BASELINE}")
    failed = False
    for result in results:
        print(result.report())
        if args.examples and args.split == "dev":
            for pair in result.merged_examples:
                print(f"  MERGED {pair}")
            for pair in result.missed_examples[:60]:
                print(f"  MISSED {pair}")
        if result.keys:
            verdict = meets_bar(result)
            failed |= not verdict
            print(f"  acceptance bar: {'met' if verdict else 'MISSED'}")
    print(f"{time.perf_counter() - started:.0f} s")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
