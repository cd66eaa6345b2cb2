"""The documents of approved and issued reports, produced once and kept.

An approved or issued report's DOCX, XLSX and PDF come from a snapshot that never changes, so
each is produced once, stored (``ProducedDocument``: the bytes, their SHA-256, the snapshot,
whether number and date are printed) and served as the same bytes every time, by every app
server, before and after a restart. Drafts have no snapshot: their files are built on demand.
"""

import hashlib

from django.db import IntegrityError, transaction
from django.db.models import QuerySet

from reports.models import ProducedDocument, Report, ReportSnapshot, Status

from . import builder, content_for_export, frozen_snapshot, render_content, snapshot_content


def file_stem(report: Report) -> str:
    """ "BC-CCHC-2026-Q2-xa-Nam-Thanh-Mien": the name of every file of the report, from the
    content its documents come from (no document is built for it)."""
    content = content_for_export(report)
    return builder.file_stem(content.period_obj, content.commune_official)


def _kept(snapshot: ReportSnapshot, kind: str, *, numbered: bool) -> QuerySet[ProducedDocument]:
    return ProducedDocument.objects.filter(snapshot=snapshot, kind=kind, numbered=numbered)


def stored_document(report: Report, kind: str) -> ProducedDocument | None:
    """The kept document of ``kind`` for the report as it stands (None for a draft, or one not
    produced yet)."""
    snapshot = frozen_snapshot(report)
    if snapshot is None:
        return None
    return _kept(snapshot, kind, numbered=report.status == Status.ISSUED).first()


def produce_document(report: Report, kind: str) -> ProducedDocument | None:
    """The kept document of ``kind``, produced and stored now if it was not yet; None for a
    report that is not approved or issued. A PDF may raise ``PdfError``."""
    snapshot = frozen_snapshot(report)
    if snapshot is None:
        return None
    numbered = report.status == Status.ISSUED
    kept = _kept(snapshot, kind, numbered=numbered)
    existing = kept.first()
    if existing is not None:
        return existing
    data = render_content(snapshot_content(snapshot, numbered=numbered), kind)
    try:
        with transaction.atomic():
            return ProducedDocument.objects.create(
                report=report,
                snapshot=snapshot,
                kind=kind,
                numbered=numbered,
                content=data,
                sha256=hashlib.sha256(data).hexdigest(),
                size=len(data),
            )
    except IntegrityError:
        # Another request or task produced it meanwhile: theirs is the one kept.
        return kept.get()


def report_file(report: Report, kind: str) -> bytes:
    """The report's DOCX, XLSX or PDF: the kept bytes of an approved or issued report, built
    now for any other."""
    document = produce_document(report, kind)
    if document is not None:
        return bytes(document.content)
    return render_content(content_for_export(report), kind)


def produced_documents(report: Report, *, kind: str = "pdf") -> QuerySet[ProducedDocument]:
    """Every document of ``kind`` kept for the report, oldest first, with ``content`` (the
    bytes) and ``sha256``: for an issued report, the approved PDF for signing (number and date
    blank) and the issued one (``numbered``)."""
    return ProducedDocument.objects.filter(report=report, kind=kind).order_by("created_at", "id")
