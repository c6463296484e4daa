"""Working-time arithmetic: ``add_working_time``, ``working_time_between``, ``next_open``.

Office hours are the default 07:30-11:30 and 13:00-17:00 (law.md §8) in Asia/Ho_Chi_Minh
local time. Day facts used by the hand-computed examples (national calendar, 2026): days off
1-2/1 (2/1 swapped for make-up Saturday 10/1), 16-20/2 (Tết Bính Ngọ), 26/4 (Giỗ Tổ, a
Sunday) with compensatory Monday 27/4, 30/4, 1/5, 31/8 (swapped for make-up Saturday 22/8),
1-2/9, 24/11 (Vietnam Culture Day, a Tuesday).
"""

from __future__ import annotations

import datetime as dt
import functools
import zoneinfo

import attrs
import numpy as np
import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

from onestop_core._time import VN_TZ
from onestop_core.calendars import (
    OfficeHours,
    Season,
    WeeklyHours,
    WorkCalendar,
    add_working_days,
    add_working_days_many,
    add_working_time,
    add_working_time_many,
    batch,
    next_open,
    vietnam,
    working_time_between,
)
from onestop_core.errors import (
    InvalidDateError,
    InvalidDurationError,
    NaiveDatetimeError,
    OnestopError,
    OutOfRangeError,
)

H = dt.timedelta(hours=1)
M = dt.timedelta(minutes=1)
ZERO = dt.timedelta(0)
UTC = dt.UTC
SEVEN = dt.timedelta(hours=7)


def _zone(name: str) -> dt.tzinfo:
    try:
        return zoneinfo.ZoneInfo(name)
    except zoneinfo.ZoneInfoNotFoundError:  # no system tzdata: pendulum bundles its own
        return pendulum.timezone(name)


TOKYO = _zone("Asia/Tokyo")
NEW_YORK_FIXED = dt.timezone(dt.timedelta(hours=-5))


def vn(*args: int) -> dt.datetime:
    """An instant given in Vietnam local time."""
    return dt.datetime(*args, tzinfo=VN_TZ)


def hm(hours: int, minutes: int = 0) -> dt.timedelta:
    return dt.timedelta(hours=hours, minutes=minutes)


@functools.cache
def irregular() -> WorkCalendar:
    """A calendar whose days have 0-3 intervals (adjacent ones too), a counted Saturday
    desk and a summer season: it exercises every branch of the interval arithmetic."""
    week = WeeklyHours.from_mapping(
        {
            "mon": ["07:00-08:00", "09:00-10:00", "13:00-17:00"],
            "tue": ["08:00-12:00"],
            "wed": ["07:30-11:30", "11:30-12:00", "13:00-17:00"],
            "fri": ["07:00-11:00", "14:00-16:00"],
            "sat": ["07:30-11:30"],
        }
    )
    summer = Season(
        name="summer",
        start=(4, 1),
        end=(10, 31),
        hours=WeeklyHours.standard(["07:00-11:30", "13:30-17:00"], saturday=["08:00-10:00"]),
    )
    cal = vietnam().with_overrides(
        id="vn/test-irregular", office_hours=OfficeHours(default=week, seasons=(summer,))
    )
    return attrs.evolve(cal, weekend_service_counts=True)


CALENDARS = {"vietnam": vietnam, "irregular": irregular}

# -- hand-computed examples ------------------------------------------------------------

