"""Canonical records: building from a dossier, validation, masked reprs, serialization."""

from __future__ import annotations

import datetime as dt
from typing import Any

import attrs
import pytest
from hypothesis import given

from onestop_core._time import VN_TZ
from onestop_core.adapters import (
    Address,
    ApplicantKind,
    ApplicantRecord,
    DossierSyncPayload,
    Evaluation,
    IdType,
    Party,
    PayloadValidationError,
    ProgressStep,
    PushReceipt,
    ResultDelivery,
    Satisfaction,
    Shipment,
    ShipmentLeg,
    TrackingEvent,
    TrackingState,
    format_compact,
    from_dict,
    myvnpost_state,
    national_status,
    parse_remote_time,
    to_dict,
)
from onestop_core.dossiers import (
    Accepted,
    Applicant,
    Decided,
    Delivered,
    DeliveryMethod,
    Dossier,
    DossierHeader,
    DossierStatus,
    Refused,
    Suspended,
)
from onestop_core.errors import NaiveDatetimeError
from onestop_core.procedures import ProcessingTime
from onestop_core.procedures.enums import Channel
from onestop_core.testing import find_personal_data
from onestop_core.testing import strategies as ost

CODE = "000.00.06.H56-261120-0001"


def t(day: int, hour: int) -> dt.datetime:
    return dt.datetime(2026, 11, day, hour, tzinfo=VN_TZ)


def header(**applicant: str) -> DossierHeader:
    return DossierHeader(
        procedure_code="1.004873",
        procedure_name="Cấp Giấy xác nhận tình trạng hôn nhân",
        limit=ProcessingTime.working_days(3),
        channel=Channel.POSTAL,
        applicant=Applicant(
            name="Nguyễn Văn An",
            id_number="001204012345",
            phone="0912345678",
            address="Số 12 ngõ 34, Hà Nội",
            **applicant,
        ),
        receiving_agency="000.00.06.H56",
        competent_agency="000.00.22.H56",
    )


def accepted_dossier(**applicant: str) -> Dossier:
    return Dossier.empty("hs-1").apply(
        Accepted(at=t(20, 10), header=header(**applicant), code=CODE)
    )


# -- from a dossier ------------------------------------------------------------------------


def test_payload_from_an_accepted_dossier() -> None:
    p = DossierSyncPayload.from_dossier(accepted_dossier(), now=t(20, 11))
    assert (p.code, p.status, p.vendor_status) == (CODE, 2, "2")
    assert (p.agency_code, p.receiving_agency_code) == ("000.00.22.H56", "000.00.06.H56")
    assert p.channel is Channel.POSTAL
    assert p.received_at == t(20, 10)
    assert p.due_at == t(26, 10)  # 3 working days; 24/11 is a day off
    assert p.applicant.kind is ApplicantKind.CITIZEN
    assert p.applicant.id_type is IdType.CCCD12
    assert p.applicant.address == Address(detail="Số 12 ngõ 34, Hà Nội")
    assert p.result_delivery is ResultDelivery.DIRECT
    assert p.summary == "Cấp Giấy xác nhận tình trạng hôn nhân"
    assert p.synced_at == t(20, 11)


def test_payload_of_a_delivered_dossier() -> None:
    d = (
        accepted_dossier()
        .apply(Decided(at=t(23, 9)))
        .apply(Delivered(at=t(25, 9), method=DeliveryMethod.POSTAL))
    )
    p = DossierSyncPayload.from_dossier(d, now=t(25, 10), due_at=t(30, 17), summary="x" * 2000)
    assert (p.status, p.finished_at, p.returned_at) == (10, t(23, 9), t(25, 9))
    assert p.result_delivery is ResultDelivery.POSTAL
    assert p.due_at == t(30, 17)
    assert len(p.summary) == 1000


def test_payload_of_a_refused_dossier_and_an_organisation() -> None:
    d = Dossier.empty("hs-2").apply(
        Refused(at=t(20, 10), reason="thiếu giấy tờ", header=header(organisation="Công ty A"))
    )
    d = attrs.evolve(d, code=CODE)  # a refused dossier may still have been numbered
    p = DossierSyncPayload.from_dossier(d, now=t(20, 11))
    assert (p.status, p.rejected_at, p.due_at) == (3, t(20, 10), None)
    assert p.applicant.kind is ApplicantKind.ORGANISATION
    assert p.applicant.name == "Công ty A"


def test_own_statuses_map_to_national_codes() -> None:
    d = accepted_dossier().apply(Suspended(at=t(23, 9), authority="Tòa án"))
    assert d.status is DossierStatus.SUSPENDED
    assert DossierSyncPayload.from_dossier(d, now=t(23, 10)).status == 4
    overrides = {DossierStatus.SUSPENDED: 8}
    assert DossierSyncPayload.from_dossier(d, now=t(23, 10), status_overrides=overrides).status == 8
    assert national_status(DossierStatus.CLOSED_INCOMPLETE) == 8


