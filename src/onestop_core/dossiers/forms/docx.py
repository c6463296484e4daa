"""A filled form as a Word document (.docx), with the optional extra ``forms`` (python-docx).

The layout matches :func:`~onestop_core.dossiers.forms.html.render_html`: the heading block (issuing
agency and reference on the left, national name, motto and place-date on the right), the
bold centred title, the fields, bordered tables, signature blocks and footnotes. python-docx
is imported only when a document is rendered.

>>> import io, docx
>>> from onestop_core.dossiers.forms.data import FormDocument, Heading
>>> from onestop_core.dossiers.forms.roles import FormRole
>>> doc = FormDocument(role=FormRole.RECEIPT, form_set="TT03_2025", number="01",
...     title_vi="Giấy tiếp nhận hồ sơ và hẹn trả kết quả",
...     heading=Heading(agency_lines=("UBND XÃ A",), reference="Mã hồ sơ: X-1",
...                     place_date="…, ngày … tháng … năm …"),
...     fields=(("Mã hồ sơ", "X-1"),))
>>> data = render_docx(doc)
>>> any("X-1" in p.text for p in docx.Document(io.BytesIO(data)).paragraphs)
True
"""

from __future__ import annotations

import io
import re
from typing import Any

from onestop_core.dossiers.forms.data import FormDocument, FormTable
from onestop_core.dossiers.forms.html import BLANK

__all__ = ["render_docx"]

_HINT = "render_docx needs python-docx: pip install 'onestop-core[forms]'"
#: Characters XML 1.0 forbids (python-docx rejects them): control characters and non-characters.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_SIZE, _SMALL = 13, 11


def _clean(text: str) -> str:
    return _NOT_XML.sub("", text)


def render_docx(document: FormDocument) -> bytes:
    """The form as the bytes of a .docx file.

    Raises ImportError with an install hint when python-docx is missing.
    """
    try:
        import docx
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.shared import Pt
    except ImportError as exc:  # pragma: no cover - exercised without the extra
        raise ImportError(_HINT) from exc

    center = WD_ALIGN_PARAGRAPH.CENTER

    def run(
        par: Any, text: str, *, bold: bool = False, italic: bool = False, size: int = _SIZE
    ) -> None:
        r = par.add_run(_clean(text))
        r.bold, r.italic = bold, italic
        r.font.name = "Times New Roman"
        r.font.size = Pt(size)

    def para(container: Any, text: str = "", *, first: bool = False, **style: Any) -> Any:
        p = container.paragraphs[0] if first else container.add_paragraph()
        if text:
            run(p, text, **style)
        return p

    doc = docx.Document()
    h = document.heading
    if document.form_label:
        p = para(doc, document.form_label, italic=True, size=_SMALL)
        p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    left, right = doc.add_table(rows=1, cols=2).rows[0].cells
    lines = [(x, True, False) for x in h.agency_lines]
    lines += [(h.reference, False, False)] if h.reference else []
    for i, (text, bold, italic) in enumerate(lines):
        para(left, text, first=i == 0, bold=bold, italic=italic).alignment = center
    for i, text in enumerate(h.motto):
        para(right, text, first=i == 0, bold=True).alignment = center
    para(right, h.place_date, italic=True).alignment = center

    para(doc, document.title_vi.upper(), bold=True, size=_SIZE + 1).alignment = center
    for label, value in document.fields:
        p = para(doc, f"{label}: ")
        run(p, value or BLANK)
    for text in document.paragraphs:
        para(doc, text)
    for t in document.tables:
        _table(doc, t, para, run)
    if document.signatures:
        cells = doc.add_table(rows=1, cols=len(document.signatures)).rows[0].cells
        for cell, text in zip(cells, document.signatures, strict=True):
            para(cell, text, first=True, bold=True).alignment = center
    for note in document.footnotes:
        para(doc, note, italic=True, size=_SMALL)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def _table(doc: Any, t: FormTable, para: Any, run: Any) -> None:
    """A bordered table (the built-in "Table Grid" style) with a bold header row."""
    if t.caption:
        para(doc, t.caption, bold=True)
    table = doc.add_table(rows=1, cols=len(t.columns))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, t.columns, strict=True):
        para(cell, text, first=True, bold=True, size=_SMALL)
    for row in t.rows or ((BLANK, *("" for _ in t.columns[1:])),):
        for cell, text in zip(table.add_row().cells, row, strict=False):
            if text:
                run(cell.paragraphs[0], text, size=_SMALL)
