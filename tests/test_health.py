"""The pure side of scheduled runs: fill rates, the health check, JOBDIR preparation."""

from __future__ import annotations

from pathlib import Path

import pytest

from db.runs import (
    FILL_FIELDS,
    FillCounter,
    HealthPolicy,
    RunSummary,
    baseline,
    check_health,
    is_filled,
)
from scraper.extensions import (
    CLEAN_CLOSE_MARKER,
    CleanClose,
    prepare_jobdir,
    read_clean_close,
    write_clean_close,
)
from tests.db_fixtures import make_film

MIFF_WATCHED = ("credit_line", "reviewer", "listing_line", "teaser")
FULL = dict.fromkeys(FILL_FIELDS + MIFF_WATCHED, 0.9)


def run(run_id: int, seen: int = 1000, extracted: int = 1000, **rates: float) -> RunSummary:
    return RunSummary(run_id, seen, extracted, {**FULL, **rates})


# -- fill rates ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "filled"),
    [
        (None, False),
        ("", False),
        ("  \n", False),
        ("x", True),
        ([], False),
        (["a"], True),
        (0, True),  # a number is information, even 0
        (1986, True),
    ],
)
def test_is_filled(value: object, filled: bool) -> None:
    assert is_filled(value) is filled


def test_fill_rates_count_each_field_over_the_extracted_films() -> None:
    counter = FillCounter(extra_fields=MIFF_WATCHED)
    counter.add(make_film(1))  # every watched field but quote and credit_line
    counter.add(make_film(2, synopsis_paragraphs=[], directors=[], section=None, year=None))
    counter.add(make_film(3, title="  ", see_also=[], teaser=None, quote="A quote"))
    counter.add(make_film(4, lang=None, listing_line="", reviewer="MM"))

    rates = counter.rates()

    assert list(rates) == [*FILL_FIELDS, *MIFF_WATCHED]
    assert rates["title"] == 0.75
    assert rates["directors"] == 0.75
    assert rates["synopsis"] == 0.75  # read from synopsis_paragraphs
    assert rates["year"] == 0.75
    assert rates["section"] == 0.75
    assert rates["see_also"] == 0.75
    assert rates["teaser"] == 0.75
    assert rates["lang"] == 0.75
    assert rates["listing_line"] == 0.75
    assert rates["quote"] == 0.25
    assert rates["credit_line"] == 0.0
    assert rates["reviewer"] == 0.25
    assert rates["countries"] == rates["edition"] == 1.0


def test_no_extracted_films_means_no_fill_rates() -> None:
    assert FillCounter().rates() == {}


# -- health check --------------------------------------------------------------------------

HISTORY = [run(5), run(4), run(3), run(2), run(1)]


@pytest.mark.parametrize(
    ("current", "history", "expected"),
    [
        pytest.param(run(9), [], [], id="first run: nothing to compare"),
        pytest.param(run(9), HISTORY, [], id="same as before"),
        pytest.param(run(9, seen=501), HISTORY, [], id="seen just above half the median"),
        pytest.param(run(9, seen=499), HISTORY, ["films"], id="seen below half"),
        pytest.param(run(9, synopsis=0.05), HISTORY, ["synopsis"], id="synopsis selector rot"),
        pytest.param(
            run(9, synopsis=0.05, title=0.0),
            HISTORY,
            ["title", "synopsis"],
            id="every dropped field named",
        ),
        pytest.param(run(9, synopsis=0.61), HISTORY, [], id="drop of 0.29 is tolerated"),
        pytest.param(
            run(9, synopsis=0.5),
            [run(i, synopsis=0.9) for i in range(5)],
            [],
            id="more than 0.3 down but not below half",
        ),
        pytest.param(
            run(9, extracted=49, synopsis=0.0),
            HISTORY,
            [],
            id="fewer than 50 extracted: rates not compared",
        ),
        pytest.param(
            run(9, synopsis=0.0),
            [run(i, extracted=10, synopsis=0.9) for i in range(5)],
            [],
            id="past runs with small samples are not a baseline",
        ),
        pytest.param(
            run(9, seen=450, quote=0.0),
            [run(5, seen=1000), run(4, seen=10, quote=0.0), run(3, seen=1000)],
            ["films", "quote"],
            id="median, not mean: one odd past run does not lower the bar",
        ),
        pytest.param(
            run(9, seen=400, quote=0.0),
            [
                RunSummary(5, 400, 400, {**FULL, "quote": 0.0}, accepted=True),
                *HISTORY,
            ],
            [],
            id="an accepted run starts a new baseline",
        ),
    ],
)
def test_health_check(current: RunSummary, history: list[RunSummary], expected: list[str]) -> None:
    problems = check_health(current, history)
    assert [problem.split(" ")[0] for problem in problems] == expected


