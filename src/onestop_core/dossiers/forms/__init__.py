"""Standard one-stop forms (biểu mẫu) filled from a dossier: data, HTML and Word.

Forms are chosen by role (:class:`FormRole`) from the form set of the dossier's regime
(:func:`form_set_for`): Circular 01/2018 (six forms) or Circular 03/2025 Annex I (seven).
:func:`render_data` computes a form's content from the dossier and its events (pure);
:func:`render_html` and :func:`render_docx` lay it out. The official Circular 03/2025 Annex I
layouts were not seen: the Circular 01/2018 fields are reused, with the additions the
domain notes list (see ``data/forms/form_sets.json`` for each form's confidence).

>>> import datetime as dt
>>> form_set_for(dt.date(2024, 5, 2)).roles[-1], len(form_set_for(dt.date(2026, 1, 5)).forms)
(<FormRole.LOGBOOK: 'logbook'>, 7)
"""

from onestop_core.dossiers.forms.data import (
    NATIONAL_MOTTO,
    NATIONAL_NAME,
    DocumentItem,
    FormDocument,
    FormTable,
    Heading,
    date_line,
    render_data,
    render_logbook,
)
from onestop_core.dossiers.forms.docx import render_docx
from onestop_core.dossiers.forms.html import render_html
from onestop_core.dossiers.forms.roles import (
    FormRole,
    FormSet,
    FormSpec,
    form_set,
    form_set_for,
    form_sets,
)
from onestop_core.errors import FormNotAvailableError

__all__ = [
    "NATIONAL_MOTTO",
    "NATIONAL_NAME",
    "DocumentItem",
    "FormDocument",
    "FormNotAvailableError",
    "FormRole",
    "FormSet",
    "FormSpec",
    "FormTable",
    "Heading",
    "date_line",
    "form_set",
    "form_set_for",
    "form_sets",
    "render_data",
    "render_docx",
    "render_html",
    "render_logbook",
]
