"""Candidate generation and matching over a growing set of records.

Candidates come from four indexes (kept by a `linkage.store` store), never from all pairs:
- approximate nearest neighbours over synopsis embeddings (usearch HNSW, f16);
- MinHash LSH over word shingles (same-language rewrites and copies);
- inverted keys: folded title, director keys;
- inverted rare proper names (a candidate must share at least two).
Each candidate pair is then scored by `linkage.scoring` with its evidence.
"""

import hashlib
import math
from collections import Counter, OrderedDict
from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import replace
from functools import lru_cache

import numpy as np

from linkage import director_years, keys, text
from linkage.clusters import conflicts
from linkage.countries import countries_agree
from linkage.embed import Embedder, default_embedder
from linkage.evidence import (
    MIN_NAME_LENGTH,
    NAME_PREFIX,
    TextEvidence,
    mask_names,
    name_prefix_key,
    name_spellings,
    proper_names,
    shared_names,
    text_evidence,
)
from linkage.keys import name_skeleton
from linkage.mentions import (
    describes_directors_film,
    director_mentioned,
    director_named_in_script,
    printed_titles,
    title_mentioned,
    year_mentioned,
)
from linkage.records import Record
from linkage.scoring import (
    NO_EVIDENCE,
    Decision,
    Link,
    PairEvidence,
    amended,
    hopeless,
    model,
    more_cautious,
    reads_wording,
    score_pair,
)
from linkage.script_names import script_person_names
from linkage.store import BAND, IndexStore, MemoryStore, unique_keys

ANN_NEIGHBOURS = 10
# A record added to the index is offered to the lists of this many nearest records.
OFFER_NEIGHBOURS = 50
# How many nearest neighbours describe a record's neighbourhood for the margin.
MARGIN_NEIGHBOURS = 4
# Near-copies are what MinHash adds (a light rewrite has a high cosine anyway, and the
# jaccard is computed for every same-language candidate, whatever proposed it). Four
# rows a band keep chance collisions rare at a million documents: two unrelated
# synopses sharing a tenth of their shingles collide in a band one time in 10,000,
# against one in 100 with two rows.
LSH_THRESHOLD = 0.4
# Bands x rows of the MinHash LSH, as datasketch chooses them for the threshold and
# 64 permutations (`datasketch.lsh._optimal_param(0.4, 64, 0.5, 0.5)`; written out
# because datasketch's LSH imports SciPy; tests/test_linkage_text.py checks them).
LSH_BANDS, LSH_ROWS = 16, 4
# A name carried by more records than this is too common to propose candidates.
MAX_NAME_POSTINGS = 500
MIN_SHARED_NAMES = 2
# A director's surname or a title word proposes the texts naming it, up to this many.
MAX_KEY_WORD_POSTINGS = 50
# Keep only the records sharing the most names: bounds scoring work per record.
MAX_NAME_CANDIDATES = 20
# A MinHash band shared by more records than this is boilerplate, not a rewrite.
MAX_BAND_POSTINGS = 500
# Keep only the records sharing the most bands (near-copies share many).
MAX_LSH_CANDIDATES = 50
# At most this many records per title or director key (a very common title).
MAX_KEY_POSTINGS = 500
# Per-record features and neighbourhoods kept between comparisons: the record being
# linked meets every candidate, and in a small index candidates recur. In a large
# one they seldom do, and every linking worker holds its own caches: measured on a
# 100k index, these sizes link as fast as caches eight times larger, in 450 MB per
# worker instead of 860 MB and growing. Shingles are most of it (~5.6 KB a record);
# the store keeps names, years, numbers and neighbour lists.
FEATURE_CACHE_SIZE = 8192
NEIGHBOUR_CACHE_SIZE = 16_384
# Name weights by name key (prefix or whole name). A large corpus has millions of
# distinct names, and a linking worker of a 1M import, where this cache had no bound,
# grew ~2 MB a minute.
NAME_POINT_CACHE_SIZE = 65_536
NAME_POINTS = 1.5
# A capitalised word in more records than this share of the index (and than
# COMMON_NAME_MIN records) is a common word, not a name that identifies a film: German
# nouns ("Kino", "Winter"), sentence openings ("Nadie", "Nobody"), big cities. Summed,
# a handful of them reached the name cap and linked unrelated films.
COMMON_NAME_SHARE = 0.002
COMMON_NAME_MIN = 20

# A record queues at most this many pairs for review, its best-scoring ones (every
# match is kept). On the 1M synthetic corpus records averaged 6.7 review pairs each:
# millions of pairs is no queue a person works through, and the weakest candidates of a
# record are the least likely to be its film.
REVIEW_LIMIT = 3
# Reviews less likely than this to be one film are not queued: the model's review
# threshold keeps 99% of the true pairs its candidates hold, which on a large corpus
# is far more pairs than anyone reviews.
REVIEW_FLOOR = 0.2
# A rival within this probability of a record's best match makes both a question for
# a person, not an automatic link.
RIVAL_GAP = 0.1

# Name keys: a name's first NAME_PREFIX letters (spellings and endings meet there), and
# the whole name, which proposes candidates when its prefix is too common to; the
# prefix again for records with keys (directors or a year), to tell topic names.
# Director keys ("d:" by spelling, "s:" by sound) are `director_years.director_keys`.
TITLE, NAME, FULL_NAME, KEYED_NAME = "t:", "n:", "f:", "k:"
# A keyless text filed under the director keys of the whole names it spells in kana,
# Hangul, Chinese, Arabic or Hebrew script (`linkage.script_names`): a record finds the
# texts that name its director so, by its own director keys with this in front.
NAMED_IN_SCRIPT = "dn:"
# The director keys of a record that a name in another script can share (by sound).
_SOUND_KEY_KINDS = ("s:", "h:", "y:")
# Records with keys read per name to tell whether it is a topic (`_is_topic`).
MAX_TOPIC_POSTINGS = 50


# Director keys whose records are kept for the key rule, and title embeddings (2 KB
# each): few pairs ask for either, and a crawl links within 500 MB.
DIRECTOR_RECORDS_CACHE_SIZE = 4096
TITLE_VECTOR_CACHE_SIZE = 4096

# Records whose neighbourhoods are searched in one call to the ANN index.
NEIGHBOUR_BATCH = 1024
# Vectors of masked texts kept (a pair is met from both records' sides, and a text
# masked of one name recurs with every partner that shares only that name).
MASKED_VECTOR_CACHE_SIZE = 16_384
# How far below or above its plain cosine a pair's masked cosine can lie (the names
# the texts share taken out of both): the screen for hopeful pairs assumes the most
# favourable value in that range before working it out. Over 2,190 candidate pairs
# of 400 dev items (keyless), masked minus plain ran from -0.28 to +0.025.
MASKED_BELOW, MASKED_ABOVE = 0.4, 0.05
# Candidates are screened before their shared names are worked out only where names
# could add at most this much to the log-odds (keyed pairs whose directors do not
# agree: ~0.1). Where they weigh more (keyless texts: ~3) that screen let through 99%
# of the pairs it was asked about, and cost more than it saved. Speed only: a pair
# the screen lets through is screened again with its names.
NAMES_SCREEN_BOUND = 2.0
# Pairs the screen left out, remembered so that the other record of the pair skips it
# (see `_hopeful`), in 9 MB (`_PairMemory`): a crawl links within 500 MB. Linking the
# 12,000-film replica in one process leaves out 510,000 pairs; remembering the last
# 65,000-131,000 takes its scoring from 26.7 to 23.9 s of CPU (all of them: 20.7 s).
HOPELESS_PAIRS_SIZE = 131_072


