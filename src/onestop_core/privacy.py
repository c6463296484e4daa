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

Free text (log messages, remote error messages) goes through :func:`mask_text`, which finds
12- and 9-digit ID numbers, Vietnamese phone numbers and e-mail addresses in it; logging
handlers and loggers can do the same with :class:`PersonalDataFilter`:

>>> mask_text("CCCD 001204012345, ĐT +84 912 345 678, a.b@example.vn")
'CCCD *********345, ĐT *********678, a***@example.vn'
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from typing import Literal, Protocol

__all__ = [
    "Masker",
    "PersonalDataFilter",
    "PersonalDataKind",
    "get_masker",
    "mask",
    "mask_address",
    "mask_email",
    "mask_id_number",
    "mask_name",
    "mask_phone",
    "mask_text",
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


class Masker(Protocol):
    """What :func:`set_masker` accepts: ``masker(value, kind) -> masked text``.

    A plain function fits. A replacement may keep more or less than the default (a keyed
    hash for joins, say) but must never return the value unmasked.

    >>> def hide_all(value: str, kind: PersonalDataKind) -> str:
    ...     return "#" * len(value)
    >>> masker: Masker = hide_all
    >>> masker("0912345678", "phone")
    '##########'
    """

    def __call__(self, value: str, kind: PersonalDataKind, /) -> str:
        """Mask ``value``, a piece of personal data of the given kind."""
        ...


_DEFAULT: dict[str, Callable[[str], str]] = {
    "id_number": mask_id_number,
    "phone": mask_phone,
    "email": mask_email,
    "address": mask_address,
    "name": mask_name,
}
_masker: Masker | None = None


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


def set_masker(masker: Masker | Callable[[str, PersonalDataKind], str] | None) -> None:
    """Replace the default masker (``None`` restores it). For plugins and deployments.

    Every repr, error message and log line masked by this module follows the new masker:

    >>> set_masker(lambda value, kind: f"<{kind}>")
    >>> mask_text("gọi 0912345678")
    'gọi <phone>'
    >>> set_masker(None)
    >>> mask_text("gọi 0912345678")
    'gọi *******678'
    """
    global _masker
    _masker = masker


def get_masker() -> Masker | None:
    """The masker set with :func:`set_masker`, or ``None`` when the default is in use.

    >>> get_masker() is None
    True
    """
    return _masker


# Order matters: e-mail first (digits inside an address), then 12-digit IDs (a CCCD starting
# with 0 or 84 must not be taken for a phone), then phones, then 9-digit IDs (old CMND).
_NOT_WORD_BEFORE = r"(?<![0-9A-Za-z_+@.])"
_NOT_WORD_AFTER = r"(?![0-9A-Za-z_@])"
_PERSONAL_DATA = re.compile(
    r"(?P<email>[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,})"
    rf"|{_NOT_WORD_BEFORE}(?P<id12>[0-9]{{12}}){_NOT_WORD_AFTER}"
    rf"|{_NOT_WORD_BEFORE}(?P<phone>(?:\+84|84|0)(?:[ .-]?[0-9]){{9,10}}){_NOT_WORD_AFTER}"
    rf"|{_NOT_WORD_BEFORE}(?P<id9>[0-9]{{9}}){_NOT_WORD_AFTER}"
)
_KIND_OF_GROUP: dict[str, PersonalDataKind] = {
    "email": "email",
    "id12": "id_number",
    "phone": "phone",
    "id9": "id_number",
}


def _mask_match(match: re.Match[str]) -> str:
    group = match.lastgroup or "id12"
    return mask(match.group(), _KIND_OF_GROUP[group])


def mask_text(text: str) -> str:
    """``text`` with every ID number, phone number and e-mail address in it masked.

    Found: 12-digit personal ID numbers (CCCD), 9-digit ID numbers (CMND), Vietnamese phone
    numbers (``0…`` with 10 or 11 digits, ``+84…``/``84…``, with single spaces, dots or
    hyphens between digits) and e-mail addresses. Names and street addresses cannot be told
    apart from other words, so records mask those fields themselves. Masking twice changes
    nothing.

    >>> mask_text("hồ sơ 000.00.06.H56-231027-0361 của 001204012345 (0243 825 1234)")
    'hồ sơ 000.00.06.H56-231027-0361 của *********345 (********234)'
    >>> mask_text("vận đơn BK990032289VN, CMND 123456789")
    'vận đơn BK990032289VN, CMND ******789'
    """
    if not text:
        return text
    return _PERSONAL_DATA.sub(_mask_match, text)


class PersonalDataFilter(logging.Filter):
    """A logging filter that masks personal data in every record it sees (never drops one).

    The message is formatted with its arguments and masked with :func:`mask_text`; the
    arguments are then cleared. A traceback is formatted and masked too, and ``exc_info``
    is cleared unless ``keep_exc_info`` (handlers that read it directly would see the raw
    exception). Attach it to a handler to cover every logger that handler serves; on a
    logger it covers only records logged to that very logger (Python skips the filters of
    ancestor loggers).

    >>> record = logging.LogRecord("demo", logging.INFO, __file__, 1,
    ...                            "gửi %s tới %s", ("001204012345", "a@b.vn"), None)
    >>> PersonalDataFilter().filter(record), record.getMessage()
    (True, 'gửi *********345 tới a***@b.vn')
    """

    def __init__(self, name: str = "", *, keep_exc_info: bool = False) -> None:
        super().__init__(name)
        self.keep_exc_info = keep_exc_info

    def filter(self, record: logging.LogRecord) -> bool:
        """Mask ``record`` in place; always keep it."""
        try:
            message = record.getMessage()
        except Exception:  # a bad format string must not hide the record
            message = f"{record.msg} {record.args!r}"
        record.msg = mask_text(message)
        record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = mask_text(record.exc_text)
            if not self.keep_exc_info:
                record.exc_info = None
        if record.stack_info:
            record.stack_info = mask_text(record.stack_info)
        return True
