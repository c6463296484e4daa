"""Tracking callbacks: Standard Webhooks signatures (checked here with hmac), retries, faults."""

from __future__ import annotations

import json
import time
from typing import Any

import httpx
import pytest

from onestop_core.testing.simulators import (
    CallbackReceiver,
    FaultSpecError,
    LoggedRequest,
    VnpostSimulator,
)

from .helpers import SECRET, verify_standard_webhook, vnpost_token


def events(received: list[LoggedRequest]) -> list[dict[str, Any]]:
    return [json.loads(r.body) for r in received]


@pytest.fixture
def item(vnpost_sim: VnpostSimulator, callback_receiver: CallbackReceiver) -> str:
    vnpost_sim.register_callback(callback_receiver.callback_url, SECRET)
    return vnpost_sim.create_order_direct(sale_order_code="H99-KQ").item_code


def test_each_transition_is_posted_and_correctly_signed(
    vnpost_sim: VnpostSimulator, callback_receiver: CallbackReceiver, item: str
) -> None:
    sent = vnpost_sim.advance(item, "happy", steps=3)
    got = callback_receiver.received()
    assert events(got) == sent  # creation itself is not called back
    for req in got:
        assert verify_standard_webhook(SECRET, req.headers, req.body)
        assert req.headers["webhook-id"] == json.loads(req.body)["event_id"]
        assert req.headers["content-type"] == "application/json"
        assert abs(int(req.headers["webhook-timestamp"]) - time.time()) < 60
    assert not verify_standard_webhook("whsec_" + "QUFBQQ==", got[0].headers, got[0].body)
    assert [(a.status, a.attempt) for a in vnpost_sim.callbacks.attempts] == [(200, 1)] * 3


def test_base64_secret_without_whsec_prefix(
    vnpost_sim: VnpostSimulator, callback_receiver: CallbackReceiver
) -> None:
    import base64
    import hashlib
    import hmac

    vnpost_sim.register_callback(callback_receiver.callback_url, "c2VjcmV0")  # b"secret"
    vnpost_sim.advance(vnpost_sim.create_order_direct(sale_order_code="X").item_code)
    (req,) = callback_receiver.received()
    signed = f"{req.headers['webhook-id']}.{req.headers['webhook-timestamp']}.".encode() + req.body
    mac = base64.b64encode(hmac.new(b"secret", signed, hashlib.sha256).digest()).decode()
    assert req.headers["webhook-signature"] == f"v1,{mac}"


def test_non_2xx_is_resent_up_to_max_attempts(
    vnpost_sim: VnpostSimulator, callback_receiver: CallbackReceiver, item: str
) -> None:
    callback_receiver.add_fault("/callbacks", status=500, times=2)
    vnpost_sim.advance(item)
    attempts = vnpost_sim.callbacks.attempts
    assert [(a.attempt, a.status) for a in attempts] == [(1, 500), (2, 500), (3, 200)]
    assert len({a.event_id for a in attempts}) == 1
    assert len(callback_receiver.received()) == 1
    assert len(callback_receiver.received(accepted_only=False)) == 3


def test_gives_up_after_max_attempts_and_records_it(
    vnpost_sim: VnpostSimulator, callback_receiver: CallbackReceiver
) -> None:
    vnpost_sim.register_callback(callback_receiver.callback_url, SECRET, max_attempts=2)
    callback_receiver.add_fault("/callbacks", status=503, times=5)
    vnpost_sim.advance(vnpost_sim.create_order_direct(sale_order_code="X").item_code)
    assert [a.status for a in vnpost_sim.callbacks.attempts] == [503, 503]
    assert callback_receiver.received() == []


def test_unreachable_receiver_is_recorded(vnpost_sim: VnpostSimulator) -> None:
    with CallbackReceiver() as rx:
        url = rx.callback_url
    vnpost_sim.register_callback(url, SECRET, max_attempts=2, timeout=0.5)
    vnpost_sim.advance(vnpost_sim.create_order_direct(sale_order_code="X").item_code)
    attempts = vnpost_sim.callbacks.attempts
    assert [a.status for a in attempts] == [None, None]
    assert attempts[0].error is not None and "Connection" in attempts[0].error


def test_duplicate(
    vnpost_sim: VnpostSimulator, callback_receiver: CallbackReceiver, item: str
) -> None:
    vnpost_sim.add_fault("callback", duplicate=True)
    vnpost_sim.advance(item, steps=2)
    got = events(callback_receiver.received())
    assert [e["status"] for e in got] == [2, 2, 4]
    assert got[0] == got[1]
    assert [a.duplicate for a in vnpost_sim.callbacks.attempts] == [False, True, False]


