"""A report's whole content as plain data: what the exports print and what a snapshot freezes.

``report_content(report)`` reads the live report; ``ReportContent.to_json()`` and
``from_json()`` store it in a ReportSnapshot and bring it back, so that an approved or issued
report can be produced again exactly, whatever happens to the live rows later.

A snapshot stands alone: besides the figures and texts it records the form as it stood (every
row's code, label, unit, kind, note, italics, remark and ratio parts; each section's heading,
title and footnotes; the annex's titles) and the narrative as it was written out, so a later
change of the catalogue or of the narrative's wording does not change an approved document.
Each explanation's author (full name) and time are recorded beside its text
(``explained_by``). Snapshots taken before these keys existed still load: their documents fall
back to the live catalogue and narrative (``forms_of`` and ``body_of``), and print their
explanations without who and when.
"""

from dataclasses import asdict, dataclass, field, fields
from datetime import date, datetime
from decimal import Decimal

from reports import catalogue, narrative
from reports.explanations import Explanation
from reports.models import Report
from reports.narrative import Block
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
# The row attributes a document prints or computes from (ratio parts), as a snapshot keeps them.
ROW_KEYS = (
    "ref",
    "stt",
    "label",
    "unit",
    "kind",
    "note",
    "italic",
    "remark",
    "numerator",
    "denominator",
)


@dataclass
class ReportContent:
    commune_name: str  # "Nam Thanh Miện"
    commune_kind: str  # "xã", "phường", "đặc khu"
    city_name: str  # "Hải Phòng"
    period: str  # "2026-Q2"
    status: str
    number: object = ""  # as stored on the report; printed through ``number_text``
    issued_on: date | None = None
    signer_name: str = ""
    signer_titles: list[str] = field(default_factory=list)
    texts: dict[str, str] = field(default_factory=dict)  # Report text field → text
    values: dict[str, object] = field(default_factory=dict)  # ref → int | Decimal | None
    notes: dict[str, str] = field(default_factory=dict)  # ref → Ghi chú text
    explanations: dict[str, str] = field(default_factory=dict)  # rule code → text
    number_text: str = ""  # "Số: 07/BC-UBND" (Report.number_text); "" before the number
    commune_id: int | None = None
    commune_code: str = ""
    # The form as it stood: [{key, heading, title, footnotes, rows: [{ROW_KEYS}]}], the seven
    # Biểu mẫu then the section II figures; and the annex's titles and column headings.
    forms: list[dict] = field(default_factory=list)
    annex: dict[str, str] = field(default_factory=dict)
    # The narrative as it was written out: [{style, text, italic}].
    body: list[dict] = field(default_factory=list)
    # Who wrote each explanation and when: {rule code: {"author": full name, "at": ISO time}}.
    explained_by: dict[str, dict] = field(default_factory=dict)
    # When this content was frozen (the snapshot's time); None for the live report. Not part
    # of the stored JSON: the snapshot row keeps it.
    frozen_at: datetime | None = field(default=None, compare=False)

    @property
    def period_obj(self) -> Period:
        return Period.parse(self.period)

    @property
    def commune_official(self) -> str:
        """ "xã Nam Thanh Miện" """
        return f"{self.commune_kind} {self.commune_name}"

    def to_json(self) -> dict:
        data = asdict(self)
        del data["frozen_at"]
        if not self.explained_by:
            # Absent rather than empty: an old snapshot's content keeps its JSON, and so the
            # content hash its documents carry.
            del data["explained_by"]
        data["issued_on"] = self.issued_on.isoformat() if self.issued_on else None
        data["values"] = {
            ref: (str(v) if isinstance(v, Decimal) else v) for ref, v in self.values.items()
        }
        return data

    @classmethod
    def from_json(cls, data: dict) -> "ReportContent":
        known = {f.name for f in fields(cls)} - {"frozen_at"}
        data = {key: value for key, value in data.items() if key in known}
        if data.get("issued_on"):
            data["issued_on"] = date.fromisoformat(data["issued_on"])
        # Money is the only kind stored as text ("19884.000"); counts, codes are integers. The
        # type alone decides, so a value whose row has left the catalogue still loads.
        data["values"] = {
            ref: (Decimal(v) if isinstance(v, str) else v)
            for ref, v in data.get("values", {}).items()
        }
        return cls(**data)


