"""The plugin host: built-ins, registration, collection, conflicts and hook-contract checks."""

from __future__ import annotations

import pickle
import subprocess
import sys
from collections.abc import Iterator
from typing import Any

import attrs
import pluggy
import pytest

import onestop_core
import onestop_core.plugins as plugins_module
from onestop_core import hookimpl
from onestop_core.adapters import AdapterSpec
from onestop_core.calendars import CalendarSpec, vietnam
from onestop_core.errors import (
    OnestopError,
    PluginConflictError,
    PluginError,
    PluginHookError,
    PluginLoadError,
)
from onestop_core.plugins import PluginHost, PluginLoadWarning, create_plugin_host
from onestop_core.procedures import Procedure

from .fakes import RegisterPlugin

VN_CALENDAR = "onestop_core.builtin.vn_calendar"
SAMPLE = "onestop_core.builtin.sample_procedures"


@attrs.frozen
class Named:
    """A stand-in for the instrument and scoring models of later releases."""

    name: str


class Adapters:
    def __init__(self, *names: str) -> None:
        self.names = names

    @hookimpl
    def onestop_register_adapters(self) -> Iterator[AdapterSpec]:
        for name in self.names:
            yield AdapterSpec(name=name, kind="postal", factory=dict)


# -- built-ins ---------------------------------------------------------------------------


def test_builtin_calendar_is_the_national_one(host: PluginHost) -> None:
    calendars = host.collect("calendars")
    assert list(calendars) == ["vn"]
    assert calendars["vn"].build() is vietnam()
    assert calendars["vn"].source.endswith("calendars/vn.json")


def test_builtin_procedures_are_the_sample_catalogue(host: PluginHost) -> None:
    procedures = host.collect("procedures")
    assert len(procedures) == 22
    assert "1.001193" in procedures
    assert procedures["1.001193"].code == "1.001193"
    assert list(procedures) == sorted(procedures)


def test_builtins_are_plain_plugins_listed_with_the_core_distribution(host: PluginHost) -> None:
    infos = {p.name: p for p in host.plugins()}
    assert set(infos) == {VN_CALENDAR, SAMPLE}
    for info in infos.values():
        assert (info.distribution, info.version, info.builtin) == (
            "onestop-core",
            onestop_core.__version__,
            True,
        )
    assert infos[VN_CALENDAR].hooks == ("onestop_register_calendars", "onestop_select_calendar")
    assert host.providers("procedures")["1.001193"] == SAMPLE


def test_empty_kinds_collect_to_empty_dicts(host: PluginHost) -> None:
    assert host.collect("adapters") == {}
    assert host.collect("instruments") == {}
    assert host.collect("scoring_methods") == {}


def test_unknown_kind_is_rejected(host: PluginHost) -> None:
    with pytest.raises(PluginError, match="unknown kind 'widgets'"):
        host.collect("widgets")  # type: ignore[call-overload]


def test_each_call_builds_a_new_host() -> None:
    a, b = create_plugin_host(entry_points=False), create_plugin_host(entry_points=False)
    assert a is not b and a.manager is not b.manager
    a.block(SAMPLE)
    assert not a.has_plugin(SAMPLE) and b.has_plugin(SAMPLE)
    assert "entry points" not in repr(a) and "1 plugins" in repr(a)


