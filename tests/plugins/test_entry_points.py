"""Third-party plugins from entry points: lazy loading, failures, and the environment."""

from __future__ import annotations

import logging
import sys
from concurrent.futures import ThreadPoolExecutor

import pytest

from onestop_core.errors import PluginLoadError
from onestop_core.plugins import PluginLoadWarning, create_plugin_host

from .fakes import BROKEN, DEMO, MISSPELLED, MakeDistribution


def test_an_entry_point_plugin_is_loaded_lazily(make_distribution: MakeDistribution) -> None:
    make_distribution("onestop-demo", {"demo": "demo_plugin"}, {"demo_plugin": DEMO})
    host = create_plugin_host()
    assert "demo_plugin" not in sys.modules  # nothing imported yet
    assert "entry points not loaded yet" in repr(host)
    assert list(host.collect("adapters")) == ["demo"]
    assert "demo_plugin" in sys.modules
    info = {p.name: p for p in host.plugins()}["demo"]
    assert (info.distribution, info.version, info.builtin) == ("onestop-demo", "1.0", False)
    assert info.hooks == ("onestop_register_adapters",)
    assert host.providers("adapters") == {"demo": "demo"}
    host.check_pending()


def test_entry_points_off_by_argument_or_environment(
    make_distribution: MakeDistribution, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_distribution("onestop-demo", {"demo": "demo_plugin"}, {"demo_plugin": DEMO})
    assert create_plugin_host(entry_points=False).collect("adapters") == {}
    monkeypatch.setenv("ONESTOP_CORE_PLUGINS_AUTOLOAD", "0")
    assert create_plugin_host().collect("adapters") == {}
    monkeypatch.setenv("ONESTOP_CORE_PLUGINS_AUTOLOAD", "1")
    assert list(create_plugin_host().collect("adapters")) == ["demo"]


def test_disabled_plugins_are_never_loaded(
    make_distribution: MakeDistribution, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_distribution("onestop-demo", {"demo": "demo_plugin"}, {"demo_plugin": DEMO})
    monkeypatch.setenv(
        "ONESTOP_CORE_DISABLE_PLUGINS", " demo , onestop_core.builtin.sample_procedures"
    )
    host = create_plugin_host()
    assert host.collect("adapters") == {} and host.collect("procedures") == {}
    assert "demo_plugin" not in sys.modules
    assert [p.name for p in host.plugins()] == ["onestop_core.builtin.vn_calendar"]


def test_block_argument_adds_to_the_environment(
    make_distribution: MakeDistribution, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_distribution("onestop-demo", {"demo": "demo_plugin"}, {"demo_plugin": DEMO})
    monkeypatch.setenv("ONESTOP_CORE_DISABLE_PLUGINS", "onestop_core.builtin.sample_procedures")
    host = create_plugin_host(block=["demo"])
    assert host.collect("adapters") == {} and host.collect("procedures") == {}


def test_a_broken_plugin_warns_by_name_and_the_others_load(
    make_distribution: MakeDistribution,
) -> None:
    make_distribution("onestop-demo", {"demo": "demo_plugin"}, {"demo_plugin": DEMO})
    make_distribution(
        "onestop-broken", {"broken": "broken_plugin"}, {"broken_plugin": BROKEN}, "2.1"
    )
    host = create_plugin_host()
    with pytest.warns(PluginLoadWarning, match="'broken'") as record:
        assert list(host.collect("adapters")) == ["demo"]
    message = str(record[0].message)
    assert "broken = broken_plugin" in message and "onestop-broken 2.1" in message
    assert "ModuleNotFoundError" in message
    (failure,) = host.failures()
    assert (failure.name, failure.distribution, failure.version) == (
        "broken",
        "onestop-broken",
        "2.1",
    )
    assert failure.hook == ""
    assert "broken" not in [p.name for p in host.plugins()]


def test_a_broken_plugin_raises_on_a_strict_host(make_distribution: MakeDistribution) -> None:
    make_distribution("onestop-broken", {"broken": "broken_plugin"}, {"broken_plugin": BROKEN})
    host = create_plugin_host(strict=True)
    with pytest.raises(PluginLoadError) as info:
        host.collect("calendars")
    err = info.value
    assert (err.plugin, err.entry_point, err.distribution) == (
        "broken",
        "broken = broken_plugin",
        "onestop-broken 1.0",
    )
    assert isinstance(err.__cause__, ImportError)


def test_a_plugin_with_a_misspelled_hook_is_rejected_at_load(
    make_distribution: MakeDistribution,
) -> None:
    make_distribution("onestop-typo", {"typo": "typo_plugin"}, {"typo_plugin": MISSPELLED})
    with pytest.raises(
        PluginLoadError, match=r"onestop_regster_adapters.*onestop_register_adapters"
    ):
        create_plugin_host(strict=True).check_pending()
    host = create_plugin_host()
    with pytest.warns(PluginLoadWarning, match="unknown hook 'onestop_regster_adapters'"):
        host.check_pending()
    assert not host.has_plugin("typo")


def test_one_name_declared_by_two_distributions(make_distribution: MakeDistribution) -> None:
    make_distribution("onestop-demo", {"demo": "demo_plugin"}, {"demo_plugin": DEMO})
    make_distribution("onestop-impostor", {"demo": "impostor_plugin"}, {"impostor_plugin": DEMO})
    host = create_plugin_host()
    with pytest.warns(PluginLoadWarning, match="declared by both"):
        assert list(host.collect("adapters")) == ["demo"]
    assert len([p for p in host.plugins() if p.name == "demo"]) == 1


def test_tracing_logs_names_never_values(
    make_distribution: MakeDistribution,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    make_distribution("onestop-demo", {"demo": "demo_plugin"}, {"demo_plugin": DEMO})
    monkeypatch.setenv("ONESTOP_CORE_TRACE_PLUGINS", "1")
    host = create_plugin_host()
    with caplog.at_level(logging.DEBUG, logger="onestop_core.plugins"):
        host.collect("adapters")
        host.select_calendar(office="000.00.06.H56")
        host.manager.hook.onestop_select_calendar(procedure=None, office="000.00.99.H99")
    text = caplog.text
    assert "onestop_register_adapters: calling plugin 'demo'" in text
    assert "onestop_select_calendar: calling plugin 'onestop_core.builtin.vn_calendar'" in text
    assert "procedure, office" in text
    assert "H56" not in text and "H99" not in text
    assert "onestop_select_calendar: done" in text  # the pluggy monitoring


def test_no_tracing_by_default(caplog: pytest.LogCaptureFixture) -> None:
    host = create_plugin_host(entry_points=False)
    with caplog.at_level(logging.DEBUG, logger="onestop_core.plugins"):
        host.select_calendar()
    assert caplog.text == ""


SLOW = DEMO.replace("LOADED = True", "import time\n    time.sleep(0.2)")


def test_threads_wait_for_the_lazy_loading(make_distribution: MakeDistribution) -> None:
    make_distribution("onestop-slow", {"slow": "slow_plugin"}, {"slow_plugin": SLOW})
    host = create_plugin_host()
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(lambda _: list(host.collect("adapters")), range(4)))
    assert results == [["demo"]] * 4


@pytest.mark.parametrize("value", ["0", "false", "No", " off "])
def test_autoload_switch_spellings(
    make_distribution: MakeDistribution, monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    make_distribution("onestop-demo", {"demo": "demo_plugin"}, {"demo_plugin": DEMO})
    monkeypatch.setenv("ONESTOP_CORE_PLUGINS_AUTOLOAD", value)
    assert create_plugin_host().collect("adapters") == {}
