"""DVCQG simulator data: fixed catalogues, the error-code table and payload validation.

Dates on the wire are ``yyyyMMddHHmmss`` in Vietnam local time, without a zone.

>>> format_dvcqg_time(dt.datetime(2026, 11, 20, 8, 0, tzinfo=VN_OFFSET))
'20261120080000'
>>> validate_dossier({"MaHoSo": "H1", "MaTTHC": "1.001193", "TenTTHC": "Thủ tục đăng ký khai sinh",
...                   "NgayTiepNhan": "20261120080000", "TrangThaiHoSo": "2"}, 0)
[]
>>> [p["field"] for p in validate_progress({"MaHoSo": "H1", "TrangThai": "11"}, 0)]
['NguoiXuLy', 'ThoiDiemXuLy', 'NoiDungXuLy', 'TrangThai']
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from typing import Any, Final

from onestop_core.testing.simulators.base import VN_OFFSET

__all__ = [
    "AGENCIES",
    "ERROR_CODES",
    "FIELDS",
    "PROCEDURES",
    "format_dvcqg_time",
    "parse_dvcqg_time",
    "validate_dossier",
    "validate_evaluation",
    "validate_progress",
]

#: Business error codes of the simulator (``error_code``; errors are strings, success is 0).
ERROR_CODES: Final = {
    "-1": "Đăng nhập thất bại / dstcode không hợp lệ",
    "-2": "Dữ liệu không hợp lệ",
    "-3": "Hồ sơ đã tồn tại",
    "-4": "Hồ sơ không tồn tại",
    "-5": "Yêu cầu không hợp lệ",
    "-6": "Vượt quá số lượng cho phép",
    "-401": "Phiên làm việc hết hạn",
}

_HO_TICH = [{"MALINHVUC": "SIM-HT", "TENLINHVUC": "Hộ tịch"}]
#: ``LayThuTuc`` answers (national procedure codes; sector codes are simulator-made).
PROCEDURES: Final[dict[str, dict[str, Any]]] = {
    code: {
        "MATTHC": code,
        "TENTTHC": name,
        "LINHVUCTHUCHIEN": _HO_TICH,
        "CAPTHUCHIEN": "Cấp Xã",
        "CACHTHUCTHUCHIEN": [
            {"KENH": kenh, "THOIGIAN": "Trong ngày", "PHILEPHI": []} for kenh in ("1", "2", "3")
        ],
        "COQUANTHUCHIEN": [{"MADONVI": "000.01.01.H99", "TENDONVI": "UBND xã Giả Lập"}],
    }
    for code, name in (
        ("1.001193", "Thủ tục đăng ký khai sinh"),
        ("1.000656", "Thủ tục đăng ký khai tử"),
        ("1.000894", "Thủ tục đăng ký kết hôn"),
    )
}
#: ``LayDanhMucCoQuan`` answer (fake H99 codes: no real province has them).
AGENCIES: Final = [
    {"MADONVI": "000.00.00.H99", "TENDONVI": "UBND tỉnh Giả Lập", "CAPDONVI": "1"},
    {"MADONVI": "000.01.01.H99", "TENDONVI": "UBND xã Giả Lập", "CAPDONVI": "3"},
]
#: ``LayDanhMucLinhVuc`` answer.
FIELDS: Final = [{**_HO_TICH[0], "MANGANH": "SIM-TP"}]

_DATE = re.compile(r"[0-9]{14}")
_PROCEDURE_CODE = re.compile(r"[0-9]\.[0-9]{6}")
_DOSSIER_DATES = ("NgayHenTra", "NgayTra", "NgayKetThucXuLy", "NgayTuChoi", "NgayNopHoSo")
_DOSSIER_LISTS = (
    "TaiLieuNop",
    "DanhSachLePhi",
    "DanhSachTepDinhKemKhac",
    "DanhSachHoSoBoSung",
    "DanhSachGiayToKetQua",
    "DinhDanhCHS",
    "DSKetNoiCSDL",
)
_CODE_SETS = {
    "KenhThucHien": {"1", "2", "3"},
    "HinhThuc": {"0", "1"},
    "LoaiDoiTuong": {"1", "2", "3", "4"},
}


def parse_dvcqg_time(value: object) -> dt.datetime | None:
    """``yyyyMMddHHmmss`` (local) → aware datetime, or ``None`` if malformed.

    >>> parse_dvcqg_time("20261120083000").isoformat()
    '2026-11-20T08:30:00+07:00'
    >>> parse_dvcqg_time("2026-11-20") is None
    True
    """
    if not isinstance(value, str) or not _DATE.fullmatch(value):
        return None
    try:
        return dt.datetime.strptime(value, "%Y%m%d%H%M%S").replace(tzinfo=VN_OFFSET)
    except ValueError:
        return None


def format_dvcqg_time(t: dt.datetime) -> str:
    """An aware datetime as local ``yyyyMMddHHmmss``."""
    return t.astimezone(VN_OFFSET).strftime("%Y%m%d%H%M%S")


def _problem(index: int, field: str, message: str) -> dict[str, Any]:
    return {"index": index, "field": field, "message": message}


def _code(value: object) -> str | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return str(value)
    return value.strip() if isinstance(value, str) else None


def _status(item: dict[str, Any], key: str, index: int) -> list[dict[str, Any]]:
    code = _code(item.get(key))
    if code is None or not code.isdigit() or not 1 <= int(code) <= 10:
        return [_problem(index, key, "trạng thái phải là 1..10")]
    return []


def _required(item: dict[str, Any], keys: Iterable[str], index: int) -> list[dict[str, Any]]:
    return [
        _problem(index, key, "bắt buộc (chuỗi khác rỗng)")
        for key in keys
        if not isinstance(item.get(key), str) or not item[key].strip()
    ]


def _dates(
    item: dict[str, Any], keys: Iterable[str], index: int, *, required: bool
) -> list[dict[str, Any]]:
    out = []
    for key in keys:
        value = item.get(key)
        if value in (None, "") and not required:
            continue
        if parse_dvcqg_time(value) is None:
            out.append(_problem(index, key, "ngày giờ phải theo định dạng yyyyMMddHHmmss"))
    return out


def validate_dossier(item: object, index: int) -> list[dict[str, Any]]:
    """Problems of one ``DongBoHoSoMC`` item (empty list: valid)."""
    if not isinstance(item, dict):
        return [_problem(index, "", "mỗi hồ sơ là một đối tượng JSON")]
    out = _required(item, ("MaHoSo", "MaTTHC", "TenTTHC"), index)
    if isinstance(item.get("MaHoSo"), str) and len(item["MaHoSo"]) > 100:
        out.append(_problem(index, "MaHoSo", "tối đa 100 ký tự"))
    code = item.get("MaTTHC")
    if isinstance(code, str) and code.strip() and not _PROCEDURE_CODE.fullmatch(code):
        out.append(_problem(index, "MaTTHC", "mã TTHC dạng 1.001193"))
    out += _dates(item, ["NgayTiepNhan"], index, required=True)
    out += _dates(item, _DOSSIER_DATES, index, required=False)
    out += _status(item, "TrangThaiHoSo", index)
    received, due = (
        parse_dvcqg_time(item.get("NgayTiepNhan")),
        parse_dvcqg_time(item.get("NgayHenTra")),
    )
    if received and due and due < received:
        out.append(_problem(index, "NgayHenTra", "ngày hẹn trả trước ngày tiếp nhận"))
    for key, allowed in _CODE_SETS.items():
        if key in item and item[key] not in (None, "") and _code(item[key]) not in allowed:
            out.append(_problem(index, key, f"giá trị phải thuộc {sorted(allowed)}"))
    summary = item.get("TrichYeuHoSo")
    if summary is not None and (not isinstance(summary, str) or len(summary) > 1000):
        out.append(_problem(index, "TrichYeuHoSo", "chuỗi tối đa 1000 ký tự"))
    for key in _DOSSIER_LISTS:
        value = item.get(key)
        if value is not None and (
            not isinstance(value, list) or not all(isinstance(v, dict) for v in value)
        ):
            out.append(_problem(index, key, "phải là danh sách đối tượng"))
    for fee in item.get("DanhSachLePhi") or []:
        price = fee.get("Gia") if isinstance(fee, dict) else None
        if price is not None and not str(price).isdigit():
            out.append(_problem(index, "DanhSachLePhi.Gia", "số tiền là chuỗi chữ số"))
    for ident in item.get("DinhDanhCHS") or []:
        if not isinstance(ident, dict):
            continue
        kind, number = _code(ident.get("LoaiDinhDanh")), str(ident.get("SoDinhDanh", ""))
        length = {"1": 12, "2": 9}.get(kind or "")
        if length and not (number.isdigit() and len(number) == length):
            out.append(_problem(index, "DinhDanhCHS.SoDinhDanh", f"phải gồm {length} chữ số"))
    return out


def validate_progress(item: object, index: int) -> list[dict[str, Any]]:
    """Problems of one ``CapNhatTienDoHoSoMC`` item."""
    if not isinstance(item, dict):
        return [_problem(index, "", "mỗi bước xử lý là một đối tượng JSON")]
    out = _required(item, ("MaHoSo", "NguoiXuLy"), index)
    out += _dates(item, ["ThoiDiemXuLy"], index, required=True)
    out += _required(item, ("NoiDungXuLy",), index)
    out += _status(item, "TrangThai", index)
    out += _dates(item, ("NgayBatDau", "NgayKetThucTheoQuyDinh"), index, required=False)
    return out


def validate_evaluation(item: object, index: int) -> list[dict[str, Any]]:
    """Problems of one ``DongBoDanhGia`` item (payload not public: ``MaHoSo`` required)."""
    if not isinstance(item, dict):
        return [_problem(index, "", "mỗi đánh giá là một đối tượng JSON")]
    out = _required(item, ("MaHoSo",), index)
    return out + _dates(item, ("ThoiGianDanhGia",), index, required=False)
