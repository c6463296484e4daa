"""Idempotency keys and correlation ids for outbound calls.

Every outbound call carries an ``Idempotency-Key`` (the same on every retry and every
redelivery, so the receiver can deduplicate) and an ``X-Correlation-ID`` (to follow one
business operation through logs on both sides).

>>> key = idempotency_key_for("dvcqg", "upsert", "000.00.06.H56-231027-0361", 3)
>>> key == idempotency_key_for("dvcqg", "upsert", "000.00.06.H56-231027-0361", 3)
True
"""

from __future__ import annotations

import hashlib
import uuid

__all__ = ["idempotency_key_for", "new_correlation_id", "new_idempotency_key"]


def new_idempotency_key() -> str:
    """A fresh random idempotency key (a UUID 4).

    >>> len(new_idempotency_key())
    36
    """
    return str(uuid.uuid4())


def new_correlation_id() -> str:
    """A fresh random correlation id (32 hex digits).

    >>> len(new_correlation_id())
    32
    """
    return uuid.uuid4().hex


def idempotency_key_for(system: str, operation: str, *parts: object) -> str:
    """A deterministic key: the same system, operation and parts always give the same key.

    Derive keys from what identifies the change (dossier code and version, shipment order
    number and leg), never from the time of sending, so a sync recomputed after a crash
    gets the key of the first try. The parts are hashed, so no personal data leaks into it.

    >>> a = idempotency_key_for("dvcqg", "upsert", "000.00.06.H56-231027-0361", 3)
    >>> a == idempotency_key_for("dvcqg", "upsert", "000.00.06.H56-231027-0361", 3)
    True
    >>> a.startswith("dvcqg:upsert:"), len(a.split(":")[-1])
    (True, 32)
    """
    digest = hashlib.sha256("\x1f".join(str(p) for p in parts).encode()).hexdigest()[:32]
    return f"{system}:{operation}:{digest}"
