"""Dossier events (sự kiện hồ sơ): the only way a dossier changes.

Each event is a frozen value with an aware instant ``at``; :meth:`DossierEvent.clock_event`
says what it means to the SLA clock, so a dossier's events can be handed to
:func:`onestop_core.sla.evaluate` directly.

>>> import datetime as dt
>>> from onestop_core._time import VN_TZ
>>> Decided(at=dt.datetime(2026, 11, 26, 9, tzinfo=VN_TZ)).clock_event().kind.value
'decide'
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable
from typing import ClassVar

import attrs

from onestop_core._time import ensure_aware
from onestop_core.dossiers.applicant import Applicant
from onestop_core.procedures.enums import Channel
from onestop_core.procedures.time_limits import PauseReason, ProcessingTime
from onestop_core.sla.clock import ClockEvent, ClockEventKind

__all__ = [
    "Accepted",
    "ClosedIncomplete",
    "Decided",
    "Delivered",
    "DeliveryMethod",
    "DossierEvent",
    "DossierHeader",
    "ExcludedIntervalEnded",
    "ExcludedIntervalStarted",
    "Extended",
    "FinancialObligationNotified",
    "FinancialObligationPaid",
    "Outcome",
    "Refused",
    "Resumed",
    "Stopped",
    "Submitted",
    "SupplementCompleted",
    "SupplementRequested",
    "Suspended",
    "Transferred",
    "Withdrawn",
]


def _strings(value: Iterable[str]) -> tuple[str, ...]:
    return tuple(value)


def _aware(_inst: object, attribute: attrs.Attribute[dt.datetime], value: dt.datetime) -> None:
    ensure_aware(value, name=attribute.name)


@attrs.frozen(kw_only=True)
class DossierHeader:
    """What a dossier is about, fixed at its first event (thông tin hồ sơ).

    ``limit`` is the processing time of the procedure and channel at reception (procedures
    change; the dossier keeps the limit it was received under). ``competent_agency`` decides
    the case; ``receiving_agency`` received it (they differ for boundary-free reception).
    """

    procedure_code: str
    procedure_name: str
    limit: ProcessingTime
    channel: Channel
    applicant: Applicant
    receiving_agency: str
    competent_agency: str
    boundary_free: bool = False


@attrs.frozen(kw_only=True)
class DossierEvent:
    """Base class of every dossier event: when, by whom, and a free note."""

    kind: ClassVar[str] = "event"
    label_vi: ClassVar[str] = ""

    at: dt.datetime = attrs.field(validator=_aware)
    actor: str = ""
    note: str = ""

    def clock_event(self) -> ClockEvent | None:
        """What this event means to the SLA clock (None: nothing)."""
        return None

    def _clock(self, kind: ClockEventKind, **kw: object) -> ClockEvent:
        return ClockEvent(kind=kind, at=self.at, label=self.label_vi or self.kind, **kw)  # type: ignore[arg-type]


@attrs.frozen(kw_only=True)
class Submitted(DossierEvent):
    """Nộp hồ sơ trực tuyến: the portal received an online dossier (status 1)."""

    kind: ClassVar[str] = "submitted"
    label_vi: ClassVar[str] = "Nộp hồ sơ trực tuyến"
    header: DossierHeader


@attrs.frozen(kw_only=True)
class Accepted(DossierEvent):
    """Tiếp nhận: the complete, valid dossier is accepted; the clock starts (status 2).

    For a postal dossier ``at`` is the signing of the hand-over record (QĐ 45/2016 Art. 7(4)).
    ``header`` is required when the dossier starts here (in person, postal).
    """

    kind: ClassVar[str] = "accepted"
    label_vi: ClassVar[str] = "Tiếp nhận hồ sơ"
    header: DossierHeader | None = None
    code: str | None = None

    def clock_event(self) -> ClockEvent:
        return self._clock(ClockEventKind.START)


@attrs.frozen(kw_only=True)
class Refused(DossierEvent):
    """Từ chối tiếp nhận (Mẫu 03): refused at reception, with its legal ground (status 3)."""

    kind: ClassVar[str] = "refused"
    label_vi: ClassVar[str] = "Từ chối tiếp nhận"
    reason: str
    legal_ground: str = ""
    header: DossierHeader | None = None

    def clock_event(self) -> ClockEvent:
        return self._clock(ClockEventKind.STOP)


@attrs.frozen(kw_only=True)
class Transferred(DossierEvent):
    """Chuyển hồ sơ: handed from one agency to another (status 4; a control-sheet row)."""

    kind: ClassVar[str] = "transferred"
    label_vi: ClassVar[str] = "Chuyển hồ sơ"
    from_agency: str
    to_agency: str


@attrs.frozen(kw_only=True)
class SupplementRequested(DossierEvent):
    """Yêu cầu bổ sung, hoàn thiện hồ sơ (Mẫu 02) during appraisal (status 5).

    At most one per agency, within 3 working days of receipt (Decree 118/2025 Art. 19(5)).
    """

    kind: ClassVar[str] = "supplement_requested"
    label_vi: ClassVar[str] = "Yêu cầu bổ sung hồ sơ"
    agency: str
    reason: str
    items: tuple[str, ...] = attrs.field(default=(), converter=_strings)

    def clock_event(self) -> ClockEvent:
        return self._clock(ClockEventKind.SUPPLEMENT_REQUESTED)


@attrs.frozen(kw_only=True)
class SupplementCompleted(DossierEvent):
    """Nhận đủ hồ sơ bổ sung: the complete dossier is back; the time limit restarts."""

    kind: ClassVar[str] = "supplement_completed"
    label_vi: ClassVar[str] = "Nhận hồ sơ bổ sung"

    def clock_event(self) -> ClockEvent:
        return self._clock(ClockEventKind.SUPPLEMENT_COMPLETED)


@attrs.frozen(kw_only=True)
class FinancialObligationNotified(DossierEvent):
    """Thông báo nghĩa vụ tài chính: fees or taxes to pay (status 6)."""

    kind: ClassVar[str] = "financial_obligation_notified"
    label_vi: ClassVar[str] = "Thông báo nghĩa vụ tài chính"
    obligation: str = ""
    amount_vnd: int | None = None

    def clock_event(self) -> ClockEvent:
        return self._clock(ClockEventKind.PAUSE, reason=PauseReason.FINANCIAL_OBLIGATION)


@attrs.frozen(kw_only=True)
class FinancialObligationPaid(DossierEvent):
    """Hoàn thành nghĩa vụ tài chính: paid; processing resumes (status 4)."""

    kind: ClassVar[str] = "financial_obligation_paid"
    label_vi: ClassVar[str] = "Hoàn thành nghĩa vụ tài chính"

    def clock_event(self) -> ClockEvent:
        return self._clock(ClockEventKind.RESUME, reason=PauseReason.FINANCIAL_OBLIGATION)


@attrs.frozen(kw_only=True)
class ExcludedIntervalStarted(DossierEvent):
    """An interval the procedure excludes from the time limit begins (giám định, niêm yết…)."""

    kind: ClassVar[str] = "excluded_interval_started"
    label_vi: ClassVar[str] = "Bắt đầu thời gian không tính vào thời hạn"
    reason: PauseReason

    def clock_event(self) -> ClockEvent:
        return self._clock(ClockEventKind.PAUSE, reason=self.reason)


@attrs.frozen(kw_only=True)
class ExcludedIntervalEnded(DossierEvent):
    """The excluded interval ends."""

    kind: ClassVar[str] = "excluded_interval_ended"
    label_vi: ClassVar[str] = "Kết thúc thời gian không tính vào thời hạn"
    reason: PauseReason

    def clock_event(self) -> ClockEvent:
        return self._clock(ClockEventKind.RESUME, reason=self.reason)


@attrs.frozen(kw_only=True)
class Suspended(DossierEvent):
    """Tạm dừng: a competent authority suspends processing (e.g. a court request)."""

    kind: ClassVar[str] = "suspended"
    label_vi: ClassVar[str] = "Tạm dừng giải quyết"
    authority: str = ""
    legal_ground: str = ""

    def clock_event(self) -> ClockEvent:
        return self._clock(ClockEventKind.PAUSE, reason=PauseReason.SUSPENSION)


@attrs.frozen(kw_only=True)
class Resumed(DossierEvent):
    """Tiếp tục giải quyết after a suspension."""

    kind: ClassVar[str] = "resumed"
    label_vi: ClassVar[str] = "Tiếp tục giải quyết"

    def clock_event(self) -> ClockEvent:
        return self._clock(ClockEventKind.RESUME, reason=PauseReason.SUSPENSION)


@attrs.frozen(kw_only=True)
class Extended(DossierEvent):
    """Văn bản xin lỗi và đề nghị gia hạn (Mẫu 04): an apology with a new due instant.

    No later than 1 day before the current due date, and only once (Decree 118/2025
    Art. 19(6)).
    """

    kind: ClassVar[str] = "extended"
    label_vi: ClassVar[str] = "Xin lỗi và gia hạn"
    new_due: dt.datetime = attrs.field(validator=_aware)
    reason: str

    def clock_event(self) -> ClockEvent:
        return self._clock(ClockEventKind.EXTEND, new_due=self.new_due)


@attrs.frozen(kw_only=True)
class Withdrawn(DossierEvent):
    """Công dân rút hồ sơ: withdrawn before any decision (status 7; Decree 118 Art. 21)."""

    kind: ClassVar[str] = "withdrawn"
    label_vi: ClassVar[str] = "Rút hồ sơ"
    reason: str = ""

    def clock_event(self) -> ClockEvent:
        return self._clock(ClockEventKind.STOP)


@attrs.frozen(kw_only=True)
class Stopped(DossierEvent):
    """Dừng xử lý: processing stopped by decision (status 8)."""

    kind: ClassVar[str] = "stopped"
    label_vi: ClassVar[str] = "Dừng xử lý"
    reason: str
    legal_ground: str = ""

    def clock_event(self) -> ClockEvent:
        return self._clock(ClockEventKind.STOP)


@attrs.frozen(kw_only=True)
class ClosedIncomplete(DossierEvent):
    """Đóng hồ sơ: the supplement has not arrived 15 days after the notice (Art. 19(5))."""

    kind: ClassVar[str] = "closed_incomplete"
    label_vi: ClassVar[str] = "Đóng hồ sơ"

    def clock_event(self) -> ClockEvent:
        return self._clock(ClockEventKind.STOP)


class Outcome(enum.Enum):
    """What the decision says."""

    APPROVED = "approved"  # giải quyết (cấp kết quả)
    DENIED = "denied"  # từ chối giải quyết, có nêu lý do


@attrs.frozen(kw_only=True)
class Decided(DossierEvent):
    """Đã xử lý xong: the result (or a reasoned denial) exists; the clock stops (status 9)."""

    kind: ClassVar[str] = "decided"
    label_vi: ClassVar[str] = "Đã xử lý xong"
    outcome: Outcome = Outcome.APPROVED
    result: str = ""

    def clock_event(self) -> ClockEvent:
        return self._clock(ClockEventKind.DECIDE)


class DeliveryMethod(enum.Enum):
    """How the result reached the applicant (hình thức trả kết quả)."""

    DESK = "desk"  # tại Bộ phận Một cửa
    POSTAL = "postal"  # qua dịch vụ bưu chính công ích
    ELECTRONIC = "electronic"  # bản điện tử, kho dữ liệu trên Cổng DVCQG


@attrs.frozen(kw_only=True)
class Delivered(DossierEvent):
    """Đã trả kết quả (status 10)."""

    kind: ClassVar[str] = "delivered"
    label_vi: ClassVar[str] = "Trả kết quả"
    method: DeliveryMethod = DeliveryMethod.DESK
