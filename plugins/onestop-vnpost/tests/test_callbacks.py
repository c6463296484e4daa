"""Callbacks over real sockets: simulator → our endpoint → inbox → dossier store.

The simulator signs each tracking event per Standard Webhooks and POSTs it to
:class:`~tests.helpers.CallbackEndpoint`, which runs :func:`onestop_vnpost.handle_callback`.
"""

from __future__ import annotations

from typing import Any

import attrs
import pytest
from onestop_core.adapters import CallbackInbox, CallbackRejected, ShipmentReceipt
from onestop_core.dossiers import (
    Delivered,
    DeliveryMethod,
    Dossier,
    DossierStatus,
    MemoryDossierStore,
)
from onestop_core.testing.simulators import CallbackReceiver, VnpostSimulator

from onestop_vnpost import VnpostAdapter, VnpostConfig

from .helpers import (
    NEW_SECRET,
    SECRET,
    CallbackEndpoint,
    collect_shipment,
    decided_dossier,
    result_shipment,
)


@pytest.fixture
def result(
    adapter: VnpostAdapter, store: MemoryDossierStore, endpoint: CallbackEndpoint
) -> ShipmentReceipt:
    """The result leg of a decided dossier, ordered from VNPost."""
    dossier = decided_dossier(store)
    assert dossier.code is not None
    return adapter.create_shipment(result_shipment(dossier.code), idempotency_key="kq-1")


def delivered_events(store: MemoryDossierStore) -> list[Delivered]:
    return [e for e in store.events("hs-1") if isinstance(e, Delivered)]


def test_a_delivered_result_moves_the_dossier_to_status_10(
    vnpost_sim: VnpostSimulator,
    store: MemoryDossierStore,
    endpoint: CallbackEndpoint,
    inbox: CallbackInbox,
    result: ShipmentReceipt,
) -> None:
    events = vnpost_sim.advance(result.item_code, "happy", steps=None)
    assert [e["status"] for e in events] == [2, 4, 6, 7, 10, 12, 14]
    assert endpoint.statuses() == [200] * 7
    dossier = store.load("hs-1")
    assert dossier.status is DossierStatus.DELIVERED
    assert dossier.status.national_code == 10
    (delivered,) = delivered_events(store)
    assert delivered.method is DeliveryMethod.POSTAL
    assert delivered.at == vnpost_sim.now()  # the carrier's delivery time
    assert dossier.delivered_at == delivered.at
    assert inbox.counts() == {"apply": 7, "duplicate": 0, "out_of_order": 0}


def test_duplicated_callbacks_change_the_dossier_once(
    vnpost_sim: VnpostSimulator,
    store: MemoryDossierStore,
    endpoint: CallbackEndpoint,
    inbox: CallbackInbox,
    result: ShipmentReceipt,
) -> None:
    vnpost_sim.add_fault("callback", {"duplicate": True, "times": 7})
    vnpost_sim.advance(result.item_code, "happy", steps=None)
    assert endpoint.statuses() == [200] * 14  # every duplicate is acknowledged
    assert len(delivered_events(store)) == 1
    assert store.load("hs-1").status is DossierStatus.DELIVERED
    assert inbox.counts()["duplicate"] == 7
    assert sum(len(report.applied) for r in endpoint.responses for report in r.reports) == 1


def test_a_late_older_event_is_recorded_but_not_applied(
    vnpost_sim: VnpostSimulator,
    store: MemoryDossierStore,
    endpoint: CallbackEndpoint,
    inbox: CallbackInbox,
    result: ShipmentReceipt,
) -> None:
    vnpost_sim.advance(result.item_code, "happy", steps=5)  # 2, 4, 6, 7, 10
    vnpost_sim.add_fault("callback", {"reorder": True})  # hold 12 back until 14 is sent
    vnpost_sim.advance(result.item_code, "happy", steps=None)  # 12, 14
    order = [r.reports[0].decisions[0][0].split(":")[2] for r in endpoint.responses]
    assert order[-2:] == ["14", "12"]
    assert endpoint.responses[-1].reports[0].decisions[0][1].value == "out_of_order"
    assert len(delivered_events(store)) == 1
    assert inbox.counts() == {"apply": 6, "duplicate": 0, "out_of_order": 1}


