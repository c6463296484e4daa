"""The DVCQG wire format: envelopes, ``DongBoHoSoMC`` and ``CapNhatTienDoHoSoMC`` items.

Pure functions, no I/O. The canonical records of :mod:`onestop_core.adapters` map to the
item dictionaries integrators send (``integrations.md`` §1.4, §1.5), and back:

* dates are ``yyyyMMddHHmmss`` in Asia/Ho_Chi_Minh, with no zone in the string (§1, §6.8);
  an absent date is ``""``; reading accepts the other local formats too;
* codes are strings of digits (``TrangThaiHoSo`` ``"1"``–``"10"``, ``KenhThucHien``,
  ``HinhThuc``, ``LoaiDoiTuong``);
* ``error_code`` arrives as a number or a string: :func:`parse_error_code` reads both.

>>> from onestop_core.testing.contracts import sample_payload
>>> item = dossier_item(sample_payload())
>>> item["MaHoSo"], item["NgayTiepNhan"], item["TrangThaiHoSo"], item["KenhThucHien"]
('000.00.06.H56-261120-0001', '20261120100000', '2', '1')
>>> parse_error_code("0"), parse_error_code(-3), parse_error_code(" -03 ")
('0', '-3', '-3')
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Final

import attrs
from onestop_core.adapters import (
    ApplicantKind,
    ApplicantRecord,
    DossierSyncPayload,
    IdType,
    PayloadValidationError,
    ProgressStep,
    ResultDelivery,
    format_compact,
    parse_remote_time,
)
from onestop_core.procedures.enums import Channel

from onestop_dvcqg.config import DEFAULT_APPLICANT_KIND_CODES

__all__ = [
    "DOSSIER_DATE_FIELDS",
    "STATUS_LABELS",
    "STEP_DATE_FIELDS",
    "Envelope",
    "chunks",
    "dossier_item",
    "format_time",
    "is_already_exists",
    "is_not_found",
    "is_session_expired",
    "parse_envelope",
    "parse_error_code",
    "parse_time",
    "payload_from_item",
    "same_dossier",
    "step_from_item",
    "step_item",
]

#: ``TrangThaiHoSo`` / ``TrangThai`` labels (§1.6; stable across every codebase found).
STATUS_LABELS: Final[Mapping[int, str]] = {
    1: "Mới đăng ký",
    2: "Được tiếp nhận",
    3: "Không được tiếp nhận",
    4: "Đang xử lý",
    5: "Yêu cầu bổ sung giấy tờ",
    6: "Yêu cầu thực hiện nghĩa vụ tài chính",
    7: "Công dân yêu cầu rút hồ sơ",
    8: "Dừng xử lý",
    9: "Đã xử lý xong",
    10: "Đã trả kết quả",
}

#: Payload instant → ``DongBoHoSoMC`` field.
DOSSIER_DATE_FIELDS: Final = (
    ("submitted_at", "NgayNopHoSo"),
    ("received_at", "NgayTiepNhan"),
    ("due_at", "NgayHenTra"),
    ("finished_at", "NgayKetThucXuLy"),
    ("returned_at", "NgayTra"),
    ("rejected_at", "NgayTuChoi"),
)
#: Step instant → ``CapNhatTienDoHoSoMC`` field.
STEP_DATE_FIELDS: Final = (
    ("at", "ThoiDiemXuLy"),
    ("started_at", "NgayBatDau"),
    ("deadline", "NgayKetThucTheoQuyDinh"),
)
_ID_KINDS: Final = {IdType.CCCD12: ("1", 12), IdType.CMND9: ("2", 9)}
_INTEGER = re.compile(r"[+-]?[0-9]+")
_CODE_KEYS: Final = ("error_code", "errorCode", "ErrorCode")
_MESSAGE_KEYS: Final = ("message", "Message", "error_message", "msg")
_DATE_KEYS: Final = frozenset(f for _, f in DOSSIER_DATE_FIELDS)


# -- scalars -------------------------------------------------------------------------------
def format_time(t: dt.datetime | None) -> str:
    """``t`` as local ``yyyyMMddHHmmss``; None gives ``""`` (how DVCQG spells "no date").

    >>> import datetime as dt
    >>> format_time(dt.datetime(2026, 11, 20, 3, 0, tzinfo=dt.UTC)), format_time(None)
    ('20261120100000', '')
    """
    return "" if t is None else format_compact(t)


def parse_time(value: object, *, path: str = "") -> dt.datetime | None:
    """An aware instant from a wire date (``yyyyMMddHHmmss`` local, or another local format).

    ``""`` and None give None; anything else unreadable raises PayloadValidationError.

    >>> parse_time("20261120100000").isoformat(), parse_time("")
    ('2026-11-20T10:00:00+07:00', None)
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if not isinstance(value, str):
        raise PayloadValidationError(
            f"{path or 'date'}: expected yyyyMMddHHmmss, got {type(value).__name__}", path=path
        )
    return parse_remote_time(value, path=path)


