"""The review workflow as explicit transitions: who may move a report from which status to which.

TRANSITIONS is the whole table. Each action has one function (``report_submit``,
``report_return``, ``report_approve``, ``report_reopen``, ``report_issue``) that, in one
transaction, locks the report row (``select_for_update``), checks the move against the table and
the actor, changes the report, writes an AuditEntry TRANSITION row (who, when, comment) and, on
submit / approve / issue, a ReportSnapshot of the whole content. Every refusal is a
``TransitionError`` with a Vietnamese message (and the field it belongs to); nothing is changed
then. Submit and approve are refused while ``reports.completeness`` lists a problem.

Document numbers: ``parse_number`` accepts ASCII digits from 1 without a leading 0; the
database keeps a number unique per commune and year of issue (constraint
report_unique_number_per_year), so of two clerks issuing one number at the same moment the
second's IntegrityError becomes the same message as the check before it.

Locking the report row serializes a transition with any figure or text save (those lock the same
row, see ``Report.refuse_if_frozen``), so an approval never freezes a half-edited report.
"""

import re
from dataclasses import dataclass
from datetime import date

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from reports import completeness
from reports.access import profile_of, role_of
from reports.content import report_content
from reports.models import AuditEntry, Report, ReportSnapshot, Role, Status
from reports.models.report import document_number_text
from reports.numbers import long_date


class TransitionError(Exception):
    """A refused transition. ``problems`` lists what blocks a submission; ``field`` names the
    input the message belongs next to ("comment", "number", "issued_on"), if any;
    ``forbidden`` says the user may never take this action on this report (not of its commune,
    or a role the transition does not allow), which a view answers with 403, as against a
    report in the wrong state now, which it explains and sends back."""

    def __init__(
        self,
        message: str,
        problems: list | None = None,
        *,
        field: str = "",
        forbidden: bool = False,
    ):
        super().__init__(message)
        self.message = message
        self.problems = list(problems or [])
        self.field = field
        self.forbidden = forbidden


@dataclass(frozen=True)
class Transition:
    """One move of the table, with every text the pages show for it: the panel, the refusal
    and issue pages, the comment box, the message after it and the history read them here."""

    action: str
    sources: frozenset
    target: str
    roles: frozenset
    label: str  # the verb: the history's name for the move, the button of its own page
    snapshot: str | None = None  # ReportSnapshot.Reason written after the move
    # The question asked once before the move: {what} is the report ("báo cáo Quý III năm
    # 2026 của UBND xã …"); {{number}}-like names are filled in the browser from the form.
    confirm: str = ""
    button: str = ""  # the workflow panel's button (or link), when it says more than the verb
    again: str = ""  # the history's name for the move made again after a return
    comment_label: str = ""
    comment_placeholder: str = ""
    done: str = ""  # the message once the move is made

    @property
    def button_text(self) -> str:
        return self.button or self.label


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
            "Gửi {what} cho lãnh đạo duyệt? Trong khi chờ duyệt, chuyên viên không sửa được số "
            "liệu.",
            button="Gửi lãnh đạo duyệt",
            again="Gửi duyệt lại",
            comment_label="Ghi chú gửi lãnh đạo (không bắt buộc)",
            done="Đã gửi báo cáo cho lãnh đạo duyệt.",
        ),
        Transition(
            "return",
            frozenset({Status.SUBMITTED}),
            Status.RETURNED,
            frozenset({Role.LEADER}),
            "Trả lại",
            confirm="Trả lại {what} cho người lập với lý do đã ghi?",
            comment_label="Lý do trả lại (bắt buộc)",
            comment_placeholder="Ghi rõ mục, số liệu cần sửa",
            done="Đã trả lại báo cáo cho người lập.",
        ),
        Transition(
            "approve",
            frozenset({Status.SUBMITTED}),
            Status.APPROVED,
            frozenset({Role.LEADER}),
            "Phê duyệt",
            ReportSnapshot.Reason.APPROVED,
            "Phê duyệt {what}? Sau khi duyệt, số liệu không sửa được.",
            comment_label="Ý kiến phê duyệt (không bắt buộc)",
            done="Đã phê duyệt báo cáo. Văn thư có thể cấp số và ban hành.",
        ),
        # Reopening sends the report back to the preparer with the leader's reason; the
        # approved snapshot stays on file.
        Transition(
            "reopen",
            frozenset({Status.APPROVED}),
            Status.RETURNED,
            frozenset({Role.LEADER}),
            "Mở lại để sửa",
            confirm="Mở lại {what} để sửa? Báo cáo trở về “Trả lại”; bản đã duyệt vẫn được lưu.",
            comment_label="Lý do mở lại (bắt buộc)",
            comment_placeholder="Ghi rõ vì sao cần sửa báo cáo đã duyệt",
            done="Đã mở lại báo cáo để sửa.",
        ),
        Transition(
            "issue",
            frozenset({Status.APPROVED}),
            Status.ISSUED,
            frozenset({Role.CLERK}),
            "Ban hành",
            ReportSnapshot.Reason.ISSUED,
            "Ban hành {what} với số {{number}}, ngày {{issued_on}}? Sau khi ban hành, số và "
            "ngày không sửa được.",
            button="Cấp số và ban hành",
            comment_label="Ghi chú (không bắt buộc)",
            done="Đã ban hành báo cáo.",
        ),
    )
}


