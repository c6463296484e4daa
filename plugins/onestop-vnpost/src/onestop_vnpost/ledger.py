"""The shipment ledger: what the adapter ordered, by order number, written *before* sending.

MyVNPost has no idempotency header of its own (``integrations.md`` §6.2): the way to avoid a
second order after a lost answer is to look up by order number before re-creating. The
adapter writes a *pending* entry (order number, the idempotency key it is about to send,
a fingerprint of the body) before ``CreateOrder`` and completes it with the item code once
the answer arrives. A later creation of the same order number — after a crash, or by a
caller that lost its key — finds the entry and either returns the order already made or
replays the request with the *original* key. ``orderCancel`` needs the carrier's order id,
which only the ledger knows from the item code.

Two implementations of :class:`ShipmentLedger`: :class:`MemoryShipmentLedger` (one process,
tests) and :class:`SQLiteShipmentLedger` (one file, survives restarts: use it in production).
Both are thread-safe and hold no personal data (order numbers, keys, item codes, fees).

>>> ledger = MemoryShipmentLedger()
>>> entry = ledger.begin("H56-1-KQ", "k-1", "f1")
>>> entry.state, ledger.begin("H56-1-KQ", "k-2", "f1").idempotency_key
('pending', 'k-1')
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import threading
from collections.abc import Callable
from types import TracebackType
from typing import Any, Final, Literal, Protocol, Self, runtime_checkable

import attrs
from onestop_core.adapters import ShipmentReceipt
from onestop_core.errors import AdapterConfigError

__all__ = [
    "LedgerEntry",
    "LedgerState",
    "MemoryShipmentLedger",
    "SQLiteShipmentLedger",
    "ShipmentLedger",
]

#: ``pending``: sent (or about to be), answer not seen; ``created``: the carrier gave an item
#: code; ``cancelled``: cancelled through the adapter (a new creation may replace it).
LedgerState = Literal["pending", "created", "cancelled"]
_CARRIER: Final = "vnpost"


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


@attrs.frozen(kw_only=True)
class LedgerEntry:
    """One order number as the ledger knows it.

    >>> e = LedgerEntry(order_number="H56-1-KQ", idempotency_key="k-1", fingerprint="f",
    ...                 state="created", item_code="EB123456785VN", carrier_order_id="O-1")
    >>> e.receipt(idempotency_key="k-2").item_code
    'EB123456785VN'
    """

    order_number: str
    idempotency_key: str
    fingerprint: str
    state: LedgerState = "pending"
    item_code: str = ""
    carrier_order_id: str = ""
    fee_vnd: int | None = None
    status_code_raw: str = ""
    updated_at: dt.datetime | None = None

    def receipt(self, *, idempotency_key: str, attempts: int = 0) -> ShipmentReceipt:
        """The receipt of a created order, for a caller who asked with ``idempotency_key``.

        ``attempts=0`` says that no request was sent: the ledger answered.
        """
        if not self.item_code:
            raise ValueError(f"order {self.order_number} has no item code yet ({self.state})")
        return ShipmentReceipt(
            carrier=_CARRIER,
            item_code=self.item_code,
            order_number=self.order_number,
            idempotency_key=idempotency_key,
            carrier_order_id=self.carrier_order_id,
            fee_vnd=self.fee_vnd,
            status_code_raw=self.status_code_raw,
            created_at=self.updated_at,
            attempts=attempts,
        )


@runtime_checkable
class ShipmentLedger(Protocol):
    """Where the adapter records its orders (implement it over your own database if needed).

    Each method is atomic. ``begin`` is the look-up-before-create: it inserts a pending
    entry unless one exists that is not cancelled, and returns the entry in force.
    """

    def get(self, order_number: str) -> LedgerEntry | None:
        """The entry of ``order_number``, or None."""
        ...

    def by_item(self, item_code: str) -> LedgerEntry | None:
        """The entry whose order got ``item_code``, or None."""
        ...

    def begin(self, order_number: str, idempotency_key: str, fingerprint: str) -> LedgerEntry:
        """Record a creation about to be sent, unless the order number is already known."""
        ...

    def complete(self, receipt: ShipmentReceipt) -> LedgerEntry:
        """Record the carrier's answer: the order number now has an item code."""
        ...

    def abandon(self, order_number: str) -> None:
        """Forget a pending creation the carrier refused for sure (nothing was created)."""
        ...

    def mark_cancelled(self, order_number: str) -> None:
        """Record that the order was cancelled (a new creation may then replace it)."""
        ...