ADD_CASES = [
    # (start, delta, expected, why)
    (vn(2026, 11, 20, 16), hm(8), vn(2026, 11, 23, 16), "Fri 1 h; Sat/Sun; Mon 7 h"),
    (vn(2026, 11, 20, 16), hm(16), vn(2026, 11, 25, 16), "Fri 1, Mon 8, Tue 24/11 off, Wed 7"),
    (vn(2026, 11, 20, 10), hm(24), vn(2026, 11, 26, 10), "law.md E13 with hours: 3 days"),
    (vn(2026, 11, 23, 17), hm(1), vn(2026, 11, 25, 8, 30), "after close Mon; 24/11 off"),
    (vn(2026, 11, 23, 10), hm(8), vn(2026, 11, 25, 10), "Mon 5.5 h; Tue off; Wed 2.5 h"),
    (vn(2026, 11, 24, 9), hm(0, 30), vn(2026, 11, 25, 8), "start on a holiday"),
    (vn(2026, 11, 21, 10), hm(1), vn(2026, 11, 23, 8, 30), "start on a Saturday"),
    (vn(2026, 11, 26, 6), hm(1), vn(2026, 11, 26, 8, 30), "before opening"),
    (vn(2026, 11, 25, 12, 15), hm(4), vn(2026, 11, 25, 17), "lunch -> 13:00; ends at close"),
    (vn(2026, 11, 25, 12, 15), hm(4, 30), vn(2026, 11, 26, 8), "lunch; spills into Thu"),
    (vn(2026, 11, 23, 7, 30), hm(8), vn(2026, 11, 23, 17), "8 h from opening: same day 17:00"),
    (vn(2026, 11, 23, 7, 30), hm(4), vn(2026, 11, 23, 11, 30), "4 h: 11:30, not 13:00"),
    (vn(2026, 11, 23, 7, 30), hm(4, 1), vn(2026, 11, 23, 13, 1), "one minute past the lunch"),
    (vn(2026, 11, 23, 11, 30), hm(1), vn(2026, 11, 23, 14), "start exactly at 11:30"),
    # Tết Bính Ngọ: 16-20/2/2026 off, 14-15 and 21-22 weekends.
    (vn(2026, 2, 13, 15), hm(4), vn(2026, 2, 23, 9, 30), "Fri 2 h; Tết; Mon 2 h"),
    (vn(2026, 2, 12, 9), hm(16), vn(2026, 2, 23, 9), "Thu 6.5, Fri 8, Tết, Mon 1.5"),
    (vn(2026, 2, 9, 7, 30), hm(40), vn(2026, 2, 13, 17), "five full days end Fri 17:00"),
    (vn(2026, 2, 9, 7, 30), hm(40, 1), vn(2026, 2, 23, 7, 31), "one more minute: after Tết"),
    # New Year 2026: 1/1 holiday, 2/1 swapped, make-up Saturday 10/1 (Friday's hours).
    (vn(2025, 12, 31, 16), hm(8), vn(2026, 1, 5, 16), "Wed 1 h; 1-4/1 off; Mon 7 h"),
    (vn(2026, 1, 9, 16, 30), hm(1), vn(2026, 1, 10, 8), "into make-up Saturday 10/1"),
    (vn(2026, 1, 9, 17), hm(8), vn(2026, 1, 10, 17), "a full make-up Saturday"),
    (vn(2026, 1, 10, 16), hm(2), vn(2026, 1, 12, 8, 30), "from make-up Saturday to Monday"),
    # National Day 2026: make-up Saturday 22/8, 31/8 swapped, 1-2/9 holidays.
    (vn(2026, 8, 21, 16), hm(2), vn(2026, 8, 22, 8, 30), "into make-up Saturday 22/8"),
    (vn(2026, 8, 22, 16), hm(2), vn(2026, 8, 24, 8, 30), "make-up Sat 1 h; Sun; Mon 1 h"),
    (vn(2026, 8, 28, 16), hm(2), vn(2026, 9, 3, 8, 30), "Fri 1 h; 29/8-2/9 off; Thu 1 h"),
    # Hùng Kings 2026 on Sunday 26/4 -> compensatory Monday 27/4; 30/4 and 1/5.
    (vn(2026, 4, 24, 16), hm(2), vn(2026, 4, 28, 8, 30), "compensatory Monday 27/4"),
    (vn(2026, 4, 29, 16), hm(2), vn(2026, 5, 4, 8, 30), "30/4, 1/5, weekend"),
    # Negative deltas go backwards; a boundary result is the earlier closing.
    (vn(2026, 2, 23, 8, 30), -hm(2), vn(2026, 2, 13, 16), "back over Tết"),
    (vn(2026, 11, 25, 8, 30), -hm(2), vn(2026, 11, 23, 16), "back over 24/11"),
    (vn(2026, 11, 25, 8, 30), -hm(1), vn(2026, 11, 23, 17), "Wed opening == Mon closing"),
    (vn(2026, 11, 23, 13, 30), -hm(0, 30), vn(2026, 11, 23, 11, 30), "13:00 == 11:30"),
    (vn(2026, 1, 12, 8), -hm(1), vn(2026, 1, 10, 16, 30), "back into make-up Saturday"),
    (vn(2026, 9, 3, 8, 30), -hm(2), vn(2026, 8, 28, 16), "back over 29/8-2/9"),
    (vn(2026, 11, 21, 10), -hm(1), vn(2026, 11, 20, 16), "backwards from a Saturday"),
]


@pytest.mark.parametrize(
    ("start", "delta", "expected"),
    [c[:3] for c in ADD_CASES],
    ids=[f"{c[0]:%Y-%m-%d-%H%M}{c[1].total_seconds() / 3600:+g}h" for c in ADD_CASES],
)
def test_add_working_time_examples(
    start: dt.datetime, delta: dt.timedelta, expected: dt.datetime
) -> None:
    result = vietnam().add_working_time(start, delta)
    assert result == expected
    assert result.utcoffset() == SEVEN
    assert getattr(result.tzinfo, "key", None) == "Asia/Ho_Chi_Minh"
    assert (result.hour, result.minute) == (expected.hour, expected.minute)  # local wall time
    assert add_working_time(start, delta) == expected  # module-level function
    if delta > ZERO:
        assert vietnam().working_time_between(start, result) == delta


