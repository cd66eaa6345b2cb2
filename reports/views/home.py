"""The home page is a worklist: each role lands on what needs it.

Staff: their drafts and returned reports (with the leader's reason); leaders: reports waiting
for approval; the văn thư: approved reports to number and issue; the city reviewer: the
communes of the city and where each one's latest report stands; administrators: everything.
The role only chooses which lists to show and in what order (presentation); what the user may
do with a report, and which reports they see, come from ``reports.access`` (and the workflow's
``may_take``) like everywhere else. Within a period, communes are in Vietnamese order.
"""

from dataclasses import dataclass, field

from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.shortcuts import render

from reports import workflow
from reports.access import (
    can_edit,
    may_create_report,
    may_open_admin,
    reports_for_user,
    role_of,
)
from reports.city.filters import CommuneSearchForm
from reports.city.overview import reviewer_home
from reports.models import AuditEntry, Report, Role, Status


@dataclass
class Worklist:
    title: str
    hint: str
    reports: list = field(default_factory=list)
    empty: str = "Không có báo cáo nào."
    urgent: bool = False  # the list the role is here for


# (title, hint, statuses, empty text) per role, most urgent first.
WORKLISTS = {
    Role.STAFF: [
        (
            "Cần hoàn thiện",
            "Báo cáo đang soạn và báo cáo bị trả lại.",
            (Status.RETURNED, Status.DRAFT),
            "Không có báo cáo nào cần hoàn thiện.",
        ),
        ("Đang chờ lãnh đạo duyệt", "", (Status.SUBMITTED,), "Không có báo cáo nào đang chờ."),
        ("Đã duyệt, đã ban hành", "", (Status.APPROVED, Status.ISSUED), "Chưa có."),
    ],
    Role.LEADER: [
        (
            "Chờ duyệt",
            "Báo cáo chuyên viên đã gửi, cần xem xét để phê duyệt hoặc trả lại.",
            (Status.SUBMITTED,),
            "Không có báo cáo nào chờ duyệt.",
        ),
        ("Đang soạn, bị trả lại", "", (Status.RETURNED, Status.DRAFT), "Không có."),
        ("Đã duyệt, đã ban hành", "", (Status.APPROVED, Status.ISSUED), "Chưa có."),
    ],
    Role.CLERK: [
        (
            "Chờ cấp số, ban hành",
            "Báo cáo đã được lãnh đạo phê duyệt: nhập số, ngày ban hành.",
            (Status.APPROVED,),
            "Không có báo cáo nào chờ ban hành.",
        ),
        ("Đã ban hành", "", (Status.ISSUED,), "Chưa có."),
        (
            "Đang soạn, chờ duyệt",
            "",
            (Status.DRAFT, Status.RETURNED, Status.SUBMITTED),
            "Không có.",
        ),
    ],
    Role.ADMIN: [
        ("Tất cả báo cáo", "", tuple(Status), "Chưa có báo cáo nào."),
    ],
}


@login_required
def home(request):
    role = role_of(request.user)
    if role == Role.CITY_REVIEWER:
        return render(request, "reports/home_city.html", _city_context(request))
    reports = sorted(
        reports_for_user(request.user)
        .select_related("prepared_by__profile", "approved_by__profile")
        .annotate(submissions=Count("snapshots", filter=Q(snapshots__reason="submitted")))
        .order_by("commune__sort_key"),
        key=lambda r: r.period,
        reverse=True,
    )
    _attach_return_reasons(reports)
    for report in reports:
        report.next_step = _next_step(request.user, role, report)
    lists = []
    for index, (title, hint, statuses, empty) in enumerate(WORKLISTS.get(role, [])):
        chosen = sorted(
            (r for r in reports if r.status in statuses),
            key=lambda r: statuses.index(r.status),
        )
        lists.append(Worklist(title, hint, chosen, empty, urgent=index == 0))
    return render(
        request,
        "reports/home.html",
        {
            "worklists": lists,
            "role": role,
            "can_create": may_create_report(request.user),
            "opens_admin": may_open_admin(request.user),
        },
    )


def _next_step(user, role, report: Report) -> str:
    """The button a worklist row offers: "review" (the leader opens a submitted report's
    overview, where the workflow panel decides what they may do), "issue" when the user may
    issue it now, "edit" when they may change its figures now, else ""."""
    if report.status == Status.SUBMITTED and role == Role.LEADER:
        return "review"
    if report.status == Status.APPROVED and workflow.may_take("issue", report, user):
        return "issue"
    if report.status in (Status.DRAFT, Status.RETURNED) and can_edit(user, report):
        return "edit"
    return ""


def _attach_return_reasons(reports: list[Report]) -> None:
    """``report.return_reason``: the leader's last reason on each returned report."""
    returned = [r.pk for r in reports if r.status == Status.RETURNED]
    reasons = {}
    entries = AuditEntry.objects.filter(
        report_id__in=returned, action=AuditEntry.Action.TRANSITION, to_status=Status.RETURNED
    ).order_by("at", "pk")
    for entry in entries.select_related("user__profile"):
        reasons[entry.report_id] = entry
    for report in reports:
        report.return_reason = reasons.get(report.pk)


def _city_context(request) -> dict:
    """The communes of the reviewer's city, each with its latest report, counted per state,
    paged and searchable (the city grid has the detail)."""
    form = CommuneSearchForm(request.GET)
    overview = reviewer_home(
        request.user, search=form.search, page_number=request.GET.get("trang", 1)
    )
    query = request.GET.copy()
    query.pop("trang", None)
    return {"overview": overview, "city": overview.city, "form": form, "query": query.urlencode()}
