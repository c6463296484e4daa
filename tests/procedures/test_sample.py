"""The bundled sample catalogue of 22 real procedures.

Sources: ``procedures_sample.md`` / ``.json`` (18 commune-level procedures, 3 province-level,
1 common to both; the Quảng Trị suffix H50 from QĐ 2715/QĐ-UBND of 19/11/2025; the unit
conventions ``same_day_15h`` / ``working_days`` / ``days``), ``law.md`` §2.4 (land procedures
exclude financial obligations, expert assessment, public posting and violation handling,
Decree 101/2024), §4.4 and §10 E9 (localisation ``1.001776.000.00.00.H56``).
"""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from typing import Any

import pytest

from onestop_core.errors import MissingComponentsError, UnknownProcedureError
from onestop_core.procedures.catalogue import Catalogue
from onestop_core.procedures.enums import Channel, GovLevel, ProcedureComponent
from onestop_core.procedures.national_package import from_national_package
from onestop_core.procedures.records import Procedure
from onestop_core.procedures.sample import SAMPLE_PATH, sample_catalogue, sample_notice
from onestop_core.procedures.time_limits import PauseReason, ProcessingTime, TimeUnit

SOURCE = Path(__file__).resolve().parents[3] / "shared" / "domain" / "procedures_sample.json"
UNITS = {
    "same_day_15h": TimeUnit.SAME_DAY,
    "working_days": TimeUnit.WORKING_DAYS,
    "days": TimeUnit.CALENDAR_DAYS,
}
LAND_EXCLUDED = {
    PauseReason.FINANCIAL_OBLIGATION,
    PauseReason.EXPERT_ASSESSMENT,
    PauseReason.PUBLIC_POSTING,
    PauseReason.VIOLATION_HANDLING,
}


@pytest.fixture(scope="module")
def cat() -> Catalogue:
    return sample_catalogue()


@pytest.fixture(scope="module")
def source() -> list[dict[str, Any]]:
    if not SOURCE.exists():
        pytest.skip(f"domain reference {SOURCE} not present")
    data: list[dict[str, Any]] = json.loads(SOURCE.read_text(encoding="utf-8"))
    return data


def test_all_22_load_with_unique_codes(cat: Catalogue) -> None:
    assert len(cat) == 22
    assert len({p.code for p in cat}) == 22
    assert sample_catalogue() is cat  # cached


def test_data_file_is_shipped_with_its_notice() -> None:
    ref = resources.files("onestop_core").joinpath("data", *SAMPLE_PATH.split("/"))
    assert ref.is_file()
    notice = sample_notice()
    assert "onestop_core domain notes" in notice and "public sources" in notice
    assert "November 2026" in notice


def test_levels_match_the_sample_overview(cat: Catalogue) -> None:
    # 18 commune-level, 3 province-level, 1 common to both (cấp bản sao từ sổ gốc).
    by_levels = [p.levels for p in cat]
    assert by_levels.count((GovLevel.COMMUNE,)) == 18
    assert by_levels.count((GovLevel.PROVINCE,)) == 3
    assert cat.get("2.000908").levels == (GovLevel.PROVINCE, GovLevel.COMMUNE)
    assert len(cat.by_level(GovLevel.COMMUNE)) == 19 and len(cat.by_level(GovLevel.PROVINCE)) == 4


def test_quang_tri_procedures_localise_to_h50(cat: Catalogue) -> None:
    quang_tri = cat.by_agency("Quảng Trị")
    assert [p.code for p in quang_tri] == ["1.013416", "2.002058"]
    for p in quang_tri:
        assert p.localise("H50") == f"{p.code}.000.00.00.H50"
        assert cat.get(p.localise("H50")) is p
    retail = cat.get("1.013416")
    assert retail.local_code == "1.013416.H50" and retail.province_code == "H50"
    assert cat.get("1.013416.H50") is retail


def test_e9_localise_1_001776_for_thanh_hoa(cat: Catalogue) -> None:
    # 1.001776 (trợ cấp xã hội hằng tháng) is only named as related in the sample.
    with pytest.raises(UnknownProcedureError, match=r"1\.001776"):
        cat.get("1.001776")
    p = Procedure(code="1.001776")
    assert p.localise("H56") == "1.001776.000.00.00.H56"
    assert cat.with_procedures(p).get("1.001776.000.00.00.H56") is p


def test_times_follow_the_sample_units(cat: Catalogue, source: list[dict[str, Any]]) -> None:
    for entry in source:
        p = cat.get(entry["code"])
        stated = {(t["value"], UNITS[t["unit"]]) for t in entry["processing_time"]}
        held = {(int(t.value), t.unit) for o in p.channels for t in o.times}
        assert held == stated, p.code
        for o in p.channels:
            for t in o.times:
                if t.unit is TimeUnit.CALENDAR_DAYS:  # "days": unit unknown in the source
                    assert "Unit uncertain" in t.note, p.code


