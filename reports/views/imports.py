"""The Excel import, in two steps: upload → preview of every change → confirm (or cancel).

Every view gets its report through ``reports.access`` with ``for_write`` (the import changes
figures; another commune's report is a 404, a user who may not edit it a 403), and imports only
into a draft or returned report. The previewed change set waits in the session, under the
report's id, with a token the confirm form carries: the data itself never goes through the
browser, and a confirm from an older preview page (another file uploaded since) saves nothing.
"""

import secrets

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from reports.access import get_report_for_user
from reports.exports import importer
from reports.exports.import_forms import ImportConfirmForm, ImportUploadForm
from reports.rules import explanations_of
from reports.services import figure_sets

UPLOAD_TEMPLATE = "reports/exports/import.html"
PREVIEW_TEMPLATE = "reports/exports/import_preview.html"
NO_PREVIEW = (
    "Không còn bản xem trước này (đã xác nhận, đã hủy, hoặc đã được thay bằng một tệp tải lên "
    "sau): chưa lưu số liệu nào. Vui lòng tải tệp lên lại."
)


def _importable(request, pk):
    report = get_report_for_user(request.user, pk, for_write=True)
    if report.status not in importer.IMPORTABLE_STATUSES:
        raise PermissionDenied(importer.MESSAGES["status"])
    return report


def _session_key(report) -> str:
    return f"import_preview:{report.pk}"


@login_required
@require_http_methods(["GET", "POST"])
def report_import(request, pk):
    """Upload an Excel file in the export's layout; on success its changes wait for review."""
    report = _importable(request, pk)
    if request.method == "GET":
        return render(request, UPLOAD_TEMPLATE, {"report": report, "form": ImportUploadForm()})
    form = ImportUploadForm(request.POST, request.FILES)
    context = {"report": report, "form": form}
    if not form.is_valid():
        return render(request, UPLOAD_TEMPLATE, context, status=400)
    upload = form.cleaned_data["file"]
    outcome = importer.import_preview(report, upload.read(), filename=upload.name)
    if outcome.problems:
        context["problems"] = outcome.problems
        return render(request, UPLOAD_TEMPLATE, context, status=400)
    request.session[_session_key(report)] = {
        "token": secrets.token_urlsafe(16),
        "change_set": outcome.change_set.to_json(),
    }
    return redirect("report_import_preview", pk=report.pk)


def _preview_page(request, report, pending: dict, form=None, status=200):
    change_set = importer.ChangeSet.from_json(pending["change_set"])
    if form is None:
        form = ImportConfirmForm(
            initial={"token": pending["token"]}, mismatch=bool(change_set.mismatches)
        )
    explanations = explanations_of(report)
    results = importer.rule_results(report, change_set)
    current = {key: figures.version for key, figures in figure_sets(report).items()}
    return render(
        request,
        PREVIEW_TEMPLATE,
        {
            "report": report,
            "change_set": change_set,
            "lines": importer.change_lines(report, change_set),
            "rule_items": [(r, explanations.get(r.code, "")) for r in results],
            "can_edit": False,  # the rule list is read-only here: explanations are saved later
            "stale": current != change_set.versions,
            "form": form,
        },
        status=status,
    )


@login_required
@require_http_methods(["GET"])
def report_import_preview(request, pk):
    """Every cell the uploaded file would change, and the rules' results after the change."""
    report = _importable(request, pk)
    pending = request.session.get(_session_key(report))
    if pending is None:
        messages.info(request, "Chưa có tệp nào chờ xác nhận: hãy chọn tệp Excel để nhập.")
        return redirect("report_import", pk=report.pk)
    return _preview_page(request, report, pending)


@login_required
@require_POST
def report_import_confirm(request, pk):
    """Save exactly the previewed change set, unless the report changed since the preview."""
    report = _importable(request, pk)
    key = _session_key(report)
    pending = request.session.get(key)
    if pending is None or request.POST.get("token") != pending["token"]:
        messages.error(request, NO_PREVIEW)
        return redirect("report_import", pk=report.pk)
    change_set = importer.ChangeSet.from_json(pending["change_set"])
    form = ImportConfirmForm(request.POST, mismatch=bool(change_set.mismatches))
    if not form.is_valid():
        return _preview_page(request, report, pending, form=form, status=400)
    try:
        saved = importer.import_apply(
            report,
            change_set,
            user=request.user,
            accept_mismatch=form.cleaned_data.get("accept_mismatch", False),
        )
    except importer.ImportRefused as refused:
        del request.session[key]
        context = {"report": report, "form": ImportUploadForm(), "problems": [refused.message]}
        return render(request, UPLOAD_TEMPLATE, context, status=409)
    del request.session[key]
    messages.success(request, f"Đã nhập tệp {change_set.filename}: {saved} ô thay đổi.")
    return redirect("report_overview", pk=report.pk)


@login_required
@require_POST
def report_import_cancel(request, pk):
    """Forget the previewed change set: nothing is saved."""
    report = _importable(request, pk)
    pending = request.session.pop(_session_key(report), None)
    name = pending["change_set"]["filename"] if pending else ""
    messages.info(
        request, f"Đã hủy nhập tệp {name}: không có số liệu nào được lưu.".replace("  ", " ")
    )
    return redirect("report_exports", pk=report.pk)
