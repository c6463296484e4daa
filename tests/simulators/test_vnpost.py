"""VNPost simulator: token auth, orders, idempotency, quotes, cancellation, tracking, scenarios."""

from __future__ import annotations

import re
from typing import Any

import httpx
import pytest

from onestop_core.testing.simulators import (
    SCENARIOS,
    STATUS_TEXT,
    SimulationError,
    VnpostSimulator,
    is_valid_s10,
)

from .helpers import order_body, vnpost_token

P = "/customer-partner/"


@pytest.fixture
def token(http: httpx.Client, vnpost_sim: VnpostSimulator) -> str:
    return vnpost_token(http, vnpost_sim)


def post(
    http: httpx.Client, sim: VnpostSimulator, op: str, body: Any, token: str | None, **headers: str
) -> httpx.Response:
    hdrs = {"token": token} if token else {}
    return http.post(sim.url + P + op, json=body, headers={**hdrs, **headers})


def create(http: httpx.Client, sim: VnpostSimulator, token: str, **info: Any) -> dict[str, Any]:
    r = post(http, sim, "CreateOrder", order_body(**info), token)
    assert r.status_code == 200, r.text
    created: dict[str, Any] = r.json()
    return created


def track(http: httpx.Client, sim: VnpostSimulator, token: str, code: str) -> list[dict[str, Any]]:
    r = http.get(
        sim.url + P + "getOrder", params={"type": 1, "code": code}, headers={"token": token}
    )
    assert r.status_code == 200
    results: list[dict[str, Any]] = r.json()["results"]
    return results


# -- auth ------------------------------------------------------------------------------------
def test_token_and_bad_credentials(http: httpx.Client, vnpost_sim: VnpostSimulator) -> None:
    assert vnpost_token(http, vnpost_sim) == "SIMTOKEN-000001"
    bad = post(
        http,
        vnpost_sim,
        "GetAccessToken",
        {"username": "sim-user", "password": "sim-pass", "customerCode": "X"},
        None,
    )
    assert bad.status_code == 200
    assert bad.json() == {
        "success": False,
        "errorMessage": "Sai thông tin đăng nhập",
        "token": None,
    }


@pytest.mark.parametrize("op", ["CreateOrder", "ServicesCharge", "orderCancel"])
def test_missing_or_wrong_token_is_401(
    http: httpx.Client, vnpost_sim: VnpostSimulator, op: str
) -> None:
    for token in (None, "forged"):
        r = post(http, vnpost_sim, op, {}, token)
        assert r.status_code == 401 and r.json()["errorCode"] == "UNAUTHORIZED"
    r = http.get(vnpost_sim.url + P + "getOrder?type=1&code=X")
    assert r.status_code == 401


def test_token_expiry_by_calls_and_time(http: httpx.Client) -> None:
    with VnpostSimulator(token_max_calls=1, token_ttl=60) as sim:
        token = vnpost_token(http, sim)
        assert track(http, sim, token, "X") == []
        r = http.get(sim.url + P + "getOrder?type=1&code=X", headers={"token": token})
        assert r.status_code == 401
        token = vnpost_token(http, sim)
        sim.advance_clock(60)
        r = http.get(sim.url + P + "getOrder?type=1&code=X", headers={"token": token})
        assert r.status_code == 401


# -- orders ----------------------------------------------------------------------------------
def test_create_order_and_track(
    http: httpx.Client, vnpost_sim: VnpostSimulator, token: str
) -> None:
    created = create(http, vnpost_sim, token)
    assert created == {
        "originalID": "SIMORD000001",
        "itemCode": "EB123456785VN",
        "saleOrderCode": "H99-261120-00001-KQ",
        "status": 1,
        "totalFee": 22000,
    }
    second = create(http, vnpost_sim, token, saleOrderCode="H99-261120-00002-KQ", weight="1200")
    assert is_valid_s10(second["itemCode"]) and second["itemCode"] != created["itemCode"]
    assert second["totalFee"] == 33000
    (row,) = track(http, vnpost_sim, token, created["itemCode"])
    assert row == {
        "itemCode": "EB123456785VN",
        "originalItemCode": "EB123456785VN",
        "senderCode": "SIM-CUST",
        "status": 1,
        "totalFee": 22000,
        "updatedDate": "20/11/2026 08:00:00",
    }
    assert track(http, vnpost_sim, token, "EB000000015VN") == []
    r = http.get(
        vnpost_sim.url + P + "getOrder?type=2&code=H99-261120-00002-KQ", headers={"token": token}
    )
    assert [row["itemCode"] for row in r.json()["results"]] == [second["itemCode"]]
    r = http.get(vnpost_sim.url + P + "getOrder?type=3&code=X", headers={"token": token})
    assert r.status_code == 400


