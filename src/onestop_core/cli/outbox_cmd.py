"""``onestop outbox status`` and ``onestop outbox retry``: look at and requeue the outbox.

The outbox file is ``--db PATH``, else ``$ONESTOP_OUTBOX``, else ``./onestop-outbox.sqlite3``.
Neither command creates a missing file.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the outbox is imported by the handlers, so ``onestop`` starts fast
    from onestop_core.adapters.outbox import Outbox, OutboxItem

__all__ = ["DEFAULT_DB", "ENV_VAR", "register"]

#: The environment variable naming the outbox file.
ENV_VAR = "ONESTOP_OUTBOX"
#: The outbox file when neither ``--db`` nor ``$ONESTOP_OUTBOX`` is given.
DEFAULT_DB = "onestop-outbox.sqlite3"
_SHOWN = 20


def register(sub: Any) -> None:
    """Add ``outbox`` to the ``onestop`` sub-parsers.

    >>> parser = argparse.ArgumentParser(prog="onestop")
    >>> register(parser.add_subparsers(dest="command"))
    >>> parser.parse_args(["outbox", "retry", "3", "5"]).ids
    [3, 5]
    """
    p = sub.add_parser("outbox", help="the durable outbox of outbound syncs (hàng đợi đồng bộ)")
    osub = p.add_subparsers(dest="outbox_command", required=True, metavar="ACTION")
    db_help = f"the outbox file (default: ${ENV_VAR} or ./{DEFAULT_DB})"

    s = osub.add_parser("status", help="items per state, and the failed ones")
    s.add_argument("--db", metavar="PATH", help=db_help)
    s.add_argument("--json", action="store_true", help="print JSON")
    s.set_defaults(handler=cmd_status)

    r = osub.add_parser("retry", help="requeue failed items (dead letters)")
    r.add_argument("--db", metavar="PATH", help=db_help)
    which = r.add_mutually_exclusive_group(required=True)
    which.add_argument("--all-failed", action="store_true", help="requeue every failed item")
    which.add_argument("ids", nargs="*", type=_item_id, default=[], metavar="ID", help="item ids")
    r.set_defaults(handler=cmd_retry)


def _item_id(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not an item id") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not an item id")
    return value


def _path(args: argparse.Namespace) -> Path:
    return Path(args.db or os.environ.get(ENV_VAR) or DEFAULT_DB)


def _open(path: Path) -> Outbox | None:
    from onestop_core.adapters.outbox import Outbox

    if not path.is_file():
        print(f"onestop: error: no outbox file at {path}", file=sys.stderr)
        return None
    return Outbox(path)


def _failed_doc(item: OutboxItem) -> dict[str, Any]:
    return {
        "id": item.id,
        "system": item.system,
        "operation": item.operation,
        "attempts": item.attempts,
        "updated_at": item.updated_at.isoformat(),
        "last_error": item.last_error,
    }


def cmd_status(args: argparse.Namespace) -> int:
    """Print the number of items per state and the failed items."""
    from onestop_core.adapters.outbox import OutboxStatus

    path = _path(args)
    outbox = _open(path)
    if outbox is None:
        return 1
    with outbox:
        counts = outbox.status()
        failed = outbox.items(status=OutboxStatus.FAILED, limit=_SHOWN)
    if args.json:
        doc = {"db": str(path), "counts": counts, "failed": [_failed_doc(i) for i in failed]}
        print(json.dumps(doc, ensure_ascii=False, indent=2))
        return 0
    print(f"outbox: {path}")
    for state, count in counts.items():
        print(f"  {state:<10} {count:>6}")
    if failed:
        more = counts["failed"] - len(failed)
        print(f"\nfailed items{f' (first {len(failed)}; {more} more)' if more > 0 else ''}:")
        for item in failed:
            print(f"  #{item.id} {item.system} {item.operation}, {item.attempts} attempts")
            print(f"      {item.last_error}")
        print("\nrequeue them with: onestop outbox retry --all-failed (or ID ...)")
    return 0


def cmd_retry(args: argparse.Namespace) -> int:
    """Requeue the failed items named (or all of them) with a fresh attempt budget."""
    path = _path(args)
    outbox = _open(path)
    if outbox is None:
        return 1
    with outbox:
        requeued = outbox.retry(None if args.all_failed else args.ids)
        skipped = [] if args.all_failed else [i for i in args.ids if i not in requeued]
        states = {i: outbox.get(i).status.value for i in skipped}
    if requeued:
        print(f"requeued {len(requeued)}: {', '.join(f'#{i}' for i in requeued)}")
    else:
        print("nothing to requeue")
    for item_id, state in states.items():
        print(f"  #{item_id} left alone: it is {state}, not failed")
    return 0
