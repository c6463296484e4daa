"""Crash recovery: the delivering process dies, a new one finishes, DVCQG sees each sync once.

Each test records N upserts in an outbox file, then runs the delivery loop in a separate OS
process (``crash_worker.py``) against the simulator and kills it:

(a) between "recorded" and "sent": the item is claimed (leased) and nothing went out;
(b) between "sent" and "receipt": the portal stored the dossier, the outbox never heard;
    once through a hook that calls ``os._exit`` right after the adapter returned, once by
    SIGKILL from outside while the answer of a committed write is still on its way.

A new process on the same file then runs with its clock past the lease. Every sync must be
delivered exactly once as the simulator sees it: one dossier per code, one create (and one
update per later version), the key of the outbox item, no lost item.
"""

from __future__ import annotations

import datetime as dt
import json
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import attrs
import pytest
from onestop_core.adapters import Outbox, OutboxStatus
from onestop_core.testing import assert_no_personal_data
from onestop_core.testing.simulators import DvcqgSimulator

from onestop_dvcqg import enqueue_upsert
from onestop_dvcqg.delivery import upsert_key

from .helpers import KNOWN_PERSONAL_DATA, payload

WORKER = Path(__file__).with_name("crash_worker.py")
DIED, STUCK = 86, 3
N = 12
LEASE = 60.0
PAST_THE_LEASE = ["--clock-offset", str(LEASE * 2)]

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="uses SIGKILL")


def codes(n: int = N) -> list[str]:
    return [payload(i).code for i in range(1, n + 1)]


def record(path: Path, *, version: int, status: int) -> None:
    with Outbox(path) as outbox:
        for i in range(1, N + 1):
            enqueue_upsert(outbox, payload(i, status=status), version=version)


