"""Faults against the simulator: retries, one order whatever happens, errors, re-login."""

from __future__ import annotations

from pathlib import Path

import attrs
import pytest
from onestop_core.adapters import (
    AuthError,
    BusinessError,
    IdempotencyConflictError,
    PayloadValidationError,
    Timeouts,
    TrackingState,
    TransientError,
)
from onestop_core.testing import SleepRecorder, fast_retry_policy
from onestop_core.testing.fixtures import CapturedLogs
from onestop_core.testing.simulators import VnpostSimulator

from onestop_vnpost import SQLiteShipmentLedger, VnpostAdapter, VnpostConfig

from .helpers import APPLICANT, result_shipment

CODE = "000.00.06.H56-261117-0001"
CREATE = "/customer-partner/CreateOrder"


def creates(sim: VnpostSimulator) -> list[dict[str, str]]:
    """The headers of every CreateOrder request the simulator received."""
    return [r.headers for r in sim.requests(masked=False, path=CREATE)]


def orders(sim: VnpostSimulator, order_number: str) -> int:
    count: int = sim.state()["orders_per_sale_order_code"].get(order_number, 0)
    return count


# -- transient failures ----------------------------------------------------------------------
def test_5xx_is_retried_with_one_key_and_creates_once(
    adapter: VnpostAdapter, vnpost_sim: VnpostSimulator, recorded_sleep: SleepRecorder
) -> None:
    vnpost_sim.add_fault("CreateOrder", status=503, times=2)
    receipt = adapter.create_shipment(result_shipment(CODE), idempotency_key="k-1")
    assert receipt.attempts == 3 and receipt.idempotency_key == "k-1"
    sent = creates(vnpost_sim)
    assert [h["idempotency-key"] for h in sent] == ["k-1"] * 3
    assert len({h["x-correlation-id"] for h in sent}) == 1
    assert orders(vnpost_sim, receipt.order_number) == 1
    assert len(recorded_sleep.calls) == 2  # full jitter, recorded instead of slept


def test_answer_lost_after_commit_is_replayed_not_recreated(
    adapter: VnpostAdapter, vnpost_sim: VnpostSimulator
) -> None:
    # The carrier creates the order, then the answer is lost (HTTP 502 instead).
    vnpost_sim.add_fault("CreateOrder", status=502, commit=True)
    receipt = adapter.create_shipment(result_shipment(CODE), idempotency_key="k-1")
    assert receipt.attempts == 2
    assert orders(vnpost_sim, receipt.order_number) == 1
    (order,) = vnpost_sim.orders.values()
    assert order.item_code == receipt.item_code


def test_read_timeout_after_commit_is_retried_and_creates_once(
    config: VnpostConfig, vnpost_sim: VnpostSimulator
) -> None:
    quick = attrs.evolve(config, timeouts=Timeouts(connect=5.0, read=1.0, write=5.0, pool=5.0))
    # The server carries the order out, then stalls 5 s (cut short when the test ends).
    vnpost_sim.add_fault("CreateOrder", timeout=5.0, commit=True)
    with VnpostAdapter(quick, retry=fast_retry_policy()) as vnpost:
        receipt = vnpost.create_shipment(result_shipment(CODE), idempotency_key="k-1")
    assert receipt.attempts == 2
    assert orders(vnpost_sim, receipt.order_number) == 1
    assert [r.fault for r in vnpost_sim.requests(masked=False, path=CREATE)] == ["timeout", None]


def test_dropped_connections_are_transient(
    adapter: VnpostAdapter, vnpost_sim: VnpostSimulator
) -> None:
    vnpost_sim.add_fault("CreateOrder", drop=True, times=2)
    receipt = adapter.create_shipment(result_shipment(CODE), idempotency_key="k-1")
    assert receipt.attempts == 3 and orders(vnpost_sim, receipt.order_number) == 1


