"""Event builders for the store tests (plain functions, importable by spawned processes)."""

from __future__ import annotations

import datetime as dt

from onestop_core.dossiers import (
    Accepted,
    Decided,
    Delivered,
    DossierEvent,
    DossierHeader,
    ExcludedIntervalEnded,
    ExcludedIntervalStarted,
    FinancialObligationNotified,
    FinancialObligationPaid,
    Resumed,
    SupplementCompleted,
    SupplementRequested,
    Suspended,
    Transferred,
)
from onestop_core.procedures.time_limits import PauseReason

from .conftest import make_header, t

#: TTPVHCC Thanh Hóa (law.md §4.1) and a provincial department.
AGENCY = "000.00.06.H56"
OTHER = "000.00.22.H56"


def accepted(
    at: dt.datetime | None = None, *, code: str | None = None, header: DossierHeader | None = None
) -> Accepted:
    """The first event of an in-person dossier, received at ``AGENCY``."""
    return Accepted(
        at=at or t(2026, 10, 5, 8), header=header or make_header(), code=code, actor="cb.tiepnhan"
    )


def lifecycle(code: str | None = f"{AGENCY}-261005-0001") -> tuple[DossierEvent, ...]:
    """A dossier from reception to delivery through most kinds of events (ND 118 regime)."""
    return (
        accepted(code=code),
        Transferred(at=t(2026, 10, 5, 9), from_agency=AGENCY, to_agency=OTHER),
        SupplementRequested(
            at=t(2026, 10, 6, 9), agency=OTHER, reason="thiếu bản sao", items=("CCCD", "Tờ khai")
        ),
        SupplementCompleted(at=t(2026, 10, 8, 9)),
        ExcludedIntervalStarted(at=t(2026, 10, 8, 10), reason=PauseReason.EXPERT_ASSESSMENT),
        ExcludedIntervalEnded(at=t(2026, 10, 9, 8), reason=PauseReason.EXPERT_ASSESSMENT),
        FinancialObligationNotified(at=t(2026, 10, 9, 9), obligation="lệ phí", amount_vnd=50_000),
        FinancialObligationPaid(at=t(2026, 10, 12, 9)),
        Suspended(at=t(2026, 10, 12, 10), authority="TAND tỉnh"),
        Resumed(at=t(2026, 10, 13, 9)),
        Decided(at=t(2026, 10, 20, 10), result="Giấy xác nhận số 12/2026"),
        Delivered(at=t(2026, 10, 21, 9)),
    )
