"""Deduplication commands: `corpus import`, `match`, `review` and `link`.

Writing commands (`corpus import`, `review --accept/--reject`, `link`) bring the
database schema up to date first (a new SQLite file is created); `match` and
`review --list` only read.
"""

from __future__ import annotations

import json
import sys
import time
from collections import Counter, deque
from collections.abc import Iterator
from concurrent.futures import Future
from contextlib import contextmanager
from difflib import SequenceMatcher
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.columns import Columns
from rich.console import Console, Group
from rich.panel import Panel
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TransferSpeedColumn,
)
from rich.table import Table
from rich.text import Text

from common.gc_tuning import tune_collector_unless_disabled
from mirror.corpus_input import (
    DEFAULT_MAX_CHARS,
    BadLine,
    CorpusFormat,
    ParsedDocument,
    format_for,
    read_corpus,
)
from mirror.festival_choice import FestivalChoiceError, FestivalOption
from mirror.query_cli import EXIT_ERROR, CliError, DbOption, JsonOption, _fail, open_session

# SQLAlchemy, db.* and linkage.* (numpy, scipy, the sentence encoder) are imported by the
# functions that use them: `mirror --help` and `mirror link --help` must not wait for them.
if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from db.corpus_documents import ImportCounts
    from db.pairs import Verdict
    from linkage.parallel import EmbeddingPool
    from linkage.service import LinkReport, ReviewItem

IMPORT_BATCH = 1000  # documents per transaction: an interrupted import resumes from here
# `corpus import`: documents were imported, but some lines were rejected (see README).
EXIT_SOME_REJECTED = 3
REJECTED_LISTED = 5  # rejected lines named again in the closing summary

corpus_app = typer.Typer(
    help="The existing corpus of synopses: import it and match it against the archive.",
    no_args_is_help=True,
)
_err = Console(stderr=True)


@contextmanager
def write_session(db: str | None) -> Iterator[Session]:
    """A session on a database migrated to the latest schema; commits on success."""
    from sqlalchemy.exc import SQLAlchemyError
    from sqlalchemy.orm import Session

    from db.migrate import upgrade
    from db.session import DatabaseUrlError, database_url, make_engine

    url = database_url(db)
    try:
        upgrade(url)
        engine = make_engine(url, write_intent=True)
    except DatabaseUrlError as exc:
        raise CliError(str(exc)) from None
    except SQLAlchemyError as exc:
        raise CliError(f"cannot open database: {str(exc).splitlines()[0]}") from None
    try:
        with Session(engine) as session:
            yield session
            session.commit()
    finally:
        engine.dispose()


def _progress() -> Progress:
    return Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=_err,
        disable=not _err.is_terminal,
    )


def link_with_progress(session: Session, origin: str) -> LinkReport:
    """`link_pending` with an indexing and a matching bar."""
    from db.members import count_members
    from linkage.service import link_pending

    with _progress() as progress:
        members, pending = count_members(session)
        indexing = progress.add_task("indexing", total=members if pending else 0)
        matching_task = progress.add_task("matching", total=pending)
        return link_pending(
            session,
            origin=origin,
            index_progress=lambda n: progress.advance(indexing, n),
            link_progress=lambda n: progress.advance(matching_task, n),
        )


# -- corpus import ------------------------------------------------------------------------


