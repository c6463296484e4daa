"""The procedure record (thủ tục hành chính, TTHC) as the national TTHC database holds it.

A :class:`Procedure` mirrors the national data package ``GoiTinThuTucQG`` (``law.md`` §7.2):
classification, agencies, channels with their time limits and fees, dossier components
and steps per case, results and legal basis. It adds what the library needs: the online
level, boundary-free scope, postal options, sources and a confidence per field group.

>>> p = Procedure(code="1.001776", name_vi="Thủ tục trợ cấp xã hội hằng tháng")
>>> p.localise("H56")
'1.001776.000.00.00.H56'
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Collection, Mapping
from typing import Any

import attrs

from onestop_core.errors import ProcedureDataError
from onestop_core.procedures.enums import (
    MANDATORY_COMPONENTS,
    BoundaryScope,
    Channel,
    GovLevel,
    OnlineLevel,
    ProcedureComponent,
    ProcedureKind,
)
from onestop_core.procedures.parts import (
    AgencyRef,
    ChannelOption,
    Confidence,
    DocumentRequirement,
    DossierComponentGroup,
    Fee,
    LegalBasis,
    PostalService,
    ResultDocument,
    Sector,
    StepGroup,
    Subject,
    _check_fields,
    _confidence,
    _tuple,
)
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
    "Procedure",
    "ResultDocument",
    "Sector",
    "StepGroup",
    "Subject",
    "national_code_of",
]


_NATIONAL_CODE = re.compile(r"\d\.\d{6}")
_LOCAL_CODE = re.compile(r"(\d\.\d{6})(?:\.\d{3}\.\d{2}\.\d{2})?\.([A-Z]\d{2})")
_PROVINCE_CODE = re.compile(r"[A-Z]\d{2}")


def national_code_of(code: str) -> str:
    """The national code (mã TTHC ``d.dddddd``) of a national or localised procedure code.

    Both local forms are accepted (``law.md`` §4.4): ``1.001776.000.00.00.H56`` and the short
    ``2.002621.H56``.

    >>> national_code_of("1.001776.000.00.00.H56"), national_code_of("2.002621.H56")
    ('1.001776', '2.002621')
    """
    if isinstance(code, str):
        text = code.strip()
        if _NATIONAL_CODE.fullmatch(text):
            return text
        if m := _LOCAL_CODE.fullmatch(text):
            return m.group(1)
    raise ProcedureDataError(
        f"{code!r} is not a procedure code; expected 'd.dddddd' (e.g. '1.001776') "
        "or a localised code such as '1.001776.000.00.00.H56'"
    )


# -- validation shared by the records ---------------------------------------------------


# -- the procedure ----------------------------------------------------------------------

_FALLBACK_ORDER = (Channel.IN_PERSON, Channel.ONLINE, Channel.POSTAL)


@attrs.frozen(kw_only=True)
class Procedure:
    """An administrative procedure (thủ tục hành chính) of the national TTHC database.

    Only ``code`` is required, so incomplete records can be held; :meth:`missing_components`
    lists what Decree 63/2010 Art. 8(2) requires and the record lacks. ``confidence`` maps a
    field group (e.g. ``"time"``) to ``"verified"``, ``"secondary"`` or ``"uncertain"``.

    >>> p = Procedure(code="2.000884", name_vi="Chứng thực chữ ký", levels=[GovLevel.COMMUNE],
    ...               channels=[ChannelOption(channel=Channel.IN_PERSON,
    ...                                       times=[ProcessingTime.same_day()])])
    >>> str(p.processing_time()), p.levels[0].label_vi
    ('trong ngày', 'xã')
    """

    code: str
    name_vi: str = ""
    name_en: str = ""
    local_code: str = ""
    kind: ProcedureKind | None = None
    levels: tuple[GovLevel, ...] = attrs.field(default=(), converter=_tuple)
    sectors: tuple[Sector, ...] = attrs.field(default=(), converter=_tuple)
    implementing_agencies: tuple[AgencyRef, ...] = attrs.field(default=(), converter=_tuple)
    competent_agencies: tuple[AgencyRef, ...] = attrs.field(default=(), converter=_tuple)
    delegated_agencies: tuple[AgencyRef, ...] = attrs.field(default=(), converter=_tuple)
    coordinating_agencies: tuple[AgencyRef, ...] = attrs.field(default=(), converter=_tuple)
    subjects: tuple[Subject, ...] = attrs.field(default=(), converter=_tuple)
    channels: tuple[ChannelOption, ...] = attrs.field(default=(), converter=_tuple)
    dossier: tuple[DossierComponentGroup, ...] = attrs.field(default=(), converter=_tuple)
    steps: tuple[StepGroup, ...] = attrs.field(default=(), converter=_tuple)
    results: tuple[ResultDocument, ...] = attrs.field(default=(), converter=_tuple)
    legal_basis: tuple[LegalBasis, ...] = attrs.field(default=(), converter=_tuple)
    online_level: OnlineLevel | None = None
    boundary_scope: BoundaryScope = BoundaryScope.NONE
    interlinked: bool = False
    postal: PostalService = attrs.field(factory=PostalService)
    announcing_decisions: tuple[str, ...] = attrs.field(default=(), converter=_tuple)
    related_procedures: tuple[str, ...] = attrs.field(default=(), converter=_tuple)
    notes: tuple[str, ...] = attrs.field(default=(), converter=_tuple)
    sources: tuple[str, ...] = attrs.field(default=(), converter=_tuple)
    confidence: tuple[tuple[str, Confidence], ...] = attrs.field(default=(), converter=_confidence)
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None
    version: int = 1

    def __attrs_post_init__(self) -> None:
        if not isinstance(self.code, str) or not _NATIONAL_CODE.fullmatch(self.code):
            raise ProcedureDataError(
                f"procedure code {self.code!r} is not a national code 'd.dddddd' (e.g. '1.001776')"
            )
        _check_fields(self)
        if self.local_code and national_code_of(self.local_code) != self.code:
            raise ProcedureDataError(
                f"local code {self.local_code!r} does not localise procedure {self.code}"
            )
        seen = [option.channel for option in self.channels]
        if len(set(seen)) != len(seen):
            raise ProcedureDataError(f"procedure {self.code} lists a channel twice: {seen}")
        if len({group for group, _ in self.confidence}) != len(self.confidence):
            raise ProcedureDataError(f"procedure {self.code} rates a field group twice")
        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            raise ProcedureDataError(
                f"procedure {self.code} ends ({self.valid_to}) before it starts ({self.valid_from})"
            )
        if self.version < 0:
            raise ProcedureDataError(f"version cannot be negative, got {self.version!r}")

    @property
    def province_code(self) -> str:
        """The level-1 agency code of :attr:`local_code` (e.g. ``'H50'``), or ``''``.

        >>> Procedure(code="1.013416", local_code="1.013416.H50").province_code
        'H50'
        """
        m = _LOCAL_CODE.fullmatch(self.local_code)
        return m.group(2) if m else ""

    def localise(self, province_code: str) -> str:
        """The local code for a province: ``code + ".000.00.00." + province_code``.

        ``province_code`` is the province's level-1 agency code, a letter and two digits
        (``law.md`` §4.4; e.g. ``H56`` Thanh Hóa, ``H50`` Quảng Trị).

        >>> Procedure(code="1.001776").localise("H56")
        '1.001776.000.00.00.H56'
        """
        if not isinstance(province_code, str) or not _PROVINCE_CODE.fullmatch(province_code):
            raise ProcedureDataError(
                f"{province_code!r} is not a level-1 agency code: a capital letter and two "
                "digits, e.g. 'H56'"
            )
        return f"{self.code}.000.00.00.{province_code}"

    def channel_option(self, channel: Channel) -> ChannelOption | None:
        """The :class:`ChannelOption` for ``channel``, or ``None`` if it is not offered.

        >>> Procedure(code="1.001776").channel_option(Channel.POSTAL) is None
        True
        """
        return next((o for o in self.channels if o.channel is channel), None)

    def processing_time(self, channel: Channel = Channel.IN_PERSON) -> ProcessingTime:
        """The time limit (thời hạn giải quyết) for ``channel``: its first stated time.

        When the channel is not offered or states no time, the first time of the other
        channels is used, in the order in person, online, postal (a dossier sent online or
        by post is processed like one filed in person).

        >>> p = Procedure(code="1.004873", channels=[ChannelOption(
        ...     channel=Channel.IN_PERSON, times=[ProcessingTime.working_days(3)])])
        >>> str(p.processing_time(Channel.ONLINE))
        '3 ngày làm việc'
        """
        if not isinstance(channel, Channel):
            raise ProcedureDataError(f"channel must be a Channel, got {channel!r}")
        for c in (channel, *_FALLBACK_ORDER):
            option = self.channel_option(c)
            if option is not None and option.times:
                return option.times[0]
        raise ProcedureDataError(
            f"procedure {self.code} states no processing time (thời hạn giải quyết)"
        )

    def confidence_of(self, group: str) -> Confidence | None:
        """How well a field group is sourced, or ``None`` if not rated.

        >>> Procedure(code="1.001776", confidence={"time": "verified"}).confidence_of("time")
        'verified'
        """
        return dict(self.confidence).get(group)

    def missing_components(
        self, required: Collection[ProcedureComponent] = MANDATORY_COMPONENTS
    ) -> tuple[ProcedureComponent, ...]:
        """The mandatory components (NĐ 63/2010 Art. 8(2)) that the record leaves empty.

        Pass :data:`~onestop_core.procedures.enums.GOVERNMENT_INSTRUMENT_COMPONENTS` to
        check only the points that Art. 8(3) requires of a Government instrument.

        >>> [c.name for c in Procedure(code="1.001776", name_vi="Trợ cấp").missing_components()]
        ['STEPS', 'CHANNELS', 'DOSSIER', 'TIME_LIMIT', 'SUBJECTS', 'IMPLEMENTING_AGENCY', 'RESULT']
        """
        present = {
            ProcedureComponent.NAME: bool(self.name_vi.strip()),
            ProcedureComponent.STEPS: any(g.steps for g in self.steps),
            ProcedureComponent.CHANNELS: bool(self.channels),
            ProcedureComponent.DOSSIER: any(g.items for g in self.dossier),
            ProcedureComponent.TIME_LIMIT: any(o.times for o in self.channels),
            ProcedureComponent.SUBJECTS: bool(self.subjects),
            ProcedureComponent.IMPLEMENTING_AGENCY: bool(self.implementing_agencies),
            ProcedureComponent.RESULT: bool(self.results),
        }
        return tuple(c for c in ProcedureComponent if c in required and not present[c])

    @classmethod
    def from_national_package(
        cls,
        data: Mapping[str, Any],
        *,
        required: Collection[ProcedureComponent] = MANDATORY_COMPONENTS,
    ) -> Procedure:
        """Read a national data package (``GoiTinThuTucQG``); see :mod:`.national_package`.

        ``required`` lists the components that must be present (default: all of
        Art. 8(2)); pass ``()`` to accept an incomplete package.

        >>> p = Procedure(code="2.000884", name_vi="Chứng thực chữ ký")
        >>> Procedure.from_national_package(p.to_national_package(), required=()) == p
        True
        """
        from onestop_core.procedures.national_package import from_national_package

        return from_national_package(data, required=required)

    def to_national_package(self) -> dict[str, Any]:
        """This record as a national data package (``GoiTinThuTucQG``).

        >>> Procedure(code="1.001776", name_vi="Trợ cấp").to_national_package()["MATTHC"]
        '1.001776'
        """
        from onestop_core.procedures.national_package import to_national_package

        return to_national_package(self)
