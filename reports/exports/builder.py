"""One report → the content of its document, as plain data; the renderers only lay it out.

``build(content)`` gives everything the Word report and the Excel annex print: the header, the
title, the narrative blocks, the signature block and the seven tables of Phụ lục III (plus, for
Excel, the section II figures and the rules' errors and warnings with their explanations) with
each value both raw (for Excel) and formatted (for Word), and the document's properties and
identity. Both renderers read the same ``Document``, so Word and Excel cannot disagree. The
tables, the narrative and the rules' lines come from the content's own record of the form
(``reports.content``), so a frozen snapshot prints the form it was approved on.

``identity(content)`` is the report's identity as the documents carry it in their subject
property (which LibreOffice copies into the PDF's Info dictionary): a machine-readable line with
the commune, the period, the status and the SHA-256 of the canonical content JSON
(``content_hash``), for a later check that a signed file is the one this application produced.
"""

import hashlib
import json
import re
from dataclasses import dataclass
from datetime import UTC, datetime

from reports.catalogue import Kind
from reports.content import ReportContent, annex_of, body_of, content_explanations, forms_of
from reports.explanations import WarningLine, explanation_lines, row_names
from reports.models import FROZEN_STATUSES, Status
from reports.narrative import Block
from reports.numbers import PERCENT_UNIT as PERCENT_UNIT  # re-exported for the renderers
from reports.numbers import format_value, long_date, ratio
from reports.periods import Period
from reports.texts import strip_accents

BLANK = "…"
LANGUAGE = "vi-VN"  # the documents' language: every run of the DOCX, both files' properties
NATION = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc")
# "Trực tuyến = 0 Phát phiếu = 1 Kết hợp = 2": a unit listing a code's choices, one a line.
_CHOICE_BREAK = re.compile(r"(?<== \d) ")


@dataclass(frozen=True)
class TableRow:
    ref: str
    stt: str
    label: str
    note: str  # italic suffix of the label
    unit: str
    kind: Kind
    value: object  # int | Decimal | None; a ratio as its percentage (Decimal("99.33"))
    text: str  # the value as printed: "5.650", "99,33" (the unit column says "%"), ""
    remark: str  # Ghi chú: the form's own text and the commune's note
    italic: bool
    bold: bool  # first-level items of the form ("1.", "2.")
    numerator: str = ""  # ratio rows: the refs of their parts
    denominator: str = ""

    @property
    def unit_lines(self) -> tuple[str, ...]:
        """The unit as printed, a code's choices one a line."""
        return tuple(_CHOICE_BREAK.split(self.unit))


@dataclass(frozen=True)
class AnnexTable:
    key: str
    heading: str  # "Biểu mẫu 1"; "" for the section II figures
    title: str
    rows: tuple[TableRow, ...]
    footnotes: tuple[str, ...]


@dataclass(frozen=True)
class Identity:
    commune: str  # the commune's id in this application
    code: str  # its administrative code, when known
    period: str  # "2026-Q2"
    status: str  # "approved"
    content: str  # SHA-256 of the canonical content JSON

    @property
    def line(self) -> str:
        """ "cchc:commune=1;period=2026-Q2;status=approved;content=5f0c…" """
        code = f";code={self.code}" if self.code else ""
        return (
            f"cchc:commune={self.commune}{code};period={self.period};status={self.status};"
            f"content={self.content}"
        )


@dataclass(frozen=True)
class Properties:
    """What the files say about themselves (DOCX/XLSX core and extended properties)."""

    title: str  # "Báo cáo công tác cải cách hành chính Quý II năm 2026"
    # The identity line. LibreOffice copies the subject into the PDF as it is, while it cuts
    # keywords at every space, colon and semicolon.
    subject: str
    author: str  # "UBND xã Nam Thanh Miện"
    keywords: str  # "CCHC"
    status: str  # "Dự thảo", "Đã duyệt", "Đã ban hành"
    created: datetime  # the snapshot's time for a frozen report, else the time of export
    language: str = LANGUAGE
    category: str = "Báo cáo cải cách hành chính"


@dataclass(frozen=True)
class Document:
    draft: bool
    organisation: tuple[str, ...]  # ("ỦY BAN NHÂN DÂN", "XÃ NAM THANH MIỆN")
    number_text: str  # "Số: …/BC-UBND"
    nation: tuple[str, str]
    place_date: str  # "Nam Thanh Miện, ngày … tháng … năm 2026"
    title: str  # "BÁO CÁO"
    summary: str  # "Công tác cải cách hành chính Quý II năm 2026"
    body: tuple[Block, ...]
    recipients_heading: str
    recipients: tuple[str, ...]
    signer_titles: tuple[str, ...]
    signer_name: str
    annex_name: str
    annex_title: str
    annex_subtitle: str
    annex_reference: str
    column_label: str  # "Chỉ tiêu thống kê"
    column_note: str  # "(Sử dụng trong kỳ báo cáo hàng quý, 6 tháng, năm)"
    tables: tuple[AnnexTable, ...]  # the seven Biểu mẫu
    figures: AnnexTable  # the section II figures no Biểu holds (Excel only)
    # The rules' errors, then warnings with their explanations, from the content's own values
    # and form (Excel only: the sheet "Giải trình").
    checks: tuple[WarningLine, ...]
    file_stem: str  # "BC-CCHC-2026-Q2-xa-Nam-Thanh-Mien" (without accents, for file names)
    report_label: str  # "UBND xã Nam Thanh Miện – Quý II năm 2026"
    committee: str  # "UBND xã Nam Thanh Miện"
    period_label: str  # "Quý II năm 2026"
    names: tuple[str, ...]  # place names a line must not break inside ("Nam Thanh Miện")
    identity: Identity
    properties: Properties


