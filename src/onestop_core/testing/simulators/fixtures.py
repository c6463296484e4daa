"""pytest fixtures for the simulators (a plugin module).

Enable them in the root ``conftest.py`` with
``pytest_plugins = ["onestop_core.testing.simulators.fixtures"]``, or import the fixture
functions into a nested ``conftest.py`` (pytest refuses ``pytest_plugins`` there).

Every simulator fixture is function-scoped: a fresh server on a fresh ephemeral port per
test, stopped (threads joined, sockets closed) at teardown.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

from onestop_core.testing.simulators.base import SimulatorServer
from onestop_core.testing.simulators.control import SimControl
from onestop_core.testing.simulators.dvcqg import DvcqgSimulator
from onestop_core.testing.simulators.receiver import CallbackReceiver
from onestop_core.testing.simulators.vnpost import VnpostSimulator

__all__ = ["callback_receiver", "dvcqg_sim", "sim_client", "vnpost_sim"]


@pytest.fixture
def dvcqg_sim() -> Iterator[DvcqgSimulator]:
    """A running :class:`DvcqgSimulator` (credentials ``sim-user``/``sim-pass``, ``SIM-DST``)."""
    with DvcqgSimulator() as sim:
        yield sim


@pytest.fixture
def vnpost_sim() -> Iterator[VnpostSimulator]:
    """A running :class:`VnpostSimulator` (``sim-user``/``sim-pass``, customer ``SIM-CUST``)."""
    with VnpostSimulator() as sim:
        yield sim


@pytest.fixture
def callback_receiver() -> Iterator[CallbackReceiver]:
    """A running :class:`CallbackReceiver` to register as a callback URL."""
    with CallbackReceiver() as rx:
        yield rx


@pytest.fixture
def sim_client() -> Callable[[SimulatorServer], SimControl]:
    """A factory: ``sim_client(dvcqg_sim)`` → :class:`SimControl` for that server."""

    def make(sim: SimulatorServer) -> SimControl:
        return SimControl(sim.url)

    return make
