"""The plugin module (entry point ``vnpost = "onestop_vnpost.plugin"``, group ``onestop_core``).

It registers one adapter, ``"vnpost"`` of kind ``"postal"``. Loading it imports neither httpx
nor the adapter: :func:`create_adapter` does, when the host is asked for an adapter.

>>> [(spec.name, spec.kind) for spec in onestop_register_adapters()]
[('vnpost', 'postal')]
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

from onestop_core import hookimpl
from onestop_core.adapters.spec import AdapterSpec

from onestop_vnpost import __version__

if TYPE_CHECKING:
    import datetime as dt

    from onestop_core.adapters import HttpClient, RetryPolicy

    from onestop_vnpost.adapter import VnpostAdapter
    from onestop_vnpost.config import VnpostConfig
    from onestop_vnpost.ledger import ShipmentLedger

__all__ = ["CAPABILITIES", "create_adapter", "onestop_register_adapters"]

#: What the adapter can do (``AdapterSpec.capabilities``).
CAPABILITIES = frozenset({"quote", "create", "cancel", "tracking", "callbacks"})


def create_adapter(
    config: VnpostConfig | None = None,
    *,
    http: HttpClient | None = None,
    retry: RetryPolicy | None = None,
    ledger: ShipmentLedger | None = None,
    clock: Callable[[], dt.datetime] | None = None,
    **fields: Any,
) -> VnpostAdapter:
    """Build a :class:`~onestop_vnpost.adapter.VnpostAdapter` (the spec's factory).

    Pass a :class:`~onestop_vnpost.config.VnpostConfig`, or its fields as keywords
    (``base_url=…, username=…``), or nothing to read ``ONESTOP_VNPOST_*`` from the
    environment (:meth:`~onestop_vnpost.config.VnpostConfig.from_env`).
    """
    from onestop_vnpost.adapter import VnpostAdapter
    from onestop_vnpost.config import VnpostConfig

    if config is None:
        config = VnpostConfig(**fields) if fields else VnpostConfig.from_env()
    elif fields:
        raise TypeError(f"pass config or its fields, not both (got {sorted(fields)})")
    return VnpostAdapter(config, http=http, retry=retry, ledger=ledger, clock=clock)


@hookimpl
def onestop_register_adapters() -> Iterator[AdapterSpec]:
    """The VNPost postal adapter (MyVNPost "Connect"), built lazily by :func:`create_adapter`."""
    yield AdapterSpec(
        name="vnpost",
        kind="postal",
        factory=create_adapter,
        description="VNPost (MyVNPost Connect): BCCI dossier collection and result delivery",
        version=__version__,
        capabilities=CAPABILITIES,
    )