NEXT_OPEN_CASES = [
    (vn(2026, 11, 26, 6), vn(2026, 11, 26, 7, 30)),
    (vn(2026, 11, 26, 7, 30), vn(2026, 11, 26, 7, 30)),
    (vn(2026, 11, 26, 11, 29, 59), vn(2026, 11, 26, 11, 29, 59)),
    (vn(2026, 11, 26, 11, 30), vn(2026, 11, 26, 13)),
    (vn(2026, 11, 26, 12, 15), vn(2026, 11, 26, 13)),
    (vn(2026, 11, 26, 16, 59, 59), vn(2026, 11, 26, 16, 59, 59)),
    (vn(2026, 11, 26, 17), vn(2026, 11, 27, 7, 30)),
    (vn(2026, 11, 27, 18), vn(2026, 11, 30, 7, 30)),  # Friday evening -> Monday
    (vn(2026, 11, 23, 17), vn(2026, 11, 25, 7, 30)),  # 24/11 off
    (vn(2026, 11, 21, 10), vn(2026, 11, 23, 7, 30)),  # Saturday
    (vn(2026, 2, 13, 17), vn(2026, 2, 23, 7, 30)),  # Tết
    (vn(2026, 2, 17, 9), vn(2026, 2, 23, 7, 30)),  # during Tết
    (vn(2026, 1, 9, 20), vn(2026, 1, 10, 7, 30)),  # make-up Saturday opens
    (vn(2025, 12, 31, 17), vn(2026, 1, 5, 7, 30)),  # 1/1, 2/1 (swapped), weekend
    (vn(2026, 8, 28, 17), vn(2026, 9, 3, 7, 30)),  # 31/8 swapped, 1-2/9
    (vn(2026, 4, 24, 23, 59), vn(2026, 4, 28, 7, 30)),  # compensatory 27/4
]


@pytest.mark.parametrize(("t", "expected"), NEXT_OPEN_CASES, ids=lambda v: f"{v:%m%d-%H%M%S}")
def test_next_open_examples(t: dt.datetime, expected: dt.datetime) -> None:
    assert vietnam().next_open(t) == expected
    assert next_open(t) == expected
    assert vietnam().add_working_time(t, ZERO) == expected  # delta == 0 is next_open


BETWEEN_CASES = [
    (vn(2026, 2, 13, 8), vn(2026, 2, 23, 8), hm(8)),  # Fri 7.5 h + Mon 0.5 h
    (vn(2026, 11, 20, 0), vn(2026, 11, 27, 0), hm(32)),  # 20, 23, 25, 26/11
    (vn(2026, 1, 10, 0), vn(2026, 1, 11, 0), hm(8)),  # make-up Saturday
    (vn(2026, 8, 22, 0), vn(2026, 8, 23, 0), hm(8)),  # make-up Saturday
    (vn(2026, 1, 17, 0), vn(2026, 1, 18, 0), ZERO),  # ordinary Saturday
    (vn(2026, 2, 16, 0), vn(2026, 2, 21, 0), ZERO),  # Tết week
    (vn(2026, 11, 26, 12), vn(2026, 11, 26, 12, 45), ZERO),  # lunch
    (vn(2026, 11, 26, 11), vn(2026, 11, 26, 13, 30), hm(1)),  # across lunch
    (vn(2026, 11, 26, 16), vn(2026, 11, 27, 8), hm(1, 30)),  # overnight
    (vn(2026, 11, 26, 9), vn(2026, 11, 26, 9), ZERO),
    (vn(2026, 1, 1, 0), vn(2027, 1, 1, 0), hm(249 * 8)),  # 261 weekdays - 14 off + 2 make-up
]


@pytest.mark.parametrize(("a", "b", "expected"), BETWEEN_CASES, ids=lambda v: str(v))
def test_working_time_between_examples(
    a: dt.datetime, b: dt.datetime, expected: dt.timedelta
) -> None:
    cal = vietnam()
    assert cal.working_time_between(a, b) == expected
    assert cal.working_time_between(b, a) == -expected
    assert working_time_between(a, b) == expected


def test_year_2026_working_time_matches_working_days() -> None:
    cal = vietnam()
    days = cal.working_days_between(dt.date(2025, 12, 31), dt.date(2026, 12, 31))
    assert days == 249
    assert cal.working_time_between(vn(2026, 1, 1), vn(2027, 1, 1)) == days * 8 * H


# -- time zones ----------------------------------------------------------------------------


@pytest.mark.parametrize("zone", [UTC, TOKYO, NEW_YORK_FIXED, VN_TZ], ids=str)
def test_other_zones_give_the_same_instants(zone: dt.tzinfo) -> None:
    cal = vietnam()
    start = vn(2026, 11, 20, 16).astimezone(zone)  # Friday 16:00 in Vietnam
    result = cal.add_working_time(start, 8 * H)
    assert result == vn(2026, 11, 23, 16)
    assert result.utcoffset() == SEVEN
    assert cal.next_open(vn(2026, 11, 20, 18).astimezone(zone)) == vn(2026, 11, 23, 7, 30)
    assert cal.working_time_between(start, vn(2026, 11, 23, 8).astimezone(zone)) == 1.5 * H


