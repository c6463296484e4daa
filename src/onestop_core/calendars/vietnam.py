"""The national civil-service calendar of Vietnam: ``vietnam()``.

Statutory holidays come from rules by era (Labour Code 1994 Art. 73: 8 days; Law
84/2007/QH11: + Hùng Kings' day; Labour Code 2012 Art. 115: 5-day Tết from 2013; Labour Code
2019 Art. 112: 2-day National Day from 2021; Resolution 28/2026/QH16: + 24 November from
1 July 2026) with compensatory days under Labour Code 2019 Art. 111(3). What the Prime
Minister decides each year (the Tết window, the day adjacent to 2 September, swapped days
and make-up Saturdays) is data: ``onestop_core/data/calendars/vn.json``, one entry per
announcement with its dispatch or notice number. Years with no announcement get a
rule-based fallback whose days are marked ``provisional=True``.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Mapping
from typing import Any

from onestop_core._data import load_json
from onestop_core.calendars._vn_rules import NationalDayFallback, TetFallback, build
from onestop_core.calendars.office_hours import DEFAULT_OFFICE_HOURS, OfficeHours
from onestop_core.calendars.records import YearCoverage, YearStatus
from onestop_core.calendars.work_calendar import WorkCalendar

__all__ = ["DATA_FILE", "NationalDayFallback", "TetFallback", "calendar_data", "vietnam"]

#: The package data file holding the statutory rules and the announcements.
DATA_FILE = "calendars/vn.json"

# Occasions the Prime Minister decides, and the year from which each exists.
_DECIDED_FROM = {"tet": 2013, "national_day_adjacent": 2021}


def calendar_data() -> Mapping[str, Any]:
    """The raw, validated-on-use JSON of the national calendar (for tooling and docs).

    >>> calendar_data()["calendar_id"]
    'vn'
    """
    data: Mapping[str, Any] = load_json(DATA_FILE)
    return data


@functools.cache
def vietnam(
    *,
    tet_fallback: TetFallback = TetFallback.PRACTICE,
    national_day_fallback: NationalDayFallback = NationalDayFallback.PRACTICE,
    office_hours: OfficeHours = DEFAULT_OFFICE_HOURS,
) -> WorkCalendar:
    """The national civil-service calendar (state bodies resting on Saturday and Sunday).

    Covers 2000-01-01 to 2199-12-31. The result is cached: calling it again is free.

    >>> import datetime as dt
    >>> cal = vietnam()
    >>> cal.is_working_day(dt.date(2026, 11, 24))   # Vietnam Culture Day, from 2026
    False
    >>> cal.coverage(2026).status
    'announced'
    """
    data = calendar_data()
    rules, days, make_up, decided = build(
        data, tet_fallback=tet_fallback, national_day_fallback=national_day_fallback
    )
    coverage: dict[int, YearCoverage] = {}
    for year in range(rules.valid_from.year, rules.valid_to.year + 1):
        needed = {occ for occ, since in _DECIDED_FROM.items() if year >= since}
        missing = sorted(occ for occ in needed if f"{occ}:{year}" not in decided)
        lo, hi = dt.date(year, 1, 1), dt.date(year, 12, 31)
        sources = sorted(
            {d.source for d in days.values() if lo <= d.date <= hi and d.kind == "swapped"}
            | {
                d.source
                for d in days.values()
                if lo <= d.date <= hi and d.occasion in needed and not d.provisional
            }
            | {m.source for m in make_up.values() if lo <= m.date <= hi}
        )
        status: YearStatus
        notes: tuple[str, ...]
        if not needed:
            status, notes = (
                "statutory",
                (
                    "Before 2013 Tết was fixed by statute; "
                    "swapped days of 2010–2012 are not in the data.",
                ),
            )
        elif missing:
            status, notes = (
                "provisional",
                tuple(
                    f"{occ}: no announcement yet; rule-based fallback (provisional)"
                    for occ in missing
                ),
            )
        else:
            status, notes = "announced", ()
        coverage[year] = YearCoverage(year=year, status=status, sources=tuple(sources), notes=notes)
    return WorkCalendar(
        id="vn",
        name_vi=str(data["name_vi"]),
        name_en=str(data["name_en"]),
        valid_from=rules.valid_from,
        valid_to=rules.valid_to,
        day_off_table=days,
        make_up_table=make_up,
        weekend=rules.weekend,
        office_hours=office_hours,
        coverage_table=coverage,
    )
