"""Code lists of the procedure record (thủ tục hành chính): kind, level, channel, online level.

They mirror the national TTHC database (CSDL quốc gia về TTHC) and the national data
package ``GoiTinThuTucQG`` (``law.md`` §7, §9.2), each with its Vietnamese label.

>>> Channel(2).label_vi
'trực tuyến'
>>> OnlineLevel.from_national_code(4)
<OnlineLevel.FULL: 'full'>
"""

from __future__ import annotations

import enum

from onestop_core.errors import ProcedureDataError

__all__ = [
    "GOVERNMENT_INSTRUMENT_COMPONENTS",
    "MANDATORY_COMPONENTS",
    "BoundaryScope",
    "Channel",
    "GovLevel",
    "OnlineLevel",
    "ProcedureComponent",
    "ProcedureKind",
]


class ProcedureKind(enum.Enum):
    """Kind of procedure (loại TTHC, ``LOAITTHC``; ``law.md`` §7.2, seen in provincial code).

    >>> ProcedureKind(1).label_vi
    'TTHC không giao địa phương quy định chi tiết'
    """

    #: 1 — not delegated to local regulation.
    UNIFORM = 1
    #: 2 — the law delegates the detailed rules (to the province).
    DELEGATED_DETAIL = 2
    #: 3 — other.
    OTHER = 3

    @property
    def label_vi(self) -> str:
        """A Vietnamese description (the official labels were not seen)."""
        return _KIND_LABELS[self]


_KIND_LABELS = {
    ProcedureKind.UNIFORM: "TTHC không giao địa phương quy định chi tiết",
    ProcedureKind.DELEGATED_DETAIL: "TTHC được luật giao quy định chi tiết",
    ProcedureKind.OTHER: "TTHC khác",
}


class GovLevel(enum.Enum):
    """Level of government that carries out a procedure (cấp thực hiện, ``CAPTHUCHIEN``).

    Since 1 July 2025 local government has two levels, province and commune; ``DISTRICT``
    is kept for records made before then (``law.md`` §1.3).

    >>> GovLevel.COMMUNE.label_vi
    'xã'
    """

    #: trung ương — ministries and central agencies (cấp Bộ).
    CENTRAL = "central"
    #: tỉnh — provincial People's Committee, departments, provincial TTPVHCC.
    PROVINCE = "province"
    #: xã — commune People's Committee (xã, phường, đặc khu), commune TTPVHCC.
    COMMUNE = "commune"
    #: huyện — historical, abolished on 1 July 2025.
    DISTRICT = "district"

    @property
    def label_vi(self) -> str:
        """The Vietnamese label (trung ương / tỉnh / xã / huyện)."""
        return _LEVEL_LABELS[self]


_LEVEL_LABELS = {
    GovLevel.CENTRAL: "trung ương",
    GovLevel.PROVINCE: "tỉnh",
    GovLevel.COMMUNE: "xã",
    GovLevel.DISTRICT: "huyện",
}


class Channel(enum.Enum):
    """How a dossier is filed and the result collected (kênh / cách thức thực hiện, ``KENH``).

    The values are the national codes (``law.md`` §9.2).

    >>> [c.label_vi for c in Channel]
    ['trực tiếp', 'trực tuyến', 'bưu chính công ích']
    """

    #: 1 — in person at the one-stop desk (Bộ phận Một cửa).
    IN_PERSON = 1
    #: 2 — online, on the National Public Service Portal (Cổng DVC quốc gia).
    ONLINE = 2
    #: 3 — through the public postal service (BCCI).
    POSTAL = 3

    @property
    def label_vi(self) -> str:
        """The Vietnamese label."""
        return _CHANNEL_LABELS[self]


_CHANNEL_LABELS = {
    Channel.IN_PERSON: "trực tiếp",
    Channel.ONLINE: "trực tuyến",
    Channel.POSTAL: "bưu chính công ích",
}