class MemoryShipmentLedger:
    """A ledger in a dict: fine for one process and for tests; lost on exit.

    >>> ledger = MemoryShipmentLedger()
    >>> _ = ledger.begin("H56-1-KQ", "k-1", "f")
    >>> from onestop_core.adapters import ShipmentReceipt
    >>> _ = ledger.complete(ShipmentReceipt(carrier="vnpost", item_code="EB123456785VN",
    ...     order_number="H56-1-KQ", idempotency_key="k-1", carrier_order_id="O-1"))
    >>> ledger.by_item("EB123456785VN").order_number
    'H56-1-KQ'
    """

    def __init__(self, *, clock: Callable[[], dt.datetime] | None = None) -> None:
        self._entries: dict[str, LedgerEntry] = {}
        self._lock = threading.Lock()
        self._clock = clock or _now

    def get(self, order_number: str) -> LedgerEntry | None:
        """The entry of ``order_number``, or None."""
        with self._lock:
            return self._entries.get(order_number)

    def by_item(self, item_code: str) -> LedgerEntry | None:
        """The entry whose order got ``item_code``, or None."""
        with self._lock:
            return next((e for e in self._entries.values() if e.item_code == item_code), None)

    def begin(self, order_number: str, idempotency_key: str, fingerprint: str) -> LedgerEntry:
        """Insert a pending entry unless a live one exists; return the entry in force."""
        with self._lock:
            current = self._entries.get(order_number)
            if current is not None and current.state != "cancelled":
                return current
            entry = LedgerEntry(
                order_number=order_number,
                idempotency_key=idempotency_key,
                fingerprint=fingerprint,
                updated_at=self._clock(),
            )
            self._entries[order_number] = entry
            return entry

    def complete(self, receipt: ShipmentReceipt) -> LedgerEntry:
        """Record the item code (and order id, fee) of the order ``receipt`` names."""
        with self._lock:
            current = self._entries.get(receipt.order_number)
            entry = LedgerEntry(
                order_number=receipt.order_number,
                idempotency_key=current.idempotency_key if current else receipt.idempotency_key,
                fingerprint=current.fingerprint if current else "",
                state="created",
                item_code=receipt.item_code,
                carrier_order_id=receipt.carrier_order_id,
                fee_vnd=receipt.fee_vnd,
                status_code_raw=receipt.status_code_raw,
                updated_at=self._clock(),
            )
            self._entries[receipt.order_number] = entry
            return entry

    def abandon(self, order_number: str) -> None:
        """Forget a pending entry (a created or cancelled one is kept)."""
        with self._lock:
            current = self._entries.get(order_number)
            if current is not None and current.state == "pending":
                del self._entries[order_number]

    def mark_cancelled(self, order_number: str) -> None:
        """Mark the entry cancelled."""
        with self._lock:
            current = self._entries.get(order_number)
            if current is not None:
                self._entries[order_number] = attrs.evolve(
                    current, state="cancelled", updated_at=self._clock()
                )


_SCHEMA: Final = (
    """CREATE TABLE IF NOT EXISTS vnpost_shipments (
        order_number     TEXT PRIMARY KEY,
        idempotency_key  TEXT NOT NULL,
        fingerprint      TEXT NOT NULL,
        state            TEXT NOT NULL CHECK (state IN ('pending', 'created', 'cancelled')),
        item_code        TEXT NOT NULL DEFAULT '',
        carrier_order_id TEXT NOT NULL DEFAULT '',
        fee_vnd          INTEGER,
        status_code_raw  TEXT NOT NULL DEFAULT '',
        updated_at       TEXT NOT NULL
    ) WITHOUT ROWID""",
    "CREATE INDEX IF NOT EXISTS vnpost_shipments_item ON vnpost_shipments (item_code)",
)
_COLUMNS: Final = (
    "order_number, idempotency_key, fingerprint, state, item_code, carrier_order_id, "
    "fee_vnd, status_code_raw, updated_at"
)


def _row(row: tuple[Any, ...] | None) -> LedgerEntry | None:
    if row is None:
        return None
    order, key, fp, state, item, order_id, fee, raw, updated = row
    return LedgerEntry(
        order_number=order,
        idempotency_key=key,
        fingerprint=fp,
        state=state,
        item_code=item,
        carrier_order_id=order_id,
        fee_vnd=fee,
        status_code_raw=raw,
        updated_at=dt.datetime.fromisoformat(updated),
    )


