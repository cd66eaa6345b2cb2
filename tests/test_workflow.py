"""The workflow (reports.workflow): every allowed and every forbidden transition, by role, by
commune and by state, with the database after each; the special rules of each action.

The cast is built here without the demo data (cheap enough for the 175-case table):
a commune with its staff, a vice-chairman who reviews, a chairman, a văn thư; a second commune
with its staff and leader; the city reviewer; the administrator.
"""

from datetime import date, timedelta

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from reports import workflow
from reports.models import (
    AuditEntry,
    City,
    Commune,
    Report,
    ReportSnapshot,
    Role,
    Status,
)
from reports.periods import Period
from reports.services import figure_sets, report_create
from reports.workflow import TransitionError
from tests.people import make_user


@pytest.fixture(autouse=True)
def no_rule_problems(monkeypatch):
    """Rules have their own tests (tests/test_rules.py); here a report may be submitted unless a
    test says otherwise."""
    monkeypatch.setattr(workflow, "submission_problems", lambda report: [])


@pytest.fixture
def cast(db, django_user_model):
    city = City.objects.create(name="Hải Phòng")
    home = Commune.objects.create(city=city, name="Nam Thanh Miện", kind=Commune.Kind.COMMUNE)
    away = Commune.objects.create(city=city, name="Tân Kỳ", kind=Commune.Kind.COMMUNE)
    people = {
        "staff": make_user(django_user_model, "chuyen_vien", Role.STAFF, commune=home, city=city),
        "leader": make_user(
            django_user_model,
            "pho_chu_tich",
            Role.LEADER,
            commune=home,
            city=city,
            position="pho_chu_tich",
            name="Pho Chu Tich",
        ),
        "chairman": make_user(
            django_user_model, "chu_tich", Role.LEADER, commune=home, city=city, position="chu_tich"
        ),
        "clerk": make_user(django_user_model, "van_thu", Role.CLERK, commune=home, city=city),
        "city": make_user(django_user_model, "so_noi_vu", Role.CITY_REVIEWER, city=city),
        "other_staff": make_user(
            django_user_model, "cv_tan_ky", Role.STAFF, commune=away, city=city
        ),
        "other_leader": make_user(
            django_user_model, "ld_tan_ky", Role.LEADER, commune=away, city=city
        ),
        "admin": make_user(django_user_model, "quan_tri", Role.ADMIN, city=city),
    }
    people["admin"].is_superuser = people["admin"].is_staff = True
    people["admin"].save()
    return {"commune": home, **people}


def report_in(cast, status, period: Period | None = None) -> Report:
    """A report of the home commune (Quý III/2026 unless said), prepared by the staff member,
    put in ``status``."""
    period = period or Period(2026, "Q3")
    report = report_create(commune=cast["commune"], period=period, user=cast["staff"])
    extra = {}
    if status in (Status.APPROVED, Status.ISSUED):
        extra = {"approved_by": cast["chairman"], "approved_at": timezone.now()}
    Report.objects.filter(pk=report.pk).update(status=status, **extra)
    report.refresh_from_db()
    return report


def run(action, report, user, **kwargs):
    if action == "issue":
        kwargs = {"number": "123", "issued_on": timezone.localdate(), **kwargs}
    elif action in ("return", "reopen"):
        kwargs = {"comment": "Lý do", **kwargs}
    return getattr(workflow, f"report_{action}")(report, user=user, **kwargs)


# What the issue asks for, written out independently of workflow.TRANSITIONS.
ALLOWED = {
    ("submit", Status.DRAFT): {"staff", "leader", "chairman"},
    ("submit", Status.RETURNED): {"staff", "leader", "chairman"},
    ("return", Status.SUBMITTED): {"leader", "chairman"},
    ("approve", Status.SUBMITTED): {"leader", "chairman"},
    ("reopen", Status.APPROVED): {"leader", "chairman"},
    ("issue", Status.APPROVED): {"clerk"},
}
TARGET = {
    "submit": Status.SUBMITTED,
    "return": Status.RETURNED,
    "approve": Status.APPROVED,
    "reopen": Status.RETURNED,
    "issue": Status.ISSUED,
}
SNAPSHOT = {"submit": "submitted", "approve": "approved", "issue": "issued"}
ACTORS = ["staff", "leader", "chairman", "clerk", "city", "other_staff", "other_leader", "admin"]


