"""Wire-level helpers shared by the simulator tests (they speak raw HTTP via httpx)."""

from __future__ import annotations

import base64
import hashlib
import hmac
from collections.abc import Mapping
from typing import Any

import httpx

from onestop_core.testing.simulators import DvcqgSimulator, VnpostSimulator

DST = {"dstcode": "SIM-DST"}
SECRET = "whsec_" + base64.b64encode(b"test-secret-0123456789").decode()


def dvcqg_login(http: httpx.Client, sim: DvcqgSimulator) -> str:
    r = http.post(
        sim.url + "/auth", json={"username": "sim-user", "password": "sim-pass"}, headers=DST
    )
    assert r.status_code == 200 and r.json()["error_code"] == 0
    session: str = r.json()["session"]
    return session


def dvcqg_call(
    http: httpx.Client,
    sim: DvcqgSimulator,
    session: str,
    service: str,
    *,
    endpoint: str = "/integration",
    headers: Mapping[str, str] | None = None,
    **params: Any,
) -> dict[str, Any]:
    body = {"session": session, "madonvi": "000.01.01.H99", "service": service, **params}
    r = http.post(sim.url + endpoint, json=body, headers={**DST, **(headers or {})})
    assert r.status_code == 200, r.text
    result: dict[str, Any] = r.json()
    return result


def dossier(ma: str = "000.01.01.H99-261120-00001", **overrides: Any) -> dict[str, Any]:
    item = {
        "MaHoSo": ma,
        "MaTTHC": "1.001193",
        "TenTTHC": "Thủ tục đăng ký khai sinh",
        "MaLinhVuc": "SIM-HT",
        "TenLinhVuc": "Hộ tịch",
        "KenhThucHien": "2",
        "ChuHoSo": "Nguyễn Văn An",
        "SoDienThoai": "0912345678",
        "Email": "an.nguyen@example.vn",
        "SoGiayToChuHoSo": "001204012345",
        "NgayTiepNhan": "20261120080000",
        "NgayHenTra": "20261120163000",
        "TrangThaiHoSo": "2",
        "HinhThuc": "0",
        "DonViXuLy": "UBND xã Giả Lập",
    }
    item.update(overrides)
    return item


def step(ma: str = "000.01.01.H99-261120-00001", n: int = 0, **overrides: Any) -> dict[str, Any]:
    item = {
        "MaHoSo": ma,
        "NguoiXuLy": "Trần Thị Bình",
        "ChucDanh": "Công chức tư pháp - hộ tịch",
        "ThoiDiemXuLy": f"20261120{8 + n // 60:02d}{n % 60:02d}00",
        "NoiDungXuLy": f"Bước {n}",
        "TrangThai": "4",
    }
    item.update(overrides)
    return item


def vnpost_token(http: httpx.Client, sim: VnpostSimulator) -> str:
    r = http.post(
        sim.url + "/customer-partner/GetAccessToken",
        json={"username": "sim-user", "password": "sim-pass", "customerCode": "SIM-CUST"},
    )
    assert r.status_code == 200 and r.json()["success"] is True
    token: str = r.json()["token"]
    return token


def order_body(sale_order_code: str = "H99-261120-00001-KQ", **info: Any) -> dict[str, Any]:
    information = {
        "senderName": "UBND xã Giả Lập",
        "senderPhone": "0241234567",
        "senderAddress": "Số 1 đường Giả Lập, xã Giả Lập, Hà Nội",
        "receiverName": "Nguyễn Văn An",
        "receiverPhone": "0912345678",
        "receiverAddress": "Số 12 ngõ 34, phường Ba Đình, Hà Nội",
        "serviceCode": "ETN011",
        "saleOrderCode": sale_order_code,
        "contentNote": "Kết quả TTHC",
        "weight": "300",
    }
    information.update(info)
    return {"orderCreationStatus": 1, "type": "GUI", "informationOrder": information}


def verify_standard_webhook(secret: str, headers: Mapping[str, str], body: bytes) -> bool:
    """Independent Standard Webhooks check (not the simulator's own signer)."""
    key = base64.b64decode(secret.removeprefix("whsec_"))
    signed = f"{headers['webhook-id']}.{headers['webhook-timestamp']}.".encode() + body
    expected = base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()
    candidates = [s.partition(",")[2] for s in headers["webhook-signature"].split()]
    return any(hmac.compare_digest(expected, c) for c in candidates)
