"""``WorkCalendar``: the working days and office hours of a state body (lịch làm việc).

Working-day arithmetic is a table look-up: the calendar precomputes, for every day of its
range, how many working days come up to it, so ``add_working_days`` and
``working_days_between`` cost the same for 1 day or 10,000.
"""

from __future__ import annotations

import datetime as dt
import functools
import operator
from collections.abc import Callable, Mapping, Sequence
from types import MappingProxyType
from typing import Any

import attrs

from onestop_core._time import parse_date
from onestop_core.calendars._office_time import OfficeTimeMixin
from onestop_core.calendars._working_time import TimeIndex
from onestop_core.calendars.office_hours import DEFAULT_OFFICE_HOURS, OfficeHours, WorkInterval
from onestop_core.calendars.records import CalendarOverride, DayOff, MakeUpDay, YearCoverage
from onestop_core.errors import InvalidDateError, InvalidDurationError, OutOfRangeError

__all__ = ["WorkCalendar"]

_ONE = dt.timedelta(days=1)


def _freeze(mapping: Mapping[Any, Any]) -> Mapping[Any, Any]:
    return MappingProxyType(dict(mapping))


def _check_n(n: object) -> int:
    if isinstance(n, bool):
        raise InvalidDurationError(f"n must be an integer number of working days, got {n!r}")
    try:
        return operator.index(n)  # type: ignore[arg-type]  # int, numpy integers
    except TypeError:
        raise InvalidDurationError(
            f"n must be an integer number of working days, got {n!r} ({type(n).__name__})"
        ) from None


