"""The example plugin: a provincial calendar ``vn/example`` and one procedure (all fictional).

The plugin host loads this module through the entry point ``example =
"onestop_example.plugin"`` (group ``onestop_core``) and calls the three hooks below. The
province, its decisions and the procedure do not exist: every source says so.

>>> from onestop_core.plugins import create_plugin_host
>>> import onestop_example.plugin
>>> host = create_plugin_host(entry_points=False)
>>> host.register(onestop_example.plugin, name="example")
'example'
>>> sorted(host.collect("calendars")), sorted(host.collect("procedures"))[-1]
(['vn', 'vn/example'], '9.999999')
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from onestop_core import hookimpl
from onestop_core.calendars import (
    CalendarOverride,
    CalendarSpec,
    OfficeHours,
    Season,
    WeeklyHours,
    WorkCalendar,
    vietnam,
)
from onestop_core.procedures import (
    Channel,
    ChannelOption,
    GovLevel,
    PostalService,
    Procedure,
    ProcessingTime,
)

__all__ = [
    "CALENDAR_ID",
    "EXAMPLE_PROCEDURE",
    "build_calendar",
    "onestop_calendar_overrides",
    "onestop_register_calendars",
    "onestop_register_procedures",
]

#: The calendar id: ``"vn/<province or office>"``.
CALENDAR_ID = "vn/example"
#: Every record carries its legal source; these are made up and say so.
DAY_OFF_SOURCE = "EXAMPLE ONLY: fictional QĐ 0001/QĐ-UBND of the Example Province"
HOURS_SOURCE = "EXAMPLE ONLY: fictional QĐ 0002/QĐ-UBND (summer office hours)"
MAKE_UP_SOURCE = "EXAMPLE ONLY: fictional TB 0003/TB-UBND (make-up Saturday)"

#: Summer (1 May to 30 September): 07:00-11:30 and 13:30-17:00; the rest of the year the
#: national default, 07:30-11:30 and 13:00-17:00.
SUMMER_HOURS = OfficeHours(
    default=WeeklyHours.standard(),
    seasons=(
        Season(
            name="summer",
            start=(5, 1),
            end=(9, 30),
            hours=WeeklyHours.standard(["07:00-11:30", "13:30-17:00"]),
            source=HOURS_SOURCE,
        ),
    ),
    name="Example Province office hours (example)",
    source=HOURS_SOURCE,
)


def build_calendar() -> WorkCalendar:
    """The Example Province calendar: the national one, one day off, summer hours.

    >>> cal, day = build_calendar(), dt.date(2026, 9, 15)
    >>> cal.id, cal.is_working_day(day), vietnam().is_working_day(day)
    ('vn/example', False, True)
    >>> cal.intervals(dt.date(2026, 6, 1))[0]
    (datetime.time(7, 0), datetime.time(11, 30))
    """
    return vietnam().with_overrides(
        CalendarOverride.day_off(
            dt.date(2026, 9, 15),
            source=DAY_OFF_SOURCE,
            name_vi="Ngày hội tỉnh Ví Dụ (ví dụ)",
            name_en="Example Province Day (example)",
        ),
        CalendarOverride.office_hours(SUMMER_HOURS, source=HOURS_SOURCE),
        id=CALENDAR_ID,
        name_vi="Lịch làm việc tỉnh Ví Dụ (ví dụ)",
        name_en="Example Province working calendar (example)",
    )


@hookimpl
def onestop_register_calendars() -> Iterator[CalendarSpec]:
    """The calendar ``vn/example``; the host calls ``build`` only when it is asked for."""
    yield CalendarSpec(
        id=CALENDAR_ID,
        build=build_calendar,
        name_vi="Lịch làm việc tỉnh Ví Dụ (ví dụ)",
        name_en="Example Province working calendar (example)",
        source=DAY_OFF_SOURCE,
    )


@hookimpl
def onestop_calendar_overrides(calendar_id: str, year: int) -> Iterator[CalendarOverride]:
    """A make-up Saturday, 19 September 2026, for the day off of Tuesday 15 September.

    >>> [o.start.isoformat() for o in onestop_calendar_overrides("vn/example", 2026)]
    ['2026-09-19']
    >>> list(onestop_calendar_overrides("vn", 2026))
    []
    """
    if calendar_id == CALENDAR_ID and year == 2026:
        yield CalendarOverride.working_day(dt.date(2026, 9, 19), source=MAKE_UP_SOURCE)


#: A procedure that does not exist: national code ``9.999999`` (real codes start 1., 2., 3.).
EXAMPLE_PROCEDURE = Procedure(
    code="9.999999",
    name_vi="Thủ tục ví dụ (không có thật)",
    name_en="Example procedure (fictional)",
    levels=[GovLevel.PROVINCE],
    channels=[
        ChannelOption(channel=Channel.IN_PERSON, times=[ProcessingTime.working_days(5)]),
        ChannelOption(channel=Channel.POSTAL, times=[ProcessingTime.working_days(5)]),
    ],
    postal=PostalService(submit=True, returns=True),
    sources=["EXAMPLE ONLY: a fictional procedure for the onestop_core tutorial"],
    notes=["Không có thật: chỉ dùng để minh hoạ cách viết plugin."],
)


@hookimpl
def onestop_register_procedures() -> Iterator[Procedure]:
    """The example procedure ``9.999999``."""
    yield EXAMPLE_PROCEDURE
