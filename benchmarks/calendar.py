"""Benchmark the working calendar against the tools a user would otherwise pick.

Run from the repository root::

    python benchmarks/calendar.py            # full sizes (about a minute)
    python benchmarks/calendar.py --quick    # small sizes, a few seconds (CI smoke test)

Every ratio is measured in this one run, on this machine. The script never asserts on
timings: it prints a table (operation, ours, theirs, ratio, target, met) and notes on how
far the results of the other tools agree with ours. See ``benchmarks/README.md``.

Needs numpy, pandas and holidays==0.108 (``pip install --group bench`` or the ``bench``
dependency group in ``pyproject.toml``).
"""

# This file is named ``calendar.py``: run as a script, its directory comes first on
# ``sys.path`` and would shadow the standard library's ``calendar`` module, which
# ``_strptime``, dateutil, pandas and holidays import. Drop that entry before importing.
import os
import sys

_HERE = os.path.dirname(os.path.abspath(__file__))
sys.path[:] = [p for p in sys.path if os.path.abspath(p or os.curdir) != _HERE]

import argparse  # noqa: E402
import datetime as dt  # noqa: E402
import gc  # noqa: E402
import platform  # noqa: E402
import random  # noqa: E402
import time  # noqa: E402
import warnings  # noqa: E402
from collections.abc import Callable  # noqa: E402
from typing import Any  # noqa: E402

import numpy as np  # noqa: E402

import onestop_core  # noqa: E402
from onestop_core import calendars  # noqa: E402

FIRST = dt.date(2015, 1, 1)
# Random start dates stop in mid-December 2026 so that every result (at most 30 working
# days, or 10 for the vectorised case, later) still lies in the 2015-2026 window the other
# tools are given holidays for; see the README.
LAST_START = dt.date(2026, 11, 15)
LAST_START_MANY = dt.date(2026, 12, 15)
LAST_START_TIME = dt.date(2026, 12, 1)

SCALAR_TARGET = 2_000_000  # calls/s
MANY_TARGET = 10.0  # x numpy.busday_offset
TIME_TARGET = 1000.0  # x pandas CustomBusinessHour

_US_PER_DAY = 86_400_000_000
_VN_OFFSET = np.timedelta64(7, "h")


# -- timing helpers ------------------------------------------------------------------
def best_of(fn: Callable[[], Any], repeats: int) -> float:
    """The best wall time of ``repeats`` calls of ``fn`` (garbage collector off while timing)."""
    best = float("inf")
    enabled = gc.isenabled()
    gc.disable()
    try:
        for _ in range(repeats):
            t0 = time.perf_counter()
            fn()
            best = min(best, time.perf_counter() - t0)
    finally:
        if enabled:
            gc.enable()
    return best


def fmt_rate(x: float | None) -> str:
    if x is None:
        return "-"
    for unit, scale in (("G", 1e9), ("M", 1e6), ("k", 1e3)):
        if x >= scale:
            return f"{x / scale:,.2f} {unit}/s"
    return f"{x:,.1f} /s"


class Row:
    def __init__(
        self, op: str, ours: float, theirs: float | None, *, target: str, met: bool | None
    ) -> None:
        self.op, self.ours, self.theirs, self.target, self.met = op, ours, theirs, target, met

    @property
    def ratio(self) -> str:
        return "-" if not self.theirs else f"{self.ours / self.theirs:,.1f}x"


def print_table(rows: list[Row]) -> None:
    head = ("operation", "ours (ops/s)", "theirs (ops/s)", "ratio", "target", "met")
    cells = [
        (
            r.op,
            fmt_rate(r.ours),
            fmt_rate(r.theirs),
            r.ratio,
            r.target,
            "-" if r.met is None else ("yes" if r.met else "NO"),
        )
        for r in rows
    ]
    widths = [max(len(str(c[i])) for c in [head, *cells]) for i in range(len(head))]
    align = ["<", ">", ">", ">", "<", "<"]

    def line(c: tuple[str, ...]) -> str:
        return "  ".join(f"{v:{a}{w}}" for v, a, w in zip(c, align, widths, strict=True))

    print(line(head))
    print("  ".join("-" * w for w in widths))
    for c in cells:
        print(line(c))


def machine_info() -> None:
    from importlib.metadata import version

    import pandas as pd

    print("machine")
    print(f"  platform   {platform.platform()}")
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None
    print(
        f"  cpu        {platform.processor() or platform.machine()}, {os.cpu_count()} CPUs"
        + (f" ({usable} usable)" if usable is not None else "")
    )
    print(f"  python     {platform.python_implementation()} {platform.python_version()}")
    print(
        f"  versions   onestop_core {getattr(onestop_core, '__version__', '?')}, "
        f"numpy {np.__version__}, pandas {pd.__version__}, holidays {version('holidays')}"
    )