@corpus_app.command("import")
def import_command(
    file: Annotated[
        Path, typer.Argument(help="Corpus file: plain text (one document a line), JSONL or CSV.")
    ],
    db: DbOption = None,
    source: Annotated[
        str | None,
        typer.Option(
            "--source", help="Corpus name, the NAME in document ids NAME:N (default: file stem)."
        ),
    ] = None,
    format: Annotated[
        CorpusFormat | None,
        typer.Option(
            "--format",
            help="lines: each non-empty line a document; jsonl/csv: fields id, text or "
            "synopsis, title, directors, year, lang (default: from the file extension).",
            show_default=False,
        ),
    ] = None,
    max_chars: Annotated[
        int,
        typer.Option(
            "--max-chars",
            min=1,
            help="Reject a document (a line, or a CSV row) longer than this many "
            "characters, without reading it whole into memory.",
        ),
    ] = DEFAULT_MAX_CHARS,
) -> None:
    """Import corpus documents, then match each new one against the whole database.

    Re-importing adds nothing; an interrupted import resumes. The encoding is told by
    the byte-order mark (UTF-8, UTF-16, UTF-32), else UTF-8. A line that cannot be used
    (not valid UTF-8, binary data, invalid JSON or CSV, a value out of range, too long)
    is rejected on stderr as FILE:LINE: reason, and the rest is imported; fragments too
    short to be a synopsis are skipped. Exit status: 0 everything usable was imported,
    3 imported but some lines were rejected, 1 nothing could be imported (or an error).
    The model and the matching run in one worker process per core; MIRROR_WORKERS=N
    (environment) sets how many, 1 keeps everything in this process.
    """
    from sqlalchemy.exc import SQLAlchemyError

    from linkage.disk_store import StoreLocked
    from linkage.parallel import WorkerFailed

    if not file.is_file():
        _fail(f"no such file: {file}")
    tune_collector_unless_disabled()
    name = source or file.stem
    fmt = format_for(file, format)
    started = time.perf_counter()
    if len(name) > MAX_SOURCE_CHARS:
        _fail(f"corpus name longer than {MAX_SOURCE_CHARS} characters: give a shorter --source")
    try:
        with write_session(db) as session:
            counts, rejected, usable = _import_documents(session, file, name, fmt, max_chars)
            if usable == 0:
                session.rollback()
                rejected.report(file.name)
                _fail(f"nothing could be imported from {file} ({rejected.summary()})")
            report = link_with_progress(session, origin=f"import:{name}")
    except (CliError, StoreLocked, WorkerFailed) as exc:
        _fail(str(exc))
    except SQLAlchemyError as exc:
        _fail(f"database error: {str(exc).splitlines()[0]}")
    elapsed = time.perf_counter() - started
    rejected.report(file.name)
    typer.echo(
        f"{file.name}: {counts.new} new, {counts.changed} changed, {counts.unchanged} already "
        f"imported, {rejected.summary()}; matched {report.linked}: {report.matches} "
        f"automatic links, {report.reviews} for review; {report.works} works "
        f"({elapsed:.1f} s)"
    )
    if rejected.broken:
        raise typer.Exit(EXIT_SOME_REJECTED)


MAX_SOURCE_CHARS = 200  # the width of corpus_documents.source


class _Rejections:
    """The lines an import could not use: each reported on stderr as it is found,
    counted by reason, and summed up at the end with the first few named again."""

    def __init__(self, file_name: str) -> None:
        self._file_name = file_name
        self.broken = 0
        self.too_short = 0
        self._reasons: Counter[str] = Counter()
        self._first: list[int] = []

    def add(self, bad: BadLine) -> None:
        verb = "skipped" if bad.too_short else "rejected"
        _err.print(Text(f"{self._file_name}:{bad.line}: {verb}: {bad.reason}"), soft_wrap=True)
        if bad.too_short:
            self.too_short += 1
            return
        self.broken += 1
        # "longer than 100,000 characters" and "invalid JSON (Expecting value)" group
        # under their first words.
        self._reasons[bad.reason.split(" (")[0]] += 1
        if len(self._first) < REJECTED_LISTED:
            self._first.append(bad.line)

    def summary(self) -> str:
        return f"{self.broken} rejected, {self.too_short} too short"

    def report(self, file_name: str) -> None:
        if not self.broken:
            return
        reasons = "; ".join(f"{count} {reason}" for reason, count in self._reasons.most_common())
        lines = ", ".join(str(line) for line in self._first)
        more = ", …" if self.broken > len(self._first) else ""
        _err.print(
            Text(
                f"{file_name}: {self.broken} line(s) rejected ({reasons}); "
                f"first at line(s) {lines}{more}"
            ),
            soft_wrap=True,
        )


