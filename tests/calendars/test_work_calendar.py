"""Working-day arithmetic of the national calendar: examples, invariants and bad input."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from onestop_core import OnestopError
from onestop_core.calendars import (
    CalendarOverride,
    add_working_days,
    days_off,
    is_working_day,
    make_up_days,
    next_working_day,
    vietnam,
    with_overrides,
    working_days_between,
)
from onestop_core.errors import (
    CalendarDataError,
    InvalidDateError,
    InvalidDurationError,
    OutOfRangeError,
)

CAL = vietnam()
D = dt.date
days = st.dates(min_value=D(2002, 1, 1), max_value=D(2197, 12, 31))
counts = st.integers(min_value=-400, max_value=400)


# -- examples (days from the verified table, holidays_truth.json) ------------------------
@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        (D(2026, 2, 13), 1, D(2026, 2, 23)),  # Tết Bính Ngọ 16–20/2/2026 (TB 9441/TB-BNV)
        (D(2026, 1, 9), 1, D(2026, 1, 10)),  # make-up Saturday (12729/VPCP-KGVX)
        (D(2026, 1, 1), 1, D(2026, 1, 5)),  # 2/1/2026 swapped day off
        (D(2026, 8, 28), 1, D(2026, 9, 3)),  # 31/8 swapped, 1–2/9 National Day
        (D(2026, 11, 23), 1, D(2026, 11, 25)),  # 24/11 Vietnam Culture Day
        (D(2025, 4, 25), 1, D(2025, 4, 26)),  # make-up Saturday 26/4/2025
        (D(2023, 4, 28), 1, D(2023, 5, 4)),  # 29/4–3/5/2023 with two compensatory days
        (D(2026, 2, 23), -1, D(2026, 2, 13)),
        (D(2026, 2, 16), 0, D(2026, 2, 23)),  # n == 0 on a day off: the next working day
        (D(2026, 2, 13), 0, D(2026, 2, 13)),  # n == 0 on a working day: the day itself
        (D(2026, 11, 20), 15, D(2026, 12, 14)),
        (D(2009, 4, 3), 1, D(2009, 4, 7)),  # Giỗ Tổ Sat 4/4/2009 (VN, not CN 5/4) -> Mon 6/4
    ],
)
def test_add_working_days_examples(start: dt.date, n: int, expected: dt.date) -> None:
    assert CAL.add_working_days(start, n) == expected
    assert add_working_days(start, n) == expected


def test_module_functions_use_the_national_calendar() -> None:
    assert is_working_day(D(2026, 11, 26))
    assert not is_working_day(D(2026, 11, 24))
    assert next_working_day(D(2026, 11, 23)) == D(2026, 11, 25)
    assert working_days_between(D(2026, 2, 13), D(2026, 2, 23)) == 1
    assert days_off(2026) == CAL.days_off(2026)
    assert make_up_days(2026) == CAL.make_up_days(2026)


def test_working_days_in_2026() -> None:
    # 261 weekdays − 14 weekday days off + 2 make-up Saturdays
    assert working_days_between(D(2025, 12, 31), D(2026, 12, 31)) == 261 - 14 + 2


def test_pre_2007_calendar_has_no_hung_kings_day() -> None:
    assert CAL.day_off(D(2006, 4, 7)) is None  # 10/3 Bính Tuất, before Law 84/2007/QH11
    assert CAL.day_off(D(2008, 4, 15)) is not None
    assert CAL.coverage(2006).status == "statutory"


def test_tet_before_2013_is_four_statutory_days() -> None:
    tet_2012 = [d for d in CAL.days_off(2012) if d.occasion == "tet" and d.kind == "holiday"]
    assert [d.date for d in tet_2012] == [
        D(2012, 1, 22),
        D(2012, 1, 23),
        D(2012, 1, 24),
        D(2012, 1, 25),
    ]
    # the eve 22/1/2012 is a Sunday: compensated on the next working day after the window
    comp = [d.date for d in CAL.days_off(2012) if d.kind == "compensatory" and d.occasion == "tet"]
    assert comp == [D(2012, 1, 26)]


def test_culture_day_only_from_1_july_2026() -> None:
    assert CAL.day_off(D(2025, 11, 24)) is None
    off = CAL.day_off(D(2026, 11, 24))
    assert off is not None and off.kind == "holiday" and "28/2026/QH16" in off.source


def test_pending_swap_of_november_2026_is_not_applied() -> None:
    assert CAL.is_working_day(D(2026, 11, 23))
    assert not CAL.is_working_day(D(2026, 11, 28))


def test_every_day_off_and_make_up_day_has_a_source() -> None:
    for year in range(2000, 2200):
        for d in CAL.days_off(year):
            assert d.source and d.name_vi and d.name_en
        for m in CAL.make_up_days(year):
            assert m.source and m.date.weekday() >= 5


def test_provisional_flags_follow_coverage() -> None:
    for year in range(2000, 2200):
        status = CAL.coverage(year).status
        provisional = any(d.provisional for d in CAL.days_off(year))
        assert provisional == (status == "provisional"), year
    assert CAL.coverage(2013).status == "provisional"  # 5-day Tết 2013 window not in the data
    assert CAL.coverage(2031).status == "provisional"


# -- invariants ---------------------------------------------------------------------------
@given(days, counts)
def test_result_is_a_working_day(d: dt.date, n: int) -> None:
    assert CAL.is_working_day(CAL.add_working_days(d, n))


@given(days, counts)
def test_result_is_strictly_after_or_before(d: dt.date, n: int) -> None:
    r = CAL.add_working_days(d, n)
    if n > 0:
        assert r > d
    elif n < 0:
        assert r < d
    else:
        assert r >= d
        assert CAL.working_days_between(d, r) == int(not CAL.is_working_day(d))


@given(days, counts, counts)
def test_monotone_in_n(d: dt.date, a: int, b: int) -> None:
    lo, hi = sorted((a, b))
    assert CAL.add_working_days(d, lo) <= CAL.add_working_days(d, hi)
    if lo < hi and lo != 0 and hi != 0:
        assert CAL.add_working_days(d, lo) < CAL.add_working_days(d, hi)


@given(days, st.integers(min_value=1, max_value=400))
def test_between_counts_what_add_adds(d: dt.date, n: int) -> None:
    assert CAL.working_days_between(d, CAL.add_working_days(d, n)) == n
    # working days in (r, d] are the n - 1 strictly between, plus d itself if it works
    assert CAL.working_days_between(d, CAL.add_working_days(d, -n)) == -(
        n - 1 + CAL.is_working_day(d)
    )


@given(days, st.integers(min_value=1, max_value=400))
def test_add_then_subtract_returns_a_working_day_start(d: dt.date, n: int) -> None:
    start = CAL.add_working_days(d, 0)  # the working day at or after d
    assert CAL.add_working_days(CAL.add_working_days(start, n), -n) == start


@given(days, days)
def test_between_is_antisymmetric_and_counts_days(a: dt.date, b: dt.date) -> None:
    assert CAL.working_days_between(a, b) == -CAL.working_days_between(b, a)
    lo, hi = sorted((a, b))
    if (hi - lo).days <= 400:
        naive = sum(
            CAL.is_working_day(lo + dt.timedelta(days=k)) for k in range(1, (hi - lo).days + 1)
        )
        assert CAL.working_days_between(lo, hi) == naive


@given(days)
def test_next_working_day_skips_only_days_off(d: dt.date) -> None:
    nxt = CAL.next_working_day(d)
    k = d + dt.timedelta(days=1)
    while k < nxt:
        assert not CAL.is_working_day(k)
        k += dt.timedelta(days=1)
    assert CAL.previous_working_day(nxt) <= d


@given(days)
def test_working_day_definition(d: dt.date) -> None:
    expected = CAL.make_up_day(d) is not None or (d.weekday() < 5 and CAL.day_off(d) is None)
    assert CAL.is_working_day(d) is expected


# -- overrides ----------------------------------------------------------------------------
def test_with_overrides_adds_days_off_and_working_days() -> None:
    local = with_overrides(
        CalendarOverride.day_off(D(2026, 3, 10), source="QĐ 1/QĐ-UBND", scope="tỉnh X"),
        CalendarOverride.working_day(D(2026, 11, 28), source="QĐ 2/QĐ-UBND"),
        id="vn/x",
    )
    assert local.id == "vn/x"
    assert not local.is_working_day(D(2026, 3, 10))
    assert local.is_working_day(D(2026, 11, 28))
    assert local.day_off(D(2026, 3, 10)).source == "QĐ 1/QĐ-UBND"  # type: ignore[union-attr]
    assert local.add_working_days(D(2026, 3, 9), 1) == D(2026, 3, 11)
    # the national calendar is untouched
    assert CAL.is_working_day(D(2026, 3, 10))
    assert len(local.overrides) == 2


def test_override_range_and_working_day_on_a_holiday() -> None:
    local = CAL.with_overrides(
        CalendarOverride.day_off(D(2026, 3, 9), end=D(2026, 3, 13), source="QĐ 3"),
        CalendarOverride.working_day(D(2026, 11, 24), source="QĐ 4"),
    )
    assert local.working_days_between(D(2026, 3, 8), D(2026, 3, 15)) == 0
    assert local.is_working_day(D(2026, 11, 24))


@pytest.mark.parametrize("source", ["", "   "])
def test_override_needs_a_source(source: str) -> None:
    with pytest.raises(CalendarDataError, match="source"):
        CalendarOverride.day_off(D(2026, 3, 10), source=source)


def test_override_must_be_an_override() -> None:
    with pytest.raises(OnestopError):
        CAL.with_overrides(D(2026, 3, 10))  # type: ignore[arg-type]


# -- bad input ----------------------------------------------------------------------------
@pytest.mark.parametrize("n", [1.0, "3", None, True, 2.5])
def test_non_integer_n_is_rejected(n: object) -> None:
    with pytest.raises(InvalidDurationError, match="integer"):
        CAL.add_working_days(D(2026, 1, 5), n)  # type: ignore[arg-type]


def test_numpy_integer_n_is_accepted() -> None:
    np = pytest.importorskip("numpy")
    assert CAL.add_working_days(D(2026, 2, 13), np.int64(1)) == D(2026, 2, 23)


@pytest.mark.parametrize(
    "bad", [dt.datetime(2026, 1, 5, 8, 0), "2026-13-01", "yesterday", 20260105, None]
)
def test_non_dates_are_rejected(bad: object) -> None:
    for call in (
        lambda: CAL.add_working_days(bad, 1),  # type: ignore[arg-type]
        lambda: CAL.is_working_day(bad),  # type: ignore[arg-type]
        lambda: CAL.working_days_between(bad, D(2026, 1, 1)),  # type: ignore[arg-type]
    ):
        with pytest.raises(InvalidDateError):
            call()


def test_iso_strings_are_accepted() -> None:
    assert CAL.add_working_days("2026-02-13", 1) == D(2026, 2, 23)  # type: ignore[arg-type]


@pytest.mark.parametrize("bad", [D(1999, 12, 31), D(2200, 1, 1), D(1, 1, 1)])
def test_out_of_range_dates(bad: dt.date) -> None:
    with pytest.raises(OutOfRangeError, match="outside calendar 'vn'"):
        CAL.add_working_days(bad, 1)
    with pytest.raises(OutOfRangeError):
        CAL.is_working_day(bad)


def test_result_out_of_range() -> None:
    with pytest.raises(OutOfRangeError):
        CAL.add_working_days(D(2199, 12, 30), 10)
    with pytest.raises(OutOfRangeError):
        CAL.add_working_days(D(2000, 1, 3), -10)


@pytest.mark.parametrize("year", [1999, 2200, "2026", True])
def test_bad_years(year: object) -> None:
    with pytest.raises(OnestopError):
        CAL.days_off(year)  # type: ignore[arg-type]


def test_errors_are_also_builtin_errors() -> None:
    with pytest.raises(ValueError):  # noqa: PT011 - the builtin is the point
        CAL.add_working_days(D(2026, 1, 1), 1.5)  # type: ignore[arg-type]