def test_retries_are_bounded_then_a_lost_key_is_recovered_by_order_number(
    adapter: VnpostAdapter, vnpost_sim: VnpostSimulator
) -> None:
    shipment = result_shipment(CODE)
    vnpost_sim.add_fault("CreateOrder", status=503, commit=True, times=3)
    with pytest.raises(TransientError) as failed:
        adapter.create_shipment(shipment, idempotency_key="k-1")
    assert failed.value.attempts == 3
    assert adapter.find_shipment(shipment.order_number) is None  # answer never seen
    # The caller lost k-1 and tries again with a new key: the ledger replays k-1.
    receipt = adapter.create_shipment(shipment, idempotency_key="k-2")
    assert receipt.idempotency_key == "k-2"
    assert [h["idempotency-key"] for h in creates(vnpost_sim)] == ["k-1"] * 4
    assert orders(vnpost_sim, shipment.order_number) == 1
    assert adapter.find_shipment(shipment.order_number) is not None


def test_a_restart_with_the_sqlite_ledger_does_not_create_twice(
    config: VnpostConfig, vnpost_sim: VnpostSimulator, tmp_path: Path
) -> None:
    shipment = result_shipment(CODE)
    vnpost_sim.add_fault("CreateOrder", status=503, commit=True, times=3)
    with (
        SQLiteShipmentLedger(tmp_path / "ledger.db") as ledger,
        VnpostAdapter(config, retry=fast_retry_policy(), ledger=ledger) as before_crash,
        pytest.raises(TransientError),
    ):
        before_crash.create_shipment(shipment, idempotency_key="k-1")
    with (
        SQLiteShipmentLedger(tmp_path / "ledger.db") as ledger,
        VnpostAdapter(config, retry=fast_retry_policy(), ledger=ledger) as after_restart,
    ):
        first = after_restart.create_shipment(shipment, idempotency_key="k-after-restart")
        second = after_restart.create_shipment(shipment, idempotency_key="k-third")
    assert first.item_code == second.item_code
    assert second.attempts == 0  # answered from the ledger, no request
    assert orders(vnpost_sim, shipment.order_number) == 1


def test_retry_after_is_honoured(
    adapter: VnpostAdapter, vnpost_sim: VnpostSimulator, recorded_sleep: SleepRecorder
) -> None:
    vnpost_sim.add_fault("ServicesCharge", retry_after=2)
    quote = adapter.quote(result_shipment(CODE))
    assert quote.fee_vnd == 22_000
    assert recorded_sleep.calls == [2.0]


# -- errors that are not retried -----------------------------------------------------------
def test_business_error_is_surfaced_once_and_releases_the_order_number(
    adapter: VnpostAdapter, vnpost_sim: VnpostSimulator
) -> None:
    vnpost_sim.add_fault(
        "CreateOrder", error_code="E_ROUTE", message="Không phát tới 0912345678 (giả lập)"
    )
    with pytest.raises(BusinessError) as refused:
        adapter.create_shipment(result_shipment(CODE), idempotency_key="k-1")
    err = refused.value
    assert (err.code, err.system, err.operation, err.attempts) == (
        "E_ROUTE",
        "vnpost",
        "CreateOrder",
        1,
    )
    assert "0912345678" not in err.remote_message and "0912345678" not in str(err)
    assert len(creates(vnpost_sim)) == 1
    # Nothing was created, so a new attempt with a new key creates the order.
    receipt = adapter.create_shipment(result_shipment(CODE), idempotency_key="k-2")
    assert receipt.attempts == 1 and creates(vnpost_sim)[-1]["idempotency-key"] == "k-2"


def test_the_carriers_validation_error_names_the_field(
    adapter: VnpostAdapter, vnpost_sim: VnpostSimulator
) -> None:
    bad = attrs.evolve(result_shipment(CODE), receiver=attrs.evolve(APPLICANT, phone="091-234"))
    with pytest.raises(PayloadValidationError) as invalid:
        adapter.create_shipment(bad, idempotency_key="k-1")
    assert invalid.value.path == "receiverPhone"
    assert len(creates(vnpost_sim)) == 1


def test_local_checks_refuse_before_any_request(
    adapter: VnpostAdapter, vnpost_sim: VnpostSimulator
) -> None:
    no_service = result_shipment(CODE, service_code="")
    with pytest.raises(PayloadValidationError, match="service code"):
        adapter.create_shipment(no_service, idempotency_key="k-1")
    no_address = attrs.evolve(
        result_shipment(CODE),
        receiver=attrs.evolve(APPLICANT, address=attrs.evolve(APPLICANT.address, detail="")),
    )
    with pytest.raises(PayloadValidationError) as invalid:
        adapter.create_shipment(no_address, idempotency_key="k-1")
    assert invalid.value.path == "receiver.address.detail"
    assert vnpost_sim.requests() == []


