"""Packaging: version, typed marker, data files and the curated public API."""

from __future__ import annotations

import importlib.metadata
from importlib import resources

import onestop_core
import onestop_core.calendars


def test_version_matches_metadata() -> None:
    assert onestop_core.__version__ == importlib.metadata.version("onestop-core")


def test_typed_marker_and_data_are_shipped() -> None:
    root = resources.files("onestop_core")
    assert root.joinpath("py.typed").is_file()
    assert root.joinpath("data", "calendars", "vn.json").is_file()


def test_core_dependencies_are_exactly_the_design_card() -> None:
    requires = importlib.metadata.requires("onestop-core") or []
    core = sorted(r.split(">")[0].split("=")[0].strip() for r in requires if "extra ==" not in r)
    assert core == ["attrs", "httpx", "pendulum", "pluggy"]


def test_public_names_exist() -> None:
    for module in (onestop_core, onestop_core.calendars):
        for name in module.__all__:
            assert hasattr(module, name), f"{module.__name__}.{name}"


def test_importing_the_calendars_does_not_import_heavy_extras() -> None:
    import subprocess
    import sys

    code = (
        "import sys, onestop_core.calendars, onestop_core.cli; "
        "mods = ('numpy', 'pandas', 'polars', 'narwhals', 'httpx'); "
        "print([m for m in mods if m in sys.modules])"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
