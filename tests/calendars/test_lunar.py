"""Tests of onestop_core.calendars.lunar, the Vietnamese lunar calendar (âm lịch)."""

from __future__ import annotations

import datetime as dt
import itertools
import json
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from onestop_core.calendars import lunar
from onestop_core.calendars.lunar import (
    MAX_YEAR,
    MIN_YEAR,
    LunarDate,
    from_solar,
    leap_month,
    month_length,
    new_year_eve,
    tet,
    to_solar,
)
from onestop_core.errors import InvalidDateError, LunarDateError, OnestopError, OutOfRangeError

D = dt.date
ONE_DAY = dt.timedelta(days=1)
FIRST_DAY = D(1900, 1, 31)  # 1/1/1900 âm lịch
LAST_DAY = D(2200, 2, 14)  # the last day of month 12 of lunar year 2199
TRUTH = Path(__file__).parents[3] / "shared" / "domain" / "holidays_truth.json"


def _truth_rows() -> list[Any]:
    if not TRUTH.exists():
        reason = f"{TRUTH} not found (the shared domain data is present in CI)"
        return [pytest.param(None, marks=pytest.mark.skip(reason=reason), id="no-truth-file")]
    rows = json.loads(TRUTH.read_text(encoding="utf-8"))["lunar_2000_2035"]["rows"]
    return [pytest.param(row, id=str(row["lunar_year"])) for row in rows]


def _all_months() -> list[tuple[int, int, bool]]:
    """Every (year, month, leap) of the supported range, in calendar order."""
    months = []
    for year in range(MIN_YEAR, MAX_YEAR + 1):
        for month in range(1, 13):
            months.append((year, month, False))
            if leap_month(year) == month:
                months.append((year, month, True))
    return months


# --- the truth table and known dates -------------------------------------------------------


@pytest.mark.parametrize("row", _truth_rows())
def test_truth_table_tet_and_gio_to(row: dict[str, Any]) -> None:
    year = row["lunar_year"]
    assert tet(year) == D.fromisoformat(row["tet"])
    assert to_solar(year, 3, 10) == D.fromisoformat(row["gio_to_hung_vuong"])  # Giỗ Tổ
    assert from_solar(D.fromisoformat(row["tet"])) == LunarDate(year, 1, 1)


# Where Vietnam (UTC+7) differs from China (UTC+8). Source: /work/shared/domain/holidays.md §3.2,
# citing https://en.wikipedia.org/wiki/Vietnamese_calendar (1968: North 29/1, South 30/1) and
# https://scienceinfo.net/why-is-the-vietnamese-and-chinese-new-year-a-day-different.html
# (2030, 2053); 1985 (a whole month apart) and 2007 from the same section.
@pytest.mark.parametrize(
    ("year", "expected"),
    [
        (1968, D(1968, 1, 29)),
        (1985, D(1985, 1, 21)),
        (2007, D(2007, 2, 17)),
        (2030, D(2030, 2, 2)),
        (2053, D(2053, 2, 18)),
    ],
)
def test_tet_where_vietnam_differs_from_china(year: int, expected: dt.date) -> None:
    assert tet(year) == expected


# Source: holidays.md §3.2/§3.3. Giỗ Tổ 2009 is Saturday 4/4 (China: Sunday 5/4); in 2031 the
# leap month is the 3rd and Giỗ Tổ is on the regular one, 1/4/2031.
def test_gio_to_hung_vuong_special_years() -> None:
    assert to_solar(2009, 3, 10) == D(2009, 4, 4)
    assert to_solar(2031, 3, 10) == D(2031, 4, 1)
    assert to_solar(2031, 3, 10, leap=True) > to_solar(2031, 3, 10)
    assert LunarDate(2031, 3, 10).to_solar() == D(2031, 4, 1)
    # 1985: the calendars realign in the 3rd month; Giỗ Tổ is 29/4 in both (holidays.md §3.2).
    assert to_solar(1985, 3, 10) == D(1985, 4, 29)


