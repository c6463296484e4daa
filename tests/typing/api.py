"""Type-checked (never executed) use of the public API: ``mypy --strict`` runs over it."""

from __future__ import annotations

import datetime as dt

from onestop_core import OnestopError
from onestop_core.calendars import (
    CalendarOverride,
    DayOff,
    LunarDate,
    MakeUpDay,
    OfficeHours,
    WorkCalendar,
    add_working_days,
    days_off,
    from_solar,
    is_working_day,
    make_up_days,
    next_working_day,
    to_solar,
    vietnam,
    with_overrides,
    working_days_between,
)
from onestop_core.calendars.lunar import leap_month, month_length, tet

cal: WorkCalendar = vietnam()
d: dt.date = cal.add_working_days(dt.date(2026, 1, 1), 5)
n: int = cal.working_days_between(dt.date(2026, 1, 1), d)
ok: bool = cal.is_working_day(d) and is_working_day(d)
d2: dt.date = add_working_days(d, -3) + (next_working_day(d) - d)
n2: int = working_days_between(d, d2)
offs: tuple[DayOff, ...] = days_off(2026)
mus: tuple[MakeUpDay, ...] = make_up_days(2026)
ld: LunarDate = from_solar(dt.date(2026, 2, 17))
solar: dt.date = to_solar(2026, 3, 10) if leap_month(2026) is None else tet(2026)
length: int = month_length(2025, 12)
local: WorkCalendar = with_overrides(
    CalendarOverride.day_off(dt.date(2026, 3, 10), source="QĐ 1/QĐ-UBND"),
    CalendarOverride.office_hours(
        OfficeHours.standard(["07:00-11:30", "13:30-17:00"]), source="QĐ 2/QĐ-UBND"
    ),
    id="vn/example",
)
t: dt.datetime = local.add_working_time(
    dt.datetime(2026, 3, 9, 8, tzinfo=dt.UTC), dt.timedelta(hours=4)
)
spent: dt.timedelta = local.working_time_between(t, local.next_open(t))
err: type[Exception] = OnestopError
