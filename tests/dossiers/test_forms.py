"""Standard forms: form sets by regime, the content of each form, HTML and DOCX (law.md §3)."""

from __future__ import annotations

import datetime as dt
import io
import pickle
import sys

import attrs
import pytest

from onestop_core.dossiers import (
    Accepted,
    Applicant,
    Decided,
    Delivered,
    DeliveryMethod,
    Dossier,
    DossierHeader,
    Extended,
    Refused,
    Stopped,
    Submitted,
    SupplementCompleted,
    SupplementRequested,
    Transferred,
    Withdrawn,
)
from onestop_core.dossiers.forms import (
    NATIONAL_MOTTO,
    NATIONAL_NAME,
    DocumentItem,
    FormDocument,
    FormRole,
    date_line,
    form_set,
    form_set_for,
    form_sets,
    render_data,
    render_docx,
    render_html,
    render_logbook,
)
from onestop_core.errors import FormNotAvailableError, InvalidDateError, OnestopError
from onestop_core.procedures import ProcessingTime
from onestop_core.procedures.enums import Channel

from .conftest import make_header, t

docx = pytest.importorskip("docx")

A, B, C = "000.00.06.H56", "000.00.22.H56", "000.00.30.H56"
NAMES = {A: "Trung tâm Phục vụ hành chính công tỉnh", B: "Sở Tư pháp", C: "Công an tỉnh"}
CODE = f"{A}-261005-0001"
NOW = t(2026, 11, 2, 9)


def accepted(
    header: DossierHeader, at: dt.datetime, code: str = CODE, dossier_id: str = "hs-1"
) -> Dossier:
    return Dossier.empty(dossier_id).apply(Accepted(at=at, header=header, code=code))


@pytest.fixture
def full() -> Dossier:
    """A 2026 dossier through transfers, a supplement, an extension, decision and delivery."""
    d = accepted(make_header(competent=B), t(2026, 10, 5, 8))
    for e in (
        Transferred(at=t(2026, 10, 5, 9), from_agency=A, to_agency=B, note="chuyển xử lý"),
        SupplementRequested(
            at=t(2026, 10, 6, 9), agency=B, reason="thiếu tờ khai", items=("Tờ khai", "CCCD")
        ),
        SupplementCompleted(at=t(2026, 10, 8, 9)),
        Transferred(at=t(2026, 10, 9, 9), from_agency=B, to_agency=C),
        Extended(at=t(2026, 10, 20, 9), new_due=t(2026, 10, 30, 17), reason="cần xác minh"),
        Transferred(at=t(2026, 10, 28, 9), from_agency=C, to_agency=B),
        Decided(at=t(2026, 10, 29, 9)),
        Delivered(at=t(2026, 10, 30, 9), method=DeliveryMethod.POSTAL),
    ):
        d = d.apply(e)
    return d


@pytest.fixture
def withdrawn() -> Dossier:
    d = accepted(make_header(competent=B), t(2026, 10, 5, 8))
    d = d.apply(Transferred(at=t(2026, 10, 5, 9), from_agency=A, to_agency=B))
    return d.apply(Withdrawn(at=t(2026, 10, 7, 10), reason="không còn nhu cầu"))


@pytest.fixture
def refused() -> Dossier:
    header = make_header(channel=Channel.ONLINE)
    d = Dossier.empty("hs-9").apply(Submitted(at=t(2026, 10, 5, 8), header=header))
    return d.apply(
        Refused(at=t(2026, 10, 5, 10), reason="không thuộc thẩm quyền", legal_ground="Điều 5")
    )


def _source(role: FormRole, full: Dossier, withdrawn: Dossier, refused: Dossier) -> Dossier:
    return {FormRole.STOP_NOTICE: withdrawn, FormRole.REFUSAL: refused}.get(role, full)


# -- form sets ----------------------------------------------------------------------------


def test_form_sets_by_regime() -> None:
    d2024 = accepted(make_header(), t(2024, 5, 6, 9))
    d2026 = accepted(make_header(), t(2026, 1, 5, 9))
    old, new = form_set_for(d2024), form_set_for(d2026)
    assert (old.id, len(old.forms)) == ("TT01_2018", 6)
    assert (new.id, len(new.forms)) == ("TT03_2025", 7)
    assert FormRole.STOP_NOTICE not in old.roles
    assert set(new.roles) == set(FormRole)
    assert [f.number for f in new.forms] == ["01", "02", "03", "04", "05", "06", "07"]
    assert old.form(FormRole.CONTROL_SHEET).number == "05"
    assert new.form(FormRole.CONTROL_SHEET).number == "06"
    assert old.by_role[FormRole.LOGBOOK].number == "06"
    assert new.form(FormRole.LOGBOOK).number == "07"
    assert [s.id for s in form_sets()] == ["TT01_2018", "TT03_2025"]


