"""The rules a dossier event must satisfy: the transition table and the legal checks.

Each rule names its legal basis. In strict mode (the default) a broken rule raises
:class:`~onestop_core.errors.InvalidTransition` and nothing is applied; with
``RuleContext(strict=False)`` — for importing historical data — the deadline rules (late
acceptance, late supplement request, late extension) are recorded as warnings instead, while
the transition table itself is always enforced.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import attrs

from onestop_core._time import VN_TZ
from onestop_core.calendars import WorkCalendar, vietnam
from onestop_core.dossiers import events as ev
from onestop_core.dossiers.status import DossierStatus as S
from onestop_core.sla.policies import ExtensionNoticePolicy, SlaPolicies

if TYPE_CHECKING:
    from onestop_core.dossiers.model import Dossier

__all__ = ["TRANSITIONS", "RuleContext", "RuleViolation", "check_deadlines", "target_status"]

_ANY_OPEN = frozenset({S.ACCEPTED, S.PROCESSING})
#: event type -> (statuses it may follow; None = a new dossier), status after (None = same)
TRANSITIONS: dict[type[ev.DossierEvent], tuple[frozenset[S | None], S | None]] = {
    ev.Submitted: (frozenset({None}), S.SUBMITTED),
    ev.Accepted: (frozenset({None, S.SUBMITTED}), S.ACCEPTED),
    ev.Refused: (frozenset({None, S.SUBMITTED}), S.REFUSED),
    ev.Transferred: (_ANY_OPEN, S.PROCESSING),
    ev.SupplementRequested: (_ANY_OPEN, S.SUPPLEMENT_REQUESTED),
    ev.SupplementCompleted: (frozenset({S.SUPPLEMENT_REQUESTED}), S.PROCESSING),
    ev.FinancialObligationNotified: (_ANY_OPEN, S.AWAITING_PAYMENT),
    ev.FinancialObligationPaid: (frozenset({S.AWAITING_PAYMENT}), S.PROCESSING),
    ev.ExcludedIntervalStarted: (_ANY_OPEN, None),
    ev.ExcludedIntervalEnded: (_ANY_OPEN, None),
    ev.Suspended: (_ANY_OPEN | {S.AWAITING_PAYMENT}, S.SUSPENDED),
    ev.Resumed: (frozenset({S.SUSPENDED}), S.PROCESSING),
    ev.Extended: (_ANY_OPEN | {S.AWAITING_PAYMENT, S.SUSPENDED}, None),
    ev.Withdrawn: (
        frozenset(
            {
                S.SUBMITTED,
                S.ACCEPTED,
                S.PROCESSING,
                S.SUPPLEMENT_REQUESTED,
                S.AWAITING_PAYMENT,
                S.SUSPENDED,
            }
        ),
        S.WITHDRAWN,
    ),
    ev.Stopped: (
        _ANY_OPEN | {S.SUPPLEMENT_REQUESTED, S.AWAITING_PAYMENT, S.SUSPENDED},
        S.STOPPED,
    ),
    ev.ClosedIncomplete: (frozenset({S.SUPPLEMENT_REQUESTED}), S.CLOSED_INCOMPLETE),
    ev.Decided: (_ANY_OPEN, S.DECIDED),
    ev.Delivered: (frozenset({S.DECIDED}), S.DELIVERED),
}

#: Why an event is not allowed from a status, when a specific rule explains it.
_RULE_FOR = {
    ev.Withdrawn: "withdrawal is possible only before a decision or result notice exists "
    "(Decree 118/2025 Art. 21; Circular 03/2025 Art. 7)",
    ev.Delivered: "a result can be delivered only after the decision (status 9)",
    ev.Decided: "only an accepted dossier in processing can be decided",
    ev.ClosedIncomplete: "only a dossier waiting for a supplement can be closed "
    "(Decree 118/2025 Art. 19(5))",
}


@attrs.frozen(kw_only=True)
class RuleContext:
    """The calendar and policies the rules use, and whether deadline rules are strict.

    >>> RuleContext().strict
    True
    """

    calendar: WorkCalendar = attrs.field(factory=vietnam)
    policies: SlaPolicies | None = None
    strict: bool = True


@attrs.frozen
class RuleViolation:
    """A broken deadline rule: the event, the rule and its legal basis."""

    event: str
    rule: str


def target_status(event: ev.DossierEvent, status: S | None) -> tuple[S | None, str]:
    """The status after ``event``; or (None, rule) when the table forbids it."""
    allowed, after = TRANSITIONS[type(event)]
    if status not in allowed:
        rule = _RULE_FOR.get(type(event), "")
        if not rule:
            names = sorted(s.value if s else "new" for s in allowed)
            rule = f"'{event.kind}' is allowed only from status {', '.join(names)}"
        return None, rule
    return (after or status), ""


def _local_date(t: dt.datetime) -> dt.date:
    return t.astimezone(VN_TZ).date()


def check_deadlines(
    dossier: Dossier, event: ev.DossierEvent, ctx: RuleContext
) -> list[RuleViolation]:
    """The legal deadline rules ``event`` breaks (an empty list when it keeps them)."""
    regime = dossier.regime
    cal = ctx.calendar
    out: list[RuleViolation] = []
    if isinstance(event, ev.Accepted | ev.Refused) and dossier.submitted_at is not None:
        hours = regime.online_acceptance_working_hours if regime else None
        if hours:
            deadline = cal.add_working_time(dossier.submitted_at, dt.timedelta(hours=hours))
            if event.at > deadline:
                out.append(
                    RuleViolation(
                        event.kind,
                        (
                            f"an online dossier must be accepted or returned within {hours} "
                            f"working hours of system receipt, i.e. by {deadline:%Y-%m-%d %H:%M} "
                            "(Decree 118/2025 Art. 17(2))"
                        ),
                    )
                )
    if isinstance(event, ev.SupplementRequested):
        if event.agency in dossier.supplement_agencies:
            out.append(
                RuleViolation(
                    event.kind,
                    (
                        f"agency {event.agency!r} has already requested a supplement; a "
                        "supplement may be requested only once "
                        "(Decree 118/2025 Art. 11(2)(c), Art. 19(5))"
                    ),
                )
            )
        days = regime.supplement_request_within_working_days if regime else None
        if days and dossier.accepted_at is not None:
            last = cal.add_working_days(_local_date(dossier.accepted_at), days)
            if _local_date(event.at) > last:
                out.append(
                    RuleViolation(
                        event.kind,
                        (
                            f"a supplement must be requested within {days} working days of "
                            f"receipt, i.e. by {last} (Decree 118/2025 Art. 19(5))"
                        ),
                    )
                )
    if isinstance(event, ev.ClosedIncomplete):
        after = regime.close_incomplete_after_days if regime else None
        notice = dossier.supplement_requested_at
        if not after:
            out.append(
                RuleViolation(
                    event.kind,
                    (
                        f"regime {regime.id if regime else '?'} has no automatic closure of "
                        "incomplete dossiers"
                    ),
                )
            )
        elif notice is not None and _local_date(event.at) < _local_date(notice) + dt.timedelta(
            days=after
        ):
            out.append(
                RuleViolation(
                    event.kind,
                    (
                        f"a dossier may be closed only {after} days after the supplement "
                        f"notice, i.e. from {_local_date(notice) + dt.timedelta(days=after)} "
                        "(Decree 118/2025 Art. 19(5))"
                    ),
                )
            )
    if isinstance(event, ev.Extended):
        out.extend(_check_extension(dossier, event, ctx))
    return out


def _check_extension(dossier: Dossier, event: ev.Extended, ctx: RuleContext) -> list[RuleViolation]:
    out: list[RuleViolation] = []
    regime = dossier.regime
    limit = regime.extension_max if regime else None
    if limit is not None and dossier.extensions >= limit:
        out.append(
            RuleViolation(
                event.kind,
                (
                    "the return date may be extended no more than once (Decree 118/2025 "
                    "Art. 19(6); Decree 61/2018 Art. 19(9) as amended by Decree 107/2021)"
                ),
            )
        )
    state = dossier.sla(event.at, calendar=ctx.calendar, policies=ctx.policies)
    due = state.due_at
    if due is None:
        return out
    policy = (ctx.policies or dossier.default_policies()).extension_notice
    due_day = _local_date(due)
    if policy is ExtensionNoticePolicy.PREVIOUS_WORKING_DAY:
        latest = ctx.calendar.add_working_days(due_day, -1)
    else:
        latest = due_day - dt.timedelta(days=1)
    if _local_date(event.at) > latest:
        out.append(
            RuleViolation(
                event.kind,
                (
                    f"the apology and extension must be issued no later than 1 day before the due "
                    f"date {due_day}, i.e. by {latest} ({policy.value}; Decree 118/2025 Art. 19(6))"
                ),
            )
        )
    if event.new_due <= due:
        out.append(
            RuleViolation(
                event.kind,
                (
                    f"the new return time {event.new_due:%Y-%m-%d %H:%M} must be after the "
                    f"current due time {due:%Y-%m-%d %H:%M}"
                ),
            )
        )
    return out
