"""The report's whole life in a real browser, as the people of Nam Thanh Miện live it:
(a) the staff member types Biểu mẫu 3 with Vietnamese separators, sees 99,33% appear and the
online-applications warning, explains it and submits; (b) the leader returns it with a reason;
(c) the staff member fixes it and resubmits; (d) the leader approves; (e) the văn thư issues it
with a number and a date and downloads the DOCX and XLSX; (f) the city reviewer sees it in the
grid. Every step checks what the person sees, and saves screenshots (folder printed)."""

import io

import openpyxl
import pytest
from django.utils import timezone
from docx import Document

from reports import catalogue
from reports.models import FIGURE_MODELS, AuditEntry, Report, Status
from reports.numbers import long_date
from reports.services import figure_sets
from tests.browser.test_login import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ONLINE_RULE = "ii.online_apps_match_b7"
TYPED = {  # Biểu mẫu 3 as the staff member types it; 2.2.2 mistyped, fixed in step (c)
    "resolved_total": "5.650",
    "resolved_on_time": "5.612",
    "pakn_received": "11",
    "pakn_resolved": "10",
}
B3_INPUTS = {"resolved_total", "resolved_on_time", "pakn_received", "pakn_resolved"}


def _draft_like_the_seed(seed, draft):
    """The Quý III draft holding the seed's figures and texts, except the Biểu mẫu 3 numbers
    the journey types in: the state of a report the staff has almost finished."""
    seed_sets, draft_sets = figure_sets(seed), figure_sets(draft)
    for section in catalogue.SECTIONS:
        source, target = seed_sets[section.key], draft_sets[section.key]
        for row in section.input_rows:
            value = getattr(source, row.field)
            if section.key == "b3" and row.field in B3_INPUTS:
                value = None
            setattr(target, row.field, value)
        target.notes = dict(source.notes)
        target.save()
    for name in ("basis", "section_1", "section_2_institutions", "section_2_procedures"):
        setattr(draft, name, getattr(seed, name))
    for name in ("section_2_civil_service", "section_3", "section_4", "section_5", "recipients"):
        setattr(draft, name, getattr(seed, name))
    draft.save()


def _message(page) -> str:
    return page.locator("main .alert").all_inner_texts()


def _click_nav(page, name):
    page.locator("nav.entry-nav").get_by_role("link", name=name, exact=True).click()


def _confirm(page):
    """Each move asks once (static/js/confirm.js): answer "Đồng ý", and wait for the answer."""
    with page.expect_navigation():
        page.locator("dialog.confirm-dialog").get_by_role("button", name="Đồng ý").click()


def _ratio(page, field) -> str:
    return page.locator(f"#r-{field} output.ratio").inner_text().strip()


