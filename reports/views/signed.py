"""The signed report: the văn thư's upload of the PDF signed with the leader's and the office's
tokens, and its download.

Every view gets its report through ``reports.access``: another commune's report is a 404; the
upload is for the văn thư of the report's commune once the report is issued
(``access.can_upload_signed``), the download for everyone who may read the report (the city
included). The verification, storage and audit are ``reports.signing.services``.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from reports.access import can_upload_signed, get_report_for_user
from reports.exports.stored import file_stem
from reports.models import SignedDocument
from reports.signing import TrustRootsError
from reports.signing.forms import SignedUploadForm
from reports.signing.messages import saved_message
from reports.signing.services import SignedUploadRefused, signed_document_upload, signing_pdfs

TEMPLATE = "reports/exports/signed.html"
NOT_ALLOWED = "Chỉ văn thư của đơn vị tải lên văn bản đã ký, sau khi báo cáo được ban hành."
NOT_CHECKED = (
    "Máy chủ chưa kiểm tra được chữ ký số nên chưa lưu tệp: {error} Vui lòng báo quản trị hệ thống."
)


@login_required
@require_http_methods(["GET", "POST"])
def report_signed_upload(request, pk):
    """The văn thư uploads the signed PDF; it is stored only when its verification accepts
    it, and then replaces the report's current signed copy."""
    report = get_report_for_user(request.user, pk)
    if not can_upload_signed(request.user, report):
        raise PermissionDenied(NOT_ALLOWED)
    form = SignedUploadForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                document = signed_document_upload(
                    report=report, upload=form.cleaned_data["file"], user=request.user
                )
            except SignedUploadRefused as refused:
                for notice in refused.verification.refusals:
                    form.add_error("file", notice.message)
            except TrustRootsError as error:
                form.add_error(None, NOT_CHECKED.format(error=error))
                status = 503
            else:
                found = document.found()
                say = messages.warning if found.warnings else messages.success
                say(request, saved_message(found))
                return redirect("report_exports", pk=report.pk)
    context = {"report": report, "form": form, "pdfs": signing_pdfs(report)}
    return render(request, TEMPLATE, context, status=status)


@login_required
@require_GET
def signed_document_download(request, pk, document_pk):
    """A signed copy of the report: the current one, or one of the history."""
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
