"""Instants and local dates: the one place that knows Vietnam's time zone.

Calendar logic runs on local dates and times in ``Asia/Ho_Chi_Minh`` (UTC+7, no daylight
saving since 1975); everything else uses timezone-aware instants.
"""

from __future__ import annotations

import datetime as dt
from typing import Final

import pendulum

from onestop_core.errors import InvalidDateError, NaiveDatetimeError

__all__ = ["VN_TZ", "VN_TZ_NAME", "VN_UTC_OFFSET", "ensure_aware", "parse_date", "to_local"]

VN_TZ_NAME: Final = "Asia/Ho_Chi_Minh"
#: The zone every calendar computation uses (pendulum's bundled tz database, so no system tzdata).
VN_TZ: Final[dt.tzinfo] = pendulum.timezone(VN_TZ_NAME)
#: Vietnam's offset since 13 June 1975; valid for every date the calendars support (2000 onwards).
VN_UTC_OFFSET: Final = dt.timedelta(hours=7)


def ensure_aware(t: object, *, name: str = "instant") -> dt.datetime:
    """Return ``t`` if it is a timezone-aware datetime, else raise a clear error.

    >>> import datetime as dt
    >>> ensure_aware(dt.datetime(2026, 1, 5, 8, tzinfo=dt.timezone.utc)).hour
    8
    """
    if not isinstance(t, dt.datetime):
        raise InvalidDateError(f"{name} must be a timezone-aware datetime, got {type(t).__name__}")
    if t.tzinfo is None or t.tzinfo.utcoffset(t) is None:
        raise NaiveDatetimeError(
            f"{name} {t.isoformat()} is naive; pass an aware datetime "
            f"(e.g. tzinfo=ZoneInfo({VN_TZ_NAME!r}))"
        )
    return t


def to_local(t: dt.datetime, *, name: str = "instant") -> dt.datetime:
    """Convert an aware instant to Vietnam local time (``Asia/Ho_Chi_Minh``).

    >>> import datetime as dt
    >>> to_local(dt.datetime(2026, 1, 5, 1, tzinfo=dt.timezone.utc)).hour
    8
    """
    return ensure_aware(t, name=name).astimezone(VN_TZ)


def parse_date(value: object, *, name: str = "date") -> dt.date:
    """Accept a :class:`datetime.date` or an ISO ``YYYY-MM-DD`` string; reject anything else.

    A :class:`datetime.datetime` is rejected: convert it to a local date first.

    >>> parse_date("2026-09-02")
    datetime.date(2026, 9, 2)
    """
    if isinstance(value, dt.datetime):
        raise InvalidDateError(
            f"{name} must be a date, got the datetime {value.isoformat()}; "
            "use to_local(t).date() for the local date of an instant"
        )
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            raise InvalidDateError(f"{name} {value!r} is not an ISO date (YYYY-MM-DD)") from None
    raise InvalidDateError(
        f"{name} must be a date or an ISO date string, got {type(value).__name__}"
    )
