"""HTTP values for adapters, free of httpx: timeouts, responses, status classification.

The clients in :mod:`onestop_core.adapters._http` return :class:`HttpResponse` values and
raise what :func:`error_for_status` says an error status means.

>>> HttpResponse(status_code=200, headers={}, content=b'{"error_code": 0}', url="u",
...              idempotency_key="k", correlation_id="c").json()
{'error_code': 0}
"""

from __future__ import annotations

import datetime as dt
import json as jsonlib
from collections.abc import Mapping
from typing import Any, Final

import attrs

from onestop_core.adapters.retry import parse_retry_after
from onestop_core.errors import (
    AdapterConfigError,
    AdapterError,
    AuthError,
    BusinessError,
    PayloadValidationError,
    TransientError,
)

__all__ = [
    "DEFAULT_MAX_RESPONSE_BYTES",
    "DEFAULT_TIMEOUTS",
    "HttpResponse",
    "Timeouts",
    "error_for_status",
]

#: One MiB, as one VNPost client caps it (``integrations.md`` §6.3).
DEFAULT_MAX_RESPONSE_BYTES: Final = 1024 * 1024
_TRANSIENT_STATUS: Final = frozenset({408, 425, 429})
_INVALID_STATUS: Final = frozenset({400, 413, 415, 422})
_PERMANENT_5XX: Final = frozenset({501, 505})


def _seconds(_inst: object, attribute: attrs.Attribute[Any], value: float) -> None:
    if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
        raise AdapterConfigError(f"Timeouts.{attribute.name} must be > 0 seconds, got {value!r}")


@attrs.frozen(kw_only=True)
class Timeouts:
    """Explicit timeouts in seconds (never infinite): connect, read, write, pool.

    >>> Timeouts(read=60).read
    60
    """

    connect: float = attrs.field(default=5.0, validator=_seconds)
    read: float = attrs.field(default=30.0, validator=_seconds)
    write: float = attrs.field(default=30.0, validator=_seconds)
    pool: float = attrs.field(default=5.0, validator=_seconds)


#: 5 s to connect or get a pooled connection, 30 s to read or write.
DEFAULT_TIMEOUTS: Final = Timeouts()


@attrs.frozen(kw_only=True)
class HttpResponse:
    """A complete, size-checked HTTP response.

    ``headers`` has lower-case names; ``attempts`` is how many tries the request took.

    >>> r = HttpResponse(status_code=200, headers={"content-type": "text/plain"}, content=b"OK",
    ...                  url="https://dvc.test/x", idempotency_key="k-1", correlation_id="c-1")
    >>> r.text, r.headers["content-type"]
    ('OK', 'text/plain')
    """

    status_code: int
    headers: Mapping[str, str] = attrs.field(repr=False, hash=False)
    content: bytes = attrs.field(repr=False)
    url: str
    idempotency_key: str
    correlation_id: str
    attempts: int = 1

    @property
    def text(self) -> str:
        """The body decoded as UTF-8 (undecodable bytes replaced)."""
        return self.content.decode("utf-8", errors="replace")

    def json(self) -> Any:
        """The body parsed as JSON; a malformed body raises PayloadValidationError.

        >>> HttpResponse(status_code=200, headers={}, content=b"{oops", url="u",
        ...              idempotency_key="k", correlation_id="c").json()
        Traceback (most recent call last):
        ...
        onestop_core.errors.PayloadValidationError: response from u is not valid JSON (line 1)
        """
        try:
            return jsonlib.loads(self.content)
        except (ValueError, UnicodeDecodeError) as exc:
            raise PayloadValidationError(
                f"response from {self.url} is not valid JSON (line {getattr(exc, 'lineno', '?')})",
                path="body",
            ) from None


def error_for_status(
    response: HttpResponse,
    *,
    reason: str = "",
    label: str = "",
    system: str = "",
    now: dt.datetime | None = None,
) -> AdapterError | None:
    """The typed error an HTTP error status means (None below 400).

    408, 425, 429 and 5xx except 501 and 505 → TransientError with ``Retry-After`` (read at
    ``now``); 401/403 → AuthError; 400, 413, 415, 422 → PayloadValidationError; other 4xx,
    501 and 505 → BusinessError with the status as ``code`` and the start of the body,
    masked, as ``remote_message``.

    >>> r = HttpResponse(status_code=429, headers={"retry-after": "2"}, content=b"",
    ...                  url="https://dvc.test/x", idempotency_key="k", correlation_id="c")
    >>> err = error_for_status(r)
    >>> type(err).__name__, err.retry_after
    ('TransientError', 2.0)
    """
    status = response.status_code
    if status < 400:
        return None
    message = f"{label or response.url}: HTTP {status} {reason}".rstrip()
    snippet = response.text[:200]
    common: dict[str, Any] = {"system": system, "operation": label}
    if status in _TRANSIENT_STATUS or (status >= 500 and status not in _PERMANENT_5XX):
        retry_after = parse_retry_after(response.headers.get("retry-after"), now=now)
        return TransientError(message, retry_after=retry_after, status_code=status, **common)
    if status in (401, 403):
        return AuthError(message, status_code=status, **common)
    if status in _INVALID_STATUS:
        return PayloadValidationError(f"{message}: {snippet}", path="request", **common)
    return BusinessError(message, code=str(status), remote_message=snippet, **common)
