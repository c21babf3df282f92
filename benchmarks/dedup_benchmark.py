"""Benchmark: corpus import and `mirror match` latency at scale.

Generates N synthetic corpus documents (benchmarks/dedup_corpus.py: deterministic,
six languages, ~10% retellings of an earlier story), then:

1. imports them with `mirror corpus import` into a fresh SQLite file (a subprocess:
   wall time, docs/s, peak memory of all its processes), which also builds the
   persistent linkage index, and scores the works it made against the generator's
   truth (pairwise precision and recall);
2. matches ~200 film records one at a time in a subprocess that opens the index as
   `mirror match` does (per-record latency p50/p95, embedding included, the time to
   open the index, peak RSS);
3. runs `mirror match` itself on the same records (wall time, peak RSS);
4. with --relink, matches every imported document again: a copy of the database and
   its index, the works and links reset, `mirror link` timed (the matching of an
   import alone, on the same input whatever the code: the model's phase, which moves
   by 20% from run to run on this machine, is not in it).

Targets (issue 4): p95 <= 100 ms per record, peak RSS <= 4 GB at 1M documents.

    python benchmarks/dedup_benchmark.py [--docs 100000] [--queries 200] [--workdir DIR]
                                         [--skip-import] [--relink]
"""

from __future__ import annotations

import argparse
import json
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from itertools import combinations
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

import dedup_corpus  # noqa: E402
from measure import run_measured  # noqa: E402

BIN = Path(sys.executable).parent
QUERY_STORIES = 2000


def write_inputs(workdir: Path, docs: int, queries: int) -> tuple[Path, Path]:
    corpus, records = workdir / f"corpus-{docs}.jsonl", workdir / f"records-{queries}.jsonl"
    known: list[dedup_corpus.Story] = []
    with corpus.open("w", encoding="utf-8") as handle:
        for told in dedup_corpus.documents(docs):
            handle.write(json.dumps(told.record, ensure_ascii=False) + "\n")
            if len(known) < QUERY_STORIES:
                known.append(told.story)
    with records.open("w", encoding="utf-8") as handle:
        for record in dedup_corpus.query_records(queries, known):
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    return corpus, records


def work_quality(db_path: Path, docs: int) -> tuple[float, float, int]:
    """(precision, recall, pairs merged) of the works the import made, counted over
    pairs of documents, against the generator's truth: two documents are the same film
    when they tell the same story."""
    story_of: dict[str, int] = {}
    numbers: dict[dedup_corpus.Story, int] = {}
    for told in dedup_corpus.documents(docs):
        story_of[told.record["id"]] = numbers.setdefault(told.story, len(numbers))
    with sqlite3.connect(db_path) as db:
        work_of = dict(db.execute("SELECT id, work_id FROM corpus_documents"))

    def pairs(group_of: dict[str, Any]) -> set[tuple[str, str]]:
        groups: dict[Any, list[str]] = defaultdict(list)
        for doc_id, group in group_of.items():
            groups[group].append(doc_id)
        return {pair for members in groups.values() for pair in combinations(sorted(members), 2)}

    true, merged = pairs(story_of), pairs(work_of)
    right = len(true & merged)
    return right / max(1, len(merged)), right / max(1, len(true)), len(merged)


def links_by_decision(db_path: Path) -> dict[str, int]:
    """How many stored links are automatic matches and how many wait for review."""
    with sqlite3.connect(db_path) as db:
        return dict(db.execute("SELECT decision, count(*) FROM links GROUP BY decision"))


def relink(workdir: Path, db_path: Path) -> int:
    """Time `mirror link` over every document of an imported database again, on a copy
    whose works and links are reset (its linkage index copied along, so only matching
    and work assignment run); prints the figures, returns the command's status."""
    copy_dir = workdir / "relink"
    shutil.rmtree(copy_dir, ignore_errors=True)
    copy_dir.mkdir()
    copy = copy_dir / db_path.name
    with sqlite3.connect(db_path) as source, sqlite3.connect(copy) as target:
        source.backup(target)
    shutil.copytree(Path(f"{db_path}.index"), Path(f"{copy}.index"))
    with sqlite3.connect(copy) as db:
        documents = db.execute("SELECT count(*) FROM corpus_documents").fetchone()[0]
        db.execute("UPDATE corpus_documents SET work_id = NULL")
        db.execute("UPDATE entries SET work_id = NULL")
        db.execute("DELETE FROM links")
        db.execute("DELETE FROM works")
    measured = run_measured([str(BIN / "mirror"), "link", "--db", f"sqlite:///{copy}"], REPO)
    print(
        f"relink of {documents} documents (matching and works; the index kept): "
        f"{measured.wall_s:.0f} s wall ({documents / measured.wall_s:.1f} docs/s), "
        f"{measured.cpu_s:.0f} s CPU, peak RSS {measured.peak_tree_rss_mb:.0f} MB",
        flush=True,
    )
    return measured.status


