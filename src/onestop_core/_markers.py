"""The pluggy project name and the public ``hookimpl`` marker (kept tiny: ``import onestop_core``
stays cheap).

>>> @hookimpl
... def onestop_register_calendars():
...     return ()
>>> PROJECT_NAME
'onestop_core'
"""

from __future__ import annotations

import pluggy

__all__ = ["ENTRY_POINT_GROUP", "PROJECT_NAME", "hookimpl"]

#: The pluggy project name: markers and the plugin manager must agree on it.
PROJECT_NAME = "onestop_core"

#: The entry-point group third-party plugins declare themselves in.
ENTRY_POINT_GROUP = "onestop_core"

#: Marks a function or method as the implementation of an ``onestop_*`` hook.
hookimpl = pluggy.HookimplMarker(PROJECT_NAME)
