"""Error pages (cchc/errors.py): every status in Vietnamese, in the application's layout, with
DEBUG on and off; a refused POST lists what the user typed (labelled, escaped, never the CSRF
token or a password) and changes nothing; the 500 page needs no database; the favicon."""

import logging
from urllib.parse import urlencode

import pytest
from django.test import Client, RequestFactory
from django.urls import reverse

from cchc import errors
from reports import catalogue
from reports.models import Report, Status
from reports.services import figure_sets

B3 = catalogue.SECTION_BY_SLUG["thu-tuc-hanh-chinh"]
ROW = B3.input_rows[0]
LABEL = f"Biểu mẫu 3 · {ROW.stt} {ROW.full_label}"


@pytest.fixture(params=[False, True], ids=["production", "debug"])
def debug(request, settings):
    settings.DEBUG = request.param
    return request.param


def section_url(report):
    return reverse("report_section", args=[report.pk, B3.slug])


def page_of(response) -> str:
    body = response.content.decode()
    assert '<html lang="vi">' in body and "Báo cáo CCHC" in body  # the application's layout
    assert "Django" not in body and "Traceback" not in body
    return body


def test_404_in_vietnamese(client, staff, debug):
    client.force_login(staff)
    for url in ("/khong-co-trang-nay/", "/bao-cao/999999/"):
        response = client.get(url)
        assert response.status_code == 404
        body = page_of(response)
        assert "Không tìm thấy trang" in body and "Về trang việc cần làm" in body
        assert "Nguyễn Thị Thu Hà" in body  # the user's own navigation bar


def test_404_for_anonymous_user(client, db, debug):
    response = client.get("/khong-co-trang-nay/")
    assert response.status_code == 404
    assert "Không tìm thấy trang" in page_of(response)


def test_405_in_vietnamese(client, staff, draft_report, debug):
    client.force_login(staff)
    response = client.get(reverse("report_explain", args=[draft_report.pk]))
    assert response.status_code == 405
    assert response["Allow"] == "POST"
    assert "Thao tác không hợp lệ" in page_of(response)


def test_400_in_vietnamese(client, staff, draft_report, debug):
    client.force_login(staff)
    if not debug:  # in development Django's own page says which setting to change
        response = client.get("/", headers={"host": "ke-gian.example"})
        assert response.status_code == 400
        assert "Yêu cầu không hợp lệ" in page_of(response)
    many = {f"f{i}": "1" for i in range(1100)}  # over DATA_UPLOAD_MAX_NUMBER_FIELDS
    response = client.post(section_url(draft_report), many)
    assert response.status_code == 400
    assert "Yêu cầu không hợp lệ" in page_of(response)


def test_413_lists_what_was_typed(client, staff, draft_report, settings, debug):
    """A text over the limit (pasted by mistake): up to twice the limit, it is listed."""
    client.force_login(staff)
    before = draft_report.section_3
    text = "Nội dung dài " * 200
    url = reverse("report_narrative", args=[draft_report.pk])
    body = urlencode({"version": "0", "section_3": text})  # as a browser sends a form
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = len(body) * 2 // 3
    response = client.post(url, body, content_type="application/x-www-form-urlencoded")
    assert response.status_code == 413
    body = page_of(response)
    assert "Dữ liệu gửi lên quá lớn" in body
    assert "Nội dung bạn đã nhập" in body and text.strip() in body
    draft_report.refresh_from_db()
    assert draft_report.section_3 == before


def test_stale_tab_save_keeps_typed_values(client, staff, draft_report, debug):
    """Biểu mẫu 3 open in one tab, the report submitted in another, then Lưu: a Vietnamese
    403 that lists the typed value under its STT and label; nothing saved."""
    client.force_login(staff)
    figures = figure_sets(draft_report)["b3"]
    version, saved = figures.version, getattr(figures, ROW.field)
    assert client.get(section_url(draft_report)).status_code == 200
    Report.objects.filter(pk=draft_report.pk).update(status=Status.SUBMITTED)
    typed = {"version": version, ROW.field: "5.650", "note__" + ROW.field: "<b>ghi chú</b>"}
    response = client.post(
        section_url(draft_report), typed, headers={"referer": "http://testserver/bao-cao/"}
    )
    assert response.status_code == 403
    body = page_of(response)
    assert "Không thực hiện được" in body
    assert "Bạn không có quyền sửa báo cáo này ở trạng thái hiện tại." in body
    assert "Báo cáo Quý III năm 2026 hiện ở trạng thái “Chờ duyệt”." in body
    assert f">{LABEL}</label>" in body and 'value="5.650"' in body
    assert f"Biểu mẫu 3 · Ghi chú {ROW.stt}" in body
    assert "&lt;b&gt;ghi chú&lt;/b&gt;" in body and "<b>ghi chú</b>" not in body
    assert 'href="http://testserver/bao-cao/"' in body  # back to the page
    assert getattr(figure_sets(draft_report)["b3"], ROW.field) == saved != 5650


