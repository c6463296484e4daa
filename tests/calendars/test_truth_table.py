"""The national calendar against the verified day-off table, day by day (2015–2026).

Truth: ``../shared/domain/holidays_truth.json`` (onestop_core domain notes, November 2026),
each year sourced from the announcements it lists.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from onestop_core.calendars import vietnam

VERIFIED_YEARS = range(2015, 2027)
KINDS = {
    "le": "holiday",
    "nghi_bu": "compensatory",
    "hoan_doi": "swapped",
    "le_hoac_nghi_bu": "holiday",
}
ONE = dt.timedelta(days=1)


def _dates(items: list[dict[str, Any]]) -> set[dt.date]:
    return {dt.date.fromisoformat(x["date"]) for x in items}


@pytest.mark.parametrize("year", VERIFIED_YEARS)
def test_days_off_match_truth(year: int, holidays_truth: dict[str, Any]) -> None:
    truth = holidays_truth["years"][str(year)]
    ours = {d.date: d for d in vietnam().days_off(year)}
    expected = {dt.date.fromisoformat(x["date"]): x for x in truth["days_off"]}
    assert set(ours) == set(expected)
    for day, x in expected.items():
        assert ours[day].kind == KINDS[x["kind"]], day
        assert ours[day].name_vi == x["name"], day
        assert not ours[day].provisional
        assert ours[day].source


@pytest.mark.parametrize("year", [2014, *VERIFIED_YEARS])
def test_make_up_days_match_truth(year: int, holidays_truth: dict[str, Any]) -> None:
    truth = holidays_truth["years"][str(year)]
    ours = {m.date: m.replaces for m in vietnam().make_up_days(year)}
    expected = {
        dt.date.fromisoformat(x["date"]): dt.date.fromisoformat(x["replaces"])
        for x in truth["make_up_days"]
    }
    assert ours == expected


@pytest.mark.parametrize("year", VERIFIED_YEARS)
def test_every_day_of_the_year_matches_truth(year: int, holidays_truth: dict[str, Any]) -> None:
    """non_working(d) = (weekend and not make-up) or d in days_off, for all 365/366 days."""
    truth = holidays_truth["years"]
    off = _dates(truth[str(year)]["days_off"])
    make_up = _dates(truth[str(year)]["make_up_days"])
    cal = vietnam()
    day = dt.date(year, 1, 1)
    while day.year == year:
        expected = (day in make_up) or (day.weekday() < 5 and day not in off)
        assert cal.is_working_day(day) is expected, day
        day += ONE


@pytest.mark.parametrize("year", VERIFIED_YEARS)
def test_weekday_days_off_listed(year: int, holidays_truth: dict[str, Any]) -> None:
    truth = holidays_truth["years"][str(year)]
    ours = sorted(d.date.isoformat() for d in vietnam().days_off(year) if d.is_weekday)
    assert ours == sorted(truth["weekday_days_off"])


@pytest.mark.parametrize("year", VERIFIED_YEARS)
def test_year_is_announced(year: int) -> None:
    assert vietnam().coverage(year).status == "announced"


def test_statutory_count_invariant(holidays_truth: dict[str, Any]) -> None:
    """#weekday days off = #statutory days + #swapped days (holidays.md §0, point 3)."""
    cal = vietnam()
    for year in VERIFIED_YEARS:
        offs = cal.days_off(year)
        statutory = {2013: 10, 2021: 11, 2026: 12}
        n = next(v for k, v in sorted(statutory.items(), reverse=True) if year >= k)
        swapped = sum(1 for d in offs if d.kind == "swapped")
        assert sum(1 for d in offs if d.is_weekday) == n + swapped, year
