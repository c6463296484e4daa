"""The test-only control plane under /__sim/ (via SimControl and raw httpx)."""

from __future__ import annotations

import json
from collections.abc import Callable

import httpx
import pytest

from onestop_core.testing.simulators import (
    CallbackReceiver,
    DvcqgSimulator,
    SimControl,
    SimulationError,
    SimulatorServer,
    VnpostSimulator,
)

from .helpers import DST, SECRET, dossier, dvcqg_call, dvcqg_login, vnpost_token

Factory = Callable[[SimulatorServer], SimControl]


def test_faults_add_list_clear(
    sim_client: Factory, dvcqg_sim: DvcqgSimulator, http: httpx.Client
) -> None:
    ctl = sim_client(dvcqg_sim)
    ctl.add_fault("/auth", status=503, times=2)
    ctl.call("POST", "faults", [{"route": "DongBoHoSoMC", "drop": True}, {"retry_after": 1}])
    assert ctl.faults() == {
        "/auth": [{"effect": "status", "status": 503, "times": 2}],
        "dongbohosomc": [{"effect": "drop", "times": 1}],
        "*": [{"effect": "retry_after", "retry_after": 1, "times": 1}],
    }
    assert http.post(dvcqg_sim.url + "/auth", json={}, headers=DST).status_code == 503
    assert ctl.faults()["/auth"][0]["times"] == 1
    ctl.clear_faults("/auth")
    assert set(ctl.faults()) == {"dongbohosomc", "*"}
    ctl.clear_faults()
    assert ctl.faults() == {}


def test_bad_fault_specs_are_400(
    sim_client: Factory, dvcqg_sim: DvcqgSimulator, http: httpx.Client
) -> None:
    ctl = sim_client(dvcqg_sim)
    with pytest.raises(SimulationError, match="unknown fault field"):
        ctl.add_fault("*", explode=True)
    r = http.post(dvcqg_sim.url + "/__sim/faults", content=b"{oops")
    assert r.status_code == 400 and r.json()["ok"] is False
    r = http.post(dvcqg_sim.url + "/__sim/faults", json=[1])
    assert r.status_code == 400


def test_control_plane_is_neither_logged_nor_faulted(
    sim_client: Factory, dvcqg_sim: DvcqgSimulator
) -> None:
    ctl = sim_client(dvcqg_sim)
    ctl.add_fault("*", drop=True, times=10)
    assert ctl.state()["simulator"] == "dvcqg"  # not dropped
    assert ctl.requests() == []


def test_requests_are_exported_masked(
    sim_client: Factory, dvcqg_sim: DvcqgSimulator, http: httpx.Client
) -> None:
    session = dvcqg_login(http, dvcqg_sim)
    dvcqg_call(
        http,
        dvcqg_sim,
        session,
        "DongBoHoSoMC",
        isUpdating="False",
        data=[dossier()],
        headers={"Idempotency-Key": "k-1", "Authorization": "Bearer abc"},
    )
    log = sim_client(dvcqg_sim).requests()
    assert [r["path"] for r in log] == ["/auth", "/integration"]
    assert log[0]["body"] == {"username": "sim-user", "password": "***"}
    sync = log[1]
    assert sync["body"]["session"] == "***" and sync["body"]["service"] == "DongBoHoSoMC"
    assert sync["headers"]["authorization"] == "***" and sync["headers"]["idempotency-key"] == "k-1"
    assert sync["headers"]["dstcode"] == "SIM-DST"
    item = sync["body"]["data"][0]
    assert item["SoDienThoai"] == "*******678"
    assert item["SoGiayToChuHoSo"] == "*********345"
    assert item["ChuHoSo"] == "N. V. A."
    assert item["Email"] == "a***@example.vn"
    assert item["MaHoSo"] == dossier()["MaHoSo"]
    assert sync["routes"][0] == "DongBoHoSoMC" and sync["status"] == 200
    text = json.dumps(log, ensure_ascii=False)
    for secret in ("sim-pass", session, "0912345678", "001204012345", "Nguyễn Văn An", "abc"):
        assert secret not in text
    assert [r["path"] for r in sim_client(dvcqg_sim).requests(path="/auth")] == ["/auth"]
    # the raw log (Python API) keeps everything for exact assertions
    raw = dvcqg_sim.requests(masked=False)[1].json()
    assert raw["session"] == session and raw["data"][0]["SoDienThoai"] == "0912345678"


