"""Dossier events to and from JSON-ready dicts: the storage and wire edge.

Each event becomes a flat object tagged with its ``kind``; nested values are spelled out:
the header, the applicant (in full — the store is the system of record), the processing time
(its value as a fraction string such as ``"15"`` or ``"1/2"``), enums by value and instants
as ISO 8601 with their offset. :func:`event_from_dict` treats its input as untrusted: every
field must be present with the right type and no other field may appear; a bad payload raises
:class:`~onestop_core.errors.EventDataError` naming the field path, with personal data
masked, and nothing is half-built.

>>> import datetime as dt
>>> from onestop_core._time import VN_TZ
>>> from onestop_core.dossiers.events import Transferred
>>> data = event_to_dict(Transferred(at=dt.datetime(2026, 11, 20, 9, tzinfo=VN_TZ),
...     from_agency="000.00.06.H56", to_agency="000.00.22.H56"))
>>> data["kind"], data["at"]
('transferred', '2026-11-20T09:00:00+07:00')
>>> event_from_dict(data).to_agency
'000.00.22.H56'
"""

from __future__ import annotations

import datetime as dt
import enum
import re
from collections.abc import Callable, Mapping
from fractions import Fraction
from typing import Any, Final, TypeVar

import attrs

from onestop_core.dossiers import events as ev
from onestop_core.dossiers.applicant import Applicant
from onestop_core.dossiers.events import DossierEvent, DossierHeader
from onestop_core.errors import EventDataError
from onestop_core.privacy import PersonalDataKind, mask
from onestop_core.procedures.enums import Channel
from onestop_core.procedures.time_limits import PauseReason, ProcessingTime, TimeUnit

__all__ = ["EVENT_TYPES", "event_from_dict", "event_to_dict"]

E = TypeVar("E", bound=enum.Enum)
_FRACTION = re.compile(r"[0-9]+(/[0-9]+)?")
_SHOW = 40  # at most this many characters of a (non-personal) bad value in a message


@attrs.frozen
class _Codec:
    """How one field is written (``encode``) and read back with checks (``decode``)."""

    encode: Callable[[Any], Any]
    decode: Callable[[object, str], Any]


def _fail(path: str, problem: str) -> EventDataError:
    return EventDataError(f"dossier event payload, field {path or '<root>'}: {problem}", path=path)


def _shown(value: object) -> str:
    text = repr(value)
    return text if len(text) <= _SHOW else f"{text[: _SHOW - 3]}..."


def _got(raw: object, personal: PersonalDataKind | None = None) -> str:
    if personal is None:
        return f"got {type(raw).__name__}"
    return f"got {type(raw).__name__} {mask(str(raw), personal)!r}"


# -- scalar codecs ----------------------------------------------------------------------------
def _identity(value: Any) -> Any:
    return value


def _string(personal: PersonalDataKind | None = None) -> _Codec:
    def decode(raw: object, path: str) -> str:
        if not isinstance(raw, str):
            raise _fail(path, f"expected a string, {_got(raw, personal)}")
        return raw

    return _Codec(_identity, decode)


def _decode_bool(raw: object, path: str) -> bool:
    if not isinstance(raw, bool):
        raise _fail(path, f"expected true or false, {_got(raw)}")
    return raw


def _decode_int(raw: object, path: str) -> int:
    if isinstance(raw, bool) or not isinstance(raw, int):
        raise _fail(path, f"expected an integer, {_got(raw)}")
    return raw


def _encode_instant(value: dt.datetime) -> str:
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"naive datetime {value.isoformat()}")
    return value.isoformat()


def _decode_instant(raw: object, path: str) -> dt.datetime:
    if not isinstance(raw, str):
        raise _fail(path, f"expected an ISO 8601 date-time string with offset, {_got(raw)}")
    try:
        value = dt.datetime.fromisoformat(raw)
    except ValueError:
        raise _fail(path, f"{_shown(raw)} is not an ISO 8601 date-time") from None
    if value.tzinfo is None or value.utcoffset() is None:
        raise _fail(path, f"{_shown(raw)} is naive; an offset such as +07:00 is required")
    return value


def _encode_fraction(value: Fraction) -> str:
    return str(Fraction(value))


