"""Administrative units: the 2025 province map, the 63 former provinces, the 3,321 communes.

Sources: Nghị quyết 202/2025/QH15 (the table in ``shared/domain/README.md``), the admin-units
README (checks 3, 4, 12–16, 18 and the dated changes), ``law.md`` §1.3.
"""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from collections import Counter
from collections.abc import Callable
from importlib import resources
from pathlib import Path

import pytest

from onestop_core.errors import AdminUnitError, OnestopError
from onestop_core.procedures.units import (
    AdministrativeUnit,
    AdminUnits,
    UnitLevel,
    _fold,
    admin_units,
)

#: ../shared/domain beside the repository, as in tests/conftest.py.
DOMAIN = Path(__file__).resolve().parents[3] / "shared" / "domain"
BEFORE = dt.date(2025, 6, 30)
FROM = dt.date(2025, 7, 1)
DONG_NAI_CITY = dt.date(2026, 4, 30)

#: shared/domain/README.md, "The 2025 province map": new province -> former provinces.
CROSSWALK = {
    "Hà Nội": ["Hà Nội"],
    "Huế": ["Huế"],
    "Lai Châu": ["Lai Châu"],
    "Điện Biên": ["Điện Biên"],
    "Sơn La": ["Sơn La"],
    "Lạng Sơn": ["Lạng Sơn"],
    "Quảng Ninh": ["Quảng Ninh"],
    "Thanh Hóa": ["Thanh Hóa"],
    "Nghệ An": ["Nghệ An"],
    "Hà Tĩnh": ["Hà Tĩnh"],
    "Cao Bằng": ["Cao Bằng"],
    "Tuyên Quang": ["Tuyên Quang", "Hà Giang"],
    "Lào Cai": ["Lào Cai", "Yên Bái"],
    "Thái Nguyên": ["Thái Nguyên", "Bắc Kạn"],
    "Phú Thọ": ["Phú Thọ", "Vĩnh Phúc", "Hòa Bình"],
    "Bắc Ninh": ["Bắc Ninh", "Bắc Giang"],
    "Hưng Yên": ["Hưng Yên", "Thái Bình"],
    "Hải Phòng": ["Hải Phòng", "Hải Dương"],
    "Ninh Bình": ["Ninh Bình", "Hà Nam", "Nam Định"],
    "Quảng Trị": ["Quảng Trị", "Quảng Bình"],
    "Đà Nẵng": ["Đà Nẵng", "Quảng Nam"],
    "Quảng Ngãi": ["Quảng Ngãi", "Kon Tum"],
    "Gia Lai": ["Gia Lai", "Bình Định"],
    "Khánh Hòa": ["Khánh Hòa", "Ninh Thuận"],
    "Lâm Đồng": ["Lâm Đồng", "Đắk Nông", "Bình Thuận"],
    "Đắk Lắk": ["Đắk Lắk", "Phú Yên"],
    "Hồ Chí Minh City": ["Hồ Chí Minh City", "Bình Dương", "Bà Rịa–Vũng Tàu"],
    "Đồng Nai": ["Đồng Nai", "Bình Phước"],
    "Tây Ninh": ["Tây Ninh", "Long An"],
    "Cần Thơ": ["Cần Thơ", "Sóc Trăng", "Hậu Giang"],
    "Vĩnh Long": ["Vĩnh Long", "Bến Tre", "Trà Vinh"],
    "Đồng Tháp": ["Đồng Tháp", "Tiền Giang"],
    "Cà Mau": ["Cà Mau", "Bạc Liêu"],
    "An Giang": ["An Giang", "Kiên Giang"],
}

#: The 10 Đồng Nai communes that became phường on 2026-04-30 (Nghị quyết 237/NQ-UBTVQH16).
DONG_NAI_NEW_WARDS = {
    "25270": "Lộc Ninh",
    "25357": "Tân Khai",
    "25363": "Đồng Phú",
    "26116": "Tân Phú",
    "26170": "Trị An",
    "26248": "Trảng Bom",
    "26326": "Dầu Giây",
    "26368": "Long Thành",
    "26425": "Xuân Lộc",
    "26485": "Nhơn Trạch",
}


def _key(name: str) -> str:
    """Compare names as the README check 18 does: no diacritics, spacing or 'City'."""
    return _fold(name).removesuffix(" city").replace(" ", "")


@pytest.fixture(scope="module")
def units() -> AdminUnits:
    return admin_units()


# --- the province maps ---------------------------------------------------------------------


@pytest.mark.parametrize("on", [None, FROM, DONG_NAI_CITY, dt.date(2026, 11, 26)])
def test_34_provinces_from_2025_07_01(units: AdminUnits, on: dt.date | None) -> None:
    provinces = units.provinces(on=on)
    assert len(provinces) == 34
    assert len({p.code for p in provinces}) == 34
    assert all(p.level is UnitLevel.PROVINCE and p.valid_from == FROM for p in provinces)


