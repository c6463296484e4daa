"""``Dossier``: an immutable value rebuilt from its event log (hồ sơ).

>>> import datetime as dt
>>> from onestop_core._time import VN_TZ
>>> from onestop_core.procedures import ProcessingTime
>>> from onestop_core.procedures.enums import Channel
>>> header = DossierHeader(procedure_code="1.004873", procedure_name="Xác nhận tình trạng hôn nhân",
...     limit=ProcessingTime.working_days(3), channel=Channel.IN_PERSON,
...     applicant=Applicant(name="Nguyễn Văn An", id_number="001204012345"),
...     receiving_agency="000.00.06.H56", competent_agency="000.00.06.H56")
>>> d = Dossier.empty("hs-1").apply(
...     Accepted(at=dt.datetime(2026, 11, 20, 10, tzinfo=VN_TZ), header=header))
>>> d.status.name, d.sla(dt.datetime(2026, 11, 23, 9, tzinfo=VN_TZ)).due_at.isoformat()
('ACCEPTED', '2026-11-26T10:00:00+07:00')
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

import attrs

from onestop_core.calendars import WorkCalendar
from onestop_core.dossiers import events as ev
from onestop_core.dossiers.applicant import Applicant
from onestop_core.dossiers.events import Accepted, DossierEvent, DossierHeader
from onestop_core.dossiers.rules import RuleContext, check_deadlines, target_status
from onestop_core.dossiers.status import DossierStatus
from onestop_core.errors import InvalidTransition
from onestop_core.regimes import LegalRegime, regime_for
from onestop_core.sla import SlaPolicies, SlaState, SupplementPolicy, evaluate
from onestop_core.sla.clock import ClockEvent, ClockEventKind

__all__ = ["Applicant", "Dossier", "DossierHeader"]

_DEFAULT_CONTEXT: RuleContext | None = None


def _default_context() -> RuleContext:
    global _DEFAULT_CONTEXT
    if _DEFAULT_CONTEXT is None:
        _DEFAULT_CONTEXT = RuleContext()
    return _DEFAULT_CONTEXT


@attrs.frozen(kw_only=True)
class Dossier:
    """A citizen's dossier (hồ sơ): its header, status and event log.

    Change it only with :meth:`apply`, which returns a new dossier or raises
    :class:`~onestop_core.errors.InvalidTransition` naming the status, the event and the rule;
    nothing is half-applied. :meth:`from_events` rebuilds any dossier from its log.
    """

    id: str
    header: DossierHeader | None = None
    code: str | None = None
    regime: LegalRegime | None = None
    status: DossierStatus | None = None
    events: tuple[DossierEvent, ...] = ()
    submitted_at: dt.datetime | None = None
    accepted_at: dt.datetime | None = None
    decided_at: dt.datetime | None = None
    delivered_at: dt.datetime | None = None
    current_agency: str | None = None
    supplement_agencies: tuple[str, ...] = ()
    supplement_requested_at: dt.datetime | None = None
    extensions: int = 0
    warnings: tuple[str, ...] = ()

    @classmethod
    def empty(cls, dossier_id: str) -> Dossier:
        """A dossier with no events yet (its first event must carry the header)."""
        if not isinstance(dossier_id, str) or not dossier_id.strip():
            raise InvalidTransition("a dossier id must be a non-empty string", rule="identity")
        return cls(id=dossier_id)

    @classmethod
    def from_events(
        cls, dossier_id: str, events: Iterable[DossierEvent], context: RuleContext | None = None
    ) -> Dossier:
        """Rebuild a dossier by applying ``events`` in order (the same rules apply)."""
        d = cls.empty(dossier_id)
        for e in events:
            d = d.apply(e, context)
        return d

    @property
    def version(self) -> int:
        """The number of events applied (the optimistic-concurrency version)."""
        return len(self.events)

    def apply(self, event: DossierEvent, context: RuleContext | None = None) -> Dossier:
        """The dossier after ``event``; raises InvalidTransition and changes nothing if refused."""
        ctx = context or _default_context()
        if not isinstance(event, DossierEvent) or type(event) is DossierEvent:
            raise InvalidTransition(
                f"expected a DossierEvent subclass, got {type(event).__name__}", rule="type"
            )
        status_name = self.status.value if self.status else "new"
        label = f"dossier {self.code or self.id}"

        def refuse(rule: str) -> InvalidTransition:
            return InvalidTransition(
                f"cannot apply '{event.kind}' to {label} in status {status_name}"
                f"{f' ({self.status.name_vi})' if self.status else ''}: {rule}",
                status=status_name,
                event=event.kind,
                rule=rule,
            )

        if self.status is not None and self.status.terminal:
            raise refuse(f"status {self.status.name_vi} is final")
        after, rule = target_status(event, self.status)
        if after is None:
            raise refuse(rule)
        if self.events and event.at < self.events[-1].at:
            raise refuse(
                f"events must be in time order; the last one is at {self.events[-1].at.isoformat()}"
            )
        header = self.header
        new_header = getattr(event, "header", None)
        if header is None:
            if new_header is None:
                raise refuse("the first event must carry the dossier header")
            header = new_header
        elif new_header is not None and new_header != header:
            raise refuse("the dossier header is fixed by the first event")
        regime = self.regime or regime_for(event.at)
        if after.value not in regime.statuses:
            raise refuse(f"status {after.value} does not exist under regime {regime.id}")
        staged = attrs.evolve(self, header=header, regime=regime)
        violations = check_deadlines(staged, event, ctx)
        warnings = self.warnings
        if violations:
            if ctx.strict:
                raise refuse("; ".join(v.rule for v in violations))
            warnings = warnings + tuple(f"{v.event}: {v.rule}" for v in violations)
        return attrs.evolve(
            staged,
            status=after,
            events=(*self.events, event),
            warnings=warnings,
            **_updates(staged, event),
        )

    # -- the clock --------------------------------------------------------------------------
    def default_policies(self) -> SlaPolicies:
        """The SLA policies of the dossier's regime (supplement policy etc.)."""
        if self.regime is None:
            return SlaPolicies()
        return SlaPolicies(supplement=SupplementPolicy(self.regime.supplement_policy))

    def clock_events(self) -> tuple[ClockEvent, ...]:
        """The events as the clock sees them.

        Under Decree 309/2026, a dossier received regardless of administrative boundary starts
        its clock when the competent agency receives it (the first transfer to it), not at the
        receiving desk.
        """
        out: list[ClockEvent] = []
        from_competent = bool(
            self.header
            and self.header.boundary_free
            and self.regime
            and self.regime.boundary_free_clock_from_competent_agency
            and self.header.receiving_agency != self.header.competent_agency
        )
        for e in self.events:
            if from_competent and isinstance(e, Accepted):
                continue
            if (
                from_competent
                and isinstance(e, ev.Transferred)
                and self.header
                and e.to_agency == self.header.competent_agency
            ):
                out.append(
                    ClockEvent(
                        kind=ClockEventKind.START,
                        at=e.at,
                        label="received by the competent agency (Decree 309/2026)",
                    )
                )
                continue
            ce = e.clock_event()
            if ce is not None:
                out.append(ce)
        return tuple(out)

    def sla(
        self,
        now: dt.datetime,
        *,
        calendar: WorkCalendar | None = None,
        policies: SlaPolicies | None = None,
    ) -> SlaState:
        """The SLA state at ``now`` (a pure function of the log, the calendar and policies)."""
        if self.header is None:
            raise InvalidTransition(f"dossier {self.id} has no events yet", rule="empty")
        return evaluate(
            self.header.limit,
            self.clock_events(),
            calendar=calendar or _default_context().calendar,
            policies=policies or self.default_policies(),
            now=now,
        )

    def pending_closure(self, now: dt.datetime) -> ev.ClosedIncomplete | None:
        """The ClosedIncomplete event due at ``now`` (supplement notice + 15 days), if any."""
        after = self.regime.close_incomplete_after_days if self.regime else None
        if (
            self.status is not DossierStatus.SUPPLEMENT_REQUESTED
            or not after
            or self.supplement_requested_at is None
        ):
            return None
        if now.date() - self.supplement_requested_at.date() < dt.timedelta(days=after):
            return None
        return ev.ClosedIncomplete(
            at=now, actor="system", note=f"no supplement {after} days after the notice"
        )


def _updates(d: Dossier, e: DossierEvent) -> dict[str, Any]:
    """The header-derived fields an event sets."""
    out: dict[str, Any] = {}
    if isinstance(e, ev.Submitted):
        out["submitted_at"] = e.at
    if isinstance(e, Accepted):
        out["accepted_at"] = e.at
        if e.code:
            out["code"] = e.code
        if d.header:
            out["current_agency"] = d.header.receiving_agency
    if isinstance(e, ev.Transferred):
        out["current_agency"] = e.to_agency
    if isinstance(e, ev.SupplementRequested):
        out["supplement_agencies"] = (*d.supplement_agencies, e.agency)
        out["supplement_requested_at"] = e.at
    if isinstance(e, ev.Extended):
        out["extensions"] = d.extensions + 1
    if isinstance(e, ev.Decided):
        out["decided_at"] = e.at
    if isinstance(e, ev.Delivered):
        out["delivered_at"] = e.at
    return out
