"""Calendars: the Vietnamese lunar calendar and the civil-service working calendar.

>>> import datetime as dt
>>> from onestop_core.calendars import vietnam
>>> vietnam().add_working_days(dt.date(2026, 11, 20), 3)   # 24/11 is Vietnam Culture Day
datetime.date(2026, 11, 26)

The module-level functions use the national calendar :func:`vietnam`; pass
``calendar=`` to use another one.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from onestop_core.calendars import lunar
from onestop_core.calendars.lunar import LunarDate, from_solar, to_solar
from onestop_core.calendars.office_hours import (
    DEFAULT_OFFICE_HOURS,
    OfficeHours,
    Season,
    WeeklyHours,
    WorkInterval,
)
from onestop_core.calendars.records import (
    CalendarOverride,
    CalendarSpec,
    DayOff,
    MakeUpDay,
    YearCoverage,
)
from onestop_core.calendars.vietnam import NationalDayFallback, TetFallback, vietnam
from onestop_core.calendars.work_calendar import WorkCalendar

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

__all__ = [
    "DEFAULT_OFFICE_HOURS",
    "CalendarOverride",
    "CalendarSpec",
    "DayOff",
    "LunarDate",
    "MakeUpDay",
    "NationalDayFallback",
    "OfficeHours",
    "Season",
    "TetFallback",
    "WeeklyHours",
    "WorkCalendar",
    "WorkInterval",
    "YearCoverage",
    "add_working_days",
    "add_working_days_many",
    "add_working_time",
    "add_working_time_many",
    "days_off",
    "from_solar",
    "is_working_day",
    "lunar",
    "make_up_days",
    "next_open",
    "next_working_day",
    "to_solar",
    "vietnam",
    "with_overrides",
    "working_days_between",
    "working_time_between",
]


def is_working_day(d: dt.date, *, calendar: WorkCalendar | None = None) -> bool:
    """Whether ``d`` is a working day of ``calendar`` (default: :func:`vietnam`).

    >>> is_working_day(dt.date(2026, 9, 1))
    False
    """
    return (calendar or vietnam()).is_working_day(d)


def add_working_days(d: dt.date, n: int, *, calendar: WorkCalendar | None = None) -> dt.date:
    """See :meth:`WorkCalendar.add_working_days`.

    >>> add_working_days(dt.date(2026, 1, 9), 1)   # Saturday 10/1/2026 is a make-up day
    datetime.date(2026, 1, 10)
    """
    return (calendar or vietnam()).add_working_days(d, n)


def working_days_between(a: dt.date, b: dt.date, *, calendar: WorkCalendar | None = None) -> int:
    """See :meth:`WorkCalendar.working_days_between`.

    >>> working_days_between(dt.date(2026, 1, 1), dt.date(2026, 1, 31))
    21
    """
    return (calendar or vietnam()).working_days_between(a, b)


def next_working_day(d: dt.date, *, calendar: WorkCalendar | None = None) -> dt.date:
    """See :meth:`WorkCalendar.next_working_day`.

    >>> next_working_day(dt.date(2026, 11, 23))
    datetime.date(2026, 11, 25)
    """
    return (calendar or vietnam()).next_working_day(d)


def days_off(year: int, *, calendar: WorkCalendar | None = None) -> tuple[DayOff, ...]:
    """See :meth:`WorkCalendar.days_off`.

    >>> len(days_off(2026))
    15
    """
    return (calendar or vietnam()).days_off(year)


def make_up_days(year: int, *, calendar: WorkCalendar | None = None) -> tuple[MakeUpDay, ...]:
    """See :meth:`WorkCalendar.make_up_days`.

    >>> [m.date.day for m in make_up_days(2025)]
    [26]
    """
    return (calendar or vietnam()).make_up_days(year)


def with_overrides(
    *overrides: CalendarOverride, calendar: WorkCalendar | None = None, **kwargs: Any
) -> WorkCalendar:
    """See :meth:`WorkCalendar.with_overrides` (default base: :func:`vietnam`).

    >>> cal = with_overrides(CalendarOverride.working_day(dt.date(2026, 11, 28),
    ...                                                   source="(example)"))
    >>> cal.is_working_day(dt.date(2026, 11, 28))
    True
    """
    return (calendar or vietnam()).with_overrides(*overrides, **kwargs)


def next_open(t: dt.datetime, *, calendar: WorkCalendar | None = None) -> dt.datetime:
    """See :meth:`WorkCalendar.next_open`."""
    return (calendar or vietnam()).next_open(t)


def add_working_time(
    start: dt.datetime, delta: dt.timedelta, *, calendar: WorkCalendar | None = None
) -> dt.datetime:
    """See :meth:`WorkCalendar.add_working_time`."""
    return (calendar or vietnam()).add_working_time(start, delta)


def working_time_between(
    a: dt.datetime, b: dt.datetime, *, calendar: WorkCalendar | None = None
) -> dt.timedelta:
    """See :meth:`WorkCalendar.working_time_between`."""
    return (calendar or vietnam()).working_time_between(a, b)


def add_working_days_many(
    dates: npt.ArrayLike, n: npt.ArrayLike, *, calendar: WorkCalendar | None = None
) -> np.ndarray[Any, Any]:
    """Vectorised :func:`add_working_days` on ``datetime64[D]`` arrays (extra ``frames``).

    >>> import numpy as np
    >>> add_working_days_many(np.array(["2026-02-13"], dtype="datetime64[D]"), 1)
    array(['2026-02-23'], dtype='datetime64[D]')
    """
    from onestop_core.calendars import batch

    return batch.add_working_days_many(calendar or vietnam(), dates, n)


def add_working_time_many(
    starts: npt.ArrayLike, delta: npt.ArrayLike, *, calendar: WorkCalendar | None = None
) -> np.ndarray[Any, Any]:
    """Vectorised :func:`add_working_time` on ``datetime64`` UTC instants (extra ``frames``)."""
    from onestop_core.calendars import batch

    return batch.add_working_time_many(calendar or vietnam(), starts, delta)
