"""Toy remotes (MockTransport handlers) and reference adapters for the toolkit's own tests.

``FakeDvcqg`` speaks a DVCQG-like envelope (``integrations.md`` §1.2–1.5) and ``FakeVnpost``
a MyVNPost-like API (§4.4) with our Standard-Webhooks relay for callbacks (§6.1). The two
adapters show how the toolkit is meant to be used and are what the contract suite runs on.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import deque
from collections.abc import Mapping, Sequence
from typing import Any

import httpx

from onestop_core.adapters import (
    AuthError,
    BusinessError,
    DossierSyncPayload,
    HttpClient,
    PayloadValidationError,
    ProgressStep,
    PushReceipt,
    Quote,
    RetryPolicy,
    Shipment,
    ShipmentReceipt,
    TrackingEvent,
    call_with_retry,
    format_compact,
    myvnpost_state,
    parse_remote_time,
    sign_standard_webhook,
    verify_standard_webhook,
)

NOW = dt.datetime(2026, 11, 20, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=7)))
SECRET = "whsec_dGVzdC1yZWxheS1zZWNyZXQtMDEyMzQ1Njc4OQ=="
_S10 = (8, 6, 4, 2, 3, 5, 9, 7)


def _json(doc: Any, status: int = 200) -> httpx.Response:
    return httpx.Response(status, json=doc)


class _Faults:
    """Faults served on write calls: ``transient`` → 503, ``auth`` → 401, ``business`` → 200
    with the remote's business error."""

    def __init__(self) -> None:
        self.queue: deque[str] = deque()
        self.writes = 0

    def fail_next(self, fault: str, times: int = 1) -> None:
        self.queue.extend([fault] * times)

    def next_write(self) -> str | None:
        self.writes += 1
        return self.queue.popleft() if self.queue else None


