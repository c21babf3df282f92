"""MIRROR_REVISIT_DAYS: when a film page is checked again (archive/revisit_policy.py)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest

from archive.revisit_policy import SPREAD, RevisitPolicy, RevisitPolicyError, parse_warc_date
from db.captures import CaptureStore
from tests.test_archive_revisits import capture, completed_run

CHECKED = datetime(2026, 11, 1, 3, 15, tzinfo=UTC)
URLS = [f"http://127.0.0.1:8765/festival-archive/film/{n}" for n in range(1, 401)]


@pytest.mark.parametrize(
    ("value", "interval"),
    [
        (None, None),
        ("", None),
        ("  ", None),
        ("0", None),
        (0, None),
        (0.0, None),
        ("30", timedelta(days=30)),
        (30, timedelta(days=30)),
        ("7.5", timedelta(days=7.5)),
        (" 1 ", timedelta(days=1)),
    ],
)
def test_setting_value_gives_interval(value: object, interval: timedelta | None) -> None:
    assert RevisitPolicy.from_days(value).interval == interval


@pytest.mark.parametrize("value", ["abc", "30d", "-1", -0.5, "nan", "inf", [30]])
def test_bad_setting_value_is_refused_with_the_setting_named(value: object) -> None:
    with pytest.raises(RevisitPolicyError, match="MIRROR_REVISIT_DAYS"):
        RevisitPolicy.from_days(value)


def test_default_policy_checks_every_page_on_every_run() -> None:
    policy = RevisitPolicy()
    assert policy.checks_every_run
    assert all(policy.is_due(url, CHECKED, CHECKED) for url in URLS)


def test_page_never_checked_is_due() -> None:
    assert RevisitPolicy(timedelta(days=30)).is_due(URLS[0], None, CHECKED)


def test_due_dates_fall_in_the_last_part_of_the_interval() -> None:
    interval = timedelta(days=30)
    policy = RevisitPolicy(interval)
    for url in URLS:
        waited = policy.due_at(url, CHECKED) - CHECKED
        assert interval * (1 - SPREAD) <= waited <= interval


def test_pages_checked_together_fall_due_on_different_days() -> None:
    policy = RevisitPolicy(timedelta(days=30))
    days = {(policy.due_at(url, CHECKED) - CHECKED).days for url in URLS}
    assert len(days) >= 14  # spread over the last 15 days, not one night


def test_a_pages_due_date_is_stable_from_run_to_run() -> None:
    first = RevisitPolicy(timedelta(days=30))
    again = RevisitPolicy(timedelta(days=30))
    assert [first.due_at(u, CHECKED) for u in URLS] == [again.due_at(u, CHECKED) for u in URLS]


def test_page_is_not_due_before_and_is_due_from_its_due_date() -> None:
    policy = RevisitPolicy(timedelta(days=30))
    url = URLS[7]
    due = policy.due_at(url, CHECKED)
    assert not policy.is_due(url, CHECKED, due - timedelta(seconds=1))
    assert policy.is_due(url, CHECKED, due)


@pytest.mark.parametrize(
    ("text", "moment"),
    [
        ("2026-12-01T19:37:15.506123Z", datetime(2026, 12, 1, 19, 37, 15, 506123, tzinfo=UTC)),
        ("2026-12-01T19:37:15Z", datetime(2026, 12, 1, 19, 37, 15, tzinfo=UTC)),
        ("2026-12-01T19:37:15", datetime(2026, 12, 1, 19, 37, 15, tzinfo=UTC)),
    ],
)
def test_warc_dates_parse_to_aware_utc_moments(text: str, moment: datetime) -> None:
    assert parse_warc_date(text) == moment


# -- the digest index's check dates (db.captures.CaptureStore.last_checked) --------------


@pytest.fixture()
def store(db_url: str) -> Iterator[CaptureStore]:
    captures = CaptureStore(db_url, retry_budget_s=5)
    captures.migrate()
    yield captures
    captures.close()


def test_last_check_is_the_latest_original_or_revisit_in_a_present_file(
    db_url: str, store: CaptureStore
) -> None:
    original = capture(1, "2026-01-01T00:00:00Z")
    revisit = capture(
        2,
        "2026-02-01T00:00:00.250000Z",
        record_type="revisit",
        status=None,
        refers_to=original.record_id,
        warc_filename="b.warc.gz",
    )
    error = capture(3, "2026-03-01T00:00:00Z", status=503)  # not a check: no answer
    store.add([original, revisit, error], run_id=completed_run(db_url))
    url = original.url
    both = store.last_checked({"a.warc.gz", "b.warc.gz"})
    assert both == {url: datetime(2026, 2, 1, 0, 0, 0, 250000, tzinfo=UTC)}
    # a check whose file is gone proves nothing any more
    assert store.last_checked({"a.warc.gz"}) == {url: datetime(2026, 1, 1, tzinfo=UTC)}


@pytest.mark.parametrize("status", ["running", "aborted", None])
def test_checks_by_a_run_that_did_not_complete_do_not_count(
    db_url: str, store: CaptureStore, status: str | None
) -> None:
    """A killed run may have captured a changed page and died before storing its record:
    counting that capture as a check would keep the stale record for a whole interval."""
    trusted = completed_run(db_url)
    untrusted = completed_run(db_url, status) if status is not None else None
    store.add([capture(1, "2026-01-01T00:00:00Z")], run_id=trusted)
    store.add([capture(2, "2026-02-01T00:00:00Z")], run_id=untrusted)
    checked = store.last_checked({"a.warc.gz"})
    assert checked == {"http://example.test/film/1": datetime(2026, 1, 1, tzinfo=UTC)}
