"""From a start instant and a time limit to a due instant (hạn trả kết quả).

Pure functions of (start, limit, calendar, policies); each returns the due instant and the
rule it applied, in words, for :meth:`SlaState.explain <onestop_core.sla.SlaState.explain>`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from fractions import Fraction

from onestop_core._time import VN_TZ, ensure_aware
from onestop_core.calendars import WorkCalendar
from onestop_core.errors import InvalidDurationError
from onestop_core.procedures.time_limits import ProcessingTime, TimeUnit
from onestop_core.sla.policies import SlaPolicies

__all__ = [
    "clock_start",
    "compute_due",
    "due_with_reason",
    "skipped_days",
    "start_with_reason",
]

Reason = Callable[[], str]


def _fmt(t: dt.datetime) -> str:
    return t.astimezone(VN_TZ).strftime("%a %Y-%m-%d %H:%M")


def clock_start(received: dt.datetime, calendar: WorkCalendar) -> tuple[dt.datetime, str]:
    """When the clock starts for a dossier accepted at ``received`` (§9.4 rule 3).

    Inside office hours: that instant. Before opening → the opening; during lunch → the
    afternoon opening; after closing or on a day off → the next working day's opening.

    >>> from onestop_core.calendars import vietnam
    >>> start, why = clock_start(dt.datetime(2026, 11, 27, 18, 30, tzinfo=VN_TZ), vietnam())
    >>> start.isoformat()
    '2026-11-30T07:30:00+07:00'
    """
    start, why = start_with_reason(received, calendar)
    return start, why()


def start_with_reason(received: dt.datetime, calendar: WorkCalendar) -> tuple[dt.datetime, Reason]:
    """:func:`clock_start` with the reason rendered lazily (the clock's hot path)."""
    ensure_aware(received, name="received")
    start = calendar.next_open(received)
    if start == received:
        return start, lambda: f"clock starts at acceptance, {_fmt(start)}"
    return (
        start,
        lambda: f"accepted {_fmt(received)} outside office hours → clock starts {_fmt(start)}",
    )


def compute_due(
    start: dt.datetime, limit: ProcessingTime, calendar: WorkCalendar, policies: SlaPolicies
) -> tuple[dt.datetime, str]:
    """The due instant for ``limit`` counted from ``start`` (already inside office hours).

    - working days: the n-th working day after the start, at the start's time of day
      (a due instant at an opening is shown as the previous close);
    - fractional working days and working hours: office time added across intervals;
    - calendar days: the close of the n-th day, or of the next working day if that is a day
      off (Civil Code 2015 Art. 148(5));
    - same day: the close of the day, or of the next working day after the cut-off.

    >>> from onestop_core.calendars import vietnam
    >>> due, _ = compute_due(dt.datetime(2026, 11, 20, 10, tzinfo=VN_TZ),
    ...                      ProcessingTime.working_days(3), vietnam(), SlaPolicies())
    >>> due.isoformat()   # 24/11 is Vietnam Culture Day
    '2026-11-26T10:00:00+07:00'
    """
    due, why = due_with_reason(start, limit, calendar, policies)
    return due, why()


def due_with_reason(
    start: dt.datetime, limit: ProcessingTime, calendar: WorkCalendar, policies: SlaPolicies
) -> tuple[dt.datetime, Reason]:
    """:func:`compute_due` with the reason rendered lazily (the clock's hot path)."""
    if not isinstance(limit, ProcessingTime):
        raise InvalidDurationError(f"limit must be a ProcessingTime, got {type(limit).__name__}")
    local = start.astimezone(VN_TZ)
    unit, value = limit.unit, limit.value
    if unit is TimeUnit.WORKING_DAYS and value.denominator == 1:
        n = int(value)
        day = calendar.add_working_days(local.date(), n)
        raw = dt.datetime.combine(day, local.timetz())
        due = calendar.normalize_due(raw) if policies.normalize_due_to_close else raw
        due = max(due, local)  # a zero limit is due at the start, never before it

        def why() -> str:
            text = f"{limit}: working day {n} after the start, at the same time of day"
            if due != raw:
                text += f" ({_fmt(raw)} is not inside office hours → previous close {_fmt(due)})"
            return text

        return due, why
    if unit in (TimeUnit.WORKING_DAYS, TimeUnit.WORKING_HOURS):
        hours = value * policies.hours_per_working_day if unit is TimeUnit.WORKING_DAYS else value
        delta = dt.timedelta(hours=float(Fraction(hours)))
        return calendar.add_working_time(
            local, delta
        ), lambda: f"{limit}: {delta} of office time added across office hours"
    if unit is TimeUnit.CALENDAR_DAYS:
        day = local.date() + dt.timedelta(days=int(value))
        note = ""
        if not calendar.is_working_day(day):
            day = calendar.next_working_day(day)
            note = " (a day off → the next working day, Civil Code 2015 Art. 148(5))"
        close = calendar.closing(day)
        assert close is not None  # a working day has office hours
        return close, lambda: f"{limit}: the close of calendar day {value}{note}"
    # SAME_DAY
    cutoff = policies.same_day_cutoff
    if local.time() < cutoff:
        close = calendar.closing(local.date())
        assert close is not None
        return close, lambda: f"same day: started before {cutoff:%H:%M} → due at today's close"
    nxt = calendar.next_working_day(local.date())
    close = calendar.closing(nxt)
    assert close is not None
    return close, lambda: f"same day: started at or after {cutoff:%H:%M} → next working day's close"


def skipped_days(calendar: WorkCalendar, start: dt.datetime, end: dt.datetime) -> tuple[str, ...]:
    """The non-working days strictly between two instants, each with why it is off."""
    lo = start.astimezone(VN_TZ).date()
    hi = end.astimezone(VN_TZ).date()
    out: list[str] = []
    day = lo + dt.timedelta(days=1)
    while day < hi:
        if not calendar.is_working_day(day) or calendar.make_up_day(day) is not None:
            out.append(f"{day:%a %Y-%m-%d}: {calendar.describe_day(day)}")
        day += dt.timedelta(days=1)
    return tuple(out)
