"""reports.history: the audit trail in words, and the differences between two versions."""

from decimal import Decimal

from django.urls import reverse

from reports import workflow
from reports.content import report_content
from reports.history import changes_since_submission, content_diff, history_lines
from reports.models import AuditEntry, Report, Status


def test_content_diff_in_catalogue_order_with_vietnamese_numbers(draft_report):
    old = report_content(draft_report).to_json()
    new = {
        **old,
        "values": {
            **old["values"],
            "b3.resolved_total": 5650,
            "b1.directive_documents": 8,
            "b6.investment_plan": str(Decimal("37094.5")),
        },
        "texts": {**old["texts"], "section_3": "Mới"},
        "explanations": {"R1": "Vì lý do khác"},
    }
    changes = content_diff(old, new)
    assert [(c.place, c.old, c.new) for c in changes][:3] == [
        ("Biểu mẫu 1 · 1.", "(trống)", "8"),
        ("Biểu mẫu 3 · 2.1.1.", "(trống)", "5.650"),
        ("Biểu mẫu 6 · 1.1.", "37.094", "37.094,5"),  # carried over
    ]
    assert changes[-2].label == "III. Đánh giá chung" and changes[-2].new == "Mới"
    assert (changes[-1].place, changes[-1].label, changes[-1].old) == (
        "Giải trình cảnh báo",
        "R1",
        "(trống)",
    )
    assert content_diff(old, old) == []


def test_money_as_text_and_as_number_are_the_same(draft_report):
    old = report_content(draft_report).to_json()
    a = {**old, "values": {**old["values"], "b6.investment_plan": "12.500"}}
    b = {**old, "values": {**old["values"], "b6.investment_plan": "12.5"}}
    assert content_diff(a, b) == []


def test_history_lines_name_the_form_row_and_the_transition(draft_report, staff):
    AuditEntry.objects.create(
        report=draft_report,
        user=staff,
        action=AuditEntry.Action.VALUE,
        section="b3",
        field="resolved_total",
        old_value="",
        new_value="5.650",
    )
    AuditEntry.objects.create(
        report=draft_report,
        user=staff,
        action=AuditEntry.Action.TEXT,
        field="section_3",
        old_value="",
        new_value="Đánh giá",
    )
    AuditEntry.objects.create(
        report=draft_report,
        user=staff,
        action=AuditEntry.Action.EXPLAIN,
        field="ii_online_vs_b7",
        new_value="Nộp qua bưu chính",
    )
    workflow.report_submit(draft_report, user=staff, comment="Kính trình")
    lines = history_lines(draft_report)
    transition, explain, text, value = lines[:4]
    assert (transition.what, transition.old, transition.new) == (
        "Gửi duyệt",
        "Dự thảo",
        "Chờ duyệt",
    )
    assert explain.where == "Giải trình cảnh báo ii_online_vs_b7"
    assert text.where == "III. Đánh giá chung"
    assert value.where == "Biểu mẫu 3 · 2.1.1. Tổng số hồ sơ TTHC đã giải quyết xong"


def test_leader_edit_during_review_is_shown(client, staff, leader, draft_report):
    workflow.report_submit(draft_report, user=staff)
    live = Report.objects.get(pk=draft_report.pk)
    live.section_5 = "Kiến nghị bổ sung của lãnh đạo"
    live.save()
    assert live.status == Status.SUBMITTED
    changes = changes_since_submission(live)
    assert [(c.label, c.new) for c in changes] == [
        ("V. Kiến nghị, đề xuất", "Kiến nghị bổ sung của lãnh đạo")
    ]
    client.force_login(leader)
    page = client.get(reverse("report_history", kwargs={"pk": draft_report.pk})).content.decode()
    assert "Sửa đổi sau khi gửi duyệt" in page and "Kiến nghị bổ sung của lãnh đạo" in page
