"""Canonical, vendor-neutral records that adapters translate to and from a wire format.

Field names are English; the vendor names they map to are in the docstrings
(``integrations.md`` §7.3). Instants are aware; personal data (names, ID numbers, phones,
e-mails, street addresses, free text) is masked in every ``repr``. The postal records live
in :mod:`onestop_core.adapters.shipments` and are re-exported here.

>>> r = PushReceipt(ok=True, system="dvcqg", idempotency_key="k-1", message_raw="gọi 0912345678")
>>> r
PushReceipt(ok=True, system='dvcqg', idempotency_key='k-1', remote_id='', code_raw='', \
message_raw='gọi *******678', attempts=1)
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Mapping
from typing import Any

import attrs

from onestop_core._time import ensure_aware
from onestop_core.adapters import _fields as F
from onestop_core.adapters.shipments import (
    Address,
    Party,
    Quote,
    Shipment,
    ShipmentLeg,
    ShipmentReceipt,
    TrackingEvent,
    TrackingState,
)
from onestop_core.dossiers.events import Delivered, DeliveryMethod, Refused
from onestop_core.dossiers.model import Dossier
from onestop_core.dossiers.status import DossierStatus
from onestop_core.errors import PayloadValidationError
from onestop_core.procedures.enums import Channel

__all__ = [
    "NATIONAL_CODE_OF_OWN_STATUS",
    "Address",
    "ApplicantKind",
    "ApplicantRecord",
    "DossierSyncPayload",
    "Evaluation",
    "IdType",
    "Party",
    "ProgressStep",
    "PushReceipt",
    "Quote",
    "ResultDelivery",
    "Satisfaction",
    "Shipment",
    "ShipmentLeg",
    "ShipmentReceipt",
    "TrackingEvent",
    "TrackingState",
    "national_status",
]

_SUMMARY_MAX = 1000  # TrichYeuHoSo: integrators truncate to about 1,000 characters


# -- code lists ----------------------------------------------------------------------------
class ResultDelivery(enum.Enum):
    """How the result is returned (DVCQG ``HinhThuc``): 0 at the desk, 1 by post (BCCI).

    >>> ResultDelivery(1)
    <ResultDelivery.POSTAL: 1>
    """

    DIRECT = 0
    POSTAL = 1


class ApplicantKind(enum.Enum):
    """Who applies (``LoaiDoiTuong``, numbered differently by each target: map per adapter).

    >>> ApplicantKind("business")
    <ApplicantKind.BUSINESS: 'business'>
    """

    CITIZEN = "citizen"
    BUSINESS = "business"
    HOUSEHOLD_BUSINESS = "household_business"
    STATE_AGENCY = "state_agency"
    ORGANISATION = "organisation"


class IdType(enum.Enum):
    """The kind of identity document (DVCQG ``DinhDanhCHS.LoaiDinhDanh``: 1 CCCD, 2 CMND).

    >>> IdType.guess("001204012345"), IdType.guess("123456789"), IdType.guess("B1234567")
    (<IdType.CCCD12: 'cccd12'>, <IdType.CMND9: 'cmnd9'>, <IdType.OTHER: 'other'>)
    """

    CCCD12 = "cccd12"
    CMND9 = "cmnd9"
    PASSPORT = "passport"
    TAX_CODE = "tax_code"
    OTHER = "other"

    @classmethod
    def guess(cls, number: str) -> IdType:
        """12 digits: CCCD / personal ID; 9 digits: old CMND; anything else: OTHER."""
        digits = number.strip()
        if digits.isdigit() and len(digits) == 12:
            return cls.CCCD12
        if digits.isdigit() and len(digits) == 9:
            return cls.CMND9
        return cls.OTHER


class Satisfaction(enum.Enum):
    """A five-level satisfaction answer (rất hài lòng … rất không hài lòng).

    >>> Satisfaction(5).name
    'VERY_SATISFIED'
    """

    VERY_SATISFIED = 5
    SATISFIED = 4
    NEUTRAL = 3
    UNSATISFIED = 2
    VERY_UNSATISFIED = 1


#: National codes for our own statuses, which DVCQG does not have ([G]: a suspended dossier
#: is still in processing; a dossier closed for want of a supplement has stopped).
NATIONAL_CODE_OF_OWN_STATUS: Mapping[DossierStatus, int] = {
    DossierStatus.SUSPENDED: 4,
    DossierStatus.CLOSED_INCOMPLETE: 8,
}


def national_status(
    status: DossierStatus, overrides: Mapping[DossierStatus, int] | None = None
) -> int:
    """The DVCQG status code (1–10) of ``status``; ``overrides`` wins over the defaults.

    >>> national_status(DossierStatus.DECIDED), national_status(DossierStatus.SUSPENDED)
    (9, 4)
    """
    if overrides and status in overrides:
        return overrides[status]
    code = status.national_code
    return code if code is not None else NATIONAL_CODE_OF_OWN_STATUS[status]


# -- people and places ---------------------------------------------------------------------
@attrs.frozen(kw_only=True)
class ApplicantRecord:
    """The dossier owner as synchronised (``ChuHoSo``, ``SoGiayToChuHoSo``, ``MaDoiTuong`` …).

    >>> ApplicantRecord(name="Trần Thị Bình", id_number="079301012345").id_type
    <IdType.CCCD12: 'cccd12'>
    """

    name: str = attrs.field(repr=F.masked("name"))
    kind: ApplicantKind = ApplicantKind.CITIZEN
    id_number: str = attrs.field(default="", repr=F.masked("id_number"))
    id_type: IdType | None = attrs.field()
    national_account_id: str = attrs.field(default="", repr=F.masked("id_number"))
    phone: str = attrs.field(default="", repr=F.masked("phone"))
    email: str = attrs.field(default="", repr=F.masked("email"))
    address: Address | None = None

    @id_type.default
    def _guess_id_type(self) -> IdType | None:
        return IdType.guess(self.id_number) if self.id_number else None


# -- national portal -----------------------------------------------------------------------
@attrs.frozen(kw_only=True)
class DossierSyncPayload:
    """A dossier as pushed to the national portal (DVCQG ``DongBoHoSoMC`` item).

    ``code`` → ``MaHoSo``; ``procedure_*`` → ``MaTTHC``/``TenTTHC``; ``field_*`` →
    ``MaLinhVuc``/``TenLinhVuc``; ``agency_code`` (the competent agency) → ``madonvi``;
    ``channel`` → ``KenhThucHien``; ``result_delivery`` → ``HinhThuc``; ``summary`` →
    ``TrichYeuHoSo`` (at most 1,000 characters); ``status`` → ``TrangThaiHoSo`` (1–10) and
    ``vendor_status`` our own status; the instants → ``NgayNopHoSo``, ``NgayTiepNhan``,
    ``NgayHenTra``, ``NgayKetThucXuLy``, ``NgayTra``, ``NgayTuChoi``; ``synced_at`` is when
    the payload was built. Build it with :meth:`from_dossier`.

    >>> from onestop_core.testing.contracts import sample_payload
    >>> p = sample_payload()
    >>> p.status, p.channel.name, p.applicant
    (2, 'IN_PERSON', ApplicantRecord(name='N. V. A.', kind=<ApplicantKind.CITIZEN: 'citizen'>, \
id_number='*********345', id_type=<IdType.CCCD12: 'cccd12'>, national_account_id='', \
phone='*******678', email='', address=None))
    """

    code: str = attrs.field(validator=F.non_empty)
    procedure_code: str = attrs.field(validator=F.non_empty)
    procedure_name: str
    agency_code: str = attrs.field(validator=F.non_empty)
    channel: Channel
    applicant: ApplicantRecord
    status: int = attrs.field(validator=F.status_code)
    synced_at: dt.datetime = attrs.field(validator=F.aware)
    receiving_agency_code: str = ""
    field_code: str = ""
    field_name: str = ""
    result_delivery: ResultDelivery = ResultDelivery.DIRECT
    summary: str = attrs.field(default="", repr=F.masked_text)
    vendor_status: str = ""
    submitted_at: dt.datetime | None = attrs.field(default=None, validator=F.aware)
    received_at: dt.datetime | None = attrs.field(default=None, validator=F.aware)
    due_at: dt.datetime | None = attrs.field(default=None, validator=F.aware)
    finished_at: dt.datetime | None = attrs.field(default=None, validator=F.aware)
    returned_at: dt.datetime | None = attrs.field(default=None, validator=F.aware)
    rejected_at: dt.datetime | None = attrs.field(default=None, validator=F.aware)

    @summary.validator
    def _check_summary(self, attribute: attrs.Attribute[str], value: str) -> None:
        if len(value) > _SUMMARY_MAX:
            raise PayloadValidationError(
                f"summary: at most {_SUMMARY_MAX} characters, got {len(value)}", path="summary"
            )

    @classmethod
    def from_dossier(
        cls,
        dossier: Dossier,
        *,
        now: dt.datetime,
        due_at: dt.datetime | None = None,
        summary: str | None = None,
        result_delivery: ResultDelivery | None = None,
        applicant_kind: ApplicantKind | None = None,
        status_overrides: Mapping[DossierStatus, int] | None = None,
    ) -> DossierSyncPayload:
        """The payload of ``dossier`` at ``now``.

        ``due_at`` defaults to the dossier's SLA due instant at ``now`` (default calendar);
        pass it when the due date comes from elsewhere. ``summary`` defaults to the
        procedure name (truncated to 1,000 characters); ``result_delivery`` to POSTAL when
        the result was delivered by post, else DIRECT; ``applicant_kind`` to CITIZEN, or
        ORGANISATION when the applicant names one. Our own statuses map through
        :func:`national_status`.

        >>> import datetime as dt
        >>> from onestop_core._time import VN_TZ
        >>> from onestop_core.dossiers import Accepted, Applicant, Dossier, DossierHeader
        >>> from onestop_core.procedures import ProcessingTime
        >>> header = DossierHeader(procedure_code="1.004873", procedure_name="Xác nhận TTHN",
        ...     limit=ProcessingTime.working_days(3), channel=Channel.IN_PERSON,
        ...     applicant=Applicant(name="Nguyễn Văn An", id_number="001204012345"),
        ...     receiving_agency="000.00.06.H56", competent_agency="000.00.06.H56")
        >>> d = Dossier.empty("hs-1").apply(Accepted(at=dt.datetime(2026, 11, 20, 10,
        ...     tzinfo=VN_TZ), header=header, code="000.00.06.H56-261120-0001"))
        >>> p = DossierSyncPayload.from_dossier(d, now=dt.datetime(2026, 11, 20, 11, tzinfo=VN_TZ))
        >>> p.code, p.status, p.due_at.isoformat(), p.applicant.id_type.name
        ('000.00.06.H56-261120-0001', 2, '2026-11-26T10:00:00+07:00', 'CCCD12')
        """
        ensure_aware(now, name="now")
        header = dossier.header
        if header is None or dossier.status is None:
            raise PayloadValidationError(
                f"dossier {dossier.id!r} has no events yet; nothing to synchronise", path="events"
            )
        if not dossier.code:
            raise PayloadValidationError(
                f"dossier {dossier.id!r} has no dossier code (mã hồ sơ) yet", path="code"
            )
        if due_at is None and dossier.accepted_at is not None:
            due_at = dossier.sla(now).due_at
        rejected = next((e.at for e in dossier.events if isinstance(e, Refused)), None)
        if result_delivery is None:
            postal = any(
                isinstance(e, Delivered) and e.method is DeliveryMethod.POSTAL
                for e in dossier.events
            )
            result_delivery = ResultDelivery.POSTAL if postal else ResultDelivery.DIRECT
        a = header.applicant
        kind = applicant_kind or (
            ApplicantKind.ORGANISATION if a.organisation else ApplicantKind.CITIZEN
        )
        applicant = ApplicantRecord(
            name=a.organisation or a.name,
            kind=kind,
            id_number=a.id_number,
            phone=a.phone,
            email=a.email,
            address=Address(detail=a.address) if a.address else None,
        )
        return cls(
            code=dossier.code,
            procedure_code=header.procedure_code,
            procedure_name=header.procedure_name,
            agency_code=header.competent_agency,
            receiving_agency_code=header.receiving_agency,
            channel=header.channel,
            result_delivery=result_delivery,
            applicant=applicant,
            summary=(header.procedure_name if summary is None else summary)[:_SUMMARY_MAX],
            status=national_status(dossier.status, status_overrides),
            vendor_status=dossier.status.value,
            submitted_at=dossier.submitted_at,
            received_at=dossier.accepted_at,
            due_at=due_at,
            finished_at=dossier.decided_at,
            returned_at=dossier.delivered_at,
            rejected_at=rejected,
            synced_at=now,
        )


@attrs.frozen(kw_only=True)
class ProgressStep:
    """One processing step (DVCQG ``CapNhatTienDoHoSoMC`` item).

    ``dossier_code`` → ``MaHoSo``; ``actor_name``/``actor_title``/``department`` →
    ``NguoiXuLy``/``ChucDanh``/``PhongBanXuLy``; ``at`` → ``ThoiDiemXuLy``; ``note`` →
    ``NoiDungXuLy``; ``status`` → ``TrangThai``; ``started_at``/``deadline`` →
    ``NgayBatDau``/``NgayKetThucTheoQuyDinh``.

    >>> import datetime as dt
    >>> ProgressStep(dossier_code="hs-1", status=4, at=dt.datetime(2026, 11, 20, tzinfo=dt.UTC),
    ...              actor_name="Trần Thị Bình").actor_name
    'Trần Thị Bình'
    """

    dossier_code: str = attrs.field(validator=F.non_empty)
    status: int = attrs.field(validator=F.status_code)
    at: dt.datetime = attrs.field(validator=F.aware)
    actor_name: str = attrs.field(default="", repr=F.masked("name"))
    actor_title: str = ""
    department: str = ""
    note: str = attrs.field(default="", repr=F.masked_text)
    started_at: dt.datetime | None = attrs.field(default=None, validator=F.aware)
    deadline: dt.datetime | None = attrs.field(default=None, validator=F.aware)

    @classmethod
    def from_dossier(
        cls, dossier: Dossier, *, status_overrides: Mapping[DossierStatus, int] | None = None
    ) -> tuple[ProgressStep, ...]:
        """One step per event of ``dossier``, each with the status the event led to.

        >>> import datetime as dt
        >>> from onestop_core._time import VN_TZ
        >>> from onestop_core.dossiers import Accepted, Applicant, Decided, Dossier, DossierHeader
        >>> from onestop_core.procedures import ProcessingTime
        >>> header = DossierHeader(procedure_code="1.004873", procedure_name="Xác nhận TTHN",
        ...     limit=ProcessingTime.working_days(3), channel=Channel.IN_PERSON,
        ...     applicant=Applicant(name="Nguyễn Văn An"), receiving_agency="000.00.06.H56",
        ...     competent_agency="000.00.06.H56")
        >>> d = Dossier.from_events("hs-1", [
        ...     Accepted(at=dt.datetime(2026, 11, 20, 10, tzinfo=VN_TZ), header=header,
        ...              code="000.00.06.H56-261120-0001"),
        ...     Decided(at=dt.datetime(2026, 11, 23, 9, tzinfo=VN_TZ), actor="cb.xuly")])
        >>> [(s.status, s.note) for s in ProgressStep.from_dossier(d)]
        [(2, 'Tiếp nhận hồ sơ'), (9, 'Đã xử lý xong')]
        """
        from onestop_core.dossiers.rules import target_status

        code = dossier.code or dossier.id
        steps: list[ProgressStep] = []
        status: DossierStatus | None = None
        for event in dossier.events:
            after, _rule = target_status(event, status)
            status = after or status
            if status is None:
                continue
            steps.append(
                cls(
                    dossier_code=code,
                    status=national_status(status, status_overrides),
                    at=event.at,
                    actor_name=event.actor,
                    note=event.note or event.label_vi or event.kind,
                )
            )
        return tuple(steps)


def _answers(value: Mapping[str, Satisfaction] | Any) -> tuple[tuple[str, Satisfaction], ...]:
    items = value.items() if isinstance(value, Mapping) else value
    return tuple(sorted((str(k), Satisfaction(v)) for k, v in items))


@attrs.frozen(kw_only=True)
class Evaluation:
    """A satisfaction evaluation of one dossier (DVCQG ``DongBoDanhGia``; payload unpublished).

    ``answers`` maps a question code to a :class:`Satisfaction` (stored sorted by code).

    >>> import datetime as dt
    >>> e = Evaluation(dossier_code="hs-1", evaluated_at=dt.datetime(2026, 11, 30, tzinfo=dt.UTC),
    ...                answers={"Q2": Satisfaction.SATISFIED, "Q1": 5})
    >>> e.answers
    (('Q1', <Satisfaction.VERY_SATISFIED: 5>), ('Q2', <Satisfaction.SATISFIED: 4>))
    """

    dossier_code: str = attrs.field(validator=F.non_empty)
    evaluated_at: dt.datetime = attrs.field(validator=F.aware)
    answers: tuple[tuple[str, Satisfaction], ...] = attrs.field(default=(), converter=_answers)
    method: str = ""
    comment: str = attrs.field(default="", repr=F.masked_text)


@attrs.frozen(kw_only=True)
class PushReceipt:
    """The typed result of an outbound call (never a bare bool).

    ``ok`` is True only on a positive answer from the remote; ``remote_id`` is the id it
    gave, ``code_raw``/``message_raw`` its own code and message (masked in ``repr``);
    ``idempotency_key`` the key sent and ``attempts`` how many tries it took.

    >>> PushReceipt(ok=True, system="dvcqg", idempotency_key="k-1", message_raw="gọi 0912345678")
    PushReceipt(ok=True, system='dvcqg', idempotency_key='k-1', remote_id='', code_raw='', \
message_raw='gọi *******678', attempts=1)
    """

    ok: bool
    system: str
    idempotency_key: str
    remote_id: str = ""
    code_raw: str = ""
    message_raw: str = attrs.field(default="", repr=F.masked_text)
    attempts: int = 1
