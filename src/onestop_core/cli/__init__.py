"""The ``onestop`` command line.

Every command prints to stdout; errors go to stderr with a non-zero exit status and never a
traceback (2 for a usage error, 1 for bad input the library rejected).

>>> main(["workdays", "add", "2026-11-20", "3"])
2026-11-26
0
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from onestop_core.__about__ import __version__
from onestop_core.cli import calendar_cmds, due_cmd, outbox_cmd, plugins_cmd
from onestop_core.cli.usage import UsageError
from onestop_core.errors import OnestopError

__all__ = ["build_parser", "main"]


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of ``onestop`` (sub-commands register themselves here)."""
    parser = argparse.ArgumentParser(
        prog="onestop",
        description="onestop_core: Vietnam's one-stop administrative procedures "
        "(cơ chế một cửa) — calendars, deadlines, dossiers.",
    )
    parser.add_argument("--version", action="version", version=f"onestop-core {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    calendar_cmds.register(sub)
    due_cmd.register(sub)
    plugins_cmd.register(sub)
    outbox_cmd.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``onestop`` with ``argv`` (default: ``sys.argv[1:]``) and return the exit status."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
        status: int = args.handler(args)
        return status
    except SystemExit as exc:  # argparse: --help, --version, usage errors
        return exc.code if isinstance(exc.code, int) else 2
    except UsageError as exc:
        print(f"onestop: error: {exc} (see onestop --help)", file=sys.stderr)
        return 2
    except OnestopError as exc:
        print(f"onestop: error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
    except Exception as exc:  # a bug: say so plainly, the traceback only on request
        if os.environ.get("ONESTOP_DEBUG"):
            raise
        print(
            f"onestop: internal error: {type(exc).__name__}: {exc} "
            "(set ONESTOP_DEBUG=1 for a traceback and please report it)",
            file=sys.stderr,
        )
        return 70


def run() -> None:
    """Console-script entry point."""
    sys.exit(main())