def move_label(from_status: str, to_status: str) -> str:
    """The name of a recorded move (an audit row's two statuses): its transition's label, or
    "Gửi duyệt lại" for a submission after a return."""
    for transition in TRANSITIONS.values():
        if from_status in transition.sources and to_status == transition.target:
            if from_status == Status.RETURNED and transition.again:
                return transition.again
            return transition.label
    return "Chuyển trạng thái"


NUMBER_MAX_DIGITS = 5
CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def submission_problems(report: Report) -> list[completeness.Problem]:
    """What still blocks submission: every blank that must be filled, every rule error, every
    unexplained warning (``reports.completeness``)."""
    return completeness.submission_problems(report)


def check_actor(action: str, report: Report, user) -> None:
    """Refuse (TransitionError) unless ``user`` may take ``action`` on ``report`` now."""
    transition = TRANSITIONS[action]
    profile = profile_of(user)
    if profile is None or profile.commune_id != report.commune_id:
        raise TransitionError("Bạn không thuộc đơn vị của báo cáo này.", forbidden=True)
    if role_of(user) not in transition.roles:
        allowed = " hoặc ".join(sorted(Role(r).label for r in transition.roles))
        raise TransitionError(
            f"Chỉ {allowed} mới được “{transition.label}” báo cáo.", forbidden=True
        )
    if report.status not in transition.sources:
        status = Status(report.status).label
        raise TransitionError(
            f"Không thể “{transition.label}” báo cáo đang ở trạng thái “{status}”."
        )
    if action == "approve" and user.pk in _preparers(report):
        raise TransitionError(
            "Người lập hoặc người gửi duyệt báo cáo không được tự phê duyệt; "
            "cần một lãnh đạo khác phê duyệt."
        )


def confirm_text(action: str, report: Report) -> str:
    """ "Phê duyệt báo cáo Quý III năm 2026 của UBND xã …? Sau khi duyệt, số liệu không sửa
    được." """
    what = f"báo cáo {report.period.label} của {report.commune.people_committee}"
    return TRANSITIONS[action].confirm.format(what=what)


def may_take(action: str, report: Report, user) -> bool:
    """Would ``check_actor`` let ``user`` take ``action`` on ``report`` now?"""
    try:
        check_actor(action, report, user)
    except TransitionError:
        return False
    return True


def allowed_actions(report: Report, user) -> list[str]:
    """The actions whose buttons the user should see (the checks that need no input)."""
    return [action for action in TRANSITIONS if may_take(action, report, user)]


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
        raise TransitionError(
            "Ghi chú, lý do có ký tự điều khiển không hợp lệ; hãy gõ lại.", field="comment"
        )
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
        raise TransitionError(
            "Phải ghi lý do trả lại để người lập biết cần sửa gì.", field="comment"
        )
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
        raise TransitionError("Phải ghi lý do mở lại báo cáo đã duyệt.", field="comment")
    changes = {"approved_by": None, "approved_at": None}
    return _move("reopen", report, user=user, comment=comment, changes=changes)


