"""Bounded retries with exponential backoff and full jitter, for transient errors only.

:func:`call_with_retry` (and :func:`acall_with_retry` for coroutines) calls an operation
until it succeeds or fails for good, by the error it raises (``integrations.md`` §6.3):

* :class:`~onestop_core.errors.TransientError` — retried up to ``max_attempts`` in all,
  sleeping ``random() * min(cap, base * 2**(n-1))`` before retry ``n`` (full jitter) or
  exactly the ``Retry-After`` the remote sent; a ``Retry-After`` longer than
  ``max_retry_after`` ends the loop (the outbox reschedules the item instead of blocking);
* :class:`~onestop_core.errors.AuthError` — the ``relogin`` callback runs once, then one
  more attempt; a second AuthError is final;
* any other error — raised at once (business errors and invalid payloads are never retried).

The operation receives the attempt number (1, 2, …). Sleeping and randomness are injected
through the :class:`RetryPolicy`, so tests run instantly:

>>> from onestop_core.errors import TransientError
>>> slept = []
>>> policy = RetryPolicy(max_attempts=3, random=lambda: 1.0, sleep=slept.append)
>>> def flaky(attempt: int) -> str:
...     if attempt < 3:
...         raise TransientError("HTTP 503")
...     return f"ok after {attempt}"
>>> call_with_retry(flaky, policy=policy), slept
('ok after 3', [0.5, 1.0])
"""

from __future__ import annotations

import asyncio
import datetime as dt
import email.utils
import inspect
import random
import time
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

import attrs

from onestop_core.adapters.log import logger
from onestop_core.errors import AdapterConfigError, AdapterError, AuthError, TransientError

__all__ = [
    "DEFAULT_RETRY_POLICY",
    "RetryPolicy",
    "acall_with_retry",
    "call_with_retry",
    "parse_retry_after",
]

T = TypeVar("T")


def _positive(_inst: object, attribute: attrs.Attribute[Any], value: float) -> None:
    if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
        raise AdapterConfigError(f"RetryPolicy.{attribute.name} must be >= 0, got {value!r}")


