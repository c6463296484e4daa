"""The plugin host (pluggy): :func:`create_plugin_host` and :class:`PluginHost`.

There is no module-level host: each call of :func:`create_plugin_host` builds a fresh one.
It registers the built-in plugins (``onestop_core._builtin``) explicitly, then, on first
use, loads third-party plugins from the entry-point group ``onestop_core``. A plugin that
cannot be loaded or breaks the hook contract is named in a :class:`PluginLoadWarning` and
left out, or, on a strict host, raises :class:`~onestop_core.errors.PluginLoadError`.

Environment variables, read when a host is created:

- ``ONESTOP_CORE_DISABLE_PLUGINS``: comma-separated plugin names never to register
  (entry-point names, or built-ins such as ``onestop_core.builtin.sample_procedures``);
- ``ONESTOP_CORE_PLUGINS_AUTOLOAD=0``: load no entry points;
- ``ONESTOP_CORE_TRACE_PLUGINS=1``: log every hook call (hook, plugins and argument names,
  never values) at DEBUG on the ``onestop_core.plugins`` logger.

>>> host = create_plugin_host(entry_points=False)
>>> host.collect("calendars")["vn"].build().id, "1.001193" in host.collect("procedures")
('vn', True)
>>> host.select_calendar(procedure=None, office="000.00.06.H56")
'vn'
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, Literal, overload

import attrs
import pluggy

from onestop_core.__about__ import __version__
from onestop_core._builtin import BUILTIN_PREFIX, builtin_plugins
from onestop_core._markers import PROJECT_NAME, hookimpl
from onestop_core._plugin_registry import (
    AUTOLOAD_ENV,
    DISABLE_ENV,
    TRACE_ENV,
    PluginFailure,
    PluginInfo,
    PluginLoadWarning,
    PluginRegistry,
    call_error,
    conflict_error,
    env_flag,
    plugin_names,
    records_of,
    trace_calls,
)
from onestop_core.calendars.records import CalendarOverride, CalendarSpec
from onestop_core.calendars.work_calendar import WorkCalendar
from onestop_core.errors import (
    PluginError,
    PluginHookError,
    UnknownCalendarError,
)
from onestop_core.hookspecs import OnestopSpecs
from onestop_core.procedures.records import Procedure

if TYPE_CHECKING:
    from onestop_core.adapters.spec import AdapterSpec
    from onestop_core.dossiers.events import DossierEvent
    from onestop_core.dossiers.model import Dossier

__all__ = [
    "Kind",
    "PluginFailure",
    "PluginHost",
    "PluginInfo",
    "PluginLoadWarning",
    "ValidationIssue",
    "create_plugin_host",
    "hookimpl",
]

logger = logging.getLogger(__name__)

_OVERRIDES = "onestop_calendar_overrides"
_SELECT = "onestop_select_calendar"
_VALIDATE = "onestop_validate_dossier"
_EVENT = "onestop_dossier_event"

#: The kinds of record :meth:`PluginHost.collect` gathers.
Kind = Literal["calendars", "procedures", "adapters", "instruments", "scoring_methods"]
_NAMED = "an object with a non-empty str .name"
_KINDS: Mapping[str, tuple[str, str]] = {  # kind -> (hook, what one record is)
    "calendars": ("onestop_register_calendars", "a CalendarSpec"),
    "procedures": ("onestop_register_procedures", "a Procedure"),
    "adapters": ("onestop_register_adapters", "an AdapterSpec"),
    "instruments": ("onestop_register_instruments", _NAMED),
    "scoring_methods": ("onestop_register_scoring_methods", _NAMED),
}


def _check_issue(_inst: object, attribute: attrs.Attribute[str], value: str) -> None:
    if attribute.name == "severity" and value not in ("error", "warning"):
        raise PluginHookError(f"severity {value!r} is not 'error' or 'warning'", hook=_VALIDATE)
    if attribute.name == "code" and not (isinstance(value, str) and value.strip()):
        raise PluginHookError(f"a validation issue needs a code, got {value!r}", hook=_VALIDATE)


@attrs.frozen(kw_only=True)
class ValidationIssue:
    """A problem a plugin found with a dossier (``onestop_validate_dossier``).

    ``code`` names the check (prefix it with your plugin: ``"h56.phone"``); ``message`` says
    what is wrong, without personal data; ``field`` names the offending field, if any;
    ``plugin`` is filled in by the host with the name of the plugin that found it.

    >>> issue = ValidationIssue(code="h56.phone", message="no phone number", severity="warning")
    >>> issue.severity, issue.field, issue.plugin
    ('warning', '', '')
    """

    code: str = attrs.field(validator=_check_issue)
    message: str
    severity: Literal["error", "warning"] = attrs.field(default="error", validator=_check_issue)
    field: str = ""
    plugin: str = ""


@attrs.define(eq=False, repr=False)
class PluginHost(PluginRegistry):
    """The plugins of one application, with one typed method per hook (tox style).

    Create it with :func:`create_plugin_host`. Registration hooks are gathered by
    :meth:`collect`; the other hooks have a method each. ``manager`` is the underlying
    ``pluggy.PluginManager``, for what this class does not cover.
    """

    # -- registration hooks ----------------------------------------------------------------

    @overload
    def collect(self, kind: Literal["calendars"]) -> dict[str, CalendarSpec]: ...
    @overload
    def collect(self, kind: Literal["procedures"]) -> dict[str, Procedure]: ...
    @overload
    def collect(self, kind: Literal["adapters"]) -> dict[str, AdapterSpec]: ...
    @overload
    def collect(self, kind: Literal["instruments", "scoring_methods"]) -> dict[str, Any]: ...
    def collect(self, kind: Kind) -> Mapping[str, Any]:
        """The records of ``kind`` all plugins register, keyed by name (sorted).

        Calendars are keyed by ``id``, procedures by ``code``, the others by ``name``. A
        name registered twice raises :class:`~onestop_core.errors.PluginConflictError`
        naming both plugins. Instruments and scoring methods may be any object with a
        non-empty ``name`` until their models land.
        """
        return {key: record for key, (_plugin, record) in self._registry(kind).items()}

    def providers(self, kind: Kind) -> dict[str, str]:
        """Which plugin registers each record of ``kind``: ``{name: plugin name}``."""
        return {key: plugin for key, (plugin, _record) in self._registry(kind).items()}

    def _registry(self, kind: str) -> dict[str, tuple[str, Any]]:
        if kind not in _KINDS:
            raise PluginError(f"unknown kind {kind!r}: expected one of {sorted(_KINDS)}")
        hook, what = _KINDS[kind]
        seen: dict[str, tuple[str, Any]] = {}
        groups = self._gather(hook, {}, lambda r: _record_key(kind, r) is not None, what)
        for plugin, records in groups:
            for record in records:
                key = str(_record_key(kind, record))
                if key in seen:
                    raise conflict_error(kind, key, seen[key][0], plugin)
                seen[key] = (plugin, record)
        return {key: seen[key] for key in sorted(seen)}

    # -- calendars -------------------------------------------------------------------------

    def calendar_overrides(self, calendar_id: str, year: int) -> tuple[CalendarOverride, ...]:
        """Every plugin's overrides of ``calendar_id`` in ``year``, in the order they apply.

        Later ones win, so the plugin called first (``tryfirst``, else the most recently
        registered) comes last; an override given twice is kept once.
        """
        out: list[CalendarOverride] = []
        args = {"calendar_id": calendar_id, "year": year}
        groups = self._gather(_OVERRIDES, args, _is_override, "a CalendarOverride")
        for _plugin, records in reversed(groups):
            out.extend(o for o in records if o not in out)
        return tuple(out)

    def calendar(
        self, calendar_id: str = "vn", *, years: Iterable[int] | None = None
    ) -> WorkCalendar:
        """The calendar ``calendar_id`` with the overrides plugins give for ``years``.

        ``years`` defaults to every year the calendar covers. Without overrides the
        registered calendar itself is returned. An id no plugin registers raises
        :class:`~onestop_core.errors.UnknownCalendarError`.
        """
        registry = self._registry("calendars")
        if calendar_id not in registry:
            known = sorted(registry)
            raise UnknownCalendarError(
                f"no plugin registers calendar {calendar_id!r}; registered: {known}"
            )
        plugin, spec = registry[calendar_id]
        try:
            base = spec.build()
        except Exception as exc:
            raise call_error(plugin, f"building calendar {calendar_id!r}", exc) from exc
        if not isinstance(base, WorkCalendar):
            built = type(base).__name__
            message = (
                f"calendar {calendar_id!r} of plugin {plugin!r} built {built}, not a WorkCalendar"
            )
            raise PluginHookError(message, plugin=plugin, hook="onestop_register_calendars")
        span = range(base.valid_from.year, base.valid_to.year + 1) if years is None else years
        overrides: list[CalendarOverride] = []
        for year in span:
            overrides.extend(
                o for o in self.calendar_overrides(calendar_id, year) if o not in overrides
            )
        return base.with_overrides(*overrides, id=base.id) if overrides else base

    def select_calendar(
        self, *, procedure: Procedure | None = None, office: str | None = None
    ) -> str:
        """The id of the calendar for ``procedure`` at ``office``: the first plugin's answer.

        ``office`` is an agency identifier (``"000.00.06.H56"``). The built-in answer,
        ``"vn"``, comes last; if no plugin answers (the built-in is blocked),
        :class:`~onestop_core.errors.UnknownCalendarError` is raised.
        """
        for impl in self._impls(_SELECT):
            name = impl.plugin_name
            try:
                answer = self._invoke(_SELECT, impl, {"procedure": procedure, "office": office})
            except Exception as exc:
                self._fail(call_error(name, _SELECT, exc), exc, _SELECT)
                continue
            if answer is None:
                continue
            if isinstance(answer, str) and answer:
                return answer
            message = (
                f"plugin {name!r} returned {answer!r} from {_SELECT}, not a calendar id or None"
            )
            self._fail(PluginHookError(message, plugin=name, hook=_SELECT))
        code = procedure.code if isinstance(procedure, Procedure) else None
        raise UnknownCalendarError(
            f"no plugin selected a calendar for procedure {code!r} at office {office!r} "
            f"(is {BUILTIN_PREFIX}vn_calendar disabled?)"
        )

    def calendar_for(
        self, *, procedure: Procedure | None = None, office: str | None = None
    ) -> WorkCalendar:
        """The calendar :meth:`select_calendar` picks, with its overrides (:meth:`calendar`)."""
        return self.calendar(self.select_calendar(procedure=procedure, office=office))

    # -- dossiers --------------------------------------------------------------------------

    def validate_dossier(
        self, dossier: Dossier, procedure: Procedure | None = None
    ) -> tuple[ValidationIssue, ...]:
        """Every plugin's issues with ``dossier``, each with ``plugin`` naming its source.

        A validator that raises fails the call on a strict host. A lenient host reports it
        as an error issue with code ``"onestop.plugin_failed"``, so a dossier is never
        passed unchecked in silence.
        """
        issues: list[ValidationIssue] = []
        for impl in self._impls(_VALIDATE):
            name = impl.plugin_name
            try:
                result = self._invoke(_VALIDATE, impl, {"dossier": dossier, "procedure": procedure})
                found = records_of(result, name, _VALIDATE)
                for issue in found:
                    if not isinstance(issue, ValidationIssue):
                        what = type(issue).__name__
                        message = f"plugin {name!r} yielded {what}, not a ValidationIssue"
                        raise PluginHookError(message, plugin=name, hook=_VALIDATE)
            except Exception as exc:
                # The message of exc may hold personal data: only its type is reported.
                error = (
                    exc
                    if isinstance(exc, PluginHookError)
                    else call_error(name, _VALIDATE, exc, quiet=True)
                )
                if self.strict:
                    if error is exc:
                        raise
                    raise error from exc
                logger.warning("%s (dossier %r)", error, dossier.id)
                message = (
                    f"validator {name!r} failed ({type(exc).__name__}): dossier not fully checked"
                )
                issues.append(
                    ValidationIssue(code="onestop.plugin_failed", message=message, plugin=name)
                )
                continue
            issues.extend(attrs.evolve(issue, plugin=name) for issue in found)
        return tuple(issues)

    def notify_dossier_event(self, dossier: Dossier, event: DossierEvent) -> tuple[str, ...]:
        """Tell every observer about ``event``; return the names of those that raised.

        Best effort, on strict and lenient hosts alike: an observer's exception is logged
        (its type only, as its message might hold personal data) and the others still run.
        """
        failed: list[str] = []
        for impl in self._impls(_EVENT):
            try:
                self._invoke(_EVENT, impl, {"dossier": dossier, "event": event})
            except Exception as exc:
                failed.append(impl.plugin_name)
                logger.warning(
                    "plugin %r failed in %s (dossier %r, event %s): %s",
                    impl.plugin_name, _EVENT, dossier.id, type(event).__name__, type(exc).__name__,
                )  # fmt: skip
        return tuple(failed)


def _is_override(record: object) -> bool:
    return isinstance(record, CalendarOverride)


def _record_key(kind: str, record: object) -> str | None:
    """The name ``record`` is collected by, or ``None`` when it is not a record of ``kind``."""
    if kind == "calendars":
        return record.name if isinstance(record, CalendarSpec) else None
    if kind == "procedures":
        return record.code if isinstance(record, Procedure) else None
    if kind == "adapters":
        from onestop_core.adapters.spec import AdapterSpec  # the adapters package only now

        return record.name if isinstance(record, AdapterSpec) else None
    name = getattr(record, "name", None)
    return name if isinstance(name, str) and name.strip() else None


def create_plugin_host(
    *, entry_points: bool = True, block: str | Iterable[str] = (), strict: bool = False
) -> PluginHost:
    """A new plugin host with the built-in plugins registered and checked.

    Third-party plugins (entry-point group ``onestop_core``) are loaded on first use unless
    ``entry_points`` is false or ``ONESTOP_CORE_PLUGINS_AUTOLOAD=0``. ``block`` names
    plugins never to register, besides those in ``ONESTOP_CORE_DISABLE_PLUGINS``. A strict
    host raises :class:`~onestop_core.errors.PluginLoadError` for a plugin it cannot use; a
    lenient one warns (:class:`PluginLoadWarning`) and goes on without it.

    >>> host = create_plugin_host(entry_points=False,
    ...                           block="onestop_core.builtin.sample_procedures")
    >>> [p.name for p in host.plugins()], host.collect("procedures")
    (['onestop_core.builtin.vn_calendar'], {})
    """
    manager = pluggy.PluginManager(PROJECT_NAME)
    manager.add_hookspecs(OnestopSpecs)
    for name in [*plugin_names(os.environ.get(DISABLE_ENV, "")), *plugin_names(block)]:
        manager.set_blocked(name)
    trace = env_flag(TRACE_ENV, default=False)
    if trace:
        trace_calls(manager)
    autoload = entry_points and env_flag(AUTOLOAD_ENV, default=True)
    host = PluginHost(manager, strict=strict, entry_points=autoload, trace=trace)
    for name, module in builtin_plugins():
        host._register(module, name, ("onestop-core", __version__, True))
    manager.check_pending()  # the built-ins were also checked one by one when registered
    return host