def test_every_form_has_names_basis_and_confidence() -> None:
    for s in form_sets():
        for f in s.forms:
            assert f.name_vi and f.name_en and f.legal_basis and f.confidence, (s.id, f.role)
    assert "[U]" in form_set("TT03_2025").form(FormRole.STOP_NOTICE).confidence
    ext = form_set("TT03_2025").form(FormRole.APOLOGY_EXTENSION)
    assert ext.aliases_vi == ("Phiếu đề nghị gia hạn thời gian giải quyết",)


def test_stop_notice_is_not_in_the_2018_set() -> None:
    d = accepted(make_header(), t(2024, 5, 6, 9)).apply(Withdrawn(at=t(2024, 5, 7, 9)))
    with pytest.raises(FormNotAvailableError, match="TT01_2018") as info:
        render_data(d, FormRole.STOP_NOTICE, now=t(2024, 5, 8))
    assert (info.value.form_set, info.value.role) == ("TT01_2018", "stop_notice")
    assert "stop_notice" in str(info.value)
    assert isinstance(info.value, LookupError) and isinstance(info.value, OnestopError)


def test_unknown_set_and_empty_dossier() -> None:
    with pytest.raises(FormNotAvailableError, match="unknown form set"):
        form_set("TT99")
    with pytest.raises(FormNotAvailableError, match="no events"):
        form_set_for(Dossier.empty("x"))


@pytest.mark.parametrize(
    ("role", "event"),
    [
        (FormRole.REFUSAL, "Refused"),
        (FormRole.SUPPLEMENT_REQUEST, "SupplementRequested"),
        (FormRole.APOLOGY_EXTENSION, "Extended"),
        (FormRole.STOP_NOTICE, "Withdrawn or Stopped"),
    ],
)
def test_missing_source_event(role: FormRole, event: str) -> None:
    d = accepted(make_header(), t(2026, 10, 5, 8))
    with pytest.raises(FormNotAvailableError) as info:
        render_data(d, role, now=NOW)
    err = info.value
    assert (err.form_set, err.role, err.missing_event) == ("TT03_2025", role.value, event)
    assert event in str(err) and CODE in str(err)
    again = pickle.loads(pickle.dumps(err))
    assert (again.role, again.missing_event, str(again)) == (err.role, event, str(err))


def test_receipt_needs_an_accepted_dossier(refused: Dossier) -> None:
    with pytest.raises(FormNotAvailableError, match="Accepted") as info:
        render_data(refused, FormRole.RECEIPT, now=NOW)
    assert info.value.missing_event == "Accepted"


# -- every form ---------------------------------------------------------------------------


@pytest.mark.parametrize("role", list(FormRole))
def test_each_form_renders(
    role: FormRole, full: Dossier, withdrawn: Dossier, refused: Dossier
) -> None:
    d = _source(role, full, withdrawn, refused)
    doc = render_data(d, role, now=NOW, agency_names=NAMES, place="Thanh Hóa")
    spec = form_set("TT03_2025").form(role)
    assert (doc.role, doc.form_set, doc.number, doc.title_vi) == (
        role,
        "TT03_2025",
        spec.number,
        spec.name_vi,
    )
    assert doc.heading.motto == (NATIONAL_NAME, NATIONAL_MOTTO)
    assert doc.heading.place_date.startswith("Thanh Hóa, ngày ")
    values = [v for _, v in doc.fields] + [c for tb in doc.tables for r in tb.rows for c in r]
    code = d.code or d.id
    assert code in values
    assert any("Nguyễn Văn An" in v for v in values)
    assert "Cấp Giấy xác nhận tình trạng hôn nhân" in values
    assert any("05/10/2026" in v for v in values)  # the dossier's reception day
    page = render_html(doc)
    assert code in page and spec.name_vi.upper() in page
    body = docx.Document(io.BytesIO(render_docx(doc)))
    assert any(code in p.text for p in body.paragraphs) or any(
        code in c.text for tb in body.tables for row in tb.rows for c in row.cells
    )