class _PairMemory:
    """A bounded set of ordered pairs of record ids, in two generations: when the newer
    holds half the bound, the older is forgotten. A pair is held as its 64-bit hash,
    half the memory of the pair itself: a look-up finds another pair's hash with a
    chance of (pairs held) / 2**64, ~10**-14, far below what the candidate search's
    approximations miss."""

    def __init__(self, size: int) -> None:
        self._half = size // 2
        self._newer: set[int] = set()
        self._older: set[int] = set()

    def add(self, left: str, right: str) -> None:
        if self._half <= 0:
            return
        self._newer.add(hash((left, right)))
        if len(self._newer) >= self._half:
            self._older, self._newer = self._newer, set()

    def holds(self, left: str, right: str) -> bool:
        pair = hash((left, right))
        return pair in self._newer or pair in self._older

    def clear(self) -> None:
        self._newer.clear()
        self._older.clear()

    def __len__(self) -> int:
        return len(self._newer) + len(self._older)


class _NamePoints(OrderedDict[str, float]):
    """Name weights by name key, and what is derived from them: whether a set of
    names holds one that weighs anything (asked of both texts of most candidate
    pairs). Clearing the weights clears what was derived from them."""

    def __init__(self) -> None:
        super().__init__()
        self.names_someone: OrderedDict[frozenset[str], bool] = OrderedDict()

    def clear(self) -> None:
        super().clear()
        self.names_someone.clear()


class _TextFeatures:
    """What scoring reads in a synopsis. Shingles and spellings are worked out when
    first asked for: most candidate pairs are in two languages (no shingles
    compared), and only the record being linked shows its spellings."""

    __slots__ = ("_shingles", "_spellings", "evidence", "synopsis")

    def __init__(self, synopsis: str, evidence: TextEvidence) -> None:
        self.synopsis = synopsis
        self.evidence = evidence
        self._shingles: frozenset[str] | None = None
        self._spellings: dict[str, str] | None = None

    @property
    def shingles(self) -> frozenset[str]:
        if self._shingles is None:
            self._shingles = text.shingles(self.synopsis)
        return self._shingles

    @property
    def spellings(self) -> dict[str, str]:
        if self._spellings is None:
            self._spellings = name_spellings(self.synopsis)
        return self._spellings


def _bands(shingle_set: frozenset[str]) -> tuple[str, ...]:
    """LSH keys of a shingle set: one per band of its MinHash signature."""
    if not shingle_set:
        return ()
    values = text.minhash(shingle_set)
    return tuple(
        f"{BAND}{band}:"
        + hashlib.blake2b(
            values[band * LSH_ROWS : (band + 1) * LSH_ROWS].tobytes(), digest_size=8
        ).hexdigest()
        for band in range(LSH_BANDS)
    )


def _neighbours_from(record_id: str, hits: list[tuple[str, float]]) -> list[tuple[str, float]]:
    """(id, cosine) of the other records in search hits, nearest first."""
    return [(other, 1.0 - distance) for other, distance in hits if other != record_id]


