"""Agencies (cơ quan, đơn vị) and their electronic identifier codes (mã định danh điện tử).

An agency identifier names a unit by its levels: level 1 is a ministry (``Gnn``) or a province
(``Hnn``), each later level a unit under the previous one. Two spellings are in use
(``law.md`` §4.2):

* **QCVN 102:2016/BTTTT** (legacy, 13 characters) ``LLL.LL.LL.XNN``, read **right to left**:
  level 1 last, then level 2 (2 characters), level 3 (2), level 4 (3); zeros mean "none".
  ``000.17.22.H56`` is unit 17 under unit 22 under Thanh Hóa (H56).
* **Quyết định 20/2020/QĐ-TTg** Art. 4: up to 35 characters (digits, A–Z, dots), groups growing
  **left to right** from the level-1 group ``MX1X2`` (``M`` in A–Y, ``X`` digits):
  ``H56.22.17``.

:class:`AgencyId` reads both and keeps the levels from level 1 down, so the two spellings of one
unit are equal. Level-1 codes are data (:func:`level1_codes`), never derived.

>>> AgencyId.parse("000.17.22.H56") == AgencyId.parse("H56.22.17")
True
>>> AgencyId.parse("000.17.22.H56").qd20(), AgencyId.parse("H56.22.17").qcvn102()
('H56.22.17', '000.17.22.H56')
"""

from __future__ import annotations

import datetime as dt
import enum
import functools
import re
import types
from collections.abc import Mapping
from typing import Literal

import attrs

from onestop_core._data import load_json
from onestop_core.errors import AgencyIdError
from onestop_core.procedures.enums import GovLevel

__all__ = [
    "MAX_AGENCY_ID_LENGTH",
    "Agency",
    "AgencyId",
    "AgencyIdForm",
    "AgencyKind",
    "Level1Code",
    "level1_codes",
]

#: Longest identifier allowed (QĐ 20/2020/QĐ-TTg Art. 4;
#: ``QCVN 102 amendment 1:2022``, ``edXML:OrganId``).
MAX_AGENCY_ID_LENGTH = 35

_LEVEL1 = re.compile(r"[A-Y][0-9]{2}")
_GROUP = re.compile(r"[0-9A-Z]+")
#: Widths of the four QCVN 102 groups as written: level 4, 3, 2, then level 1.
_QCVN102_SHAPE = (3, 2, 2, 3)
#: The same for levels 2, 3 and 4.
_QCVN102_WIDTHS = _QCVN102_SHAPE[2::-1]
_DISTRICTS_ABOLISHED = dt.date(2025, 7, 1)


class AgencyIdForm(enum.Enum):
    """How an identifier is written.

    >>> AgencyId.parse("H56.22.17").form
    <AgencyIdForm.QD20: 'qd20'>
    """

    #: ``QCVN 102:2016/BTTTT``, ``LLL.LL.LL.XNN``, level 1 last.
    QCVN102 = "qcvn102"
    #: Quyết định 20/2020/QĐ-TTg, ``MX1X2.…``, level 1 first.
    QD20 = "qd20"