def parse_error_code(value: object) -> str:
    """``error_code`` read leniently: a number or a string, normalised (``"0"`` is success).

    Integers in any spelling (``0``, ``"0"``, ``"00"``, ``0.0``, ``" -3 "``) become their
    decimal form; other non-empty text is kept stripped. A missing or boolean code raises
    :class:`~onestop_core.errors.PayloadValidationError`.

    >>> parse_error_code(0), parse_error_code("00"), parse_error_code(0.0), parse_error_code("E1")
    ('0', '0', '0', 'E1')
    >>> parse_error_code(None)
    Traceback (most recent call last):
    ...
    onestop_core.errors.PayloadValidationError: error_code: expected a number or a string, got None
    """
    if isinstance(value, bool):
        pass
    elif isinstance(value, int):
        return str(value)
    elif isinstance(value, float) and value.is_integer():
        return str(int(value))
    elif isinstance(value, str) and value.strip():
        text = value.strip()
        return str(int(text)) if _INTEGER.fullmatch(text) else text
    shown = (
        repr(value) if value is None or isinstance(value, bool | float) else type(value).__name__
    )
    raise PayloadValidationError(
        f"error_code: expected a number or a string, got {shown}", path="error_code"
    )


def _fold(text: str) -> str:
    """NFC, case-folded: Vietnamese arrives composed or decomposed depending on the system."""
    return unicodedata.normalize("NFC", text).casefold()


def is_already_exists(code: str, message: str, codes: Iterable[str] = ("-3", "3")) -> bool:
    """Whether a refusal means "the dossier already exists" (a create: update instead).

    >>> is_already_exists("-3", ""), is_already_exists("7", "Hồ sơ ĐÃ TỒN TẠI")
    (True, True)
    """
    return code in set(codes) or "đã tồn tại" in _fold(message)


def is_not_found(code: str, message: str, codes: Iterable[str] = ("-4",)) -> bool:
    """Whether a refusal means "no such dossier" (an update: create instead).

    The message must speak of the dossier (hồ sơ): "Mã TTHC không tồn tại" is another error.

    >>> is_not_found("-4", ""), is_not_found("9", "Hồ sơ không tồn tại"), is_not_found("-2", "")
    (True, True, False)
    >>> is_not_found("9", "Mã TTHC không tồn tại")
    False
    """
    folded = _fold(message)
    missing = "không tồn tại" in folded or "không tìm thấy" in folded
    return code in set(codes) or ("hồ sơ" in folded and missing)


def is_session_expired(code: str, message: str, codes: Iterable[str] = ("-401", "401")) -> bool:
    """Whether a refusal means the session is gone (log in again once).

    >>> is_session_expired("-401", ""), is_session_expired("5", "Phiên làm việc hết hạn")
    (True, True)
    """
    folded = _fold(message)
    return code in set(codes) or ("phiên" in folded and "hết hạn" in folded)