@pytest.mark.parametrize("on", [BEFORE, dt.date(2025, 3, 1), dt.date(2020, 1, 1)])
def test_63_provinces_before(units: AdminUnits, on: dt.date) -> None:
    provinces = units.provinces(on=on)
    assert len(provinces) == 63
    assert all(p.valid_to == BEFORE for p in provinces)


def test_each_former_province_has_exactly_one_successor_among_the_34(units: AdminUnits) -> None:
    new_codes = {p.code for p in units.provinces()}
    formers = units.provinces(on=BEFORE)
    for old in formers:
        assert len(old.successors) == 1
        assert old.successors[0] in new_codes
        assert units.successor_province(old.code).code == old.successors[0]
    # the former_provinces lists partition the 63
    listed = [f.code for p in units.provinces() for f in units.former_provinces(p.code)]
    assert sorted(listed) == sorted(f.code for f in formers)


def test_crosswalk_matches_resolution_202_table(units: AdminUnits) -> None:
    expected = {_key(new): sorted(_key(o) for o in old) for new, old in CROSSWALK.items()}
    actual = {
        _key(p.name): sorted(_key(f.name) for f in units.former_provinces(p.code))
        for p in units.provinces()
    }
    assert actual == expected
    unchanged = [p for p in units.provinces() if len(p.predecessors) == 1]
    assert len(unchanged) == 11
    # the 11 unchanged provinces keep their codes (README check 14)
    assert all(p.predecessors == (p.code,) for p in unchanged)


def test_every_2025_code_is_the_code_of_one_of_its_former_provinces(units: AdminUnits) -> None:
    assert all(p.code in p.predecessors for p in units.provinces())


@pytest.mark.parametrize(
    ("code", "new_name", "old_name"),
    [
        ("15", "Lào Cai", "Yên Bái"),
        ("24", "Bắc Ninh", "Bắc Giang"),
        ("44", "Quảng Trị", "Quảng Bình"),
    ],
)
def test_a_province_code_names_different_units_before_and_after(
    units: AdminUnits, code: str, new_name: str, old_name: str
) -> None:
    assert units.province(code).name == new_name
    assert units.former_province(code).name == old_name
    assert units.as_of(code, FROM).name == new_name
    assert units.as_of(code, BEFORE).name == old_name


def test_province_types_28_6_then_27_7(units: AdminUnits) -> None:
    city = "thành phố trực thuộc trung ương"
    on_start = Counter(p.type for p in units.provinces(on=FROM))
    assert on_start == {"tỉnh": 28, city: 6}
    assert Counter(p.type for p in units.provinces(on=DONG_NAI_CITY)) == {"tỉnh": 27, city: 7}
    assert Counter(p.type for p in units.provinces()) == {"tỉnh": 27, city: 7}


def test_dong_nai_becomes_a_city_on_2026_04_30(units: AdminUnits) -> None:
    dong_nai = units.province("75")
    before = units.as_of("75", dt.date(2026, 4, 29))
    after = units.as_of("75", DONG_NAI_CITY)
    assert (before.type, before.full_name) == ("tỉnh", "Tỉnh Đồng Nai")
    assert (after.type, after.full_name) == (
        "thành phố trực thuộc trung ương",
        "Thành phố Đồng Nai",
    )
    assert dong_nai.history[-1].basis == "Nghị quyết 30/2026/QH16"
    assert dong_nai.as_of(FROM).type == "tỉnh"
    assert [p.name for p in units.former_provinces("75")] == ["Bình Phước", "Đồng Nai"]


def test_hue_was_thua_thien_hue_until_2024(units: AdminUnits) -> None:
    assert units.as_of("46", dt.date(2024, 12, 31)).full_name == "Tỉnh Thừa Thiên Huế"
    assert units.as_of("46", dt.date(2025, 1, 1)).full_name == "Thành phố Huế"
    assert units.as_of("46", FROM).valid_from == FROM


# --- communes ------------------------------------------------------------------------------


def test_3321_communes_with_unique_codes(units: AdminUnits) -> None:
    communes = units.communes()
    assert len(communes) == 3321
    assert len({c.code for c in communes}) == 3321
    assert all(c.level is UnitLevel.COMMUNE and len(c.code) == 5 for c in communes)
    assert sum(len(units.communes(p.code)) for p in units.provinces()) == 3321


def test_commune_counts_per_province(units: AdminUnits) -> None:
    assert len(units.communes("38")) == 166  # Thanh Hóa, law.md §1.3
    assert len(units.communes("01")) == 126
    assert all(c.province_code == "75" for c in units.communes("75"))