@pytest.mark.parametrize(
    ("info", "field"),
    [
        ({"receiverPhone": "12345"}, "receiverPhone"),
        ({"senderPhone": "091234567"}, "senderPhone"),
        ({"receiverName": ""}, "receiverName"),
        ({"saleOrderCode": None}, "saleOrderCode"),
        ({"serviceCode": 7}, "serviceCode"),
        ({"weight": "0"}, "weight"),
        ({"weight": "nặng"}, "weight"),
        ({"codAmount": "-5"}, "codAmount"),
    ],
)
def test_create_validation(
    http: httpx.Client, vnpost_sim: VnpostSimulator, token: str, info: dict[str, Any], field: str
) -> None:
    r = post(http, vnpost_sim, "CreateOrder", order_body(**info), token)
    assert r.status_code == 400 and r.json()["errorCode"] == "VALIDATION"
    assert field in {e["field"] for e in r.json()["errors"]}
    assert vnpost_sim.orders == {}


@pytest.mark.parametrize(
    "body",
    [{"orderCreationStatus": 0, "informationOrder": {}}, {"type": "NHAN"}, {}, [1]],
)
def test_create_unsupported_or_malformed(
    http: httpx.Client, vnpost_sim: VnpostSimulator, token: str, body: Any
) -> None:
    r = post(http, vnpost_sim, "CreateOrder", body, token)
    assert r.status_code == 400 and r.json()["success"] is False


def test_idempotent_create(http: httpx.Client, vnpost_sim: VnpostSimulator, token: str) -> None:
    body = order_body()
    first = post(http, vnpost_sim, "CreateOrder", body, token, **{"Idempotency-Key": "ik-1"})
    again = post(http, vnpost_sim, "CreateOrder", body, token, **{"Idempotency-Key": "ik-1"})
    assert first.json() == again.json() and again.headers["Idempotent-Replayed"] == "true"
    assert "Idempotent-Replayed" not in first.headers
    assert len(vnpost_sim.orders) == 1
    changed = order_body(weight="900")
    clash = post(http, vnpost_sim, "CreateOrder", changed, token, **{"Idempotency-Key": "ik-1"})
    assert clash.status_code == 422 and clash.json()["errorCode"] == "IDEMPOTENCY_KEY_REUSED"
    assert len(vnpost_sim.orders) == 1


def test_resend_without_key_creates_a_duplicate_that_state_reveals(
    http: httpx.Client, vnpost_sim: VnpostSimulator, token: str
) -> None:
    create(http, vnpost_sim, token)
    create(http, vnpost_sim, token)
    state = vnpost_sim.export_state()
    assert state["orders_per_sale_order_code"] == {"H99-261120-00001-KQ": 2}


def test_quote(http: httpx.Client, vnpost_sim: VnpostSimulator, token: str) -> None:
    r = post(
        http,
        vnpost_sim,
        "ServicesCharge",
        {"serviceCode": "ETN011", "weight": 1200, "codAmount": 2_000_000},
        token,
    )
    assert r.json() == {
        "success": True,
        "serviceCode": "ETN011",
        "weight": 1200,
        "mainFee": 33000,
        "codFee": 20000,
        "totalFee": 53000,
    }
    nested = post(http, vnpost_sim, "ServicesCharge", order_body(), token).json()
    assert nested["totalFee"] == 22000
    assert post(http, vnpost_sim, "ServicesCharge", {"weight": 1}, token).status_code == 400