def _import_documents(
    session: Session, file: Path, source: str, fmt: CorpusFormat, max_chars: int
) -> tuple[ImportCounts, _Rejections, int]:
    """Store the file's documents batch by batch (each batch committed); returns
    (counts, rejected lines, usable documents)."""
    from linkage.parallel import default_workers

    rejected = _Rejections(file.name)
    usable = 0
    batch: list[ParsedDocument] = []
    try:
        workers = default_workers()
    except ValueError as exc:
        raise CliError(str(exc)) from None
    with (
        file.open("rb") as handle,
        Progress(
            TextColumn("[bold]reading"),
            BarColumn(),
            TransferSpeedColumn(),
            TimeElapsedColumn(),
            console=_err,
            disable=not _err.is_terminal,
        ) as progress,
        _BatchWriter(session, source, workers) as writer,
    ):
        task = progress.add_task("reading", total=file.stat().st_size)
        for item in read_corpus(handle, source, fmt, max_chars):
            progress.update(task, completed=handle.tell())
            if isinstance(item, BadLine):
                rejected.add(item)
                continue
            usable += 1
            batch.append(item)
            if len(batch) >= IMPORT_BATCH:
                writer.put(batch, last=False)
                batch = []
        if batch:
            writer.put(batch, last=True)
        writer.finish()
    return writer.counts, rejected, usable


class _BatchWriter:
    """Stores batches of documents with their sentence vectors, one commit each: the
    model is the slowest step, and an interrupted import resumes without running it
    again. With more than one core (and more than one batch) an `EmbeddingPool`
    computes the vectors while the next batches are read; batches commit in order."""

    def __init__(self, session: Session, source: str, workers: int) -> None:
        from db.corpus_documents import ImportCounts

        self._session = session
        self._source = source
        self._workers = workers
        self._pool: EmbeddingPool | None = None
        self._waiting: deque[tuple[list[ParsedDocument], list[str], Future[Any]]] = deque()
        self.counts = ImportCounts()

    def put(self, batch: list[ParsedDocument], *, last: bool) -> None:
        from db.corpus_documents import store_documents
        from linkage.lang import detect_language
        from linkage.parallel import EmbeddingPool
        from linkage.vector_cache import store_vectors, unseen_texts

        if self._pool is None and (self._workers <= 1 or last):
            self.counts += store_documents(self._session, self._source, batch, detect_language)
            store_vectors(self._session, [doc.text for doc in batch])
            self._session.commit()
            return
        if self._pool is None:
            self._pool = EmbeddingPool(self._workers)
        texts = unseen_texts(self._session, [doc.text for doc in batch])
        self._waiting.append((batch, texts, self._pool.submit(texts)))
        while len(self._waiting) > self._workers:
            self._store_oldest()

    def finish(self) -> None:
        while self._waiting:
            self._store_oldest()

    def _store_oldest(self) -> None:
        from db.corpus_documents import store_documents
        from linkage.lang import detect_language
        from linkage.vector_cache import save_vectors

        assert self._pool is not None
        batch, texts, future = self._waiting.popleft()
        vectors = self._pool.result(future)
        self.counts += store_documents(self._session, self._source, batch, detect_language)
        save_vectors(self._session, texts, vectors)
        self._session.commit()

    def __enter__(self) -> _BatchWriter:
        return self

    def __exit__(self, *_: object) -> None:
        if self._pool is not None:
            self._pool.close()


# -- match --------------------------------------------------------------------------------