def test_local_day_is_the_vietnam_day_not_the_input_day() -> None:
    # 2026-11-20 23:30 UTC is Saturday 21/11 06:30 in Vietnam: closed, opens Monday.
    t = dt.datetime(2026, 11, 20, 23, 30, tzinfo=UTC)
    assert vietnam().next_open(t) == vn(2026, 11, 23, 7, 30)
    # 2026-11-23 00:30 UTC is Monday 07:30 in Vietnam: open.
    assert vietnam().next_open(dt.datetime(2026, 11, 23, 0, 30, tzinfo=UTC)) == vn(
        2026, 11, 23, 7, 30
    )


@pytest.mark.parametrize("op", ["next_open", "add_zero"])
def test_open_instant_result_is_in_vietnam_time(op: str) -> None:
    t = dt.datetime(2026, 11, 26, 2, 0, tzinfo=UTC)  # Thursday 09:00 in Vietnam: open
    cal = vietnam()
    result = cal.next_open(t) if op == "next_open" else cal.add_working_time(t, ZERO)
    assert result == t
    assert result.utcoffset() == SEVEN
    assert (result.hour, result.minute) == (9, 0)


# -- errors --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "call",
    [
        pytest.param(lambda c: c.add_working_time(dt.datetime(2026, 1, 5, 8), H), id="add"),
        pytest.param(lambda c: c.next_open(dt.datetime(2026, 1, 5, 8)), id="next_open"),
        pytest.param(
            lambda c: c.working_time_between(dt.datetime(2026, 1, 5, 8), vn(2026, 1, 6, 8)),
            id="between-a",
        ),
        pytest.param(
            lambda c: c.working_time_between(vn(2026, 1, 5, 8), dt.datetime(2026, 1, 6, 8)),
            id="between-b",
        ),
        pytest.param(lambda c: c.add_working_time(dt.datetime(2026, 1, 5, 8), ZERO), id="add0"),
    ],
)
def test_naive_datetimes_are_rejected(call: object) -> None:
    with pytest.raises(NaiveDatetimeError) as info:
        call(vietnam())  # type: ignore[operator]
    assert isinstance(info.value, OnestopError)
    assert isinstance(info.value, ValueError)


@pytest.mark.parametrize("delta", [3600, 1.5, "1h", None, np.timedelta64(1, "h")], ids=repr)
def test_non_timedelta_delta_is_rejected(delta: object) -> None:
    with pytest.raises(InvalidDurationError):
        vietnam().add_working_time(vn(2026, 1, 5, 8), delta)  # type: ignore[arg-type]


def test_a_date_is_not_an_instant() -> None:
    with pytest.raises(InvalidDateError):
        vietnam().next_open(dt.date(2026, 1, 5))  # type: ignore[arg-type]
    with pytest.raises(InvalidDateError):
        vietnam().add_working_time(dt.date(2026, 1, 5), H)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "t",
    [
        vn(1999, 12, 31, 23, 59),
        dt.datetime(1999, 12, 31, 16, 59, tzinfo=UTC),
        vn(2200, 1, 1, 0),
        vn(1990, 6, 1, 9),
        vn(2500, 6, 1, 9),
    ],
    ids=str,
)
def test_instants_outside_the_range_are_rejected(t: dt.datetime) -> None:
    cal = vietnam()
    with pytest.raises(OutOfRangeError):
        cal.next_open(t)
    with pytest.raises(OutOfRangeError):
        cal.add_working_time(t, H)
    with pytest.raises(OutOfRangeError):
        cal.add_working_time(t, ZERO)
    with pytest.raises(OutOfRangeError):
        cal.working_time_between(vn(2026, 1, 5, 8), t)
    with pytest.raises(OutOfRangeError):
        cal.working_time_between(t, vn(2026, 1, 5, 8))


def test_range_edges() -> None:
    cal = vietnam()
    # 1999-12-31 17:00 UTC is 2000-01-01 00:00 in Vietnam: inside the range.
    first = cal.next_open(dt.datetime(1999, 12, 31, 17, 0, tzinfo=UTC))
    assert first.date() == cal.add_working_days(dt.date(2000, 1, 1), 1)
    assert cal.add_working_time(first + H, -H) == first
    with pytest.raises(OutOfRangeError):
        cal.add_working_time(first + H, -2 * H)  # before the first office hour
    with pytest.raises(OutOfRangeError):
        cal.add_working_time(vn(2199, 12, 31, 8), 10 * H)  # beyond the last one
    with pytest.raises(OutOfRangeError):
        cal.next_open(vn(2199, 12, 31, 18))  # no opening left in the range


