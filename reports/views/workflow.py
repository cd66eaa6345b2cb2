"""Workflow pages: the buttons that move a report (submit, return, approve, reopen, issue) and
the report's history.

Every view gets its report through ``reports.access`` (404 outside the user's scope; 403 for
city reviewers and administrators, who read but never act). The move itself, with its checks,
is ``reports.workflow``; a refused move comes back as a Vietnamese message and changes nothing.
"""

from datetime import date, datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from reports import history, workflow
from reports.access import get_report_for_user
from reports.models import Status

SUCCESS = {
    "submit": "Đã gửi báo cáo cho lãnh đạo duyệt.",
    "return": "Đã trả lại báo cáo cho người lập.",
    "approve": "Đã phê duyệt báo cáo. Văn thư có thể cấp số và ban hành.",
    "reopen": "Đã mở lại báo cáo để sửa.",
    "issue": "Đã ban hành báo cáo.",
}

ACTIONS = {
    "submit": workflow.report_submit,
    "return": workflow.report_return,
    "approve": workflow.report_approve,
    "reopen": workflow.report_reopen,
}


def _next_url(request, report) -> str:
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("report_history", kwargs={"pk": report.pk})


def _act(request, pk, action):
    report = get_report_for_user(request.user, pk, for_action=True)
    try:
        ACTIONS[action](report, user=request.user, comment=request.POST.get("comment", ""))
    except workflow.TransitionError as error:
        if error.problems:
            return _history_page(request, report, refused=error, status=400)
        messages.error(request, error.message)
    else:
        messages.success(request, SUCCESS[action])
    return redirect(_next_url(request, report))


@login_required
@require_POST
def report_submit(request, pk):
    return _act(request, pk, "submit")


@login_required
@require_POST
def report_return(request, pk):
    return _act(request, pk, "return")


@login_required
@require_POST
def report_approve(request, pk):
    return _act(request, pk, "approve")


@login_required
@require_POST
def report_reopen(request, pk):
    return _act(request, pk, "reopen")


def parse_vn_date(text: str) -> date | None:
    """15/07/2026 (as typed) or 2026-07-15 (from a date picker); None when not a date."""
    text = (text or "").strip()
    for pattern in ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y"):
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    return None


@login_required
def report_issue(request, pk):
    """GET: the văn thư's form (number and date); POST: issue. Errors stay next to the field
    with what was typed."""
    report = get_report_for_user(request.user, pk, for_action=True)
    errors: dict[str, str] = {}
    values = {"number": report.number, "issued_on": ""}
    if request.method == "POST":
        values = {
            "number": request.POST.get("number", "").strip(),
            "issued_on": request.POST.get("issued_on", "").strip(),
            "comment": request.POST.get("comment", ""),
        }
        issued_on = parse_vn_date(values["issued_on"])
        try:
            workflow.check_actor("issue", report, request.user)
        except workflow.TransitionError as error:
            messages.error(request, error.message)
            return redirect(_next_url(request, report))
        errors = workflow.issue_errors(report, values["number"], issued_on)
        if values["issued_on"] and issued_on is None:
            errors["issued_on"] = (
                "Ngày “{}” không đúng dạng ngày/tháng/năm, ví dụ 15/07/2026.".format(
                    values["issued_on"]
                )
            )
        if not errors:
            try:
                workflow.report_issue(
                    report,
                    user=request.user,
                    number=values["number"],
                    issued_on=issued_on,
                    comment=values["comment"],
                )
            except workflow.TransitionError as error:
                messages.error(request, error.message)
            else:
                messages.success(request, SUCCESS["issue"])
                return redirect(_next_url(request, report))
    elif report.status != Status.APPROVED:
        messages.error(request, "Chỉ báo cáo đã được phê duyệt mới được cấp số và ban hành.")
        return redirect(_next_url(request, report))
    return render(
        request,
        "reports/workflow/issue.html",
        {"report": report, "errors": errors, "values": values},
        status=400 if errors else 200,
    )


@login_required
def report_history(request, pk):
    report = get_report_for_user(request.user, pk)
    return _history_page(request, report)


def _history_page(request, report, *, refused=None, status=200):
    return render(
        request,
        "reports/workflow/history.html",
        {
            "report": report,
            "refused": refused,
            "lines": history.history_lines(report),
            "since_last_submission": history.changes_since_last_submission(report),
            "since_submission": history.changes_since_submission(report),
            "snapshots": report.snapshots.select_related("created_by__profile").order_by("-pk"),
            "explanations": report.explanations.select_related("author__profile"),
            "returned": history.last_comment(report, Status.RETURNED)
            if report.status == Status.RETURNED
            else None,
        },
        status=status,
    )
