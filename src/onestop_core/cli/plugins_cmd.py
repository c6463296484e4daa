"""``onestop plugins list``: the loaded plugins, their distributions and what they register."""

from __future__ import annotations

import argparse
import json
import sys
import textwrap
import warnings
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from onestop_core.plugins import Kind, PluginHost

__all__ = ["cmd_plugins_list", "register"]

#: The kinds of record a plugin may register, in the order they are shown.
KINDS: tuple[Kind, ...] = ("calendars", "procedures", "adapters", "instruments", "scoring_methods")


def register(sub: Any) -> None:
    """Add ``plugins`` to the ``onestop`` sub-parsers."""
    p = sub.add_parser("plugins", help="the plugins of onestop_core (trình cắm)")
    psub = p.add_subparsers(dest="plugins_command", required=True, metavar="ACTION")
    lst = psub.add_parser(
        "list", help="every loaded plugin with its distribution, version and registrations"
    )
    lst.add_argument("--json", action="store_true", help="print JSON")
    lst.add_argument(
        "--strict",
        action="store_true",
        help="fail (exit status 1) when a plugin cannot be loaded, instead of leaving it out",
    )
    lst.set_defaults(handler=cmd_plugins_list)


def _registrations(host: PluginHost) -> dict[str, dict[str, list[str]]]:
    """``{plugin: {kind: [names]}}`` for every kind of record."""
    out: dict[str, dict[str, list[str]]] = {}
    for kind in KINDS:
        for key, plugin in host.providers(kind).items():
            out.setdefault(plugin, {}).setdefault(kind, []).append(key)
    return out


def cmd_plugins_list(args: argparse.Namespace) -> int:
    """Print every loaded plugin, its distribution and version, hooks and registrations."""
    from onestop_core.plugins import create_plugin_host

    with warnings.catch_warnings():  # a lenient host's warnings become the "left out" list
        warnings.simplefilter("ignore")
        host = create_plugin_host(strict=args.strict)
        plugins = host.plugins()
        registered = _registrations(host)
    failures = host.failures()
    if args.json:
        doc = {
            "plugins": [
                {
                    "name": p.name,
                    "distribution": p.distribution,
                    "version": p.version,
                    "builtin": p.builtin,
                    "hooks": list(p.hooks),
                    "registers": registered.get(p.name, {}),
                }
                for p in plugins
            ],
            "left_out": [
                {
                    "name": f.name,
                    "distribution": f.distribution,
                    "version": f.version,
                    "hook": f.hook,
                    "error": f.error,
                }
                for f in failures
            ],
        }
        print(json.dumps(doc, ensure_ascii=False, indent=2))
    else:
        for p in plugins:
            origin = f"{p.distribution} {p.version}".strip() or "registered in code"
            print(f"{p.name} ({origin}{', built-in' if p.builtin else ''})")
            print(_wrapped("hooks: " + ", ".join(p.hooks)))
            for kind, names in registered.get(p.name, {}).items():
                print(_wrapped(f"{kind} ({len(names)}): " + " ".join(names)))
        if failures:
            print("left out:")
            for f in failures:
                print(_wrapped(f"{f.name}: {f.error}"))
    for f in failures:
        print(f"onestop: warning: {f.error}", file=sys.stderr)
    return 0


def _wrapped(text: str) -> str:
    return textwrap.fill(text, width=100, initial_indent="    ", subsequent_indent="      ")
