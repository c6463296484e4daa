"""``onestop due``: the due date of a dossier and how it was counted."""

from __future__ import annotations

import argparse
import datetime as dt
import json
from fractions import Fraction
from typing import Any

from onestop_core._time import VN_TZ
from onestop_core.calendars import vietnam
from onestop_core.cli.usage import UsageError
from onestop_core.errors import InvalidDateError
from onestop_core.procedures.time_limits import ProcessingTime
from onestop_core.sla import ClockEvent, evaluate

__all__ = ["register"]


def register(sub: Any) -> None:
    """Add ``due`` to the ``onestop`` sub-parsers."""
    p = sub.add_parser("due", help="the due date of a dossier (hạn trả kết quả)")
    p.add_argument(
        "received_at",
        metavar="RECEIVED_AT",
        help="acceptance time, ISO 8601 (without offset: Asia/Ho_Chi_Minh)",
    )
    limit = p.add_mutually_exclusive_group()
    limit.add_argument("--days", type=_number, metavar="N", help="working days (ngày làm việc)")
    limit.add_argument("--hours", type=_number, metavar="H", help="working hours (giờ làm việc)")
    limit.add_argument(
        "--procedure",
        metavar="CODE",
        help="take the time limit from this procedure of the bundled sample catalogue",
    )
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(handler=cmd_due)


def _number(text: str) -> Fraction:
    try:
        value = Fraction(text)
    except (ValueError, ZeroDivisionError):
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"{text!r} is negative")
    return value


def parse_instant(text: str) -> dt.datetime:
    """An ISO 8601 instant; one without offset is read as Asia/Ho_Chi_Minh local time."""
    try:
        t = dt.datetime.fromisoformat(text.strip())
    except ValueError:
        raise InvalidDateError(f"RECEIVED_AT {text!r} is not an ISO 8601 date-time") from None
    return t.replace(tzinfo=VN_TZ) if t.tzinfo is None else t


def _limit(args: argparse.Namespace) -> tuple[ProcessingTime, str]:
    if args.days is not None:
        return ProcessingTime.working_days(args.days), ""
    if args.hours is not None:
        return ProcessingTime.working_hours(args.hours), ""
    if args.procedure:
        from onestop_core.procedures.sample import sample_catalogue

        proc = sample_catalogue().get(args.procedure)
        return proc.processing_time(), f"{proc.code} {proc.name_vi}"
    raise UsageError("due: give --days N, --hours H or --procedure CODE")


def cmd_due(args: argparse.Namespace) -> int:
    """Print the due instant and its explanation."""
    limit, procedure = _limit(args)
    received = parse_instant(args.received_at)
    state = evaluate(limit, [ClockEvent.start(received)], calendar=vietnam(), now=received)
    assert state.due_at is not None
    due = state.due_at.astimezone(VN_TZ)
    explanation = list(state.explain())
    if args.json:
        doc = {
            "received_at": received.isoformat(),
            "started_at": state.started_at.isoformat() if state.started_at else None,
            "due_at": due.isoformat(),
            "limit": str(limit),
            "procedure": procedure or None,
            "calendar": state.calendar_id,
            "explanation": explanation,
        }
        print(json.dumps(doc, ensure_ascii=False, indent=2))
        return 0
    if procedure:
        print(f"procedure: {procedure}")
    print(f"due: {due:%a %Y-%m-%d %H:%M} ({due.isoformat()})")
    for line in explanation:
        print(f"  {line}")
    return 0
