"""A filled form as a standalone HTML5 page (UTF-8, inline style, no external resources).

Every value is escaped: applicant data, agency names and notes are untrusted.

>>> from onestop_core.dossiers.forms.data import FormDocument, Heading
>>> from onestop_core.dossiers.forms.roles import FormRole
>>> doc = FormDocument(role=FormRole.RECEIPT, form_set="TT03_2025", number="01",
...     title_vi="Giấy tiếp nhận hồ sơ và hẹn trả kết quả",
...     heading=Heading(agency_lines=("UBND XÃ A",), reference="Mã hồ sơ: X-1",
...                     place_date="…, ngày … tháng … năm …"),
...     fields=(("Người nộp hồ sơ", "<b>An</b>"),))
>>> page = render_html(doc)
>>> page.startswith("<!DOCTYPE html>"), "&lt;b&gt;An&lt;/b&gt;" in page, "<b>An" in page
(True, True, False)
"""

from __future__ import annotations

from html import escape

from onestop_core.dossiers.forms.data import FormDocument, FormTable

__all__ = ["BLANK", "render_html"]

#: What an empty value prints as (a blank to fill in by hand).
BLANK = "………………"

_STYLE = """
body { font-family: "Times New Roman", Times, serif; font-size: 13pt; margin: 2em auto;
       max-width: 48em; color: #000; }
.form-label { text-align: right; font-style: italic; font-size: 11pt; margin: 0; }
table.heading { width: 100%; border-collapse: collapse; margin-bottom: 1em; }
table.heading td { width: 50%; text-align: center; vertical-align: top; padding: 0 .5em; }
.agency { font-weight: bold; }
.motto { font-weight: bold; }
.place-date { font-style: italic; }
h1 { text-align: center; font-size: 14pt; margin: 1em 0 .8em; }
dl.fields { margin: 0; }
dl.fields div { margin: .25em 0; }
dl.fields dt { display: inline; }
dl.fields dt::after { content: ": "; }
dl.fields dd { display: inline; margin: 0; }
p.body { text-indent: 2em; }
table.grid { width: 100%; border-collapse: collapse; margin: .6em 0 1em; }
table.grid caption { text-align: left; font-weight: bold; margin-bottom: .3em; }
table.grid th, table.grid td { border: 1px solid #000; padding: .2em .4em; vertical-align: top; }
table.grid th { text-align: center; }
table.signatures { width: 100%; margin-top: 2em; }
table.signatures td { text-align: center; font-weight: bold; vertical-align: top;
                      height: 6em; }
ol.footnotes { font-size: 11pt; font-style: italic; }
"""


def _e(text: str) -> str:
    return escape(text, quote=True)


def _value(text: str) -> str:
    return _e(text) if text else BLANK


def _table(t: FormTable) -> list[str]:
    out = ['<table class="grid">']
    if t.caption:
        out.append(f"<caption>{_e(t.caption)}</caption>")
    out.append("<thead><tr>" + "".join(f"<th>{_e(c)}</th>" for c in t.columns) + "</tr></thead>")
    out.append("<tbody>")
    for row in t.rows:
        out.append("<tr>" + "".join(f"<td>{_e(c)}</td>" for c in row) + "</tr>")
    if not t.rows:
        out.append(f'<tr><td colspan="{len(t.columns)}">{BLANK}</td></tr>')
    out.append("</tbody></table>")
    return out


def render_html(document: FormDocument) -> str:
    """The form as a complete HTML5 page; every text is escaped with :func:`html.escape`."""
    h = document.heading
    left = [f'<div class="agency">{_e(x)}</div>' for x in h.agency_lines]
    if h.reference:
        left.append(f'<div class="reference">{_e(h.reference)}</div>')
    right = [f'<div class="motto">{_e(x)}</div>' for x in h.motto]
    right.append(f'<div class="place-date">{_e(h.place_date)}</div>')
    parts = [
        "<!DOCTYPE html>",
        '<html lang="vi">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_e(document.title_vi)}</title>",
        f"<style>{_STYLE}</style>",
        "</head>",
        "<body>",
    ]
    if document.form_label:
        parts.append(f'<p class="form-label">{_e(document.form_label)}</p>')
    parts += [
        '<table class="heading"><tr>',
        f"<td>{''.join(left)}</td>",
        f"<td>{''.join(right)}</td>",
        "</tr></table>",
        f"<h1>{_e(document.title_vi.upper())}</h1>",
        '<dl class="fields">',
    ]
    parts += [f"<div><dt>{_e(k)}</dt><dd>{_value(v)}</dd></div>" for k, v in document.fields]
    parts.append("</dl>")
    parts += [f'<p class="body">{_e(p)}</p>' for p in document.paragraphs]
    for t in document.tables:
        parts += _table(t)
    if document.signatures:
        cells = "".join(f"<td>{_e(s)}</td>" for s in document.signatures)
        parts.append(f'<table class="signatures"><tr>{cells}</tr></table>')
    if document.footnotes:
        parts.append('<ol class="footnotes">')
        parts += [f"<li>{_e(n)}</li>" for n in document.footnotes]
        parts.append("</ol>")
    parts += ["</body>", "</html>", ""]
    return "\n".join(parts)