def test_commune_types_on_2025_07_01_and_from_2026_04_30(units: AdminUnits) -> None:
    def count(on: dt.date) -> Counter[str]:
        return Counter(units.as_of(c.code, on).type for c in units.communes())

    assert count(FROM) == {"xã": 2621, "phường": 687, "đặc khu": 13}
    assert count(DONG_NAI_CITY) == {"xã": 2611, "phường": 697, "đặc khu": 13}


def test_the_ten_dong_nai_communes_that_became_phuong(units: AdminUnits) -> None:
    changed = {c.code: c.name for c in units.communes() if c.history}
    assert changed == DONG_NAI_NEW_WARDS
    long_thanh = units.commune("26368")
    assert long_thanh.as_of(dt.date(2026, 4, 29)).full_name == "Xã Long Thành"
    assert long_thanh.as_of(DONG_NAI_CITY).full_name == "Phường Long Thành"
    assert long_thanh.history[-1].basis == "Nghị quyết 237/NQ-UBTVQH16"


def test_corrected_codes_are_shipped(units: AdminUnits) -> None:
    assert units.commune("06970").name == "Ba Chẽ"  # not 06978 (upstream #197 / PR #202)
    assert units.commune("00745").name == "Phố Bảng"
    with pytest.raises(AdminUnitError, match="'06978'"):
        units.commune("06978")


# --- errors --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("call", "code"),
    [
        (lambda u: u.province("99"), "'99'"),
        (lambda u: u.province("1"), "'1'"),
        (lambda u: u.province("93"), "'93'"),  # Hậu Giang: only in the former map
        (lambda u: u.former_province("03"), "'03'"),
        (lambda u: u.commune("00000"), "'00000'"),
        (lambda u: u.successor_province("99"), "'99'"),
        (lambda u: u.former_provinces("93"), "'93'"),
        (lambda u: u.communes("02"), "'02'"),
        (lambda u: u.as_of("123", FROM), "'123'"),
        (lambda u: u.as_of("00004", BEFORE), "'00004'"),  # communes start on 2025-07-01
        (lambda u: u.as_of("93", FROM), "'93'"),
    ],
)
def test_unknown_codes_raise_admin_unit_error_naming_them(
    call: Callable[[AdminUnits], object], code: str
) -> None:
    with pytest.raises(AdminUnitError, match=code) as info:
        call(admin_units())
    assert isinstance(info.value, LookupError) and isinstance(info.value, OnestopError)


def test_former_map_hint_in_error(units: AdminUnits) -> None:
    with pytest.raises(AdminUnitError, match="Hậu Giang"):
        units.province("93")


def test_unit_not_valid_on_date(units: AdminUnits) -> None:
    with pytest.raises(AdminUnitError, match="does not exist on 2025-06-30"):
        units.province("75").as_of(BEFORE)
    assert not units.former_province("75").is_valid_on(FROM)


# --- names ---------------------------------------------------------------------------------


def test_find_by_name_is_accent_and_tone_placement_insensitive(units: AdminUnits) -> None:
    # "Hoà Bình" (former province 17) is spelled with the old tone-mark placement.
    assert [u.code for u in units.find_by_name("Hòa Bình") if u.level is UnitLevel.PROVINCE] == [
        "17"
    ]
    assert units.find_by_name("HOA BINH") == units.find_by_name("Hoà Bình")
    assert {u.code for u in units.find_by_name("dong nai")} == {"75"}
    assert len(units.find_by_name("Đồng Nai")) == 2  # the 2025 city and the former tỉnh
    assert units.find_by_name("Tỉnh Thừa Thiên - Huế")[0].code == "46"
    assert units.find_by_name("Atlantis") == ()


def test_find_by_name_returns_every_match(units: AdminUnits) -> None:
    found = units.find_by_name("Tân Phú")
    assert len(found) == len({u.code for u in found}) >= 5
    assert all(isinstance(u, AdministrativeUnit) and u.name == "Tân Phú" for u in found)


# --- packaging and loading -----------------------------------------------------------------


def test_data_and_notice_are_shipped_unchanged() -> None:
    folder = resources.files("onestop_core").joinpath("data", "admin_units")
    notice = folder.joinpath("NOTICE.md").read_text(encoding="utf-8")
    assert "Copyright (c) 2021 Thang Le Quoc" in notice and "MIT License" in notice
    assert "thanglequoc/vietnamese-provinces-database" in notice
    for name in ("provinces_2025.json", "provinces_pre2025.json", "communes_2025.json"):
        shared = DOMAIN / "admin_units" / name
        if not shared.exists():
            pytest.skip(f"domain reference {shared} not present")
        assert folder.joinpath(name).read_bytes() == shared.read_bytes()


def test_loading_is_lazy() -> None:
    code = (
        "import onestop_core.procedures.units as m\n"
        "from onestop_core._data import load_json\n"
        "assert load_json.cache_info().currsize == 0, 'data read at import'\n"
        "print(len(m.AdminUnits().communes()))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "3321"
