"""Every fault type, observed by a raw httpx client over the real socket."""

from __future__ import annotations

import json

import httpx
import pytest

from onestop_core.testing.simulators import DvcqgSimulator, FaultSpecError, VnpostSimulator

from .helpers import DST, dossier, dvcqg_call, dvcqg_login, vnpost_token

AUTH = {"username": "sim-user", "password": "sim-pass"}


@pytest.mark.parametrize("status", [500, 502, 503, 504])
def test_http_5xx(http: httpx.Client, dvcqg_sim: DvcqgSimulator, status: int) -> None:
    dvcqg_sim.add_fault("/auth", status=status)
    r = http.post(dvcqg_sim.url + "/auth", json=AUTH, headers=DST)
    assert r.status_code == status and "simulated" in r.text
    assert http.post(dvcqg_sim.url + "/auth", json=AUTH, headers=DST).status_code == 200


def test_faults_are_consumed_in_order_with_times(
    http: httpx.Client, dvcqg_sim: DvcqgSimulator
) -> None:
    dvcqg_sim.add_fault("*", status=503, times=2)
    dvcqg_sim.add_fault("*", status=500)
    codes = [
        http.post(dvcqg_sim.url + "/auth", json=AUTH, headers=DST).status_code for _ in range(4)
    ]
    assert codes == [503, 503, 500, 200]
    assert [r.fault for r in dvcqg_sim.requests(masked=False)] == [
        "status",
        "status",
        "status",
        None,
    ]


def test_retry_after(http: httpx.Client, vnpost_sim: VnpostSimulator) -> None:
    vnpost_sim.add_fault("GetAccessToken", retry_after=3)
    vnpost_sim.add_fault("GetAccessToken", retry_after=1, status=503)
    r = http.post(vnpost_sim.url + "/customer-partner/GetAccessToken", json={})
    assert r.status_code == 429 and r.headers["Retry-After"] == "3"
    r = http.post(vnpost_sim.url + "/customer-partner/GetAccessToken", json={})
    assert r.status_code == 503 and r.headers["Retry-After"] == "1"


def test_timeout_with_a_short_client_timeout(http: httpx.Client) -> None:
    with DvcqgSimulator(timeout_sleep=3.0) as sim:
        sim.add_fault("/auth", timeout=True)
        with pytest.raises(httpx.ReadTimeout):
            http.post(sim.url + "/auth", json=AUTH, headers=DST, timeout=0.3)
        # the next request is answered normally (on a new connection)
        assert http.post(sim.url + "/auth", json=AUTH, headers=DST).status_code == 200


def test_timeout_seconds_can_be_given_per_fault(
    http: httpx.Client, dvcqg_sim: DvcqgSimulator
) -> None:
    dvcqg_sim.add_fault("/auth", timeout=2.5)
    with pytest.raises(httpx.ReadTimeout):
        http.post(dvcqg_sim.url + "/auth", json=AUTH, headers=DST, timeout=0.2)


def test_dropped_connection(http: httpx.Client, dvcqg_sim: DvcqgSimulator) -> None:
    dvcqg_sim.add_fault("/auth", drop=True)
    with pytest.raises((httpx.RemoteProtocolError, httpx.ReadError)):
        http.post(dvcqg_sim.url + "/auth", json=AUTH, headers=DST)
    assert dvcqg_sim.requests(masked=False)[0].status is None
    assert http.post(dvcqg_sim.url + "/auth", json=AUTH, headers=DST).status_code == 200


def test_malformed_body(http: httpx.Client, dvcqg_sim: DvcqgSimulator) -> None:
    dvcqg_sim.add_fault("/auth", body='{"error_code": 0, "sess', content_type="application/json")
    r = http.post(dvcqg_sim.url + "/auth", json=AUTH, headers=DST)
    assert r.status_code == 200 and r.headers["content-type"] == "application/json"
    with pytest.raises(json.JSONDecodeError):
        r.json()
    dvcqg_sim.add_fault("/auth", body="<html>Bad Gateway</html>", status=502)
    r = http.post(dvcqg_sim.url + "/auth", json=AUTH, headers=DST)
    assert r.status_code == 502 and r.text.startswith("<html>")


def test_oversized_body(http: httpx.Client, dvcqg_sim: DvcqgSimulator) -> None:
    size = 2 * 1024 * 1024
    dvcqg_sim.add_fault("/auth", oversized=size)
    with http.stream("POST", dvcqg_sim.url + "/auth", json=AUTH, headers=DST) as r:
        assert int(r.headers["content-length"]) == size
        received = 0
        for chunk in r.iter_bytes():
            received += len(chunk)
            if received > 1024 * 1024:  # a client-side size cap (1 MiB) trips here
                break
    assert received > 1024 * 1024


def test_oversized_body_is_valid_json_of_the_exact_size(
    http: httpx.Client, dvcqg_sim: DvcqgSimulator
) -> None:
    dvcqg_sim.add_fault("/auth", oversized=5000)
    r = http.post(dvcqg_sim.url + "/auth", json=AUTH, headers=DST)
    assert len(r.content) == 5000 and r.json()["error_code"] == 0


def test_business_error_code_fault(http: httpx.Client, dvcqg_sim: DvcqgSimulator) -> None:
    session = dvcqg_login(http, dvcqg_sim)
    dvcqg_sim.add_fault("DongBoHoSoMC", error_code="-99", message="Hệ thống bận")
    reply = dvcqg_call(
        http, dvcqg_sim, session, "DongBoHoSoMC", isUpdating="False", data=[dossier()]
    )
    assert reply == {"error_code": "-99", "message": "Hệ thống bận"}
    assert dvcqg_sim.dossiers == {}


