"""The hook specifications of onestop_core: what a plugin (trình cắm) may implement.

Every hook is named ``onestop_*`` and called with keyword arguments; an implementation may
accept fewer arguments than the specification (arguments are only ever added, never
removed or renamed). Implement them with :data:`onestop_core.hookimpl`; the plugin host
(:func:`onestop_core.plugins.create_plugin_host`) calls them. The reference with one section
per hook is ``docs/reference/hooks.md``.

Registration hooks (``onestop_register_*``) return an iterable of frozen records (a
generator is fine) and have no side effects; the host collects them by name and rejects a
name registered twice. ``onestop_select_calendar`` is first-result; ``onestop_dossier_event``
is an observer. Hook wrappers are not supported: the host calls each implementation itself,
so it can name the plugin that failed.

>>> sorted(n for n in vars(OnestopSpecs) if n.startswith("onestop_"))[:3]
['onestop_calendar_overrides', 'onestop_dossier_event', 'onestop_register_adapters']
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import pluggy

from onestop_core._markers import PROJECT_NAME

if TYPE_CHECKING:
    from onestop_core.adapters.spec import AdapterSpec
    from onestop_core.calendars.records import CalendarOverride, CalendarSpec
    from onestop_core.dossiers.events import DossierEvent
    from onestop_core.dossiers.model import Dossier
    from onestop_core.plugins import ValidationIssue
    from onestop_core.procedures.records import Procedure

__all__ = ["OnestopSpecs"]

hookspec = pluggy.HookspecMarker(PROJECT_NAME)


class OnestopSpecs:
    """The ``onestop_*`` hooks, version 0.1 of the hook API."""

    # -- registration hooks ----------------------------------------------------------------

    @hookspec
    def onestop_register_calendars(self) -> Iterable[CalendarSpec]:
        """Working calendars this plugin provides, as :class:`~onestop_core.calendars.CalendarSpec`.

        Collected by ``id`` (``"vn"``, ``"vn/<province or office>"``); ``build`` is called
        only when the calendar is asked for. The built-in plugin
        ``onestop_core.builtin.vn_calendar`` registers ``"vn"`` this way. Example::

            @hookimpl
            def onestop_register_calendars():
                yield CalendarSpec(id="vn/h56", build=build_h56, name_en="Quang Tri offices")

        .. versionadded:: 0.1
        """
        return ()

    @hookspec
    def onestop_calendar_overrides(self, calendar_id: str, year: int) -> Iterable[CalendarOverride]:
        """Local changes to calendar ``calendar_id`` in ``year``, each with its legal source.

        Extra days off, extra working days and office hours, as
        :class:`~onestop_core.calendars.CalendarOverride`; the results of all plugins are
        merged and applied with :meth:`~onestop_core.calendars.WorkCalendar.with_overrides`
        (when two touch the same day, the plugin called first wins). Example::

            @hookimpl
            def onestop_calendar_overrides(calendar_id, year):
                if calendar_id == "vn" and year == 2026:
                    yield CalendarOverride.day_off(
                        dt.date(2026, 3, 10), source="QĐ 123/QĐ-UBND")

        .. versionadded:: 0.1
        """
        return ()

    @hookspec
    def onestop_register_procedures(self) -> Iterable[Procedure]:
        """Procedures (thủ tục hành chính) this plugin provides, collected by ``code``.

        The built-in plugin ``onestop_core.builtin.sample_procedures`` registers the 22
        procedures of the bundled sample catalogue. Example::

            @hookimpl
            def onestop_register_procedures():
                yield Procedure(code="1.001776", name_vi="Thủ tục trợ cấp xã hội hằng tháng")

        .. versionadded:: 0.1
        """
        return ()

    @hookspec
    def onestop_register_adapters(self) -> Iterable[AdapterSpec]:
        """Adapters (provincial systems, the national portal, postal carriers) by ``name``.

        Yield one :class:`~onestop_core.adapters.AdapterSpec` per adapter; the adapter is
        built only when asked for (``spec.create(**config)``). Example::

            @hookimpl
            def onestop_register_adapters():
                yield AdapterSpec(name="vnpost", kind="postal", factory=VnpostAdapter)

        .. versionadded:: 0.1
        """
        return ()

    @hookspec
    def onestop_register_instruments(self) -> Iterable[Any]:
        """Survey instruments (bộ câu hỏi khảo sát) this plugin ships, collected by ``name``.

        The instrument model comes in a later release; until then any object with a
        non-empty ``name`` string is accepted. Example::

            @hookimpl
            def onestop_register_instruments():
                yield load_instrument("sipas_2026.xlsx")

        .. versionadded:: 0.1
        """
        return ()

    @hookspec
    def onestop_register_scoring_methods(self) -> Iterable[Any]:
        """Scoring methods (normalisers, weightings, aggregators) collected by ``name``.

        The scoring model comes in a later release; until then any object with a non-empty
        ``name`` string is accepted. Example::

            @hookimpl
            def onestop_register_scoring_methods():
                yield MinMaxNormaliser(name="min_max")

        .. versionadded:: 0.1
        """
        return ()

    # -- decisions -----------------------------------------------------------------------

    @hookspec(firstresult=True)
    def onestop_select_calendar(
        self, procedure: Procedure | None, office: str | None
    ) -> str | None:
        """The id of the calendar that applies to ``procedure`` at ``office``, or ``None``.

        First result wins: the host stops at the first implementation that returns an id.
        ``office`` is the agency identifier (mã định danh) of the office handling the
        dossier, e.g. ``"000.00.06.H56"``; either argument may be ``None``. The built-in
        implementation is ``trylast`` and returns ``"vn"``, so any plugin overrides it.
        Example::

            @hookimpl
            def onestop_select_calendar(procedure, office):
                if office and office.endswith(".H56"):
                    return "vn/h56"
                return None

        .. versionadded:: 0.1
        """
        return None

    @hookspec
    def onestop_validate_dossier(
        self, dossier: Dossier, procedure: Procedure | None
    ) -> Iterable[ValidationIssue]:
        """Problems with ``dossier`` (checked against ``procedure``) as validation issues.

        Every plugin's issues are collected; yield nothing when the dossier is fine.
        ``procedure`` is ``None`` when the catalogue lacks the dossier's procedure. Messages
        must not contain personal data. Example::

            @hookimpl
            def onestop_validate_dossier(dossier, procedure):
                if dossier.header and not dossier.header.applicant.phone:
                    yield ValidationIssue(code="h56.phone", message="no phone number",
                                          severity="warning", field="applicant.phone")

        .. versionadded:: 0.1
        """
        return ()

    # -- observers -----------------------------------------------------------------------

    @hookspec
    def onestop_dossier_event(self, dossier: Dossier, event: DossierEvent) -> None:
        """Observe ``event``, just applied to ``dossier`` (best effort: metrics, audit logs).

        The host calls every implementation; an exception in one is logged (without
        personal data) and does not stop the others. Never deliver to a provincial system
        or a postal carrier from here: a failure is only logged. Example::

            @hookimpl
            def onestop_dossier_event(dossier, event):
                EVENTS.labels(kind=type(event).__name__).inc()

        .. versionadded:: 0.1
        """
