"""Plain-JSON dictionaries for the canonical records (outbox payloads, fixtures, logs).

:func:`to_dict` writes instants as ISO 8601 with offset, enums as their values, nested
records as dictionaries and tuples as lists; :func:`from_dict` reads exactly that back,
rejecting unknown or missing keys and wrong types with a
:class:`~onestop_core.errors.PayloadValidationError` naming the field path.

>>> import datetime as dt
>>> from onestop_core.adapters.records import PushReceipt
>>> r = PushReceipt(ok=True, system="dvcqg", idempotency_key="k-1", attempts=2)
>>> data = to_dict(r)
>>> data["attempts"], from_dict(PushReceipt, data) == r
(2, True)
"""

from __future__ import annotations

import datetime as dt
import enum
import functools
import types
import typing
from collections.abc import Mapping
from typing import Any, TypeVar

import attrs

from onestop_core.errors import PayloadValidationError

__all__ = ["from_dict", "to_dict"]

T = TypeVar("T")


def _plain(value: Any) -> Any:
    if attrs.has(type(value)):
        return to_dict(value)
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    return value


def to_dict(record: Any) -> dict[str, Any]:
    """A JSON-ready dictionary of an attrs record (every field, including defaults).

    >>> from onestop_core.adapters.records import Address
    >>> to_dict(Address(province_code="01", detail="Số 1"))
    {'province_code': '01', 'ward_code': '', 'district_code': None, 'detail': 'Số 1'}
    """
    if not attrs.has(type(record)):
        raise PayloadValidationError(f"expected an attrs record, got {type(record).__name__}")
    return {f.name: _plain(getattr(record, f.name)) for f in attrs.fields(type(record))}


@functools.cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def _fail(path: str, expected: str, value: Any) -> PayloadValidationError:
    shown = type(value).__name__ if not isinstance(value, int | bool | type(None)) else repr(value)
    return PayloadValidationError(f"{path}: expected {expected}, got {shown}", path=path)


def _structure(tp: Any, value: Any, path: str) -> Any:
    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    if tp is Any:
        return value
    if origin in (typing.Union, types.UnionType):
        if value is None and type(None) in args:
            return None
        (inner,) = [a for a in args if a is not type(None)]
        return _structure(inner, value, path)
    if tp is dt.datetime:
        if not isinstance(value, str):
            raise _fail(path, "an ISO 8601 date-time string", value)
        try:
            parsed = dt.datetime.fromisoformat(value)
        except ValueError:
            raise _fail(path, "an ISO 8601 date-time string", value) from None
        if parsed.tzinfo is None:
            raise PayloadValidationError(f"{path}: {value!r} has no UTC offset", path=path)
        return parsed
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        try:
            return tp(value)
        except ValueError:
            raise PayloadValidationError(
                f"{path}: {value!r} is not a {tp.__name__} value", path=path
            ) from None
    if isinstance(tp, type) and attrs.has(tp):
        return _from_dict(tp, value, path)
    if origin is tuple:
        if not isinstance(value, list | tuple):
            raise _fail(path, "a list", value)
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(_structure(args[0], v, f"{path}[{i}]") for i, v in enumerate(value))
        if len(args) != len(value):
            raise _fail(path, f"a list of {len(args)} items", value)
        return tuple(
            _structure(a, v, f"{path}[{i}]")
            for i, (a, v) in enumerate(zip(args, value, strict=True))
        )
    if tp is bool:
        if not isinstance(value, bool):
            raise _fail(path, "true or false", value)
        return value
    if tp in (int, float, str):
        number_for_float = tp is float and isinstance(value, int)
        if isinstance(value, bool) or not (isinstance(value, tp) or number_for_float):
            raise _fail(path, tp.__name__, value)
        return value
    raise PayloadValidationError(f"{path}: cannot read type {tp!r}", path=path)


def _from_dict(cls: type[T], data: Any, path: str) -> T:
    if not isinstance(data, Mapping):
        raise _fail(path or cls.__name__, "an object", data)
    hints = _hints(typing.cast(type, cls))
    fields = {f.name: f for f in attrs.fields(cls)}  # type: ignore[arg-type]
    unknown = sorted(set(data) - set(fields))
    if unknown:
        where = f"{path}." if path else ""
        raise PayloadValidationError(
            f"{where}{unknown[0]}: unknown field of {cls.__name__}", path=f"{where}{unknown[0]}"
        )
    kwargs: dict[str, Any] = {}
    for name, field in fields.items():
        where = f"{path}.{name}" if path else name
        if name not in data:
            if field.default is attrs.NOTHING:
                raise PayloadValidationError(f"{where}: missing", path=where)
            continue
        kwargs[name] = _structure(hints[name], data[name], where)
    try:
        return cls(**kwargs)
    except PayloadValidationError:
        raise
    except (TypeError, ValueError) as exc:
        raise PayloadValidationError(f"{path or cls.__name__}: {exc}", path=path) from None


def from_dict(cls: type[T], data: Mapping[str, Any]) -> T:
    """The record of class ``cls`` that :func:`to_dict` wrote as ``data``.

    >>> from onestop_core.adapters.records import Address
    >>> from_dict(Address, {"province_code": "01", "detail": "Số 1"}).province_code
    '01'
    >>> from_dict(Address, {"province": "01"})
    Traceback (most recent call last):
    ...
    onestop_core.errors.PayloadValidationError: province: unknown field of Address
    """
    return _from_dict(cls, data, "")
