"""Office hours (giờ làm việc): weekly templates of work intervals, with seasonal variants.

The provincial People's Committee sets office hours for local agencies; many northern and
central provinces switch between summer and winter hours, and one-stop desks may keep
hours different from the rest of the office (``law.md`` §8, e.g. Thừa Thiên Huế
QĐ 2022/QĐ-UBND). The default is Monday–Friday 07:30–11:30 and 13:00–17:00 (eight hours).

>>> hours = OfficeHours.standard()
>>> [str(i) for i in hours.weekly_for(dt.date(2026, 11, 26)).for_weekday(3)]
['07:30-11:30', '13:00-17:00']
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterable, Mapping, Sequence

import attrs

from onestop_core.errors import CalendarDataError

__all__ = ["DEFAULT_OFFICE_HOURS", "OfficeHours", "Season", "WeeklyHours", "WorkInterval"]

_WEEKDAY_KEYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def _parse_time(text: str | dt.time) -> dt.time:
    if isinstance(text, dt.time):
        return text
    if not isinstance(text, str):
        raise CalendarDataError(f"{text!r} is not a time of day (HH:MM or datetime.time)")
    try:
        return dt.time.fromisoformat(text.strip())
    except ValueError:
        raise CalendarDataError(f"{text!r} is not a time of day (HH:MM)") from None


@attrs.frozen
class WorkInterval:
    """One interval of office hours within a day, ``start`` inclusive to ``end`` exclusive.

    >>> WorkInterval.parse("07:30-11:30").seconds
    14400
    """

    start: dt.time = attrs.field(converter=_parse_time)
    end: dt.time = attrs.field(converter=_parse_time)

    def __attrs_post_init__(self) -> None:
        if self.start.tzinfo is not None or self.end.tzinfo is not None:
            raise CalendarDataError(
                f"office hours are local wall-clock times without a UTC offset, "
                f"got {self.start.isoformat()} and {self.end.isoformat()}"
            )
        if self.start.microsecond or self.end.microsecond:
            raise CalendarDataError("office hours are whole seconds; drop the fractions")
        if not self.start < self.end:
            raise CalendarDataError(f"work interval {self} must start before it ends")

    @classmethod
    def parse(cls, text: str) -> WorkInterval:
        """Parse ``"HH:MM-HH:MM"``."""
        start, sep, end = text.partition("-")
        if not sep:
            raise CalendarDataError(f"{text!r} is not an interval like '07:30-11:30'")
        return cls(_parse_time(start), _parse_time(end))

    @property
    def start_seconds(self) -> int:
        """Seconds from local midnight to the opening."""
        return self.start.hour * 3600 + self.start.minute * 60 + self.start.second

    @property
    def end_seconds(self) -> int:
        """Seconds from local midnight to the closing."""
        return self.end.hour * 3600 + self.end.minute * 60 + self.end.second

    @property
    def seconds(self) -> int:
        """Length of the interval in seconds."""
        return self.end_seconds - self.start_seconds

    def __str__(self) -> str:
        return f"{self.start:%H:%M}-{self.end:%H:%M}"


def _as_intervals(value: Iterable[WorkInterval | str]) -> tuple[WorkInterval, ...]:
    out = tuple(v if isinstance(v, WorkInterval) else WorkInterval.parse(v) for v in value)
    for a, b in itertools.pairwise(out):
        if not a.end <= b.start:
            raise CalendarDataError(f"work intervals {a} and {b} overlap or are out of order")
    return out


def _convert_days(
    value: Sequence[Iterable[WorkInterval | str]],
) -> tuple[tuple[WorkInterval, ...], ...]:
    if len(value) != 7:
        raise CalendarDataError(
            f"a weekly template needs 7 days (Monday..Sunday), got {len(value)}"
        )
    return tuple(_as_intervals(day) for day in value)


@attrs.frozen
class WeeklyHours:
    """A weekly template: the work intervals of each weekday, Monday (0) to Sunday (6).

    >>> WeeklyHours.standard(saturday=["07:30-11:30"]).for_weekday(5)[0].seconds
    14400
    """

    days: tuple[tuple[WorkInterval, ...], ...] = attrs.field(converter=_convert_days)

    @classmethod
    def standard(
        cls,
        intervals: Iterable[WorkInterval | str] = ("07:30-11:30", "13:00-17:00"),
        *,
        saturday: Iterable[WorkInterval | str] = (),
        sunday: Iterable[WorkInterval | str] = (),
    ) -> WeeklyHours:
        """The same intervals Monday–Friday, plus optional weekend desk hours."""
        weekday = _as_intervals(intervals)
        return cls([weekday] * 5 + [_as_intervals(saturday), _as_intervals(sunday)])

    @classmethod
    def from_mapping(cls, mapping: Mapping[str, Iterable[str]]) -> WeeklyHours:
        """Build from ``{"mon": ["07:30-11:30", ...], ...}``; missing days are closed."""
        unknown = set(mapping) - set(_WEEKDAY_KEYS)
        if unknown:
            raise CalendarDataError(f"unknown weekday keys {sorted(unknown)}; use {_WEEKDAY_KEYS}")
        return cls([list(mapping.get(key, ())) for key in _WEEKDAY_KEYS])

    def for_weekday(self, weekday: int) -> tuple[WorkInterval, ...]:
        """Intervals of ``weekday`` (0 = Monday)."""
        return self.days[weekday]

    def to_mapping(self) -> dict[str, list[str]]:
        """The inverse of :meth:`from_mapping` (closed days omitted)."""
        return {k: [str(i) for i in d] for k, d in zip(_WEEKDAY_KEYS, self.days, strict=True) if d}


def _month_day(value: tuple[int, int]) -> tuple[int, int]:
    try:
        month, day = value
        dt.date(2000, month, day)  # a leap year, so 29 February is accepted
    except (TypeError, ValueError):
        raise CalendarDataError(f"{value!r} is not a (month, day) pair") from None
    return (month, day)


@attrs.frozen(kw_only=True)
class Season:
    """A yearly recurring period with its own weekly hours, e.g. summer 1/4–31/10.

    ``start`` and ``end`` are inclusive ``(month, day)`` pairs; a season may wrap the year end
    (winter 15/10–14/4). ``valid_from``/``valid_to`` bound the decision that set it.

    >>> winter = Season(name="winter", start=(10, 15), end=(4, 14),
    ...                 hours=WeeklyHours.standard(["07:30-11:30", "13:00-17:00"]))
    >>> winter.contains(dt.date(2027, 1, 5)), winter.contains(dt.date(2027, 6, 1))
    (True, False)
    """

    name: str
    start: tuple[int, int] = attrs.field(converter=_month_day)
    end: tuple[int, int] = attrs.field(converter=_month_day)
    hours: WeeklyHours
    source: str = ""
    valid_from: dt.date = dt.date.min
    valid_to: dt.date = dt.date.max

    def contains(self, day: dt.date) -> bool:
        """Whether ``day`` lies in this season (and within the decision's validity)."""
        if not self.valid_from <= day <= self.valid_to:
            return False
        md = (day.month, day.day)
        if self.start <= self.end:
            return self.start <= md <= self.end
        return md >= self.start or md <= self.end


def _seasons(value: Iterable[Season]) -> tuple[Season, ...]:
    return tuple(value)


@attrs.frozen(kw_only=True)
class OfficeHours:
    """The office hours of a calendar: a default weekly template and seasonal variants.

    The first season that contains a date wins; otherwise the default applies.

    >>> OfficeHours.standard().hours_per_day(dt.date(2026, 11, 26))
    8.0
    """

    default: WeeklyHours
    seasons: tuple[Season, ...] = attrs.field(default=(), converter=_seasons)
    name: str = ""
    source: str = ""

    @classmethod
    def standard(
        cls,
        intervals: Iterable[WorkInterval | str] = ("07:30-11:30", "13:00-17:00"),
        *,
        saturday: Iterable[WorkInterval | str] = (),
        name: str = "",
        source: str = "",
    ) -> OfficeHours:
        """Monday–Friday ``intervals`` (default 07:30–11:30, 13:00–17:00) with no seasons."""
        return cls(
            default=WeeklyHours.standard(intervals, saturday=saturday), name=name, source=source
        )

    def weekly_for(self, day: dt.date) -> WeeklyHours:
        """The weekly template in force on ``day``."""
        for season in self.seasons:
            if season.contains(day):
                return season.hours
        return self.default

    def intervals(self, day: dt.date, *, as_weekday: int | None = None) -> tuple[WorkInterval, ...]:
        """Intervals of ``day`` (or of weekday ``as_weekday`` in the template in force then)."""
        return self.weekly_for(day).for_weekday(day.weekday() if as_weekday is None else as_weekday)

    def hours_per_day(self, day: dt.date) -> float:
        """Scheduled hours on ``day`` according to the template alone."""
        return sum(i.seconds for i in self.intervals(day)) / 3600


#: The common schedule of one-stop desks: Monday to Friday, ``07:30-11:30`` and ``13:00-17:00``.
DEFAULT_OFFICE_HOURS = OfficeHours.standard(name="Giờ hành chính 07:30–11:30, 13:00–17:00")
