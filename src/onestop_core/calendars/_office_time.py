"""Office-time methods of :class:`~onestop_core.calendars.WorkCalendar` (private mixin).

They answer questions on instants (aware datetimes) through the calendar's working-time
index; :mod:`onestop_core.calendars.work_calendar` holds the day arithmetic and the data.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from onestop_core._time import VN_TZ

if TYPE_CHECKING:
    from onestop_core.calendars._working_time import TimeIndex
    from onestop_core.calendars.office_hours import WorkInterval

__all__ = ["OfficeTimeMixin"]


class OfficeTimeMixin:
    """Next opening, office-time addition and differences, openings and closings."""

    __slots__ = ()

    if TYPE_CHECKING:

        @property
        def _time_index(self) -> TimeIndex: ...

        def _intervals(self, d: dt.date) -> tuple[WorkInterval, ...]: ...

    def next_open(self, t: dt.datetime) -> dt.datetime:
        """``t`` if the office is open then, else the next opening (local time).

        >>> import datetime as dt
        >>> from onestop_core.calendars import vietnam
        >>> from onestop_core._time import VN_TZ
        >>> vietnam().next_open(dt.datetime(2026, 11, 27, 12, 0, tzinfo=VN_TZ)).time()
        datetime.time(13, 0)
        """
        return self._time_index.next_open(t)

    def add_working_time(self, start: dt.datetime, delta: dt.timedelta) -> dt.datetime:
        """``start`` plus ``delta`` of office time; a start outside hours rolls to the next opening.

        A result exactly at a boundary is the earlier closing (17:00, not 07:30 next day).

        >>> import datetime as dt
        >>> from onestop_core.calendars import vietnam
        >>> from onestop_core._time import VN_TZ
        >>> t = dt.datetime(2026, 11, 27, 16, 0, tzinfo=VN_TZ)   # Friday
        >>> vietnam().add_working_time(t, dt.timedelta(hours=2)).isoformat()
        '2026-11-30T08:30:00+07:00'
        """
        return self._time_index.add(start, delta)

    def normalize_due(self, t: dt.datetime) -> dt.datetime:
        """The earliest instant carrying the same office time as ``t``.

        A due instant at an opening, or outside office hours, becomes the previous closing
        (``law.md`` §9.4 rule 4): Thursday 07:30 → Wednesday 17:00. An instant inside office
        hours is returned unchanged (in Asia/Ho_Chi_Minh).

        >>> import datetime as dt
        >>> from onestop_core.calendars import vietnam
        >>> from onestop_core._time import VN_TZ
        >>> vietnam().normalize_due(dt.datetime(2026, 11, 26, 7, 30, tzinfo=VN_TZ)).isoformat()
        '2026-11-25T17:00:00+07:00'
        """
        return self._time_index.normalize(t)

    def opening(self, d: dt.date) -> dt.datetime | None:
        """The first opening on ``d`` (aware, local), or None when no office hours count then.

        >>> import datetime as dt
        >>> from onestop_core.calendars import vietnam
        >>> vietnam().opening(dt.date(2026, 11, 26)).isoformat()
        '2026-11-26T07:30:00+07:00'
        """
        ivs = self._intervals(d)
        return dt.datetime.combine(d, ivs[0].start, tzinfo=VN_TZ) if ivs else None

    def closing(self, d: dt.date) -> dt.datetime | None:
        """The last closing on ``d`` (aware, local), or None when no office hours count then.

        >>> import datetime as dt
        >>> from onestop_core.calendars import vietnam
        >>> vietnam().closing(dt.date(2026, 11, 24)) is None   # Vietnam Culture Day
        True
        """
        ivs = self._intervals(d)
        return dt.datetime.combine(d, ivs[-1].end, tzinfo=VN_TZ) if ivs else None

    def working_time_between(self, a: dt.datetime, b: dt.datetime) -> dt.timedelta:
        """Office time from ``a`` to ``b`` (negative when ``b`` is before ``a``).

        >>> import datetime as dt
        >>> from onestop_core.calendars import vietnam
        >>> from onestop_core._time import VN_TZ
        >>> a = dt.datetime(2026, 11, 26, 8, 0, tzinfo=VN_TZ)
        >>> vietnam().working_time_between(a, a + dt.timedelta(days=1))
        datetime.timedelta(seconds=28800)
        """
        return self._time_index.between(a, b)
