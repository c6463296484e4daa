"""Masking of personal data (dữ liệu cá nhân) in logs, reprs and error messages.

Citizen ID numbers (all 12 digits of a CCCD carry meaning: province of birth, sex and
century, year of birth, serial), phone numbers, e-mail addresses and street addresses are
never shown whole. :func:`mask` dispatches on the kind of value; a plugin may replace the
default masker with :func:`set_masker`.

>>> mask_id_number("001204012345")
'*********345'
>>> mask_phone("0912345678")
'*******678'
>>> mask_email("nguyen.van.a@example.vn")
'n***@example.vn'
>>> mask_address("Số 12 ngõ 34, phường Ba Đình, Hà Nội")
'***, Hà Nội'
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal

__all__ = [
    "PersonalDataKind",
    "mask",
    "mask_address",
    "mask_email",
    "mask_id_number",
    "mask_phone",
    "set_masker",
]

PersonalDataKind = Literal["id_number", "phone", "email", "address", "name"]


def _keep_tail(text: str, keep: int) -> str:
    s = "".join(text.split())
    if len(s) <= keep:
        return "*" * len(s)
    return "*" * (len(s) - keep) + s[-keep:]


def mask_id_number(value: str) -> str:
    """A citizen ID (CCCD/CMND) or passport number: only the last 3 characters stay."""
    return _keep_tail(value, 3)


def mask_phone(value: str) -> str:
    """A phone number: only the last 3 digits stay."""
    return _keep_tail(value, 3)


def mask_email(value: str) -> str:
    """An e-mail address: the first character and the domain stay."""
    local, sep, domain = value.partition("@")
    if not sep:
        return _keep_tail(value, 0)
    return f"{local[:1]}***@{domain}"


def mask_address(value: str) -> str:
    """A street address: only the last component (the province) stays."""
    parts = [p.strip() for p in value.split(",") if p.strip()]
    if len(parts) <= 1:
        return "***"
    return f"***, {parts[-1]}"


def mask_name(value: str) -> str:
    """A person's name: initials only (Nguyễn Văn An → N. V. A.)."""
    return " ".join(f"{w[0]}." for w in value.split() if w)


_DEFAULT: dict[str, Callable[[str], str]] = {
    "id_number": mask_id_number,
    "phone": mask_phone,
    "email": mask_email,
    "address": mask_address,
    "name": mask_name,
}
_masker: Callable[[str, PersonalDataKind], str] | None = None


def mask(value: str | None, kind: PersonalDataKind) -> str:
    """Mask ``value`` of the given kind with the current masker (None stays empty).

    >>> mask("0912345678", "phone")
    '*******678'
    """
    if not value:
        return ""
    if _masker is not None:
        return _masker(value, kind)
    return _DEFAULT[kind](value)


def set_masker(masker: Callable[[str, PersonalDataKind], str] | None) -> None:
    """Replace the default masker (``None`` restores it). For plugins and deployments."""
    global _masker
    _masker = masker