def test_a_held_delivery_released_later_still_applies(
    vnpost_sim: VnpostSimulator,
    store: MemoryDossierStore,
    endpoint: CallbackEndpoint,
    result: ShipmentReceipt,
) -> None:
    vnpost_sim.advance(result.item_code, "happy", steps=6)  # up to 12
    vnpost_sim.add_fault("callback", {"reorder": True})  # 14 is held back …
    vnpost_sim.advance(result.item_code, "happy", steps=1)
    assert store.load("hs-1").status is DossierStatus.DECIDED
    vnpost_sim.flush_callbacks()  # … and sent later
    assert store.load("hs-1").status is DossierStatus.DELIVERED


@pytest.mark.parametrize("tamper", ["signature", "timestamp", "body"])
def test_unverifiable_callbacks_are_refused_and_change_nothing(
    vnpost_sim: VnpostSimulator,
    store: MemoryDossierStore,
    endpoint: CallbackEndpoint,
    inbox: CallbackInbox,
    result: ShipmentReceipt,
    tamper: str,
) -> None:
    vnpost_sim.advance(result.item_code, "happy", steps=5)  # up to 10, in transit
    vnpost_sim.add_fault("callback", {"tamper": tamper})
    # 12 (out for delivery); a "body" tamper rewrites it to 14, a forged delivery.
    vnpost_sim.advance(result.item_code, "happy", steps=1)
    attempts = [a for a in vnpost_sim.callbacks.attempts if a.tamper]
    assert [a.status for a in attempts] == [401, 401, 401]  # the simulator tried 3 times
    reasons = {r.body["reason"] for r in endpoint.responses if r.status_code == 401}
    assert reasons == {"stale" if tamper == "timestamp" else "bad-signature"}
    assert store.load("hs-1").status is DossierStatus.DECIDED
    assert delivered_events(store) == []
    assert inbox.counts()["apply"] == 5  # the tampered event was never recorded


def test_a_failed_delivery_leaves_the_dossier_decided(
    vnpost_sim: VnpostSimulator,
    store: MemoryDossierStore,
    endpoint: CallbackEndpoint,
    inbox: CallbackInbox,
    result: ShipmentReceipt,
) -> None:
    events = vnpost_sim.advance(result.item_code, "failed_delivery_return", steps=None)
    assert [e["status"] for e in events][-5:] == [15, 16, 18, 24, 19]  # back to the agency
    assert endpoint.statuses() == [200] * len(events)
    assert store.load("hs-1").status is DossierStatus.DECIDED
    assert store.load("hs-1").status.national_code == 9
    assert inbox.counts()["apply"] == len(events)


def test_the_dossier_leg_does_not_touch_the_dossier(
    adapter: VnpostAdapter,
    vnpost_sim: VnpostSimulator,
    store: MemoryDossierStore,
    endpoint: CallbackEndpoint,
) -> None:
    dossier = decided_dossier(store)
    assert dossier.code is not None
    receipt = adapter.create_shipment(collect_shipment(dossier.code), idempotency_key="hs-1")
    assert receipt.order_number.endswith("-HS")
    vnpost_sim.advance(receipt.item_code, "happy", steps=None)
    assert store.load("hs-1").version == dossier.version


def test_callbacks_of_unknown_orders_are_recorded_and_acknowledged(
    vnpost_sim: VnpostSimulator, endpoint: CallbackEndpoint, inbox: CallbackInbox
) -> None:
    order = vnpost_sim.create_order_direct(sale_order_code="000.00.06.H56-261117-0999-KQ")
    vnpost_sim.advance(order.item_code, "happy", steps=2)
    assert endpoint.statuses() == [200, 200]
    assert inbox.counts()["apply"] == 2


