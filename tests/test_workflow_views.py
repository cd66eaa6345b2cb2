"""The workflow through its pages: buttons, refusals with their messages, the issue form, the
history page with "what changed since the last submission", and the worklist home page."""

import pytest
from django.urls import reverse
from django.utils import timezone

from reports import workflow
from reports.models import AuditEntry, Report, Status
from reports.services import figure_sets


def post(client, name, report, data=None):
    return client.post(reverse(name, kwargs={"pk": report.pk}), data or {})


def body(response) -> str:
    return response.content.decode()


def test_staff_submits_then_leader_returns_with_reason(client, staff, leader, draft_report):
    client.force_login(staff)
    response = post(client, "report_submit", draft_report, {"comment": "Kính trình"})
    assert response.status_code == 302
    assert response["Location"] == reverse("report_history", kwargs={"pk": draft_report.pk})
    draft_report.refresh_from_db()
    assert draft_report.status == Status.SUBMITTED
    assert draft_report.snapshots.filter(reason="submitted").count() == 1

    client.force_login(leader)
    response = post(
        client,
        "report_return",
        draft_report,
        {"comment": "   "},
    )
    assert response.status_code == 302
    draft_report.refresh_from_db()
    assert draft_report.status == Status.SUBMITTED
    page = body(client.get(response["Location"]))
    assert "Phải ghi lý do trả lại để người lập biết cần sửa gì." in page

    post(client, "report_return", draft_report, {"comment": "Bổ sung số liệu Biểu 3"})
    draft_report.refresh_from_db()
    assert draft_report.status == Status.RETURNED

    client.force_login(staff)
    home = body(client.get("/"))
    assert "Cần hoàn thiện" in home
    assert "Lý do trả lại: Bổ sung số liệu Biểu 3" in home


def test_next_parameter_brings_back_to_the_page_and_refuses_other_sites(
    client, staff, draft_report
):
    client.force_login(staff)
    response = post(client, "report_submit", draft_report, {"next": "https://evil.example/"})
    assert response["Location"] == reverse("report_history", kwargs={"pk": draft_report.pk})


def test_submit_refused_lists_the_problems(client, staff, draft_report, monkeypatch):
    problems = ["Lỗi: 2.1 phải bằng 2.1.1 + 2.1.2.", "Cảnh báo chưa có giải trình: lệch 252."]
    monkeypatch.setattr(workflow, "submission_problems", lambda report: problems)
    client.force_login(staff)
    response = post(client, "report_submit", draft_report)
    assert response.status_code == 400
    page = body(response)
    assert "Chưa thể gửi duyệt: còn 2 vấn đề cần xử lý." in page
    for problem in problems:
        assert f"<li>{problem}</li>" in page
    draft_report.refresh_from_db()
    assert draft_report.status == Status.DRAFT
    assert not draft_report.snapshots.exists()


def test_staff_cannot_approve_and_nothing_changes(client, staff, draft_report):
    Report.objects.filter(pk=draft_report.pk).update(status=Status.SUBMITTED)
    client.force_login(staff)
    response = post(client, "report_approve", draft_report)
    assert response.status_code == 302
    draft_report.refresh_from_db()
    assert (draft_report.status, draft_report.approved_by) == (Status.SUBMITTED, None)
    assert "Chỉ Lãnh đạo UBND mới được “Phê duyệt” báo cáo." in body(
        client.get(response["Location"])
    )


@pytest.mark.parametrize("name", ["report_submit", "report_return", "report_approve"])
def test_transitions_are_post_only(client, leader, draft_report, name):
    client.force_login(leader)
    assert client.get(reverse(name, kwargs={"pk": draft_report.pk})).status_code == 405


def test_leader_sees_what_changed_since_the_last_submission(client, staff, leader, draft_report):
    client.force_login(staff)
    figures = figure_sets(draft_report)["b3"]
    figures.resolved_total = 5600
    figures.save()
    post(client, "report_submit", draft_report)
    client.force_login(leader)
    post(client, "report_return", draft_report, {"comment": "Sửa 2.1"})
    figures.refresh_from_db()
    figures.resolved_total = 5650
    figures.save()
    draft_report.refresh_from_db()
    draft_report.section_3 = "Đánh giá mới"
    draft_report.save()
    client.force_login(staff)
    post(client, "report_submit", draft_report)

    client.force_login(leader)
    page = body(client.get(reverse("report_history", kwargs={"pk": draft_report.pk})))
    assert "Thay đổi so với lần gửi duyệt trước" in page
    assert "5.600" in page and "5.650" in page
    assert "Đánh giá mới" in page
    assert "Gửi lại lần 2" in body(client.get("/"))
    # The panel offers the leader the decision.
    assert "Phê duyệt" in page and "Lý do trả lại (bắt buộc)" in page


