"""reports.history and the history page: the audit trail in words, paged and filtered by kind,
rule names in Vietnamese, only real changes recorded, the differences between two versions,
and saved versions opened read-only."""

import html
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from reports import workflow
from reports.content import TEXT_FIELDS, report_content
from reports.history import changes_since_submission, content_diff, history_lines
from reports.models import AuditEntry, NarrativeFigures, Report, Status
from tests.complete import fill_like_seed


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
        "explanations": {"b5.disciplined_total_eq_parts": "Vì lý do khác"},
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
        "Biểu 5: tổng số bị kỷ luật bằng tổng theo đối tượng",
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
        field="ii.online_apps_match_b7",
        new_value="Nộp qua bưu chính",
    )
    fill_like_seed(draft_report)
    workflow.report_submit(draft_report, user=staff, comment="Kính trình")
    lines = history_lines(draft_report)
    transition, explain, text, value = lines[:4]
    assert (transition.what, transition.old, transition.new) == (
        "Gửi duyệt",
        "Dự thảo",
        "Chờ duyệt",
    )
    assert explain.where == "Hồ sơ trực tuyến ở phần II khớp với hồ sơ DVCTT ở Biểu 7"
    assert text.where == "III. Đánh giá chung"
    assert value.where == "Biểu mẫu 3 · 2.1.1. Tổng số hồ sơ TTHC đã giải quyết xong"


def test_leader_edit_during_review_is_shown(client, staff, leader, draft_report):
    fill_like_seed(draft_report)
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


# --- the history page: paging, filters, names ---------------------------------------------


def _history(client, report, query="") -> str:
    url = reverse("report_history", kwargs={"pk": report.pk}) + query
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def _rows(page: str) -> int:
    return page.count('class="row g-1 g-md-2 py-2 border-bottom history-line"')


@pytest.fixture
def long_history(draft_report, staff):
    """120 figure changes, 30 explanations and 20 text changes on the Quý III draft (plus its
    creation row)."""
    kinds = [
        (120, {"action": "value", "section": "b3", "field": "resolved_total"}, "{}"),
        (30, {"action": "explain", "field": "ii.online_apps_match_b7"}, "Giải trình {}"),
        (20, {"action": "text", "field": "section_3"}, "Đánh giá {}"),
    ]
    rows = [
        AuditEntry(report=draft_report, user=staff, new_value=text.format(i), **fields)
        for count, fields, text in kinds
        for i in range(count)
    ]
    AuditEntry.objects.bulk_create(rows)
    return draft_report


def test_history_is_paged_by_fifty(client, staff, long_history):
    client.force_login(staff)
    total = long_history.audit_entries.count()
    assert total == 171
    first = _history(client, long_history)
    assert _rows(first) == 50
    assert "Trang 1/4 · 1–50 trong 171 dòng" in first
    assert "?trang=2" in first and "← Mới hơn" not in first
    last = _history(client, long_history, "?trang=4")
    assert _rows(last) == 21 and "Trang 4/4" in last and "Cũ hơn →" not in last
    # A page number that is no number, or beyond the end, still gives a page.
    assert "Trang 1/4" in _history(client, long_history, "?trang=abc")
    assert "Trang 4/4" in _history(client, long_history, "?trang=999")


@pytest.mark.parametrize(
    ("kind", "rows", "label"),
    [
        ("so-lieu", 50, "Số liệu"),
        ("giai-trinh", 30, "Giải trình"),
        ("noi-dung", 20, "Nội dung"),
        ("trang-thai", 1, "Chuyển trạng thái"),  # the report's creation
    ],
)
def test_history_filters_by_kind(client, staff, long_history, kind, rows, label):
    client.force_login(staff)
    page = _history(client, long_history, f"?loai={kind}")
    assert _rows(page) == rows
    assert re.search(
        rf'class="nav-link active" href="\?loai={kind}" aria-current="page">{label}', page
    )
    if kind == "so-lieu":  # paged within the filter, the filter kept in the links
        assert "Trang 1/3 · 1–50 trong 120 dòng" in page
        assert "?loai=so-lieu&amp;trang=2" in page
        assert "Giải trình 29" not in page


def test_an_unknown_kind_shows_everything(client, staff, long_history):
    client.force_login(staff)
    page = _history(client, long_history, "?loai=%3Cscript%3E")
    assert "Trang 1/4" in page and "<script>" not in page.split("<main")[1].split("</main>")[0]


def test_rules_are_named_in_vietnamese(client, staff, long_history, seed_report):
    client.force_login(staff)
    page = _history(client, long_history, "?loai=giai-trinh")
    assert "Hồ sơ trực tuyến ở phần II khớp với hồ sơ DVCTT ở Biểu 7" in page
    assert "ii.online_apps_match_b7" not in page
    page = _history(client, seed_report)
    assert "ii.online_apps_match_b7" not in page  # the explanations list names it too
    assert page.count("Hồ sơ trực tuyến ở phần II khớp với hồ sơ DVCTT ở Biểu 7") == 1


