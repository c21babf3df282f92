"""`mirror corpus import`, `mirror match` and `mirror review` on SQLite and PostgreSQL."""

from __future__ import annotations

import json
import multiprocessing
import shutil
import sqlite3
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from db.models import StoredLink, TextVector
from db.session import make_engine
from linkage import index_store, parallel, service, vector_cache
from linkage.embed import UniversalSentenceEncoder
from linkage.parallel import EmbeddingPool, LinkingPool, default_workers
from mirror import dedup_cli
from mirror.cli import app
from tests.db_fixtures import make_film, snapshot, store_films
from tests.dedup_fixtures import (
    DEDUP_SNAPSHOT_TABLES,
    LETO,
    failure,
    import_file,
    iter_jsonl,
    run,
    seed_paths,
    shared_works,
    work_of,
    works,
    write_lines,
)

pytest_plugins = ["tests.db_fixtures"]


@pytest.fixture
def seed_files() -> tuple[Path, Path]:
    return seed_paths()


# Written for these tests: the Leto story told again, in English, in our own words.
LETO_RECORD = {
    "film_id": "900001",
    "title": "Leto",
    "directors": ["Kirill Serebrennikov"],
    "year": 2018,
    "countries": ["Russia"],
    "edition": 2018,
    "section": "International Panorama",
    "synopsis": (
        "Leningrad in the early 1980s: a summer of underground rock. Mike, the admired "
        "singer of a band, takes the young Viktor Tsoi under his wing, and Natasha, "
        "Mike's wife, falls for the newcomer while the Soviet authorities watch the clubs."
    ),
}
UNRELATED_RECORD = {
    "film_id": "900002",
    "title": "The Lighthouse Keeper's Orchard",
    "directors": ["Ada Quill"],
    "year": 1994,
    "synopsis": "An orchard on a windy cape is tended by a retired lighthouse keeper and "
    "her grandson over one harvest season, as the apples ripen and the boats return.",
}


def test_importing_both_seed_files_joins_only_the_leto_pair(
    db_url: str, seed_files: tuple[Path, Path]
) -> None:
    for path in seed_files:
        import_file(db_url, path)
    assert shared_works(db_url) == [sorted(LETO)]
    members = sum(len(film["members"]) for film in works(db_url))
    assert members == 20  # every non-empty seed line is one document, each in one work
    assert all(film["work_id"] is not None for film in works(db_url))


def test_reimporting_the_seed_files_adds_nothing(
    db_url: str, seed_files: tuple[Path, Path]
) -> None:
    for path in seed_files:
        import_file(db_url, path)
    before = snapshot(db_url, DEDUP_SNAPSHOT_TABLES)
    for path in seed_files:
        result = import_file(db_url, path)
        assert " 0 new, 0 changed," in result.stdout
    assert snapshot(db_url, DEDUP_SNAPSHOT_TABLES) == before


def test_plain_lines_get_name_and_line_number_ids(db_url: str, tmp_path: Path) -> None:
    path = write_lines(
        tmp_path / "notes.txt",
        [b"A ferry crosses a frozen bay at dawn.", b"", b"   ", b"Two sisters run a cinema."],
    )
    import_file(db_url, path)
    import_file(db_url, path, "--source", "renamed")
    ids = {m["doc"] for film in works(db_url) for m in film["members"]}
    assert ids == {"notes:1", "notes:4", "renamed:1", "renamed:4"}


def test_bad_lines_are_reported_by_number_and_the_rest_imported(
    db_url: str, tmp_path: Path
) -> None:
    path = write_lines(
        tmp_path / "mixed.jsonl",
        [
            b'{"id": "m1", "text": "A chess player crosses the Andes on foot.", "year": 1971}',
            b'{"id": "m2", "text": "unterminated',
            b'{"id": "m3", "title": "No text here"}',
            b'{"id": "m4", "text": "caf\xe9 in Latin-1, not UTF-8"}',
            b'{"text": "A tailor in Lagos sews a wedding dress in one night."}',
        ],
    )
    result = run("corpus", "import", str(path), "--db", db_url)
    assert result.exit_code == dedup_cli.EXIT_SOME_REJECTED  # imported, but not everything
    for line in (2, 3, 4):
        assert f"mixed.jsonl:{line}: rejected" in result.stderr
    assert "mixed.jsonl:1:" not in result.stderr and "mixed.jsonl:5:" not in result.stderr
    assert "2 new" in result.stdout and "3 rejected" in result.stdout
    ids = {m["doc"] for film in works(db_url) for m in film["members"]}
    assert ids == {"m1", "mixed:5"}


