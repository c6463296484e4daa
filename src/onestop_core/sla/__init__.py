"""The SLA clock (thời hạn giải quyết): a pure function from a time limit, events, a calendar,
policies and ``now`` to an :class:`SlaState`.

>>> import datetime as dt
>>> from onestop_core._time import VN_TZ
>>> due_at(dt.datetime(2024, 4, 26, 16, tzinfo=VN_TZ), working_days=3).isoformat()
'2024-05-04T16:00:00+07:00'
"""

from onestop_core.sla.clock import ClockEvent, ClockEventKind, ClockSource
from onestop_core.sla.deadlines import clock_start, compute_due
from onestop_core.sla.evaluate import classify, due_at, evaluate
from onestop_core.sla.policies import (
    ClassificationGranularity,
    ExtensionNoticePolicy,
    SlaPolicies,
    SupplementPolicy,
)
from onestop_core.sla.state import Pause, SlaState, SlaStatus, Timeliness

__all__ = [
    "ClassificationGranularity",
    "ClockEvent",
    "ClockEventKind",
    "ClockSource",
    "ExtensionNoticePolicy",
    "Pause",
    "SlaPolicies",
    "SlaState",
    "SlaStatus",
    "SupplementPolicy",
    "Timeliness",
    "classify",
    "clock_start",
    "compute_due",
    "due_at",
    "evaluate",
]
