"""``{% workflow_panel report %}``: the report's status and the buttons the user may press
(submit, return with a reason, approve, reopen, issue). Any report page can include it; the
buttons come back to that page (``next``)."""

from django import template
from django.urls import NoReverseMatch, reverse

from reports import history, workflow
from reports.access import can_act, role_of
from reports.models import Role, Status

register = template.Library()


@register.inclusion_tag("reports/workflow/_panel.html", takes_context=True)
def workflow_panel(context, report):
    request = context["request"]
    user = request.user
    actions = workflow.allowed_actions(report, user) if can_act(user, report) else []
    history_url = reverse("report_history", kwargs={"pk": report.pk})
    upload_url = ""
    if report.status == Status.ISSUED and role_of(user) == Role.CLERK and can_act(user, report):
        try:  # the văn thư's next step, when the exports area provides it
            upload_url = reverse("report_signed_upload", kwargs={"pk": report.pk})
        except NoReverseMatch:
            upload_url = ""
    return {
        "report": report,
        "actions": actions,
        "history_url": "" if request.path == history_url else history_url,
        "upload_url": upload_url,
        "next": request.get_full_path(),
        "returned": history.last_comment(report, Status.RETURNED)
        if report.status == Status.RETURNED
        else None,
        "csrf_token": context.get("csrf_token"),
    }


STATUS_CLASSES = {
    Status.DRAFT: "text-bg-secondary",
    Status.SUBMITTED: "text-bg-warning",
    Status.RETURNED: "text-bg-danger",
    Status.APPROVED: "text-bg-success",
    Status.ISSUED: "text-bg-primary",
}


@register.filter
def status_badge_class(status) -> str:
    """Bootstrap badge colours: grey draft, amber waiting, red returned, green approved,
    blue issued."""
    return STATUS_CLASSES.get(status, "text-bg-light")
