"""The errors adapters raise, re-exported from :mod:`onestop_core.errors`.

The caller decides what each means: retry a :class:`TransientError` (honouring
``retry_after``), log in again once after an :class:`AuthError`, never retry a
:class:`BusinessError` or a :class:`PayloadValidationError`, answer a
:class:`CallbackRejected` with its ``status_code``.

>>> issubclass(TransientError, AdapterError) and issubclass(PayloadValidationError, ValueError)
True
"""

from onestop_core.errors import (
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

__all__ = [
    "AdapterConfigError",
    "AdapterError",
    "AuthError",
    "BusinessError",
    "CallbackRejected",
    "IdempotencyConflictError",
    "PayloadValidationError",
    "TransientError",
    "UnknownOutboxItemError",
]