@attrs.frozen(repr=False)
class AgencyId:
    """An agency's electronic identifier (mã định danh điện tử), as levels from level 1 down.

    Build one with :meth:`parse`. Trailing all-zero groups ("none") are dropped; an all-zero
    group above a non-zero one is an error. **Equality and hashing compare the levels only**,
    so the QCVN 102 and QĐ 20 spellings of one unit are equal; ``str()`` still gives back the
    text as written, and ``text`` and ``form`` record it.

    >>> a = AgencyId.parse("000.00.06.H56")
    >>> a.levels, str(a), a.level1, a.is_province, str(a.parent())
    (('H56', '06'), '000.00.06.H56', 'H56', True, '000.00.00.H56')
    """

    levels: tuple[str, ...]
    text: str = attrs.field(default="", eq=False)
    form: AgencyIdForm = attrs.field(init=False, eq=False)

    def __attrs_post_init__(self) -> None:
        _check_levels(self.levels, repr(self.levels))
        text, form = self.text, AgencyIdForm.QD20
        if not text:
            text = ".".join(self.levels)
        else:  # the text must spell these levels in one of the two forms
            readings = []
            for candidate in AgencyIdForm:
                try:
                    readings.append(_split(text, candidate))
                except AgencyIdError:
                    continue
            matching = [f for levels, f in readings if levels == self.levels]
            if not matching:
                raise AgencyIdError(f"agency id text {text!r} does not spell levels {self.levels}")
            form = _split(text)[1] if len(matching) > 1 else matching[0]
        object.__setattr__(self, "text", text)
        object.__setattr__(self, "form", form)

    @classmethod
    def parse(cls, text: str, *, form: AgencyIdForm | None = None) -> AgencyId:
        """Read an identifier in either form, or in ``form`` only when it is given.

        The form is told by where the level-1 group is. A text that fits the 13-character
        QCVN 102 shape and ends with a level-1 group is read right to left, even if it also
        starts with one (``H56.22.17.G01`` is G01 → 17 → 22 → H56); otherwise the text must
        start with a level-1 group and is read left to right. Pass ``form`` when the source
        says which spelling it uses, to read such a text the other way.

        >>> AgencyId.parse("000.17.22.H56").levels, AgencyId.parse("G09.20").levels
        (('H56', '22', '17'), ('G09', '20'))
        >>> AgencyId.parse("000.17.22.Z56")
        Traceback (most recent call last):
        ...
        onestop_core.errors.AgencyIdError: agency id '000.17.22.Z56': neither group 'Z56' ...
        """
        levels, _form = _split(text, form)
        return cls(levels, text)

    def __str__(self) -> str:
        return self.text

    def __repr__(self) -> str:
        return f"AgencyId({self.text!r})"

    @property
    def level1(self) -> str:
        """The level-1 group (``Gnn`` ministry, ``Hnn`` province), e.g. ``"H56"``."""
        return self.levels[0]

    @property
    def is_ministry(self) -> bool:
        """True for units under a ministry or ministry-level body (level 1 ``G..``)."""
        return self.level1.startswith("G")

    @property
    def is_province(self) -> bool:
        """True for units under a province (level 1 ``H..``)."""
        return self.level1.startswith("H")

    def parent(self) -> AgencyId | None:
        """The identifier one level up, written in the same form; ``None`` at level 1.

        >>> AgencyId.parse("H56.22.17").parent(), AgencyId.parse("H56").parent()
        (AgencyId('H56.22'), None)
        """
        if len(self.levels) == 1:
            return None
        up = AgencyId(self.levels[:-1])
        if self.form is AgencyIdForm.QCVN102:
            return AgencyId(up.levels, up.qcvn102())
        return up

    def qd20(self) -> str:
        """The QĐ 20/2020 spelling, level 1 first (``"H56.22.17"``).

        A 4-level id whose levels fit QCVN 102 and whose level 4 looks like a level-1 code
        (e.g. ``A00.01.02.B00``) reads back as QCVN 102 unless parsed with ``form=QD20``.

        >>> AgencyId.parse("000.00.00.H56").qd20()
        'H56'
        """
        return ".".join(self.levels)

    def qcvn102(self) -> str:
        """The 13-character QCVN 102 spelling, level 1 last (``"000.17.22.H56"``).

        Only for identifiers of at most 4 levels whose levels 2, 3 and 4 have exactly 2, 2 and
        3 characters; otherwise :class:`~onestop_core.errors.AgencyIdError` names the group
        that does not fit (groups are never padded or cut, which would change the unit).

        >>> AgencyId.parse("H56.012.03").qcvn102()
        Traceback (most recent call last):
        ...
        onestop_core.errors.AgencyIdError: agency id 'H56.012.03': level-2 group '012' ...
        """
        lower = self.levels[1:]
        if len(lower) > len(_QCVN102_WIDTHS):
            raise AgencyIdError(
                f"agency id {self.text!r} has {len(self.levels)} levels; the QCVN 102 form "
                "LLL.LL.LL.XNN holds at most 4"
            )
        groups = []
        for level, (group, width) in enumerate(zip(lower, _QCVN102_WIDTHS, strict=False), 2):
            if len(group) != width:
                raise AgencyIdError(
                    f"agency id {self.text!r}: level-{level} group {group!r} does not fit the "
                    f"QCVN 102 form, which needs {width} characters there"
                )
            groups.append(group)
        groups += ["0" * w for w in _QCVN102_WIDTHS[len(groups) :]]
        return ".".join([*reversed(groups), self.level1])