class LinkageIndex:
    """Matching index over a store (in memory by default). Add records in batches,
    then ask for links; `links_for_record` matches a record without adding it."""

    def __init__(self, embedder: Embedder | None = None, store: IndexStore | None = None) -> None:
        self._embedder = embedder
        self._store: IndexStore = store if store is not None else MemoryStore()
        # Records being matched without being stored (see `links_for_record`).
        self._transient: dict[str, tuple[Record, np.ndarray | None]] = {}
        self._neighbour_cache: OrderedDict[str, list[tuple[str, float]]] = OrderedDict()
        # Caches that forget their oldest entry first are OrderedDicts: popitem(last=False)
        # costs the same however many entries went before, where a dict's first key is
        # found past the holes its deletions left (that search was 4% of matching).
        self._feature_cache: OrderedDict[str, _TextFeatures] = OrderedDict()
        # Vectors of the record being linked and its candidates (see `links_for`).
        self._vectors_in_use: dict[str, np.ndarray] = {}
        # Vectors of texts with names masked out (`_masked_cosines`), by digest.
        self._masked_vectors: OrderedDict[bytes, np.ndarray] = OrderedDict()
        # Name weights by name prefix; they change whenever the records do.
        self._name_point_cache = _NamePoints()
        # Whether a name prefix is a topic (`_is_topic`); changes with the records too.
        self._topic_cache: OrderedDict[str, bool] = OrderedDict()
        # (left, right) pairs `_hopeful` screened out; changes with the records too.
        self._hopeless_pairs = _PairMemory(HOPELESS_PAIRS_SIZE)
        # Keys whose postings exceeded their cap: skipped without fetching them
        # again (adding records only makes postings longer).
        self._oversized: set[str] = set()
        # Records whose stored neighbour list is missing (just added) or stale (a
        # neighbour changed): worked out before any neighbourhood is read.
        self._unlisted: dict[str, None] = {}
        # The records filed under a director key (None: more than MAX_KEY_POSTINGS),
        # for the key rule's blocks; changes with the records too.
        self._director_records: OrderedDict[str, list[str] | None] = OrderedDict()
        # Title embeddings by title, for the key rule (`_title_cosine`).
        self._title_vectors: OrderedDict[str, np.ndarray] = OrderedDict()

    def __len__(self) -> int:
        return len(self._store) + len(self._transient)

    def __contains__(self, record_id: object) -> bool:
        return record_id in self._transient or record_id in self._store

    @property
    def store(self) -> IndexStore:
        return self._store

    @property
    def embedder(self) -> Embedder:
        if self._embedder is None:
            self._embedder = default_embedder()
        return self._embedder

    def _record(self, record_id: str) -> Record:
        transient = self._transient.get(record_id)
        if transient is not None:
            return transient[0]
        return self._store.get(record_id)

    def _title(self, record_id: str) -> str | None:
        transient = self._transient.get(record_id)
        if transient is not None:
            return transient[0].title
        return self._store.title(record_id)

    def add(self, records: Sequence[Record]) -> None:
        """Index new records (ids already present are ignored: re-adding is a no-op)."""
        fresh = [r for r in dict((r.id, r) for r in records).values() if r.id not in self]
        if not fresh:
            return
        self._neighbour_cache.clear()
        self._forget_what_records_decide()
        with_text = [r for r in fresh if r.text]
        vectors = self.embedder.embed([r.text or "" for r in with_text]) if with_text else None
        indexed = []
        for record in fresh:
            evidence = text_evidence(record.text)
            indexed.append((record, self._keys(record, evidence), evidence))
        self._store.insert(indexed, vectors)
        self._add_title_vectors(fresh)
        self._unlisted.update(dict.fromkeys(r.id for r in fresh))

    def _add_title_vectors(self, records: Sequence[Record]) -> None:
        """Embed and store the titles the key rule may compare by meaning: those of the
        new records and their partners under a director key in another language
        (`director_years.may_compare_titles`), and the other titles they print beside
        their own (`director_years.alias_parts`), once each. Linking reads them from the
        store and never loads the model for them (a linking worker that did held
        ~100 MB more, and a crawl's linking went past its memory bound)."""
        wanted: set[str] = set()
        for record in records:
            if not director_years.titled_for_rule(record):
                continue
            for key in director_years.director_keys(record):
                for other_id in self._store.postings(key, MAX_KEY_POSTINGS + 1):
                    other = self._record(other_id)
                    if director_years.may_compare_titles(record, other):
                        wanted.update(director_years.with_alias_parts(record.title or ""))
                        wanted.update(director_years.with_alias_parts(other.title or ""))
        if not wanted:
            return
        titles = sorted(wanted)
        stored = self._store.title_vectors(titles)
        missing = [t for t in titles if t not in stored]
        if missing:
            self._store.insert_title_vectors(
                dict(zip(missing, self.embedder.embed(missing), strict=True))
            )

    def _keys(self, record: Record, evidence: TextEvidence | None = None) -> list[str]:
        """The inverted keys a record is filed under."""
        found: list[str] = []
        title_key = keys.fold_title(record.title)
        if title_key:
            found.append(TITLE + title_key)
        found += director_years.director_keys(record)
        if record.text and not record.directors:
            # only the sound keys: a record looks for these texts by no other
            spans = script_person_names(record.text)
            found += [
                NAMED_IN_SCRIPT + key
                for key in director_years.name_keys(spans)
                if key.startswith(_SOUND_KEY_KINDS)
            ]
        if record.text:
            names = evidence.names if evidence is not None else proper_names(record.text)
            found += sorted(self._name_keys(names))
            if _keyed(record):
                found += sorted({KEYED_NAME + name_prefix_key(n) for n in names})
            found += _bands(text.shingles(record.text))
        return unique_keys(found)

    def discard(self, record_ids: Iterable[str]) -> None:
        """Forget records, e.g. a changed one before it is added again. Unknown ids
        are ignored."""
        gone = [r for r in dict.fromkeys(record_ids) if r in self._store]
        # Their neighbours probably list them (neighbourhoods are mostly mutual): those
        # lists are worked out again; the records themselves get new ones if re-added.
        for others in self._store.stored_neighbours(gone).values():
            self._unlisted.update(dict.fromkeys(other for other, _ in others))
        self._store.forget_neighbours(gone)
        for record_id in gone:
            record = self._store.get(record_id)
            self._store.remove(record_id, self._keys(record))
            self._feature_cache.pop(record_id, None)
            self._unlisted.pop(record_id, None)
        self._neighbour_cache.clear()
        self._forget_what_records_decide()
        self._oversized.clear()

    # ---- neighbourhoods -------------------------------------------------

    def _vector(self, record_id: str) -> np.ndarray | None:
        transient = self._transient.get(record_id)
        if transient is not None:
            return transient[1]
        in_use = self._vectors_in_use.get(record_id)
        if in_use is not None:
            return in_use
        return self._store.vector(record_id)

    def _search_neighbours(
        self, record_ids: Sequence[str], count: int = ANN_NEIGHBOURS
    ) -> dict[str, list[tuple[str, float]]]:
        """The `count` nearest other records of each, by ANN search in batches (one
        call per batch, not per record); records without a vector have none."""
        found: dict[str, list[tuple[str, float]]] = {}
        for start in range(0, len(record_ids), NEIGHBOUR_BATCH):
            batch = record_ids[start : start + NEIGHBOUR_BATCH]
            vectors = self._store.vectors(batch)
            found.update((r, []) for r in batch if r not in vectors)
            with_vector = list(vectors)
            if not with_vector:
                continue
            matrix = np.vstack([vectors[r] for r in with_vector])
            hits = self._store.search_many(matrix, count + 1)
            for record_id, row in zip(with_vector, hits, strict=True):
                found[record_id] = _neighbours_from(record_id, row)[:count]
        return found

    def settle_neighbours(self) -> None:
        """Store the neighbour list of every record added (or made stale) since the
        last call, and offer each added record to the lists of its neighbours: a new
        record may be nearer to an old one than that one's listed neighbours.
        `neighbours` calls this first; a writer calls it before flushing its store.

        The lists are what an ANN search would answer (margins then cost no search),
        but for two approximations: a new record is offered only to the
        `OFFER_NEIGHBOURS` records nearest to it (nearness is not symmetric, though
        close to it), and an old record does not lose a neighbour whose text changed
        unless the changed record was among its own neighbours before."""
        if not self._unlisted:
            return
        unlisted, self._unlisted = list(self._unlisted), {}
        being_listed = set(unlisted)
        # With only new records (a first build) no old list needs offers.
        older = len(self._store) > len(unlisted)
        count = OFFER_NEIGHBOURS if older else ANN_NEIGHBOURS
        offers: dict[str, dict[str, float]] = {}
        # Batch by batch: a million records' lists held at once took gigabytes.
        for start in range(0, len(unlisted), NEIGHBOUR_BATCH):
            searched = self._search_neighbours(unlisted[start : start + NEIGHBOUR_BATCH], count)
            self._store.save_neighbours(
                {record_id: found[:ANN_NEIGHBOURS] for record_id, found in searched.items()}
            )
            for record_id, found in searched.items():
                for other, cosine in found:
                    if other not in being_listed:
                        offers.setdefault(other, {})[record_id] = cosine
        offered = list(offers)
        for start in range(0, len(offered), NEIGHBOUR_BATCH):
            batch = offered[start : start + NEIGHBOUR_BATCH]
            changed: dict[str, list[tuple[str, float]]] = {}
            for other, current in self._store.stored_neighbours(batch).items():
                merged = dict(current)
                merged.update(offers[other])
                best = sorted(merged.items(), key=lambda hit: (-hit[1], hit[0]))[:ANN_NEIGHBOURS]
                if best != current:
                    changed[other] = best
            self._store.save_neighbours(changed)
        self._neighbour_cache.clear()

    def prepare(
        self, record_ids: Iterable[str], *, titles_for: Iterable[str] | None = None
    ) -> None:
        """Read (or search, in batches) the neighbourhoods of these records ahead of
        `links_for` asking for them, and the titles of the neighbours of those in
        `titles_for` (default: of all of them), which their margins read."""
        self.settle_neighbours()
        record_ids = list(dict.fromkeys(record_ids))
        wanted = [
            r for r in record_ids if r not in self._neighbour_cache and r not in self._transient
        ]
        stored = self._store.stored_neighbours(wanted)
        for record_id, found in stored.items():
            self._remember_neighbours(record_id, found)
        missing = [r for r in wanted if r not in stored]
        for record_id, found in self._search_neighbours(missing).items():
            self._remember_neighbours(record_id, found)
        # A margin where either record has a title reads the title of every neighbour
        # (to leave out the film's other screenings): one query for all of them rather
        # than one each, and of the title alone. Two keyless texts read none (a corpus
        # import's neighbours read whole for that were a fifth of its matching time).
        self._store.prefetch_titles(
            [
                other
                for record_id in (record_ids if titles_for is None else dict.fromkeys(titles_for))
                for other, _ in self._neighbour_cache.get(record_id, [])
            ]
        )

    def neighbours(self, record_id: str) -> list[tuple[str, float]]:
        """Nearest records by synopsis embedding, (id, cosine), best first, self excluded."""
        self.settle_neighbours()
        cached = self._neighbour_cache.get(record_id)
        if cached is not None:
            self._neighbour_cache.move_to_end(record_id)
            return cached
        if record_id not in self._transient:
            stored = self._store.stored_neighbours([record_id]).get(record_id)
            if stored is not None:
                self._remember_neighbours(record_id, stored)
                return stored
        vector = self._vector(record_id)
        found: list[tuple[str, float]] = []
        if vector is not None:
            found = _neighbours_from(record_id, self._store.search(vector, ANN_NEIGHBOURS + 1))[
                :ANN_NEIGHBOURS
            ]
        # A transient record's too, while it is matched: every candidate's margin
        # asks for it (`links_for_record` forgets it afterwards).
        self._remember_neighbours(record_id, found)
        return found

    def _forget_what_records_decide(self) -> None:
        """Clear what depends on which records are indexed: name weights, topics and
        the pairs screened out with them."""
        self._name_point_cache.clear()
        self._topic_cache.clear()
        self._hopeless_pairs.clear()
        self._director_records.clear()

    def _remember_neighbours(self, record_id: str, found: list[tuple[str, float]]) -> None:
        self._neighbour_cache[record_id] = found
        if len(self._neighbour_cache) > NEIGHBOUR_CACHE_SIZE:
            self._neighbour_cache.popitem(last=False)

    def _background(self, record_id: str, partner_id: str) -> float | None:
        """Mean cosine of a record to its nearest neighbours other than `partner_id`
        and other than the versions of either: a neighbour with the same folded title
        as one of the two is another screening of that film, and counting it would
        make a film with four records stand out less than one with two."""
        own_titles = {keys.fold_title(self._title(r)) for r in (record_id, partner_id)} - {None}
        others = [
            cosine
            for other, cosine in self.neighbours(record_id)
            if other != partner_id
            and not (own_titles and keys.fold_title(self._title(other)) in own_titles)
        ]
        others = others[:MARGIN_NEIGHBOURS]
        return sum(others) / len(others) if others else None

    # ---- candidates and scoring -----------------------------------------

    def candidates(self, record_id: str) -> set[str]:
        """Ids worth scoring against `record_id` (an indexed record)."""
        record = self._record(record_id)
        found: set[str] = {other for other, _ in self.neighbours(record_id)}
        title_key = keys.fold_title(record.title)
        if title_key:
            found.update(self._store.postings(TITLE + title_key, MAX_KEY_POSTINGS))
        for key in director_years.director_keys(record):
            found.update(self._store.postings(key, MAX_KEY_POSTINGS))
            if key.startswith(_SOUND_KEY_KINDS):
                in_script = self._capped_postings(NAMED_IN_SCRIPT + key, MAX_KEY_WORD_POSTINGS)
                found.update(self._store.ids_of(in_script))
        if record.text:
            features = self._features(record_id)
            # A stored record's bands were worked out when it was filed.
            transient = record_id in self._transient
            bands = _bands(features.shingles) if transient else self._store.bands(record_id)
            found |= self._lsh_candidates(bands)
            found |= self._name_candidates(features.evidence.names)
        named = self._key_word_candidates(record) - found
        if named:
            # A text naming this record's director or title words is worth scoring
            # for what it says of itself, which counts only where it lacks that key.
            # Two keyed records compare their keys, and the names both synopses carry
            # propose candidates of their own: on a festival's archive, where every
            # entry is keyed, these were a third of all pairs, for nothing.
            self._store.prefetch(sorted(named))
            found |= {other for other in named if self._lacks_a_key(other)}
        found.discard(record_id)
        return found

    def _lacks_a_key(self, record_id: str) -> bool:
        other = self._record(record_id)
        return not (other.title and other.directors)

    def _key_word_candidates(self, record: Record) -> set[str]:
        """Texts that name this record's director or a distinctive word of its title:
        a corpus document often says «Лето» (2018, реж. К. Серебренников) and nothing
        else a key would find. One such name is enough to be a candidate; the name
        index's caps keep a common word from proposing a crowd."""
        words = {name_skeleton(d.split()[-1]) for d in record.directors if d.split()}
        if record.title:
            words.update(proper_names(record.title.title()))
        found: set[Hashable] = set()
        for word in words:
            if len(word) < MIN_NAME_LENGTH:
                continue
            # By prefix, so that endings meet ("Viscontiego" / "Visconti"); where the
            # prefix is too common, by the whole word.
            by_prefix = self._capped_postings(NAME + name_prefix_key(word), MAX_KEY_WORD_POSTINGS)
            if not by_prefix and len(word) > NAME_PREFIX:
                by_prefix = self._capped_postings(FULL_NAME + word, MAX_KEY_WORD_POSTINGS)
            found.update(by_prefix)
        return set(self._store.ids_of(list(found)))

    def _lsh_candidates(self, bands: tuple[str, ...]) -> set[str]:
        counts: Counter[Hashable] = Counter()
        for band in bands:
            counts.update(self._capped_postings(band, MAX_BAND_POSTINGS))
        return set(
            self._store.ids_of([other for other, _ in counts.most_common(MAX_LSH_CANDIDATES)])
        )

    def _capped_postings(self, key: str, cap: int) -> list[Hashable]:
        """The postings of `key` as the store's references (`IndexStore.posting_refs`),
        or none when there are more than `cap`."""
        if key in self._oversized:
            return []
        postings = self._store.posting_refs(key, cap + 1)
        if len(postings) > cap:
            self._oversized.add(key)
            return []
        return postings

    def _name_candidates(self, names: frozenset[str]) -> set[str]:
        """Records sharing at least MIN_SHARED_NAMES names, by prefix; where a prefix is
        too common (a million synopses put most short prefixes over the cap), by the
        whole name instead, so that rare full names still find each other."""
        by_prefix: dict[str, list[str]] = {}
        for name in names:
            by_prefix.setdefault(name_prefix_key(name), []).append(name)
        counts: Counter[Hashable] = Counter()
        for prefix, spelled in by_prefix.items():
            sharing = set(self._capped_postings(NAME + prefix, MAX_NAME_POSTINGS))
            if not sharing and NAME + prefix in self._oversized:
                for name in spelled:
                    if len(name) > NAME_PREFIX:
                        sharing.update(self._capped_postings(FULL_NAME + name, MAX_NAME_POSTINGS))
            counts.update(sharing)
        return set(
            self._store.ids_of(
                [
                    other
                    for other, shared in counts.most_common(MAX_NAME_CANDIDATES)
                    if shared >= MIN_SHARED_NAMES
                ]
            )
        )

    def _features(self, record_id: str, record: Record | None = None) -> _TextFeatures:
        cached = self._feature_cache.get(record_id)
        if cached is None:
            record = record or self._record(record_id)
            # The store keeps what it filed a record's names under; only a record
            # being matched without being stored is read from its text.
            transient = record_id in self._transient
            evidence = text_evidence(record.text) if transient else self._store.evidence(record_id)
            cached = _TextFeatures(record.text or "", evidence)
            if len(self._feature_cache) >= FEATURE_CACHE_SIZE:
                self._feature_cache.popitem(last=False)  # oldest first
            self._feature_cache[record_id] = cached
        return cached

    def evidence(
        self, left_id: str, right_id: str, *, margin: bool = True, names: bool = True
    ) -> PairEvidence:
        """Gather every kind of evidence about two indexed records (the margin, which
        needs both neighbourhoods, only when `margin`; the names the texts share only
        when `names`). Without `margin` (screening a candidate), shared wording is left
        out where the model gives it no weight."""
        left, right = self._record(left_id), self._record(right_id)
        compared = _compared_titles_and_years(left, right)
        title_equal, years_compatible = compared.title_equal, compared.years_compatible
        directors_overlap = keys.directors_overlap(left.directors, right.directors)
        # Shingles are the costliest evidence of a pair, and the models of two keyed
        # records fitted no weight on them: keys and story settle those.
        wording = margin or _keys_read_wording(title_equal, directors_overlap, years_compatible)
        jaccard = cosine = margin_value = None
        names_list: list[str] = []
        name_weight = 0.0
        years: tuple[int, ...] = ()
        numbers: tuple[int, ...] = ()
        names_disjoint: bool | None = None
        topic_names: tuple[str, ...] = ()
        masked_cosine: float | None = None
        if left.text and right.text:
            left_features, right_features = self._features(left_id), self._features(right_id)
            if compared.same_language is not False and wording:
                jaccard = text.jaccard(left_features.shingles, right_features.shingles)
            cosine, margin_value = self._similarity(left_id, right_id, margin)
            left_ev, right_ev = left_features.evidence, right_features.evidence
            if names or margin:
                shared, name_weight, topic_names, names_disjoint = self._shared_names(
                    left_features, right_ev
                )
                names_list = list(shared)
            if margin:
                masked_cosine = self._masked_cosines([(left_id, right_id)]).get((left_id, right_id))
            years, numbers = _shared_years_and_numbers(left_ev, right_ev)
        title_named, director_named, year_named = self._mentions(left_id, left, right_id, right)
        agreeing_countries = countries_agree(left.countries, right.countries)
        return amended(
            compared,
            directors_overlap=directors_overlap,
            text_jaccard=jaccard,
            cosine=cosine,
            margin=margin_value,
            shared_names=tuple(names_list),
            name_weight=round(name_weight, 2),
            shared_topics=topic_names,
            shared_years=years,
            shared_numbers=numbers,
            names_disjoint=names_disjoint,
            masked_cosine=masked_cosine,
            title_mentioned=title_named,
            director_mentioned=director_named,
            year_mentioned=year_named,
            countries_agree=agreeing_countries,
            director_year_identity=self._director_year_identity(
                left, right, directors_overlap, agreeing_countries
            )
            if not _keyless_in(left, right)
            else self._named_film_identity(left, right, director_named, year_named),
        )

    # ---- the key rule (linkage.director_years) ---------------------------

    def _director_year_identity(
        self,
        left: Record,
        right: Record,
        directors_agree: bool | None,
        countries: bool | None,
    ) -> bool | None:
        """Whether the key rule identifies the pair as one film; None where it does
        not apply (a record without a title or directors; no year known, or years more
        than the window apart: `director_years.pair_for_rule`; directors not known to
        agree; countries that disagree)."""
        if not (
            directors_agree and countries is not False and director_years.pair_for_rule(left, right)
        ):
            return None
        block = self._director_block(left, right)
        if block is None or director_years.contested(block):
            return False
        cosine = (
            self._title_cosine(left.title or "", right.title or "")
            if director_years.needs_title_cosine(left, right)
            else None
        )
        if director_years.titles_agree(left, right, cosine):
            return True
        return self._alias_translates(left, right)

    def _alias_translates(self, left: Record, right: Record) -> bool:
        """Whether, in two languages, the other title one record prints beside its own
        translates the other record's title, or its printed other title ("Nader und
        Simin – Eine Trennung" / "A Separation"). A title's opening part is left out,
        as in `director_years.alias_agrees`: it may be a series' name."""
        if not (left.lang and right.lang and left.lang != right.lang):
            return False
        left_titles = director_years.with_alias_parts(left.title or "")
        right_titles = director_years.with_alias_parts(right.title or "")
        return any(
            self._title_cosine(a, b) >= director_years.TITLE_MEANING_AGREES
            for i, a in enumerate(left_titles)
            for j, b in enumerate(right_titles)
            if i or j
        )

    def _named_film_identity(
        self,
        left: Record,
        right: Record,
        director_named: bool | None,
        year_named: bool | None,
    ) -> bool | None:
        """The key rule for a festival record and a keyless text that names its
        director and year and prints a title: one film when the printed title speaks
        for the record's film (`_printed_title_agrees`: a spelling of its title, a
        description of a film of its director's, or a translation) and the records show
        no other film of that director's in those years. None where it does not apply."""
        keyed, text_only = (left, right) if left.title else (right, left)
        if not (director_named and year_named and director_years.keyed_for_rule(keyed)):
            return None
        printed = printed_titles(text_only.text or "")
        if not printed:
            return None
        block = self._director_block(keyed, keyed)
        if block is None or director_years.contested(block):
            return False
        return any(self._printed_title_agrees(keyed, text_only, title) for title in printed)

    def _printed_title_agrees(self, keyed: Record, text_only: Record, printed: str) -> bool:
        """Whether a title a keyless text prints speaks for the keyed record's film: a
        spelling of its title, a description of a film of its director's, or, in
        another language than the record's, a translation (their embeddings: the model
        runs only for the few texts that get this far; a looser one when the text names
        the record's year itself, as between two records of one year). In one
        language, a title that is no spelling of the record's names another film, as
        between two records."""
        if director_years.titles_agree(keyed, replace(keyed, title=printed), None):
            return True
        if describes_directors_film(printed, keyed.directors):
            return True
        if not (keyed.lang and text_only.lang and keyed.lang != text_only.lang):
            return False
        cosine = self._title_cosine(keyed.title or "", printed)
        one_year = keyed.year in self._features(text_only.id).evidence.years
        return cosine >= director_years.meaning_agrees_at(one_year=one_year)

    def _director_block(self, left: Record, right: Record) -> list[Record] | None:
        """The pair and every other titled record of either's director within the
        years the pair spans (give or take the window; an undated record spans the
        other's year); None when a director has too many records to read them all (the
        rule then stays out)."""
        years = [year for year in (left.year, right.year) if year is not None]
        if not years:
            return None
        others: set[str] = set()
        for record in (left, right):
            for key in director_years.director_keys(record):
                filed = self._records_of_director(key)
                if filed is None:
                    return None
                others.update(filed)
        others -= {left.id, right.id}
        block = [left, right]
        for other_id in sorted(others):
            other = self._record(other_id)
            if (
                other.title
                and director_years.within_years(other, min(years), max(years))
                and (
                    keys.directors_overlap(other.directors, left.directors)
                    or keys.directors_overlap(other.directors, right.directors)
                )
            ):
                block.append(other)
        return block

    def _records_of_director(self, key: str) -> list[str] | None:
        if key in self._director_records:
            self._director_records.move_to_end(key)
            return self._director_records[key]
        filed: list[str] | None = self._store.postings(key, MAX_KEY_POSTINGS + 1)
        if filed is not None and len(filed) > MAX_KEY_POSTINGS:
            filed = None
        self._director_records[key] = filed
        if len(self._director_records) > DIRECTOR_RECORDS_CACHE_SIZE:
            self._director_records.popitem(last=False)
        return filed

    def _title_cosine(self, left: str, right: str) -> float:
        """Cosine of the two titles' embeddings (translations of one title are close):
        stored when their records were added; embedded here only for a record being
        matched without being stored."""
        unseen = [t for t in dict.fromkeys((left, right)) if t not in self._title_vectors]
        if unseen:
            found = self._store.title_vectors(unseen)
            missing = [t for t in unseen if t not in found]
            if missing:
                found.update(zip(missing, self.embedder.embed(missing), strict=True))
            for title in unseen:
                self._title_vectors[title] = found[title]
                if len(self._title_vectors) > TITLE_VECTOR_CACHE_SIZE:
                    self._title_vectors.popitem(last=False)
        return round(float(self._title_vectors[left] @ self._title_vectors[right]), 3)

    def _shared_names(
        self, left_features: _TextFeatures, right_ev: TextEvidence
    ) -> tuple[tuple[str, ...], float, tuple[str, ...], bool | None]:
        """(shared names as the left text spells them, rarest first; their summed
        weight; shared topics; whether both texts name someone and none agree)."""
        left_ev = left_features.evidence
        # rarest first: they carry the most weight and lead the reason
        # A name both spell alike weighs as rare as the whole name is; one that only
        # agrees by its prefix, as rare as the prefix.
        common = shared_names(left_ev.names, right_ev.names)
        points = {n: self._name_points(n, exact=n in right_ev.names) for n in common}
        # A topic is no identity evidence (two films about one composer by two
        # directors), but it is a name in common all the same.
        topics = sorted(n for n, p in points.items() if p > 0 and self._is_topic(n))
        for name in topics:
            points[name] = 0.0
        names = sorted((n for n, p in points.items() if p > 0), key=lambda n: -points[n])
        disjoint: bool | None = None
        if names or topics:
            disjoint = False
        elif self._names_someone(left_ev.names) and self._names_someone(right_ev.names):
            disjoint = True
        spelled = left_features.spellings
        return (
            tuple(spelled.get(n, n) for n in names),
            sum(points[n] for n in names),
            tuple(spelled.get(n, n) for n in topics),
            disjoint,
        )

    def _mentions(
        self, left_id: str, left: Record, right_id: str, right: Record
    ) -> tuple[bool | None, bool | None, bool | None]:
        """(title, director, year) of one record found in the text of another that
        lacks that key: what a keyless document says of itself. Between two records
        that both carry the key, the key comparison is the evidence, and a synopsis
        naming its own director says nothing about the other."""
        if _fully_keyed(left) and _fully_keyed(right):
            return None, None, None  # most pairs of a festival's entries
        left_ev = self._features(left_id).evidence if left.text else None
        right_ev = self._features(right_id).evidence if right.text else None

        def title(a: Record, b: Record) -> bool | None:
            return title_mentioned(a.title, b.text) if not b.title else None

        def director(a: Record, b: Record, b_ev: TextEvidence | None) -> bool | None:
            if b.directors or b_ev is None:
                return None
            named = director_mentioned(a.directors, b_ev.names)
            if not named and director_named_in_script(a.directors, b.text or ""):
                return True
            return named

        def year(a: Record, b: Record, b_ev: TextEvidence | None) -> bool | None:
            if b.year is not None or b_ev is None:
                return None
            return year_mentioned(a.year, b_ev.years)

        return (
            _either(title(left, right), title(right, left)),
            _either(director(left, right, right_ev), director(right, left, left_ev)),
            _either(year(left, right, right_ev), year(right, left, left_ev)),
        )

    def _mask(self, left_id: str, right_id: str) -> frozenset[str] | None:
        """The names to take out of both texts for the pair's masked cosine: those the
        texts share, when a keyless text is part of the pair; else None (the plain
        cosine stands for it)."""
        left, right = self._record(left_id), self._record(right_id)
        if not (left.text and right.text):
            return None
        if not _keyless_in(left, right):
            return None
        common = shared_names(
            self._features(left_id).evidence.names, self._features(right_id).evidence.names
        )
        return frozenset(common) if common else None

    def _masked_cosines(self, pairs: Sequence[tuple[str, str]]) -> dict[tuple[str, str], float]:
        """The masked cosine of each pair that has one (see `_mask`): the cosine of the
        two texts with the names they share taken out. The masked texts not seen lately
        go through the encoder in one call, however many pairs ask."""
        masked: dict[tuple[str, str], tuple[str, str]] = {}
        for left_id, right_id in pairs:
            mask = self._mask(left_id, right_id)
            if mask is not None:
                masked[(left_id, right_id)] = (
                    mask_names(self._features(left_id).synopsis, mask),
                    mask_names(self._features(right_id).synopsis, mask),
                )
        vectors: dict[bytes, np.ndarray] = {}
        unseen: dict[bytes, str] = {}
        for texts in masked.values():
            for masked_text in texts:
                digest = _digest(masked_text)
                cached = self._masked_vectors.get(digest)
                if cached is not None:
                    self._masked_vectors.move_to_end(digest)
                    vectors[digest] = cached
                elif digest not in vectors:
                    unseen[digest] = masked_text
        if unseen:
            fresh = self.embedder.embed(list(unseen.values()))
            for digest, vector in zip(unseen, fresh, strict=True):
                vectors[digest] = vector
                self._masked_vectors[digest] = vector
                if len(self._masked_vectors) > MASKED_VECTOR_CACHE_SIZE:
                    self._masked_vectors.popitem(last=False)
        return {
            pair: round(float(vectors[_digest(left)] @ vectors[_digest(right)]), 3)
            for pair, (left, right) in masked.items()
        }

    def _similarity(
        self, left_id: str, right_id: str, with_margin: bool = True
    ) -> tuple[float | None, float | None]:
        left_vector, right_vector = self._vector(left_id), self._vector(right_id)
        if left_vector is None or right_vector is None:
            return None, None
        cosine = float(left_vector @ right_vector)
        if not with_margin:
            return round(cosine, 3), None
        backgrounds = [
            b
            for b in (self._background(left_id, right_id), self._background(right_id, left_id))
            if b is not None
        ]
        margin = cosine - sum(backgrounds) / len(backgrounds) if backgrounds else None
        return round(cosine, 3), None if margin is None else round(margin, 3)

    def _name_points(self, name: str, *, exact: bool = False) -> float:
        """Rarer names weigh more: inverse document frequency scaled to 0..NAME_POINTS;
        a common word weighs nothing. The frequency is that of the name's prefix key, or
        with ``exact`` (the other record spells it alike) that of the whole name."""
        whole = exact and len(name) > NAME_PREFIX
        key = FULL_NAME + name if whole else NAME + name_prefix_key(name)
        cached = self._name_point_cache.get(key)
        if cached is not None:
            return cached
        total = len(self)
        frequency = self._store.count(key) + sum(
            1
            for record_id in self._transient
            if key in self._name_keys(self._features(record_id).evidence.names)
        )
        points = NAME_POINTS * math.log((total + 1) / (frequency + 1)) / math.log(total + 2)
        if frequency > max(COMMON_NAME_MIN, COMMON_NAME_SHARE * total):
            points = 0.0
        if len(self._name_point_cache) >= NAME_POINT_CACHE_SIZE:
            self._name_point_cache.popitem(last=False)  # the oldest
        self._name_point_cache[key] = points
        return points

    def _is_topic(self, name: str) -> bool:
        """Whether records that cannot be one film (known directors who are not the same
        person, or known years more than one apart) carry this name in their texts:
        then it names what films are about (a real person, an event), not which film a
        text is. Read by the name's prefix, where its spellings and endings meet."""
        prefix = name_prefix_key(name)
        key = KEYED_NAME + prefix
        cached = self._topic_cache.get(key)
        if cached is not None:
            return cached
        # A record being matched counts too, as it would once added.
        matched = [
            record_id
            for record_id, (record, _) in self._transient.items()
            if _keyed(record)
            and prefix in {name_prefix_key(n) for n in self._features(record_id).evidence.names}
        ]
        carriers = [*self._store.postings(key, MAX_TOPIC_POSTINGS), *matched]
        self._store.prefetch([r for r in carriers if r not in self._transient])
        keyed = [self._record(r) for r in carriers]
        topic = _years_apart(keyed) or any(
            keys.directors_overlap(left.directors, right.directors) is False
            for number, left in enumerate(keyed)
            for right in keyed[number + 1 :]
        )
        if len(self._topic_cache) >= NAME_POINT_CACHE_SIZE:
            self._topic_cache.popitem(last=False)  # the oldest
        self._topic_cache[key] = topic
        return topic

    def _names_someone(self, names: frozenset[str]) -> bool:
        """Whether a text has a name that is evidence (not a word many records share)."""
        known = self._name_point_cache.names_someone
        answer = known.get(names)
        if answer is None:
            answer = any(self._name_points(name) > 0 for name in names)
            if len(known) >= FEATURE_CACHE_SIZE:
                known.popitem(last=False)  # the oldest
            known[names] = answer
        return answer

    @staticmethod
    def _name_keys(names: frozenset[str]) -> set[str]:
        """The name keys a record with these names is filed under (see `_keys`)."""
        found = {NAME + name_prefix_key(n) for n in names}
        found.update(FULL_NAME + n for n in names if len(n) > NAME_PREFIX)
        return found

    def compare(self, left_id: str, right_id: str) -> Link:
        return score_pair(left_id, right_id, self.evidence(left_id, right_id))

    def _masked_range(
        self, left_id: str, right_id: str, ev: PairEvidence
    ) -> tuple[float, float] | None:
        """Where the pair's masked cosine can lie while it is not worked out yet, or
        None when the pair has none (see `_mask`)."""
        if ev.cosine is None or self._mask(left_id, right_id) is None:
            return None
        return ev.cosine - MASKED_BELOW, ev.cosine + MASKED_ABOVE

    def _hopeful(self, left_id: str, right_id: str) -> PairEvidence | None:
        """The pair's evidence without the margin and the masked cosine, or None when
        even the most favourable of both could not lift it to a link that is kept: the
        margin needs both neighbourhoods (two ANN searches), the masked cosine two
        texts through the encoder, and most candidates are far from any decision.

        The screen reads the same evidence from either record of a pair (tested), so a
        pair it left out from one record is left out from the other without being
        screened again: linking a first crawl meets four candidate pairs in five from
        both records, and the screen is most of linking's time."""
        if self._hopeless_pairs.holds(right_id, left_id):
            return None
        evidence = self._screened(left_id, right_id)
        if evidence is None:
            self._hopeless_pairs.add(left_id, right_id)
        return evidence

    def _screened(self, left_id: str, right_id: str) -> PairEvidence | None:
        """`_hopeful`, worked out."""
        if self._hopeless_whoever_directed(left_id, right_id):
            return None
        # First without the names the texts share (comparing and weighing them is the
        # costliest part of a pair's evidence), counted at their most favourable: most
        # candidates of a keyed record are hopeless whatever names they share.
        keys_first = self.evidence(left_id, right_id, margin=False, names=False)
        if keys_first.cosine is None:
            return keys_first  # no two texts: no names to share either
        if model().of(keys_first).names_bound(keys_first) <= NAMES_SCREEN_BOUND and hopeless(
            keys_first,
            REVIEW_FLOOR,
            self._masked_range_bound(left_id, right_id, keys_first),
            _wording_unknown(keys_first),
            names_unknown=True,
        ):
            return None
        shared, weight, topics, disjoint = self._shared_names(
            self._features(left_id), self._features(right_id).evidence
        )
        evidence = amended(
            keys_first,
            shared_names=shared,
            name_weight=round(weight, 2),
            shared_topics=topics,
            names_disjoint=disjoint,
        )
        if hopeless(
            evidence,
            REVIEW_FLOOR,
            self._masked_range(left_id, right_id, evidence),
            _wording_unknown(evidence),
        ):
            return None
        return evidence

    def _hopeless_whoever_directed(self, left_id: str, right_id: str) -> bool:
        """Whether two keyed records with texts stay below review whatever their
        directors, countries, shared names and wording: told from their titles, years
        and texts' cosine alone, before the costlier comparisons (directors' names
        across scripts above all). Most candidates of a festival's entry end here (a
        namesake of another decade, a neighbour by story alone): on the 12,000-film
        replica, 87% of the pairs screened. A pair the key rule could identify (its
        years within the rule's window) is left to the whole screen."""
        left, right = self._record(left_id), self._record(right_id)
        if not (_fully_keyed(left) and _fully_keyed(right) and left.text and right.text):
            return False
        if director_years.pair_for_rule(left, right):
            return False
        cosine, _ = self._similarity(left_id, right_id, False)
        if cosine is None:
            return False
        years, numbers = _shared_years_and_numbers(
            self._features(left_id).evidence, self._features(right_id).evidence
        )
        evidence = amended(
            _compared_titles_and_years(left, right),
            cosine=cosine,
            shared_years=years,
            shared_numbers=numbers,
        )
        part = model().of(evidence)
        best = part.best_probability_directors_unknown(
            evidence, wording_unknown=evidence.same_language is not False
        )
        return best < max(part.review_probability, REVIEW_FLOOR)

    def _masked_range_bound(
        self, left_id: str, right_id: str, ev: PairEvidence
    ) -> tuple[float, float] | None:
        """`_masked_range` without the shared names worked out: the range wherever a
        keyless text could make the pair have a masked cosine (one without shared
        names has none, and its plain cosine lies inside the range)."""
        left, right = self._record(left_id), self._record(right_id)
        if ev.cosine is None or not _keyless_in(left, right):
            return None
        return ev.cosine - MASKED_BELOW, ev.cosine + MASKED_ABOVE

    def _with_wording(self, left_id: str, right_id: str, evidence: PairEvidence) -> PairEvidence:
        """The evidence with the shared wording the screen left out, where the model
        of its kind weighs it at all (see `SegmentModel.reads_wording`)."""
        if not _wording_unknown(evidence) or model().of(evidence).wording_bound == 0.0:
            return evidence
        jaccard = text.jaccard(self._features(left_id).shingles, self._features(right_id).shingles)
        return amended(evidence, text_jaccard=jaccard)

    def decision_evidence(self, record_id: str) -> list[tuple[str, PairEvidence]]:
        """The candidates of an indexed record that can make a link, each with the
        evidence it is decided on: the whole evidence `candidate_evidence` gives the
        fit (margin and masked cosine included), worked out only for the pairs that
        the cheaper evidence leaves hopeful."""
        candidates = sorted(self.candidates(record_id))
        # One store round trip for the candidates' records (with their evidence) and
        # vectors rather than one per pair: every pair needs both.
        stored = [r for r in [record_id, *candidates] if r not in self._transient]
        self._store.prefetch(stored)
        self._vectors_in_use = self._store.vectors(stored)
        try:
            hopeful = [
                (other, evidence)
                for other in candidates
                if (evidence := self._hopeful(record_id, other)) is not None
            ]
            # Neighbourhoods only for the pairs that need a margin, in one batch.
            partners = [other for other, _ in hopeful]
            self.prepare([record_id, *partners], titles_for=self._titles_read(record_id, partners))
            with_margin = [
                (
                    other,
                    self._with_wording(
                        record_id, other, self._with_margin(record_id, other, evidence)
                    ),
                )
                for other, evidence in hopeful
            ]
        finally:
            self._vectors_in_use = {}
        # Masked cosines only for the pairs the margin leaves hopeful, in one encoder call.
        worth_masking = [
            (other, evidence)
            for other, evidence in with_margin
            if not (
                evidence.cosine is not None
                and hopeless(evidence, REVIEW_FLOOR, self._masked_range(record_id, other, evidence))
            )
        ]
        masked = self._masked_cosines([(record_id, other) for other, _ in worth_masking])
        return [
            (other, amended(evidence, masked_cosine=masked.get((record_id, other))))
            for other, evidence in worth_masking
        ]

    def prepare_to_link(self, record_ids: Sequence[str]) -> None:
        """`prepare` a chunk of records for `links_for`: their records in one query,
        their neighbourhoods, and the neighbours' titles of those with a title (a
        keyless record's partners with one have theirs read in `decision_evidence`)."""
        self._store.prefetch([r for r in record_ids if r not in self._transient])
        self.prepare(record_ids, titles_for=[r for r in record_ids if self._record(r).title])

    def _titles_read(self, record_id: str, partners: list[str]) -> list[str]:
        """Of a record and its partners, those whose neighbours' titles the pairs'
        margins read (`_background`): where the record or the partner has a title."""
        titled = bool(self._record(record_id).title)
        read = [p for p in partners if titled or self._record(p).title]
        return [record_id, *read] if titled or read else read

    def _with_margin(self, left_id: str, right_id: str, evidence: PairEvidence) -> PairEvidence:
        if evidence.cosine is None:
            return evidence
        _, margin = self._similarity(left_id, right_id)
        return amended(evidence, margin=margin)

    def links_for(self, record_id: str) -> list[Link]:
        """Links (match or review) from one indexed record, best first."""
        scored = [
            score_pair(record_id, other, evidence)
            for other, evidence in self.decision_evidence(record_id)
        ]
        links = [link for link in scored if link.decision is not None]
        return _best_reviews_only(
            one_film_per_text(self._record(record_id), links, self._record, self._same_film)
        )

    def _same_film(self, left_id: str, right_id: str) -> bool:
        """Whether two records link automatically (asked only of a text's rival
        matches, which are few)."""
        return self.compare(left_id, right_id).decision is Decision.MATCH

    def candidate_evidence(self, record_id: str) -> list[tuple[str, PairEvidence]]:
        """Every candidate of an indexed record with its whole evidence, margin
        included, undecided: what the model is fitted on."""
        candidates = sorted(self.candidates(record_id))
        stored = [r for r in [record_id, *candidates] if r not in self._transient]
        self._store.prefetch(stored)
        self._vectors_in_use = self._store.vectors(stored)
        try:
            self.prepare(candidates)
            # The masked texts of all candidates through the encoder at once.
            self._masked_cosines([(record_id, other) for other in candidates])
            return [(other, self.evidence(record_id, other)) for other in candidates]
        finally:
            self._vectors_in_use = {}

    def links_for_record(self, record: Record) -> list[Link]:
        """Links from a record that is matched but not stored: it never becomes a
        candidate or a neighbour of anything else (as `mirror match` needs)."""
        with self._matching(record):
            return self.links_for(record.id)

    def links_for_records(self, records: Sequence[Record]) -> list[list[Link]]:
        """`links_for_record` of each record (none is matched against the others),
        then one film per text across them, as `links_for` does for an indexed text:
        an indexed keyless text that records with conflicting keys all match links
        automatically only to the best of them, and only when the others trail it
        clearly; otherwise they all become reviews."""
        found = [self.links_for_record(record) for record in records]
        return one_film_per_text_across(found, {r.id: r for r in records}, self._record)

    def candidate_evidence_for_record(self, record: Record) -> list[tuple[str, PairEvidence]]:
        """`candidate_evidence` of a record that is matched but not stored."""
        with self._matching(record):
            return self.candidate_evidence(record.id)

    @contextmanager
    def _matching(self, record: Record) -> Iterator[None]:
        """Hold a record in the index while it is matched, without storing it."""
        if record.id in self._store:
            raise ValueError(f"{record.id!r} is already indexed")
        vector = self.embedder.embed([record.text])[0] if record.text else None
        self._transient[record.id] = (record, vector)
        # The transient record counts in name frequencies and topics while it is matched.
        self._forget_what_records_decide()
        try:
            yield
        finally:
            del self._transient[record.id]
            self._feature_cache.pop(record.id, None)
            self._neighbour_cache.pop(record.id, None)
            self._forget_what_records_decide()

    def all_links(self, record_ids: Iterable[str] | None = None) -> list[Link]:
        """Every link among indexed records, each unordered pair once."""
        found: dict[tuple[str, str], Link] = {}
        if record_ids is None:
            if not isinstance(self._store, MemoryStore):
                raise ValueError("name the records: a persistent store is not enumerated")
            record_ids = self._store.ids()
        for record_id in record_ids:
            for link in self.links_for(record_id):
                pair = (min(link.left_id, link.right_id), max(link.left_id, link.right_id))
                seen = found.get(pair)
                found[pair] = link if seen is None else more_cautious(seen, link)
        return list(found.values())


