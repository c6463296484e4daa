"""The error hierarchy of onestop_core.

Every error the library raises on purpose is an :class:`OnestopError`. Subclasses also
inherit the matching builtin, so ``except ValueError`` keeps working for callers who do
not know about this library::

    >>> from onestop_core.errors import OnestopError, InvalidDateError
    >>> issubclass(InvalidDateError, ValueError) and issubclass(InvalidDateError, OnestopError)
    True

Messages name the offending value and what was expected. Personal data never appears in
them unmasked.
"""

from __future__ import annotations

__all__ = [
    "CalendarDataError",
    "InvalidDateError",
    "InvalidDurationError",
    "LunarDateError",
    "NaiveDatetimeError",
    "OnestopError",
    "OutOfRangeError",
    "UnknownCalendarError",
]


class OnestopError(Exception):
    """Base class of every error raised by onestop_core."""


class InvalidDateError(OnestopError, ValueError):
    """A value that should be a date (or an ISO date string) is not one."""


class OutOfRangeError(OnestopError, ValueError):
    """A date or instant lies outside the range a calendar or table supports."""


class LunarDateError(OnestopError, ValueError):
    """A lunar date that does not exist, or lies outside the supported lunar years.

    The message names the bad part: the year, the month, the day or the leap flag.
    """


class NaiveDatetimeError(OnestopError, ValueError):
    """A naive :class:`datetime.datetime` was given where an instant (aware datetime) is needed."""


class InvalidDurationError(OnestopError, ValueError):
    """A number of working days or a working-time duration has the wrong type or value."""


class CalendarDataError(OnestopError, ValueError):
    """The shipped or supplied calendar data (announcements, overrides) is malformed."""


class UnknownCalendarError(OnestopError, LookupError):
    """A calendar identifier that no registered calendar provides."""