def _split(text: str, form: AgencyIdForm | None = None) -> tuple[tuple[str, ...], AgencyIdForm]:
    """The levels (level 1 first) and the form of an identifier text (in ``form`` if given)."""
    if not isinstance(text, str):
        raise AgencyIdError(f"agency id must be a string, not {type(text).__name__}")
    groups = text.split(".")
    for position, group in enumerate(groups, 1):
        if not _GROUP.fullmatch(group):
            raise AgencyIdError(
                f"agency id {text!r}: group {position} ({group!r}) must be one or more digits "
                "or upper-case letters A–Z"
            )
    starts, ends = _LEVEL1.fullmatch(groups[0]), _LEVEL1.fullmatch(groups[-1])
    qcvn_shape = tuple(len(g) for g in groups) == _QCVN102_SHAPE
    if form is None:
        legacy = len(groups) > 1 and bool(ends) and (qcvn_shape or not starts)
    else:
        legacy = form is AgencyIdForm.QCVN102
    if legacy:
        if not ends:
            raise AgencyIdError(
                f"agency id {text!r}: the QCVN 102 form ends with the level-1 group, and "
                f"{groups[-1]!r} is not one (a letter A–Y and two digits)"
            )
        if not qcvn_shape:
            if len(groups) != len(_QCVN102_SHAPE):
                bad = f"it has {len(groups)} groups, not 4"
            else:
                g, w = next(
                    (g, w) for g, w in zip(groups, _QCVN102_SHAPE, strict=True) if len(g) != w
                )
                bad = f"group {g!r} has {len(g)} character(s), expected {w}"
            raise AgencyIdError(
                f"agency id {text!r} ends with level-1 group {groups[-1]!r} but is not the "
                f"QCVN 102 form LLL.LL.LL.XNN: {bad}"
            )
        levels, found = tuple(reversed(groups)), AgencyIdForm.QCVN102
    elif starts:
        levels, found = tuple(groups), AgencyIdForm.QD20
    elif form is AgencyIdForm.QD20:
        raise AgencyIdError(
            f"agency id {text!r}: the QĐ 20/2020 form starts with the level-1 group, and "
            f"{groups[0]!r} is not one (a letter A–Y and two digits)"
        )
    else:
        raise AgencyIdError(
            f"agency id {text!r}: neither group {groups[-1]!r} nor {groups[0]!r} is a level-1 "
            "code (a letter A–Y and two digits, e.g. 'H56'): expected QCVN 102 "
            "'LLL.LL.LL.XNN' or QĐ 20/2020 'MX1X2.…'"
        )
    while len(levels) > 1 and not levels[-1].strip("0"):
        levels = levels[:-1]
    _check_levels(levels, repr(text))
    return levels, found


def _check_levels(levels: tuple[str, ...], shown: str) -> None:
    if len(".".join(levels)) > MAX_AGENCY_ID_LENGTH:
        raise AgencyIdError(
            f"agency id {shown} is longer than {MAX_AGENCY_ID_LENGTH} characters in the "
            "QĐ 20/2020/QĐ-TTg form"
        )
    if not levels or not _LEVEL1.fullmatch(levels[0]):
        first = levels[0] if levels else ""
        raise AgencyIdError(
            f"agency id {shown}: level-1 group {first!r} must be a letter A–Y and two digits"
        )
    for level, group in enumerate(levels[1:], 2):
        if not _GROUP.fullmatch(group):
            raise AgencyIdError(
                f"agency id {shown}: level-{level} group {group!r} must be digits or A–Z"
            )
        if not group.strip("0"):
            raise AgencyIdError(
                f"agency id {shown}: level-{level} group {group!r} is all zeros (no unit) "
                f"but a lower level ({levels[-1]!r}) is set"
            )


class AgencyKind(enum.Enum):
    """What kind of agency or desk a unit is (``law.md`` §9.1).

    >>> AgencyKind("TTPVHCC").label_vi
    'Trung tâm Phục vụ hành chính công'
    """

    MINISTRY = "BO"
    DEPARTMENT = "SO"
    PEOPLES_COMMITTEE = "UBND"
    SERVICE_CENTER = "TTPVHCC"
    BRANCH = "CHI_NHANH"
    RECEPTION_POINT = "DIEM_TIEP_NHAN"
    VERTICAL = "NGANH_DOC"
    POSTAL = "BUU_CHINH"

    @property
    def label_vi(self) -> str:
        """The Vietnamese label."""
        return _KIND_VI[self]


