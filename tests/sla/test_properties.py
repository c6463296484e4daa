"""Hypothesis invariants of the clock."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from onestop_core._time import VN_TZ
from onestop_core.calendars import vietnam
from onestop_core.procedures import PauseReason, ProcessingTime
from onestop_core.sla import (
    ClassificationGranularity,
    ClockEvent,
    ClockEventKind,
    SlaStatus,
    Timeliness,
    classify,
    evaluate,
)

CAL = vietnam()
instants = st.builds(
    lambda d, m: dt.datetime(2020, 1, 1, tzinfo=VN_TZ) + dt.timedelta(days=d, minutes=m),
    st.integers(0, 3000),
    st.integers(0, 24 * 60 - 1),
)


@given(instants, st.integers(0, 40))
def test_working_day_due_is_a_working_instant_after_the_start(start: dt.datetime, n: int) -> None:
    s = evaluate(ProcessingTime.working_days(n), [ClockEvent.start(start)], calendar=CAL, now=start)
    assert s.started_at is not None and s.due_at is not None
    assert s.due_at >= s.started_at
    local = s.due_at.astimezone(VN_TZ)
    assert CAL.is_working_day(local.date())
    # a due instant lies inside office hours or exactly at a closing
    assert any(a <= local.time() <= b for a, b in CAL.intervals(local.date()))


@given(instants, st.integers(1, 200))
def test_hours_limit_is_exact_office_time(start: dt.datetime, hours: int) -> None:
    s = evaluate(
        ProcessingTime.working_hours(hours), [ClockEvent.start(start)], calendar=CAL, now=start
    )
    assert s.started_at is not None and s.due_at is not None
    assert CAL.working_time_between(s.started_at, s.due_at) == dt.timedelta(hours=hours)


@given(instants, st.integers(1, 30), st.integers(1, 10 * 24 * 60), st.integers(1, 10 * 24 * 60))
def test_an_excluded_pause_shifts_the_due_date_by_its_office_time(
    start: dt.datetime, n: int, into: int, length: int
) -> None:
    limit = ProcessingTime.working_days(n, excluded={PauseReason.EXPERT_ASSESSMENT})
    plain = evaluate(limit, [ClockEvent.start(start)], calendar=CAL, now=start)
    assert plain.due_at is not None and plain.started_at is not None
    p0 = plain.started_at + dt.timedelta(minutes=into)
    if p0 >= plain.due_at:
        return
    p1 = p0 + dt.timedelta(minutes=length)
    events = [
        ClockEvent.start(start),
        ClockEvent(kind=ClockEventKind.PAUSE, at=p0, reason=PauseReason.EXPERT_ASSESSMENT),
        ClockEvent(kind=ClockEventKind.RESUME, at=p1, reason=PauseReason.EXPERT_ASSESSMENT),
    ]
    paused = evaluate(limit, events, calendar=CAL, now=p1)
    assert paused.due_at is not None
    assert paused.due_at >= plain.due_at
    # the office time left is preserved across the pause
    assert CAL.working_time_between(p1, paused.due_at) == CAL.working_time_between(p0, plain.due_at)
    assert paused.status in (SlaStatus.RUNNING, SlaStatus.BREACHED)


@given(instants, instants, st.sampled_from(list(ClassificationGranularity)))
def test_decided_before_due_is_never_late(
    decided: dt.datetime, due: dt.datetime, granularity: ClassificationGranularity
) -> None:
    verdict = classify(decided, due, granularity)
    if decided <= due:
        assert verdict is not Timeliness.LATE
    if decided.astimezone(VN_TZ).date() > due.astimezone(VN_TZ).date():
        assert verdict is Timeliness.LATE
