"""Template tags of a report's pages:

- ``{% workflow_panel report %}``: the report's status and the moves the user may make
  (submit, approve, return with a reason, reopen, issue), each a small form that asks once for
  confirmation (``data-confirm``, read by ``static/js/confirm.js``); the moves come back to the
  page they were made from (``next``);
- ``{% report_tabs report "history" %}``: the report's tab bar (``reports.tabs``);
- ``{% problem_list report problems %}``: what stops a submission, grouped by page, each item a
  link to its row (``/bao-cao/<id>/bieu/<slug>/#r-<field>``) or narrative field.
"""

from django import template
from django.urls import reverse

from reports import catalogue, history, workflow
from reports.access import can_act, can_upload_signed
from reports.completeness import NARRATIVE
from reports.models import Status
from reports.tabs import report_tabs as tab_items
from reports.workflow_forms import ActionForm

register = template.Library()

# (action, button class) of the moves with a comment form, in the order the panel shows them;
# their texts are the transitions' own (``workflow.TRANSITIONS``), their URL "report_<action>".
MOVES = (
    ("submit", "btn-primary"),
    ("approve", "btn-success"),
    ("return", "btn-outline-danger"),
    ("reopen", "btn-outline-danger"),
)


@register.inclusion_tag("reports/workflow/_panel.html", takes_context=True)
def workflow_panel(context, report):
    request = context["request"]
    user = request.user
    actions = workflow.allowed_actions(report, user) if can_act(user, report) else []
    history_url = reverse("report_history", kwargs={"pk": report.pk})
    upload_url = ""
    if can_upload_signed(user, report):  # the văn thư's next step
        upload_url = reverse("report_signed_upload", kwargs={"pk": report.pk})
    moves = [
        {
            "action": action,
            "url": reverse(f"report_{action}", kwargs={"pk": report.pk}),
            "button": workflow.TRANSITIONS[action].button_text,
            "button_class": button_class,
            "form": ActionForm(action),
            "confirm": workflow.confirm_text(action, report),
        }
        for action, button_class in MOVES
        if action in actions
    ]
    return {
        "report": report,
        "actions": actions,
        "moves": moves,
        "history_url": "" if request.path == history_url else history_url,
        "upload_url": upload_url,
        "next": request.get_full_path(),
        "returned": history.last_comment(report, Status.RETURNED)
        if report.status == Status.RETURNED
        else None,
        "csrf_token": context.get("csrf_token"),
    }


@register.simple_tag
def move_button(action: str) -> str:
    """The text of the button or link that leads to ``action``: ``{% move_button "issue" %}``."""
    return workflow.TRANSITIONS[action].button_text


@register.inclusion_tag("reports/_tabs.html")
def report_tabs(report, current):
    return {"tabs": tab_items(report, current)}


@register.inclusion_tag("reports/workflow/_problems.html")
def problem_list(report, problems):
    """``problems`` (``reports.completeness.Problem``) grouped by the page that mends them,
    in the order of the forms, the narrative last."""
    order = [section.key for section in catalogue.SECTIONS] + [NARRATIVE]
    groups = {key: [] for key in order}
    for problem in problems:
        groups[problem.section].append(
            {"message": problem.message, "url": problem_url(report, problem)}
        )
    return {
        "report": report,
        "problems": problems,
        "groups": [
            {"title": _group_title(key), "items": items} for key, items in groups.items() if items
        ],
    }


def problem_url(report, problem) -> str:
    if problem.section == NARRATIVE:
        return reverse("report_narrative", args=[report.pk]) + f"#id_{problem.field}"
    section = catalogue.SECTION_BY_KEY[problem.section]
    return reverse("report_section", args=[report.pk, section.slug]) + f"#r-{problem.field}"


def _group_title(key: str) -> str:
    if key == NARRATIVE:
        return "Nội dung báo cáo"
    section = catalogue.SECTION_BY_KEY[key]
    return f"{section.heading} – {section.title}" if section.heading else section.title


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
