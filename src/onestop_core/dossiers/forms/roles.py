"""Form roles and the versioned form sets (bộ biểu mẫu) of the one-stop mechanism.

A form is found by its **semantic role** (``law.md`` §3.3), never by its number: the control
sheet is Mẫu số 05 under Circular 01/2018 and Mẫu số 06 under Circular 03/2025. The sets are
data (``data/forms/form_sets.json``), each form with its number, names, legal basis and a
confidence note (the official Circular 03/2025 Annex I layouts were not seen).

>>> s = form_set("TT03_2025")
>>> s.form(FormRole.CONTROL_SHEET).number, form_set("TT01_2018").form(FormRole.CONTROL_SHEET).number
('06', '05')
>>> len(form_set("TT01_2018").forms), len(s.forms)
(6, 7)
"""

from __future__ import annotations

import datetime as dt
import enum
import functools
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import attrs

from onestop_core._data import load_json
from onestop_core.errors import CalendarDataError, FormNotAvailableError
from onestop_core.regimes import LegalRegime, regime_for

if TYPE_CHECKING:
    from onestop_core.dossiers.model import Dossier

__all__ = ["FormRole", "FormSet", "FormSpec", "form_set", "form_set_for", "form_sets"]


class FormRole(enum.Enum):
    """What a standard form is for, whatever its number in a given set.

    >>> FormRole.STOP_NOTICE.label_vi
    'Thông báo dừng giải quyết hồ sơ'
    """

    RECEIPT = "receipt"
    SUPPLEMENT_REQUEST = "supplement_request"
    REFUSAL = "refusal"
    APOLOGY_EXTENSION = "apology_extension"
    STOP_NOTICE = "stop_notice"
    CONTROL_SHEET = "control_sheet"
    LOGBOOK = "logbook"

    @property
    def label_vi(self) -> str:
        """A Vietnamese label of the role (the form's own name depends on the set)."""
        return _LABELS[self][0]

    @property
    def label_en(self) -> str:
        """An English label of the role."""
        return _LABELS[self][1]

    @property
    def source_event(self) -> str:
        """The dossier event(s) the form is made from (named in errors when missing)."""
        return _LABELS[self][2]


_LABELS = {
    FormRole.RECEIPT: ("Giấy tiếp nhận hồ sơ và hẹn trả kết quả", "Receipt", "Accepted"),
    FormRole.SUPPLEMENT_REQUEST: (
        "Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ",
        "Supplement request",
        "SupplementRequested",
    ),
    FormRole.REFUSAL: ("Phiếu từ chối tiếp nhận giải quyết hồ sơ", "Refusal", "Refused"),
    FormRole.APOLOGY_EXTENSION: (
        "Xin lỗi và hẹn lại (gia hạn) thời gian trả kết quả",
        "Apology and extension",
        "Extended",
    ),
    FormRole.STOP_NOTICE: (
        "Thông báo dừng giải quyết hồ sơ",
        "Stop notice",
        "Withdrawn or Stopped",
    ),
    FormRole.CONTROL_SHEET: (
        "Phiếu kiểm soát quá trình giải quyết hồ sơ",
        "Process-control sheet",
        "Accepted",
    ),
    FormRole.LOGBOOK: ("Sổ theo dõi hồ sơ", "Tracking logbook", ""),
}


@attrs.frozen(kw_only=True)
class FormSpec:
    """One form of a set: its number, names, legal basis and how sure the data is.

    ``notes`` are the fixed texts printed under the form (footnotes); ``signatures`` the
    signature blocks; ``aliases_vi`` other names the law uses for the same form.
    """

    role: FormRole
    number: str
    name_vi: str
    name_en: str
    legal_basis: str
    confidence: str
    aliases_vi: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    signatures: tuple[str, ...] = ()


