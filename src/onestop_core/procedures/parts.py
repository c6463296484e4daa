"""The parts of a procedure record: sectors, agencies, fees, channels, documents, steps.

Each part is a frozen value whose fields are type-checked on construction, so a record built
from an untrusted payload fails with :class:`~onestop_core.errors.ProcedureDataError` naming
the path of the bad field.

>>> Fee(description="Lệ phí", amount_vnd=8000).amount_vnd
8000
"""

from __future__ import annotations

import datetime as dt
import re
import types
import typing
from collections.abc import Iterable, Mapping
from typing import Any, Literal

import attrs

from onestop_core.errors import ProcedureDataError
from onestop_core.procedures.enums import Channel
from onestop_core.procedures.time_limits import ProcessingTime

__all__ = [
    "AgencyRef",
    "ChannelOption",
    "Confidence",
    "DocumentRequirement",
    "DossierComponentGroup",
    "Fee",
    "LegalBasis",
    "PostalService",
    "ResultDocument",
    "Sector",
    "StepGroup",
    "Subject",
]

#: How well a field group is sourced — read in a legal text or official record
#: (``verified``), one secondary compilation (``secondary``), or not confirmed.
Confidence = Literal["verified", "secondary", "uncertain"]


def _tuple(value: Iterable[Any]) -> tuple[Any, ...]:
    if isinstance(value, str | bytes | Mapping) or not isinstance(value, Iterable):
        raise ProcedureDataError(f"expected a sequence (list or tuple), got {value!r}")
    return tuple(value)


def _confidence(
    value: Mapping[str, str] | Iterable[tuple[str, str]],
) -> tuple[tuple[str, Any], ...]:
    items = value.items() if isinstance(value, Mapping) else _tuple(value)
    return tuple(sorted((tuple(item) for item in items), key=lambda kv: str(kv[0])))


_FIELD_TYPES: dict[type[Any], tuple[tuple[str, Any], ...]] = {}


def _field_types(cls: type[Any]) -> tuple[tuple[str, Any], ...]:
    if cls not in _FIELD_TYPES:
        hints = typing.get_type_hints(cls)
        _FIELD_TYPES[cls] = tuple((f.name, hints[f.name]) for f in attrs.fields(cls))
    return _FIELD_TYPES[cls]


def _type_name(tp: Any) -> str:
    return tp.__name__ if isinstance(tp, type) else re.sub(r"(?:[A-Za-z_]\w*\.)+", "", str(tp))


def _problem(value: object, tp: Any, path: str) -> str | None:
    """Why ``value`` does not conform to the annotation ``tp`` (naming the path), or ``None``."""
    origin, args = typing.get_origin(tp), typing.get_args(tp)
    if origin is tuple and isinstance(value, tuple):
        item_types = [args[0]] * len(value) if args[-1] is Ellipsis else list(args)
        if len(item_types) != len(value):
            return f"{path} must be {_type_name(tp)}, got {value!r}"
        found = (
            _problem(v, t, f"{path}[{i}]")
            for i, (v, t) in enumerate(zip(value, item_types, strict=True))
        )
        return next((p for p in found if p), None)
    if origin in (typing.Union, types.UnionType):
        ok = any(_problem(value, a, path) is None for a in args)
    elif origin is Literal:
        ok = value in args
    elif origin is tuple or tp is type(None):
        ok = False if origin is tuple else value is None
    elif tp is int:
        ok = isinstance(value, int) and not isinstance(value, bool)
    else:
        ok = isinstance(value, tp)
    return None if ok else f"{path} must be {_type_name(tp)}, got {value!r}"


def _check_fields(obj: Any) -> None:
    """Raise :class:`ProcedureDataError` naming the first field whose value has a wrong type."""
    for name, tp in _field_types(type(obj)):
        if problem := _problem(getattr(obj, name), tp, f"{type(obj).__name__}.{name}"):
            raise ProcedureDataError(problem)


class _Checked:
    """Mixin: after init, check every field's type and that one of ``_required`` is set."""

    __slots__ = ()
    _required: typing.ClassVar[tuple[str, ...]] = ()

    def __attrs_post_init__(self) -> None:
        _check_fields(self)
        if self._required and not any(str(getattr(self, n)).strip() for n in self._required):
            raise ProcedureDataError(
                f"{type(self).__name__} needs a non-blank {' or '.join(self._required)}"
            )


# -- the parts of a record --------------------------------------------------------------


@attrs.frozen
class _Ref(_Checked):
    code: str
    name: str

    _required = ("code", "name")


@attrs.frozen
class Sector(_Ref):
    """A sector (lĩnh vực thực hiện, ``LINHVUCTHUCHIEN``): a code and a name.

    >>> Sector("", "Hộ tịch").name
    'Hộ tịch'
    """


@attrs.frozen
class AgencyRef(_Ref):
    """An agency (cơ quan, ``MADONVI``/``TENDONVI``) as a procedure names it: code and name.

    >>> AgencyRef("", "UBND cấp xã").name
    'UBND cấp xã'
    """


