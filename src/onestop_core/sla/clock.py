"""Clock events: what the SLA clock needs to know of a dossier's history.

The clock is below the dossier layer: it does not know dossiers, only :class:`ClockEvent`
values. Anything with a ``clock_event()`` method (a :class:`ClockSource`, e.g.
``onestop_core.dossiers.DossierEvent``) can be passed to
:func:`onestop_core.sla.evaluate`.

>>> import datetime as dt
>>> from onestop_core._time import VN_TZ
>>> ClockEvent.start(dt.datetime(2026, 11, 26, 9, tzinfo=VN_TZ)).kind
<ClockEventKind.START: 'start'>
"""

from __future__ import annotations

import datetime as dt
import enum
from typing import Protocol, runtime_checkable

import attrs

from onestop_core._time import ensure_aware
from onestop_core.errors import InvalidDateError
from onestop_core.procedures.time_limits import PauseReason

__all__ = ["ClockEvent", "ClockEventKind", "ClockSource"]


class ClockEventKind(enum.Enum):
    """What happened, as far as the clock is concerned."""

    #: The complete dossier is accepted (tiếp nhận). For a postal dossier, when the hand-over
    #: record is signed; for a boundary-free one under Decree 309/2026, when the competent
    #: agency receives it.
    START = "start"
    SUPPLEMENT_REQUESTED = "supplement_requested"  # yêu cầu bổ sung, hoàn thiện hồ sơ
    SUPPLEMENT_COMPLETED = "supplement_completed"  # nhận đủ hồ sơ bổ sung
    PAUSE = "pause"  # an excluded interval begins (nghĩa vụ tài chính, giám định, tạm dừng)
    RESUME = "resume"
    EXTEND = "extend"  # Phiếu đề nghị gia hạn: a new due date
    DECIDE = "decide"  # đã xử lý xong: the result exists
    STOP = "stop"  # withdrawn, stopped, refused or closed incomplete: no verdict


def _aware(_inst: object, attribute: attrs.Attribute[dt.datetime], value: dt.datetime) -> None:
    ensure_aware(value, name=attribute.name)


def _aware_or_none(
    _inst: object, attribute: attrs.Attribute[dt.datetime | None], value: dt.datetime | None
) -> None:
    if value is not None:
        ensure_aware(value, name=attribute.name)


@attrs.frozen(kw_only=True)
class ClockEvent:
    """One clock event at an aware instant ``at``.

    ``reason`` qualifies PAUSE/RESUME (the clock pauses only for reasons the procedure
    excludes, or a suspension); ``new_due`` is the extended due instant of EXTEND; ``label``
    says what happened in words, for explanations.
    """

    kind: ClockEventKind
    at: dt.datetime = attrs.field(validator=_aware)
    reason: PauseReason | None = None
    new_due: dt.datetime | None = attrs.field(default=None, validator=_aware_or_none)
    label: str = ""

    def __attrs_post_init__(self) -> None:
        if self.kind is ClockEventKind.EXTEND and self.new_due is None:
            raise InvalidDateError("an EXTEND clock event needs new_due")
        if self.kind in (ClockEventKind.PAUSE, ClockEventKind.RESUME) and self.reason is None:
            raise InvalidDateError(f"a {self.kind.value} clock event needs a reason")

    def clock_event(self) -> ClockEvent:
        """A clock event is its own clock source."""
        return self

    @classmethod
    def start(cls, at: dt.datetime, label: str = "accepted") -> ClockEvent:
        """The clock starts (acceptance of a complete dossier)."""
        return cls(kind=ClockEventKind.START, at=at, label=label)

    @classmethod
    def decide(cls, at: dt.datetime, label: str = "decided") -> ClockEvent:
        """The result exists: the clock stops and the dossier is classified."""
        return cls(kind=ClockEventKind.DECIDE, at=at, label=label)


@runtime_checkable
class ClockSource(Protocol):
    """Anything that can say what it means to the clock (or ``None``: nothing)."""

    def clock_event(self) -> ClockEvent | None:
        """The clock event this object stands for, if any."""
        ...