# -- envelopes -----------------------------------------------------------------------------
@attrs.frozen(kw_only=True)
class Envelope:
    """An answer of the portal: ``{"error_code", "message", "result", ...}``.

    ``code`` is the normalised ``error_code`` (``"0"``: success); ``raw`` the whole object
    (kept out of ``repr``: it may hold personal data).

    >>> env = parse_envelope({"error_code": "0", "message": "OK", "result": [{"a": 1}]})
    >>> env.ok, env.records()
    (True, [{'a': 1}])
    """

    code: str
    message: str = ""
    result: Any = attrs.field(default=None, repr=False)
    raw: Mapping[str, Any] = attrs.field(factory=dict, repr=False)

    @property
    def ok(self) -> bool:
        """True when ``error_code`` is 0."""
        return self.code == "0"

    def records(self, *, path: str = "result") -> list[dict[str, Any]]:
        """``result`` as a list of objects: a list stays, one object is wrapped, null is [].

        >>> parse_envelope({"error_code": 0, "result": None}).records()
        []
        >>> parse_envelope({"error_code": 0, "result": [1]}).records()
        Traceback (most recent call last):
        ...
        onestop_core.errors.PayloadValidationError: result[0]: expected an object, got int
        """
        result = self.result
        if result is None or result == "":
            return []
        rows = [result] if isinstance(result, Mapping) else result
        if not isinstance(rows, list):
            raise PayloadValidationError(
                f"{path}: expected a list, got {type(result).__name__}", path=path
            )
        out: list[dict[str, Any]] = []
        for i, row in enumerate(rows):
            if not isinstance(row, Mapping):
                raise PayloadValidationError(
                    f"{path}[{i}]: expected an object, got {type(row).__name__}", path=path
                )
            out.append(dict(row))
        return out


def parse_envelope(doc: object) -> Envelope:
    """Read an answer body (already JSON-decoded); PayloadValidationError if it is not one.

    >>> parse_envelope({"errorCode": -2, "Message": "Dữ liệu không hợp lệ"})
    Envelope(code='-2', message='Dữ liệu không hợp lệ')
    >>> parse_envelope([1, 2])
    Traceback (most recent call last):
    ...
    onestop_core.errors.PayloadValidationError: DVCQG answered with a list, not an object
    """
    if not isinstance(doc, Mapping):
        raise PayloadValidationError(
            f"DVCQG answered with a {type(doc).__name__}, not an object", path="body"
        )
    key = next((k for k in _CODE_KEYS if k in doc), None)
    if key is None:
        raise PayloadValidationError("DVCQG answered without an error_code", path="error_code")
    code = parse_error_code(doc[key])
    message = next((doc[k] for k in _MESSAGE_KEYS if isinstance(doc.get(k), str)), "")
    return Envelope(code=code, message=message, result=doc.get("result"), raw=dict(doc))


# -- dossiers ------------------------------------------------------------------------------
def _identity(applicant: ApplicantRecord) -> list[dict[str, str]]:
    """``DinhDanhCHS``: only a well-formed CCCD or CMND number (never a dummy one, §1.11)."""
    number = applicant.id_number.strip()
    kind = _ID_KINDS.get(applicant.id_type) if applicant.id_type else None
    if kind is None or not (number.isdigit() and len(number) == kind[1]):
        return []
    return [{"LoaiDinhDanh": kind[0], "SoDinhDanh": number}]


def dossier_item(
    payload: DossierSyncPayload,
    *,
    applicant_kind_codes: Mapping[ApplicantKind, str] = DEFAULT_APPLICANT_KIND_CODES,
) -> dict[str, Any]:
    """The ``DongBoHoSoMC`` item of ``payload`` (every known field, ``""`` when empty).

    ``NgayTiepNhan`` is required by the portal: it is the reception instant, or for a dossier
    filed online and not yet accepted (status 1) the submission instant; a payload with
    neither, or without a procedure name, raises PayloadValidationError (no made-up
    values). A blank summary is sent as the procedure name. ``DinhDanhCHS`` is sent only
    for a well-formed CCCD/CMND number. The receiving agency and our own ``vendor_status``
    have no DVCQG field.

    >>> from onestop_core.testing.contracts import sample_payload
    >>> item = dossier_item(sample_payload())
    >>> item["DinhDanhCHS"], item["NgayHenTra"], item["NgayTra"], item["LoaiDoiTuong"]
    ([{'LoaiDinhDanh': '1', 'SoDinhDanh': '001204012345'}], '20261126100000', '', '1')
    """
    a = payload.applicant
    if not payload.procedure_name.strip():
        raise PayloadValidationError(
            f"dossier {payload.code!r}: TenTTHC (procedure_name) is required", path="procedure_name"
        )
    received = payload.received_at or payload.submitted_at
    if received is None:
        raise PayloadValidationError(
            f"dossier {payload.code!r}: NgayTiepNhan is required and the payload has neither "
            "received_at nor submitted_at",
            path="received_at",
        )
    item: dict[str, Any] = {
        "MaHoSo": payload.code,
        "MaTTHC": payload.procedure_code,
        "TenTTHC": payload.procedure_name,
        "MaLinhVuc": payload.field_code,
        "TenLinhVuc": payload.field_name,
        "KenhThucHien": str(payload.channel.value),
        "ChuHoSo": a.name,
        "LoaiDoiTuong": applicant_kind_codes[a.kind],
        "SoGiayToChuHoSo": a.id_number,
        "MaDoiTuong": a.national_account_id,
        "SoDienThoai": a.phone,
        "Email": a.email,
        "TrichYeuHoSo": _first(payload.summary, payload.procedure_name),
        "TrangThaiHoSo": str(payload.status),
        "HinhThuc": str(payload.result_delivery.value),
    }
    for attribute, field in DOSSIER_DATE_FIELDS:
        item[field] = format_time(getattr(payload, attribute))
    item["NgayTiepNhan"] = format_time(received)
    item["DinhDanhCHS"] = _identity(a)
    return item