def test_alarm_names_what_dropped_and_by_how_much() -> None:
    seen, synopsis = check_health(run(9, seen=200, synopsis=0.02), HISTORY)

    assert seen == (
        "films seen dropped to 200 from a median of 1000 over the last 5 finished runs (-80%)"
    )
    assert synopsis == (
        "synopsis filled in 2% of 1000 extracted films, "
        "down from a median of 90% over the last 5 finished runs"
    )


def test_partial_run_skips_the_seen_count_but_not_fill_rates() -> None:
    problems = check_health(run(9, seen=10, synopsis=0.0), HISTORY, partial=True)
    assert [p.split(" ")[0] for p in problems] == ["synopsis"]


def test_baseline_takes_the_most_recent_runs_only() -> None:
    history = [run(i) for i in range(9, 0, -1)]
    assert [r.run_id for r in baseline(history, HealthPolicy(history=3))] == [9, 8, 7]


# -- JOBDIR --------------------------------------------------------------------------------


def _job_state(jobdir: Path) -> None:
    jobdir.mkdir(parents=True, exist_ok=True)
    (jobdir / "requests.seen").write_bytes(b"\x00" * 20)
    (jobdir / "requests.queue").mkdir()
    (jobdir / "requests.queue" / "active.json").write_text("{}")


def test_empty_jobdir_starts_fresh(tmp_path: Path) -> None:
    start = prepare_jobdir(tmp_path / "job")
    assert start.action == "fresh"
    assert (tmp_path / "job").is_dir()


def test_state_without_a_clean_close_is_moved_aside_not_resumed(tmp_path: Path) -> None:
    jobdir = tmp_path / "job"
    _job_state(jobdir)

    start = prepare_jobdir(jobdir, stamp="20260101T000000Z")

    assert start.action == "discarded"
    assert start.moved_to == jobdir / "discarded-20260101T000000Z"
    assert sorted(p.name for p in start.moved_to.iterdir()) == ["requests.queue", "requests.seen"]
    assert not (jobdir / "requests.seen").exists()
    assert not (jobdir / "requests.queue").exists()
    # A second kill in the same second does not overwrite the first one's state.
    _job_state(jobdir)
    again = prepare_jobdir(jobdir, stamp="20260101T000000Z")
    assert again.moved_to == jobdir / "discarded-20260101T000000Z-2"


def test_a_stopped_job_is_resumed_and_its_marker_removed(tmp_path: Path) -> None:
    jobdir = tmp_path / "job"
    _job_state(jobdir)
    write_clean_close(jobdir, CleanClose("shutdown", (3, 4), "2026-01-01T00:00:00Z"))

    start = prepare_jobdir(jobdir)

    assert start.action == "resumed"
    assert start.resumed == CleanClose("shutdown", (3, 4), "2026-01-01T00:00:00Z")
    assert (jobdir / "requests.seen").exists()
    # If this run is killed, the next one must not trust the state.
    assert not (jobdir / CLEAN_CLOSE_MARKER).exists()


def test_a_finished_job_is_not_resumed(tmp_path: Path) -> None:
    jobdir = tmp_path / "job"
    _job_state(jobdir)
    write_clean_close(jobdir, CleanClose("finished", (7,), "2026-01-01T00:00:00Z"))

    start = prepare_jobdir(jobdir)

    assert start.action == "restarted"
    assert not (jobdir / "requests.seen").exists()  # would filter every URL of the new job
    assert not (jobdir / "requests.queue").exists()


def test_unreadable_marker_counts_as_no_clean_close(tmp_path: Path) -> None:
    jobdir = tmp_path / "job"
    _job_state(jobdir)
    (jobdir / CLEAN_CLOSE_MARKER).write_text('{"reason": "shutdown"')  # cut short
    assert read_clean_close(jobdir) is None
    assert prepare_jobdir(jobdir).action == "discarded"
