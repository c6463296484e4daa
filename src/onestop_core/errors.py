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
    "AdapterConfigError",
    "AdapterError",
    "AdminUnitError",
    "AgencyIdError",
    "AuthError",
    "BusinessError",
    "CalendarDataError",
    "CallbackRejected",
    "ConcurrencyError",
    "DossierCodeError",
    "EventDataError",
    "FormNotAvailableError",
    "IdempotencyConflictError",
    "InvalidDateError",
    "InvalidDurationError",
    "InvalidTransition",
    "LunarDateError",
    "MissingComponentsError",
    "NaiveDatetimeError",
    "OnestopError",
    "OutOfRangeError",
    "PayloadValidationError",
    "PluginConflictError",
    "PluginError",
    "PluginHookError",
    "PluginLoadError",
    "ProcedureDataError",
    "StoreSchemaError",
    "TransientError",
    "UnknownCalendarError",
    "UnknownDossierError",
    "UnknownOutboxItemError",
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


class PluginError(OnestopError, RuntimeError):
    """A plugin (trình cắm) of the plugin host failed; ``plugin`` names it.

    Raised as is when a hook implementation raises (the original exception is the
    ``__cause__``); the subclasses below say more precisely what went wrong::

        >>> err = PluginError("plugin 'demo' failed", plugin="demo")
        >>> err.plugin, isinstance(err, RuntimeError)
        ('demo', True)
    """

    def __init__(self, message: str, *, plugin: str = "") -> None:
        super().__init__(message)
        self.plugin = plugin

    def __reduce__(self) -> tuple[object, ...]:
        fields = {k: v for k, v in vars(self).items() if not k.startswith("__")}
        return (_rebuild_plugin_error, (type(self), str(self), fields))


def _rebuild_plugin_error(
    cls: type[PluginError], message: str, fields: dict[str, object]
) -> PluginError:
    return cls(message, **fields)  # type: ignore[arg-type]


class PluginLoadError(PluginError):
    """A third-party plugin could not be loaded from its entry point, or was rejected.

    ``entry_point`` is the entry point as declared (``"demo = demo_plugin"``) and
    ``distribution`` the package that declares it, with its version. Only a strict host
    raises it; a lenient one warns and goes on without the plugin::

        >>> err = PluginLoadError("cannot load", plugin="demo", entry_point="demo = demo_plugin",
        ...                       distribution="onestop-demo 1.0")
        >>> err.entry_point, err.distribution
        ('demo = demo_plugin', 'onestop-demo 1.0')
    """

    def __init__(
        self, message: str, *, plugin: str = "", entry_point: str = "", distribution: str = ""
    ) -> None:
        super().__init__(message, plugin=plugin)
        self.entry_point = entry_point
        self.distribution = distribution


class PluginHookError(PluginError, TypeError):
    """A plugin breaks the hook contract: ``hook`` names the hook.

    It implements a hook no specification declares (a misspelling such as
    ``onestop_regster_adapters``), asks for an argument the hook does not have, is a hook
    wrapper, or returns something other than what the hook documents::

        >>> err = PluginHookError("unknown hook", plugin="demo", hook="onestop_regster_adapters")
        >>> err.hook, isinstance(err, TypeError)
        ('onestop_regster_adapters', True)
    """

    def __init__(self, message: str, *, plugin: str = "", hook: str = "") -> None:
        super().__init__(message, plugin=plugin)
        self.hook = hook


class PluginConflictError(PluginError, ValueError):
    """Two plugins (or one plugin twice) register the same name for the same kind.

    ``kind`` is the kind of record (``"calendars"``, ``"procedures"`` …), ``key`` the
    duplicated name and ``plugins`` the two plugins, first the one already seen::

        >>> err = PluginConflictError("duplicate", kind="calendars", key="vn",
        ...                           plugins=("onestop_core.builtin.vn_calendar", "demo"))
        >>> err.plugins[1], isinstance(err, ValueError)
        ('demo', True)
    """

    def __init__(
        self,
        message: str,
        *,
        plugin: str = "",
        kind: str = "",
        key: str = "",
        plugins: tuple[str, ...] = (),
    ) -> None:
        super().__init__(message, plugin=plugin or (plugins[-1] if plugins else ""))
        self.kind = kind
        self.key = key
        self.plugins = tuple(plugins)


# -- adapters (onestop_core.adapters) ------------------------------------------------------