@pytest.mark.parametrize(
    "t",
    [
        dt.datetime(9999, 12, 31, 23, 0, tzinfo=UTC),
        dt.datetime(1, 1, 1, 0, 30, tzinfo=dt.timezone(dt.timedelta(hours=1))),
    ],
    ids=["max", "min"],
)
def test_extreme_instants_raise_out_of_range(t: dt.datetime) -> None:
    # astimezone() would overflow here: the library must still say "out of range".
    with pytest.raises(OutOfRangeError):
        vietnam().next_open(t)
    with pytest.raises(OutOfRangeError):
        vietnam().add_working_time(t, H)
    with pytest.raises(OutOfRangeError):
        vietnam().working_time_between(vn(2026, 1, 5, 8), t)


# -- invariants (hypothesis) -------------------------------------------------------------

BASE = vn(2025, 1, 1)
SPAN_MINUTES = (vn(2028, 1, 1) - BASE) // M
ZONES = [VN_TZ, UTC, TOKYO, NEW_YORK_FIXED]
instants = st.builds(
    lambda minutes, zone: (BASE + minutes * M).astimezone(zone),
    st.integers(0, SPAN_MINUTES),
    st.sampled_from(ZONES),
)
#: up to 40 working days of 8 h, at minute granularity
deltas = st.integers(0, 40 * 8 * 60).map(lambda m: m * M)
signed_deltas = st.integers(-40 * 8 * 60, 40 * 8 * 60).map(lambda m: m * M)
calendar_names = st.sampled_from(sorted(CALENDARS))


def _local_interval_of(
    cal: WorkCalendar, t: dt.datetime
) -> tuple[dt.date, list[tuple[dt.time, dt.time]]]:
    local = t.astimezone(VN_TZ)
    return local.date(), list(cal.intervals(local.date()))


@given(name=calendar_names, raw=instants, d=deltas)
def test_round_trip_add_then_between(name: str, raw: dt.datetime, d: dt.timedelta) -> None:
    cal = CALENDARS[name]()
    s = cal.next_open(raw)  # inside office hours
    assert cal.working_time_between(s, cal.add_working_time(s, d)) == d
    # The same holds from any instant (outside hours the clock starts at the next opening).
    assert cal.working_time_between(raw, cal.add_working_time(raw, d)) == d


@given(name=calendar_names, raw=instants, d=deltas)
def test_backwards_round_trip(name: str, raw: dt.datetime, d: dt.timedelta) -> None:
    cal = CALENDARS[name]()
    s = cal.next_open(raw)
    back = cal.add_working_time(s, -d)
    assert back <= s
    assert cal.working_time_between(back, s) == d


@given(name=calendar_names, s=instants, d1=signed_deltas, d2=signed_deltas)
def test_add_is_monotone_in_delta(
    name: str, s: dt.datetime, d1: dt.timedelta, d2: dt.timedelta
) -> None:
    cal = CALENDARS[name]()
    lo, hi = sorted((d1, d2))
    assert cal.add_working_time(s, lo) <= cal.add_working_time(s, hi)
    if lo < ZERO < hi:
        assert cal.add_working_time(s, lo) <= s <= cal.add_working_time(s, hi)


@given(name=calendar_names, s=instants, d1=deltas, d2=deltas)
def test_add_composes(name: str, s: dt.datetime, d1: dt.timedelta, d2: dt.timedelta) -> None:
    cal = CALENDARS[name]()
    if d1 > ZERO and d2 > ZERO:
        assert cal.add_working_time(cal.add_working_time(s, d1), d2) == cal.add_working_time(
            s, d1 + d2
        )


@given(name=calendar_names, s=instants, d=deltas.filter(bool))
def test_positive_add_ends_inside_or_at_the_end_of_an_office_interval(
    name: str, s: dt.datetime, d: dt.timedelta
) -> None:
    cal = CALENDARS[name]()
    r = cal.add_working_time(s, d)
    assert r > s
    assert r.utcoffset() == SEVEN
    assert r == cal.add_working_time(cal.next_open(s), d)
    day, ivs = _local_interval_of(cal, r)
    local_time = r.astimezone(VN_TZ).time()
    assert any(a < local_time <= b for a, b in ivs), (r, ivs)
    assert cal.day_off(day) is None
    if cal.weekend_service_counts:
        return
    assert cal.is_working_day(day)
    if day.weekday() >= 5:
        assert cal.make_up_day(day) is not None


@given(name=calendar_names, t=instants)
def test_next_open_is_later_idempotent_and_open(name: str, t: dt.datetime) -> None:
    cal = CALENDARS[name]()
    r = cal.next_open(t)
    assert r >= t
    assert cal.next_open(r) == r
    assert cal.working_time_between(t, r) == ZERO  # no office time is skipped
    assert cal.add_working_time(t, ZERO) == r
    _, ivs = _local_interval_of(cal, r)
    local_time = r.astimezone(VN_TZ).time()
    assert any(a <= local_time < b for a, b in ivs), (r, ivs)


@given(name=calendar_names, a=instants, b=instants, c=instants)
def test_between_is_antisymmetric_and_additive(
    name: str, a: dt.datetime, b: dt.datetime, c: dt.datetime
) -> None:
    cal = CALENDARS[name]()
    ab = cal.working_time_between(a, b)
    assert cal.working_time_between(b, a) == -ab
    assert cal.working_time_between(a, a) == ZERO
    assert ab + cal.working_time_between(b, c) == cal.working_time_between(a, c)
    assert ab >= ZERO if a <= b else ab <= ZERO


