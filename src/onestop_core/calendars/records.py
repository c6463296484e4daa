"""The frozen records a calendar is made of: days off, make-up days and overrides."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, Literal

import attrs

from onestop_core.calendars.office_hours import OfficeHours
from onestop_core.errors import CalendarDataError

__all__ = [
    "CalendarOverride",
    "DayOff",
    "DayOffKind",
    "MakeUpDay",
    "OverrideKind",
    "YearCoverage",
    "YearStatus",
]

DayOffKind = Literal["holiday", "compensatory", "swapped"]
OverrideKind = Literal["day_off", "working_day", "office_hours"]
YearStatus = Literal["announced", "statutory", "provisional"]

if TYPE_CHECKING:
    from onestop_core.calendars.work_calendar import WorkCalendar

_DAY_OFF_KINDS = frozenset({"holiday", "compensatory", "swapped"})


def _check_kind(_inst: object, _attr: object, value: str) -> None:
    if value not in _DAY_OFF_KINDS:
        raise CalendarDataError(f"day-off kind {value!r} is not one of {sorted(_DAY_OFF_KINDS)}")


@attrs.frozen(kw_only=True)
class DayOff:
    """A day on which state bodies do not work (ngày nghỉ).

    ``kind`` is ``"holiday"`` (ngày lễ, Tết: a statutory day, possibly on a weekend),
    ``"compensatory"`` (nghỉ bù: a weekday off because a holiday fell on a weekly rest day,
    Labour Code 2019 Art. 111(3)) or ``"swapped"`` (nghỉ hoán đổi: a working day turned into
    a day off in exchange for a make-up Saturday). ``provisional`` is true when the day
    comes from the rule-based fallback because no announcement covers it yet.

    >>> from onestop_core.calendars import vietnam
    >>> d = vietnam().days_off(2026)[0]
    >>> (d.date.isoformat(), d.kind, d.name_en)
    ('2026-01-01', 'holiday', "New Year's Day")
    """

    date: dt.date
    kind: DayOffKind = attrs.field(validator=_check_kind)
    name_vi: str
    name_en: str
    source: str
    provisional: bool = False
    occasion: str = ""

    @property
    def is_weekday(self) -> bool:
        """True when the day falls Monday–Friday (it then removes a working day)."""
        return self.date.weekday() < 5


@attrs.frozen(kw_only=True)
class MakeUpDay:
    """A weekend day worked in exchange for a swapped day off (ngày làm bù).

    It is an ordinary working day: it counts in working-day deadlines and has the office
    hours of the weekday it replaces.

    >>> from onestop_core.calendars import vietnam
    >>> m = vietnam().make_up_days(2026)[0]
    >>> (m.date.isoformat(), m.replaces.isoformat())
    ('2026-01-10', '2026-01-02')
    """

    date: dt.date
    replaces: dt.date | None
    source: str


@attrs.frozen(kw_only=True)
class CalendarOverride:
    """A local change to a calendar for one province or office, with its legal source.

    Build one with :meth:`day_off`, :meth:`working_day` or :meth:`office_hours` and apply
    it with :meth:`WorkCalendar.with_overrides
    <onestop_core.calendars.WorkCalendar.with_overrides>`.

    >>> import datetime as dt
    >>> o = CalendarOverride.day_off(dt.date(2026, 3, 10), source="QĐ 123/QĐ-UBND",
    ...                              name_vi="Nghỉ lễ địa phương")
    >>> o.kind, o.start
    ('day_off', datetime.date(2026, 3, 10))
    """

    kind: OverrideKind
    start: dt.date
    end: dt.date
    source: str
    scope: str = ""
    name_vi: str = ""
    name_en: str = ""
    hours: OfficeHours | None = None

    def __attrs_post_init__(self) -> None:
        if not self.source.strip():
            raise CalendarDataError(f"a {self.kind} override needs a source (decision or notice)")
        if self.end < self.start:
            raise CalendarDataError(f"override ends ({self.end}) before it starts ({self.start})")
        if (self.kind == "office_hours") != (self.hours is not None):
            raise CalendarDataError("only an office_hours override carries hours, and it must")

    @classmethod
    def day_off(
        cls,
        date: dt.date,
        *,
        source: str,
        name_vi: str = "Ngày nghỉ theo quyết định địa phương",
        name_en: str = "Local day off",
        end: dt.date | None = None,
        scope: str = "",
    ) -> CalendarOverride:
        """An extra day (or range of days, inclusive) off."""
        return cls(
            kind="day_off",
            start=date,
            end=end or date,
            source=source,
            name_vi=name_vi,
            name_en=name_en,
            scope=scope,
        )

    @classmethod
    def working_day(
        cls, date: dt.date, *, source: str, end: dt.date | None = None, scope: str = ""
    ) -> CalendarOverride:
        """An extra working day (or range), e.g. a local make-up Saturday."""
        return cls(
            kind="working_day",
            start=date,
            end=end or date,
            source=source,
            scope=scope,
            name_vi="Ngày làm việc theo quyết định địa phương",
            name_en="Local working day",
        )

    @classmethod
    def office_hours(
        cls,
        hours: OfficeHours,
        *,
        source: str,
        start: dt.date = dt.date.min,
        end: dt.date = dt.date.max,
        scope: str = "",
    ) -> CalendarOverride:
        """Different office hours from ``start`` to ``end`` (inclusive; default: always)."""
        return cls(
            kind="office_hours",
            start=start,
            end=end,
            source=source,
            hours=hours,
            scope=scope,
            name_vi="Giờ làm việc",
            name_en="Office hours",
        )


@attrs.frozen(kw_only=True)
class YearCoverage:
    """How well the data covers one year.

    ``status`` is ``"announced"`` when every day the Prime Minister decides (the Tết window,
    the day adjacent to National Day) comes from an announcement in the data,
    ``"statutory"`` when that era has no such decisions (before 2013, Tết was fixed by law),
    and ``"provisional"`` when at least one day comes from the rule-based fallback.
    """

    year: int
    status: YearStatus
    sources: tuple[str, ...]
    notes: tuple[str, ...] = ()


@attrs.frozen(kw_only=True)
class CalendarSpec:
    """A calendar a plugin registers (lịch làm việc): its id and how to build it.

    ``id`` is ``"vn"`` for the national calendar, ``"vn/<province or office>"`` for a local
    one; ``build`` returns the :class:`~onestop_core.calendars.WorkCalendar` (called lazily).

    >>> from onestop_core.calendars import vietnam
    >>> CalendarSpec(id="vn", build=vietnam, name_en="Vietnam").build().id
    'vn'
    """

    id: str
    build: Callable[[], WorkCalendar] = attrs.field(repr=False)
    name_vi: str = ""
    name_en: str = ""
    source: str = ""

    @property
    def name(self) -> str:
        """The key the plugin host collects calendars by (the ``id``)."""
        return self.id