def _decode_fraction(raw: object, path: str) -> Fraction:
    if not isinstance(raw, str):
        raise _fail(path, f"expected a fraction string such as '15' or '1/2', {_got(raw)}")
    if not _FRACTION.fullmatch(raw):
        raise _fail(path, f"{_shown(raw)} is not a fraction string such as '15' or '1/2'")
    try:
        return Fraction(raw)
    except ZeroDivisionError:
        raise _fail(path, f"{_shown(raw)} divides by zero") from None


def _enum(cls: type[E]) -> _Codec:
    def decode(raw: object, path: str) -> E:
        for member in cls:
            if type(raw) is type(member.value) and raw == member.value:
                return member
        allowed = ", ".join(repr(m.value) for m in cls)
        raise _fail(path, f"{_shown(raw)} is not a valid {cls.__name__}; expected one of {allowed}")

    return _Codec(lambda member: member.value, decode)


def _optional(codec: _Codec) -> _Codec:
    def decode(raw: object, path: str) -> Any:
        return None if raw is None else codec.decode(raw, path)

    return _Codec(lambda v: None if v is None else codec.encode(v), decode)


def _decode_strings(raw: object, path: str) -> tuple[str, ...]:
    if not isinstance(raw, list):
        raise _fail(path, f"expected a list of strings, {_got(raw)}")
    return tuple(_STR.decode(item, f"{path}[{i}]") for i, item in enumerate(raw))


def _decode_pause_reasons(raw: object, path: str) -> frozenset[PauseReason]:
    if not isinstance(raw, list):
        raise _fail(path, f"expected a list of pause reasons, {_got(raw)}")
    return frozenset(_PAUSE.decode(item, f"{path}[{i}]") for i, item in enumerate(raw))


_STR: Final = _string()
_BOOL: Final = _Codec(_identity, _decode_bool)
_INT: Final = _Codec(_identity, _decode_int)
_INSTANT: Final = _Codec(_encode_instant, _decode_instant)
_PAUSE: Final = _enum(PauseReason)
_STRINGS: Final = _Codec(list, _decode_strings)
_PAUSES: Final = _Codec(
    lambda v: sorted(r.value for r in v),
    _decode_pause_reasons,
)


# -- objects ----------------------------------------------------------------------------------
def _fields(raw: object, path: str, spec: Mapping[str, _Codec]) -> dict[str, Any]:
    """Decode an object whose keys must be exactly those of ``spec``."""
    if not isinstance(raw, Mapping):
        raise _fail(path, f"expected an object, {_got(raw)}")
    prefix = f"{path}." if path else ""
    extra = sorted(_shown(k) for k in raw if k not in spec)
    if extra:
        raise _fail(path, f"unexpected field(s) {', '.join(extra)}")
    missing = [k for k in spec if k not in raw]
    if missing:
        raise _fail(f"{prefix}{missing[0]}", f"missing (required: {', '.join(missing)})")
    return {name: codec.decode(raw[name], f"{prefix}{name}") for name, codec in spec.items()}


def _build(cls: Callable[..., Any], kwargs: dict[str, Any], path: str) -> Any:
    try:
        return cls(**kwargs)
    except (ValueError, TypeError) as exc:  # the domain's own invariants (OnestopError too)
        raise _fail(path, f"not a valid {getattr(cls, '__name__', 'value')}: {exc}") from None


def _object(cls: Callable[..., Any], spec: Mapping[str, _Codec]) -> _Codec:
    def encode(value: Any) -> dict[str, Any]:
        return {name: codec.encode(getattr(value, name)) for name, codec in spec.items()}

    def decode(raw: object, path: str) -> Any:
        return _build(cls, _fields(raw, path, spec), path)

    return _Codec(encode, decode)


_LIMIT: Final = _object(
    ProcessingTime,
    {
        "value": _Codec(_encode_fraction, _decode_fraction),
        "unit": _enum(TimeUnit),
        "excluded": _PAUSES,
        "note": _STR,
    },
)
_APPLICANT: Final = _object(
    Applicant,
    {
        "name": _string("name"),
        "id_number": _string("id_number"),
        "phone": _string("phone"),
        "email": _string("email"),
        "address": _string("address"),
        "organisation": _string("name"),
    },
)
_HEADER: Final = _object(
    DossierHeader,
    {
        "procedure_code": _STR,
        "procedure_name": _STR,
        "limit": _LIMIT,
        "channel": _enum(Channel),
        "applicant": _APPLICANT,
        "receiving_agency": _STR,
        "competent_agency": _STR,
        "boundary_free": _BOOL,
    },
)

