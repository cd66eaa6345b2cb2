"""Journeys where the first hour of use went wrong (issue 11, items 1 and 2), in Chromium:

(a) the staff member creates the next period from the form's own defaults (the year reads
    2026 and is accepted), at desktop and phone width;
(b) Biểu mẫu 3 open in one tab, the report submitted meanwhile, a figure and a note typed and
    Lưu pressed: a Vietnamese page in the application's layout that shows what was typed;
(c) a page open from before the user logged in again (its security token is stale): the same,
    for the narrative text.
Screenshots in test-artifacts/browser/<test>/."""

import re

import pytest

from reports import catalogue, workflow
from reports.models import Report, Status
from reports.services import figure_sets
from tests.browser.test_login import log_in
from tests.complete import fill_like_seed

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

B3 = catalogue.SECTION_BY_KEY["b3"]
ROW = B3.input_rows[0]


def test_new_period_from_the_defaults(live_server, staff, draft_report, browser_context, shots):
    page = browser_context().new_page()
    log_in(page, live_server.url, "chuyenvien")
    page.goto(live_server.url + "/bao-cao/tao-moi/")
    year = page.get_by_label("Năm")
    assert year.input_value() == "2026"
    assert "2.026" not in page.content()
    assert page.get_by_label("Kỳ báo cáo").input_value() == "Q4"
    shots(page, "new-period-form")
    page.set_viewport_size({"width": 390, "height": 844})
    shots(page, "new-period-form-phone")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.get_by_role("button", name="Tạo báo cáo").click()
    page.wait_for_url(f"{live_server.url}/bao-cao/*/")
    assert "Quý IV năm 2026" in page.locator("h1").inner_text()
    assert "Đã tạo báo cáo Quý IV năm 2026." in page.locator("main .alert").first.inner_text()
    assert Report.objects.filter(commune=draft_report.commune, year=2026, period_kind="Q4").exists()
    shots(page, "new-period-created")


def test_stale_tab_save_shows_what_was_typed(
    live_server, seed_report, draft_report, staff, browser_context, shots
):
    fill_like_seed(draft_report)
    saved = getattr(figure_sets(draft_report)["b3"], ROW.field)
    page = browser_context().new_page()
    log_in(page, live_server.url, "chuyenvien")
    page.goto(f"{live_server.url}/bao-cao/{draft_report.pk}/bieu/{B3.slug}/")
    # Meanwhile, in another tab, the report is sent for approval.
    workflow.report_submit(Report.objects.get(pk=draft_report.pk), user=staff)
    page.locator(f"input[name='{ROW.field}']").fill("5.700")
    page.locator(f"input[name='note__{ROW.field}']").fill("Số liệu đối chiếu lại")
    page.get_by_role("button", name="Lưu", exact=True).click()
    page.wait_for_load_state()
    main = page.locator("main").inner_text()
    assert "Không thực hiện được" in main and "Forbidden" not in page.content()
    assert "hiện ở trạng thái “Chờ duyệt”" in main
    typed = page.locator("main input[readonly]")
    assert "5.700" in [typed.nth(i).input_value() for i in range(typed.count())]
    assert f"Biểu mẫu 3 · {ROW.stt}" in main and "Số liệu đối chiếu lại" in page.content()
    shots(page, "stale-tab-refused")
    page.set_viewport_size({"width": 390, "height": 844})
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390
    shots(page, "stale-tab-refused-phone")
    draft_report.refresh_from_db()
    assert draft_report.status == Status.SUBMITTED
    assert getattr(figure_sets(draft_report)["b3"], ROW.field) == saved


def test_page_from_before_a_new_login_keeps_the_text(
    live_server, draft_report, staff, browser_context, shots
):
    context = browser_context()
    old_tab = context.new_page()
    log_in(old_tab, live_server.url, "chuyenvien")
    old_tab.goto(f"{live_server.url}/bao-cao/{draft_report.pk}/noi-dung/")
    # In another tab of the same browser: log out and in again (a new security token).
    other = context.new_page()
    other.goto(live_server.url + "/")
    other.get_by_role("button", name="Đăng xuất").click()
    log_in(other, live_server.url, "chuyenvien")
    other.close()
    text = "Phương hướng quý IV: hoàn thành số hóa hồ sơ <một cửa>."
    old_tab.locator("textarea[name='section_4']").fill(text)
    old_tab.get_by_role("button", name=re.compile(r"^Lưu")).first.click()
    old_tab.wait_for_load_state()
    main = old_tab.locator("main").inner_text()
    assert "Trang đã cũ, chưa lưu được" in main and "CSRF" not in old_tab.content()
    values = old_tab.locator("main [readonly]")
    assert text in [values.nth(i).input_value() for i in range(values.count())]
    shots(old_tab, "stale-token-refused")
    draft_report.refresh_from_db()
    assert text not in draft_report.section_4
