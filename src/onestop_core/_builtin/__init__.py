"""The built-in plugins: registered explicitly, through the same hooks as any other plugin.

Each is a module of hook implementations, registered by the plugin host under the name
``onestop_core.builtin.<module>`` (block one by that name, e.g. with
``ONESTOP_CORE_DISABLE_PLUGINS=onestop_core.builtin.sample_procedures``).

>>> [name for name, _ in builtin_plugins()]
['onestop_core.builtin.vn_calendar', 'onestop_core.builtin.sample_procedures']
"""

from __future__ import annotations

import importlib
from types import ModuleType

__all__ = ["BUILTIN_MODULES", "BUILTIN_PREFIX", "builtin_plugins"]

#: The plugin-name prefix of the built-in plugins.
BUILTIN_PREFIX = "onestop_core.builtin."

#: The built-in plugin modules of ``onestop_core._builtin``, in registration order.
BUILTIN_MODULES: tuple[str, ...] = ("vn_calendar", "sample_procedures")


def builtin_plugins() -> list[tuple[str, ModuleType]]:
    """The built-in plugins as ``(plugin name, module)`` pairs, in registration order."""
    return [
        (BUILTIN_PREFIX + module, importlib.import_module(f"{__name__}.{module}"))
        for module in BUILTIN_MODULES
    ]