def _compared_titles_and_years(left: Record, right: Record) -> PairEvidence:
    """The evidence two records' titles, years and languages give, compared as strings
    and numbers (the cheapest of a pair's evidence; `evidence` adds the rest)."""
    left_title, right_title = keys.fold_title(left.title), keys.fold_title(right.title)
    # `amended`, not the dataclass's own __init__: a frozen dataclass sets each of its
    # two dozen fields through object.__setattr__, and this is asked of every pair.
    return amended(
        NO_EVIDENCE,
        title_equal=None if not (left_title and right_title) else left_title == right_title,
        years_compatible=keys.years_compatible(left.year, right.year),
        same_language=None if not (left.lang and right.lang) else left.lang == right.lang,
        title_similarity=keys.title_similarity(left_title, right_title),
        title_numbers_differ=keys.title_numbers_differ(left.title, right.title),
        year_gap=None if left.year is None or right.year is None else abs(left.year - right.year),
    )


def _shared_years_and_numbers(
    left: TextEvidence, right: TextEvidence
) -> tuple[tuple[int, ...], tuple[int, ...]]:
    return tuple(sorted(left.years & right.years)), tuple(sorted(left.numbers & right.numbers))


def _keyed(record: Record) -> bool:
    """Whether the record has a key that can conflict with another's."""
    return bool(record.directors) or record.year is not None


