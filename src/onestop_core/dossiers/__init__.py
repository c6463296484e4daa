"""Dossiers (hồ sơ): events, the lifecycle state machine, codes, storage and forms."""

from onestop_core.dossiers.applicant import Applicant
from onestop_core.dossiers.events import (
    Accepted,
    ClosedIncomplete,
    Decided,
    Delivered,
    DeliveryMethod,
    DossierEvent,
    DossierHeader,
    ExcludedIntervalEnded,
    ExcludedIntervalStarted,
    Extended,
    FinancialObligationNotified,
    FinancialObligationPaid,
    Outcome,
    Refused,
    Resumed,
    Stopped,
    Submitted,
    SupplementCompleted,
    SupplementRequested,
    Suspended,
    Transferred,
    Withdrawn,
)
from onestop_core.dossiers.model import Dossier
from onestop_core.dossiers.rules import RuleContext
from onestop_core.dossiers.status import DossierStatus

__all__ = [
    "Accepted",
    "Applicant",
    "ClosedIncomplete",
    "Decided",
    "Delivered",
    "DeliveryMethod",
    "Dossier",
    "DossierEvent",
    "DossierHeader",
    "DossierStatus",
    "ExcludedIntervalEnded",
    "ExcludedIntervalStarted",
    "Extended",
    "FinancialObligationNotified",
    "FinancialObligationPaid",
    "Outcome",
    "Refused",
    "Resumed",
    "RuleContext",
    "Stopped",
    "Submitted",
    "SupplementCompleted",
    "SupplementRequested",
    "Suspended",
    "Transferred",
    "Withdrawn",
]
