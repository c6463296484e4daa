"""The role-specific content of each form (private: used by :mod:`.data`).

Each builder reads the dossier (as it stood at ``now``) and its events, and returns the
:class:`Parts` of one form; :func:`.data.render_data` adds the heading and the fixed texts.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence

import attrs

from onestop_core._time import VN_TZ
from onestop_core.calendars import WorkCalendar
from onestop_core.dossiers import events as ev
from onestop_core.dossiers.events import DossierEvent, DossierHeader
from onestop_core.dossiers.forms.data import DocumentItem, FormTable
from onestop_core.dossiers.forms.roles import FormSet, FormSpec
from onestop_core.dossiers.model import Dossier
from onestop_core.dossiers.rules import target_status
from onestop_core.dossiers.status import DossierStatus
from onestop_core.errors import FormNotAvailableError
from onestop_core.privacy import mask
from onestop_core.sla import SlaPolicies, SlaState, classify

Fields = tuple[tuple[str, str], ...]

_DELIVERY_VI = {
    ev.DeliveryMethod.DESK: "Trực tiếp tại Bộ phận Một cửa",
    ev.DeliveryMethod.POSTAL: "Qua dịch vụ bưu chính công ích",
    ev.DeliveryMethod.ELECTRONIC: "Trực tuyến (bản điện tử)",
}
_STOP_BASIS = "Nghị định 118/2025/NĐ-CP Điều 21; Thông tư 03/2025/TT-VPCP Điều 7"


def when(t: dt.datetime | None) -> str:
    """``"08 giờ 30 phút, ngày 05/10/2026"`` in Vietnam time ('' for None)."""
    if t is None:
        return ""
    t = t.astimezone(VN_TZ)
    return f"{t:%H} giờ {t:%M} phút, ngày {t:%d/%m/%Y}"


def short(t: dt.datetime | None) -> str:
    """``"05/10/2026 08:30"`` in Vietnam time ('' for None)."""
    return "" if t is None else f"{t.astimezone(VN_TZ):%d/%m/%Y %H:%M}"


@attrs.frozen(kw_only=True)
class Ctx:
    """What every builder needs: the dossier, ``now``, the form and the display options."""

    dossier: Dossier | None
    now: dt.datetime
    fset: FormSet
    spec: FormSpec
    names: Mapping[str, str]
    agency_override: str = ""
    parent_agency: str = ""
    place: str = ""
    calendar: WorkCalendar | None = None
    policies: SlaPolicies | None = None

    @property
    def d(self) -> Dossier:
        assert self.dossier is not None
        return self.dossier

    @property
    def h(self) -> DossierHeader:
        header = self.d.header
        assert header is not None
        return header

    def agency(self, agency_id: str) -> str:
        """The display name of an agency identifier."""
        return self.names.get(agency_id, agency_id)

    def agency_name(self, agency_id: str) -> str:
        """The issuing agency printed in the heading."""
        return self.agency_override or (self.agency(agency_id) if agency_id else "")

    def missing(self, event: str) -> FormNotAvailableError:
        role = self.spec.role
        who = f"dossier {self.d.code or self.d.id}" if self.dossier else "the dossiers"
        return FormNotAvailableError(
            f"cannot fill {self.spec.name_vi} ({self.fset.id} Mẫu số {self.spec.number}, role "
            f"{role.value}): {who} has no {event} event at {self.now.isoformat()}",
            form_set=self.fset.id,
            role=role.value,
            missing_event=event,
        )

    def last(self, *kinds: type[DossierEvent]) -> tuple[int, DossierEvent]:
        """The index and the latest event of one of ``kinds``, or the missing-event error."""
        for i in range(len(self.d.events) - 1, -1, -1):
            if isinstance(self.d.events[i], kinds):
                return i, self.d.events[i]
        raise self.missing(" or ".join(k.__name__ for k in kinds))

    def sla(self, d: Dossier, at: dt.datetime) -> SlaState:
        return d.sla(at, calendar=self.calendar, policies=self.policies)

    def appointment(self, d: Dossier) -> dt.datetime | None:
        """The appointment (due instant) at ``now``: None while the clock has not started or
        waits for a supplement (the time limit restarts when the dossier is complete)."""
        return self.sla(d, self.now).due_at


@attrs.frozen(kw_only=True)
class Parts:
    """The role-specific content of a form; ``agency`` is the issuing agency identifier."""

    agency: str
    issued: dt.datetime | dt.date | None
    fields: Fields
    paragraphs: tuple[str, ...] = ()
    tables: tuple[FormTable, ...] = ()
    reference: str | None = None  # None: "Số: …"; "": no reference line


def _code(d: Dossier) -> str:
    return d.code or d.id


def _applicant(h: DossierHeader) -> Fields:
    a = h.applicant
    out = [("Người nộp hồ sơ", a.name)]
    if a.organisation:
        out.append(("Tổ chức", a.organisation))
    out += [
        ("Địa chỉ", a.address),
        ("Số điện thoại", a.phone),
        ("Email", a.email),
        ("Số CMND/CCCD/Hộ chiếu", a.id_number),
    ]
    return tuple(out)


def _request(h: DossierHeader) -> Fields:
    return (
        ("Nội dung yêu cầu giải quyết", h.procedure_name),
        ("Mã thủ tục hành chính", h.procedure_code),
    )


def receipt(c: Ctx, documents: Sequence[DocumentItem], sets: int) -> Parts:
    """Mẫu 01: the citizen's own slip, so the applicant's data is shown in full."""
    d, h = c.d, c.h
    if d.accepted_at is None:
        raise c.missing("Accepted")
    due = c.appointment(d)
    rows = tuple(
        (str(i), x.name, str(x.originals), str(x.certified_copies), str(x.copies))
        for i, x in enumerate(documents, 1)
    )
    fields = (
        ("Mã hồ sơ", _code(d)),
        *_applicant(h),
        *_request(h),
        ("Hình thức nộp hồ sơ", h.channel.label_vi),
        ("Số lượng hồ sơ", f"{sets:02d} bộ"),
        ("Thời gian giải quyết hồ sơ theo quy định", str(h.limit)),
        ("Thời gian nhận hồ sơ", when(d.accepted_at)),
        ("Thời gian hẹn trả kết quả", when(due)),
        ("Nơi nhận kết quả", c.agency(h.receiving_agency)),
    )
    table = FormTable(
        caption="Thành phần hồ sơ và số lượng mỗi loại giấy tờ",
        columns=("TT", "Tên giấy tờ", "Bản chính", "Bản sao chứng thực", "Bản photo"),
        rows=rows,
    )
    unset = (
        "Thời gian hẹn trả kết quả chưa xác định tại thời điểm lập phiếu và sẽ được thông báo sau."
    )
    return Parts(
        agency=h.receiving_agency,
        issued=d.accepted_at,
        fields=fields,
        paragraphs=() if due else (unset,),
        tables=(table,),
        reference=f"Mã hồ sơ: {_code(d)}",
    )


def supplement_request(c: Ctx) -> Parts:
    """Mẫu 02, from the latest SupplementRequested event: agency, reason and items."""
    d, h = c.d, c.h
    _, e = c.last(ev.SupplementRequested)
    assert isinstance(e, ev.SupplementRequested)
    regime = d.regime
    days = regime.close_incomplete_after_days if regime else None
    deadline = (e.at.astimezone(VN_TZ).date() + dt.timedelta(days=days)) if days else None
    fields = (
        ("Mã hồ sơ", _code(d)),
        ("Cơ quan yêu cầu bổ sung", c.agency(e.agency)),
        *_applicant(h),
        *_request(h),
        ("Thời gian tiếp nhận hồ sơ", when(d.accepted_at)),
        ("Thời gian yêu cầu bổ sung", when(e.at)),
        ("Lý do yêu cầu bổ sung, hoàn thiện", e.reason),
    )
    if deadline is not None:
        fields += (("Hạn bổ sung, hoàn thiện hồ sơ", f"{deadline:%d/%m/%Y}"),)
    paragraphs = ["Thời hạn giải quyết được tính lại từ đầu kể từ khi nhận đủ hồ sơ bổ sung."]
    if days:
        paragraphs.append(
            f"Quá {days} ngày kể từ ngày thông báo mà hồ sơ chưa được bổ sung, hoàn thiện "
            "thì hồ sơ được đóng (Nghị định 118/2025/NĐ-CP Điều 19(5))."
        )
    table = FormTable(
        caption="Nội dung yêu cầu bổ sung, hoàn thiện",
        columns=("TT", "Giấy tờ, nội dung cần bổ sung, hoàn thiện"),
        rows=tuple((str(i), item) for i, item in enumerate(e.items, 1)),
    )
    return Parts(
        agency=e.agency, issued=e.at, fields=fields, paragraphs=tuple(paragraphs), tables=(table,)
    )


def refusal(c: Ctx) -> Parts:
    """Mẫu 03, from the Refused event: reason and legal ground."""
    d, h = c.d, c.h
    _, e = c.last(ev.Refused)
    assert isinstance(e, ev.Refused)
    fields = (
        ("Mã hồ sơ", _code(d)),
        *_applicant(h),
        *_request(h),
        ("Thời gian nộp hồ sơ", when(d.submitted_at or e.at)),
        ("Thời gian từ chối tiếp nhận", when(e.at)),
        ("Căn cứ pháp lý", e.legal_ground),
        ("Lý do từ chối", e.reason),
    )
    text = "Hồ sơ không được tiếp nhận giải quyết vì lý do và căn cứ nêu trên."
    return Parts(agency=h.receiving_agency, issued=e.at, fields=fields, paragraphs=(text,))


def apology_extension(c: Ctx) -> Parts:
    """Mẫu 04, from the latest Extended event: original due, reason and new due.

    The original due is the appointment in force just before the extension.
    """
    d, h = c.d, c.h
    i, e = c.last(ev.Extended)
    assert isinstance(e, ev.Extended)
    prior = c.sla(attrs.evolve(d, events=d.events[:i]), e.at)  # the clock before the extension
    original = prior.due_at
    tt01 = c.fset.id == "TT01_2018"
    new_label = "Hẹn lại thời gian trả kết quả" if tt01 else "Thời gian đề nghị gia hạn đến"
    fields = (
        ("Mã hồ sơ", _code(d)),
        *_applicant(h),
        *_request(h),
        ("Thời gian tiếp nhận hồ sơ", when(d.accepted_at)),
        ("Thời gian hẹn trả kết quả ban đầu", when(original)),
        ("Lý do chậm giải quyết", e.reason),
        (new_label, when(e.new_due)),
    )
    if tt01:
        text = (
            "Cơ quan giải quyết xin lỗi Ông (Bà) vì hồ sơ chậm trả kết quả so với thời gian đã hẹn."
        )
    else:
        text = (
            "Cơ quan giải quyết xin lỗi Ông (Bà) vì hồ sơ không giải quyết được đúng thời hạn "
            "đã hẹn và đề nghị gia hạn thời gian giải quyết (Nghị định 118/2025/NĐ-CP Điều 19(6))."
        )
    return Parts(agency=h.competent_agency, issued=e.at, fields=fields, paragraphs=(text,))


def stop_notice(c: Ctx) -> Parts:
    """Mẫu 05 (Circular 03/2025), from the Withdrawn or Stopped event.

    The status at the request is the status just before the event; the confirmation that
    no decision existed is checked against the events before it.
    """
    d, h = c.d, c.h
    i, e = c.last(ev.Withdrawn, ev.Stopped)
    status: DossierStatus | None = None
    for prior in d.events[:i]:
        status = target_status(prior, status)[0] or status
    decided = any(isinstance(x, ev.Decided) for x in d.events[:i])
    if isinstance(e, ev.Withdrawn):
        at_label, basis, reason = "Thời gian đề nghị rút hồ sơ", _STOP_BASIS, e.reason
    else:
        assert isinstance(e, ev.Stopped)
        at_label, basis, reason = "Thời gian dừng giải quyết", e.legal_ground, e.reason
    confirm = (
        "Hồ sơ đã có quyết định giải quyết hoặc thông báo kết quả."
        if decided
        else "Tại thời điểm đề nghị, hồ sơ chưa có quyết định giải quyết "
        "hoặc văn bản thông báo kết quả."
    )
    fields = (
        ("Mã hồ sơ", _code(d)),
        *_applicant(h),
        *_request(h),
        ("Thời gian tiếp nhận hồ sơ", when(d.accepted_at)),
        (at_label, when(e.at)),
        ("Trạng thái hồ sơ tại thời điểm đề nghị", status.name_vi if status else ""),
        ("Lý do", reason),
        ("Căn cứ pháp lý", basis),
        ("Xác nhận", confirm),
    )
    text = "Cơ quan giải quyết thông báo dừng giải quyết hồ sơ nêu trên."
    return Parts(agency=h.competent_agency, issued=e.at, fields=fields, paragraphs=(text,))


def control_sheet(
    c: Ctx, step_due: Callable[[ev.Transferred], dt.datetime | None] | None = None
) -> Parts:
    """Mẫu 05/06: one row per hand-over (Transferred event) with its time and verdict.

    The verdict rule (the step's own deadline, else the dossier's verdict at that time) is
    documented in :func:`onestop_core.dossiers.forms.render_data`.
    """
    d, h = c.d, c.h
    if d.accepted_at is None:
        raise c.missing("Accepted")
    granularity = (c.policies or d.default_policies()).granularity
    rows: list[tuple[str, ...]] = []
    partners: list[str] = []
    for e in (x for x in d.events if isinstance(x, ev.Transferred)):
        own = step_due(e) if step_due else None
        due = own or c.sla(d, e.at).due_at  # the clock ignores the events after e.at
        verdict = classify(e.at, due, granularity).label_vi if due else ""
        note = "; ".join(x for x in (e.note, f"Hạn của bước: {short(own)}" if own else "") if x)
        rows.append(
            (
                str(len(rows) + 1),
                f"Giao: {c.agency(e.from_agency)} / Nhận: {c.agency(e.to_agency)}",
                when(e.at),
                verdict,
                note,
            )
        )
        for a in (e.from_agency, e.to_agency):
            if a not in (h.receiving_agency, h.competent_agency) and c.agency(a) not in partners:
                partners.append(c.agency(a))
    state = c.sla(d, c.now)
    result = (
        state.timeliness.label_vi if state.timeliness else (d.status.name_vi if d.status else "")
    )
    fields = (
        ("Mã hồ sơ", _code(d)),
        ("Người nộp hồ sơ", h.applicant.name),
        *_request(h),
        ("Cơ quan tiếp nhận", c.agency(h.receiving_agency)),
        ("Cơ quan giải quyết", c.agency(h.competent_agency)),
        ("Cơ quan phối hợp", "; ".join(partners)),
        ("Thời gian tiếp nhận hồ sơ", when(d.accepted_at)),
        ("Thời gian giải quyết hồ sơ theo quy định", str(h.limit)),
        ("Thời gian hẹn trả kết quả", when(state.due_at)),
        ("Kết quả giải quyết hồ sơ", result),
    )
    table = FormTable(
        caption="Quá trình giao, nhận hồ sơ",
        columns=(
            "TT",
            "Tên cơ quan (giao, nhận)",
            "Thời gian giao, nhận hồ sơ",
            "Kết quả giải quyết hồ sơ (Trước hạn/Đúng hạn/Quá hạn)",
            "Ghi chú",
        ),
        rows=tuple(rows),
    )
    return Parts(
        agency=h.receiving_agency,
        issued=c.now,
        fields=fields,
        tables=(table,),
        reference=f"Mã hồ sơ: {_code(d)}",
    )


def logbook(c: Ctx, dossiers: Sequence[Dossier], start: dt.date, end: dt.date) -> Parts:
    """Mẫu 06/07: one row per dossier; ID numbers and phones masked (internal register)."""
    rows = []
    for n, d in enumerate(dossiers, 1):
        assert d.header is not None
        a = d.header.applicant
        who = f"{a.name} (số giấy tờ: {mask(a.id_number, 'id_number')})" if a.id_number else a.name
        phone = f"ĐT: {mask(a.phone, 'phone')}" if a.phone else ""
        delivered = [x for x in d.events if isinstance(x, ev.Delivered)]
        state = c.sla(d, c.now)
        status = d.status.name_vi if d.status else ""
        verdict = state.timeliness.label_vi if state.timeliness else ""
        rows.append(
            (
                str(n),
                _code(d),
                d.header.procedure_name,
                who,
                "; ".join(x for x in (a.address, phone) if x),
                c.agency(d.header.competent_agency),
                short(d.accepted_at),
                short(state.due_at),
                short(d.delivered_at),
                _DELIVERY_VI[delivered[-1].method] if delivered else "",
                "; ".join(x for x in (status, verdict) if x),
            )
        )
    period = f"từ ngày {start:%d/%m/%Y} đến ngày {end:%d/%m/%Y}"
    table = FormTable(
        caption=f"Hồ sơ tiếp nhận {period}",
        columns=(
            "TT",
            "Mã hồ sơ",
            "Tên thủ tục hành chính",
            "Người nộp hồ sơ",
            "Địa chỉ, số điện thoại",
            "Cơ quan giải quyết",
            "Ngày nhận hồ sơ",
            "Ngày hẹn trả kết quả",
            "Ngày trả kết quả",
            "Hình thức trả kết quả",
            "Ghi chú",
        ),
        rows=tuple(rows),
    )
    fields = (("Kỳ theo dõi", period), ("Số hồ sơ tiếp nhận", str(len(rows))))
    return Parts(agency="", issued=c.now, fields=fields, tables=(table,), reference="")
