"""A delivery process for ``test_crash.py``: drains the outbox through DVCQG, and can die.

Run as ``python crash_worker.py --outbox PATH --url SIM_URL [...]``. It delivers due items
in batches until none is pending or in flight, printing a JSON summary, and exits 0; it
exits 3 when only items leased by another (dead) process remain. ``--die-before-send N``
and ``--die-after-send N`` end the process with ``os._exit(86)`` right before the N-th
sender call sends anything (the item is recorded and claimed, not sent) or right after it
returned (sent and answered, the receipt not yet recorded). ``--clock-offset`` moves the
outbox clock forward, so a restarted process sees the dead one's leases expired.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
import time

from onestop_core.adapters import Outbox, OutboxItem, PushReceipt, RetryPolicy, Timeouts

from onestop_dvcqg import DvcqgAdapter, DvcqgConfig, OutboxSender

DIED = 86
STUCK = 3


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--outbox", required=True)
    parser.add_argument("--url", required=True)
    parser.add_argument("--clock-offset", type=float, default=0.0)
    parser.add_argument("--lease", type=float, default=60.0)
    parser.add_argument("--batch", type=int, default=5)
    parser.add_argument("--die-before-send", type=int, default=0)
    parser.add_argument("--die-after-send", type=int, default=0)
    args = parser.parse_args(argv)

    offset = dt.timedelta(seconds=args.clock_offset)

    def clock() -> dt.datetime:
        return dt.datetime.now(dt.UTC) + offset

    config = DvcqgConfig(
        adapter_url=args.url,
        username="sim-user",
        password="sim-pass",
        dstcode="SIM-DST",
        madonvi="000.00.00.H99",
        timeouts=Timeouts(connect=2.0, read=10.0, write=2.0, pool=2.0),
    )
    retry = RetryPolicy(max_attempts=4, base=0.01, cap=0.05)
    calls = 0
    with (
        Outbox(
            args.outbox,
            lease=dt.timedelta(seconds=args.lease),
            backoff=RetryPolicy(base=0.0, cap=0.0),
            clock=clock,
        ) as outbox,
        DvcqgAdapter(config, retry=retry) as portal,
    ):
        sender = OutboxSender(portal)

        def send(item: OutboxItem) -> PushReceipt:
            nonlocal calls
            calls += 1
            if calls == args.die_before_send:
                print(f"dying before sending item {item.id}", flush=True)
                os._exit(DIED)
            receipt = sender(item)
            if calls == args.die_after_send:
                print(f"dying after sending item {item.id}", flush=True)
                os._exit(DIED)
            return receipt

        while True:
            report = outbox.deliver_due(send, limit=args.batch)
            if report.claimed:
                continue
            status = outbox.status()
            if status["pending"] == 0:
                code = 0 if status["in_flight"] == 0 else STUCK
                print(json.dumps({"status": status, "calls": calls}), flush=True)
                return code
            time.sleep(0.01)  # pending but not due yet (backoff)


if __name__ == "__main__":
    sys.exit(main())
