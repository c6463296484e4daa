"""Plugin-host fixtures: a fresh host per test, temporary plugins and fake distributions.

There is no global host: every test gets its own from ``create_plugin_host(entry_points=False)``
and the host is checked (``check_pending``) after the test. ``register_plugin`` registers a
plugin for the duration of a ``with`` block and always unregisters it (datasette, llm).
"""

from __future__ import annotations

import importlib.metadata
import sys
import textwrap
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path

import pytest

from onestop_core.plugins import PluginHost, create_plugin_host

from .fakes import MakeDistribution, RegisterPlugin

ENV_VARS = (
    "ONESTOP_CORE_DISABLE_PLUGINS",
    "ONESTOP_CORE_PLUGINS_AUTOLOAD",
    "ONESTOP_CORE_TRACE_PLUGINS",
)


@pytest.fixture(autouse=True)
def _clean_plugin_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ENV_VARS:
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def host() -> Iterator[PluginHost]:
    """A fresh host with the built-ins only (no entry points)."""
    fresh = create_plugin_host(entry_points=False)
    yield fresh
    fresh.check_pending()


@contextmanager
def _registered(host: PluginHost, plugin: object, name: str) -> Iterator[str]:
    registered = host.register(plugin, name=name)
    assert registered == name
    try:
        yield name
    finally:
        host.unregister(name)


@pytest.fixture
def register_plugin(host: PluginHost) -> RegisterPlugin:
    """``with register_plugin(obj, name="x"):`` registers ``obj`` on ``host`` for the block."""

    def register(plugin: object, name: str) -> AbstractContextManager[str]:
        return _registered(host, plugin, name)

    return register


@pytest.fixture
def make_distribution(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[MakeDistribution]:
    """Write an installed distribution (dist-info + module) on ``sys.path`` for one test.

    ``make_distribution("onestop-demo", {"demo": "demo_plugin"}, {"demo_plugin": source})``
    declares ``[onestop_core] demo = demo_plugin`` and writes ``demo_plugin.py``.
    """
    modules: list[str] = []
    monkeypatch.syspath_prepend(str(tmp_path))
    # See only the distributions written here, not the plugins installed in the environment.
    every = importlib.metadata.distributions
    monkeypatch.setattr(
        importlib.metadata, "distributions", lambda **kw: every(path=[str(tmp_path)])
    )

    def make(
        name: str,
        entry_points: dict[str, str],
        sources: dict[str, str],
        version: str = "1.0",
    ) -> Path:
        dist_info = tmp_path / f"{name.replace('-', '_')}-{version}.dist-info"
        dist_info.mkdir()
        (dist_info / "METADATA").write_text(
            f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n", encoding="utf-8"
        )
        lines = "".join(f"{ep} = {target}\n" for ep, target in entry_points.items())
        (dist_info / "entry_points.txt").write_text(f"[onestop_core]\n{lines}", encoding="utf-8")
        for module, source in sources.items():
            (tmp_path / f"{module}.py").write_text(textwrap.dedent(source), encoding="utf-8")
            modules.append(module)
        return dist_info

    yield make
    for module in modules:
        sys.modules.pop(module, None)