class FakeDvcqg(_Faults):
    """A DVCQG-like adapter URL: ``/auth``, ``/integration`` and ``/share``."""

    def __init__(self) -> None:
        super().__init__()
        self.dossiers: dict[str, dict[str, Any]] = {}
        self.progress: dict[str, list[dict[str, Any]]] = {}
        self.sessions: set[str] = set()
        self.logins = 0
        self.requests: list[httpx.Request] = []

    def handle(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        body = json.loads(request.content or b"{}")
        if request.url.path == "/auth":
            if body != {"username": "demo", "password": "demo-pass"}:
                return _json({"error_code": 1, "message": "Sai tài khoản"})
            self.logins += 1
            session = f"s-{self.logins}"
            self.sessions.add(session)
            return _json({"error_code": 0, "session": session})
        if body.get("session") not in self.sessions:
            return httpx.Response(401)
        service = body.get("service")
        if service in ("DongBoHoSoMC", "CapNhatTienDoHoSoMC"):
            fault = self.next_write()
            if fault == "transient":
                return httpx.Response(503)
            if fault == "auth":
                self.sessions.clear()
                return httpx.Response(401)
            if fault == "business":
                return _json({"error_code": "7", "message": "Dữ liệu không hợp lệ"})
        if service == "TraCuuHoSo":
            found = self.dossiers.get(body.get("mahoso", ""))
            return _json({"error_code": 0, "result": [found] if found else []})
        if service == "DongBoHoSoMC":
            for item in body["data"]:
                exists = item["MaHoSo"] in self.dossiers
                if exists and body["isUpdating"] != "True":
                    return _json({"error_code": "-3", "message": "Hồ sơ đã tồn tại"})
                self.dossiers[item["MaHoSo"]] = item
            return _json({"error_code": 0, "message": "Đồng bộ thành công"})
        if service == "CapNhatTienDoHoSoMC":
            if len(body["data"]) > 10:
                return _json({"error_code": "2", "message": "Tối đa 10 bản ghi"})
            for step in body["data"]:
                self.progress.setdefault(step["MaHoSo"], []).append(step)
            return _json({"error_code": 0, "message": "Cập nhật thành công"})
        if service == "LayDanhMucCoQuan":
            return _json({"error_code": 0, "result": [{"MADONVI": "000.00.06.H56"}]})
        return _json({"error_code": "404", "message": f"unknown service {service}"})


def dvcqg_item(p: DossierSyncPayload) -> dict[str, Any]:
    """The ``DongBoHoSoMC`` item of a payload (a subset of §1.4)."""

    def t(x: dt.datetime | None) -> str:
        return format_compact(x) if x else ""

    return {
        "MaHoSo": p.code,
        "MaTTHC": p.procedure_code,
        "TenTTHC": p.procedure_name,
        "KenhThucHien": str(p.channel.value),
        "ChuHoSo": p.applicant.name,
        "SoGiayToChuHoSo": p.applicant.id_number,
        "SoDienThoai": p.applicant.phone,
        "TrichYeuHoSo": p.summary,
        "NgayTiepNhan": t(p.received_at),
        "NgayHenTra": t(p.due_at),
        "TrangThaiHoSo": str(p.status),
        "HinhThuc": str(p.result_delivery.value),
    }


class DvcqgAdapter:
    """A reference national adapter over the toolkit (a NationalPortalAdapter)."""

    system = "dvcqg"

    def __init__(self, http: HttpClient, *, retry: RetryPolicy) -> None:
        self.http = http
        self.retry = retry
        self.session: str | None = None

    def login(self) -> None:
        doc = self.http.post("/auth", json={"username": "demo", "password": "demo-pass"}).json()
        if str(doc.get("error_code")) != "0":
            raise AuthError("DVCQG login refused", system=self.system)
        self.session = doc["session"]

    def _call(self, endpoint: str, service: str, key: str | None, **fields: Any) -> tuple[Any, int]:
        def attempt(n: int) -> tuple[Any, int]:
            if self.session is None:
                self.login()
            envelope = {"session": self.session, "madonvi": "000.00.06.H56", "service": service}
            response = self.http.post(
                endpoint, json={**envelope, **fields}, idempotency_key=key, retry=False
            )
            doc = response.json()
            if not isinstance(doc, dict):
                raise PayloadValidationError("DVCQG answered with a non-object", path="body")
            if str(doc.get("error_code")) != "0":
                raise BusinessError(
                    f"DVCQG {service} refused",
                    code=str(doc.get("error_code")),
                    remote_message=str(doc.get("message", "")),
                    system=self.system,
                    operation=service,
                )
            return doc, n

        return call_with_retry(attempt, policy=self.retry, relogin=self.login, name=service)

    def lookup_dossier(self, code: str) -> dict[str, Any] | None:
        doc, _ = self._call("/share", "TraCuuHoSo", None, mahoso=code)
        result = doc.get("result") or []
        return dict(result[0]) if result else None

    def upsert_dossier(self, payload: DossierSyncPayload, *, idempotency_key: str) -> PushReceipt:
        updating = self.lookup_dossier(payload.code) is not None
        data = [dvcqg_item(payload)]
        try:
            doc, attempts = self._call(
                "/integration", "DongBoHoSoMC", idempotency_key, isUpdating=str(updating), data=data
            )
        except BusinessError as exc:  # created meanwhile: "đã tồn tại" means update (§1.2)
            if updating or "đã tồn tại" not in exc.remote_message:
                raise
            doc, attempts = self._call(
                "/integration", "DongBoHoSoMC", idempotency_key, isUpdating="True", data=data
            )
        return PushReceipt(
            ok=True,
            system=self.system,
            idempotency_key=idempotency_key,
            remote_id=payload.code,
            code_raw=str(doc.get("error_code")),
            message_raw=str(doc.get("message", "")),
            attempts=attempts,
        )

    def push_progress(
        self, code: str, steps: Sequence[ProgressStep], *, idempotency_key: str
    ) -> PushReceipt:
        attempts = 0
        for start in range(0, len(steps), 10):  # chunks of 10 (§1.2, source B)
            chunk = [
                {
                    "MaHoSo": code,
                    "NguoiXuLy": s.actor_name,
                    "ThoiDiemXuLy": format_compact(s.at),
                    "NoiDungXuLy": s.note,
                    "TrangThai": str(s.status),
                }
                for s in steps[start : start + 10]
            ]
            _doc, n = self._call(
                "/integration", "CapNhatTienDoHoSoMC", f"{idempotency_key}:{start}", data=chunk
            )
            attempts = max(attempts, n)
        return PushReceipt(
            ok=True, system=self.system, idempotency_key=idempotency_key, attempts=attempts or 1
        )

    def fetch_catalogue(self, name: str, **params: Any) -> list[dict[str, Any]]:
        doc, _ = self._call("/share", name, None, **params)
        return [dict(r) for r in doc.get("result") or []]


def s10(serial: int) -> str:
    digits = f"{serial:08d}"
    check = 11 - sum(int(d) * w for d, w in zip(digits, _S10, strict=True)) % 11
    return f"EE{digits}{0 if check == 10 else 5 if check == 11 else check}VN"


class FakeVnpost(_Faults):
    """A MyVNPost-like API (header ``token``) plus our signed callback relay."""

    def __init__(self) -> None:
        super().__init__()
        self.orders: dict[str, dict[str, Any]] = {}  # by item code
        self.tokens: set[str] = set()
        self.logins = 0

    def count(self, order_number: str) -> int:
        return sum(1 for o in self.orders.values() if o["OrderNumber"] == order_number)

    def handle(self, request: httpx.Request) -> httpx.Response:
        path = request.url.path
        if path == "/customer-partner/GetAccessToken":
            self.logins += 1
            token = f"t-{self.logins}"
            self.tokens.add(token)
            return _json({"success": True, "token": token})
        if request.headers.get("token") not in self.tokens:
            return httpx.Response(401)
        body = json.loads(request.content or b"{}") if request.method == "POST" else {}
        if path == "/customer-partner/CreateOrder":
            fault = self.next_write()
            if fault == "transient":
                return httpx.Response(503, headers={"Retry-After": "1"})
            if fault == "auth":
                self.tokens.clear()
                return httpx.Response(401)
            if fault == "business":
                return _json({"success": False, "errorMessage": "Địa chỉ không hợp lệ"})
            for code, order in self.orders.items():  # dedupe by order number (§6.2)
                if order["OrderNumber"] == body["OrderNumber"]:
                    return _json({"success": True, "ItemCode": code, "Status": "1"})
            code = s10(len(self.orders) + 1)
            self.orders[code] = {**body, "history": [(1, NOW)]}
            return _json({"success": True, "ItemCode": code, "Status": "1", "TotalFee": 25000})
        if path == "/customer-partner/ServicesCharge":
            return _json({"success": True, "TotalFee": 25000, "ServiceCode": "ETN011"})
        if path == "/customer-partner/orderCancel":
            order = self.orders.get(body.get("ItemCode", ""))
            if order is None:
                return _json({"success": False, "errorMessage": "Không tìm thấy"})
            order["history"].append((9, NOW + dt.timedelta(minutes=5)))
            return _json({"success": True, "caseId": "c-1"})
        if path == "/customer-partner/getOrder":
            order = self.orders.get(request.url.params.get("code", ""))
            results = [
                {
                    "itemCode": request.url.params["code"],
                    "status": s,
                    "updatedDate": f"{t:%d/%m/%Y %H:%M:%S}",
                }
                for s, t in (order["history"] if order else [])
            ]
            return _json({"results": results})
        return httpx.Response(404)

    def callback_for(
        self, item_code: str, status: int = 14
    ) -> tuple[dict[str, str], bytes, dict[str, str]]:
        body = json.dumps(
            {"events": [{"itemCode": item_code, "status": status, "time": "20/11/2026 16:00:00"}]}
        ).encode()
        return sign_standard_webhook(f"msg-{item_code}-{status}", NOW, body, SECRET), body, {}


class VnpostAdapter:
    """A reference postal adapter over the toolkit (a PostalAdapter)."""

    carrier = "vnpost"

    def __init__(self, http: HttpClient, *, retry: RetryPolicy, secrets: Sequence[str]) -> None:
        self.http = http
        self.retry = retry
        self.secrets = list(secrets)
        self.token: str | None = None

    def login(self) -> None:
        doc = self.http.post("/customer-partner/GetAccessToken", json={"username": "demo"}).json()
        self.token = doc["token"]

    def _post(self, path: str, body: Mapping[str, Any], key: str | None) -> tuple[Any, int]:
        def attempt(n: int) -> tuple[Any, int]:
            if self.token is None:
                self.login()
            response = self.http.post(
                path,
                json=dict(body),
                headers={"token": self.token or ""},
                idempotency_key=key,
                retry=False,
            )
            doc = response.json()
            if not doc.get("success"):
                raise BusinessError(
                    f"VNPost {path} refused",
                    remote_message=str(doc.get("errorMessage", "")),
                    system=self.carrier,
                )
            return doc, n

        return call_with_retry(attempt, policy=self.retry, relogin=self.login, name=path)

    def quote(self, shipment: Shipment) -> Quote:
        doc, _ = self._post("/customer-partner/ServicesCharge", {"Weight": shipment.weight_g}, None)
        return Quote(carrier=self.carrier, service_code=doc["ServiceCode"], fee_vnd=doc["TotalFee"])

    def create_shipment(self, shipment: Shipment, *, idempotency_key: str) -> ShipmentReceipt:
        body = {
            "OrderNumber": shipment.order_number,
            "ServiceCode": shipment.service_code,
            "ReceiverName": shipment.receiver.name,
            "ReceiverTel": shipment.receiver.phone,
            "ReceiverProvince": shipment.receiver.address.province_code,
            "WeightGram": shipment.weight_g,
        }
        doc, attempts = self._post("/customer-partner/CreateOrder", body, idempotency_key)
        return ShipmentReceipt(
            carrier=self.carrier,
            item_code=doc["ItemCode"],
            order_number=shipment.order_number,
            idempotency_key=idempotency_key,
            status_code_raw=str(doc.get("Status", "")),
            attempts=attempts,
        )

    def cancel_shipment(self, item_code: str, *, reason: str) -> PushReceipt:
        doc, attempts = self._post("/customer-partner/orderCancel", {"ItemCode": item_code}, None)
        return PushReceipt(
            ok=True,
            system=self.carrier,
            idempotency_key="",
            remote_id=str(doc.get("caseId", "")),
            attempts=attempts,
        )

    def _events(self, rows: Sequence[Mapping[str, Any]], time_key: str) -> list[TrackingEvent]:
        events = [
            TrackingEvent(
                carrier=self.carrier,
                item_code=str(r["itemCode"]),
                code_raw=str(r["status"]),
                normalized=myvnpost_state(r["status"]),
                occurred_at=parse_remote_time(str(r[time_key]), path=time_key),
            )
            for r in rows
        ]
        return sorted(events, key=lambda e: e.occurred_at)

    def track(self, item_code: str) -> list[TrackingEvent]:
        doc = self.http.get(
            "/customer-partner/getOrder",
            params={"type": 1, "code": item_code},
            headers={"token": self.token or ""},
        ).json()
        return self._events(doc["results"], "updatedDate")

    def parse_callback(
        self, headers: Mapping[str, str], body: bytes, query: Mapping[str, str]
    ) -> list[TrackingEvent]:
        verify_standard_webhook(headers, body, self.secrets, now=NOW)  # before any parsing
        try:
            doc = json.loads(body)
        except ValueError:
            raise PayloadValidationError("callback body is not JSON", path="body") from None
        return self._events(doc["events"], "time")