class OnlineLevel(enum.Enum):
    """Level of the online public service (mức độ dịch vụ công trực tuyến; ``law.md`` §7.1).

    Three regimes: the legacy levels 1–4 (NĐ 43/2011), *thông tin* / *một phần* /
    *toàn trình* (NĐ 42/2022, national ``MucDo`` codes 2 / 3 / 4), and the proactive levels
    1–4 of NĐ 224/2026 Art. 16 (from 1 July 2026).

    >>> OnlineLevel.LEGACY_3.national_code, OnlineLevel.PARTIAL.label_vi
    (3, 'một phần')
    """

    LEGACY_1 = "legacy_1"
    LEGACY_2 = "legacy_2"
    LEGACY_3 = "legacy_3"
    LEGACY_4 = "legacy_4"
    #: thông tin — information only (national code 2).
    INFORMATION = "information"
    #: một phần — partial online service (national code 3).
    PARTIAL = "partial"
    #: toàn trình — full-process online service (national code 4).
    FULL = "full"
    #: chủ động mức 1 — reminder.
    PROACTIVE_1 = "proactive_1"
    #: chủ động mức 2 — reminder and pre-filled dossier.
    PROACTIVE_2 = "proactive_2"
    #: chủ động mức 3 — and a recommendation of the best option.
    PROACTIVE_3 = "proactive_3"
    #: chủ động mức 4 — automatic execution without an application.
    PROACTIVE_4 = "proactive_4"

    @property
    def label_vi(self) -> str:
        """The Vietnamese label."""
        return _ONLINE_LABELS[self]

    @property
    def national_code(self) -> int | None:
        """The national ``MucDo`` code (2, 3 or 4); ``None`` for the proactive levels.

        Legacy levels 1 and 2 map to 2, 3 to 3 and 4 to 4 (``law.md`` §7.1). No national
        code for the proactive levels was seen.
        """
        return _NATIONAL_CODES.get(self)

    @classmethod
    def from_national_code(cls, code: int | str) -> OnlineLevel:
        """The level (mức độ) of a national ``MucDo`` code: 2 information, 3 partial, 4 full.

        >>> OnlineLevel.from_national_code("3")
        <OnlineLevel.PARTIAL: 'partial'>
        """
        if isinstance(code, int | str) and not isinstance(code, bool):
            for level, value in _FROM_NATIONAL.items():
                if str(code).strip() == str(value):
                    return level
        raise ProcedureDataError(
            f"online level (MucDo) {code!r} is not a national code; expected 2, 3 or 4"
        )


_ONLINE_LABELS = {
    OnlineLevel.LEGACY_1: "mức độ 1",
    OnlineLevel.LEGACY_2: "mức độ 2",
    OnlineLevel.LEGACY_3: "mức độ 3",
    OnlineLevel.LEGACY_4: "mức độ 4",
    OnlineLevel.INFORMATION: "thông tin",
    OnlineLevel.PARTIAL: "một phần",
    OnlineLevel.FULL: "toàn trình",
    OnlineLevel.PROACTIVE_1: "chủ động mức 1",
    OnlineLevel.PROACTIVE_2: "chủ động mức 2",
    OnlineLevel.PROACTIVE_3: "chủ động mức 3",
    OnlineLevel.PROACTIVE_4: "chủ động mức 4",
}
_NATIONAL_CODES = {
    OnlineLevel.LEGACY_1: 2,
    OnlineLevel.LEGACY_2: 2,
    OnlineLevel.LEGACY_3: 3,
    OnlineLevel.LEGACY_4: 4,
    OnlineLevel.INFORMATION: 2,
    OnlineLevel.PARTIAL: 3,
    OnlineLevel.FULL: 4,
}
_FROM_NATIONAL = {OnlineLevel.INFORMATION: 2, OnlineLevel.PARTIAL: 3, OnlineLevel.FULL: 4}


class BoundaryScope(enum.Enum):
    """Where a dossier may be filed regardless of administrative boundary (``law.md`` §1.3).

    Reception without boundary (không phụ thuộc địa giới hành chính) within the province is
    the rule of NĐ 118/2025 Art. 14 for local procedures; nationwide reception only for
    listed procedures.

    >>> BoundaryScope.PROVINCE.label_vi
    'không phụ thuộc địa giới hành chính trong tỉnh'
    """

    #: none declared for the procedure.
    NONE = "none"
    #: anywhere within the province.
    PROVINCE = "province"
    #: anywhere in the country (listed procedures).
    NATIONAL = "national"

    @property
    def label_vi(self) -> str:
        """The Vietnamese label."""
        return _SCOPE_LABELS[self]


