"""Hostile input to the remaining forms and to the query strings of the list pages: the login,
a new period, the signed upload, the city's filters. Never a 500; nothing created that should
not be; a Vietnamese message where something is refused."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reports.models import Report, SignedDocument, Status
from tests.hostile import NASTY, hostile_text

QUICK = settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.mark.parametrize("username", ["", "chuyenvien", "<script>", "' OR 1=1 --", "a" * 300])
@pytest.mark.parametrize("password", ["", "\x00", "x" * 5000])
def test_login_with_hostile_credentials(client, demo, username, password):
    response = client.post("/dang-nhap/", {"username": username, "password": password})
    assert response.status_code in (200, 403, 429)  # 403/429: locked out after failures
    assert not response.wsgi_request.user.is_authenticated
    body = response.content.decode()
    assert "<script>" not in body.split("</nav>", 1)[-1].replace("<script src=", "")
    if response.status_code == 200:
        assert "Đăng nhập" in body


@QUICK
@given(year=st.one_of(hostile_text, st.integers().map(str)), kind=hostile_text)
def test_new_period_with_hostile_values(client, staff, demo, year, kind):
    client.force_login(staff)
    before = Report.objects.count()
    response = client.post(reverse("report_new"), {"year": year, "period_kind": kind})
    assert response.status_code in (200, 302, 400)
    if response.status_code != 302:
        assert Report.objects.count() == before


@QUICK
@given(
    params=st.dictionaries(
        st.sampled_from(["ky", "tp", "so_ky", "trang_thai", "sap_xep", "tre", "q", "trang"]),
        hostile_text.filter(lambda t: "\x00" not in t),
        max_size=4,
    ),
    page=st.sampled_from(["city_grid", "city_rollup", "city_trends", "city_deadlines"]),
)
def test_city_pages_with_hostile_query_strings(client, city_reviewer, page, params):
    client.force_login(city_reviewer)
    response = client.get(reverse(page), params)
    assert response.status_code in (200, 302, 400, 404)


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"%PDF-",
        b"%PDF-1.7\n" + b"\x00" * 100,
        b"<script>alert(1)</script>",
        NASTY[30].encode(),
    ],
)
def test_signed_upload_refuses_or_stores_as_is(client, clerk, seed_report, content):
    Report.objects.filter(pk=seed_report.pk).update(
        status=Status.ISSUED, number=12, issued_year=2026
    )
    client.force_login(clerk)
    upload = SimpleUploadedFile("<b>ký số</b>.pdf", content, content_type="application/pdf")
    response = client.post(reverse("report_signed_upload", args=[seed_report.pk]), {"file": upload})
    assert response.status_code in (200, 302, 400)
    stored = SignedDocument.objects.filter(report=seed_report)
    if not content.startswith(b"%PDF-"):
        assert not stored.exists()
        assert "PDF" in response.content.decode()
    for document in stored:
        assert document.file.read() == content
        document.file.close()
    page = client.get(reverse("report_exports", args=[seed_report.pk])).content.decode()
    assert "<b>ký số</b>" not in page


def test_hostile_text_in_export_file_name_query(client, staff, draft_report):
    client.force_login(staff)
    url = reverse("report_export_docx", args=[draft_report.pk])
    response = client.get(url, {"x": "\r\nSet-Cookie: a=b"})
    assert response.status_code == 200
    assert "\n" not in response["Content-Disposition"]
    assert io.BytesIO(response.content).read(2) == b"PK"
