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
    "ConcurrencyError",
    "DossierCodeError",
    "EventDataError",
    "FormNotAvailableError",
    "InvalidDateError",
    "InvalidDurationError",
    "InvalidTransition",
    "LunarDateError",
    "MissingComponentsError",
    "NaiveDatetimeError",
    "OnestopError",
    "OutOfRangeError",
    "ProcedureDataError",
    "StoreSchemaError",
    "UnknownCalendarError",
    "UnknownDossierError",
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


class FormNotAvailableError(OnestopError, LookupError):
    """A standard form (biểu mẫu) that cannot be produced for a dossier.

    Either the form set has no form for the role (Circular 01/2018 has no stop notice), or
    the dossier lacks the event the form is made from (a refusal slip for a dossier never
    refused). ``form_set`` and ``role`` name the form; ``missing_event`` the missing event,
    if that is the reason::

        >>> err = FormNotAvailableError("no refusal", form_set="TT03_2025", role="refusal",
        ...                             missing_event="Refused")
        >>> err.role, err.missing_event, isinstance(err, LookupError)
        ('refusal', 'Refused', True)
    """

    def __init__(
        self, message: str, *, form_set: str = "", role: str = "", missing_event: str = ""
    ) -> None:
        super().__init__(message)
        self.form_set = form_set
        self.role = role
        self.missing_event = missing_event

    def __reduce__(self) -> tuple[object, ...]:
        return (_rebuild_form_error, (str(self), self.form_set, self.role, self.missing_event))


def _rebuild_form_error(
    message: str, form_set: str, role: str, missing_event: str
) -> FormNotAvailableError:
    return FormNotAvailableError(message, form_set=form_set, role=role, missing_event=missing_event)


class EventDataError(OnestopError, ValueError):
    """A stored or received dossier-event payload that is not a valid event.

    ``path`` names the offending field (``header.limit.value``, ``items[2]``); personal data
    is masked in the message. Nothing is built from a payload that fails::

        >>> err = EventDataError("at: naive datetime", path="at")
        >>> err.path, isinstance(err, ValueError)
        ('at', True)
    """

    def __init__(self, message: str, *, path: str = "") -> None:
        super().__init__(message)
        self.path = path

    def __reduce__(self) -> tuple[object, ...]:
        return (_rebuild_event_data_error, (str(self), self.path))


def _rebuild_event_data_error(message: str, path: str) -> EventDataError:
    return EventDataError(message, path=path)


class ConcurrencyError(OnestopError, RuntimeError):
    """An append whose ``expected_version`` is stale: someone else appended first.

    ``dossier_id``, ``expected`` and ``actual`` name the dossier and both versions; nothing
    was written. Reload the dossier and decide again::

        >>> err = ConcurrencyError("stale", dossier_id="hs-1", expected=2, actual=3)
        >>> err.dossier_id, err.expected, err.actual
        ('hs-1', 2, 3)
    """

    def __init__(
        self, message: str, *, dossier_id: str = "", expected: int = 0, actual: int = 0
    ) -> None:
        super().__init__(message)
        self.dossier_id = dossier_id
        self.expected = expected
        self.actual = actual

    def __reduce__(self) -> tuple[object, ...]:
        return (
            _rebuild_concurrency_error,
            (str(self), self.dossier_id, self.expected, self.actual),
        )


def _rebuild_concurrency_error(
    message: str, dossier_id: str, expected: int, actual: int
) -> ConcurrencyError:
    return ConcurrencyError(message, dossier_id=dossier_id, expected=expected, actual=actual)


class UnknownDossierError(OnestopError, LookupError):
    """A dossier id (or code) that the store does not hold."""


class StoreSchemaError(OnestopError, RuntimeError):
    """A dossier store whose database schema this version of the library cannot use.

    Raised when the file was written by a newer version (a higher ``schema_version``).
    """