def report_issue(
    report: Report, *, user, number: str, issued_on: date | None, comment: str = ""
) -> Report:
    """Đã duyệt → Đã ban hành: the văn thư gives the number as typed ("5", printed "Số:
    05/BC-UBND") and the date. The database keeps a number unique per commune and year of
    issue: of two clerks issuing the same number at once, the second is refused here."""
    check_actor("issue", report, user)  # who may issue comes before what they typed
    errors = issue_errors(report, number, issued_on)
    if errors:
        field = next(iter(errors)) if len(errors) == 1 else ""
        raise TransitionError(" ".join(errors.values()), field=field)
    value = int(number)
    note = f"{document_number_text(value)}, {long_date(issued_on)}"
    changes = {
        "number": value,
        "issued_on": issued_on,
        "issued_year": issued_on.year,
        "issued_by": user,
        "issued_at": timezone.now(),
    }
    comment = comment.strip()
    full_comment = note + (". " + comment if comment else "")
    try:
        return _move("issue", report, user=user, comment=full_comment, changes=changes)
    except IntegrityError:
        # The constraint report_unique_number_per_year: someone issued it first.
        raise TransitionError(
            _taken_message(report, value, issued_on.year), field="number"
        ) from None


def parse_number(text: str) -> int:
    """The văn thư's number as typed: ASCII digits 0–9 only, from 1 up, without a leading 0
    (the print adds it below 10), no spaces. Raises TransitionError (field "number")."""
    text = text or ""
    if not text:
        message = "Nhập số văn bản, ví dụ 123."
    elif any(ch.isspace() for ch in text):
        message = "Số văn bản gõ liền, không có dấu cách, ví dụ 123."
    elif all(ch.isdecimal() for ch in text) and not text.isascii():
        message = (
            "Số văn bản có chữ số không phải 0–9 thông thường (có thể do bộ gõ hoặc sao chép): "
            "hãy gõ lại bằng các phím số."
        )
    elif not (text.isascii() and text.isdigit()):
        message = "Số văn bản chỉ gồm các chữ số 0–9, ví dụ 123."
    elif int(text) == 0:
        message = "Số văn bản bắt đầu từ 1."
    elif text.startswith("0"):
        value = int(text)
        printed = document_number_text(value)
        message = f"Số văn bản không gõ số 0 ở đầu: gõ {value}, văn bản in là “{printed}”."
    elif len(text) > NUMBER_MAX_DIGITS:
        message = f"Số văn bản có tối đa {NUMBER_MAX_DIGITS} chữ số."
    else:
        return int(text)
    raise TransitionError(message, field="number")


def issue_errors(report: Report, number: str, issued_on: date | None) -> dict[str, str]:
    """{field: Vietnamese message} for a bad number or date (empty when both are fine)."""
    errors = {}
    try:
        value = parse_number(number)
    except TransitionError as error:
        errors["number"] = error.message
    else:
        year = issued_on.year if issued_on else report.year
        if number_taken(report, value, year):
            errors["number"] = _taken_message(report, value, year)
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


def number_taken(report: Report, number: int, year: int) -> Report | None:
    """The other report of the commune issued with ``number`` in ``year``, if any."""
    return (
        Report.objects.filter(commune_id=report.commune_id, issued_year=year, number=number)
        .exclude(pk=report.pk)
        .first()
    )


def _taken_message(report: Report, number: int, year: int) -> str:
    other = number_taken(report, number, year)
    which = f" ({other.period.label})" if other is not None else ""
    text = document_number_text(number)
    return f"{text} đã được dùng cho một báo cáo khác{which} ban hành năm {year}: chọn số khác."


def next_free_number(report: Report, year: int) -> int:
    """The number to propose: one more than the largest the commune issued in ``year``."""
    largest = Report.objects.filter(commune_id=report.commune_id, issued_year=year).aggregate(
        largest=Max("number")
    )["largest"]
    return (largest or 0) + 1
