"""Candidate generation and matching over a growing set of records.

Candidates come from four indexes, never from all pairs:
- approximate nearest neighbours over synopsis embeddings (usearch HNSW, f16);
- MinHash LSH over word shingles (same-language rewrites and copies);
- inverted keys: folded title, director keys;
- inverted rare proper names (a candidate must share at least two).
Each candidate pair is then scored by `linkage.scoring` with its evidence.
"""

import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
from datasketch import MinHashLSH
from usearch.index import Index

from linkage import keys, text
from linkage.embed import Embedder, default_embedder
from linkage.evidence import (
    TextEvidence,
    name_prefix_key,
    name_spellings,
    shared_names,
    text_evidence,
)
from linkage.records import Record
from linkage.scoring import Link, PairEvidence, score_pair

ANN_NEIGHBOURS = 10
# How many nearest neighbours describe a record's neighbourhood for the margin.
MARGIN_NEIGHBOURS = 4
LSH_THRESHOLD = 0.2
# A name carried by more records than this is too common to propose candidates.
MAX_NAME_POSTINGS = 500
MIN_SHARED_NAMES = 2
# Keep only the records sharing the most names: bounds scoring work per record.
MAX_NAME_CANDIDATES = 20
# Per-record text features kept between comparisons (names, shingles).
FEATURE_CACHE_SIZE = 65_536
NAME_POINTS = 1.5


@dataclass(frozen=True)
class _TextFeatures:
    evidence: TextEvidence
    shingles: frozenset[str]
    spellings: dict[str, str]


