"""Typing on the entry pages in a real browser: nothing typed is lost silently, one Lưu (or
Ctrl+S) saves everything on the page, and Enter moves down a column as on the paper form.
Each test checks what the person sees and what the database holds; screenshots are saved."""

import re

import pytest

from reports.models import WarningExplanation
from tests.browser.test_login import log_in
from tests.test_entry_page_save import ONLINE, with_two_warnings

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PROMPT = "Nội dung chưa được lưu"


def _messages(page) -> str:
    return " ".join(page.locator("main .alert").all_inner_texts())


def _focused(page) -> str:
    return page.evaluate("document.activeElement.id")


def test_leaving_the_narrative_with_unsaved_text(live_server, draft_report, browser_context, shots):
    page = browser_context().new_page()
    log_in(page, live_server.url, "chuyenvien")
    url = f"{live_server.url}/bao-cao/{draft_report.pk}/noi-dung/"
    page.goto(url)
    text = "- Tổ chức 02 hội nghị đối thoại với người dân về thủ tục hành chính."
    box = page.get_by_label("V. Kiến nghị, đề xuất")
    box.click()
    page.keyboard.type(text)

    # A tab of the report: the page asks, in Vietnamese; "Ở lại trang" keeps the text.
    page.locator("nav.entry-nav").get_by_role("link", name="Biểu mẫu 1", exact=True).click()
    dialog = page.get_by_role("dialog", name=PROMPT)
    assert dialog.is_visible()
    assert "Nếu rời trang, nội dung đó sẽ mất." in dialog.inner_text()
    shots(page, "prompt-on-tab")
    dialog.get_by_role("button", name="Ở lại trang").click()
    assert not dialog.is_visible()
    assert page.url == url
    assert box.input_value() == text

    # Closing the tab: the browser's own prompt; dismissing it keeps the page.
    seen = []
    page.once("dialog", lambda d: (seen.append(d.type), d.dismiss()))
    page.close(run_before_unload=True)
    page.wait_for_timeout(300)
    assert seen == ["beforeunload"]
    assert not page.is_closed() and box.input_value() == text

    # Ctrl+S saves it; leaving is then silent.
    with page.expect_navigation():
        page.keyboard.press("Control+s")
    assert "Đã lưu nội dung báo cáo (1 mục thay đổi)." in _messages(page)
    draft_report.refresh_from_db()
    assert draft_report.section_5 == text
    page.locator("nav.entry-nav").get_by_role("link", name="Biểu mẫu 1", exact=True).click()
    page.wait_for_url(re.compile(r"/bieu/chi-dao-dieu-hanh/$"))
    shots(page, "left-after-save")

    # "Rời trang" in the prompt leaves without saving.
    page.goto(url)
    page.get_by_label("IV. Phương hướng, nhiệm vụ kỳ tới").click()
    page.keyboard.type("Chưa lưu")
    page.locator("nav.entry-nav").get_by_role("link", name="Tổng quan", exact=True).click()
    page.get_by_role("button", name="Rời trang, bỏ nội dung chưa lưu").click()
    page.wait_for_url(re.compile(rf"/bao-cao/{draft_report.pk}/$"))
    draft_report.refresh_from_db()
    assert "Chưa lưu" not in draft_report.section_4


def test_explanation_typed_and_saved_with_the_pages_luu(
    live_server, draft_report, browser_context, shots
):
    with_two_warnings(draft_report)
    page = browser_context().new_page()
    log_in(page, live_server.url, "chuyenvien")
    page.goto(f"{live_server.url}/bao-cao/{draft_report.pk}/bieu/so-lieu-phan-ii/")
    page.locator("#f-apps_direct").fill("0")
    explanation = "Số 5.660 lấy từ Hệ thống giải quyết TTHC, gồm cả hồ sơ nộp qua bưu chính."
    page.locator(f'[id="explain-{ONLINE}"]').fill(explanation)
    shots(page, "typed")
    page.get_by_role("button", name="Lưu", exact=True).click()
    assert "Đã lưu Số liệu phần II của báo cáo (1 ô thay đổi, 1 giải trình)." in _messages(page)
    assert page.locator(f'[id="explain-{ONLINE}"]').input_value() == explanation
    shots(page, "saved")
    saved = WarningExplanation.objects.get(report=draft_report)
    assert (saved.rule_code, saved.text) == (ONLINE, explanation)
    draft_report.narrativefigures.refresh_from_db()
    assert draft_report.narrativefigures.apps_direct == 0


