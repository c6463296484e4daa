"""Fixtures: the simulator and test-kit fixtures, an adapter per test, and the log check.

``pytest_plugins`` is refused outside the root conftest, so the fixtures are imported.
Every test's captured logs are checked for unmasked personal data (autouse).
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, settings
from onestop_core.adapters import RetryPolicy
from onestop_core.testing import assert_no_personal_data
from onestop_core.testing.fixtures import fast_retry, outbox, recorded_sleep
from onestop_core.testing.simulators import DvcqgSimulator
from onestop_core.testing.simulators.fixtures import dvcqg_sim, sim_client

from onestop_dvcqg import DvcqgAdapter, DvcqgConfig

from .helpers import KNOWN_PERSONAL_DATA, make_config

__all__ = [
    "config",
    "dvcqg_sim",
    "fast_retry",
    "outbox",
    "portal",
    "recorded_sleep",
    "sim_client",
]

settings.register_profile(
    "ci",
    max_examples=60,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile("dev", max_examples=200, deadline=None)
settings.register_profile("thorough", max_examples=3000, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") else "dev"))


@pytest.fixture(autouse=True)
def _no_personal_data_in_logs(caplog: pytest.LogCaptureFixture) -> Iterator[None]:
    """Fail the test if any captured log line holds an unmasked ID number, phone or name."""
    caplog.set_level(logging.DEBUG, logger="onestop_core")
    caplog.set_level(logging.DEBUG, logger="onestop_dvcqg")
    yield
    assert_no_personal_data(caplog.text, known=KNOWN_PERSONAL_DATA)


@pytest.fixture
def config(dvcqg_sim: DvcqgSimulator) -> DvcqgConfig:
    """A configuration pointing at the running simulator (short timeouts)."""
    return make_config(dvcqg_sim.url)


@pytest.fixture
def portal(config: DvcqgConfig, fast_retry: RetryPolicy) -> Iterator[DvcqgAdapter]:
    """The adapter under test: real sockets to the simulator, retries that never sleep."""
    with DvcqgAdapter(config, retry=fast_retry) as adapter:
        yield adapter