def _years_apart(records: Sequence[Record]) -> bool:
    """Whether two of the records have known years more than one apart."""
    years = [r.year for r in records if r.year is not None]
    return bool(years) and keys.years_compatible(min(years), max(years)) is False


def _digest(text: str) -> bytes:
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).digest()


def _keyless_in(left: Record, right: Record) -> bool:
    """Whether one of the two is a keyless text (no title, no directors): only such a
    pair has a masked cosine."""
    return not (left.title or left.directors) or not (right.title or right.directors)


def _fully_keyed(record: Record) -> bool:
    """Whether the record carries a title, directors and a year: nothing of it is
    looked for in another's text."""
    return bool(record.title and record.directors) and record.year is not None


@lru_cache(maxsize=32)  # three keys of three values each
def _keys_read_wording(
    title_equal: bool | None, directors_overlap: bool | None, years_compatible: bool | None
) -> bool:
    """`reads_wording` of a pair known by its keys alone (asked of every candidate)."""
    return reads_wording(
        PairEvidence(
            title_equal=title_equal,
            directors_overlap=directors_overlap,
            years_compatible=years_compatible,
        )
    )


def _wording_unknown(evidence: PairEvidence) -> bool:
    """Whether the pair's shared wording could count but was not worked out (two texts,
    not known to be in two languages)."""
    return (
        evidence.text_jaccard is None
        and evidence.cosine is not None
        and evidence.same_language is not False
    )


