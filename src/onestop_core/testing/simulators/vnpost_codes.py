"""MyVNPost status codes, the simulator's shipment scenarios, price formula and order record.

>>> STATUS_TEXT[14]
'Đã giao hàng'
>>> SCENARIOS["happy"]
(1, 2, 4, 6, 7, 10, 12, 14)
>>> quote_fee(weight_g=1200, cod_amount=0)
{'mainFee': 33000, 'codFee': 0, 'totalFee': 33000}
>>> format_vnpost_time(dt.datetime(2026, 11, 20, 8, 5, tzinfo=VN_OFFSET))
'20/11/2026 08:05:00'
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
from typing import Any, Final

from onestop_core.adapters.shipments import MYVNPOST_LABELS
from onestop_core.testing.simulators.wire import VN_OFFSET

__all__ = [
    "CANCELLABLE",
    "FINAL",
    "SCENARIOS",
    "STATUS_TEXT",
    "Order",
    "format_vnpost_time",
    "quote_fee",
]

#: The MyVNPost "Connect" status codes (0 to 29) with their Vietnamese labels, taken from the
#: adapter toolkit's table so the simulator and the adapters agree.
STATUS_TEXT: Final[dict[int, str]] = dict(MYVNPOST_LABELS)

#: Status sequences a shipment walks through (each starts at 1, "Đã tạo").
SCENARIOS: Final[dict[str, tuple[int, ...]]] = {
    "happy": (1, 2, 4, 6, 7, 10, 12, 14),
    "failed_pickup": (1, 2, 4, 5, 4, 8),
    "failed_delivery_return": (1, 2, 4, 6, 7, 10, 12, 15, 16, 18, 24, 19),
    "cancelled": (1, 2, 9),
}
#: Statuses after which nothing moves.
FINAL: Final = frozenset({8, 9, 14, 19, 22})
#: ``orderCancel`` works only before pickup (status 6).
CANCELLABLE: Final = frozenset({0, 1, 2, 3, 4, 5})

_BASE_FEE, _PER_500G, _COD_MIN = 22_000, 5_500, 11_000


def quote_fee(*, weight_g: int, cod_amount: int = 0) -> dict[str, int]:
    """The simulator's price (VND): 22 000 for the first 500 g, 5 500 per further 500 g,
    COD 1 % of the amount with an 11 000 minimum."""
    main = _BASE_FEE + _PER_500G * max(0, math.ceil(weight_g / 500) - 1)
    cod = max(_COD_MIN, cod_amount // 100) if cod_amount > 0 else 0
    return {"mainFee": main, "codFee": cod, "totalFee": main + cod}


def format_vnpost_time(t: dt.datetime) -> str:
    """An aware datetime as local ``dd/MM/yyyy HH:mm:ss``."""
    return t.astimezone(VN_OFFSET).strftime("%d/%m/%Y %H:%M:%S")


@dataclasses.dataclass
class Order:
    """A shipment: its identifiers, status history and tracking events."""

    original_id: str
    item_code: str
    sale_order_code: str
    status: int
    total_fee: int
    created_at: dt.datetime
    updated_at: dt.datetime
    information: dict[str, Any]
    history: list[int] = dataclasses.field(default_factory=list)
    events: list[dict[str, Any]] = dataclasses.field(default_factory=list)
    idempotency_key: str | None = None
    sender_code: str = "SIM-CUST"

    def summary(self) -> dict[str, Any]:
        """The ``getOrder`` result row."""
        return {
            "itemCode": self.item_code,
            "originalItemCode": self.item_code,
            "senderCode": self.sender_code,
            "status": self.status,
            "totalFee": self.total_fee,
            "updatedDate": format_vnpost_time(self.updated_at),
        }
