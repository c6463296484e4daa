"""The worked examples of ``law.md`` §10 (E1–E6, E10–E15, E19) as tests.

Source: ../shared/domain/law.md §10, corrected by law_followup.md. As the examples state, office
hours are 07:00–11:30 and 13:30–17:00 (8 h) and the calendar is the national civil-service one.
"""

from __future__ import annotations

import datetime as dt

import pytest

from onestop_core._time import VN_TZ
from onestop_core.calendars import OfficeHours, vietnam
from onestop_core.procedures import PauseReason, ProcessingTime
from onestop_core.sla import (
    ClassificationGranularity,
    ClockEvent,
    ClockEventKind,
    SlaPolicies,
    SlaStatus,
    SupplementPolicy,
    Timeliness,
    classify,
    evaluate,
)

#: law.md §10: "Working hours are 07:00–11:30 and 13:30–17:00 (8 h) unless stated."
CAL = vietnam(office_hours=OfficeHours.standard(["07:00-11:30", "13:30-17:00"]))


def t(y: int, mo: int, d: int, h: int = 0, mi: int = 0) -> dt.datetime:
    return dt.datetime(y, mo, d, h, mi, tzinfo=VN_TZ)


def due(
    start: dt.datetime,
    limit: ProcessingTime,
    *events: ClockEvent,
    policies: SlaPolicies | None = None,
) -> dt.datetime | None:
    state = evaluate(
        limit,
        [ClockEvent.start(start), *events],
        calendar=CAL,
        policies=policies,
        now=t(2027, 1, 1),
    )
    return state.due_at


def test_e1_make_up_saturday_counts() -> None:
    # law.md E1: Fri 2024-04-26 16:00 + 3 working days → make-up Sat 2024-05-04 16:00
    assert due(t(2024, 4, 26, 16), ProcessingTime.working_days(3)) == t(2024, 5, 4, 16)


def test_e2_time_of_day_is_kept() -> None:
    assert due(t(2023, 10, 27, 9, 32), ProcessingTime.working_days(5)) == t(2023, 11, 3, 9, 32)


def test_e3_after_close_starts_next_opening_and_due_at_opening_is_previous_close() -> None:
    state = evaluate(
        ProcessingTime.working_days(2),
        [ClockEvent.start(t(2026, 10, 12, 18, 30))],
        calendar=CAL,
        now=t(2026, 10, 12, 19),
    )
    assert state.started_at == t(2026, 10, 13, 7)
    assert state.due_at == t(2026, 10, 14, 17)
    assert any("previous close" in s for s in state.explain())


def test_e4_lunch_start_and_hours() -> None:
    assert due(t(2026, 10, 14, 12, 15), ProcessingTime.working_hours(4)) == t(2026, 10, 15, 7, 30)


@pytest.mark.parametrize(
    ("received", "expected"),
    [
        (t(2026, 10, 16, 14, 59), t(2026, 10, 16, 17)),
        (t(2026, 10, 16, 15, 1), t(2026, 10, 19, 17)),
    ],
)
def test_e5_same_day_cut_off(received: dt.datetime, expected: dt.datetime) -> None:
    assert due(received, ProcessingTime.same_day()) == expected


def test_e6_paper_transfer_does_not_move_the_due_date() -> None:
    assert due(t(2026, 10, 13, 15, 20), ProcessingTime.working_days(10)) == t(2026, 10, 27, 15, 20)


@pytest.mark.parametrize(
    ("policy", "expected"),
    [
        (SupplementPolicy.RESTART, t(2026, 10, 27, 9)),
        (SupplementPolicy.PAUSE, t(2026, 10, 21, 17)),
        (SupplementPolicy.LEGACY_TH, t(2026, 10, 26, 7)),
    ],
)
def test_e10_supplement_policies(policy: SupplementPolicy, expected: dt.datetime) -> None:
    events = (
        ClockEvent(kind=ClockEventKind.SUPPLEMENT_REQUESTED, at=t(2026, 10, 8, 10)),
        ClockEvent(kind=ClockEventKind.SUPPLEMENT_COMPLETED, at=t(2026, 10, 13, 9)),
    )
    got = due(
        t(2026, 10, 5, 8),
        ProcessingTime.working_days(10),
        *events,
        policies=SlaPolicies(supplement=policy),
    )
    assert got == expected


