"""Fake plugin sources and the types of the plugin fixtures (see ``conftest.py``)."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from pathlib import Path

#: ``register_plugin(plugin, name=...)``: a context manager registering ``plugin`` on the host.
RegisterPlugin = Callable[..., AbstractContextManager[str]]

#: ``make_distribution(name, entry_points, sources, version="1.0")``: its dist-info folder.
MakeDistribution = Callable[..., Path]

#: A well-behaved plugin module registering the adapter ``"demo"``.
DEMO = """
    import onestop_core
    from onestop_core.adapters import AdapterSpec

    LOADED = True

    @onestop_core.hookimpl
    def onestop_register_adapters():
        yield AdapterSpec(name="demo", kind="postal", factory=dict, version="1.0")
"""

#: A plugin module that cannot be imported.
BROKEN = """
    import onestop_core_missing_dependency  # noqa: F401
"""

#: A plugin module with a misspelled hook name.
MISSPELLED = """
    import onestop_core

    @onestop_core.hookimpl
    def onestop_regster_adapters():
        return []
"""
