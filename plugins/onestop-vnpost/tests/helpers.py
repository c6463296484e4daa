"""Shared test data: fictitious parties, a decided BCCI dossier, a callback endpoint server."""

from __future__ import annotations

import base64
import datetime as dt
from typing import Any, ClassVar
from zoneinfo import ZoneInfo

from onestop_core.adapters import Address, CallbackInbox, Party, Shipment, ShipmentLeg
from onestop_core.dossiers import (
    Accepted,
    Applicant,
    Decided,
    Dossier,
    DossierHeader,
    DossierStore,
)
from onestop_core.procedures import ProcessingTime
from onestop_core.procedures.enums import Channel
from onestop_core.testing.simulators import SimRequest, SimResponse, SimulatorServer

from onestop_vnpost import CallbackResponse, VnpostAdapter, bcci_shipment, handle_callback

VN_TZ = ZoneInfo("Asia/Ho_Chi_Minh")
SECRET = "whsec_" + base64.b64encode(b"vnpost-relay-secret-0123456789").decode()
NEW_SECRET = "whsec_" + base64.b64encode(b"vnpost-relay-secret-rotated-2027").decode()
WRONG_SECRET = "whsec_" + base64.b64encode(b"not-our-secret").decode()

AGENCY_ID = "000.00.06.H56"
APPLICANT_NAME = "Nguyễn Văn An"
APPLICANT_STREET = "Số 12 ngõ 34 phố Đội Cấn"
AGENCY = Party(
    name="UBND phường Ba Đình",
    phone="0983000111",
    org_code=AGENCY_ID,
    address=Address(province_code="01", ward_code="00004", detail="Số 1 phố Đội Cấn"),
)
APPLICANT = Party(
    name=APPLICANT_NAME,
    phone="0912345678",
    email="nguyenvanan@example.vn",
    address=Address(province_code="01", ward_code="00004", detail=APPLICANT_STREET),
)
#: Personal data no pattern recognises; the log check looks for it verbatim.
KNOWN_PERSONAL_DATA = [APPLICANT_NAME, APPLICANT_STREET, "Trần Thị Bình"]

#: Reception, decision: before the simulator's clock starts (2026-11-20 08:00 +07:00).
RECEIVED_AT = dt.datetime(2026, 11, 17, 9, 0, tzinfo=VN_TZ)
DECIDED_AT = dt.datetime(2026, 11, 19, 10, 0, tzinfo=VN_TZ)


def result_shipment(dossier_code: str, **kwargs: Any) -> Shipment:
    """The result leg of ``dossier_code``: agency → applicant."""
    kwargs.setdefault("weight_g", 200)
    kwargs.setdefault("service_code", "ETN011")
    return bcci_shipment(
        ShipmentLeg.DELIVER_RESULT,
        dossier_code=dossier_code,
        agency=AGENCY,
        applicant=APPLICANT,
        **kwargs,
    )


def collect_shipment(dossier_code: str, **kwargs: Any) -> Shipment:
    """The dossier leg of ``dossier_code``: applicant → agency."""
    kwargs.setdefault("weight_g", 400)
    kwargs.setdefault("service_code", "ETN011")
    return bcci_shipment(
        ShipmentLeg.COLLECT_DOSSIER,
        dossier_code=dossier_code,
        agency=AGENCY,
        applicant=APPLICANT,
        **kwargs,
    )


def decided_dossier(store: DossierStore, dossier_id: str = "hs-1") -> Dossier:
    """A postal dossier received on 17/11/2026 and decided on 19/11/2026 (status 9)."""
    header = DossierHeader(
        procedure_code="1.004873",
        procedure_name="Cấp Giấy xác nhận tình trạng hôn nhân",
        limit=ProcessingTime.working_days(3),
        channel=Channel.POSTAL,
        applicant=Applicant(name=APPLICANT_NAME, phone="0912345678"),
        receiving_agency=AGENCY_ID,
        competent_agency=AGENCY_ID,
    )
    dossier = store.receive(
        dossier_id, Accepted(at=RECEIVED_AT, header=header), agency_id=AGENCY_ID
    )
    return store.append(dossier_id, [Decided(at=DECIDED_AT)], expected_version=dossier.version)


class CallbackEndpoint(SimulatorServer):
    """Our receiving endpoint on 127.0.0.1: ``POST /vnpost/callbacks`` → :func:`handle_callback`.

    Answers what :func:`handle_callback` says (2xx only after the inbox and the store were
    written); an exception becomes HTTP 500 and is kept in ``errors``.
    """

    name: ClassVar[str] = "endpoint"

    def __init__(
        self, adapter: VnpostAdapter, store: DossierStore, inbox: CallbackInbox, **kwargs: Any
    ) -> None:
        super().__init__(**kwargs)
        self.adapter, self.store, self.inbox = adapter, store, inbox
        self.responses: list[CallbackResponse] = []
        self.add_route("POST", "/vnpost/callbacks", self._serve)

    @property
    def callback_url(self) -> str:
        return self.url + "/vnpost/callbacks"

    def _serve(self, req: SimRequest) -> SimResponse:
        result = handle_callback(
            self.adapter, req.headers, req.body, req.query, store=self.store, inbox=self.inbox
        )
        self.responses.append(result)
        return SimResponse.json(dict(result.body), result.status_code)

    def statuses(self) -> list[int]:
        return [r.status_code for r in self.responses]
