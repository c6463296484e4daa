"""Several OS processes delivering from one outbox file never send an item twice in a lease."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import time
from pathlib import Path

from onestop_core.adapters import Outbox

ITEMS, PROCESSES = 60, 3
WORKER = textwrap.dedent(
    """
    import os, sys, time, datetime as dt
    from onestop_core.adapters import Outbox, PushReceipt

    db, log, start = sys.argv[1], sys.argv[2], sys.argv[3]
    open(f"{start}.{os.getpid()}.ready", "w").close()
    while not os.path.exists(start):  # start together
        time.sleep(0.001)

    def send(item):
        with open(log, "a", encoding="utf-8") as f:  # O_APPEND: whole lines
            f.write(f"{item.id} {item.idempotency_key} {os.getpid()}\\n")
        time.sleep(0.002)  # widen the window in which another process could claim it
        return PushReceipt(ok=True, system=item.system, idempotency_key=item.idempotency_key)

    with Outbox(db, lease=dt.timedelta(minutes=10)) as box:
        while True:
            report = box.deliver_due(send, limit=3)
            if not report.claimed and box.status()["pending"] == 0:
                break
    """
)


def test_processes_never_send_the_same_item_twice(tmp_path: Path) -> None:
    db, log, start = tmp_path / "outbox.sqlite3", tmp_path / "sent.log", tmp_path / "go"
    with Outbox(db) as box:
        for n in range(ITEMS):
            box.enqueue("dvcqg", "upsert", {"n": n}, idempotency_key=f"k-{n:03d}")
    script = tmp_path / "worker.py"
    script.write_text(WORKER, encoding="utf-8")
    workers = [
        subprocess.Popen(
            [sys.executable, str(script), str(db), str(log), str(start)],
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(PROCESSES)
    ]
    deadline = time.monotonic() + 60
    while len(list(tmp_path.glob("go.*.ready"))) < PROCESSES and time.monotonic() < deadline:
        time.sleep(0.01)
    start.touch()
    for w in workers:
        _, err = w.communicate(timeout=120)
        assert w.returncode == 0, err
    lines = log.read_text(encoding="utf-8").splitlines()
    keys = [line.split()[1] for line in lines]
    assert sorted(keys) == [f"k-{n:03d}" for n in range(ITEMS)]  # each exactly once
    with Outbox(db) as box:
        assert box.status() == {"pending": 0, "in_flight": 0, "done": ITEMS, "failed": 0}
    assert len({line.split()[2] for line in lines}) >= 2  # they really competed
