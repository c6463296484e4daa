"""The postal contract of onestop_core, run on the tutorial's skeleton against the simulator."""

from __future__ import annotations

import base64
from collections.abc import Iterator, Mapping
from typing import Any

import pytest
from onestop_core.adapters import Address, Party, Shipment, ShipmentLeg
from onestop_core.testing import fast_retry_policy
from onestop_core.testing.contracts import AdapterContractTests, Fault
from onestop_core.testing.simulators import CallbackReceiver, VnpostSimulator

from onestop_example.postal import ExamplePostAdapter

SECRET = "whsec_" + base64.b64encode(b"example-relay-secret").decode()
FAULTS: dict[Fault, dict[str, Any]] = {
    Fault.TRANSIENT: {"status": 503},  # retried
    Fault.BUSINESS: {"error_code": "E_ROUTE"},  # surfaced at once
    Fault.AUTH: {"expire_session": True},  # the token dies: one re-login
}


class TestExamplePostContract(AdapterContractTests):
    kind = "postal"

    @pytest.fixture(autouse=True)
    def _servers(
        self, vnpost_sim: VnpostSimulator, callback_receiver: CallbackReceiver
    ) -> Iterator[None]:
        self.sim, self.receiver = vnpost_sim, callback_receiver
        vnpost_sim.register_callback(callback_receiver.callback_url, SECRET)
        self.adapters: list[ExamplePostAdapter] = []
        yield
        for adapter in self.adapters:
            adapter.close()

    def make_adapter(self) -> ExamplePostAdapter:
        adapter = ExamplePostAdapter(
            self.sim.url,
            username="sim-user",
            password="sim-pass",
            customer_code="SIM-CUST",
            secrets=[SECRET],
            retry=fast_retry_policy(),  # no real sleeping
        )
        self.adapters.append(adapter)
        return adapter

    def shipment(self) -> Shipment:
        agency = Party(
            name="UBND phường Ba Đình",
            phone="0983000111",
            org_code="000.00.06.H56",
            address=Address(province_code="01", ward_code="00004", detail="Số 1 Đội Cấn"),
        )
        applicant = Party(
            name="Nguyễn Văn An",
            phone="0912345678",
            address=Address(province_code="01", ward_code="00004", detail="Số 12 ngõ 34"),
        )
        return Shipment(
            dossier_code="000.00.06.H56-261120-0001",
            leg=ShipmentLeg.DELIVER_RESULT,
            sender=agency,
            receiver=applicant,
            weight_g=200,
            service_code="ETN011",
        )

    def inject_fault(self, fault: Fault, *, times: int = 1) -> None:
        self.sim.add_fault("CreateOrder", times=times, **FAULTS[fault])

    def remote_write_count(self) -> int:
        return len(self.sim.requests(path="/customer-partner/CreateOrder"))

    def remote_records(self, key: str) -> int:
        count: int = self.sim.state()["orders_per_sale_order_code"].get(key, 0)
        return count

    def signed_callback(self, item_code: str) -> tuple[Mapping[str, str], bytes, Mapping[str, str]]:
        self.sim.advance(item_code, "happy", steps=1)  # the simulator signs and sends it
        request = self.receiver.received()[-1]
        return request.headers, request.body, {}
