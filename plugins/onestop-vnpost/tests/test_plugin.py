"""Registration: the entry point, the adapter spec and its factory."""

from __future__ import annotations

import importlib.metadata
import subprocess
import sys

import pytest
from onestop_core.adapters import PostalAdapter
from onestop_core.plugins import create_plugin_host
from onestop_core.testing.simulators import VnpostSimulator

from onestop_vnpost import VnpostAdapter, VnpostConfig, __version__, plugin


def _installed() -> bool:
    eps = importlib.metadata.entry_points(group="onestop_core")
    return any(ep.name == "vnpost" and ep.value == "onestop_vnpost.plugin" for ep in eps)


@pytest.fixture(autouse=True)
def _plain_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("ONESTOP_CORE_DISABLE_PLUGINS", "ONESTOP_CORE_PLUGINS_AUTOLOAD"):
        monkeypatch.delenv(name, raising=False)


@pytest.mark.skipif(not _installed(), reason="onestop-vnpost is not installed (pip install -e .)")
def test_the_host_finds_the_adapter_through_its_entry_point() -> None:
    host = create_plugin_host()
    spec = host.collect("adapters")["vnpost"]
    assert (spec.kind, spec.version) == ("postal", __version__)
    assert {"create", "tracking", "callbacks"} <= spec.capabilities
    assert host.providers("adapters")["vnpost"] == "vnpost"
    info = {p.name: p for p in host.plugins()}["vnpost"]
    assert (info.distribution, info.builtin) == ("onestop-vnpost", False)
    assert host.failures() == ()
    host.check_pending()


def test_the_module_registers_on_a_host_without_entry_points(vnpost_sim: VnpostSimulator) -> None:
    host = create_plugin_host(entry_points=False)
    host.register(plugin, name="vnpost")
    spec = host.collect("adapters")["vnpost"]
    adapter = spec.create(
        base_url=vnpost_sim.url,
        username=VnpostSimulator.USERNAME,
        password=VnpostSimulator.PASSWORD,
        customer_code=VnpostSimulator.CUSTOMER_CODE,
    )
    with adapter:
        assert isinstance(adapter, VnpostAdapter) and isinstance(adapter, PostalAdapter)
        assert adapter.carrier == "vnpost"
    host.check_pending()


def test_the_factory_takes_a_config_or_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    config = VnpostConfig(
        base_url="https://connect-my.vnpost.vn", username="u", password="p", customer_code="c"
    )
    with plugin.create_adapter(config) as adapter:
        assert adapter.config is config
    with pytest.raises(TypeError, match="not both"):
        plugin.create_adapter(config, username="x")
    for name, value in {
        "BASE_URL": "https://connect-my.vnpost.vn",
        "USERNAME": "u",
        "PASSWORD": "p",
        "CUSTOMER_CODE": "c",
    }.items():
        monkeypatch.setenv("ONESTOP_VNPOST_" + name, value)
    with plugin.create_adapter() as adapter:
        assert adapter.config.customer_code == "c"


def test_loading_the_plugin_imports_neither_httpx_nor_the_adapter() -> None:
    code = (
        "import sys, onestop_vnpost.plugin as p; list(p.onestop_register_adapters()); "
        "print('httpx' in sys.modules, 'onestop_vnpost.adapter' in sys.modules)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert out.stdout.split() == ["False", "False"]