@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize("status", list(Status))
@pytest.mark.parametrize("action", list(TARGET))
def test_transition_table(cast, action, status, actor):
    report = report_in(cast, status)
    user = cast[actor]
    audit_before = AuditEntry.objects.filter(action=AuditEntry.Action.TRANSITION).count()
    allowed = actor in ALLOWED.get((action, status), set())
    if allowed:
        run(action, report, user)
        report.refresh_from_db()
        assert report.status == TARGET[action]
        entry = AuditEntry.objects.filter(action=AuditEntry.Action.TRANSITION).latest("pk")
        assert (entry.user, entry.from_status, entry.to_status) == (user, status, TARGET[action])
        snapshots = list(ReportSnapshot.objects.filter(report=report))
        assert [s.reason for s in snapshots] == ([SNAPSHOT[action]] if action in SNAPSHOT else [])
        if snapshots:
            assert snapshots[0].data["status"] == TARGET[action]
    else:
        with pytest.raises(TransitionError):
            run(action, report, user)
        report.refresh_from_db()
        assert report.status == status
        assert AuditEntry.objects.filter(action=AuditEntry.Action.TRANSITION).count() == (
            audit_before
        )
        assert not ReportSnapshot.objects.exists()


def test_wrong_state_message(cast):
    report = report_in(cast, Status.DRAFT)
    with pytest.raises(TransitionError) as error:
        workflow.report_approve(report, user=cast["leader"])
    assert error.value.message == "Không thể “Phê duyệt” báo cáo đang ở trạng thái “Dự thảo”."


def test_wrong_role_message(cast):
    report = report_in(cast, Status.SUBMITTED)
    with pytest.raises(TransitionError) as error:
        workflow.report_approve(report, user=cast["staff"])
    assert error.value.message == "Chỉ Lãnh đạo UBND mới được “Phê duyệt” báo cáo."


def test_other_commune_message(cast):
    report = report_in(cast, Status.SUBMITTED)
    with pytest.raises(TransitionError) as error:
        workflow.report_approve(report, user=cast["other_leader"])
    assert error.value.message == "Bạn không thuộc đơn vị của báo cáo này."


def test_full_cycle_with_return_and_resubmission(cast):
    report = report_in(cast, Status.DRAFT)
    workflow.report_submit(report, user=cast["staff"], comment="Kính trình")
    first_submitted = report.first_submitted_at
    assert report.status == Status.SUBMITTED and first_submitted is not None
    workflow.report_return(report, user=cast["leader"], comment="  Bổ sung Biểu 3  ")
    assert report.status == Status.RETURNED
    workflow.report_submit(report, user=cast["staff"])
    assert report.first_submitted_at == first_submitted
    assert report.submitted_at > first_submitted
    workflow.report_approve(report, user=cast["leader"], comment="Đồng ý")
    assert (report.status, report.approved_by) == (Status.APPROVED, cast["leader"])
    workflow.report_issue(report, user=cast["clerk"], number="123", issued_on=timezone.localdate())
    assert report.status == Status.ISSUED
    assert report.number_text == "Số: 123/BC-UBND"
    assert report.issued_by == cast["clerk"]
    trail = list(
        report.audit_entries.filter(action=AuditEntry.Action.TRANSITION).values_list(
            "user__username", "from_status", "to_status", "comment"
        )
    )
    assert trail[:4] == [
        ("chuyen_vien", "draft", "submitted", "Kính trình"),
        ("pho_chu_tich", "submitted", "returned", "Bổ sung Biểu 3"),
        ("chuyen_vien", "returned", "submitted", ""),
        ("pho_chu_tich", "submitted", "approved", "Đồng ý"),
    ]
    assert trail[4][:3] == ("van_thu", "approved", "issued")
    assert trail[4][3].startswith("Số: 123/BC-UBND, ngày ")
    reasons = list(report.snapshots.values_list("reason", flat=True))
    assert reasons == ["submitted", "submitted", "approved", "issued"]