@attrs.frozen(kw_only=True)
class FormSet:
    """A versioned set of standard forms (``TT01_2018``: six forms; ``TT03_2025``: seven).

    >>> form_set("TT01_2018").has(FormRole.STOP_NOTICE)
    False
    """

    id: str
    name_vi: str
    name_en: str
    legal_basis: str
    forms: tuple[FormSpec, ...]

    @property
    def roles(self) -> tuple[FormRole, ...]:
        """The roles the set provides, in form-number order."""
        return tuple(f.role for f in self.forms)

    @property
    def by_role(self) -> dict[FormRole, FormSpec]:
        """The forms keyed by role."""
        return {f.role: f for f in self.forms}

    def has(self, role: FormRole) -> bool:
        """Whether the set has a form for ``role``."""
        return any(f.role is role for f in self.forms)

    def form(self, role: FormRole) -> FormSpec:
        """The form for ``role``; :class:`FormNotAvailableError` if the set has none.

        >>> form_set("TT03_2025").form(FormRole.APOLOGY_EXTENSION).name_vi
        'Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết'
        """
        for f in self.forms:
            if f.role is role:
                return f
        raise FormNotAvailableError(
            f"form set {self.id} ({self.legal_basis}) has no form for the role "
            f"{role.value} ({role.label_vi}); it provides: "
            f"{', '.join(r.value for r in self.roles)}",
            form_set=self.id,
            role=role.value,
        )


def _parse_form(entry: Mapping[str, Any]) -> FormSpec:
    return FormSpec(
        role=FormRole(entry["role"]),
        number=str(entry["number"]),
        name_vi=entry["name_vi"],
        name_en=entry["name_en"],
        legal_basis=entry["legal_basis"],
        confidence=entry["confidence"],
        aliases_vi=tuple(entry.get("aliases_vi", ())),
        notes=tuple(entry.get("notes", ())),
        signatures=tuple(entry.get("signatures", ())),
    )


def _parse(entry: Mapping[str, Any]) -> FormSet:
    try:
        forms = tuple(sorted((_parse_form(f) for f in entry["forms"]), key=lambda f: f.number))
        result = FormSet(
            id=entry["id"],
            name_vi=entry["name_vi"],
            name_en=entry["name_en"],
            legal_basis=entry["legal_basis"],
            forms=forms,
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise CalendarDataError(
            f"form-set data entry {entry.get('id')!r} is malformed: {exc!r}"
        ) from None
    if len(set(result.roles)) != len(forms) or len({f.number for f in forms}) != len(forms):
        raise CalendarDataError(f"form set {result.id!r} repeats a role or a form number")
    return result


@functools.cache
def form_sets() -> tuple[FormSet, ...]:
    """Every known form set, oldest first.

    >>> [s.id for s in form_sets()]
    ['TT01_2018', 'TT03_2025']
    """
    data = load_json("forms/form_sets.json")
    return tuple(_parse(e) for e in data["form_sets"])


def form_set(set_id: str) -> FormSet:
    """The form set with identifier ``set_id`` (``"TT01_2018"`` or ``"TT03_2025"``)."""
    for s in form_sets():
        if s.id == set_id:
            return s
    raise FormNotAvailableError(
        f"unknown form set {set_id!r}; known: {', '.join(s.id for s in form_sets())}",
        form_set=str(set_id),
    )


def form_set_for(source: Dossier | LegalRegime | dt.date | dt.datetime) -> FormSet:
    """The form set of a dossier's regime (or of a regime, or of the regime in force on a day).

    A dossier is judged, and its forms issued, under the regime in force when it was
    received (:attr:`Dossier.regime`).

    >>> form_set_for(dt.date(2024, 5, 2)).id, form_set_for(dt.date(2026, 11, 26)).id
    ('TT01_2018', 'TT03_2025')
    """
    if isinstance(source, LegalRegime):
        return form_set(source.form_set)
    if isinstance(source, dt.date):  # a datetime is a date too; regime_for takes both
        return form_set(regime_for(source).form_set)
    regime = getattr(source, "regime", None)
    if not isinstance(regime, LegalRegime):
        raise FormNotAvailableError(
            f"dossier {getattr(source, 'id', source)!r} has no events yet, so no regime "
            "and no form set",
            missing_event="the first event",
        )
    return form_set(regime.form_set)
