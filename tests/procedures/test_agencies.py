"""Agency identifiers (mã định danh điện tử) in both spellings, agencies, level-1 codes.

Sources: ``law.md`` §4.2 (QCVN 102:2016 right-to-left ``LLL.LL.LL.XNN`` and the Thanh Hóa
examples; Decision 20/2020/QĐ-TTg Art. 4 left-to-right ``MX1X2.…`` ≤ 35 characters),
``law.md`` §4.1 (Hà Nội sample ``000.A0.01.H26``), ``integrations.md`` §3.2 (``000.00.04.G18``,
``G09.20``), ``law.md`` §4.3 (``H56.012.03``).
"""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from onestop_core.errors import AgencyIdError, OnestopError
from onestop_core.procedures.agencies import (
    Agency,
    AgencyId,
    AgencyIdForm,
    AgencyKind,
    level1_codes,
)
from onestop_core.procedures.enums import GovLevel
from onestop_core.procedures.units import _fold, admin_units

QCVN, QD20 = AgencyIdForm.QCVN102, AgencyIdForm.QD20


@pytest.mark.parametrize(
    ("text", "levels", "form"),
    [
        ("000.00.00.H56", ("H56",), QCVN),  # UBND tỉnh Thanh Hóa
        ("000.00.06.H56", ("H56", "06"), QCVN),  # TTPVHCC Thanh Hóa
        ("000.00.22.H56", ("H56", "22"), QCVN),
        ("000.17.22.H56", ("H56", "22", "17"), QCVN),  # UBND phường Quảng Hưng
        ("000.00.17.H56", ("H56", "17"), QCVN),  # level 2 unit 17, not 17 under 22
        ("000.A0.01.H26", ("H26", "01", "A0"), QCVN),
        ("000.00.04.G18", ("G18", "04"), QCVN),
        ("001.02.03.H30", ("H30", "03", "02", "001"), QCVN),
        ("H56.22.17", ("H56", "22", "17"), QD20),
        ("H56", ("H56",), QD20),
        ("G09.20", ("G09", "20"), QD20),
        ("H56.012.03", ("H56", "012", "03"), QD20),
        ("H56.000", ("H56",), QD20),  # trailing "none" group dropped
        ("A00.1.22.333.4444.55555", ("A00", "1", "22", "333", "4444", "55555"), QD20),
    ],
)
def test_parse_both_forms(text: str, levels: tuple[str, ...], form: AgencyIdForm) -> None:
    agency_id = AgencyId.parse(text)
    assert agency_id.levels == levels
    assert agency_id.form is form
    assert str(agency_id) == text == agency_id.text
    assert repr(agency_id) == f"AgencyId({text!r})"


def test_equality_and_hash_compare_levels_not_spelling() -> None:
    legacy, modern = AgencyId.parse("000.17.22.H56"), AgencyId.parse("H56.22.17")
    assert legacy == modern and hash(legacy) == hash(modern)
    assert str(legacy) != str(modern)
    assert len({legacy, modern}) == 1
    assert AgencyId.parse("000.00.17.H56") != AgencyId.parse("000.17.22.H56")
    assert AgencyId(("H56", "22", "17")) == legacy


def test_ambiguous_text_reads_as_legacy_when_it_ends_with_level_1() -> None:
    # Fits LLL.LL.LL.XNN and also starts with a level-1-looking group: the legacy rule wins.
    assert AgencyId.parse("H56.22.17.G01").levels == ("G01", "17", "22", "H56")
    # Not the 13-character shape: read left to right.
    assert AgencyId.parse("H56.22.G01").levels == ("H56", "22", "G01")


def test_rendering() -> None:
    agency_id = AgencyId.parse("H56.22.17")
    assert agency_id.qcvn102() == "000.17.22.H56"
    assert agency_id.qd20() == "H56.22.17"
    assert AgencyId.parse("000.00.00.H56").qd20() == "H56"
    assert AgencyId.parse("H56").qcvn102() == "000.00.00.H56"
    assert AgencyId.parse("H30.03.02.001").qcvn102() == "001.02.03.H30"


