"""Property tests: any event sequence applies or is refused whole; a log rebuilds its dossier."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from hypothesis import given
from hypothesis import strategies as st

from onestop_core.dossiers import (
    Accepted,
    ClosedIncomplete,
    Decided,
    Delivered,
    Dossier,
    DossierEvent,
    Extended,
    FinancialObligationNotified,
    FinancialObligationPaid,
    Refused,
    Resumed,
    RuleContext,
    Stopped,
    Submitted,
    SupplementCompleted,
    SupplementRequested,
    Suspended,
    Transferred,
    Withdrawn,
)
from onestop_core.errors import InvalidTransition
from onestop_core.procedures import ProcessingTime
from onestop_core.procedures.enums import Channel
from onestop_core.sla import SlaStatus

from .conftest import make_header, t

A, B = "000.00.06.H56", "000.00.22.H56"
HEADER = make_header(limit=ProcessingTime.working_days(5))
ONLINE = make_header(limit=ProcessingTime.working_days(5), channel=Channel.ONLINE)

Maker = Callable[[dt.datetime], DossierEvent]
MAKERS: list[Maker] = [
    lambda at: Submitted(at=at, header=ONLINE),
    lambda at: Accepted(at=at, header=HEADER),
    lambda at: Accepted(at=at),
    lambda at: Refused(at=at, header=HEADER, reason="r"),
    lambda at: Transferred(at=at, from_agency=A, to_agency=B),
    lambda at: SupplementRequested(at=at, agency=B, reason="r"),
    lambda at: SupplementRequested(at=at, agency=A, reason="r"),
    lambda at: SupplementCompleted(at=at),
    lambda at: FinancialObligationNotified(at=at),
    lambda at: FinancialObligationPaid(at=at),
    lambda at: Suspended(at=at),
    lambda at: Resumed(at=at),
    lambda at: Extended(at=at, new_due=at + dt.timedelta(days=30), reason="r"),
    lambda at: Withdrawn(at=at),
    lambda at: Stopped(at=at, reason="r"),
    lambda at: ClosedIncomplete(at=at),
    lambda at: Decided(at=at),
    lambda at: Delivered(at=at),
]

steps = st.lists(
    st.tuples(st.integers(0, len(MAKERS) - 1), st.integers(0, 3 * 24 * 60)),
    min_size=1,
    max_size=12,
)


@given(steps, st.booleans())
def test_any_sequence_applies_or_is_refused_whole(
    plan: list[tuple[int, int]], strict: bool
) -> None:
    ctx = RuleContext(strict=strict)
    d = Dossier.empty("p")
    at = t(2026, 10, 5, 8)
    for maker, gap in plan:
        at = at + dt.timedelta(minutes=gap)
        event = MAKERS[maker](at)
        before = d
        try:
            d = d.apply(event, ctx)
        except InvalidTransition as exc:
            assert d == before  # nothing half-applied
            assert exc.event == event.kind  # noqa: PT017 - a property over many events
            assert exc.rule  # noqa: PT017
            continue
        assert d.version == before.version + 1
        assert d.events[-1] is event
    assert Dossier.from_events("p", d.events, ctx) == d
    if d.header is not None:
        state = d.sla(at + dt.timedelta(days=1))
        assert isinstance(state.status, SlaStatus)
        if d.status is not None and d.status.terminal and state.status is not SlaStatus.STOPPED:
            assert state.status in (SlaStatus.MET, SlaStatus.BREACHED)


@given(st.integers(0, 60), st.integers(0, 60), st.integers(0, 2000), st.integers(0, 24 * 60))
def test_due_dates_are_monotone_in_the_limit(n1: int, n2: int, day: int, minute: int) -> None:
    start = t(2024, 1, 1) + dt.timedelta(days=day, minutes=minute)
    lo, hi = sorted((n1, n2))

    def due(n: int) -> dt.datetime:
        d = Dossier.empty("m").apply(
            Accepted(at=start, header=make_header(limit=ProcessingTime.working_days(n)))
        )
        result = d.sla(start).due_at
        assert result is not None
        return result

    assert due(lo) <= due(hi)
