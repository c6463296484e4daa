"""The vectorised clock agrees with the scalar one on typical event logs."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from onestop_core.calendars import vietnam
from onestop_core.errors import InvalidDateError, InvalidDurationError
from onestop_core.procedures import PauseReason, ProcessingTime
from onestop_core.sla import ClassificationGranularity, ClockEvent, ClockEventKind, evaluate
from onestop_core.sla.batch import TIMELINESS_CODES, evaluate_many

CAL = vietnam()
US = np.timedelta64(1, "us")


def _utc(x: np.datetime64) -> dt.datetime:
    return x.astype("datetime64[us]").item().replace(tzinfo=dt.UTC)


@pytest.mark.parametrize("granularity", list(ClassificationGranularity))
def test_matches_scalar_evaluate(granularity: ClassificationGranularity) -> None:
    rng = np.random.default_rng(7)
    n = 1500
    base = np.datetime64("2024-01-01T00:00", "us")
    minute = np.timedelta64(60_000_000, "us")
    acc = base + rng.integers(0, 900 * 24 * 60, n) * minute
    days = rng.integers(0, 25, n)
    has_sup = rng.random(n) < 0.3
    req = np.where(has_sup, acc + rng.integers(60, 3 * 24 * 60, n) * minute, np.datetime64("NaT"))
    done = np.where(has_sup, req + rng.integers(60, 10 * 24 * 60, n) * minute, np.datetime64("NaT"))
    restart = np.where(has_sup, done, acc)
    has_pause = rng.random(n) < 0.3
    p0 = np.where(
        has_pause, restart + rng.integers(60, 5 * 24 * 60, n) * minute, np.datetime64("NaT")
    )
    p1 = np.where(has_pause, p0 + rng.integers(1, 8 * 24 * 60, n) * minute, np.datetime64("NaT"))
    last = np.where(has_pause, p1, restart)
    has_dec = rng.random(n) < 0.8
    dec = np.where(has_dec, last + rng.integers(1, 40 * 24 * 60, n) * minute, np.datetime64("NaT"))
    r = evaluate_many(
        CAL,
        acc,
        days,
        supplement_requested_at=req,
        supplement_completed_at=done,
        pause_started_at=p0,
        pause_ended_at=p1,
        decided_at=dec,
        granularity=granularity,
    )
    from onestop_core.sla import SlaPolicies

    policies = SlaPolicies(granularity=granularity)
    for k in range(n):
        limit = ProcessingTime.working_days(int(days[k]), excluded={PauseReason.EXPERT_ASSESSMENT})
        events = [ClockEvent.start(_utc(acc[k]))]
        if has_sup[k]:
            events += [
                ClockEvent(kind=ClockEventKind.SUPPLEMENT_REQUESTED, at=_utc(req[k])),
                ClockEvent(kind=ClockEventKind.SUPPLEMENT_COMPLETED, at=_utc(done[k])),
            ]
        if has_pause[k]:
            events += [
                ClockEvent(
                    kind=ClockEventKind.PAUSE, at=_utc(p0[k]), reason=PauseReason.EXPERT_ASSESSMENT
                ),
                ClockEvent(
                    kind=ClockEventKind.RESUME, at=_utc(p1[k]), reason=PauseReason.EXPERT_ASSESSMENT
                ),
            ]
        if has_dec[k]:
            events.append(ClockEvent.decide(_utc(dec[k])))
        s = evaluate(
            limit,
            events,
            calendar=CAL,
            policies=policies,
            now=_utc(last[k]) + dt.timedelta(days=400),
        )
        assert s.started_at == _utc(r.started_at[k]), k
        assert s.due_at == _utc(r.due_at[k]), k
        expected = s.timeliness.value if s.timeliness else None
        assert TIMELINESS_CODES[int(r.timeliness[k])] == expected, k


def test_waiting_for_a_supplement_has_no_due_date() -> None:
    acc = np.array(["2026-10-05T01:00"], dtype="datetime64[us]")
    r = evaluate_many(CAL, acc, 10, supplement_requested_at=acc + np.timedelta64(1, "D"))
    assert np.isnat(r.due_at[0])


@pytest.mark.parametrize(
    "kwargs",
    [
        {"supplement_completed_at": np.array(["2026-10-06"], dtype="datetime64[us]")},
        {"pause_started_at": np.array(["2026-10-06"], dtype="datetime64[us]")},
    ],
)
def test_malformed_logs_are_rejected(kwargs: dict[str, object]) -> None:
    acc = np.array(["2026-10-05T01:00"], dtype="datetime64[us]")
    with pytest.raises(InvalidDateError):
        evaluate_many(CAL, acc, 3, **kwargs)  # type: ignore[arg-type]


def test_bad_inputs() -> None:
    with pytest.raises(InvalidDateError):
        evaluate_many(CAL, np.array(["2026-10-05"]), 3)
    with pytest.raises(InvalidDurationError):
        evaluate_many(CAL, np.array(["2026-10-05"], dtype="datetime64[us]"), np.array([1.5]))
