"""The result of evaluating the clock: :class:`SlaState`, with its explanation."""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Callable

import attrs

from onestop_core.calendars import WorkCalendar
from onestop_core.procedures.time_limits import PauseReason, ProcessingTime
from onestop_core.sla.deadlines import skipped_days
from onestop_core.sla.policies import SlaPolicies

__all__ = ["Pause", "SlaState", "SlaStatus", "Timeliness"]


class SlaStatus(enum.Enum):
    """Where the clock stands at ``now``.

    ``RUNNING``, ``PAUSED`` (an excluded interval, or waiting for a supplement), ``MET``
    (decided early or on time), ``BREACHED`` (decided late, or running past the due instant),
    plus ``NOT_STARTED`` (not accepted yet) and ``STOPPED`` (withdrawn, stopped, refused or
    closed incomplete: no verdict, excluded from timeliness statistics).
    """

    NOT_STARTED = "not_started"
    RUNNING = "running"
    PAUSED = "paused"
    MET = "met"
    BREACHED = "breached"
    STOPPED = "stopped"


class Timeliness(enum.Enum):
    """Kết quả giải quyết so với hạn: trước hạn / đúng hạn / quá hạn."""

    EARLY = "early"
    ON_TIME = "on_time"
    LATE = "late"

    @property
    def label_vi(self) -> str:
        """The Vietnamese label used on the Phiếu kiểm soát."""
        return {"early": "Trước hạn", "on_time": "Đúng hạn", "late": "Quá hạn"}[self.value]


@attrs.frozen(kw_only=True)
class Pause:
    """An interval during which the clock did not run, and why."""

    reason: PauseReason | None  # None: waiting for a supplement under RESTART/LEGACY_TH
    started_at: dt.datetime
    ended_at: dt.datetime | None
    label: str = ""


@attrs.frozen(kw_only=True)
class SlaState:
    """The state of a dossier's clock at ``now`` — a pure function's result.

    ``due_at`` is the current due instant (None while not started or waiting for a
    supplement); ``original_due_at`` the first one computed; ``elapsed`` and ``remaining``
    are office time in the current cycle (``remaining`` is negative once overdue and frozen
    while paused); ``timeliness`` is set once decided.
    """

    status: SlaStatus
    limit: ProcessingTime
    now: dt.datetime
    started_at: dt.datetime | None
    due_at: dt.datetime | None
    original_due_at: dt.datetime | None
    decided_at: dt.datetime | None
    elapsed: dt.timedelta
    remaining: dt.timedelta | None
    timeliness: Timeliness | None
    pauses: tuple[Pause, ...]
    restarts: int
    extended: bool
    calendar_id: str
    policies: SlaPolicies
    step_fns: tuple[Callable[[], str], ...] = attrs.field(default=(), repr=False, eq=False)
    spans: tuple[tuple[dt.datetime, dt.datetime], ...] = attrs.field(default=(), repr=False)
    calendar: WorkCalendar | None = attrs.field(default=None, repr=False, eq=False)

    @property
    def steps(self) -> tuple[str, ...]:
        """The rules applied, in order, in words (rendered on demand)."""
        return tuple(f() for f in self.step_fns)

    @property
    def skipped(self) -> tuple[str, ...]:
        """The days off between each start and its due instant, with their names."""
        if self.calendar is None:
            return ()
        out: dict[str, None] = {}
        for a, b in self.spans:
            out.update(dict.fromkeys(skipped_days(self.calendar, a, b)))
        return tuple(out)

    @property
    def overdue(self) -> bool:
        """True when the clock runs past its due instant (quá hạn), or was decided late."""
        if self.timeliness is not None:
            return self.timeliness is Timeliness.LATE
        return self.status is SlaStatus.BREACHED

    def explain(self) -> tuple[str, ...]:
        """Every rule applied, the days skipped (with their names) and the policies in force.

        >>> import datetime as dt
        >>> from onestop_core.sla import due_at, evaluate, ClockEvent
        >>> from onestop_core.procedures import ProcessingTime
        >>> from onestop_core.calendars import vietnam
        >>> from onestop_core._time import VN_TZ
        >>> t = dt.datetime(2026, 11, 20, 10, tzinfo=VN_TZ)
        >>> s = evaluate(ProcessingTime.working_days(3), [ClockEvent.start(t)],
        ...              calendar=vietnam(), now=t)
        >>> any("Vietnam Culture Day" in line for line in s.explain())
        True
        """
        lines = [f"calendar: {self.calendar_id}", f"limit: {self.limit}"]
        lines.extend(self.steps)
        skipped = self.skipped
        if skipped:
            lines.append("days skipped:")
            lines.extend(f"  {s}" for s in skipped)
        lines.extend(f"policy {p}" for p in self.policies.describe())
        return tuple(lines)
