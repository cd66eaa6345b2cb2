"""The admin, in Vietnamese, for communes, reports and the seven Biểu mẫu."""

import pytest
from django.urls import reverse


@pytest.fixture
def admin_client_vi(client, demo, django_user_model):
    client.force_login(django_user_model.objects.get(username="quantri"))
    return client


def test_admin_lists_communes_and_reports(admin_client_vi, seed_report):
    body = admin_client_vi.get(reverse("admin:reports_report_changelist")).content.decode()
    assert "Nam Thanh Miện" in body
    body = admin_client_vi.get(reverse("admin:reports_commune_changelist")).content.decode()
    assert "Nam Thanh Miện" in body


def test_admin_report_page_shows_the_seven_forms(admin_client_vi, draft_report):
    response = admin_client_vi.get(reverse("admin:reports_report_change", args=[draft_report.pk]))
    assert response.status_code == 200
    body = response.content.decode()
    for number in range(1, 8):
        assert f"Biểu mẫu {number}" in body
    assert "2.1.1. Tổng số hồ sơ TTHC đã giải quyết xong" in body


def test_admin_is_in_vietnamese(admin_client_vi):
    body = admin_client_vi.get(reverse("admin:index")).content.decode()
    assert "Quản trị hệ thống báo cáo CCHC" in body
    assert "Báo cáo cải cách hành chính" in body