def start(sim: DvcqgSimulator, path: Path, *args: str) -> subprocess.Popen[str]:
    command = [sys.executable, str(WORKER), "--outbox", str(path), "--url", sim.url]
    return subprocess.Popen(
        [*command, "--lease", str(LEASE), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def run(sim: DvcqgSimulator, path: Path, *args: str, expect: int) -> str:
    proc = start(sim, path, *args)
    output, _ = proc.communicate(timeout=60)
    assert proc.returncode == expect, output
    assert_no_personal_data(output, known=KNOWN_PERSONAL_DATA)
    return output


def statuses(path: Path) -> dict[str, int]:
    with Outbox(path) as outbox:
        return outbox.status()


def assert_delivered_exactly_once(
    sim: DvcqgSimulator, *, versions: int = 1, final_status: int = 2
) -> None:
    assert sorted(sim.dossiers) == sorted(codes()), "lost or extra dossiers"
    for version, code in enumerate(codes(), start=1):
        delivered = sim.deliveries[code]
        assert delivered.created == 1, (code, delivered.calls)
        assert delivered.updated == versions - 1, (code, delivered.calls)
        assert len(delivered.calls) == versions, (code, delivered.calls)
        keys = [upsert_key(code, v) for v in range(1, versions + 1)]
        assert delivered.idempotency_keys == keys
        assert sim.dossiers[code].item["TrangThaiHoSo"] == str(final_status), version
    assert sim.errors == []


def history_events(path: Path, item_id: int) -> list[str]:
    with Outbox(path) as outbox:
        return [
            h["event"] + (":" + h["detail"] if h["detail"] else "") for h in outbox.history(item_id)
        ]


def test_killed_between_recorded_and_sent(dvcqg_sim: DvcqgSimulator, tmp_path: Path) -> None:
    path = tmp_path / "outbox.sqlite3"
    record(path, version=1, status=2)
    output = run(dvcqg_sim, path, "--die-before-send", "5", expect=DIED)
    assert "dying before sending item 5" in output
    assert statuses(path) == {"pending": 7, "in_flight": 1, "done": 4, "failed": 0}
    assert len(dvcqg_sim.dossiers) == 4 and codes()[4] not in dvcqg_sim.deliveries

    # A new process before the lease ran out delivers the rest, and leaves item 5 alone.
    run(dvcqg_sim, path, expect=STUCK)
    assert statuses(path) == {"pending": 0, "in_flight": 1, "done": 11, "failed": 0}
    assert codes()[4] not in dvcqg_sim.deliveries

    # After the lease: item 5 is claimed again and delivered, once.
    summary = json.loads(run(dvcqg_sim, path, *PAST_THE_LEASE, expect=0).splitlines()[-1])
    assert summary["calls"] == 1
    assert statuses(path) == {"pending": 0, "in_flight": 0, "done": N, "failed": 0}
    assert_delivered_exactly_once(dvcqg_sim)
    assert "claimed:previous lease expired" in history_events(path, 5)


def test_killed_between_sent_and_receipt(dvcqg_sim: DvcqgSimulator, tmp_path: Path) -> None:
    path = tmp_path / "outbox.sqlite3"
    record(path, version=1, status=2)
    assert "dying after sending item 5" in run(
        dvcqg_sim, path, "--die-after-send", "5", expect=DIED
    )
    assert statuses(path) == {"pending": 7, "in_flight": 1, "done": 4, "failed": 0}
    assert len(dvcqg_sim.dossiers) == 5  # the portal has item 5; the outbox does not know

    run(dvcqg_sim, path, *PAST_THE_LEASE, expect=0)
    assert statuses(path)["done"] == N
    assert_delivered_exactly_once(dvcqg_sim)
    with Outbox(path) as outbox:
        item = outbox.get(5)
    assert item.status is OutboxStatus.DONE and item.attempts == 2
    assert item.remote_id == codes()[4]

    # The next version of every dossier: killed after sending the 7th update.
    record(path, version=2, status=4)
    run(dvcqg_sim, path, "--die-after-send", "7", expect=DIED)
    run(dvcqg_sim, path, *PAST_THE_LEASE, expect=0)
    assert statuses(path) == {"pending": 0, "in_flight": 0, "done": 2 * N, "failed": 0}
    assert_delivered_exactly_once(dvcqg_sim, versions=2, final_status=4)


def wait_for(condition: Any, *, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out waiting"
        time.sleep(0.005)


def test_sigkill_while_the_answer_of_a_committed_write_is_on_its_way(
    dvcqg_sim: DvcqgSimulator, tmp_path: Path
) -> None:
    path = tmp_path / "outbox.sqlite3"
    record(path, version=1, status=2)
    # The third write is stored by the portal, whose answer then stalls for 30 s.
    dvcqg_sim.add_fault("DongBoHoSoMC", {"times": 2})
    dvcqg_sim.add_fault("DongBoHoSoMC", timeout=30.0, commit=True)
    proc = start(dvcqg_sim, path)
    try:
        wait_for(lambda: len(dvcqg_sim.dossiers) == 3)
        wait_for(lambda: any(r.fault == "timeout" for r in dvcqg_sim.requests(masked=False)))
        proc.send_signal(signal.SIGKILL)
        output, _ = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == -signal.SIGKILL, output
    # Items 3-5 were claimed as one batch: all three stay leased by the dead process.
    assert statuses(path) == {"pending": N - 5, "in_flight": 3, "done": 2, "failed": 0}

    run(dvcqg_sim, path, *PAST_THE_LEASE, expect=0)
    assert statuses(path)["done"] == N
    assert_delivered_exactly_once(dvcqg_sim)
    third = dvcqg_sim.deliveries[codes()[2]]
    assert [c["outcome"] for c in third.calls] == ["created"]  # the redelivery sent nothing


def test_a_payload_rebuilt_differently_is_refused_under_the_same_key(tmp_path: Path) -> None:
    """Why payloads must be built from the dossier alone (see delivery's docs)."""
    from onestop_core.adapters import IdempotencyConflictError

    with Outbox(tmp_path / "o.sqlite3") as outbox:
        enqueue_upsert(outbox, payload(1), version=1)
        later = attrs.evolve(payload(1), synced_at=payload(1).synced_at + dt.timedelta(minutes=1))
        with pytest.raises(IdempotencyConflictError):
            enqueue_upsert(outbox, later, version=1)
