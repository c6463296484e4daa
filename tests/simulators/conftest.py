"""Simulator fixtures (imported: pytest refuses ``pytest_plugins`` in a nested conftest)."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from onestop_core.testing.simulators.fixtures import (
    callback_receiver,
    dvcqg_sim,
    sim_client,
    vnpost_sim,
)

__all__ = ["callback_receiver", "dvcqg_sim", "http", "sim_client", "vnpost_sim"]


@pytest.fixture
def http() -> Iterator[httpx.Client]:
    """A raw httpx client (closed after the test); plain HTTP only, so no CA bundle load."""
    with httpx.Client(timeout=5.0, verify=False) as client:
        yield client
