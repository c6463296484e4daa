"""Benchmark the SLA clock on a million dossiers against a naive day-stepping loop.

Run from the repository root::

    python benchmarks/sla.py            # 1,000,000 dossiers (about half a minute)
    python benchmarks/sla.py --quick    # 20,000 dossiers

Typical event logs: accepted; 25 % with a supplement request and completion (the limit
restarts, Decree 118/2025 Art. 19(5)); 15 % with an excluded interval (e.g. a land
procedure's financial obligation); 85 % decided. Three ways to get due dates and verdicts,
measured in this one run:

- ``evaluate_many`` (vectorised, numpy) over all dossiers;
- ``evaluate`` (the scalar pure function with explanations) on a sample;
- what a user would write otherwise: a loop stepping day by day with python-holidays'
  ``is_working_day`` (no office hours, no make-up-day-aware times), on a sample.

The script prints a table and never asserts on timings.
"""

from __future__ import annotations

# benchmarks/calendar.py would shadow the standard library's ``calendar`` module (which
# dateutil and holidays import) because a script's directory comes first on sys.path.
import os
import sys

_HERE = os.path.dirname(os.path.abspath(__file__))
sys.path[:] = [p for p in sys.path if os.path.abspath(p or os.curdir) != _HERE]

import argparse  # noqa: E402
import datetime as dt  # noqa: E402
import gc  # noqa: E402
import platform  # noqa: E402
import time  # noqa: E402
from collections.abc import Callable  # noqa: E402
from typing import Any  # noqa: E402

import numpy as np  # noqa: E402

import onestop_core  # noqa: E402
from onestop_core.calendars import vietnam  # noqa: E402
from onestop_core.procedures import PauseReason, ProcessingTime  # noqa: E402
from onestop_core.sla import ClockEvent, ClockEventKind, evaluate  # noqa: E402
from onestop_core.sla.batch import evaluate_many  # noqa: E402

MINUTE = np.timedelta64(60_000_000, "us")


def best_of(fn: Callable[[], Any], repeats: int) -> float:
    """Best wall time of ``repeats`` calls (garbage collector off while timing)."""
    best = float("inf")
    gc.disable()
    try:
        for _ in range(repeats):
            t0 = time.perf_counter()
            fn()
            best = min(best, time.perf_counter() - t0)
    finally:
        gc.enable()
    return best


def make_logs(n: int, seed: int = 1) -> dict[str, Any]:
    """Random typical logs between 2016 and 2026 (UTC datetime64[us])."""
    rng = np.random.default_rng(seed)
    nat = np.datetime64("NaT")
    acc = np.datetime64("2016-01-01T00:00", "us") + rng.integers(0, 3800 * 1440, n) * MINUTE
    days = rng.choice(np.array([1, 3, 5, 7, 10, 15, 20]), n)
    sup = rng.random(n) < 0.25
    req = np.where(sup, acc + rng.integers(60, 3 * 1440, n) * MINUTE, nat)
    done = np.where(sup, req + rng.integers(60, 10 * 1440, n) * MINUTE, nat)
    restart = np.where(sup, done, acc)
    pause = rng.random(n) < 0.15
    p0 = np.where(pause, restart + rng.integers(60, 4 * 1440, n) * MINUTE, nat)
    p1 = np.where(pause, p0 + rng.integers(60, 6 * 1440, n) * MINUTE, nat)
    last = np.where(pause, p1, restart)
    dec = np.where(rng.random(n) < 0.85, last + rng.integers(60, 30 * 1440, n) * MINUTE, nat)
    return {
        "accepted_at": acc,
        "working_days": days,
        "supplement_requested_at": req,
        "supplement_completed_at": done,
        "pause_started_at": p0,
        "pause_ended_at": p1,
        "decided_at": dec,
    }


def _utc(x: np.datetime64) -> dt.datetime:
    return x.item().replace(tzinfo=dt.UTC)


