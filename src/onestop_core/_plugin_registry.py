"""Registering, loading and checking plugins: the base of the plugin host (private).

:class:`onestop_core.plugins.PluginHost` adds the typed hook calls to :class:`PluginRegistry`;
use it (through :func:`onestop_core.plugins.create_plugin_host`), not this module.

The registry calls each hook implementation itself (:meth:`PluginRegistry._impls` and
``_invoke``), in pluggy's order and with pluggy's opt-in arguments, rather than through
``manager.hook``: that way it can name the plugin that failed, leave it out on a lenient
host, and keep one failing observer from stopping the others.
"""

from __future__ import annotations

import difflib
import importlib.metadata
import logging
import os
import threading
import types
import warnings
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

import attrs
import pluggy

from onestop_core.__about__ import __version__
from onestop_core._markers import ENTRY_POINT_GROUP
from onestop_core.errors import PluginConflictError, PluginError, PluginHookError, PluginLoadError
from onestop_core.hookspecs import OnestopSpecs

__all__ = [
    "AUTOLOAD_ENV",
    "DISABLE_ENV",
    "TRACE_ENV",
    "PluginFailure",
    "PluginInfo",
    "PluginLoadWarning",
    "PluginRegistry",
    "call_error",
    "conflict_error",
    "env_flag",
    "plugin_names",
    "records_of",
    "trace_calls",
]

logger = logging.getLogger("onestop_core.plugins")

DISABLE_ENV = "ONESTOP_CORE_DISABLE_PLUGINS"
AUTOLOAD_ENV = "ONESTOP_CORE_PLUGINS_AUTOLOAD"
TRACE_ENV = "ONESTOP_CORE_TRACE_PLUGINS"

_Origin = tuple[str, str, bool]  # distribution, version, built-in
_NO_ORIGIN: _Origin = ("", "", False)


class PluginLoadWarning(UserWarning):
    """A plugin was left out: it could not be loaded, broke the hook contract, or failed."""


@attrs.frozen(kw_only=True)
class PluginInfo:
    """A registered plugin: its name, the distribution that ships it, and its hooks.

    ``distribution`` and ``version`` are ``"onestop-core"`` and the library's version for
    the built-ins (``builtin`` true), the installed package for entry points, and empty for
    a plugin registered in code with ``host.register()``.
    """

    name: str
    distribution: str
    version: str
    builtin: bool = False
    hooks: tuple[str, ...] = ()


@attrs.frozen(kw_only=True)
class PluginFailure:
    """A plugin a lenient host left out, and why (``hook`` is empty for a load failure)."""

    name: str
    distribution: str
    version: str
    hook: str
    error: str


