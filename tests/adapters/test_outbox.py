"""The SQLite outbox: recording, delivery outcomes, crashes, leases, requeueing."""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import sqlite3
from pathlib import Path

import pytest

from onestop_core.adapters import (
    AdapterConfigError,
    BusinessError,
    IdempotencyConflictError,
    Outbox,
    OutboxItem,
    OutboxStatus,
    PayloadValidationError,
    PushReceipt,
    RetryPolicy,
    TransientError,
    UnknownOutboxItemError,
)
from onestop_core.adapters.outbox import MIGRATIONS
from onestop_core.errors import NaiveDatetimeError, StoreSchemaError
from onestop_core.testing.fixtures import CapturedLogs

T0 = dt.datetime(2026, 11, 20, 3, 0, tzinfo=dt.UTC)
LEASE = dt.timedelta(minutes=5)


def ok(item: OutboxItem) -> PushReceipt:
    return PushReceipt(ok=True, system=item.system, idempotency_key=item.idempotency_key)


class Crash(BaseException):
    """The process dies (not an Exception: nothing catches it)."""


class Receiver:
    """A remote that deduplicates by idempotency key (what the outbox relies on)."""

    def __init__(self) -> None:
        self.received: list[str] = []
        self.applied: dict[str, dict[str, object]] = {}

    def receive(self, item: OutboxItem) -> PushReceipt:
        self.received.append(item.idempotency_key)
        self.applied.setdefault(item.idempotency_key, dict(item.payload))
        return PushReceipt(
            ok=True, system=item.system, idempotency_key=item.idempotency_key, remote_id="r-1"
        )


def open_box(path: Path, **kwargs: object) -> Outbox:
    kwargs.setdefault("backoff", RetryPolicy(base=30, cap=3600, random=lambda: 1.0))
    return Outbox(path, lease=LEASE, **kwargs)  # type: ignore[arg-type]


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "outbox.sqlite3"


# -- recording -----------------------------------------------------------------------------


def test_enqueue_records_before_sending(outbox: Outbox) -> None:
    item = outbox.enqueue("dvcqg", "upsert", {"code": "hs-1", "n": 1}, idempotency_key="k-1")
    assert item.status is OutboxStatus.PENDING
    assert item.attempts == 0
    assert item.payload == {"code": "hs-1", "n": 1}
    assert len(item.correlation_id) == 32
    assert outbox.status() == {"pending": 1, "in_flight": 0, "done": 0, "failed": 0}
    assert outbox.schema_version == len(MIGRATIONS)


def test_enqueue_is_idempotent_per_key(outbox: Outbox) -> None:
    first = outbox.enqueue("dvcqg", "upsert", {"b": 2, "a": 1}, idempotency_key="k-1")
    again = outbox.enqueue("dvcqg", "upsert", {"a": 1, "b": 2}, idempotency_key="k-1")
    assert again == first
    assert outbox.status()["pending"] == 1
    with pytest.raises(IdempotencyConflictError) as e:
        outbox.enqueue("dvcqg", "upsert", {"a": 1, "b": 3}, idempotency_key="k-1")
    assert e.value.key == "k-1"
    with pytest.raises(IdempotencyConflictError):
        outbox.enqueue("dvcqg", "progress", {"a": 1, "b": 2}, idempotency_key="k-1")


def test_enqueue_refuses_what_is_not_json(outbox: Outbox) -> None:
    with pytest.raises(PayloadValidationError):
        outbox.enqueue("dvcqg", "upsert", {"at": dt.datetime.now()}, idempotency_key="k-1")
    with pytest.raises(PayloadValidationError):
        outbox.enqueue("dvcqg", "upsert", {"a": 1}, idempotency_key="")
    with pytest.raises(NaiveDatetimeError):
        outbox.enqueue("dvcqg", "upsert", {}, idempotency_key="k-2", now=dt.datetime(2026, 1, 1))
    assert outbox.status()["pending"] == 0


# -- outcomes ------------------------------------------------------------------------------


