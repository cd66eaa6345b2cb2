"""The first thing everyone does: log in, in Vietnamese, and be told plainly when it fails."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Demo@2026"


def log_in(page, base_url, username, password=PASSWORD):
    page.goto(base_url + "/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()


def test_login_wrong_password_then_right(live_server, demo, browser_context, shots):
    page = browser_context().new_page()
    log_in(page, live_server.url, "chuyenvien", "sai-mat-khau")
    assert "mật khẩu chính xác" in page.locator(".alert-danger").inner_text()
    shots(page, "login-refused")

    log_in(page, live_server.url, "chuyenvien")
    page.wait_for_url(live_server.url + "/")
    assert "Nguyễn Thị Thu Hà" in page.locator("nav").inner_text()
    assert "Quý II năm 2026" in page.content()
    shots(page, "home-staff")