def test_a_file_with_nothing_usable_fails(db_url: str, tmp_path: Path) -> None:
    path = write_lines(tmp_path / "broken.jsonl", [b"{not json", b'{"title": "no text"}'])
    result = run("corpus", "import", str(path), "--db", db_url)
    assert result.exit_code == 1
    assert "broken.jsonl:1:" in result.stderr and "broken.jsonl:2:" in result.stderr


def test_csv_import_reads_the_named_fields(db_url: str, tmp_path: Path) -> None:
    path = tmp_path / "catalogue.csv"
    path.write_text(
        "id,title,directors,year,synopsis\n"
        'c1,Salt Harbour,Ana Ruiz; Tom Bell,1988,"A harbour town, a strike, a long winter."\n',
        encoding="utf-8",
    )
    import_file(db_url, path)
    [film] = works(db_url)
    assert (film["title"], film["year"], film["directors"]) == (
        "Salt Harbour",
        1988,
        ["Ana Ruiz", "Tom Bell"],
    )


class _NoModel:
    dimensions = 512

    def embed(self, texts: object) -> object:
        raise AssertionError("the model ran again over texts an earlier run embedded")


def test_an_import_killed_while_linking_resumes_without_the_model(
    db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write_lines(
        tmp_path / "killed.jsonl",
        [
            b'{"id": "k1", "text": "A ferry pilot counts the ice floes on a frozen bay."}',
            b'{"id": "k2", "text": "Two sisters keep a village cinema open through a war."}',
        ],
    )

    def killed(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    with monkeypatch.context() as patched:
        patched.setattr(dedup_cli, "link_with_progress", killed)
        assert run("corpus", "import", str(path), "--db", db_url).exit_code != 0
    monkeypatch.setattr(vector_cache, "default_embedder", _NoModel)
    result = import_file(db_url, path)
    assert "0 new" in result.stdout and "matched 2" in result.stdout
    assert {m["doc"] for film in works(db_url) for m in film["members"]} == {"k1", "k2"}


def test_match_prints_one_json_line_per_record_and_writes_nothing(
    db_url: str, seed_files: tuple[Path, Path], tmp_path: Path
) -> None:
    for path in seed_files:
        import_file(db_url, path)
    records = tmp_path / "records.jsonl"
    records.write_text(
        "\n".join(json.dumps(r, ensure_ascii=False) for r in (LETO_RECORD, UNRELATED_RECORD)),
        encoding="utf-8",
    )
    before = snapshot(db_url, DEDUP_SNAPSHOT_TABLES)
    result = run("match", str(records), "--db", db_url, "--json")
    assert result.exit_code == 0, result.stderr
    lines = list(iter_jsonl(result.stdout))
    assert [line["id"] for line in lines] == ["900001", "900002"]
    for line in lines:
        assert list(line) == ["id", "links"]
        for link in line["links"]:
            assert list(link) == ["doc", "decision", "score", "why"]
            assert link["decision"] in ("match", "review")
            assert isinstance(link["score"], float) and link["why"]
    leto_docs = {link["doc"] for link in lines[0]["links"]}
    assert {key.removeprefix("doc:") for key in LETO} <= leto_docs
    assert lines[1]["links"] == []
    assert snapshot(db_url, DEDUP_SNAPSHOT_TABLES) == before


def test_rejected_pair_stays_apart_after_reimport(
    db_url: str, seed_files: tuple[Path, Path]
) -> None:
    for path in seed_files:
        import_file(db_url, path)
    result = run("review", "--db", db_url, "--reject", *LETO)
    assert result.exit_code == 0, result.stderr
    assert shared_works(db_url) == []
    for path in seed_files:
        import_file(db_url, path)
    assert shared_works(db_url) == []
    listed = run("review", "--db", db_url, "--list", "--json")
    pairs = {(p["left"]["key"], p["right"]["key"]) for p in json.loads(listed.stdout)}
    assert LETO not in pairs  # decided pairs are no longer pending


def test_accepted_review_pair_becomes_one_work(db_url: str, seed_files: tuple[Path, Path]) -> None:
    for path in seed_files:
        import_file(db_url, path)
    listed = run("review", "--db", db_url, "--list", "--json")
    pending = json.loads(listed.stdout)
    assert pending, "the seed corpus leaves at least one pair for review"
    left, right = pending[0]["left"]["key"], pending[0]["right"]["key"]
    assert work_of(db_url)[left] != work_of(db_url)[right]
    # bare document ids are accepted as well as member keys
    result = run("review", "--db", db_url, "--accept", left.removeprefix("doc:"), right)
    assert result.exit_code == 0, result.stderr
    assert work_of(db_url)[left] == work_of(db_url)[right]
    remaining = json.loads(run("review", "--db", db_url, "--list", "--json").stdout)
    assert len(remaining) == len(pending) - 1


def test_interactive_review_records_the_answers(db_url: str, seed_files: tuple[Path, Path]) -> None:
    for path in seed_files:
        import_file(db_url, path)
    pending = json.loads(run("review", "--db", db_url, "--list", "--json").stdout)
    answers = "r\n" + "s\n" * len(pending)
    result = CliRunner().invoke(app, ["review", "--db", db_url], input=answers)
    assert result.exit_code == 0, result.stderr
    assert "1 decision(s) recorded" in result.stdout
    remaining = json.loads(run("review", "--db", db_url, "--list", "--json").stdout)
    assert len(remaining) == len(pending) - 1


def test_reviewing_an_unknown_member_fails_with_one_line(db_url: str) -> None:
    result = run("review", "--db", db_url, "--reject", "nope:1", "doc:none")
    assert result.exit_code == 1
    assert "no entry or corpus document called 'nope:1'" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


# Written for this test: eight short synopses in four languages, one of them twice.
POOLED_TEXTS = [
    "A ferry pilot counts the ice floes on a frozen bay.",
    "Deux soeurs gardent ouvert le cinéma du village pendant la guerre.",
    "Ein alter Uhrmacher repariert die Turmuhr seiner Stadt ein letztes Mal.",
    "Una maestra rural enseña a leer a un pastor de cabras.",
    "A ferry pilot counts the ice floes on a frozen bay.",
    "Un phare abandonné devient l'atelier d'une jeune sculptrice.",
    "Zwei Brüder schmuggeln Schallplatten über die Grenze.",
    "Un viejo tranvía recorre por última vez la ciudad dormida.",
]


def _count_pools(monkeypatch: pytest.MonkeyPatch, module: Any, pool: type) -> list[int]:
    """The worker count of every `pool` that `module` starts from now on."""
    started: list[int] = []

    class Counted(pool):  # type: ignore[misc, valid-type]
        def __init__(self, *args: Any) -> None:
            started.append(args[-1])  # both pools take the worker count last
            super().__init__(*args)

    monkeypatch.setattr(module, pool.__name__, Counted)
    return started


def _stored_vectors(url: str) -> dict[str, np.ndarray]:
    engine = make_engine(url)
    try:
        with Session(engine) as session:
            rows = session.execute(select(TextVector.text_hash, TextVector.vector)).all()
    finally:
        engine.dispose()
    return {digest: np.frombuffer(blob, dtype=np.float16) for digest, blob in rows}


def test_import_embedding_in_worker_processes_stores_what_one_process_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write_lines(
        tmp_path / "pooled.jsonl",
        [json.dumps({"id": f"p{n}", "text": t}).encode() for n, t in enumerate(POOLED_TEXTS)],
    )
    monkeypatch.setattr(dedup_cli, "IMPORT_BATCH", 3)  # three batches: the pool is used
    # dedup_cli imports the pool when it imports (lazily): count it where it is defined.
    pools = _count_pools(monkeypatch, parallel, EmbeddingPool)
    urls = {}
    for workers in ("1", "2"):
        monkeypatch.setenv("MIRROR_WORKERS", workers)
        urls[workers] = f"sqlite:///{tmp_path / f'workers-{workers}.db'}"
        import_file(urls[workers], path)
    assert pools == [2]  # one pool of two workers, and none for the inline import
    inline, pooled = _stored_vectors(urls["1"]), _stored_vectors(urls["2"])
    assert sorted(pooled) == sorted(inline) and len(pooled) == len(set(POOLED_TEXTS))
    for digest, vector in inline.items():
        assert np.allclose(pooled[digest], vector, atol=2e-3), digest
    assert shared_works(urls["2"]) == shared_works(urls["1"])


def test_a_bad_workers_setting_fails_with_one_line(
    db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MIRROR_WORKERS", "lots")
    path = write_lines(tmp_path / "one.txt", [b"A ferry pilot counts the ice floes on a bay."])
    result = run("corpus", "import", str(path), "--db", db_url)
    assert result.exit_code != 0
    assert "MIRROR_WORKERS must be a whole number" in result.stderr


def _links(url: str) -> list[tuple[object, ...]]:
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            return [
                tuple(row)
                for row in conn.execute(
                    select(
                        StoredLink.left_key,
                        StoredLink.right_key,
                        StoredLink.score,
                        StoredLink.decision,
                        StoredLink.reason,
                    ).order_by(StoredLink.left_key, StoredLink.right_key)
                )
            ]
    finally:
        engine.dispose()


# Two of POOLED_TEXTS told again in other languages: pairs for the linking tests.
TRANSLATIONS = [
    "Un pilote de ferry compte les glaces flottantes sur une baie gelée.",
    "Zwei Schwestern halten das Dorfkino während des ganzen Krieges offen.",
]


def _pooled_corpus(path: Path, prefix: str) -> Path:
    """A corpus file of POOLED_TEXTS and TRANSLATIONS, ids `prefix` + line number."""
    return write_lines(
        path,
        [
            json.dumps({"id": f"{prefix}{n}", "text": t}).encode()
            for n, t in enumerate(POOLED_TEXTS + TRANSLATIONS)
        ],
    )


def test_linking_in_worker_processes_stores_the_links_one_process_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _pooled_corpus(tmp_path / "linked.jsonl", "l")
    monkeypatch.setattr(index_store, "INDEX_CHUNK", 3)  # four chunks of pending documents
    monkeypatch.setattr(parallel, "LINK_JOB", 2)  # each chunk in two jobs, stored as one
    pools = _count_pools(monkeypatch, service, LinkingPool)
    urls = {}
    for workers in ("1", "2"):
        monkeypatch.setenv("MIRROR_WORKERS", workers)
        urls[workers] = f"sqlite:///{tmp_path / f'workers-{workers}.db'}"
        import_file(urls[workers], path)
    assert pools == [2]
    assert _links(urls["2"]) == _links(urls["1"]) != []
    assert shared_works(urls["2"]) == shared_works(urls["1"])


def _unlinked_without_vectors(url: str) -> None:
    """Back to before linking, with no stored vector: every document pending, every
    text unseen, no index (as after a first crawl)."""
    db_file = Path(url.removeprefix("sqlite:///"))
    with sqlite3.connect(db_file) as connection:
        connection.execute("UPDATE corpus_documents SET work_id = NULL")
        for table in ("links", "works", "text_vectors"):
            connection.execute(f"DELETE FROM {table}")
    shutil.rmtree(f"{db_file.resolve()}.index")


def _link_unseen_texts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """Import POOLED_TEXTS and two translations, forget the links and vectors, link
    again with one worker and with two; the two database URLs by worker count."""
    path = _pooled_corpus(tmp_path / "unseen.jsonl", "u")
    urls = {}
    for workers in ("1", "2"):
        monkeypatch.setenv("MIRROR_WORKERS", workers)
        urls[workers] = f"sqlite:///{tmp_path / f'unseen-{workers}.db'}"
        import_file(urls[workers], path)
        _unlinked_without_vectors(urls[workers])
        result = run("link", "--db", urls[workers])
        assert result.exit_code == 0, result.output + result.stderr
    return urls


def test_linking_embeds_unseen_texts_in_worker_processes_as_one_process_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Batches of two texts and chunks of three documents: batches straddle chunks, and
    # the repeated text comes back in a later chunk than its first telling.
    monkeypatch.setattr(service, "EMBED_BATCH", 2)
    monkeypatch.setattr(index_store, "INDEX_CHUNK", 3)
    pools = _count_pools(monkeypatch, service, EmbeddingPool)
    urls = _link_unseen_texts(tmp_path, monkeypatch)
    assert pools == [2]  # the two-worker link embedded in a pool, the other inline
    inline, pooled = _stored_vectors(urls["1"]), _stored_vectors(urls["2"])
    assert sorted(pooled) == sorted(inline) and len(pooled) == len(set(POOLED_TEXTS)) + 2
    for digest, vector in inline.items():
        assert np.allclose(pooled[digest], vector, atol=2e-3), digest
    assert _links(urls["2"]) == _links(urls["1"]) != []
    assert shared_works(urls["2"]) == shared_works(urls["1"])


def test_linking_starts_its_workers_while_the_index_is_still_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Once the model's workers are done, the linking workers start (and import) while
    # the index adds its last records; they open it at their first job, once written.
    monkeypatch.setattr(service, "EMBED_BATCH", 2)
    monkeypatch.setattr(index_store, "INDEX_CHUNK", 3)
    pools = _count_pools(monkeypatch, service, LinkingPool)
    events: list[str] = []

    def noting(name: str, method: Any) -> Any:
        def noted(*args: Any, **kwargs: Any) -> Any:
            events.append(name)
            return method(*args, **kwargs)

        return noted

    monkeypatch.setattr(LinkingPool, "start", noting("workers started", LinkingPool.start))
    monkeypatch.setattr(LinkingPool, "links", noting("links asked", LinkingPool.links))
    flush = service.DiskStore.flush
    monkeypatch.setattr(service.DiskStore, "flush", noting("index written", flush))
    urls = _link_unseen_texts(tmp_path, monkeypatch)
    # The import links with a pool of its own (its texts were embedded as it read
    # them); `mirror link`, which embeds the unseen texts, starts its pool early.
    assert pools == [2, 2]
    assert events.count("workers started") == 1
    assert events[-3:] == ["workers started", "index written", "links asked"]
    assert _links(urls["2"]) == _links(urls["1"]) != []


def test_linking_leaves_one_batch_of_unseen_texts_to_the_index(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The batch spans five chunks: more than are held back waiting for a pool.
    monkeypatch.setattr(index_store, "INDEX_CHUNK", 2)
    assert service.HELD_CHUNKS < 10 / 2
    pools = _count_pools(monkeypatch, service, EmbeddingPool)
    urls = _link_unseen_texts(tmp_path, monkeypatch)
    assert pools == []  # ten texts, one batch: starting a pool would cost more
    assert sorted(_stored_vectors(urls["2"])) == sorted(_stored_vectors(urls["1"]))
    assert _links(urls["2"]) == _links(urls["1"]) != []


def test_a_pooled_link_never_runs_the_model_in_the_linking_process(
    sqlite_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The titles the key rule compares by meaning, and the other titles they print
    beside their own, are embedded by the pool with the synopses: a model loaded in
    the linking process for a few of them cost it a second and ~100 MB."""
    monkeypatch.setenv("MIRROR_WORKERS", "2")
    monkeypatch.setattr(service, "EMBED_BATCH", 2)  # a pool for these few texts
    pools = _count_pools(monkeypatch, service, EmbeddingPool)
    in_this_process: list[str] = []
    embed = UniversalSentenceEncoder.embed

    def noted(self: UniversalSentenceEncoder, texts: Any) -> Any:
        in_this_process.extend(texts)
        return embed(self, texts)

    monkeypatch.setattr(UniversalSentenceEncoder, "embed", noted)
    director = {"directors": ["Olena Marchenko"], "year": 2019, "countries": ["Ukraine"]}
    films = [
        make_film(1, title="The Last Ferryman", lang="en", **director),
        make_film(2, title="Die Salzstraße – Der letzte Fährmann", lang="de", **director),
        *(make_film(n) for n in range(3, 7)),
    ]
    store_films(sqlite_url, films)
    result = run("link", "--db", sqlite_url)
    assert result.exit_code == 0, result.output + result.stderr + failure(result)
    assert pools == [2]
    assert in_this_process == []
    assert shared_works(sqlite_url) == [["entry:miff:1001", "entry:miff:1002"]]


def _report_workers(answers: Any) -> None:
    answers.put(default_workers())


def test_a_daemonic_process_links_without_worker_processes(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # A crawl stores and links in a daemonic child process, which may not start any.
    monkeypatch.setenv("MIRROR_WORKERS", "3")
    context = multiprocessing.get_context("spawn")
    answers = context.Queue()
    child = context.Process(target=_report_workers, args=(answers,), daemon=True)
    child.start()
    child.join(timeout=60)
    assert answers.get(timeout=5) == 1
