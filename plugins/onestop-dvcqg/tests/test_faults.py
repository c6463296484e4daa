"""Every fault the simulator injects, and what the adapter makes of it.

================================  =================================================
fault                             outcome
================================  =================================================
HTTP 5xx, timeout, dropped        TransientError inside; retried; delivered once
connection, 429 + Retry-After     (``Retry-After`` slept exactly)
too many of them                  TransientError raised after ``max_attempts``
``error_code`` ≠ 0 in HTTP 200    BusinessError, no retry, one write
expired session / HTTP 401        exactly one re-login, then delivered
malformed or oversized body       PayloadValidationError, no retry (a redelivery is
                                  safe: it sends nothing if the write had landed)
"đã tồn tại" on create            update instead (and "không tồn tại" on update:
                                  create instead)
answer lost after the write       retry finds the dossier: nothing sent again
================================  =================================================
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from onestop_core.adapters import (
    AuthError,
    BusinessError,
    PayloadValidationError,
    TransientError,
)
from onestop_core.testing import SleepRecorder, fast_retry_policy
from onestop_core.testing.simulators import DvcqgSimulator

from onestop_dvcqg import DvcqgAdapter
from onestop_dvcqg.adapter import UNCHANGED

from .helpers import READ_TIMEOUT, login_count, make_config, payload, write_count

KEY = "dvcqg:upsert:test-key"


def json_body(doc: Any) -> dict[str, Any]:
    return {"body": json.dumps(doc, ensure_ascii=False), "content_type": "application/json"}


# -- transient: retried, delivered once --------------------------------------------------------
@pytest.mark.parametrize(
    "fault",
    [
        {"status": 500},
        {"status": 502},
        {"status": 503},
        {"status": 504},
        {"timeout": READ_TIMEOUT * 4},
        {"drop": True},
        {"status": 408},
    ],
    ids=["500", "502", "503", "504", "timeout", "drop", "408"],
)
def test_transient_fault_is_retried_and_delivered_once(
    dvcqg_sim: DvcqgSimulator,
    portal: DvcqgAdapter,
    recorded_sleep: SleepRecorder,
    fault: dict[str, Any],
) -> None:
    p = payload()
    dvcqg_sim.add_fault("DongBoHoSoMC", {**fault, "times": 2})
    receipt = portal.upsert_dossier(p, idempotency_key=KEY)
    assert receipt.ok and receipt.attempts == 3 and receipt.idempotency_key == KEY
    delivered = dvcqg_sim.deliveries[p.code]
    assert (delivered.created, delivered.updated, len(delivered.calls)) == (1, 0, 1)
    assert delivered.idempotency_keys == [KEY]
    assert write_count(dvcqg_sim) == 3
    assert len(recorded_sleep.calls) == 2  # backoff before each retry


def test_every_attempt_carries_the_same_keys(
    dvcqg_sim: DvcqgSimulator, portal: DvcqgAdapter
) -> None:
    dvcqg_sim.add_fault("DongBoHoSoMC", status=503, times=2)
    portal.upsert_dossier(payload(), idempotency_key=KEY)
    writes = [r for r in dvcqg_sim.requests(masked=False) if "DongBoHoSoMC" in r.routes]
    assert {r.headers["idempotency-key"] for r in writes} == {KEY}
    assert len({r.headers["x-correlation-id"] for r in writes}) == 1
    assert all(r.headers["dstcode"] == DvcqgSimulator.DSTCODE for r in writes)


def test_faults_on_the_lookup_and_the_login_are_retried_too(
    dvcqg_sim: DvcqgSimulator, portal: DvcqgAdapter
) -> None:
    dvcqg_sim.add_fault("auth", status=503)
    dvcqg_sim.add_fault("TraCuuHoSo", drop=True)
    receipt = portal.upsert_dossier(payload(), idempotency_key=KEY)
    assert receipt.ok and receipt.attempts == 3
    assert dvcqg_sim.deliveries[payload().code].created == 1


def test_429_retry_after_is_honoured(
    dvcqg_sim: DvcqgSimulator, portal: DvcqgAdapter, recorded_sleep: SleepRecorder
) -> None:
    dvcqg_sim.add_fault("DongBoHoSoMC", retry_after=2)
    receipt = portal.upsert_dossier(payload(), idempotency_key=KEY)
    assert receipt.ok and receipt.attempts == 2
    assert recorded_sleep.calls == [2.0]
    assert dvcqg_sim.deliveries[payload().code].created == 1


def test_a_retry_after_too_long_goes_back_to_the_caller(
    dvcqg_sim: DvcqgSimulator, portal: DvcqgAdapter, recorded_sleep: SleepRecorder
) -> None:
    dvcqg_sim.add_fault("DongBoHoSoMC", retry_after=3600, status=503)
    with pytest.raises(TransientError) as caught:
        portal.upsert_dossier(payload(), idempotency_key=KEY)
    assert caught.value.retry_after == 3600 and caught.value.status_code == 503
    assert recorded_sleep.calls == [] and write_count(dvcqg_sim) == 1
    assert payload().code not in dvcqg_sim.dossiers


def test_transient_retries_are_bounded(dvcqg_sim: DvcqgSimulator, portal: DvcqgAdapter) -> None:
    dvcqg_sim.add_fault("DongBoHoSoMC", status=503, times=100)
    with pytest.raises(TransientError) as caught:
        portal.upsert_dossier(payload(), idempotency_key=KEY)
    assert caught.value.attempts == 3 and write_count(dvcqg_sim) == 3
    assert payload().code not in dvcqg_sim.deliveries


# -- business errors: surfaced, never retried --------------------------------------------------
@pytest.mark.parametrize(
    ("code", "expected"), [("-2", "-2"), (7, "7"), ("E_LOI", "E_LOI"), (" 12 ", "12")]
)
def test_business_error_code_is_surfaced_without_retry(
    dvcqg_sim: DvcqgSimulator,
    portal: DvcqgAdapter,
    recorded_sleep: SleepRecorder,
    code: object,
    expected: str,
) -> None:
    dvcqg_sim.add_fault("DongBoHoSoMC", error_code=code, message="Dữ liệu không hợp lệ (giả lập)")
    with pytest.raises(BusinessError) as caught:
        portal.upsert_dossier(payload(), idempotency_key=KEY)
    error = caught.value
    assert (error.code, error.system, error.operation) == (expected, "dvcqg", "DongBoHoSoMC")
    assert error.remote_message == "Dữ liệu không hợp lệ (giả lập)"
    assert error.attempts == 1 and write_count(dvcqg_sim) == 1 and recorded_sleep.calls == []


def test_a_real_validation_refusal_is_a_business_error(
    dvcqg_sim: DvcqgSimulator, portal: DvcqgAdapter
) -> None:
    bad = payload()
    object.__setattr__(bad, "procedure_code", "TTHC-LOCAL-7")  # not a national code
    with pytest.raises(BusinessError) as caught:
        portal.upsert_dossier(bad, idempotency_key=KEY)
    assert caught.value.code == "-2" and "MaTTHC" in caught.value.remote_message
    assert dvcqg_sim.deliveries[bad.code].calls[0]["outcome"] == "invalid"


# -- sessions ----------------------------------------------------------------------------------
def test_expired_session_leads_to_exactly_one_relogin(
    dvcqg_sim: DvcqgSimulator, portal: DvcqgAdapter
) -> None:
    portal.lookup_dossier("warm-up")  # logged in
    dvcqg_sim.add_fault("DongBoHoSoMC", expire_session=True)
    receipt = portal.upsert_dossier(payload(), idempotency_key=KEY)
    assert receipt.ok
    assert login_count(dvcqg_sim) == 2 and (portal.logins, portal.relogins) == (2, 1)
    assert dvcqg_sim.deliveries[payload().code].created == 1


def test_http_401_also_leads_to_one_relogin(
    dvcqg_sim: DvcqgSimulator, portal: DvcqgAdapter
) -> None:
    dvcqg_sim.add_fault("DongBoHoSoMC", status=401)
    assert portal.upsert_dossier(payload(), idempotency_key=KEY).ok
    assert login_count(dvcqg_sim) == 2


def test_a_second_expiry_in_one_call_is_final(
    dvcqg_sim: DvcqgSimulator, portal: DvcqgAdapter
) -> None:
    dvcqg_sim.add_fault("DongBoHoSoMC", expire_session=True, times=2)
    with pytest.raises(AuthError):
        portal.upsert_dossier(payload(), idempotency_key=KEY)
    assert login_count(dvcqg_sim) == 2


def test_sessions_that_die_after_a_few_calls() -> None:
    with DvcqgSimulator(session_max_calls=3) as sim:
        retry = fast_retry_policy()
        with DvcqgAdapter(make_config(sim.url), retry=retry) as portal:
            for n in range(1, 6):
                assert portal.upsert_dossier(payload(n), idempotency_key=f"k-{n}").ok
        assert len(sim.dossiers) == 5
        # A session serves 3 calls: each upsert (look-up + write) after the first meets a
        # dead session on its write, logs in once and repeats look-up + write.
        assert portal.logins == login_count(sim) == 5 and portal.relogins == 4


def test_one_login_is_shared_and_a_wrong_password_is_an_auth_error(
    dvcqg_sim: DvcqgSimulator,
) -> None:
    with DvcqgAdapter(make_config(dvcqg_sim.url), retry=fast_retry_policy()) as portal:
        for n in range(3):
            portal.lookup_dossier(f"hs-{n}")
        assert portal.logins == 1
    wrong = make_config(dvcqg_sim.url, password="not-the-password")
    with (
        DvcqgAdapter(wrong, retry=fast_retry_policy()) as portal,
        pytest.raises(AuthError, match="login refused"),
    ):
        portal.lookup_dossier("hs-1")
    assert login_count(dvcqg_sim) == 1 + 2  # the refused login is tried once more, then final


# -- malformed and oversized answers -----------------------------------------------------------
@pytest.mark.parametrize(
    "fault",
    [
        {"body": "<html><body>502 Bad Gateway</body></html>", "content_type": "text/html"},
        {"body": '{"error_code": 0, '},
        json_body([{"error_code": 0}]),
        json_body({"message": "Đồng bộ thành công"}),
        json_body({"error_code": None}),
        json_body({"error_code": True}),
    ],
    ids=["html", "truncated", "array", "no-error-code", "null-code", "bool-code"],
)
def test_malformed_answer_is_a_payload_validation_error(
    dvcqg_sim: DvcqgSimulator,
    portal: DvcqgAdapter,
    recorded_sleep: SleepRecorder,
    fault: dict[str, Any],
) -> None:
    dvcqg_sim.add_fault("DongBoHoSoMC", fault)
    with pytest.raises(PayloadValidationError):
        portal.upsert_dossier(payload(), idempotency_key=KEY)
    assert write_count(dvcqg_sim) == 1 and recorded_sleep.calls == []


def test_oversized_answer_is_a_payload_validation_error(dvcqg_sim: DvcqgSimulator) -> None:
    config = make_config(dvcqg_sim.url, max_response_bytes=4096)
    dvcqg_sim.add_fault("DongBoHoSoMC", oversized=64 * 1024)
    with (
        DvcqgAdapter(config, retry=fast_retry_policy()) as portal,
        pytest.raises(PayloadValidationError, match="exceeds 4096 bytes"),
    ):
        portal.upsert_dossier(payload(), idempotency_key=KEY)
    assert write_count(dvcqg_sim) == 1


def test_a_garbled_answer_after_the_write_landed_is_safe_to_redeliver(
    dvcqg_sim: DvcqgSimulator, portal: DvcqgAdapter
) -> None:
    dvcqg_sim.add_fault("DongBoHoSoMC", body="<html>oops</html>", commit=True)
    with pytest.raises(PayloadValidationError):
        portal.upsert_dossier(payload(), idempotency_key=KEY)
    again = portal.upsert_dossier(payload(), idempotency_key=KEY)  # the outbox's redelivery
    assert again.ok and again.message_raw == UNCHANGED
    delivered = dvcqg_sim.deliveries[payload().code]
    assert (delivered.created, delivered.updated, len(delivered.calls)) == (1, 0, 1)


# -- create vs update --------------------------------------------------------------------------
def test_answer_lost_after_the_create_landed_sends_nothing_again(
    dvcqg_sim: DvcqgSimulator, portal: DvcqgAdapter
) -> None:
    dvcqg_sim.add_fault("DongBoHoSoMC", drop=True, commit=True)
    receipt = portal.upsert_dossier(payload(), idempotency_key=KEY)
    assert receipt.ok and receipt.attempts == 2 and receipt.message_raw == UNCHANGED
    delivered = dvcqg_sim.deliveries[payload().code]
    assert (delivered.created, delivered.updated, delivered.create_conflicts) == (1, 0, 0)
    assert write_count(dvcqg_sim) == 1


def test_answer_lost_after_an_update_landed_sends_nothing_again(
    dvcqg_sim: DvcqgSimulator, portal: DvcqgAdapter
) -> None:
    portal.upsert_dossier(payload(status=2), idempotency_key="v1")
    dvcqg_sim.add_fault("DongBoHoSoMC", timeout=READ_TIMEOUT * 4, commit=True)
    receipt = portal.upsert_dossier(payload(status=4), idempotency_key="v2")
    assert receipt.ok and receipt.message_raw == UNCHANGED
    delivered = dvcqg_sim.deliveries[payload().code]
    assert (delivered.created, delivered.updated) == (1, 1)
    assert delivered.idempotency_keys == ["v1", "v2"]
    assert dvcqg_sim.dossiers[payload().code].item["TrangThaiHoSo"] == "4"


def test_already_exists_on_create_becomes_an_update(
    dvcqg_sim: DvcqgSimulator, portal: DvcqgAdapter
) -> None:
    portal.upsert_dossier(payload(status=2), idempotency_key="v1")
    # Someone else's view: the look-up misses the dossier (a lagging replica), so the
    # adapter creates, the portal answers "-3 Hồ sơ đã tồn tại", and the adapter updates.
    dvcqg_sim.add_fault("TraCuuHoSo", json_body({"error_code": 0, "message": "", "result": []}))
    receipt = portal.upsert_dossier(payload(status=4), idempotency_key="v2")
    assert receipt.ok and receipt.attempts == 1
    delivered = dvcqg_sim.deliveries[payload().code]
    assert [c["outcome"] for c in delivered.calls] == ["created", "exists", "updated"]
    assert (delivered.created, delivered.updated, delivered.create_conflicts) == (1, 1, 1)
    assert len(dvcqg_sim.dossiers) == 1
    assert dvcqg_sim.dossiers[payload().code].item["TrangThaiHoSo"] == "4"


def test_not_found_on_update_becomes_a_create(
    dvcqg_sim: DvcqgSimulator, portal: DvcqgAdapter
) -> None:
    ghost = {"error_code": 0, "result": [{"MaHoSo": payload().code}]}
    dvcqg_sim.add_fault("TraCuuHoSo", json_body(ghost))
    receipt = portal.upsert_dossier(payload(), idempotency_key=KEY)
    assert receipt.ok
    outcomes = [c["outcome"] for c in dvcqg_sim.deliveries[payload().code].calls]
    assert outcomes == ["missing", "created"]


def test_a_second_conflict_is_not_resolved_forever(
    dvcqg_sim: DvcqgSimulator, portal: DvcqgAdapter
) -> None:
    dvcqg_sim.add_fault("DongBoHoSoMC", error_code="-3", message="Hồ sơ đã tồn tại")
    dvcqg_sim.add_fault("DongBoHoSoMC", error_code="-4", message="Hồ sơ không tồn tại")
    with pytest.raises(BusinessError) as caught:
        portal.upsert_dossier(payload(), idempotency_key=KEY)
    assert caught.value.code == "-4" and write_count(dvcqg_sim) == 2


def test_a_lenient_success_code_string() -> None:
    with (
        DvcqgSimulator(success_code="0") as sim,
        DvcqgAdapter(make_config(sim.url), retry=fast_retry_policy()) as portal,
    ):
        receipt = portal.upsert_dossier(payload(), idempotency_key=KEY)
        assert receipt.ok and receipt.code_raw == "0"
        assert portal.lookup_dossier(payload().code) is not None
