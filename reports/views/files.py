"""Files prepared by tasks (reports.tasks): their state for the page's script, the download
once ready, and the one way every file leaves the application (``download``).

Whoever may read what a file is made from may fetch it (reports.access): the report's readers
for a report's file, the city's reviewers for the city workbook; anyone else gets 404.
"""

import mimetypes

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from reports.access import get_prepared_file_for_user
from reports.models import PreparedFile
from reports.tasks import file_state, prepared_bytes

CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
    "zip": "application/zip",
}


def download(data: bytes, filename: str) -> HttpResponse:
    extension = filename.rpartition(".")[2]
    content_type = CONTENT_TYPES.get(extension) or mimetypes.guess_type(filename)[0]
    response = HttpResponse(data, content_type=content_type or "application/octet-stream")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


def preparing_page(request, prepared: PreparedFile, *, back_url: str, back_label: str):
    """A file asked for outside the exports page (the city workbook): sent at once when the
    task is done already, else a page that says it is being prepared and offers it when ready."""
    if prepared.state == PreparedFile.State.READY:
        return download(prepared_bytes(prepared), prepared.filename)
    context = {"preparing": [prepared], "back_url": back_url, "back_label": back_label}
    return render(request, "reports/exports/preparing.html", context)


@login_required
@require_GET
def prepared_file_status(request, file_id):
    """For static/js/prepared.js: {"state", "message", "url"} of one prepared file."""
    prepared = file_state(get_prepared_file_for_user(request.user, file_id))
    ready = prepared.state == PreparedFile.State.READY
    response = JsonResponse(
        {
            "state": prepared.state,
            "label": prepared.get_state_display(),
            "message": prepared.message,
            "url": reverse("prepared_file", args=[prepared.pk]) if ready else "",
            "filename": prepared.filename if ready else "",
        }
    )
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_GET
def prepared_file(request, file_id):
    """The file once ready; before that (or after a failure) the page that says so."""
    prepared = file_state(get_prepared_file_for_user(request.user, file_id))
    back_url = (
        reverse("report_exports", args=[prepared.report_id])
        if prepared.report_id
        else reverse("city_rollup") + f"?ky={prepared.period}"
    )
    return preparing_page(request, prepared, back_url=back_url, back_label="Quay lại")