def test_done_only_on_a_positive_receipt(db: Path) -> None:
    with open_box(db) as box:
        a = box.enqueue("dvcqg", "upsert", {"n": 1}, idempotency_key="k-1", now=T0)
        b = box.enqueue("dvcqg", "upsert", {"n": 2}, idempotency_key="k-2", now=T0)

        def send(item: OutboxItem) -> PushReceipt:
            good = item.id == a.id
            return PushReceipt(
                ok=good, system="dvcqg", idempotency_key=item.idempotency_key, code_raw="7"
            )

        report = box.deliver_due(send, now=T0)
        assert report.claimed == (a.id, b.id)
        assert report.done == (a.id,)
        assert report.failed == (b.id,)
        assert box.get(b.id).last_error.startswith("negative receipt 7")


def test_transient_error_schedules_a_retry_after_backoff(db: Path) -> None:
    with open_box(db) as box:
        item = box.enqueue("dvcqg", "upsert", {}, idempotency_key="k-1", now=T0)

        def busy(item: OutboxItem) -> PushReceipt:
            raise TransientError("HTTP 503", retry_after=90)

        report = box.deliver_due(busy, now=T0)
        assert report.retrying == (item.id,)
        after = box.get(item.id)
        assert after.status is OutboxStatus.PENDING
        assert after.attempts == 1
        assert after.next_attempt_at == T0 + dt.timedelta(seconds=90)  # Retry-After > 30 s
        assert box.deliver_due(ok, now=T0 + dt.timedelta(seconds=89)).claimed == ()
        assert box.deliver_due(ok, now=T0 + dt.timedelta(seconds=90)).done == (item.id,)


def test_backoff_grows_and_the_item_fails_after_max_attempts(db: Path) -> None:
    def busy(item: OutboxItem) -> PushReceipt:
        raise TransientError("timeout")

    with open_box(db, max_attempts=3) as box:
        item = box.enqueue("vnpost", "create", {}, idempotency_key="k-1", now=T0)
        now, delays = T0, []
        for _ in range(3):
            box.deliver_due(busy, now=now)
            got = box.get(item.id)
            delays.append((got.next_attempt_at - now).total_seconds())
            now = got.next_attempt_at
        assert delays[:2] == [30.0, 60.0]
        assert got.status is OutboxStatus.FAILED
        assert got.attempts == 3


@pytest.mark.parametrize(
    "error",
    [BusinessError("refused", code="7"), PayloadValidationError("bad field", path="MaHoSo")],
)
def test_business_and_validation_errors_dead_letter_at_once(
    outbox: Outbox, error: Exception
) -> None:
    item = outbox.enqueue("dvcqg", "upsert", {}, idempotency_key="k-1")

    def refuse(item: OutboxItem) -> PushReceipt:
        raise error

    assert outbox.deliver_due(refuse).failed == (item.id,)
    assert outbox.get(item.id).attempts == 1
    assert type(error).__name__ in outbox.get(item.id).last_error


def test_an_unexpected_exception_is_logged_masked_and_retried(
    outbox: Outbox, captured_logs: CapturedLogs
) -> None:
    item = outbox.enqueue("dvcqg", "upsert", {}, idempotency_key="k-1")

    def buggy(item: OutboxItem) -> PushReceipt:
        raise KeyError("phone 0912345678")

    assert outbox.deliver_due(buggy).retrying == (item.id,)
    assert "*******678" in outbox.get(item.id).last_error
    assert any("the sender raised KeyError" in m for m in captured_logs.messages)


def test_attempts_log_is_append_only(outbox: Outbox) -> None:
    item = outbox.enqueue("dvcqg", "upsert", {}, idempotency_key="k-1")
    outbox.deliver_due(ok)
    assert [h["event"] for h in outbox.history(item.id)] == ["enqueued", "claimed", "done"]
    conn = sqlite3.connect(outbox.path)
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        conn.execute("UPDATE outbox_attempts SET event = 'x'")
    with pytest.raises(sqlite3.IntegrityError, match="never deleted"):
        conn.execute("DELETE FROM outbox_items")
    conn.close()


