"""The review in a real browser: a refused submit whose links lead to the right rows, the
confirmation asked once before each move (and the move made without JavaScript too), the issue
form's proposals, and the history on a phone. Screenshots in test-artifacts/browser/<test>/."""

import pytest
from django.utils import timezone

from reports.models import Report, Status
from tests.browser.test_login import log_in
from tests.complete import fill_like_seed

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


def _messages(page) -> str:
    return " ".join(page.locator("main .alert").all_inner_texts())


def _in_view(page, selector) -> bool:
    """Did the page scroll to the anchor: the element's top at the top of the window, or, when
    the page ends before that, the page scrolled to its end with the element in view?"""
    page.wait_for_function(
        """(selector) => {
            const box = document.querySelector(selector).getBoundingClientRect();
            const root = document.documentElement;
            const atEnd = window.scrollY + window.innerHeight >= root.scrollHeight - 2;
            const shown = box.top >= 0 && box.top < window.innerHeight;
            return Math.abs(box.top) <= 2 || (atEnd && shown);
        }""",
        arg=selector,
        timeout=5000,
    )
    return True


def _dialog(page):
    return page.locator("dialog.confirm-dialog")


def test_refused_submit_links_lead_to_the_rows(
    live_server, draft_report, staff, browser_context, shots
):
    page = browser_context().new_page()
    page.set_viewport_size({"width": 1280, "height": 900})
    log_in(page, live_server.url, "chuyenvien")
    page.goto(f"{live_server.url}/bao-cao/{draft_report.pk}/")
    page.get_by_role("button", name="Gửi lãnh đạo duyệt").click()
    assert _dialog(page).is_visible()
    shots(page, "confirm-submit")
    with page.expect_navigation():
        _dialog(page).get_by_role("button", name="Đồng ý").click()
    assert page.url.endswith(f"/bao-cao/{draft_report.pk}/#van-de")
    assert "Chưa thể gửi duyệt: còn" in _messages(page)
    assert _in_view(page, "#van-de")
    shots(page, "refused-list")
    assert Report.objects.get(pk=draft_report.pk).status == Status.DRAFT

    problems = page.locator("#van-de")
    problems.get_by_role("link", name="Chưa nhập: Biểu 1 mục 1: Số văn bản chỉ đạo CCHC").click()
    page.wait_for_url(f"**/bao-cao/{draft_report.pk}/bieu/chi-dao-dieu-hanh/#r-directive_documents")
    assert _in_view(page, "#r-directive_documents")
    assert page.locator("#r-directive_documents #f-directive_documents").is_visible()
    shots(page, "link-to-bieu1-row")

    page.go_back()
    problems.get_by_role("link", name="Chưa nhập: Biểu 7 mục 1.2.1").click()
    page.wait_for_url("**/bieu/chinh-quyen-so/#r-services_with_apps")
    assert _in_view(page, "#r-services_with_apps")
    shots(page, "link-to-bieu7-row")

    page.go_back()
    problems.get_by_role(
        "link", name="Chưa nhập: Nội dung báo cáo, mục III. Đánh giá chung"
    ).click()
    page.wait_for_url("**/noi-dung/#id_section_3")
    assert _in_view(page, "#id_section_3")
    shots(page, "link-to-narrative")