def form_record() -> list[dict]:
    """The live catalogue's sections (the seven Biểu mẫu, then the section II figures) as a
    snapshot keeps them."""
    return [
        {
            "key": section.key,
            "heading": section.heading,
            "title": section.title,
            "footnotes": list(section.footnotes),
            "rows": [
                {
                    key: str(getattr(row, key)) if key == "kind" else getattr(row, key)
                    for key in ROW_KEYS
                }
                for row in section.rows
            ],
        }
        for section in catalogue.SECTIONS
    ]


def annex_record() -> dict[str, str]:
    return {
        "name": catalogue.ANNEX_NAME,
        "title": catalogue.ANNEX_TITLE,
        "subtitle": catalogue.ANNEX_SUBTITLE,
        "column_label": catalogue.COLUMN_HEADER_LABEL,
        "column_note": catalogue.COLUMN_HEADER_NOTE,
    }


def forms_of(content: ReportContent) -> list[dict]:
    """The form the content's documents print: its own record, or (a snapshot taken before
    records existed) the live catalogue."""
    return content.forms or form_record()


def annex_of(content: ReportContent) -> dict[str, str]:
    return content.annex or annex_record()


def body_of(content: ReportContent) -> list[Block]:
    """The narrative the documents print: as recorded, or written out now from the figures."""
    if content.body:
        return [Block(b["style"], b["text"], b.get("italic", "")) for b in content.body]
    return narrative.body(content)


def report_content(report: Report) -> ReportContent:
    """The live content of the report (figures, notes, narrative, signer, and the form they
    are printed on)."""
    values: dict[str, object] = {}
    notes: dict[str, str] = {}
    for key, figures in figure_sets(report).items():
        values.update(figures.values())
        notes.update({f"{key}.{name}": text for name, text in figures.notes.items() if text})
    signer = getattr(report.approved_by, "profile", None) if report.approved_by_id else None
    commune = report.commune
    content = ReportContent(
        commune_name=commune.name,
        commune_kind=commune.get_kind_display().lower(),
        city_name=commune.city.name,
        period=str(report.period),
        status=report.status,
        number=report.number,
        issued_on=report.issued_on,
        signer_name=signer.full_name if signer else "",
        signer_titles=signer.signature_titles if signer else [],
        texts={name: getattr(report, name) for name in TEXT_FIELDS},
        values=values,
        notes=notes,
        number_text=report.number_text if report.number else "",
        commune_id=commune.pk,
        commune_code=commune.code,
        forms=form_record(),
        annex=annex_record(),
    )
    content.body = [asdict(block) for block in narrative.body(content)]
    _record_explanations(report, content)
    return content


def explanations_by_report(explanations) -> dict[int, dict[str, Explanation]]:
    """{report id: {rule code: Explanation}} of a ``WarningExplanation`` queryset, each with its
    author's full name (or user name) and its time (one query)."""
    found: dict[int, dict[str, Explanation]] = {}
    rows = explanations.order_by("report_id", "rule_code").values_list(
        "report_id", "rule_code", "text", "author__profile__full_name", "author__username",
        "updated_at",
    )  # fmt: skip
    for report_id, code, text, full_name, username, at in rows:
        found.setdefault(report_id, {})[code] = Explanation(text, full_name or username, at)
    return found


def _record_explanations(report: Report, content: ReportContent) -> None:
    """The report's explanations, each with its author and its time."""
    found = explanations_by_report(report.explanations.all()).get(report.pk, {})
    for code, explanation in found.items():
        content.explanations[code] = explanation.text
        content.explained_by[code] = {
            "author": explanation.author,
            "at": explanation.at.isoformat(),
        }


def content_explanations(content: ReportContent) -> dict[str, Explanation]:
    """{rule code: Explanation} of the content; who and when are blank for an explanation an old
    snapshot recorded without them."""
    found = {}
    for code, text in content.explanations.items():
        by = content.explained_by.get(code, {})
        at = datetime.fromisoformat(by["at"]) if by.get("at") else None
        found[code] = Explanation(text, by.get("author", ""), at)
    return found
