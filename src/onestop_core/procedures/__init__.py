"""Administrative procedures (thủ tục hành chính, TTHC): records, catalogue, units, agencies.

>>> from onestop_core.procedures import sample_catalogue
>>> sample_catalogue().get("1.001193").name_vi
'Thủ tục đăng ký khai sinh'
"""

from onestop_core.procedures.agencies import Agency, AgencyId, AgencyIdForm, AgencyKind
from onestop_core.procedures.catalogue import Catalogue, fold_vietnamese
from onestop_core.procedures.enums import (
    GOVERNMENT_INSTRUMENT_COMPONENTS,
    MANDATORY_COMPONENTS,
    BoundaryScope,
    Channel,
    GovLevel,
    OnlineLevel,
    ProcedureComponent,
    ProcedureKind,
)
from onestop_core.procedures.parts import (
    AgencyRef,
    ChannelOption,
    Confidence,
    DocumentRequirement,
    DossierComponentGroup,
    Fee,
    LegalBasis,
    PostalService,
    ResultDocument,
    Sector,
    StepGroup,
    Subject,
)
from onestop_core.procedures.records import Procedure, national_code_of
from onestop_core.procedures.sample import sample_catalogue
from onestop_core.procedures.time_limits import PauseReason, ProcessingTime, TimeUnit
from onestop_core.procedures.units import AdministrativeUnit, AdminUnits, UnitLevel, admin_units

__all__ = [
    "GOVERNMENT_INSTRUMENT_COMPONENTS",
    "MANDATORY_COMPONENTS",
    "AdminUnits",
    "AdministrativeUnit",
    "Agency",
    "AgencyId",
    "AgencyIdForm",
    "AgencyKind",
    "AgencyRef",
    "BoundaryScope",
    "Catalogue",
    "Channel",
    "ChannelOption",
    "Confidence",
    "DocumentRequirement",
    "DossierComponentGroup",
    "Fee",
    "GovLevel",
    "LegalBasis",
    "OnlineLevel",
    "PauseReason",
    "PostalService",
    "Procedure",
    "ProcedureComponent",
    "ProcedureKind",
    "ProcessingTime",
    "ResultDocument",
    "Sector",
    "StepGroup",
    "Subject",
    "TimeUnit",
    "UnitLevel",
    "admin_units",
    "fold_vietnamese",
    "national_code_of",
    "sample_catalogue",
]
