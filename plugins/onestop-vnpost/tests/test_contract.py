"""The onestop_core postal contract, run on VnpostAdapter against the simulator over sockets."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

import pytest
from onestop_core.adapters import Shipment
from onestop_core.testing import fast_retry_policy
from onestop_core.testing.contracts import AdapterContractTests, Fault
from onestop_core.testing.simulators import CallbackReceiver, VnpostSimulator

from onestop_vnpost import VnpostAdapter, VnpostConfig

from .helpers import SECRET, result_shipment

_FAULTS: dict[Fault, dict[str, Any]] = {
    Fault.TRANSIENT: {"status": 503},
    Fault.BUSINESS: {"error_code": "E_ROUTE", "message": "Tuyến phát không phục vụ (giả lập)"},
    Fault.AUTH: {"expire_session": True},
}


class TestVnpostContract(AdapterContractTests):
    kind = "postal"

    @pytest.fixture(autouse=True)
    def _servers(
        self, vnpost_sim: VnpostSimulator, callback_receiver: CallbackReceiver
    ) -> Iterator[None]:
        self.sim, self.receiver = vnpost_sim, callback_receiver
        vnpost_sim.register_callback(callback_receiver.callback_url, SECRET)
        self.made: list[VnpostAdapter] = []
        yield
        for adapter in self.made:
            adapter.close()

    def make_adapter(self) -> VnpostAdapter:
        config = VnpostConfig(
            base_url=self.sim.url,
            username=VnpostSimulator.USERNAME,
            password=VnpostSimulator.PASSWORD,
            customer_code=VnpostSimulator.CUSTOMER_CODE,
            callback_secrets=[SECRET],
        )
        adapter = VnpostAdapter(config, retry=fast_retry_policy())
        self.made.append(adapter)
        return adapter

    def shipment(self) -> Shipment:
        # The kit's sample_shipment() gives the agency an 11-digit landline, which the
        # simulator's phone check refuses (it accepts 10 digits only).
        return result_shipment("000.00.06.H56-261120-0001")

    def inject_fault(self, fault: Fault, *, times: int = 1) -> None:
        self.sim.add_fault("CreateOrder", times=times, **_FAULTS[fault])

    def remote_write_count(self) -> int:
        return len(self.sim.requests(masked=False, path="/customer-partner/CreateOrder"))

    def remote_records(self, key: str) -> int:
        per_code: Mapping[str, int] = self.sim.state()["orders_per_sale_order_code"]
        return per_code.get(key, 0)

    def signed_callback(self, item_code: str) -> tuple[Mapping[str, str], bytes, Mapping[str, str]]:
        self.sim.advance(item_code, "happy", steps=1)  # the simulator signs and POSTs it
        request = self.receiver.received()[-1]
        return request.headers, request.body, {}
