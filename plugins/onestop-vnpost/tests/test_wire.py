"""The MyVNPost wire format: bodies, answers, error envelopes, tracking events."""

from __future__ import annotations

import datetime as dt
import json

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from onestop_core.adapters import (
    AuthError,
    BusinessError,
    IdempotencyConflictError,
    PayloadValidationError,
    ShipmentLeg,
    TrackingState,
    myvnpost_state,
)
from onestop_core.testing import find_personal_data
from onestop_core.testing.strategies import dossier_codes, parties

from onestop_vnpost import bcci_shipment
from onestop_vnpost.wire import (
    check_legs,
    create_order_body,
    envelope_error,
    events_from_callback,
    events_from_orders,
    fingerprint,
    quote_from,
    receipt_from_created,
)

from .helpers import AGENCY, APPLICANT, VN_TZ, collect_shipment, result_shipment

CODE = "000.00.06.H56-261117-0001"


def test_the_two_legs_go_opposite_ways() -> None:
    collect, deliver = collect_shipment(CODE), result_shipment(CODE)
    assert (collect.sender, collect.receiver) == (APPLICANT, AGENCY)
    assert (deliver.sender, deliver.receiver) == (AGENCY, APPLICANT)
    assert (collect.order_number, deliver.order_number) == (CODE + "-HS", CODE + "-KQ")
    c = create_order_body(collect)["informationOrder"]
    d = create_order_body(deliver)["informationOrder"]
    assert (c["receiverName"], d["senderName"]) == (AGENCY.name, AGENCY.name)
    assert c["contentNote"] == "Hồ sơ TTHC" and d["contentNote"] == "Kết quả giải quyết TTHC"


def test_the_agency_end_needs_its_code() -> None:
    nameless = attrs.evolve(AGENCY, org_code="")
    with pytest.raises(PayloadValidationError, match="org_code"):
        bcci_shipment(
            ShipmentLeg.DELIVER_RESULT,
            dossier_code=CODE,
            agency=nameless,
            applicant=APPLICANT,
            weight_g=1,
        )
    swapped = attrs.evolve(result_shipment(CODE), sender=APPLICANT, receiver=AGENCY)
    with pytest.raises(PayloadValidationError) as invalid:
        check_legs(swapped)
    assert invalid.value.path == "sender.org_code"


def test_body_fields() -> None:
    body = create_order_body(result_shipment(CODE, cod_amount_vnd=50_000, declared_value_vnd=9))
    info = body["informationOrder"]
    assert info["saleOrderCode"] == CODE + "-KQ"
    assert (info["weight"], info["codAmount"], info["declaredValue"]) == ("200", "50000", "9")
    assert info["receiverProvinceName"] == "Thành phố Hà Nội"
    assert info["receiverCommuneName"] == "Phường Ba Đình"
    assert info["receiverProvinceCode"] == "01" and info["vehicle"] == "BO"
    assert "nguyenvanan@example.vn" not in json.dumps(body, ensure_ascii=False)  # not needed


def test_province_codes_are_mapped_and_unknown_units_tolerated() -> None:
    odd = attrs.evolve(
        APPLICANT, address=attrs.evolve(APPLICANT.address, province_code="01", ward_code="99999")
    )
    shipment = attrs.evolve(result_shipment(CODE), receiver=odd)
    info = create_order_body(shipment, province_code={"01": "10"}.__getitem__)["informationOrder"]
    assert info["receiverProvinceCode"] == "10" and "receiverCommuneName" not in info


def test_phone_separators_are_removed() -> None:
    spaced = attrs.evolve(APPLICANT, phone="0912 345.678")
    info = create_order_body(attrs.evolve(result_shipment(CODE), receiver=spaced))
    assert info["informationOrder"]["receiverPhone"] == "0912345678"


@settings(max_examples=60, deadline=None)
@given(
    leg=st.sampled_from(ShipmentLeg),
    code=dossier_codes(),
    agency=parties().map(lambda p: attrs.evolve(p, org_code="000.00.06.H56")),
    applicant=parties(),
    weight=st.integers(1, 30_000),
)
def test_bodies_are_deterministic_and_complete(
    leg: ShipmentLeg, code: str, agency: object, applicant: object, weight: int
) -> None:
    shipment = bcci_shipment(
        leg,
        dossier_code=code,
        agency=agency,  # type: ignore[arg-type]
        applicant=applicant,  # type: ignore[arg-type]
        weight_g=weight,
        service_code="ETN011",
    )
    first, second = create_order_body(shipment), create_order_body(shipment)
    assert first == second and fingerprint(first) == fingerprint(second)
    info = first["informationOrder"]
    assert info["saleOrderCode"] == shipment.order_number
    assert info["receiverName"] == shipment.receiver.name
    assert info["senderPhone"].lstrip("+").isdigit()
    assert all(not k.endswith("Email") for k in info)