@given(s=instants, d=signed_deltas, zone=st.sampled_from(ZONES))
def test_input_zone_does_not_change_the_instant(
    s: dt.datetime, d: dt.timedelta, zone: dt.tzinfo
) -> None:
    cal = vietnam()
    expected = cal.add_working_time(s, d)
    assert cal.add_working_time(s.astimezone(zone), d) == expected
    if d:
        assert cal.add_working_time(s.astimezone(zone), d).utcoffset() == SEVEN


# -- vectorised versions (numpy) -----------------------------------------------------------


def to_np(t: dt.datetime) -> np.datetime64:
    return np.datetime64(t.astimezone(UTC).replace(tzinfo=None), "us")


def from_np(x: np.datetime64) -> dt.datetime:
    value = x.astype("datetime64[us]").astype(dt.datetime)
    assert isinstance(value, dt.datetime)
    return value.replace(tzinfo=UTC)


@given(
    name=calendar_names,
    rows=st.lists(st.tuples(instants, signed_deltas), min_size=1, max_size=40),
)
def test_add_working_time_many_matches_scalar(
    name: str, rows: list[tuple[dt.datetime, dt.timedelta]]
) -> None:
    cal = CALENDARS[name]()
    starts = np.array([to_np(s) for s, _ in rows], dtype="datetime64[us]")
    deltas_us = np.array([d // dt.timedelta(microseconds=1) for _, d in rows], dtype=np.int64)
    out = add_working_time_many(starts, deltas_us.astype("timedelta64[us]"), calendar=cal)
    assert out.dtype == np.dtype("datetime64[us]")
    assert out.shape == (len(rows),)
    for (s, d), got in zip(rows, out, strict=True):
        assert from_np(got) == cal.add_working_time(s, d)


@given(name=calendar_names, starts=st.lists(instants, min_size=1, max_size=20), d=deltas)
def test_add_working_time_many_scalar_delta_and_units(
    name: str, starts: list[dt.datetime], d: dt.timedelta
) -> None:
    cal = CALENDARS[name]()
    arr = np.array([to_np(s) for s in starts], dtype="datetime64[us]")
    minutes = np.timedelta64(d // M, "m")
    out = batch.add_working_time_many(cal, arr.astype("datetime64[s]"), minutes)
    assert [from_np(x) for x in out] == [cal.add_working_time(s, d) for s in starts]
    # the unit of the timedelta64 does not matter
    seconds = np.timedelta64(int(d.total_seconds()), "s")
    assert np.array_equal(batch.add_working_time_many(cal, arr, seconds), out)


@given(
    rows=st.lists(st.tuples(instants, deltas, st.booleans()), min_size=1, max_size=30),
)
def test_add_working_time_many_propagates_nat(
    rows: list[tuple[dt.datetime, dt.timedelta, bool]],
) -> None:
    starts = np.array(
        [np.datetime64("NaT", "us") if nat else to_np(s) for s, _, nat in rows],
        dtype="datetime64[us]",
    )
    ds = np.array([d // M for _, d, _ in rows], dtype="timedelta64[m]")
    out = add_working_time_many(starts, ds)
    for (s, d, nat), got in zip(rows, out, strict=True):
        if nat:
            assert np.isnat(got)
        else:
            assert from_np(got) == add_working_time(s, d)


def test_add_working_time_many_nat_with_negative_delta() -> None:
    # NaT rows are located on day 0 internally; they must not trip the range check.
    starts = np.array(["NaT", "2026-11-26T02:00"], dtype="datetime64[us]")
    out = add_working_time_many(starts, np.timedelta64(-1, "h"))
    assert np.isnat(out[0])
    assert from_np(out[1]) == vn(2026, 11, 26, 8)


def test_add_working_time_many_at_the_start_of_the_range() -> None:
    cal = vietnam()
    start = vn(2000, 1, 4, 8, 30)  # the first working day of the range, 1 h after opening
    assert cal.add_working_time(start, -H) == vn(2000, 1, 4, 7, 30)
    out = add_working_time_many(np.array([to_np(start)]), np.timedelta64(-1, "h"))
    assert from_np(out[0]) == vn(2000, 1, 4, 7, 30)


@given(
    name=calendar_names,
    pairs=st.lists(st.tuples(instants, instants), min_size=1, max_size=40),
)
def test_working_time_between_many_matches_scalar(
    name: str, pairs: list[tuple[dt.datetime, dt.datetime]]
) -> None:
    cal = CALENDARS[name]()
    a = np.array([to_np(x) for x, _ in pairs], dtype="datetime64[us]")
    b = np.array([to_np(y) for _, y in pairs], dtype="datetime64[us]")
    out = batch.working_time_between_many(cal, a, b)
    assert out.dtype == np.dtype("timedelta64[us]")
    for (x, y), got in zip(pairs, out, strict=True):
        assert got.astype(dt.timedelta) == cal.working_time_between(x, y)


def test_working_time_between_many_nat() -> None:
    a = np.array(["2026-11-26T01:00", "NaT", "2026-11-26T01:00"], dtype="datetime64[us]")
    b = np.array(["2026-11-27T01:00", "2026-11-27T01:00", "NaT"], dtype="datetime64[us]")
    out = batch.working_time_between_many(vietnam(), a, b)
    assert out[0].astype(dt.timedelta) == 8 * H
    assert np.isnat(out[1])
    assert np.isnat(out[2])


def test_add_working_time_many_examples() -> None:
    starts = np.array([to_np(c[0]) for c in ADD_CASES], dtype="datetime64[us]")
    ds = np.array([c[1] // M for c in ADD_CASES], dtype="timedelta64[m]")
    out = add_working_time_many(starts, ds)
    assert [from_np(x) for x in out] == [c[2] for c in ADD_CASES]
    zero = add_working_time_many(
        np.array([to_np(t) for t, _ in NEXT_OPEN_CASES]), np.timedelta64(0, "s")
    )
    assert [from_np(x) for x in zero] == [e for _, e in NEXT_OPEN_CASES]


def test_vectorised_working_time_broadcasts() -> None:
    starts = np.array(
        [["2026-11-26T01:00", "2026-11-26T09:00"], ["2026-11-27T01:00", "NaT"]],
        dtype="datetime64[us]",
    )
    out = add_working_time_many(starts, np.array([1, -2], dtype="timedelta64[h]"))
    assert out.shape == (2, 2)
    assert from_np(out[0, 0]) == vn(2026, 11, 26, 9)  # Thu 08:00 + 1 h
    assert from_np(out[0, 1]) == vn(2026, 11, 26, 14)  # Thu 16:00 - 2 h
    assert from_np(out[1, 0]) == vn(2026, 11, 27, 9)  # Fri 08:00 + 1 h
    assert np.isnat(out[1, 1])
    monday = np.array(["2026-11-30T01:00"], dtype="datetime64[us]")  # Mon 08:00
    between = batch.working_time_between_many(vietnam(), starts, monday)
    assert between.shape == (2, 2)
    assert between[0, 0].astype(dt.timedelta) == 16 * H  # Thu 7.5 + Fri 8 + Mon 0.5
    assert between[1, 0].astype(dt.timedelta) == 8 * H
    assert np.isnat(between[1, 1])


@pytest.mark.parametrize(
    ("starts", "delta", "error"),
    [
        (np.array([1, 2]), np.timedelta64(1, "h"), InvalidDateError),
        (np.array(["2026-11-26T01:00"]), np.timedelta64(1, "h"), InvalidDateError),
        (np.array(["2026-11-26T01:00"], dtype="datetime64[us]"), 3600, InvalidDurationError),
        (np.array(["2026-11-26T01:00"], dtype="datetime64[us]"), 1.5, InvalidDurationError),
        (
            np.array(["1999-06-01T01:00"], dtype="datetime64[us]"),
            np.timedelta64(1, "h"),
            OutOfRangeError,
        ),
        (
            np.array(["2200-06-01T01:00"], dtype="datetime64[us]"),
            np.timedelta64(1, "h"),
            OutOfRangeError,
        ),
        (
            np.array(["2199-12-31T01:00"], dtype="datetime64[us]"),
            np.timedelta64(10, "h"),
            OutOfRangeError,
        ),
    ],
    ids=["int", "str", "int-delta", "float-delta", "before", "after", "result-after"],
)
def test_add_working_time_many_errors(
    starts: object, delta: object, error: type[Exception]
) -> None:
    with pytest.raises(error):
        add_working_time_many(starts, delta)  # type: ignore[arg-type]


# -- add_working_days_many ------------------------------------------------------------------

days = st.dates(dt.date(2002, 1, 1), dt.date(2197, 12, 31))  # +-400 working days stay inside
counts = st.integers(-400, 400)


@given(rows=st.lists(st.tuples(days, counts, st.booleans()), min_size=1, max_size=40))
def test_add_working_days_many_matches_scalar(rows: list[tuple[dt.date, int, bool]]) -> None:
    dates = np.array(
        [np.datetime64("NaT", "D") if nat else np.datetime64(d, "D") for d, _, nat in rows],
        dtype="datetime64[D]",
    )
    ns = np.array([n for _, n, _ in rows], dtype=np.int64)
    out = add_working_days_many(dates, ns)
    assert out.dtype == np.dtype("datetime64[D]")
    for (d, n, nat), got in zip(rows, out, strict=True):
        if nat:
            assert np.isnat(got)
        else:
            assert got.astype(dt.date) == add_working_days(d, n)


@given(dates=st.lists(days, min_size=1, max_size=40), n=counts)
def test_add_working_days_many_scalar_n(dates: list[dt.date], n: int) -> None:
    arr = np.array(dates, dtype="datetime64[D]")
    expected = [add_working_days(d, n) for d in dates]
    assert [x.astype(dt.date) for x in add_working_days_many(arr, n)] == expected
    assert [x.astype(dt.date) for x in add_working_days_many(arr, np.int32(n))] == expected
    # datetime64 with a time of day uses the date part
    noon = arr.astype("datetime64[s]") + np.timedelta64(12, "h")
    assert [x.astype(dt.date) for x in add_working_days_many(noon, n)] == expected


def test_add_working_days_many_examples_and_broadcasting() -> None:
    dates = np.array(
        ["2026-11-20", "2026-02-13", "2026-01-09", "2026-08-28", "NaT"], "datetime64[D]"
    )
    out = add_working_days_many(dates, 1)
    assert out.tolist()[:4] == [
        dt.date(2026, 11, 23),
        dt.date(2026, 2, 23),
        dt.date(2026, 1, 10),  # make-up Saturday
        dt.date(2026, 9, 3),
    ]
    assert np.isnat(out[4])
    assert add_working_days_many(dates[:1], 3)[0] == np.datetime64("2026-11-26")
    grid = add_working_days_many(dates[:2], np.array([[0], [1], [-1]]))
    assert grid.shape == (3, 2)
    assert grid.tolist() == [
        [dt.date(2026, 11, 20), dt.date(2026, 2, 13)],
        [dt.date(2026, 11, 23), dt.date(2026, 2, 23)],
        [dt.date(2026, 11, 19), dt.date(2026, 2, 12)],
    ]
    # n == 0 on a day off gives the next working day, like the scalar version
    zero = add_working_days_many(np.array(["2026-11-24", "2026-02-16"], "datetime64[D]"), 0)
    assert zero.tolist() == [dt.date(2026, 11, 25), dt.date(2026, 2, 23)]
    assert add_working_days_many(np.array([], "datetime64[D]"), 5).shape == (0,)
    assert add_working_days_many(np.datetime64("2026-02-13"), 1) == np.datetime64("2026-02-23")


@pytest.mark.parametrize(
    ("dates", "n", "error"),
    [
        (np.array([1, 2]), 1, InvalidDateError),
        (np.array(["2026-11-20"]), 1, InvalidDateError),
        (np.array([dt.date(2026, 11, 20)], dtype=object), 1, InvalidDateError),
        (np.array(["1999-12-31"], "datetime64[D]"), 1, OutOfRangeError),
        (np.array(["2200-01-01", "NaT"], "datetime64[D]"), 1, OutOfRangeError),
        (np.array(["2199-12-30"], "datetime64[D]"), 5, OutOfRangeError),
        (np.array(["2000-01-05"], "datetime64[D]"), -5, OutOfRangeError),
        (np.array(["2026-11-20"], "datetime64[D]"), 1.0, InvalidDurationError),
        (np.array(["2026-11-20"], "datetime64[D]"), np.array([1.5]), InvalidDurationError),
        (np.array(["2026-11-20"], "datetime64[D]"), True, InvalidDurationError),
        (np.array(["2026-11-20"], "datetime64[D]"), "1", InvalidDurationError),
    ],
    ids=[
        "int-array",
        "str-array",
        "object-array",
        "before-range",
        "after-range",
        "result-after",
        "result-before",
        "float-n",
        "float-array-n",
        "bool-n",
        "str-n",
    ],
)
def test_add_working_days_many_errors(dates: object, n: object, error: type[Exception]) -> None:
    with pytest.raises(error):
        add_working_days_many(dates, n)  # type: ignore[arg-type]


def test_add_working_days_many_nat_does_not_trip_range_checks() -> None:
    # NaT rows must not raise even when n would take day 0 of the range out of bounds.
    dates = np.array(["NaT", "2026-11-20"], "datetime64[D]")
    out = add_working_days_many(dates, -1)
    assert np.isnat(out[0])
    assert out[1] == np.datetime64("2026-11-19")


def test_add_working_days_many_zero_dim_nat_python_int_n() -> None:
    assert np.isnat(add_working_days_many(np.datetime64("NaT", "D"), 1))
    assert np.isnat(add_working_days_many(np.datetime64("NaT", "D"), -1))


def test_add_working_days_many_zero_dim_nat_numpy_n() -> None:
    assert np.isnat(add_working_days_many(np.datetime64("NaT", "D"), np.int64(1)))


def test_add_working_days_many_huge_n() -> None:
    # n beyond int64 must not overflow into an OverflowError.
    with pytest.raises(OutOfRangeError):
        add_working_days(dt.date(2026, 2, 13), 10**20)
    with pytest.raises(OutOfRangeError):
        add_working_days_many(np.array(["2026-02-13"], "datetime64[D]"), 10**20)
    with pytest.raises(OutOfRangeError):
        add_working_days_many(np.array(["2026-02-13"], "datetime64[D]"), -(10**20))