def match_worker(db_url: str, records_path: Path) -> None:
    """Per-record latency of matching, as `mirror match` does it (prints JSON)."""
    from sqlalchemy.orm import Session

    from common.gc_tuning import tune_collector_unless_disabled
    from db.pairs import load_decisions
    from db.session import make_engine
    from linkage.index_store import linkage_index
    from mirror import matching

    tune_collector_unless_disabled()  # as `mirror match` does
    queries, _ = matching.read_records(records_path)
    engine = make_engine(db_url)
    started = time.perf_counter()
    with Session(engine) as session:
        decisions = load_decisions(session)
        festival = matching.match_festival(session, None)  # as `mirror match` chooses it
        with linkage_index(session, persist_vectors=False) as index:
            index.embedder.embed(["warm the model up"])
            opened = time.perf_counter() - started
            latencies, links = [], 0
            for film_id, record in queries:
                begun = time.perf_counter()
                # One record at a time, its embedding included, as a caller matching
                # records as they arrive would see it (`mirror match` batches a file).
                (found,) = index.links_for_records([record])
                result = matching._match_one(decisions, film_id, record, found, festival)
                latencies.append((time.perf_counter() - begun) * 1000)
                links += len(result["links"])
    latencies.sort()
    print(
        json.dumps(
            {
                "open_s": round(opened, 2),
                "p50_ms": round(statistics.median(latencies), 1),
                "p95_ms": round(latencies[int(0.95 * (len(latencies) - 1))], 1),
                "max_ms": round(latencies[-1], 1),
                "records": len(latencies),
                "links": links,
            }
        )
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=100_000, help="corpus documents")
    parser.add_argument("--queries", type=int, default=200, help="records to match")
    parser.add_argument("--workdir", type=Path, help="keep files here (default: a temp dir)")
    parser.add_argument(
        "--skip-import",
        action="store_true",
        help="match against the database a previous run left in --workdir",
    )
    parser.add_argument(
        "--relink",
        action="store_true",
        help="then match every imported document again, on a copy with works and links "
        "reset (matching alone, on the same input)",
    )
    parser.add_argument(
        "--match-worker", nargs=2, metavar=("DB", "RECORDS"), help=argparse.SUPPRESS
    )
    args = parser.parse_args()
    if args.match_worker:
        match_worker(args.match_worker[0], Path(args.match_worker[1]))
        return 0
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="dedup-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    corpus, records = write_inputs(workdir, args.docs, args.queries)
    if args.skip_import and not (workdir / f"bench-{args.docs}.db").exists():
        parser.error(f"--skip-import: no bench-{args.docs}.db in {workdir}")
    db_url = f"sqlite:///{workdir / f'bench-{args.docs}.db'}"
    print(f"{args.docs} documents, {args.queries} records, in {workdir}", flush=True)

    if args.skip_import:
        print("import skipped: matching against the database already there")
    else:
        imported = run_measured(
            [str(BIN / "mirror"), "corpus", "import", str(corpus), "--db", db_url], REPO
        )
        if imported.status:
            print(f"import failed with status {imported.status}")
            return 1
        print(
            f"import: {imported.wall_s:.0f} s wall ({args.docs / imported.wall_s:.1f} docs/s), "
            f"{imported.cpu_s:.0f} s CPU ({args.docs / imported.cpu_s:.1f} docs per CPU second); "
            f"peak RSS {imported.peak_tree_rss_mb:.0f} MB for all its processes together "
            f"({imported.peak_rss_mb:.0f} MB for the largest one)",
            flush=True,
        )
        precision, recall, merged = work_quality(workdir / f"bench-{args.docs}.db", args.docs)
        print(
            f"works against the generator's stories: precision {precision:.3f}, "
            f"recall {recall:.3f} over pairs of documents ({merged} pairs merged)",
            flush=True,
        )
        counts = links_by_decision(workdir / f"bench-{args.docs}.db")
        print(
            f"links: {counts.get('match', 0)} matches, {counts.get('review', 0)} pairs queued "
            f"for review ({counts.get('review', 0) / args.docs:.2f} per document)",
            flush=True,
        )

    out = workdir / "match-worker.json"
    with out.open("w") as handle:
        matched = run_measured(
            [sys.executable, __file__, "--match-worker", db_url, str(records)],
            REPO,
            stdout=handle.fileno(),
        )
    figures = json.loads(out.read_text())
    print(
        f"match per record: p50 {figures['p50_ms']} ms, p95 {figures['p95_ms']} ms, "
        f"max {figures['max_ms']} ms ({figures['records']} records, {figures['links']} links); "
        f"opening the index {figures['open_s']} s; peak RSS {matched.peak_tree_rss_mb:.0f} MB",
        flush=True,
    )
    command = run_measured(
        [str(BIN / "mirror"), "match", str(records), "--db", db_url, "--json"], REPO
    )
    print(
        f"`mirror match` on {args.queries} records: {command.wall_s:.1f} s wall, "
        f"{command.cpu_s:.1f} s CPU, peak RSS {command.peak_tree_rss_mb:.0f} MB",
        flush=True,
    )
    if command.status:
        return 1
    if args.relink and relink(workdir, workdir / f"bench-{args.docs}.db"):
        print("relink failed")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
