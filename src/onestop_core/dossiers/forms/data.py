"""The content of a standard form, computed from a dossier and its events (pure).

:func:`render_data` fills one form of the dossier's form set; :func:`render_logbook` fills
the tracking logbook (Sổ theo dõi hồ sơ) from many dossiers. Both return a
:class:`FormDocument` that the renderers (:func:`~onestop_core.dossiers.forms.html.render_html`,
:func:`~onestop_core.dossiers.forms.docx.render_docx`) lay out; nothing here reads a clock, a file
or a database. Events after ``now`` are ignored, as by the SLA clock.

>>> from onestop_core._time import VN_TZ
>>> from onestop_core.dossiers import Accepted, Applicant, Dossier, DossierHeader
>>> from onestop_core.dossiers.forms import FormRole
>>> from onestop_core.procedures import ProcessingTime
>>> from onestop_core.procedures.enums import Channel
>>> header = DossierHeader(procedure_code="1.004873", procedure_name="Xác nhận tình trạng hôn nhân",
...     limit=ProcessingTime.working_days(3), channel=Channel.IN_PERSON,
...     applicant=Applicant(name="Nguyễn Văn An", id_number="001204012345"),
...     receiving_agency="000.00.06.H56", competent_agency="000.00.06.H56")
>>> at = dt.datetime(2026, 11, 20, 10, tzinfo=VN_TZ)
>>> d = Dossier.empty("hs-1").apply(
...     Accepted(at=at, header=header, code="000.00.06.H56-261120-0001"))
>>> doc = render_data(d, FormRole.RECEIPT, now=at, place="Hà Nội")
>>> doc.title_vi, doc.number, doc.form_set
('Giấy tiếp nhận hồ sơ và hẹn trả kết quả', '01', 'TT03_2025')
>>> doc.field("Mã hồ sơ"), doc.field("Thời gian hẹn trả kết quả")
('000.00.06.H56-261120-0001', '10 giờ 00 phút, ngày 26/11/2026')
>>> doc.heading.place_date
'Hà Nội, ngày 20 tháng 11 năm 2026'
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING

import attrs

from onestop_core._time import VN_TZ, ensure_aware
from onestop_core.calendars import WorkCalendar
from onestop_core.dossiers import events as ev
from onestop_core.dossiers.forms.roles import FormRole, FormSet, form_set_for
from onestop_core.dossiers.forms.roles import form_set as _form_set
from onestop_core.dossiers.model import Dossier
from onestop_core.dossiers.rules import RuleContext
from onestop_core.errors import FormNotAvailableError, InvalidDateError
from onestop_core.sla import SlaPolicies

if TYPE_CHECKING:
    from onestop_core.dossiers.forms._content import Ctx, Parts

__all__ = [
    "NATIONAL_MOTTO",
    "NATIONAL_NAME",
    "DocumentItem",
    "FormDocument",
    "FormTable",
    "Heading",
    "date_line",
    "render_data",
    "render_logbook",
]

#: Quốc hiệu and tiêu ngữ, the right-hand heading block of every administrative document.
NATIONAL_NAME = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
NATIONAL_MOTTO = "Độc lập - Tự do - Hạnh phúc"


@attrs.frozen(kw_only=True)
class Heading:
    """The heading block: issuing agency and reference (left), motto and place-date (right)."""

    agency_lines: tuple[str, ...]
    reference: str
    place_date: str
    motto: tuple[str, ...] = (NATIONAL_NAME, NATIONAL_MOTTO)

    @property
    def lines(self) -> tuple[str, ...]:
        """Every heading line, left block first."""
        lines = (*self.agency_lines, self.reference, *self.motto, self.place_date)
        return tuple(x for x in lines if x)


@attrs.frozen(kw_only=True)
class FormTable:
    """A table of a form: a caption, column headers and rows of text cells."""

    caption: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...] = ()


@attrs.frozen(kw_only=True)
class DocumentItem:
    """One document of the dossier (thành phần hồ sơ) and how many copies of each kind."""

    name: str
    originals: int = 0
    certified_copies: int = 0
    copies: int = 0


@attrs.frozen(kw_only=True)
class FormDocument:
    """A filled form, ready to lay out: every value is plain, untrusted text.

    ``fields`` are ordered ``(label_vi, value)`` pairs (an empty value prints as a blank to
    fill in); ``paragraphs`` body text; ``footnotes`` the fixed notes of the form;
    ``signatures`` the signature blocks.
    """

    role: FormRole
    form_set: str
    number: str
    title_vi: str
    heading: Heading
    fields: tuple[tuple[str, str], ...]
    paragraphs: tuple[str, ...] = ()
    tables: tuple[FormTable, ...] = ()
    footnotes: tuple[str, ...] = ()
    signatures: tuple[str, ...] = ()
    legal_basis: str = ""

    @property
    def form_label(self) -> str:
        """``Mẫu số 01`` and the legal basis, printed above the heading."""
        return f"Mẫu số {self.number} ({self.legal_basis})" if self.legal_basis else ""

    def field(self, label: str) -> str:
        """The value of the field ``label``; KeyError if the form has no such field."""
        for k, v in self.fields:
            if k == label:
                return v
        raise KeyError(label)

    def text(self) -> str:
        """All the content as plain text, one item a line (for search, tests and logs)."""
        lines = [self.form_label, *self.heading.lines, self.title_vi]
        lines += [f"{k}: {v}" for k, v in self.fields]
        lines += self.paragraphs
        for t in self.tables:
            lines += [t.caption, " | ".join(t.columns)]
            lines += [" | ".join(r) for r in t.rows]
        lines += self.footnotes
        lines += self.signatures
        return "\n".join(line for line in lines if line)


def date_line(place: str, t: dt.datetime | dt.date | None) -> str:
    """The place-and-date line ``"Hà Nội, ngày 05 tháng 02 năm 2026"``.

    Days below 10 and months below 3 take a leading zero (the administrative-document style
    of Decree 30/2020 Annex I); a missing place or date prints as ``…``.

    >>> date_line("Thanh Hóa", dt.date(2026, 11, 5)), date_line("", None)
    ('Thanh Hóa, ngày 05 tháng 11 năm 2026', '…, ngày … tháng … năm …')
    """
    where = place or "…"
    if t is None:
        return f"{where}, ngày … tháng … năm …"
    day = ensure_aware(t).astimezone(VN_TZ).date() if isinstance(t, dt.datetime) else t
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"{where}, ngày {day.day:02d} tháng {month} năm {day.year}"


def _as_of(dossier: Dossier, now: dt.datetime) -> Dossier:
    """The dossier as it stood at ``now`` (its later events dropped)."""
    kept = tuple(e for e in dossier.events if e.at <= now)
    if len(kept) == len(dossier.events):
        return dossier
    # the log was valid when built; replaying it non-strictly only re-records warnings
    return Dossier.from_events(dossier.id, kept, RuleContext(strict=False))


def _assemble(ctx: Ctx, parts: Parts, *, number: str = "") -> FormDocument:
    spec = ctx.spec
    lines = tuple(x.upper() for x in (ctx.parent_agency, ctx.agency_name(parts.agency)) if x)
    reference = f"Số: {number or '…'}" if parts.reference is None else parts.reference
    return FormDocument(
        role=spec.role,
        form_set=ctx.fset.id,
        number=spec.number,
        title_vi=spec.name_vi,
        heading=Heading(
            agency_lines=lines, reference=reference, place_date=date_line(ctx.place, parts.issued)
        ),
        fields=parts.fields,
        paragraphs=parts.paragraphs,
        tables=parts.tables,
        footnotes=spec.notes,
        signatures=spec.signatures,
        legal_basis=spec.legal_basis,
    )


def render_data(
    dossier: Dossier,
    role: FormRole,
    *,
    now: dt.datetime,
    agency_name: str = "",
    parent_agency: str = "",
    place: str = "",
    agency_names: Mapping[str, str] | None = None,
    documents: Iterable[DocumentItem] = (),
    sets: int = 1,
    document_number: str = "",
    step_due: Callable[[ev.Transferred], dt.datetime | None] | None = None,
    calendar: WorkCalendar | None = None,
    policies: SlaPolicies | None = None,
) -> FormDocument:
    """Fill the form for ``role`` of the dossier's form set, as the dossier stood at ``now``.

    * ``agency_name`` — the issuing agency printed in the heading (default: the name, from
      ``agency_names``, of the agency that issues this form: the receiving desk for the
      receipt, refusal, control sheet and logbook; the requesting agency for a supplement
      request; the competent agency for the apology and the stop notice); ``parent_agency``
      the line above it (cơ quan chủ quản); ``place`` the place on the date line.
    * ``agency_names`` — display names of agency identifiers (shown as given otherwise).
    * ``documents`` and ``sets`` — the documents received and the number of sets (receipt).
    * ``document_number`` — the form's own number (``Số: …``), blank when not given.
    * ``step_due`` — the own deadline of a hand-over, if the internal procedure (quy trình
      nội bộ) allots time to each step (control sheet).
    * ``calendar``, ``policies`` — passed to :meth:`~onestop_core.dossiers.model.Dossier.sla`.

    **Receipt.** The appointment is the dossier's due instant at ``now`` (render at the
    acceptance time for the slip as first issued; a later ``now`` gives the current
    appointment after a supplement restart or an extension); it is left blank, with a note,
    while the clock has not started or waits for a supplement.

    **Control sheet.** One row per hand-over
    (:class:`~onestop_core.dossiers.events.Transferred` event): ``"Giao: <from> / Nhận:
    <to>"``, its time, its verdict and notes. The verdict (Trước hạn / Đúng hạn / Quá hạn)
    compares the hand-over time with a deadline by :func:`onestop_core.sla.classify` under
    the policies' granularity: the step's own deadline when ``step_due`` gives one;
    otherwise **the dossier's verdict at that time** — the hand-over time against the
    dossier's due instant as it stood then (``dossier.sla(step time).due_at``, so pauses,
    restarts and extensions up to the step count): handed on before the dossier's due date
    is early, on it on time, after it late. With no due instant then (the clock not yet
    started), the verdict is blank.

    The form set is the one of the dossier's regime; a role the set lacks (the stop notice
    under Circular 01/2018), or a dossier without the event the form is made from (a refusal
    slip for a dossier never refused), raises :class:`FormNotAvailableError` naming the set,
    the role and the missing event. For :attr:`FormRole.LOGBOOK` this is the logbook of the
    one dossier on the day it was received (see :func:`render_logbook`).
    """
    from onestop_core.dossiers.forms import _content  # it imports this module's types

    now = ensure_aware(now, name="now")
    fset = form_set_for(dossier)
    spec = fset.form(role)
    if dossier.header is None:  # pragma: no cover - a dossier with a regime has a header
        raise FormNotAvailableError(f"dossier {dossier.id} has no header", form_set=fset.id)
    d = _as_of(dossier, now)
    ctx = _content.Ctx(
        dossier=d,
        now=now,
        fset=fset,
        spec=spec,
        names=dict(agency_names or {}),
        agency_override=agency_name,
        parent_agency=parent_agency,
        place=place,
        calendar=calendar,
        policies=policies,
    )
    if role is FormRole.LOGBOOK:
        if d.accepted_at is None:
            raise ctx.missing("Accepted")
        day = d.accepted_at.astimezone(VN_TZ).date()
        return render_logbook(
            [dossier],
            start=day,
            end=day,
            now=now,
            agency_name=agency_name or ctx.agency(dossier.header.receiving_agency),
            parent_agency=parent_agency,
            place=place,
            agency_names=agency_names,
            form_set=fset,
            calendar=calendar,
            policies=policies,
        )
    builders: dict[FormRole, Callable[[_content.Ctx], _content.Parts]] = {
        FormRole.RECEIPT: lambda c: _content.receipt(c, tuple(documents), sets),
        FormRole.SUPPLEMENT_REQUEST: _content.supplement_request,
        FormRole.REFUSAL: _content.refusal,
        FormRole.APOLOGY_EXTENSION: _content.apology_extension,
        FormRole.STOP_NOTICE: _content.stop_notice,
        FormRole.CONTROL_SHEET: lambda c: _content.control_sheet(c, step_due),
    }
    return _assemble(ctx, builders[role](ctx), number=document_number)


def render_logbook(
    dossiers: Iterable[Dossier],
    *,
    start: dt.date,
    end: dt.date,
    now: dt.datetime,
    agency_name: str = "",
    parent_agency: str = "",
    place: str = "",
    agency_names: Mapping[str, str] | None = None,
    form_set: FormSet | str | None = None,
    calendar: WorkCalendar | None = None,
    policies: SlaPolicies | None = None,
) -> FormDocument:
    """The tracking logbook (Sổ theo dõi hồ sơ) of the dossiers received from ``start`` to
    ``end`` (local dates, both included), as they stood at ``now``.

    A dossier is in the period when it was accepted (tiếp nhận) on a day of it; dossiers
    refused at reception or not yet accepted are not logged. Rows are in order of receipt.
    The logbook is an internal register: applicants' names and addresses are kept, their ID
    numbers and phone numbers are masked (:func:`onestop_core.privacy.mask`). The form set
    is ``form_set`` or the one in force on ``end`` (a register is kept under current rules).
    """
    if end < start:
        raise InvalidDateError(
            f"the logbook period is empty: it ends ({end}) before it starts ({start})"
        )
    from onestop_core.dossiers.forms import _content  # it imports this module's types

    now = ensure_aware(now, name="now")
    if isinstance(form_set, FormSet):
        fset = form_set
    else:
        fset = _form_set(form_set) if form_set else form_set_for(end)
    received = []
    for d in dossiers:
        d = _as_of(d, now)
        at = d.accepted_at
        if at is not None and start <= at.astimezone(VN_TZ).date() <= end:
            received.append(d)
    received.sort(key=lambda d: (d.accepted_at, d.code or d.id))
    ctx = _content.Ctx(
        dossier=None,
        now=now,
        fset=fset,
        spec=fset.form(FormRole.LOGBOOK),
        names=dict(agency_names or {}),
        agency_override=agency_name,
        parent_agency=parent_agency,
        place=place,
        calendar=calendar,
        policies=policies,
    )
    return _assemble(ctx, _content.logbook(ctx, received, start, end))
