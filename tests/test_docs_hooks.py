"""Every hook and each of its arguments is documented (datasette's test, for our hooks)."""

from __future__ import annotations

import inspect
import re
from pathlib import Path

import pluggy
import pytest

from onestop_core.hookspecs import OnestopSpecs

HOOKS_PAGE = Path(__file__).resolve().parents[1] / "docs" / "reference" / "hooks.md"


def _specs() -> dict[str, tuple[str, ...]]:
    manager = pluggy.PluginManager("onestop_core")
    manager.add_hookspecs(OnestopSpecs)
    out = {}
    for name, caller in vars(manager.hook).items():
        if isinstance(caller, pluggy.HookCaller) and caller.spec is not None:
            out[name] = tuple(caller.spec.argnames)
    return out


SPECS = _specs()


def test_the_spec_class_declares_the_hooks_of_the_issue() -> None:
    assert sorted(SPECS) == [
        "onestop_calendar_overrides",
        "onestop_dossier_event",
        "onestop_register_adapters",
        "onestop_register_calendars",
        "onestop_register_instruments",
        "onestop_register_procedures",
        "onestop_register_scoring_methods",
        "onestop_select_calendar",
        "onestop_validate_dossier",
    ]


@pytest.mark.parametrize("hook", sorted(SPECS))
def test_hook_is_documented_with_its_arguments(hook: str) -> None:
    page = HOOKS_PAGE.read_text(encoding="utf-8")
    heading = f"### `{hook}({', '.join(SPECS[hook])})`"
    assert heading in page, f"docs/reference/hooks.md lacks the section {heading}"
    section = page.split(heading, 1)[1].split("\n### ", 1)[0]
    for arg in SPECS[hook]:
        assert re.search(rf"^`{arg}`: `[^`]+`$", section, re.M), f"{hook}: argument {arg!r}"
    assert "```python" in section, f"{hook}: no example"
    assert "*New in version 0.1.*" in section, f"{hook}: no version"


@pytest.mark.parametrize("hook", sorted(SPECS))
def test_hookspec_docstring_has_an_example_and_version(hook: str) -> None:
    doc = inspect.getdoc(getattr(OnestopSpecs, hook)) or ""
    assert "@hookimpl" in doc, f"{hook}: no example in the docstring"
    assert ".. versionadded:: 0.1" in doc, f"{hook}: no versionadded"


def test_every_hook_is_prefixed() -> None:
    assert all(name.startswith("onestop_") for name in SPECS)
