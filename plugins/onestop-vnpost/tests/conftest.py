"""Fixtures: the VNPost simulator, an adapter wired to it, a dossier store, an inbox, and the
log check every test runs under (no unmasked personal data in any log record).

The test kit's fixtures are imported, not listed in ``pytest_plugins``: pytest allows that
only in the root conftest of a run, and these tests also run from the repository root.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from onestop_core.adapters import CallbackInbox
from onestop_core.dossiers import MemoryDossierStore
from onestop_core.testing import SleepRecorder, fast_retry_policy
from onestop_core.testing.fixtures import CapturedLogs, captured_logs, recorded_sleep
from onestop_core.testing.simulators import VnpostSimulator
from onestop_core.testing.simulators.fixtures import callback_receiver, vnpost_sim

from onestop_vnpost import VnpostAdapter, VnpostConfig

from .helpers import KNOWN_PERSONAL_DATA, SECRET, CallbackEndpoint

__all__ = [
    "callback_receiver",
    "captured_logs",
    "recorded_sleep",
    "vnpost_sim",
]


@pytest.fixture(autouse=True)
def _no_personal_data_in_logs(captured_logs: CapturedLogs) -> CapturedLogs:
    """Every test: each log record, from any logger, is checked for unmasked personal data
    (``captured_logs`` fails the test at teardown if one holds any)."""
    captured_logs.known.extend(KNOWN_PERSONAL_DATA)
    return captured_logs


@pytest.fixture
def config(vnpost_sim: VnpostSimulator) -> VnpostConfig:
    """The simulator's fake credentials and our relay secret."""
    return VnpostConfig(
        base_url=vnpost_sim.url,
        username=VnpostSimulator.USERNAME,
        password=VnpostSimulator.PASSWORD,
        customer_code=VnpostSimulator.CUSTOMER_CODE,
        callback_secrets=[SECRET],
    )


@pytest.fixture
def adapter(config: VnpostConfig, recorded_sleep: SleepRecorder) -> Iterator[VnpostAdapter]:
    """An adapter on the simulator; retries sleep into ``recorded_sleep``."""
    with VnpostAdapter(config, retry=fast_retry_policy(sleep=recorded_sleep)) as vnpost:
        yield vnpost


@pytest.fixture
def store() -> MemoryDossierStore:
    return MemoryDossierStore()


@pytest.fixture
def inbox(tmp_path: Path) -> Iterator[CallbackInbox]:
    """A durable inbox in a SQLite file."""
    with CallbackInbox(tmp_path / "inbox.sqlite3") as box:
        yield box


@pytest.fixture
def endpoint(
    adapter: VnpostAdapter,
    store: MemoryDossierStore,
    inbox: CallbackInbox,
    vnpost_sim: VnpostSimulator,
) -> Iterator[CallbackEndpoint]:
    """Our callback endpoint, registered with the simulator (which signs with ``SECRET``)."""
    with CallbackEndpoint(adapter, store, inbox) as server:
        vnpost_sim.register_callback(server.callback_url, SECRET)
        yield server
    assert not server.errors, server.errors[0]
