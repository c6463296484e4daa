"""The retry loop and policy: full jitter bounds, Retry-After, re-login, async."""

from __future__ import annotations

import asyncio
import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from onestop_core.adapters import (
    AuthError,
    BusinessError,
    PayloadValidationError,
    RetryPolicy,
    TransientError,
    acall_with_retry,
    call_with_retry,
)
from onestop_core.adapters.retry import parse_retry_after
from onestop_core.testing import SleepRecorder, fast_retry_policy


@given(
    retry=st.integers(1, 200),
    base=st.floats(0.01, 10),
    cap=st.floats(0, 100),
    r=st.floats(0, 1, exclude_max=True),
)
def test_full_jitter_stays_within_the_exponential_bound(
    retry: int, base: float, cap: float, r: float
) -> None:
    delay = RetryPolicy(base=base, cap=cap, random=lambda: r).backoff(retry)
    assert 0 <= delay <= min(cap, base * 2.0 ** (retry - 1))


def test_backoff_doubles_until_the_cap() -> None:
    policy = RetryPolicy(base=1, cap=10, random=lambda: 1.0)
    assert [policy.backoff(n) for n in range(1, 7)] == [1, 2, 4, 8, 10, 10]


@pytest.mark.parametrize(
    ("header", "seconds"),
    [
        ("0", 0.0),
        ("120", 120.0),
        ("Fri, 20 Nov 2026 03:01:00 GMT", 60.0),
        ("Fri, 20 Nov 2026 02:00:00 GMT", 0.0),
        ("-5", None),
        ("1.5", None),
        ("", None),
        (None, None),
        ("later", None),
    ],
)
def test_parse_retry_after(header: str | None, seconds: float | None) -> None:
    now = dt.datetime(2026, 11, 20, 3, 0, tzinfo=dt.UTC)
    assert parse_retry_after(header, now=now) == seconds


def test_only_transient_errors_are_retried() -> None:
    for error in (BusinessError("no"), PayloadValidationError("bad")):
        calls: list[int] = []

        def op(attempt: int, error: Exception = error, calls: list[int] = calls) -> None:
            calls.append(attempt)
            raise error

        with pytest.raises(type(error)) as e:
            call_with_retry(op, policy=fast_retry_policy())
        assert calls == [1]
        assert e.value.attempts == 1


def test_other_exceptions_pass_through_untouched() -> None:
    calls: list[int] = []

    def op(attempt: int) -> None:
        calls.append(attempt)
        raise KeyError("bug")

    with pytest.raises(KeyError):
        call_with_retry(op, policy=fast_retry_policy())
    assert calls == [1]


def test_relogin_then_transient_errors_share_one_budget_plus_one() -> None:
    sleep = SleepRecorder()
    errors: list[Exception] = [AuthError("expired"), TransientError("503"), TransientError("503")]
    logins: list[int] = []

    def op(attempt: int) -> int:
        if errors:
            raise errors.pop(0)
        return attempt

    result = call_with_retry(
        op, policy=fast_retry_policy(max_attempts=3, sleep=sleep), relogin=lambda: logins.append(1)
    )
    assert result == 4  # 3 attempts + the one after the re-login
    assert logins == [1]
    assert len(sleep.calls) == 2  # no sleeping before the attempt after a re-login


def test_async_loop_awaits_async_relogin_and_sleep() -> None:
    sleep = SleepRecorder()
    logins: list[int] = []
    errors: list[Exception] = [AuthError("expired"), TransientError("429", retry_after=3)]

    async def relogin() -> None:
        logins.append(1)

    async def op(attempt: int) -> int:
        if errors:
            raise errors.pop(0)
        return attempt

    got = asyncio.run(acall_with_retry(op, policy=fast_retry_policy(sleep=sleep), relogin=relogin))
    assert (got, logins, sleep.calls) == (3, [1], [3.0])


def test_async_loop_gives_up_on_a_long_retry_after() -> None:
    async def op(attempt: int) -> int:
        raise TransientError("503", retry_after=10_000)

    with pytest.raises(TransientError) as e:
        asyncio.run(acall_with_retry(op, policy=fast_retry_policy()))
    assert e.value.attempts == 1
