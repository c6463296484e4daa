"""The Vietnamese lunar calendar (âm lịch), lunar years 1900–2199.

Computed with Hồ Ngọc Đức's astronomical method, the de-facto standard of Vietnamese calendar
software:

1. a lunar month starts on the civil day, at UTC+7 (meridian 105°E), containing the new moon
   (*điểm Sóc*); new moons come from a Meeus-style series with a ΔT correction and the sun's
   longitude from a low-order series (in the private module ``onestop_core.calendars._astronomy``);
2. the winter solstice (*Đông chí*) always falls in month 11;
3. when 13 new moons separate two month-11 starts, the first month after month 11 that contains
   no major solar term (*trung khí*) is the leap month (*tháng nhuận*); it takes the number of
   the month before it.

Time zone: :data:`TIME_ZONE` is 7.0 for every year. Before 1968 Vietnam effectively used UTC+8
(the North switched to UTC+7 on 8/8/1967, the South only in 1975), so for earlier years the
calendar then in use was the Chinese one and this module gives artificial differences (e.g. Tết
1903, 1916, 1935, 1965). We deliberately use the modern standard, UTC+7, throughout (as does the
``VIETNAMESE_CALENDAR`` of the `holidays` package). The UTC+7/UTC+8 difference is
also why Vietnam and China disagree in some years: Tết 1985, 2007 and 2030, Giỗ Tổ 2009.

The month starts are computed once, lazily, on first use; both conversions are then table
look-ups.

>>> tet(2030)  # Tết Nguyên đán; the Chinese New Year is one day later
datetime.date(2030, 2, 2)
>>> from_solar(datetime.date(2009, 4, 4))  # Giỗ Tổ Hùng Vương
LunarDate(year=2009, month=3, day=10, leap=False)
"""

from __future__ import annotations

import bisect
import datetime
import itertools
import math
from typing import NoReturn

import attrs

from onestop_core.calendars._astronomy import (
    JDN_TO_ORDINAL,
    SYNODIC_MONTH,
    major_term_index,
    new_moon_day,
)
from onestop_core.errors import InvalidDateError, LunarDateError, OutOfRangeError

__all__ = [
    "MAX_YEAR",
    "MIN_YEAR",
    "TIME_ZONE",
    "LunarDate",
    "from_solar",
    "leap_month",
    "month_length",
    "new_year_eve",
    "tet",
    "to_solar",
]

#: Hours east of UTC of the meridian the calendar is computed for (105°E), for every year.
TIME_ZONE = 7.0
#: First supported lunar year.
MIN_YEAR = 1900
#: Last supported lunar year.
MAX_YEAR = 2199

_WINTER_SOLSTICE_SECTOR = 9  # the 30° sector of the sun's longitude that starts at 270°


class _Table:
    """Month starts of lunar years MIN_YEAR..MAX_YEAR, in order, plus an end sentinel."""

    __slots__ = ("index", "labels", "leaps", "starts")

    def __init__(self, starts: list[int], labels: list[tuple[int, int, bool]]) -> None:
        self.starts = starts  # date ordinals; starts[i + 1] is the day after month i ends
        self.labels = labels  # (year, month, leap) of month i
        self.index = {label: i for i, label in enumerate(labels)}
        self.leaps = {year: month for year, month, leap in labels if leap}


_table: _Table | None = None


def _build_table() -> _Table:
    # New moons from the one before the 1899 winter solstice (k = 0 is 1900-01-01) to past the
    # 2200 solstice; then the month containing each solstice, i.e. each month-11 start.
    last_k = math.ceil((MAX_YEAR + 2 - 1900) * 365.2425 / SYNODIC_MONTH)  # ~January MAX_YEAR + 2
    days = [new_moon_day(k, TIME_ZONE) for k in range(-3, last_k + 2)]
    sectors = [major_term_index(day, TIME_ZONE) for day in days]
    month11 = [
        i
        for i in range(len(days) - 1)
        # Sectors crossed during month i are sectors[i] + 1 .. sectors[i + 1] (mod 12).
        if (_WINTER_SOLSTICE_SECTOR - sectors[i] - 1) % 12 < (sectors[i + 1] - sectors[i]) % 12
    ]
    starts: list[int] = []
    labels: list[tuple[int, int, bool]] = []
    for first, nxt in itertools.pairwise(month11):
        # Months 11 and 12 of lunar year `year - 1`, then months 1..10 of `year`.
        year = datetime.date.fromordinal(days[first] - JDN_TO_ORDINAL).year + 1
        leap_at = nxt  # index of the leap month; nxt (never reached) if there is none
        if nxt - first == 13:  # leap: the first month after 11 with no trung khí
            leap_at = next(j for j in range(first + 1, nxt) if sectors[j] == sectors[j + 1])
        for j in range(first, nxt):
            number = j - first - (j >= leap_at)
            month = (number + 10) % 12 + 1
            label = (year - 1 if month >= 11 else year, month, j == leap_at)
            if MIN_YEAR <= label[0] <= MAX_YEAR:
                starts.append(days[j] - JDN_TO_ORDINAL)
                labels.append(label)
            elif label[0] > MAX_YEAR:
                starts.append(days[j] - JDN_TO_ORDINAL)  # end sentinel: 1/1 of MAX_YEAR + 1
                return _Table(starts, labels)
    raise AssertionError("new-moon range too short")  # pragma: no cover


