"""Administrative procedures (thủ tục hành chính, TTHC): records, catalogue, units, agencies."""

from onestop_core.procedures.time_limits import PauseReason, ProcessingTime, TimeUnit

__all__ = ["PauseReason", "ProcessingTime", "TimeUnit"]
