"""The national data package of a procedure (gói tin thủ tục, ``GoiTinThuTucQG``).

The national TTHC database publishes each procedure in this shape (``law.md`` §7.2, as the
Thanh Hóa one-stop system imports it): ``MATTHC``, ``TENTTHC``, ``LOAITTHC``, lists of
levels, sectors, agencies and subjects, channels with times and fees, dossier components
and steps per case, results and legal basis, plus the local extensions ``MucDo`` (online
level) and ``LienThong`` (interlinked). Values usually arrive as strings.

:func:`from_national_package` treats the payload as untrusted: a wrong type or value raises
:class:`~onestop_core.errors.ProcedureDataError` naming its path (e.g.
``CACHTHUCTHUCHIEN[1].THOIGIAN[0].THOIGIANGIAIQUYET``), and every missing mandatory
component (NĐ 63/2010 Art. 8(2)) is reported at once in one
:class:`~onestop_core.errors.MissingComponentsError`.

:func:`to_national_package` writes the same shape. It drops what the national shape does
not carry: ``name_en``, ``local_code``, the pause reasons a time excludes, fee and channel
notes, postal options, boundary scope, announcing decisions, related procedures, notes,
sources, confidence, validity dates and version. Fees are written under the first time of
their channel (the national shape nests them per time; the record keeps them per channel).

>>> from onestop_core.procedures.records import Procedure
>>> package = {"MATTHC": "2.000884", "TENTTHC": "Chứng thực chữ ký",
...            "CACHTHUCTHUCHIEN": [{"KENH": "1", "THOIGIAN": [
...                {"THOIGIANGIAIQUYET": "0", "DONVITINH": "Trong ngày"}]}]}
>>> str(from_national_package(package, required=()).processing_time())
'trong ngày'
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from collections.abc import Callable, Collection, Mapping
from decimal import Decimal
from fractions import Fraction
from typing import Any, TypeVar

from onestop_core.errors import MissingComponentsError, ProcedureDataError
from onestop_core.procedures.enums import (
    MANDATORY_COMPONENTS,
    Channel,
    GovLevel,
    OnlineLevel,
    ProcedureComponent,
    ProcedureKind,
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

__all__ = ["UNIT_NAMES", "from_national_package", "to_national_package"]

T = TypeVar("T")


def _key(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


#: ``DONVITINH`` values (compared case-insensitively) and the unit each means (``law.md``
#: §2.9). A time of 0 in any unit is also read as the same day.
UNIT_NAMES: Mapping[str, TimeUnit] = {
    "ngày làm việc": TimeUnit.WORKING_DAYS,
    "ngày": TimeUnit.CALENDAR_DAYS,
    "giờ": TimeUnit.WORKING_HOURS,
    "giờ làm việc": TimeUnit.WORKING_HOURS,
    "trong ngày": TimeUnit.SAME_DAY,
}
_UNIT_OUT = {
    TimeUnit.WORKING_DAYS: "Ngày làm việc",
    TimeUnit.CALENDAR_DAYS: "Ngày",
    TimeUnit.WORKING_HOURS: "Giờ",
    TimeUnit.SAME_DAY: "Trong ngày",
}
#: ``TENCAP`` without the word "cấp"; the national ``CAPTHUCHIEN`` codes were not seen, so
#: a level is read from its name (or from the :class:`GovLevel` value this module writes).
_LEVEL_NAMES = {
    "bộ": GovLevel.CENTRAL,
    "trung ương": GovLevel.CENTRAL,
    "tỉnh": GovLevel.PROVINCE,
    "xã": GovLevel.COMMUNE,
    "huyện": GovLevel.DISTRICT,
} | {level.value: level for level in GovLevel}
_CHANNEL_NAMES = {_key(c.label_vi): c for c in Channel} | {"bưu chính": Channel.POSTAL}
_AMOUNT = re.compile(r"\d{1,3}(?:[.,\s]\d{3})+|\d+")
_NUMBER = re.compile(r"\d+(?:\.\d+)?|\d+/[1-9]\d*")


# -- typed, path-aware access to the untrusted payload -----------------------------------


def _fail(path: str, value: object, expected: str) -> ProcedureDataError:
    return ProcedureDataError(f"{path} must be {expected}, got {value!r}")


def _mapping(value: object, path: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise _fail(path, value, "an object (mapping)")
    return value


def _items(obj: Mapping[str, Any], key: str, path: str) -> list[tuple[str, Mapping[str, Any]]]:
    """The entries of the list ``obj[key]`` with their paths; absent or null is empty."""
    value = obj.get(key)
    if value is None:
        return []
    if not isinstance(value, list | tuple):
        raise _fail(f"{path}{key}", value, "a list")
    return [(f"{path}{key}[{i}]", _mapping(v, f"{path}{key}[{i}]")) for i, v in enumerate(value)]


def _text(obj: Mapping[str, Any], key: str, path: str = "") -> str:
    value = obj.get(key)
    if value is None:
        return ""
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    if not isinstance(value, str):
        raise _fail(f"{path}{key}", value, "a string")
    return value.strip()


def _number(obj: Mapping[str, Any], key: str, path: str) -> Fraction | None:
    value = obj.get(key)
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    number = None
    if isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value):
        number = Fraction(repr(value)) if isinstance(value, float) else Fraction(value)
    elif isinstance(value, str) and _NUMBER.fullmatch(text := value.strip().replace(",", ".")):
        number = Fraction(text)
    if number is None or number < 0:
        raise _fail(f"{path}{key}", value, "a non-negative number")
    return number


def _count(obj: Mapping[str, Any], key: str, path: str) -> int | None:
    number = _number(obj, key, path)
    if number is not None and number.denominator != 1:
        raise _fail(f"{path}{key}", obj.get(key), "a whole number")
    return None if number is None else int(number)


def _amount(obj: Mapping[str, Any], key: str, path: str) -> int | None:
    value = obj.get(key)
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return value
    if isinstance(value, str) and _AMOUNT.fullmatch(value.strip()):
        return int(re.sub(r"\D", "", value))
    raise _fail(f"{path}{key}", value, "an amount in đồng (e.g. '50000' or '50.000')")


def _date(obj: Mapping[str, Any], key: str, path: str) -> dt.date | None:
    text = _text(obj, key, path)
    if not text:
        return None
    if m := re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", text):
        day, month, year = map(int, m.groups())
    elif m := re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})(?:[T ][\d:.]+(?:Z|[+-]\d\d:?\d\d)?)?", text):
        year, month, day = map(int, m.groups())
    else:
        raise _fail(f"{path}{key}", text, "a date (YYYY-MM-DD or DD/MM/YYYY)")
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise _fail(f"{path}{key}", text, "an existing date") from None


def _flag(obj: Mapping[str, Any], key: str) -> bool:
    value = obj.get(key)
    if value is None or isinstance(value, bool):
        return bool(value)
    if isinstance(value, int | str) and _key(str(value)) in ("0", "1", "true", "false", ""):
        return _key(str(value)) in ("1", "true")
    raise _fail(key, value, "a boolean (true/false or 1/0)")


def _build(path: str, factory: Callable[..., T], **fields: Any) -> T:
    try:
        return factory(**fields)
    except ProcedureDataError as exc:
        raise ProcedureDataError(f"{path}: {exc}") from None


def _opt_out(value: object) -> str:
    return "" if value is None else value.isoformat() if isinstance(value, dt.date) else str(value)


_Reader = Callable[[Mapping[str, Any], str, str], Any]
#: record attribute → package key and reader, for each part read field by field.
_PARTS: dict[type, tuple[tuple[str, str, _Reader], ...]] = {
    Sector: (("code", "MALINHVUC", _text), ("name", "TENLINHVUC", _text)),
    AgencyRef: (("code", "MADONVI", _text), ("name", "TENDONVI", _text)),
    Subject: (("code", "MADOITUONG", _text), ("name", "TENDOITUONG", _text)),
    Fee: (
        ("code", "MAPHILEPHI", _text),
        ("amount_vnd", "SOTIEN", _amount),
        ("unit", "DONVI", _text),
        ("description", "MOTA", _text),
        ("file_name", "TENTEP", _text),
        ("url", "URL", _text),
    ),
    DocumentRequirement: (
        ("code", "MAGIAYTO", _text),
        ("name", "TENGIAYTO", _text),
        ("originals", "SOBANCHINH", _count),
        ("copies", "SOBANSAO", _count),
        ("form_name", "TENMAUDON", _text),
        ("form_url", "URL", _text),
        ("replaced_by_result", "MA_KQ_THAYTHE", _text),
    ),
    ResultDocument: (
        ("code", "MAKETQUA", _text),
        ("name", "TENKETQUA", _text),
        ("file_name", "TENTEP", _text),
        ("url", "URL", _text),
    ),
    LegalBasis: (
        ("number", "SOVANBAN", _text),
        ("title", "TENVANBAN", _text),
        ("issued_on", "NGAYBANHANH", _date),
        ("effective_on", "NGAYHIEULUC", _date),
        ("issuer", "COQUANBANHANH", _text),
        ("url", "DIACHITRUYCAP", _text),
    ),
}
#: record attribute → top-level list key and part class.
_LISTS: tuple[tuple[str, str, type], ...] = (
    ("sectors", "LINHVUCTHUCHIEN", Sector),
    ("implementing_agencies", "COQUANTHUCHIEN", AgencyRef),
    ("competent_agencies", "COQUANCOTHAMQUYEN", AgencyRef),
    ("delegated_agencies", "COQUANDUOCUYQUYEN", AgencyRef),
    ("coordinating_agencies", "COQUANPHOIHOP", AgencyRef),
    ("subjects", "DOITUONGTHUCHIEN", Subject),
    ("results", "KETQUATHUCHIEN", ResultDocument),
    ("legal_basis", "CANCUPHAPLY", LegalBasis),
)


def _read(cls: type[T], obj: Mapping[str, Any], key: str, path: str) -> list[T]:
    """The parts in the list ``obj[key]``, read with the field table of ``cls``."""
    return [
        _build(p, cls, **{attr: read(e, k, f"{p}.") for attr, k, read in _PARTS[cls]})
        for p, e in _items(obj, key, path)
    ]


def _write(part: object) -> dict[str, str]:
    return {k: _opt_out(getattr(part, attr)) for attr, k, _ in _PARTS[type(part)]}


# -- reading ------------------------------------------------------------------------------


def _level(path: str, entry: Mapping[str, Any]) -> GovLevel:
    name = _key(_text(entry, "TENCAP", f"{path}.")).removeprefix("cấp ").strip()
    code = _key(_text(entry, "CAPTHUCHIEN", f"{path}."))
    level = _LEVEL_NAMES.get(name) or _LEVEL_NAMES.get(code)
    if level is None:
        expected = "a level: Cấp Bộ (trung ương), Cấp Tỉnh, Cấp Xã or Cấp Huyện"
        raise _fail(f"{path}.TENCAP", entry.get("TENCAP") or entry.get("CAPTHUCHIEN"), expected)
    return level


def _time(path: str, entry: Mapping[str, Any]) -> ProcessingTime | None:
    value = _number(entry, "THOIGIANGIAIQUYET", f"{path}.")
    unit_text = _text(entry, "DONVITINH", f"{path}.")
    note = _text(entry, "MOTA", f"{path}.")
    if value is None and not unit_text:
        return None
    unit = UNIT_NAMES.get(_key(unit_text)) if unit_text else None
    if unit_text and unit is None:
        raise ProcedureDataError(
            f"{path}.DONVITINH: unknown unit of time {unit_text!r}; "
            f"expected one of {sorted(set(_UNIT_OUT.values()))}"
        )
    if unit is TimeUnit.SAME_DAY or value == 0:
        return ProcessingTime.same_day(note=note)
    if value is None or unit is None:
        missing = "THOIGIANGIAIQUYET" if value is None else "DONVITINH"
        raise ProcedureDataError(f"{path}.{missing} is missing (a time needs a value and a unit)")
    return _build(path, ProcessingTime, value=value, unit=unit, note=note)


def _channels(root: Mapping[str, Any]) -> tuple[ChannelOption, ...]:
    times: dict[Channel, list[ProcessingTime]] = {}
    fees: dict[Channel, list[Fee]] = {}
    for path, entry in _items(root, "CACHTHUCTHUCHIEN", ""):
        kenh = _key(_text(entry, "KENH", f"{path}."))
        channel = _CHANNEL_NAMES.get(kenh) or next(
            (c for c in Channel if str(c.value) == kenh), None
        )
        if channel is None:
            raise _fail(f"{path}.KENH", entry.get("KENH"), "a channel: 1, 2 or 3")
        for tpath, tentry in _items(entry, "THOIGIAN", f"{path}."):
            if (t := _time(tpath, tentry)) is not None:
                times.setdefault(channel, []).append(t)
            fees.setdefault(channel, []).extend(_read(Fee, tentry, "PHILEPHI", f"{tpath}."))
        times.setdefault(channel, [])
    return tuple(ChannelOption(channel=c, times=t, fees=fees.get(c, ())) for c, t in times.items())


def _groups(root: Mapping[str, Any], key: str, items: str, read: _Reader) -> list[Any]:
    """``(case, items)`` pairs of the per-case lists (``THANHPHANHOSO``, ``TRINHTUTHUCHIEN``)."""
    return [
        (_text(e, "TRUONGHOP", f"{p}."), read(e, items, f"{p}.")) for p, e in _items(root, key, "")
    ]


def _steps(obj: Mapping[str, Any], key: str, path: str) -> list[str]:
    names = [(p, _text(e, "TENTRINHTU", f"{p}.")) for p, e in _items(obj, key, path)]
    if blank := next((p for p, name in names if not name), None):
        raise ProcedureDataError(f"{blank}.TENTRINHTU: a step needs a name")
    return [name for _, name in names]


def _documents(obj: Mapping[str, Any], key: str, path: str) -> list[DocumentRequirement]:
    return _read(DocumentRequirement, obj, key, path)


def from_national_package(
    data: Mapping[str, Any],
    *,
    required: Collection[ProcedureComponent] = MANDATORY_COMPONENTS,
) -> Procedure:
    """Read and validate a national data package (``GoiTinThuTucQG``) into a :class:`Procedure`.

    ``required`` lists the components that must be present (default: Art. 8(2) a–h); all
    that are missing are reported together in one :class:`MissingComponentsError`.

    >>> try:
    ...     from_national_package({"MATTHC": "1.001776", "TENTTHC": "Trợ cấp xã hội"})
    ... except MissingComponentsError as exc:
    ...     print(exc.missing[0])
    TRINHTUTHUCHIEN (trình tự thực hiện)
    """
    root = _mapping(data, "GoiTinThuTucQG")
    code = _text(root, "MATTHC")
    if not re.fullmatch(r"\d\.\d{6}", code):
        raise _fail("MATTHC", root.get("MATTHC"), "a national procedure code 'd.dddddd'")
    kind = _text(root, "LOAITTHC")
    if kind not in ("", "1", "2", "3"):
        raise _fail("LOAITTHC", root.get("LOAITTHC"), "a kind of procedure: 1, 2 or 3")
    online = _text(root, "MucDo")
    lists: dict[str, Any] = {attr: _read(cls, root, key, "") for attr, key, cls in _LISTS}
    procedure = Procedure(
        code=code,
        name_vi=_text(root, "TENTTHC"),
        kind=ProcedureKind(int(kind)) if kind else None,
        levels=dict.fromkeys(_level(p, e) for p, e in _items(root, "CAPTHUCHIEN", "")).keys(),
        channels=_channels(root),
        dossier=[
            DossierComponentGroup(*g) for g in _groups(root, "THANHPHANHOSO", "GIAYTO", _documents)
        ],
        steps=[StepGroup(*g) for g in _groups(root, "TRINHTUTHUCHIEN", "TRINHTU", _steps)],
        online_level=_build("MucDo", OnlineLevel.from_national_code, code=online)
        if online
        else None,
        interlinked=_flag(root, "LienThong"),
        **lists,
    )
    if missing := procedure.missing_components(required):
        names = tuple(c.describe(national=True) for c in missing)
        raise MissingComponentsError(
            f"national package {code} lacks {len(names)} mandatory component(s) "
            f"(NĐ 63/2010 Art. 8(2)): {'; '.join(names)}",
            names,
        )
    return procedure


# -- writing ------------------------------------------------------------------------------


def _number_text(value: Fraction) -> str:
    if value.denominator == 1:
        return str(value.numerator)
    decimal = format(Decimal(value.numerator) / Decimal(value.denominator), "f")
    return decimal if Fraction(decimal) == value else f"{value.numerator}/{value.denominator}"


def _channel_out(option: ChannelOption) -> dict[str, Any]:
    fees = [_write(f) for f in option.fees]
    times: list[dict[str, Any]] = [
        {
            "THOIGIANGIAIQUYET": _number_text(t.value),
            "DONVITINH": _UNIT_OUT[t.unit],
            "MOTA": t.note,
            "PHILEPHI": [] if i else fees,
        }
        for i, t in enumerate(option.times)
    ]
    if not times and fees:
        times = [{"THOIGIANGIAIQUYET": "", "DONVITINH": "", "MOTA": "", "PHILEPHI": fees}]
    return {"KENH": str(option.channel.value), "THOIGIAN": times}


def to_national_package(procedure: Procedure) -> dict[str, Any]:
    """Write ``procedure`` as a national data package (``GoiTinThuTucQG``), values as strings.

    >>> from onestop_core.procedures.records import Procedure
    >>> to_national_package(Procedure(code="1.001776", name_vi="Trợ cấp"))["TENTTHC"]
    'Trợ cấp'
    """
    p = procedure
    package: dict[str, Any] = {
        "MATTHC": p.code,
        "TENTTHC": p.name_vi,
        "LOAITTHC": "" if p.kind is None else str(p.kind.value),
        "CAPTHUCHIEN": [
            {"CAPTHUCHIEN": lv.value, "TENCAP": f"Cấp {lv.label_vi}"} for lv in p.levels
        ],
        "CACHTHUCTHUCHIEN": [_channel_out(o) for o in p.channels],
        "THANHPHANHOSO": [
            {"TRUONGHOP": g.case, "GIAYTO": [_write(d) for d in g.items]} for g in p.dossier
        ],
        "TRINHTUTHUCHIEN": [
            {"TRUONGHOP": g.case, "TRINHTU": [{"TENTRINHTU": s} for s in g.steps]} for g in p.steps
        ],
        "LienThong": p.interlinked,
    }
    package |= {key: [_write(part) for part in getattr(p, attr)] for attr, key, _ in _LISTS}
    if p.online_level is not None and p.online_level.national_code is not None:
        package["MucDo"] = str(p.online_level.national_code)
    return {key: package[key] for key in _KEY_ORDER if key in package}


#: The order of the keys in a written package (the order of ``law.md`` §7.2).
_KEY_ORDER = ("MATTHC", "TENTTHC", "LOAITTHC", "CAPTHUCHIEN", "LINHVUCTHUCHIEN", "COQUANTHUCHIEN",
              "COQUANCOTHAMQUYEN", "COQUANDUOCUYQUYEN", "COQUANPHOIHOP", "DOITUONGTHUCHIEN",
              "CACHTHUCTHUCHIEN", "THANHPHANHOSO", "TRINHTUTHUCHIEN", "KETQUATHUCHIEN",
              "CANCUPHAPLY", "MucDo", "LienThong")  # fmt: skip
