"""A new period (report_new): the form's own defaults create it, the year is never printed
grouped, and only the current, previous and next year are allowed (issue 12.7)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from benchmarks.formparse import forms_of
from reports.entry.forms import NewReportForm
from reports.models import Report
from reports.periods import Period

URL = "/bao-cao/tao-moi/"


def _form(client):
    response = client.get(URL)
    assert response.status_code == 200
    (form,) = [f for f in forms_of(response.content.decode()) if f.action == ""]
    return response.content.decode(), form


def test_defaults_create_the_next_period(client, staff, draft_report):
    client.force_login(staff)
    page, form = _form(client)
    assert form.novalidate and not form.files
    assert form.as_dict()["year"] == "2026" and form.as_dict()["period_kind"] == "Q4"
    assert "2.026" not in page
    response = client.post(URL, form.as_dict())
    created = Report.objects.get(commune=draft_report.commune, year=2026, period_kind="Q4")
    assert response.status_code == 302
    assert response["Location"] == reverse("report_overview", args=[created.pk])


@pytest.mark.parametrize("year", ["2100", "2024", "2.026", "2028", "0"])
def test_years_outside_the_three_refused(client, staff, demo, year):
    client.force_login(staff)
    before = Report.objects.count()
    response = client.post(URL, {"year": year, "period_kind": "Q4"})
    assert response.status_code == 400
    assert "Chỉ tạo được báo cáo kỳ mới cho năm 2025, 2026 hoặc 2027." in response.content.decode()
    assert Report.objects.count() == before


def test_year_choices_follow_today(monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda: datetime.date(2031, 2, 3))
    form = NewReportForm()
    assert [value for value, _ in form.fields["year"].choices] == [2030, 2031, 2032]
    # A commune whose latest report is far away starts from the quarter of today.
    assert NewReportForm.suggested(Period(2026, "Q3")) == {"year": 2031, "period_kind": "Q1"}
    assert NewReportForm.suggested(Period(2030, "Q4")) == {"year": 2031, "period_kind": "Q1"}
    assert NewReportForm.suggested(Period(2031, "Q1")) == {"year": 2031, "period_kind": "Q2"}
    assert NewReportForm.suggested(None) == {"year": 2031, "period_kind": "Q1"}


def test_existing_period_refused_with_a_link(client, staff, draft_report):
    client.force_login(staff)
    response = client.post(URL, {"year": "2026", "period_kind": "Q3"})
    assert response.status_code == 400
    body = response.content.decode()
    assert "Báo cáo Quý III năm 2026 của xã Nam Thanh Miện đã có" in body
    assert reverse("report_overview", args=[draft_report.pk]) in body
