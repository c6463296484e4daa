"""The outbox's schema, statuses and row values (private; public names re-exported by
:mod:`onestop_core.adapters.outbox`).
"""

from __future__ import annotations

import datetime as dt
import enum
import json
from collections.abc import Mapping
from typing import Any, Final

import attrs

from onestop_core._sqlite import Migration, from_text, statements
from onestop_core.errors import PayloadValidationError

_V1: Final = (
    """CREATE TABLE outbox_items (
        id              INTEGER PRIMARY KEY AUTOINCREMENT,
        system          TEXT    NOT NULL,
        operation       TEXT    NOT NULL,
        idempotency_key TEXT    NOT NULL UNIQUE,
        correlation_id  TEXT    NOT NULL,
        payload         TEXT    NOT NULL,
        payload_hash    TEXT    NOT NULL,
        status          TEXT    NOT NULL
            CHECK (status IN ('pending', 'in_flight', 'done', 'failed')),
        attempts        INTEGER NOT NULL DEFAULT 0,
        next_attempt_at TEXT    NOT NULL,
        lease_token     TEXT,
        lease_until     TEXT,
        created_at      TEXT    NOT NULL,
        updated_at      TEXT    NOT NULL,
        last_error      TEXT    NOT NULL DEFAULT '',
        remote_id       TEXT    NOT NULL DEFAULT ''
    )""",
    "CREATE INDEX outbox_due ON outbox_items (status, next_attempt_at)",
    "CREATE INDEX outbox_leases ON outbox_items (status, lease_until)",
    """CREATE TRIGGER outbox_items_no_delete BEFORE DELETE ON outbox_items
        BEGIN SELECT RAISE(ABORT, 'outbox items are never deleted'); END""",
    """CREATE TABLE outbox_attempts (
        seq     INTEGER PRIMARY KEY AUTOINCREMENT,
        item_id INTEGER NOT NULL REFERENCES outbox_items (id),
        attempt INTEGER NOT NULL,
        at      TEXT    NOT NULL,
        event   TEXT    NOT NULL,
        owner   TEXT    NOT NULL DEFAULT '',
        detail  TEXT    NOT NULL DEFAULT ''
    )""",
    "CREATE INDEX outbox_attempts_item ON outbox_attempts (item_id, seq)",
    """CREATE TRIGGER outbox_attempts_no_update BEFORE UPDATE ON outbox_attempts
        BEGIN SELECT RAISE(ABORT, 'the attempts log is append-only'); END""",
    """CREATE TRIGGER outbox_attempts_no_delete BEFORE DELETE ON outbox_attempts
        BEGIN SELECT RAISE(ABORT, 'the attempts log is append-only'); END""",
)


#: Version 2: items sharing an ``ordering_key`` (e.g. a dossier code) are delivered in order.
_V2: Final = (
    "ALTER TABLE outbox_items ADD COLUMN ordering_key TEXT NOT NULL DEFAULT ''",
    "CREATE INDEX outbox_ordering ON outbox_items (ordering_key, id)",
)

#: The schema steps, in order; step ``i`` brings the file to schema version ``i + 1``.
MIGRATIONS: Final[tuple[Migration, ...]] = (statements(*_V1), statements(*_V2))


class OutboxStatus(enum.Enum):
    """Where an outbox item is: waiting, being sent, delivered, or dead-lettered.

    >>> OutboxStatus("in_flight")
    <OutboxStatus.IN_FLIGHT: 'in_flight'>
    """

    PENDING = "pending"
    IN_FLIGHT = "in_flight"
    DONE = "done"
    FAILED = "failed"


def _parse_ts(text: str | None) -> dt.datetime | None:
    return None if text is None else from_text(text)


@attrs.frozen(kw_only=True)
class OutboxItem:
    """One recorded outbound call. ``attempts`` counts deliveries tried (this one included,
    for an item handed to a sender); ``lease_token`` identifies the current claim.

    >>> from onestop_core.adapters.outbox import Outbox
    >>> with Outbox(":memory:") as outbox:
    ...     item = outbox.enqueue("dvcqg", "upsert", {"code": "hs-1"}, idempotency_key="k")
    >>> item.status, item.attempts, dict(item.payload)
    (<OutboxStatus.PENDING: 'pending'>, 0, {'code': 'hs-1'})
    """

    id: int
    system: str
    operation: str
    payload: Mapping[str, Any] = attrs.field(repr=False, hash=False)
    idempotency_key: str
    correlation_id: str
    status: OutboxStatus
    attempts: int
    next_attempt_at: dt.datetime
    created_at: dt.datetime
    updated_at: dt.datetime
    lease_until: dt.datetime | None = None
    lease_token: str | None = attrs.field(default=None, repr=False)
    last_error: str = ""
    remote_id: str = ""
    ordering_key: str = ""


@attrs.frozen(kw_only=True)
class DeliveryReport:
    """What one :meth:`Outbox.deliver_due` call did, by item id.

    >>> DeliveryReport(claimed=(1, 2), done=(1,), retrying=(2,))
    DeliveryReport(claimed=(1, 2), done=(1,), retrying=(2,), failed=())
    """

    claimed: tuple[int, ...] = ()
    done: tuple[int, ...] = ()
    retrying: tuple[int, ...] = ()
    failed: tuple[int, ...] = ()


COLUMNS: Final = (
    "id, system, operation, payload, idempotency_key, correlation_id, status, attempts, "
    "next_attempt_at, created_at, updated_at, lease_until, lease_token, last_error, remote_id, "
    "ordering_key"
)


def row_to_item(row: tuple[Any, ...]) -> OutboxItem:
    (
        id_,
        system,
        operation,
        payload,
        key,
        cid,
        status,
        attempts,
        next_at,
        created,
        updated,
        lease_until,
        token,
        last_error,
        remote_id,
        ordering_key,
    ) = row
    return OutboxItem(
        id=int(id_),
        system=system,
        operation=operation,
        payload=json.loads(payload),
        idempotency_key=key,
        correlation_id=cid,
        status=OutboxStatus(status),
        attempts=int(attempts),
        next_attempt_at=_parse_ts(next_at),  # type: ignore[arg-type]
        created_at=_parse_ts(created),  # type: ignore[arg-type]
        updated_at=_parse_ts(updated),  # type: ignore[arg-type]
        lease_until=_parse_ts(lease_until),
        lease_token=token,
        last_error=last_error,
        remote_id=remote_id,
        ordering_key=ordering_key,
    )


def canonical_json(payload: Mapping[str, Any]) -> str:
    if not isinstance(payload, Mapping):
        raise PayloadValidationError(
            f"an outbox payload is a JSON object, got {type(payload).__name__}"
        )
    try:
        return json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    except (TypeError, ValueError) as exc:
        raise PayloadValidationError(f"the outbox payload is not JSON: {exc}") from None


def make_report(
    claimed: tuple[OutboxItem, ...], outcomes: list[tuple[int, OutboxStatus]]
) -> DeliveryReport:
    def ids(status: OutboxStatus) -> tuple[int, ...]:
        return tuple(i for i, s in outcomes if s is status)

    return DeliveryReport(
        claimed=tuple(i.id for i in claimed),
        done=ids(OutboxStatus.DONE),
        retrying=ids(OutboxStatus.PENDING),
        failed=ids(OutboxStatus.FAILED),
    )
