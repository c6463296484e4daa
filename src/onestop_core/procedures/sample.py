"""The bundled sample catalogue: 22 real procedures for tests, docs and demos.

The data file ``onestop_core/data/procedures/sample_catalogue.json`` was compiled in
November 2026 from public sources (the onestop_core domain notes): 18 commune-level
procedures (civil status, certification, residence, household business, construction,
land, social pension), 3 province-level ones (two of Quảng Trị, local suffix ``H50``) and
one common to both levels. Each record keeps its sources and a confidence per field group
(``verified`` / ``secondary`` / ``uncertain``); fields the sources lack are left empty, so
:meth:`~onestop_core.procedures.records.Procedure.missing_components` reports them. Fees,
online levels and postal options vary by province: check the current record before use.

The file holds each record in the library's own shape: the attribute names of
:class:`~onestop_core.procedures.records.Procedure` and its parts, enums by name, dates in
ISO form, and fields at their default value left out.

>>> cat = sample_catalogue()
>>> len(cat), str(cat.get("1.001193").processing_time())
(22, 'trong ngày')
"""

from __future__ import annotations

import datetime as dt
import enum
import functools
import types
import typing
from collections.abc import Mapping
from fractions import Fraction
from typing import Any, Literal

import attrs

from onestop_core._data import load_json
from onestop_core.errors import ProcedureDataError
from onestop_core.procedures.catalogue import Catalogue
from onestop_core.procedures.records import Procedure

__all__ = ["SAMPLE_PATH", "sample_catalogue", "sample_notice"]

#: The data file, relative to ``onestop_core/data/``.
SAMPLE_PATH = "procedures/sample_catalogue.json"


@functools.cache
def sample_catalogue() -> Catalogue:
    """The bundled sample catalogue (danh mục TTHC mẫu) of 22 procedures, read once and cached.

    >>> [p.code for p in sample_catalogue().search("khai tu")]
    ['1.000656']
    """
    data = _mapping(load_json(SAMPLE_PATH), SAMPLE_PATH)
    entries = data.get("procedures")
    if not isinstance(entries, list):
        raise ProcedureDataError(f"{SAMPLE_PATH}: 'procedures' must be a list")
    return Catalogue(
        _structure(Procedure, entry, f"{SAMPLE_PATH}: procedures[{i}]")
        for i, entry in enumerate(entries)
    )


def sample_notice() -> str:
    """Where the sample's facts come from (nguồn): the ``notice`` of the data file.

    >>> "November 2026" in sample_notice()
    True
    """
    return str(_mapping(load_json(SAMPLE_PATH), SAMPLE_PATH)["notice"])


# -- the record shape of the data file ---------------------------------------------------


def _mapping(value: object, path: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise ProcedureDataError(f"{path} must be an object, got {value!r}")
    return value


def _unstructure(value: Any) -> Any:
    """A record as JSON values; fields at their default are left out."""
    if attrs.has(type(value)):
        out = {}
        for f in attrs.fields(type(value)):
            v = getattr(value, f.name)
            if f.default is attrs.NOTHING or v != f.default:
                out[f.name] = _unstructure(v)
        return out
    if isinstance(value, enum.Enum):
        return value.name
    if isinstance(value, Fraction):
        return value.numerator if value.denominator == 1 else str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, frozenset):
        return sorted(_unstructure(v) for v in value)
    if isinstance(value, tuple) and value and all(isinstance(v, tuple) for v in value):
        return {str(k): _unstructure(v) for k, v in value}  # (group, level) pairs
    if isinstance(value, tuple):
        return [_unstructure(v) for v in value]
    return value


def _structure(tp: Any, data: Any, path: str) -> Any:
    """The value of annotation ``tp`` that ``data`` describes; errors name ``path``."""
    origin, args = typing.get_origin(tp), typing.get_args(tp)
    if isinstance(tp, type) and attrs.has(tp):
        obj = _mapping(data, path)
        hints = typing.get_type_hints(tp)
        names = {f.name for f in attrs.fields(tp)}
        if unknown := sorted(set(obj) - names):
            raise ProcedureDataError(f"{path}: unknown field(s) {unknown} of {tp.__name__}")
        kwargs = {k: _structure(hints[k], v, f"{path}.{k}") for k, v in obj.items()}
        try:
            return tp(**kwargs)
        except (ProcedureDataError, ValueError) as exc:
            raise ProcedureDataError(f"{path}: {exc}") from None
    if origin in (typing.Union, types.UnionType):
        inner = [a for a in args if a is not type(None)]
        return None if data is None else _structure(inner[0], data, path)
    if origin is tuple and isinstance(data, Mapping):  # (group, level) pairs
        value_type = typing.get_args(args[0])[1]
        return tuple((k, _structure(value_type, v, f"{path}.{k}")) for k, v in data.items())
    if origin in (tuple, frozenset) and isinstance(data, list):
        items = (_structure(args[0], v, f"{path}[{i}]") for i, v in enumerate(data))
        return tuple(items) if origin is tuple else frozenset(items)
    if origin is tuple and len(args) == 2 and args[1] is not Ellipsis:
        raise ProcedureDataError(f"{path} must be an object, got {data!r}")
    if isinstance(tp, type) and issubclass(tp, enum.Enum) and isinstance(data, str):
        if data in tp.__members__:
            return tp[data]
        raise ProcedureDataError(f"{path}: {data!r} is not one of {list(tp.__members__)}")
    if tp is Fraction and isinstance(data, int | str) and not isinstance(data, bool):
        try:
            return Fraction(data)
        except ValueError:
            raise ProcedureDataError(f"{path}: {data!r} is not a number") from None
    if tp is dt.date and isinstance(data, str):
        try:
            return dt.date.fromisoformat(data)
        except ValueError:
            raise ProcedureDataError(f"{path}: {data!r} is not an ISO date") from None
    if origin is Literal and data in args:
        return data
    if tp in (str, int, bool) and type(data) is tp:
        return data
    raise ProcedureDataError(f"{path} must be {tp}, got {data!r}".replace("typing.", ""))