@pytest.mark.parametrize(
    ("text", "group"),
    [("H56.012.03", "'012'"), ("H56.2", "'2'"), ("H56.22.17.1", "'1'"), ("H56.1.2.333.4", "5")],
)
def test_qcvn102_only_when_the_levels_fit(text: str, group: str) -> None:
    with pytest.raises(AgencyIdError, match=group):
        AgencyId.parse(text).qcvn102()


def test_parent_level1_and_kind() -> None:
    ward = AgencyId.parse("000.17.22.H56")
    parent = ward.parent()
    assert parent is not None and str(parent) == "000.00.22.H56"
    assert parent.parent() == AgencyId.parse("H56")
    assert str(AgencyId.parse("H56.22.17").parent()) == "H56.22"
    assert AgencyId.parse("H56").parent() is None
    assert ward.level1 == "H56" and ward.is_province and not ward.is_ministry
    ministry = AgencyId.parse("000.00.04.G18")
    assert ministry.is_ministry and not ministry.is_province


@pytest.mark.parametrize(
    ("text", "bad"),
    [
        ("", "''"),
        ("h56.22", "'h56'"),
        ("000.17.22.Z56", "'Z56'"),
        ("000.17.22.H5", "'H5'"),
        ("00.17.22.H56", "'00' has 2 character"),  # ends with level 1, wrong shape
        ("000.17.0.H56", "'0' has 1 character"),
        ("17.22.H56", "3 groups"),
        ("000.17.00.H56", "'00'"),  # "none" at level 2 with a level-3 unit below
        ("H56.00.17", "'00'"),
        ("H56..22", "''"),
        ("H56.22-1", "'22-1'"),
        (" H56", "' H56'"),
        ("22.17", "'17'"),
        ("H56." + ".".join(["AB"] * 11), "35"),  # 36 characters
    ],
)
def test_errors_name_the_bad_group(text: str, bad: str) -> None:
    with pytest.raises(AgencyIdError) as info:
        AgencyId.parse(text)
    assert bad in str(info.value)
    assert isinstance(info.value, ValueError) and isinstance(info.value, OnestopError)


def test_non_string_and_inconsistent_construction() -> None:
    with pytest.raises(AgencyIdError, match="string"):
        AgencyId.parse(56)  # type: ignore[arg-type]
    with pytest.raises(AgencyIdError, match=r"'H56\.22'"):
        AgencyId(("H56", "17"), "H56.22")
    with pytest.raises(AgencyIdError, match="'1'"):
        AgencyId(("1",))
    with pytest.raises(AgencyIdError, match="'00'"):
        AgencyId(("H56", "00"))


_CHARS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_level1 = st.builds(
    lambda letter, n: f"{letter}{n:02d}",
    st.sampled_from("ABCDEFGHIJKLMNOPQRSTUVWXY"),
    st.integers(0, 99),
)


def _group(width: int) -> st.SearchStrategy[str]:
    return st.text(_CHARS, min_size=width, max_size=width).filter(lambda g: bool(g.strip("0")))


qcvn_levels = st.builds(
    lambda l1, lower, depth: (l1, *lower[:depth]),
    _level1,
    st.tuples(_group(2), _group(2), _group(3)),
    st.integers(0, 3),
)


@given(qcvn_levels)
def test_both_spellings_round_trip(levels: tuple[str, ...]) -> None:
    agency_id = AgencyId(levels)
    legacy = AgencyId.parse(agency_id.qcvn102())
    modern = AgencyId.parse(agency_id.qd20(), form=QD20)
    assert legacy == modern == agency_id
    assert legacy.levels == levels
    assert (legacy.form, modern.form) == (QCVN, QD20)
    assert str(AgencyId.parse(str(legacy))) == str(legacy)
    assert str(AgencyId.parse(str(modern), form=QD20)) == str(modern)
    # Without the hint, only a level 4 that looks like a level-1 code reads the other way.
    if AgencyId.parse(agency_id.qd20()) != agency_id:
        assert len(levels) == 4 and levels[3][0] in "ABCDEFGHIJKLMNOPQRSTUVWXY"


def test_form_hint_resolves_the_ambiguous_spelling() -> None:
    text = "A00.01.02.B00"
    assert AgencyId.parse(text).levels == ("B00", "02", "01", "A00")
    hinted = AgencyId.parse(text, form=QD20)
    assert hinted.levels == ("A00", "01", "02", "B00") and hinted.form is QD20
    assert str(hinted) == text
    with pytest.raises(AgencyIdError, match="'22'"):
        AgencyId.parse("H56.22", form=QCVN)
    with pytest.raises(AgencyIdError, match="'000'"):
        AgencyId.parse("000.00.06.H56", form=QD20)


