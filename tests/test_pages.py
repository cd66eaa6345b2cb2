"""The foundation's pages: a Vietnamese login page, and the home page behind it."""


def test_login_page_is_vietnamese(client, db):
    response = client.get("/dang-nhap/")
    assert response.status_code == 200
    body = response.content.decode()
    assert '<html lang="vi">' in body
    assert "Đăng nhập" in body and "Mật khẩu" in body
    assert "cdn" not in body.lower()


def test_home_needs_login(client, db):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/dang-nhap/")


def test_login_with_demo_account_lands_on_reports(client, demo):
    response = client.post(
        "/dang-nhap/", {"username": "chuyenvien", "password": "Demo@2026"}, follow=True
    )
    assert response.status_code == 200
    assert response.wsgi_request.user.username == "chuyenvien"
    assert "Quý II năm 2026" in response.content.decode()


def test_wrong_password_message_in_vietnamese(client, demo):
    response = client.post("/dang-nhap/", {"username": "chuyenvien", "password": "sai"})
    assert response.status_code == 200
    assert "mật khẩu chính xác" in response.content.decode()