def test_e10_pause_keeps_54_hours() -> None:
    state = evaluate(
        ProcessingTime.working_days(10),
        [
            ClockEvent.start(t(2026, 10, 5, 8)),
            ClockEvent(kind=ClockEventKind.SUPPLEMENT_REQUESTED, at=t(2026, 10, 8, 10)),
        ],
        calendar=CAL,
        policies=SlaPolicies(supplement=SupplementPolicy.PAUSE),
        now=t(2026, 10, 9, 12),
    )
    assert state.status is SlaStatus.PAUSED
    assert state.remaining == dt.timedelta(hours=54)
    assert state.elapsed == dt.timedelta(hours=26)


def test_e10_restart_waits_without_a_due_date() -> None:
    state = evaluate(
        ProcessingTime.working_days(10),
        [
            ClockEvent.start(t(2026, 10, 5, 8)),
            ClockEvent(kind=ClockEventKind.SUPPLEMENT_REQUESTED, at=t(2026, 10, 8, 10)),
        ],
        calendar=CAL,
        now=t(2026, 10, 9, 12),
    )
    assert state.status is SlaStatus.PAUSED
    assert state.due_at is None
    assert state.original_due_at == t(2026, 10, 19, 8)


@pytest.mark.parametrize(
    ("decided", "date_verdict", "datetime_verdict"),
    [
        (t(2026, 10, 22, 10), Timeliness.EARLY, Timeliness.EARLY),
        (t(2026, 10, 23, 16), Timeliness.ON_TIME, Timeliness.ON_TIME),
        (t(2026, 10, 23, 17, 30), Timeliness.ON_TIME, Timeliness.LATE),
        (t(2026, 10, 26, 9), Timeliness.LATE, Timeliness.LATE),
    ],
)
def test_e12_classification(
    decided: dt.datetime, date_verdict: Timeliness, datetime_verdict: Timeliness
) -> None:
    d = t(2026, 10, 23, 17)
    assert classify(decided, d) is date_verdict
    assert classify(decided, d, ClassificationGranularity.DATETIME) is datetime_verdict


def test_e13_vietnam_culture_day() -> None:
    assert due(t(2026, 11, 20, 10), ProcessingTime.working_days(3)) == t(2026, 11, 26, 10)


def test_e14_online_clock_runs_from_acceptance() -> None:
    # submitted Sat 2026-10-17 10:00 (no clock), accepted Mon 08:00
    assert due(t(2026, 10, 19, 8), ProcessingTime.working_days(3)) == t(2026, 10, 22, 8)


def test_e15_postal_clock_starts_at_the_hand_over_record() -> None:
    assert due(t(2026, 10, 13, 9), ProcessingTime.working_days(5)) == t(2026, 10, 20, 9)


def test_e19_financial_obligation_excluded_for_land() -> None:
    land = ProcessingTime.working_days(20, excluded={PauseReason.FINANCIAL_OBLIGATION})
    events = (
        ClockEvent(
            kind=ClockEventKind.PAUSE,
            at=t(2026, 10, 14, 8),
            reason=PauseReason.FINANCIAL_OBLIGATION,
        ),
        ClockEvent(
            kind=ClockEventKind.RESUME,
            at=t(2026, 10, 20, 8),
            reason=PauseReason.FINANCIAL_OBLIGATION,
        ),
    )
    assert due(t(2026, 10, 5, 8), land, *events) == t(2026, 11, 6, 8)
    # the same events do not pause a procedure that does not exclude them
    plain = ProcessingTime.working_days(20)
    assert due(t(2026, 10, 5, 8), plain, *events) == t(2026, 11, 2, 8)
