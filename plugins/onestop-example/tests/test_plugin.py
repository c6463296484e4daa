"""The host collects the example plugin's records, and its calendar override applies."""

from __future__ import annotations

import datetime as dt
import importlib.metadata

import pytest
from onestop_core.calendars import vietnam
from onestop_core.errors import UnknownCalendarError
from onestop_core.plugins import PluginHost, create_plugin_host
from onestop_core.procedures import Channel

import onestop_example.plugin

DAY_OFF = dt.date(2026, 9, 15)  # Tuesday: the provincial day off
MAKE_UP = dt.date(2026, 9, 19)  # Saturday: worked instead (the override hook)


@pytest.fixture(autouse=True)
def _plain_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("ONESTOP_CORE_DISABLE_PLUGINS", "ONESTOP_CORE_PLUGINS_AUTOLOAD"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def host() -> PluginHost:
    """A host with the built-ins and the example plugin, registered by hand."""
    fresh = create_plugin_host(entry_points=False, strict=True)
    fresh.register(onestop_example.plugin, name="example")
    fresh.check_pending()
    return fresh


def test_the_host_collects_the_calendar_and_the_procedure(host: PluginHost) -> None:
    assert "vn/example" in host.collect("calendars")
    assert host.providers("calendars")["vn/example"] == "example"
    procedure = host.collect("procedures")["9.999999"]
    assert "không có thật" in procedure.name_vi
    assert str(procedure.processing_time(Channel.POSTAL)) == "5 ngày làm việc"
    info = {p.name: p for p in host.plugins()}["example"]
    assert set(info.hooks) == {
        "onestop_calendar_overrides",
        "onestop_register_calendars",
        "onestop_register_procedures",
    }


def test_the_calendar_and_its_override_apply(host: PluginHost) -> None:
    example, national = host.calendar("vn/example"), vietnam()
    assert not example.is_working_day(DAY_OFF) and national.is_working_day(DAY_OFF)
    assert example.is_working_day(MAKE_UP) and not national.is_working_day(MAKE_UP)
    day_off = example.day_off(DAY_OFF)
    assert day_off is not None and day_off.source.startswith("EXAMPLE ONLY")
    make_up = example.make_up_day(MAKE_UP)
    assert make_up is not None and make_up.source.startswith("EXAMPLE ONLY")
    # The override is the hook's: the spec alone does not have it.
    assert not host.collect("calendars")["vn/example"].build().is_working_day(MAKE_UP)
    # Five working days from Monday 14 September 2026 skip the 15th and count the 19th.
    assert example.add_working_days(dt.date(2026, 9, 14), 5) == dt.date(2026, 9, 21)
    assert national.add_working_days(dt.date(2026, 9, 14), 5) == dt.date(2026, 9, 21)
    assert example.add_working_days(dt.date(2026, 9, 14), 4) == dt.date(2026, 9, 19)


def test_summer_hours(host: PluginHost) -> None:
    example = host.calendar("vn/example")
    summer, winter = dt.date(2026, 6, 1), dt.date(2026, 12, 1)
    assert [str(t) for t in example.intervals(summer)[0]] == ["07:00:00", "11:30:00"]
    assert [str(t) for t in example.intervals(winter)[0]] == ["07:30:00", "11:30:00"]
    assert example.hours_for(summer).source.startswith("EXAMPLE ONLY")


def test_the_national_calendar_is_untouched(host: PluginHost) -> None:
    assert host.calendar("vn").is_working_day(DAY_OFF)
    assert host.calendar_overrides("vn", 2026) == ()


def test_blocking_the_plugin_removes_everything() -> None:
    host = create_plugin_host(entry_points=False, block="example")
    assert host.register(onestop_example.plugin, name="example") is None
    with pytest.raises(UnknownCalendarError):
        host.calendar("vn/example")
    assert "9.999999" not in host.collect("procedures")


def _installed() -> bool:
    eps = importlib.metadata.entry_points(group="onestop_core")
    return any(ep.name == "example" and ep.value == "onestop_example.plugin" for ep in eps)


@pytest.mark.skipif(not _installed(), reason="onestop-example is not installed (pip install -e .)")
def test_the_entry_point_is_found() -> None:
    host = create_plugin_host()
    assert host.providers("calendars")["vn/example"] == "example"
    assert host.providers("procedures")["9.999999"] == "example"
    info = {p.name: p for p in host.plugins()}["example"]
    assert (info.distribution, info.builtin) == ("onestop-example", False)
    assert not host.calendar("vn/example").is_working_day(DAY_OFF)
