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
    "AdminUnitError",
    "AgencyIdError",
    "CalendarDataError",
    "DossierCodeError",
    "InvalidDateError",
    "InvalidDurationError",
    "InvalidTransition",
    "LunarDateError",
    "MissingComponentsError",
    "NaiveDatetimeError",
    "OnestopError",
    "OutOfRangeError",
    "ProcedureDataError",
    "UnknownCalendarError",
    "UnknownProcedureError",
    "UnknownRegimeError",
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


class UnknownRegimeError(OnestopError, LookupError):
    """A legal-regime identifier that the regime data does not define."""


class AdminUnitError(OnestopError, LookupError):
    """An administrative-unit code (mã đơn vị hành chính) that the unit data does not hold.

    Also raised when a unit exists but not on the date asked for. The message names the code.
    """


class AgencyIdError(OnestopError, ValueError):
    """A malformed agency identifier (mã định danh điện tử) or agency record.

    The message names the bad group (e.g. the level-1 group ``'Z56'``) and the expected shape.
    """


class DossierCodeError(OnestopError, ValueError):
    """A malformed dossier code (mã hồ sơ).

    The message names the bad part: the agency identifier, the ``YYMMDD`` date, the system code
    or the sequence number.
    """


class ProcedureDataError(OnestopError, ValueError):
    """A procedure record (thủ tục hành chính) or a national data package is malformed.

    The message names the offending field path (e.g. ``CACHTHUCTHUCHIEN[1].THOIGIAN[0]``)
    and value.
    """


class MissingComponentsError(ProcedureDataError):
    """Mandatory components of a procedure are missing (Decree 63/2010 Art. 8(2)).

    ``missing`` lists every missing component at once, each as a field name with the
    Vietnamese name of the component::

        >>> err = MissingComponentsError("incomplete", ("TRINHTUTHUCHIEN (trình tự thực hiện)",))
        >>> err.missing
        ('TRINHTUTHUCHIEN (trình tự thực hiện)',)
    """

    def __init__(self, message: str, missing: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.missing = tuple(missing)

    def __reduce__(self) -> tuple[type[MissingComponentsError], tuple[str, tuple[str, ...]]]:
        return (type(self), (str(self), self.missing))


class UnknownProcedureError(OnestopError, LookupError):
    """A procedure code that the catalogue (danh mục TTHC) does not hold."""


class InvalidTransition(OnestopError, ValueError):
    """A dossier event that the dossier's status or the law does not allow.

    ``status`` is the dossier's status, ``event`` the event kind and ``rule`` the rule
    that forbids it (with its legal basis); nothing was applied.
    """

    def __init__(self, message: str, *, status: str = "", event: str = "", rule: str = "") -> None:
        super().__init__(message)
        self.status = status
        self.event = event
        self.rule = rule