class LinkageIndex:
    """In-memory matching index. Add records in batches, then ask for links."""

    def __init__(self, embedder: Embedder | None = None) -> None:
        self._embedder = embedder
        self._records: dict[str, Record] = {}
        self._ids: list[str] = []  # ANN slot -> record id
        self._slot: dict[str, int] = {}
        self._ann: Index | None = None
        self._lsh = MinHashLSH(threshold=LSH_THRESHOLD, num_perm=text.NUM_PERMUTATIONS)
        self._by_title: dict[str, set[str]] = defaultdict(set)
        self._by_director: dict[str, set[str]] = defaultdict(set)
        self._by_name: dict[str, set[str]] = defaultdict(set)
        self._name_df: Counter[str] = Counter()
        self._neighbour_cache: dict[str, list[tuple[str, float]]] = {}
        self._feature_cache: dict[str, _TextFeatures] = {}

    def __len__(self) -> int:
        return len(self._records)

    def __contains__(self, record_id: object) -> bool:
        return record_id in self._records

    @property
    def embedder(self) -> Embedder:
        if self._embedder is None:
            self._embedder = default_embedder()
        return self._embedder

    def add(self, records: Sequence[Record]) -> None:
        """Index new records (ids already present are ignored: re-adding is a no-op)."""
        fresh = [r for r in dict((r.id, r) for r in records).values() if r.id not in self]
        if not fresh:
            return
        self._neighbour_cache.clear()
        for record in fresh:
            self._records[record.id] = record
            self._add_keys(record)
        with_text = [r for r in fresh if r.text]
        if with_text:
            self._add_vectors(with_text)

    def _add_keys(self, record: Record) -> None:
        title_key = keys.fold_title(record.title)
        if title_key:
            self._by_title[title_key].add(record.id)
        for key in keys.person_keys(record.directors):
            if ":" in key:
                self._by_director[key].add(record.id)
        if record.text:
            features = self._features(record.id)
            if features.shingles:
                self._lsh.insert(
                    record.id, text.minhash(features.shingles), check_duplication=False
                )
            for prefix in {name_prefix_key(n) for n in features.evidence.names}:
                self._name_df[prefix] += 1
                self._by_name[prefix].add(record.id)

    def discard(self, record_ids: Iterable[str]) -> None:
        """Forget records, e.g. a query once answered, so it never becomes a candidate
        or a neighbour of later ones. Unknown ids are ignored."""
        for record_id in list(record_ids):
            if record_id not in self._records:
                continue
            record = self._records[record_id]
            title_key = keys.fold_title(record.title)
            if title_key:
                self._by_title[title_key].discard(record_id)
            for key in keys.person_keys(record.directors):
                self._by_director.get(key, set()).discard(record_id)
            if record.text:
                features = self._features(record_id)
                if features.shingles:
                    self._lsh.remove(record_id)
                for prefix in {name_prefix_key(n) for n in features.evidence.names}:
                    self._name_df[prefix] -= 1
                    self._by_name[prefix].discard(record_id)
            slot = self._slot.pop(record_id, None)
            if slot is not None and self._ann is not None:
                self._ann.remove(slot)
            self._feature_cache.pop(record_id, None)
            del self._records[record_id]
        self._neighbour_cache.clear()

    def _add_vectors(self, records: list[Record]) -> None:
        vectors = self.embedder.embed([r.text or "" for r in records])
        if self._ann is None:
            self._ann = Index(ndim=vectors.shape[1], metric="cos", dtype="f16")
        start = len(self._ids)
        slots = np.arange(start, start + len(records), dtype=np.uint64)
        self._ann.add(slots, vectors)
        for offset, record in enumerate(records):
            self._ids.append(record.id)
            self._slot[record.id] = start + offset

    # ---- neighbourhoods -------------------------------------------------

    def _vector(self, record_id: str) -> np.ndarray | None:
        slot = self._slot.get(record_id)
        if slot is None or self._ann is None:
            return None
        return np.asarray(self._ann.get(slot), dtype=np.float32)

    def neighbours(self, record_id: str) -> list[tuple[str, float]]:
        """Nearest records by synopsis embedding, (id, cosine), best first, self excluded."""
        cached = self._neighbour_cache.get(record_id)
        if cached is not None:
            return cached
        vector = self._vector(record_id)
        found: list[tuple[str, float]] = []
        if vector is not None and self._ann is not None:
            matches = self._ann.search(vector, ANN_NEIGHBOURS + 1)
            for slot, distance in zip(matches.keys, matches.distances, strict=True):
                other = self._ids[int(slot)]
                if other != record_id:
                    found.append((other, 1.0 - float(distance)))
        self._neighbour_cache[record_id] = found
        return found

    def _background(self, record_id: str, partner_id: str) -> float | None:
        """Mean cosine of a record to its nearest neighbours other than `partner_id`."""
        others = [c for other, c in self.neighbours(record_id) if other != partner_id]
        others = others[:MARGIN_NEIGHBOURS]
        return sum(others) / len(others) if others else None

    # ---- candidates and scoring -----------------------------------------

    def candidates(self, record_id: str) -> set[str]:
        """Ids worth scoring against `record_id` (an indexed record)."""
        record = self._records[record_id]
        found: set[str] = {other for other, _ in self.neighbours(record_id)}
        title_key = keys.fold_title(record.title)
        if title_key:
            found |= self._by_title.get(title_key, set())
        for key in keys.person_keys(record.directors):
            found |= self._by_director.get(key, set())
        if record.text:
            features = self._features(record_id)
            if features.shingles:
                found.update(self._lsh.query(text.minhash(features.shingles)))
            found |= self._name_candidates(features.evidence.names)
        found.discard(record_id)
        return found

    def _name_candidates(self, names: frozenset[str]) -> set[str]:
        counts: Counter[str] = Counter()
        for prefix in {name_prefix_key(n) for n in names}:
            postings = self._by_name.get(prefix, set())
            if len(postings) <= MAX_NAME_POSTINGS:
                counts.update(postings)
        return {
            other
            for other, shared in counts.most_common(MAX_NAME_CANDIDATES)
            if shared >= MIN_SHARED_NAMES
        }

    def _features(self, record_id: str) -> _TextFeatures:
        cached = self._feature_cache.get(record_id)
        if cached is None:
            synopsis = self._records[record_id].text or ""
            cached = _TextFeatures(
                text_evidence(synopsis), text.shingles(synopsis), name_spellings(synopsis)
            )
            if len(self._feature_cache) >= FEATURE_CACHE_SIZE:
                self._feature_cache.pop(next(iter(self._feature_cache)))  # oldest first
            self._feature_cache[record_id] = cached
        return cached

    def evidence(self, left_id: str, right_id: str) -> PairEvidence:
        """Gather every kind of evidence about two indexed records."""
        left, right = self._records[left_id], self._records[right_id]
        same_language = None if not (left.lang and right.lang) else left.lang == right.lang
        jaccard = cosine = margin = None
        names: list[str] = []
        name_weight = 0.0
        years: tuple[int, ...] = ()
        numbers: tuple[int, ...] = ()
        if left.text and right.text:
            left_features, right_features = self._features(left_id), self._features(right_id)
            if same_language is not False:
                jaccard = text.jaccard(left_features.shingles, right_features.shingles)
            cosine, margin = self._similarity(left_id, right_id)
            left_ev, right_ev = left_features.evidence, right_features.evidence
            # rarest first: they carry the most weight and lead the reason
            names = sorted(
                shared_names(left_ev.names, right_ev.names), key=lambda n: -self._name_points(n)
            )
            name_weight = sum(self._name_points(n) for n in names)
            spelled = left_features.spellings
            names = [spelled.get(n, n) for n in names]
            years = tuple(sorted(left_ev.years & right_ev.years))
            numbers = tuple(sorted(left_ev.numbers & right_ev.numbers))
        left_title, right_title = keys.fold_title(left.title), keys.fold_title(right.title)
        return PairEvidence(
            title_equal=None if not (left_title and right_title) else left_title == right_title,
            directors_overlap=keys.directors_overlap(left.directors, right.directors),
            years_compatible=keys.years_compatible(left.year, right.year),
            same_language=same_language,
            text_jaccard=jaccard,
            cosine=cosine,
            margin=margin,
            shared_names=tuple(names),
            name_weight=round(name_weight, 2),
            shared_years=years,
            shared_numbers=numbers,
        )

    def _similarity(self, left_id: str, right_id: str) -> tuple[float | None, float | None]:
        left_vector, right_vector = self._vector(left_id), self._vector(right_id)
        if left_vector is None or right_vector is None:
            return None, None
        cosine = float(left_vector @ right_vector)
        backgrounds = [
            b
            for b in (self._background(left_id, right_id), self._background(right_id, left_id))
            if b is not None
        ]
        margin = cosine - sum(backgrounds) / len(backgrounds) if backgrounds else None
        return round(cosine, 3), None if margin is None else round(margin, 3)

    def _name_points(self, name: str) -> float:
        """Rarer names weigh more: inverse document frequency scaled to 0..1."""
        total = len(self._records)
        frequency = self._name_df.get(name_prefix_key(name), 0)
        return NAME_POINTS * math.log((total + 1) / (frequency + 1)) / math.log(total + 2)

    def compare(self, left_id: str, right_id: str) -> Link:
        return score_pair(left_id, right_id, self.evidence(left_id, right_id))

    def links_for(self, record_id: str) -> list[Link]:
        """Links (match or review) from one indexed record, best first."""
        links = [self.compare(record_id, other) for other in sorted(self.candidates(record_id))]
        return sorted(
            (link for link in links if link.decision is not None),
            key=lambda link: -link.score,
        )

    def all_links(self, record_ids: Iterable[str] | None = None) -> list[Link]:
        """Every link among indexed records, each unordered pair once."""
        seen: set[tuple[str, str]] = set()
        result: list[Link] = []
        for record_id in record_ids if record_ids is not None else list(self._records):
            for link in self.links_for(record_id):
                pair = (min(link.left_id, link.right_id), max(link.left_id, link.right_id))
                if pair not in seen:
                    seen.add(pair)
                    result.append(link)
        return result
