"""Office hours (giờ làm việc): weekly templates, seasons, weekend desks, make-up days, overrides.

Reference: ``../shared/domain/law.md`` §8 (who sets hours, seasonal schedules, Saturday
service, which by default does *not* count for the SLA) and §2.9 (make-up Saturdays are
working days). Day facts for 2026 come from the national calendar: days off 1-2/1 (2/1
swapped for make-up Saturday 10/1), 16-20/2 (Tết), 27/4 (compensatory), 30/4, 1/5, 31/8
(swapped for make-up Saturday 22/8), 1-2/9, 24/11.
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from onestop_core._time import VN_TZ
from onestop_core.calendars import (
    DEFAULT_OFFICE_HOURS,
    CalendarOverride,
    OfficeHours,
    Season,
    WeeklyHours,
    WorkCalendar,
    WorkInterval,
    vietnam,
)
from onestop_core.errors import CalendarDataError, OnestopError

H = dt.timedelta(hours=1)
T = dt.time
STANDARD = ((T(7, 30), T(11, 30)), (T(13, 0), T(17, 0)))
SOURCE = "QĐ 2022/QĐ-UBND (test fixture)"
_DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def vn(*args: int) -> dt.datetime:
    """An instant given in Vietnam local time."""
    return dt.datetime(*args, tzinfo=VN_TZ)


# -- calendars shared by the tests (each built once: a full calendar covers 2000-2199) -----


@functools.cache
def weekday_template_calendar() -> WorkCalendar:
    """Every weekday has distinct hours, plus a Saturday-morning desk."""
    hours = OfficeHours(
        default=WeeklyHours.from_mapping(
            {
                "mon": ["08:00-12:00"],
                "tue": ["07:30-11:30", "13:00-17:00"],
                "wed": ["07:30-11:30", "13:00-17:00"],
                "thu": ["07:30-11:30", "13:00-17:00"],
                "fri": ["07:00-11:00", "14:00-16:00"],
                "sat": ["07:30-11:30"],
            }
        ),
        name="per-weekday test template",
        source=SOURCE,
    )
    return vietnam().with_overrides(id="vn/test-weekdays", office_hours=hours)


@functools.cache
def saturday_desk_calendar(*, counts: bool) -> WorkCalendar:
    """Standard hours plus a Saturday-morning desk (Tuyên Quang style, law.md §8)."""
    cal = vietnam().with_overrides(
        id="vn/test-saturday-desk",
        office_hours=OfficeHours.standard(saturday=["07:30-11:30"], source=SOURCE),
    )
    return attrs.evolve(cal, weekend_service_counts=True) if counts else cal


#: Hải Dương (law.md §8): summer 1/4-31/10 07:00-11:30 and 13:30-17:00; standard otherwise.
HAI_DUONG_SUMMER = Season(
    name="summer",
    start=(4, 1),
    end=(10, 31),
    hours=WeeklyHours.standard(["07:00-11:30", "13:30-17:00"]),
    source="Hải Dương (law.md §8)",
)


@functools.cache
def seasonal_calendar() -> WorkCalendar:
    hours = OfficeHours(default=WeeklyHours.standard(), seasons=(HAI_DUONG_SUMMER,))
    return vietnam().with_overrides(id="vn/test-seasonal", office_hours=hours)


@functools.cache
def override_calendar() -> WorkCalendar:
    return vietnam().with_overrides(
        CalendarOverride.day_off(dt.date(2026, 3, 10), source="QĐ 1/QĐ-UBND (test)"),
        CalendarOverride.working_day(dt.date(2026, 3, 14), source="QĐ 2/QĐ-UBND (test)"),
        CalendarOverride.office_hours(
            OfficeHours.standard(["08:00-11:30", "13:00-17:30"]),
            source="QĐ 3/QĐ-UBND (test)",
            start=dt.date(2026, 6, 1),
            end=dt.date(2026, 6, 30),
        ),
        id="vn/test-overrides",
    )


# -- the default template ---------------------------------------------------------------


def test_default_template_is_monday_to_friday_eight_hours() -> None:
    week = DEFAULT_OFFICE_HOURS.default
    for weekday in range(5):
        assert [str(i) for i in week.for_weekday(weekday)] == ["07:30-11:30", "13:00-17:00"]
    assert week.for_weekday(5) == ()
    assert week.for_weekday(6) == ()
    assert DEFAULT_OFFICE_HOURS.hours_per_day(dt.date(2026, 11, 26)) == 8.0  # Thursday
    assert DEFAULT_OFFICE_HOURS.hours_per_day(dt.date(2026, 11, 28)) == 0.0  # Saturday
    assert week.to_mapping() == {k: ["07:30-11:30", "13:00-17:00"] for k in _DAYS[:5]}


def test_national_calendar_uses_the_default_template() -> None:
    cal = vietnam()
    assert cal.office_hours == DEFAULT_OFFICE_HOURS
    assert cal.weekend_service_counts is False
    assert cal.intervals(dt.date(2026, 11, 23)) == STANDARD  # Monday
    assert cal.intervals(dt.date(2026, 11, 27)) == STANDARD  # Friday
    assert cal.intervals(dt.date(2026, 11, 21)) == ()  # Saturday
    assert cal.intervals(dt.date(2026, 11, 22)) == ()  # Sunday
    assert cal.intervals(dt.date(2026, 11, 24)) == ()  # Vietnam Culture Day
    assert cal.intervals(dt.date(2026, 2, 17)) == ()  # Tết
    assert cal.intervals(dt.date(2026, 4, 27)) == ()  # compensatory day (Giỗ Tổ on Sunday)


@pytest.mark.parametrize(
    "day",
    [dt.date(2026, 1, 10), dt.date(2026, 8, 22)],
    ids=["make-up-sat-10-1", "make-up-sat-22-8"],
)
def test_make_up_saturdays_have_full_office_hours(day: dt.date) -> None:
    cal = vietnam()
    assert day.weekday() == 5
    assert cal.is_working_day(day)
    assert cal.intervals(day) == STANDARD


def test_work_interval_parse_and_properties() -> None:
    i = WorkInterval.parse("07:30-11:30")
    assert (i.start, i.end) == (T(7, 30), T(11, 30))
    assert (i.start_seconds, i.end_seconds, i.seconds) == (27000, 41400, 14400)
    assert str(i) == "07:30-11:30"
    assert WorkInterval.parse(" 13:00 - 17:00 ") == WorkInterval(T(13), T(17))
    assert WorkInterval.parse("07:30:30-08:00").seconds == 1770


def test_adjacent_intervals_are_allowed() -> None:
    week = WeeklyHours.standard(["07:30-11:30", "11:30-12:00"])
    assert [str(i) for i in week.for_weekday(0)] == ["07:30-11:30", "11:30-12:00"]


def test_from_mapping_round_trip_and_missing_days_closed() -> None:
    mapping = {"mon": ["07:00-11:30", "13:30-17:00"], "sat": ["07:30-11:30"]}
    week = WeeklyHours.from_mapping(mapping)
    assert week.to_mapping() == mapping
    assert week.for_weekday(1) == ()
    assert week.for_weekday(6) == ()
    assert WeeklyHours.from_mapping(week.to_mapping()) == week


@st.composite
def weekly_templates(draw: st.DrawFn) -> dict[str, list[str]]:
    """Valid templates: per day, sorted non-overlapping intervals at minute granularity."""
    mapping: dict[str, list[str]] = {}
    for key in _DAYS:
        cuts = sorted(draw(st.sets(st.integers(0, 24 * 60 - 1), max_size=6)))
        cuts = cuts[: len(cuts) // 2 * 2]
        if cuts:
            mapping[key] = [
                f"{a // 60:02d}:{a % 60:02d}-{b // 60:02d}:{b % 60:02d}"
                for a, b in zip(cuts[::2], cuts[1::2], strict=True)
            ]
    return mapping


@given(weekly_templates())
def test_weekly_template_round_trips_and_is_sorted(mapping: dict[str, list[str]]) -> None:
    week = WeeklyHours.from_mapping(mapping)
    assert week.to_mapping() == mapping
    for weekday in range(7):
        ivs = week.for_weekday(weekday)
        for iv in ivs:
            assert iv.start < iv.end
        for a, b in itertools.pairwise(ivs):
            assert a.end <= b.start


# -- malformed templates ----------------------------------------------------------------


@pytest.mark.parametrize(
    "build",
    [
        pytest.param(lambda: WeeklyHours.standard(["07:30-11:30", "11:00-17:00"]), id="overlap"),
        pytest.param(lambda: WeeklyHours.standard(["13:00-17:00", "07:30-11:30"]), id="order"),
        pytest.param(lambda: WeeklyHours.standard(["07:30-07:30"]), id="empty-interval"),
        pytest.param(lambda: WeeklyHours.standard(["17:00-07:30"]), id="start-after-end"),
        pytest.param(lambda: WorkInterval(T(11, 30), T(7, 30)), id="start-after-end-obj"),
        pytest.param(lambda: WeeklyHours([["07:30-11:30"]] * 6), id="six-days"),
        pytest.param(lambda: WeeklyHours([["07:30-11:30"]] * 8), id="eight-days"),
        pytest.param(lambda: WorkInterval.parse("7:30-11:30"), id="one-digit-hour"),
        pytest.param(lambda: WorkInterval.parse("07:30"), id="no-end"),
        pytest.param(lambda: WorkInterval.parse("07:30-"), id="empty-end"),
        pytest.param(lambda: WorkInterval.parse("07:30-25:00"), id="hour-25"),
        pytest.param(lambda: WorkInterval.parse("07:30-24:00"), id="hour-24"),
        pytest.param(lambda: WorkInterval.parse("ab-cd"), id="letters"),
        pytest.param(lambda: WorkInterval.parse("07:30–11:30"), id="en-dash"),
        pytest.param(lambda: WorkInterval.parse(""), id="empty"),
        pytest.param(lambda: WorkInterval.parse("07:30+07:00-11:30"), id="aware-string"),
        pytest.param(lambda: WorkInterval(T(7, 30, tzinfo=dt.UTC), T(11, 30)), id="aware-start"),
        pytest.param(lambda: WorkInterval(T(7, 30), T(11, 30, tzinfo=VN_TZ)), id="aware-end"),
        pytest.param(lambda: WeeklyHours.from_mapping({"monday": ["07:30-11:30"]}), id="key"),
        pytest.param(lambda: WeeklyHours.from_mapping({"mon": ["07:30-11:30x"]}), id="junk"),
        pytest.param(lambda: OfficeHours.standard(saturday=["11:00-08:00"]), id="bad-saturday"),
        pytest.param(
            lambda: Season(name="s", start=(2, 30), end=(3, 1), hours=WeeklyHours.standard()),
            id="season-feb-30",
        ),
        pytest.param(
            lambda: Season(name="s", start=(13, 1), end=(3, 1), hours=WeeklyHours.standard()),
            id="season-month-13",
        ),
        pytest.param(
            lambda: Season(name="s", start=(1, 1), end=(0, 5), hours=WeeklyHours.standard()),
            id="season-month-0",
        ),
    ],
)
def test_bad_templates_raise_calendar_data_error(build: object) -> None:
    with pytest.raises(CalendarDataError) as info:
        build()  # type: ignore[operator]
    assert isinstance(info.value, OnestopError)
    assert isinstance(info.value, ValueError)
    assert str(info.value)


def test_work_interval_accepts_times_or_strings_only() -> None:
    assert WorkInterval("07:30", "11:30") == WorkInterval.parse("07:30-11:30")  # type: ignore[arg-type]
    with pytest.raises(CalendarDataError):
        WorkInterval(1, 2)  # type: ignore[arg-type]
    with pytest.raises(CalendarDataError):
        WorkInterval(T(7, 30), None)  # type: ignore[arg-type]


@pytest.mark.parametrize("pair", [(1, 2, 3), (1,), 5, None, ("a", "b")], ids=repr)
def test_season_with_malformed_pair_raises_calendar_data_error(pair: object) -> None:
    with pytest.raises(CalendarDataError):
        Season(name="s", start=pair, end=(3, 1), hours=WeeklyHours.standard())  # type: ignore[arg-type]
    with pytest.raises(CalendarDataError):
        Season(name="s", start=(3, 1), end=pair, hours=WeeklyHours.standard())  # type: ignore[arg-type]


def test_sub_second_interval_bounds_are_not_silently_truncated() -> None:
    try:
        hours = OfficeHours.standard(["07:30-11:30:00.500000"])
    except CalendarDataError:  # rejecting sub-second bounds would also be fine
        return
    cal = WorkCalendar(
        id="test/sub-second",
        name_vi="thử",
        name_en="test",
        valid_from=dt.date(2026, 1, 1),
        valid_to=dt.date(2026, 12, 31),
        day_off_table={},
        make_up_table={},
        office_hours=hours,
    )
    day = dt.date(2026, 11, 26)
    assert cal.intervals(day) == ((T(7, 30), T(11, 30, 0, 500000)),)
    midnight = vn(2026, 11, 26, 0)
    assert cal.working_time_between(midnight, midnight + dt.timedelta(days=1)) == dt.timedelta(
        hours=4, microseconds=500000
    )


# -- seasons -----------------------------------------------------------------------------


def test_season_contains_non_wrapping_inclusive_bounds() -> None:
    s = HAI_DUONG_SUMMER
    assert not s.contains(dt.date(2026, 3, 31))
    assert s.contains(dt.date(2026, 4, 1))
    assert s.contains(dt.date(2026, 7, 15))
    assert s.contains(dt.date(2026, 10, 31))
    assert not s.contains(dt.date(2026, 11, 1))


def test_season_wrapping_the_year_end() -> None:
    # Thái Nguyên winter 15/10-14/4 (law.md §8)
    winter = Season(name="winter", start=(10, 15), end=(4, 14), hours=WeeklyHours.standard())
    inside = ["2026-10-15", "2026-12-31", "2027-01-01", "2027-02-28", "2027-04-14"]
    outside = ["2026-10-14", "2027-04-15", "2027-07-01"]
    for text in inside:
        assert winter.contains(dt.date.fromisoformat(text)), text
    for text in outside:
        assert not winter.contains(dt.date.fromisoformat(text)), text


def test_season_validity_bounds_the_decision() -> None:
    winter = Season(
        name="winter 2026/27",
        start=(10, 15),
        end=(4, 14),
        hours=WeeklyHours.standard(),
        valid_from=dt.date(2026, 10, 15),
        valid_to=dt.date(2027, 4, 14),
    )
    assert winter.contains(dt.date(2026, 12, 1))
    assert winter.contains(dt.date(2027, 4, 14))
    assert not winter.contains(dt.date(2025, 12, 1))  # before the decision
    assert not winter.contains(dt.date(2027, 12, 1))  # after it expired


def test_season_accepts_29_february() -> None:
    s = Season(name="leap", start=(2, 29), end=(2, 29), hours=WeeklyHours.standard())
    assert s.contains(dt.date(2028, 2, 29))
    assert not s.contains(dt.date(2027, 2, 28))
    assert not s.contains(dt.date(2027, 3, 1))


def test_office_hours_first_matching_season_wins() -> None:
    short = WeeklyHours.standard(["08:00-12:00"])
    long_ = WeeklyHours.standard(["07:00-11:30", "13:30-17:00"])
    hours = OfficeHours(
        default=WeeklyHours.standard(),
        seasons=[
            Season(name="a", start=(6, 1), end=(6, 30), hours=short),
            Season(name="b", start=(4, 1), end=(10, 31), hours=long_),
        ],
    )
    assert isinstance(hours.seasons, tuple)
    assert hours.weekly_for(dt.date(2026, 6, 10)) is short
    assert hours.weekly_for(dt.date(2026, 7, 10)) is long_
    assert hours.weekly_for(dt.date(2026, 12, 10)) == WeeklyHours.standard()
    assert hours.hours_per_day(dt.date(2026, 6, 10)) == 4.0  # Wednesday
    assert hours.hours_per_day(dt.date(2026, 7, 10)) == 8.0  # Friday
    assert hours.hours_per_day(dt.date(2026, 7, 11)) == 0.0  # Saturday


def test_seasonal_calendar_switches_hours_on_the_boundary() -> None:
    cal = seasonal_calendar()
    summer = ((T(7, 0), T(11, 30)), (T(13, 30), T(17, 0)))
    assert cal.intervals(dt.date(2026, 3, 31)) == STANDARD  # Tuesday
    assert cal.intervals(dt.date(2026, 4, 1)) == summer  # Wednesday
    assert cal.intervals(dt.date(2026, 10, 30)) == summer  # Friday
    assert cal.intervals(dt.date(2026, 11, 2)) == STANDARD  # Monday
    # Tue 31/3 16:30 + 1 h: 0.5 h on Tuesday, then Wed 1/4 opens at 07:00 (summer) -> 07:30.
    assert cal.add_working_time(vn(2026, 3, 31, 16, 30), H) == vn(2026, 4, 1, 7, 30)
    # Thu 30/4 and Fri 1/5 are holidays even in summer: Wed 29/4 16:00 + 2 h -> Mon 4/5 08:00.
    assert cal.add_working_time(vn(2026, 4, 29, 16, 0), 2 * H) == vn(2026, 5, 4, 8, 0)
    # A day in summer still has 8 h: Wed 1/4 07:00 -> Thu 2/4 07:00.
    assert cal.working_time_between(vn(2026, 4, 1, 0), vn(2026, 4, 2, 0)) == 8 * H
    assert cal.next_open(vn(2026, 4, 1, 12, 0)) == vn(2026, 4, 1, 13, 30)


# -- per-calendar templates and make-up days --------------------------------------------


def test_template_is_configurable_per_calendar() -> None:
    cal = weekday_template_calendar()
    assert cal.id == "vn/test-weekdays"
    assert cal.intervals(dt.date(2026, 11, 23)) == ((T(8), T(12)),)  # Monday
    assert cal.intervals(dt.date(2026, 11, 27)) == ((T(7), T(11)), (T(14), T(16)))  # Friday
    assert vietnam().intervals(dt.date(2026, 11, 23)) == STANDARD  # the base is unchanged
    # Monday 23/11 has 4 h only: Mon 08:00 + 5 h -> Tue 24/11 is off -> Wed 25/11 08:30.
    assert cal.add_working_time(vn(2026, 11, 23, 8), 5 * H) == vn(2026, 11, 25, 8, 30)


def test_make_up_day_has_the_hours_of_the_weekday_it_replaces() -> None:
    cal = weekday_template_calendar()
    # Saturday 10/1/2026 replaces Friday 2/1/2026 -> Friday's hours (not the Saturday desk's).
    assert vietnam().make_up_day(dt.date(2026, 1, 10)).replaces == dt.date(2026, 1, 2)  # type: ignore[union-attr]
    assert cal.intervals(dt.date(2026, 1, 10)) == ((T(7), T(11)), (T(14), T(16)))
    # Saturday 22/8/2026 replaces Monday 31/8/2026 -> Monday's hours.
    assert vietnam().make_up_day(dt.date(2026, 8, 22)).replaces == dt.date(2026, 8, 31)  # type: ignore[union-attr]
    assert cal.intervals(dt.date(2026, 8, 22)) == ((T(8), T(12)),)
    # An ordinary Saturday keeps only the desk, which does not count by default.
    assert cal.intervals(dt.date(2026, 1, 17)) == ()
    # Fri 9/1 15:00 + 2 h: 1 h on Friday, 1 h on make-up Saturday from 07:00 -> 08:00.
    assert cal.add_working_time(vn(2026, 1, 9, 15), 2 * H) == vn(2026, 1, 10, 8)
    # Make-up Saturday 22/8 (Monday hours 08:00-12:00) counts 4 h.
    assert cal.working_time_between(vn(2026, 8, 22, 0), vn(2026, 8, 23, 0)) == 4 * H


# -- Saturday-morning desk ---------------------------------------------------------------


def test_saturday_desk_hours_do_not_count_by_default() -> None:
    cal = saturday_desk_calendar(counts=False)
    sat = dt.date(2026, 11, 21)
    assert cal.office_hours.hours_per_day(sat) == 4.0  # the template has the desk...
    assert cal.intervals(sat) == ()  # ...but it does not count (law.md §8 default)
    assert not cal.is_working_day(sat)
    # Fri 20/11 16:00 + 2 h -> 1 h on Friday, 1 h on Monday 23/11.
    assert cal.add_working_time(vn(2026, 11, 20, 16), 2 * H) == vn(2026, 11, 23, 8, 30)
    assert cal.next_open(vn(2026, 11, 21, 9)) == vn(2026, 11, 23, 7, 30)
    assert cal.working_time_between(vn(2026, 11, 21, 0), vn(2026, 11, 22, 0)) == dt.timedelta(0)


def test_saturday_desk_hours_count_when_the_policy_says_so() -> None:
    cal = saturday_desk_calendar(counts=True)
    sat = dt.date(2026, 11, 21)
    assert cal.intervals(sat) == ((T(7, 30), T(11, 30)),)
    assert cal.intervals(dt.date(2026, 11, 22)) == ()  # no Sunday desk
    # The desk does not turn Saturday into a working day for day counts.
    assert not cal.is_working_day(sat)
    assert cal.add_working_days(dt.date(2026, 11, 20), 1) == dt.date(2026, 11, 23)
    # Fri 20/11 16:00 + 2 h -> 1 h Friday, 1 h at the Saturday desk -> Sat 08:30.
    assert cal.add_working_time(vn(2026, 11, 20, 16), 2 * H) == vn(2026, 11, 21, 8, 30)
    # Fri 16:00 + 5 h -> Friday 1 h, Saturday desk 4 h -> Saturday 11:30 (the earlier closing).
    assert cal.add_working_time(vn(2026, 11, 20, 16), 5 * H) == vn(2026, 11, 21, 11, 30)
    assert cal.next_open(vn(2026, 11, 21, 6)) == vn(2026, 11, 21, 7, 30)
    assert cal.next_open(vn(2026, 11, 21, 12)) == vn(2026, 11, 23, 7, 30)
    # A make-up Saturday has the full hours of the day it replaces, not the desk's.
    assert cal.intervals(dt.date(2026, 1, 10)) == STANDARD
    # A Saturday that is itself a holiday (1/5/2027, Labour Day) has no desk.
    assert cal.day_off(dt.date(2027, 5, 1)) is not None
    assert cal.intervals(dt.date(2027, 5, 1)) == ()


# -- overrides ---------------------------------------------------------------------------


def test_day_off_and_working_day_overrides() -> None:
    cal = override_calendar()
    base = vietnam()
    assert cal.id == "vn/test-overrides"
    assert len(cal.overrides) == 3
    assert base.overrides == ()
    # Tue 10/3/2026 is a local day off.
    assert base.intervals(dt.date(2026, 3, 10)) == STANDARD
    assert cal.intervals(dt.date(2026, 3, 10)) == ()
    assert cal.day_off(dt.date(2026, 3, 10)).source == "QĐ 1/QĐ-UBND (test)"  # type: ignore[union-attr]
    # Mon 9/3 16:00 + 2 h -> 1 h Monday, Tuesday off, Wed 11/3 08:30.
    assert cal.add_working_time(vn(2026, 3, 9, 16), 2 * H) == vn(2026, 3, 11, 8, 30)
    assert base.add_working_time(vn(2026, 3, 9, 16), 2 * H) == vn(2026, 3, 10, 8, 30)
    # Sat 14/3/2026 is a local working day with (Monday's) standard hours.
    assert cal.is_working_day(dt.date(2026, 3, 14))
    assert cal.intervals(dt.date(2026, 3, 14)) == STANDARD
    assert cal.make_up_day(dt.date(2026, 3, 14)).source == "QĐ 2/QĐ-UBND (test)"  # type: ignore[union-attr]
    assert cal.add_working_time(vn(2026, 3, 13, 16), 2 * H) == vn(2026, 3, 14, 8, 30)


def test_office_hours_override_applies_within_its_dates_only() -> None:
    cal = override_calendar()
    june = ((T(8), T(11, 30)), (T(13), T(17, 30)))
    assert cal.intervals(dt.date(2026, 5, 29)) == STANDARD  # Friday before
    assert cal.intervals(dt.date(2026, 6, 1)) == june  # Monday, first day
    assert cal.intervals(dt.date(2026, 6, 30)) == june  # Tuesday, last day
    assert cal.intervals(dt.date(2026, 7, 1)) == STANDARD  # Wednesday after
    assert cal.hours_for(dt.date(2026, 6, 15)).default == WeeklyHours.standard(
        ["08:00-11:30", "13:00-17:30"]
    )
    # Fri 29/5 16:00 + 2 h -> 1 h Friday, Mon 1/6 opens at 08:00 -> 09:00.
    assert cal.add_working_time(vn(2026, 5, 29, 16), 2 * H) == vn(2026, 6, 1, 9)
    # Tue 30/6 17:00 is still open (closes 17:30).
    assert cal.next_open(vn(2026, 6, 30, 17)) == vn(2026, 6, 30, 17)
    assert cal.next_open(vn(2026, 7, 1, 17)) == vn(2026, 7, 2, 7, 30)


def test_later_office_hours_override_wins() -> None:
    first = CalendarOverride.office_hours(
        OfficeHours.standard(["08:00-12:00"]), source="QĐ A (test)"
    )
    second = CalendarOverride.office_hours(
        OfficeHours.standard(["09:00-10:00"]),
        source="QĐ B (test)",
        start=dt.date(2026, 6, 1),
        end=dt.date(2026, 6, 30),
    )
    cal = vietnam().with_overrides(first, second, id="vn/test-two-hours")
    assert cal.intervals(dt.date(2026, 6, 1)) == ((T(9), T(10)),)
    assert cal.intervals(dt.date(2026, 7, 1)) == ((T(8), T(12)),)


def test_later_day_override_wins() -> None:
    day = dt.date(2026, 3, 12)  # Thursday
    off = CalendarOverride.day_off(day, source="QĐ off (test)")
    on = CalendarOverride.working_day(day, source="QĐ on (test)")
    assert not vietnam().with_overrides(on, off).is_working_day(day)
    assert vietnam().with_overrides(off, on).is_working_day(day)
    # A working-day override restores a national holiday; a day-off override removes a
    # make-up Saturday.
    restored = vietnam().with_overrides(
        CalendarOverride.working_day(dt.date(2026, 11, 24), source="QĐ x (test)"),
        CalendarOverride.day_off(dt.date(2026, 1, 10), source="QĐ y (test)"),
    )
    assert restored.intervals(dt.date(2026, 11, 24)) == STANDARD
    assert restored.intervals(dt.date(2026, 1, 10)) == ()
    assert restored.id == "vn+local"


def test_working_day_override_keeps_what_a_make_up_day_replaces() -> None:
    base = weekday_template_calendar()
    day = dt.date(2026, 1, 10)  # replaces Friday 2/1/2026
    friday = ((T(7), T(11)), (T(14), T(16)))
    assert base.intervals(day) == friday
    cal = base.with_overrides(CalendarOverride.working_day(day, source="QĐ 4/QĐ-UBND (test)"))
    assert cal.is_working_day(day)
    assert cal.intervals(day) == friday


def test_override_range_of_days_off() -> None:
    o = CalendarOverride.day_off(dt.date(2026, 3, 9), end=dt.date(2026, 3, 13), source="QĐ r")
    cal = vietnam().with_overrides(o)
    assert [cal.is_working_day(dt.date(2026, 3, d)) for d in range(9, 14)] == [False] * 5
    assert cal.add_working_time(vn(2026, 3, 6, 17), H) == vn(2026, 3, 16, 8, 30)


@pytest.mark.parametrize("source", ["", "   ", "\t\n"])
@pytest.mark.parametrize(
    "make",
    [
        pytest.param(lambda s: CalendarOverride.day_off(dt.date(2026, 3, 10), source=s), id="off"),
        pytest.param(
            lambda s: CalendarOverride.working_day(dt.date(2026, 3, 14), source=s), id="work"
        ),
        pytest.param(
            lambda s: CalendarOverride.office_hours(OfficeHours.standard(), source=s), id="hours"
        ),
    ],
)
def test_every_override_needs_a_source(make: object, source: str) -> None:
    with pytest.raises(CalendarDataError, match="source"):
        make(source)  # type: ignore[operator]


def test_override_consistency_checks() -> None:
    with pytest.raises(CalendarDataError):
        CalendarOverride.day_off(dt.date(2026, 3, 10), end=dt.date(2026, 3, 9), source="QĐ")
    with pytest.raises(CalendarDataError):
        CalendarOverride(
            kind="office_hours", start=dt.date(2026, 1, 1), end=dt.date(2026, 1, 2), source="QĐ"
        )
    with pytest.raises(CalendarDataError):
        CalendarOverride(
            kind="day_off",
            start=dt.date(2026, 1, 1),
            end=dt.date(2026, 1, 2),
            source="QĐ",
            hours=OfficeHours.standard(),
        )


# -- properties of intervals() -----------------------------------------------------------

CALENDARS = {
    "vietnam": vietnam,
    "weekdays": weekday_template_calendar,
    "desk-counted": lambda: saturday_desk_calendar(counts=True),
    "seasonal": seasonal_calendar,
    "overrides": override_calendar,
}


@given(
    name=st.sampled_from(sorted(CALENDARS)),
    day=st.dates(dt.date(2000, 1, 1), dt.date(2199, 12, 31)),
)
def test_intervals_are_sorted_and_never_overlap(name: str, day: dt.date) -> None:
    cal = CALENDARS[name]()
    ivs = cal.intervals(day)
    for start, end in ivs:
        assert start < end
        assert start.tzinfo is None
    for (_, end), (start, _) in itertools.pairwise(ivs):
        assert end <= start
    if ivs and not cal.weekend_service_counts:
        assert cal.is_working_day(day)
    if not cal.is_working_day(day) and day.weekday() < 5:
        assert ivs == ()
    # The working time of the day is the total length of its intervals.
    total = sum(
        (dt.datetime.combine(day, e) - dt.datetime.combine(day, s) for s, e in ivs),
        dt.timedelta(0),
    )
    midnight = dt.datetime.combine(day, T(0), tzinfo=VN_TZ)
    if day < dt.date(2199, 12, 31):
        assert cal.working_time_between(midnight, midnight + dt.timedelta(days=1)) == total