def test_clerk_issues_with_number_and_date(client, clerk, seed_report):
    client.force_login(clerk)
    url = reverse("report_issue", kwargs={"pk": seed_report.pk})
    page = body(client.get(url))
    assert "Cấp số và ban hành" in page and "/BC-UBND" in page

    response = client.post(url, {"number": "12a", "issued_on": "31/02/2026"})
    assert response.status_code == 400
    page = body(response)
    assert "Số văn bản chỉ gồm chữ số (tối đa 5 chữ số), ví dụ 123." in page
    assert "Ngày “31/02/2026” không đúng dạng ngày/tháng/năm, ví dụ 15/07/2026." in page
    assert 'value="12a"' in page  # what was typed stays
    seed_report.refresh_from_db()
    assert (seed_report.status, seed_report.number) == (Status.APPROVED, "")

    today = timezone.localdate()
    response = client.post(url, {"number": "123", "issued_on": today.strftime("%d/%m/%Y")})
    assert response.status_code == 302
    seed_report.refresh_from_db()
    assert (seed_report.status, seed_report.number, seed_report.issued_on) == (
        Status.ISSUED,
        "123",
        today,
    )
    assert seed_report.number_text == "Số: 123/BC-UBND"
    entry = seed_report.audit_entries.filter(action=AuditEntry.Action.TRANSITION).latest("pk")
    assert (entry.user, entry.to_status) == (clerk, Status.ISSUED)
    assert seed_report.snapshots.filter(reason="issued").get().data["number"] == "123"


def test_issue_form_refused_for_the_wrong_state_and_role(client, clerk, staff, draft_report):
    client.force_login(clerk)
    response = client.get(reverse("report_issue", kwargs={"pk": draft_report.pk}))
    assert response.status_code == 302
    client.force_login(staff)
    response = client.post(
        reverse("report_issue", kwargs={"pk": draft_report.pk}),
        {"number": "1", "issued_on": "01/07/2026"},
    )
    assert response.status_code == 302
    draft_report.refresh_from_db()
    assert (draft_report.status, draft_report.number) == (Status.DRAFT, "")


def test_history_shows_the_trail(client, city_reviewer, seed_report):
    client.force_login(city_reviewer)
    page = body(client.get(reverse("report_history", kwargs={"pk": seed_report.pk})))
    assert "Nhật ký thay đổi" in page
    assert "Phê duyệt" in page and "Vũ Văn Nguyễn" in page
    assert "Gửi lãnh đạo duyệt" not in page  # no buttons for a reader


# --- worklists ----------------------------------------------------------------------------


def _lists(response):
    return [(w.title, [r.pk for r in w.reports]) for w in response.context["worklists"]]


def test_worklist_staff(client, staff, seed_report, draft_report):
    client.force_login(staff)
    lists = _lists(client.get("/"))
    assert lists[0] == ("Cần hoàn thiện", [draft_report.pk])
    assert lists[2] == ("Đã duyệt, đã ban hành", [seed_report.pk])


def test_worklist_leader(client, leader, draft_report):
    client.force_login(leader)
    assert _lists(client.get("/"))[0] == ("Chờ duyệt", [])
    Report.objects.filter(pk=draft_report.pk).update(status=Status.SUBMITTED)
    response = client.get("/")
    assert _lists(response)[0] == ("Chờ duyệt", [draft_report.pk])
    assert "Xem xét" in body(response)


def test_worklist_clerk(client, clerk, seed_report):
    client.force_login(clerk)
    response = client.get("/")
    assert _lists(response)[0] == ("Chờ cấp số, ban hành", [seed_report.pk])
    assert reverse("report_issue", kwargs={"pk": seed_report.pk}) in body(response)


def test_worklist_city_lists_its_communes_only(
    client, city_reviewer, other_report, other_city_reviewer
):
    client.force_login(city_reviewer)
    page = body(client.get("/"))
    assert "UBND xã Nam Thanh Miện" in page and "UBND xã Tân Kỳ" in page
    assert "Quý III năm 2026" in page
    client.force_login(other_city_reviewer)
    page = body(client.get("/"))
    assert "Nam Thanh Miện" not in page and "Thành phố chưa có xã, phường nào." in page


def test_worklist_other_commune_sees_only_its_own(client, other_staff, other_report):
    client.force_login(other_staff)
    lists = _lists(client.get("/"))
    assert [pk for _, pks in lists for pk in pks] == [other_report.pk]


def test_panel_offers_the_next_step(client, clerk, staff, seed_report):
    workflow.report_issue(seed_report, user=clerk, number="7", issued_on=timezone.localdate())
    history_url = reverse("report_history", kwargs={"pk": seed_report.pk})
    client.force_login(clerk)
    page = body(client.get(history_url))
    assert reverse("report_signed_upload", kwargs={"pk": seed_report.pk}) in page
    assert "Lịch sử, thay đổi" not in page  # already on it
    client.force_login(staff)
    page = body(client.get(reverse("report_overview", kwargs={"pk": seed_report.pk})))
    assert "Tải lên văn bản đã ký" not in page
    assert f'href="{history_url}"' in page and "Số: 07/BC-UBND" in page
