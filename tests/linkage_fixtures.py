"""Helpers shared by the linkage tests: where the seed corpus and the eval set live."""

from pathlib import Path

from linkage.lang import detect_language
from linkage.records import Record

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"
SEED_FILES = ("000_89a397e9d6531a83.txt", "002_c5e7a29b6c4a95b3.txt")
EVAL_SET = Path(__file__).resolve().parent / "data" / "linkage" / "eval.jsonl"


def seed_records() -> list[Record]:
    """One record per non-empty seed line, id "<file prefix>:<line number>"."""
    records = []
    for name in SEED_FILES:
        lines = (SEEDS / name).read_text(encoding="utf-8").splitlines()
        for number, line in enumerate(lines, start=1):
            if line.strip():
                records.append(
                    Record(id=f"{name[:3]}:{number}", text=line, lang=detect_language(line))
                )
    return records
