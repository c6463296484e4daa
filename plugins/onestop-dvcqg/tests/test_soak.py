"""A bounded soak: N syncs through the outbox with ~10 % of the requests hit by a fault.

N is 1,000 (CI) or 10,000 with ``ONESTOP_SOAK_FULL=1``. A seeded injector hits each DVCQG
request (login, look-up, write) with probability 0.1 with one of: HTTP 500/502/503, 429 with
``Retry-After``, a dropped connection, a timeout, a lost answer after the write landed, or
an expired session. The outbox delivers until nothing is due. Asserted: every sync done, one
dossier per sync, one write per dossier (no loss, no duplicate). Printed: the figures
(nothing is asserted on time).
"""

from __future__ import annotations

import collections
import os
import random
import threading
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pytest
from onestop_core.adapters import Outbox, RetryPolicy, Timeouts
from onestop_core.testing import SleepRecorder
from onestop_core.testing.simulators import DvcqgSimulator, Fault
from onestop_core.testing.simulators.faults import FaultQueue

from onestop_dvcqg import DvcqgAdapter, OutboxSender, enqueue_upsert

from .helpers import make_config, payload

FULL = os.environ.get("ONESTOP_SOAK_FULL") == "1"
N = 10_000 if FULL else 1_000
RATE = 0.10
SEED = 20261120
CLIENT_READ_TIMEOUT = 0.2
#: (name, weight, fault): transient faults mostly, plus the two that need the adapter's care.
MIX: list[tuple[str, int, dict[str, Any]]] = [
    ("http-503", 3, {"status": 503}),
    ("http-502", 1, {"status": 502}),
    ("http-500", 1, {"status": 500}),
    ("429-retry-after", 2, {"retry_after": 1}),
    ("dropped", 2, {"drop": True}),
    ("timeout", 1, {"timeout": CLIENT_READ_TIMEOUT * 3}),
    ("lost-answer", 1, {"drop": True, "commit": True}),
    ("expired-session", 1, {"expire_session": True}),
]
ROUTES = frozenset({"auth", "tracuuhoso", "dongbohosomc"})
#: Redeliveries are due at once (or after the Retry-After handed back).
NO_BACKOFF = RetryPolicy(base=0, cap=0)


class SeededFaults(FaultQueue):
    """A fault queue that also injects faults at random (seeded) on the DVCQG routes."""

    def __init__(self, seed: int, rate: float) -> None:
        super().__init__()
        self.rng = random.Random(seed)
        self.rate = rate
        self.names = [name for name, weight, _ in MIX for _ in range(weight)]
        self.faults = {name: Fault.from_dict(spec) for name, _, spec in MIX}
        self.injected: collections.Counter[str] = collections.Counter()
        self.requests = 0
        self._rng_lock = threading.Lock()

    def take(self, keys: Iterable[str]) -> Any | None:
        keys = list(keys)
        queued = super().take(keys)
        if queued is not None or not ROUTES & {k.lower() for k in keys}:
            return queued
        with self._rng_lock:
            self.requests += 1
            if self.rng.random() >= self.rate:
                return None
            name = self.rng.choice(self.names)
            self.injected[name] += 1
        return self.faults[name]


@pytest.fixture
def soak_sim() -> Iterator[tuple[DvcqgSimulator, SeededFaults]]:
    sim = DvcqgSimulator(timeout_sleep=CLIENT_READ_TIMEOUT * 3)
    injector = SeededFaults(SEED, RATE)
    sim.faults = injector
    with sim:
        yield sim, injector


@pytest.mark.soak
def test_soak(
    soak_sim: tuple[DvcqgSimulator, SeededFaults],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    sim, injector = soak_sim
    sleeps = SleepRecorder()
    retry = RetryPolicy(max_attempts=4, random=random.Random(SEED).random, sleep=sleeps)
    config = make_config(
        sim.url, timeouts=Timeouts(connect=2.0, read=CLIENT_READ_TIMEOUT, write=2.0, pool=2.0)
    )
    started = time.perf_counter()
    with (
        Outbox(tmp_path / "soak.sqlite3", max_attempts=20, backoff=NO_BACKOFF) as outbox,
        DvcqgAdapter(config, retry=retry) as portal,
    ):
        for i in range(1, N + 1):
            enqueue_upsert(outbox, payload(i), version=1)
        recorded = time.perf_counter()
        sender = OutboxSender(portal)
        rounds = 0
        deadline = time.monotonic() + 600
        while True:
            report = outbox.deliver_due(sender, limit=200)
            rounds += 1
            if report.claimed:
                continue
            if outbox.status()["pending"] == 0:
                break
            assert time.monotonic() < deadline, outbox.status()
            time.sleep(0.05)  # an item waits out a Retry-After handed back to the outbox
        elapsed = time.perf_counter() - started
        status = outbox.status()
        items = outbox.items(limit=N)
        logins, relogins = portal.logins, portal.relogins

    deliveries = [i.attempts for i in items]
    codes = [payload(i).code for i in range(1, N + 1)]
    writes = [sim.deliveries[c] for c in codes if c in sim.deliveries]
    figures = {
        "syncs": N,
        "http requests (DVCQG)": injector.requests,
        "faults injected": sum(injector.injected.values()),
        "fault rate": f"{sum(injector.injected.values()) / injector.requests:.1%}",
        "faults by kind": dict(sorted(injector.injected.items())),
        "logins (re-logins)": f"{logins} ({relogins})",
        "in-process backoff (s, not slept)": round(sleeps.total, 1),
        "outbox deliveries": sum(deliveries),
        "items redelivered by the outbox": sum(1 for a in deliveries if a > 1),
        "delivery rounds": rounds,
        "recording (s)": round(recorded - started, 2),
        "elapsed (s)": round(elapsed, 2),
        "syncs/s": round(N / elapsed),
    }
    with capsys.disabled():
        print(f"\nDVCQG soak ({'full' if FULL else 'CI'}):")
        for key, value in figures.items():
            print(f"  {key:<36} {value}")

    assert status == {"pending": 0, "in_flight": 0, "done": N, "failed": 0}
    assert len(sim.dossiers) == N and sorted(sim.dossiers) == sorted(codes), "lost dossiers"
    assert len(writes) == N
    duplicated = [c for c, d in zip(codes, writes, strict=True) if (d.created, d.updated) != (1, 0)]
    assert duplicated == [], f"{len(duplicated)} dossiers written more than once"
    assert all(len(d.idempotency_keys) == 1 for d in writes)
    assert sim.errors == []
    assert sum(injector.injected.values()) > 0.05 * injector.requests  # the faults did happen
