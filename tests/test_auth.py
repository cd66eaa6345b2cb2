"""Login and accounts: lockout after repeated failures (django-axes), password change in
Vietnamese, logout only by POST, session expiry after a working day."""

import re

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


# --- Lockout by (user name, address), a limit per address, the address behind a proxy ------

LOGIN = "/dang-nhap/"


def _login(client, username, password, address="10.0.0.1", forwarded=None):
    extra = {"REMOTE_ADDR": address}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return client.post(LOGIN, {"username": username, "password": password}, **extra)


def test_lockout_from_one_address_does_not_lock_the_account_elsewhere(client, demo):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = _login(client, "lanhdao", "sai", address="198.51.100.7")
    assert response.status_code == 429
    assert _login(client, "lanhdao", "Demo@2026", address="198.51.100.7").status_code == 429
    # The leader at the office, another address, still logs in.
    response = _login(client, "lanhdao", "Demo@2026", address="10.0.0.1")
    assert response.status_code == 302
    assert client.session["_auth_user_id"]


def test_password_spraying_locks_the_address(client, demo, settings):
    settings.LOGIN_FAILURES_PER_ADDRESS = 20
    names = ["chuyenvien", "lanhdao", "vanthu", "sonoivu", "quantri"]
    statuses = [
        _login(client, name, f"doan-{attempt}", address="198.51.100.9").status_code
        for name in names
        for attempt in range(4)  # under the limit of five for every account
    ]
    assert statuses[:-1] == [200] * 19 and statuses[-1] == 429
    # The address is locked for every name, even with the right password...
    response = _login(client, "chuyenvien", "Demo@2026", address="198.51.100.9")
    assert response.status_code == 429
    assert LOCKOUT_TEXT in response.content.decode()
    # ...and only that address.
    assert _login(client, "chuyenvien", "Demo@2026", address="10.0.0.2").status_code == 302


def test_behind_a_trusted_proxy_each_client_is_locked_alone(client, demo, settings):
    """Every request comes from the proxy (127.0.0.1); the proxy appends the client's address
    to X-Forwarded-For."""
    settings.TRUSTED_PROXY_COUNT = 1
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = _login(client, "lanhdao", "sai", "127.0.0.1", forwarded="198.51.100.7")
    assert response.status_code == 429
    # Another client behind the same proxy is not locked out...
    response = _login(client, "lanhdao", "Demo@2026", "127.0.0.1", forwarded="10.0.0.5")
    assert response.status_code == 302
    client.logout()
    # ...and the attacker cannot pass for it by writing its address into the header: the
    # proxy appends the address it saw, and only the last one is believed.
    spoofed = "10.0.0.5, 198.51.100.7"
    assert _login(client, "lanhdao", "Demo@2026", "127.0.0.1", forwarded=spoofed).status_code == 429


def test_client_address_reads_the_proxy_header_only_when_told(rf, settings):
    from cchc.lockout import client_address

    request = rf.get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="1.2.3.4, 10.0.0.5")
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_address(request) == "127.0.0.1"
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_address(request) == "10.0.0.5"
    settings.TRUSTED_PROXY_COUNT = 2
    assert client_address(request) == "1.2.3.4"
    settings.TRUSTED_PROXY_COUNT = 3  # fewer addresses than proxies: not through them
    assert client_address(request) == "127.0.0.1"


# --- Password rules ---------------------------------------------------------------------------


def _messages(password, user=None):
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    try:
        validate_password(password, user)
    except ValidationError as error:
        return error.messages
    return []


def test_weak_passwords_refused_in_vietnamese(staff):
    assert _messages("cvb12345", staff) == ["Mật khẩu quá ngắn: cần ít nhất 10 ký tự."]
    assert _messages("matkhau123", staff) == [
        "Mật khẩu này chỉ là một mật khẩu phổ biến thêm chữ số hoặc ký hiệu ở đầu, ở cuối."
    ]
    assert _messages("password1234", staff) == ["Mật khẩu này quá phổ biến."]
    assert _messages("20262026202620", staff) == ["Mật khẩu không được chỉ gồm chữ số."]
    assert _messages("chuyenvien.2026", staff)[0] == "Mật khẩu quá giống với Tên đăng nhập."
    assert _messages("NguyenThiThuHa", staff) == ["Mật khẩu quá giống họ và tên của bạn."]
    assert _messages("Nguyễn Thị Thu Hà", staff) == ["Mật khẩu quá giống họ và tên của bạn."]
    assert _messages("Demo@2026", staff) == [
        "Mật khẩu quá ngắn: cần ít nhất 10 ký tự.",
        "Mật khẩu này chỉ là một mật khẩu phổ biến thêm chữ số hoặc ký hiệu ở đầu, ở cuối.",
        "Mật khẩu mới phải khác mật khẩu đang dùng.",
    ]
    assert _messages("Hoa-sen-noi-Tam-Diep-7", staff) == []


