"""What tracking does to a dossier: only a delivered result leg, only once, in any order."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from onestop_core.adapters import (
    CallbackDecision,
    CallbackInbox,
    PayloadValidationError,
    ShipmentLeg,
    TrackingEvent,
    TrackingState,
    myvnpost_state,
)
from onestop_core.dossiers import (
    Delivered,
    DeliveryMethod,
    Dossier,
    DossierStatus,
    MemoryDossierStore,
)
from onestop_core.errors import ConcurrencyError
from onestop_core.testing.simulators import SCENARIOS

from onestop_vnpost import TrackingReport, apply_tracking, dossier_event_for
from onestop_vnpost.dossier_events import dossier_code_of, leg_of

from .helpers import VN_TZ, decided_dossier

T0 = dt.datetime(2026, 11, 20, 8, 0, tzinfo=VN_TZ)


def event(
    status: int, hour: int, *, suffix: str = "-KQ", code: str = "000.00.06.H56-261117-0001"
) -> TrackingEvent:
    return TrackingEvent(
        carrier="vnpost",
        item_code="EB123456785VN",
        code_raw=str(status),
        normalized=myvnpost_state(status),
        occurred_at=T0 + dt.timedelta(hours=hour),
        order_number=code + suffix,
    )


def scenario(name: str) -> list[TrackingEvent]:
    return [event(status, hour) for hour, status in enumerate(SCENARIOS[name])]


@pytest.fixture
def decided(store: MemoryDossierStore) -> Dossier:
    return decided_dossier(store)


# -- dossier_event_for ---------------------------------------------------------------------
def test_only_a_delivered_result_leg_on_a_decided_dossier_gives_an_event(decided: Dossier) -> None:
    delivered = dossier_event_for(event(14, 7), decided)
    assert delivered == Delivered(at=T0 + dt.timedelta(hours=7), method=DeliveryMethod.POSTAL)
    assert dossier_event_for(event(14, 7, suffix="-HS"), decided) is None  # the dossier leg
    for status in set(range(30)) - {14}:
        assert dossier_event_for(event(status, 7), decided) is None, status


def test_nothing_for_a_dossier_not_decided_or_already_delivered(
    store: MemoryDossierStore, decided: Dossier
) -> None:
    change = dossier_event_for(event(14, 7), decided)
    assert change is not None
    after = store.append("hs-1", [change], expected_version=decided.version)
    assert after.status is DossierStatus.DELIVERED
    assert dossier_event_for(event(14, 8), after) is None
    accepted = Dossier.from_events("hs-2", decided.events[:1])
    assert accepted.status is DossierStatus.ACCEPTED
    assert dossier_event_for(event(14, 7), accepted) is None


def test_the_leg_may_be_given_when_the_order_number_is_unknown(decided: Dossier) -> None:
    anonymous = TrackingEvent(
        carrier="vnpost",
        item_code="EB123456785VN",
        code_raw="14",
        normalized=TrackingState.DELIVERED,
        occurred_at=T0,
    )
    assert dossier_event_for(anonymous, decided) is None
    assert isinstance(
        dossier_event_for(anonymous, decided, leg=ShipmentLeg.DELIVER_RESULT), Delivered
    )


def test_an_event_of_another_dossier_is_refused(decided: Dossier) -> None:
    with pytest.raises(PayloadValidationError, match="does not belong"):
        dossier_event_for(event(14, 7, code="000.00.06.H56-261117-0002"), decided)


def test_order_numbers() -> None:
    assert leg_of("X-KQ") is ShipmentLeg.DELIVER_RESULT
    assert leg_of("X-HS") is ShipmentLeg.COLLECT_DOSSIER
    assert leg_of("X-ZZ") is None and dossier_code_of("X-ZZ") is None
    assert dossier_code_of("000.00.06.H56-261117-0001-HS") == "000.00.06.H56-261117-0001"


# -- apply_tracking ------------------------------------------------------------------------
def test_the_happy_path_changes_the_dossier_once(
    store: MemoryDossierStore, decided: Dossier, inbox: CallbackInbox
) -> None:
    report = apply_tracking(store, "hs-1", scenario("happy"), inbox=inbox)
    assert isinstance(report, TrackingReport) and report.changed
    assert report.dossier.status is DossierStatus.DELIVERED
    assert [type(e) for e in report.applied] == [Delivered]
    assert {d for _, d in report.decisions} == {CallbackDecision.APPLY}
    again = apply_tracking(store, "hs-1", scenario("happy"), inbox=inbox)
    assert not again.changed
    assert {d for _, d in again.decisions} == {CallbackDecision.DUPLICATE}
    assert store.load("hs-1").version == decided.version + 1


def test_out_of_order_events_are_recorded_not_applied(
    store: MemoryDossierStore, decided: Dossier, inbox: CallbackInbox
) -> None:
    apply_tracking(store, "hs-1", [event(21, 9)], inbox=inbox)  # a later status arrived first
    report = apply_tracking(store, "hs-1", [event(14, 7)], inbox=inbox)
    assert report.decisions == ((event(14, 7).event_id, CallbackDecision.OUT_OF_ORDER),)
    assert not report.changed and store.load("hs-1").status is DossierStatus.DECIDED


@pytest.mark.parametrize("name", ["failed_delivery_return", "failed_pickup", "cancelled"])
def test_other_scenarios_leave_the_dossier_decided(
    store: MemoryDossierStore, decided: Dossier, name: str
) -> None:
    report = apply_tracking(store, "hs-1", scenario(name))
    assert not report.changed and report.dossier.status is DossierStatus.DECIDED


def test_without_an_inbox_the_status_still_prevents_a_second_change(
    store: MemoryDossierStore, decided: Dossier
) -> None:
    assert apply_tracking(store, "hs-1", [event(14, 7)]).changed
    assert not apply_tracking(store, "hs-1", [event(14, 7)]).changed


def test_a_concurrent_writer_is_retried(
    store: MemoryDossierStore, decided: Dossier, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_append = store.append
    conflicts = [ConcurrencyError("stale", dossier_id="hs-1", expected=2, actual=3)]

    def append(dossier_id: str, events: object, *, expected_version: int) -> Dossier:
        if conflicts:
            raise conflicts.pop()
        return real_append(dossier_id, events, expected_version=expected_version)  # type: ignore[arg-type]

    monkeypatch.setattr(store, "append", append)
    assert apply_tracking(store, "hs-1", [event(14, 7)]).dossier.status is DossierStatus.DELIVERED


@settings(max_examples=40, deadline=None)
@given(
    order=st.permutations(range(len(SCENARIOS["happy"]))),
    repeats=st.lists(st.integers(0, len(SCENARIOS["happy"]) - 1), max_size=6),
    batch=st.integers(1, 4),
)
def test_any_order_and_any_repeats_give_one_delivery(
    order: list[int], repeats: list[int], batch: int
) -> None:
    store = MemoryDossierStore()
    decided_dossier(store)
    events = scenario("happy")
    stream = [events[i] for i in order] + [events[i] for i in repeats]
    with CallbackInbox() as inbox:
        for start in range(0, len(stream), batch):
            apply_tracking(store, "hs-1", stream[start : start + batch], inbox=inbox)
        counts = inbox.counts()
    delivered = [e for e in store.events("hs-1") if isinstance(e, Delivered)]
    # 14 is the latest status of the happy path, so it is never out of order: it applies once.
    assert len(delivered) == 1
    assert delivered[0].at == events[-1].occurred_at
    assert counts["apply"] + counts["out_of_order"] == len(events)
    assert counts["duplicate"] == len(repeats)
