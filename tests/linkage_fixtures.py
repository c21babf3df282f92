"""Helpers shared by the linkage tests: where the seed corpus and the eval sets live."""

import json
from collections.abc import Sequence
from pathlib import Path

from linkage.embed import Vectors, default_embedder
from linkage.lang import detect_language
from linkage.records import Record

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"
SEED_FILES = ("000_89a397e9d6531a83.txt", "002_c5e7a29b6c4a95b3.txt")
EVAL_SET = Path(__file__).resolve().parent / "data" / "linkage" / "eval.jsonl"
BLIND_SET = Path(__file__).resolve().parent / "data" / "linkage_eval"


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


def corpus_texts() -> list[str]:
    """Every text of the seed corpus, the first evaluation set and the blind set's dev
    split, and every fifth distractor (14 languages, Arabic and Hebrew among them)."""
    texts = [line for path in sorted(SEEDS.glob("*.txt")) for line in path.open(encoding="utf-8")]
    for line in EVAL_SET.open(encoding="utf-8"):
        texts.append(json.loads(line).get("text") or "")
    for line in (BLIND_SET / "dev.jsonl").open(encoding="utf-8"):
        texts.append(json.loads(line).get("text") or "")
    with (BLIND_SET / "distractors.jsonl").open(encoding="utf-8") as distractors:
        for number, line in enumerate(distractors):
            if number % 5 == 0:
                texts.append(json.loads(line)["text"])
    return [text for text in texts if text]


class CountingEmbedder:
    """The bundled encoder, counting the texts it is asked to embed."""

    def __init__(self) -> None:
        self._inner = default_embedder()
        self.dimensions = self._inner.dimensions
        self.texts: list[str] = []

    def embed(self, texts: Sequence[str]) -> Vectors:
        self.texts.extend(texts)
        return self._inner.embed(texts)