def _code_of(item: Mapping[str, Any], key: str, *, default: str | None = None) -> str:
    value = item.get(key)
    if value is None or value == "":
        if default is not None:
            return default
        raise PayloadValidationError(f"{key}: missing", path=key)
    return parse_error_code(value) if not isinstance(value, str) else value.strip()


def _status(item: Mapping[str, Any], key: str) -> int:
    text = _code_of(item, key)
    if not text.isdigit() or not 1 <= int(text) <= 10:
        raise PayloadValidationError(f"{key}: expected a status 1..10, got {text!r}", path=key)
    return int(text)


def _text_of(item: Mapping[str, Any], key: str) -> str:
    value = item.get(key)
    return "" if value is None else str(value)


def payload_from_item(
    item: Mapping[str, Any],
    *,
    agency_code: str,
    synced_at: dt.datetime,
    applicant_kind_codes: Mapping[ApplicantKind, str] = DEFAULT_APPLICANT_KIND_CODES,
) -> DossierSyncPayload:
    """Read a ``DongBoHoSoMC`` item (ours, or a ``TraCuuHoSo`` record) back into a payload.

    ``agency_code`` is the ``madonvi`` it was sent under and ``synced_at`` when it was read.
    A kind code several kinds share reads as the first of them (``"2"``: BUSINESS).

    >>> import datetime as dt
    >>> from onestop_core.testing.contracts import sample_payload
    >>> p = sample_payload()
    >>> back = payload_from_item(dossier_item(p), agency_code=p.agency_code, synced_at=p.synced_at)
    >>> back.due_at == p.due_at, back.applicant.id_number == p.applicant.id_number
    (True, True)
    """
    kinds: dict[str, ApplicantKind] = {}
    for kind, code in applicant_kind_codes.items():
        kinds.setdefault(code, kind)
    kind_code = _code_of(item, "LoaiDoiTuong", default="1")
    if kind_code not in kinds:
        raise PayloadValidationError(
            f"LoaiDoiTuong: unknown code {kind_code!r}", path="LoaiDoiTuong"
        )
    try:
        channel = Channel(int(_code_of(item, "KenhThucHien", default="1")))
        delivery = ResultDelivery(int(_code_of(item, "HinhThuc", default="0")))
    except ValueError as exc:
        raise PayloadValidationError(f"KenhThucHien/HinhThuc: {exc}", path="KenhThucHien") from None
    t = {a: parse_time(item.get(f), path=f) for a, f in DOSSIER_DATE_FIELDS}
    return DossierSyncPayload(
        code=_text_of(item, "MaHoSo"),
        procedure_code=_text_of(item, "MaTTHC"),
        procedure_name=_text_of(item, "TenTTHC"),
        field_code=_text_of(item, "MaLinhVuc"),
        field_name=_text_of(item, "TenLinhVuc"),
        agency_code=agency_code,
        channel=channel,
        result_delivery=delivery,
        applicant=ApplicantRecord(
            name=_text_of(item, "ChuHoSo"),
            kind=kinds[kind_code],
            id_number=_text_of(item, "SoGiayToChuHoSo"),
            national_account_id=_text_of(item, "MaDoiTuong"),
            phone=_text_of(item, "SoDienThoai"),
            email=_text_of(item, "Email"),
        ),
        summary=_text_of(item, "TrichYeuHoSo"),
        status=_status(item, "TrangThaiHoSo"),
        synced_at=synced_at,
        submitted_at=t["submitted_at"],
        received_at=t["received_at"],
        due_at=t["due_at"],
        finished_at=t["finished_at"],
        returned_at=t["returned_at"],
        rejected_at=t["rejected_at"],
    )


