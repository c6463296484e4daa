"""Differential tests: python-holidays as an oracle, and our fallback against the announcements.

python-holidays (vacanza) 0.108, pinned in the test group, models every weekday day off and
make-up Saturday of 2015–2025 correctly (domain notes, holidays.md §4.1). For 2026 it misses
one announced swap: Friday 2/1/2026 off and Saturday 10/1/2026 worked (12729/VPCP-KGVX of
25/12/2025). Those are the only differences we accept.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from onestop_core.calendars import vietnam
from onestop_core.calendars._vn_rules import NationalDayFallback, TetFallback, build
from onestop_core.calendars.vietnam import calendar_data

holidays = pytest.importorskip("holidays")

ONE = dt.timedelta(days=1)
#: (date, python-holidays says working, we say working): the documented 2026 gap.
KNOWN_2026_DIFFERENCES = {
    dt.date(2026, 1, 2): (True, False),  # swap 12729/VPCP-KGVX: day off
    dt.date(2026, 1, 10): (False, True),  # its make-up Saturday
}


def _differences(year: int) -> dict[dt.date, tuple[bool, bool]]:
    oracle = holidays.country_holidays("VN", years=[year - 1, year, year + 1])
    cal = vietnam()
    out = {}
    day = dt.date(year, 1, 1)
    while day.year == year:
        theirs, ours = bool(oracle.is_working_day(day)), cal.is_working_day(day)
        if theirs != ours:
            out[day] = (theirs, ours)
        day += ONE
    return out


@pytest.mark.parametrize("year", range(2015, 2026))
def test_matches_python_holidays(year: int) -> None:
    assert _differences(year) == {}


def test_2026_differs_only_by_the_new_year_swap() -> None:
    assert holidays.__version__ == "0.108"
    assert _differences(2026) == KNOWN_2026_DIFFERENCES


def _without_announcements() -> dict[Any, Any]:
    data = dict(calendar_data())
    data["announcements"] = []
    return data


def _weekday_offs(days: dict[dt.date, Any], year: int, occasion: str) -> set[dt.date]:
    return {
        d
        for d, off in days.items()
        if d.year == year and d.weekday() < 5 and off.occasion == occasion
    }


def test_practice_fallback_reproduces_every_announced_tet_window() -> None:
    """The provisional rule would have predicted every Tết window 2015–2026."""
    _, fallback, _, _ = build(_without_announcements(), tet_fallback=TetFallback.PRACTICE)
    announced = vietnam().day_off_table
    for year in range(2015, 2027):
        ours = _weekday_offs(fallback, year, "tet")
        truth = _weekday_offs(dict(announced), year, "tet")
        assert ours == truth, year
        assert all(fallback[d].provisional for d in ours)


def test_statute_fallback_is_the_legal_minimum() -> None:
    _, fallback, _, _ = build(_without_announcements(), tet_fallback=TetFallback.STATUTE)
    # Tết 2024 (Sat 10/2): eve 9/2 + mùng 1–4 (10–13/2), weekend days compensated 14–15/2
    got = sorted(d for d in _weekday_offs(fallback, 2024, "tet"))
    assert got == [
        dt.date(2024, 2, 9),
        dt.date(2024, 2, 12),
        dt.date(2024, 2, 13),
        dt.date(2024, 2, 14),
        dt.date(2024, 2, 15),
    ]


@pytest.mark.parametrize(
    ("policy", "year", "expected"),
    [
        (NationalDayFallback.PRACTICE, 2021, dt.date(2021, 9, 3)),
        (NationalDayFallback.PRACTICE, 2022, dt.date(2022, 9, 1)),
        (NationalDayFallback.PRACTICE, 2023, dt.date(2023, 9, 1)),
        (NationalDayFallback.PRACTICE, 2024, dt.date(2024, 9, 3)),
        (NationalDayFallback.PRACTICE, 2025, dt.date(2025, 9, 1)),
        (NationalDayFallback.PRACTICE, 2026, dt.date(2026, 9, 1)),
        (NationalDayFallback.AFTER, 2026, dt.date(2026, 9, 3)),
    ],
)
def test_national_day_fallback(policy: NationalDayFallback, year: int, expected: dt.date) -> None:
    _, fallback, _, _ = build(_without_announcements(), national_day_fallback=policy)
    adjacent = [
        d
        for d, off in fallback.items()
        if d.year == year and off.occasion == "national_day_adjacent"
    ]
    assert adjacent == [expected]
    assert fallback[expected].provisional


def test_fallback_policies_are_selectable_on_vietnam() -> None:
    cal = vietnam(tet_fallback=TetFallback.STATUTE, national_day_fallback=NationalDayFallback.AFTER)
    assert cal is not vietnam()
    assert cal.day_off(dt.date(2027, 9, 3)) is not None
    # announced years are unaffected by the fallback policy
    assert cal.days_off(2026) == vietnam().days_off(2026)
