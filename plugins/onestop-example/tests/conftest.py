"""Fixtures: the VNPost simulator and a callback receiver (for the postal skeleton's contract).

They are imported, not listed in ``pytest_plugins``: pytest allows that only in the root
conftest of a run, and these tests also run from the repository root.
"""

from __future__ import annotations

from onestop_core.testing.simulators.fixtures import callback_receiver, vnpost_sim

__all__ = ["callback_receiver", "vnpost_sim"]
