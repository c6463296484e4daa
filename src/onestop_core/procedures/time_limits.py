"""Processing time limits of a procedure (thời hạn giải quyết), per channel.

A procedure states its time as working days (ngày làm việc, the usual case), calendar days
(ngày), hours (giờ) or the same day (trong ngày) — ``law.md`` §2.9. The SLA clock
(:mod:`onestop_core.sla`) turns a :class:`ProcessingTime` into a due instant.

>>> limit = ProcessingTime.working_days(15)
>>> limit.value, limit.unit.value, str(limit)
(Fraction(15, 1), 'working_days', '15 ngày làm việc')
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from fractions import Fraction

import attrs

from onestop_core.errors import InvalidDurationError

__all__ = ["PauseReason", "ProcessingTime", "TimeUnit"]


class TimeUnit(enum.Enum):
    """Unit of a processing time (đơn vị thời gian)."""

    #: ngày làm việc — working days of the civil-service calendar.
    WORKING_DAYS = "working_days"
    #: ngày — calendar days; a period ending on a day off ends on the next working day
    #: (Civil Code 2015 Art. 148(5)).
    CALENDAR_DAYS = "calendar_days"
    #: giờ — working hours, added across office-hour intervals.
    WORKING_HOURS = "working_hours"
    #: trong ngày — the same working day, with a cut-off time (15h00 by default) after which the
    #: result is due at the close of the next working day, as Luật Hộ tịch Art. 5(3) says.
    SAME_DAY = "same_day"

    @property
    def label_vi(self) -> str:
        """The Vietnamese label."""
        return _LABELS_VI[self]


_LABELS_VI = {
    TimeUnit.WORKING_DAYS: "ngày làm việc",
    TimeUnit.CALENDAR_DAYS: "ngày",
    TimeUnit.WORKING_HOURS: "giờ làm việc",
    TimeUnit.SAME_DAY: "trong ngày",
}


class PauseReason(enum.Enum):
    """Why the clock may stop for a while (thời gian không tính vào thời hạn giải quyết).

    The clock pauses for a reason only where the procedure flags it in
    :attr:`ProcessingTime.excluded` (e.g. land procedures under Decree 101/2024 exclude
    financial obligations and expert assessment), except ``SUSPENSION``, which always pauses.
    """

    FINANCIAL_OBLIGATION = "financial_obligation"  # xác định và thực hiện nghĩa vụ tài chính
    EXPERT_ASSESSMENT = "expert_assessment"  # trưng cầu giám định
    PUBLIC_POSTING = "public_posting"  # niêm yết, thông báo công khai
    VIOLATION_HANDLING = "violation_handling"  # xử lý vi phạm
    SUSPENSION = "suspension"  # tạm dừng theo yêu cầu của cơ quan có thẩm quyền


def _reasons(value: Iterable[PauseReason]) -> frozenset[PauseReason]:
    return frozenset(value)


def _value(v: object) -> Fraction:
    if isinstance(v, bool) or not isinstance(v, int | float | Fraction | str):
        raise InvalidDurationError(f"a processing time needs a number, got {v!r}")
    try:
        f = Fraction(v)
    except (ValueError, ZeroDivisionError):
        raise InvalidDurationError(f"a processing time needs a number, got {v!r}") from None
    if f < 0:
        raise InvalidDurationError(f"a processing time cannot be negative, got {v!r}")
    return f


@attrs.frozen(kw_only=True)
class ProcessingTime:
    """A time limit: a value and a :class:`TimeUnit`, plus the pause reasons it excludes.

    Fractional working days (``Fraction(1, 2)``) are counted as working hours (half of the
    day's office hours, see :mod:`onestop_core.sla`).

    >>> str(ProcessingTime.working_days(3))
    '3 ngày làm việc'
    """

    value: Fraction = attrs.field(converter=_value)
    unit: TimeUnit
    excluded: frozenset[PauseReason] = attrs.field(default=frozenset(), converter=_reasons)
    note: str = ""

    def __attrs_post_init__(self) -> None:
        if not isinstance(self.unit, TimeUnit):
            raise InvalidDurationError(f"unit must be a TimeUnit, got {self.unit!r}")

    @classmethod
    def working_days(cls, n: int | Fraction, **kw: object) -> ProcessingTime:
        """``n`` ngày làm việc."""
        return cls(value=n, unit=TimeUnit.WORKING_DAYS, **kw)  # type: ignore[arg-type]

    @classmethod
    def working_hours(cls, h: int | Fraction, **kw: object) -> ProcessingTime:
        """``h`` giờ làm việc."""
        return cls(value=h, unit=TimeUnit.WORKING_HOURS, **kw)  # type: ignore[arg-type]

    @classmethod
    def calendar_days(cls, n: int, **kw: object) -> ProcessingTime:
        """``n`` ngày (calendar days)."""
        return cls(value=n, unit=TimeUnit.CALENDAR_DAYS, **kw)  # type: ignore[arg-type]

    @classmethod
    def same_day(cls, **kw: object) -> ProcessingTime:
        """Trong ngày (same working day, with the cut-off rule)."""
        return cls(value=0, unit=TimeUnit.SAME_DAY, **kw)  # type: ignore[arg-type]

    def __str__(self) -> str:
        if self.unit is TimeUnit.SAME_DAY:
            return "trong ngày"
        v = self.value
        text = str(v.numerator) if v.denominator == 1 else f"{float(v):g}"
        return f"{text} {self.unit.label_vi}"