def _issued(content: ReportContent) -> bool:
    return content.status == "issued" and bool(content.number_text) and bool(content.issued_on)


def _number(content: ReportContent) -> str:
    """ "07/BC-UBND" from Report.number_text ("Số: 07/BC-UBND"), the one formatter."""
    return content.number_text.removeprefix("Số:").strip()


def place_date(content: ReportContent) -> str:
    if _issued(content):
        return f"{content.commune_name}, {long_date(content.issued_on)}"
    return f"{content.commune_name}, ngày {BLANK} tháng {BLANK} năm {content.period_obj.year}"


def annex_reference(content: ReportContent) -> str:
    body = f"UBND {content.commune_official}"
    if _issued(content):
        day = content.issued_on
        return (
            f"(Ban hành kèm theo Báo cáo số {_number(content)} "
            f"ngày {day.day:02d}/{day.month:02d}/{day.year} của {body})"
        )
    year = content.period_obj.year
    return f"(Ban hành kèm theo Báo cáo số {BLANK}/BC-UBND ngày {BLANK}/{BLANK}/{year} của {body})"


def table(section: dict, content: ReportContent) -> AnnexTable:
    """One section of the recorded form with the content's values."""
    rows = []
    values = content.values
    for row in section["rows"]:
        kind = Kind(row["kind"])
        if kind == Kind.HEADING:
            value = None
        elif kind == Kind.RATIO:
            value = ratio(values.get(row["numerator"]), values.get(row["denominator"]))
        else:
            value = values.get(row["ref"])
        remark = " ".join(t for t in (row["remark"], content.notes.get(row["ref"], "")) if t)
        rows.append(
            TableRow(
                ref=row["ref"],
                stt=row["stt"],
                label=row["label"],
                note=row["note"],
                unit=row["unit"],
                kind=kind,
                value=value,
                text=format_value(kind, value, unit=row["unit"]),
                remark=remark,
                italic=row["italic"],
                bold=row["stt"].count(".") == 1 and section["key"] != "ii",
                numerator=row["numerator"],
                denominator=row["denominator"],
            )
        )
    return AnnexTable(
        section["key"],
        section["heading"],
        section["title"],
        tuple(rows),
        tuple(section["footnotes"]),
    )


def _ascii(text: str) -> str:
    plain = strip_accents(text)
    return "-".join("".join(c if c.isascii() and c.isalnum() else " " for c in plain).split())


def file_stem(period: Period, official: str) -> str:
    """ "BC-CCHC-2026-Q2-xa-Nam-Thanh-Mien" from the period and the commune's official name
    ("xã Nam Thanh Miện"): the name of every file of the report, without accents."""
    return _ascii(f"BC-CCHC-{period}-{official}")


def canonical_json(content: ReportContent) -> bytes:
    """The content as canonical JSON (sorted keys, no spaces, UTF-8): what ``content_hash``
    hashes. The time the content was frozen is not part of it."""
    return json.dumps(
        content.to_json(), sort_keys=True, ensure_ascii=False, separators=(",", ":")
    ).encode()


def content_hash(content: ReportContent) -> str:
    return hashlib.sha256(canonical_json(content)).hexdigest()


def identity(content: ReportContent) -> Identity:
    """The identity the documents of ``content`` carry; recompute it from
    ``reports.exports.content_for_export(report)`` to check a file against the report."""
    return Identity(
        commune="" if content.commune_id is None else str(content.commune_id),
        code=content.commune_code,
        period=content.period,
        status=content.status,
        content=content_hash(content),
    )


def build(content: ReportContent, *, now: datetime | None = None) -> Document:
    period = content.period_obj
    official = content.commune_official
    committee = f"UBND {official}"
    summary = f"Công tác cải cách hành chính {period.label}"
    forms = forms_of(content)
    annex = annex_of(content)
    issued = _issued(content)
    the_identity = identity(content)
    return Document(
        draft=content.status not in FROZEN_STATUSES,
        organisation=("ỦY BAN NHÂN DÂN", official.upper()),
        number_text=content.number_text if issued else f"Số: {BLANK}/BC-UBND",
        nation=NATION,
        place_date=place_date(content),
        title="BÁO CÁO",
        summary=summary,
        body=tuple(body_of(content)),
        recipients_heading="Nơi nhận:",
        recipients=tuple(
            line.strip()
            for line in content.texts.get("recipients", "").splitlines()
            if line.strip()
        ),
        signer_titles=tuple(content.signer_titles or ("TM. ỦY BAN NHÂN DÂN",)),
        signer_name=content.signer_name,
        annex_name=annex["name"],
        annex_title=annex["title"],
        annex_subtitle=annex["subtitle"],
        annex_reference=annex_reference(content),
        column_label=annex["column_label"],
        column_note=annex["column_note"],
        tables=tuple(table(section, content) for section in forms if section["heading"]),
        figures=next(table(section, content) for section in forms if not section["heading"]),
        checks=tuple(
            explanation_lines(content.values, content_explanations(content), names=row_names(forms))
        ),
        file_stem=file_stem(period, official),
        report_label=f"{committee} – {period.label}",
        committee=committee,
        period_label=period.label,
        names=tuple(name for name in (content.commune_name, content.city_name) if " " in name),
        identity=the_identity,
        properties=Properties(
            title=f"Báo cáo {summary[0].lower()}{summary[1:]}",
            subject=the_identity.line,
            author=committee,
            keywords="CCHC",
            status=Status(content.status).label,
            created=content.frozen_at or now or datetime.now(UTC),
        ),
    )
