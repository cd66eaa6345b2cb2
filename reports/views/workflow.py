"""Workflow pages: the moves of a report (submit, return, approve, reopen, issue), its history
and its saved versions.

Every view gets its report through ``reports.access`` (404 outside the user's scope; 403 for
city reviewers and administrators, who read but never act). The move itself, with its checks,
is ``reports.workflow``: a move the user's role never allows (the staff's approval, the
leader's issue page) is 403; any other refused move changes nothing and comes back in
Vietnamese: a submission refused for what the report lacks goes to the overview, which lists
each problem with a link to its row; a missing reason is shown next to its field with what was
typed.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from cchc.redirects import own_url
from reports import history, workflow
from reports.access import get_report_for_user
from reports.workflow_forms import ActionForm, IssueForm

HISTORY_PAGE_SIZE = 50

ACTIONS = {
    "submit": workflow.report_submit,
    "return": workflow.report_return,
    "approve": workflow.report_approve,
    "reopen": workflow.report_reopen,
}


def _next_url(request, report) -> str:
    """The page the move was made from (``next``), if this site's; else the history."""
    target = own_url(request, request.POST.get("next") or request.GET.get("next"))
    return target or reverse("report_history", kwargs={"pk": report.pk})


def _act(request, pk, action):
    report = get_report_for_user(request.user, pk, for_action=True)
    form = ActionForm(action, request.POST)
    if form.is_valid():
        try:
            ACTIONS[action](report, user=request.user, comment=form.cleaned_data["comment"])
        except workflow.TransitionError as error:
            if error.forbidden:
                raise PermissionDenied(error.message) from None
            if error.problems:
                messages.error(request, f"{error.message} Bấm vào từng mục dưới đây để sửa.")
                overview = reverse("report_overview", kwargs={"pk": report.pk})
                return redirect(overview + "#van-de")
            if error.field != "comment":
                messages.error(request, error.message)
                return redirect(_next_url(request, report))
            form.add_error("comment", error.message)
        else:
            messages.success(request, workflow.TRANSITIONS[action].done)
            return redirect(_next_url(request, report))
    context = {
        "report": report,
        "form": form,
        "action": action,
        "button": workflow.TRANSITIONS[action].button_text,
        "confirm": workflow.confirm_text(action, report),
        "next": _next_url(request, report),
    }
    return render(request, "reports/workflow/action.html", context, status=400)


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


@login_required
def report_issue(request, pk):
    """GET: the văn thư's form (today's date and the next free number proposed); POST: issue.
    A refusal stays on the form, next to the field, with what was typed."""
    report = get_report_for_user(request.user, pk, for_action=True)
    try:
        workflow.check_actor("issue", report, request.user)
    except workflow.TransitionError as error:
        if error.forbidden:  # the commune's staff and leader: the form is not theirs
            raise PermissionDenied(error.message) from None
        messages.error(request, error.message)
        return redirect(_next_url(request, report))
    form = IssueForm(report, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            workflow.report_issue(
                report,
                user=request.user,
                number=form.cleaned_data["number"],
                issued_on=form.cleaned_data["issued_on_date"],
                comment=form.cleaned_data["comment"],
            )
        except workflow.TransitionError as error:
            form.add_error(error.field or None, error.message)
        else:
            messages.success(request, workflow.TRANSITIONS["issue"].done)
            return redirect(_next_url(request, report))
    return render(
        request,
        "reports/workflow/issue.html",
        {
            "report": report,
            "form": form,
            "confirm": workflow.confirm_text("issue", report),
            "transition": workflow.TRANSITIONS["issue"],
        },
        status=400 if form.errors else 200,
    )


@login_required
def report_history(request, pk):
    """Every change and move, newest first, 50 to a page, filtered by kind (``?loai=``)."""
    report = get_report_for_user(request.user, pk)
    kind = request.GET.get("loai", "")
    kind = kind if kind in history.KINDS else ""
    page = Paginator(history.history_entries(report, kind), HISTORY_PAGE_SIZE).get_page(
        request.GET.get("trang")
    )
    counts = dict(
        report.audit_entries.values_list("action")
        .annotate(n=Count("pk"))
        .values_list("action", "n")
    )
    kinds = [
        {"key": key, "label": label, "count": sum(counts.get(a, 0) for a in actions)}
        for key, (label, actions) in history.KINDS.items()
    ]
    return render(
        request,
        "reports/workflow/history.html",
        {
            "report": report,
            "page": page,
            "lines": history.history_lines(report, page.object_list),
            "kind": kind,
            "kinds": kinds,
            "total": sum(counts.values()),
            "since_last_submission": history.changes_since_last_submission(report),
            "since_submission": history.changes_since_submission(report),
            "snapshots": report.snapshots.select_related("created_by__profile").order_by("-pk"),
            "explanations": history.explanation_lines(report),
        },
    )


@login_required
def report_version(request, pk, snapshot_pk):
    """One saved version (at submission, approval or issue), read-only: its narrative as the
    report printed it and its figures, from the snapshot alone."""
    report = get_report_for_user(request.user, pk)
    snapshot = get_object_or_404(
        report.snapshots.select_related("created_by__profile"), pk=snapshot_pk
    )
    return render(
        request,
        "reports/workflow/version.html",
        {"report": report, "snapshot": snapshot, "version": history.saved_version(snapshot)},
    )
