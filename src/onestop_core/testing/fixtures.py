"""pytest fixtures for adapter tests (a pytest plugin module; opt in to use it).

In your top-level ``conftest.py``::

    pytest_plugins = ["onestop_core.testing.fixtures"]

(or import the fixtures you need into a ``conftest.py``). Fixtures:

* ``recorded_sleep`` — a :class:`~onestop_core.testing.SleepRecorder`;
* ``fast_retry`` — a :class:`~onestop_core.adapters.RetryPolicy` with 3 attempts that
  sleeps into ``recorded_sleep`` (no real waiting);
* ``mock_http`` — a factory: ``mock_http(handler, **kwargs)`` returns an
  :class:`~onestop_core.adapters.HttpClient` whose requests go to ``handler`` (an
  ``httpx.MockTransport`` handler), with the ``fast_retry`` policy; closed after the test;
* ``outbox`` — an :class:`~onestop_core.adapters.Outbox` in ``tmp_path``;
* ``captured_logs`` — every log record of the test; after the test it fails if any record
  holds unmasked personal data (add known names and addresses with ``captured_logs.known``).

>>> sorted(n for n in globals() if n in {"outbox", "mock_http", "fast_retry", "captured_logs"})
['captured_logs', 'fast_retry', 'mock_http', 'outbox']
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from onestop_core.adapters.outbox import Outbox
from onestop_core.adapters.retry import RetryPolicy
from onestop_core.testing import SleepRecorder, fast_retry_policy, find_personal_data

if TYPE_CHECKING:
    from onestop_core.adapters._http import HttpClient, Request, Response

__all__ = [
    "CapturedLogs",
    "captured_logs",
    "fast_retry",
    "mock_http",
    "outbox",
    "recorded_sleep",
]


class CapturedLogs(logging.Handler):
    """A handler keeping every record it sees (attached to the root logger by the fixture).

    ``known`` lists personal data the test used that no pattern can recognise (names,
    street addresses); :meth:`leaks` reports any of it, and any unmasked ID number, phone
    or e-mail, found in the formatted records.

    >>> logs = CapturedLogs()
    >>> logs.known.append("Nguyễn Văn An")
    >>> logs.handle(logging.makeLogRecord({"msg": "gửi Nguyễn Văn An, ĐT 0912345678"}))
    True
    >>> logs.leaks()
    ['0912345678', 'Nguyễn Văn An']
    """

    def __init__(self) -> None:
        super().__init__(level=logging.DEBUG)
        self.records: list[logging.LogRecord] = []
        self.known: list[str] = []
        self._formatter = logging.Formatter("%(name)s %(levelname)s %(message)s")

    def emit(self, record: logging.LogRecord) -> None:
        """Keep the record."""
        self.records.append(record)

    @property
    def messages(self) -> list[str]:
        """Each record formatted (name, level, message and traceback)."""
        return [self._formatter.format(r) for r in self.records]

    def leaks(self) -> list[str]:
        """The personal data left unmasked in the captured records."""
        return [leak for m in self.messages for leak in find_personal_data(m, self.known)]


@pytest.fixture
def recorded_sleep() -> SleepRecorder:
    """Records the sleeps of ``fast_retry`` instead of sleeping."""
    return SleepRecorder()


@pytest.fixture
def fast_retry(recorded_sleep: SleepRecorder) -> RetryPolicy:
    """Three attempts, jitter fixed at 0.5, sleeping into ``recorded_sleep``."""
    return fast_retry_policy(sleep=recorded_sleep)


@pytest.fixture
def mock_http(fast_retry: RetryPolicy) -> Iterator[Callable[..., HttpClient]]:
    """``mock_http(handler, **kwargs) -> HttpClient`` over ``httpx.MockTransport(handler)``."""
    from onestop_core.adapters._http import HttpClient

    made: list[HttpClient] = []

    def make(handler: Callable[[Request], Response], **kwargs: Any) -> HttpClient:
        kwargs.setdefault("retry", fast_retry)
        kwargs.setdefault("base_url", "https://remote.test")
        client = HttpClient.from_handler(handler, **kwargs)
        made.append(client)
        return client

    yield make
    for client in made:
        client.close()


@pytest.fixture
def outbox(tmp_path: Path) -> Iterator[Outbox]:
    """An outbox in a fresh file under ``tmp_path``; closed after the test."""
    with Outbox(tmp_path / "outbox.sqlite3") as box:
        yield box


@pytest.fixture
def captured_logs() -> Iterator[CapturedLogs]:
    """Capture every log record at DEBUG and fail the test if personal data leaked."""
    handler = CapturedLogs()
    root = logging.getLogger()
    package = logging.getLogger("onestop_core")
    levels = (root.level, package.level)
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    package.setLevel(logging.DEBUG)
    try:
        yield handler
    finally:
        root.removeHandler(handler)
        root.setLevel(levels[0])
        package.setLevel(levels[1])
    leaks = handler.leaks()
    if leaks:
        pytest.fail(f"log records hold unmasked personal data: {leaks}", pytrace=False)