def test_importing_the_module_creates_no_host() -> None:
    assert not [v for v in vars(plugins_module).values() if isinstance(v, PluginHost)]
    assert not [v for v in vars(plugins_module).values() if isinstance(v, pluggy.PluginManager)]
    code = (
        "import gc, onestop_core, onestop_core.plugins, pluggy; "
        "print(sum(isinstance(o, pluggy.PluginManager) for o in gc.get_objects()))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "0"


def test_hookimpl_is_public_and_the_same_marker() -> None:
    assert onestop_core.hookimpl is plugins_module.hookimpl
    assert "hookimpl" in onestop_core.__all__
    assert onestop_core.hookimpl.project_name == "onestop_core"


# -- registration and collection ---------------------------------------------------------


def test_a_registered_plugin_contributes_and_leaves(
    host: PluginHost, register_plugin: RegisterPlugin
) -> None:
    with register_plugin(Adapters("dvcqg", "vnpost"), name="adapters"):
        assert list(host.collect("adapters")) == ["dvcqg", "vnpost"]
        assert host.providers("adapters") == {"dvcqg": "adapters", "vnpost": "adapters"}
        assert "adapters" in [p.name for p in host.plugins()]
    assert host.collect("adapters") == {}


def test_instruments_and_scoring_methods_need_a_name(host: PluginHost) -> None:
    class Plugin:
        @hookimpl
        def onestop_register_instruments(self) -> list[Named]:
            return [Named("sipas_2026")]

        @hookimpl
        def onestop_register_scoring_methods(self) -> tuple[Named, ...]:
            return (Named("min_max"), Named("z_score"))

    host.register(Plugin(), name="research")
    assert host.collect("instruments") == {"sipas_2026": Named("sipas_2026")}
    assert list(host.collect("scoring_methods")) == ["min_max", "z_score"]


def test_same_name_from_two_plugins_is_a_conflict_naming_both(host: PluginHost) -> None:
    host.register(Adapters("vnpost"), name="onestop-vnpost")
    host.register(Adapters("dvcqg", "vnpost"), name="rogue")
    with pytest.raises(PluginConflictError) as info:
        host.collect("adapters")
    err = info.value
    assert {"onestop-vnpost", "rogue"} == set(err.plugins)
    assert (err.kind, err.key) == ("adapters", "vnpost")
    assert "'onestop-vnpost'" in str(err) and "'rogue'" in str(err)
    assert "ONESTOP_CORE_DISABLE_PLUGINS" in str(err)
    assert isinstance(err, ValueError) and isinstance(err, OnestopError)


def test_a_plugin_registering_the_national_calendar_again_conflicts(host: PluginHost) -> None:
    class Rival:
        @hookimpl
        def onestop_register_calendars(self) -> Iterator[CalendarSpec]:
            yield CalendarSpec(id="vn", build=vietnam)

    host.register(Rival(), name="rival")
    with pytest.raises(PluginConflictError, match=VN_CALENDAR) as info:
        host.collect("calendars")
    assert set(info.value.plugins) == {VN_CALENDAR, "rival"}
    host.block(VN_CALENDAR)  # the documented way to replace a built-in
    assert host.providers("calendars") == {"vn": "rival"}


def test_same_name_twice_from_one_plugin_is_a_conflict(host: PluginHost) -> None:
    host.register(Adapters("vnpost", "vnpost"), name="stutter")
    with pytest.raises(PluginConflictError, match="registers adapter 'vnpost' twice"):
        host.collect("adapters")


def test_registering_a_taken_name_is_a_conflict(host: PluginHost) -> None:
    with pytest.raises(PluginConflictError, match=VN_CALENDAR):
        host.register(Adapters("x"), name=VN_CALENDAR)


def test_registering_a_class_instead_of_an_instance_is_refused(host: PluginHost) -> None:
    with pytest.raises(PluginHookError, match="not the class"):
        host.register(Adapters, name="cls")


def test_blocked_name_is_not_registered(host: PluginHost) -> None:
    host.block("later")
    assert host.register(Adapters("x"), name="later") is None
    assert host.collect("adapters") == {}


def test_unregister_by_object_and_missing_names(host: PluginHost) -> None:
    plugin = Adapters("x")
    host.register(plugin, name="temp")
    assert host.unregister(plugin) is plugin
    assert host.unregister(plugin) is None
    assert host.unregister("never-registered") is None


# -- the hook contract -------------------------------------------------------------------


class Misspelled:
    @hookimpl
    def onestop_regster_adapters(self) -> list[AdapterSpec]:
        return []


def test_a_misspelled_hook_is_refused_naming_it(host: PluginHost) -> None:
    with pytest.raises(PluginHookError) as info:
        host.register(Misspelled(), name="typo")
    err = info.value
    assert (err.plugin, err.hook) == ("typo", "onestop_regster_adapters")
    assert "did you mean 'onestop_register_adapters'" in str(err)
    assert not host.has_plugin("typo")  # nothing half-registered


def test_check_pending_catches_a_plugin_registered_behind_the_hosts_back(
    host: PluginHost,
) -> None:
    host.manager.register(Misspelled(), name="sneaky")
    with pytest.raises(PluginHookError, match="onestop_regster_adapters") as info:
        host.check_pending()
    assert info.value.plugin == "sneaky"
    host.unregister("sneaky")


def test_optional_hooks_of_newer_versions_are_allowed(host: PluginHost) -> None:
    class Future:
        @hookimpl(optionalhook=True)
        def onestop_hook_of_version_9(self) -> None:
            return None

    host.register(Future(), name="future")
    host.check_pending()


def test_an_argument_the_hook_lacks_is_refused(host: PluginHost) -> None:
    class Greedy:
        @hookimpl
        def onestop_register_adapters(self, province: str) -> list[AdapterSpec]:
            return []

    with pytest.raises(PluginHookError, match="province"):
        host.register(Greedy(), name="greedy")


def test_hook_wrappers_are_refused(host: PluginHost) -> None:
    class Wrapper:
        @hookimpl(wrapper=True)
        def onestop_register_adapters(self) -> Iterator[None]:
            return (yield)

    with pytest.raises(PluginHookError, match="hook wrapper"):
        host.register(Wrapper(), name="wrapper")


@pytest.mark.parametrize(
    ("result", "message"),
    [
        (AdapterSpec(name="solo", kind="postal", factory=dict), "not an iterable"),
        ("vnpost", "not an iterable"),
        ({"vnpost": 1}, "not an iterable"),
        ([Procedure(code="1.001193", name_vi="x")], "not an AdapterSpec"),
    ],
)
def test_a_wrong_return_is_left_out_with_a_warning(
    host: PluginHost, result: object, message: str
) -> None:
    class Wrong:
        @hookimpl
        def onestop_register_adapters(self) -> Any:
            return result

    host.register(Wrong(), name="wrong")
    host.register(Adapters("ok"), name="fine")
    with pytest.warns(PluginLoadWarning, match=message):
        assert list(host.collect("adapters")) == ["ok"]
    (failure,) = host.failures()
    assert (failure.name, failure.hook) == ("wrong", "onestop_register_adapters")


def test_a_wrong_return_raises_on_a_strict_host() -> None:
    strict = create_plugin_host(entry_points=False, strict=True)

    class Wrong:
        @hookimpl
        def onestop_register_instruments(self) -> list[object]:
            return [object()]

    strict.register(Wrong(), name="wrong")
    with pytest.raises(PluginHookError, match=r"non-empty str \.name") as info:
        strict.collect("instruments")
    assert (info.value.plugin, info.value.hook) == ("wrong", "onestop_register_instruments")


def test_a_registration_hook_that_raises_is_named(host: PluginHost) -> None:
    class Broken:
        @hookimpl
        def onestop_register_procedures(self) -> Iterator[Procedure]:
            yield Procedure(code="9.000001", name_vi="x")
            raise RuntimeError("catalogue server down")

    host.register(Broken(), name="broken")
    with pytest.warns(PluginLoadWarning, match="'broken' failed in onestop_register_procedures"):
        procedures = host.collect("procedures")
    assert "9.000001" not in procedures and len(procedures) == 22  # all or nothing

    strict = create_plugin_host(entry_points=False, strict=True)
    strict.register(Broken(), name="broken")
    with pytest.raises(PluginError, match="catalogue server down") as info:
        strict.collect("procedures")
    assert isinstance(info.value.__cause__, RuntimeError)


def test_plugin_errors_pickle_with_their_fields() -> None:
    errors = [
        PluginConflictError("c", kind="adapters", key="vnpost", plugins=("a", "b")),
        PluginLoadError("l", plugin="demo", entry_point="demo = demo", distribution="d 1"),
        PluginHookError("h", plugin="p", hook="onestop_x"),
    ]
    for err in errors:
        copy = pickle.loads(pickle.dumps(err))
        assert type(copy) is type(err) and vars(copy) == vars(err) and str(copy) == str(err)
