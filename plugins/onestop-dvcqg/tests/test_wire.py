"""The wire mapping: round trips, the simulator's own validation, dates and error codes."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st
from onestop_core._time import VN_TZ
from onestop_core.adapters import (
    ApplicantKind,
    ApplicantRecord,
    DossierSyncPayload,
    IdType,
    PayloadValidationError,
    ProgressStep,
)
from onestop_core.testing.contracts import sample_payload
from onestop_core.testing.simulators.dvcqg_data import validate_dossier, validate_progress
from onestop_core.testing.strategies import dossier_sync_payloads, instants, progress_steps

from onestop_dvcqg import wire

from .helpers import citizen, expected_back, online

DATE = re.compile(r"[0-9]{14}")


@given(dossier_sync_payloads())
def test_payload_round_trip(p: DossierSyncPayload) -> None:
    item = wire.dossier_item(p)
    back = wire.payload_from_item(item, agency_code=p.agency_code, synced_at=p.synced_at)
    assert back == expected_back(p)


@given(dossier_sync_payloads())
def test_every_item_passes_the_simulators_validation(p: DossierSyncPayload) -> None:
    item = wire.dossier_item(p)
    assert validate_dossier(item, 0) == []
    for _attribute, field in wire.DOSSIER_DATE_FIELDS:
        assert item[field] == "" or DATE.fullmatch(item[field]), field
    assert item["TrangThaiHoSo"] == str(p.status) and item["KenhThucHien"] in {"1", "2", "3"}


@given(progress_steps())
def test_step_round_trip(step: ProgressStep) -> None:
    item = wire.step_item(step)
    assert validate_progress(item, 0) == []
    expected = attrs.evolve(
        step, note=step.note if step.note.strip() else wire.STATUS_LABELS[step.status]
    )
    assert wire.step_from_item(item) == expected


@given(instants())
def test_dates_are_local_compact_and_read_back_as_the_same_instant(t: dt.datetime) -> None:
    for zone in (dt.UTC, VN_TZ, dt.timezone(dt.timedelta(hours=-5))):
        text = wire.format_time(t.astimezone(zone))
        assert text == t.astimezone(VN_TZ).strftime("%Y%m%d%H%M%S")
        parsed = wire.parse_time(text)
        assert parsed == t and parsed is not None and parsed.utcoffset() == dt.timedelta(hours=7)


def test_a_utc_evening_is_the_next_local_day() -> None:
    assert wire.format_time(dt.datetime(2026, 12, 31, 17, 30, tzinfo=dt.UTC)) == "20270101003000"


def test_naive_instants_are_refused() -> None:
    with pytest.raises(ValueError, match=r"aware|naive|timezone"):
        wire.format_time(dt.datetime(2026, 11, 20, 10))


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("20261120083000", "2026-11-20T08:30:00+07:00"),
        ("2026-11-20 08:30:00", "2026-11-20T08:30:00+07:00"),
        ("20/11/2026 08:30:00", "2026-11-20T08:30:00+07:00"),
        ("2026-11-20T01:30:00Z", "2026-11-20T01:30:00+00:00"),
    ],
)
def test_remote_dates_are_read_leniently(text: str, iso: str) -> None:
    parsed = wire.parse_time(text)
    assert parsed is not None and parsed.isoformat() == iso


@pytest.mark.parametrize("value", ["2026-13-45", "tomorrow", 20261120083000])
def test_unreadable_dates_are_payload_errors(value: object) -> None:
    with pytest.raises(PayloadValidationError):
        wire.parse_time(value, path="NgayHenTra")


# -- error codes -------------------------------------------------------------------------------
@given(st.integers(-10_000, 10_000))
def test_error_code_numbers_and_strings_agree(n: int) -> None:
    spelled = [n, str(n), f" {n} ", float(n)]
    if n >= 0:
        spelled += [f"0{n}", f"+{n}"]
    assert {wire.parse_error_code(v) for v in spelled} == {str(n)}


@pytest.mark.parametrize("value", [None, True, False, "", "   ", 1.5, [], {}])
def test_unreadable_error_codes(value: Any) -> None:
    with pytest.raises(PayloadValidationError):
        wire.parse_error_code(value)


def test_envelope_variants() -> None:
    assert wire.parse_envelope({"error_code": "0"}).ok
    assert wire.parse_envelope({"ErrorCode": 0, "Message": "OK"}).message == "OK"
    env = wire.parse_envelope({"error_code": -3, "message": "Hồ sơ đã tồn tại", "result": {"a": 1}})
    assert (env.ok, env.code, env.records()) == (False, "-3", [{"a": 1}])
    with pytest.raises(PayloadValidationError):
        wire.parse_envelope({"error_code": 0, "result": "text"}).records()


def test_vietnamese_messages_match_in_any_normal_form_and_case() -> None:
    for form in ("NFC", "NFD"):
        text = unicodedata.normalize(form, "HỒ SƠ ĐÃ TỒN TẠI")
        assert wire.is_already_exists("99", text)
        assert wire.is_not_found("99", unicodedata.normalize(form, "Hồ sơ không tồn tại"))
        assert wire.is_session_expired("99", unicodedata.normalize(form, "Phiên làm việc hết hạn"))
    assert not wire.is_already_exists("-2", "Dữ liệu không hợp lệ")
    assert wire.is_already_exists("3", "") and wire.is_already_exists("-3", "")


# -- mapping details ---------------------------------------------------------------------------
def test_online_dossier_not_yet_accepted_is_received_when_submitted() -> None:
    item = wire.dossier_item(online())
    assert item["NgayTiepNhan"] == item["NgayNopHoSo"] == "20261120100000"
    assert item["KenhThucHien"] == "2" and item["TrangThaiHoSo"] == "1"


def test_a_dossier_with_no_reception_date_is_refused_not_invented() -> None:
    with pytest.raises(PayloadValidationError, match="NgayTiepNhan"):
        wire.dossier_item(attrs.evolve(online(), submitted_at=None))


@pytest.mark.parametrize(
    ("number", "id_type", "expected"),
    [
        ("079301012345", None, [{"LoaiDinhDanh": "1", "SoDinhDanh": "079301012345"}]),
        ("123456789", None, [{"LoaiDinhDanh": "2", "SoDinhDanh": "123456789"}]),
        ("B1234567", None, []),  # a passport: no DVCQG identity type
        ("12345", IdType.CCCD12, []),  # mislabelled: never sent as a CCCD
        ("", None, []),
    ],
)
def test_identity_is_sent_only_when_well_formed(
    number: str, id_type: IdType | None, expected: list[dict[str, str]]
) -> None:
    applicant = ApplicantRecord(name="Trần Thị Bình", id_number=number)
    if id_type is not None:
        applicant = ApplicantRecord(name="Trần Thị Bình", id_number=number, id_type=id_type)
    item = wire.dossier_item(attrs.evolve(sample_payload(), applicant=applicant))
    assert item["DinhDanhCHS"] == expected
    assert item["SoGiayToChuHoSo"] == number


@pytest.mark.parametrize(
    ("kind", "code"),
    [
        (ApplicantKind.CITIZEN, "1"),
        (ApplicantKind.BUSINESS, "2"),
        (ApplicantKind.HOUSEHOLD_BUSINESS, "2"),
        (ApplicantKind.STATE_AGENCY, "3"),
        (ApplicantKind.ORGANISATION, "4"),
    ],
)
def test_applicant_kind_codes(kind: ApplicantKind, code: str) -> None:
    p = attrs.evolve(sample_payload(), applicant=attrs.evolve(citizen(), kind=kind))
    assert wire.dossier_item(p)["LoaiDoiTuong"] == code
    custom = {ApplicantKind.CITIZEN: "0"}
    assert wire.dossier_item(sample_payload(), applicant_kind_codes=custom)["LoaiDoiTuong"] == "0"


def test_blank_summary_is_the_procedure_name_and_a_blank_procedure_name_is_refused() -> None:
    for blank in ("", " \r\n"):
        p = attrs.evolve(sample_payload(), summary=blank)
        assert wire.dossier_item(p)["TrichYeuHoSo"] == p.procedure_name
    with pytest.raises(PayloadValidationError, match="TenTTHC"):
        wire.dossier_item(attrs.evolve(sample_payload(), procedure_name="  "))


def test_step_without_actor_or_note() -> None:
    t = dt.datetime(2026, 11, 20, 10, tzinfo=VN_TZ)
    bare = ProgressStep(dossier_code="hs-1", status=9, at=t)
    assert wire.step_item(bare, default_actor="Bộ phận Một cửa")["NguoiXuLy"] == "Bộ phận Một cửa"
    assert wire.step_item(bare)["NoiDungXuLy"] == "Đã xử lý xong"
    dept = attrs.evolve(bare, department="Phòng Tư pháp", deadline=t + dt.timedelta(days=2))
    item = wire.step_item(dept, code="hs-2")
    assert (item["MaHoSo"], item["NguoiXuLy"], item["NgayKetThucTheoQuyDinh"]) == (
        "hs-2",
        "Phòng Tư pháp",
        "20261122100000",
    )


def test_same_dossier_tolerates_the_portals_spelling() -> None:
    item = wire.dossier_item(sample_payload())
    remote = {**item, "TrangThaiHoSo": 2, "NgayTiepNhan": "2026-11-20 10:00:00"}
    del remote["MaLinhVuc"]  # an empty field the portal does not echo
    assert wire.same_dossier(item, remote)
    assert not wire.same_dossier(item, {**remote, "NgayHenTra": "20261127100000"})
    assert not wire.same_dossier(item, {**remote, "DinhDanhCHS": []})
    assert not wire.same_dossier(item, {**remote, "NgayTiepNhan": "garbage"})


def test_unknown_codes_in_a_remote_item_are_payload_errors() -> None:
    item = wire.dossier_item(sample_payload())
    for change in ({"TrangThaiHoSo": "11"}, {"KenhThucHien": "9"}, {"LoaiDoiTuong": "8"}):
        with pytest.raises(PayloadValidationError):
            wire.payload_from_item(
                {**item, **change}, agency_code="x", synced_at=sample_payload().synced_at
            )
