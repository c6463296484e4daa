"""The MyVNPost "Connect" wire format: our shipments in, tracking events out (no I/O).

``integrations.md`` §4.4 describes the API as integrators use it; everything on the wire
is local time without an offset (``dd/MM/yyyy HH:mm:ss``), read as Asia/Ho_Chi_Minh by
:func:`onestop_core.adapters.parse_remote_time`. Status codes 0–29 are normalised by the
core's :func:`~onestop_core.adapters.myvnpost_state` (never duplicated here), and labelled
with its ``MYVNPOST_LABELS``.

A BCCI dossier has up to two legs (QĐ 45/2016, ``law.md`` §6): the dossier goes from the
applicant to the agency (:attr:`~onestop_core.adapters.ShipmentLeg.COLLECT_DOSSIER`), the
result from the agency to the applicant
(:attr:`~onestop_core.adapters.ShipmentLeg.DELIVER_RESULT`). :func:`bcci_shipment` builds
either with the right sender and receiver; the order number is the dossier code plus the
leg's suffix (``-HS``, ``-KQ``).

>>> from onestop_core.adapters import Address, Party, ShipmentLeg
>>> agency = Party(name="UBND phường Ba Đình", phone="0243825123", org_code="000.00.06.H56",
...                address=Address(province_code="01", ward_code="00004", detail="Số 1 Đội Cấn"))
>>> applicant = Party(name="Nguyễn Văn An", phone="0912345678",
...                   address=Address(province_code="01", ward_code="00004", detail="Số 12 ngõ 34"))
>>> s = bcci_shipment(ShipmentLeg.DELIVER_RESULT, dossier_code="000.00.06.H56-261120-0001",
...                   agency=agency, applicant=applicant, weight_g=200, service_code="ETN011")
>>> s.order_number, s.receiver is applicant
('000.00.06.H56-261120-0001-KQ', True)
>>> info = create_order_body(s)["informationOrder"]
>>> info["saleOrderCode"], info["receiverCommuneName"], info["weight"]
('000.00.06.H56-261120-0001-KQ', 'Phường Ba Đình', '200')
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any, Final

from onestop_core.adapters import (
    AdapterError,
    AuthError,
    BusinessError,
    IdempotencyConflictError,
    Party,
    PayloadValidationError,
    Quote,
    Shipment,
    ShipmentLeg,
    ShipmentReceipt,
    TrackingEvent,
    myvnpost_state,
    parse_remote_time,
)
from onestop_core.adapters.shipments import MYVNPOST_LABELS
from onestop_core.errors import AdminUnitError
from onestop_core.procedures.units import admin_units

__all__ = [
    "CARRIER",
    "PATH_PREFIX",
    "OrderNumberOf",
    "bcci_shipment",
    "cancel_case_id",
    "check_legs",
    "create_order_body",
    "envelope_error",
    "events_from_callback",
    "events_from_orders",
    "fingerprint",
    "quote_body",
    "quote_from",
    "receipt_from_created",
]

#: The carrier name in receipts and tracking events.
CARRIER: Final = "vnpost"
#: Every MyVNPost "Connect" endpoint lives under this path.
PATH_PREFIX: Final = "/customer-partner/"
_PHONE_SEPARATORS = re.compile(r"[\s.\-()]")
#: ``errorCode`` values that say our request was malformed (never retried).
_INVALID_CODES: Final = frozenset({"VALIDATION", "BAD_JSON", "UNSUPPORTED", "INVALID_DATA"})
_IDEMPOTENCY_CODES: Final = frozenset({"IDEMPOTENCY_KEY_REUSED"})
_AUTH_CODES: Final = frozenset({"UNAUTHORIZED", "TOKEN_EXPIRED", "INVALID_TOKEN"})
_DEFAULT_CONTENTS: Final = {
    ShipmentLeg.COLLECT_DOSSIER: "Hồ sơ TTHC",
    ShipmentLeg.DELIVER_RESULT: "Kết quả giải quyết TTHC",
}

#: Gives the order number of an item code, if known (the adapter's ledger).
OrderNumberOf = Callable[[str], str | None]


# -- shipments ----------------------------------------------------------------------------
def bcci_shipment(
    leg: ShipmentLeg,
    *,
    dossier_code: str,
    agency: Party,
    applicant: Party,
    weight_g: int,
    service_code: str = "",
    cod_amount_vnd: int = 0,
    declared_value_vnd: int = 0,
    contents: str = "",
    pickup_at: dt.datetime | None = None,
) -> Shipment:
    """One postal leg of a BCCI dossier, with sender and receiver the way the leg goes.

    COLLECT_DOSSIER: from the applicant to the agency (the agency is the receiver).
    DELIVER_RESULT: from the agency to the applicant (the applicant is the receiver).
    ``agency`` must carry its identifier code (``org_code``, mã định danh).

    >>> from onestop_core.adapters import Party
    >>> s = bcci_shipment(ShipmentLeg.COLLECT_DOSSIER, dossier_code="H56-1",
    ...     agency=Party(name="UBND xã", org_code="000.00.31.H56"),
    ...     applicant=Party(name="Trần Thị Bình"), weight_g=300)
    >>> s.order_number, s.receiver.org_code
    ('H56-1-HS', '000.00.31.H56')
    """
    if not agency.org_code.strip():
        raise PayloadValidationError(
            "the agency of a BCCI shipment needs its identifier code (org_code)",
            path="agency.org_code",
        )
    collect = leg is ShipmentLeg.COLLECT_DOSSIER
    return Shipment(
        dossier_code=dossier_code,
        leg=leg,
        sender=applicant if collect else agency,
        receiver=agency if collect else applicant,
        weight_g=weight_g,
        service_code=service_code,
        cod_amount_vnd=cod_amount_vnd,
        declared_value_vnd=declared_value_vnd,
        contents=contents,
        pickup_at=pickup_at,
    )


def check_legs(shipment: Shipment) -> None:
    """Refuse a shipment whose agency end carries no identifier code.

    The dossier goes *to* the agency (COLLECT_DOSSIER: the receiver is the agency); the
    result comes *from* it (DELIVER_RESULT: the sender is the agency).

    >>> from onestop_core.adapters import Party
    >>> check_legs(Shipment(dossier_code="H56-1", leg=ShipmentLeg.COLLECT_DOSSIER,
    ...     sender=Party(name="UBND xã", org_code="000.00.31.H56"),
    ...     receiver=Party(name="Trần Thị Bình"), weight_g=100))
    Traceback (most recent call last):
    ...
    onestop_core.errors.PayloadValidationError: a collect_dossier shipment goes to the agency: \
