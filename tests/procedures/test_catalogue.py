"""The catalogue of procedures (danh mục TTHC): look-up, filters, accent-insensitive search.

Sources: ``law.md`` §4.4 (national and localised codes ``1.001776.000.00.00.H56``,
``2.002621.H56``), ``procedures_sample.md`` (names, sectors and agencies used below).
"""

from __future__ import annotations

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from onestop_core.errors import ProcedureDataError, UnknownProcedureError
from onestop_core.procedures.catalogue import Catalogue, fold_vietnamese
from onestop_core.procedures.enums import GovLevel
from onestop_core.procedures.records import AgencyRef, Procedure, Sector

KHAI_SINH = Procedure(
    code="1.001193",
    name_vi="Thủ tục đăng ký khai sinh",
    name_en="Birth registration",
    levels=[GovLevel.COMMUNE],
    sectors=[Sector("", "Hộ tịch")],
    implementing_agencies=[AgencyRef("", "UBND cấp xã")],
)
CHU_KY = Procedure(
    code="2.000884",
    name_vi="Chứng thực chữ ký",
    levels=[GovLevel.COMMUNE],
    sectors=[Sector("", "Chứng thực")],
    implementing_agencies=[AgencyRef("", "UBND cấp xã; tổ chức hành nghề công chứng")],
)
DAT_DAI = Procedure(
    code="1.013831",
    name_vi="Đăng ký biến động đất đai",
    levels=[GovLevel.PROVINCE],
    sectors=[Sector("DD", "Đất đai")],
    implementing_agencies=[AgencyRef("", "Văn phòng đăng ký đất đai")],
    coordinating_agencies=[AgencyRef("000.00.00.H56", "Cơ quan thuế")],
)
BAN_LE_DIEN = Procedure(
    code="1.013416",
    local_code="1.013416.H50",
    name_vi="Cấp giấy phép hoạt động bán lẻ điện",
    levels=[GovLevel.PROVINCE],
    sectors=[Sector("", "Điện lực")],
    implementing_agencies=[AgencyRef("", "Sở Công Thương tỉnh Quảng Trị")],
)
CAT = Catalogue([KHAI_SINH, CHU_KY, DAT_DAI, BAN_LE_DIEN])


def codes(procedures: tuple[Procedure, ...]) -> list[str]:
    return [p.code for p in procedures]


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("1.001193", KHAI_SINH),
        ("1.001193.000.00.00.H56", KHAI_SINH),  # localised for Thanh Hóa
        ("2.000884.H56", CHU_KY),  # short local form
        ("1.013416.H50", BAN_LE_DIEN),
        ("1.013416.000.00.00.H50", BAN_LE_DIEN),
        (" 1.013831 ", DAT_DAI),
    ],
)
def test_get_by_national_or_localised_code(code: str, expected: Procedure) -> None:
    assert CAT.get(code) is expected


@pytest.mark.parametrize("code", ["1.001776", "1.001776.000.00.00.H56"])
def test_get_unknown_code_names_it(code: str) -> None:
    with pytest.raises(UnknownProcedureError, match=code.replace(".", r"\.")):
        CAT.get(code)


@pytest.mark.parametrize("code", ["khai sinh", "1.0011930", "", None, 1001193])
def test_get_malformed_code_is_a_lookup_error(code: object) -> None:
    with pytest.raises(UnknownProcedureError, match="not a procedure code"):
        CAT.get(code)  # type: ignore[arg-type]
    with pytest.raises(LookupError):
        CAT.get(code)  # type: ignore[arg-type]


def test_container_protocol() -> None:
    assert len(CAT) == 4 and list(CAT) == [KHAI_SINH, CHU_KY, DAT_DAI, BAN_LE_DIEN]
    assert "1.001193" in CAT and "1.001193.000.00.00.H56" in CAT and KHAI_SINH in CAT
    assert "1.001776" not in CAT and "khai sinh" not in CAT and 1001193 not in CAT
    assert attrs.evolve(KHAI_SINH, version=2) not in CAT  # same code, other record
    assert len(Catalogue()) == 0


def test_duplicate_codes_are_refused() -> None:
    with pytest.raises(ProcedureDataError, match=r"1\.001193 appears twice"):
        Catalogue([KHAI_SINH, attrs.evolve(KHAI_SINH, name_en="")])
    with pytest.raises(ProcedureDataError, match="appears twice"):
        CAT.with_procedures(Procedure(code="2.000884"))
    with pytest.raises(ProcedureDataError, match="holds procedures"):
        Catalogue(["1.001193"])  # type: ignore[list-item]
    with pytest.raises(ProcedureDataError, match="built from procedures"):
        Catalogue("1.001193")  # type: ignore[arg-type]