def test_business_error_code_fault_vnpost(http: httpx.Client, vnpost_sim: VnpostSimulator) -> None:
    token = vnpost_token(http, vnpost_sim)
    vnpost_sim.add_fault("ServicesCharge", error_code="E_BUSY")
    r = http.post(
        vnpost_sim.url + "/customer-partner/ServicesCharge",
        headers={"token": token},
        json={"serviceCode": "ETN011", "weight": 100},
    )
    assert r.status_code == 400
    assert r.json() == {
        "success": False,
        "errorCode": "E_BUSY",
        "errorMessage": "Lỗi nghiệp vụ (giả lập)",
    }


def test_expired_session_dvcqg(http: httpx.Client, dvcqg_sim: DvcqgSimulator) -> None:
    session = dvcqg_login(http, dvcqg_sim)
    dvcqg_sim.add_fault("TraCuuHoSo", expire_session=True)
    reply = dvcqg_call(http, dvcqg_sim, session, "TraCuuHoSo", mahoso="X")
    assert reply == {"error_code": "-401", "message": "Phiên làm việc hết hạn"}
    # the session stays dead; a new login works
    assert dvcqg_call(http, dvcqg_sim, session, "LayDanhMucCoQuan")["error_code"] == "-401"
    fresh = dvcqg_login(http, dvcqg_sim)
    assert dvcqg_call(http, dvcqg_sim, fresh, "TraCuuHoSo", mahoso="X")["error_code"] == 0


def test_expired_token_vnpost(http: httpx.Client, vnpost_sim: VnpostSimulator) -> None:
    token = vnpost_token(http, vnpost_sim)
    vnpost_sim.add_fault("getOrder", expire_session=True)
    url = vnpost_sim.url + "/customer-partner/getOrder?type=1&code=EB123456785VN"
    r = http.get(url, headers={"token": token})
    assert r.status_code == 401 and r.json()["errorCode"] == "UNAUTHORIZED"
    assert http.get(url, headers={"token": vnpost_token(http, vnpost_sim)}).status_code == 200


def test_delay_still_answers(http: httpx.Client, dvcqg_sim: DvcqgSimulator) -> None:
    dvcqg_sim.add_fault("/auth", delay=0.05)
    assert http.post(dvcqg_sim.url + "/auth", json=AUTH, headers=DST).json()["error_code"] == 0


def test_service_selector_is_more_specific_than_path(
    http: httpx.Client, dvcqg_sim: DvcqgSimulator
) -> None:
    session = dvcqg_login(http, dvcqg_sim)
    dvcqg_sim.add_fault("DongBoHoSoMC", status=503)
    # another service on the same path is not hit
    assert dvcqg_call(http, dvcqg_sim, session, "TraCuuHoSo", mahoso="X")["error_code"] == 0
    r = http.post(
        dvcqg_sim.url + "/integration",
        headers=DST,
        json={
            "session": session,
            "madonvi": "000.01.01.H99",
            "service": "DongBoHoSoMC",
            "isUpdating": "False",
            "data": [dossier()],
        },
    )
    assert r.status_code == 503


def test_commit_applies_the_request_but_the_client_sees_the_fault(
    http: httpx.Client, dvcqg_sim: DvcqgSimulator
) -> None:
    session = dvcqg_login(http, dvcqg_sim)
    dvcqg_sim.add_fault("DongBoHoSoMC", drop=True, commit=True)
    body = {
        "session": session,
        "madonvi": "000.01.01.H99",
        "service": "DongBoHoSoMC",
        "isUpdating": "False",
        "data": [dossier()],
    }
    with pytest.raises((httpx.RemoteProtocolError, httpx.ReadError)):
        http.post(dvcqg_sim.url + "/integration", json=body, headers=DST)
    assert list(dvcqg_sim.dossiers) == [dossier()["MaHoSo"]]
    # a blind retry now hits "already exists": the adapter must switch to update
    assert (
        http.post(dvcqg_sim.url + "/integration", json=body, headers=DST).json()["error_code"]
        == "-3"
    )


def test_without_commit_nothing_is_applied(http: httpx.Client, dvcqg_sim: DvcqgSimulator) -> None:
    session = dvcqg_login(http, dvcqg_sim)
    dvcqg_sim.add_fault("DongBoHoSoMC", status=500)
    body = {
        "session": session,
        "madonvi": "000.01.01.H99",
        "service": "DongBoHoSoMC",
        "isUpdating": "False",
        "data": [dossier()],
    }
    assert http.post(dvcqg_sim.url + "/integration", json=body, headers=DST).status_code == 500
    assert dvcqg_sim.dossiers == {}


@pytest.mark.parametrize(
    "spec",
    [
        {"bogus": True},
        {"status": 503, "drop": True},
        {"times": 0},
        {"status": 99},
        {"delay": -1},
        {"error_code": [1]},
        {"body": 5},
    ],
)
def test_fault_spec_validation(dvcqg_sim: DvcqgSimulator, spec: dict[str, object]) -> None:
    with pytest.raises(FaultSpecError):
        dvcqg_sim.add_fault("*", spec)


def test_clear_faults(http: httpx.Client, dvcqg_sim: DvcqgSimulator) -> None:
    dvcqg_sim.add_fault("/auth", status=500)
    dvcqg_sim.add_fault("/share", status=500)
    dvcqg_sim.clear_faults("/auth")
    assert list(dvcqg_sim.faults.snapshot()) == ["/share"]
    assert http.post(dvcqg_sim.url + "/auth", json=AUTH, headers=DST).status_code == 200
    dvcqg_sim.clear_faults()
    assert dvcqg_sim.faults.snapshot() == {}