@attrs.define(eq=False, repr=False)
class PluginRegistry:
    """The plugins of one host: registration, lazy entry points, checks, failure policy."""

    _manager: pluggy.PluginManager = attrs.field(alias="manager")
    strict: bool = False
    _pending: bool = attrs.field(default=False, alias="entry_points")
    _trace: bool = attrs.field(default=False, alias="trace")
    _origins: dict[str, _Origin] = attrs.field(factory=dict, init=False)
    _failures: dict[tuple[str, str], PluginFailure] = attrs.field(factory=dict, init=False)
    _lock: threading.RLock = attrs.field(factory=threading.RLock, init=False)
    _loading: bool = attrs.field(default=False, init=False)

    def __repr__(self) -> str:
        count = sum(p is not None for _n, p in self._manager.list_name_plugin())
        pending = ", entry points not loaded yet" if self._pending else ""
        return f"<{type(self).__name__}: {count} plugins{pending}>"

    @property
    def manager(self) -> pluggy.PluginManager:
        """The pluggy plugin manager (project ``onestop_core``), for what the host lacks."""
        return self._manager

    def register(self, plugin: object, name: str | None = None) -> str | None:
        """Register ``plugin`` (a module or an instance) and return its name.

        Returns ``None`` when the name is blocked. Raises
        :class:`~onestop_core.errors.PluginHookError` when it implements an unknown hook
        (naming it and the closest real one) or a hook wrapper, and
        :class:`~onestop_core.errors.PluginConflictError` when the name is taken.
        """
        return self._register(plugin, name, _NO_ORIGIN)

    def unregister(self, plugin: object) -> object | None:
        """Unregister a plugin, given as its name or itself; return it (``None`` if absent)."""
        name = plugin if isinstance(plugin, str) else self._manager.get_name(plugin)
        if name is None or not self._manager.has_plugin(name):
            return None
        self._origins.pop(name, None)
        return self._manager.unregister(name=name)

    def block(self, name: str) -> None:
        """Unregister the plugin ``name``, if registered, and never register it again."""
        self._manager.set_blocked(name)
        self._origins.pop(name, None)

    def has_plugin(self, name: str) -> bool:
        """Whether a plugin named ``name`` is registered."""
        return self._manager.has_plugin(name)

    def check_pending(self) -> None:
        """Load the entry points if still pending, then check every registered plugin.

        Raises :class:`~onestop_core.errors.PluginHookError` naming the plugin and the hook
        when a plugin implements a hook no specification declares (a misspelling) without
        marking it ``optionalhook``.
        """
        self._ensure_loaded()
        for name, plugin in self._manager.list_name_plugin():
            if plugin is not None:
                self._check_plugin(name, plugin)
        self._manager.check_pending()  # pluggy's own check: passes after the one above

    def plugins(self) -> tuple[PluginInfo, ...]:
        """Every registered plugin, built-ins first, with its distribution and hooks."""
        self._ensure_loaded()
        out = []
        for name, plugin in self._manager.list_name_plugin():
            if plugin is None:
                continue  # blocked
            dist, version, builtin = self._origins.get(name, _NO_ORIGIN)
            hooks = tuple(sorted(c.name for c in self._manager.get_hookcallers(plugin) or ()))
            out.append(
                PluginInfo(
                    name=name, distribution=dist, version=version, builtin=builtin, hooks=hooks
                )
            )
        return tuple(sorted(out, key=lambda p: (not p.builtin, p.name)))

    def failures(self) -> tuple[PluginFailure, ...]:
        """The plugins this (lenient) host has left out so far, and why."""
        return tuple(self._failures.values())

    # -- machinery -------------------------------------------------------------------------

    def _register(self, plugin: object, name: str | None, origin: _Origin) -> str | None:
        if isinstance(plugin, type):
            raise PluginHookError(
                f"register an instance of {plugin.__name__} (or a module), not the class",
                plugin=name or plugin.__name__,
            )
        try:
            registered = self._manager.register(plugin, name=name)
        except pluggy.PluginValidationError as exc:
            raise PluginHookError(f"plugin {name!r}: {exc}", plugin=name or "") from None
        except ValueError as exc:  # the name, or the plugin, is already registered
            first_line = str(exc).splitlines()[0]
            raise PluginConflictError(
                f"cannot register plugin {name!r}: {first_line}",
                kind="plugins",
                key=name or "",
                plugins=(name or "", name or ""),
            ) from None
        if registered is None:
            return None  # blocked
        try:
            self._check_plugin(registered, plugin)
        except PluginHookError:
            self._manager.unregister(name=registered)
            raise
        if isinstance(plugin, types.ModuleType) and plugin.__name__.startswith("onestop_core."):
            origin = ("onestop-core", __version__, origin[2])
        self._origins[registered] = origin
        return registered

    def _check_plugin(self, name: str, plugin: object) -> None:
        for caller in self._manager.get_hookcallers(plugin) or ():
            for impl in caller.get_hookimpls():
                if impl.plugin is not plugin:
                    continue
                if not caller.has_spec() and not impl.optionalhook:
                    message = _unknown_hook(name, caller.name)
                    raise PluginHookError(message, plugin=name, hook=caller.name)
                if caller.has_spec() and (impl.wrapper or impl.hookwrapper):
                    raise PluginHookError(
                        f"plugin {name!r} implements {caller.name} as a hook wrapper, which "
                        "onestop_core hooks do not support",
                        plugin=name,
                        hook=caller.name,
                    )

    def _ensure_loaded(self) -> None:
        """Load the entry points once; other threads wait until the loading is done."""
        if not self._pending:
            return
        with self._lock:
            if self._pending and not self._loading:  # a plugin's import may call back in
                self._loading = True
                try:
                    self._load_entry_points()
                finally:
                    self._pending = self._loading = False

    def _load_entry_points(self) -> None:
        seen: dict[str, str] = {}
        for dist in importlib.metadata.distributions():
            dist_name, version = dist.metadata["Name"] or "?", dist.version
            for ep in dist.entry_points.select(group=ENTRY_POINT_GROUP):
                declared, where = f"{ep.name} = {ep.value}", f"{dist_name} {version}"
                if ep.name in seen:  # the same distribution twice on sys.path is fine
                    if _normalise(seen[ep.name]) != _normalise(dist_name):
                        message = (
                            f"plugin {ep.name!r} is declared by both {seen[ep.name]} and "
                            f"{dist_name}; only the first is loaded"
                        )
                        error = PluginLoadError(
                            message, plugin=ep.name, entry_point=declared, distribution=where
                        )
                        self._fail(error)
                    continue
                seen[ep.name] = dist_name
                if self._manager.is_blocked(ep.name):
                    continue
                try:
                    self._register(ep.load(), ep.name, (dist_name, version, False))
                except Exception as exc:
                    message = (
                        f"plugin {ep.name!r} (entry point '{declared}' of {where}) "
                        f"cannot be used: {type(exc).__name__}: {exc}"
                    )
                    error = PluginLoadError(
                        message, plugin=ep.name, entry_point=declared, distribution=where
                    )
                    self._fail(error, exc)

    def _fail(self, error: PluginError, cause: BaseException | None = None, hook: str = "") -> None:
        """Raise ``error`` on a strict host; warn and remember it on a lenient one."""
        if self.strict:
            raise error from cause
        hook = hook or getattr(error, "hook", "")
        dist, version, _builtin = self._origins.get(error.plugin, _NO_ORIGIN)
        if isinstance(error, PluginLoadError):
            dist, _, version = error.distribution.partition(" ")
        self._failures[(error.plugin, hook)] = PluginFailure(
            name=error.plugin, distribution=dist, version=version, hook=hook, error=str(error)
        )
        warnings.warn(str(error), PluginLoadWarning, stacklevel=4)

    def _impls(self, hook: str) -> list[pluggy.HookImpl]:
        """The implementations of ``hook`` in pluggy's call order (tryfirst … trylast)."""
        self._ensure_loaded()
        caller: pluggy.HookCaller = getattr(self._manager.hook, hook)
        return [i for i in reversed(caller.get_hookimpls()) if not (i.wrapper or i.hookwrapper)]

    def _gather(
        self, hook: str, kwargs: Mapping[str, object], accept: Callable[[object], bool], what: str
    ) -> list[tuple[str, list[Any]]]:
        """``(plugin, records)`` in call order; a failing plugin is left out (or raises)."""
        out = []
        for impl in self._impls(hook):
            name = impl.plugin_name
            try:
                records = records_of(self._invoke(hook, impl, kwargs), name, hook)
                for record in records:
                    if not accept(record):
                        message = f"plugin {name!r} yielded {record!r} from {hook}, not {what}"
                        raise PluginHookError(message, plugin=name, hook=hook)
            except PluginHookError as exc:
                self._fail(exc)
                continue
            except Exception as exc:
                self._fail(call_error(name, hook, exc), exc, hook)
                continue
            out.append((name, records))
        return out

    def _invoke(self, hook: str, impl: pluggy.HookImpl, kwargs: Mapping[str, object]) -> Any:
        """Call one implementation as pluggy would: it may take fewer arguments."""
        args = [kwargs[name] for name in impl.argnames]
        extra = {name: kwargs[name] for name in impl.kwargnames if name in kwargs}
        if self._trace:
            logger.debug("%s: calling plugin %r (%s)", hook, impl.plugin_name, ", ".join(kwargs))
        return impl.function(*args, **extra)


