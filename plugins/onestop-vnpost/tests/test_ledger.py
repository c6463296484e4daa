"""The shipment ledger: the same behaviour in memory and in SQLite; SQLite survives restarts."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from onestop_core.adapters import AdapterConfigError, ShipmentReceipt

from onestop_vnpost import MemoryShipmentLedger, ShipmentLedger, SQLiteShipmentLedger


def receipt(order: str = "H56-1-KQ", item: str = "EB123456785VN") -> ShipmentReceipt:
    return ShipmentReceipt(
        carrier="vnpost",
        item_code=item,
        order_number=order,
        idempotency_key="k-1",
        carrier_order_id="SIMORD000001",
        fee_vnd=22_000,
        status_code_raw="1",
    )


@pytest.fixture(params=["memory", "sqlite"])
def ledger(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[ShipmentLedger]:
    if request.param == "memory":
        yield MemoryShipmentLedger()
    else:
        with SQLiteShipmentLedger(tmp_path / "ledger.db") as db:
            yield db


def test_lifecycle(ledger: ShipmentLedger) -> None:
    assert isinstance(ledger, ShipmentLedger)
    assert ledger.get("H56-1-KQ") is None and ledger.by_item("EB123456785VN") is None
    pending = ledger.begin("H56-1-KQ", "k-1", "fp")
    assert (pending.state, pending.idempotency_key, pending.item_code) == ("pending", "k-1", "")
    assert ledger.begin("H56-1-KQ", "k-2", "fp").idempotency_key == "k-1"  # the first wins
    created = ledger.complete(receipt())
    assert (created.state, created.idempotency_key, created.fingerprint) == ("created", "k-1", "fp")
    assert created.receipt(idempotency_key="k-9").fee_vnd == 22_000
    assert ledger.by_item("EB123456785VN") == ledger.get("H56-1-KQ") == created
    ledger.abandon("H56-1-KQ")  # only pending entries are forgotten
    assert ledger.get("H56-1-KQ") == created
    ledger.mark_cancelled("H56-1-KQ")
    cancelled = ledger.get("H56-1-KQ")
    assert cancelled is not None and cancelled.state == "cancelled"
    fresh = ledger.begin("H56-1-KQ", "k-3", "fp2")  # a cancelled order may be replaced
    assert (fresh.state, fresh.idempotency_key) == ("pending", "k-3")
    ledger.abandon("H56-1-KQ")
    assert ledger.get("H56-1-KQ") is None


def test_a_pending_entry_has_no_receipt(ledger: ShipmentLedger) -> None:
    with pytest.raises(ValueError, match="no item code"):
        ledger.begin("H56-1-KQ", "k-1", "fp").receipt(idempotency_key="k-1")


def test_concurrent_begins_agree_on_one_key(ledger: ShipmentLedger) -> None:
    keys: list[str] = []
    lock = threading.Lock()

    def begin(n: int) -> None:
        entry = ledger.begin("H56-1-KQ", f"k-{n}", "fp")
        with lock:
            keys.append(entry.idempotency_key)

    threads = [threading.Thread(target=begin, args=(n,)) for n in range(16)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(set(keys)) == 1


def test_sqlite_survives_a_restart_and_is_shared(tmp_path: Path) -> None:
    path = tmp_path / "ledger.db"
    with SQLiteShipmentLedger(path) as first:
        first.begin("H56-1-KQ", "k-1", "fp")
        with SQLiteShipmentLedger(path) as second:  # another process, say
            assert second.begin("H56-1-KQ", "k-2", "fp").idempotency_key == "k-1"
    with SQLiteShipmentLedger(path) as reopened:
        reopened.complete(receipt())
        entry = reopened.by_item("EB123456785VN")
        assert entry is not None and entry.updated_at is not None
        assert entry.updated_at.tzinfo is not None


def test_sqlite_settings(tmp_path: Path) -> None:
    with pytest.raises(AdapterConfigError):
        SQLiteShipmentLedger(tmp_path / "x.db", busy_timeout=0)
    with SQLiteShipmentLedger(tmp_path / "x.db") as ledger:
        assert ledger.by_item("") is None
