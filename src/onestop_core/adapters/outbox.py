"""A durable outbox in one SQLite file: every outbound sync is recorded before it is sent.

An item is written by :meth:`Outbox.enqueue` (idempotent per idempotency key), then
delivered by :meth:`Outbox.deliver_due`, which claims due items with a lease
(``pending → in_flight``), calls the sender, and records the outcome:

* a receipt with ``ok`` → ``done`` (only then);
* :class:`~onestop_core.errors.TransientError` or
  :class:`~onestop_core.errors.AuthError` → ``pending`` again after a backoff (at least the
  ``Retry-After``), or ``failed`` once ``max_attempts`` deliveries were tried;
* a business error, an invalid payload, a receipt without ``ok`` → ``failed`` (dead letter).

A process that dies while an item is in flight leaves it ``in_flight``; once its lease has
expired any deliverer claims it again. Delivery is therefore at least once, always with the
item's idempotency key, and the receiver deduplicates by that key. Rows are never deleted;
``outbox_attempts`` is an append-only log of every claim and outcome. The file follows the
house style of :mod:`onestop_core.dossiers.sqlite_store` (WAL, ``BEGIN IMMEDIATE``,
``busy_timeout``, ``schema_version``), so several processes may share it.

>>> import datetime as dt, pathlib, tempfile
>>> from onestop_core.adapters.records import PushReceipt
>>> def send(item: OutboxItem) -> PushReceipt:
...     return PushReceipt(ok=True, system=item.system, idempotency_key=item.idempotency_key)
>>> with tempfile.TemporaryDirectory() as folder:
...     with Outbox(pathlib.Path(folder) / "outbox.db") as outbox:
...         item = outbox.enqueue("dvcqg", "upsert", {"code": "hs-1"}, idempotency_key="k-1")
...         report = outbox.deliver_due(send)
...         print(report.done == (item.id,), outbox.status())
True {'pending': 0, 'in_flight': 0, 'done': 1, 'failed': 0}
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import socket
import sqlite3
import uuid
from collections.abc import Awaitable, Callable, Collection, Iterable, Mapping
from typing import Any, ClassVar

from onestop_core._sqlite import Migration, SQLiteFile, to_text
from onestop_core._time import ensure_aware
from onestop_core.adapters._outbox_rows import (
    COLUMNS,
    MIGRATIONS,
    DeliveryReport,
    OutboxItem,
    OutboxStatus,
    canonical_json,
    make_report,
    row_to_item,
)
from onestop_core.adapters.ids import new_correlation_id
from onestop_core.adapters.log import logger
from onestop_core.adapters.records import PushReceipt
from onestop_core.adapters.retry import RetryPolicy
from onestop_core.errors import (
    AdapterConfigError,
    AdapterError,
    AuthError,
    IdempotencyConflictError,
    PayloadValidationError,
    TransientError,
    UnknownOutboxItemError,
)
from onestop_core.privacy import mask_text

__all__ = ["MIGRATIONS", "DeliveryReport", "Outbox", "OutboxItem", "OutboxStatus"]


class Outbox(SQLiteFile):
    """The outbox in the SQLite file at ``path`` (one instance per process; thread-safe).

    ``max_attempts`` bounds deliveries per item (crashed ones included); ``lease`` is how
    long a claim lasts — longer than a sender can take, retries included; ``backoff`` spaces
    redeliveries (default 30 s doubling to an hour, full jitter); ``clock`` returns the aware
    current time. Close it with :meth:`close` or use it as a context manager.

    >>> import pathlib, tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     with Outbox(pathlib.Path(folder) / "o.db", max_attempts=3) as outbox:
    ...         print(outbox.schema_version, outbox.status()["pending"])
    2 0
    """

    migrations: ClassVar[tuple[Migration, ...]] = MIGRATIONS
    label: ClassVar[str] = "outbox"

    def __init__(
        self,
        path: str | os.PathLike[str],
        *,
        max_attempts: int = 8,
        lease: dt.timedelta = dt.timedelta(minutes=5),
        backoff: RetryPolicy | None = None,
        clock: Callable[[], dt.datetime] | None = None,
        busy_timeout: float = 30.0,
    ) -> None:
        if isinstance(max_attempts, bool) or not isinstance(max_attempts, int) or max_attempts < 1:
            raise AdapterConfigError(f"max_attempts must be an int >= 1, got {max_attempts!r}")
        if lease <= dt.timedelta(0):
            raise AdapterConfigError(f"lease must be positive, got {lease}")
        super().__init__(path, busy_timeout=busy_timeout)
        self.max_attempts = max_attempts
        self.lease = lease
        self.backoff = backoff or RetryPolicy(base=30.0, cap=3600.0)
        self._clock = clock or (lambda: dt.datetime.now(dt.UTC))
        self.owner = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"

    def _now(self, now: dt.datetime | None) -> dt.datetime:
        return ensure_aware(now or self._clock(), name="now")

    @staticmethod
    def _log(
        conn: sqlite3.Connection,
        item_id: int,
        attempt: int,
        at: str,
        event: str,
        owner: str = "",
        detail: str = "",
    ) -> None:
        conn.execute(
            "INSERT INTO outbox_attempts (item_id, attempt, at, event, owner, detail) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            (item_id, attempt, at, event, owner, mask_text(detail)[:2000]),
        )

    def _fetch(self, conn: sqlite3.Connection, item_id: int) -> OutboxItem:
        row = conn.execute(
            f"SELECT {COLUMNS} FROM outbox_items WHERE id = ?", (item_id,)
        ).fetchone()
        if row is None:
            raise UnknownOutboxItemError(f"outbox {self.path!r} has no item {item_id}")
        return row_to_item(row)

    # -- recording ---------------------------------------------------------------------------
    def enqueue(
        self,
        system: str,
        operation: str,
        payload: Mapping[str, Any],
        *,
        idempotency_key: str,
        correlation_id: str | None = None,
        ordering_key: str = "",
        now: dt.datetime | None = None,
    ) -> OutboxItem:
        """Record an outbound call before anything is sent; due at once.

        Items with the same non-empty ``ordering_key`` (say, a dossier code) are delivered in
        the order they were enqueued: one is not claimed while an earlier one with that key is
        pending or in flight, so a retried old version never overwrites a newer one. A
        dead-lettered item does not block the ones after it.

        The same key with the same system, operation and payload returns the recorded item
        (nothing new is written); with anything different it raises
        :class:`~onestop_core.errors.IdempotencyConflictError`.

        >>> outbox = Outbox(":memory:")
        >>> a = outbox.enqueue("dvcqg", "upsert", {"code": "hs-1"}, idempotency_key="k-1")
        >>> outbox.enqueue("dvcqg", "upsert", {"code": "hs-1"}, idempotency_key="k-1") == a
        True
        >>> outbox.enqueue("dvcqg", "upsert", {"code": "hs-2"}, idempotency_key="k-1")
        Traceback (most recent call last):
        ...
        onestop_core.errors.IdempotencyConflictError: idempotency key 'k-1' is already used by \
