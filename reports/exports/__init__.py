"""Exports of a report (Word, Excel, PDF) and the Excel import.

An approved or issued report is exported from its latest snapshot (taken at approval or issue),
so the document can always be produced again exactly; any other report from its live rows.
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
    content = _content(report)
    safe = ReportContent.from_json(_xml_safe(content.to_json()))
    safe.frozen_at = content.frozen_at
    return safe


def _content(report: Report) -> ReportContent:
    if report.status in (Status.APPROVED, Status.ISSUED):
        snapshot = (
            report.snapshots.filter(reason__in=FROZEN_REASONS)
            .order_by("-created_at", "-id")
            .first()
        )
        if snapshot is not None:
            content = ReportContent.from_json(snapshot.data)
            # The number and date are given at issue, after the approval snapshot.
            content.status = report.status
            content.number = report.number
            content.number_text = report.number_text if report.number else ""
            content.issued_on = report.issued_on
            content.frozen_at = snapshot.created_at
            if content.commune_id is None:  # snapshots taken before the identity existed
                content.commune_id = report.commune_id
                content.commune_code = report.commune.code
            return content
    return report_content(report)


def docx_bytes(report: Report) -> bytes:
    from .builder import build
    from .docx import render

    return render(build(content_for_export(report)))


def xlsx_bytes(report: Report) -> bytes:
    from .builder import build
    from .xlsx import render

    return render(build(content_for_export(report)))


def pdf_bytes(report: Report) -> bytes:
    from .pdf import docx_to_pdf

    return docx_to_pdf(docx_bytes(report))
