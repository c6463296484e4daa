"""Dossiers (hồ sơ): events, the lifecycle state machine, codes, storage and forms."""

from onestop_core.dossiers.applicant import Applicant
from onestop_core.dossiers.codes import DossierCode, DossierCodeForm, DossierCodeRule
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
from onestop_core.dossiers.serialization import EVENT_TYPES, event_from_dict, event_to_dict
from onestop_core.dossiers.sqlite_store import SQLiteDossierStore
from onestop_core.dossiers.status import DossierStatus
from onestop_core.dossiers.store import DossierStore, MemoryDossierStore, StoreTransaction

__all__ = [
    "EVENT_TYPES",
    "Accepted",
    "Applicant",
    "ClosedIncomplete",
    "Decided",
    "Delivered",
    "DeliveryMethod",
    "Dossier",
    "DossierCode",
    "DossierCodeForm",
    "DossierCodeRule",
    "DossierEvent",
    "DossierHeader",
    "DossierStatus",
    "DossierStore",
    "ExcludedIntervalEnded",
    "ExcludedIntervalStarted",
    "Extended",
    "FinancialObligationNotified",
    "FinancialObligationPaid",
    "MemoryDossierStore",
    "Outcome",
    "Refused",
    "Resumed",
    "RuleContext",
    "SQLiteDossierStore",
    "Stopped",
    "StoreTransaction",
    "Submitted",
    "SupplementCompleted",
    "SupplementRequested",
    "Suspended",
    "Transferred",
    "Withdrawn",
    "event_from_dict",
    "event_to_dict",
]
