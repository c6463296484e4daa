"""Named policies for the disputed points of the deadline clock (``law.md`` §2.5–§2.8, §9.4).

Every rule the law leaves open is a policy with a documented default, recorded in each
``SlaState`` so a verdict can be explained.

>>> SlaPolicies().supplement
<SupplementPolicy.RESTART: 'restart'>
"""

from __future__ import annotations

import datetime as dt
import enum
from fractions import Fraction

import attrs

from onestop_core.errors import InvalidDurationError

__all__ = [
    "ClassificationGranularity",
    "ExtensionNoticePolicy",
    "SlaPolicies",
    "SupplementPolicy",
]


class SupplementPolicy(enum.Enum):
    """What a supplement request during appraisal (yêu cầu bổ sung) does to the clock.

    ``RESTART`` (default): the full time limit starts again once the complete dossier is
    received — Decree 118/2025 Art. 19(5), Decree 61/2018 Art. 19(4) ("thời hạn giải quyết
    được tính lại từ đầu"). ``PAUSE``: the clock freezes and resumes with the remaining
    working time (only where sector law says so). ``LEGACY_TH``: the pre-Decree behaviour of
    the Thanh Hóa system (old due date + elapsed calendar days − 1, then + 1 working day, at
    the opening), kept to re-judge historical data (``law.md`` §2.5, E10).
    """

    RESTART = "restart"
    PAUSE = "pause"
    LEGACY_TH = "legacy_th"


class ClassificationGranularity(enum.Enum):
    """How a decision is classified early / on time / late (``law.md`` §2.8).

    ``DATE`` (default, as national reports do): compare local dates only. ``DATETIME``: a
    decision after the due instant is late even on the due date.
    """

    DATE = "date"
    DATETIME = "datetime"


class ExtensionNoticePolicy(enum.Enum):
    """What "no later than 01 day before the due date" means (Decree 118/2025 Art. 19(6)).

    ``PREVIOUS_WORKING_DAY`` (default): the letter must be issued by the end of the working
    day before the due date. ``PREVIOUS_CALENDAR_DAY``: by the end of the calendar day before.
    """

    PREVIOUS_WORKING_DAY = "previous_working_day"
    PREVIOUS_CALENDAR_DAY = "previous_calendar_day"


def _cutoff(value: dt.time) -> dt.time:
    if not isinstance(value, dt.time) or value.tzinfo is not None:
        raise InvalidDurationError(f"same_day_cutoff must be a naive local time, got {value!r}")
    return value


def _hours(value: object) -> Fraction:
    if isinstance(value, bool) or not isinstance(value, int | float | Fraction):
        raise InvalidDurationError(f"hours_per_working_day must be a number, got {value!r}")
    f = Fraction(value)
    if f <= 0:
        raise InvalidDurationError(f"hours_per_working_day must be positive, got {value!r}")
    return f


@attrs.frozen(kw_only=True)
class SlaPolicies:
    """The policies the clock applies; defaults follow the law as verified (``law.md`` §9.4).

    >>> SlaPolicies(granularity=ClassificationGranularity.DATETIME).granularity.value
    'datetime'
    """

    supplement: SupplementPolicy = SupplementPolicy.RESTART
    granularity: ClassificationGranularity = ClassificationGranularity.DATE
    extension_notice: ExtensionNoticePolicy = ExtensionNoticePolicy.PREVIOUS_WORKING_DAY
    #: The cut-off of same-day procedures (trong ngày). Received before this local time, the
    #: result is due at that day's close, otherwise at the next working day's close
    #: (Luật Hộ tịch 2014 Art. 5(3)).
    same_day_cutoff: dt.time = attrs.field(default=dt.time(15, 0), converter=_cutoff)
    #: A due instant at an opening is shown as the previous closing (§9.4 rule 4).
    normalize_due_to_close: bool = True
    #: Office hours in one working day, for fractional working-day limits (e.g. 0.5 day).
    hours_per_working_day: Fraction = attrs.field(default=Fraction(8), converter=_hours)
    #: Judge timeliness against the extended due date (True, as the system shows it after a
    #: Phiếu đề nghị gia hạn) or against the original one (False, for strict statistics).
    judge_against_extended_due: bool = True

    def describe(self) -> tuple[str, ...]:
        """One line per policy, for explanations."""
        return (
            f"supplement: {self.supplement.value}",
            f"classification: {self.granularity.value}",
            f"extension notice: {self.extension_notice.value}",
            f"same-day cut-off: {self.same_day_cutoff:%H:%M}",
            f"due at an opening shown as previous close: {self.normalize_due_to_close}",
            f"judge against extended due date: {self.judge_against_extended_due}",
        )