def scalar_events(logs: dict[str, Any], k: int) -> list[ClockEvent]:
    ev = [ClockEvent.start(_utc(logs["accepted_at"][k]))]
    if not np.isnat(logs["supplement_requested_at"][k]):
        ev.append(
            ClockEvent(
                kind=ClockEventKind.SUPPLEMENT_REQUESTED,
                at=_utc(logs["supplement_requested_at"][k]),
            )
        )
        ev.append(
            ClockEvent(
                kind=ClockEventKind.SUPPLEMENT_COMPLETED,
                at=_utc(logs["supplement_completed_at"][k]),
            )
        )
    if not np.isnat(logs["pause_started_at"][k]):
        reason = PauseReason.FINANCIAL_OBLIGATION
        ev.append(
            ClockEvent(
                kind=ClockEventKind.PAUSE, at=_utc(logs["pause_started_at"][k]), reason=reason
            )
        )
        ev.append(
            ClockEvent(
                kind=ClockEventKind.RESUME, at=_utc(logs["pause_ended_at"][k]), reason=reason
            )
        )
    if not np.isnat(logs["decided_at"][k]):
        ev.append(ClockEvent.decide(_utc(logs["decided_at"][k])))
    return ev


def naive_holidays(logs: dict[str, Any], sample: int) -> Callable[[], list[str]]:
    """What a user would write with python-holidays: step day by day, compare dates."""
    import holidays

    vn = holidays.country_holidays("VN", years=range(2015, 2029))
    offset = dt.timedelta(hours=7)
    one = dt.timedelta(days=1)

    def add_days(d: dt.date, n: int) -> dt.date:
        while n > 0:
            d += one
            if vn.is_working_day(d):
                n -= 1
        return d

    def run() -> list[str]:
        out = []
        for k in range(sample):
            start = (logs["accepted_at"][k].item() + offset).date()
            if not np.isnat(logs["supplement_completed_at"][k]):
                start = (logs["supplement_completed_at"][k].item() + offset).date()
            due = add_days(start, int(logs["working_days"][k]))
            if not np.isnat(logs["pause_started_at"][k]):
                a = (logs["pause_started_at"][k].item() + offset).date()
                b = (logs["pause_ended_at"][k].item() + offset).date()
                d, paused = a, 0
                while d < b:
                    d += one
                    paused += vn.is_working_day(d)
                due = add_days(due, paused)
            if np.isnat(logs["decided_at"][k]):
                out.append("")
                continue
            decided = (logs["decided_at"][k].item() + offset).date()
            out.append("early" if decided < due else "on_time" if decided == due else "late")
        return out

    return run


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes for a smoke test")
    args = parser.parse_args()
    n = 20_000 if args.quick else 1_000_000
    sample = 2_000 if args.quick else 20_000
    cal = vietnam()
    logs = make_logs(n)
    evaluate_many(cal, **{k: v[:10] for k, v in logs.items()})  # build the tables once
    t_many = best_of(lambda: evaluate_many(cal, **logs), 3)
    limits = {
        d: ProcessingTime.working_days(int(d), excluded={PauseReason.FINANCIAL_OBLIGATION})
        for d in set(logs["working_days"].tolist())
    }
    now = dt.datetime(2030, 1, 1, tzinfo=dt.UTC)
    events = [scalar_events(logs, k) for k in range(sample)]

    def scalar() -> None:
        for k in range(sample):
            evaluate(limits[int(logs["working_days"][k])], events[k], calendar=cal, now=now)

    t_scalar = best_of(scalar, 2)
    naive = naive_holidays(logs, sample)
    t_naive = best_of(naive, 2)
    rate_many, rate_scalar, rate_naive = n / t_many, sample / t_scalar, sample / t_naive
    print("machine")
    print(
        f"  {platform.platform()}, {platform.python_implementation()} "
        f"{platform.python_version()}, numpy {np.__version__}, "
        f"onestop_core {onestop_core.__version__}"
    )
    print()
    print(f"{'operation':<58}{'dossiers/s':>14}{'vs naive loop':>16}")
    print(
        f"{'evaluate_many (vectorised), ' + format(n, ',') + ' dossiers':<58}"
        f"{rate_many:>14,.0f}{rate_many / rate_naive:>15,.0f}x"
    )
    print(
        f"{'evaluate (scalar, with explanations), ' + format(sample, ',') + ' dossiers':<58}"
        f"{rate_scalar:>14,.0f}{rate_scalar / rate_naive:>15,.1f}x"
    )
    print(
        f"{'naive day-stepping loop on python-holidays, ' + format(sample, ','):<58}"
        f"{rate_naive:>14,.0f}{1:>15,.0f}x"
    )
    print()
    print(f"notes: evaluate_many took {t_many:.3f} s for {n:,} dossiers. The naive loop ignores")
    print("office hours, make-up-day times and the previous-close rule and misses the 2026")
    print("New Year swap, so its verdicts differ on some dossiers; it is timed, not trusted.")


if __name__ == "__main__":
    main()
