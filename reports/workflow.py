"""The review workflow as explicit transitions: who may move a report from which status to which.

TRANSITIONS is the whole table. Each action has one function (``report_submit``,
``report_return``, ``report_approve``, ``report_reopen``, ``report_issue``) that, in one
transaction, locks the report row (``select_for_update``), checks the move against the table and
the actor, changes the report, writes an AuditEntry TRANSITION row (who, when, comment) and, on
submit / approve / issue, a ReportSnapshot of the whole content. Every refusal is a
``TransitionError`` with a Vietnamese message; nothing is changed then.

Locking the report row serializes a transition with any figure or text save (those lock the same
row, see ``Report.refuse_if_frozen``), so an approval never freezes a half-edited report.
"""

import re
from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils import timezone

from reports import rules
from reports.access import profile_of, role_of
from reports.content import report_content
from reports.models import AuditEntry, Report, ReportSnapshot, Role, Status
from reports.numbers import long_date


class TransitionError(Exception):
    """A refused transition. ``problems`` lists what blocks a submission."""

    def __init__(self, message: str, problems: list[str] | None = None):
        super().__init__(message)
        self.message = message
        self.problems = list(problems or [])


@dataclass(frozen=True)
class Transition:
    action: str
    sources: frozenset
    target: str
    roles: frozenset
    label: str  # the verb, as on the button
    snapshot: str | None = None  # ReportSnapshot.Reason written after the move


TRANSITIONS: dict[str, Transition] = {
    t.action: t
    for t in (
        Transition(
            "submit",
            frozenset({Status.DRAFT, Status.RETURNED}),
            Status.SUBMITTED,
            frozenset({Role.STAFF, Role.LEADER}),
            "Gửi duyệt",
            ReportSnapshot.Reason.SUBMITTED,
        ),
        Transition(
            "return",
            frozenset({Status.SUBMITTED}),
            Status.RETURNED,
            frozenset({Role.LEADER}),
            "Trả lại",
        ),
        Transition(
            "approve",
            frozenset({Status.SUBMITTED}),
            Status.APPROVED,
            frozenset({Role.LEADER}),
            "Phê duyệt",
            ReportSnapshot.Reason.APPROVED,
        ),
        # Reopening sends the report back to the preparer with the leader's reason; the
        # approved snapshot stays on file.
        Transition(
            "reopen",
            frozenset({Status.APPROVED}),
            Status.RETURNED,
            frozenset({Role.LEADER}),
            "Mở lại để sửa",
        ),
        Transition(
            "issue",
            frozenset({Status.APPROVED}),
            Status.ISSUED,
            frozenset({Role.CLERK}),
            "Ban hành",
            ReportSnapshot.Reason.ISSUED,
        ),
    )
}

NUMBER_RE = re.compile(r"^\d{1,5}$")
CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def submission_problems(report: Report) -> list[str]:
    """What still blocks submission (reports.rules: every error, every unexplained warning)."""
    return rules.submission_problems(report)


def check_actor(action: str, report: Report, user) -> None:
    """Refuse (TransitionError) unless ``user`` may take ``action`` on ``report`` now."""
    transition = TRANSITIONS[action]
    profile = profile_of(user)
    if profile is None or profile.commune_id != report.commune_id:
        raise TransitionError("Bạn không thuộc đơn vị của báo cáo này.")
    if report.status not in transition.sources:
        status = Status(report.status).label
        raise TransitionError(
            f"Không thể “{transition.label}” báo cáo đang ở trạng thái “{status}”."
        )
    if role_of(user) not in transition.roles:
        allowed = " hoặc ".join(sorted(Role(r).label for r in transition.roles))
        raise TransitionError(f"Chỉ {allowed} mới được “{transition.label}” báo cáo.")
    if action == "approve" and user.pk in _preparers(report):
        raise TransitionError(
            "Người lập hoặc người gửi duyệt báo cáo không được tự phê duyệt; "
            "cần một lãnh đạo khác phê duyệt."
        )


def allowed_actions(report: Report, user) -> list[str]:
    """The actions whose buttons the user should see (the checks that need no input)."""
    allowed = []
    for action in TRANSITIONS:
        try:
            check_actor(action, report, user)
        except TransitionError:
            continue
        allowed.append(action)
    return allowed


def _preparers(report: Report) -> set[int]:
    submitters = AuditEntry.objects.filter(
        report=report, action=AuditEntry.Action.TRANSITION, to_status=Status.SUBMITTED
    ).values_list("user_id", flat=True)
    return {report.prepared_by_id, *submitters} - {None}