def test_rendering_is_pure(full: Dossier) -> None:
    one = render_data(full, FormRole.CONTROL_SHEET, now=NOW, agency_names=NAMES)
    two = render_data(full, FormRole.CONTROL_SHEET, now=NOW, agency_names=dict(NAMES))
    assert one == two
    assert render_html(one) == render_html(two)


def test_receipt_fields(full: Dossier) -> None:
    at = t(2026, 10, 5, 8)
    docs = [DocumentItem(name="Tờ khai", originals=1), DocumentItem(name="CCCD", copies=1)]
    doc = render_data(full, FormRole.RECEIPT, now=at, documents=docs, agency_names=NAMES)
    assert doc.field("Mã hồ sơ") == CODE
    assert doc.heading.reference == f"Mã hồ sơ: {CODE}"
    assert doc.heading.agency_lines == ("TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG TỈNH",)
    assert doc.field("Người nộp hồ sơ") == "Nguyễn Văn An"
    # the citizen's own slip: personal data in full
    assert doc.field("Số CMND/CCCD/Hộ chiếu") == "001204012345"
    assert doc.field("Số điện thoại") == "0912345678"
    assert doc.field("Nội dung yêu cầu giải quyết") == "Cấp Giấy xác nhận tình trạng hôn nhân"
    assert doc.field("Thời gian giải quyết hồ sơ theo quy định") == "10 ngày làm việc"
    assert doc.field("Thời gian nhận hồ sơ") == "08 giờ 00 phút, ngày 05/10/2026"
    assert doc.field("Thời gian hẹn trả kết quả") == "08 giờ 00 phút, ngày 19/10/2026"
    assert doc.heading.place_date == "…, ngày 05 tháng 10 năm 2026"
    assert doc.tables[0].rows == (("1", "Tờ khai", "1", "0", "0"), ("2", "CCCD", "0", "0", "1"))
    assert doc.signatures == ("NGƯỜI NỘP HỒ SƠ", "NGƯỜI TIẾP NHẬN HỒ SƠ")


def test_receipt_appointment_follows_the_clock(full: Dossier) -> None:
    # waiting for the supplement: the time limit will restart, no appointment yet
    waiting = render_data(full, FormRole.RECEIPT, now=t(2026, 10, 7, 9))
    assert waiting.field("Thời gian hẹn trả kết quả") == ""
    assert any("chưa xác định" in p for p in waiting.paragraphs)
    later = render_data(full, FormRole.RECEIPT, now=NOW)  # after restart and extension
    assert later.field("Thời gian hẹn trả kết quả") == "17 giờ 00 phút, ngày 30/10/2026"


def test_supplement_request(full: Dossier) -> None:
    doc = render_data(full, FormRole.SUPPLEMENT_REQUEST, now=NOW, agency_names=NAMES)
    assert doc.field("Cơ quan yêu cầu bổ sung") == "Sở Tư pháp"
    assert doc.field("Lý do yêu cầu bổ sung, hoàn thiện") == "thiếu tờ khai"
    assert doc.field("Thời gian yêu cầu bổ sung") == "09 giờ 00 phút, ngày 06/10/2026"
    assert doc.field("Hạn bổ sung, hoàn thiện hồ sơ") == "21/10/2026"  # + 15 days
    assert doc.tables[0].rows == (("1", "Tờ khai"), ("2", "CCCD"))
    assert doc.heading.agency_lines == ("SỞ TƯ PHÁP",)


def test_refusal(refused: Dossier) -> None:
    doc = render_data(refused, FormRole.REFUSAL, now=NOW)
    assert doc.field("Mã hồ sơ") == "hs-9"  # refused at reception: no dossier code yet
    assert doc.field("Lý do từ chối") == "không thuộc thẩm quyền"
    assert doc.field("Căn cứ pháp lý") == "Điều 5"
    assert doc.field("Thời gian nộp hồ sơ") == "08 giờ 00 phút, ngày 05/10/2026"


def test_apology_extension_2026(full: Dossier) -> None:
    doc = render_data(full, FormRole.APOLOGY_EXTENSION, now=NOW, agency_names=NAMES)
    assert doc.title_vi == "Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết"
    # the supplement completed on 8/10 09:00 restarts the 10 working days
    assert doc.field("Thời gian hẹn trả kết quả ban đầu") == "09 giờ 00 phút, ngày 22/10/2026"
    assert doc.field("Lý do chậm giải quyết") == "cần xác minh"
    assert doc.field("Thời gian đề nghị gia hạn đến") == "17 giờ 00 phút, ngày 30/10/2026"
    assert doc.heading.agency_lines == ("SỞ TƯ PHÁP",)  # the resolving agency apologises


