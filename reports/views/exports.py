"""Exports page and downloads (Word, Excel, PDF, all files as a ZIP), and the signed PDF (the
Excel import is ``reports.views.imports``). An approved or issued report's files are the kept
ones (reports.exports.stored); the PDF and the ZIP are prepared by a task (reports.tasks) while
the page says so.

Every view gets its report through ``reports.access``: another commune's report is a 404; the
signed PDF is uploaded by the văn thư of the report's commune once the report is issued, and
read by everyone who may read the report (the city included).
"""

import hashlib

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import transaction
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from reports.access import can_edit, get_report_for_user, profile_of, role_of
from reports.exports.stored import file_stem, report_file, stored_document
from reports.models import AuditEntry, PreparedFile, Role, SignedDocument, Status
from reports.numbers import format_number
from reports.tasks import file_state, prepared_bytes, request_file
from reports.views.files import download

PDF_MAGIC = b"%PDF-"


def _size_limit_text() -> str:
    return format_number(settings.MAX_UPLOAD_SIZE / 1024 / 1024)


def exports_context(request, report, **extra) -> dict:
    """The exports page's context; ``extra`` adds e.g. the files being prepared."""
    return {
        "report": report,
        "can_import": can_edit(request.user, report),
        "can_upload_signed": _may_upload_signed(request.user, report),
        "signed": report.signed_documents.all(),
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


def _may_upload_signed(user, report) -> bool:
    profile = profile_of(user)
    return (
        report.status == Status.ISSUED
        and role_of(user) == Role.CLERK
        and profile is not None
        and profile.commune_id == report.commune_id
    )


@login_required
@require_http_methods(["GET", "POST"])
def report_signed_upload(request, pk):
    """The văn thư uploads the PDF signed with the leader's and the office's tokens."""
    report = get_report_for_user(request.user, pk)
    if not _may_upload_signed(request.user, report):
        raise PermissionDenied(
            "Chỉ văn thư của đơn vị tải lên văn bản đã ký, sau khi báo cáo được ban hành."
        )
    context = {"report": report, "limit": _size_limit_text()}
    if request.method == "POST":
        upload = request.FILES.get("file")
        problem = _signed_problem(upload)
        if problem:
            context["problems"] = [problem]
            return render(request, "reports/exports/signed.html", context, status=400)
        data = upload.read()
        digest = hashlib.sha256(data).hexdigest()
        with transaction.atomic():
            document = SignedDocument(
                report=report,
                original_name=upload.name[:255],
                sha256=digest,
                size=len(data),
                uploaded_by=request.user,
            )
            document.file.save(f"{digest}.pdf", ContentFile(data), save=False)
            document.save()
            AuditEntry.objects.create(
                report=report,
                user=request.user,
                action=AuditEntry.Action.UPLOAD,
                new_value=digest,
                comment=f"Tải lên văn bản đã ký: {upload.name[:200]}",
            )
        messages.success(request, "Đã lưu văn bản đã ký (SHA-256: " + digest + ").")
        return redirect("report_exports", pk=report.pk)
    return render(request, "reports/exports/signed.html", context)


def _signed_problem(upload) -> str:
    if upload is None:
        return "Vui lòng chọn tệp PDF đã ký số."
    if upload.size > settings.MAX_UPLOAD_SIZE:
        return f"Tệp quá lớn: tối đa {_size_limit_text()} MB."
    head = upload.read(len(PDF_MAGIC))
    upload.seek(0)
    if head != PDF_MAGIC:
        return "Tệp không phải là tệp PDF."
    return ""


@login_required
@require_GET
def signed_document_download(request, pk, document_pk):
    report = get_report_for_user(request.user, pk)
    document = get_object_or_404(SignedDocument, pk=document_pk, report=report)
    response = FileResponse(
        document.file.open("rb"),
        as_attachment=True,
        filename=f"{file_stem(report)}-da-ky.pdf",
        content_type="application/pdf",
    )
    response["X-Content-SHA256"] = document.sha256
    return response