# Source: holidays.md §3.2 (identical in the Vietnamese and Chinese calendars for 2000–2035).
LEAP_MONTHS_2000_2035 = {
    2001: 4, 2004: 2, 2006: 7, 2009: 5, 2012: 4, 2014: 9, 2017: 6,
    2020: 4, 2023: 2, 2025: 6, 2028: 5, 2031: 3, 2033: 11,
}  # fmt: skip


@pytest.mark.parametrize("year", range(2000, 2036))
def test_leap_months_2000_2035(year: int) -> None:
    assert leap_month(year) == LEAP_MONTHS_2000_2035.get(year)


def test_leap_month_1985() -> None:
    # Source: holidays.md §3.2: at UTC+7, 1985 has a leap 2nd month (China: leap 10th of 1984).
    assert leap_month(1985) == 2
    assert leap_month(1984) is None


# Source: holidays.md §3.3 (month 12 decides whether the eve is "29 Tết" or "30 Tết").
@pytest.mark.parametrize(
    ("tet_year", "days"),
    [(2015, 30), (2016, 29), (2017, 30), (2018, 30), (2019, 30), (2020, 30), (2021, 30),
     (2022, 29), (2023, 30), (2024, 30), (2025, 29), (2026, 29), (2027, 29)],
)  # fmt: skip
def test_month_12_length_before_tet(tet_year: int, days: int) -> None:
    assert month_length(tet_year - 1, 12) == days
    eve = new_year_eve(tet_year)
    assert eve == tet(tet_year) - ONE_DAY
    assert from_solar(eve) == LunarDate(tet_year - 1, 12, days)


def test_holidays_library_vietnamese_calendar() -> None:
    """Differential test: `holidays` 0.108 ships UTC+7 Tết and Giỗ Tổ dates for 1901–2100."""
    pytest.importorskip("holidays")
    try:
        from holidays.calendars.chinese import VIETNAMESE_CALENDAR, _ChineseLunisolar
    except ImportError as exc:  # pragma: no cover - a private API that may move
        pytest.skip(f"holidays has no VIETNAMESE_CALENDAR lunisolar table: {exc}")
    oracle = _ChineseLunisolar(VIETNAMESE_CALENDAR)
    compared = 0
    for year in range(MIN_YEAR, MAX_YEAR + 1):
        their_tet, _ = oracle.lunar_new_year_date(year)
        their_gio_to, _ = oracle.hung_kings_date(year)
        if their_tet is not None:
            assert tet(year) == their_tet, year
            compared += 1
        if their_gio_to is not None:
            assert to_solar(year, 3, 10) == their_gio_to, year
    assert compared >= 199  # 1901–2099 at least


# --- structure over the whole range --------------------------------------------------------


def test_range_ends() -> None:
    assert tet(MIN_YEAR) == FIRST_DAY
    assert to_solar(MAX_YEAR, 12, month_length(MAX_YEAR, 12)) == LAST_DAY
    assert from_solar(FIRST_DAY) == LunarDate(1900, 1, 1)
    assert from_solar(LAST_DAY) == LunarDate(2199, 12, 30)


def test_every_solar_day_round_trips() -> None:
    day, previous = FIRST_DAY, None
    while day <= LAST_DAY:
        ld = from_solar(day)
        assert to_solar(*attrs.astuple(ld)) == day
        if previous is not None and ld.day != 1:
            assert (ld.year, ld.month, ld.day - 1, ld.leap) == attrs.astuple(previous)
        previous, day = ld, day + ONE_DAY


def test_every_lunar_day_round_trips() -> None:
    expected_next = FIRST_DAY
    for year, month, leap in _all_months():
        length = month_length(year, month, leap)
        assert length in (29, 30)
        assert to_solar(year, month, 1, leap) == expected_next  # months are contiguous
        for day in range(1, length + 1):
            solar = to_solar(year, month, day, leap)
            assert from_solar(solar) == LunarDate(year, month, day, leap)
        expected_next = to_solar(year, month, length, leap) + ONE_DAY
    assert expected_next == LAST_DAY + ONE_DAY


