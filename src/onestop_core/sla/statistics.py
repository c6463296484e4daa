"""Timeliness statistics over many dossiers' verdicts.

>>> from onestop_core.sla import Timeliness
>>> timeliness_points([Timeliness.EARLY] * 60 + [Timeliness.ON_TIME] * 35 + [Timeliness.LATE] * 5)
Decimal('19.00')
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal

from onestop_core.errors import InvalidDurationError
from onestop_core.sla.state import Timeliness

__all__ = ["timeliness_points"]


def timeliness_points(
    verdicts: Iterable[Timeliness | None], *, max_points: int = 20, zero_denominator: str = "zero"
) -> Decimal:
    """Points for handling dossiers early or on time: share × ``max_points``, 2 decimals.

    The Decision 766/QĐ-TTg group II (tiến độ, kết quả giải quyết) is worth 20 points; the
    Thanh Hóa implementation scores it as (early + on time) ÷ received × 20 (``law.md`` §5.1,
    E18; implementation evidence, not the Decision's text). ``None`` verdicts (undecided) count
    in the denominator. With no dossiers, ``zero_denominator="zero"`` gives 0 (or "nan").
    """
    items = list(verdicts)
    if any(v is not None and not isinstance(v, Timeliness) for v in items):
        raise InvalidDurationError("verdicts must be Timeliness values or None")
    if not items:
        if zero_denominator == "nan":
            return Decimal("NaN")
        return Decimal("0.00")
    good = sum(1 for v in items if v in (Timeliness.EARLY, Timeliness.ON_TIME))
    share = Decimal(good) / Decimal(len(items)) * Decimal(max_points)
    return share.quantize(Decimal("0.01"), ROUND_HALF_UP)