@attrs.frozen(eq=False, kw_only=True)
class WorkCalendar(OfficeTimeMixin):
    """The calendar of working days and office hours of a state body.

    A day is a working day when it is not a weekly rest day (Saturday, Sunday) and not a
    day off, or when it is a make-up working day (ngày làm bù). Build the national one
    with :func:`onestop_core.calendars.vietnam`; derive local ones with
    :meth:`with_overrides`.

    >>> import datetime as dt
    >>> from onestop_core.calendars import vietnam
    >>> cal = vietnam()
    >>> cal.add_working_days(dt.date(2026, 8, 28), 1)   # 31/8-2/9 off, Saturday 22/8 worked
    datetime.date(2026, 9, 3)
    """

    id: str
    name_vi: str
    name_en: str
    valid_from: dt.date
    valid_to: dt.date
    day_off_table: Mapping[dt.date, DayOff] = attrs.field(converter=_freeze, repr=False)
    make_up_table: Mapping[dt.date, MakeUpDay] = attrs.field(converter=_freeze, repr=False)
    weekend: frozenset[int] = frozenset({5, 6})
    office_hours: OfficeHours = DEFAULT_OFFICE_HOURS
    weekend_service_counts: bool = False
    overrides: tuple[CalendarOverride, ...] = ()
    coverage_table: Mapping[int, YearCoverage] = attrs.field(
        converter=_freeze, repr=False, factory=dict
    )
    # derived tables (not part of the value)
    _origin: int = attrs.field(init=False, repr=False)
    _size: int = attrs.field(init=False, repr=False)
    _work: list[int] = attrs.field(init=False, repr=False)
    _upto: list[int] = attrs.field(init=False, repr=False)
    _after: list[int] = attrs.field(init=False, repr=False)
    _before: list[int] = attrs.field(init=False, repr=False)
    _wd: list[dt.date] = attrs.field(init=False, repr=False)

    def __attrs_post_init__(self) -> None:
        if self.valid_to < self.valid_from:
            raise OutOfRangeError(f"calendar {self.id!r} ends before it starts")
        origin = self.valid_from.toordinal()
        size = self.valid_to.toordinal() - origin + 1
        work: list[int] = []
        upto: list[int] = []
        wd: list[dt.date] = []
        count = 0
        day = self.valid_from
        off, make_up, weekend = self.day_off_table, self.make_up_table, self.weekend
        for _ in range(size):
            w = day in make_up or (day.weekday() not in weekend and day not in off)
            if w:
                count += 1
                wd.append(day)
            work.append(int(w))
            upto.append(count)
            day += _ONE
        after = [u - 1 for u in upto]  # index in _wd of the last working day <= d
        before = [u - w for u, w in zip(upto, work, strict=True)]  # working days < d
        for name, value in (
            ("_origin", origin),
            ("_size", size),
            ("_work", work),
            ("_upto", upto),
            ("_wd", wd),
            ("_after", after),
            ("_before", before),
        ):
            object.__setattr__(self, name, value)

    # -- days --------------------------------------------------------------------------
    def _index(self, d: object, name: str = "d") -> int:
        if type(d) is not dt.date:
            d = parse_date(d, name=name)
        i = d.toordinal() - self._origin
        if 0 <= i < self._size:
            return i
        raise OutOfRangeError(
            f"{name} {d} is outside calendar {self.id!r} ({self.valid_from} to {self.valid_to})"
        )

    def is_working_day(self, d: dt.date) -> bool:
        """Whether ``d`` is a working day (ngày làm việc).

        >>> import datetime as dt
        >>> from onestop_core.calendars import vietnam
        >>> vietnam().is_working_day(dt.date(2026, 1, 10))  # make-up Saturday
        True
        """
        return bool(self._work[self._index(d)])

    def add_working_days(self, d: dt.date, n: int) -> dt.date:
        """The ``n``-th working day strictly after ``d`` (``n > 0``) or before it (``n < 0``).

        ``n == 0`` returns ``d`` if it is a working day, else the next working day.

        >>> import datetime as dt
        >>> from onestop_core.calendars import vietnam
        >>> vietnam().add_working_days(dt.date(2026, 2, 13), 1)   # Tết 16-20/2/2026
        datetime.date(2026, 2, 23)
        """
        if type(n) is not int:
            n = _check_n(n)
        if type(d) is not dt.date:
            d = parse_date(d)
        i = d.toordinal() - self._origin
        try:  # the hot path: two list look-ups; IndexError means out of range
            if i < 0:
                raise IndexError
            j = self._after[i] + n if n > 0 else self._before[i] + n
            if j < 0:
                raise IndexError
            return self._wd[j]
        except IndexError:
            raise self._out_of_range(d, n) from None

    def _out_of_range(self, d: dt.date, n: int) -> OutOfRangeError:
        if not 0 <= d.toordinal() - self._origin < self._size:
            self._index(d)  # raises the "date outside the calendar" error
        return OutOfRangeError(
            f"{d} + {n} working days falls outside calendar {self.id!r} "
            f"({self.valid_from} to {self.valid_to})"
        )

    def working_days_between(self, a: dt.date, b: dt.date) -> int:
        """The number of working days ``x`` with ``a < x <= b`` (negative when ``b < a``).

        >>> import datetime as dt
        >>> from onestop_core.calendars import vietnam
        >>> vietnam().working_days_between(dt.date(2026, 2, 13), dt.date(2026, 2, 23))
        1
        """
        if type(a) is dt.date and type(b) is dt.date:  # fast path
            ia, ib, size = a.toordinal() - self._origin, b.toordinal() - self._origin, self._size
            if 0 <= ia < size and 0 <= ib < size:
                return self._upto[ib] - self._upto[ia]
        return self._upto[self._index(b, "b")] - self._upto[self._index(a, "a")]

    def next_working_day(self, d: dt.date) -> dt.date:
        """The first working day strictly after ``d``.

        >>> import datetime as dt
        >>> from onestop_core.calendars import vietnam
        >>> vietnam().next_working_day(dt.date(2026, 4, 24))  # 27/4 compensatory, 30/4-1/5 off
        datetime.date(2026, 4, 28)
        """
        return self.add_working_days(d, 1)

    def previous_working_day(self, d: dt.date) -> dt.date:
        """The last working day strictly before ``d``."""
        return self.add_working_days(d, -1)

    def day_off(self, d: dt.date) -> DayOff | None:
        """The :class:`~onestop_core.calendars.records.DayOff` of ``d``, if it is a day off."""
        self._index(d)
        return self.day_off_table.get(d)

    def make_up_day(self, d: dt.date) -> MakeUpDay | None:
        """The :class:`~onestop_core.calendars.records.MakeUpDay` of ``d``, if any."""
        self._index(d)
        return self.make_up_table.get(d)

    def _year(self, year: int) -> tuple[dt.date, dt.date]:
        if isinstance(year, bool) or not isinstance(year, int):
            raise InvalidDateError(f"year must be an int, got {year!r}")
        if not self.valid_from.year <= year <= self.valid_to.year:
            raise OutOfRangeError(
                f"year {year} is outside calendar {self.id!r} "
                f"({self.valid_from.year} to {self.valid_to.year})"
            )
        return dt.date(year, 1, 1), dt.date(year, 12, 31)

    def days_off(self, year: int) -> tuple[DayOff, ...]:
        """Every day off dated in ``year`` (weekend holidays included), in date order.

        >>> from onestop_core.calendars import vietnam
        >>> [d.date.day for d in vietnam().days_off(2026) if d.date.month == 9]
        [1, 2]
        """
        lo, hi = self._year(year)
        return tuple(
            sorted(
                (v for k, v in self.day_off_table.items() if lo <= k <= hi), key=lambda v: v.date
            )
        )

    def make_up_days(self, year: int) -> tuple[MakeUpDay, ...]:
        """Every make-up working day dated in ``year``, in date order.

        >>> from onestop_core.calendars import vietnam
        >>> [m.date.isoformat() for m in vietnam().make_up_days(2026)]
        ['2026-01-10', '2026-08-22']
        """
        lo, hi = self._year(year)
        return tuple(
            sorted(
                (v for k, v in self.make_up_table.items() if lo <= k <= hi), key=lambda v: v.date
            )
        )

    def coverage(self, year: int) -> YearCoverage:
        """How the data covers ``year``: announced, statutory or provisional.

        >>> from onestop_core.calendars import vietnam
        >>> vietnam().coverage(2026).status, vietnam().coverage(2027).status
        ('announced', 'provisional')
        """
        self._year(year)
        found = self.coverage_table.get(year)
        if found is None:
            provisional = any(d.provisional for d in self.days_off(year))
            return YearCoverage(
                year=year, status="provisional" if provisional else "statutory", sources=()
            )
        return found

    # -- derived calendars --------------------------------------------------------------
    def with_overrides(
        self,
        *overrides: CalendarOverride,
        id: str | None = None,
        office_hours: OfficeHours | None = None,
        name_vi: str | None = None,
        name_en: str | None = None,
    ) -> WorkCalendar:
        """A derived calendar with extra days off, extra working days or other office hours.

        Each override carries its source (the provincial decision or notice). Later
        overrides win over earlier ones for the same day.

        >>> import datetime as dt
        >>> from onestop_core.calendars import vietnam, CalendarOverride
        >>> local = vietnam().with_overrides(
        ...     CalendarOverride.day_off(dt.date(2026, 3, 10), source="QĐ 1/QĐ-UBND"),
        ...     id="vn/example")
        >>> day = dt.date(2026, 3, 10)
        >>> local.is_working_day(day), vietnam().is_working_day(day)
        (False, True)
        """
        off = dict(self.day_off_table)
        make_up = dict(self.make_up_table)
        hours = office_hours or self.office_hours
        for o in overrides:
            if not isinstance(o, CalendarOverride):
                raise InvalidDateError(f"expected CalendarOverride, got {type(o).__name__}")
            if o.kind == "office_hours":
                continue
            lo, hi = max(o.start, self.valid_from), min(o.end, self.valid_to)
            day = lo
            while day <= hi:
                if o.kind == "day_off":
                    make_up.pop(day, None)
                    off[day] = DayOff(
                        date=day,
                        kind="holiday",
                        name_vi=o.name_vi,
                        name_en=o.name_en or o.name_vi,
                        source=o.source,
                        occasion="local",
                    )
                else:
                    off.pop(day, None)
                    if day.weekday() in self.weekend and day not in make_up:
                        make_up[day] = MakeUpDay(date=day, replaces=None, source=o.source)
                day += _ONE
        return attrs.evolve(
            self,
            id=id or f"{self.id}+local",
            name_vi=name_vi or self.name_vi,
            name_en=name_en or self.name_en,
            day_off_table=off,
            make_up_table=make_up,
            office_hours=hours,
            overrides=self.overrides + tuple(overrides),
            coverage_table=self.coverage_table,
        )

    # -- office hours --------------------------------------------------------------------
    def hours_for(self, d: dt.date) -> OfficeHours:
        """The office hours in force on ``d`` (an office-hours override may replace them)."""
        for o in reversed(self.overrides):
            if o.hours is not None and o.start <= d <= o.end:
                return o.hours
        return self.office_hours

    def intervals(self, d: dt.date) -> tuple[tuple[dt.time, dt.time], ...]:
        """The counted office-hour intervals of ``d`` as ``(start, end)`` local times.

        A working day uses its weekday's template; a make-up day uses the template of the
        weekday it replaces (Monday if unknown); a day off has none.

        >>> import datetime as dt
        >>> from onestop_core.calendars import vietnam
        >>> vietnam().intervals(dt.date(2026, 1, 10))[0]
        (datetime.time(7, 30), datetime.time(11, 30))
        """
        return tuple((i.start, i.end) for i in self._intervals(d))

    def _intervals(self, d: dt.date) -> tuple[WorkInterval, ...]:
        weekday = self._template_weekday(d)
        return () if weekday is None else self.hours_for(d).intervals(d, as_weekday=weekday)

    def _template_weekday(self, d: dt.date) -> int | None:
        """Whose weekday's intervals ``d`` uses, or None when no office hours count on ``d``."""
        if not self.is_working_day(d):
            counts = (
                self.weekend_service_counts
                and d.weekday() in self.weekend
                and d not in self.day_off_table
            )
            return d.weekday() if counts else None
        if d.weekday() in self.weekend:
            m = self.make_up_table.get(d)
            return m.replaces.weekday() if m and m.replaces and m.replaces.weekday() < 5 else 0
        return d.weekday()

    def _interval_seconds(self) -> Callable[[dt.date], Sequence[tuple[int, int]]]:
        """Per-day (start, end) seconds, memoised per (template, weekday) for a fast build."""
        memo: dict[tuple[int, int], list[tuple[int, int]]] = {}

        def seconds(d: dt.date) -> Sequence[tuple[int, int]]:
            weekday = self._template_weekday(d)
            if weekday is None:
                return ()
            weekly = self.hours_for(d).weekly_for(d)
            key = (id(weekly), weekday)
            found = memo.get(key)
            if found is None:
                found = memo[key] = [
                    (i.start_seconds, i.end_seconds) for i in weekly.for_weekday(weekday)
                ]
            return found

        return seconds

    @functools.cached_property
    def _time_index(self) -> TimeIndex:
        return TimeIndex(self.valid_from, self._size, self._interval_seconds())

    def describe_day(self, d: dt.date) -> str:
        """A one-line bilingual description of ``d`` (why it is, or is not, a working day)."""
        off = self.day_off(d)
        if off is not None:
            return f"{off.name_vi} / {off.name_en} [{off.kind}; {off.source}]"
        m = self.make_up_day(d)
        if m is not None:
            return f"Ngày làm bù / make-up working day [{m.source}]"
        if d.weekday() in self.weekend:
            return "Nghỉ hằng tuần / weekly rest day"
        return "Ngày làm việc / working day"