def call_error(plugin: str, hook: str, exc: Exception, *, quiet: bool = False) -> PluginError:
    """The error for a hook implementation that raised (``quiet``: not its message)."""
    detail = type(exc).__name__ if quiet else f"{type(exc).__name__}: {exc}"
    return PluginError(f"plugin {plugin!r} failed in {hook}: {detail}", plugin=plugin)


def records_of(result: object, plugin: str, hook: str) -> list[Any]:
    """The records a hook implementation returned (``None`` counts as none)."""
    if result is None:
        return []
    if isinstance(result, str | bytes | Mapping) or not isinstance(result, Iterable):
        what = type(result).__name__
        message = f"plugin {plugin!r} returned {what} from {hook}, not an iterable of records"
        raise PluginHookError(message, plugin=plugin, hook=hook)
    return list(result)


def conflict_error(kind: str, key: str, first: str, second: str) -> PluginConflictError:
    """Two plugins (or one, twice) register ``key`` of ``kind``."""
    what = kind[:-1].replace("_", " ")
    if first == second:
        message = f"plugin {first!r} registers {what} {key!r} twice"
    else:
        message = (
            f"{what} {key!r} is registered by both plugin {first!r} and plugin {second!r}; "
            f"disable one (e.g. {DISABLE_ENV}={second})"
        )
    return PluginConflictError(message, kind=kind, key=key, plugins=(first, second))


def plugin_names(value: str | Iterable[str]) -> list[str]:
    """Plugin names from a comma-separated string or an iterable of names."""
    items = value.split(",") if isinstance(value, str) else list(value)
    return [item.strip() for item in items if item.strip()]


def env_flag(name: str, default: bool) -> bool:
    """The boolean environment variable ``name`` (``1/true/yes/on``, ``0/false/no/off``)."""
    value = os.environ.get(name, "").strip().lower()
    if value in ("0", "false", "no", "off"):
        return False
    return True if value in ("1", "true", "yes", "on") else default


def _unknown_hook(plugin: str, hook: str) -> str:
    known = sorted(n for n in vars(OnestopSpecs) if n.startswith("onestop_"))
    close = difflib.get_close_matches(hook, known, n=1)
    hint = f"did you mean {close[0]!r}?" if close else f"the hooks are {known}"
    return f"plugin {plugin!r} implements unknown hook {hook!r}; {hint}"


def _normalise(distribution: str) -> str:
    return distribution.lower().replace("_", "-").replace(".", "-")


def trace_calls(manager: pluggy.PluginManager) -> None:
    """Log hook calls made through ``manager.hook`` (argument names only, never values)."""

    def before(hook: str, impls: Sequence[pluggy.HookImpl], kwargs: Mapping[str, object]) -> None:
        logger.debug("%s: calling %s (%s)", hook, [i.plugin_name for i in impls], ", ".join(kwargs))

    def after(
        outcome: pluggy.Result[object],
        hook: str,
        impls: Sequence[pluggy.HookImpl],
        kwargs: Mapping[str, object],
    ) -> None:
        failed = outcome.exception
        logger.debug("%s: %s", hook, f"raised {type(failed).__name__}" if failed else "done")

    manager.add_hookcall_monitoring(before, after)