def test_year_structure() -> None:
    for year in range(MIN_YEAR, MAX_YEAR + 1):
        leap = leap_month(year)
        assert leap is None or 1 <= leap <= 12
        months = [(m, False) for m in range(1, 13)] + ([(leap, True)] if leap else [])
        assert len(months) in (12, 13)
        assert all(month_length(year, m, is_leap) in (29, 30) for m, is_leap in months)
        assert D(year, 1, 21) <= tet(year) <= D(year, 2, 20)  # Tết between 21/1 and 20/2
        if year < MAX_YEAR:
            days = (tet(year + 1) - tet(year)).days
            assert days == sum(month_length(year, m, is_leap) for m, is_leap in months)
            assert days in ((353, 354, 355) if leap is None else (383, 384, 385))


def test_month_starts_are_29_or_30_days_apart() -> None:
    starts = [to_solar(y, m, 1, leap) for y, m, leap in _all_months()]
    assert all((b - a).days in (29, 30) for a, b in itertools.pairwise(starts))


# --- properties -----------------------------------------------------------------------------

solar_dates = st.dates(min_value=FIRST_DAY, max_value=LAST_DAY)


@given(solar_dates)
def test_from_solar_round_trips(day: dt.date) -> None:
    ld = from_solar(day)
    assert ld.to_solar() == day
    assert 1 <= ld.day <= month_length(ld.year, ld.month, ld.leap)
    assert not ld.leap or leap_month(ld.year) == ld.month


@given(solar_dates, solar_dates)
def test_from_solar_preserves_order(a: dt.date, b: dt.date) -> None:
    def key(ld: LunarDate) -> tuple[int, int, bool, int]:
        return (ld.year, ld.month, ld.leap, ld.day)  # a leap month follows its regular month

    assert (a < b) == (key(from_solar(a)) < key(from_solar(b)))


@given(st.integers(MIN_YEAR, MAX_YEAR), st.integers(1, 12), st.integers(1, 30), st.booleans())
def test_to_solar_exists_exactly_when_valid(year: int, month: int, day: int, leap: bool) -> None:
    month_exists = not leap or leap_month(year) == month
    valid = month_exists and day <= month_length(year, month, leap)
    if valid:
        assert from_solar(to_solar(year, month, day, leap)) == LunarDate(year, month, day, leap)
    else:
        with pytest.raises(LunarDateError):
            to_solar(year, month, day, leap)


# --- LunarDate ------------------------------------------------------------------------------


def test_lunar_date_value_object() -> None:
    d = LunarDate(2026, 3, 10)
    assert d == LunarDate(2026, 3, 10, leap=False)
    assert hash(d) == hash(from_solar(D(2026, 4, 26)))
    assert d == from_solar(D(2026, 4, 26))
    assert d.to_solar() == D(2026, 4, 26)
    assert str(d) == "10/3/2026"
    assert str(LunarDate(2031, 3, 15, leap=True)) == "15/3 nhuận/2031"
    assert repr(d) == "LunarDate(year=2026, month=3, day=10, leap=False)"
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        d.day = 11  # type: ignore[misc]


def test_constants_and_exports() -> None:
    assert lunar.TIME_ZONE == 7.0
    assert (MIN_YEAR, MAX_YEAR) == (1900, 2199)
    assert set(lunar.__all__) >= {
        "LunarDate", "from_solar", "to_solar", "leap_month", "month_length", "tet",
        "new_year_eve", "MIN_YEAR", "MAX_YEAR",
    }  # fmt: skip
    assert all(hasattr(lunar, name) for name in lunar.__all__)


# --- errors ---------------------------------------------------------------------------------