@pytest.mark.parametrize("comment", ["", "   "])
def test_return_requires_a_reason(cast, comment):
    report = report_in(cast, Status.SUBMITTED)
    with pytest.raises(TransitionError) as error:
        workflow.report_return(report, user=cast["leader"], comment=comment)
    assert error.value.message == "Phải ghi lý do trả lại để người lập biết cần sửa gì."
    report.refresh_from_db()
    assert report.status == Status.SUBMITTED
    assert not report.audit_entries.filter(action=AuditEntry.Action.TRANSITION).exists()


def test_reopen_requires_a_reason_and_keeps_the_approved_snapshot(cast):
    report = report_in(cast, Status.SUBMITTED)
    workflow.report_approve(report, user=cast["leader"])
    with pytest.raises(TransitionError) as error:
        workflow.report_reopen(report, user=cast["leader"], comment="")
    assert error.value.message == "Phải ghi lý do mở lại báo cáo đã duyệt."
    assert Report.objects.get(pk=report.pk).status == Status.APPROVED
    workflow.report_reopen(report, user=cast["chairman"], comment="Sai số liệu Biểu 6")
    assert (report.status, report.approved_by, report.approved_at) == (Status.RETURNED, None, None)
    entry = report.audit_entries.latest("pk")
    assert (entry.user, entry.comment) == (cast["chairman"], "Sai số liệu Biểu 6")
    assert report.snapshots.filter(reason="approved").count() == 1


def test_preparer_cannot_approve(cast):
    report = report_in(cast, Status.DRAFT)
    Report.objects.filter(pk=report.pk).update(prepared_by=cast["leader"])
    report.refresh_from_db()
    workflow.report_submit(report, user=cast["staff"])
    with pytest.raises(TransitionError) as error:
        workflow.report_approve(report, user=cast["leader"])
    assert "không được tự phê duyệt" in error.value.message
    assert Report.objects.get(pk=report.pk).status == Status.SUBMITTED
    workflow.report_approve(report, user=cast["chairman"])
    assert report.status == Status.APPROVED


def test_submitter_cannot_approve_even_after_a_return(cast):
    report = report_in(cast, Status.DRAFT)
    workflow.report_submit(report, user=cast["leader"])
    workflow.report_return(report, user=cast["chairman"], comment="Sửa")
    workflow.report_submit(report, user=cast["staff"])
    with pytest.raises(TransitionError):
        workflow.report_approve(report, user=cast["leader"])
    assert Report.objects.get(pk=report.pk).status == Status.SUBMITTED
    workflow.report_approve(report, user=cast["chairman"])
    assert Report.objects.get(pk=report.pk).approved_by == cast["chairman"]


def test_submit_refused_while_problems_remain(cast, monkeypatch):
    problems = ["Lỗi: 2.1 phải bằng 2.1.1 + 2.1.2", "Cảnh báo chưa có giải trình: lệch 252"]
    monkeypatch.setattr(workflow, "submission_problems", lambda report: problems)
    report = report_in(cast, Status.DRAFT)
    with pytest.raises(TransitionError) as error:
        workflow.report_submit(report, user=cast["staff"])
    assert error.value.message == "Chưa thể gửi duyệt: còn 2 vấn đề cần xử lý."
    assert error.value.problems == problems
    report.refresh_from_db()
    assert report.status == Status.DRAFT and report.submitted_at is None
    assert not report.snapshots.exists()