def test_same_order_number_with_other_content_is_a_conflict(
    adapter: VnpostAdapter, vnpost_sim: VnpostSimulator
) -> None:
    adapter.create_shipment(result_shipment(CODE), idempotency_key="k-1")
    with pytest.raises(IdempotencyConflictError):
        adapter.create_shipment(result_shipment(CODE, weight_g=900), idempotency_key="k-2")
    assert orders(vnpost_sim, result_shipment(CODE).order_number) == 1


def test_oversized_answers_are_refused_not_retried(
    config: VnpostConfig, vnpost_sim: VnpostSimulator
) -> None:
    small = attrs.evolve(config, max_response_bytes=2048)
    vnpost_sim.add_fault("ServicesCharge", oversized=10_000)
    with (
        VnpostAdapter(small, retry=fast_retry_policy()) as vnpost,
        pytest.raises(PayloadValidationError),
    ):
        vnpost.quote(result_shipment(CODE))
    assert len(vnpost_sim.requests(path="/customer-partner/ServicesCharge")) == 1


# -- authentication ------------------------------------------------------------------------
def test_an_expired_token_leads_to_exactly_one_relogin(
    adapter: VnpostAdapter, vnpost_sim: VnpostSimulator
) -> None:
    adapter.quote(result_shipment(CODE))
    assert adapter.logins == 1
    vnpost_sim.add_fault("CreateOrder", expire_session=True)
    receipt = adapter.create_shipment(result_shipment(CODE), idempotency_key="k-1")
    assert adapter.logins == 2 and receipt.attempts == 2
    tokens = [h["token"] for h in creates(vnpost_sim)]
    assert tokens == ["SIMTOKEN-000001", "SIMTOKEN-000002"]
    assert orders(vnpost_sim, receipt.order_number) == 1


def test_a_token_expired_by_time_is_renewed(config: VnpostConfig) -> None:
    with VnpostSimulator(token_ttl=3600) as sim:
        timed = attrs.evolve(config, base_url=sim.url)
        with VnpostAdapter(timed, retry=fast_retry_policy()) as vnpost:
            vnpost.quote(result_shipment(CODE))
            sim.advance_clock(2 * 3600)
            vnpost.quote(result_shipment(CODE))
            assert vnpost.logins == 2


def test_a_second_auth_failure_is_final(
    adapter: VnpostAdapter, vnpost_sim: VnpostSimulator
) -> None:
    vnpost_sim.add_fault("CreateOrder", expire_session=True, times=2)
    with pytest.raises(AuthError):
        adapter.create_shipment(result_shipment(CODE), idempotency_key="k-1")
    assert adapter.logins == 2
    assert len(creates(vnpost_sim)) == 2


def test_wrong_credentials_are_an_auth_error_without_a_loop(
    config: VnpostConfig, vnpost_sim: VnpostSimulator
) -> None:
    wrong = attrs.evolve(config, password="not-the-password")
    with (
        VnpostAdapter(wrong, retry=fast_retry_policy()) as vnpost,
        pytest.raises(AuthError, match="refused the credentials"),
    ):
        vnpost.quote(result_shipment(CODE))
    assert len(vnpost_sim.requests(path="/customer-partner/GetAccessToken")) <= 2
    assert vnpost_sim.requests(path="/customer-partner/ServicesCharge") == []


def test_secrets_never_reach_the_logs(
    adapter: VnpostAdapter, vnpost_sim: VnpostSimulator, captured_logs: CapturedLogs
) -> None:
    vnpost_sim.add_fault("CreateOrder", expire_session=True)
    receipt = adapter.create_shipment(result_shipment(CODE), idempotency_key="k-1")
    adapter.track(receipt.item_code)
    text = "\n".join(captured_logs.messages)
    assert "logged in to VNPost" in text
    for secret in (VnpostSimulator.PASSWORD, "SIMTOKEN-000001", "SIMTOKEN-000002"):
        assert secret not in text
    assert "sim-pass" not in repr(adapter) and "sim-pass" not in repr(adapter.config)