def test_apology_2024_uses_the_2018_form() -> None:
    d = accepted(make_header(), t(2024, 5, 6, 9), code=f"{A}-240506-0001")
    d = d.apply(Extended(at=t(2024, 5, 15, 9), new_due=t(2024, 5, 24, 17), reason="chờ"))
    doc = render_data(d, FormRole.APOLOGY_EXTENSION, now=t(2024, 5, 16))
    assert (doc.form_set, doc.number) == ("TT01_2018", "04")
    assert doc.title_vi == "Phiếu xin lỗi và hẹn lại ngày trả kết quả"
    assert doc.field("Thời gian hẹn trả kết quả ban đầu") == "09 giờ 00 phút, ngày 20/05/2024"
    assert doc.field("Hẹn lại thời gian trả kết quả") == "17 giờ 00 phút, ngày 24/05/2024"


def test_stop_notice(withdrawn: Dossier) -> None:
    doc = render_data(withdrawn, FormRole.STOP_NOTICE, now=NOW)
    assert doc.field("Thời gian đề nghị rút hồ sơ") == "10 giờ 00 phút, ngày 07/10/2026"
    assert doc.field("Trạng thái hồ sơ tại thời điểm đề nghị") == "Đang xử lý"
    assert "chưa có quyết định" in doc.field("Xác nhận")
    assert doc.field("Lý do") == "không còn nhu cầu"
    assert "Điều 21" in doc.field("Căn cứ pháp lý")


def test_stop_notice_for_a_stop_by_decision() -> None:
    d = accepted(make_header(), t(2026, 10, 5, 8)).apply(
        Stopped(at=t(2026, 10, 6, 9), reason="theo yêu cầu của Tòa án", legal_ground="QĐ 12")
    )
    doc = render_data(d, FormRole.STOP_NOTICE, now=NOW)
    assert doc.field("Thời gian dừng giải quyết") == "09 giờ 00 phút, ngày 06/10/2026"
    assert doc.field("Trạng thái hồ sơ tại thời điểm đề nghị") == "Được tiếp nhận"
    assert doc.field("Căn cứ pháp lý") == "QĐ 12"


# -- control sheet ------------------------------------------------------------------------


def _three_day_dossier() -> Dossier:
    """Accepted Mon 5/10/2026 08:00 with 3 working days: due Thu 8/10 08:00."""
    d = accepted(make_header(limit=ProcessingTime.working_days(3), competent=B), t(2026, 10, 5, 8))
    for e in (
        Transferred(at=t(2026, 10, 6, 9), from_agency=A, to_agency=B),
        Transferred(at=t(2026, 10, 8, 10), from_agency=B, to_agency=C, note="lấy ý kiến"),
        Transferred(at=t(2026, 10, 9, 9), from_agency=C, to_agency=B),
        Decided(at=t(2026, 10, 9, 10)),
    ):
        d = d.apply(e)
    return d


def test_control_sheet_rows_have_hand_over_time_and_verdict() -> None:
    doc = render_data(_three_day_dossier(), FormRole.CONTROL_SHEET, now=NOW, agency_names=NAMES)
    (table,) = doc.tables
    assert table.columns[3] == "Kết quả giải quyết hồ sơ (Trước hạn/Đúng hạn/Quá hạn)"
    assert [r[1:4] for r in table.rows] == [
        ("Giao: Trung tâm Phục vụ hành chính công tỉnh / Nhận: Sở Tư pháp",
         "09 giờ 00 phút, ngày 06/10/2026", "Trước hạn"),
        ("Giao: Sở Tư pháp / Nhận: Công an tỉnh", "10 giờ 00 phút, ngày 08/10/2026", "Đúng hạn"),
        ("Giao: Công an tỉnh / Nhận: Sở Tư pháp", "09 giờ 00 phút, ngày 09/10/2026", "Quá hạn"),
    ]  # fmt: skip
    assert [r[0] for r in table.rows] == ["1", "2", "3"]
    assert table.rows[1][4] == "lấy ý kiến"
    assert doc.field("Kết quả giải quyết hồ sơ") == "Quá hạn"
    assert doc.field("Cơ quan phối hợp") == "Công an tỉnh"
    assert doc.field("Thời gian hẹn trả kết quả") == "08 giờ 00 phút, ngày 08/10/2026"