def _either(left: bool | None, right: bool | None) -> bool | None:
    """True if either is, None if neither was asked, else False."""
    if left or right:
        return True
    return None if left is None and right is None else False


def _best_reviews_only(links: Iterable[Link | None]) -> list[Link]:
    """The links best first: every match; reviews only where a person's look is worth
    it. A record that a match settled queues only the reviews that come close to
    that match (a possible rival), a pair less likely than REVIEW_FLOOR is not
    queued, and a record queues at most its REVIEW_LIMIT best reviews."""
    kept: list[Link] = []
    reviews = 0
    ranked = sorted((link for link in links if link is not None), key=lambda link: -link.score)
    best_match = next((link.score for link in ranked if link.decision is Decision.MATCH), None)
    for link in ranked:
        if link.decision is Decision.REVIEW:
            if link.score < REVIEW_FLOOR:
                continue
            if best_match is not None and link.score < best_match - RIVAL_GAP:
                continue
            reviews += 1
            if reviews > REVIEW_LIMIT:
                continue
        kept.append(link)
    return kept


def one_film_per_text_across(
    found: Sequence[list[Link]],
    queries: Mapping[str, Record],
    indexed: Callable[[str], Record],
) -> list[list[Link]]:
    """`one_film_per_text` for the indexed texts that several of `queries` match (the
    links of each query in `found`, query first in each link). Queries are never
    compared with one another: only conflicting keys make two of them rivals."""
    by_text: dict[str, list[Link]] = {}
    for links in found:
        for link in links:
            if link.decision is Decision.MATCH and link.left_id in queries:
                by_text.setdefault(link.right_id, []).append(link)
    ruled: dict[int, Link] = {}
    for text_id, links in by_text.items():
        if len(links) < 2:
            continue
        kept = one_film_per_text(
            indexed(text_id), links, queries.__getitem__, lambda _left, _right: True
        )
        ruled.update((id(before), after) for before, after in zip(links, kept, strict=True))
    return [[ruled.get(id(link), link) for link in links] for links in found]


