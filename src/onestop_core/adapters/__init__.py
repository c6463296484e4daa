"""Adapters (bộ kết nối): canonical records, errors and the toolkit adapters are built with.

* :mod:`~onestop_core.adapters.records` — vendor-neutral records (dossier sync payload,
  progress step, evaluation, shipment, tracking event, receipts), masked in every ``repr``;
* :mod:`~onestop_core.adapters.protocols` — what a national or postal adapter provides;
* :mod:`~onestop_core.adapters.errors` — the typed errors adapters raise;
* :mod:`~onestop_core.adapters.retry` — bounded retries with full jitter and ``Retry-After``;
* :class:`HttpClient` / :class:`AsyncHttpClient` — httpx with timeouts, a size cap,
  idempotency keys and correlation ids (loaded on first use: only
  ``onestop_core.adapters._http`` imports httpx);
* :mod:`~onestop_core.adapters.outbox` — the durable SQLite outbox (at-least-once delivery);
* :mod:`~onestop_core.adapters.callbacks` — verify inbound callbacks, then deduplicate them.

>>> from onestop_core.adapters import PushReceipt
>>> PushReceipt(ok=True, system="dvcqg", idempotency_key="k-1").ok
True
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from onestop_core.adapters.callbacks import (
    CallbackDecision,
    CallbackInbox,
    generate_webhook_secret,
    sign_standard_webhook,
    verify_body_hmac,
    verify_header_token,
    verify_query_secret,
    verify_standard_webhook,
)
from onestop_core.adapters.errors import (
    AdapterConfigError,
    AdapterError,
    AuthError,
    BusinessError,
    CallbackRejected,
    IdempotencyConflictError,
    PayloadValidationError,
    TransientError,
    UnknownOutboxItemError,
)
from onestop_core.adapters.formats import format_compact, parse_remote_time
from onestop_core.adapters.ids import idempotency_key_for, new_correlation_id, new_idempotency_key
from onestop_core.adapters.log import get_logger
from onestop_core.adapters.outbox import DeliveryReport, Outbox, OutboxItem, OutboxStatus
from onestop_core.adapters.protocols import EvaluationSink, NationalPortalAdapter, PostalAdapter
from onestop_core.adapters.records import (
    Address,
    ApplicantKind,
    ApplicantRecord,
    DossierSyncPayload,
    Evaluation,
    IdType,
    Party,
    ProgressStep,
    PushReceipt,
    Quote,
    ResultDelivery,
    Satisfaction,
    Shipment,
    ShipmentLeg,
    ShipmentReceipt,
    TrackingEvent,
    TrackingState,
    national_status,
)
from onestop_core.adapters.responses import HttpResponse, Timeouts, error_for_status
from onestop_core.adapters.retry import RetryPolicy, acall_with_retry, call_with_retry
from onestop_core.adapters.serialization import from_dict, to_dict
from onestop_core.adapters.shipments import myvnpost_state
from onestop_core.adapters.spec import AdapterKind, AdapterSpec

if TYPE_CHECKING:
    from onestop_core.adapters._http import AsyncHttpClient, HttpClient

__all__ = [
    "AdapterConfigError",
    "AdapterError",
    "AdapterKind",
    "AdapterSpec",
    "Address",
    "ApplicantKind",
    "ApplicantRecord",
    "AsyncHttpClient",
    "AuthError",
    "BusinessError",
    "CallbackDecision",
    "CallbackInbox",
    "CallbackRejected",
    "DeliveryReport",
    "DossierSyncPayload",
    "Evaluation",
    "EvaluationSink",
    "HttpClient",
    "HttpResponse",
    "IdType",
    "IdempotencyConflictError",
    "NationalPortalAdapter",
    "Outbox",
    "OutboxItem",
    "OutboxStatus",
    "Party",
    "PayloadValidationError",
    "PostalAdapter",
    "ProgressStep",
    "PushReceipt",
    "Quote",
    "ResultDelivery",
    "RetryPolicy",
    "Satisfaction",
    "Shipment",
    "ShipmentLeg",
    "ShipmentReceipt",
    "Timeouts",
    "TrackingEvent",
    "TrackingState",
    "TransientError",
    "UnknownOutboxItemError",
    "acall_with_retry",
    "call_with_retry",
    "error_for_status",
    "format_compact",
    "from_dict",
    "generate_webhook_secret",
    "get_logger",
    "idempotency_key_for",
    "myvnpost_state",
    "national_status",
    "new_correlation_id",
    "new_idempotency_key",
    "parse_remote_time",
    "sign_standard_webhook",
    "to_dict",
    "verify_body_hmac",
    "verify_header_token",
    "verify_query_secret",
    "verify_standard_webhook",
]

_LAZY = {"HttpClient", "AsyncHttpClient"}


def __getattr__(name: str) -> Any:
    """Load the httpx-backed clients on first use (importing adapters stays httpx-free)."""
    if name in _LAZY:
        from onestop_core.adapters import _http

        return getattr(_http, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
