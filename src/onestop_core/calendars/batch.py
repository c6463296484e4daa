"""Vectorised working-day and working-time arithmetic on numpy arrays (extra ``frames``).

The same semantics as :meth:`~onestop_core.calendars.WorkCalendar.add_working_days` and
:meth:`~onestop_core.calendars.WorkCalendar.add_working_time`, applied to whole arrays with
a few table gathers (no Python loop), so ten million dates take a fraction of a second. Unlike
``numpy.busday_offset``, make-up Saturdays are working days here.

>>> import numpy as np
>>> from onestop_core.calendars import vietnam
>>> add_working_days_many(vietnam(), np.array(["2026-08-28", "NaT"], dtype="datetime64[D]"), 1)
array(['2026-09-03',        'NaT'], dtype='datetime64[D]')
"""

from __future__ import annotations

import weakref
from typing import TYPE_CHECKING, Any

from onestop_core.errors import InvalidDateError, InvalidDurationError, OutOfRangeError

if TYPE_CHECKING:
    import numpy.typing as npt
    from numpy import ndarray

    from onestop_core.calendars.work_calendar import WorkCalendar

__all__ = ["add_working_days_many", "add_working_time_many", "working_time_between_many"]

_US_PER_DAY = 86_400_000_000
_VN_OFFSET_US = 7 * 3_600_000_000
_NAT = -(2**63)


def _np() -> Any:
    try:
        import numpy
    except ImportError:  # pragma: no cover - depends on the environment
        raise ImportError(
            "vectorised calendar arithmetic needs numpy: pip install 'onestop-core[frames]'"
        ) from None
    return numpy


class _DayTables:
    """Per-calendar numpy tables, built once and cached (weakly) per calendar."""

    def __init__(self, cal: WorkCalendar) -> None:
        np = _np()
        self.origin = cal.valid_from.toordinal() - 719163  # days since 1970-01-01
        upto = np.asarray(cal._upto, dtype=np.int64)
        work = np.asarray(cal._work, dtype=np.int64)
        self.size = len(upto)
        self.after = upto - 1  # index of the last working day <= d, for n > 0
        self.before = upto - work  # number of working days strictly before d, for n <= 0
        self.wd = np.asarray([d.toordinal() - 719163 for d in cal._wd], dtype=np.int64)
        self._answers: dict[int, Any] = {}

    def answers(self, n: int) -> Any:
        """``add_working_days(d, n)`` for every day, indexed by days since 1970 (NaT outside).

        With a scalar ``n`` the whole batch is then one gather. Slot 0 (1970-01-01, before
        any calendar) and the last slot hold NaT, so clipped indices land on NaT.
        """
        found = self._answers.get(n)
        if found is not None:
            return found
        np = _np()
        j = self.after + n if n > 0 else self.before + n
        ok = (j >= 0) & (j < len(self.wd))
        table = np.full(self.origin + self.size + 1, _NAT, dtype=np.int64)
        table[self.origin : self.origin + self.size] = np.where(
            ok, self.wd[np.clip(j, 0, len(self.wd) - 1)], _NAT
        )
        if len(self._answers) >= 32:
            self._answers.pop(next(iter(self._answers)))
        self._answers[n] = table
        return table


class _TimeTables:
    def __init__(self, cal: WorkCalendar) -> None:
        np = _np()
        idx = cal._time_index
        k = max(1, max(len(v) for v in idx.intervals))
        n = idx.size
        start = np.zeros((n, k), dtype=np.int64)
        length = np.zeros((n, k), dtype=np.int64)
        for i, ivs in enumerate(idx.intervals):
            last = 0
            for j in range(k):
                if j < len(ivs):
                    start[i, j], length[i, j] = ivs[j][0], ivs[j][1] - ivs[j][0]
                    last = ivs[j][1]
                else:
                    start[i, j] = last
        self.k = k
        self.start = start
        self.length = length
        self.before_len = np.cumsum(length, axis=1) - length
        self.cum = np.asarray(idx.cum, dtype=np.int64)
        self.cum_end = self.cum[1:]
        self.origin = cal.valid_from.toordinal() - 719163
        self.size = n


_day_cache: weakref.WeakKeyDictionary[Any, _DayTables] = weakref.WeakKeyDictionary()
_time_cache: weakref.WeakKeyDictionary[Any, _TimeTables] = weakref.WeakKeyDictionary()