# -- crashes and leases --------------------------------------------------------------------


def test_crash_between_recorded_and_sent_is_redelivered_after_the_lease(db: Path) -> None:
    receiver = Receiver()
    first = open_box(db)
    item = first.enqueue("dvcqg", "upsert", {"code": "hs-1"}, idempotency_key="k-1", now=T0)
    assert len(first.claim(now=T0)) == 1  # … and the process dies before sending
    first.close()

    second = open_box(db)
    assert second.get(item.id).status is OutboxStatus.IN_FLIGHT
    assert second.deliver_due(receiver.receive, now=T0 + LEASE / 2).claimed == ()
    report = second.deliver_due(receiver.receive, now=T0 + LEASE)
    assert report.done == (item.id,)
    assert receiver.received == ["k-1"]
    assert second.get(item.id).attempts == 2
    events = [h["event"] for h in second.history(item.id)]
    assert events == ["enqueued", "claimed", "claimed", "done"]
    assert second.history(item.id)[2]["detail"] == "previous lease expired"
    second.close()


def test_crash_between_sent_and_receipt_is_delivered_once_to_the_receiver(db: Path) -> None:
    receiver = Receiver()

    def send_then_die(item: OutboxItem) -> PushReceipt:
        receiver.receive(item)
        raise Crash

    first = open_box(db)
    item = first.enqueue("dvcqg", "upsert", {"code": "hs-1"}, idempotency_key="k-1", now=T0)
    with pytest.raises(Crash):
        first.deliver_due(send_then_die, now=T0)
    first.close()

    second = open_box(db)
    report = second.deliver_due(receiver.receive, now=T0 + LEASE + dt.timedelta(seconds=1))
    assert report.done == (item.id,)
    assert receiver.received == ["k-1", "k-1"]  # at least once, with the same key …
    assert list(receiver.applied) == ["k-1"]  # … so the receiver applies it exactly once
    assert second.status() == {"pending": 0, "in_flight": 0, "done": 1, "failed": 0}
    second.close()


def test_an_item_that_keeps_crashing_is_dead_lettered(db: Path) -> None:
    box = open_box(db, max_attempts=2)
    item = box.enqueue("dvcqg", "upsert", {}, idempotency_key="k-1", now=T0)
    box.claim(now=T0)
    box.claim(now=T0 + LEASE)
    assert box.claim(now=T0 + 2 * LEASE) == ()
    got = box.get(item.id)
    assert got.status is OutboxStatus.FAILED
    assert "outcome unknown" in got.last_error
    box.close()


def test_a_stale_claim_cannot_overwrite_the_new_one(db: Path) -> None:
    a, b = open_box(db), open_box(db)
    item = a.enqueue("dvcqg", "upsert", {}, idempotency_key="k-1", now=T0)
    (old,) = a.claim(now=T0)
    (new,) = b.claim(now=T0 + LEASE)
    assert new.lease_token != old.lease_token
    assert a.record_error(old, TransientError("late"), now=T0 + LEASE) is OutboxStatus.IN_FLIGHT
    assert b.get(item.id).lease_token == new.lease_token
    assert "lease_lost" in [h["event"] for h in b.history(item.id)]
    # a positive receipt is the truth, whoever holds the lease
    assert a.record_receipt(old, ok(old), now=T0 + LEASE) is OutboxStatus.DONE
    assert b.get(item.id).status is OutboxStatus.DONE
    a.close()
    b.close()


# -- requeueing ----------------------------------------------------------------------------