def one_film_per_text(
    record: Record,
    links: list[Link],
    partner: Callable[[str], Record],
    same_film: Callable[[str, str], bool] = lambda _a, _b: False,
) -> list[Link]:
    """A keyless text (a corpus document) describes one film: it links automatically
    only to its best film, and only when no rival comes within RIVAL_GAP of it;
    otherwise the matches become reviews. A rival is a match whose record's keys
    conflict with the best one's, or that `same_film` does not link to it (two texts
    without keys that the text resembles equally: a story two films retell)."""
    if record.title or record.directors or record.year is not None:
        return links
    matches = sorted(
        (link for link in links if link.decision is Decision.MATCH), key=lambda link: -link.score
    )
    if len(matches) < 2:
        return links

    def other(link: Link) -> Record:
        return partner(link.right_id if link.left_id == record.id else link.left_id)

    best = other(matches[0])
    rivals = [
        link
        for link in matches[1:]
        if conflicts(best, other(link)) or not same_film(best.id, other(link).id)
    ]
    if not rivals:
        return links
    close = rivals[0].score >= matches[0].score - RIVAL_GAP
    demoted = {id(link) for link in rivals} | ({id(matches[0])} if close else set())
    return [
        replace(
            link, decision=Decision.REVIEW, reason=f"{link.reason}; but another film is as likely"
        )
        if id(link) in demoted
        else link
        for link in links
    ]
