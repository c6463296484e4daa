"""Postal records (BCCI, ``integrations.md`` §4, §7.3): parties, shipments, tracking.

A dossier has up to two postal legs, each its own carrier order; carriers report progress
as :class:`TrackingEvent` values normalised to a :class:`TrackingState`. MyVNPost's status
codes 0–29 map through :func:`myvnpost_state`.

>>> party = Party(name="Nguyễn Văn An", phone="0912345678",
...               address=Address(province_code="01", ward_code="00004", detail="Số 12 ngõ 34"))
>>> party
Party(name='N. V. A.', phone='*******678', email='', address=Address(province_code='01', \
ward_code='00004', district_code=None, detail='***'), org_code='')
>>> myvnpost_state(12), myvnpost_state(21), myvnpost_state(28)
(<TrackingState.OUT_FOR_DELIVERY: 'out_for_delivery'>, <TrackingState.COD_PAID: 'cod_paid'>, \
<TrackingState.UNKNOWN: 'unknown'>)
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Mapping
from typing import Final

import attrs

from onestop_core._time import ensure_aware, to_local
from onestop_core.adapters import _fields as F

__all__ = [
    "MYVNPOST_LABELS",
    "Address",
    "Party",
    "Quote",
    "Shipment",
    "ShipmentLeg",
    "ShipmentReceipt",
    "TrackingEvent",
    "TrackingState",
    "myvnpost_state",
]


class ShipmentLeg(enum.Enum):
    """The two postal legs of a BCCI dossier (QĐ 45/2016): collect it, deliver the result.

    >>> ShipmentLeg.DELIVER_RESULT.suffix
    '-KQ'
    """

    COLLECT_DOSSIER = "collect_dossier"
    DELIVER_RESULT = "deliver_result"

    @property
    def suffix(self) -> str:
        """Appended to the dossier code to make the order number (one order per leg)."""
        return "-HS" if self is ShipmentLeg.COLLECT_DOSSIER else "-KQ"


class TrackingState(enum.Enum):
    """A carrier status, normalised (``integrations.md`` §7.3).

    >>> TrackingState("delivered")
    <TrackingState.DELIVERED: 'delivered'>
    """

    CREATED = "created"
    PICKUP_PENDING = "pickup_pending"
    PICKED_UP = "picked_up"
    IN_TRANSIT = "in_transit"
    OUT_FOR_DELIVERY = "out_for_delivery"
    DELIVERED = "delivered"
    DELIVERY_FAILED = "delivery_failed"
    RETURNING = "returning"
    RETURNED = "returned"
    CANCELLED = "cancelled"
    COD_PAID = "cod_paid"
    UNKNOWN = "unknown"


#: MyVNPost "Connect" status codes and labels (``integrations.md`` §4.4; treat as versioned).
MYVNPOST_LABELS: Final[Mapping[int, str]] = {
    0: "Lưu nháp",
    1: "Đã tạo",
    2: "Bưu tá nhận yêu cầu thu gom",
    3: "Chờ xác nhận",
    4: "Đang lấy hàng",
    5: "Lấy hàng không thành công",
    6: "Đã lấy hàng",
    7: "Bưu cục đã nhận hàng",
    8: "Lấy hàng thất bại",
    9: "Hủy thu gom",
    10: "Đang vận chuyển",
    11: "Đã đến bưu cục phát",
    12: "Đang giao hàng",
    13: "Chuyển tiếp",
    14: "Đã giao hàng",
    15: "Giao không thành công",
    16: "Chờ để chuyển hoàn",
    17: "Đã duyệt hoàn",
    18: "Bắt đầu chuyển hoàn",
    19: "Trả hàng thành công",
    20: "Đã trả hàng một phần",
    21: "Đã trả tiền COD",
    22: "Hủy giao hàng",
    23: "Giao hàng thành công một phần",
    24: "Đang chuyển hoàn",
    28: "Đã trả phí ship",
    29: "Đã trả phí hủy đơn hàng",
}
_S = TrackingState
_MYVNPOST: Final[Mapping[int, TrackingState]] = {
    1: _S.CREATED,
    **dict.fromkeys((2, 3, 4, 5, 8), _S.PICKUP_PENDING),
    **dict.fromkeys((6, 7), _S.PICKED_UP),
    **dict.fromkeys((9, 22), _S.CANCELLED),
    **dict.fromkeys((10, 11, 13), _S.IN_TRANSIT),
    12: _S.OUT_FOR_DELIVERY,
    14: _S.DELIVERED,
    15: _S.DELIVERY_FAILED,
    **dict.fromkeys((16, 17, 18, 24), _S.RETURNING),
    19: _S.RETURNED,
    21: _S.COD_PAID,
}


def myvnpost_state(code: int | str) -> TrackingState:
    """The normalised state of a MyVNPost status code (§7.3 "Mapping notes").

    Codes the notes do not map (0 draft, 20 and 23 partial, 28 and 29 fees, unknown ones)
    give UNKNOWN; keep the raw code beside it.

    >>> myvnpost_state("14"), myvnpost_state(0)
    (<TrackingState.DELIVERED: 'delivered'>, <TrackingState.UNKNOWN: 'unknown'>)
    """
    try:
        return _MYVNPOST.get(int(code), TrackingState.UNKNOWN)
    except (TypeError, ValueError):
        return TrackingState.UNKNOWN


@attrs.frozen(kw_only=True)
class Address:
    """A postal address: GSO province and ward codes (no district since 1 July 2025).

    ``district_code`` is for targets still on the three-level map; ``detail`` (house number,
    street) is masked in ``repr``.

    >>> Address(province_code="79", ward_code="26734", detail="12 Lê Lợi")
    Address(province_code='79', ward_code='26734', district_code=None, detail='***')
    """

    province_code: str = attrs.field(default="", validator=F.code)
    ward_code: str = attrs.field(default="", validator=F.code)
    district_code: str | None = attrs.field(default=None, validator=F.code)
    detail: str = attrs.field(default="", repr=F.masked("address"))


@attrs.frozen(kw_only=True)
class Party:
    """A sender or receiver of a shipment (người gửi / người nhận); ``org_code`` for agencies.

    >>> Party(name="Trần Thị Bình", email="binh@example.vn")
    Party(name='T. T. B.', phone='', email='b***@example.vn', address=Address(province_code='', \
ward_code='', district_code=None, detail=''), org_code='')
    """

    name: str = attrs.field(validator=F.non_empty, repr=F.masked("name"))
    phone: str = attrs.field(default="", repr=F.masked("phone"))
    email: str = attrs.field(default="", repr=F.masked("email"))
    address: Address = attrs.field(factory=Address)
    org_code: str = ""


@attrs.frozen(kw_only=True)
class Shipment:
    """One postal leg of a dossier (BCCI): what to carry, from whom, to whom.

    ``order_number`` (VNPost ``OrderNumber``) is the dossier code plus the leg's suffix, so
    a retried creation finds the order already made. Amounts in VND, weight in grams.

    >>> s = Shipment(dossier_code="000.00.06.H56-261120-0001", leg=ShipmentLeg.DELIVER_RESULT,
    ...              sender=Party(name="UBND phường Ba Đình"), receiver=Party(name="Nguyễn Văn An"),
    ...              weight_g=200)
    >>> s.order_number
    '000.00.06.H56-261120-0001-KQ'
    """

    dossier_code: str = attrs.field(validator=F.non_empty)
    leg: ShipmentLeg
    sender: Party
    receiver: Party
    weight_g: int = attrs.field(validator=F.non_negative)
    service_code: str = ""
    cod_amount_vnd: int = attrs.field(default=0, validator=F.non_negative)
    declared_value_vnd: int = attrs.field(default=0, validator=F.non_negative)
    contents: str = attrs.field(default="", repr=F.masked_text)
    pickup_at: dt.datetime | None = attrs.field(default=None, validator=F.aware)
    pre_allocated_item_code: str | None = None

    @property
    def order_number(self) -> str:
        """The carrier order number: dossier code + leg suffix."""
        return self.dossier_code + self.leg.suffix


@attrs.frozen(kw_only=True)
class Quote:
    """A carrier's price for a shipment (VNPost ``ServicesCharge``).

    >>> Quote(carrier="vnpost", service_code="ETN011", fee_vnd=25000).fee_vnd
    25000
    """

    carrier: str = attrs.field(validator=F.non_empty)
    service_code: str
    fee_vnd: int = attrs.field(validator=F.non_negative)
    cod_fee_vnd: int = attrs.field(default=0, validator=F.non_negative)
    estimated_days: int | None = attrs.field(default=None, validator=F.non_negative)


@attrs.frozen(kw_only=True)
class ShipmentReceipt:
    """The carrier's answer to a created shipment: its item code (S10-like) and order id.

    >>> ShipmentReceipt(carrier="vnpost", item_code="EE123456785VN", order_number="hs-1-KQ",
    ...                 idempotency_key="k-1").item_code
    'EE123456785VN'
    """

    carrier: str = attrs.field(validator=F.non_empty)
    item_code: str = attrs.field(validator=F.non_empty)
    order_number: str
    idempotency_key: str
    carrier_order_id: str = ""
    fee_vnd: int | None = attrs.field(default=None, validator=F.non_negative)
    status_code_raw: str = ""
    created_at: dt.datetime | None = attrs.field(default=None, validator=F.aware)
    attempts: int = 1


@attrs.frozen(kw_only=True)
class TrackingEvent:
    """A carrier status change, from polling or a callback.

    ``event_id`` defaults to ``carrier:item_code:code_raw:occurred_at`` (UTC), the derived
    key that makes duplicate callbacks recognisable (``integrations.md`` §6.1).

    >>> import datetime as dt
    >>> e = TrackingEvent(carrier="vnpost", item_code="BK990032289VN", code_raw="14",
    ...     normalized=TrackingState.DELIVERED,
    ...     occurred_at=dt.datetime(2026, 11, 26, 9, tzinfo=dt.timezone(dt.timedelta(hours=7))))
    >>> e.event_id
    'vnpost:BK990032289VN:14:2026-11-26T02:00:00Z'
    """

    carrier: str = attrs.field(validator=F.non_empty)
    item_code: str = attrs.field(validator=F.non_empty)
    code_raw: str
    normalized: TrackingState
    occurred_at: dt.datetime = attrs.field(validator=F.aware)
    label_raw: str = ""
    order_number: str | None = None
    location: str = attrs.field(default="", repr=F.masked_text)
    note: str = attrs.field(default="", repr=F.masked_text)
    fee_vnd: int | None = attrs.field(default=None, validator=F.non_negative)
    cod_vnd: int | None = attrs.field(default=None, validator=F.non_negative)
    event_id: str = attrs.field()

    @event_id.default
    def _derive_event_id(self) -> str:
        return self.derive_id(self.carrier, self.item_code, self.code_raw, self.occurred_at)

    @staticmethod
    def derive_id(carrier: str, item_code: str, code_raw: str, occurred_at: dt.datetime) -> str:
        """``carrier:item_code:code_raw:occurred_at`` with the instant in UTC, to the second."""
        at = ensure_aware(occurred_at, name="occurred_at").astimezone(dt.UTC)
        return f"{carrier}:{item_code}:{code_raw}:{at:%Y-%m-%dT%H:%M:%S}Z"

    @property
    def local_time(self) -> dt.datetime:
        """``occurred_at`` in Vietnam local time."""
        return to_local(self.occurred_at)
