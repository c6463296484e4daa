"""onestop-dvcqg: the National Public Service Portal (Cổng Dịch vụ công quốc gia) adapter.

* :class:`DvcqgConfig` — where and who (:mod:`onestop_dvcqg.config`);
* :class:`DvcqgAdapter` — the ``NationalPortalAdapter`` (:mod:`onestop_dvcqg.adapter`);
* :mod:`onestop_dvcqg.wire` — canonical records ⇄ DVCQG items, dates, ``error_code``;
* :class:`OutboxSender`, :func:`enqueue_upsert`, :func:`enqueue_progress` — delivery
  through the durable outbox (:mod:`onestop_dvcqg.delivery`);
* :mod:`onestop_dvcqg.plugin` — the ``onestop_core`` plugin registering ``"dvcqg"``.

Importing the package does not import httpx; the adapter and the delivery helpers are
loaded on first use.

>>> import onestop_dvcqg
>>> onestop_dvcqg.DvcqgAdapter.system
'dvcqg'
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from onestop_dvcqg.config import DvcqgConfig

if TYPE_CHECKING:
    from onestop_dvcqg.adapter import DossierNotOnPortalError, DvcqgAdapter
    from onestop_dvcqg.delivery import OutboxSender, enqueue_progress, enqueue_upsert

__version__ = "0.1.0.dev0"

__all__ = [
    "DossierNotOnPortalError",
    "DvcqgAdapter",
    "DvcqgConfig",
    "OutboxSender",
    "__version__",
    "enqueue_progress",
    "enqueue_upsert",
]

_LAZY = {
    "DvcqgAdapter": "onestop_dvcqg.adapter",
    "DossierNotOnPortalError": "onestop_dvcqg.adapter",
    "OutboxSender": "onestop_dvcqg.delivery",
    "enqueue_upsert": "onestop_dvcqg.delivery",
    "enqueue_progress": "onestop_dvcqg.delivery",
}


def __getattr__(name: str) -> Any:
    """Load the adapter and the delivery helpers on first use."""
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
