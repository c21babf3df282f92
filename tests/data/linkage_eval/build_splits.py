"""Build the dev and locked test splits of the blind linkage evaluation from the
writers' files in `raw/` (see README.md beside this file).

    python tests/data/linkage_eval/build_splits.py

Writes `dev.jsonl` and `test.jsonl` here and prints counts only (never any text of
the test split). Deterministic: the same raw files always give the same splits.

The unit of the split is a connected set of films: a confusable group takes all its
films into one split, and a film that two writers both wrote (same folded title and
year) is one film, so nothing of a test film can leak into dev through a partner.
"""

from __future__ import annotations

import hashlib
import json
import sys
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
RAW = HERE / "raw"
# Share of film components that go to the locked test split.
TEST_SHARE = 0.5
SALT = "blind-linkage-eval-v1"


def _fold(text: str | None) -> str:
    text = unicodedata.normalize("NFKD", text or "").casefold()
    return "".join(ch for ch in text if ch.isalnum())


class _Components:
    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, item: str) -> str:
        self.parent.setdefault(item, item)
        while self.parent[item] != item:
            self.parent[item] = self.parent[self.parent[item]]
            item = self.parent[item]
        return item

    def join(self, left: str, right: str) -> None:
        self.parent[self.find(right)] = self.find(left)


def read_raw(raw_dir: Path = RAW) -> list[dict]:
    rows = []
    for path in sorted(raw_dir.glob("*.jsonl")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if line.strip():
                row = json.loads(line)
                row["_source"] = f"{path.name}:{number}"
                rows.append(row)
    return rows


def build(rows: list[dict]) -> dict[str, list[dict]]:
    films = {row["film"]: row for row in rows if row["type"] == "film"}
    groups = {row["group"]: row for row in rows if row["type"] == "group"}
    components = _Components()
    # The same real film written by two writers is one film (first spelling wins).
    canonical: dict[str, str] = {}
    alias: dict[str, str] = {}
    for film_id, film in films.items():
        key = f"{_fold(film.get('english_title') or film.get('original_title'))}|{film.get('year')}"
        alias[film_id] = canonical.setdefault(key, film_id)
    for film_id, film in films.items():
        components.join(alias[film_id], alias[film_id])
        for group in film.get("groups") or []:
            components.join(f"group:{group}", alias[film_id])
    splits: dict[str, list[dict]] = {"dev": [], "test": []}

    def split_of(film_id: str) -> str:
        root = components.find(alias[film_id])
        digest = hashlib.sha256(f"{SALT}:{root}".encode()).digest()
        return "test" if digest[0] / 256 < TEST_SHARE else "dev"

    group_split: dict[str, str] = {}
    for film_id, film in films.items():
        for group in film.get("groups") or []:
            group_split[group] = split_of(film_id)
    for group_id, group in groups.items():
        if group_id in group_split:
            splits[group_split[group_id]].append(
                {
                    "kind": "group",
                    "group": group_id,
                    "category": group["category"],
                    "review_acceptable": bool(group.get("review_acceptable")),
                }
            )
    for film_id in films:
        if alias[film_id] != film_id:
            continue
        same_film = [other for other, a in alias.items() if a == film_id]
        merged_groups = sorted({g for other in same_film for g in films[other].get("groups") or []})
        archived = any(films[other].get("archived") for other in same_film)
        splits[split_of(film_id)].append(
            {"kind": "film", "film": film_id, "groups": merged_groups, "archived": archived}
        )
    serial: Counter[str] = Counter()
    for row in rows:
        if row["type"] not in ("record", "doc"):
            continue
        film_id = alias[row["film"]]
        kind = row["type"]
        serial[f"{film_id}/{kind}"] += 1
        item = {
            "kind": kind,
            "id": f"{film_id}/{kind[0]}{serial[f'{film_id}/{kind}']}",
            "film": film_id,
            "lang": row.get("lang"),
        }
        if kind == "record":
            item.update(
                title=row.get("title"),
                directors=list(row.get("directors") or []),
                year=row.get("year"),
                countries=list(row.get("countries") or []),
                text=row.get("synopsis"),
            )
        else:
            item["text"] = row.get("text")
        splits[split_of(row["film"])].append(item)
    return splits


def main() -> int:
    rows = read_raw()
    if not rows:
        print(f"no raw files in {RAW}", file=sys.stderr)
        return 1
    splits = build(rows)
    for name, items in splits.items():
        with (HERE / f"{name}.jsonl").open("w", encoding="utf-8") as out:
            for item in items:
                out.write(json.dumps(item, ensure_ascii=False, sort_keys=True) + "\n")
        kinds = Counter(item["kind"] for item in items)
        print(f"{name}: " + ", ".join(f"{k} {v}" for k, v in sorted(kinds.items())))
    films = defaultdict(int)
    for item in splits["dev"] + splits["test"]:
        if item["kind"] == "film":
            films["all"] += 1
    print(f"films in all: {films['all']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
