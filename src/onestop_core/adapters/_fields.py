"""Validators and masked reprs shared by the canonical records (private)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

import attrs

from onestop_core._time import ensure_aware
from onestop_core.errors import PayloadValidationError
from onestop_core.privacy import PersonalDataKind, mask, mask_text

_DIGITS = re.compile(r"[0-9]*")


def masked(kind: PersonalDataKind) -> Callable[[str], str]:
    return lambda value: repr(mask(value, kind))


def masked_text(value: str) -> str:
    return repr(mask_text(value))


def aware(_inst: object, attribute: attrs.Attribute[Any], value: dt.datetime | None) -> None:
    if value is not None:
        ensure_aware(value, name=attribute.name)


def status_code(_inst: object, attribute: attrs.Attribute[Any], value: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 10:
        raise PayloadValidationError(
            f"{attribute.name}: expected a national status code 1–10, got {value!r}",
            path=attribute.name,
        )


def non_negative(_inst: object, attribute: attrs.Attribute[Any], value: int | None) -> None:
    if value is not None and (isinstance(value, bool) or not isinstance(value, int) or value < 0):
        raise PayloadValidationError(
            f"{attribute.name}: expected a whole number >= 0, got {value!r}", path=attribute.name
        )


def non_empty(_inst: object, attribute: attrs.Attribute[Any], value: str) -> None:
    if not isinstance(value, str) or not value.strip():
        raise PayloadValidationError(f"{attribute.name}: must not be empty", path=attribute.name)


def code(_inst: object, attribute: attrs.Attribute[Any], value: str | None) -> None:
    if value is not None and not _DIGITS.fullmatch(value):
        raise PayloadValidationError(
            f"{attribute.name}: an administrative-unit code is digits only, got {value!r}",
            path=attribute.name,
        )