def _get_table() -> _Table:
    global _table
    if _table is None:
        _table = _build_table()  # idempotent, so a race between threads is harmless
    return _table


def _bad_type(name: str, value: object, expected: str = "an int") -> NoReturn:
    raise LunarDateError(f"{name} must be {expected}, not {type(value).__name__}: {value!r}")


def _locate(year: int, month: int, leap: bool) -> int:
    """Index in the table of lunar month (year, month, leap); raise LunarDateError if none."""
    if type(year) is not int:
        if not isinstance(year, int) or isinstance(year, bool):
            _bad_type("year", year)
        year = int(year)
    if type(month) is not int:
        if not isinstance(month, int) or isinstance(month, bool):
            _bad_type("month", month)
        month = int(month)
    if leap is not True and leap is not False:
        _bad_type("leap", leap, "a bool")
    table = _table or _get_table()
    i = table.index.get((year, month, leap))
    if i is not None:
        return i
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise LunarDateError(
            f"lunar year {year} is outside the supported range {MIN_YEAR}..{MAX_YEAR}"
        )
    if not 1 <= month <= 12:
        raise LunarDateError(f"month {month} is not a lunar month (expected 1..12)")
    actual = table.leaps.get(year)
    detail = f"its leap month is {actual}" if actual else "it has no leap month"
    raise LunarDateError(
        f"lunar year {year} has no leap month {month} (tháng {month} nhuận): {detail}"
    )


def _check_day(i: int, day: int, table: _Table) -> int:
    """The ordinal of day ``day`` of month ``i``; raise LunarDateError if it does not exist."""
    if type(day) is not int:
        if not isinstance(day, int) or isinstance(day, bool):
            _bad_type("day", day)
        day = int(day)
    start = table.starts[i]
    length = table.starts[i + 1] - start
    if not 1 <= day <= length:
        year, month, leap = table.labels[i]
        name = f"{month} nhuận (leap)" if leap else str(month)
        raise LunarDateError(
            f"day {day} does not exist: lunar month {name} of {year} has {length} days"
        )
    return start + day - 1


@attrs.frozen
class LunarDate:
    """A day of the Vietnamese lunar calendar (âm lịch); ``leap`` marks a tháng nhuận.

    Construction checks that the date exists (raising
    :class:`~onestop_core.errors.LunarDateError` otherwise).
    ``str()`` gives the usual Vietnamese day/month/year form; a leap month is followed by
    " nhuận".

    >>> d = LunarDate(2031, 3, 10)  # Giỗ Tổ Hùng Vương, in the regular 3rd month
    >>> str(d), d.to_solar()
    ('10/3/2031', datetime.date(2031, 4, 1))
    >>> str(LunarDate(2031, 3, 15, leap=True))
    '15/3 nhuận/2031'
    """

    year: int
    month: int
    day: int
    leap: bool = False

    def __attrs_post_init__(self) -> None:
        _check_day(_locate(self.year, self.month, self.leap), self.day, _table or _get_table())

    def __str__(self) -> str:
        nhuan = " nhuận" if self.leap else ""
        return f"{self.day}/{self.month}{nhuan}/{self.year}"

    def to_solar(self) -> datetime.date:
        """The solar (Gregorian) date of this lunar date.

        >>> LunarDate(2026, 1, 1).to_solar()  # Tết Bính Ngọ
        datetime.date(2026, 2, 17)
        """
        table = _table or _get_table()
        i = table.index[(self.year, self.month, self.leap)]
        return datetime.date.fromordinal(table.starts[i] + self.day - 1)


