"""Models of the reports app, one module per subject; everything is re-exported here."""

from .apparatus import ApparatusFigures
from .civil_service import CivilServiceFigures
from .deadlines import DeadlineMonth, PeriodType, ReportingDeadline
from .digital import DigitalFigures
from .documents import ProducedDocument, StoredFile
from .figures import FigureSet
from .finance import FinanceFigures
from .institutions import InstitutionFigures
from .narrative import NarrativeFigures
from .people import COMMUNE_ROLES, Position, Profile, Role
from .places import City, Commune
from .procedures import ProcedureFigures
from .records import AuditEntry, ReportSnapshot, SignedDocument, WarningExplanation
from .report import FROZEN_STATUSES, PeriodKind, Report, ReportFrozen, Status
from .steering import SteeringFigures
from .tasks import PreparedFile, WorkerHeartbeat

FIGURE_MODELS = {
    "b1": SteeringFigures,
    "b2": InstitutionFigures,
    "b3": ProcedureFigures,
    "b4": ApparatusFigures,
    "b5": CivilServiceFigures,
    "b6": FinanceFigures,
    "b7": DigitalFigures,
    "ii": NarrativeFigures,
}

__all__ = [
    "COMMUNE_ROLES",
    "FIGURE_MODELS",
    "FROZEN_STATUSES",
    "ApparatusFigures",
    "AuditEntry",
    "City",
    "CivilServiceFigures",
    "Commune",
    "DeadlineMonth",
    "DigitalFigures",
    "FigureSet",
    "FinanceFigures",
    "InstitutionFigures",
    "NarrativeFigures",
    "PeriodKind",
    "PeriodType",
    "Position",
    "PreparedFile",
    "ProcedureFigures",
    "ProducedDocument",
    "Profile",
    "Report",
    "ReportFrozen",
    "ReportSnapshot",
    "ReportingDeadline",
    "Role",
    "SignedDocument",
    "Status",
    "SteeringFigures",
    "StoredFile",
    "WarningExplanation",
    "WorkerHeartbeat",
]
