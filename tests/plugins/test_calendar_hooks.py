"""The calendar hooks: overrides merged into derived calendars, and calendar selection."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest

from onestop_core import hookimpl
from onestop_core.calendars import CalendarOverride, CalendarSpec, WorkCalendar, vietnam
from onestop_core.errors import PluginError, PluginHookError, UnknownCalendarError
from onestop_core.plugins import PluginHost, PluginLoadWarning, create_plugin_host
from onestop_core.procedures import Procedure

from .fakes import RegisterPlugin

DAY = dt.date(2026, 3, 10)  # a Tuesday, a working day nationally
SATURDAY = dt.date(2026, 3, 14)


class ProvincialDayOff:
    """A province's extra day off in 2026 (the kind of decision the national data lacks)."""

    source = "QĐ 123/QĐ-UBND tỉnh Quảng Trị"

    @hookimpl
    def onestop_calendar_overrides(self, calendar_id: str, year: int) -> Iterator[CalendarOverride]:
        if calendar_id == "vn" and year == 2026:
            yield CalendarOverride.day_off(DAY, source=self.source, name_vi="Nghỉ lễ địa phương")


class YearOnly:
    """Takes fewer arguments than the spec (opt-in arguments)."""

    @hookimpl
    def onestop_calendar_overrides(self, year: int) -> list[CalendarOverride]:
        if year != 2026:
            return []
        return [CalendarOverride.working_day(SATURDAY, source="CV 7/UBND")]


def test_without_overrides_the_registered_calendar_is_returned(host: PluginHost) -> None:
    assert host.calendar("vn") is vietnam()
    assert host.calendar_overrides("vn", 2026) == ()


def test_a_provincial_day_off_reaches_the_derived_calendar_with_its_source(
    host: PluginHost, register_plugin: RegisterPlugin
) -> None:
    with register_plugin(ProvincialDayOff(), name="h50"):
        (override,) = host.calendar_overrides("vn", 2026)
        assert override.source == ProvincialDayOff.source
        cal = host.calendar("vn")
        assert cal.id == "vn"
        assert not cal.is_working_day(DAY)
        day_off = cal.day_off(DAY)
        assert day_off is not None and day_off.source == ProvincialDayOff.source
        assert vietnam().is_working_day(DAY)  # the national calendar is untouched
    assert host.calendar("vn").is_working_day(DAY)


def test_overrides_of_all_plugins_are_merged(
    host: PluginHost, register_plugin: RegisterPlugin
) -> None:
    with register_plugin(ProvincialDayOff(), name="h50"), register_plugin(YearOnly(), name="y"):
        assert len(host.calendar_overrides("vn", 2026)) == 2
        cal = host.calendar("vn", years=[2026])
        assert not cal.is_working_day(DAY) and cal.is_working_day(SATURDAY)
        assert host.calendar("vn", years=[2025]) is vietnam()


def test_the_plugin_called_first_wins_a_clash(host: PluginHost) -> None:
    class Off:
        @hookimpl
        def onestop_calendar_overrides(self) -> list[CalendarOverride]:
            return [CalendarOverride.day_off(DAY, source="off")]

    class On:
        @hookimpl(tryfirst=True)
        def onestop_calendar_overrides(self) -> list[CalendarOverride]:
            return [CalendarOverride.working_day(DAY, source="on")]

    host.register(On(), name="on")
    host.register(Off(), name="off")  # later, but `on` is tryfirst
    assert [o.source for o in host.calendar_overrides("vn", 2026)] == ["off", "on"]
    assert host.calendar("vn", years=[2026]).is_working_day(DAY)


def test_a_broken_override_plugin_is_left_out(host: PluginHost) -> None:
    class Broken:
        @hookimpl
        def onestop_calendar_overrides(self, calendar_id: str, year: int) -> list[object]:
            return ["10/3/2026"]

    host.register(Broken(), name="broken")
    host.register(ProvincialDayOff(), name="h50")
    with pytest.warns(PluginLoadWarning, match="not a CalendarOverride"):
        assert len(host.calendar_overrides("vn", 2026)) == 1


