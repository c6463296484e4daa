"""Dossier codes (mã hồ sơ): parsing, validation, generation, round trips.

Sources: ``law.md`` §4.1 (TT 01/2018 form and real examples), §4.3 (TT 04/2025 form),
§10 E7 and E8; ``law_followup.md`` Q1 (NĐ 61 Art. 26 receiving agency, NĐ 118 Art. 28
resolving agency, TT 01/2018 Art. 19 exactly 4 digits, TT 04/2025 at least 4).
"""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from onestop_core.dossiers.codes import DossierCode, DossierCodeForm, DossierCodeRule
from onestop_core.errors import DossierCodeError, OnestopError, OutOfRangeError
from onestop_core.procedures.agencies import AgencyId

LEGACY, CENTRAL = DossierCodeForm.LEGACY_TT01, DossierCodeForm.CENTRAL_TT04


# --- E7: generation with the daily reset -----------------------------------------------------


def test_e7_generate_with_daily_reset() -> None:
    agency = AgencyId.parse("000.00.06.H56")
    assert str(DossierCode.generate(agency, dt.date(2023, 10, 27), 361)) == (
        "000.00.06.H56-231027-0361"
    )
    assert str(DossierCode.generate(agency, dt.date(2023, 10, 28), 1)) == (
        "000.00.06.H56-231028-0001"
    )


# --- E8: validation --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "agency", "day", "sequence", "system_code", "form"),
    [
        ("000.17.22.H56-210531-0001", ("H56", "22", "17"), "2021-05-31", 1, None, LEGACY),
        ("000.00.06.H56-231027-0361", ("H56", "06"), "2023-10-27", 361, None, LEGACY),
        ("000.A0.01.H26-210212-9090", ("H26", "01", "A0"), "2021-02-12", 9090, None, LEGACY),
        ("H56.012.03-260301-010007", ("H56", "012", "03"), "2026-03-01", 7, "01", CENTRAL),
        ("000.00.06.H56-231027-12345", ("H56", "06"), "2023-10-27", 12345, None, LEGACY),
        ("H56.012.03-260301-0112345", ("H56", "012", "03"), "2026-03-01", 12345, "01", CENTRAL),
    ],
)
def test_valid_codes(
    text: str,
    agency: tuple[str, ...],
    day: str,
    sequence: int,
    system_code: str | None,
    form: DossierCodeForm,
) -> None:
    code = DossierCode.parse(text)
    assert code.agency_id.levels == agency
    assert code.received_on == dt.date.fromisoformat(day)
    assert (code.sequence, code.system_code, code.form) == (sequence, system_code, form)
    assert str(code) == text


@pytest.mark.parametrize(
    ("text", "part"),
    [
        ("000.00.06.H56-231332-0001", "date part '231332'"),  # E8: month 13
        ("000.00.06.H56-230229-0001", "date part '230229'"),  # not a leap year
        ("000.00.06.H56-231027-361", "sequence part '361'"),  # E8: < 4 digits
        ("000.00.06.H56-231027-0000", "sequence part '0000'"),  # sequences start at 1
        ("H56.012.03-260301-010000", "sequence part '010000'"),
        ("H56.012.03-260301-0107", "sequence part '0107'"),  # AA + fewer than 4 digits
        ("000.00.06.Z56-231027-0001", "agency id part '000.00.06.Z56'"),
        ("000.00.6.H56-231027-0001", "agency id part '000.00.6.H56'"),
        ("000.17.00.H56-231027-0001", "agency id part '000.17.00.H56'"),
        ("000.00.06.H56-23102-0001", "date part '23102'"),
        ("000.00.06.H56-2310AB-0001", "date part '2310AB'"),
        ("000.00.06.H56-231027-03A1", "sequence part '03A1'"),
        ("000.00.06.H56-231027", "2 part(s)"),
        ("000.00.06.H56-231027-0001-1", "4 part(s)"),
        ("", "1 part(s)"),
    ],
)
def test_invalid_codes_name_the_bad_part(text: str, part: str) -> None:
    with pytest.raises(DossierCodeError) as info:
        DossierCode.parse(text)
    assert part in str(info.value)
    assert isinstance(info.value, ValueError) and isinstance(info.value, OnestopError)