def test_report_from_draft_to_city(
    live_server, seed_report, draft_report, staff, leader, clerk, city_reviewer, browser_context,
    shots,
):  # fmt: skip
    _draft_like_the_seed(seed_report, draft_report)
    base = live_server.url
    overview = f"{base}/bao-cao/{draft_report.pk}/"
    history = f"{base}/bao-cao/{draft_report.pk}/lich-su/"

    # (a) Staff: Biểu mẫu 3, typed the Vietnamese way; the ratio appears as they type.
    staff_page = browser_context().new_page()
    log_in(staff_page, base, "chuyenvien")
    staff_page.goto(overview)
    assert "Quý III năm 2026" in staff_page.locator("h1").inner_text()
    _click_nav(staff_page, "Biểu mẫu 3")
    assert "Cải cách thủ tục hành chính" in staff_page.content()
    # A slip first: "5.65" is neither 5.650 nor 5,65; refused next to the field, kept as typed.
    staff_page.locator("#f-resolved_total").fill("5.65")
    staff_page.get_by_role("button", name="Lưu", exact=True).click()
    assert any("Chưa lưu: có ô nhập chưa đúng" in m for m in _message(staff_page))
    assert "Dấu chấm chỉ dùng để phân cách hàng nghìn" in (
        staff_page.locator("#e-resolved_total").inner_text()
    )
    assert staff_page.locator("#f-resolved_total").input_value() == "5.65"
    shots(staff_page, "a-bieu3-refused")
    for field, text in TYPED.items():
        staff_page.locator(f"#f-{field}").fill(text)
    assert _ratio(staff_page, "on_time_rate") == "99,33%"
    assert _ratio(staff_page, "pakn_resolution_rate") == "90,91%"
    shots(staff_page, "a-bieu3-typed")
    staff_page.get_by_role("button", name="Lưu", exact=True).click()
    assert "Đã lưu Biểu mẫu 3 (4 ô thay đổi)." in _message(staff_page)
    assert staff_page.locator("#f-resolved_total").input_value() == "5.650"
    assert _ratio(staff_page, "on_time_rate") == "99,33%"

    # The online-applications warning, on the overview, needs a written explanation.
    _click_nav(staff_page, "Tổng quan")
    warning = staff_page.locator(
        "li.rule-warning", has=staff_page.locator(f'input[value="{ONLINE_RULE}"]')
    )
    assert "Cảnh báo" in warning.inner_text()
    assert "5.660" in warning.inner_text()
    shots(staff_page, "a-overview-warning")
    warning.locator("textarea").fill(
        "Số 5.660 hồ sơ trực tuyến lấy từ Hệ thống thông tin giải quyết TTHC của thành phố, "
        "gồm cả hồ sơ nộp qua bưu chính công ích."
    )
    staff_page.get_by_role("button", name="Lưu giải trình").click()
    assert "Đã lưu giải trình." in _message(staff_page)

    staff_page.goto(history)
    staff_page.get_by_role("button", name="Gửi lãnh đạo duyệt").click()
    _confirm(staff_page)
    assert "Đã gửi báo cáo cho lãnh đạo duyệt." in _message(staff_page)
    assert "Chờ duyệt" in staff_page.locator(".workflow-panel").inner_text()
    shots(staff_page, "a-submitted")

    # (b) Leader returns it with a reason.
    leader_page = browser_context().new_page()
    log_in(leader_page, base, "lanhdao")
    leader_page.goto(history)
    reason = "Mục 2.2.2: theo sổ theo dõi đã giải quyết đủ 11/11 PAKN, đề nghị sửa lại."
    leader_page.get_by_label("Lý do").fill(reason)
    shots(leader_page, "b-leader-returns")
    leader_page.get_by_role("button", name="Trả lại").click()
    _confirm(leader_page)
    assert "Đã trả lại báo cáo cho người lập." in _message(leader_page)

    # (c) Staff sees the reason, fixes 2.2.2 (the ratio follows), saves and resubmits.
    staff_page.goto(history)
    assert reason in staff_page.locator(".workflow-panel").inner_text()
    shots(staff_page, "c-staff-sees-reason")
    staff_page.goto(overview)
    _click_nav(staff_page, "Biểu mẫu 3")
    staff_page.locator("#f-pakn_resolved").fill("11")
    assert _ratio(staff_page, "pakn_resolution_rate") == "100%"
    staff_page.get_by_role("button", name="Lưu", exact=True).click()
    assert "Đã lưu Biểu mẫu 3 (1 ô thay đổi)." in _message(staff_page)
    staff_page.goto(history)
    staff_page.get_by_role("button", name="Gửi lãnh đạo duyệt").click()
    _confirm(staff_page)
    assert "Đã gửi báo cáo cho lãnh đạo duyệt." in _message(staff_page)

    # (d) Leader approves.
    leader_page.goto(history)
    leader_page.get_by_role("button", name="Phê duyệt").click()
    _confirm(leader_page)
    assert "Đã phê duyệt báo cáo." in " ".join(_message(leader_page))
    assert "Vũ Văn Nguyễn" in leader_page.locator(".workflow-panel").inner_text()
    shots(leader_page, "d-approved")

    # (e) Văn thư numbers and issues it, then downloads the Word and Excel files.
    clerk_page = browser_context().new_page()
    log_in(clerk_page, base, "vanthu")
    clerk_page.goto(history)
    clerk_page.get_by_role("link", name="Cấp số và ban hành").click()
    clerk_page.get_by_label("Số văn bản").fill("125")
    today = timezone.localdate()  # not before the approval, which happened today
    clerk_page.get_by_label("Ngày ban hành").fill(today.strftime("%d/%m/%Y"))
    shots(clerk_page, "e-issue-form")
    clerk_page.get_by_role("button", name="Ban hành").click()
    _confirm(clerk_page)
    assert "Đã ban hành báo cáo." in _message(clerk_page)
    panel = clerk_page.locator(".workflow-panel").inner_text()
    assert "125/BC-UBND" in panel and today.strftime("%d/%m/%Y") in panel

    clerk_page.goto(f"{base}/bao-cao/{draft_report.pk}/xuat/")
    shots(clerk_page, "e-exports")
    with clerk_page.expect_download() as download:
        clerk_page.get_by_role("link", name="Báo cáo (Word)").click()
    docx_path = shots.folder / download.value.suggested_filename
    download.value.save_as(docx_path)
    assert docx_path.suffix == ".docx"
    document = Document(docx_path)
    cells = [c.text for t in document.tables for r in t.rows for c in r.cells]
    text = "\n".join([p.text for p in document.paragraphs] + cells)
    assert "125/BC-UBND" in text
    assert long_date(today) in text
    assert "5.650" in text and "5.612" in text
    assert "DỰ THẢO" not in text

    with clerk_page.expect_download() as download:
        clerk_page.get_by_role("link", name="Phụ lục số liệu (Excel)").click()
    xlsx_path = shots.folder / download.value.suggested_filename
    download.value.save_as(xlsx_path)
    workbook = openpyxl.load_workbook(io.BytesIO(xlsx_path.read_bytes()))
    cells = [cell.value for sheet in workbook for row in sheet.iter_rows() for cell in row]
    assert 5650 in cells and 5612 in cells and 11 in cells

    # (f) The city reviewer sees Nam Thanh Miện's Quý III report as issued in the grid.
    city_page = browser_context().new_page()
    log_in(city_page, base, "sonoivu")
    city_page.goto(f"{base}/thanh-pho/?ky=2026-Q3")
    row = city_page.locator("tr", has=city_page.get_by_role("link", name="xã Nam Thanh Miện"))
    assert "Đã ban hành" in row.inner_text()
    shots(city_page, "f-city-grid")
    row.get_by_role("link", name="Đã ban hành").click()
    assert "5.650" in city_page.content() and "99,33%" in city_page.content()
    shots(city_page, "f-city-report")

    # What the database holds after all this.
    draft_report.refresh_from_db()
    assert draft_report.status == Status.ISSUED
    assert draft_report.number == 125
    b3 = FIGURE_MODELS["b3"].objects.get(report=draft_report)
    assert (b3.resolved_total, b3.resolved_on_time, b3.pakn_resolved) == (5650, 5612, 11)
    moves = AuditEntry.objects.filter(report=draft_report, action=AuditEntry.Action.TRANSITION)
    assert [e.to_status for e in moves] == [
        Status.SUBMITTED, Status.RETURNED, Status.SUBMITTED, Status.APPROVED, Status.ISSUED,
    ]  # fmt: skip
    assert Report.objects.get(pk=seed_report.pk).status == Status.APPROVED