def test_state_is_exported_masked(
    sim_client: Factory, vnpost_sim: VnpostSimulator, http: httpx.Client
) -> None:
    token = vnpost_token(http, vnpost_sim)
    http.post(
        vnpost_sim.url + "/customer-partner/CreateOrder",
        headers={"token": token},
        json={
            "informationOrder": {
                "senderName": "UBND xã",
                "senderPhone": "0241234567",
                "senderAddress": "a, b",
                "receiverName": "Lê Thị Cúc",
                "receiverPhone": "0987654321",
                "receiverAddress": "Số 5, phường X, Huế",
                "serviceCode": "ETN011",
                "saleOrderCode": "S-1",
                "weight": "100",
            }
        },
    )
    state = sim_client(vnpost_sim).state()
    (order,) = state["orders"].values()
    info = order["information"]
    assert info["receiverPhone"] == "*******321" and info["receiverName"] == "L. T. C."
    assert info["receiverAddress"] == "***, Huế" and info["saleOrderCode"] == "S-1"
    assert state["logins_active"] == 1 and state["now"] == "2026-11-20T08:00:00+07:00"
    assert "0987654321" not in json.dumps(state, ensure_ascii=False)


def test_reset(sim_client: Factory, dvcqg_sim: DvcqgSimulator, http: httpx.Client) -> None:
    session = dvcqg_login(http, dvcqg_sim)
    dvcqg_call(http, dvcqg_sim, session, "DongBoHoSoMC", isUpdating="False", data=[dossier()])
    ctl = sim_client(dvcqg_sim)
    ctl.advance(seconds=3600)
    ctl.add_fault("*", status=500)
    ctl.reset()
    state = ctl.state()
    assert state["dossiers"] == {} and state["logins_active"] == 0 and state["faults"] == {}
    assert state["now"] == "2026-11-20T08:00:00+07:00"
    assert ctl.requests() == []
    assert dvcqg_call(http, dvcqg_sim, session, "TraCuuHoSo", mahoso="X")["error_code"] == "-401"


def test_advance_clock(sim_client: Factory, dvcqg_sim: DvcqgSimulator) -> None:
    ctl = sim_client(dvcqg_sim)
    assert ctl.advance(seconds=90)["now"] == "2026-11-20T08:01:30+07:00"
    assert ctl.advance(to="2026-12-01T00:00:00Z")["now"] == "2026-12-01T07:00:00+07:00"
    with pytest.raises(SimulationError):
        ctl.advance(seconds="soon")


def test_vnpost_advance_register_and_attempts_over_http(
    sim_client: Factory, vnpost_sim: VnpostSimulator, callback_receiver: CallbackReceiver
) -> None:
    ctl = sim_client(vnpost_sim)
    ctl.register_callback(callback_receiver.callback_url, SECRET, max_attempts=2)
    item = vnpost_sim.create_order_direct(sale_order_code="X").item_code
    ctl.add_fault("callback", reorder=True)
    reply = ctl.advance(item_code=item, scenario="failed_pickup", steps=1)
    assert [e["status"] for e in reply["events"]] == [2]
    assert callback_receiver.received() == []
    ctl.advance(flush_callbacks=True)
    assert len(callback_receiver.received()) == 1
    reply = ctl.advance(item_code=item, scenario="failed_pickup", steps=None)
    assert [e["status"] for e in reply["events"]] == [4, 5, 4, 8]
    attempts = ctl.callback_attempts()
    assert len(attempts) == 5 and all(a["status"] == 200 for a in attempts)
    with pytest.raises(SimulationError, match="final"):
        ctl.advance(item_code=item, scenario="failed_pickup")
    with pytest.raises(SimulationError, match="url"):
        ctl.call("POST", "callback", {"secret": SECRET})


def test_unknown_control_route_and_non_loopback_client(dvcqg_sim: DvcqgSimulator) -> None:
    ctl = SimControl(dvcqg_sim.url)
    with pytest.raises(SimulationError, match="404"):
        ctl.call("GET", "nothing-here")
    with pytest.raises(SimulationError, match=r"127\.0\.0\.1"):
        SimControl("http://example.org:8080")