# attrs.frozen makes LunarDate a slotted class: filling its slots directly skips the frozen
# __setattr__ guard and the existence check, which from_solar() does not need.
_new = object.__new__
_set_year, _set_month, _set_day, _set_leap = (
    LunarDate.__dict__[field.name].__set__ for field in attrs.fields(LunarDate)
)


def _make(year: int, month: int, day: int, leap: bool) -> LunarDate:
    """A LunarDate known to exist, built without re-checking it (about 3x faster)."""
    date = _new(LunarDate)
    _set_year(date, year)
    _set_month(date, month)
    _set_day(date, day)
    _set_leap(date, leap)
    return date


def to_solar(year: int, month: int, day: int, leap: bool = False) -> datetime.date:
    """The solar date of lunar day ``day/month/year`` (``leap=True`` for the tháng nhuận).

    Raises :class:`~onestop_core.errors.LunarDateError` if that lunar date does not exist or
    is out of range.

    >>> to_solar(2009, 3, 10)  # Giỗ Tổ Hùng Vương 2009 (China: 5/4)
    datetime.date(2009, 4, 4)
    >>> to_solar(2025, 6, 1, leap=True)  # 1/6 nhuận Ất Tỵ
    datetime.date(2025, 7, 25)
    """
    i = _locate(year, month, leap)
    return datetime.date.fromordinal(_check_day(i, day, _table or _get_table()))


def from_solar(d: datetime.date) -> LunarDate:
    """The lunar date (âm lịch) of the solar date ``d``.

    ``d`` must be a :class:`datetime.date`; a :class:`datetime.datetime` is refused with
    :class:`~onestop_core.errors.InvalidDateError` (convert it to a local date in Vietnam
    first), and a date outside lunar years :data:`MIN_YEAR`..:data:`MAX_YEAR` raises
    :class:`~onestop_core.errors.OutOfRangeError`.

    >>> str(from_solar(datetime.date(2026, 2, 16)))  # Giao thừa: the eve of Tết
    '29/12/2025'
    """
    if type(d) is not datetime.date:
        if isinstance(d, datetime.datetime):
            raise InvalidDateError(
                f"from_solar() needs a datetime.date, not a datetime ({d!r}): "
                "pass the local date in Vietnam, e.g. dt.astimezone(tz).date()"
            )
        if not isinstance(d, datetime.date):
            raise InvalidDateError(
                f"from_solar() needs a datetime.date, not {type(d).__name__}: {d!r}"
            )
    table = _table or _get_table()
    starts = table.starts
    ordinal = d.toordinal()
    i = bisect.bisect_right(starts, ordinal) - 1
    if i < 0 or i >= len(table.labels):
        first = datetime.date.fromordinal(starts[0])
        last = datetime.date.fromordinal(starts[-1] - 1)
        raise OutOfRangeError(
            f"{d.isoformat()} is outside the supported lunar years {MIN_YEAR}..{MAX_YEAR} "
            f"(solar {first.isoformat()}..{last.isoformat()})"
        )
    year, month, leap = table.labels[i]
    return _make(year, month, ordinal - starts[i] + 1, leap)


def leap_month(year: int) -> int | None:
    """The number of the leap month (tháng nhuận) of lunar year ``year``, or None.

    >>> leap_month(2025), leap_month(2026)
    (6, None)
    """
    _locate(year, 1, False)
    return _get_table().leaps.get(year)


def month_length(year: int, month: int, leap: bool = False) -> int:
    """The number of days (29 or 30) of lunar month ``month`` of ``year``.

    >>> month_length(2025, 12)  # tháng Chạp before Tết 2026: the eve is 29 Tết
    29
    """
    i = _locate(year, month, leap)
    starts = _get_table().starts
    return starts[i + 1] - starts[i]


def tet(year: int) -> datetime.date:
    """Tết Nguyên đán, 1/1 âm lịch of lunar year ``year``.

    >>> tet(2007)  # China: 18/2
    datetime.date(2007, 2, 17)
    """
    return datetime.date.fromordinal(_get_table().starts[_locate(year, 1, False)])


def new_year_eve(year: int) -> datetime.date:
    """Giao thừa: the last day of month 12 of lunar year ``year - 1``, the day before Tết.

    >>> new_year_eve(2026)  # 29 tháng Chạp Ất Tỵ
    datetime.date(2026, 2, 16)
    """
    return tet(year) - datetime.timedelta(days=1)
