"""onestop_vnpost: the VNPost postal adapter of onestop_core (dịch vụ bưu chính công ích, BCCI).

It speaks the MyVNPost "Connect" customer API (``integrations.md`` §4.4) for both postal
legs of a dossier: collecting the dossier for the agency and delivering the result to the
applicant. The package registers itself with the plugin host as the ``postal`` adapter
``"vnpost"`` (entry point ``vnpost = "onestop_vnpost.plugin"``).

* :class:`~onestop_vnpost.config.VnpostConfig` — endpoints, credentials (masked), callback
  secrets, timeouts;
* :class:`~onestop_vnpost.adapter.VnpostAdapter` — a
  :class:`~onestop_core.adapters.PostalAdapter`: quote, create (idempotent), cancel, track,
  verified callbacks;
* :mod:`~onestop_vnpost.ledger` — where the adapter remembers its orders (in memory or in
  SQLite), so a creation whose answer was lost is never made twice;
* :mod:`~onestop_vnpost.wire` — the MyVNPost wire format;
* :mod:`~onestop_vnpost.dossier_events` — what tracking means for the dossier: a delivered
  result moves it to status 10.

Names are imported on first use, so loading the plugin stays cheap (no httpx until an
adapter is built).

>>> import onestop_vnpost
>>> onestop_vnpost.VnpostConfig.__module__, onestop_vnpost.__version__
('onestop_vnpost.config', '0.1.0.dev0')
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0.dev0"

if TYPE_CHECKING:
    from onestop_vnpost.adapter import VnpostAdapter
    from onestop_vnpost.config import VnpostConfig
    from onestop_vnpost.dossier_events import (
        CallbackResponse,
        TrackingReport,
        apply_tracking,
        dossier_event_for,
        handle_callback,
    )
    from onestop_vnpost.ledger import (
        LedgerEntry,
        MemoryShipmentLedger,
        ShipmentLedger,
        SQLiteShipmentLedger,
    )
    from onestop_vnpost.wire import bcci_shipment

__all__ = [
    "CallbackResponse",
    "LedgerEntry",
    "MemoryShipmentLedger",
    "SQLiteShipmentLedger",
    "ShipmentLedger",
    "TrackingReport",
    "VnpostAdapter",
    "VnpostConfig",
    "__version__",
    "apply_tracking",
    "bcci_shipment",
    "dossier_event_for",
    "handle_callback",
]

_WHERE = {
    "VnpostAdapter": "adapter",
    "VnpostConfig": "config",
    "CallbackResponse": "dossier_events",
    "TrackingReport": "dossier_events",
    "apply_tracking": "dossier_events",
    "dossier_event_for": "dossier_events",
    "handle_callback": "dossier_events",
    "LedgerEntry": "ledger",
    "MemoryShipmentLedger": "ledger",
    "SQLiteShipmentLedger": "ledger",
    "ShipmentLedger": "ledger",
    "bcci_shipment": "wire",
}


def __getattr__(name: str) -> Any:
    """Import the public names lazily (the plugin module must stay cheap to load)."""
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{module}"), name)
