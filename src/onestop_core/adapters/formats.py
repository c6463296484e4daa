"""Date-time formats on the wire (``integrations.md`` §6.8): always aware on our side.

Vietnamese government systems send local time without an offset: ``yyyyMMddHHmmss``
(DVCQG), ``yyyy-MM-dd HH:mm:ss`` (ministry portals), ``dd/MM/yyyy HH:mm:ss`` (VNPost,
Viettel Post), ISO 8601 with or without ``Z``/``+07:00`` (GHN, GHTK). :func:`parse_remote_time`
reads all of them as ``Asia/Ho_Chi_Minh`` unless an offset is given;
:func:`format_compact` writes the DVCQG form.

>>> import datetime as dt
>>> format_compact(dt.datetime(2026, 11, 20, 3, 0, tzinfo=dt.UTC))
'20261120100000'
>>> parse_remote_time("20/11/2026 10:00:00").isoformat()
'2026-11-20T10:00:00+07:00'
"""

from __future__ import annotations

import datetime as dt
from typing import Final

from onestop_core._time import VN_TZ, to_local
from onestop_core.errors import PayloadValidationError

__all__ = ["COMPACT_FORMAT", "format_compact", "parse_remote_time"]

#: DVCQG's ``yyyyMMddHHmmss`` (local time, no offset).
COMPACT_FORMAT: Final = "%Y%m%d%H%M%S"
_LOCAL_FORMATS: Final = (
    COMPACT_FORMAT,
    "%d/%m/%Y %H:%M:%S",
    "%d/%m/%Y %H:%M",
    "%Y-%m-%d %H:%M:%S",
    "%d/%m/%Y",
    "%Y%m%d",
)


def format_compact(t: dt.datetime) -> str:
    """``t`` (aware) as local ``yyyyMMddHHmmss``, the DVCQG form.

    >>> import datetime as dt
    >>> from onestop_core._time import VN_TZ
    >>> format_compact(dt.datetime(2026, 1, 5, 8, 30, tzinfo=VN_TZ))
    '20260105083000'
    """
    return to_local(t).strftime(COMPACT_FORMAT)


def parse_remote_time(text: str, *, path: str = "") -> dt.datetime:
    """An aware instant from any of the formats above; no offset means Vietnam local time.

    Raises :class:`~onestop_core.errors.PayloadValidationError` naming ``path``.

    >>> parse_remote_time("20261120100000").isoformat()
    '2026-11-20T10:00:00+07:00'
    >>> parse_remote_time("2026-11-20T03:00:00Z").isoformat()
    '2026-11-20T03:00:00+00:00'
    """
    if not isinstance(text, str) or not text.strip():
        raise PayloadValidationError(f"{path or 'time'}: expected a date-time, got {text!r}")
    value = text.strip()
    for fmt in _LOCAL_FORMATS:
        try:
            return dt.datetime.strptime(value, fmt).replace(tzinfo=VN_TZ)
        except ValueError:
            continue
    try:
        parsed = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise PayloadValidationError(
            f"{path or 'time'}: {value!r} is not a known date-time format "
            "(yyyyMMddHHmmss, dd/MM/yyyy HH:mm:ss, yyyy-MM-dd HH:mm:ss, ISO 8601)",
            path=path,
        ) from None
    return parsed.replace(tzinfo=VN_TZ) if parsed.tzinfo is None else parsed
