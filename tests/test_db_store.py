"""MirrorStore: idempotent natural-key upserts, synopsis history, people, retries."""

from __future__ import annotations

import sqlite3
import time
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import create_engine, event, func, select, text
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session

from db.migrate import current, downgrade, head_revision, upgrade
from db.models import CrawlRun, Credit, Edition, Entry, FetchedPage, Person, SeeAlso, Synopsis
from db.queries import export_entries
from db.session import make_engine
from db.store import (
    UNIQUE_RACE_RETRIES,
    BatchCounts,
    DatabaseUnavailable,
    MirrorStore,
    PageRecord,
    RunCounts,
    fold_name,
    with_retries,
)
from tests.db_fixtures import (
    make_edition,
    make_film,
    postgres_admin_url,
    snapshot,
    throwaway_postgres_database,
)

pytest_plugins = ["tests.db_fixtures"]


def _count(url: str, model: Any, *where: Any) -> int:
    engine = make_engine(url)
    try:
        with Session(engine) as session:
            return session.scalar(select(func.count()).select_from(model).where(*where)) or 0
    finally:
        engine.dispose()


def _page(url: str, digest: str = "0" * 64) -> PageRecord:
    return PageRecord(
        url, 200, '"etag"', None, "text/html; charset=utf-8", digest, datetime.now(UTC)
    )


@pytest.fixture
def store(db_url: str) -> Any:
    mirror = MirrorStore(db_url, retry_budget_s=10)
    yield mirror
    mirror.close()


# -- migrations ---------------------------------------------------------------------------


def test_sqlite_migrates_to_head_and_back_to_base(tmp_path: Any) -> None:
    url = f"sqlite:///{tmp_path / 'm.db'}"
    upgrade(url)
    assert current(url) == head_revision()
    downgrade(url, "base")
    assert current(url) is None
    engine = make_engine(url)
    with engine.connect() as conn:
        leftovers = conn.execute(
            text("SELECT name FROM sqlite_master WHERE name NOT LIKE '%alembic%'")
        ).all()
    engine.dispose()
    assert leftovers == []
    upgrade(url)  # and up again: the downgrade left nothing behind that blocks it
    assert current(url) == head_revision()


@pytest.mark.postgres
def test_postgres_migrates_to_head_and_back_to_base() -> None:
    with throwaway_postgres_database("mirror_migrate") as url:
        upgrade(url)
        assert current(url) == head_revision()
        downgrade(url, "base")
        assert current(url) is None
        upgrade(url)
        assert current(url) == head_revision()


# -- idempotence and changes ----------------------------------------------------------------


def test_rewriting_identical_data_writes_nothing(store: MirrorStore, db_url: str) -> None:
    films = [make_film(n) for n in range(30)]
    editions = [make_edition(year) for year in {f.edition for f in films if f.edition}]
    first_run = store.start_run("miff")
    assert store.write_batch(first_run, films, editions, [_page(f.fetched_url) for f in films]) == (
        BatchCounts(new=30)
    )
    before = snapshot(db_url)

    second_run = store.start_run("miff")
    again = [make_film(n) for n in range(30)]
    counts = store.write_batch(second_run, again, [make_edition(e.year) for e in editions])

    assert counts == BatchCounts(unchanged=30)
    assert snapshot(db_url) == before


def test_changed_synopsis_adds_a_version_and_keeps_the_old_one(
    store: MirrorStore, db_url: str
) -> None:
    run1 = store.start_run("miff")
    store.write_batch(run1, [make_film(1)])
    run2 = store.start_run("miff")
    edited = make_film(1, synopsis_paragraphs=["A rewritten synopsis."])

    assert store.write_batch(run2, [edited]) == BatchCounts(changed=1)

    engine = make_engine(db_url)
    with Session(engine) as session:
        versions = session.scalars(select(Synopsis).order_by(Synopsis.version)).all()
        entry = session.scalars(select(Entry)).one()
    engine.dispose()
    assert [(v.version, v.is_current) for v in versions] == [(1, False), (2, True)]
    assert versions[0].text == make_film(1).synopsis
    assert versions[0].superseded_run_id == run2
    assert versions[1].text == "A rewritten synopsis." == entry.synopsis
    assert entry.updated_run_id == run2 and entry.first_seen_run_id == run1


def test_changed_year_updates_the_entry_in_place(store: MirrorStore, db_url: str) -> None:
    run1 = store.start_run("miff")
    store.write_batch(run1, [make_film(2)])
    run2 = store.start_run("miff")

    assert store.write_batch(run2, [make_film(2, year=1961)]) == BatchCounts(changed=1)

    assert _count(db_url, Entry) == 1
    assert _count(db_url, Entry, Entry.year == 1961, Entry.updated_run_id == run2) == 1
    assert _count(db_url, Synopsis) == 1  # the synopsis did not change


