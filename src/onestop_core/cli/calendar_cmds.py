"""``onestop calendar``, ``onestop lunar`` and ``onestop workdays``."""

from __future__ import annotations

import argparse
import datetime as dt
import json
from typing import Any

from onestop_core._time import parse_date
from onestop_core.calendars import lunar, vietnam
from onestop_core.cli.usage import UsageError
from onestop_core.errors import InvalidDurationError, LunarDateError

__all__ = ["register"]


WEEKDAYS_VI = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật")
WEEKDAYS_EN = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def register(sub: Any) -> None:
    """Add the calendar commands to the ``onestop`` sub-parser collection."""
    p = sub.add_parser("calendar", help="days off and make-up days of a year (lịch nghỉ)")
    p.add_argument("year", type=_year, help="calendar year, e.g. 2026")
    p.add_argument("--json", action="store_true", help="print JSON instead of a table")
    p.set_defaults(handler=cmd_calendar)

    p = sub.add_parser("lunar", help="convert between solar and lunar dates (âm lịch)")
    p.add_argument("date", nargs="?", help="solar date YYYY-MM-DD to convert to lunar")
    p.add_argument("--to-solar", metavar="Y-M-D", help="lunar date to convert to solar")
    p.add_argument("--leap", action="store_true", help="the lunar month is a leap month (nhuận)")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(handler=cmd_lunar)

    p = sub.add_parser("workdays", help="working-day arithmetic (ngày làm việc)")
    wsub = p.add_subparsers(dest="workdays_command", required=True, metavar="ACTION")
    a = wsub.add_parser("add", help="the N-th working day after DATE (before it if N < 0)")
    a.add_argument("date", help="YYYY-MM-DD")
    a.add_argument("n", type=_int, help="number of working days (may be negative)")
    a.add_argument("--explain", action="store_true", help="list the days skipped and why")
    a.set_defaults(handler=cmd_workdays_add)
    b = wsub.add_parser("between", help="working days x with A < x <= B")
    b.add_argument("a", help="YYYY-MM-DD")
    b.add_argument("b", help="YYYY-MM-DD")
    b.set_defaults(handler=cmd_workdays_between)


def _year(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a year") from None


def _int(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not an integer") from None


def _day_label(d: dt.date) -> str:
    return f"{d.isoformat()} {WEEKDAYS_EN[d.weekday()]} ({WEEKDAYS_VI[d.weekday()]})"


def cmd_calendar(args: argparse.Namespace) -> int:
    """Print the days off and make-up days of ``args.year``."""
    cal = vietnam()
    offs = cal.days_off(args.year)
    make_up = cal.make_up_days(args.year)
    cov = cal.coverage(args.year)
    if args.json:
        doc = {
            "calendar": cal.id,
            "year": args.year,
            "status": cov.status,
            "notes": list(cov.notes),
            "days_off": [
                {
                    "date": d.date.isoformat(),
                    "weekday": WEEKDAYS_EN[d.date.weekday()],
                    "kind": d.kind,
                    "name_vi": d.name_vi,
                    "name_en": d.name_en,
                    "source": d.source,
                    "provisional": d.provisional,
                }
                for d in offs
            ],
            "make_up_days": [
                {
                    "date": m.date.isoformat(),
                    "weekday": WEEKDAYS_EN[m.date.weekday()],
                    "replaces": m.replaces.isoformat() if m.replaces else None,
                    "source": m.source,
                }
                for m in make_up
            ],
        }
        print(json.dumps(doc, ensure_ascii=False, indent=2))
        return 0
    print(f"{cal.name_en} — {args.year} [{cov.status}]")
    print(f"{cal.name_vi}")
    for note in cov.notes:
        print(f"  note: {note}")
    print(f"\nDays off / ngày nghỉ ({len(offs)}):")
    for d in offs:
        flag = " (provisional)" if d.provisional else ""
        print(f"  {_day_label(d.date):<27} {d.kind:<13} {d.name_vi} / {d.name_en}{flag}")
        print(f"  {'':<27} {'':<13} source: {d.source}")
    print(f"\nMake-up working days / ngày làm bù ({len(make_up)}):")
    for m in make_up:
        replaces = f"replaces {m.replaces.isoformat()}" if m.replaces else ""
        print(f"  {_day_label(m.date):<27} {replaces}  source: {m.source}")
    if not make_up:
        print("  none")
    weekday_off = sum(1 for d in offs if d.is_weekday)
    print(f"\nWeekday days off: {weekday_off}; make-up days: {len(make_up)}")
    return 0


def _parse_lunar(text: str) -> tuple[int, int, int]:
    parts = text.split("-")
    try:
        if len(parts) != 3 or not all(p.strip().isascii() for p in parts):
            raise ValueError
        y, m, d = (int(p) for p in parts)
    except ValueError:
        raise LunarDateError(
            f"lunar date {text!r} must look like YYYY-M-D, e.g. 2026-3-10"
        ) from None
    return y, m, d


def cmd_lunar(args: argparse.Namespace) -> int:
    """Convert a solar date to lunar, or ``--to-solar`` a lunar date to solar."""
    if (args.date is None) == (args.to_solar is None):
        raise UsageError("lunar: give either a solar DATE or --to-solar Y-M-D (exactly one)")
    if args.to_solar is not None:
        y, m, d = _parse_lunar(args.to_solar)
        solar = lunar.to_solar(y, m, d, leap=args.leap)
        if args.json:
            print(
                json.dumps(
                    {
                        "lunar": {"year": y, "month": m, "day": d, "leap": args.leap},
                        "solar": solar.isoformat(),
                    }
                )
            )
        else:
            print(_day_label(solar))
        return 0
    if args.leap:
        raise UsageError("lunar: --leap only applies with --to-solar")
    ld = lunar.from_solar(parse_date(args.date, name="DATE"))
    if args.json:
        print(
            json.dumps(
                {
                    "solar": args.date,
                    "lunar": {"year": ld.year, "month": ld.month, "day": ld.day, "leap": ld.leap},
                }
            )
        )
    else:
        print(f"{ld} (âm lịch / lunar)")
    return 0


def cmd_workdays_add(args: argparse.Namespace) -> int:
    """Print the N-th working day after (or before) DATE."""
    cal = vietnam()
    start = parse_date(args.date, name="DATE")
    if not isinstance(args.n, int):  # pragma: no cover - argparse guarantees it
        raise InvalidDurationError("N must be an integer")
    result = cal.add_working_days(start, args.n)
    print(result.isoformat())
    if args.explain:
        lo, hi = sorted((start, result))
        day = lo
        while day <= hi:
            if not cal.is_working_day(day) or cal.make_up_day(day):
                print(f"  {_day_label(day):<27} {cal.describe_day(day)}")
            day += dt.timedelta(days=1)
    return 0


def cmd_workdays_between(args: argparse.Namespace) -> int:
    """Print the number of working days x with A < x <= B."""
    a = parse_date(args.a, name="A")
    b = parse_date(args.b, name="B")
    print(vietnam().working_days_between(a, b))
    return 0
