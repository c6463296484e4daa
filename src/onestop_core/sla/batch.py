"""The clock for millions of dossiers at once (extra ``frames``): numpy in, numpy out.

:func:`evaluate_many` handles the typical event log — accepted → [supplement requested →
completed] → [one excluded interval] → [decided] — with the same rules and defaults as
:func:`~onestop_core.sla.evaluate` (RESTART after a supplement, due instants at an opening
shown as the previous close, DATE or DATETIME classification), without a Python loop. Logs of
other shapes go through :func:`~onestop_core.sla.evaluate` one by one.

>>> import numpy as np
>>> from onestop_core.calendars import vietnam
>>> r = evaluate_many(vietnam(), np.array(["2026-11-20T03:00"], dtype="datetime64[us]"), 3)
>>> r.due_at
array(['2026-11-26T03:00:00.000000'], dtype='datetime64[us]')
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import attrs

from onestop_core.calendars import batch as cb
from onestop_core.errors import InvalidDateError, InvalidDurationError
from onestop_core.sla.policies import ClassificationGranularity

if TYPE_CHECKING:
    import numpy.typing as npt
    from numpy import ndarray

    from onestop_core.calendars import WorkCalendar

__all__ = ["TIMELINESS_CODES", "BatchResult", "evaluate_many"]

_US_PER_DAY = 86_400_000_000
_VN_OFFSET_US = 7 * 3_600_000_000
_NAT = -(2**63)
#: Codes of ``BatchResult.timeliness``: -1 undecided, 0 early, 1 on time, 2 late.
TIMELINESS_CODES = {-1: None, 0: "early", 1: "on_time", 2: "late"}


@attrs.frozen(eq=False)
class BatchResult:
    """Arrays, one entry per dossier: instants as UTC ``datetime64[us]``."""

    started_at: ndarray[Any, Any]
    due_at: ndarray[Any, Any]
    timeliness: ndarray[Any, Any]  # int8 codes, see TIMELINESS_CODES


def _instants(np: Any, value: npt.ArrayLike | None, n: int, name: str) -> Any:
    if value is None:
        return np.full(n, _NAT, dtype=np.int64)
    a = np.asarray(value)
    if a.dtype.kind != "M":
        raise InvalidDateError(f"{name} must be datetime64 UTC instants, got dtype {a.dtype}")
    return np.broadcast_to(a.astype("datetime64[us]").view(np.int64), (n,))


def _local_parts(np: Any, utc: Any) -> tuple[Any, Any]:
    local = utc + _VN_OFFSET_US
    day = local // _US_PER_DAY
    return day, local - day * _US_PER_DAY


def evaluate_many(
    cal: WorkCalendar,
    accepted_at: npt.ArrayLike,
    working_days: npt.ArrayLike,
    *,
    supplement_requested_at: npt.ArrayLike | None = None,
    supplement_completed_at: npt.ArrayLike | None = None,
    pause_started_at: npt.ArrayLike | None = None,
    pause_ended_at: npt.ArrayLike | None = None,
    decided_at: npt.ArrayLike | None = None,
    granularity: ClassificationGranularity = ClassificationGranularity.DATE,
) -> BatchResult:
    """Start, due instant and verdict for each dossier (missing events are NaT).

    ``working_days`` are whole working days (an int or an int array). The pause is an
    interval the procedure excludes (e.g. a land procedure's financial obligation); it must
    begin after the (re)start. A supplement restarts the full limit (Decree 118/2025
    Art. 19(5)).
    """
    np = cb._np()
    acc = np.asarray(accepted_at)
    if acc.dtype.kind != "M":
        raise InvalidDateError(f"accepted_at must be datetime64 UTC instants, got {acc.dtype}")
    n = acc.shape[0] if acc.ndim else 1
    acc_us = _instants(np, acc.reshape(-1), n, "accepted_at")
    days = np.asarray(working_days)
    if days.dtype.kind not in "iu" or (days < 0).any():
        raise InvalidDurationError("working_days must be non-negative integers")
    days = np.broadcast_to(days.astype(np.int64), (n,))
    req = _instants(np, supplement_requested_at, n, "supplement_requested_at")
    done = _instants(np, supplement_completed_at, n, "supplement_completed_at")
    p0 = _instants(np, pause_started_at, n, "pause_started_at")
    p1 = _instants(np, pause_ended_at, n, "pause_ended_at")
    dec = _instants(np, decided_at, n, "decided_at")
    if ((done != _NAT) & (req == _NAT)).any():
        raise InvalidDateError("a supplement completed without a request")
    if ((p0 != _NAT) != (p1 != _NAT)).any() or ((p0 != _NAT) & (p1 < p0)).any():
        raise InvalidDateError("every pause needs a start and a later end")
    zero = np.timedelta64(0, "us")
    # the clock starts at the next opening after acceptance, or after the completed supplement
    restart = done != _NAT
    base = np.where(restart, done, acc_us).view("datetime64[us]")
    start = cb.add_working_time_many(cal, base, zero).view(np.int64)
    # working days keep the time of day; a due instant at an opening → previous close
    day, tod = _local_parts(np, start)
    due_day = cb.add_working_days_many(cal, day.view("datetime64[D]"), days).view(np.int64)
    raw = due_day * _US_PER_DAY + tod - _VN_OFFSET_US
    due = cb.normalize_due_many(cal, raw.view("datetime64[us]")).view(np.int64)
    due = np.maximum(due, start)
    # an excluded interval shifts the due instant by the office time it took
    paused = (p0 != _NAT) & (p0 < due)
    if paused.any():
        if (paused & (p0 < base.view(np.int64))).any():
            raise InvalidDateError("a pause must begin after the clock (re)starts")
        left = cb.working_time_between_many(
            cal, p0.view("datetime64[us]"), due.view("datetime64[us]")
        )
        shifted = cb.add_working_time_many(
            cal,
            np.where(paused, p1, start).view("datetime64[us]"),
            np.where(paused, left.view(np.int64), 0).view("timedelta64[us]"),
        ).view(np.int64)
        due = np.where(paused, shifted, due)
    # verdicts
    decided = dec != _NAT
    dday, _ = _local_parts(np, dec)
    uday, _ = _local_parts(np, due)
    code = np.where(dday < uday, 0, np.where(dday == uday, 1, 2)).astype(np.int8)
    if granularity is ClassificationGranularity.DATETIME:
        code = np.where(dec > due, 2, code).astype(np.int8)
    code = np.where(decided, code, -1).astype(np.int8)
    waiting = (req != _NAT) & ~restart
    due = np.where(waiting, _NAT, due)
    return BatchResult(
        started_at=start.view("datetime64[us]"),
        due_at=due.view("datetime64[us]"),
        timeliness=code,
    )