def _same_value(key: str, ours: Any, theirs: Any) -> bool:
    if isinstance(ours, list) or isinstance(theirs, list):
        return bool(ours == (theirs or []))
    mine = "" if ours is None else str(ours).strip()
    other = "" if theirs is None else str(theirs).strip()
    if mine == other:
        return True
    if key in _DATE_KEYS and mine and other:
        try:
            return parse_time(mine) == parse_time(other)
        except PayloadValidationError:
            return False
    return False


def same_dossier(ours: Mapping[str, Any], remote: Mapping[str, Any]) -> bool:
    """Whether the portal's record already says everything ``ours`` would (an update would
    change nothing). Missing remote fields count as ``""``; dates compare as instants.

    >>> from onestop_core.testing.contracts import sample_payload
    >>> item = dossier_item(sample_payload())
    >>> same_dossier(item, dict(item)), same_dossier(item, {**item, "TrangThaiHoSo": 4})
    (True, False)
    """
    return all(_same_value(k, v, remote.get(k)) for k, v in ours.items())


# -- progress ------------------------------------------------------------------------------
def _first(*texts: str) -> str:
    """The first text that is not blank (the portal wants non-blank required fields)."""
    return next((t for t in texts if t.strip()), texts[-1])


def step_item(
    step: ProgressStep, *, code: str | None = None, default_actor: str = "Hệ thống"
) -> dict[str, Any]:
    """The ``CapNhatTienDoHoSoMC`` item of ``step`` (under dossier ``code`` if given).

    ``NguoiXuLy`` and ``NoiDungXuLy`` are required by the portal: a step without an actor
    (blank) is sent under its department, else ``default_actor``; one without a note under
    the label of its status (§1.6).

    >>> import datetime as dt
    >>> s = ProgressStep(dossier_code="hs-1", status=4,
    ...                  at=dt.datetime(2026, 11, 20, 3, tzinfo=dt.UTC))
    >>> item = step_item(s)
    >>> item["NguoiXuLy"], item["NoiDungXuLy"], item["ThoiDiemXuLy"], item["TrangThai"]
    ('Hệ thống', 'Đang xử lý', '20261120100000', '4')
    """
    item: dict[str, Any] = {
        "MaHoSo": code or step.dossier_code,
        "NguoiXuLy": _first(step.actor_name, step.department, default_actor),
        "ChucDanh": step.actor_title,
        "PhongBanXuLy": step.department,
        "NoiDungXuLy": _first(step.note, STATUS_LABELS[step.status]),
        "TrangThai": str(step.status),
    }
    for attribute, field in STEP_DATE_FIELDS:
        item[field] = format_time(getattr(step, attribute))
    return item


def step_from_item(item: Mapping[str, Any]) -> ProgressStep:
    """Read a ``CapNhatTienDoHoSoMC`` item back into a step.

    >>> import datetime as dt
    >>> s = ProgressStep(dossier_code="hs-1", status=9, actor_name="Trần Thị Bình",
    ...                  at=dt.datetime(2026, 11, 23, 9, tzinfo=dt.UTC), note="Đã ký")
    >>> step_from_item(step_item(s)) == s
    True
    """
    at = parse_time(item.get("ThoiDiemXuLy"), path="ThoiDiemXuLy")
    if at is None:
        raise PayloadValidationError("ThoiDiemXuLy: missing", path="ThoiDiemXuLy")
    return ProgressStep(
        dossier_code=_text_of(item, "MaHoSo"),
        status=_status(item, "TrangThai"),
        at=at,
        actor_name=_text_of(item, "NguoiXuLy"),
        actor_title=_text_of(item, "ChucDanh"),
        department=_text_of(item, "PhongBanXuLy"),
        note=_text_of(item, "NoiDungXuLy"),
        started_at=parse_time(item.get("NgayBatDau"), path="NgayBatDau"),
        deadline=parse_time(item.get("NgayKetThucTheoQuyDinh"), path="NgayKetThucTheoQuyDinh"),
    )


def chunks(items: Sequence[Any], size: int) -> list[Sequence[Any]]:
    """``items`` in consecutive slices of at most ``size`` (the portal takes 10 steps a call).

    >>> [len(c) for c in chunks(list(range(23)), 10)]
    [10, 10, 3]
    """
    return [items[i : i + size] for i in range(0, len(items), size)]