outbox item 1 for a different request
        >>> outbox.close()
        """
        if not idempotency_key:
            raise PayloadValidationError("an outbox item needs an idempotency key")
        text = canonical_json(payload)
        digest = hashlib.sha256(f"{system}\x1f{operation}\x1f{text}".encode()).hexdigest()
        at = to_text(self._now(now))
        with self._begin() as conn:
            row = conn.execute(
                "SELECT id, payload_hash FROM outbox_items WHERE idempotency_key = ?",
                (idempotency_key,),
            ).fetchone()
            if row is not None:
                if row[1] != digest:
                    raise IdempotencyConflictError(
                        f"idempotency key {idempotency_key!r} is already used by outbox item "
                        f"{row[0]} for a different request",
                        key=idempotency_key,
                        system=system,
                        operation=operation,
                    )
                return self._fetch(conn, int(row[0]))
            cursor = conn.execute(
                "INSERT INTO outbox_items (system, operation, idempotency_key, correlation_id, "
                "payload, payload_hash, status, next_attempt_at, created_at, updated_at, "
                "ordering_key) VALUES (?, ?, ?, ?, ?, ?, 'pending', ?, ?, ?, ?)",
                (
                    system,
                    operation,
                    idempotency_key,
                    correlation_id or new_correlation_id(),
                    text,
                    digest,
                    at,
                    at,
                    at,
                    ordering_key,
                ),
            )
            item_id = int(cursor.lastrowid or 0)
            self._log(conn, item_id, 0, at, "enqueued", self.owner)
            return self._fetch(conn, item_id)

    def claim(
        self,
        *,
        now: dt.datetime | None = None,
        limit: int = 10,
        systems: Collection[str] | None = None,
    ) -> tuple[OutboxItem, ...]:
        """Lease up to ``limit`` due items to this instance (for senders run elsewhere).

        ``systems`` restricts the claim to items of those systems (a DVCQG sender on an outbox
        shared with a postal adapter leaves the postal items alone). An item waits while an
        earlier item with the same ``ordering_key`` is pending or in flight.

        Due: pending with ``next_attempt_at <= now``, or in flight with an expired lease. An
        expired item that already had ``max_attempts`` deliveries is failed instead.
        Finish each claimed item with :meth:`record_receipt` or :meth:`record_error`.

        >>> from onestop_core.errors import TransientError
        >>> outbox = Outbox(":memory:")
        >>> _ = outbox.enqueue("vnpost", "create", {}, idempotency_key="k-1")
        >>> (item,) = outbox.claim()
        >>> item.status.name, outbox.claim()
        ('IN_FLIGHT', ())
        >>> outbox.record_error(item, TransientError("HTTP 503")).name
        'PENDING'
        >>> outbox.close()
        """
        t = self._now(now)
        at, until = to_text(t), to_text(t + self.lease)
        claimed: list[OutboxItem] = []
        wanted = tuple(systems) if systems is not None else None
        only = f"AND system IN ({', '.join('?' * len(wanted))}) " if wanted else ""
        if wanted is not None and not wanted:
            return ()
        with self._begin() as conn:
            rows = conn.execute(
                "SELECT id, status, attempts FROM outbox_items AS o WHERE "
                "((status = 'pending' AND next_attempt_at <= ?) OR "
                "(status = 'in_flight' AND lease_until <= ?)) "
                f"{only}"
                "AND (ordering_key = '' OR NOT EXISTS (SELECT 1 FROM outbox_items AS e "
                "WHERE e.ordering_key = o.ordering_key AND e.id < o.id "
                "AND e.status IN ('pending', 'in_flight'))) "
                "ORDER BY next_attempt_at, id LIMIT ?",
                (at, at, *(wanted or ()), limit),
            ).fetchall()
            for item_id, status, attempts in rows:
                expired = status == OutboxStatus.IN_FLIGHT.value
                if expired and attempts >= self.max_attempts:
                    detail = f"lease expired after delivery {attempts}; outcome unknown"
                    conn.execute(
                        "UPDATE outbox_items SET status = 'failed', lease_token = NULL, "
                        "lease_until = NULL, last_error = ?, updated_at = ? WHERE id = ?",
                        (detail, at, item_id),
                    )
                    self._log(conn, item_id, attempts, at, "failed", self.owner, detail)
                    continue
                token = uuid.uuid4().hex
                conn.execute(
                    "UPDATE outbox_items SET status = 'in_flight', attempts = attempts + 1, "
                    "lease_token = ?, lease_until = ?, updated_at = ? WHERE id = ?",
                    (token, until, at, item_id),
                )
                note = "previous lease expired" if expired else ""
                self._log(conn, item_id, attempts + 1, at, "claimed", self.owner, note)
                claimed.append(self._fetch(conn, item_id))
        return tuple(claimed)

    def record_receipt(
        self, item: OutboxItem, receipt: PushReceipt, *, now: dt.datetime | None = None
    ) -> OutboxStatus:
        """Finish a claimed item with the sender's receipt: done only if ``receipt.ok``.

        >>> outbox = Outbox(":memory:")
        >>> _ = outbox.enqueue("dvcqg", "upsert", {}, idempotency_key="k-1")
        >>> (item,) = outbox.claim()
        >>> refused = PushReceipt(ok=False, system="dvcqg", idempotency_key="k-1")
        >>> outbox.record_receipt(item, refused)
        <OutboxStatus.FAILED: 'failed'>
        >>> outbox.close()
        """
        if not receipt.ok:
            detail = f"negative receipt {receipt.code_raw}: {receipt.message_raw}".strip()
            return self._finish(item, "failed", detail, now=now)
        at = to_text(self._now(now))
        with self._begin() as conn:
            conn.execute(
                "UPDATE outbox_items SET status = 'done', lease_token = NULL, lease_until = NULL, "
                "remote_id = ?, last_error = '', updated_at = ? WHERE id = ? AND status != 'done'",
                (receipt.remote_id, at, item.id),
            )
            self._log(conn, item.id, item.attempts, at, "done", self.owner, receipt.remote_id)
        return OutboxStatus.DONE

    def record_error(
        self, item: OutboxItem, error: BaseException, *, now: dt.datetime | None = None
    ) -> OutboxStatus:
        """Finish a claimed item whose sender raised ``error``: retry later, or dead-letter.

        Transient and auth errors (and unexpected exceptions, which are logged) are retried
        after a backoff until ``max_attempts``; everything else fails the item.

        >>> from onestop_core.errors import BusinessError
        >>> outbox = Outbox(":memory:")
        >>> _ = outbox.enqueue("dvcqg", "upsert", {}, idempotency_key="k-1")
        >>> (item,) = outbox.claim()
        >>> outbox.record_error(item, BusinessError("refused", code="7")).name
        'FAILED'
        >>> outbox.close()
        """
        detail = f"{type(error).__name__}: {error}"
        retryable = isinstance(error, TransientError | AuthError) or not isinstance(
            error, AdapterError
        )
        if not retryable or item.attempts >= self.max_attempts:
            return self._finish(item, "failed", detail, now=now)
        t = self._now(now)
        delay = self.backoff.backoff(item.attempts)
        if isinstance(error, TransientError) and error.retry_after is not None:
            delay = max(delay, error.retry_after)
        return self._finish(item, "pending", detail, now=t, next_at=t + dt.timedelta(seconds=delay))

    def _finish(
        self,
        item: OutboxItem,
        status: str,
        detail: str,
        *,
        now: dt.datetime | None,
        next_at: dt.datetime | None = None,
    ) -> OutboxStatus:
        at = to_text(self._now(now))
        event = "failed" if status == "failed" else "retry"
        with self._begin() as conn:
            cursor = conn.execute(
                "UPDATE outbox_items SET status = ?, lease_token = NULL, lease_until = NULL, "
                "last_error = ?, next_attempt_at = coalesce(?, next_attempt_at), updated_at = ? "
                "WHERE id = ? AND status = 'in_flight' AND lease_token = ?",
                (
                    status,
                    mask_text(detail)[:2000],
                    next_at and to_text(next_at),
                    at,
                    item.id,
                    item.lease_token,
                ),
            )
            if cursor.rowcount == 0:
                self._log(conn, item.id, item.attempts, at, "lease_lost", self.owner, detail)
                return self._fetch(conn, item.id).status
            self._log(conn, item.id, item.attempts, at, event, self.owner, detail)
        return OutboxStatus(status)

    # -- delivering --------------------------------------------------------------------------
    def deliver_due(
        self,
        sender: Callable[[OutboxItem], PushReceipt],
        *,
        now: dt.datetime | None = None,
        limit: int = 10,
        systems: Collection[str] | None = None,
    ) -> DeliveryReport:
        """Claim due items (of ``systems``, if given) and send each with ``sender``.

        An exception that is not an ``Exception`` (KeyboardInterrupt, SystemExit) stops the
        run; the items it leaves in flight are claimed again after their lease.

        >>> from onestop_core.errors import TransientError
        >>> def busy(item: OutboxItem) -> PushReceipt:
        ...     raise TransientError("HTTP 503")
        >>> outbox = Outbox(":memory:")
        >>> _ = outbox.enqueue("dvcqg", "upsert", {}, idempotency_key="k-1")
        >>> outbox.deliver_due(busy).retrying
        (1,)
        >>> outbox.close()
        """
        outcomes: list[tuple[int, OutboxStatus]] = []
        claimed = self.claim(now=now, limit=limit, systems=systems)
        for item in claimed:
            try:
                receipt = sender(item)
            except Exception as exc:
                self._report_unexpected(item, exc)
                outcomes.append((item.id, self.record_error(item, exc, now=now)))
            else:
                outcomes.append((item.id, self.record_receipt(item, receipt, now=now)))
        return make_report(claimed, outcomes)

    async def adeliver_due(
        self,
        sender: Callable[[OutboxItem], Awaitable[PushReceipt]],
        *,
        now: dt.datetime | None = None,
        limit: int = 10,
        systems: Collection[str] | None = None,
    ) -> DeliveryReport:
        """The coroutine counterpart of :meth:`deliver_due` (SQLite calls stay synchronous).

        >>> import asyncio
        >>> async def send(item: OutboxItem) -> PushReceipt:
        ...     return PushReceipt(ok=True, system=item.system, idempotency_key="k-1")
        >>> outbox = Outbox(":memory:")
        >>> _ = outbox.enqueue("dvcqg", "upsert", {}, idempotency_key="k-1")
        >>> asyncio.run(outbox.adeliver_due(send)).done
        (1,)
        >>> outbox.close()
        """
        outcomes: list[tuple[int, OutboxStatus]] = []
        claimed = self.claim(now=now, limit=limit, systems=systems)
        for item in claimed:
            try:
                receipt = await sender(item)
            except Exception as exc:
                self._report_unexpected(item, exc)
                outcomes.append((item.id, self.record_error(item, exc, now=now)))
            else:
                outcomes.append((item.id, self.record_receipt(item, receipt, now=now)))
        return make_report(claimed, outcomes)

    @staticmethod
    def _report_unexpected(item: OutboxItem, exc: Exception) -> None:
        if not isinstance(exc, AdapterError):
            logger.error(
                "outbox item %d (%s %s): the sender raised %s",
                item.id,
                item.system,
                item.operation,
                type(exc).__name__,
                exc_info=exc,
            )

    # -- inspecting and operating --------------------------------------------------------------
    def get(self, item_id: int) -> OutboxItem:
        """The item with id ``item_id`` (UnknownOutboxItemError if there is none).

        >>> with Outbox(":memory:") as outbox:
        ...     outbox.get(7)
        Traceback (most recent call last):
        ...
        onestop_core.errors.UnknownOutboxItemError: outbox ':memory:' has no item 7
        """
        with self._lock:
            return self._fetch(self._conn, item_id)

    def items(
        self, *, status: OutboxStatus | None = None, limit: int = 100
    ) -> tuple[OutboxItem, ...]:
        """Items, oldest first, optionally only those in ``status``.

        >>> outbox = Outbox(":memory:")
        >>> _ = outbox.enqueue("dvcqg", "upsert", {}, idempotency_key="k-1")
        >>> [i.idempotency_key for i in outbox.items(status=OutboxStatus.PENDING)]
        ['k-1']
        >>> outbox.close()
        """
        where, args = ("WHERE status = ?", (status.value,)) if status else ("", ())
        with self._lock:
            rows = self._conn.execute(
                f"SELECT {COLUMNS} FROM outbox_items {where} ORDER BY id LIMIT ?", (*args, limit)
            ).fetchall()
        return tuple(row_to_item(r) for r in rows)

    def history(self, item_id: int) -> tuple[dict[str, Any], ...]:
        """The attempts log of one item, oldest first (masked details).

        >>> outbox = Outbox(":memory:")
        >>> item = outbox.enqueue("dvcqg", "upsert", {}, idempotency_key="k-1")
        >>> [h["event"] for h in outbox.history(item.id)]
        ['enqueued']
        >>> outbox.close()
        """
        with self._lock:
            rows = self._conn.execute(
                "SELECT attempt, at, event, owner, detail FROM outbox_attempts "
                "WHERE item_id = ? ORDER BY seq",
                (item_id,),
            ).fetchall()
        keys = ("attempt", "at", "event", "owner", "detail")
        return tuple(dict(zip(keys, row, strict=True)) for row in rows)

    def status(self) -> dict[str, int]:
        """The number of items in each status (every status listed, zeros included).

        >>> with Outbox(":memory:") as outbox:
        ...     outbox.status()
        {'pending': 0, 'in_flight': 0, 'done': 0, 'failed': 0}
        """
        counts = dict.fromkeys((s.value for s in OutboxStatus), 0)
        with self._lock:
            for status, count in self._conn.execute(
                "SELECT status, count(*) FROM outbox_items GROUP BY status"
            ):
                counts[status] = int(count)
        return counts

    def retry(
        self, ids: Iterable[int] | None = None, *, now: dt.datetime | None = None
    ) -> tuple[int, ...]:
        """Requeue failed items (all of them when ``ids`` is None) with a fresh attempt budget.

        Returns the ids requeued; listed items that are not failed are left alone. An
        unknown id raises UnknownOutboxItemError and changes nothing.

        >>> from onestop_core.errors import BusinessError
        >>> def refuse(item: OutboxItem) -> PushReceipt:
        ...     raise BusinessError("refused")
        >>> outbox = Outbox(":memory:")
        >>> _ = outbox.enqueue("dvcqg", "upsert", {}, idempotency_key="k-1")
        >>> outbox.deliver_due(refuse).failed, outbox.retry(), outbox.status()["pending"]
        ((1,), (1,), 1)
        >>> outbox.close()
        """
        at = to_text(self._now(now))
        requeued: list[int] = []
        with self._begin() as conn:
            if ids is None:
                rows = conn.execute(
                    "SELECT id FROM outbox_items WHERE status = 'failed' ORDER BY id"
                ).fetchall()
                wanted = [int(r[0]) for r in rows]
            else:
                wanted = list(dict.fromkeys(int(i) for i in ids))
            for item_id in wanted:
                item = self._fetch(conn, item_id)
                if item.status is not OutboxStatus.FAILED:
                    continue
                conn.execute(
                    "UPDATE outbox_items SET status = 'pending', attempts = 0, "
                    "next_attempt_at = ?, updated_at = ? WHERE id = ?",
                    (at, at, item_id),
                )
                self._log(conn, item_id, item.attempts, at, "requeued", self.owner)
                requeued.append(item_id)
        return tuple(requeued)
