"""Built-in plugin ``onestop_core.builtin.vn_calendar``: the national calendar ``"vn"``.

It registers :func:`onestop_core.calendars.vietnam` as the calendar ``"vn"`` and selects it
for every procedure and office, as a last resort (``trylast``): a plugin that returns
another calendar id from ``onestop_select_calendar`` wins.

>>> [spec.id for spec in onestop_register_calendars()]
['vn']
>>> onestop_select_calendar(procedure=None, office=None)
'vn'
"""

from __future__ import annotations

from collections.abc import Iterator

from onestop_core._markers import hookimpl
from onestop_core.calendars.records import CalendarSpec
from onestop_core.calendars.vietnam import DATA_FILE, calendar_data, vietnam
from onestop_core.procedures.records import Procedure

__all__ = ["onestop_register_calendars", "onestop_select_calendar"]


@hookimpl
def onestop_register_calendars() -> Iterator[CalendarSpec]:
    """The national civil-service calendar, built lazily (and cached) by ``vietnam()``."""
    data = calendar_data()
    yield CalendarSpec(
        id="vn",
        build=vietnam,
        name_vi=str(data["name_vi"]),
        name_en=str(data["name_en"]),
        source=f"onestop_core/data/{DATA_FILE}",
    )


@hookimpl(trylast=True)
def onestop_select_calendar(procedure: Procedure | None, office: str | None) -> str | None:
    """``"vn"``: the national calendar applies unless another plugin says otherwise."""
    return "vn"