class AdapterError(OnestopError):
    """Base class of the errors an adapter raises; the caller decides what to do with each.

    ``system`` names the remote system (``"dvcqg"``, ``"vnpost"`` …), ``operation`` the call
    and ``attempts`` how many attempts were made. Personal data in the message is masked
    (:func:`onestop_core.privacy.mask_text`)::

        >>> err = AdapterError("lookup of 001204012345 failed", system="dvcqg", attempts=2)
        >>> str(err), err.system, err.attempts
        ('lookup of *********345 failed', 'dvcqg', 2)
    """

    def __init__(
        self, message: str, *, system: str = "", operation: str = "", attempts: int = 0
    ) -> None:
        from onestop_core.privacy import mask_text

        super().__init__(mask_text(message))
        self.system = system
        self.operation = operation
        self.attempts = attempts


class TransientError(AdapterError):
    """A failure that may pass: timeout, connection error, HTTP 5xx or 429 (retried).

    ``retry_after`` is the delay in seconds the remote asked for (``Retry-After``), if any;
    ``status_code`` the HTTP status, if there was a response::

        >>> TransientError("HTTP 503", retry_after=2.0, status_code=503).retry_after
        2.0
    """

    def __init__(
        self,
        message: str,
        *,
        retry_after: float | None = None,
        status_code: int | None = None,
        system: str = "",
        operation: str = "",
        attempts: int = 0,
    ) -> None:
        super().__init__(message, system=system, operation=operation, attempts=attempts)
        self.retry_after = retry_after
        self.status_code = status_code


class AuthError(AdapterError):
    """The remote refused our credentials or session (HTTP 401/403, an expired session).

    The caller logs in again once and retries once; a second AuthError is final::

        >>> AuthError("session expired", status_code=401).status_code
        401
    """

    def __init__(
        self,
        message: str,
        *,
        status_code: int | None = None,
        system: str = "",
        operation: str = "",
        attempts: int = 0,
    ) -> None:
        super().__init__(message, system=system, operation=operation, attempts=attempts)
        self.status_code = status_code


class BusinessError(AdapterError):
    """The remote understood the request and refused it (never retried).

    ``code`` is the remote's own code (DVCQG ``error_code``, VNPost ``Status``, an HTTP
    status), ``remote_message`` its message, masked::

        >>> err = BusinessError("dossier refused", code="-3", remote_message="Hồ sơ đã tồn tại")
        >>> err.code, err.remote_message
        ('-3', 'Hồ sơ đã tồn tại')
    """

    def __init__(
        self,
        message: str,
        *,
        code: str = "",
        remote_message: str = "",
        system: str = "",
        operation: str = "",
        attempts: int = 0,
    ) -> None:
        from onestop_core.privacy import mask_text

        super().__init__(message, system=system, operation=operation, attempts=attempts)
        self.code = code
        self.remote_message = mask_text(remote_message)


class PayloadValidationError(AdapterError, ValueError):
    """A payload (ours or the remote's) that is malformed, oversized or fails validation.

    ``path`` names the offending field, if known (never retried)::

        >>> err = PayloadValidationError("not JSON", path="body")
        >>> err.path, isinstance(err, ValueError)
        ('body', True)
    """

    def __init__(
        self,
        message: str,
        *,
        path: str = "",
        system: str = "",
        operation: str = "",
        attempts: int = 0,
    ) -> None:
        super().__init__(message, system=system, operation=operation, attempts=attempts)
        self.path = path


class CallbackRejected(AdapterError):
    """An inbound callback that failed verification; nothing in it was parsed or applied.

    ``reason`` is a short machine-readable cause (``missing-header``, ``bad-signature``,
    ``stale``, ``too-large`` …) and ``status_code`` the HTTP status to answer with::

        >>> err = CallbackRejected("bad signature", reason="bad-signature")
        >>> err.reason, err.status_code
        ('bad-signature', 401)
    """

    def __init__(
        self,
        message: str,
        *,
        reason: str = "",
        status_code: int = 401,
        system: str = "",
        operation: str = "",
        attempts: int = 0,
    ) -> None:
        super().__init__(message, system=system, operation=operation, attempts=attempts)
        self.reason = reason
        self.status_code = status_code


class AdapterConfigError(AdapterError, ValueError):
    """An adapter setting that cannot work: a malformed secret, timeout or retry policy.

    >>> isinstance(AdapterConfigError("max_attempts must be >= 1"), ValueError)
    True
    """


class IdempotencyConflictError(AdapterError, ValueError):
    """An idempotency key reused for a different request (IETF idempotency-key draft: 422).

    >>> IdempotencyConflictError("key reused", key="hs-1:upsert").key
    'hs-1:upsert'
    """

    def __init__(
        self,
        message: str,
        *,
        key: str = "",
        system: str = "",
        operation: str = "",
        attempts: int = 0,
    ) -> None:
        super().__init__(message, system=system, operation=operation, attempts=attempts)
        self.key = key


class UnknownOutboxItemError(OnestopError, LookupError):
    """An outbox item id that the outbox does not hold."""