def test_catalogue_is_immutable_and_with_procedures_returns_a_new_one() -> None:
    extra = Procedure(code="1.001776", name_vi="Trợ cấp xã hội hằng tháng")
    bigger = CAT.with_procedures(extra)
    assert len(bigger) == 5 and len(CAT) == 4 and bigger.get("1.001776.000.00.00.H56") is extra
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        CAT.procedures = ()  # type: ignore[misc]
    newer = attrs.evolve(CHU_KY, version=2)
    replaced = CAT.with_procedures(newer, extra, replace=True)
    assert codes(tuple(replaced)) == ["1.001193", "2.000884", "1.013831", "1.013416", "1.001776"]
    assert replaced.get("2.000884").version == 2 and CAT.get("2.000884").version == 1
    assert Catalogue([KHAI_SINH]) == Catalogue((KHAI_SINH,))


@pytest.mark.parametrize(
    ("sector", "expected"),
    [
        ("Hộ tịch", ["1.001193"]),
        ("ho tich", ["1.001193"]),
        ("ĐẤT ĐAI", ["1.013831"]),
        ("DD", ["1.013831"]),
        ("dat", []),  # names match whole, not in part
        ("Tư pháp", []),
    ],
)
def test_by_sector(sector: str, expected: list[str]) -> None:
    assert codes(CAT.by_sector(sector)) == expected


def test_by_level() -> None:
    assert codes(CAT.by_level(GovLevel.COMMUNE)) == ["1.001193", "2.000884"]
    assert codes(CAT.by_level(GovLevel.PROVINCE)) == ["1.013831", "1.013416"]
    assert CAT.by_level(GovLevel.DISTRICT) == ()
    with pytest.raises(ProcedureDataError, match="GovLevel"):
        CAT.by_level("xã")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("agency", "expected"),
    [
        ("UBND cấp xã", ["1.001193", "2.000884"]),
        ("ubnd cap xa", ["1.001193", "2.000884"]),
        ("công chứng", ["2.000884"]),
        ("000.00.00.H56", ["1.013831"]),  # coordinating agency, by code
        ("cơ quan thuế", ["1.013831"]),
        ("Quảng Trị", ["1.013416"]),
        ("Bộ Tư pháp", []),
    ],
)
def test_by_agency(agency: str, expected: list[str]) -> None:
    assert codes(CAT.by_agency(agency)) == expected


def test_by_agency_needs_a_name() -> None:
    with pytest.raises(ProcedureDataError, match="blank"):
        CAT.by_agency("  ")


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("khai sinh", ["1.001193"]),
        ("ĐĂNG KÝ", ["1.001193", "1.013831"]),
        ("dang ky", ["1.001193", "1.013831"]),
        ("dat dai", ["1.013831"]),  # đ -> d
        ("chung  thuc", ["2.000884"]),  # repeated spaces
        ("birth", ["1.001193"]),  # English name
        ("1.0134", ["1.013416"]),  # code
        ("H50", ["1.013416"]),  # local code
        ("ban le dien", ["1.013416"]),
        ("ly hon", []),
        ("", ["1.001193", "2.000884", "1.013831", "1.013416"]),
    ],
)
def test_search_is_accent_insensitive(query: str, expected: list[str]) -> None:
    assert codes(CAT.search(query)) == expected


def test_search_needs_text() -> None:
    with pytest.raises(ProcedureDataError, match="expected text"):
        CAT.search(None)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Đăng ký khai sinh", "dang ky khai sinh"),
        ("ĐỒNG THÁP", "dong thap"),
        ("Thừa Thiên Huế", "thua thien hue"),
        ("Chứng thực\tchữ  ký ", "chung thuc chu ky"),
        ("Quảng Trị", "quang tri"),
        ("ưu đãi", "uu dai"),
        ("Ngày", "ngay"),
    ],
)
def test_fold_vietnamese(text: str, folded: str) -> None:
    assert fold_vietnamese(text) == folded


def test_fold_handles_decomposed_input() -> None:
    import unicodedata

    assert fold_vietnamese(unicodedata.normalize("NFD", "Đất đai")) == "dat dai"


@given(st.text())
def test_fold_is_idempotent_and_ascii_for_vietnamese(text: str) -> None:
    once = fold_vietnamese(text)
    assert fold_vietnamese(once) == once
    vietnamese = "ăâđêôơưáàảãạấầẩẫậắằẳẵặéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ"
    assert fold_vietnamese(vietnamese + vietnamese.upper()).isascii()