_COMMON: Final[Mapping[str, _Codec]] = {"at": _INSTANT, "actor": _STR, "note": _STR}
#: The fields of each event class beyond ``at``, ``actor`` and ``note``, in declaration order.
_EVENT_FIELDS: Final[Mapping[type[DossierEvent], Mapping[str, _Codec]]] = {
    ev.Submitted: {"header": _HEADER},
    ev.Accepted: {"header": _optional(_HEADER), "code": _optional(_STR)},
    ev.Refused: {"reason": _STR, "legal_ground": _STR, "header": _optional(_HEADER)},
    ev.Transferred: {"from_agency": _STR, "to_agency": _STR},
    ev.SupplementRequested: {"agency": _STR, "reason": _STR, "items": _STRINGS},
    ev.SupplementCompleted: {},
    ev.FinancialObligationNotified: {"obligation": _STR, "amount_vnd": _optional(_INT)},
    ev.FinancialObligationPaid: {},
    ev.ExcludedIntervalStarted: {"reason": _PAUSE},
    ev.ExcludedIntervalEnded: {"reason": _PAUSE},
    ev.Suspended: {"authority": _STR, "legal_ground": _STR},
    ev.Resumed: {},
    ev.Extended: {"new_due": _INSTANT, "reason": _STR},
    ev.Withdrawn: {"reason": _STR},
    ev.Stopped: {"reason": _STR, "legal_ground": _STR},
    ev.ClosedIncomplete: {},
    ev.Decided: {"outcome": _enum(ev.Outcome), "result": _STR},
    ev.Delivered: {"method": _enum(ev.DeliveryMethod)},
}
_SPECS: Final = {cls: {**_COMMON, **spec} for cls, spec in _EVENT_FIELDS.items()}
_BY_KIND: Final = {cls.kind: cls for cls in _EVENT_FIELDS}
#: Every event class that can be serialized, in the order of :mod:`~onestop_core.dossiers.events`.
EVENT_TYPES: Final[tuple[type[DossierEvent], ...]] = tuple(_EVENT_FIELDS)


def event_to_dict(event: DossierEvent) -> dict[str, Any]:
    """``event`` as a JSON-ready dict: ``kind`` first, then every field.

    >>> import datetime as dt
    >>> from onestop_core._time import VN_TZ
    >>> from onestop_core.dossiers.events import Decided
    >>> data = event_to_dict(Decided(at=dt.datetime(2026, 11, 26, 9, tzinfo=VN_TZ)))
    >>> data["kind"], data["outcome"], data["at"]
    ('decided', 'approved', '2026-11-26T09:00:00+07:00')
    """
    spec = _SPECS.get(type(event))
    if spec is None:
        raise _fail("kind", f"{type(event).__name__} is not a serializable dossier event class")
    out: dict[str, Any] = {"kind": event.kind}
    for name, codec in spec.items():
        try:
            out[name] = codec.encode(getattr(event, name))
        except (AttributeError, TypeError, ValueError) as exc:
            raise _fail(name, f"cannot be written ({type(exc).__name__})") from None
    return out


def event_from_dict(data: object) -> DossierEvent:
    """The event a payload describes, after checking every field (the untrusted edge).

    Raises :class:`~onestop_core.errors.EventDataError` naming the field path.

    >>> event_from_dict({"kind": "resumed", "at": "2026-11-26T09:00:00+07:00", "actor": "",
    ...                  "note": ""}).kind
    'resumed'
    >>> event_from_dict({"kind": "resumed", "at": "2026-11-26T09:00:00", "actor": "",
    ...                  "note": ""})
    Traceback (most recent call last):
    ...
    onestop_core.errors.EventDataError: dossier event payload, field at: '2026-11-26T09:00:00' ...
    """
    if not isinstance(data, Mapping):
        raise _fail("", f"expected an object, {_got(data)}")
    kind = data.get("kind")
    cls = _BY_KIND.get(kind) if isinstance(kind, str) else None
    if cls is None:
        if "kind" not in data:
            raise _fail("kind", "missing")
        raise _fail("kind", f"unknown event kind {_shown(kind)}")
    fields = _fields({k: v for k, v in data.items() if k != "kind"}, "", _SPECS[cls])
    event: DossierEvent = _build(cls, fields, "")
    return event
