"""Score linkage on the blind evaluation set (`tests/data/linkage_eval/`).

Usage: python benchmarks/linkage_blind.py [--split dev|test] [--mode match|link]
                                          [--keys yes|no|both] [--distractors N]
                                          [--examples]

Tune on `dev` (the default). The `test` split is locked: it is scored by the CI test
`tests/test_linkage_blind.py` and read here only when asked for by name, once, at
the end of a change. Prints aggregate figures only for the test split (no
examples). Exit status 1 when a mode misses the acceptance bar.
"""

from __future__ import annotations

import argparse
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


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--split", default="dev", choices=["dev", "test"])
    parser.add_argument("--mode", choices=MODES, action="append")
    parser.add_argument("--keys", default="both", choices=["yes", "no", "both"])
    parser.add_argument("--distractors", type=int, default=None, help="use only the first N")
    parser.add_argument("--examples", action="store_true", help="list merged and missed pairs")
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
