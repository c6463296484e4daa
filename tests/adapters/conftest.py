"""Fixtures of the public test kit (``onestop_core.testing.fixtures``), imported here.

``pytest_plugins`` may only be set in the top-level conftest, so the fixtures are imported.
"""

from __future__ import annotations

from onestop_core.testing.fixtures import (
    captured_logs,
    fast_retry,
    mock_http,
    outbox,
    recorded_sleep,
)

__all__ = ["captured_logs", "fast_retry", "mock_http", "outbox", "recorded_sleep"]