def _days(cal: WorkCalendar) -> _DayTables:
    t = _day_cache.get(cal)
    if t is None:
        t = _day_cache[cal] = _DayTables(cal)
    return t


def _times(cal: WorkCalendar) -> _TimeTables:
    t = _time_cache.get(cal)
    if t is None:
        t = _time_cache[cal] = _TimeTables(cal)
    return t


def _as_int_array(n: npt.ArrayLike, what: str) -> Any:
    np = _np()
    arr = np.asarray(n)
    if arr.dtype.kind not in "iu":
        raise InvalidDurationError(f"{what} must be integers, got dtype {arr.dtype}")
    return arr.astype(np.int64, copy=False)


def _out_of_range(np: Any, bad: Any, values: Any, unit: str, cal: WorkCalendar) -> OutOfRangeError:
    first = values[bad][0] if bad.ndim else values
    return OutOfRangeError(
        f"{np.datetime64(int(first), unit)} is outside calendar {cal.id!r} "
        f"({cal.valid_from} to {cal.valid_to})"
    )


def add_working_days_many(
    cal: WorkCalendar, dates: npt.ArrayLike, n: npt.ArrayLike
) -> ndarray[Any, Any]:
    """Vectorised ``add_working_days``: ``datetime64[D]`` in and out; NaT stays NaT.

    ``n`` is an integer or an integer array broadcastable against ``dates``.
    """
    np = _np()
    d = np.asarray(dates)
    if d.dtype.kind != "M":
        raise InvalidDateError(f"dates must be a datetime64 array, got dtype {d.dtype}")
    x = d.astype("datetime64[D]", copy=False).view(np.int64)
    t = _days(cal)
    scalar: object = n
    if type(scalar) is int and abs(scalar) > len(t.wd):
        raise OutOfRangeError(
            f"{scalar} working days exceed calendar {cal.id!r} ({len(t.wd)} working days in all)"
        )
    if type(scalar) is int and t.origin > 0:  # the common case: one table gather
        out = np.take(t.answers(scalar), x, mode="clip")
        missing = out == _NAT
        if not missing.any() or not (missing & (x != _NAT)).any():
            fast: ndarray[Any, Any] = out.view("datetime64[D]")
            return fast
        # something is out of range: the general path below says what
    i = x - t.origin
    nat = None
    if i.size and (i.min() < 0 or i.max() >= t.size):
        nat = x == _NAT
        bad = ((i < 0) | (i >= t.size)) & ~nat
        if bad.any():
            raise _out_of_range(np, bad, x, "D", cal)
        i = np.where(nat, 0, i)
    if type(scalar) is int:
        j = t.after[i] + scalar if scalar > 0 else t.before[i] + scalar
    else:
        nn = _as_int_array(n, "n")
        j = np.where(nn > 0, t.after[i] + nn, t.before[i] + nn)
    if j.size and (j.min() < 0 or j.max() >= len(t.wd)):
        bad = (j < 0) | (j >= len(t.wd))
        if nat is not None:
            bad &= ~nat
        if bad.any():
            raise OutOfRangeError(
                f"some results fall outside calendar {cal.id!r} "
                f"({cal.valid_from} to {cal.valid_to})"
            )
        j = np.clip(j, 0, len(t.wd) - 1)
    out = t.wd[j]
    if nat is not None and nat.any():
        out = np.where(np.broadcast_to(nat, np.shape(out)), _NAT, out)
    result: ndarray[Any, Any] = np.asarray(out).view("datetime64[D]")
    return result


def _locate(cal: WorkCalendar, instants: npt.ArrayLike) -> tuple[Any, Any, Any, Any]:
    """Day index and local microseconds of UTC ``datetime64`` instants (plus the NaT mask)."""
    np = _np()
    a = np.asarray(instants)
    if a.dtype.kind != "M":
        raise InvalidDateError(
            f"instants must be a datetime64 array of UTC instants, got dtype {a.dtype}"
        )
    utc = a.astype("datetime64[us]", copy=False).view(np.int64)
    nat = utc == _NAT
    local = utc + _VN_OFFSET_US
    day = local // _US_PER_DAY
    t = _times(cal)
    i = day - t.origin
    bad = ((i < 0) | (i >= t.size)) & ~nat
    if bad.any():
        raise _out_of_range(np, bad, utc, "us", cal)
    i = np.where(nat, 0, i)
    return t, i, local - day * _US_PER_DAY, nat