def test_a_dossier_without_code_or_events_cannot_be_synced() -> None:
    with pytest.raises(PayloadValidationError, match="no events"):
        DossierSyncPayload.from_dossier(Dossier.empty("hs-0"), now=t(20, 10))
    no_code = Dossier.empty("hs-3").apply(Accepted(at=t(20, 10), header=header()))
    with pytest.raises(PayloadValidationError, match="no dossier code"):
        DossierSyncPayload.from_dossier(no_code, now=t(20, 11))
    with pytest.raises(NaiveDatetimeError):
        DossierSyncPayload.from_dossier(accepted_dossier(), now=dt.datetime(2026, 11, 20))


def test_progress_steps_follow_the_events() -> None:
    d = accepted_dossier().apply(Decided(at=t(23, 9), actor="Trần Thị Bình", note="cấp"))
    steps = ProgressStep.from_dossier(d)
    assert [(s.status, s.at, s.note) for s in steps] == [
        (2, t(20, 10), "Tiếp nhận hồ sơ"),
        (9, t(23, 9), "cấp"),
    ]
    assert steps[1].actor_name == "Trần Thị Bình"
    assert "Trần Thị Bình" not in repr(steps[1])


# -- validation ----------------------------------------------------------------------------


def base_payload(**changes: Any) -> dict[str, Any]:
    fields: dict[str, Any] = {
        "code": CODE,
        "procedure_code": "1.004873",
        "procedure_name": "x",
        "agency_code": "000.00.06.H56",
        "channel": Channel.ONLINE,
        "applicant": ApplicantRecord(name="Nguyễn Văn An"),
        "status": 4,
        "synced_at": t(20, 10),
    }
    return {**fields, **changes}


@pytest.mark.parametrize(
    ("changes", "path"),
    [
        ({"status": 0}, "status"),
        ({"status": 11}, "status"),
        ({"status": True}, "status"),
        ({"code": " "}, "code"),
        ({"summary": "x" * 1001}, "summary"),
    ],
)
def test_invalid_payloads_name_the_field(changes: dict[str, Any], path: str) -> None:
    with pytest.raises(PayloadValidationError) as e:
        DossierSyncPayload(**base_payload(**changes))
    assert e.value.path == path


def test_instants_must_be_aware() -> None:
    with pytest.raises(NaiveDatetimeError):
        DossierSyncPayload(**base_payload(due_at=dt.datetime(2026, 11, 20)))


def test_codes_and_amounts_are_checked() -> None:
    with pytest.raises(PayloadValidationError):
        Address(province_code="HN")
    with pytest.raises(PayloadValidationError):
        Party(name="")
    with pytest.raises(PayloadValidationError):
        Shipment(
            dossier_code=CODE,
            leg=ShipmentLeg.COLLECT_DOSSIER,
            sender=Party(name="A"),
            receiver=Party(name="B"),
            weight_g=100,
            cod_amount_vnd=-1,
        )


def test_order_numbers_carry_the_leg() -> None:
    legs = {
        leg: Shipment(
            dossier_code=CODE, leg=leg, sender=Party(name="A"), receiver=Party(name="B"), weight_g=1
        ).order_number
        for leg in ShipmentLeg
    }
    assert legs == {
        ShipmentLeg.COLLECT_DOSSIER: CODE + "-HS",
        ShipmentLeg.DELIVER_RESULT: CODE + "-KQ",
    }


# -- carriers and formats ------------------------------------------------------------------

MYVNPOST = {
    1: "CREATED",
    2: "PICKUP_PENDING",
    3: "PICKUP_PENDING",
    4: "PICKUP_PENDING",
    5: "PICKUP_PENDING",
    6: "PICKED_UP",
    7: "PICKED_UP",
    8: "PICKUP_PENDING",
    9: "CANCELLED",
    10: "IN_TRANSIT",
    11: "IN_TRANSIT",
    12: "OUT_FOR_DELIVERY",
    13: "IN_TRANSIT",
    14: "DELIVERED",
    15: "DELIVERY_FAILED",
    16: "RETURNING",
    17: "RETURNING",
    18: "RETURNING",
    19: "RETURNED",
    21: "COD_PAID",
    22: "CANCELLED",
    24: "RETURNING",
}  # integrations.md §7.3 "Mapping notes"


@pytest.mark.parametrize("code", range(31))
def test_myvnpost_codes_normalise_as_the_mapping_notes_say(code: int) -> None:
    assert myvnpost_state(code).name == MYVNPOST.get(code, "UNKNOWN")
    assert myvnpost_state(str(code)) is myvnpost_state(code)


def test_unreadable_codes_are_unknown() -> None:
    assert myvnpost_state("abc") is TrackingState.UNKNOWN