_SCOPE_LABELS = {
    BoundaryScope.NONE: "không công bố",
    BoundaryScope.PROVINCE: "không phụ thuộc địa giới hành chính trong tỉnh",
    BoundaryScope.NATIONAL: "không phụ thuộc địa giới hành chính trên toàn quốc",
}


class ProcedureComponent(enum.Enum):
    """A mandatory component of a procedure (bộ phận tạo thành cơ bản, NĐ 63/2010 Art. 8(2)).

    The value is the point of Art. 8(2). ``field`` names the attribute of
    :class:`~onestop_core.procedures.records.Procedure`, ``national_field`` the key of the
    national data package.

    >>> c = ProcedureComponent.STEPS
    >>> c.value, c.label_vi, c.national_field
    ('b', 'trình tự thực hiện', 'TRINHTUTHUCHIEN')
    """

    NAME = "a"
    STEPS = "b"
    CHANNELS = "c"
    DOSSIER = "d"
    TIME_LIMIT = "đ"
    SUBJECTS = "e"
    IMPLEMENTING_AGENCY = "g"
    RESULT = "h"

    @property
    def label_vi(self) -> str:
        """The Vietnamese name of the component, as in Art. 8(2)."""
        return _COMPONENTS[self][0]

    @property
    def field(self) -> str:
        """The :class:`Procedure` attribute holding the component."""
        return _COMPONENTS[self][1]

    @property
    def national_field(self) -> str:
        """The key (or key path) of the national data package holding the component."""
        return _COMPONENTS[self][2]

    def describe(self, *, national: bool = False) -> str:
        """``"<field> (<Vietnamese name>)"``, e.g. ``"steps (trình tự thực hiện)"``.

        >>> ProcedureComponent.TIME_LIMIT.describe(national=True)
        'CACHTHUCTHUCHIEN[].THOIGIAN (thời hạn giải quyết)'
        """
        return f"{self.national_field if national else self.field} ({self.label_vi})"


_COMPONENTS = {
    ProcedureComponent.NAME: ("tên thủ tục hành chính", "name_vi", "TENTTHC"),
    ProcedureComponent.STEPS: ("trình tự thực hiện", "steps", "TRINHTUTHUCHIEN"),
    ProcedureComponent.CHANNELS: ("cách thức thực hiện", "channels", "CACHTHUCTHUCHIEN"),
    ProcedureComponent.DOSSIER: ("hồ sơ", "dossier", "THANHPHANHOSO"),
    ProcedureComponent.TIME_LIMIT: (
        "thời hạn giải quyết",
        "channels[].times",
        "CACHTHUCTHUCHIEN[].THOIGIAN",
    ),
    ProcedureComponent.SUBJECTS: ("đối tượng thực hiện", "subjects", "DOITUONGTHUCHIEN"),
    ProcedureComponent.IMPLEMENTING_AGENCY: (
        "cơ quan thực hiện",
        "implementing_agencies",
        "COQUANTHUCHIEN",
    ),
    ProcedureComponent.RESULT: ("kết quả thực hiện", "results", "KETQUATHUCHIEN"),
}

#: The points a–h of Art. 8(2); a procedure is fully regulated only when all are present. Point (i)
#: (forms, conditions, fees) applies only "where the procedure has them" and is not checked.
MANDATORY_COMPONENTS: tuple[ProcedureComponent, ...] = tuple(ProcedureComponent)

#: The points a, b, d, đ, e, g, h of Art. 8(3) that a Government or Prime Minister instrument
#: must itself regulate (the channels, point c, may be set by a lower instrument, Art. 8(4)).
GOVERNMENT_INSTRUMENT_COMPONENTS: tuple[ProcedureComponent, ...] = tuple(
    c for c in ProcedureComponent if c is not ProcedureComponent.CHANNELS
)