def match_command(
    file: Annotated[
        Path, typer.Argument(help="Film records, one JSON object a line (--records format).")
    ],
    db: DbOption = None,
    festival: FestivalOption = None,
    as_json: Annotated[
        bool,
        typer.Option(
            "--json",
            help="One JSON line per record (the default unless stdout is a terminal, "
            "where a table is shown).",
        ),
    ] = False,
) -> None:
    """Match film records against everything in the database; writes nothing.

    Prints one JSON line per record: {"id", "links": [{"doc", "decision", "score",
    "why"}]}, where doc is a corpus document id or entry:FESTIVAL:FILM_ID. A record's
    film_id names an entry of --festival, whose review decisions apply to it.
    """
    from sqlalchemy.exc import SQLAlchemyError

    from linkage.disk_store import StoreLocked
    from mirror import matching

    if not file.is_file():
        _fail(f"no such file: {file}")
    tune_collector_unless_disabled()
    queries, bad = matching.read_records(file)
    for line, reason in bad:
        _err.print(Text(f"{file.name}:{line}: skipped: {reason}"), soft_wrap=True)
    try:
        with open_session(db) as session:
            _require_dedup_tables(session)
            chosen = matching.match_festival(session, festival)
            results = matching.match_records(session, queries, chosen)
    except (CliError, StoreLocked, FestivalChoiceError) as exc:
        _fail(str(exc))
    except SQLAlchemyError as exc:
        _fail(f"database error: {str(exc).splitlines()[0]}")
    if as_json or not sys.stdout.isatty():
        for result in results:
            sys.stdout.write(json.dumps(result, ensure_ascii=False) + "\n")
        return
    table = Table(title=f"{len(results)} record(s) matched", show_lines=True)
    for column in ("record", "doc", "decision", "score", "why"):
        table.add_column(column)
    for result in results:
        for link in result["links"] or [{"doc": "", "decision": "none", "score": "", "why": ""}]:
            table.add_row(
                result["id"], link["doc"], link["decision"], str(link["score"]), Text(link["why"])
            )
    Console().print(table)


def _require_dedup_tables(session: Session) -> None:
    from sqlalchemy import inspect

    if not inspect(session.connection()).has_table("corpus_documents"):
        raise CliError(
            "the database predates deduplication: run `python -m db.migrate upgrade` "
            "or `mirror link` first"
        )


# -- review -------------------------------------------------------------------------------


