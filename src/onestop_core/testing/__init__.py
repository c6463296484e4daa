"""The public test kit for adapter authors (and for onestop_core's own tests).

* :mod:`onestop_core.testing.contracts` — ``AdapterContractTests``, the contract suite
  every adapter's tests subclass;
* :mod:`onestop_core.testing.strategies` — hypothesis strategies for the canonical records;
* :mod:`onestop_core.testing.fixtures` — pytest fixtures (``outbox``, ``mock_http``,
  ``fast_retry``, ``recorded_sleep``, ``captured_logs``); opt in with
  ``pytest_plugins = ["onestop_core.testing.fixtures"]`` in your top-level ``conftest.py``;
* :mod:`onestop_core.testing.simulators` — HTTP simulators of the remote systems.

This module itself holds the small helpers below and imports neither pytest nor hypothesis.

>>> sleep = SleepRecorder()
>>> policy = fast_retry_policy(sleep=sleep)
>>> policy.sleep(2.0), sleep.calls
(None, [2.0])
>>> assert_no_personal_data("gửi tới *******678")
"""

from __future__ import annotations

from collections.abc import Iterable

from onestop_core.adapters.retry import RetryPolicy
from onestop_core.privacy import mask_text

__all__ = [
    "SleepRecorder",
    "assert_no_personal_data",
    "fast_retry_policy",
    "find_personal_data",
]


class SleepRecorder:
    """A stand-in for ``time.sleep`` and ``asyncio.sleep`` that records and returns at once.

    >>> import asyncio
    >>> rec = SleepRecorder()
    >>> rec(1.5); asyncio.run(rec.async_sleep(0.5)); rec.calls, rec.total
    ([1.5, 0.5], 2.0)
    """

    def __init__(self) -> None:
        self.calls: list[float] = []

    def __call__(self, seconds: float) -> None:
        self.calls.append(float(seconds))

    async def async_sleep(self, seconds: float) -> None:
        """The coroutine version (records the same way)."""
        self.calls.append(float(seconds))

    @property
    def total(self) -> float:
        """The seconds that would have been slept."""
        return sum(self.calls)


def fast_retry_policy(
    *, max_attempts: int = 3, sleep: SleepRecorder | None = None, jitter: float = 0.5
) -> RetryPolicy:
    """A retry policy that never sleeps (delays go to ``sleep``) and has fixed jitter.

    >>> fast_retry_policy(max_attempts=5).max_attempts
    5
    """
    recorder = sleep if sleep is not None else SleepRecorder()
    return RetryPolicy(
        max_attempts=max_attempts,
        random=lambda: jitter,
        sleep=recorder,
        async_sleep=recorder.async_sleep,
    )


def find_personal_data(text: str, known: Iterable[str] = ()) -> list[str]:
    """The pieces of ``text`` that are personal data left unmasked.

    Finds what :func:`~onestop_core.privacy.mask_text` would mask (ID numbers, phones,
    e-mails) plus any of the ``known`` values (names, addresses: text nobody can recognise
    by shape) that occur verbatim.

    >>> find_personal_data("CCCD 001204012345 của Nguyễn Văn An", known=["Nguyễn Văn An"])
    ['001204012345', 'Nguyễn Văn An']
    """
    found: list[str] = []
    masked = mask_text(text)
    if masked != text:
        words, masked_words = text.split(), masked.split()
        if len(words) == len(masked_words):
            found += [w.strip(".,;:()") for w, m in zip(words, masked_words, strict=True) if w != m]
        else:  # a phone with spaces inside: report the whole text
            found.append(text)
    found += [k for k in known if k and k in text]
    return found


def assert_no_personal_data(text: str, known: Iterable[str] = ()) -> None:
    """Fail (AssertionError) if ``text`` holds unmasked personal data.

    >>> assert_no_personal_data("gọi 0912345678")
    Traceback (most recent call last):
    ...
    AssertionError: unmasked personal data: ['0912345678']
    """
    found = find_personal_data(text, known)
    if found:
        raise AssertionError(f"unmasked personal data: {found}")
