"""Exports page and downloads (Word, Excel, PDF, all files as a ZIP). The Excel import is
``reports.views.imports``, the signed PDF ``reports.views.signed``. An approved or issued
report's files are the kept ones (reports.exports.stored); the PDF and the ZIP are prepared by a
task (reports.tasks) while the page says so.

Every view gets its report through ``reports.access``: another commune's report is a 404.
"""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_GET

from reports.access import can_edit, can_upload_signed, get_report_for_user
from reports.exports.stored import file_stem, report_file, stored_document
from reports.models import PreparedFile
from reports.signing.services import signed_copies
from reports.tasks import file_state, prepared_bytes, request_file
from reports.views.files import download


def exports_context(request, report, **extra) -> dict:
    """The exports page's context; ``extra`` adds e.g. the files being prepared."""
    current, older = signed_copies(report)
    return {
        "report": report,
        "can_import": can_edit(request.user, report),
        "can_upload_signed": can_upload_signed(request.user, report),
        "signed": current,
        "signed_history": older,
        **extra,
    }


@login_required
@require_GET
def report_exports(request, pk):
    """What can be downloaded (and, for the right people, uploaded) for one report."""
    report = get_report_for_user(request.user, pk)
    return render(request, "reports/exports/page.html", exports_context(request, report))


@login_required
@require_GET
def report_export_docx(request, pk):
    report = get_report_for_user(request.user, pk)
    return download(report_file(report, "docx"), f"{file_stem(report)}.docx")


@login_required
@require_GET
def report_export_xlsx(request, pk):
    report = get_report_for_user(request.user, pk)
    return download(report_file(report, "xlsx"), f"{file_stem(report)}.xlsx")


@login_required
@require_GET
def report_export_pdf(request, pk):
    """The kept PDF of an approved or issued report at once; otherwise it is prepared by a
    task while the exports page says so."""
    report = get_report_for_user(request.user, pk)
    document = stored_document(report, "pdf")
    if document is not None:
        return download(bytes(document.content), f"{file_stem(report)}.pdf")
    return _prepared(request, report, PreparedFile.Kind.PDF)


@login_required
@require_GET
def report_export_zip(request, pk):
    """The report's Word, Excel and PDF files in one archive, prepared by a task."""
    report = get_report_for_user(request.user, pk)
    return _prepared(request, report, PreparedFile.Kind.ZIP)


def _prepared(request, report, kind):
    prepared = file_state(request_file(request.user, kind, report=report))
    if prepared.state == PreparedFile.State.READY:
        return download(prepared_bytes(prepared), prepared.filename)
    context = exports_context(request, report, preparing=[prepared])
    return render(request, "reports/exports/page.html", context)
