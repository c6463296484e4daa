"""UPU S10 item identifiers (``EB123456785VN``): shape and check digit.

Two service letters, an 8-digit serial, a check digit and the ISO country code. The check
digit weighs the serial's digits by 8, 6, 4, 2, 3, 5, 9, 7; ``11 - (sum mod 11)``, where 10
becomes 0 and 11 becomes 5.

Real VNPost item codes do not always carry a valid check digit (the public sample
``BK990032289VN`` computes 1, not 9), so adapters should validate the shape only
(:func:`is_s10_shaped`); the simulator itself always issues valid codes.

>>> s10_check_digit("12345678")
5
>>> make_s10("EB", 12345678)
'EB123456785VN'
>>> is_valid_s10("EB123456785VN"), is_valid_s10("BK990032289VN"), is_s10_shaped("BK990032289VN")
(True, False, True)
"""

from __future__ import annotations

import re
from typing import Final

__all__ = ["S10_SHAPE", "is_s10_shaped", "is_valid_s10", "make_s10", "s10_check_digit"]

S10_SHAPE: Final = re.compile(r"[A-Z]{2}[0-9]{8}[0-9][A-Z]{2}")
_WEIGHTS: Final = (8, 6, 4, 2, 3, 5, 9, 7)


def s10_check_digit(serial: str) -> int:
    """The S10 check digit of an 8-digit serial number.

    >>> s10_check_digit("99003228")
    1
    """
    if len(serial) != 8 or not serial.isascii() or not serial.isdigit():
        raise ValueError(f"an S10 serial is 8 digits, got {serial!r}")
    check = 11 - sum(int(d) * w for d, w in zip(serial, _WEIGHTS, strict=True)) % 11
    return {10: 0, 11: 5}.get(check, check)


def is_s10_shaped(code: str) -> bool:
    """Two letters, nine digits, two letters (no check-digit test)."""
    return S10_SHAPE.fullmatch(code) is not None


def is_valid_s10(code: str) -> bool:
    """Shape and check digit both right."""
    return is_s10_shaped(code) and s10_check_digit(code[2:10]) == int(code[10])


def make_s10(service: str, serial: int, country: str = "VN") -> str:
    """Build a valid S10 identifier from a service indicator and a serial number.

    >>> make_s10("RR", 1)
    'RR000000014VN'
    """
    if not 0 <= serial <= 99_999_999:
        raise ValueError(f"an S10 serial is 0..99999999, got {serial}")
    digits = f"{serial:08d}"
    code = f"{service}{digits}{s10_check_digit(digits)}{country}"
    if not is_s10_shaped(code):
        raise ValueError(f"{code!r} is not S10-shaped (service and country are 2 capital letters)")
    return code