def test_csrf_failure_keeps_typed_text(staff, draft_report, debug):
    client = Client(enforce_csrf_checks=True)
    client.force_login(staff)
    url = reverse("report_narrative", args=[draft_report.pk])
    client.get(url)
    response = client.post(
        url,
        {
            "csrfmiddlewaretoken": "cu-tu-truoc-khi-dang-nhap-lai",
            "version": "0",
            "section_3": "Đánh giá chung <script>x</script>",
            "new_password1": "bi-mat",
        },
    )
    assert response.status_code == 403
    body = page_of(response)
    assert "Trang đã cũ, chưa lưu được" in body
    assert "Đánh giá chung &lt;script&gt;x&lt;/script&gt;" in body
    assert "cu-tu-truoc-khi-dang-nhap-lai" not in body and "bi-mat" not in body
    label = str(Report._meta.get_field("section_3").verbose_name)
    assert label[0].upper() + label[1:] in body or label in body
    draft_report.refresh_from_db()
    assert "Đánh giá chung" not in draft_report.section_3


def test_post_after_the_session_ended(client, draft_report, debug):
    response = client.post(
        reverse("report_narrative", args=[draft_report.pk]),
        {"version": "0", "section_4": "Phương hướng quý IV"},
    )
    assert response.status_code == 403
    body = page_of(response)
    assert "Phiên đăng nhập đã hết hạn" in body and "Phương hướng quý IV" in body
    assert "Đăng nhập lại" in body
    # A page asked for without a form still goes to the login page.
    response = client.get(reverse("report_narrative", args=[draft_report.pk]))
    assert response.status_code == 302


def test_403_for_a_read_only_user(client, city_reviewer, draft_report, debug):
    client.force_login(city_reviewer)
    response = client.post(section_url(draft_report), {"version": "0", ROW.field: "7"})
    assert response.status_code == 403
    assert "Không thực hiện được" in page_of(response)


@pytest.mark.urls("tests.error_urls")
def test_500_in_vietnamese_with_the_traceback_logged(staff, debug, caplog):
    client = Client(raise_request_exception=False)
    client.force_login(staff)
    with caplog.at_level(logging.ERROR, logger="django.request"):
        response = client.post("/loi-thu/", {"comment": "ý kiến đang gõ"})
    assert response.status_code == 500
    body = page_of(response)
    assert "Lỗi hệ thống" in body and "ý kiến đang gõ" in body
    assert "lỗi thử nghiệm của bộ kiểm thử" not in body
    assert any(
        record.exc_info and "lỗi thử nghiệm" in str(record.exc_info[1]) for record in caplog.records
    )


def test_500_page_needs_no_database(staff, django_assert_num_queries):
    request = RequestFactory().post("/bao-cao/1/noi-dung/", {"section_3": "đang viết"})
    request.user = staff
    with django_assert_num_queries(0):
        response = errors.server_error(request)
    assert response.status_code == 500
    body = response.content.decode()
    assert "Lỗi hệ thống" in body and "đang viết" in body
    assert "Đăng xuất" not in body  # the anonymous navigation bar: no user was read


def test_favicon_served_and_linked(client, db):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert b"".join(response.streaming_content)[:4] == b"\x00\x00\x01\x00"  # an ICO file
    body = client.get("/dang-nhap/").content.decode()
    assert '<link rel="icon" href="/favicon.ico"' in body
    assert 'type="image/svg+xml"' in body


def test_navbar_names_the_user_once(client, demo, django_user_model):
    admin = django_user_model.objects.get(username="quantri")
    client.force_login(admin)
    navbar = client.get("/").content.decode().split("</nav>")[0]
    assert navbar.count("Quản trị hệ thống") == 1
    client.force_login(django_user_model.objects.get(username="chuyenvien"))
    navbar = client.get("/").content.decode().split("</nav>")[0]
    assert "Nguyễn Thị Thu Hà · Chuyên viên" in navbar
