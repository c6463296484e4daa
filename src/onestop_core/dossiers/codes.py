"""Dossier codes (mã hồ sơ): parsing, validation and generation.

Two forms are in use (``law.md`` §4.1, §4.3; ``law_followup.md`` Q1):

* **TT 01/2018** (Thông tư 01/2018/TT-VPCP Art. 19, still widespread):
  ``<agency id>-YYMMDD-NNNN`` with the agency id in the QCVN 102 form ``V1V2V3.Z1Z2.Y1Y2.MX1X2``,
  the day of reception, and the agency's sequence for that day, reset daily. Art. 19 says the
  sequence has exactly 4 digits; systems write longer ones when a day passes 9,999, so parsing
  accepts 4 or more unless ``strict_tt01=True``.
* **TT 04/2025** (Thông tư 03/2025/TT-VPCP Art. 13(3), added by Thông tư 04/2025/TT-VPCP
  Art. 23(2), from 2026-01-25; for centrally provided nationwide systems):
  ``MX1X2.Y1Y2Y3.Z1Z2-YYMMDD-AAXXXX``: the QĐ 20/2020 id of the resolving agency, the day of
  reception, ``AA`` two digits from the id of the agency owning the system, and a daily
  sequence of at least 4 digits.

The form is told by the agency id: QCVN 102 spelling → TT 01/2018, QĐ 20/2020 spelling →
TT 04/2025. There is no check digit. Which agency the code names depends on the regime
(:class:`DossierCodeRule`).

>>> code = DossierCode.generate("000.00.06.H56", dt.date(2023, 10, 27), 361)
>>> str(code)
'000.00.06.H56-231027-0361'
>>> DossierCode.parse("H56.012.03-260301-010007").system_code
'01'
"""

from __future__ import annotations

import datetime as dt
import enum
import re

import attrs

from onestop_core.errors import AgencyIdError, DossierCodeError, OutOfRangeError
from onestop_core.procedures.agencies import AgencyId, AgencyIdForm

__all__ = ["DossierCode", "DossierCodeForm", "DossierCodeRule"]

_MIN_DIGITS = 4
_TWO_DIGITS = re.compile(r"[0-9]{2}")
_DIGITS = re.compile(r"[0-9]+")
_ND61_FROM = dt.date(2018, 6, 21)
_ND118_FROM = dt.date(2025, 7, 1)


class DossierCodeForm(enum.Enum):
    """The layout of a dossier code.

    >>> DossierCode.parse("000.17.22.H56-210531-0001").form
    <DossierCodeForm.LEGACY_TT01: 'legacy_tt01'>
    """

    #: ``<QCVN 102 agency id>-YYMMDD-NNNN`` (Thông tư 01/2018/TT-VPCP Art. 19).
    LEGACY_TT01 = "legacy_tt01"
    #: ``MX1X2.Y1Y2Y3.Z1Z2-YYMMDD-AAXXXX`` (Thông tư 03/2025 Art. 13(3), added by TT 04/2025).
    CENTRAL_TT04 = "central_tt04"


_AGENCY_FORM = {
    DossierCodeForm.LEGACY_TT01: AgencyIdForm.QCVN102,
    DossierCodeForm.CENTRAL_TT04: AgencyIdForm.QD20,
}


class DossierCodeRule(enum.Enum):
    """Which agency's identifier a dossier code carries (``law_followup.md`` Q1).

    * ``RECEIVING`` — the agency that received the dossier: Nghị định 61/2018/NĐ-CP Art. 26
      (regime from 2018-06-21 to 2025-06-30).
    * ``RESOLVING`` — the competent agency that resolves it: Nghị định 118/2025/NĐ-CP Art. 28
      (from 2025-07-01); for interlinked groups of procedures the id of the receiving desk
      (paper) or of the National Public Service Portal (online). TT 04/2025 codes also use
      the resolving agency.

    >>> DossierCodeRule.in_force_on(dt.date(2023, 10, 27)), DossierCodeRule.in_force_on(
    ...     dt.date(2025, 7, 1))
    (<DossierCodeRule.RECEIVING: 'receiving'>, <DossierCodeRule.RESOLVING: 'resolving'>)
    """

    RECEIVING = "receiving"
    RESOLVING = "resolving"

    @classmethod
    def in_force_on(cls, received_on: dt.date) -> DossierCodeRule:
        """The rule for a dossier received on ``received_on`` (the regime at reception).

        Dates before Nghị định 61/2018 took effect (2018-06-21) raise
        :class:`~onestop_core.errors.OutOfRangeError`: no national rule is encoded for them.
        """
        if received_on >= _ND118_FROM:
            return cls.RESOLVING
        if received_on >= _ND61_FROM:
            return cls.RECEIVING
        raise OutOfRangeError(
            f"no dossier-code rule is encoded for {received_on}: the data starts with "
            f"Nghị định 61/2018/NĐ-CP in force from {_ND61_FROM}"
        )