# -- cancel and track ----------------------------------------------------------------------
def test_cancel_before_pickup_then_again(
    adapter: VnpostAdapter, vnpost_sim: VnpostSimulator
) -> None:
    receipt = adapter.create_shipment(result_shipment(CODE), idempotency_key="k-1")
    cancelled = adapter.cancel_shipment(receipt.item_code, reason="Công dân nhận tại quầy")
    assert cancelled.ok and cancelled.remote_id == "SIMCASE000001"
    assert vnpost_sim.order_by_item(receipt.item_code).status == 9
    again = adapter.cancel_shipment(receipt.item_code, reason="lặp lại")
    assert again.ok and again.code_raw == "NOT_CANCELLABLE"
    assert adapter.track(receipt.item_code)[-1].normalized is TrackingState.CANCELLED


def test_cancel_after_pickup_is_refused(
    adapter: VnpostAdapter, vnpost_sim: VnpostSimulator
) -> None:
    receipt = adapter.create_shipment(result_shipment(CODE), idempotency_key="k-1")
    vnpost_sim.advance(receipt.item_code, "happy", steps=3)  # 2, 4, 6: picked up
    with pytest.raises(BusinessError) as refused:
        adapter.cancel_shipment(receipt.item_code, reason="muộn")
    assert refused.value.code == "NOT_CANCELLABLE"


def test_cancel_of_an_unknown_item(adapter: VnpostAdapter) -> None:
    with pytest.raises(BusinessError) as unknown:
        adapter.cancel_shipment("EB999999995VN", reason="?")
    assert unknown.value.code == "UNKNOWN_ITEM"


def test_a_cancelled_order_number_may_be_ordered_again(
    adapter: VnpostAdapter, vnpost_sim: VnpostSimulator
) -> None:
    first = adapter.create_shipment(result_shipment(CODE), idempotency_key="k-1")
    adapter.cancel_shipment(first.item_code, reason="đổi địa chỉ")
    second = adapter.create_shipment(result_shipment(CODE), idempotency_key="k-2")
    assert second.item_code != first.item_code


def test_track_polls_the_current_status_in_local_time(
    adapter: VnpostAdapter, vnpost_sim: VnpostSimulator
) -> None:
    receipt = adapter.create_shipment(result_shipment(CODE), idempotency_key="k-1")
    vnpost_sim.advance(receipt.item_code, "happy", steps=None)
    (event,) = adapter.track(receipt.item_code)
    assert (event.code_raw, event.normalized, event.label_raw) == (
        "14",
        TrackingState.DELIVERED,
        "Đã giao hàng",
    )
    assert event.order_number == receipt.order_number  # from the ledger
    assert event.occurred_at.utcoffset() is not None
    assert event.occurred_at == vnpost_sim.now()
    assert adapter.track("EB000000000VN") == []


def test_quote_uses_the_carriers_price(adapter: VnpostAdapter) -> None:
    quote = adapter.quote(result_shipment(CODE, weight_g=1200, cod_amount_vnd=2_000_000))
    assert (quote.carrier, quote.service_code, quote.fee_vnd, quote.cod_fee_vnd) == (
        "vnpost",
        "ETN011",
        33_000,
        20_000,
    )


def test_a_refusal_after_an_unanswered_attempt_keeps_the_order_number(
    adapter: VnpostAdapter, vnpost_sim: VnpostSimulator
) -> None:
    # The first attempt is carried out but its answer lost; the retry is refused. The order
    # exists, so the next creation must replay the first key, not start a new order.
    vnpost_sim.add_fault("CreateOrder", status=503, commit=True)
    vnpost_sim.add_fault("CreateOrder", error_code="E_BUSY", message="Hệ thống bận (giả lập)")
    with pytest.raises(BusinessError):
        adapter.create_shipment(result_shipment(CODE), idempotency_key="k-1")
    receipt = adapter.create_shipment(result_shipment(CODE), idempotency_key="k-2")
    assert [h["idempotency-key"] for h in creates(vnpost_sim)] == ["k-1", "k-1", "k-1"]
    assert orders(vnpost_sim, receipt.order_number) == 1