# -- answers -------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("status", "doc", "kind", "code"),
    [
        (400, {"success": False, "errorCode": "E_ROUTE"}, BusinessError, "E_ROUTE"),
        (409, {"success": False, "errorCode": "NOT_CANCELLABLE"}, BusinessError, None),
        (404, {"success": False, "errorCode": "NOT_FOUND"}, BusinessError, None),
        (200, {"success": False, "errorMessage": "x"}, BusinessError, "200"),
        (
            422,
            {"success": False, "errorCode": "IDEMPOTENCY_KEY_REUSED"},
            IdempotencyConflictError,
            None,
        ),
        (400, {"success": False, "errorCode": "BAD_JSON"}, PayloadValidationError, None),
        (200, {"success": False, "errorCode": "UNAUTHORIZED"}, AuthError, None),
        (400, "not an object", BusinessError, "400"),
    ],
)
def test_error_envelopes(status: int, doc: object, kind: type, code: str | None) -> None:
    error = envelope_error(status, doc, operation="CreateOrder", idempotency_key="k-1")
    assert type(error) is kind
    assert error is not None and error.system == "vnpost" and error.operation == "CreateOrder"
    if code is not None:
        assert isinstance(error, BusinessError) and error.code == code
    if isinstance(error, IdempotencyConflictError):
        assert error.key == "k-1"


def test_remote_messages_are_masked() -> None:
    error = envelope_error(
        400,
        {"success": False, "errorCode": "E", "errorMessage": "SĐT 0912345678 sai"},
        operation="CreateOrder",
    )
    assert isinstance(error, BusinessError)
    assert not find_personal_data(error.remote_message) and "0912345678" not in str(error)


def test_successes_are_not_errors() -> None:
    assert envelope_error(200, [{"caseId": "C"}], operation="orderCancel") is None
    assert envelope_error(200, {"success": True}, operation="ServicesCharge") is None


def test_created_receipt_needs_an_item_code() -> None:
    with pytest.raises(PayloadValidationError, match="itemCode"):
        receipt_from_created(
            {"originalID": "O"}, result_shipment(CODE), idempotency_key="k", attempts=1
        )
    pre = attrs.evolve(result_shipment(CODE), pre_allocated_item_code="BK990032289VN")
    receipt = receipt_from_created({"originalID": "O"}, pre, idempotency_key="k", attempts=2)
    assert (receipt.item_code, receipt.attempts) == ("BK990032289VN", 2)
    with pytest.raises(PayloadValidationError):
        receipt_from_created([], result_shipment(CODE), idempotency_key="k", attempts=1)


def test_quote_from_total_only() -> None:
    assert quote_from({"totalFee": "30000", "codFee": 5000}, "ETN011").fee_vnd == 25_000
    with pytest.raises(PayloadValidationError):
        quote_from({"success": True}, "ETN011")
    with pytest.raises(PayloadValidationError):
        quote_from({"mainFee": True}, "ETN011")


def test_order_rows_in_local_time() -> None:
    doc = {
        "results": [
            {"itemCode": "EB123456785VN", "status": "12", "updatedDate": "20/11/2026 14:00:00"},
            {"itemCode": "EB999999995VN", "status": 14, "updatedDate": "20/11/2026 15:00:00"},
        ]
    }
    (e,) = events_from_orders(doc, "EB123456785VN", order_number=CODE + "-KQ")
    assert e.normalized is TrackingState.OUT_FOR_DELIVERY and e.order_number == CODE + "-KQ"
    assert e.occurred_at == dt.datetime(2026, 11, 20, 14, tzinfo=VN_TZ)
    assert events_from_orders({"results": None}, "X") == []
    with pytest.raises(PayloadValidationError):
        events_from_orders({"results": {}}, "X")
    with pytest.raises(PayloadValidationError):
        events_from_orders(
            {"results": [{"itemCode": "X", "status": 1, "updatedDate": "soon"}]}, "X"
        )


def test_callback_bodies() -> None:
    one = b'{"item_code":"EB1","status":14,"occurred_at":"2026-11-20T15:00:00+07:00"}'
    (e,) = events_from_callback(one, order_number_of=lambda item: "H56-1-KQ")
    assert e.order_number == "H56-1-KQ" and e.label_raw == "Đã giao hàng"
    batch = json.dumps(
        {
            "events": [
                {"item_code": "EB1", "status": 14, "occurred_at": "20/11/2026 15:00:00"},
                {"item_code": "EB1", "status": "12", "occurred_at": "20/11/2026 14:00:00"},
            ]
        }
    ).encode()
    assert [e.code_raw for e in events_from_callback(batch)] == ["12", "14"]  # oldest first


@pytest.mark.parametrize(
    "body",
    [
        b"\xff\xfe",
        b"[]",
        b'{"events": []}',
        b'{"status": 14, "occurred_at": "2026-11-20T15:00:00+07:00"}',
        b'{"item_code": "EB1", "occurred_at": "2026-11-20T15:00:00+07:00"}',
        b'{"item_code": "EB1", "status": 14}',
        b'{"item_code": "EB1", "status": 14, "occurred_at": "2026-13-40"}',
        b'{"item_code": "EB1", "status": "x", "occurred_at": "2026-11-20T15:00:00Z"}',
    ],
)
def test_malformed_callback_bodies(body: bytes) -> None:
    with pytest.raises(PayloadValidationError):
        events_from_callback(body)


@given(code=st.integers(-5, 120))
def test_status_mapping_is_the_cores(code: int) -> None:
    body = json.dumps({"item_code": "EB1", "status": code, "occurred_at": "20/11/2026 08:00:00"})
    if code < 0:
        with pytest.raises(PayloadValidationError):
            events_from_callback(body.encode())
        return
    (e,) = events_from_callback(body.encode())
    assert e.normalized is myvnpost_state(code)