def test_submit_uses_the_completeness_module(cast, monkeypatch):
    """Without the autouse stub: the workflow asks reports.completeness."""
    monkeypatch.undo()
    from reports import completeness

    monkeypatch.setattr(completeness, "submission_problems", lambda report: ["Lỗi: thiếu số liệu"])
    report = report_in(cast, Status.DRAFT)
    with pytest.raises(TransitionError) as error:
        workflow.report_submit(report, user=cast["staff"])
    assert error.value.problems == ["Lỗi: thiếu số liệu"]


def test_approval_snapshot_carries_the_signature_block(cast):
    report = report_in(cast, Status.SUBMITTED)
    figures = figure_sets(report)["b3"]
    figures.resolved_total = 5650
    figures.save()
    workflow.report_approve(report, user=cast["leader"])
    data = report.snapshots.get(reason="approved").data
    assert data["signer_name"] == "Pho Chu Tich"
    assert data["signer_titles"] == ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]
    assert data["values"]["b3.resolved_total"] == 5650


# --- issuing: number and date -------------------------------------------------------------


@pytest.fixture
def approved(cast):
    report = report_in(cast, Status.SUBMITTED)
    return workflow.report_approve(report, user=cast["leader"])


NOT_ASCII = (
    "Số văn bản có chữ số không phải 0–9 thông thường (có thể do bộ gõ hoặc sao chép): hãy gõ "
    "lại bằng các phím số."
)
ONLY_DIGITS = "Số văn bản chỉ gồm các chữ số 0–9, ví dụ 123."
SPACES = "Số văn bản gõ liền, không có dấu cách, ví dụ 123."


@pytest.mark.parametrize(
    ("number", "message"),
    [
        ("", "Nhập số văn bản, ví dụ 123."),
        ("01", "Số văn bản không gõ số 0 ở đầu: gõ 1, văn bản in là “Số: 01/BC-UBND”."),
        ("001", "Số văn bản không gõ số 0 ở đầu: gõ 1, văn bản in là “Số: 01/BC-UBND”."),
        ("012", "Số văn bản không gõ số 0 ở đầu: gõ 12, văn bản in là “Số: 12/BC-UBND”."),
        ("１", NOT_ASCII),  # full-width one
        ("١", NOT_ASCII),  # Arabic-Indic one
        ("𝟏", NOT_ASCII),  # mathematical bold one
        ("0", "Số văn bản bắt đầu từ 1."),
        ("00", "Số văn bản bắt đầu từ 1."),
        ("-1", ONLY_DIGITS),
        ("1.0", ONLY_DIGITS),
        ("12a", ONLY_DIGITS),
        ("1e3", ONLY_DIGITS),
        (" 1", SPACES),
        ("1 ", SPACES),
        ("1 2", SPACES),
        ("\u00a01", SPACES),  # no-break space
        ("\t1", SPACES),
        ("123456", "Số văn bản có tối đa 5 chữ số."),
    ],
)
def test_issue_rejects_bad_numbers(cast, approved, number, message):
    with pytest.raises(TransitionError) as error:
        workflow.report_issue(
            approved, user=cast["clerk"], number=number, issued_on=timezone.localdate()
        )
    assert (error.value.message, error.value.field) == (message, "number")
    approved.refresh_from_db()
    assert (approved.status, approved.number, approved.issued_year) == (Status.APPROVED, None, None)
    assert not approved.snapshots.filter(reason="issued").exists()


def test_issue_rejects_bad_dates(cast, approved):
    today = timezone.localdate()
    cases = [
        (None, "Nhập ngày ban hành theo dạng ngày/tháng/năm, ví dụ 15/07/2026."),
        (today + timedelta(days=1), "Ngày ban hành không được sau ngày hôm nay."),
        (
            today - timedelta(days=3),
            "Ngày ban hành không được trước ngày phê duyệt ({}).".format(
                today.strftime("%d/%m/%Y")
            ),
        ),
    ]
    for issued_on, message in cases:
        with pytest.raises(TransitionError) as error:
            workflow.report_issue(approved, user=cast["clerk"], number="7", issued_on=issued_on)
        assert (error.value.message, error.value.field) == (message, "issued_on")
    assert Report.objects.get(pk=approved.pk).status == Status.APPROVED