_KIND_VI = {
    AgencyKind.MINISTRY: "Bộ, cơ quan ngang bộ",
    AgencyKind.DEPARTMENT: "Sở",
    AgencyKind.PEOPLES_COMMITTEE: "Ủy ban nhân dân",
    AgencyKind.SERVICE_CENTER: "Trung tâm Phục vụ hành chính công",
    AgencyKind.BRANCH: "Chi nhánh",
    AgencyKind.RECEPTION_POINT: "Điểm tiếp nhận",
    AgencyKind.VERTICAL: "Cơ quan ngành dọc",
    AgencyKind.POSTAL: "Bưu chính công ích",
}


@attrs.frozen(kw_only=True)
class Agency:
    """An agency or desk (cơ quan, đơn vị) that receives or resolves dossiers.

    ``level`` is the level of government (cấp, :class:`~onestop_core.procedures.enums.GovLevel`);
    vertically organised units (ngành dọc) are marked by ``kind=VERTICAL``.
    ``parent`` is the supervising agency, which need not be ``id.parent()``; ``unit_code`` the
    administrative unit it serves (a code of :mod:`~onestop_core.procedures.units`, not checked
    here); ``successors`` the agencies that continue its work after it closes (2025 reform,
    ``law.md`` §1.3). A ``DISTRICT`` agency must have closed by 2025-06-30, as the district
    level was abolished on 2025-07-01 (Luật Tổ chức chính quyền địa phương 72/2025/QH15).
    Invalid records raise :class:`~onestop_core.errors.AgencyIdError`.

    >>> centre = Agency(id=AgencyId.parse("000.00.06.H56"), name="Trung tâm PVHCC tỉnh Thanh Hóa",
    ...                 level=GovLevel.PROVINCE, kind=AgencyKind.SERVICE_CENTER, unit_code="38")
    >>> centre.id.level1, centre.is_valid_on(dt.date(2023, 10, 27))
    ('H56', True)
    """

    id: AgencyId
    name: str
    level: GovLevel
    kind: AgencyKind
    parent: AgencyId | None = None
    unit_code: str | None = None
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None
    successors: tuple[AgencyId, ...] = ()

    def __attrs_post_init__(self) -> None:
        if not self.name.strip():
            raise AgencyIdError(f"agency {self.id} needs a name")
        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            raise AgencyIdError(
                f"agency {self.id}: valid_to {self.valid_to} is before valid_from {self.valid_from}"
            )
        if self.parent == self.id:
            raise AgencyIdError(f"agency {self.id} cannot be its own parent")
        if self.level is GovLevel.DISTRICT and (
            self.valid_to is None or self.valid_to >= _DISTRICTS_ABOLISHED
        ):
            raise AgencyIdError(
                f"district agency {self.id} must end by 2025-06-30 (valid_to is "
                f"{self.valid_to}): the district level was abolished on 2025-07-01"
            )

    def is_valid_on(self, on: dt.date) -> bool:
        """True when the agency exists on ``on`` (bounds inclusive, ``None`` open)."""
        return (self.valid_from is None or self.valid_from <= on) and (
            self.valid_to is None or on <= self.valid_to
        )


@attrs.frozen(kw_only=True)
class Level1Code:
    """A known level-1 code (mã định danh cấp 1) with its source and confidence.

    ``unit_code`` is the administrative unit of a province code, in the map named by
    ``unit_map`` (``"2025"`` or ``"pre2025"``: unit codes changed meaning on 2025-07-01).
    ``era`` is when the code was seen in use; the ministry list is a ~2020 list.

    >>> h = level1_codes()["H56"]
    >>> (h.name, h.kind, h.unit_code, h.confidence)
    ('Thanh Hóa', 'province', '38', 'implementation')
    """

    code: str
    kind: Literal["ministry", "province"]
    name: str
    listed_as: str
    era: str
    unit_code: str | None
    unit_map: Literal["2025", "pre2025"] | None
    confidence: Literal["implementation", "secondary"]
    source: str
    note: str = ""


@functools.cache
def level1_codes() -> Mapping[str, Level1Code]:
    """The level-1 codes shipped in ``data/agencies/level1.json``, by code (read once).

    Only codes seen in sources are listed (G01–G21 as of ~2020 without G12/G13; H26, H30, H50,
    H56); an unlisted code is not invalid, just unknown.

    >>> level1_codes()["G18"].name, "H01" in level1_codes()
    ('Bộ Y tế', False)
    """
    raw = load_json("agencies/level1.json")["codes"]
    return types.MappingProxyType({r["code"]: Level1Code(**r) for r in raw})