class SQLiteShipmentLedger:
    """A ledger in one SQLite file (WAL, ``BEGIN IMMEDIATE``): survives restarts and may be
    shared by several processes. Close it with :meth:`close` or use it as a context manager.

    >>> import pathlib, tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     with SQLiteShipmentLedger(pathlib.Path(folder) / "vnpost.db") as ledger:
    ...         ledger.begin("H56-1-KQ", "k-1", "f").state
    'pending'
    """

    def __init__(
        self,
        path: str | os.PathLike[str],
        *,
        busy_timeout: float = 30.0,
        clock: Callable[[], dt.datetime] | None = None,
    ) -> None:
        if busy_timeout <= 0:
            raise AdapterConfigError(f"busy_timeout must be > 0 seconds, got {busy_timeout!r}")
        self._lock = threading.RLock()
        self._clock = clock or _now
        self._conn = sqlite3.connect(
            os.fspath(path), timeout=busy_timeout, isolation_level=None, check_same_thread=False
        )
        self._conn.execute("PRAGMA journal_mode=WAL")
        self._conn.execute(f"PRAGMA busy_timeout={int(busy_timeout * 1000)}")
        with self._lock:
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                for statement in _SCHEMA:
                    self._conn.execute(statement)
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise
            self._conn.execute("COMMIT")

    def _one(self, where: str, value: str) -> LedgerEntry | None:
        with self._lock:
            cursor = self._conn.execute(
                f"SELECT {_COLUMNS} FROM vnpost_shipments WHERE {where} = ? "
                "ORDER BY updated_at DESC LIMIT 1",
                (value,),
            )
            return _row(cursor.fetchone())

    def get(self, order_number: str) -> LedgerEntry | None:
        """The entry of ``order_number``, or None."""
        return self._one("order_number", order_number)

    def by_item(self, item_code: str) -> LedgerEntry | None:
        """The entry whose order got ``item_code``, or None."""
        if not item_code:
            return None
        return self._one("item_code", item_code)

    def _write(self, action: Callable[[sqlite3.Connection], LedgerEntry | None]) -> Any:
        with self._lock:
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                result = action(self._conn)
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise
            self._conn.execute("COMMIT")
            return result

    def begin(self, order_number: str, idempotency_key: str, fingerprint: str) -> LedgerEntry:
        """Insert a pending entry unless a live one exists; return the entry in force."""
        now = self._clock().isoformat()

        def action(conn: sqlite3.Connection) -> LedgerEntry | None:
            current = _row(
                conn.execute(
                    f"SELECT {_COLUMNS} FROM vnpost_shipments WHERE order_number = ?",
                    (order_number,),
                ).fetchone()
            )
            if current is not None and current.state != "cancelled":
                return current
            conn.execute(
                f"INSERT OR REPLACE INTO vnpost_shipments ({_COLUMNS}) "
                "VALUES (?, ?, ?, 'pending', '', '', NULL, '', ?)",
                (order_number, idempotency_key, fingerprint, now),
            )
            return LedgerEntry(
                order_number=order_number,
                idempotency_key=idempotency_key,
                fingerprint=fingerprint,
                updated_at=dt.datetime.fromisoformat(now),
            )

        entry: LedgerEntry = self._write(action)
        return entry

    def complete(self, receipt: ShipmentReceipt) -> LedgerEntry:
        """Record the item code (and order id, fee) of the order ``receipt`` names."""
        now = self._clock().isoformat()

        def action(conn: sqlite3.Connection) -> LedgerEntry | None:
            conn.execute(
                f"INSERT INTO vnpost_shipments ({_COLUMNS}) "
                "VALUES (?, ?, '', 'created', ?, ?, ?, ?, ?) "
                "ON CONFLICT (order_number) DO UPDATE SET state = 'created', "
                "item_code = excluded.item_code, carrier_order_id = excluded.carrier_order_id, "
                "fee_vnd = excluded.fee_vnd, status_code_raw = excluded.status_code_raw, "
                "updated_at = excluded.updated_at",
                (
                    receipt.order_number,
                    receipt.idempotency_key,
                    receipt.item_code,
                    receipt.carrier_order_id,
                    receipt.fee_vnd,
                    receipt.status_code_raw,
                    now,
                ),
            )
            return _row(
                conn.execute(
                    f"SELECT {_COLUMNS} FROM vnpost_shipments WHERE order_number = ?",
                    (receipt.order_number,),
                ).fetchone()
            )

        entry: LedgerEntry = self._write(action)
        return entry

    def abandon(self, order_number: str) -> None:
        """Forget a pending entry (a created or cancelled one is kept)."""

        def action(conn: sqlite3.Connection) -> None:
            conn.execute(
                "DELETE FROM vnpost_shipments WHERE order_number = ? AND state = 'pending'",
                (order_number,),
            )

        self._write(action)

    def mark_cancelled(self, order_number: str) -> None:
        """Mark the entry cancelled."""
        now = self._clock().isoformat()

        def action(conn: sqlite3.Connection) -> None:
            conn.execute(
                "UPDATE vnpost_shipments SET state = 'cancelled', updated_at = ? "
                "WHERE order_number = ?",
                (now, order_number),
            )

        self._write(action)

    def close(self) -> None:
        """Close the database connection."""
        with self._lock:
            self._conn.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()
