"""The adapter contract of onestop_core, run against the DVCQG simulator over real sockets."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from onestop_core.testing import fast_retry_policy
from onestop_core.testing.contracts import AdapterContractTests, Fault
from onestop_core.testing.simulators import DvcqgSimulator

from onestop_dvcqg import DvcqgAdapter

from .helpers import make_config, write_count

#: How each contract fault is served by the simulator (on the dossier write only: the
#: look-up before it must not consume the fault).
FAULTS: dict[Fault, dict[str, Any]] = {
    Fault.TRANSIENT: {"status": 503},
    Fault.BUSINESS: {"error_code": "-2", "message": "Dữ liệu không hợp lệ"},
    Fault.AUTH: {"expire_session": True},
}


class TestDvcqgContract(AdapterContractTests):
    kind = "national"

    @pytest.fixture(autouse=True)
    def _simulator(self, dvcqg_sim: DvcqgSimulator) -> Iterator[None]:
        self.sim = dvcqg_sim
        self.adapters: list[DvcqgAdapter] = []
        yield
        for adapter in self.adapters:
            adapter.close()

    def make_adapter(self) -> DvcqgAdapter:
        adapter = DvcqgAdapter(make_config(self.sim.url), retry=fast_retry_policy())
        self.adapters.append(adapter)
        return adapter

    def inject_fault(self, fault: Fault, *, times: int = 1) -> None:
        self.sim.add_fault("DongBoHoSoMC", {**FAULTS[fault], "times": times})

    def remote_write_count(self) -> int:
        return write_count(self.sim)

    def remote_records(self, key: str) -> int:
        return 1 if key in self.sim.dossiers else 0


def test_the_auth_contract_relogged_exactly_once(dvcqg_sim: DvcqgSimulator) -> None:
    suite = TestDvcqgContract()
    suite.sim = dvcqg_sim
    with DvcqgAdapter(make_config(dvcqg_sim.url), retry=fast_retry_policy()) as adapter:
        suite.test_auth_error_leads_to_one_relogin(adapter)
        assert (adapter.logins, adapter.relogins) == (2, 1)