def test_date_error_says_why() -> None:
    with pytest.raises(DossierCodeError, match=r"month must be in 1\.\.12"):
        DossierCode.parse("000.00.06.H56-231332-0001")


def test_strict_tt01_requires_exactly_four_digits() -> None:
    assert DossierCode.parse("000.00.06.H56-231027-0361", strict_tt01=True).sequence == 361
    with pytest.raises(DossierCodeError, match="exactly 4") as info:
        DossierCode.parse("000.00.06.H56-231027-12345", strict_tt01=True)
    assert "'12345'" in str(info.value)
    # TT 04/2025 allows longer sequences; the flag does not apply to it.
    assert DossierCode.parse("H56.012.03-260301-0112345", strict_tt01=True).sequence == 12345


def test_non_string_is_rejected() -> None:
    with pytest.raises(DossierCodeError, match="string"):
        DossierCode.parse(None)  # type: ignore[arg-type]


# --- generation ------------------------------------------------------------------------------


def test_generate_pads_to_four_and_allows_longer() -> None:
    day = dt.date(2023, 10, 27)
    assert str(DossierCode.generate("000.00.06.H56", day, 7)).endswith("-0007")
    assert str(DossierCode.generate("000.00.06.H56", day, 12345)).endswith("-12345")


def test_generate_tt04() -> None:
    code = DossierCode.generate("H56.012.03", dt.date(2026, 3, 1), 7, system_code="01")
    assert str(code) == "H56.012.03-260301-010007"
    assert code.form is CENTRAL
    assert code == DossierCode.parse("H56.012.03-260301-010007")


def test_generate_writes_the_agency_in_the_form_spelling() -> None:
    day = dt.date(2023, 10, 27)
    # a QĐ 20 id in a TT 01/2018 code is written in the QCVN 102 spelling, and vice versa
    assert str(DossierCode.generate("H56.06", day, 361)) == "000.00.06.H56-231027-0361"
    assert str(DossierCode.generate("000.00.06.H56", day, 1, system_code="02")) == (
        "H56.06-231027-020001"
    )


@pytest.mark.parametrize(
    ("args", "kwargs", "part"),
    [
        (("000.00.06.H56", dt.date(2023, 10, 27), 0), {}, "sequence 0"),
        (("000.00.06.H56", dt.date(2023, 10, 27), -1), {}, "sequence -1"),
        (("000.00.06.H56", dt.date(2023, 10, 27), True), {}, "sequence True"),
        (("000.00.06.H56", dt.date(1999, 12, 31), 1), {}, "1999-12-31"),
        (("000.00.06.H56", dt.datetime(2023, 10, 27, 9), 1), {}, "received_on"),
        (("000.00.06.H56", dt.date(2023, 10, 27), 1), {"system_code": "1"}, "system code '1'"),
        (("000.00.06.H56", dt.date(2023, 10, 27), 1), {"system_code": "AB"}, "system code 'AB'"),
        (("H56.012.03", dt.date(2026, 3, 1), 7), {}, "'012'"),  # does not fit QCVN 102
        (("H56.2x", dt.date(2026, 3, 1), 7), {}, "agency id part 'H56.2x'"),
    ],
)
def test_generate_rejects_bad_parts(
    args: tuple[object, ...], kwargs: dict[str, str], part: str
) -> None:
    with pytest.raises(DossierCodeError) as info:
        DossierCode.generate(*args, **kwargs)  # type: ignore[arg-type]
    assert part in str(info.value)


def test_record_invariants() -> None:
    agency = AgencyId.parse("H56.012.03")
    day = dt.date(2026, 3, 1)
    with pytest.raises(DossierCodeError, match="needs one"):
        DossierCode(agency_id=agency, received_on=day, sequence=1, form=CENTRAL)
    with pytest.raises(DossierCodeError, match="3 digits"):
        DossierCode(
            agency_id=agency, received_on=day, sequence=1, system_code="01", sequence_digits=3
        )
    with pytest.raises(DossierCodeError, match="AgencyId"):
        DossierCode(agency_id="H56", received_on=day, sequence=1)  # type: ignore[arg-type]


