"""Working-time arithmetic over office-hour intervals (private; used by WorkCalendar).

Every local instant maps to a coordinate W(t): the working microseconds elapsed since the
start of the calendar's range. W is continuous and non-decreasing, flat outside office
hours, so ``add_working_time`` is "map, add, map back" and ``working_time_between`` is a
difference. Integers in microseconds keep the arithmetic exact.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Callable, Sequence

from onestop_core._time import VN_TZ, ensure_aware
from onestop_core.errors import InvalidDurationError, OutOfRangeError

__all__ = ["TimeIndex"]

_US_PER_SECOND = 1_000_000
_US_PER_DAY = 86_400 * _US_PER_SECOND


class TimeIndex:
    """Per-day intervals and cumulative working time for one calendar's whole range."""

    __slots__ = ("cum", "cum_end", "first", "intervals", "size")

    def __init__(
        self,
        first: dt.date,
        size: int,
        day_intervals: Callable[[dt.date], Sequence[tuple[int, int]]],
    ) -> None:
        self.first = first.toordinal()
        self.size = size
        intervals: list[tuple[tuple[int, int], ...]] = []
        cum = [0]
        total = 0
        day = first
        one = dt.timedelta(days=1)
        for _ in range(size):
            ivs = tuple((s * _US_PER_SECOND, e * _US_PER_SECOND) for s, e in day_intervals(day))
            intervals.append(ivs)
            total += sum(e - s for s, e in ivs)
            cum.append(total)
            day += one
        self.intervals = intervals
        self.cum = cum  # cum[i] = working microseconds before day i
        self.cum_end = cum[1:]  # cum_end[i] = working microseconds up to the end of day i

    # -- instants <-> (day index, microseconds since local midnight) ---------------------
    def locate(self, t: dt.datetime, name: str) -> tuple[int, int]:
        if not isinstance(t, dt.datetime) or t.utcoffset() is None:
            ensure_aware(t, name=name)  # raises the precise error
        try:
            local = t.astimezone(VN_TZ)
        except OverflowError:
            raise OutOfRangeError(
                f"{name} {t.isoformat()} lies outside the calendar's range"
            ) from None
        i = local.toordinal() - self.first
        if not 0 <= i < self.size:
            raise OutOfRangeError(f"{name} {t.isoformat()} lies outside the calendar's range")
        us = ((local.hour * 60 + local.minute) * 60 + local.second) * _US_PER_SECOND
        return i, us + local.microsecond

    def instant(self, i: int, us: int) -> dt.datetime:
        day = dt.date.fromordinal(self.first + i)
        naive = dt.datetime(day.year, day.month, day.day) + dt.timedelta(microseconds=us)
        return naive.replace(tzinfo=VN_TZ)

    # -- the working-time coordinate ----------------------------------------------------
    def coordinate(self, i: int, us: int) -> int:
        w = self.cum[i]
        for s, e in self.intervals[i]:
            if us <= s:
                break
            w += (us if us < e else e) - s
        return w

    def inverse(self, w: int) -> tuple[int, int]:
        """The earliest (day, time) whose coordinate is ``w``: a boundary maps to a closing."""
        if w <= 0:
            i = bisect.bisect_right(self.cum_end, 0)
            if i >= self.size:
                raise OutOfRangeError("the calendar's range has no office hours")
            return i, self.intervals[i][0][0]
        i = bisect.bisect_left(self.cum_end, w)
        if i >= self.size:
            raise OutOfRangeError("the result lies beyond the calendar's range")
        rest = w - self.cum[i]
        for s, e in self.intervals[i]:
            if rest <= e - s:
                return i, s + rest
            rest -= e - s
        raise AssertionError("unreachable: cumulative table inconsistent")  # pragma: no cover

    # -- public operations ---------------------------------------------------------------
    def next_open(self, t: dt.datetime) -> dt.datetime:
        i, us = self.locate(t, "t")
        for s, e in self.intervals[i]:
            if us < e:
                return self.instant(i, us if us >= s else s)
        j = bisect.bisect_right(self.cum, self.cum[i + 1]) - 1
        if j >= self.size:
            raise OutOfRangeError(f"no office hours after {t.isoformat()} in the calendar's range")
        return self.instant(j, self.intervals[j][0][0])

    def add(self, start: dt.datetime, delta: dt.timedelta) -> dt.datetime:
        if not isinstance(delta, dt.timedelta):
            raise InvalidDurationError(
                f"delta must be a datetime.timedelta of working time, got {type(delta).__name__}"
            )
        if not delta:
            return self.next_open(start)
        i, us = self.locate(start, "start")
        w = self.coordinate(i, us) + delta // dt.timedelta(microseconds=1)
        if w < 0:
            raise OutOfRangeError("the result lies before the calendar's range")
        return self.instant(*self.inverse(w))

    def normalize(self, t: dt.datetime) -> dt.datetime:
        """The earliest instant with the same coordinate as ``t`` (an opening → previous close)."""
        i, us = self.locate(t, "t")
        w = self.coordinate(i, us)
        if w <= 0:
            return self.instant(i, us)
        return self.instant(*self.inverse(w))

    def between(self, a: dt.datetime, b: dt.datetime) -> dt.timedelta:
        wa = self.coordinate(*self.locate(a, "a"))
        wb = self.coordinate(*self.locate(b, "b"))
        return dt.timedelta(microseconds=wb - wa)