def test_spelling_variants_share_one_person_but_keep_their_spelling(
    store: MirrorStore, db_url: str
) -> None:
    run = store.start_run("miff")
    store.write_batch(run, [make_film(1, directors=["Aki Kaurismäki"])])
    store.write_batch(run, [make_film(2, directors=["Aki  KAURISMAKI"])])

    assert _count(db_url, Person) == 1
    engine = make_engine(db_url)
    with Session(engine) as session:
        directors = {r["film_id"]: r["directors"] for r in export_entries(session)}
    engine.dispose()
    assert directors == {"1001": ["Aki Kaurismäki"], "1002": ["Aki  KAURISMAKI"]}


def test_credits_and_see_also_follow_the_latest_page(store: MirrorStore, db_url: str) -> None:
    run1 = store.start_run("miff")
    store.write_batch(run1, [make_film(10)])  # two directors, two see-also links
    run2 = store.start_run("miff")
    store.write_batch(run2, [make_film(10, directors=["Jane Campion"], see_also=[])])

    assert _count(db_url, Credit) == 1
    assert _count(db_url, SeeAlso) == 0


def test_duplicate_keys_within_a_batch_are_written_once(store: MirrorStore, db_url: str) -> None:
    run = store.start_run("miff")
    counts = store.write_batch(
        run,
        [make_film(5, year=1970), make_film(5, year=1971)],
        [],
        [_page("http://x/a", "1" * 64), _page("http://x/a", "2" * 64)],
    )

    assert counts == BatchCounts(new=1)
    assert _count(db_url, Entry, Entry.year == 1971) == 1
    assert _count(db_url, FetchedPage, FetchedPage.digest == "2" * 64) == 1


def test_film_before_its_edition_page_gets_a_stub_that_is_filled_later(
    store: MirrorStore, db_url: str
) -> None:
    run = store.start_run("miff")
    store.write_batch(run, [make_film(1, edition=1980)])
    store.write_batch(run, [], [make_edition(1980, heading="MIFF 1980")])

    assert _count(db_url, Edition) == 1
    assert _count(db_url, Edition, Edition.heading == "MIFF 1980") == 1


def test_refetched_page_updates_its_record(store: MirrorStore, db_url: str) -> None:
    run1 = store.start_run("miff")
    store.write_batch(run1, [], [], [_page("http://x/a", "1" * 64)])
    run2 = store.start_run("miff")
    store.write_batch(run2, [], [], [_page("http://x/a", "2" * 64)])

    assert _count(db_url, FetchedPage) == 1
    assert _count(db_url, FetchedPage, FetchedPage.run_id == run2) == 1


def test_finish_run_records_status_and_counts(store: MirrorStore, db_url: str) -> None:
    run = store.start_run("miff")
    store.finish_run(run, "aborted", "database_unavailable", RunCounts(3, 2, 1, 4, 5))

    engine = make_engine(db_url)
    with Session(engine) as session:
        row = session.get(CrawlRun, run)
        assert row is not None
        assert (row.status, row.finish_reason, row.new_count, row.invalid_count) == (
            "aborted",
            "database_unavailable",
            3,
            4,
        )
        assert row.finished_at is not None
    engine.dispose()


@pytest.mark.parametrize(
    ("spelling", "key"),
    [
        ("Aki Kaurismäki", "aki kaurismaki"),
        ("AKI KAURISMAKI", "aki kaurismaki"),
        ("D. Baker", "d baker"),
        ("  Wong   Kar-wai ", "wong kar wai"),
        ("Ousmane Sembène", "ousmane sembene"),
    ],
)
def test_fold_name_ignores_case_accents_punctuation_and_spacing(spelling: str, key: str) -> None:
    assert fold_name(spelling) == key


# -- transient errors -----------------------------------------------------------------------


def test_unreachable_database_raises_database_unavailable_within_budget() -> None:
    store = MirrorStore(
        "postgresql+psycopg://root@127.0.0.1:1/nowhere",
        retry_budget_s=0.5,
        retry_wait_initial_s=0.05,
    )
    started = time.monotonic()
    with pytest.raises(DatabaseUnavailable) as caught:
        store.start_run("miff")
    elapsed = time.monotonic() - started
    store.close()

    message = str(caught.value)
    assert "\n" not in message
    assert "127.0.0.1:1" in message and "unavailable" in message
    assert elapsed < 5


def _database_locked() -> OperationalError:
    return OperationalError("COMMIT", {}, sqlite3.OperationalError("database is locked"))