def test_equality_is_by_meaning_not_spelling() -> None:
    padded = DossierCode.parse("000.00.06.H56-231027-00361")
    plain = DossierCode.parse("000.00.06.H56-231027-0361")
    assert padded == plain and hash(padded) == hash(plain)
    assert str(padded) != str(plain)
    tt04 = DossierCode.generate("H56.06", dt.date(2023, 10, 27), 361, system_code="01")
    assert tt04 != plain  # a different form and system code


# --- the code rule ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "rule"),
    [
        (dt.date(2018, 6, 21), DossierCodeRule.RECEIVING),  # NĐ 61/2018 in force
        (dt.date(2025, 6, 30), DossierCodeRule.RECEIVING),
        (dt.date(2025, 7, 1), DossierCodeRule.RESOLVING),  # NĐ 118/2025 Art. 28
        (dt.date(2026, 3, 1), DossierCodeRule.RESOLVING),
    ],
)
def test_rule_in_force(day: dt.date, rule: DossierCodeRule) -> None:
    assert DossierCodeRule.in_force_on(day) is rule


def test_rule_before_decree_61_is_out_of_range() -> None:
    with pytest.raises(OutOfRangeError, match="2018-06-20"):
        DossierCodeRule.in_force_on(dt.date(2018, 6, 20))


# --- round trips -----------------------------------------------------------------------------

_CHARS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def _group(width: int) -> st.SearchStrategy[str]:
    return st.text(_CHARS, min_size=width, max_size=width).filter(lambda g: bool(g.strip("0")))


_level1 = st.builds(
    lambda letter, n: f"{letter}{n:02d}",
    st.sampled_from("ABCDEFGHIJKLMNOPQRSTUVWXY"),
    st.integers(0, 99),
)
#: Agency ids that have both spellings (at most 4 levels of 2, 2 and 3 characters).
agency_ids = st.builds(
    lambda l1, lower, depth: AgencyId((l1, *lower[:depth])),
    _level1,
    st.tuples(_group(2), _group(2), _group(3)),
    st.integers(0, 3),
)
days = st.dates(dt.date(2000, 1, 1), dt.date(2099, 12, 31))
sequences = st.integers(1, 10**7)
system_codes = st.none() | st.text("0123456789", min_size=2, max_size=2)


@given(agency_ids, days, sequences, system_codes)
def test_generate_then_parse_round_trips(
    agency: AgencyId, day: dt.date, sequence: int, system_code: str | None
) -> None:
    code = DossierCode.generate(agency, day, sequence, system_code=system_code)
    text = str(code)
    again = DossierCode.parse(text, form=code.form)
    assert again == code
    assert str(again) == text
    assert (again.agency_id.levels, again.received_on, again.sequence) == (
        agency.levels,
        day,
        sequence,
    )
    assert len(text.rsplit("-", 1)[1]) == (2 if system_code else 0) + max(4, len(str(sequence)))
    if DossierCode.parse(text) != code:  # only an agency id that fits both spellings
        assert system_code is not None and len(agency.levels) == 4


def test_form_hint_for_an_agency_id_that_fits_both_spellings() -> None:
    text = "A00.01.02.B00-260301-010007"  # a QĐ 20 id with the QCVN 102 shape
    assert DossierCode.parse(text).form is LEGACY  # the legacy rule wins by default
    hinted = DossierCode.parse(text, form=CENTRAL)
    assert hinted.agency_id.levels == ("A00", "01", "02", "B00")
    assert (hinted.system_code, hinted.sequence, str(hinted)) == ("01", 7, text)
    with pytest.raises(DossierCodeError, match="agency id part"):
        DossierCode.parse("000.00.06.H56-231027-0361", form=CENTRAL)


@given(agency_ids, days, sequences, st.integers(0, 3))
def test_parse_then_str_is_exact_for_any_zero_padding(
    agency: AgencyId, day: dt.date, sequence: int, extra_zeros: int
) -> None:
    digits = "0" * extra_zeros + f"{sequence:04d}"
    text = f"{agency.qcvn102()}-{day:%y%m%d}-{digits}"
    assert str(DossierCode.parse(text)) == text