def test_a_rotated_secret_is_still_accepted(
    config: VnpostConfig,
    vnpost_sim: VnpostSimulator,
    store: MemoryDossierStore,
    inbox: CallbackInbox,
) -> None:
    rotating = attrs.evolve(config, callback_secrets=[NEW_SECRET, SECRET])
    with (
        VnpostAdapter(rotating) as vnpost,
        CallbackEndpoint(vnpost, store, inbox) as server,
    ):
        vnpost_sim.register_callback(server.callback_url, SECRET)  # the relay still signs old
        dossier = decided_dossier(store)
        assert dossier.code is not None
        receipt = vnpost.create_shipment(result_shipment(dossier.code), idempotency_key="k-1")
        vnpost_sim.advance(receipt.item_code, "happy", steps=None)
        assert server.statuses() == [200] * 7
    assert store.load("hs-1").status is DossierStatus.DELIVERED


def test_a_crash_between_inbox_and_store_is_repaired_by_the_redelivery(
    vnpost_sim: VnpostSimulator,
    store: MemoryDossierStore,
    endpoint: CallbackEndpoint,
    inbox: CallbackInbox,
    result: ShipmentReceipt,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    vnpost_sim.advance(result.item_code, "happy", steps=6)
    real_append = store.append
    calls: list[str] = []

    def crash_once(dossier_id: str, events: Any, *, expected_version: int) -> Dossier:
        calls.append(dossier_id)
        if len(calls) == 1:  # the inbox has recorded the event; the dossier is not written
            raise RuntimeError("simulated crash")
        return real_append(dossier_id, events, expected_version=expected_version)

    monkeypatch.setattr(store, "append", crash_once)
    (delivered,) = vnpost_sim.advance(result.item_code, "happy", steps=1)  # 14
    attempts = [a.status for a in vnpost_sim.callbacks.attempts]
    assert attempts[-2:] == [500, 200]  # our endpoint failed once; the simulator resent it
    assert {a.event_id for a in vnpost_sim.callbacks.attempts[-2:]} == {delivered["event_id"]}
    assert inbox.counts()["duplicate"] == 1
    assert store.load("hs-1").status is DossierStatus.DELIVERED
    assert len(delivered_events(store)) == 1
    assert "simulated crash" in endpoint.errors[0]
    endpoint.errors.clear()  # the 500 was intended


@pytest.mark.parametrize(
    ("tamper", "reason"), [("signature", "bad-signature"), ("timestamp", "stale")]
)
def test_parse_callback_raises_before_reading_the_body(
    adapter: VnpostAdapter,
    vnpost_sim: VnpostSimulator,
    callback_receiver: CallbackReceiver,
    tamper: str,
    reason: str,
) -> None:
    vnpost_sim.register_callback(callback_receiver.callback_url, SECRET, max_attempts=1)
    order = vnpost_sim.create_order_direct(sale_order_code="000.00.06.H56-261117-0001-KQ")
    vnpost_sim.add_fault("callback", {"tamper": tamper})
    vnpost_sim.advance(order.item_code, "happy", steps=1)
    (request,) = callback_receiver.received()
    with pytest.raises(CallbackRejected) as rejected:
        adapter.parse_callback(request.headers, request.body, {})
    assert (rejected.value.reason, rejected.value.status_code) == (reason, 401)
    # The same rejection for a body that is not even JSON: nothing was parsed first.
    with pytest.raises(CallbackRejected):
        adapter.parse_callback(request.headers, b"\x00 not json", {})


def test_an_adapter_without_secrets_refuses_every_callback(
    config: VnpostConfig, vnpost_sim: VnpostSimulator, callback_receiver: CallbackReceiver
) -> None:
    vnpost_sim.register_callback(callback_receiver.callback_url, SECRET)
    order = vnpost_sim.create_order_direct(sale_order_code="000.00.06.H56-261117-0001-KQ")
    vnpost_sim.advance(order.item_code, "happy", steps=1)
    (request,) = callback_receiver.received()
    with (
        VnpostAdapter(attrs.evolve(config, callback_secrets=())) as unconfigured,
        pytest.raises(CallbackRejected) as rejected,
    ):
        unconfigured.parse_callback(request.headers, request.body, {})
    assert rejected.value.status_code == 503