def test_an_unknown_calendar_id_is_named(host: PluginHost) -> None:
    with pytest.raises(UnknownCalendarError, match=r"'vn/h99'.*\['vn'\]"):
        host.calendar("vn/h99")


def test_a_calendar_that_fails_to_build_is_named(host: PluginHost) -> None:
    def boom() -> WorkCalendar:
        raise OSError("data file unreadable")

    class Local:
        @hookimpl
        def onestop_register_calendars(self) -> list[CalendarSpec]:
            return [
                CalendarSpec(id="vn/boom", build=boom),
                CalendarSpec(id="vn/odd", build=lambda: "not a calendar"),  # type: ignore[arg-type,return-value]
            ]

    host.register(Local(), name="local")
    with pytest.raises(PluginError, match=r"'local'.*vn/boom.*OSError") as info:
        host.calendar("vn/boom")
    assert isinstance(info.value.__cause__, OSError)
    with pytest.raises(PluginHookError, match="not a WorkCalendar"):
        host.calendar("vn/odd")


# -- onestop_select_calendar -------------------------------------------------------------


class QuangTri:
    local = vietnam().with_overrides(
        CalendarOverride.day_off(DAY, source="QĐ 123/QĐ-UBND"), id="vn/h50"
    )

    @hookimpl
    def onestop_register_calendars(self) -> list[CalendarSpec]:
        return [CalendarSpec(id="vn/h50", build=lambda: self.local)]

    @hookimpl
    def onestop_select_calendar(self, office: str | None) -> str | None:
        return "vn/h50" if office and office.endswith(".H50") else None


def test_the_builtin_selects_the_national_calendar(host: PluginHost) -> None:
    proc = Procedure(code="1.001193", name_vi="Đăng ký khai sinh")
    assert host.select_calendar(procedure=proc, office="000.00.06.H56") == "vn"
    assert host.calendar_for() is vietnam()


def test_a_plugin_overrides_the_builtin_first_result(
    host: PluginHost, register_plugin: RegisterPlugin
) -> None:
    with register_plugin(QuangTri(), name="h50"):
        assert host.select_calendar(office="000.00.12.H50") == "vn/h50"
        assert host.select_calendar(office="000.00.06.H56") == "vn"  # falls through to "vn"
        assert host.calendar_for(office="000.00.12.H50") is QuangTri.local


def test_the_builtin_stays_last_even_when_registered_after(host: PluginHost) -> None:
    host.register(QuangTri(), name="h50")
    host.unregister("onestop_core.builtin.vn_calendar")
    from onestop_core._builtin import vn_calendar

    host.register(vn_calendar, name="onestop_core.builtin.vn_calendar")  # now the newest
    assert host.select_calendar(office="000.00.12.H50") == "vn/h50"


def test_no_answer_at_all_is_an_unknown_calendar() -> None:
    bare = create_plugin_host(entry_points=False, block=["onestop_core.builtin.vn_calendar"])
    with pytest.raises(UnknownCalendarError, match="vn_calendar disabled"):
        bare.select_calendar(office="000.00.06.H56")


def test_a_bad_answer_is_left_out_or_raises_when_strict(host: PluginHost) -> None:
    class Bad:
        @hookimpl(tryfirst=True)
        def onestop_select_calendar(self) -> object:
            return 42

    host.register(Bad(), name="bad")
    with pytest.warns(PluginLoadWarning, match="returned 42"):
        assert host.select_calendar() == "vn"
    strict = create_plugin_host(entry_points=False, strict=True)
    strict.register(Bad(), name="bad")
    with pytest.raises(PluginHookError, match="returned 42"):
        strict.select_calendar()


def test_a_selector_that_raises_is_left_out(host: PluginHost) -> None:
    class Raises:
        @hookimpl
        def onestop_select_calendar(self) -> str:
            raise KeyError("office table")

    host.register(Raises(), name="raises")
    with pytest.warns(PluginLoadWarning, match="'raises' failed in onestop_select_calendar"):
        assert host.select_calendar() == "vn"