def _change(client, old, new):
    return client.post(
        "/doi-mat-khau/", {"old_password": old, "new_password1": new, "new_password2": new}
    )


def test_password_change_refuses_the_previous_password(client, staff):
    client.force_login(staff)
    assert _change(client, "Demo@2026", "Cay-bang-la-do-2026").status_code == 302
    staff.refresh_from_db()
    assert staff.profile.previous_password_hash.startswith("md5$")
    assert _change(client, "Cay-bang-la-do-2026", "Ngo-sen-Thanh-Mien-9").status_code == 302
    # Going back to the first one: refused (it is the one before the current one).
    response = _change(client, "Ngo-sen-Thanh-Mien-9", "Cay-bang-la-do-2026")
    assert response.status_code == 200
    assert "Mật khẩu mới không được trùng mật khẩu dùng trước đó." in response.content.decode()
    staff.refresh_from_db()
    assert staff.check_password("Ngo-sen-Thanh-Mien-9")


def test_password_change_form_rendered_by_crispy_and_submitted_as_rendered(client, staff):
    from benchmarks.formparse import forms_of

    client.force_login(staff)
    page = client.get("/doi-mat-khau/").content.decode()
    assert 'id="div_id_old_password"' in page  # crispy's bootstrap5 field wrapper
    assert "Ít nhất 10 ký tự" not in page and "Mật khẩu phải có ít nhất 10 ký tự." in page
    (form,) = [f for f in forms_of(page) if f.action in ("", "/doi-mat-khau/")]
    assert form.novalidate
    data = form.as_dict() | {
        "old_password": "Demo@2026",
        "new_password1": "Mua-thu-Ha-Noi-2026",
        "new_password2": "Mua-thu-Ha-Noi-2026",
    }
    assert client.post("/doi-mat-khau/", data).status_code == 302


# --- Accounts created for someone else change their password at first login -----------------

CSV = (
    "thanh_pho,ma,loai,ten_xa,ten_dang_nhap,ho_ten,vai_tro,chuc_vu,chuc_danh,email\n"
    "Hải Phòng,,xã,Nam Thanh Miện,cv_moi,Lê Văn Mới,chuyên viên,,,\n"
)


def test_csv_account_must_change_its_password_at_first_login(client, demo, tmp_path):
    import os
    import stat

    from django.core.management import call_command

    source = tmp_path / "xa.csv"
    source.write_text(CSV, encoding="utf-8")
    out = tmp_path / "mat-khau.csv"
    out.write_text("cũ", encoding="utf-8")
    os.chmod(out, 0o644)  # a file left from before, readable by all
    call_command("load_communes", str(source), passwords=str(out), verbosity=0)
    assert stat.S_IMODE(os.stat(out).st_mode) == 0o600
    password = out.read_text(encoding="utf-8").splitlines()[1].split(",")[1]

    response = client.post(LOGIN, {"username": "cv_moi", "password": password})
    assert response.status_code == 302
    for url in ("/", "/bao-cao/", "/thanh-pho/"):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"] == "/doi-mat-khau/"
    page = client.get("/doi-mat-khau/").content.decode()
    assert "mật khẩu do quản trị hệ thống cấp" in page and ">Hủy<" not in page
    assert client.post("/dang-xuat/").status_code == 302  # logging out stays possible
    client.post(LOGIN, {"username": "cv_moi", "password": password})
    assert _change(client, password, "Dong-lua-Thanh-Mien-26").status_code == 302
    assert client.get("/").status_code == 200
    user = django_user_model_get("cv_moi")
    assert not user.profile.must_change_password
    assert user.profile.previous_password_hash


def django_user_model_get(username):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.select_related("profile").get(username=username)


def test_demo_accounts_are_not_forced(client, demo):
    assert client.post(LOGIN, {"username": "chuyenvien", "password": "Demo@2026"}).status_code
    assert client.get("/").status_code == 200


def test_admin_creates_profiles_that_must_change_password(admin_client, demo):
    """The admin's new-profile form ticks the flag; a profile made in code does not."""
    page = admin_client.get("/quan-tri/reports/profile/add/").content.decode()
    (checkbox,) = re.findall(r'<input[^>]*name="must_change_password"[^>]*>', page)
    assert "checked" in checkbox
    assert "Phải đổi mật khẩu khi đăng nhập" in page