def test_control_sheet_uses_a_step_deadline_when_given() -> None:
    def step_due(e: Transferred) -> dt.datetime | None:
        return t(2026, 10, 10, 17) if e.to_agency == B and e.from_agency == C else None

    doc = render_data(_three_day_dossier(), FormRole.CONTROL_SHEET, now=NOW, step_due=step_due)
    rows = doc.tables[0].rows
    assert rows[2][3] == "Trước hạn"  # own deadline 10/10, not the dossier's 8/10
    assert "Hạn của bước: 10/10/2026 17:00" in rows[2][4]
    assert rows[1][3] == "Đúng hạn"


def test_control_sheet_judges_against_the_extended_due(full: Dossier) -> None:
    rows = render_data(full, FormRole.CONTROL_SHEET, now=NOW).tables[0].rows
    # the last hand-over (28/10) is after the restarted due (22/10) but before the extension
    assert [r[3] for r in rows] == ["Trước hạn", "Trước hạn", "Trước hạn"]


def test_events_after_now_are_ignored(full: Dossier) -> None:
    doc = render_data(full, FormRole.CONTROL_SHEET, now=t(2026, 10, 5, 12))
    assert len(doc.tables[0].rows) == 1
    with pytest.raises(FormNotAvailableError, match="Extended"):
        render_data(full, FormRole.APOLOGY_EXTENSION, now=t(2026, 10, 19))


# -- logbook ------------------------------------------------------------------------------


def test_logbook_covers_the_period_and_masks_ids_and_phones(
    full: Dossier, refused: Dossier
) -> None:
    other = accepted(make_header(), t(2026, 10, 1, 9), code=f"{A}-261001-0007", dossier_id="b")
    outside = accepted(make_header(), t(2026, 9, 30, 16), code=f"{A}-260930-0009", dossier_id="c")
    doc = render_logbook(
        [full, outside, refused, other],
        start=dt.date(2026, 10, 1),
        end=dt.date(2026, 10, 31),
        now=NOW,
        agency_name="Trung tâm Phục vụ hành chính công tỉnh",
    )
    assert (doc.role, doc.number, doc.title_vi) == (FormRole.LOGBOOK, "07", "Sổ theo dõi hồ sơ")
    (table,) = doc.tables
    assert [r[1] for r in table.rows] == [f"{A}-261001-0007", CODE]  # in order of receipt
    assert doc.field("Số hồ sơ tiếp nhận") == "2"
    text = doc.text()
    assert "Nguyễn Văn An" in text  # names are kept in the internal register
    assert "001204012345" not in text and "*********345" in text
    assert "0912345678" not in text and "*******678" in text
    assert "Số 1, phường Hạc Thành, Thanh Hóa" in text
    row = dict(zip(table.columns, table.rows[1], strict=True))
    assert row["Ngày nhận hồ sơ"] == "05/10/2026 08:00"
    assert row["Ngày hẹn trả kết quả"] == "30/10/2026 17:00"
    assert row["Ngày trả kết quả"] == "30/10/2026 09:00"
    assert row["Hình thức trả kết quả"] == "Qua dịch vụ bưu chính công ích"
    assert row["Ghi chú"] == "Đã trả kết quả; Trước hạn"
    assert "HS-9" not in text.upper()


def test_logbook_form_set_and_period_checks(full: Dossier) -> None:
    doc = render_logbook([full], start=dt.date(2024, 1, 1), end=dt.date(2024, 12, 31), now=NOW)
    assert (doc.form_set, doc.number, doc.tables[0].rows) == ("TT01_2018", "06", ())
    doc = render_logbook(
        [full], start=dt.date(2026, 10, 5), end=dt.date(2026, 10, 5), now=NOW, form_set="TT01_2018"
    )
    assert doc.number == "06" and len(doc.tables[0].rows) == 1
    with pytest.raises(InvalidDateError, match="before it starts"):
        render_logbook([full], start=dt.date(2026, 10, 5), end=dt.date(2026, 10, 4), now=NOW)


# -- HTML and DOCX ------------------------------------------------------------------------