@attrs.frozen
class Subject(_Ref):
    """Who may carry out the procedure (đối tượng thực hiện, ``DOITUONGTHUCHIEN``).

    >>> Subject("", "Công dân Việt Nam").name
    'Công dân Việt Nam'
    """


@attrs.frozen(kw_only=True)
class Fee(_Checked):
    """A fee or charge (phí, lệ phí, ``PHILEPHI``); ``amount_vnd`` is ``None`` when not fixed.

    An amount of ``None`` means the source does not state one, e.g. a fee set by the
    provincial People's Council (HĐND); 0 means exempt.

    >>> Fee(description="Phí chứng thực chữ ký", amount_vnd=10000, unit="per case").amount_vnd
    10000
    """

    description: str = ""
    amount_vnd: int | None = None
    unit: str = ""
    code: str = ""
    file_name: str = ""
    url: str = ""
    note: str = ""

    def __attrs_post_init__(self) -> None:
        super().__attrs_post_init__()
        if self.amount_vnd is not None and self.amount_vnd < 0:
            raise ProcedureDataError(f"a fee cannot be negative, got {self.amount_vnd!r}")
        if self.amount_vnd is None and not (self.description + self.code + self.note).strip():
            raise ProcedureDataError("a fee needs a description, a code, a note or an amount")


@attrs.frozen(kw_only=True)
class ChannelOption(_Checked):
    """One channel (cách thức thực hiện) with its time limits and fees (``CACHTHUCTHUCHIEN``).

    >>> o = ChannelOption(channel=Channel.ONLINE, times=[ProcessingTime.working_days(3)])
    >>> str(o.times[0])
    '3 ngày làm việc'
    """

    channel: Channel
    times: tuple[ProcessingTime, ...] = attrs.field(default=(), converter=_tuple)
    fees: tuple[Fee, ...] = attrs.field(default=(), converter=_tuple)
    note: str = ""


@attrs.frozen(kw_only=True)
class DocumentRequirement(_Checked):
    """A document of the dossier (giấy tờ, ``GIAYTO``); counts are ``None`` when not stated.

    ``replaced_by_result`` is the code of an earlier procedure's result that can stand in
    for the document (``MA_KQ_THAYTHE``).

    >>> DocumentRequirement(name="Tờ khai đăng ký khai sinh", originals=1).copies is None
    True
    """

    name: str
    code: str = ""
    originals: int | None = None
    copies: int | None = None
    form_name: str = ""
    form_url: str = ""
    replaced_by_result: str = ""

    _required = ("name",)

    def __attrs_post_init__(self) -> None:
        super().__attrs_post_init__()
        for count in (self.originals, self.copies):
            if count is not None and count < 0:
                raise ProcedureDataError(f"a number of copies cannot be negative, got {count!r}")


@attrs.frozen
class DossierComponentGroup(_Checked):
    """The documents of the dossier for one case (thành phần hồ sơ theo trường hợp).

    >>> g = DossierComponentGroup("", [DocumentRequirement(name="Đơn đề nghị")])
    >>> g.items[0].name
    'Đơn đề nghị'
    """

    case: str = ""
    items: tuple[DocumentRequirement, ...] = attrs.field(default=(), converter=_tuple)


@attrs.frozen
class StepGroup(_Checked):
    """The sequence of steps for one case (trình tự thực hiện, ``TRINHTUTHUCHIEN``).

    >>> StepGroup("", ["Nộp hồ sơ", "Trả kết quả"]).steps
    ('Nộp hồ sơ', 'Trả kết quả')
    """

    case: str = ""
    steps: tuple[str, ...] = attrs.field(default=(), converter=_tuple)


@attrs.frozen(kw_only=True)
class ResultDocument(_Checked):
    """A result of the procedure (kết quả thực hiện, ``KETQUATHUCHIEN``).

    >>> ResultDocument(name="Giấy khai sinh").name
    'Giấy khai sinh'
    """

    name: str
    code: str = ""
    file_name: str = ""
    url: str = ""

    _required = ("name", "code")


@attrs.frozen(kw_only=True)
class LegalBasis(_Checked):
    """A legal instrument the procedure rests on (căn cứ pháp lý, ``CANCUPHAPLY``).

    >>> LegalBasis(number="60/2014/QH13", title="Luật Hộ tịch").number
    '60/2014/QH13'
    """

    number: str = ""
    title: str = ""
    issued_on: dt.date | None = None
    effective_on: dt.date | None = None
    issuer: str = ""
    url: str = ""

    _required = ("number", "title")


@attrs.frozen
class PostalService(_Checked):
    """Whether the dossier may be sent, and the result returned, by post (bưu chính công ích).

    ``None`` means unknown.

    >>> PostalService(True, None).returns is None
    True
    """

    submit: bool | None = None
    returns: bool | None = None
    note: str = ""