def _coordinate(t: _TimeTables, i: Any, us: Any) -> Any:
    np = _np()
    w = t.cum[i]
    for k in range(t.k):
        w = w + np.clip(us - t.start[i, k], 0, t.length[i, k])
    return w


def _inverse(cal: WorkCalendar, t: _TimeTables, w: Any) -> Any:
    """Earliest local microseconds (since epoch) whose coordinate is ``w``."""
    np = _np()
    positive = np.maximum(w, 1)
    j = np.searchsorted(t.cum_end, positive, side="left")
    if j.size and j.max() >= t.size:
        raise OutOfRangeError(f"some results fall beyond calendar {cal.id!r} (to {cal.valid_to})")
    rest = positive - t.cum[j]
    k = np.zeros_like(j)
    for m in range(1, t.k):
        k += rest > t.before_len[j, m]
    us = t.start[j, k] + rest - t.before_len[j, k]
    out = (j + t.origin) * _US_PER_DAY + us
    if (w <= 0).any():  # coordinate 0: the calendar's first opening
        first = int(np.searchsorted(t.cum_end, 0, side="right"))
        out = np.where(w <= 0, (first + t.origin) * _US_PER_DAY + t.start[first, 0], out)
    return out


def add_working_time_many(
    cal: WorkCalendar, starts: npt.ArrayLike, delta: npt.ArrayLike
) -> ndarray[Any, Any]:
    """Vectorised ``add_working_time`` on UTC ``datetime64`` instants (``datetime64[us]`` out).

    ``delta`` is a ``timedelta64`` (scalar or array). A zero delta gives the next opening.
    """
    np = _np()
    dlt = np.asarray(delta)
    if dlt.dtype.kind == "O":  # datetime.timedelta objects
        try:
            dlt = dlt.astype("timedelta64[us]")
        except (TypeError, ValueError):
            raise InvalidDurationError("delta must be timedelta64 or datetime.timedelta") from None
    if dlt.dtype.kind != "m":
        raise InvalidDurationError(f"delta must be timedelta64, got dtype {dlt.dtype}")
    d_us = dlt.astype("timedelta64[us]").view(np.int64)
    t, i, us, nat = _locate(cal, starts)
    nat = nat | (d_us == _NAT)
    w = _coordinate(t, i, us)
    zero = d_us == 0
    target = np.where(zero, w + 1, w + d_us)
    target = np.where(nat, 1, target)  # NaT rows: any valid target; masked below
    if target.size and target.min() < 0:
        raise OutOfRangeError(
            f"some results fall before calendar {cal.id!r} (from {cal.valid_from})"
        )
    local = _inverse(cal, t, target) - zero
    out = local - _VN_OFFSET_US
    if nat.any():
        out = np.where(nat, _NAT, out)
    result: ndarray[Any, Any] = out.view("datetime64[us]")
    return result


def working_time_between_many(
    cal: WorkCalendar, a: npt.ArrayLike, b: npt.ArrayLike
) -> ndarray[Any, Any]:
    """Vectorised ``working_time_between``: ``timedelta64[us]`` office time from ``a`` to ``b``."""
    np = _np()
    ta, ia, ua, na = _locate(cal, a)
    tb, ib, ub, nb = _locate(cal, b)
    out = _coordinate(tb, ib, ub) - _coordinate(ta, ia, ua)
    nat = na | nb
    if nat.any():
        out = np.where(nat, _NAT, out)
    result: ndarray[Any, Any] = out.view("timedelta64[us]")
    return result


def normalize_due_many(cal: WorkCalendar, instants: npt.ArrayLike) -> ndarray[Any, Any]:
    """Vectorised :meth:`~onestop_core.calendars.WorkCalendar.normalize_due` (UTC in and out).

    >>> import numpy as np
    >>> from onestop_core.calendars import vietnam
    >>> normalize_due_many(vietnam(), np.array(["2026-11-26T00:30"], dtype="datetime64[us]"))
    array(['2026-11-25T10:00:00.000000'], dtype='datetime64[us]')
    """
    np = _np()
    t, i, us, nat = _locate(cal, instants)
    w = _coordinate(t, i, us)
    local = np.where(w > 0, _inverse(cal, t, np.maximum(w, 1)), (i + t.origin) * _US_PER_DAY + us)
    out = np.where(nat, _NAT, local - _VN_OFFSET_US)
    result: ndarray[Any, Any] = out.view("datetime64[us]")
    return result