@pytest.mark.parametrize(
    ("code", "channel", "expected"),
    [
        ("1.001193", Channel.IN_PERSON, ProcessingTime.same_day()),  # Luật Hộ tịch Art. 5(3)
        ("1.001193", Channel.POSTAL, ProcessingTime.same_day()),
        ("1.004873", Channel.IN_PERSON, ProcessingTime.working_days(3)),
        ("2.001035", Channel.ONLINE, ProcessingTime.working_days(2)),
        ("1.004222", Channel.ONLINE, ProcessingTime.working_days(7)),
        ("1.013416", Channel.IN_PERSON, ProcessingTime.working_days(14)),
        ("2.002058", Channel.IN_PERSON, ProcessingTime.working_days(15)),
    ],
)
def test_processing_times(
    cat: Catalogue, code: str, channel: Channel, expected: ProcessingTime
) -> None:
    t = cat.get(code).processing_time(channel)
    assert (t.value, t.unit) == (expected.value, expected.unit)


def test_every_sample_procedure_has_a_time(cat: Catalogue) -> None:
    for p in cat:
        for channel in Channel:
            assert p.processing_time(channel).unit in TimeUnit


def test_marriage_keeps_the_verification_time(cat: Catalogue) -> None:
    times = cat.get("1.000894").channel_option(Channel.IN_PERSON).times  # type: ignore[union-attr]
    assert [str(t) for t in times] == ["trong ngày", "5 ngày làm việc"]


def test_land_procedures_exclude_the_decree_101_pauses(cat: Catalogue) -> None:
    land = cat.by_sector("Đất đai")
    assert [p.code for p in land] == ["1.013978", "1.013831"]
    for p in land:
        for o in p.channels:
            for t in o.times:
                assert t.excluded == LAND_EXCLUDED and "101/2024" in t.note
                assert t.unit is TimeUnit.CALENDAR_DAYS
    others = [t for p in cat if p not in land for o in p.channels for t in o.times]
    assert all(not t.excluded for t in others)


def test_residence_fees_differ_by_channel(cat: Catalogue) -> None:
    p = cat.get("1.004222")
    assert [f.amount_vnd for f in p.channel_option(Channel.IN_PERSON).fees] == [20000]  # type: ignore[union-attr]
    assert [f.amount_vnd for f in p.channel_option(Channel.ONLINE).fees] == [10000]  # type: ignore[union-attr]


def test_fees_set_by_the_province_have_no_amount(cat: Catalogue) -> None:
    fees = cat.get("1.004873").channels[0].fees
    assert [f.amount_vnd for f in fees] == [None]


def test_sources_and_confidence_are_kept(cat: Catalogue, source: list[dict[str, Any]]) -> None:
    for entry in source:
        p = cat.get(entry["code"])
        assert list(p.sources) == entry["sources"]
        assert dict(p.confidence) == entry["confidence"]
        assert p.name_vi == entry["name_vi"] and p.name_en == entry["name_en"]
        assert p.results[0].name in entry["result_document"]
        assert [b.title for b in p.legal_basis] == entry["legal_basis"]
        assert p.postal.submit is entry["postal_service"]["submit"]
        assert p.postal.returns is entry["postal_service"]["return"]


def test_uncertain_facts_stay_uncertain(cat: Catalogue) -> None:
    assert cat.get("1.014027").confidence_of("code_name") == "uncertain"
    assert cat.get("1.004859").confidence_of("time") == "uncertain"
    assert cat.get("1.001612").online_level is not None
    assert any("uncertain" in n for n in cat.get("1.001612").notes)


def test_missing_components_are_reported_not_invented(cat: Catalogue) -> None:
    # The sample has no steps and no subjects; two records lack dossier components.
    for p in cat:
        missing = set(p.missing_components())
        assert {ProcedureComponent.STEPS, ProcedureComponent.SUBJECTS} <= missing
        assert (ProcedureComponent.DOSSIER in missing) == (p.code in {"1.013416", "2.002058"})
        assert missing <= {
            ProcedureComponent.STEPS,
            ProcedureComponent.SUBJECTS,
            ProcedureComponent.DOSSIER,
        }


def test_sample_records_pass_through_the_national_package(cat: Catalogue) -> None:
    for p in cat:
        package = p.to_national_package()
        with pytest.raises(MissingComponentsError) as info:
            from_national_package(package)
        assert "TRINHTUTHUCHIEN (trình tự thực hiện)" in info.value.missing
        back = from_national_package(package, required=())
        assert back.code == p.code and back.name_vi == p.name_vi and back.levels == p.levels
        assert [(o.channel, [(t.value, t.unit) for t in o.times]) for o in back.channels] == [
            (o.channel, [(t.value, t.unit) for t in o.times]) for o in p.channels
        ]
        assert back.results == p.results and back.legal_basis == p.legal_basis


def test_search_the_sample(cat: Catalogue) -> None:
    assert [p.code for p in cat.search("ket hon")] == ["1.000894"]
    assert [p.code for p in cat.by_sector("chung thuc")] == [
        "2.000815",
        "2.000884",
        "2.000908",
        "2.001035",
        "2.001019",
        "2.000913",
    ]
