"""Exports of a report (Word, Excel, PDF) and the Excel import.

An approved or issued report is exported from its latest snapshot (taken at approval or issue),
so the document can always be produced again exactly; any other report from its live rows.
Those documents are produced once and kept (``reports.exports.stored``).
"""

import re

from reports.content import ReportContent, report_content
from reports.models import Report, ReportSnapshot, Status

FROZEN_REASONS = (ReportSnapshot.Reason.APPROVED, ReportSnapshot.Reason.ISSUED)

# Characters XML 1.0 forbids (text pasted from other programs carries them): DOCX and XLSX
# writers refuse them, so they are dropped on the way out; Word's line break (\x0b) and page
# break (\x0c) become a new line.
_XML_ILLEGAL = re.compile(r"[\x00-\x08\x0e-\x1f\ufffe\uffff]")
_XML_BREAK = re.compile(r"[\x0b\x0c]")


def _xml_safe(value):
    if isinstance(value, str):
        return _XML_ILLEGAL.sub("", _XML_BREAK.sub("\n", value))
    if isinstance(value, dict):
        return {key: _xml_safe(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_xml_safe(item) for item in value]
    return value


def content_for_export(report: Report) -> ReportContent:
    snapshot = frozen_snapshot(report)
    if snapshot is not None:
        return snapshot_content(snapshot, numbered=report.status == Status.ISSUED)
    return ReportContent.from_json(_xml_safe(report_content(report).to_json()))


def frozen_snapshot(report: Report) -> ReportSnapshot | None:
    """The snapshot an approved or issued report's documents come from: the latest one taken
    at approval or issue. None for any other report (its documents come from the live rows)."""
    if not report.is_frozen:
        return None
    return report.snapshots.filter(reason__in=FROZEN_REASONS).order_by("-created_at", "-id").first()


def snapshot_content(snapshot: ReportSnapshot, *, numbered: bool) -> ReportContent:
    """The content frozen in ``snapshot``; ``numbered``: with the number and date of issue
    (the issued report), else with them left blank (the approved report, for signing)."""
    content = ReportContent.from_json(_xml_safe(snapshot.data))
    report = snapshot.report
    content.status = Status.ISSUED if numbered else Status.APPROVED
    # The number and date are given at issue, after the approval snapshot.
    content.number = report.number if numbered else ""
    content.number_text = report.number_text if numbered and report.number else ""
    content.issued_on = report.issued_on if numbered else None
    # Dated by the snapshot, so the same snapshot gives the same bytes on every build.
    content.frozen_at = snapshot.created_at
    if content.commune_id is None:  # snapshots taken before the identity existed
        content.commune_id = report.commune_id
        content.commune_code = report.commune.code
    return content


def render_content(content: ReportContent, kind: str) -> bytes:
    """The report's document of ``kind`` ("docx", "xlsx" or "pdf") from its content."""
    from .builder import build

    if kind == "xlsx":
        from .xlsx import render

        return render(build(content))
    from .docx import render

    data = render(build(content))
    if kind == "pdf":
        from .pdf import docx_to_pdf

        return docx_to_pdf(data)
    return data


def docx_bytes(report: Report) -> bytes:
    return render_content(content_for_export(report), "docx")


def xlsx_bytes(report: Report) -> bytes:
    return render_content(content_for_export(report), "xlsx")


def pdf_bytes(report: Report) -> bytes:
    return render_content(content_for_export(report), "pdf")