def issued_earlier(cast, number: int, year: int, kind="Q1") -> Report:
    earlier = report_create(commune=cast["commune"], period=Period(2026, kind), user=cast["staff"])
    Report.objects.filter(pk=earlier.pk).update(
        status=Status.ISSUED, number=number, issued_on=date(year, 4, 10), issued_year=year
    )
    return earlier


def test_issue_number_unique_in_the_year(cast, approved):
    today = timezone.localdate()
    issued_earlier(cast, 123, today.year)
    with pytest.raises(TransitionError) as error:
        workflow.report_issue(approved, user=cast["clerk"], number="123", issued_on=today)
    assert error.value.message == (
        f"Số: 123/BC-UBND đã được dùng cho một báo cáo khác (Quý I năm 2026) ban hành năm "
        f"{today.year}: chọn số khác."
    )
    assert error.value.field == "number"
    assert Report.objects.get(pk=approved.pk).number is None


def test_the_same_number_in_another_year_or_commune_is_free(cast, approved, django_user_model):
    today = timezone.localdate()
    issued_earlier(cast, 123, today.year - 1)
    away = Commune.objects.get(name="Tân Kỳ")
    other = report_create(commune=away, period=Period(2026, "Q2"), user=cast["other_staff"])
    Report.objects.filter(pk=other.pk).update(
        status=Status.ISSUED, number=124, issued_on=today, issued_year=today.year
    )
    workflow.report_issue(approved, user=cast["clerk"], number="123", issued_on=today)
    approved.refresh_from_db()
    assert (approved.number, approved.issued_year) == (123, today.year)
    approved_two = report_in(cast, Status.SUBMITTED, period=Period(2026, "Q4"))
    workflow.report_approve(approved_two, user=cast["leader"])
    workflow.report_issue(approved_two, user=cast["clerk"], number="124", issued_on=today)
    assert Report.objects.get(pk=approved_two.pk).number == 124


def test_the_database_refuses_a_second_use_of_a_number(cast, approved, monkeypatch):
    """Two clerks who both passed the check: the constraint lets one win, the other gets the
    same Vietnamese message (the race itself, on PostgreSQL: tests/test_workflow_race.py)."""
    today = timezone.localdate()
    issued_earlier(cast, 45, today.year)
    monkeypatch.setattr(workflow, "number_taken", lambda report, number, year: None)
    audit = AuditEntry.objects.count()
    with pytest.raises(TransitionError) as error:
        workflow.report_issue(approved, user=cast["clerk"], number="45", issued_on=today)
    assert error.value.field == "number"
    assert error.value.message.startswith("Số: 45/BC-UBND đã được dùng cho một báo cáo khác")
    approved.refresh_from_db()
    assert (approved.status, approved.number) == (Status.APPROVED, None)
    assert AuditEntry.objects.count() == audit
    assert not approved.snapshots.filter(reason="issued").exists()


@pytest.mark.parametrize(
    "changes",
    [
        {"number": 0, "issued_year": 2026},  # numbers start at 1
        {"number": 3},  # a number always has its year, or the uniqueness would not hold
    ],
)
def test_the_database_refuses_a_number_outside_the_rules(cast, approved, changes):
    with pytest.raises(IntegrityError), transaction.atomic():
        Report.objects.filter(pk=approved.pk).update(**changes)


