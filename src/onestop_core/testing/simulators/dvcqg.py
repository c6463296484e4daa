"""A National Public Service Portal (DVCQG) sync-interface simulator.

Wire format (every answer is HTTP 200 with a JSON envelope, except injected HTTP faults and
unknown paths; ``error_code`` is the number ``0`` on success and a string on error):

* ``POST /auth`` — header ``dstcode: SIM-DST``, body ``{"username": "sim-user",
  "password": "sim-pass"}`` → ``{"error_code": 0, "message": ..., "session": "SIMSESS-000001"}``;
  wrong credentials or dstcode → ``{"error_code": "-1", "message": ...}``.
* ``POST /integration`` and ``POST /share`` (both accept every service) — header ``dstcode``,
  body ``{"session", "madonvi", "service": <name>, ...}`` → ``{"error_code", "message",
  "result"}``. Services: ``TraCuuHoSo`` (``mahoso``), ``LayThuTuc`` (``maTTHC``),
  ``LayDanhSachTTHC``, ``LayDanhMucCoQuan``, ``LayDanhMucLinhVuc``, ``DongBoHoSoMC``
  (``isUpdating``, ``data: [...]``), ``CapNhatTienDoHoSoMC`` (``data``, at most 10 items),
  ``DongBoDanhGia`` (``data``).

Error codes: see :data:`~onestop_core.testing.simulators.dvcqg_data.ERROR_CODES`; an unknown
or expired session gives ``{"error_code": "-401", "message": "Phiên làm việc hết hạn"}``.
Batches are atomic: one bad item rejects the call and nothing is stored.
The real portal has no idempotency header; the simulator only *records* ``Idempotency-Key``
per dossier (:attr:`DvcqgSimulator.deliveries`) so tests can assert "delivered once".

>>> import json, urllib.request
>>> with DvcqgSimulator() as sim:
...     req = urllib.request.Request(sim.url + "/auth", method="POST",
...         data=b'{"username": "sim-user", "password": "sim-pass"}',
...         headers={"dstcode": "SIM-DST", "Content-Type": "application/json"})
...     with urllib.request.urlopen(req) as resp:
...         json.load(resp)["error_code"]
0
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from typing import Any, ClassVar

from onestop_core.testing.simulators.base import Reply, SimRequest, SimResponse, SimulatorServer
from onestop_core.testing.simulators.dvcqg_data import (
    AGENCIES,
    ERROR_CODES,
    FIELDS,
    PROCEDURES,
    validate_dossier,
    validate_evaluation,
    validate_progress,
)
from onestop_core.testing.simulators.logins import Logins

__all__ = ["DossierDeliveries", "DossierRecord", "DvcqgSimulator"]

SESSION_EXPIRED = "-401"
_Service = Callable[[SimRequest, dict[str, Any]], SimResponse]
MAX_PROGRESS_ITEMS = 10


@dataclasses.dataclass
class DossierRecord:
    """A dossier as stored by the simulator: the last item sent, its progress and surveys."""

    item: dict[str, Any]
    madonvi: str
    created_at: dt.datetime
    updated_at: dt.datetime
    progress: list[dict[str, Any]] = dataclasses.field(default_factory=list)
    evaluations: list[dict[str, Any]] = dataclasses.field(default_factory=list)


@dataclasses.dataclass
class DossierDeliveries:
    """How often a dossier was pushed: the "idempotency view" for exactly-once assertions.

    ``calls`` has one entry per push that named this dossier, in arrival order:
    ``{"service", "idempotency_key", "outcome"}`` with outcome ``created``, ``updated``,
    ``exists`` (create refused, -3), ``missing`` (-4), ``invalid`` (-2), ``rejected`` (a
    valid item refused with the rest of its batch) or ``appended`` (progress, surveys).
    """

    created: int = 0
    updated: int = 0
    create_conflicts: int = 0
    progress_steps: int = 0
    evaluations: int = 0
    calls: list[dict[str, Any]] = dataclasses.field(default_factory=list)

    @property
    def idempotency_keys(self) -> list[str]:
        """Distinct ``Idempotency-Key`` headers seen, in first-seen order."""
        keys = (c["idempotency_key"] for c in self.calls if c["idempotency_key"])
        return list(dict.fromkeys(keys))


class DvcqgSimulator(SimulatorServer):
    """DVCQG-like adapter: login, sessions, dossier sync, progress, surveys, catalogues.

    ``session_max_calls``: a session dies after that many calls (``None``: never);
    ``session_ttl``: seconds of *simulated* time a session lives (``None``: forever);
    ``success_code``: what ``error_code`` says on success (``0``, or ``"0"`` to test
    lenient clients).
    """

    name: ClassVar[str] = "dvcqg"
    USERNAME: ClassVar[str] = "sim-user"
    PASSWORD: ClassVar[str] = "sim-pass"
    DSTCODE: ClassVar[str] = "SIM-DST"

    def __init__(
        self,
        *,
        session_max_calls: int | None = None,
        session_ttl: float | None = None,
        success_code: int | str = 0,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.success_code = success_code
        self.sessions = Logins("SIMSESS", ttl=session_ttl, max_calls=session_max_calls)
        self.dossiers: dict[str, DossierRecord] = {}
        self.deliveries: dict[str, DossierDeliveries] = {}
        procedures = [{"MATTHC": p["MATTHC"], "TENTTHC": p["TENTTHC"]} for p in PROCEDURES.values()]
        self._services: dict[str, _Service] = {
            "TraCuuHoSo": self._lookup,
            "LayThuTuc": self._procedure,
            "LayDanhSachTTHC": self._listing(procedures),
            "LayDanhMucCoQuan": self._listing(AGENCIES),
            "LayDanhMucLinhVuc": self._listing(FIELDS),
            "DongBoHoSoMC": self._sync,
            "CapNhatTienDoHoSoMC": lambda r, b: self._append(r, b, "CapNhatTienDoHoSoMC"),
            "DongBoDanhGia": lambda r, b: self._append(r, b, "DongBoDanhGia"),
        }
        self.add_route("POST", "/auth", self._auth, op="auth")
        self.add_route("POST", "/integration", self._envelope)
        self.add_route("POST", "/share", self._envelope)

    # -- framework hooks -------------------------------------------------------------------
    def reset_state(self) -> None:
        self.sessions.clear()
        self.dossiers.clear()
        self.deliveries.clear()

    def state(self) -> dict[str, Any]:
        return {
            "logins_active": len(self.sessions),
            "dossiers": {
                k: dataclasses.asdict(v)
                | {"created_at": v.created_at.isoformat(), "updated_at": v.updated_at.isoformat()}
                for k, v in self.dossiers.items()
            },
            "deliveries": {
                k: dataclasses.asdict(v) | {"idempotency_keys": v.idempotency_keys}
                for k, v in self.deliveries.items()
            },
        }

    def route_keys(self, req: SimRequest, op: str | None) -> list[str]:
        service = None
        if req.path.lower() in ("/integration", "/share"):
            try:
                body = req.json()
                service = body.get("service") if isinstance(body, dict) else None
            except ValueError:
                pass
        extra = [service] if isinstance(service, str) and service else []
        return [*extra, *super().route_keys(req, op)]

    def expire_auth(self, req: SimRequest) -> None:
        try:
            body = req.json()
        except ValueError:
            return
        if isinstance(body, dict):
            self.sessions.revoke(body.get("session"))

    # -- helpers ---------------------------------------------------------------------------
    def _ok(self, message: str, result: Any = None, **extra: Any) -> SimResponse:
        body: dict[str, Any] = {"error_code": self.success_code, "message": message}
        if result is not None:
            body["result"] = result
        return SimResponse.json(body | extra)

    @staticmethod
    def _error(code: str, message: str | None = None, result: Any = None) -> Reply:
        body: dict[str, Any] = {"error_code": code, "message": message or ERROR_CODES[code]}
        if result is not None:
            body["result"] = result
        return Reply(SimResponse.json(body))

    def _check_session(self, token: object) -> None:
        if not self.sessions.use(token, self.now()):
            raise self._error(SESSION_EXPIRED)

    def _track(self, ma: str, req: SimRequest, service: str, outcome: str) -> DossierDeliveries:
        record = self.deliveries.setdefault(ma, DossierDeliveries())
        key = req.headers.get("idempotency-key")
        record.calls.append({"service": service, "idempotency_key": key, "outcome": outcome})
        return record

    def _items(self, body: dict[str, Any]) -> list[Any]:
        data = body.get("data")
        if not isinstance(data, list) or not data:
            raise self._error("-5", "'data' phải là danh sách khác rỗng")
        return data

    def _invalid(
        self, req: SimRequest, service: str, items: list[Any], problems: list[Any]
    ) -> Reply:
        for item in items:
            if isinstance(item, dict) and isinstance(item.get("MaHoSo"), str):
                self._track(item["MaHoSo"], req, service, "invalid")
        first = "; ".join(f"data[{p['index']}].{p['field']}: {p['message']}" for p in problems[:3])
        return self._error("-2", f"Dữ liệu không hợp lệ: {first}", problems)

    # -- routes ----------------------------------------------------------------------------
    def _auth(self, req: SimRequest) -> SimResponse:
        try:
            body = req.json()
        except ValueError:
            raise self._error("-5", "JSON không hợp lệ") from None
        ok = (
            isinstance(body, dict)
            and body.get("username") == self.USERNAME
            and body.get("password") == self.PASSWORD
            and req.headers.get("dstcode") == self.DSTCODE
        )
        if not ok:
            raise self._error("-1", "Sai tên đăng nhập, mật khẩu hoặc dstcode")
        return self._ok("Đăng nhập thành công", session=self.sessions.issue(self.now()))

    def _envelope(self, req: SimRequest) -> SimResponse:
        if req.headers.get("dstcode") != self.DSTCODE:
            raise self._error("-1", "dstcode không hợp lệ")
        try:
            body = req.json()
        except ValueError:
            raise self._error("-5", "JSON không hợp lệ") from None
        if not isinstance(body, dict):
            raise self._error("-5", "Nội dung phải là đối tượng JSON")
        self._check_session(body.get("session"))
        if not isinstance(body.get("madonvi"), str) or not body["madonvi"].strip():
            raise self._error("-5", "Thiếu madonvi")
        service = body.get("service")
        handler = self._services.get(service) if isinstance(service, str) else None
        if handler is None:
            raise self._error("-5", f"Dịch vụ không tồn tại: {service!r}")
        return handler(req, body)

    def _lookup(self, req: SimRequest, body: dict[str, Any]) -> SimResponse:
        ma = body.get("mahoso", body.get("MaHoSo"))
        if not isinstance(ma, str) or not ma:
            raise self._error("-5", "Thiếu mahoso")
        record = self.dossiers.get(ma)
        return self._ok("Thành công", [dict(record.item)] if record else [])

    def _procedure(self, req: SimRequest, body: dict[str, Any]) -> SimResponse:
        code = body.get("maTTHC", body.get("MaTTHC"))
        found = PROCEDURES.get(code) if isinstance(code, str) else None
        return self._ok(
            "Thành công" if found else "Không tìm thấy thủ tục", [found] if found else []
        )

    def _listing(self, data: list[dict[str, Any]]) -> _Service:
        return lambda req, body: self._ok("Thành công", [dict(d) for d in data])

    def _sync(self, req: SimRequest, body: dict[str, Any]) -> SimResponse:
        flag = body.get("isUpdating", False)
        flags = {True: True, False: False, "true": True, "false": False, "1": True, "0": False}
        key = flag.lower() if isinstance(flag, str) else flag
        if isinstance(key, int) and not isinstance(key, bool):
            key = str(key)
        if key not in flags:
            raise self._error("-5", f"isUpdating không hợp lệ: {flag!r}")
        updating = flags[key]
        items = self._items(body)
        problems = [p for i, item in enumerate(items) for p in validate_dossier(item, i)]
        codes = [item["MaHoSo"] for item in items if isinstance(item, dict) and "MaHoSo" in item]
        dupes = sorted({c for c in codes if codes.count(c) > 1})
        problems += [
            {"index": -1, "field": "MaHoSo", "message": f"trùng trong lô: {c}"} for c in dupes
        ]
        if problems:
            raise self._invalid(req, "DongBoHoSoMC", items, problems)
        existing = [c for c in codes if c in self.dossiers]
        if not updating and existing:
            for c in codes:
                self._track(c, req, "DongBoHoSoMC", "exists" if c in existing else "rejected")
                self.deliveries[c].create_conflicts += c in existing
            raise self._error("-3", "Hồ sơ đã tồn tại", existing)
        missing = [c for c in codes if c not in self.dossiers]
        if updating and missing:
            for c in codes:
                self._track(c, req, "DongBoHoSoMC", "missing" if c in missing else "rejected")
            raise self._error("-4", "Hồ sơ không tồn tại", missing)
        now, result = self.now(), []
        for item in items:
            ma, outcome = item["MaHoSo"], "updated" if updating else "created"
            if updating:
                self.dossiers[ma].item, self.dossiers[ma].updated_at = dict(item), now
                self.dossiers[ma].madonvi = body["madonvi"]
                self._track(ma, req, "DongBoHoSoMC", outcome).updated += 1
            else:
                self.dossiers[ma] = DossierRecord(dict(item), body["madonvi"], now, now)
                self._track(ma, req, "DongBoHoSoMC", outcome).created += 1
            result.append({"MaHoSo": ma, "action": outcome})
        return self._ok("Đồng bộ hồ sơ thành công", result)

    def _append(self, req: SimRequest, body: dict[str, Any], service: str) -> SimResponse:
        items = self._items(body)
        progress = service == "CapNhatTienDoHoSoMC"
        if progress and len(items) > MAX_PROGRESS_ITEMS:
            raise self._error("-6", f"Tối đa {MAX_PROGRESS_ITEMS} bước mỗi lần, nhận {len(items)}")
        validate = validate_progress if progress else validate_evaluation
        problems = [p for i, item in enumerate(items) for p in validate(item, i)]
        if problems:
            raise self._invalid(req, service, items, problems)
        missing = sorted({i["MaHoSo"] for i in items if i["MaHoSo"] not in self.dossiers})
        if missing:
            for ma in missing:
                self._track(ma, req, service, "missing")
            raise self._error("-4", "Hồ sơ không tồn tại", missing)
        for item in items:
            record, stats = (
                self.dossiers[item["MaHoSo"]],
                self._track(item["MaHoSo"], req, service, "appended"),
            )
            if progress:
                record.progress.append(dict(item))
                stats.progress_steps += 1
            else:
                record.evaluations.append(dict(item))
                stats.evaluations += 1
        what = "tiến độ" if progress else "đánh giá"
        return self._ok(f"Cập nhật {what} thành công", [{"count": len(items)}])