def _move(action: str, report: Report, *, user, comment: str, changes=None) -> Report:
    """Lock, check, change, audit, snapshot; then refresh the caller's object."""
    transition = TRANSITIONS[action]
    if CONTROL_RE.search(comment):
        # PostgreSQL refuses NUL in text; other control characters are never typed on purpose.
        raise TransitionError("Ghi chú, lý do có ký tự điều khiển không hợp lệ; hãy gõ lại.")
    with transaction.atomic():
        locked = Report.objects.select_for_update().get(pk=report.pk)
        check_actor(action, locked, user)
        if action in ("submit", "approve"):
            # Approval checks again: the leader may have corrected figures while reviewing.
            problems = submission_problems(locked)
            if problems:
                verb = "gửi duyệt" if action == "submit" else "phê duyệt"
                raise TransitionError(
                    f"Chưa thể {verb}: còn {len(problems)} vấn đề cần xử lý.", problems
                )
        from_status = locked.status
        locked.status = transition.target
        fields = ["status", "updated_at"]
        for name, value in (changes or {}).items():
            setattr(locked, name, value)
            fields.append(name)
        locked.save(update_fields=fields)
        AuditEntry.objects.create(
            report=locked,
            user=user,
            action=AuditEntry.Action.TRANSITION,
            from_status=from_status,
            to_status=transition.target,
            comment=comment,
        )
        if transition.snapshot:
            ReportSnapshot.objects.create(
                report=locked,
                reason=transition.snapshot,
                data=report_content(locked).to_json(),
                created_by=user,
            )
    report.refresh_from_db()
    return report


def report_submit(report: Report, *, user, comment: str = "") -> Report:
    """Dự thảo / Trả lại → Chờ duyệt, refused while any rule problem remains."""
    now = timezone.now()
    changes = {"submitted_at": now}
    if report.first_submitted_at is None:
        changes["first_submitted_at"] = now
    if report.prepared_by_id is None:
        changes["prepared_by"] = user
    return _move("submit", report, user=user, comment=comment.strip(), changes=changes)


def report_return(report: Report, *, user, comment: str = "") -> Report:
    """Chờ duyệt → Trả lại; the reason is required and shown to the preparer."""
    comment = comment.strip()
    if not comment:
        raise TransitionError("Phải ghi lý do trả lại để người lập biết cần sửa gì.")
    return _move("return", report, user=user, comment=comment)


def report_approve(report: Report, *, user, comment: str = "") -> Report:
    """Chờ duyệt → Đã duyệt, by a leader of the commune who neither prepared nor submitted it.
    The approving leader's profile becomes the signature block."""
    changes = {"approved_by": user, "approved_at": timezone.now()}
    return _move("approve", report, user=user, comment=comment.strip(), changes=changes)


def report_reopen(report: Report, *, user, comment: str = "") -> Report:
    """Đã duyệt → Trả lại, with a reason; the approved snapshot stays on file."""
    comment = comment.strip()
    if not comment:
        raise TransitionError("Phải ghi lý do mở lại báo cáo đã duyệt.")
    changes = {"approved_by": None, "approved_at": None}
    return _move("reopen", report, user=user, comment=comment, changes=changes)


def report_issue(
    report: Report, *, user, number: str, issued_on: date | None, comment: str = ""
) -> Report:
    """Đã duyệt → Đã ban hành: the văn thư gives the number ("123" → "Số: 123/BC-UBND") and
    the date, both printed in the exports."""
    number = (number or "").strip()
    check_actor("issue", report, user)  # who may issue comes before what they typed
    errors = issue_errors(report, number, issued_on)
    if errors:
        raise TransitionError(" ".join(errors.values()))
    note = f"Số: {number}/BC-UBND, {long_date(issued_on)}"
    changes = {
        "number": number,
        "issued_on": issued_on,
        "issued_by": user,
        "issued_at": timezone.now(),
    }
    comment = comment.strip()
    full_comment = note + (". " + comment if comment else "")
    return _move("issue", report, user=user, comment=full_comment, changes=changes)


def issue_errors(report: Report, number: str, issued_on: date | None) -> dict[str, str]:
    """{field: Vietnamese message} for a bad number or date (empty when both are fine)."""
    errors = {}
    if not number:
        errors["number"] = "Nhập số văn bản, ví dụ 123."
    elif not NUMBER_RE.match(number):
        errors["number"] = "Số văn bản chỉ gồm chữ số (tối đa 5 chữ số), ví dụ 123."
    elif (
        Report.objects.filter(
            commune_id=report.commune_id, number=number, issued_on__year=_year(issued_on, report)
        )
        .exclude(pk=report.pk)
        .exists()
    ):
        errors["number"] = f"Số {number}/BC-UBND đã được dùng cho một báo cáo khác trong năm."
    if issued_on is None:
        errors["issued_on"] = "Nhập ngày ban hành theo dạng ngày/tháng/năm, ví dụ 15/07/2026."
    else:
        today = timezone.localdate()
        approved_on = timezone.localtime(report.approved_at).date() if report.approved_at else None
        if issued_on > today:
            errors["issued_on"] = "Ngày ban hành không được sau ngày hôm nay."
        elif approved_on and issued_on < approved_on:
            errors["issued_on"] = "Ngày ban hành không được trước ngày phê duyệt ({}).".format(
                approved_on.strftime("%d/%m/%Y")
            )
    return errors


def _year(issued_on: date | None, report: Report) -> int:
    return issued_on.year if issued_on else report.year
