"""Masking of secrets and personal data in what the control plane exports.

Keys are matched case-insensitively. Secrets (passwords, sessions, tokens, signatures) become
``"***"``; personal data goes through :func:`onestop_core.privacy.mask` so a deployment's
masker applies here too.

>>> redact({"username": "sim-user", "password": "sim-pass", "session": "S1"})
{'username': 'sim-user', 'password': '***', 'session': '***'}
>>> redact({"data": [{"SoDienThoai": "0912345678", "ChuHoSo": "Nguyễn Văn An"}]})
{'data': [{'SoDienThoai': '*******678', 'ChuHoSo': 'N. V. A.'}]}
>>> redact_headers({"token": "abc", "dstcode": "SIM-DST"})
{'token': '***', 'dstcode': 'SIM-DST'}
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from onestop_core.privacy import PersonalDataKind, mask

__all__ = ["redact", "redact_headers"]

_SECRET_PARTS = ("password", "secret", "token", "session", "signature", "authorization")
_SECRET_KEYS = frozenset({"cookie", "set-cookie", "x-api-key", "api-key", "apikey"})
_PERSONAL: dict[str, PersonalDataKind] = {
    **dict.fromkeys(
        ("sodienthoai", "phone", "senderphone", "receiverphone", "tel", "sendertel", "receivertel"),
        "phone",
    ),
    **dict.fromkeys(("email", "senderemail", "receiveremail"), "email"),
    **dict.fromkeys(
        ("sogiaytochuhoso", "sodinhdanh", "cccd", "cmnd", "idnumber", "id_number"), "id_number"
    ),
    **dict.fromkeys(
        (
            "chuhoso",
            "sendername",
            "receivername",
            "hovaten",
            "fullname",
            "tennguoinop",
            "nguoixuly",
            "nguoidanhgia",
        ),
        "name",
    ),
    **dict.fromkeys(
        ("diachi", "diachichitiet", "address", "senderaddress", "receiveraddress"), "address"
    ),
}
MASK = "***"


def _is_secret(key: str) -> bool:
    k = key.lower()
    return k in _SECRET_KEYS or any(part in k for part in _SECRET_PARTS)


def redact(value: Any, key: str = "") -> Any:
    """A deep copy of a JSON value with secrets and personal data masked."""
    if isinstance(value, Mapping):
        return {k: redact(v, str(k)) for k, v in value.items()}
    if isinstance(value, list):
        return [redact(v, key) for v in value]
    if not key or value is None or value == "":
        return value
    if _is_secret(key):
        return MASK
    kind = _PERSONAL.get(key.lower())
    if kind is not None:
        return mask(str(value), kind)
    return value


def redact_headers(headers: Mapping[str, str]) -> dict[str, str]:
    """Headers with credentials (``token``, ``Authorization``, cookies …) masked."""
    return {k: MASK if _is_secret(k) else v for k, v in headers.items()}
