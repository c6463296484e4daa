"""Inbound callbacks: Standard Webhooks, carrier dialects, the deduplicating inbox."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from onestop_core.adapters import (
    AdapterConfigError,
    CallbackDecision,
    CallbackInbox,
    CallbackRejected,
    TrackingEvent,
    TrackingState,
    generate_webhook_secret,
    sign_standard_webhook,
    verify_body_hmac,
    verify_header_token,
    verify_query_secret,
    verify_standard_webhook,
)
from onestop_core.adapters.callbacks import webhook_key

NOW = dt.datetime(2026, 11, 20, 3, 0, tzinfo=dt.UTC)
OLD = "whsec_" + base64.b64encode(b"old-secret-0123456789abcdef").decode()
NEW = "whsec_" + base64.b64encode(b"new-secret-0123456789abcdef").decode()
BODY = b'{"events":[{"itemCode":"EE123456785VN","status":14}]}'


def reason(excinfo: pytest.ExceptionInfo[CallbackRejected]) -> str:
    return excinfo.value.reason


# -- Standard Webhooks ---------------------------------------------------------------------


def test_a_valid_signature_passes_and_returns_the_id() -> None:
    headers = sign_standard_webhook("msg_1", NOW, BODY, NEW)
    assert verify_standard_webhook(headers, BODY, [NEW], now=NOW) == "msg_1"


def test_header_names_are_case_insensitive() -> None:
    headers = {k.title(): v for k, v in sign_standard_webhook("msg_1", NOW, BODY, NEW).items()}
    assert verify_standard_webhook(headers, BODY, NEW, now=NOW) == "msg_1"


def test_the_signature_matches_the_scheme_computed_by_hand() -> None:
    key = base64.b64decode(NEW.removeprefix("whsec_"))
    ts = str(int(NOW.timestamp()))
    mac = hmac.new(key, f"msg_1.{ts}.".encode() + BODY, hashlib.sha256).digest()
    assert sign_standard_webhook("msg_1", NOW, BODY, NEW)["webhook-signature"] == (
        "v1," + base64.b64encode(mac).decode()
    )


@pytest.mark.parametrize(
    ("mutate", "why"),
    [
        (lambda h, b: (h, b + b" "), "bad-signature"),  # tampered body
        (lambda h, b: ({**h, "webhook-id": "msg_2"}, b), "bad-signature"),  # replayed id
        (lambda h, b: ({**h, "webhook-signature": "v1,AAAA"}, b), "bad-signature"),
        (
            lambda h, b: ({**h, "webhook-signature": "v2," + h["webhook-signature"][3:]}, b),
            "bad-signature",
        ),
        (lambda h, b: ({k: v for k, v in h.items() if k != "webhook-id"}, b), "missing-header"),
        (lambda h, b: ({**h, "webhook-timestamp": "soon"}, b), "bad-timestamp"),
        (lambda h, b: ({}, b"\x00garbage"), "missing-header"),
    ],
)
def test_invalid_callbacks_are_rejected(mutate: object, why: str) -> None:
    headers, body = mutate(sign_standard_webhook("msg_1", NOW, BODY, NEW), BODY)  # type: ignore[operator]
    with pytest.raises(CallbackRejected) as e:
        verify_standard_webhook(headers, body, [NEW], now=NOW)
    assert reason(e) == why
    assert e.value.status_code == 401


def test_a_wrong_secret_is_rejected() -> None:
    headers = sign_standard_webhook("msg_1", NOW, BODY, OLD)
    with pytest.raises(CallbackRejected, match="no valid v1 signature"):
        verify_standard_webhook(headers, BODY, [NEW], now=NOW)


@pytest.mark.parametrize(("offset", "why"), [(-301, "stale"), (301, "future")])
def test_stale_and_future_timestamps_are_rejected(offset: int, why: str) -> None:
    headers = sign_standard_webhook("msg_1", NOW + dt.timedelta(seconds=offset), BODY, NEW)
    with pytest.raises(CallbackRejected) as e:
        verify_standard_webhook(headers, BODY, [NEW], now=NOW)
    assert reason(e) == why
    within = sign_standard_webhook("msg_1", NOW - dt.timedelta(seconds=300), BODY, NEW)
    assert verify_standard_webhook(within, BODY, [NEW], now=NOW) == "msg_1"


def test_rotation_accepts_old_and_new_secrets() -> None:
    signed_old = sign_standard_webhook("msg_1", NOW, BODY, OLD)
    signed_new = sign_standard_webhook("msg_1", NOW, BODY, NEW)
    assert verify_standard_webhook(signed_old, BODY, [NEW, OLD], now=NOW) == "msg_1"
    # a sender in the middle of a rotation signs with both keys
    both = {**signed_new, "webhook-signature": "v1,bm9wZQ== " + signed_new["webhook-signature"]}
    assert verify_standard_webhook(both, BODY, [NEW], now=NOW) == "msg_1"
    with pytest.raises(CallbackRejected):
        verify_standard_webhook(signed_old, BODY, [NEW], now=NOW)


def test_an_oversized_body_is_refused_unread() -> None:
    headers = sign_standard_webhook("msg_1", NOW, b"x" * 11, NEW)
    with pytest.raises(CallbackRejected) as e:
        verify_standard_webhook(headers, b"x" * 11, [NEW], now=NOW, max_bytes=10)
    assert (reason(e), e.value.status_code) == ("too-large", 413)


def test_secrets_must_be_usable() -> None:
    assert webhook_key(b"raw") == b"raw"
    assert webhook_key(generate_webhook_secret(16))
    for bad in ("whsec_not base64!", "whsec_", b""):
        with pytest.raises(AdapterConfigError):
            webhook_key(bad)
    with pytest.raises(AdapterConfigError):
        verify_standard_webhook(sign_standard_webhook("m", NOW, b"", NEW), b"", [], now=NOW)


@given(body=st.binary(max_size=300), msg_id=st.from_regex(r"msg_[A-Za-z0-9]{1,20}", fullmatch=True))
def test_sign_then_verify_round_trips(body: bytes, msg_id: str) -> None:
    headers = sign_standard_webhook(msg_id, NOW, body, NEW)
    assert verify_standard_webhook(headers, body, [OLD, NEW], now=NOW) == msg_id
    with pytest.raises(CallbackRejected):
        verify_standard_webhook(headers, body + b"!", [OLD, NEW], now=NOW)


# -- carrier dialects ----------------------------------------------------------------------


def test_header_token() -> None:
    verify_header_token({"Token": "t-2"}, "token", ["t-1", "t-2"])
    with pytest.raises(CallbackRejected) as e:
        verify_header_token({"token": "t-3"}, "token", ["t-1", "t-2"])
    assert reason(e) == "bad-token"
    with pytest.raises(AdapterConfigError):
        verify_header_token({"token": "t-3"}, "token", [])


def test_query_secret() -> None:
    verify_query_secret({"hash": "abc"}, "abc")
    with pytest.raises(CallbackRejected) as e:
        verify_query_secret({"hash": "abd"}, "abc")
    assert reason(e) == "bad-token"
    with pytest.raises(CallbackRejected) as e:
        verify_query_secret({}, "abc")
    assert reason(e) == "missing-query"


def test_body_hmac() -> None:
    sig = base64.b64encode(hmac.new(b"k", BODY, hashlib.sha256).digest()).decode()
    verify_body_hmac({"x-goship-hmac-sha256": sig}, BODY, b"k", header="X-Goship-Hmac-Sha256")
    verify_body_hmac(
        {"x-goship-hmac-sha256": sig}, BODY, ["k0", "k"], header="x-goship-hmac-sha256"
    )
    with pytest.raises(CallbackRejected):
        verify_body_hmac(
            {"x-goship-hmac-sha256": sig}, BODY + b"x", b"k", header="x-goship-hmac-sha256"
        )
    with pytest.raises(CallbackRejected):
        verify_body_hmac({}, BODY, b"k", header="x-goship-hmac-sha256")


# -- the inbox -----------------------------------------------------------------------------


def event(code: str, hour: int, item: str = "EE123456785VN") -> TrackingEvent:
    return TrackingEvent(
        carrier="vnpost",
        item_code=item,
        code_raw=code,
        normalized=TrackingState.IN_TRANSIT,
        occurred_at=dt.datetime(2026, 11, 20, hour, tzinfo=dt.UTC),
    )


def test_duplicates_are_ignored_and_counted() -> None:
    inbox = CallbackInbox()
    e = event("10", 9)
    assert inbox.record(e.event_id, "k", e.occurred_at) is CallbackDecision.APPLY
    assert inbox.record(e.event_id, "k", e.occurred_at) is CallbackDecision.DUPLICATE
    assert inbox.record(e.event_id, "k", e.occurred_at) is CallbackDecision.DUPLICATE
    assert inbox.counts() == {"apply": 1, "duplicate": 2, "out_of_order": 0}
    inbox.close()


def test_out_of_order_events_are_recorded_but_not_applied() -> None:
    inbox = CallbackInbox()
    decisions = [
        inbox.record(e.event_id, "vnpost:EE", e.occurred_at).value
        for e in (event("14", 12), event("10", 9), event("12", 12), event("15", 13))
    ]
    assert decisions == ["apply", "out_of_order", "apply", "apply"]  # equal times both apply
    # other keys are independent
    other = event("10", 8, item="EE000000016VN")
    assert inbox.record(other.event_id, "vnpost:EE0", other.occurred_at).applies
    inbox.close()


def test_accept_orders_a_batch_and_keys_by_shipment() -> None:
    inbox = CallbackInbox()
    batch = [event("14", 12), event("10", 9), event("10", 9)]
    result = [(e.code_raw, d.value) for e, d in inbox.accept(batch)]
    assert result == [("10", "apply"), ("10", "duplicate"), ("14", "apply")]
    assert [d.value for _, d in inbox.accept([event("12", 11)])] == ["out_of_order"]
    inbox.close()


def test_a_file_inbox_remembers_across_restarts(tmp_path: Path) -> None:
    e = event("14", 12)
    with CallbackInbox(tmp_path / "inbox.sqlite3") as inbox:
        assert inbox.accept([e])[0][1] is CallbackDecision.APPLY
    with CallbackInbox(tmp_path / "inbox.sqlite3") as inbox:
        assert inbox.accept([e])[0][1] is CallbackDecision.DUPLICATE
        assert inbox.accept([event("10", 9)])[0][1] is CallbackDecision.OUT_OF_ORDER


def test_a_released_event_is_applied_on_redelivery_and_latest_is_restored() -> None:
    import datetime as dt

    from onestop_core.adapters import CallbackDecision, CallbackInbox

    t = lambda h: dt.datetime(2026, 11, 20, h, tzinfo=dt.UTC)  # noqa: E731
    with CallbackInbox() as inbox:
        assert inbox.record("e1", "k", t(9)) is CallbackDecision.APPLY
        assert inbox.record("e2", "k", t(10)) is CallbackDecision.APPLY
        assert inbox.release("e2")  # applying e2 failed
        assert not inbox.release("e2")
        # the latest applied is e1 again: an event at 9:30 is in order now
        assert inbox.record("e15", "k", t(9).replace(minute=30)) is CallbackDecision.APPLY
        assert inbox.record("e2", "k", t(10)) is CallbackDecision.APPLY
        assert inbox.decision_of("e2") is CallbackDecision.APPLY