def _error(exc_type: type[Exception], call: Any, *args: Any, **kwargs: Any) -> str:
    with pytest.raises(exc_type) as info:
        call(*args, **kwargs)
    assert isinstance(info.value, OnestopError)
    assert isinstance(info.value, ValueError)
    return str(info.value)


def test_day_beyond_month_length() -> None:
    message = _error(LunarDateError, to_solar, 2025, 12, 30)
    assert "day 30 does not exist: lunar month 12 of 2025 has 29 days" in message
    assert "day 30" in _error(LunarDateError, LunarDate, 2025, 12, 30)
    assert "day 0" in _error(LunarDateError, to_solar, 2025, 1, 0)
    assert "nhuận" in _error(LunarDateError, to_solar, 2025, 6, 30, leap=True)


def test_leap_month_the_year_lacks() -> None:
    message = _error(LunarDateError, to_solar, 2026, 6, 1, leap=True)
    assert "2026" in message
    assert "no leap month" in message
    message = _error(LunarDateError, to_solar, 2025, 5, 1, leap=True)
    assert "2025" in message
    assert "leap month is 6" in message
    assert "leap month is 6" in _error(LunarDateError, LunarDate, 2025, 5, 1, True)
    assert "2026" in _error(LunarDateError, month_length, 2026, 1, leap=True)


@pytest.mark.parametrize("month", [0, 13, -1])
def test_month_out_of_range(month: int) -> None:
    assert f"month {month}" in _error(LunarDateError, to_solar, 2025, month, 1)
    assert f"month {month}" in _error(LunarDateError, month_length, 2025, month)


@pytest.mark.parametrize("year", [1899, 2200, 0, -5])
def test_year_out_of_range(year: int) -> None:
    for call, args in [
        (to_solar, (year, 1, 1)),
        (LunarDate, (year, 1, 1)),
        (tet, (year,)),
        (new_year_eve, (year,)),
        (leap_month, (year,)),
        (month_length, (year, 1)),
    ]:
        message = _error(LunarDateError, call, *args)
        assert str(year) in message
        assert "1900..2199" in message


@pytest.mark.parametrize(
    ("args", "name"),
    [
        ((True, 1, 1), "year"),
        ((2025.0, 1, 1), "year"),
        (("2025", 1, 1), "year"),
        ((2025, True, 1), "month"),
        ((2025, 1.0, 1), "month"),
        ((2025, 1, False), "day"),
        ((2025, 1, 1.5), "day"),
        ((2025, 6, 1, 1), "leap"),
        ((2025, 6, 1, None), "leap"),
    ],
)
def test_bad_argument_types(args: tuple[Any, ...], name: str) -> None:
    assert _error(LunarDateError, to_solar, *args).startswith(f"{name} must be")
    assert _error(LunarDateError, LunarDate, *args).startswith(f"{name} must be")


def test_bad_year_type_in_other_functions() -> None:
    for call in (tet, new_year_eve, leap_month):
        assert "year must be an int" in _error(LunarDateError, call, 2025.0)


@pytest.mark.parametrize(
    "value", [dt.datetime(2025, 1, 29), dt.datetime(2025, 1, 29, tzinfo=dt.UTC)]
)
def test_from_solar_refuses_datetimes(value: dt.datetime) -> None:
    assert "datetime" in _error(InvalidDateError, from_solar, value)


@pytest.mark.parametrize("value", ["2025-01-29", 739280, None])
def test_from_solar_refuses_non_dates(value: Any) -> None:
    assert type(value).__name__ in _error(InvalidDateError, from_solar, value)


@pytest.mark.parametrize(
    "value", [FIRST_DAY - ONE_DAY, LAST_DAY + ONE_DAY, D.min, D.max, D(1899, 6, 1)]
)
def test_from_solar_out_of_range(value: dt.date) -> None:
    message = _error(OutOfRangeError, from_solar, value)
    assert value.isoformat() in message
    assert "1900-01-31..2200-02-14" in message