def review_command(
    db: DbOption = None,
    list_only: Annotated[
        bool, typer.Option("--list", help="List the pairs waiting for a decision and exit.")
    ] = False,
    accept: Annotated[
        tuple[str, str] | None,
        typer.Option(
            "--accept",
            help="Accept a pair as one film: two member ids (doc id or entry:FESTIVAL:ID).",
            show_default=False,
        ),
    ] = None,
    reject: Annotated[
        tuple[str, str] | None,
        typer.Option(
            "--reject",
            help="Reject a pair: never link these two, now or in later runs.",
            show_default=False,
        ),
    ] = None,
    note: Annotated[
        str | None, typer.Option("--note", help="A note kept with the decision.")
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Review pairs the matcher was unsure about: list them, or accept/reject each.

    Without options, an interactive prompt shows each pending pair side by side, the
    most valuable first; answer a/accept, r/reject, s/skip, u/undo or q/quit. Each
    decision is its own short transaction: an open review holds no lock, so a crawl
    can run meanwhile. Decisions persist: later imports, `mirror link` and `mirror
    match` respect them (and `benchmarks/fit_linkage.py --decisions` learns from them).
    """
    from sqlalchemy.exc import SQLAlchemyError

    from db.members import resolve_member
    from db.pairs import ACCEPT, REJECT
    from linkage.service import decide, pending_reviews

    if accept and reject:
        _fail("give --accept or --reject, not both")
    try:
        if accept or reject:
            pair, verdict = (accept, ACCEPT) if accept else (reject, REJECT)
            assert pair is not None
            with write_session(db) as session:
                left, right = (resolve_member(session, m) for m in pair)
                decide(session, left, right, verdict, note)
            typer.echo(f"{verdict}ed: {left} {right}")
            return
        if list_only:
            with open_session(db) as session:
                _require_dedup_tables(session)
                pending = pending_reviews(session)
            _show_pending(pending, as_json)
            return
        _interactive(db, note)
    except (CliError, ValueError) as exc:
        _fail(str(exc))
    except SQLAlchemyError as exc:
        _fail(f"database error: {str(exc).splitlines()[0]}")


# Side by side from this width up; stacked below it.
SIDE_BY_SIDE_COLUMNS = 120
# Texts at least this close (shared word 3-grams) are shown as a word-level diff.
DIFF_JACCARD = 0.3
_ANSWERS = {
    "a": "accept",
    "accept": "accept",
    "y": "accept",
    "yes": "accept",
    "r": "reject",
    "reject": "reject",
    "n": "reject",
    "no": "reject",
    "s": "skip",
    "skip": "skip",
    "": "skip",
    "u": "undo",
    "undo": "undo",
    "q": "quit",
    "quit": "quit",
}
_PROMPT = r"Same film? \[a]ccept  \[r]eject  \[s]kip  \[u]ndo  \[q]uit"
_LAST_PROMPT = r"No more pairs waiting. \[u]ndo the last decision or \[q]uit"


def _heading(member: dict[str, Any]) -> Text:
    fields = [
        ("title", member.get("title")),
        ("directed by", ", ".join(member.get("directors") or [])),
        ("year", member.get("year")),
        ("edition", member.get("edition")),
        ("section", member.get("section")),
        ("countries", ", ".join(member.get("countries") or [])),
        ("language", member.get("lang")),
        ("url", member.get("url")),
    ]
    heading = Text()
    for label, value in fields:
        if value:
            heading.append(f"{label}: ", style="dim")
            heading.append(f"{value}\n", style="bold" if label == "title" else "")
    return heading


def _texts(left: str | None, right: str | None) -> tuple[Text, Text]:
    """The two synopses; near copies as a word-level diff (removed words red on the
    left, added words green on the right)."""
    from linkage.text import text_jaccard

    if not left or not right or text_jaccard(left, right) < DIFF_JACCARD:
        return Text(left or "(no synopsis)"), Text(right or "(no synopsis)")
    left_words, right_words = left.split(), right.split()
    left_text, right_text = Text(), Text()
    for op, i1, i2, j1, j2 in SequenceMatcher(a=left_words, b=right_words).get_opcodes():
        if op == "equal":
            left_text.append(" ".join(left_words[i1:i2]) + " ")
            right_text.append(" ".join(right_words[j1:j2]) + " ")
            continue
        if i2 > i1:
            left_text.append(" ".join(left_words[i1:i2]) + " ", style="bold red")
        if j2 > j1:
            right_text.append(" ".join(right_words[j1:j2]) + " ", style="bold green")
    return left_text, right_text


def _pair_view(item: ReviewItem, counter: str, width: int) -> Panel:
    left_text, right_text = _texts(item.left["text"], item.right["text"])
    sides = [
        Panel(Group(_heading(member), text), title=Text(member["key"]), expand=True)
        for member, text in ((item.left, left_text), (item.right, right_text))
    ]
    body = (
        Columns(sides, equal=True, expand=True) if width >= SIDE_BY_SIDE_COLUMNS else Group(*sides)
    )
    return Panel(
        Group(Text(item.reason, style="italic"), body),
        title=f"pair {counter} · probability {item.score:.2f} · joins {item.members_joined}",
    )


def _show_pending(pending: list[ReviewItem], as_json: bool) -> None:
    if as_json:
        sys.stdout.write(
            json.dumps([item.as_dict() for item in pending], ensure_ascii=False, indent=2) + "\n"
        )
        return
    console = Console()
    if not pending:
        console.print("No pairs waiting for review.")
        return
    for number, item in enumerate(pending, start=1):
        console.print(_pair_view(item, f"{number}/{len(pending)}", console.width))


def _ask(console: Console, prompt: str = _PROMPT, allowed: str = "arsuq") -> str:
    """The reviewer's answer as one of accept/reject/skip/undo/quit; end of input quits."""
    while True:
        try:
            raw = console.input(f"[bold]{prompt}[/bold] ")
        except EOFError:
            return "quit"
        answer = _ANSWERS.get(raw.strip().lower())
        if answer is not None and answer[0] in allowed:
            return answer
        letters = ", ".join(allowed)
        console.print(
            f"{raw.strip()!r} is not an answer. Type {letters}.", style="red", markup=False
        )


def _interactive(db: str | None, note: str | None) -> None:
    """One pair at a time. Nothing is held open while the reviewer reads: each look
    at the queue and each decision is its own short transaction, so a crawl or a
    `mirror link` can run meanwhile."""
    from sqlalchemy.orm import Session

    from db.pairs import ACCEPT, REJECT
    from db.session import database_url, make_engine
    from linkage.service import decide, pending_reviews

    url = database_url(db)
    with write_session(db):
        pass  # the schema brought up to date once, before the first pair
    engine = make_engine(url, write_intent=True)
    console = Console()
    done: list[tuple[str, str, Verdict | None]] = []
    skipped: set[tuple[str, str]] = set()
    try:
        while True:
            with Session(engine) as session:
                queue = pending_reviews(session, limit=len(skipped) + 1)
            queue = [i for i in queue if (i.left["key"], i.right["key"]) not in skipped]
            if not queue:
                if not done or _ask(console, _LAST_PROMPT, "uq") == "quit":
                    console.print("No more pairs waiting for review.")
                    break
                _undo(engine, console, done, skipped)
                continue
            item = queue[0]
            pair = (item.left["key"], item.right["key"])
            console.print(_pair_view(item, f"{len(done) + len(skipped) + 1}", console.width))
            answer = _ask(console)
            if answer == "quit":
                break
            if answer == "skip":
                skipped.add(pair)
            elif answer == "undo":
                _undo(engine, console, done, skipped)
            else:
                verdict = ACCEPT if answer == "accept" else REJECT
                with Session(engine) as session, session.begin():
                    prior = decide(session, *pair, verdict, note)
                done.append((*pair, prior))
                console.print(f"{verdict}ed.")
    finally:
        engine.dispose()
    console.print(f"{len(done)} decision(s) recorded.")


def _undo(
    engine: Any,
    console: Console,
    done: list[tuple[str, str, Verdict | None]],
    skipped: set[tuple[str, str]],
) -> None:
    from sqlalchemy.orm import Session

    from linkage.service import undo

    if not done:
        console.print("Nothing to undo.")
        return
    left, right, prior = done.pop()
    with Session(engine) as session, session.begin():
        undo(session, left, right, prior)
    skipped.discard((left, right))
    console.print(f"Undone: {left} {right} is back in the queue.")


# -- link ---------------------------------------------------------------------------------


def link_command(db: DbOption = None) -> None:
    """Put every entry and corpus document not yet in a work into one.

    Re-screened and aliased entries of a film join one work; distinct films never
    share one. Run after a crawl so that `mirror export` fills work_id.
    """
    from sqlalchemy.exc import SQLAlchemyError

    from linkage.disk_store import StoreLocked

    started = time.perf_counter()
    tune_collector_unless_disabled()
    try:
        with write_session(db) as session:
            report = link_with_progress(session, origin="link")
    except (CliError, StoreLocked) as exc:
        _fail(str(exc))
    except SQLAlchemyError as exc:
        _fail(f"database error: {str(exc).splitlines()[0]}")
    typer.echo(
        f"linked {report.linked} members: {report.matches} automatic links, "
        f"{report.reviews} for review; {report.works} works "
        f"({time.perf_counter() - started:.1f} s)"
    )


def register(app: typer.Typer) -> None:
    """Add `corpus import`, `match`, `review` and `link` to the `mirror` command."""
    app.add_typer(corpus_app, name="corpus")
    app.command("match")(match_command)
    app.command("review")(review_command)
    app.command("link")(link_command)


__all__ = ["EXIT_ERROR", "register"]
