"""The installed distribution registers ``dvcqg`` with the onestop_core plugin host."""

from __future__ import annotations

import importlib.metadata
import warnings

import pytest
from onestop_core.adapters import AdapterSpec, NationalPortalAdapter
from onestop_core.plugins import PluginLoadWarning, create_plugin_host
from onestop_core.testing.simulators import DvcqgSimulator

from onestop_dvcqg import DvcqgAdapter, __version__
from onestop_dvcqg.plugin import create_adapter, onestop_register_adapters

from .helpers import make_config


@pytest.fixture
def distribution() -> importlib.metadata.Distribution:
    try:
        return importlib.metadata.distribution("onestop-dvcqg")
    except importlib.metadata.PackageNotFoundError:
        pytest.skip("the onestop-dvcqg distribution is not installed (pip install -e it)")


def test_the_entry_point_is_declared(distribution: importlib.metadata.Distribution) -> None:
    (ep,) = [ep for ep in distribution.entry_points if ep.group == "onestop_core"]
    assert (ep.name, ep.value) == ("dvcqg", "onestop_dvcqg.plugin")
    assert distribution.version == __version__
    requires = distribution.requires or []
    assert any(r.startswith("onestop-core>=0.1.0.dev0") for r in requires)


@pytest.fixture
def clean_env(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    for name in ("ONESTOP_CORE_DISABLE_PLUGINS", "ONESTOP_CORE_PLUGINS_AUTOLOAD"):
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


def test_the_host_collects_the_adapter(
    distribution: importlib.metadata.Distribution, clean_env: pytest.MonkeyPatch
) -> None:
    # Only this distribution is visible: other plugins installed beside it (or half-built
    # ones) must not decide this test. A strict host raises on any problem with ours.
    clean_env.setattr(importlib.metadata, "distributions", lambda **kw: [distribution])
    host = create_plugin_host(strict=True)
    spec = host.collect("adapters")["dvcqg"]
    assert isinstance(spec, AdapterSpec)
    assert (spec.kind, spec.version) == ("national", __version__)
    assert host.providers("adapters")["dvcqg"] == "dvcqg"
    info = {p.name: p for p in host.plugins()}["dvcqg"]
    assert (info.distribution, info.builtin) == ("onestop-dvcqg", False)
    assert info.hooks == ("onestop_register_adapters",)
    host.check_pending()


def test_the_host_of_this_environment_has_it(
    distribution: importlib.metadata.Distribution, clean_env: pytest.MonkeyPatch
) -> None:
    with warnings.catch_warnings():  # another plugin of the environment may be broken
        warnings.simplefilter("ignore", PluginLoadWarning)
        host = create_plugin_host()
        assert "dvcqg" in host.collect("adapters")
    assert not [f for f in host.failures() if f.name == "dvcqg"]


def test_the_plugin_can_be_blocked(
    distribution: importlib.metadata.Distribution, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ONESTOP_CORE_DISABLE_PLUGINS", "dvcqg")
    assert "dvcqg" not in create_plugin_host().collect("adapters")


def test_the_spec_builds_a_working_adapter(dvcqg_sim: DvcqgSimulator) -> None:
    (spec,) = onestop_register_adapters()
    with spec.create(config=make_config(dvcqg_sim.url)) as portal:
        assert isinstance(portal, DvcqgAdapter) and isinstance(portal, NationalPortalAdapter)
        assert portal.fetch_catalogue("LayDanhMucCoQuan")


def test_the_factory_reads_fields_overrides_and_the_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    base = make_config("https://dvc.test")
    with create_adapter(base, madonvi="000.00.00.H98") as portal:
        assert portal.config.madonvi == "000.00.00.H98"
        assert portal.config.username == base.username
    env = {
        "ADAPTER_URL": "https://dvc.test/adapter",
        "USERNAME": "u",
        "PASSWORD": "p",
        "DSTCODE": "D",
        "MADONVI": "000.00.00.H99",
    }
    for key, value in env.items():
        monkeypatch.setenv(f"ONESTOP_DVCQG_{key}", value)
    with create_adapter() as portal:
        assert portal.config.url("auth") == "https://dvc.test/adapter/auth"