def test_reorder_holds_one_back_until_after_the_next(
    vnpost_sim: VnpostSimulator, callback_receiver: CallbackReceiver, item: str
) -> None:
    vnpost_sim.add_fault("callback", reorder=True)
    vnpost_sim.advance(item, steps=3)
    assert [e["status"] for e in events(callback_receiver.received())] == [4, 2, 6]


def test_reorder_of_the_last_event_waits_for_the_next_advance_or_a_flush(
    vnpost_sim: VnpostSimulator, callback_receiver: CallbackReceiver, item: str
) -> None:
    vnpost_sim.add_fault("callback", reorder=True, times=1)
    vnpost_sim.advance(item)
    assert callback_receiver.received() == []
    assert vnpost_sim.export_state()["callbacks"]["held"] == 1
    vnpost_sim.flush_callbacks()
    assert [e["status"] for e in events(callback_receiver.received())] == [2]


@pytest.mark.parametrize("tamper", ["signature", "body"])
def test_tampered_messages_fail_verification(
    vnpost_sim: VnpostSimulator, callback_receiver: CallbackReceiver, item: str, tamper: str
) -> None:
    vnpost_sim.add_fault("callback", tamper=tamper)
    vnpost_sim.advance(item, steps=2)
    first, second = callback_receiver.received()
    assert not verify_standard_webhook(SECRET, first.headers, first.body)
    assert verify_standard_webhook(SECRET, second.headers, second.body)
    if tamper == "body":
        assert json.loads(first.body)["status"] == 14  # a forged "delivered"
    assert vnpost_sim.callbacks.attempts[0].tamper == tamper


def test_stale_timestamp_is_validly_signed_but_old(
    vnpost_sim: VnpostSimulator, callback_receiver: CallbackReceiver, item: str
) -> None:
    vnpost_sim.add_fault("callback", tamper="timestamp")
    vnpost_sim.advance(item)
    (req,) = callback_receiver.received()
    assert verify_standard_webhook(SECRET, req.headers, req.body)
    assert time.time() - int(req.headers["webhook-timestamp"]) >= 600 - 5


def test_delay_fault(
    vnpost_sim: VnpostSimulator, callback_receiver: CallbackReceiver, item: str
) -> None:
    vnpost_sim.add_fault("callback", delay=0.05)
    vnpost_sim.advance(item)
    assert len(callback_receiver.received()) == 1


def test_receiver_rejection_is_recorded_with_its_body(
    vnpost_sim: VnpostSimulator, callback_receiver: CallbackReceiver, item: str
) -> None:
    callback_receiver.add_fault(
        "/callbacks", body='{"error": "bad signature"}', status=401, times=3
    )
    vnpost_sim.advance(item)
    assert [a.status for a in vnpost_sim.callbacks.attempts] == [401, 401, 401]
    assert vnpost_sim.callbacks.attempts[0].response_body == '{"error": "bad signature"}'


def test_cancel_over_http_emits_a_callback(
    http: httpx.Client, vnpost_sim: VnpostSimulator, callback_receiver: CallbackReceiver
) -> None:
    vnpost_sim.register_callback(callback_receiver.callback_url, SECRET)
    token = vnpost_token(http, vnpost_sim)
    hdrs = {"token": token}
    created = http.post(
        vnpost_sim.url + "/customer-partner/CreateOrder",
        headers=hdrs,
        json={
            "informationOrder": {
                "senderName": "A",
                "senderPhone": "0241234567",
                "senderAddress": "x",
                "receiverName": "B",
                "receiverPhone": "0912345678",
                "receiverAddress": "y",
                "serviceCode": "ETN011",
                "saleOrderCode": "C-1",
                "weight": 100,
            }
        },
    ).json()
    http.post(
        vnpost_sim.url + "/customer-partner/orderCancel",
        headers=hdrs,
        json={"OriginalId": created["originalID"]},
    )
    (event,) = events(callback_receiver.received())
    assert event["status"] == 9 and event["status_text"] == "Hủy thu gom"


def test_callback_fault_validation(vnpost_sim: VnpostSimulator) -> None:
    for spec in ({"tamper": "everything"}, {"bogus": 1}, {"times": 0}, {"delay": "x"}):
        with pytest.raises(FaultSpecError):
            vnpost_sim.add_fault("callback", spec)


def test_registration_validation(vnpost_sim: VnpostSimulator) -> None:
    with pytest.raises(ValueError, match="dialect"):
        vnpost_sim.register_callback("http://127.0.0.1:1/x", SECRET, dialect="ghn")
    with pytest.raises(ValueError, match="http"):
        vnpost_sim.register_callback("ftp://127.0.0.1/x", SECRET)


def test_no_target_no_callbacks(vnpost_sim: VnpostSimulator) -> None:
    vnpost_sim.advance(vnpost_sim.create_order_direct(sale_order_code="X").item_code)
    assert vnpost_sim.callbacks.attempts == []
