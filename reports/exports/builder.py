"""One report → the content of its document, as plain data; the renderers only lay it out.

``build(content)`` gives everything the Word report and the Excel annex print: the header, the
title, the narrative blocks, the signature block and the seven tables of Phụ lục III (plus the
section II figures for Excel) with each value both raw (for Excel) and formatted (for Word).
Both renderers read the same ``Document``, so Word and Excel cannot disagree.
"""

from dataclasses import dataclass
from datetime import date

from reports import catalogue, narrative
from reports.catalogue import Kind
from reports.content import ReportContent
from reports.models.report import document_number
from reports.narrative import Block, figure_value
from reports.numbers import format_number, format_percent

BLANK = "…"
DRAFT_STATUSES = ("draft", "submitted", "returned")


@dataclass(frozen=True)
class TableRow:
    ref: str
    stt: str
    label: str
    note: str  # italic suffix of the label
    unit: str
    kind: Kind
    value: object  # int | Decimal | None; a ratio as its percentage (Decimal("99.33"))
    text: str  # the value as printed: "5.650", "99,33%", "" when blank
    remark: str  # Ghi chú: the form's own text and the commune's note
    italic: bool
    bold: bool  # first-level items of the form ("1.", "2.")


@dataclass(frozen=True)
class AnnexTable:
    key: str
    heading: str  # "Biểu mẫu 1"; "" for the section II figures
    title: str
    rows: tuple[TableRow, ...]
    footnotes: tuple[str, ...]


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
    tables: tuple[AnnexTable, ...]  # the seven Biểu mẫu
    figures: AnnexTable  # the section II figures no Biểu holds (Excel only)
    file_stem: str  # "BC-CCHC-2026-Q2-xa-Nam-Thanh-Mien" (without accents, for file names)
    report_label: str  # "UBND xã Nam Thanh Miện – Quý II năm 2026"


NATION = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc")


def format_value(row: catalogue.Row, value) -> str:
    if value is None:
        return ""
    if row.kind == Kind.RATIO:
        return format_percent(value)
    if row.kind in (Kind.CODE, Kind.YESNO):
        return str(value)
    return format_number(value)


def _number(content: ReportContent) -> str:
    return document_number(content.number)


def _issued(content: ReportContent) -> bool:
    return content.status == "issued" and bool(content.number) and content.issued_on is not None


def place_date(content: ReportContent) -> str:
    if _issued(content):
        return f"{content.commune_name}, {_long(content.issued_on)}"
    return f"{content.commune_name}, ngày {BLANK} tháng {BLANK} năm {content.period_obj.year}"


def _long(day: date) -> str:
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"


def annex_reference(content: ReportContent) -> str:
    body = f"UBND {content.commune_official}"
    if _issued(content):
        day = content.issued_on
        return (
            f"(Ban hành kèm theo Báo cáo số {_number(content)}/BC-UBND "
            f"ngày {day.day:02d}/{day.month:02d}/{day.year} của {body})"
        )
    year = content.period_obj.year
    return f"(Ban hành kèm theo Báo cáo số {BLANK}/BC-UBND ngày {BLANK}/{BLANK}/{year} của {body})"


def table(section: catalogue.Section, content: ReportContent) -> AnnexTable:
    rows = []
    for row in section.rows:
        value = None if row.kind == Kind.HEADING else figure_value(content.values, row.ref)
        remark = " ".join(t for t in (row.remark, content.notes.get(row.ref, "")) if t)
        rows.append(
            TableRow(
                ref=row.ref,
                stt=row.stt,
                label=row.label,
                note=row.note,
                unit=row.unit,
                kind=row.kind,
                value=value,
                text=format_value(row, value),
                remark=remark,
                italic=row.italic,
                bold=row.stt.count(".") == 1 and section.key != "ii",
            )
        )
    return AnnexTable(section.key, section.heading, section.title, tuple(rows), section.footnotes)


def _ascii(text: str) -> str:
    import unicodedata

    text = text.replace("đ", "d").replace("Đ", "D")
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "-".join("".join(c if c.isalnum() else " " for c in plain).split())


def build(content: ReportContent) -> Document:
    period = content.period_obj
    official = content.commune_official
    return Document(
        draft=content.status in DRAFT_STATUSES,
        organisation=("ỦY BAN NHÂN DÂN", official.upper()),
        number_text=f"Số: {_number(content) if _issued(content) else BLANK}/BC-UBND",
        nation=NATION,
        place_date=place_date(content),
        title="BÁO CÁO",
        summary=f"Công tác cải cách hành chính {period.label}",
        body=tuple(narrative.body(content)),
        recipients_heading="Nơi nhận:",
        recipients=tuple(
            line.strip()
            for line in content.texts.get("recipients", "").splitlines()
            if line.strip()
        ),
        signer_titles=tuple(content.signer_titles or ("TM. ỦY BAN NHÂN DÂN",)),
        signer_name=content.signer_name,
        annex_name=catalogue.ANNEX_NAME,
        annex_title=catalogue.ANNEX_TITLE,
        annex_subtitle=catalogue.ANNEX_SUBTITLE,
        annex_reference=annex_reference(content),
        tables=tuple(table(section, content) for section in catalogue.FORMS),
        figures=table(catalogue.II, content),
        file_stem=_ascii(f"BC-CCHC-{period}-{official}"),
        report_label=f"UBND {official} – {period.label}",
    )
