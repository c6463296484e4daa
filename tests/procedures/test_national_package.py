"""The national data package ``GoiTinThuTucQG``: reading, validation at the boundary, writing.

Sources: ``law.md`` §7.2 (the package shape as the Thanh Hóa system imports it,
``AddThuTucTypes.cs``: every value a string; local extensions ``MucDo``, ``LienThong``),
§7.1 (``MucDo`` 2/3/4), §2.9 (units: ngày làm việc, ngày, giờ, trong ngày), §7.2 and
NĐ 63/2010 Art. 8(2)–(3) (mandatory components). The packages below are synthetic fixtures
with the real shape; they state no facts about a real procedure.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
from fractions import Fraction
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from onestop_core.errors import MissingComponentsError, ProcedureDataError
from onestop_core.procedures.enums import (
    GOVERNMENT_INSTRUMENT_COMPONENTS,
    Channel,
    GovLevel,
    OnlineLevel,
    ProcedureKind,
)
from onestop_core.procedures.national_package import (
    UNIT_NAMES,
    from_national_package,
    to_national_package,
)
from onestop_core.procedures.records import (
    AgencyRef,
    ChannelOption,
    DocumentRequirement,
    DossierComponentGroup,
    Fee,
    LegalBasis,
    Procedure,
    ResultDocument,
    Sector,
    StepGroup,
    Subject,
)
from onestop_core.procedures.time_limits import ProcessingTime, TimeUnit


def full_package() -> dict[str, Any]:
    """A complete package, every value a string as the national system sends them."""
    return {
        "MATTHC": "9.000001",
        "TENTTHC": "Thủ tục mẫu cấp giấy xác nhận",
        "IDQUYETDINHCONGBO": "123",
        "QUYETDINH": "QĐ 1/QĐ-UBND",
        "TRANGTHAI": "1",
        "LOAITTHC": "1",
        "CAPTHUCHIEN": [
            {"CAPTHUCHIEN": "2", "TENCAP": "Cấp Tỉnh"},
            {"CAPTHUCHIEN": "4", "TENCAP": "Cấp Xã"},
        ],
        "LINHVUCTHUCHIEN": [{"MALINHVUC": "G15-TP01", "TENLINHVUC": "Hộ tịch"}],
        "COQUANTHUCHIEN": [{"MADONVI": "000.00.00.H56", "TENDONVI": "UBND cấp xã"}],
        "COQUANCOTHAMQUYEN": [{"MADONVI": "", "TENDONVI": "Chủ tịch UBND cấp xã"}],
        "COQUANDUOCUYQUYEN": [],
        "COQUANPHOIHOP": [{"MADONVI": "X1", "TENDONVI": "Công an cấp xã"}],
        "DOITUONGTHUCHIEN": [{"MADOITUONG": "1", "TENDOITUONG": "Công dân Việt Nam"}],
        "CACHTHUCTHUCHIEN": [
            {
                "KENH": "1",
                "THOIGIAN": [
                    {
                        "THOIGIANGIAIQUYET": "3",
                        "DONVITINH": "Ngày làm việc",
                        "MOTA": "Kể từ ngày nhận đủ hồ sơ hợp lệ",
                        "PHILEPHI": [
                            {
                                "MAPHILEPHI": "LP1",
                                "SOTIEN": "10.000",
                                "DONVI": "Đồng",
                                "MOTA": "Lệ phí",
                                "TENTEP": "",
                                "URL": "",
                            }
                        ],
                    }
                ],
            },
            {
                "KENH": "2",
                "THOIGIAN": [
                    {
                        "THOIGIANGIAIQUYET": "0",
                        "DONVITINH": "Trong ngày",
                        "MOTA": "",
                        "PHILEPHI": [],
                    },
                    {
                        "THOIGIANGIAIQUYET": "5",
                        "DONVITINH": "Ngày làm việc",
                        "MOTA": "Cần xác minh",
                    },
                ],
            },
        ],
        "THANHPHANHOSO": [
            {
                "TRUONGHOP": "",
                "GIAYTO": [
                    {
                        "MAGIAYTO": "GT1",
                        "TENGIAYTO": "Tờ khai",
                        "SOBANCHINH": "1",
                        "SOBANSAO": "0",
                        "TENMAUDON": "Mẫu tờ khai",
                        "URL": "https://example.invalid/to-khai.docx",
                        "MA_KQ_THAYTHE": "",
                    },
                    {
                        "MAGIAYTO": "",
                        "TENGIAYTO": "Giấy tờ tùy thân",
                        "SOBANCHINH": "",
                        "SOBANSAO": "",
                    },
                ],
            }
        ],
        "TRINHTUTHUCHIEN": [
            {
                "TRUONGHOP": "",
                "TRINHTU": [{"TENTRINHTU": "Nộp hồ sơ"}, {"TENTRINHTU": "Trả kết quả"}],
            }
        ],
        "KETQUATHUCHIEN": [
            {"MAKETQUA": "KQ.1", "TENKETQUA": "Giấy xác nhận", "TENTEP": "", "URL": ""}
        ],
        "CANCUPHAPLY": [
            {
                "SOVANBAN": "60/2014/QH13",
                "TENVANBAN": "Luật Hộ tịch",
                "NGAYBANHANH": "20/11/2014",
                "NGAYHIEULUC": "2016-01-01",
                "COQUANBANHANH": "Quốc hội",
                "DIACHITRUYCAP": "",
            }
        ],
        "MucDo": "4",
        "LienThong": True,
    }


def test_full_package_is_read_field_by_field() -> None:
    p = from_national_package(full_package())
    assert p.code == "9.000001" and p.name_vi == "Thủ tục mẫu cấp giấy xác nhận"
    assert p.kind is ProcedureKind.UNIFORM
    assert p.levels == (GovLevel.PROVINCE, GovLevel.COMMUNE)
    assert p.sectors == (Sector("G15-TP01", "Hộ tịch"),)
    assert p.implementing_agencies == (AgencyRef("000.00.00.H56", "UBND cấp xã"),)
    assert p.competent_agencies == (AgencyRef("", "Chủ tịch UBND cấp xã"),)
    assert p.delegated_agencies == () and len(p.coordinating_agencies) == 1
    assert p.subjects == (Subject("1", "Công dân Việt Nam"),)
    in_person, online = p.channels
    assert in_person.channel is Channel.IN_PERSON and online.channel is Channel.ONLINE
    assert in_person.times == (
        ProcessingTime.working_days(3, note="Kể từ ngày nhận đủ hồ sơ hợp lệ"),
    )
    assert in_person.fees == (Fee(code="LP1", amount_vnd=10000, unit="Đồng", description="Lệ phí"),)
    assert online.times == (
        ProcessingTime.same_day(),
        ProcessingTime.working_days(5, note="Cần xác minh"),
    )
    assert p.processing_time(Channel.ONLINE) == ProcessingTime.same_day()
    first, second = p.dossier[0].items
    assert (first.originals, first.copies, first.form_name) == (1, 0, "Mẫu tờ khai")
    assert (second.originals, second.copies) == (None, None)
    assert p.steps == (StepGroup("", ("Nộp hồ sơ", "Trả kết quả")),)
    assert p.results == (ResultDocument(name="Giấy xác nhận", code="KQ.1"),)
    assert p.legal_basis[0].issued_on == dt.date(2014, 11, 20)
    assert p.legal_basis[0].effective_on == dt.date(2016, 1, 1)
    assert p.online_level is OnlineLevel.FULL and p.interlinked is True
    assert p.missing_components() == ()


@pytest.mark.parametrize(
    ("value", "unit", "expected"),
    [
        ("5", "Ngày làm việc", ProcessingTime.working_days(5)),
        (5, "ngày làm việc", ProcessingTime.working_days(5)),
        ("3", "NGÀY LÀM VIỆC", ProcessingTime.working_days(3)),
        ("0,5", "Ngày làm việc", ProcessingTime.working_days(Fraction(1, 2))),
        ("1.5", "Ngày làm việc", ProcessingTime.working_days(Fraction(3, 2))),
        ("15", "Ngày", ProcessingTime.calendar_days(15)),
        ("4", "Giờ", ProcessingTime.working_hours(4)),
        ("8", "Giờ làm việc", ProcessingTime.working_hours(8)),
        ("", "Trong ngày", ProcessingTime.same_day()),
        ("1", "Trong ngày", ProcessingTime.same_day()),
        ("0", "Ngày làm việc", ProcessingTime.same_day()),  # 0 days = the same day
        (0, "Ngày", ProcessingTime.same_day()),
    ],
)
def test_units_are_mapped(value: object, unit: str, expected: ProcessingTime) -> None:
    package = full_package()
    package["CACHTHUCTHUCHIEN"][0]["THOIGIAN"][0] |= {
        "THOIGIANGIAIQUYET": value,
        "DONVITINH": unit,
        "MOTA": "",
    }
    assert from_national_package(package).processing_time() == expected


def test_unit_table_covers_the_four_units() -> None:
    assert set(UNIT_NAMES.values()) == set(TimeUnit)


def test_unknown_unit_is_named() -> None:
    package = full_package()
    package["CACHTHUCTHUCHIEN"][1]["THOIGIAN"][1]["DONVITINH"] = "Tuần"
    with pytest.raises(
        ProcedureDataError, match=r"CACHTHUCTHUCHIEN\[1\]\.THOIGIAN\[1\]\.DONVITINH.*'Tuần'"
    ):
        from_national_package(package)


def _set(package: dict[str, Any], path: tuple[Any, ...], value: Any) -> dict[str, Any]:
    target: Any = package
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = value
    return package


TIME0 = ("CACHTHUCTHUCHIEN", 1, "THOIGIAN", 0)


@pytest.mark.parametrize(
    ("path", "value", "named"),
    [
        (
            (*TIME0, "THOIGIANGIAIQUYET"),
            [5],
            "CACHTHUCTHUCHIEN[1].THOIGIAN[0].THOIGIANGIAIQUYET must be a non-negative number, "
            "got [5]",
        ),
        (
            (*TIME0, "THOIGIANGIAIQUYET"),
            "năm",
            "CACHTHUCTHUCHIEN[1].THOIGIAN[0].THOIGIANGIAIQUYET must be a non-negative number, "
            "got 'năm'",
        ),
        ((*TIME0, "THOIGIANGIAIQUYET"), "-3", "CACHTHUCTHUCHIEN[1].THOIGIAN[0].THOIGIANGIAIQUYET"),
        ((*TIME0, "THOIGIANGIAIQUYET"), True, "CACHTHUCTHUCHIEN[1].THOIGIAN[0].THOIGIANGIAIQUYET"),
        ((*TIME0, "DONVITINH"), 3, "CACHTHUCTHUCHIEN[1].THOIGIAN[0].DONVITINH"),
        ((*TIME0, "MOTA"), {"vi": "x"}, "CACHTHUCTHUCHIEN[1].THOIGIAN[0].MOTA must be a string"),
        (
            ("CACHTHUCTHUCHIEN", 0, "THOIGIAN", 0, "PHILEPHI", 0, "SOTIEN"),
            "mười nghìn",
            "CACHTHUCTHUCHIEN[0].THOIGIAN[0].PHILEPHI[0].SOTIEN",
        ),
        (
            ("CACHTHUCTHUCHIEN", 0, "THOIGIAN", 0, "PHILEPHI", 0, "SOTIEN"),
            1.5,
            "PHILEPHI[0].SOTIEN",
        ),
        (
            ("CACHTHUCTHUCHIEN", 0, "THOIGIAN"),
            {"x": 1},
            "CACHTHUCTHUCHIEN[0].THOIGIAN must be a list",
        ),
        (("CACHTHUCTHUCHIEN", 0, "KENH"), "9", "CACHTHUCTHUCHIEN[0].KENH must be a channel"),
        (("CACHTHUCTHUCHIEN", 1), "trực tuyến", "CACHTHUCTHUCHIEN[1] must be an object"),
        (("CACHTHUCTHUCHIEN",), "1", "CACHTHUCTHUCHIEN must be a list"),
        (("MATTHC",), "1.1", "MATTHC must be a national procedure code"),
        (("MATTHC",), None, "MATTHC"),
        (("TENTTHC",), ["Thủ tục"], "TENTTHC must be a string"),
        (("LOAITTHC",), "7", "LOAITTHC must be a kind of procedure"),
        (("CAPTHUCHIEN", 1, "TENCAP"), "Cấp Thôn", "CAPTHUCHIEN[1].TENCAP must be a level"),
        (
            ("LINHVUCTHUCHIEN", 0),
            {"MALINHVUC": "", "TENLINHVUC": ""},
            "LINHVUCTHUCHIEN[0]: Sector needs a non-blank",
        ),
        (
            ("THANHPHANHOSO", 0, "GIAYTO", 1, "SOBANCHINH"),
            "một",
            "THANHPHANHOSO[0].GIAYTO[1].SOBANCHINH",
        ),
        (
            ("THANHPHANHOSO", 0, "GIAYTO", 1, "SOBANSAO"),
            "1.5",
            "THANHPHANHOSO[0].GIAYTO[1].SOBANSAO must be a whole number",
        ),
        (
            ("THANHPHANHOSO", 0, "GIAYTO", 0, "TENGIAYTO"),
            "",
            "THANHPHANHOSO[0].GIAYTO[0]: DocumentRequirement needs a non-blank name",
        ),
        (
            ("TRINHTUTHUCHIEN", 0, "TRINHTU", 1, "TENTRINHTU"),
            " ",
            "TRINHTUTHUCHIEN[0].TRINHTU[1].TENTRINHTU",
        ),
        (
            ("CANCUPHAPLY", 0, "NGAYBANHANH"),
            "31/02/2020",
            "CANCUPHAPLY[0].NGAYBANHANH must be an existing date",
        ),
        (
            ("CANCUPHAPLY", 0, "NGAYHIEULUC"),
            "next year",
            "CANCUPHAPLY[0].NGAYHIEULUC must be a date",
        ),
        (("MucDo",), "5", "MucDo"),
        (("LienThong",), "maybe", "LienThong must be a boolean"),
    ],
)
def test_type_errors_name_the_field_path(path: tuple[Any, ...], value: Any, named: str) -> None:
    package = _set(full_package(), path, value)
    with pytest.raises(ProcedureDataError) as info:
        from_national_package(package)
    assert named in str(info.value)
    assert not isinstance(info.value, MissingComponentsError)


def test_a_time_needs_a_value_and_a_unit() -> None:
    package = _set(full_package(), (*TIME0, "THOIGIANGIAIQUYET"), "")
    package["CACHTHUCTHUCHIEN"][1]["THOIGIAN"][1]["DONVITINH"] = ""
    with pytest.raises(ProcedureDataError, match=r"THOIGIAN\[1\]\.DONVITINH is missing"):
        from_national_package(package)


def test_a_payload_that_is_not_an_object_is_refused() -> None:
    with pytest.raises(ProcedureDataError, match="GoiTinThuTucQG must be an object"):
        from_national_package(["MATTHC", "1.001776"])  # type: ignore[arg-type]


def test_missing_components_are_reported_at_once() -> None:
    package = {
        "MATTHC": "9.000002",
        "TENTTHC": "Thủ tục mẫu",
        "CACHTHUCTHUCHIEN": [{"KENH": "1", "THOIGIAN": []}],
        "THANHPHANHOSO": [{"TRUONGHOP": "", "GIAYTO": []}],
        "TRINHTUTHUCHIEN": None,
        "COQUANTHUCHIEN": [{"MADONVI": "", "TENDONVI": "UBND cấp xã"}],
    }
    with pytest.raises(MissingComponentsError) as info:
        from_national_package(package)
    assert info.value.missing == (
        "TRINHTUTHUCHIEN (trình tự thực hiện)",
        "THANHPHANHOSO (hồ sơ)",
        "CACHTHUCTHUCHIEN[].THOIGIAN (thời hạn giải quyết)",
        "DOITUONGTHUCHIEN (đối tượng thực hiện)",
        "KETQUATHUCHIEN (kết quả thực hiện)",
    )
    message = str(info.value)
    assert "9.000002" in message and "5 mandatory component(s)" in message
    assert all(m in message for m in info.value.missing)


def test_an_empty_package_misses_every_component() -> None:
    with pytest.raises(MissingComponentsError) as info:
        from_national_package({"MATTHC": "9.000003"})
    assert len(info.value.missing) == 8
    assert info.value.missing[0] == "TENTTHC (tên thủ tục hành chính)"


def test_article_8_3_and_incomplete_packages() -> None:
    package = full_package()
    package["CACHTHUCTHUCHIEN"] = []
    with pytest.raises(MissingComponentsError) as info:
        from_national_package(package)
    assert info.value.missing == (
        "CACHTHUCTHUCHIEN (cách thức thực hiện)",
        "CACHTHUCTHUCHIEN[].THOIGIAN (thời hạn giải quyết)",
    )
    with pytest.raises(MissingComponentsError) as info:
        from_national_package(package, required=GOVERNMENT_INSTRUMENT_COMPONENTS)
    assert info.value.missing == ("CACHTHUCTHUCHIEN[].THOIGIAN (thời hạn giải quyết)",)
    assert from_national_package(package, required=()).channels == ()


def test_repeated_channel_entries_are_merged() -> None:
    package = full_package()
    package["CACHTHUCTHUCHIEN"].append(
        {"KENH": "1", "THOIGIAN": [{"THOIGIANGIAIQUYET": "7", "DONVITINH": "Ngày"}]}
    )
    p = from_national_package(package)
    assert [o.channel for o in p.channels] == [Channel.IN_PERSON, Channel.ONLINE]
    assert p.channels[0].times[1] == ProcessingTime.calendar_days(7)


def test_levels_are_read_from_their_names() -> None:
    package = full_package()
    package["CAPTHUCHIEN"] = [
        {"CAPTHUCHIEN": "", "TENCAP": "Cấp Bộ"},
        {"CAPTHUCHIEN": "", "TENCAP": "cấp huyện"},
        {"CAPTHUCHIEN": "commune", "TENCAP": ""},
        {"CAPTHUCHIEN": "", "TENCAP": "Cấp Xã"},  # repeated: kept once
    ]
    assert from_national_package(package).levels == (
        GovLevel.CENTRAL,
        GovLevel.DISTRICT,
        GovLevel.COMMUNE,
    )


def test_the_input_is_not_modified() -> None:
    package = full_package()
    before = copy.deepcopy(package)
    from_national_package(package)
    assert package == before


# -- writing and round trips ----------------------------------------------------------------


def test_round_trip_of_the_full_package() -> None:
    p = from_national_package(full_package())
    written = to_national_package(p)
    json.dumps(written, ensure_ascii=False)  # plain JSON values
    assert from_national_package(written) == p
    assert written["CACHTHUCTHUCHIEN"][0]["THOIGIAN"][0] == {
        "THOIGIANGIAIQUYET": "3",
        "DONVITINH": "Ngày làm việc",
        "MOTA": "Kể từ ngày nhận đủ hồ sơ hợp lệ",
        "PHILEPHI": [
            {
                "MAPHILEPHI": "LP1",
                "SOTIEN": "10000",
                "DONVI": "Đồng",
                "MOTA": "Lệ phí",
                "TENTEP": "",
                "URL": "",
            }
        ],
    }
    assert written["CANCUPHAPLY"][0]["NGAYBANHANH"] == "2014-11-20"
    assert written["MucDo"] == "4" and written["LienThong"] is True
    assert written["CAPTHUCHIEN"][0]["TENCAP"] == "Cấp tỉnh"


def test_writing_through_the_record_methods() -> None:
    p = Procedure.from_national_package(full_package())
    assert p.to_national_package() == to_national_package(p)
    assert Procedure(code="1.001776").to_national_package()["CACHTHUCTHUCHIEN"] == []


def test_fees_without_a_time_survive_the_round_trip() -> None:
    fee = Fee(description="Phí", amount_vnd=None)
    p = Procedure(code="1.001776", channels=[ChannelOption(channel=Channel.POSTAL, fees=[fee])])
    assert from_national_package(to_national_package(p), required=()) == p


def test_proactive_levels_have_no_national_code() -> None:
    p = Procedure(code="1.001776", online_level=OnlineLevel.PROACTIVE_2)
    assert "MucDo" not in to_national_package(p)
    legacy = Procedure(code="1.001776", online_level=OnlineLevel.LEGACY_3)
    assert to_national_package(legacy)["MucDo"] == "3"


# -- hypothesis: generated records survive the round trip -----------------------------------

_LETTERS = "aăâbcdđeêghiklmnoôơpqrstuưvxyAĂÂĐÊÔƠƯáàảãạếềểễệốồổỗộớờởỡợúùủũụứừửữự0123456789 ./-"
text = st.text(_LETTERS, max_size=12).map(lambda s: " ".join(s.split()))
word = text.filter(bool)


@st.composite
def refs(draw: st.DrawFn, cls: type[Any]) -> Any:
    code, name = draw(text), draw(text)
    return cls(code, name or "x") if not code else cls(code, name)


times = st.one_of(
    st.builds(ProcessingTime.same_day, note=text),
    st.builds(
        ProcessingTime,
        value=st.fractions(min_value=1, max_value=60, max_denominator=4),
        unit=st.sampled_from(
            [TimeUnit.WORKING_DAYS, TimeUnit.CALENDAR_DAYS, TimeUnit.WORKING_HOURS]
        ),
        note=text,
    ),
)
fees = st.builds(
    Fee,
    description=word,
    amount_vnd=st.none() | st.integers(0, 10**7),
    unit=text,
    code=text,
    file_name=text,
    url=text,
)
dates = st.none() | st.dates(dt.date(1990, 1, 1), dt.date(2030, 12, 31))


@st.composite
def procedures(draw: st.DrawFn) -> Procedure:
    channels = draw(st.lists(st.sampled_from(Channel), unique=True, max_size=3))
    return Procedure(
        code=draw(st.sampled_from("12")) + "." + f"{draw(st.integers(0, 999_999)):06d}",
        name_vi=draw(text),
        kind=draw(st.none() | st.sampled_from(ProcedureKind)),
        levels=draw(st.lists(st.sampled_from(GovLevel), unique=True, max_size=3)),
        sectors=draw(st.lists(refs(Sector), max_size=2)),
        implementing_agencies=draw(st.lists(refs(AgencyRef), max_size=2)),
        competent_agencies=draw(st.lists(refs(AgencyRef), max_size=1)),
        coordinating_agencies=draw(st.lists(refs(AgencyRef), max_size=1)),
        subjects=draw(st.lists(refs(Subject), max_size=2)),
        channels=[
            ChannelOption(
                channel=c,
                times=draw(st.lists(times, max_size=2)),
                fees=draw(st.lists(fees, max_size=2)),
            )
            for c in channels
        ],
        dossier=draw(
            st.lists(
                st.builds(
                    DossierComponentGroup,
                    text,
                    st.lists(
                        st.builds(
                            DocumentRequirement,
                            name=word,
                            code=text,
                            originals=st.none() | st.integers(0, 5),
                            copies=st.none() | st.integers(0, 5),
                            form_name=text,
                        ),
                        max_size=2,
                    ),
                ),
                max_size=2,
            )
        ),
        steps=draw(st.lists(st.builds(StepGroup, text, st.lists(word, max_size=3)), max_size=2)),
        results=draw(st.lists(st.builds(ResultDocument, name=word, code=text), max_size=2)),
        legal_basis=draw(
            st.lists(
                st.builds(LegalBasis, number=word, title=text, issued_on=dates, effective_on=dates),
                max_size=2,
            )
        ),
        online_level=draw(
            st.sampled_from([None, OnlineLevel.INFORMATION, OnlineLevel.PARTIAL, OnlineLevel.FULL])
        ),
        interlinked=draw(st.booleans()),
    )


@given(procedures())
def test_generated_records_round_trip(p: Procedure) -> None:
    package = to_national_package(p)
    assert from_national_package(json.loads(json.dumps(package)), required=()) == p
