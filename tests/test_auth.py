"""Login and accounts: lockout after repeated failures (django-axes), password change in
Vietnamese, logout only by POST, session expiry after a working day."""

from django.conf import settings

LOCKOUT_TEXT = "Tài khoản tạm thời bị khóa do đăng nhập sai nhiều lần."


def test_five_failed_logins_lock_the_account(client, demo):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = client.post("/dang-nhap/", {"username": "chuyenvien", "password": "sai"})
        assert response.status_code == 200
        assert "mật khẩu chính xác" in response.content.decode()
    response = client.post("/dang-nhap/", {"username": "chuyenvien", "password": "sai"})
    assert response.status_code == 429
    assert LOCKOUT_TEXT in response.content.decode()
    # Even the right password is refused now, and no session is opened.
    response = client.post("/dang-nhap/", {"username": "chuyenvien", "password": "Demo@2026"})
    assert response.status_code == 429
    assert LOCKOUT_TEXT in response.content.decode()
    assert "_auth_user_id" not in client.session
    # Another account from the same address is not locked (lockout by username + address).
    response = client.post("/dang-nhap/", {"username": "lanhdao", "password": "Demo@2026"})
    assert response.status_code == 302
    assert settings.AXES_FAILURE_LIMIT == 5


def test_password_change_in_vietnamese(client, staff):
    client.force_login(staff)
    response = client.get("/doi-mat-khau/")
    assert response.status_code == 200
    body = response.content.decode()
    assert (
        "Đổi mật khẩu" in body and "Mật khẩu hiện tại" in body and "Nhập lại mật khẩu mới" in body
    )

    response = client.post(
        "/doi-mat-khau/",
        {"old_password": "sai", "new_password1": "Moi@2026xyz", "new_password2": "Moi@2026xyz"},
    )
    assert response.status_code == 200
    assert "is-invalid" in response.content.decode()
    staff.refresh_from_db()
    assert staff.check_password("Demo@2026")

    response = client.post(
        "/doi-mat-khau/",
        {
            "old_password": "Demo@2026",
            "new_password1": "Moi@2026xyz",
            "new_password2": "Moi@2026xyz",
        },
    )
    assert response.status_code == 302 and response["Location"] == "/doi-mat-khau/xong/"
    staff.refresh_from_db()
    assert staff.check_password("Moi@2026xyz")
    assert "Đã đổi mật khẩu" in client.get("/doi-mat-khau/xong/").content.decode()


def test_password_change_needs_login(client, db):
    response = client.get("/doi-mat-khau/")
    assert response.status_code == 302 and response["Location"].startswith("/dang-nhap/")


def test_logout_only_by_post(client, staff):
    client.force_login(staff)
    assert client.get("/dang-xuat/").status_code == 405
    assert "_auth_user_id" in client.session
    response = client.post("/dang-xuat/")
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_session_ends_after_a_working_day():
    assert settings.SESSION_COOKIE_AGE <= 10 * 60 * 60
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is True