def test_work_longer_than_the_retry_budget_is_retried_after_one_failure() -> None:
    """The budget counts from the first failure: linking a large crawl takes minutes, and
    a connection lost near its end is worth one more run (counted from the start of the
    work, the budget was spent before the first failure, and the run's entries stayed
    unlinked)."""
    attempts: list[int] = []

    def long_work_cut_off_once() -> str:
        attempts.append(1)
        if len(attempts) == 1:
            time.sleep(0.3)  # longer than the whole budget
            raise _database_locked()
        return "linked"

    assert with_retries(long_work_cut_off_once, "link", url="sqlite://", budget_s=0.1) == "linked"
    assert len(attempts) == 2


def test_failures_are_retried_until_the_budget_is_spent_then_reported() -> None:
    attempts: list[int] = []

    def always_locked() -> None:
        attempts.append(1)
        raise _database_locked()

    with pytest.raises(DatabaseUnavailable, match="could not link"):
        with_retries(always_locked, "link", url="sqlite://", budget_s=0.2, wait_initial_s=0.01)
    assert len(attempts) > 1


@pytest.mark.postgres
def test_batch_commits_exactly_once_when_its_connection_is_killed(postgres_url: str) -> None:
    """A real pg_terminate_backend in the middle of the batch transaction."""
    store = MirrorStore(postgres_url, retry_budget_s=30, retry_wait_initial_s=0.05)
    admin = create_engine(postgres_admin_url(), isolation_level="AUTOCOMMIT")
    killed: list[int] = []

    @event.listens_for(store.engine, "before_cursor_execute")
    def kill_once(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        # Strike after entries were inserted, before their child rows: mid-transaction.
        if killed or not statement.lstrip().upper().startswith("INSERT INTO CREDITS"):
            return
        pid = conn.connection.dbapi_connection.info.backend_pid
        with admin.connect() as other:
            assert other.execute(
                text("SELECT pg_terminate_backend(:pid, 5000)"), {"pid": pid}
            ).scalar()
        killed.append(pid)

    films = [make_film(n) for n in range(50)]
    run = store.start_run("miff")
    counts = store.write_batch(run, films, [], [_page(f.fetched_url) for f in films])
    store.close()
    admin.dispose()

    assert killed, "the connection was never killed: the test did not exercise a retry"
    assert counts == BatchCounts(new=50)
    assert _count(postgres_url, Entry) == 50
    assert _count(postgres_url, Synopsis) == 50
    assert _count(postgres_url, Credit) == sum(len(f.directors) for f in films)
    assert _count(postgres_url, SeeAlso) == sum(len(f.see_also) for f in films)
    assert _count(postgres_url, FetchedPage) == 50


@pytest.mark.postgres
def test_a_unique_violation_is_retried_as_a_race_then_raised_as_itself(postgres_url: str) -> None:
    """Two workers inserting one natural key: the loser's batch runs again and finds the row.
    The same key conflicting again and again is a real conflict: raised as itself, not as
    an outage."""
    engine = create_engine(postgres_url)
    attempts: list[int] = []

    def insert_once_raced() -> str:
        attempts.append(1)
        with engine.begin() as connection:
            if len(attempts) == 1:  # the other worker got there first
                connection.execute(text("INSERT INTO race_peer VALUES (1)"))
            return "stored"

    with engine.begin() as connection:
        connection.execute(text("DROP TABLE IF EXISTS race_peer"))
        connection.execute(text("CREATE TABLE race_peer (k int UNIQUE)"))
        connection.execute(text("INSERT INTO race_peer VALUES (1)"))
    try:
        assert with_retries(insert_once_raced, "store", url=postgres_url, budget_s=30) == "stored"
        assert len(attempts) == 2

        # Many workers inserting shared rows race on another key each time: progress,
        # retried past UNIQUE_RACE_RETRIES.
        attempts.clear()
        with engine.begin() as connection:
            connection.execute(text("INSERT INTO race_peer SELECT generate_series(2, 6)"))

        def races_on_a_new_key_each_time() -> str:
            attempts.append(1)
            with engine.begin() as connection:
                if len(attempts) <= 5:
                    connection.execute(
                        text("INSERT INTO race_peer VALUES (:k)"), {"k": len(attempts) + 1}
                    )
                return "stored"

        assert (
            with_retries(
                races_on_a_new_key_each_time,
                "store",
                url=postgres_url,
                budget_s=60,
                wait_initial_s=0.01,
            )
            == "stored"
        )
        assert len(attempts) == 6

        attempts.clear()

        def always_conflicts() -> None:
            attempts.append(1)
            with engine.begin() as connection:
                connection.execute(text("INSERT INTO race_peer VALUES (1)"))

        with pytest.raises(IntegrityError):
            with_retries(
                always_conflicts, "store", url=postgres_url, budget_s=30, wait_initial_s=0.01
            )
        assert len(attempts) == 1 + UNIQUE_RACE_RETRIES
    finally:
        with engine.begin() as connection:
            connection.execute(text("DROP TABLE IF EXISTS race_peer"))
        engine.dispose()