def _attempts(_inst: object, _attribute: attrs.Attribute[Any], value: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise AdapterConfigError(f"RetryPolicy.max_attempts must be an int >= 1, got {value!r}")


@attrs.frozen(kw_only=True)
class RetryPolicy:
    """How often and how long to retry transient errors.

    Attributes:
        max_attempts: attempts in all, the first included (one more after a re-login).
        base: the backoff before the first retry is at most ``base`` seconds …
        cap: … doubling each time, up to ``cap`` seconds (full jitter below that bound).
        max_retry_after: a ``Retry-After`` longer than this (seconds) is not waited for
            in-process; the error is raised with its ``retry_after`` for the caller.
        random: returns a float in [0, 1) (``random.random``); inject for determinism.
        sleep: blocks for the given seconds (``time.sleep``); inject a recorder in tests.
        async_sleep: the coroutine counterpart (``asyncio.sleep``).

    >>> RetryPolicy(random=lambda: 0.5).backoff(3)
    1.0
    """

    max_attempts: int = attrs.field(default=4, validator=_attempts)
    base: float = attrs.field(default=0.5, validator=_positive)
    cap: float = attrs.field(default=30.0, validator=_positive)
    max_retry_after: float = attrs.field(default=120.0, validator=_positive)
    random: Callable[[], float] = attrs.field(default=random.random, eq=False, repr=False)
    sleep: Callable[[float], object] = attrs.field(default=time.sleep, eq=False, repr=False)
    async_sleep: Callable[[float], Awaitable[object]] = attrs.field(
        default=asyncio.sleep, eq=False, repr=False
    )

    def backoff(self, retry: int) -> float:
        """The full-jitter delay before retry number ``retry`` (1 = the first retry).

        >>> RetryPolicy(base=1, cap=8, random=lambda: 1.0).backoff(10)
        8.0
        """
        bound = min(self.cap, self.base * 2.0 ** min(max(retry - 1, 0), 62))
        return float(self.random() * bound)

    def delay_for(self, error: TransientError, retry: int) -> float | None:
        """The delay before retry ``retry`` after ``error``; None: do not retry in-process.

        >>> RetryPolicy().delay_for(TransientError("429", retry_after=2.0), 1)
        2.0
        >>> RetryPolicy(max_retry_after=60).delay_for(TransientError("503", retry_after=600), 1)
        """
        if error.retry_after is not None:
            if error.retry_after > self.max_retry_after:
                return None
            return max(float(error.retry_after), 0.0)
        return self.backoff(retry)


#: The default: 4 attempts, 0.5 s doubling to at most 30 s, Retry-After up to 2 minutes.
DEFAULT_RETRY_POLICY = RetryPolicy()


def parse_retry_after(value: str | None, *, now: dt.datetime | None = None) -> float | None:
    """Seconds to wait from a ``Retry-After`` header: delta-seconds or an HTTP date.

    ``now`` (aware) is when the response arrived (default: the system clock). A date in the
    past gives 0; anything unreadable gives None.

    >>> parse_retry_after("2")
    2.0
    >>> import datetime as dt
    >>> parse_retry_after("Fri, 20 Nov 2026 03:00:30 GMT",
    ...                   now=dt.datetime(2026, 11, 20, 3, 0, tzinfo=dt.UTC))
    30.0
    >>> parse_retry_after("soon") is None
    True
    """
    if value is None or not value.strip():
        return None
    text = value.strip()
    if text.isdigit():
        return float(text)
    try:
        when = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    reference = now or dt.datetime.now(dt.UTC)
    return max((when - reference).total_seconds(), 0.0)


class _Loop:
    """The bookkeeping shared by the sync and async loops: what to do after an error."""

    def __init__(self, policy: RetryPolicy, operation: str, can_relogin: bool) -> None:
        self.policy = policy
        self.operation = operation
        self.can_relogin = can_relogin
        self.relogged = False

    def after(self, error: AdapterError, attempt: int) -> tuple[str, float]:
        """``("raise", 0)``, ``("relogin", 0)`` or ``("sleep", seconds)``."""
        error.attempts = attempt
        limit = self.policy.max_attempts + (1 if self.relogged else 0)
        if isinstance(error, AuthError):
            if not self.can_relogin or self.relogged:
                return "raise", 0.0
            self.relogged = True
            logger.warning("%s: authentication refused; logging in again", self.operation)
            return "relogin", 0.0
        if not isinstance(error, TransientError) or attempt >= limit:
            return "raise", 0.0
        delay = self.policy.delay_for(error, attempt)
        if delay is None:
            return "raise", 0.0
        logger.warning(
            "%s: attempt %d of %d failed (%s); retrying in %.2f s",
            self.operation,
            attempt,
            limit,
            error,
            delay,
        )
        return "sleep", delay


def call_with_retry(
    operation: Callable[[int], T],
    *,
    policy: RetryPolicy | None = None,
    relogin: Callable[[], object] | None = None,
    name: str = "call",
) -> T:
    """Call ``operation(attempt)`` until it returns, retrying as the module describes.

    The error finally raised carries ``attempts``. ``name`` labels the log lines.

    >>> from onestop_core.errors import AuthError
    >>> sessions = []
    >>> def needs_login(attempt: int) -> int:
    ...     if not sessions:
    ...         raise AuthError("session expired")
    ...     return attempt
    >>> call_with_retry(needs_login, relogin=lambda: sessions.append("s-2"))
    2
    """
    loop = _Loop(policy or DEFAULT_RETRY_POLICY, name, relogin is not None)
    attempt = 0
    while True:
        attempt += 1
        try:
            return operation(attempt)
        except AdapterError as error:
            action, delay = loop.after(error, attempt)
            if action == "raise":
                raise
            if action == "relogin" and relogin is not None:
                relogin()
            elif action == "sleep":
                loop.policy.sleep(delay)


async def acall_with_retry(
    operation: Callable[[int], Awaitable[T]],
    *,
    policy: RetryPolicy | None = None,
    relogin: Callable[[], object] | None = None,
    name: str = "call",
) -> T:
    """The coroutine counterpart of :func:`call_with_retry` (``relogin`` may be async).

    >>> import asyncio
    >>> async def once(attempt: int) -> int:
    ...     return attempt
    >>> asyncio.run(acall_with_retry(once))
    1
    """
    loop = _Loop(policy or DEFAULT_RETRY_POLICY, name, relogin is not None)
    attempt = 0
    while True:
        attempt += 1
        try:
            return await operation(attempt)
        except AdapterError as error:
            action, delay = loop.after(error, attempt)
            if action == "raise":
                raise
            if action == "relogin" and relogin is not None:
                result = relogin()
                if inspect.isawaitable(result):
                    await result
            elif action == "sleep":
                await loop.policy.async_sleep(delay)