its receiver needs the agency's org_code
    """
    collect = shipment.leg is ShipmentLeg.COLLECT_DOSSIER
    agency = shipment.receiver if collect else shipment.sender
    if not agency.org_code.strip():
        end = "receiver" if collect else "sender"
        direction = "goes to" if collect else "comes from"
        raise PayloadValidationError(
            f"a {shipment.leg.value} shipment {direction} the agency: its {end} needs the "
            "agency's org_code",
            path=f"{end}.org_code",
        )


def _phone(value: str) -> str:
    return _PHONE_SEPARATORS.sub("", value)


def _unit_names(party: Party) -> dict[str, str]:
    """Province and commune names from the GSO codes (best effort: unknown codes give none)."""
    units = admin_units()
    names: dict[str, str] = {}
    try:
        if party.address.province_code:
            names["ProvinceName"] = units.province(party.address.province_code).full_name
        if party.address.ward_code:
            names["CommuneName"] = units.commune(party.address.ward_code).full_name
    except AdminUnitError:
        pass  # a code the 2025 map does not know: the carrier routes on the address text
    return names


def _party(role: str, party: Party, province_code: Callable[[str], str]) -> dict[str, str]:
    for field, value in (("phone", party.phone), ("address.detail", party.address.detail)):
        if not value.strip():
            raise PayloadValidationError(
                f"the {role} of a VNPost order needs a {field.split('.')[-1]}",
                path=f"{role}.{field}",
            )
    out = {
        f"{role}Name": party.name.strip(),
        f"{role}Phone": _phone(party.phone),
        f"{role}Address": party.address.detail.strip(),
    }
    if party.address.province_code:
        out[f"{role}ProvinceCode"] = province_code(party.address.province_code)
    out.update({f"{role}{k}": v for k, v in _unit_names(party).items()})
    return out


def create_order_body(
    shipment: Shipment,
    *,
    default_service_code: str = "",
    province_code: Callable[[str], str] = str,
) -> dict[str, Any]:
    """The ``CreateOrder`` body of ``shipment`` (``orderCreationStatus`` 1: submit, not draft).

    Deterministic: the same shipment always gives the same body, so a retry with the same
    ``Idempotency-Key`` is recognised as the same request. ``weight`` is grams as a string
    (as MyVNPost wants); COD goes in ``codAmount`` when there is any. ``province_code`` maps
    a GSO province code to the carrier's (see
    :meth:`~onestop_vnpost.config.VnpostConfig.carrier_province`). E-mail addresses are not
    sent: the carrier does not need them.

    >>> from onestop_core.testing.contracts import sample_shipment
    >>> body = create_order_body(sample_shipment())
    >>> body["orderCreationStatus"], body["type"], sorted(body["informationOrder"])[:4]
    (1, 'GUI', ['contentNote', 'receiverAddress', 'receiverCommuneName', 'receiverName'])
    """
    check_legs(shipment)
    service = shipment.service_code or default_service_code
    if not service:
        raise PayloadValidationError(
            f"shipment {shipment.order_number} names no VNPost service code and the adapter "
            "has no default_service_code",
            path="service_code",
        )
    info: dict[str, Any] = {
        **_party("sender", shipment.sender, province_code),
        **_party("receiver", shipment.receiver, province_code),
        "serviceCode": service,
        "saleOrderCode": shipment.order_number,
        "contentNote": shipment.contents.strip() or _DEFAULT_CONTENTS[shipment.leg],
        "weight": str(shipment.weight_g),
        "vehicle": "BO",
    }
    if shipment.cod_amount_vnd:
        info["codAmount"] = str(shipment.cod_amount_vnd)
    if shipment.declared_value_vnd:
        info["declaredValue"] = str(shipment.declared_value_vnd)
    return {"orderCreationStatus": 1, "type": "GUI", "informationOrder": info}


def quote_body(
    shipment: Shipment,
    *,
    default_service_code: str = "",
    province_code: Callable[[str], str] = str,
) -> dict[str, Any]:
    """The ``ServicesCharge`` body: service, weight, COD and where from and to (no names,
    phones or street addresses: a price needs none of them).

    >>> from onestop_core.testing.contracts import sample_shipment
    >>> quote_body(sample_shipment())
    {'serviceCode': 'ETN011', 'weight': 200, 'codAmount': 0, 'senderProvinceCode': '01', \
'receiverProvinceCode': '79'}
    """
    service = shipment.service_code or default_service_code
    if not service:
        raise PayloadValidationError(
            f"shipment {shipment.order_number} names no VNPost service code", path="service_code"
        )
    body: dict[str, Any] = {
        "serviceCode": service,
        "weight": shipment.weight_g,
        "codAmount": shipment.cod_amount_vnd,
    }
    for role, party in (("sender", shipment.sender), ("receiver", shipment.receiver)):
        if party.address.province_code:
            body[f"{role}ProvinceCode"] = province_code(party.address.province_code)
    return body


def fingerprint(body: Mapping[str, Any]) -> str:
    """A SHA-256 of the canonical JSON of ``body`` (tells one request's content from another).

    >>> fingerprint({"b": 1, "a": 2}) == fingerprint({"a": 2, "b": 1})
    True
    """
    text = json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


# -- answers ------------------------------------------------------------------------------
def _obj(doc: Any, what: str) -> Mapping[str, Any]:
    if not isinstance(doc, Mapping):
        raise PayloadValidationError(
            f"VNPost {what}: expected a JSON object, got {type(doc).__name__}", path="body"
        )
    return doc


def _int(value: Any, path: str, *, default: int | None = None) -> int | None:
    """A whole number >= 0 from an int, an integral float or a digit string."""
    if value is None or value == "":
        return default
    if isinstance(value, bool):
        raise PayloadValidationError(f"{path}: expected a whole number, got {value!r}", path=path)
    if isinstance(value, int) and value >= 0:
        return value
    if isinstance(value, float) and value.is_integer() and value >= 0:
        return int(value)
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    raise PayloadValidationError(f"{path}: expected a whole number, got {value!r}", path=path)


def _text(doc: Mapping[str, Any], key: str, what: str) -> str:
    value = doc.get(key)
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str) or not value.strip():
        raise PayloadValidationError(f"VNPost {what}: missing {key!r}", path=key)
    return value.strip()


def envelope_error(
    status: int, doc: Any, *, operation: str, idempotency_key: str = ""
) -> AdapterError | None:
    """The typed error a MyVNPost answer means, or None when it is a success.

    A failure is an HTTP error status (the simulator and VNPost answer 400/404/409/422 with
    ``{"success": false, "errorCode", "errorMessage"}``) or ``"success": false`` in a 200.
    ``errorCode`` decides: malformed requests → PayloadValidationError (the first field in
    ``errors``), an idempotency key reused → IdempotencyConflictError, a refused token →
    AuthError, anything else → BusinessError (never retried). The remote message is kept,
    masked, in ``remote_message``; it is not put in the error message.

    >>> err = envelope_error(400, {"success": False, "errorCode": "VALIDATION",
    ...     "errors": [{"field": "receiverPhone"}]}, operation="CreateOrder")
    >>> type(err).__name__, err.path
    ('PayloadValidationError', 'receiverPhone')
    >>> envelope_error(200, {"originalID": "X"}, operation="CreateOrder") is None
    True
    """
    body = doc if isinstance(doc, Mapping) else {}
    if status < 400 and body.get("success") is not False:
        return None
    code = str(body.get("errorCode") or body.get("error_code") or status)
    message = str(body.get("errorMessage") or body.get("message") or "")
    label = f"VNPost {operation} refused ({code})"
    common: dict[str, Any] = {"system": CARRIER, "operation": operation}
    if code in _IDEMPOTENCY_CODES or (status == 422 and "IDEMPOTEN" in code.upper()):
        return IdempotencyConflictError(label, key=idempotency_key, **common)
    if code in _AUTH_CODES:
        return AuthError(label, status_code=status if status >= 400 else None, **common)
    if code in _INVALID_CODES:
        errors = body.get("errors")
        first = errors[0] if isinstance(errors, list) and errors else {}
        field = first.get("field") if isinstance(first, Mapping) else None
        path = str(field or "request")
        return PayloadValidationError(f"{label}: {path}", path=path, **common)
    return BusinessError(label, code=code, remote_message=message, **common)


def receipt_from_created(
    doc: Any, shipment: Shipment, *, idempotency_key: str, attempts: int
) -> ShipmentReceipt:
    """The receipt of a ``CreateOrder`` answer ``{originalID, itemCode, status, totalFee}``.

    Without ``itemCode`` in the answer the shipment's pre-allocated item code is used; with
    neither, the answer is refused (PayloadValidationError).

    >>> from onestop_core.testing.contracts import sample_shipment
    >>> r = receipt_from_created({"originalID": "SIMORD000001", "itemCode": "EB123456785VN",
    ...     "status": 1, "totalFee": 22000}, sample_shipment(), idempotency_key="k-1", attempts=1)
    >>> r.item_code, r.carrier_order_id, r.fee_vnd, r.status_code_raw
    ('EB123456785VN', 'SIMORD000001', 22000, '1')
    """
    body = _obj(doc, "CreateOrder")
    item = body.get("itemCode") or shipment.pre_allocated_item_code
    if not isinstance(item, str) or not item.strip():
        raise PayloadValidationError(
            "VNPost CreateOrder: no itemCode in the answer", path="itemCode"
        )
    return ShipmentReceipt(
        carrier=CARRIER,
        item_code=item.strip(),
        order_number=shipment.order_number,
        idempotency_key=idempotency_key,
        carrier_order_id=str(body.get("originalID") or ""),
        fee_vnd=_int(body.get("totalFee"), "totalFee"),
        status_code_raw=str(body.get("status", "")),
        attempts=attempts,
    )


def quote_from(doc: Any, service_code: str) -> Quote:
    """The :class:`~onestop_core.adapters.Quote` of a ``ServicesCharge`` answer.

    ``fee_vnd`` is the postage (``mainFee``, or ``totalFee`` less ``codFee``), ``cod_fee_vnd``
    the COD fee.

    >>> quote_from({"success": True, "mainFee": 22000, "codFee": 11000, "totalFee": 33000},
    ...            "ETN011")
    Quote(carrier='vnpost', service_code='ETN011', fee_vnd=22000, cod_fee_vnd=11000, \
estimated_days=None)
    """
    body = _obj(doc, "ServicesCharge")
    cod = _int(body.get("codFee"), "codFee", default=0) or 0
    main = _int(body.get("mainFee"), "mainFee")
    if main is None:
        total = _int(body.get("totalFee"), "totalFee")
        if total is None:
            raise PayloadValidationError("VNPost ServicesCharge: no fee", path="mainFee")
        main = total - cod
    return Quote(
        carrier=CARRIER,
        service_code=str(body.get("serviceCode") or service_code),
        fee_vnd=main,
        cod_fee_vnd=cod,
    )


def _event(
    item_code: str,
    status: Any,
    at: Any,
    *,
    path: str,
    order_number: str | None,
    label: str = "",
    fee: Any = None,
    cod: Any = None,
    location: Any = "",
    note: Any = "",
) -> TrackingEvent:
    code = _int(status, f"{path}.status")
    if code is None:
        raise PayloadValidationError(f"{path}: no status", path=f"{path}.status")
    if not isinstance(at, str):
        raise PayloadValidationError(f"{path}: no time", path=path)
    return TrackingEvent(
        carrier=CARRIER,
        item_code=item_code,
        code_raw=str(code),
        normalized=myvnpost_state(code),
        occurred_at=parse_remote_time(at, path=path),
        label_raw=label or MYVNPOST_LABELS.get(code, ""),
        order_number=order_number or None,
        location=location if isinstance(location, str) else "",
        note=note if isinstance(note, str) else "",
        fee_vnd=_int(fee, f"{path}.fee"),
        cod_vnd=_int(cod, f"{path}.cod"),
    )


def events_from_orders(
    doc: Any, item_code: str, *, order_number: str | None = None
) -> list[TrackingEvent]:
    """Tracking events from a ``getOrder`` answer ``{"results": [{itemCode, status,
    updatedDate, totalFee}]}``, oldest first.

    MyVNPost answers with the item's *current* status only; each poll therefore gives at
    most one event per row. Rows of other items are ignored.

    >>> events_from_orders({"results": [{"itemCode": "EB123456785VN", "status": 14,
    ...     "updatedDate": "20/11/2026 16:00:00", "totalFee": 22000}]}, "EB123456785VN")[0]
    TrackingEvent(carrier='vnpost', item_code='EB123456785VN', code_raw='14', \
normalized=<TrackingState.DELIVERED: 'delivered'>, \
occurred_at=datetime.datetime(2026, 11, 20, 16, 0, tzinfo=Timezone('Asia/Ho_Chi_Minh')), \
label_raw='Đã giao hàng', order_number=None, location='', note='', fee_vnd=22000, cod_vnd=None, \
event_id='vnpost:EB123456785VN:14:2026-11-20T09:00:00Z')
    """
    rows = _obj(doc, "getOrder").get("results")
    if rows is None:
        return []
    if not isinstance(rows, list):
        raise PayloadValidationError("VNPost getOrder: results is not a list", path="results")
    events = []
    for i, row in enumerate(rows):
        row = _obj(row, f"getOrder results[{i}]")
        code = str(row.get("itemCode") or row.get("originalItemCode") or item_code).strip()
        if code != item_code:
            continue
        events.append(
            _event(
                item_code,
                row.get("status"),
                row.get("updatedDate"),
                path=f"results[{i}].updatedDate",
                order_number=order_number,
                fee=row.get("totalFee"),
            )
        )
    return sorted(events, key=lambda e: e.occurred_at)


def events_from_callback(
    body: bytes, *, order_number_of: OrderNumberOf | None = None
) -> list[TrackingEvent]:
    """Tracking events from a *verified* relay callback body, oldest first.

    The body is one event or ``{"events": [...]}``; an event is ``{"item_code", "status",
    "occurred_at", "order_number"?, "status_text"?, "location"?, "note"?, "fee"?, "cod"?}``
    (the simulator's and our relay's shape). Call it only after the signature was checked.
    ``order_number_of`` supplies the order number of an item when the body has none.

    >>> events_from_callback(b'{"item_code": "EB123456785VN", "order_number": "H56-1-KQ", '
    ...     b'"status": 12, "occurred_at": "2026-11-20T15:00:00+07:00"}')[0].normalized
    <TrackingState.OUT_FOR_DELIVERY: 'out_for_delivery'>
    """
    try:
        doc = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise PayloadValidationError("callback body is not UTF-8 JSON", path="body") from None
    raw = doc.get("events") if isinstance(doc, Mapping) and "events" in doc else [doc]
    if not isinstance(raw, list) or not raw:
        raise PayloadValidationError("callback: expected an event or events", path="events")
    events = []
    for i, item in enumerate(raw):
        event = _obj(item, f"callback events[{i}]")
        code = _text(event, "item_code", f"callback events[{i}]")
        order = event.get("order_number")
        if not isinstance(order, str) or not order.strip():
            order = order_number_of(code) if order_number_of else None
        events.append(
            _event(
                code,
                event.get("status"),
                event.get("occurred_at"),
                path=f"events[{i}].occurred_at",
                order_number=order,
                label=str(event.get("status_text") or ""),
                fee=event.get("fee"),
                cod=event.get("cod"),
                location=event.get("location", ""),
                note=event.get("note", ""),
            )
        )
    return sorted(events, key=lambda e: e.occurred_at)


def cancel_case_id(doc: Any) -> str:
    """The ``caseId`` of an ``orderCancel`` answer ``[{"caseId": ...}]`` ('' if none).

    >>> cancel_case_id([{"caseId": "SIMCASE000001"}])
    'SIMCASE000001'
    """
    rows: Sequence[Any] = doc if isinstance(doc, list) else [doc]
    for row in rows:
        if isinstance(row, Mapping) and row.get("caseId"):
            return str(row["caseId"])
    return ""
