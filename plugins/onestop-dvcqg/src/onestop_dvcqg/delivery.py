"""DVCQG syncs through the durable outbox (:class:`onestop_core.adapters.Outbox`).

Record the sync in the outbox in the same step as the dossier change (:func:`enqueue_upsert`,
:func:`enqueue_progress`), then let a deliverer send what is due with an
:class:`OutboxSender`::

    with Outbox("outbox.sqlite3") as outbox, DvcqgAdapter(config) as portal:
        enqueue_upsert(outbox, payload, version=dossier.version)
        outbox.deliver_due(OutboxSender(portal))

Keys are derived from what identifies the change (the dossier code and version), so a sync
recomputed after a crash gets the key of the first try. Build the payload from the dossier
alone (``DossierSyncPayload.from_dossier(d, now=d.events[-1].at)``): a payload rebuilt
with another ``now`` differs (``synced_at``, the SLA due date) and the outbox refuses to
record it under the same key (``IdempotencyConflictError``).

Progress is recorded one outbox item per chunk of 10 steps, so a failed chunk is retried
alone. Items are delivered at least once; :class:`~onestop_dvcqg.adapter.DvcqgAdapter`
makes a redelivered upsert a no-op when it already landed.

>>> import datetime as dt
>>> from onestop_core.adapters import Outbox
>>> from onestop_core.testing.contracts import sample_payload
>>> with Outbox(":memory:") as outbox:
...     item = enqueue_upsert(outbox, sample_payload(), version=3)
...     item.operation, item.idempotency_key == upsert_key(sample_payload().code, 3)
('upsert_dossier', True)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from typing import Final

from onestop_core.adapters import (
    AdapterConfigError,
    DossierSyncPayload,
    NationalPortalAdapter,
    Outbox,
    OutboxItem,
    PayloadValidationError,
    ProgressStep,
    PushReceipt,
    from_dict,
    idempotency_key_for,
    to_dict,
)

from onestop_dvcqg.wire import chunks

__all__ = [
    "PUSH_PROGRESS",
    "SYSTEM",
    "UPSERT_DOSSIER",
    "OutboxSender",
    "enqueue_progress",
    "enqueue_upsert",
    "progress_key",
    "upsert_key",
]

#: The outbox ``system`` of DVCQG items.
SYSTEM: Final = "dvcqg"
#: Outbox operations.
UPSERT_DOSSIER: Final = "upsert_dossier"
PUSH_PROGRESS: Final = "push_progress"


def upsert_key(code: str, version: int | str) -> str:
    """The idempotency key of the upsert of dossier ``code`` at ``version``.

    >>> upsert_key("000.00.06.H56-261120-0001", 3).startswith("dvcqg:upsert:")
    True
    """
    return idempotency_key_for(SYSTEM, "upsert", code, version)


def progress_key(code: str, version: int | str, chunk: int) -> str:
    """The idempotency key of chunk ``chunk`` of the progress of ``code`` at ``version``.

    >>> progress_key("hs-1", 3, 0) != progress_key("hs-1", 3, 1)
    True
    """
    return idempotency_key_for(SYSTEM, "progress", code, version, chunk)


def enqueue_upsert(
    outbox: Outbox,
    payload: DossierSyncPayload,
    *,
    version: int | str,
    correlation_id: str | None = None,
    now: dt.datetime | None = None,
) -> OutboxItem:
    """Record the upsert of ``payload`` (dossier ``version``); idempotent per version."""
    return outbox.enqueue(
        SYSTEM,
        UPSERT_DOSSIER,
        {"payload": to_dict(payload)},
        idempotency_key=upsert_key(payload.code, version),
        correlation_id=correlation_id,
        now=now,
    )


def enqueue_progress(
    outbox: Outbox,
    code: str,
    steps: Sequence[ProgressStep],
    *,
    version: int | str,
    chunk_size: int = 10,
    now: dt.datetime | None = None,
) -> tuple[OutboxItem, ...]:
    """Record ``steps`` of dossier ``code`` as one outbox item per chunk of ``chunk_size``.

    >>> import datetime as dt
    >>> steps = [ProgressStep(dossier_code="hs-1", status=4,
    ...                       at=dt.datetime(2026, 11, 20, 3, tzinfo=dt.UTC))] * 12
    >>> with Outbox(":memory:") as outbox:
    ...     [len(i.payload["steps"]) for i in enqueue_progress(outbox, "hs-1", steps, version=2)]
    [10, 2]
    """
    if not 1 <= chunk_size <= 10:
        raise AdapterConfigError(f"chunk_size must be 1..10, got {chunk_size}")
    return tuple(
        outbox.enqueue(
            SYSTEM,
            PUSH_PROGRESS,
            {"code": code, "steps": [to_dict(s) for s in chunk]},
            idempotency_key=progress_key(code, version, index),
            now=now,
        )
        for index, chunk in enumerate(chunks(list(steps), chunk_size))
    )


class OutboxSender:
    """The ``sender`` of :meth:`Outbox.deliver_due` for DVCQG items.

    ``latest``, if given, returns the current payload of a dossier code (or None): an
    upsert then sends the dossier as it is now rather than as it was recorded. An upsert
    replaces the whole remote record and the outbox does not order items per dossier, so
    without it an old version retried after a newer one was delivered would overwrite it.

    An item of another system, an unknown operation or an unreadable payload raises (a
    dead letter: ``onestop outbox retry`` requeues it once fixed). Give a shared outbox a
    dispatcher by ``item.system`` instead of this sender alone.
    """

    def __init__(
        self,
        adapter: NationalPortalAdapter,
        *,
        latest: Callable[[str], DossierSyncPayload | None] | None = None,
    ) -> None:
        self.adapter = adapter
        self.latest = latest

    def __call__(self, item: OutboxItem) -> PushReceipt:
        if item.system != self.adapter.system:
            raise AdapterConfigError(
                f"outbox item {item.id} is for {item.system!r}, not {self.adapter.system!r}",
                system=self.adapter.system,
            )
        if item.operation == UPSERT_DOSSIER:
            raw_payload = item.payload.get("payload")
            if not isinstance(raw_payload, Mapping):
                raise PayloadValidationError(f"outbox item {item.id}: no payload", path="payload")
            payload = from_dict(DossierSyncPayload, raw_payload)
            current = self.latest(payload.code) if self.latest is not None else None
            if current is not None:
                payload = current
            return self.adapter.upsert_dossier(payload, idempotency_key=item.idempotency_key)
        if item.operation == PUSH_PROGRESS:
            raw = item.payload.get("steps")
            if not isinstance(raw, list):
                raise PayloadValidationError(f"outbox item {item.id}: no steps", path="steps")
            steps = [from_dict(ProgressStep, s) for s in raw]
            code = str(item.payload.get("code", ""))
            return self.adapter.push_progress(code, steps, idempotency_key=item.idempotency_key)
        raise PayloadValidationError(
            f"outbox item {item.id}: unknown operation {item.operation!r}", path="operation"
        )