def _default_form(self: DossierCode) -> DossierCodeForm:
    return DossierCodeForm.LEGACY_TT01 if self.system_code is None else DossierCodeForm.CENTRAL_TT04


def _default_digits(self: DossierCode) -> int:
    return max(_MIN_DIGITS, len(str(self.sequence)))


@attrs.frozen(kw_only=True)
class DossierCode:
    """A dossier code (mã hồ sơ): agency id, day of reception, daily sequence.

    ``system_code`` is the ``AA`` part of a TT 04/2025 code (``None`` in TT 01/2018 codes);
    ``form`` defaults from it. ``sequence_digits`` is how many digits the sequence is written
    with (at least 4, zero-padded), kept so that ``str()`` gives back a parsed code exactly.

    **Equality compares the meaning** — the agency's levels (see :class:`AgencyId`), the date,
    the sequence, the system code and the form — not the spelling; compare ``str(code)`` to
    compare texts. ``str()`` writes the agency in the form's own spelling (QCVN 102 for
    TT 01/2018, QĐ 20/2020 for TT 04/2025) and, for a parsed code, the text as written, so
    ``str(DossierCode.parse(t)) == t`` and ``DossierCode.parse(str(c), form=c.form) == c``.

    >>> c = DossierCode.parse("000.00.06.H56-231027-0361")
    >>> (c.agency_id.levels, c.received_on, c.sequence, str(c))
    (('H56', '06'), datetime.date(2023, 10, 27), 361, '000.00.06.H56-231027-0361')
    """

    agency_id: AgencyId
    received_on: dt.date
    sequence: int
    system_code: str | None = None
    form: DossierCodeForm = attrs.field(default=attrs.Factory(_default_form, takes_self=True))
    sequence_digits: int = attrs.field(
        default=attrs.Factory(_default_digits, takes_self=True), eq=False
    )

    def __attrs_post_init__(self) -> None:
        if not isinstance(self.agency_id, AgencyId):
            raise DossierCodeError(f"agency_id must be an AgencyId, not {self.agency_id!r}")
        day = self.received_on
        if not isinstance(day, dt.date) or isinstance(day, dt.datetime):
            raise DossierCodeError(f"received_on must be a date, not {day!r}")
        if not 2000 <= day.year <= 2099:
            raise DossierCodeError(f"received_on {day} cannot be written as YYMMDD (2000–2099)")
        seq = self.sequence
        if not isinstance(seq, int) or isinstance(seq, bool) or seq < 1:
            raise DossierCodeError(f"sequence {seq!r} must be an integer of at least 1")
        width = max(_MIN_DIGITS, len(str(seq)))
        if not isinstance(self.sequence_digits, int) or self.sequence_digits < width:
            raise DossierCodeError(
                f"sequence {seq} cannot be written in {self.sequence_digits!r} digits "
                f"(at least {width} needed)"
            )
        tt04 = self.form is DossierCodeForm.CENTRAL_TT04
        if tt04 != (self.system_code is not None):
            raise DossierCodeError(
                f"system code {self.system_code!r}: a TT 04/2025 code needs one (AA, 2 digits) "
                "and a TT 01/2018 code has none"
            )
        if self.system_code is not None and not _TWO_DIGITS.fullmatch(self.system_code):
            raise DossierCodeError(f"system code {self.system_code!r} must be exactly 2 digits")
        try:
            self._agency_text()
        except AgencyIdError as exc:
            raise DossierCodeError(f"agency id part of a {self.form.value} code: {exc}") from exc

    @classmethod
    def parse(
        cls, text: str, *, strict_tt01: bool = False, form: DossierCodeForm | None = None
    ) -> DossierCode:
        """Read and validate a dossier code in either form, or in ``form`` only when given.

        With ``strict_tt01=True`` a TT 01/2018 sequence must have exactly 4 digits (Art. 19).
        ``form`` settles the rare agency id that fits both spellings (see
        :meth:`AgencyId.parse <onestop_core.procedures.agencies.AgencyId.parse>`). Errors are
        :class:`~onestop_core.errors.DossierCodeError` (a ``ValueError``) naming the bad part.

        >>> DossierCode.parse("000.00.06.H56-231332-0001")
        Traceback (most recent call last):
        ...
        onestop_core.errors.DossierCodeError: dossier code '000.00.06.H56-231332-0001': date ...
        """
        if not isinstance(text, str):
            raise DossierCodeError(f"dossier code must be a string, not {type(text).__name__}")
        parts = text.split("-")
        if len(parts) != 3:
            raise DossierCodeError(
                f"dossier code {text!r} has {len(parts)} part(s); expected 3 separated by '-': "
                "<agency id>-YYMMDD-<sequence>"
            )
        agency_text, date_text, tail = parts
        try:
            agency = AgencyId.parse(agency_text, form=None if form is None else _AGENCY_FORM[form])
        except AgencyIdError as exc:
            raise DossierCodeError(
                f"dossier code {text!r}: agency id part {agency_text!r} is malformed ({exc})"
            ) from exc
        received_on = _parse_yymmdd(text, date_text)
        if not _DIGITS.fullmatch(tail):
            raise DossierCodeError(f"dossier code {text!r}: sequence part {tail!r} must be digits")
        if agency.form is AgencyIdForm.QCVN102:
            found, system_code, seq_text = DossierCodeForm.LEGACY_TT01, None, tail
            if len(tail) < _MIN_DIGITS or (strict_tt01 and len(tail) != _MIN_DIGITS):
                raise DossierCodeError(
                    f"dossier code {text!r}: sequence part {tail!r} has {len(tail)} digits; "
                    + ("TT 01/2018 Art. 19 requires exactly 4" if strict_tt01 else "at least 4")
                )
        else:
            found, system_code, seq_text = DossierCodeForm.CENTRAL_TT04, tail[:2], tail[2:]
            if len(seq_text) < _MIN_DIGITS:
                raise DossierCodeError(
                    f"dossier code {text!r}: sequence part {tail!r} is too short for TT 04/2025 "
                    "(the agency id is in the QĐ 20/2020 form): expected AA (2 digits) followed "
                    "by a sequence of at least 4 digits"
                )
        if not seq_text.strip("0"):
            raise DossierCodeError(
                f"dossier code {text!r}: sequence part {tail!r} is zero; sequences start at 1"
            )
        return cls(
            agency_id=agency,
            received_on=received_on,
            sequence=int(seq_text),
            system_code=system_code,
            form=found,
            sequence_digits=len(seq_text),
        )

    @classmethod
    def generate(
        cls,
        agency_id: AgencyId | str,
        received_on: dt.date,
        sequence: int,
        *,
        system_code: str | None = None,
    ) -> DossierCode:
        """The code of the ``sequence``-th dossier an agency received on ``received_on``.

        Without ``system_code``: a TT 01/2018 code; with it: a TT 04/2025 code. The sequence is
        zero-padded to 4 digits, longer if needed. Allocating sequences (reset daily, unique
        per agency and day) is the caller's job.

        >>> str(DossierCode.generate("000.00.06.H56", dt.date(2023, 10, 28), 1))
        '000.00.06.H56-231028-0001'
        >>> str(DossierCode.generate("H56.012.03", dt.date(2026, 3, 1), 7, system_code="01"))
        'H56.012.03-260301-010007'
        """
        if isinstance(agency_id, str):
            try:
                agency_id = AgencyId.parse(agency_id)
            except AgencyIdError as exc:
                raise DossierCodeError(f"agency id part {agency_id!r}: {exc}") from exc
        return cls(
            agency_id=agency_id,
            received_on=received_on,
            sequence=sequence,
            system_code=system_code,
        )

    def __str__(self) -> str:
        number = f"{self.sequence:0{self.sequence_digits}d}"
        return f"{self._agency_text()}-{self.received_on:%y%m%d}-{self.system_code or ''}{number}"

    def _agency_text(self) -> str:
        """The agency id as written in this form: the original text when it is in that form."""
        if self.agency_id.form is _AGENCY_FORM[self.form]:
            return str(self.agency_id)
        if self.form is DossierCodeForm.LEGACY_TT01:
            return self.agency_id.qcvn102()
        return self.agency_id.qd20()


def _parse_yymmdd(code: str, part: str) -> dt.date:
    if not re.fullmatch(r"[0-9]{6}", part):
        raise DossierCodeError(f"dossier code {code!r}: date part {part!r} must be 6 digits YYMMDD")
    try:
        return dt.date(2000 + int(part[:2]), int(part[2:4]), int(part[4:]))
    except ValueError as exc:
        raise DossierCodeError(
            f"dossier code {code!r}: date part {part!r} is not a valid YYMMDD date ({exc})"
        ) from None