@given(_level1, st.lists(st.text(_CHARS, min_size=1, max_size=5), max_size=5))
def test_qd20_parse_is_total_on_valid_text(level1: str, lower: list[str]) -> None:
    text = ".".join([level1, *lower])
    try:
        agency_id = AgencyId.parse(text)
    except AgencyIdError as exc:  # only length, interior zero groups, or a legacy-shaped text
        message = str(exc)
        assert "35" in message or "all zeros" in message or "QCVN" in message
    else:
        assert str(agency_id) == text
        assert agency_id.level1 in {level1, *lower}


# --- Agency --------------------------------------------------------------------------------


def _agency(**changes: object) -> Agency:
    fields: dict[str, object] = {
        "id": AgencyId.parse("000.00.06.H56"),
        "name": "Trung tâm Phục vụ hành chính công tỉnh Thanh Hóa",
        "level": GovLevel.PROVINCE,
        "kind": AgencyKind.SERVICE_CENTER,
        "parent": AgencyId.parse("000.00.00.H56"),
        "unit_code": "38",
    }
    fields.update(changes)
    return Agency(**fields)  # type: ignore[arg-type]


def test_agency_record() -> None:
    centre = _agency(valid_from=dt.date(2019, 1, 1))
    assert centre.level is GovLevel.PROVINCE and centre.kind.value == "TTPVHCC"
    assert centre.is_valid_on(dt.date(2023, 10, 27)) and not centre.is_valid_on(dt.date(2018, 1, 1))
    assert [k.value for k in AgencyKind] == [
        "BO",
        "SO",
        "UBND",
        "TTPVHCC",
        "CHI_NHANH",
        "DIEM_TIEP_NHAN",
        "NGANH_DOC",
        "BUU_CHINH",
    ]
    assert all(k.label_vi for k in AgencyKind)


def test_historical_district_agency() -> None:
    district = _agency(
        id=AgencyId.parse("000.00.22.H56"),
        name="UBND thành phố Thanh Hóa",
        level=GovLevel.DISTRICT,
        kind=AgencyKind.PEOPLES_COMMITTEE,
        valid_to=dt.date(2025, 6, 30),
        successors=(AgencyId.parse("000.17.22.H56"),),
    )
    assert district.level.label_vi == "huyện"


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"name": " "}, "needs a name"),
        ({"valid_from": dt.date(2025, 1, 2), "valid_to": dt.date(2025, 1, 1)}, "before"),
        ({"parent": AgencyId.parse("H56.06")}, "own parent"),
        ({"level": GovLevel.DISTRICT}, "2025-06-30"),
        ({"level": GovLevel.DISTRICT, "valid_to": dt.date(2025, 7, 1)}, "2025-07-01"),
    ],
)
def test_agency_validation(changes: dict[str, object], message: str) -> None:
    with pytest.raises(AgencyIdError, match=message):
        _agency(**changes)


# --- level-1 codes -------------------------------------------------------------------------


def test_level1_codes_shipped_as_data() -> None:
    codes = level1_codes()
    ministries = sorted(c for c, e in codes.items() if e.kind == "ministry")
    assert ministries == [f"G{n:02d}" for n in range(1, 22) if n not in (12, 13)]
    assert sorted(c for c, e in codes.items() if e.kind == "province") == [
        "H26",
        "H30",
        "H50",
        "H56",
    ]
    assert all(e.era == "2020" for e in codes.values() if e.kind == "ministry")
    for code, entry in codes.items():
        assert entry.code == code and entry.source and entry.confidence
        assert AgencyId.parse(code).levels == (code,)


def test_level1_province_codes_point_at_their_units() -> None:
    units = admin_units()
    for entry in level1_codes().values():
        if entry.kind != "province":
            continue
        assert entry.unit_code is not None
        unit = (
            units.province(entry.unit_code)
            if entry.unit_map == "2025"
            else units.former_province(entry.unit_code)
        )
        assert _fold(unit.name) == _fold(entry.name)
