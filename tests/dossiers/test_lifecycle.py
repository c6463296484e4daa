"""The dossier lifecycle: transitions, legal rules (law.md §9.3, law_followup.md Q1) and E11/E20."""

from __future__ import annotations

import datetime as dt

import pytest

from onestop_core.dossiers import (
    Accepted,
    ClosedIncomplete,
    Decided,
    Delivered,
    Dossier,
    DossierHeader,
    DossierStatus,
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
from onestop_core.errors import InvalidTransition, OnestopError
from onestop_core.procedures import ProcessingTime
from onestop_core.procedures.enums import Channel
from onestop_core.sla import SlaStatus, Timeliness

from .conftest import make_header, t

A, B = "000.00.06.H56", "000.00.22.H56"


def accepted(header: DossierHeader, at: dt.datetime | None = None) -> Dossier:
    at = at or t(2026, 10, 5, 8)
    return Dossier.empty("hs-1").apply(Accepted(at=at, header=header, code=f"{A}-261005-0001"))


def test_happy_path_to_delivery(header: DossierHeader) -> None:
    d = accepted(header)
    d = d.apply(Transferred(at=t(2026, 10, 5, 9), from_agency=A, to_agency=B))
    d = d.apply(Decided(at=t(2026, 10, 15, 10)))
    d = d.apply(Delivered(at=t(2026, 10, 16, 9)))
    assert d.status is DossierStatus.DELIVERED
    assert d.version == 4
    assert d.code == f"{A}-261005-0001"
    assert d.regime is not None and d.regime.id == "ND118_309"
    state = d.sla(t(2026, 10, 20))
    assert state.status is SlaStatus.MET
    assert state.timeliness is Timeliness.EARLY
    assert Dossier.from_events("hs-1", d.events) == d


def test_statuses_have_national_codes() -> None:
    assert [s.national_code for s in DossierStatus][:10] == list(range(1, 11))
    assert DossierStatus.SUSPENDED.national_code is None


def test_first_event_needs_a_header() -> None:
    with pytest.raises(InvalidTransition, match="header"):
        Dossier.empty("x").apply(Accepted(at=t(2026, 10, 5, 8)))


def test_refused_is_final(header: DossierHeader) -> None:
    d = Dossier.empty("x").apply(Refused(at=t(2026, 10, 5, 8), header=header, reason="thiếu"))
    with pytest.raises(InvalidTransition, match="final") as info:
        d.apply(Accepted(at=t(2026, 10, 5, 9)))
    assert info.value.status == "3"
    assert info.value.event == "accepted"


def test_invalid_transition_names_status_event_and_rule(header: DossierHeader) -> None:
    d = accepted(header)
    with pytest.raises(InvalidTransition) as info:
        d.apply(Delivered(at=t(2026, 10, 6)))
    e = info.value
    assert isinstance(e, OnestopError) and isinstance(e, ValueError)
    assert (e.status, e.event) == ("2", "delivered")
    assert "status 9" in e.rule
    assert "Được tiếp nhận" in str(e)


def test_nothing_is_half_applied(header: DossierHeader) -> None:
    d = accepted(header)
    before = d
    with pytest.raises(InvalidTransition):
        d.apply(SupplementCompleted(at=t(2026, 10, 6)))
    assert d == before
    assert d.version == 1


def test_events_must_be_in_time_order(header: DossierHeader) -> None:
    d = accepted(header)
    with pytest.raises(InvalidTransition, match="time order"):
        d.apply(Transferred(at=t(2026, 10, 4), from_agency=A, to_agency=B))


# -- supplements (Decree 118/2025 Art. 19(5)) -------------------------------------------------
def test_supplement_once_per_agency(header: DossierHeader) -> None:
    d = accepted(header).apply(Transferred(at=t(2026, 10, 5, 9), from_agency=A, to_agency=B))
    d = d.apply(SupplementRequested(at=t(2026, 10, 6, 9), agency=B, reason="thiếu giấy tờ"))
    d = d.apply(SupplementCompleted(at=t(2026, 10, 7, 9)))
    with pytest.raises(InvalidTransition, match="only once"):
        d.apply(SupplementRequested(at=t(2026, 10, 8, 9), agency=B, reason="lần hai"))


def test_supplement_within_three_working_days(header: DossierHeader) -> None:
    d = accepted(header)  # Mon 5/10/2026; day 3 = Thu 8/10
    ok = d.apply(SupplementRequested(at=t(2026, 10, 8, 16), agency=A, reason="r"))
    assert ok.status is DossierStatus.SUPPLEMENT_REQUESTED
    with pytest.raises(InvalidTransition, match="within 3 working days"):
        d.apply(SupplementRequested(at=t(2026, 10, 9, 8), agency=A, reason="r"))
    lenient = d.apply(
        SupplementRequested(at=t(2026, 10, 9, 8), agency=A, reason="r"), RuleContext(strict=False)
    )
    assert lenient.warnings and "Art. 19(5)" in lenient.warnings[0]


def test_restart_after_supplement(header: DossierHeader) -> None:
    d = accepted(header).apply(SupplementRequested(at=t(2026, 10, 8, 10), agency=A, reason="r"))
    assert d.sla(t(2026, 10, 9)).status is SlaStatus.PAUSED
    d = d.apply(SupplementCompleted(at=t(2026, 10, 13, 9)))
    # 10 working days from Tue 13/10 09:00, default hours
    assert d.sla(t(2026, 10, 14)).due_at == t(2026, 10, 27, 9)


def test_closed_incomplete_after_15_days(header: DossierHeader) -> None:
    d = accepted(header).apply(SupplementRequested(at=t(2026, 10, 6, 9), agency=A, reason="r"))
    assert d.pending_closure(t(2026, 10, 20, 9)) is None
    with pytest.raises(InvalidTransition, match="15 days"):
        d.apply(ClosedIncomplete(at=t(2026, 10, 20, 9)))
    event = d.pending_closure(t(2026, 10, 21, 9))
    assert event is not None
    closed = d.apply(event)
    assert closed.status is DossierStatus.CLOSED_INCOMPLETE
    assert closed.sla(t(2026, 10, 22)).status is SlaStatus.STOPPED


def test_no_closed_incomplete_under_decree_61(header: DossierHeader) -> None:
    d = accepted(header, t(2024, 10, 7, 8)).apply(
        SupplementRequested(at=t(2024, 10, 8, 9), agency=A, reason="r")
    )
    with pytest.raises(InvalidTransition, match="does not exist under regime ND61_107"):
        d.apply(ClosedIncomplete(at=t(2024, 11, 8, 9)))


# -- extension (E11) ---------------------------------------------------------------------------
def test_e11_extension_must_come_a_day_before(header: DossierHeader) -> None:
    h = make_header(limit=ProcessingTime.working_days(5))
    d = accepted(h, t(2026, 10, 16, 17)).apply(
        Transferred(at=t(2026, 10, 19, 8), from_agency=A, to_agency=B)
    )
    # accepted Fri 16/10 17:00 → opening Mon 19/10 07:30 → due Mon 26/10 07:30 → Fri 23/10 17:00
    assert d.sla(t(2026, 10, 20)).due_at == t(2026, 10, 23, 17)
    late = Extended(at=t(2026, 10, 23, 9), new_due=t(2026, 10, 30, 17), reason="chờ xác minh")
    with pytest.raises(InvalidTransition, match="no later than 1 day before"):
        d.apply(late)
    ok = d.apply(Extended(at=t(2026, 10, 22, 9), new_due=t(2026, 10, 30, 17), reason="xác minh"))
    assert ok.sla(t(2026, 10, 26)).due_at == t(2026, 10, 30, 17)
    assert ok.sla(t(2026, 10, 26)).original_due_at == t(2026, 10, 23, 17)
    with pytest.raises(InvalidTransition, match="no more than once"):
        ok.apply(Extended(at=t(2026, 10, 26, 9), new_due=t(2026, 11, 6, 17), reason="again"))


# -- withdrawal (E20) --------------------------------------------------------------------------
def test_e20_withdrawal_before_and_after_decision(header: DossierHeader) -> None:
    d = accepted(header).apply(Transferred(at=t(2026, 10, 5, 9), from_agency=A, to_agency=B))
    w = d.apply(Withdrawn(at=t(2026, 10, 6, 9), reason="không còn nhu cầu"))
    assert w.status is DossierStatus.WITHDRAWN
    assert w.sla(t(2026, 10, 7)).status is SlaStatus.STOPPED
    assert w.sla(t(2026, 10, 7)).timeliness is None
    decided = d.apply(Decided(at=t(2026, 10, 6, 10)))
    with pytest.raises(InvalidTransition, match=r"Art\. 21"):
        decided.apply(Withdrawn(at=t(2026, 10, 6, 11)))


# -- online acceptance within 8 working hours (Art. 17(2)) -------------------------------------
def test_online_acceptance_within_8_working_hours() -> None:
    h = make_header(channel=Channel.ONLINE)
    d = Dossier.empty("o").apply(Submitted(at=t(2026, 10, 16, 16), header=h))
    # Fri 16:00 + 8 working hours (default hours 07:30–11:30, 13:00–17:00): 1 h on Friday,
    # 4 h on Monday morning, 3 h from 13:00 → Mon 19/10 16:00
    assert d.apply(Accepted(at=t(2026, 10, 19, 16))).status is DossierStatus.ACCEPTED
    with pytest.raises(InvalidTransition, match="8 working hours"):
        d.apply(Accepted(at=t(2026, 10, 19, 16, 1)))


# -- pauses ------------------------------------------------------------------------------------
def test_financial_obligation_and_suspension(header: DossierHeader) -> None:
    d = accepted(header)
    d = d.apply(FinancialObligationNotified(at=t(2026, 10, 6, 9), obligation="lệ phí"))
    assert d.status is DossierStatus.AWAITING_PAYMENT
    d = d.apply(FinancialObligationPaid(at=t(2026, 10, 7, 9)))
    d = d.apply(Suspended(at=t(2026, 10, 8, 9), authority="Tòa án"))
    assert d.sla(t(2026, 10, 9)).status is SlaStatus.PAUSED
    d = d.apply(Resumed(at=t(2026, 10, 12, 9)))
    # not a land procedure: the fee did not pause the clock; the suspension did (2 days)
    assert d.sla(t(2026, 10, 13)).due_at == t(2026, 10, 21, 8)
    stopped = d.apply(Stopped(at=t(2026, 10, 13, 9), reason="hủy"))
    assert stopped.status is DossierStatus.STOPPED


def test_boundary_free_clock_starts_at_competent_agency_under_decree_309() -> None:
    h = make_header(
        receiving=A, competent=B, boundary_free=True, limit=ProcessingTime.working_days(3)
    )
    d = Dossier.empty("b").apply(Accepted(at=t(2026, 10, 5, 8), header=h))
    assert d.sla(t(2026, 10, 5, 9)).status is SlaStatus.NOT_STARTED
    d = d.apply(Transferred(at=t(2026, 10, 6, 10), from_agency=A, to_agency=B))
    assert d.sla(t(2026, 10, 6, 11)).due_at == t(2026, 10, 9, 10)
    # before Decree 309 the same dossier's clock starts at acceptance
    old = Dossier.empty("b").apply(Accepted(at=t(2026, 7, 6, 8), header=h))
    assert old.sla(t(2026, 7, 6, 9)).due_at == t(2026, 7, 9, 8)


def test_repr_masks_personal_data(header: DossierHeader) -> None:
    text = repr(accepted(header))
    assert "001204012345" not in text
    assert "0912345678" not in text
    assert "Nguyễn Văn An" not in text