def test_the_history_is_a_grid_of_blocks_not_a_wide_table(client, staff, long_history):
    """On a phone each change reads as a block (Bootstrap's columns stack): nothing is cut off
    and nothing scrolls sideways (measured in tests/browser/test_workflow_journeys.py)."""
    client.force_login(staff)
    page = _history(client, long_history, "?loai=so-lieu")
    log = page.split('id="log-title"')[1].split("</section>")[0]
    assert "<table" not in log and 'role="table"' in log
    assert log.count('role="columnheader"') == 6
    assert re.search(r'class="col-12 col-md-2 small" role="cell">Biểu mẫu 3 · 2\.1\.1\.', log)


# --- only real changes --------------------------------------------------------------------


def test_a_narrative_sent_back_unchanged_records_nothing(client, staff, draft_report):
    """A browser sends each line break of a textarea as CRLF: saving the page as shown must
    not record the "nơi nhận" (or any text) as changed."""
    fill_like_seed(draft_report)
    client.force_login(staff)
    url = reverse("report_narrative", kwargs={"pk": draft_report.pk})
    page = client.get(url).content.decode()
    data = {"version": re.search(r'name="version" value="(\d+)"', page).group(1)}
    for name, text in re.findall(r'<textarea name="(\w+)"[^>]*>(.*?)</textarea>', page, re.S):
        data[name] = html.unescape(text).replace("\n", "\r\n")
    assert "\r\n" in data["recipients"]
    before = AuditEntry.objects.count()
    response = client.post(url, data, follow=True)
    assert "Nội dung báo cáo: không có thay đổi nào để lưu." in response.content.decode()
    assert AuditEntry.objects.count() == before
    draft_report.refresh_from_db()
    assert "\r" not in draft_report.recipients


def test_a_real_change_typed_in_a_browser_is_stored_with_plain_line_breaks(
    client, staff, draft_report
):
    fill_like_seed(draft_report)
    client.force_login(staff)
    url = reverse("report_narrative", kwargs={"pk": draft_report.pk})
    data = {name: getattr(draft_report, name) for name in TEXT_FIELDS}
    data |= {
        "version": draft_report.narrative_version,
        "recipients": "- UBND Thành phố;\r\n- Lưu: VT.",
    }
    client.post(url, data)
    entries = list(draft_report.audit_entries.filter(action=AuditEntry.Action.TEXT))
    assert [(e.field, e.new_value) for e in entries] == [
        ("recipients", "- UBND Thành phố;\n- Lưu: VT.")
    ]


def test_line_endings_alone_are_no_difference(draft_report):
    old = report_content(draft_report).to_json()
    old["texts"]["recipients"] = "- A;\n- B."
    new = {**old, "texts": {**old["texts"], "recipients": "- A;\r\n- B."}}
    assert content_diff(old, new) == []


# --- saved versions -----------------------------------------------------------------------


def test_a_saved_version_opens_read_only(client, city_reviewer, seed_report):
    snapshot = seed_report.snapshots.get(reason="approved")
    client.force_login(city_reviewer)
    history_page = _history(client, seed_report)
    url = reverse("report_version", args=[seed_report.pk, snapshot.pk])
    assert f'href="{url}">Phê duyệt</a>' in history_page
    page = client.get(url).content.decode()
    assert "Bản lưu lúc phê duyệt" in page
    assert "I. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH CẢI CÁCH HÀNH CHÍNH" in page
    assert "Đã giải quyết: 5.650 hồ sơ." in page
    assert "99,33%" in page and "5.612" in page
    assert "Nơi nhận:" in page and "Lưu: VT, VHXX." in page
    assert "Hồ sơ trực tuyến ở phần II khớp với hồ sơ DVCTT ở Biểu 7" in page
    main = page.split("<main")[1]
    assert "<input" not in main and "<textarea" not in main and "<select" not in main


def test_a_saved_version_shows_the_snapshot_not_the_live_report(client, staff, seed_report):
    snapshot = seed_report.snapshots.get(reason="approved")
    # The live figures change later (a queryset update: the approved report refuses saves).
    NarrativeFigures.objects.filter(report=seed_report).update(apps_resolved=1234)
    client.force_login(staff)
    page = client.get(reverse("report_version", args=[seed_report.pk, snapshot.pk]))
    text = page.content.decode()
    assert "Đã giải quyết: 5.650 hồ sơ." in text and "1.234" not in text


def test_a_version_of_another_report_is_not_found(client, staff, seed_report, draft_report):
    snapshot = seed_report.snapshots.get(reason="approved")
    client.force_login(staff)
    url = reverse("report_version", args=[draft_report.pk, snapshot.pk])
    assert client.get(url).status_code == 404