def random_dates(rng: random.Random, count: int, last: dt.date) -> list[dt.date]:
    lo, hi = FIRST.toordinal(), last.toordinal()
    return [dt.date.fromordinal(rng.randint(lo, hi)) for _ in range(count)]


# -- 1. scalar -----------------------------------------------------------------------
def bench_scalar(cal: Any, sizes: dict[str, int], repeats: int, notes: list[str]) -> list[Row]:
    import holidays

    rng = random.Random(20260101)
    n_ours, n_theirs = sizes["scalar_ours"], sizes["scalar_theirs"]
    pairs = list(
        zip(
            random_dates(rng, n_ours, LAST_START),
            [rng.randint(1, 30) for _ in range(n_ours)],
            strict=True,
        )
    )
    spans = list(
        zip(
            (d for d, _ in pairs),
            (d + dt.timedelta(days=rng.randint(0, 45)) for d, _ in pairs),
            strict=True,
        )
    )
    hol = holidays.country_holidays("VN", years=range(2015, 2027))

    add = cal.add_working_days
    between = cal.working_days_between
    nth = hol.get_nth_working_day
    count = hol.get_working_days_count

    def ours_add() -> None:
        for d, n in pairs:
            add(d, n)

    def ours_between() -> None:
        for a, b in spans:
            between(a, b)

    few_pairs, few_spans = pairs[:n_theirs], spans[:n_theirs]

    def theirs_add() -> None:
        for d, n in few_pairs:
            nth(d, n)

    def theirs_between() -> None:
        for a, b in few_spans:
            count(a, b)

    def empty_loop() -> None:
        for _d, _n in pairs:
            pass

    for fn in (ours_add, ours_between, theirs_add, theirs_between):  # warm up (holidays
        fn()  # populates years lazily; our tables are built with the calendar)
    t_add = best_of(ours_add, repeats)
    t_between = best_of(ours_between, repeats)
    t_nth = best_of(theirs_add, max(1, repeats // 2))
    t_count = best_of(theirs_between, max(1, repeats // 2))
    t_empty = best_of(empty_loop, repeats)

    # Agreement (not timed). holidays counts [a, b]; ours counts (a, b].
    diff_add = [(d, n) for d, n in few_pairs if add(d, n) != nth(d, n)]
    diff_between = sum(between(a, b) != count(a, b) - hol.is_working_day(a) for a, b in few_spans)
    notes.append(
        f"scalar: {n_ours:,} (date, n) pairs for ours, the first {n_theirs:,} for holidays; "
        f"n in 1..30, dates {FIRST}..{LAST_START}; the bare `for d, n in pairs: pass` loop "
        f"alone runs at {fmt_rate(n_ours / t_empty)} ({t_empty / n_ours * 1e9:.0f} ns/iter "
        f"of the {t_add / n_ours * 1e9:.0f} ns/call)."
    )
    disagree = []
    day = FIRST
    while day <= dt.date(2026, 12, 31):
        if cal.is_working_day(day) != hol.is_working_day(day):
            disagree.append(f"{day} ({'working' if cal.is_working_day(day) else 'off'} in ours)")
        day += dt.timedelta(days=1)
    notes.append(
        f"scalar: holidays' get_nth_working_day differs from ours on {len(diff_add):,} of "
        f"{n_theirs:,} pairs; its VN working days 2015-2026 differ from ours on "
        f"{len(disagree)} day(s)" + (f": {', '.join(disagree)}." if disagree else ".")
    )
    notes.append(
        f"scalar: working_days_between over spans of 0..45 calendar days; holidays' "
        f"get_working_days_count walks every day of the span (counts [a, b]; ours (a, b]); "
        f"after adjusting for that, {diff_between:,} of {n_theirs:,} counts differ."
    )
    rate = n_ours / t_add
    return [
        Row(
            "add_working_days (scalar) vs holidays.get_nth_working_day",
            rate,
            n_theirs / t_nth,
            target=f">= {SCALAR_TARGET / 1e6:g} M calls/s",
            met=rate >= SCALAR_TARGET,
        ),
        Row(
            "working_days_between (scalar) vs holidays.get_working_days_count",
            n_ours / t_between,
            n_theirs / t_count,
            target="-",
            met=None,
        ),
    ]


# -- 2. vectorised working days ------------------------------------------------------
def weekday_days_off(cal: Any, lo: dt.date, hi: dt.date) -> list[dt.date]:
    return sorted(d for d in cal.day_off_table if lo <= d <= hi and d.weekday() < 5)


def bench_many(cal: Any, sizes: dict[str, int], repeats: int, notes: list[str]) -> list[Row]:
    size = sizes["many"]
    rng = np.random.default_rng(20260102)
    lo = np.datetime64(FIRST, "D").astype(np.int64)
    hi = np.datetime64(LAST_START_MANY, "D").astype(np.int64)
    dates = rng.integers(lo, hi, size=size, endpoint=True).astype("datetime64[D]")
    n = 10
    hol = np.array(weekday_days_off(cal, FIRST, dt.date(2026, 12, 31)), dtype="datetime64[D]")

    def ours() -> Any:
        return calendars.add_working_days_many(dates, n, calendar=cal)

    def theirs() -> Any:
        return np.busday_offset(dates, n, roll="forward", holidays=hol)

    mine, fwd = ours(), theirs()  # warm up (our first call builds the numpy tables)
    t_ours = best_of(ours, repeats)
    t_theirs = best_of(theirs, repeats)

    # Agreement. roll="forward" first moves a non-business start to the next business day
    # and then counts n from there, i.e. one day further than "the n-th working day after
    # d"; roll="backward" has our semantics for n > 0. What is left after that is make-up
    # Saturdays, which busday_offset cannot express.
    bwd = np.busday_offset(dates, n, roll="backward", holidays=hol)
    off_start = ~np.is_busday(dates, holidays=hol)
    diff_fwd = mine != fwd
    diff_bwd = mine != bwd
    make_up = np.array(
        sorted(d for d in cal.make_up_table if FIRST <= d <= dt.date(2026, 12, 31)),
        dtype="datetime64[D]",
    )
    # a make-up Saturday in (d, max(ours, numpy)] explains a difference
    span_end = np.maximum(mine, bwd)
    has_make_up = (
        np.searchsorted(make_up, span_end, side="right")
        - np.searchsorted(make_up, dates, side="right")
    ) > 0
    unexplained = int((diff_bwd & ~has_make_up).sum())
    notes.append(
        f"many: {size:,} random datetime64[D] dates {FIRST}..{LAST_START_MANY}, n=10; numpy "
        f"gets the {len(hol)} weekday days off of our calendar 2015-2026 as holidays; "
        f"best of {repeats}: ours {t_ours:.3f} s, busday_offset {t_theirs:.3f} s."
    )
    fwd_make_up = (
        np.searchsorted(make_up, np.maximum(mine, fwd), side="right")
        - np.searchsorted(make_up, dates, side="right")
    ) > 0
    notes.append(
        f"many: busday_offset(roll='forward') differs from ours on {int(diff_fwd.sum()):,} "
        f"of {size:,} ({diff_fwd.mean():.1%}): {int((diff_fwd & off_start).sum()):,} start on a "
        f"weekend/day off (roll='forward' counts n from the next business day, one working "
        f"day later than ours); of the {int((diff_fwd & ~off_start).sum()):,} that start on a "
        f"business day, {int((diff_fwd & ~off_start & fwd_make_up).sum()):,} cross a make-up "
        f"Saturday."
    )
    notes.append(
        f"many: busday_offset(roll='backward') has our semantics for n > 0 and differs on "
        f"{int(diff_bwd.sum()):,} ({diff_bwd.mean():.2%}), all but {unexplained:,} across one of "
        f"the {len(make_up)} make-up Saturdays 2015-2026, which busday_offset cannot express "
        f"(weekmask and holidays only)."
    )
    ratio = t_theirs / t_ours
    return [
        Row(
            "add_working_days_many (10 M dates) vs numpy.busday_offset"
            if size == 10_000_000
            else f"add_working_days_many ({size:,} dates) vs numpy.busday_offset",
            size / t_ours,
            size / t_theirs,
            target=f">= {MANY_TARGET:g}x",
            met=ratio >= MANY_TARGET,
        )
    ]


# -- 3. vectorised working time ------------------------------------------------------
def bench_time(cal: Any, sizes: dict[str, int], repeats: int, notes: list[str]) -> list[Row]:
    import pandas as pd

    n_ours, n_theirs = sizes["time_ours"], sizes["time_theirs"]
    rng = np.random.default_rng(20260103)
    lo = (np.datetime64(FIRST, "s") - _VN_OFFSET).astype(np.int64)
    hi = (np.datetime64(LAST_START_TIME, "s") - _VN_OFFSET).astype(np.int64)
    # whole seconds, so pandas (nanoseconds) and ours (microseconds) see the same instants
    starts = rng.integers(lo, hi, size=n_ours).astype("datetime64[s]").astype("datetime64[us]")
    delta = np.timedelta64(12, "h")

    def ours() -> Any:
        return calendars.add_working_time_many(starts, delta, calendar=cal)

    # pandas: naive local wall times; CustomBusinessHour does take several intervals a day
    # (a list of starts and ends), so it gets the real 07:30-11:30, 13:00-17:00 hours.
    local = pd.DatetimeIndex((starts[:n_theirs] + _VN_OFFSET).astype("datetime64[ns]"))
    hol = weekday_days_off(cal, FIRST, dt.date(2026, 12, 31))
    cbh = pd.offsets.CustomBusinessHour(
        n=12, start=["07:30", "13:00"], end=["11:30", "17:00"], holidays=hol
    )

    def theirs() -> Any:
        return local + cbh

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # PerformanceWarning: non-vectorized DateOffset
        mine = ours()
        pd_out = theirs()
        t_ours = best_of(ours, repeats)
        t_theirs = best_of(theirs, max(1, repeats // 2))

    # Agreement on the pandas sample.
    mine_local = (mine[:n_theirs] + _VN_OFFSET).astype("datetime64[ns]")
    pd_vals = pd_out.values.astype("datetime64[ns]")
    same = mine_local == pd_vals
    closing = {11 * 3600 + 30 * 60, 17 * 3600}
    boundary = make_up_cross = other = 0
    make_up = sorted(cal.make_up_table)
    for i in np.flatnonzero(~same):
        ours_t = pd.Timestamp(mine_local[i]).to_pydatetime()
        theirs_t = pd.Timestamp(pd_vals[i]).to_pydatetime()
        secs = ours_t.hour * 3600 + ours_t.minute * 60 + ours_t.second
        nxt = cal.next_open(ours_t.replace(tzinfo=dt.timezone(dt.timedelta(hours=7))))
        start_day = pd.Timestamp(local[i]).date()
        if secs in closing and nxt.replace(tzinfo=None) == theirs_t:
            boundary += 1
        elif any(start_day <= m <= max(ours_t, theirs_t).date() for m in make_up):
            make_up_cross += 1
        else:
            other += 1
    notes.append(
        f"time: ours on {n_ours:,} UTC datetime64[us] starts, pandas on the first {n_theirs:,} "
        f"as naive local times (DatetimeIndex + CustomBusinessHour(n=12, start=['07:30', "
        f"'13:00'], end=['11:30', '17:00'], holidays=<weekday days off>)); delta 12 h. pandas "
        f"applies the offset element by element in Python; ours is {t_ours / n_ours * 1e9:.0f} "
        f"ns/element, pandas {t_theirs / n_theirs * 1e6:.0f} us/element."
    )
    notes.append(
        f"time: pandas agrees on {int(same.sum()):,} of {n_theirs:,}; {boundary:,} differ only "
        f"at a boundary (ours ends at the closing, 11:30/17:00, pandas at the next opening), "
        f"{make_up_cross:,} cross a make-up Saturday (pandas cannot express one), "
        f"{other:,} otherwise."
    )
    ratio = (n_ours / t_ours) / (n_theirs / t_theirs)
    return [
        Row(
            "add_working_time_many (+12 h) vs pandas CustomBusinessHour",
            n_ours / t_ours,
            n_theirs / t_theirs,
            target=f">= {TIME_TARGET:g}x",
            met=ratio >= TIME_TARGET,
        )
    ]


# -- main ------------------------------------------------------------------------------
FULL = {
    "scalar_ours": 300_000,
    "scalar_theirs": 20_000,
    "many": 10_000_000,
    "time_ours": 1_000_000,
    "time_theirs": 2_000,
}
QUICK = {
    "scalar_ours": 20_000,
    "scalar_theirs": 1_000,
    "many": 200_000,
    "time_ours": 10_000,
    "time_theirs": 200,
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--quick",
        action="store_true",
        help="small sizes and fewer repeats (a few seconds; CI smoke test)",
    )
    args = parser.parse_args(argv)
    sizes, repeats = (QUICK, 3) if args.quick else (FULL, 5)

    machine_info()
    print(
        f"  mode       {'quick' if args.quick else 'full'}; best of {repeats} "
        f"(best of {max(1, repeats // 2)} for the slow reference tools)"
    )
    print()

    t0 = time.perf_counter()
    cal = calendars.vietnam()
    build = time.perf_counter() - t0
    notes: list[str] = [f"setup: vietnam() built in {build * 1e3:.0f} ms (cached afterwards)."]
    rows: list[Row] = []
    rows += bench_scalar(cal, sizes, repeats, notes)
    rows += bench_many(cal, sizes, 3, notes)
    rows += bench_time(cal, sizes, 3, notes)

    print_table(rows)
    print()
    print("notes")
    for note in notes:
        print(f"  - {note}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
