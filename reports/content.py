"""A report's whole content as plain data: what the exports print and what a snapshot freezes.

``report_content(report)`` reads the live report; ``ReportContent.to_json()`` and
``from_json()`` store it in a ReportSnapshot and bring it back, so that an approved or issued
report can be produced again exactly, whatever happens to the live rows later.
"""

from dataclasses import asdict, dataclass, field
from datetime import date
from decimal import Decimal

from reports import catalogue
from reports.catalogue import Kind
from reports.models import Report
from reports.periods import Period
from reports.services import figure_sets

TEXT_FIELDS = (
    "basis",
    "section_1",
    "section_2_institutions",
    "section_2_procedures",
    "section_2_civil_service",
    "section_3",
    "section_4",
    "section_5",
    "recipients",
)


@dataclass
class ReportContent:
    commune_name: str  # "Nam Thanh Miện"
    commune_kind: str  # "xã", "phường", "đặc khu"
    city_name: str  # "Hải Phòng"
    period: str  # "2026-Q2"
    status: str
    number: str = ""
    issued_on: date | None = None
    signer_name: str = ""
    signer_titles: list[str] = field(default_factory=list)
    texts: dict[str, str] = field(default_factory=dict)  # Report text field → text
    values: dict[str, object] = field(default_factory=dict)  # ref → int | Decimal | None
    notes: dict[str, str] = field(default_factory=dict)  # ref → Ghi chú text
    explanations: dict[str, str] = field(default_factory=dict)  # rule code → text

    @property
    def period_obj(self) -> Period:
        return Period.parse(self.period)

    @property
    def commune_official(self) -> str:
        """ "xã Nam Thanh Miện" """
        return f"{self.commune_kind} {self.commune_name}"

    def to_json(self) -> dict:
        data = asdict(self)
        data["issued_on"] = self.issued_on.isoformat() if self.issued_on else None
        data["values"] = {
            ref: (str(v) if isinstance(v, Decimal) else v) for ref, v in self.values.items()
        }
        return data

    @classmethod
    def from_json(cls, data: dict) -> "ReportContent":
        data = dict(data)
        if data.get("issued_on"):
            data["issued_on"] = date.fromisoformat(data["issued_on"])
        data["values"] = {
            ref: (Decimal(v) if v is not None and catalogue.ROWS[ref].kind == Kind.MONEY else v)
            for ref, v in data["values"].items()
        }
        return cls(**data)


def report_content(report: Report) -> ReportContent:
    """The live content of the report (figures, notes, narrative, signer)."""
    values: dict[str, object] = {}
    notes: dict[str, str] = {}
    for key, figures in figure_sets(report).items():
        values.update(figures.values())
        notes.update({f"{key}.{name}": text for name, text in figures.notes.items() if text})
    signer = getattr(report.approved_by, "profile", None) if report.approved_by_id else None
    return ReportContent(
        commune_name=report.commune.name,
        commune_kind=report.commune.get_kind_display().lower(),
        city_name=report.commune.city.name,
        period=str(report.period),
        status=report.status,
        number=report.number,
        issued_on=report.issued_on,
        signer_name=signer.full_name if signer else "",
        signer_titles=signer.signature_titles if signer else [],
        texts={name: getattr(report, name) for name in TEXT_FIELDS},
        values=values,
        notes=notes,
        explanations=dict(report.explanations.values_list("rule_code", "text")),
    )