def _malicious() -> Dossier:
    header = DossierHeader(
        procedure_code="1.004873",
        procedure_name='Thủ tục "A" & <b>B</b>',
        limit=ProcessingTime.working_days(3),
        channel=Channel.IN_PERSON,
        applicant=Applicant(name="<script>alert('x')</script>", id_number="001204012345"),
        receiving_agency=A,
        competent_agency=A,
    )
    return accepted(header, t(2026, 10, 5, 8))


def test_html_escapes_untrusted_values() -> None:
    doc = render_data(_malicious(), FormRole.RECEIPT, now=NOW, agency_name="<img src=x>")
    page = render_html(doc)
    assert "<script>" not in page and "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in page
    assert "<b>B</b>" not in page and "&amp; &lt;b&gt;B&lt;/b&gt;" in page
    assert "<img" not in page.lower() and "&lt;IMG SRC=X&gt;" in page


def test_html_is_a_standalone_page(full: Dossier) -> None:
    page = render_html(render_data(full, FormRole.CONTROL_SHEET, now=NOW, agency_names=NAMES))
    assert page.startswith('<!DOCTYPE html>\n<html lang="vi">')
    assert '<meta charset="utf-8">' in page and page.rstrip().endswith("</html>")
    for external in ("http:", "https:", "<link", "<script", "src=", "@import"):
        assert external not in page
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in page and "Độc lập - Tự do - Hạnh phúc" in page
    assert "Giao: Sở Tư pháp / Nhận: Công an tỉnh" in page
    assert "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ" in page
    page.encode("utf-8")


def test_docx_content_and_layout(full: Dossier) -> None:
    doc = render_data(full, FormRole.CONTROL_SHEET, now=NOW, agency_names=NAMES)
    data = render_docx(doc)
    assert data[:2] == b"PK"
    word = docx.Document(io.BytesIO(data))
    texts = [p.text for p in word.paragraphs]
    assert f"Mã hồ sơ: {CODE}" in texts
    (title,) = [p for p in word.paragraphs if p.text == doc.title_vi.upper()]
    assert title.alignment == docx.enum.text.WD_ALIGN_PARAGRAPH.CENTER
    assert all(r.bold for r in title.runs)
    heading, grid = word.tables[0], word.tables[1]
    assert NATIONAL_NAME in heading.rows[0].cells[1].text
    assert grid.style.name == "Table Grid"  # bordered
    assert grid.rows[1].cells[1].text.startswith("Giao: Trung tâm")
    assert len(grid.rows) == 1 + 3


def test_docx_survives_control_characters() -> None:
    bad = Applicant(name="Nguyễn\x00 Văn\x0b An", id_number="1")
    header = attrs.evolve(make_header(), applicant=bad)
    doc = render_data(accepted(header, t(2026, 10, 5, 8)), FormRole.RECEIPT, now=NOW)
    word = docx.Document(io.BytesIO(render_docx(doc)))
    assert any("Nguyễn Văn An" in p.text for p in word.paragraphs)


def test_docx_without_python_docx_has_an_install_hint(
    full: Dossier, monkeypatch: pytest.MonkeyPatch
) -> None:
    doc = render_data(full, FormRole.RECEIPT, now=NOW)
    for name in [m for m in sys.modules if m == "docx" or m.startswith("docx.")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "docx", None)
    with pytest.raises(ImportError, match=r"pip install 'onestop-core\[forms\]'"):
        render_docx(doc)


def test_date_line_style() -> None:
    assert date_line("Hà Nội", dt.date(2026, 2, 3)) == "Hà Nội, ngày 03 tháng 02 năm 2026"
    assert date_line("Hà Nội", dt.date(2026, 11, 24)) == "Hà Nội, ngày 24 tháng 11 năm 2026"
    assert date_line("", t(2026, 3, 1, 23, 30)) == "…, ngày 01 tháng 3 năm 2026"
    utc = dt.datetime(2026, 3, 1, 20, tzinfo=dt.UTC)  # 03:00 on 2 March in Vietnam
    assert date_line("X", utc) == "X, ngày 02 tháng 3 năm 2026"


def test_form_document_lookup(full: Dossier) -> None:
    doc = render_data(full, FormRole.RECEIPT, now=NOW)
    assert isinstance(doc, FormDocument)
    with pytest.raises(KeyError):
        doc.field("no such field")
    assert doc.form_label.startswith("Mẫu số 01 (Thông tư 03/2025/TT-VPCP")
