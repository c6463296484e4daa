"""A MyVNPost "Connect"-style postal simulator with a shipment scenario engine.

Wire format (paths under ``/customer-partner/``, matched case-insensitively):

* ``POST GetAccessToken`` ``{"username": "sim-user", "password": "sim-pass", "customerCode":
  "SIM-CUST"}`` → ``{"success": true, "errorMessage": null, "token": "SIMTOKEN-000001"}``
  (wrong credentials: HTTP 200, ``success: false``). Later calls send header ``token``.
* ``POST CreateOrder`` ``{"orderCreationStatus": 1, "type": "GUI", "informationOrder": {...}}``
  → ``{"originalID", "itemCode" (valid S10, "EB…VN"), "saleOrderCode", "status": 1,
  "totalFee"}``. With an ``Idempotency-Key`` header, a repeat with the same body returns the
  same order (header ``Idempotent-Replayed: true``); another body → HTTP 422.
* ``POST ServicesCharge`` ``{"serviceCode", "weight", "codAmount"?}`` (or inside
  ``informationOrder``) → ``{"success": true, "mainFee", "codFee", "totalFee", ...}``.
* ``POST orderCancel`` ``{"OriginalId"}`` → ``[{"caseId"}]``; only before pickup (else 409).
* ``GET getOrder?type=1&code=<itemCode>`` → ``{"results": [{"itemCode", "originalItemCode",
  "senderCode", "status", "totalFee", "updatedDate": "dd/MM/yyyy HH:mm:ss"}]}``;
  ``type=2&code=<saleOrderCode>`` looks orders up by the customer's order number.

Errors: HTTP 400/401/404/409/422 with ``{"success": false, "errorCode", "errorMessage"}``.

Shipments move only when a test calls :meth:`VnpostSimulator.advance` (or ``POST
/__sim/advance {"item_code", "scenario", "steps"}``); each move is a tracking event
``{event_id, item_code, order_number, status, status_text, occurred_at}`` sent to the
registered callback (:mod:`~onestop_core.testing.simulators.callbacks`).

>>> sim = VnpostSimulator()
>>> order = sim.create_order_direct(sale_order_code="H1-KQ")
>>> order.item_code, [e["status"] for e in sim.advance(order.item_code, steps=3)]
('EB123456785VN', [2, 4, 6])
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import re
from collections.abc import Mapping
from typing import Any, ClassVar

from onestop_core.testing.simulators.base import SimulatorServer
from onestop_core.testing.simulators.callbacks import CallbackEmitter, CallbackFault
from onestop_core.testing.simulators.faults import Fault
from onestop_core.testing.simulators.logins import Logins
from onestop_core.testing.simulators.s10 import make_s10
from onestop_core.testing.simulators.vnpost_codes import (
    CANCELLABLE,
    FINAL,
    SCENARIOS,
    STATUS_TEXT,
    Order,
    quote_fee,
)
from onestop_core.testing.simulators.wire import Reply, SimRequest, SimResponse, SimulationError

__all__ = ["Order", "VnpostSimulator"]

# 10 digits (mobiles, older landlines) or 11 digits (landlines 02x + 8 digits since 2017)
_PHONE = re.compile(r"(?:0|\+84)[0-9]{9,10}")
_REQUIRED = (
    "senderName",
    "senderPhone",
    "senderAddress",
    "receiverName",
    "receiverPhone",
    "receiverAddress",
    "serviceCode",
    "saleOrderCode",
)
_PREFIX = "/customer-partner/"


def _int(value: object) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    return int(value) if isinstance(value, str) and value.isdigit() else None


def _error(status: int, code: str, message: str, **extra: Any) -> Reply:
    body = {"success": False, "errorCode": code, "errorMessage": message, **extra}
    return Reply(SimResponse.json(body, status))


class VnpostSimulator(SimulatorServer):
    """Token auth, orders, quotes, cancellation, tracking, scenarios and callbacks.

    ``step_seconds``: simulated time each scenario step takes; ``token_ttl`` (simulated
    seconds) and ``token_max_calls`` make tokens expire (``None``: never).
    """

    name: ClassVar[str] = "vnpost"
    business_error_status: ClassVar[int] = 400
    USERNAME: ClassVar[str] = "sim-user"
    PASSWORD: ClassVar[str] = "sim-pass"
    CUSTOMER_CODE: ClassVar[str] = "SIM-CUST"

    def __init__(
        self,
        *,
        step_seconds: float = 3600,
        token_ttl: float | None = None,
        token_max_calls: int | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.step_seconds = step_seconds
        self.callbacks = CallbackEmitter(self.sleep)
        self.tokens = Logins("SIMTOKEN", ttl=token_ttl, max_calls=token_max_calls)
        self.orders: dict[str, Order] = {}
        self._by_item: dict[str, str] = {}
        self._idempotency: dict[str, tuple[str, str]] = {}  # key -> (fingerprint, originalID)
        self._seq = {"order": 0, "case": 0}
        for op, method, handler in (
            ("GetAccessToken", "POST", self._token),
            ("CreateOrder", "POST", self._create),
            ("ServicesCharge", "POST", self._quote),
            ("orderCancel", "POST", self._cancel),
            ("getOrder", "GET", self._get_order),
        ):
            self.add_route(method, _PREFIX + op, handler, op=op)
        self.add_control("POST", "callback", self._register_callback)
        self.add_control("GET", "callbacks", lambda req: {"attempts": self._attempts()})

    # -- framework hooks -------------------------------------------------------------------
    def reset_state(self) -> None:
        self.callbacks.reset()
        self.tokens.clear()
        self.orders.clear()
        self._by_item.clear()
        self._idempotency.clear()
        self._seq = dict.fromkeys(self._seq, 0)

    def state(self) -> dict[str, Any]:
        per_code: dict[str, int] = {}
        for order in self.orders.values():
            per_code[order.sale_order_code] = per_code.get(order.sale_order_code, 0) + 1
        return {
            "logins_active": len(self.tokens),
            "orders": {k: self._order_state(o) for k, o in self.orders.items()},
            "orders_per_sale_order_code": per_code,
            "callbacks": {
                "registered": self.callbacks.target is not None,
                "held": len(self.callbacks.held),
                "attempts": self._attempts(),
            },
        }

    def parse_fault(self, route: str, fault: Fault | Mapping[str, Any]) -> Any:
        if route.strip().lower() == "callback":
            if isinstance(fault, Fault):
                raise SimulationError("callback faults are CallbackFault specs")
            self.callbacks.faults.add("callback", CallbackFault.from_dict(fault))
            return None
        return super().parse_fault(route, fault)

    def business_error(self, fault: Fault) -> SimResponse:
        message = fault.message or "Lỗi nghiệp vụ (giả lập)"
        return _error(fault.status or 400, str(fault.error_code), message).response

    def expire_auth(self, req: SimRequest) -> None:
        self.tokens.revoke(req.headers.get("token"))

    def advance_from(self, params: Mapping[str, Any]) -> dict[str, Any]:
        out = super().advance_from(params)
        if "item_code" in params:
            steps = params.get("steps", 1)
            out["events"] = self.advance(
                str(params["item_code"]), str(params.get("scenario", "happy")), steps=steps
            )
        if params.get("flush_callbacks"):
            self.callbacks.flush()
        return out

    # -- Python API ------------------------------------------------------------------------
    def register_callback(self, url: str, secret: str, **options: Any) -> None:
        """Send tracking events to ``url``.

        Options: ``dialect`` (only ``"standard_webhooks"``), ``max_attempts`` (3),
        ``retry_delay`` (0 s), ``timeout`` (2 s), ``stale_seconds`` (600).
        """
        self.callbacks.register(url, secret, **options)

    def advance(
        self, item_code: str, scenario: str = "happy", *, steps: int | None = 1
    ) -> list[dict[str, Any]]:
        """Move a shipment ``steps`` statuses along ``scenario`` (``None``: to the end).

        The history so far must be a prefix of the scenario; each step moves the clock by
        ``step_seconds``. Returns the new tracking events (also sent as callbacks).
        """
        if scenario not in SCENARIOS:
            raise SimulationError(f"unknown scenario {scenario!r}; known: {sorted(SCENARIOS)}")
        if steps is not None and (
            isinstance(steps, bool) or not isinstance(steps, int) or steps < 1
        ):
            raise SimulationError(f"steps must be a positive integer or None, got {steps!r}")
        path = SCENARIOS[scenario]
        with self.lock:
            order = self.order_by_item(item_code)
            done = len(order.history)
            if tuple(order.history) != path[:done]:
                raise SimulationError(f"{item_code} went {order.history}, not along {scenario!r}")
            if order.status in FINAL or done >= len(path):
                raise SimulationError(f"{item_code} is final (status {order.status})")
            events = []
            for status in path[done : len(path) if steps is None else done + steps]:
                self.advance_clock(self.step_seconds)
                events.append(self._move(order, status))
        self.callbacks.emit(events)
        return events

    def flush_callbacks(self) -> None:
        """Send callbacks held back by a ``reorder`` fault."""
        self.callbacks.flush()

    def order_by_item(self, item_code: str) -> Order:
        """The order with this item code (or raise :class:`SimulationError`)."""
        with self.lock:
            original_id = self._by_item.get(item_code)
            if original_id is None:
                raise SimulationError(f"no shipment {item_code!r}")
            return self.orders[original_id]

    def create_order_direct(
        self, *, sale_order_code: str, weight_g: int = 500, cod_amount: int = 0
    ) -> Order:
        """Create an order without HTTP (test set-up)."""
        with self.lock:
            return self._new_order(
                {
                    "saleOrderCode": sale_order_code,
                    "weight": str(weight_g),
                    "codAmount": cod_amount,
                },
                None,
            )

    # -- internals -------------------------------------------------------------------------
    def _attempts(self) -> list[dict[str, Any]]:
        return [dataclasses.asdict(a) for a in self.callbacks.attempts]

    def _order_state(self, order: Order) -> dict[str, Any]:
        out = dataclasses.asdict(order)
        out.update(created_at=order.created_at.isoformat(), updated_at=order.updated_at.isoformat())
        return out

    def _move(self, order: Order, status: int) -> dict[str, Any]:
        now = self.now()
        order.status, order.updated_at = status, now
        order.history.append(status)
        event = {
            "event_id": f"vnpost:{order.item_code}:{status}:{now.strftime('%Y%m%d%H%M%S')}",
            "item_code": order.item_code,
            "order_number": order.sale_order_code,
            "status": status,
            "status_text": STATUS_TEXT[status],
            "occurred_at": now.isoformat(),
        }
        order.events.append(event)
        return event

    def _new_order(self, info: dict[str, Any], key: str | None) -> Order:
        self._seq["order"] += 1
        seq, now = self._seq["order"], self.now()
        fee = quote_fee(
            weight_g=_int(info.get("weight")) or 0, cod_amount=_int(info.get("codAmount")) or 0
        )
        order = Order(
            original_id=f"SIMORD{seq:06d}",
            item_code=make_s10("EB", 12_345_677 + seq),
            sale_order_code=str(info["saleOrderCode"]),
            status=1,
            total_fee=fee["totalFee"],
            created_at=now,
            updated_at=now,
            information=dict(info),
            idempotency_key=key,
        )
        self._move(order, 1)
        self.orders[order.original_id] = order
        self._by_item[order.item_code] = order.original_id
        return order

    def _auth(self, req: SimRequest) -> None:
        if not self.tokens.use(req.headers.get("token"), self.now()):
            raise _error(401, "UNAUTHORIZED", "Token không hợp lệ hoặc đã hết hạn")

    @staticmethod
    def _body(req: SimRequest) -> dict[str, Any]:
        try:
            body = req.json()
        except ValueError:
            raise _error(400, "BAD_JSON", "JSON không hợp lệ") from None
        if not isinstance(body, dict):
            raise _error(400, "BAD_JSON", "Nội dung phải là đối tượng JSON")
        return body

    # -- routes ----------------------------------------------------------------------------
    def _token(self, req: SimRequest) -> SimResponse:
        body = self._body(req)
        creds = (body.get("username"), body.get("password"), body.get("customerCode"))
        if creds != (self.USERNAME, self.PASSWORD, self.CUSTOMER_CODE):
            return SimResponse.json(
                {"success": False, "errorMessage": "Sai thông tin đăng nhập", "token": None}
            )
        token = self.tokens.issue(self.now())
        return SimResponse.json({"success": True, "errorMessage": None, "token": token})

    def _create(self, req: SimRequest) -> SimResponse:
        self._auth(req)
        body = self._body(req)
        key = req.headers.get("idempotency-key")
        fingerprint = hashlib.sha256(json.dumps(body, sort_keys=True).encode()).hexdigest()
        if key and key in self._idempotency:
            seen, original_id = self._idempotency[key]
            if seen != fingerprint:
                raise _error(
                    422, "IDEMPOTENCY_KEY_REUSED", "Idempotency-Key đã dùng cho yêu cầu khác"
                )
            return SimResponse.json(
                self._created(self.orders[original_id]), headers={"Idempotent-Replayed": "true"}
            )
        if body.get("orderCreationStatus", 1) != 1 or body.get("type", "GUI") != "GUI":
            raise _error(400, "UNSUPPORTED", "Simulator hỗ trợ orderCreationStatus=1, type=GUI")
        info = body.get("informationOrder")
        if not isinstance(info, dict):
            raise _error(400, "VALIDATION", "Thiếu informationOrder")
        problems = [
            {"field": f, "message": "bắt buộc"}
            for f in _REQUIRED
            if not isinstance(info.get(f), str) or not info[f].strip()
        ]
        for field in ("senderPhone", "receiverPhone"):
            if isinstance(info.get(field), str) and not _PHONE.fullmatch(info[field]):
                problems.append({"field": field, "message": "số điện thoại không hợp lệ"})
        if (_int(info.get("weight")) or 0) <= 0:
            problems.append({"field": "weight", "message": "khối lượng (gram) phải > 0"})
        if info.get("codAmount") not in (None, "") and _int(info.get("codAmount")) is None:
            problems.append({"field": "codAmount", "message": "số tiền không hợp lệ"})
        if problems:
            raise _error(400, "VALIDATION", "Dữ liệu không hợp lệ", errors=problems)
        order = self._new_order(info, key)
        if key:
            self._idempotency[key] = (fingerprint, order.original_id)
        return SimResponse.json(self._created(order))

    @staticmethod
    def _created(order: Order) -> dict[str, Any]:
        return {
            "originalID": order.original_id,
            "itemCode": order.item_code,
            "saleOrderCode": order.sale_order_code,
            "status": 1,
            "totalFee": order.total_fee,
        }

    def _quote(self, req: SimRequest) -> SimResponse:
        self._auth(req)
        body = self._body(req)
        nested = body.get("informationOrder")
        info: dict[str, Any] = nested if isinstance(nested, dict) else body
        weight, cod = _int(info.get("weight")), _int(info.get("codAmount") or 0)
        if not isinstance(info.get("serviceCode"), str) or not weight or weight <= 0 or cod is None:
            raise _error(400, "VALIDATION", "Cần serviceCode, weight (gram) > 0, codAmount hợp lệ")
        fee = quote_fee(weight_g=weight, cod_amount=cod)
        return SimResponse.json(
            {"success": True, "serviceCode": info["serviceCode"], "weight": weight, **fee}
        )

    def _cancel(self, req: SimRequest) -> SimResponse:
        self._auth(req)
        order = self.orders.get(str(self._body(req).get("OriginalId")))
        if order is None:
            raise _error(404, "NOT_FOUND", "Không tìm thấy đơn hàng")
        if order.status not in CANCELLABLE:
            raise _error(409, "NOT_CANCELLABLE", f"Không thể hủy ở trạng thái {order.status}")
        event = self._move(order, 9)
        self.defer(lambda: self.callbacks.emit([event]))
        self._seq["case"] += 1
        return SimResponse.json([{"caseId": f"SIMCASE{self._seq['case']:06d}"}])

    def _get_order(self, req: SimRequest) -> SimResponse:
        self._auth(req)
        kind, code = req.query.get("type"), req.query.get("code", "")
        if kind == "1":  # by item code (mã bưu gửi)
            original_id = self._by_item.get(code)
            rows = [self.orders[original_id].summary()] if original_id else []
        elif kind == "2":  # by the customer's order number (saleOrderCode), oldest first
            rows = [o.summary() for o in self.orders.values() if o.sale_order_code == code]
        else:
            raise _error(
                400, "UNSUPPORTED", "Simulator hỗ trợ type=1 (mã bưu gửi), type=2 (mã đơn)"
            )
        return SimResponse.json({"results": rows})

    def _register_callback(self, req: SimRequest) -> dict[str, Any]:
        body = req.json()
        if not isinstance(body, dict) or not {"url", "secret"} <= set(body):
            raise SimulationError("callback registration needs 'url' and 'secret'")
        self.register_callback(**body)
        return {"ok": True}