def test_issue_records_number_date_and_snapshot(cast, approved):
    today = timezone.localdate()
    workflow.report_issue(approved, user=cast["clerk"], number="5", issued_on=today)
    approved.refresh_from_db()
    assert (approved.number, approved.issued_on, approved.issued_year) == (5, today, today.year)
    assert approved.number_text == "Số: 05/BC-UBND"
    data = approved.snapshots.get(reason="issued").data
    assert (data["number"], data["issued_on"]) == (5, today.isoformat())
    assert approved.audit_entries.latest("pk").comment.startswith("Số: 05/BC-UBND, ngày ")


def test_next_free_number_of_the_year(cast, approved):
    today = timezone.localdate()
    assert workflow.next_free_number(approved, today.year) == 1
    issued_earlier(cast, 7, today.year)
    issued_earlier(cast, 30, today.year - 1, kind="Q2")
    assert workflow.next_free_number(approved, today.year) == 8
    assert workflow.next_free_number(approved, today.year - 1) == 31


def test_confirmation_texts_name_the_report(cast):
    report = report_in(cast, Status.SUBMITTED)
    assert workflow.confirm_text("approve", report) == (
        "Phê duyệt báo cáo Quý III năm 2026 của UBND xã Nam Thanh Miện? Sau khi duyệt, số liệu "
        "không sửa được."
    )
    assert workflow.confirm_text("issue", report) == (
        "Ban hành báo cáo Quý III năm 2026 của UBND xã Nam Thanh Miện với số {number}, ngày "
        "{issued_on}? Sau khi ban hành, số và ngày không sửa được."
    )
    assert all(workflow.confirm_text(action, report) for action in workflow.TRANSITIONS)


def test_approve_refused_while_problems_remain(cast, monkeypatch):
    """The leader may have changed figures while reviewing: approval checks the rules again."""
    report = report_in(cast, Status.SUBMITTED)
    monkeypatch.setattr(workflow, "submission_problems", lambda report: ["Lỗi: 2.1 > 2"])
    with pytest.raises(TransitionError) as error:
        workflow.report_approve(report, user=cast["leader"])
    assert error.value.message == "Chưa thể phê duyệt: còn 1 vấn đề cần xử lý."
    assert error.value.problems == ["Lỗi: 2.1 > 2"]
    report.refresh_from_db()
    assert (report.status, report.approved_by) == (Status.SUBMITTED, None)
    assert not report.snapshots.exists()


@pytest.mark.parametrize("comment", ["Lý do\x00", "\x00", "a\x1bb"])
def test_control_characters_in_a_comment_are_refused(cast, comment):
    report = report_in(cast, Status.SUBMITTED)
    with pytest.raises(TransitionError) as error:
        workflow.report_return(report, user=cast["leader"], comment=comment)
    assert error.value.message == "Ghi chú, lý do có ký tự điều khiển không hợp lệ; hãy gõ lại."
    assert Report.objects.get(pk=report.pk).status == Status.SUBMITTED
    workflow.report_return(report, user=cast["leader"], comment="Dòng 1\nDòng 2\tcó tab")
    assert report.audit_entries.latest("pk").comment == "Dòng 1\nDòng 2\tcó tab"


@pytest.mark.parametrize(
    ("source", "target", "name"),
    [
        (Status.DRAFT, Status.SUBMITTED, "Gửi duyệt"),
        (Status.RETURNED, Status.SUBMITTED, "Gửi duyệt lại"),
        (Status.SUBMITTED, Status.RETURNED, "Trả lại"),
        (Status.SUBMITTED, Status.APPROVED, "Phê duyệt"),
        (Status.APPROVED, Status.RETURNED, "Mở lại để sửa"),
        (Status.APPROVED, Status.ISSUED, "Ban hành"),
        (Status.DRAFT, Status.ISSUED, "Chuyển trạng thái"),  # no transition makes it
    ],
)
def test_a_recorded_move_is_named_by_the_table(source, target, name):
    """The history names a move as the transition table does (``workflow.move_label``)."""
    assert workflow.move_label(source, target) == name