def test_enter_moves_down_a_column_and_never_submits(
    live_server, draft_report, browser_context, shots
):
    page = browser_context().new_page()
    log_in(page, live_server.url, "chuyenvien")
    url = f"{live_server.url}/bao-cao/{draft_report.pk}/bieu/thu-tuc-hanh-chinh/"
    page.goto(url)
    assert page.locator("#p-resolved_total").inner_text() == "Kỳ trước: 5.650"
    page.locator("#f-resolved_total").click()
    page.keyboard.type("5.650")
    page.keyboard.press("Enter")
    assert _focused(page) == "f-resolved_on_time"
    page.keyboard.type("5612")
    page.keyboard.press("Enter")
    assert _focused(page) == "f-pakn_received"
    page.keyboard.press("Shift+Enter")
    assert _focused(page) == "f-resolved_on_time"
    page.keyboard.press("Enter")
    page.keyboard.type("11")
    page.keyboard.press("Enter")
    page.keyboard.type("11")
    page.keyboard.press("Enter")  # the last figure: stays, still no submit
    assert _focused(page) == "f-pakn_resolved"
    # The notes are a column of their own.
    page.locator('[name="note__resolved_total"]').click()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.name") == "note__resolved_on_time"
    assert page.url == url and not _messages(page)
    assert page.locator("#r-on_time_rate output.ratio").inner_text() == "99,33%"
    shots(page, "typed-with-enter")
    draft_report.procedurefigures.refresh_from_db()
    assert draft_report.procedurefigures.resolved_total is None  # nothing submitted yet

    with page.expect_navigation():
        page.keyboard.press("Control+s")
    assert "Đã lưu Biểu mẫu 3 (4 ô thay đổi)." in _messages(page)
    figures = draft_report.procedurefigures
    figures.refresh_from_db()
    assert (figures.resolved_total, figures.resolved_on_time, figures.pakn_resolved) == (
        5650,
        5612,
        11,
    )
    shots(page, "saved-with-ctrl-s")


def test_refused_page_still_warns_before_leaving(live_server, draft_report, browser_context):
    """After a refused save the page shows typed, unsaved values: leaving it still asks."""
    page = browser_context().new_page()
    log_in(page, live_server.url, "chuyenvien")
    page.goto(f"{live_server.url}/bao-cao/{draft_report.pk}/bieu/tai-chinh-cong/")
    page.locator("#f-investment_plan").fill("1,000")
    page.get_by_role("button", name="Lưu", exact=True).click()
    assert page.locator("#e-investment_plan").inner_text() == (
        "1,000 là 1 hay 1.000? Gõ 1 hoặc 1.000."
    )
    page.locator("nav.entry-nav").get_by_role("link", name="Tổng quan", exact=True).click()
    assert page.get_by_role("dialog", name=PROMPT).is_visible()


def test_read_only_page_keeps_the_servers_ratios(live_server, seed_report, browser_context):
    """The approved seed, read by its leader: no inputs, so the page's script leaves the
    ratios the server printed (it used to blank those computed from figures on the page)."""
    page = browser_context().new_page()
    log_in(page, live_server.url, "lanhdao")
    page.goto(f"{live_server.url}/bao-cao/{seed_report.pk}/bieu/thu-tuc-hanh-chinh/")
    assert page.locator("#f-resolved_total").count() == 0
    assert page.locator("#r-on_time_rate output.ratio").inner_text() == "99,33%"
    assert page.locator("#r-pakn_resolution_rate output.ratio").inner_text() == "100%"
