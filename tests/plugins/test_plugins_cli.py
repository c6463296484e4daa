"""``onestop plugins list``: every loaded plugin with its distribution, version and records."""

from __future__ import annotations

import argparse
import json

import pytest

from onestop_core.__about__ import __version__
from onestop_core.cli import plugins_cmd
from onestop_core.errors import PluginLoadError

from .fakes import BROKEN, DEMO, MakeDistribution


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """Run ``onestop plugins ...`` through the command's own parser registration."""
    parser = argparse.ArgumentParser(prog="onestop")
    plugins_cmd.register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(["plugins", *argv])
    code = args.handler(args)
    out, err = capsys.readouterr()
    return code, out, err


def test_list_shows_the_builtins_with_the_core_distribution(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ONESTOP_CORE_PLUGINS_AUTOLOAD", "0")
    code, out, err = run(capsys, "list")
    assert code == 0 and err == ""
    assert f"onestop_core.builtin.vn_calendar (onestop-core {__version__}, built-in)" in out
    assert f"onestop_core.builtin.sample_procedures (onestop-core {__version__}, built-in)" in out
    assert "calendars (1): vn" in out
    assert "procedures (22): " in out and "1.001193" in out
    assert "hooks: onestop_register_calendars, onestop_select_calendar" in out


def test_list_json_includes_entry_point_plugins_and_what_they_register(
    capsys: pytest.CaptureFixture[str], make_distribution: MakeDistribution
) -> None:
    make_distribution("onestop-demo", {"demo": "demo_plugin"}, {"demo_plugin": DEMO}, "3.2")
    code, out, err = run(capsys, "list", "--json")
    assert code == 0 and err == ""
    doc = json.loads(out)
    plugins = {p["name"]: p for p in doc["plugins"]}
    assert plugins["demo"] == {
        "name": "demo",
        "distribution": "onestop-demo",
        "version": "3.2",
        "builtin": False,
        "hooks": ["onestop_register_adapters"],
        "registers": {"adapters": ["demo"]},
    }
    assert plugins["onestop_core.builtin.vn_calendar"]["registers"] == {"calendars": ["vn"]}
    assert doc["left_out"] == []


def test_list_reports_a_broken_plugin_and_still_lists_the_rest(
    capsys: pytest.CaptureFixture[str], make_distribution: MakeDistribution
) -> None:
    make_distribution("onestop-broken", {"broken": "broken_plugin"}, {"broken_plugin": BROKEN})
    code, out, err = run(capsys, "list")
    assert code == 0
    assert "onestop_core.builtin.vn_calendar" in out
    assert "left out:" in out and "broken: plugin 'broken'" in out
    assert err.startswith("onestop: warning: plugin 'broken'") and "onestop-broken 1.0" in err

    code, out, err = run(capsys, "list", "--json")
    (left_out,) = json.loads(out)["left_out"]
    assert (left_out["name"], left_out["distribution"], left_out["version"]) == (
        "broken",
        "onestop-broken",
        "1.0",
    )


def test_list_strict_fails_on_a_broken_plugin(
    capsys: pytest.CaptureFixture[str], make_distribution: MakeDistribution
) -> None:
    make_distribution("onestop-broken", {"broken": "broken_plugin"}, {"broken_plugin": BROKEN})
    with pytest.raises(PluginLoadError, match="'broken'"):  # `onestop` reports it, exit 1
        run(capsys, "list", "--strict")


def test_plugins_needs_an_action(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        run(
            capsys,
        )
    assert info.value.code == 2
