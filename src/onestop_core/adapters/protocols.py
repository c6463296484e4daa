"""What an adapter of each kind provides (structural: no base class to inherit).

An adapter plugin returns one of these from its :class:`~onestop_core.adapters.AdapterSpec`
factory; :class:`onestop_core.testing.contracts.AdapterContractTests` checks the contract.
Every method raises the typed errors of :mod:`onestop_core.adapters.errors`:
TransientError (the caller may retry), AuthError (after one re-login), BusinessError and
PayloadValidationError (never retried), CallbackRejected (inbound only). Outbound calls
carry the ``idempotency_key`` given, and their receipts repeat it.

>>> class Nothing:
...     pass
>>> isinstance(Nothing(), PostalAdapter)
False
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Protocol, runtime_checkable

from onestop_core.adapters.records import (
    DossierSyncPayload,
    Evaluation,
    ProgressStep,
    PushReceipt,
    Quote,
    Shipment,
    ShipmentReceipt,
    TrackingEvent,
)

__all__ = ["EvaluationSink", "NationalPortalAdapter", "PostalAdapter"]


@runtime_checkable
class NationalPortalAdapter(Protocol):
    """The National Public Service Portal (DVCQG) or a portal like it.

    ``system`` names the remote (``"dvcqg"``), as in receipts.

    >>> from onestop_core.adapters.records import PushReceipt
    >>> class Portal:
    ...     system = "dvcqg"
    ...     def upsert_dossier(self, payload, *, idempotency_key):
    ...         return PushReceipt(ok=True, system=self.system, idempotency_key=idempotency_key)
    ...     def push_progress(self, code, steps, *, idempotency_key): ...
    ...     def lookup_dossier(self, code): return None
    ...     def fetch_catalogue(self, name, **params): return []
    >>> isinstance(Portal(), NationalPortalAdapter)
    True
    """

    system: str

    def upsert_dossier(self, payload: DossierSyncPayload, *, idempotency_key: str) -> PushReceipt:
        """Create the dossier remotely or update it (DVCQG: ``TraCuuHoSo`` then
        ``DongBoHoSoMC`` with ``isUpdating``; "already exists" means update). Sending the
        same key twice leaves one remote dossier.
        """
        ...

    def push_progress(
        self, code: str, steps: Sequence[ProgressStep], *, idempotency_key: str
    ) -> PushReceipt:
        """Append processing steps (DVCQG ``CapNhatTienDoHoSoMC``, chunked as the remote needs)."""
        ...

    def lookup_dossier(self, code: str) -> dict[str, Any] | None:
        """The remote record of the dossier ``code`` (``TraCuuHoSo``), or None."""
        ...

    def fetch_catalogue(self, name: str, **params: Any) -> list[dict[str, Any]]:
        """A shared catalogue (``LayThuTuc``, ``LayDanhMucCoQuan`` …) as raw records."""
        ...


@runtime_checkable
class EvaluationSink(Protocol):
    """An optional capability: pushing satisfaction evaluations (DVCQG ``DongBoDanhGia``).

    >>> isinstance(object(), EvaluationSink)
    False
    """

    def push_evaluation(self, evaluation: Evaluation, *, idempotency_key: str) -> PushReceipt:
        """Send one evaluation."""
        ...


@runtime_checkable
class PostalAdapter(Protocol):
    """A postal carrier (VNPost for BCCI, or another). ``carrier`` names it (``"vnpost"``).

    Checking ``isinstance`` looks at the names only; the contract tests check behaviour.

    >>> sorted(n for n in dir(PostalAdapter) if not n.startswith("_"))
    ['cancel_shipment', 'create_shipment', 'parse_callback', 'quote', 'track']
    """

    carrier: str

    def quote(self, shipment: Shipment) -> Quote:
        """The price of ``shipment`` (nothing is ordered)."""
        ...

    def create_shipment(self, shipment: Shipment, *, idempotency_key: str) -> ShipmentReceipt:
        """Order the pickup or delivery; the same key (or order number) gives the same order."""
        ...

    def cancel_shipment(self, item_code: str, *, reason: str) -> PushReceipt:
        """Cancel an order not yet picked up."""
        ...

    def track(self, item_code: str) -> list[TrackingEvent]:
        """The tracking events of an item so far (polling), oldest first."""
        ...

    def parse_callback(
        self, headers: Mapping[str, str], body: bytes, query: Mapping[str, str]
    ) -> list[TrackingEvent]:
        """Verify an inbound callback (raising CallbackRejected) and only then parse it."""
        ...