def test_retry_requeues_failed_items_with_a_fresh_budget(db: Path) -> None:
    def refuse(item: OutboxItem) -> PushReceipt:
        raise BusinessError("no")

    with open_box(db) as box:
        ids = [box.enqueue("s", "op", {"n": n}, idempotency_key=f"k-{n}").id for n in range(3)]
        box.deliver_due(refuse)
        assert box.status()["failed"] == 3
        assert box.retry([ids[0], ids[0]]) == (ids[0],)
        assert box.get(ids[0]).status is OutboxStatus.PENDING
        assert box.get(ids[0]).attempts == 0
        assert box.retry([ids[0]]) == ()  # pending now: left alone
        with pytest.raises(UnknownOutboxItemError):
            box.retry([ids[1], 999])
        assert box.get(ids[1]).status is OutboxStatus.FAILED  # nothing changed
        assert box.retry() == (ids[1], ids[2])
        assert box.deliver_due(ok).done == tuple(ids)
        assert [i.id for i in box.items(status=OutboxStatus.DONE)] == ids


def test_settings_are_checked(db: Path) -> None:
    with pytest.raises(AdapterConfigError):
        Outbox(db, max_attempts=0)
    with pytest.raises(AdapterConfigError):
        Outbox(db, lease=dt.timedelta(0))
    assert not db.exists()


def test_a_newer_schema_is_refused(db: Path) -> None:
    Outbox(db).close()
    conn = sqlite3.connect(db)
    conn.execute("INSERT INTO schema_version VALUES (99, 'x')")
    conn.commit()
    conn.close()
    with pytest.raises(StoreSchemaError, match="schema version 99"):
        Outbox(db)


def test_async_delivery(outbox: Outbox) -> None:
    item = outbox.enqueue("dvcqg", "upsert", {}, idempotency_key="k-1")

    async def send(item: OutboxItem) -> PushReceipt:
        return ok(item)

    assert asyncio.run(outbox.adeliver_due(send)).done == (item.id,)


def test_logs_of_the_outbox_are_masked(outbox: Outbox, captured_logs: CapturedLogs) -> None:
    captured_logs.known.append("Nguyễn Văn An")
    outbox.enqueue("dvcqg", "upsert", {"phone": "0912345678"}, idempotency_key="k-1")

    def fail(item: OutboxItem) -> PushReceipt:
        raise RuntimeError(f"cannot send to {item.payload['phone']}")

    outbox.deliver_due(fail)
    assert captured_logs.records
    assert all(r.levelno <= logging.ERROR for r in captured_logs.records)


def test_items_with_one_ordering_key_are_delivered_in_order() -> None:
    from onestop_core.adapters import Outbox, PushReceipt
    from onestop_core.errors import TransientError

    box = Outbox(":memory:")
    old = box.enqueue("dvcqg", "upsert", {"v": 1}, idempotency_key="a", ordering_key="hs-1")
    new = box.enqueue("dvcqg", "upsert", {"v": 2}, idempotency_key="b", ordering_key="hs-1")
    other = box.enqueue("dvcqg", "upsert", {"v": 1}, idempotency_key="c", ordering_key="hs-2")
    claimed = box.claim()
    assert [i.id for i in claimed] == [old.id, other.id]  # the newer version waits
    box.record_error(claimed[0], TransientError("HTTP 503"))
    box.record_receipt(claimed[1], PushReceipt(ok=True, system="dvcqg", idempotency_key="c"))
    assert box.claim() == ()  # the old one is not due yet and still blocks the new one
    later = dt.datetime.now(dt.UTC) + dt.timedelta(days=1)
    (again,) = box.claim(now=later)
    assert again.id == old.id
    box.record_receipt(again, PushReceipt(ok=True, system="dvcqg", idempotency_key="a"))
    assert [i.id for i in box.claim(now=later)] == [new.id]
    box.close()


def test_claim_can_be_limited_to_systems() -> None:
    from onestop_core.adapters import Outbox

    box = Outbox(":memory:")
    box.enqueue("dvcqg", "upsert", {}, idempotency_key="a")
    post = box.enqueue("vnpost", "create", {}, idempotency_key="b")
    assert [i.id for i in box.claim(systems=["vnpost"])] == [post.id]
    assert box.claim(systems=[]) == ()
    box.close()