def test_event_ids_identify_the_same_event_in_any_time_zone() -> None:
    local = dt.datetime(2026, 11, 26, 9, tzinfo=VN_TZ)
    a = TrackingEvent(
        carrier="vnpost",
        item_code="EE123456785VN",
        code_raw="14",
        normalized=TrackingState.DELIVERED,
        occurred_at=local,
    )
    b = TrackingEvent(
        carrier="vnpost",
        item_code="EE123456785VN",
        code_raw="14",
        normalized=TrackingState.DELIVERED,
        occurred_at=local.astimezone(dt.UTC),
    )
    assert a.event_id == b.event_id == "vnpost:EE123456785VN:14:2026-11-26T02:00:00Z"
    assert a.local_time.hour == 9


@pytest.mark.parametrize(
    "text",
    [
        "20261120100000",
        "20/11/2026 10:00:00",
        "2026-11-20 10:00:00",
        "2026-11-20T10:00:00",
        "2026-11-20T10:00:00+07:00",
        "2026-11-20T03:00:00Z",
    ],
)
def test_remote_times_are_read_as_vietnam_local(text: str) -> None:
    assert parse_remote_time(text) == t(20, 10)
    assert format_compact(parse_remote_time(text)) == "20261120100000"


def test_unreadable_remote_times_name_the_field() -> None:
    with pytest.raises(PayloadValidationError) as e:
        parse_remote_time("tomorrow", path="NgayHenTra")
    assert e.value.path == "NgayHenTra"


# -- masked reprs and serialization over every record --------------------------------------

RECORDS = {
    "payload": ost.dossier_sync_payloads(),
    "step": ost.progress_steps(),
    "evaluation": ost.evaluations(),
    "shipment": ost.shipments(),
    "quote": ost.quotes(),
    "receipt": ost.shipment_receipts(),
    "event": ost.tracking_events(),
    "push": ost.push_receipts(),
    "party": ost.parties(),
    "applicant": ost.applicant_records(),
}


def personal_values(record: Any) -> list[str]:
    """Names, ID numbers, phones, e-mails and street details anywhere in ``record``."""
    found: list[str] = []
    data = to_dict(record)

    def walk(value: Any, key: str = "") -> None:
        if isinstance(value, dict):
            for k, v in value.items():
                walk(v, k)
        elif isinstance(value, list):
            for v in value:
                walk(v, key)
        elif (
            isinstance(value, str)
            and value
            and key
            in {
                "name",
                "actor_name",
                "id_number",
                "phone",
                "email",
                "detail",
                "national_account_id",
            }
        ):
            found.append(value)

    walk(data)
    return found


@pytest.mark.parametrize("kind", sorted(RECORDS))
def test_reprs_mask_personal_data(kind: str) -> None:
    @given(RECORDS[kind])
    def check(record: Any) -> None:
        text = repr(record)
        assert find_personal_data(text, known=personal_values(record)) == []

    check()


@pytest.mark.parametrize("kind", sorted(RECORDS))
def test_records_round_trip_through_plain_dicts(kind: str) -> None:
    @given(RECORDS[kind])
    def check(record: Any) -> None:
        assert from_dict(type(record), to_dict(record)) == record

    check()


@given(ost.dossier_sync_payloads())
def test_generated_payloads_are_consistent(p: DossierSyncPayload) -> None:
    assert 1 <= p.status <= 10
    assert p.received_at is not None and p.received_at.utcoffset() == dt.timedelta(hours=7)
    if p.submitted_at:
        assert p.submitted_at <= p.received_at
    if p.finished_at:
        assert p.received_at <= p.finished_at <= p.synced_at
    assert p.applicant.id_type is IdType.CCCD12
    digit4 = int(p.applicant.id_number[3])
    assert digit4 in (0, 1, 2, 3)


@given(ost.item_codes())
def test_generated_item_codes_pass_the_s10_check(code: str) -> None:
    weights = (8, 6, 4, 2, 3, 5, 9, 7)
    check = 11 - sum(int(d) * w for d, w in zip(code[2:10], weights, strict=True)) % 11
    assert int(code[10]) == {10: 0, 11: 5}.get(check, check)
    assert code.endswith("VN")


def test_from_dict_reports_bad_input_with_a_path() -> None:
    data = to_dict(PushReceipt(ok=True, system="s", idempotency_key="k"))
    with pytest.raises(PayloadValidationError) as e:
        from_dict(PushReceipt, {**data, "ok": "yes"})
    assert e.value.path == "ok"
    with pytest.raises(PayloadValidationError, match="missing"):
        from_dict(PushReceipt, {"ok": True})
    ev = to_dict(Evaluation(dossier_code="x", evaluated_at=t(20, 1), answers={"Q1": 5}))
    with pytest.raises(PayloadValidationError) as e:
        from_dict(Evaluation, {**ev, "answers": [["Q1", 9]]})
    assert e.value.path == "answers[0][1]"
    with pytest.raises(PayloadValidationError, match="no UTC offset"):
        from_dict(Evaluation, {**ev, "evaluated_at": "2026-11-20T01:00:00"})
    assert from_dict(Evaluation, ev).answers == (("Q1", Satisfaction.VERY_SATISFIED),)
