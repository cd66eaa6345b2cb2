"""``{% workflow_panel report %}``: the report's status and the buttons the user may press
(submit, return with a reason, approve, reopen, issue). Any report page can include it; the
buttons come back to that page (``next``)."""

from django import template

from reports import history, workflow
from reports.access import can_act
from reports.models import Status

register = template.Library()


@register.inclusion_tag("reports/workflow/_panel.html", takes_context=True)
def workflow_panel(context, report):
    request = context["request"]
    user = request.user
    actions = workflow.allowed_actions(report, user) if can_act(user, report) else []
    return {
        "report": report,
        "actions": actions,
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