def test_cancel_only_before_pickup(
    http: httpx.Client, vnpost_sim: VnpostSimulator, token: str
) -> None:
    a = create(http, vnpost_sim, token)
    r = post(http, vnpost_sim, "orderCancel", {"OriginalId": a["originalID"]}, token)
    assert r.status_code == 200 and r.json() == [{"caseId": "SIMCASE000001"}]
    assert track(http, vnpost_sim, token, a["itemCode"])[0]["status"] == 9
    again = post(http, vnpost_sim, "orderCancel", {"OriginalId": a["originalID"]}, token)
    assert again.status_code == 409
    b = create(http, vnpost_sim, token, saleOrderCode="B")
    vnpost_sim.advance(b["itemCode"], steps=3)  # ... 6 picked up
    r = post(http, vnpost_sim, "orderCancel", {"OriginalId": b["originalID"]}, token)
    assert r.status_code == 409 and r.json()["errorCode"] == "NOT_CANCELLABLE"
    r = post(http, vnpost_sim, "orderCancel", {"OriginalId": "nope"}, token)
    assert r.status_code == 404


# -- scenarios -------------------------------------------------------------------------------
@pytest.mark.parametrize("scenario", sorted(SCENARIOS))
def test_scenarios_run_to_their_final_status(
    http: httpx.Client, vnpost_sim: VnpostSimulator, token: str, scenario: str
) -> None:
    item = create(http, vnpost_sim, token)["itemCode"]
    events = vnpost_sim.advance(item, scenario, steps=None)
    path = SCENARIOS[scenario]
    assert [e["status"] for e in events] == list(path[1:])
    order = vnpost_sim.order_by_item(item)
    assert order.history == list(path)
    assert [e["status"] for e in order.events] == list(path)  # creation is event 1
    assert track(http, vnpost_sim, token, item)[0]["status"] == path[-1]
    with pytest.raises(SimulationError, match="final"):
        vnpost_sim.advance(item, scenario)


def test_events_carry_ids_texts_and_sim_clock_times(
    http: httpx.Client, vnpost_sim: VnpostSimulator, token: str
) -> None:
    item = create(http, vnpost_sim, token, saleOrderCode="ORD-1")["itemCode"]
    events = vnpost_sim.advance(item, "happy", steps=2)
    assert events == [
        {
            "event_id": f"vnpost:{item}:2:20261120090000",
            "item_code": item,
            "order_number": "ORD-1",
            "status": 2,
            "status_text": STATUS_TEXT[2],
            "occurred_at": "2026-11-20T09:00:00+07:00",
        },
        {
            "event_id": f"vnpost:{item}:4:20261120100000",
            "item_code": item,
            "order_number": "ORD-1",
            "status": 4,
            "status_text": "Đang lấy hàng",
            "occurred_at": "2026-11-20T10:00:00+07:00",
        },
    ]
    row = track(http, vnpost_sim, token, item)[0]
    assert row["status"] == 4 and row["updatedDate"] == "20/11/2026 10:00:00"
    assert re.fullmatch(r"\d\d/\d\d/\d{4} \d\d:\d\d:\d\d", row["updatedDate"])


def test_switching_scenario_needs_a_common_prefix(
    http: httpx.Client, vnpost_sim: VnpostSimulator, token: str
) -> None:
    item = create(http, vnpost_sim, token)["itemCode"]
    vnpost_sim.advance(item, "happy", steps=6)  # 1 2 4 6 7 10 12
    with pytest.raises(SimulationError, match="not along"):
        vnpost_sim.advance(item, "failed_pickup")
    events = vnpost_sim.advance(item, "failed_delivery_return", steps=2)
    assert [e["status"] for e in events] == [15, 16]


def test_advance_argument_errors(vnpost_sim: VnpostSimulator) -> None:
    order = vnpost_sim.create_order_direct(sale_order_code="X")
    with pytest.raises(SimulationError, match="unknown scenario"):
        vnpost_sim.advance(order.item_code, "teleport")
    with pytest.raises(SimulationError, match="steps"):
        vnpost_sim.advance(order.item_code, steps=0)
    with pytest.raises(SimulationError, match="no shipment"):
        vnpost_sim.advance("EB000000015VN")
    assert [e["status"] for e in vnpost_sim.advance(order.item_code, "cancelled", steps=99)] == [
        2,
        9,
    ]