def test_refused_list_on_a_phone(live_server, draft_report, staff, browser_context, shots):
    context = browser_context()
    page = context.new_page()
    page.set_viewport_size(PHONE)
    log_in(page, live_server.url, "chuyenvien")
    page.goto(f"{live_server.url}/bao-cao/{draft_report.pk}/#van-de")
    shots(page, "phone-overview-problems")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_each_move_asks_once(
    live_server, draft_report, staff, leader, clerk, browser_context, shots
):
    fill_like_seed(draft_report)
    base, pk = live_server.url, draft_report.pk
    Report.objects.filter(pk=pk).update(status=Status.SUBMITTED)

    # The leader: "Phê duyệt" asks; "Hủy" changes nothing; "Đồng ý" approves.
    page = browser_context().new_page()
    page.set_viewport_size({"width": 1280, "height": 900})
    log_in(page, base, "lanhdao")
    page.goto(f"{base}/bao-cao/{pk}/")
    page.get_by_role("button", name="Phê duyệt").click()
    dialog = _dialog(page)
    assert dialog.is_visible()
    assert dialog.locator("p").inner_text() == (
        "Phê duyệt báo cáo Quý III năm 2026 của UBND xã Nam Thanh Miện? Sau khi duyệt, số liệu "
        "không sửa được."
    )
    shots(page, "confirm-approve")
    dialog.get_by_role("button", name="Hủy").click()
    assert not dialog.is_visible()
    assert Report.objects.get(pk=pk).status == Status.SUBMITTED
    page.get_by_role("button", name="Phê duyệt").click()
    with page.expect_navigation():
        dialog.get_by_role("button", name="Đồng ý").click()
    assert "Đã phê duyệt báo cáo." in _messages(page)
    assert Report.objects.get(pk=pk).status == Status.APPROVED

    # Reopen, with its reason, asks too.
    page.get_by_label("Lý do mở lại (bắt buộc)").fill("Sửa lại Biểu 6")
    page.get_by_role("button", name="Mở lại để sửa").click()
    assert dialog.locator("p").inner_text().startswith("Mở lại báo cáo Quý III năm 2026")
    shots(page, "confirm-reopen")
    with page.expect_navigation():
        dialog.get_by_role("button", name="Đồng ý").click()
    assert Report.objects.get(pk=pk).status == Status.RETURNED
    Report.objects.filter(pk=pk).update(status=Status.APPROVED, approved_by=leader)

    # The văn thư: the proposals are in the form, the question repeats what was typed.
    clerk_page = browser_context().new_page()
    clerk_page.set_viewport_size({"width": 1280, "height": 900})
    log_in(clerk_page, base, "vanthu")
    clerk_page.goto(f"{base}/bao-cao/{pk}/ban-hanh/")
    today = timezone.localdate().strftime("%d/%m/%Y")
    assert clerk_page.get_by_label("Số văn bản").input_value() == "1"
    assert clerk_page.get_by_label("Ngày ban hành").input_value() == today
    clerk_page.get_by_label("Số văn bản").fill("5")
    clerk_page.get_by_role("button", name="Ban hành").click()
    assert _dialog(clerk_page).locator("p").inner_text() == (
        f"Ban hành báo cáo Quý III năm 2026 của UBND xã Nam Thanh Miện với số 5, ngày {today}? "
        "Sau khi ban hành, số và ngày không sửa được."
    )
    shots(clerk_page, "confirm-issue")
    with clerk_page.expect_navigation():
        _dialog(clerk_page).get_by_role("button", name="Đồng ý").click()
    assert "Đã ban hành báo cáo." in _messages(clerk_page)
    assert "Số: 05/BC-UBND" in clerk_page.locator(".workflow-panel").inner_text()
    report = Report.objects.get(pk=pk)
    assert (report.status, report.number) == (Status.ISSUED, 5)


def test_moves_work_without_javascript(live_server, draft_report, staff, chromium, shots):
    """The server is the judge: with JavaScript off the form is sent at once."""
    fill_like_seed(draft_report)
    context = chromium.new_context(locale="vi-VN", java_script_enabled=False)
    try:
        page = context.new_page()
        log_in(page, live_server.url, "chuyenvien")
        page.goto(f"{live_server.url}/bao-cao/{draft_report.pk}/")
        page.get_by_role("button", name="Gửi lãnh đạo duyệt").click()
        page.wait_for_load_state()
        assert "Đã gửi báo cáo cho lãnh đạo duyệt." in _messages(page)
        shots(page, "no-javascript-submitted")
    finally:
        context.close()
    assert Report.objects.get(pk=draft_report.pk).status == Status.SUBMITTED


def test_history_on_a_phone(live_server, seed_report, city_reviewer, browser_context, shots):
    page = browser_context().new_page()
    page.set_viewport_size(PHONE)
    log_in(page, live_server.url, "sonoivu")
    page.goto(f"{live_server.url}/bao-cao/{seed_report.pk}/lich-su/")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    # Each change is a block within the screen, nothing scrolled or cut off inside it.
    lines = page.locator(".history-line")
    assert lines.count() == 3
    for index in range(lines.count()):
        box = lines.nth(index).bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    assert page.evaluate(
        "[...document.querySelectorAll('.history-table')].every("
        "e => e.scrollWidth <= e.clientWidth)"
    )
    shots(page, "phone-history")
    page.get_by_role("link", name="Phê duyệt").last.click()
    page.wait_for_url("**/ban-luu/*/")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    shots(page, "phone-saved-version")
