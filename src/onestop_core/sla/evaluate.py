"""The SLA clock as a pure function: ``evaluate(limit, events, calendar, policies, now)``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable

from onestop_core._time import VN_TZ, ensure_aware
from onestop_core.calendars import WorkCalendar, vietnam
from onestop_core.errors import InvalidDateError, InvalidDurationError
from onestop_core.procedures.time_limits import PauseReason, ProcessingTime
from onestop_core.sla.clock import ClockEvent, ClockEventKind, ClockSource
from onestop_core.sla.deadlines import due_with_reason, start_with_reason
from onestop_core.sla.policies import ClassificationGranularity, SlaPolicies, SupplementPolicy
from onestop_core.sla.state import Pause, SlaState, SlaStatus, Timeliness

__all__ = ["classify", "due_at", "evaluate"]

_ZERO = dt.timedelta(0)
_DEFAULT_POLICIES = SlaPolicies()


def _fmt(t: dt.datetime) -> str:
    return t.astimezone(VN_TZ).strftime("%a %Y-%m-%d %H:%M")


def classify(
    decided_at: dt.datetime,
    due: dt.datetime,
    granularity: ClassificationGranularity = ClassificationGranularity.DATE,
) -> Timeliness:
    """Early / on time / late of a decision against a due instant (``law.md`` §2.8).

    ``DATE`` compares local dates; ``DATETIME`` also makes a decision after the due instant
    on the due date late.

    >>> from onestop_core._time import VN_TZ
    >>> due = dt.datetime(2026, 10, 23, 17, tzinfo=VN_TZ)
    >>> classify(dt.datetime(2026, 10, 23, 17, 30, tzinfo=VN_TZ), due).value
    'on_time'
    >>> classify(dt.datetime(2026, 10, 23, 17, 30, tzinfo=VN_TZ), due,
    ...          ClassificationGranularity.DATETIME).value
    'late'
    """
    d = ensure_aware(decided_at, name="decided_at").astimezone(VN_TZ)
    u = ensure_aware(due, name="due").astimezone(VN_TZ)
    if granularity is ClassificationGranularity.DATETIME and d > u:
        return Timeliness.LATE
    if d.date() < u.date():
        return Timeliness.EARLY
    if d.date() == u.date():
        return Timeliness.ON_TIME
    return Timeliness.LATE


def _clock_events(events: Iterable[object]) -> list[ClockEvent]:
    out: list[ClockEvent] = []
    for e in events:
        if isinstance(e, ClockEvent):
            out.append(e)
        elif isinstance(e, ClockSource):
            ce = e.clock_event()
            if ce is not None:
                out.append(ce)
        else:
            raise InvalidDateError(
                f"events must be ClockEvents or have clock_event(), got {type(e).__name__}"
            )
    return sorted(out, key=lambda e: e.at)  # stable: same-instant events keep their order


class _Clock:
    """The mutable walk over the events; only ``evaluate`` sees it."""

    def __init__(self, limit: ProcessingTime, cal: WorkCalendar, policies: SlaPolicies) -> None:
        self.limit, self.cal, self.policies = limit, cal, policies
        self.started: dt.datetime | None = None
        self.due: dt.datetime | None = None
        self.original_due: dt.datetime | None = None
        self.extended_due: dt.datetime | None = None
        self.decided: dt.datetime | None = None
        self.stopped: dt.datetime | None = None
        self.paused_since: dt.datetime | None = None
        self.pause_reason: PauseReason | None = None
        self.waiting_since: dt.datetime | None = None  # supplement under RESTART / LEGACY_TH
        self.remaining_at_pause: dt.timedelta | None = None
        self.pauses: list[Pause] = []
        self.restarts = 0
        self.steps: list[Callable[[], str]] = []
        self.spans: list[tuple[dt.datetime, dt.datetime]] = []

    def note(self, step: Callable[[], str]) -> None:
        """Record an explanation step, rendered only if someone asks (explain())."""
        self.steps.append(step)

    def set_due(self, start: dt.datetime) -> None:
        due, why = due_with_reason(start, self.limit, self.cal, self.policies)
        self.due = due
        if self.original_due is None:
            self.original_due = due
        self.note(lambda: f"{why()} → due {_fmt(due)}")
        self.spans.append((start, due))

    def apply(self, e: ClockEvent) -> None:
        k = e.kind
        if self.decided is not None or self.stopped is not None:
            self.note(lambda: f"{_fmt(e.at)} {k.value} after the clock stopped: ignored")
            return
        if k is ClockEventKind.START:
            if self.started is not None:
                self.note(lambda: f"{_fmt(e.at)} {e.label or 'start'}: clock already running")
                return
            self.started, why = start_with_reason(e.at, self.cal)
            self.note(why)
            self.set_due(self.started)
            return
        if self.started is None:
            if k is ClockEventKind.STOP:
                self.stopped = e.at
                self.note(lambda: f"{_fmt(e.at)} {e.label or 'stopped'} before acceptance")
            else:
                self.note(lambda: f"{_fmt(e.at)} {k.value} before the clock started: ignored")
            return
        handler = getattr(self, f"on_{k.value}")
        handler(e)

    # -- supplement ---------------------------------------------------------------------
    def on_supplement_requested(self, e: ClockEvent) -> None:
        if self.waiting_since is not None or self.paused_since is not None:
            self.note(lambda: f"{_fmt(e.at)} supplement requested while paused: noted")
            return
        policy = self.policies.supplement
        if policy is SupplementPolicy.PAUSE:
            self.begin_pause(e.at, None, "supplement requested (PAUSE policy)")
        else:
            self.waiting_since = e.at
            self.note(
                lambda: (
                    f"{_fmt(e.at)} supplement requested → clock stopped until the dossier is "
                    f"complete ({policy.value})"
                )
            )

    def on_supplement_completed(self, e: ClockEvent) -> None:
        policy = self.policies.supplement
        if policy is SupplementPolicy.PAUSE:
            if self.paused_since is not None and self.pause_reason is None:
                self.end_pause(e.at, "supplement completed")
            return
        if self.waiting_since is None:
            self.note(lambda: f"{_fmt(e.at)} supplement completed without a request: noted")
            return
        self.pauses.append(
            Pause(
                reason=None,
                started_at=self.waiting_since,
                ended_at=e.at,
                label="waiting for the supplement",
            )
        )
        requested, self.waiting_since = self.waiting_since, None
        if policy is SupplementPolicy.RESTART:
            self.restarts += 1
            self.started, why = start_with_reason(e.at, self.cal)
            self.note(
                lambda: (
                    "supplement completed: the time limit restarts "
                    f"(Decree 118/2025 Art. 19(5)); {why()}"
                )
            )
            self.extended_due = None
            self.set_due(self.started)
            return
        # LEGACY_TH: old due + (elapsed calendar days - 1), then + 1 working day, at opening
        assert self.due is not None
        old = self.due.astimezone(VN_TZ).date()
        elapsed = (e.at.astimezone(VN_TZ).date() - requested.astimezone(VN_TZ).date()).days
        shifted = old + dt.timedelta(days=max(elapsed - 1, 0))
        day = self.cal.add_working_days(shifted, 1)
        opening = self.cal.opening(day)
        assert opening is not None
        self.due = opening
        self.note(
            lambda: (
                f"supplement completed (LEGACY_TH): {old} + {max(elapsed - 1, 0)} "
                f"days + 1 working day → due {_fmt(opening)}"
            )
        )

    # -- excluded intervals -------------------------------------------------------------
    def on_pause(self, e: ClockEvent) -> None:
        reason = e.reason
        assert reason is not None
        if reason is not PauseReason.SUSPENSION and reason not in self.limit.excluded:
            self.note(
                lambda: (
                    f"{_fmt(e.at)} {reason.value}: not excluded for this "
                    f"procedure → the clock keeps running"
                )
            )
            return
        if self.paused_since is not None or self.waiting_since is not None:
            self.note(lambda: f"{_fmt(e.at)} {reason.value} while already paused: noted")
            return
        if self.due is not None and e.at >= self.due:
            self.note(
                lambda: (
                    f"{_fmt(e.at)} {reason.value} after the due instant: the "
                    "deadline has passed and does not move"
                )
            )
            return
        self.begin_pause(e.at, reason, e.label or reason.value)

    def on_resume(self, e: ClockEvent) -> None:
        if self.paused_since is None or self.pause_reason is not e.reason:
            self.note(lambda: f"{_fmt(e.at)} resume ({e.reason}) with no matching pause: noted")
            return
        self.end_pause(e.at, e.label or f"{e.reason.value if e.reason else ''} ended")

    def begin_pause(self, at: dt.datetime, reason: PauseReason | None, label: str) -> None:
        assert self.due is not None
        self.paused_since, self.pause_reason = at, reason
        left = self.remaining_at_pause = self.cal.working_time_between(at, self.due)
        self.note(lambda: f"{_fmt(at)} {label} → clock paused with {left} of office time left")

    def end_pause(self, at: dt.datetime, label: str) -> None:
        assert self.paused_since is not None
        assert self.remaining_at_pause is not None
        self.pauses.append(
            Pause(reason=self.pause_reason, started_at=self.paused_since, ended_at=at, label=label)
        )
        remaining = max(self.remaining_at_pause, _ZERO)
        due = self.cal.add_working_time(at, remaining)  # zero: the next opening
        self.spans.append((at, due))
        self.due = due
        if self.extended_due is not None:
            self.extended_due = due
        self.paused_since, self.pause_reason, self.remaining_at_pause = None, None, None
        self.note(
            lambda: f"{_fmt(at)} {label} → clock resumes with {remaining} left, due {_fmt(due)}"
        )

    # -- extension, decision, stop --------------------------------------------------------
    def on_extend(self, e: ClockEvent) -> None:
        new_due = e.new_due
        assert new_due is not None
        self.extended_due = new_due
        if self.policies.judge_against_extended_due:
            self.due = new_due
        self.note(lambda: f"{_fmt(e.at)} extension (Phiếu đề nghị gia hạn) → due {_fmt(new_due)}")

    def on_decide(self, e: ClockEvent) -> None:
        if self.waiting_since is not None or self.paused_since is not None:
            self.close_open_pause(e.at)
        self.decided = e.at
        self.note(lambda: f"{_fmt(e.at)} {e.label or 'decided'}: clock stops")

    def on_stop(self, e: ClockEvent) -> None:
        self.close_open_pause(e.at)
        self.stopped = e.at
        self.note(lambda: f"{_fmt(e.at)} {e.label or 'stopped'}: no verdict (excluded)")

    def close_open_pause(self, at: dt.datetime) -> None:
        since = self.paused_since or self.waiting_since
        if since is not None:
            self.pauses.append(
                Pause(reason=self.pause_reason, started_at=since, ended_at=at, label="closed")
            )
            self.paused_since = self.waiting_since = None


def evaluate(
    limit: ProcessingTime,
    events: Iterable[object],
    *,
    calendar: WorkCalendar | None = None,
    policies: SlaPolicies | None = None,
    now: dt.datetime,
) -> SlaState:
    """The clock of a dossier at ``now``: a pure function of its inputs.

    ``events`` are :class:`ClockEvent` values or objects with ``clock_event()`` (such as
    dossier events); events after ``now`` are ignored.

    >>> from onestop_core._time import VN_TZ
    >>> t = dt.datetime(2026, 10, 12, 18, 30, tzinfo=VN_TZ)   # after close
    >>> s = evaluate(ProcessingTime.working_days(2), [ClockEvent.start(t)],
    ...              calendar=vietnam(), now=t)
    >>> s.status.value, s.due_at.isoformat()
    ('running', '2026-10-14T17:00:00+07:00')
    """
    if not isinstance(limit, ProcessingTime):
        raise InvalidDurationError(f"limit must be a ProcessingTime, got {type(limit).__name__}")
    now = ensure_aware(now, name="now")
    cal = calendar or vietnam()
    pol = policies or _DEFAULT_POLICIES
    clock = _Clock(limit, cal, pol)
    for e in _clock_events(events):
        if e.at > now:
            break
        clock.apply(e)
    return _state(clock, now)


def _state(c: _Clock, now: dt.datetime) -> SlaState:
    cal = c.cal
    timeliness: Timeliness | None = None
    remaining: dt.timedelta | None = None
    elapsed = _ZERO
    end = c.decided or c.stopped or now
    if c.started is None:
        status = SlaStatus.STOPPED if c.stopped else SlaStatus.NOT_STARTED
    elif c.stopped is not None:
        status = SlaStatus.STOPPED
    elif c.decided is not None:
        assert c.due is not None
        timeliness = classify(c.decided, c.due, c.policies.granularity)
        status = SlaStatus.BREACHED if timeliness is Timeliness.LATE else SlaStatus.MET
        remaining = cal.working_time_between(c.decided, c.due)
        verdict, gran = timeliness, c.policies.granularity
        c.note(lambda: f"verdict: {verdict.label_vi} ({verdict.value}) by {gran.value}")
    elif c.waiting_since is not None or c.paused_since is not None:
        status = SlaStatus.PAUSED
        remaining = c.remaining_at_pause
        end = c.paused_since or c.waiting_since or now
    else:
        assert c.due is not None
        status = SlaStatus.BREACHED if now > c.due else SlaStatus.RUNNING
        remaining = cal.working_time_between(now, c.due)
    if c.started is not None:
        elapsed = max(cal.working_time_between(c.started, end), _ZERO)
        for p in c.pauses:
            if p.ended_at is not None and p.started_at >= c.started:
                elapsed -= cal.working_time_between(p.started_at, min(p.ended_at, end))
        elapsed = max(elapsed, _ZERO)
    open_pause = c.paused_since or c.waiting_since
    pauses = list(c.pauses)
    if open_pause is not None:
        pauses.append(
            Pause(reason=c.pause_reason, started_at=open_pause, ended_at=None, label="ongoing")
        )
    due = None if c.waiting_since is not None else c.due
    return SlaState(
        status=status,
        limit=c.limit,
        now=now,
        started_at=c.started,
        due_at=due,
        original_due_at=c.original_due,
        decided_at=c.decided,
        elapsed=elapsed,
        remaining=remaining,
        timeliness=timeliness,
        pauses=tuple(pauses),
        restarts=c.restarts,
        extended=c.extended_due is not None,
        calendar_id=cal.id,
        policies=c.policies,
        step_fns=tuple(c.steps),
        spans=tuple(c.spans),
        calendar=cal,
    )


def due_at(
    received_at: dt.datetime,
    *,
    working_days: int | None = None,
    working_hours: float | None = None,
    calendar: WorkCalendar | None = None,
    policies: SlaPolicies | None = None,
) -> dt.datetime:
    """The due instant of a dossier accepted at ``received_at`` (aware), in Asia/Ho_Chi_Minh.

    Exactly one of ``working_days`` and ``working_hours``; the national calendar, default
    office hours and default policies apply unless given.

    >>> from onestop_core._time import VN_TZ
    >>> due_at(dt.datetime(2026, 11, 20, 10, tzinfo=VN_TZ), working_days=3).isoformat()
    '2026-11-26T10:00:00+07:00'
    """
    if (working_days is None) == (working_hours is None):
        raise InvalidDurationError("give exactly one of working_days and working_hours")
    if working_days is not None:
        if isinstance(working_days, bool) or not isinstance(working_days, int) or working_days < 0:
            raise InvalidDurationError(
                f"working_days must be a non-negative integer, got {working_days!r}"
            )
        limit = ProcessingTime.working_days(working_days)
    else:
        if isinstance(working_hours, bool) or not isinstance(working_hours, int | float):
            raise InvalidDurationError(f"working_hours must be a number, got {working_hours!r}")
        limit = ProcessingTime.working_hours(working_hours)  # type: ignore[arg-type]
    received = ensure_aware(received_at, name="received_at")
    state = evaluate(
        limit, [ClockEvent.start(received)], calendar=calendar, policies=policies, now=received
    )
    assert state.due_at is not None
    return state.due_at.astimezone(VN_TZ)
