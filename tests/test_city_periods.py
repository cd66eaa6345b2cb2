"""The city's pages open on the latest period whose cut-off is over (calendar and deadline
settings, never what communes created), offer the periods that exist in a select, and answer a
malformed or unknown ``ky`` with a Vietnamese message and the default period, never a 500."""

from datetime import date

import pytest
from django.urls import reverse

from reports.city import periods
from reports.city.periods import default_period, period_options
from reports.models import ReportingDeadline, Status
from reports.periods import Period
from tests.city_helpers import make_commune, make_report

TODAY = date(2026, 7, 1)  # Quý II is closed (cut-off 14/6), Quý III runs


@pytest.fixture(autouse=True)
def calendar(monkeypatch):
    monkeypatch.setattr(periods, "today", lambda: TODAY)


@pytest.mark.parametrize(
    ("on", "expected"),
    [
        (date(2026, 6, 14), Period(2026, "Q1")),  # Quý II still counting on its cut-off day
        (date(2026, 6, 15), Period(2026, "Q2")),  # sending window open: deadline current
        (date(2026, 7, 1), Period(2026, "Q2")),  # deadline passed
        (date(2026, 12, 31), Period(2026, "Q4")),
        (date(2027, 1, 5), Period(2026, "Q4")),
        (date(2027, 3, 10), Period(2026, "Q4")),
    ],
)
def test_default_period_follows_the_calendar(demo, on, expected):
    assert default_period(demo.city, on) == expected


def test_default_period_follows_the_city_cutoff_setting(demo):
    ReportingDeadline.objects.create(city=demo.city, period_type="quarter", cutoff_day=31)
    assert default_period(demo.city, date(2026, 6, 30)) == Period(2026, "Q1")  # 30/6 = cut-off
    assert default_period(demo.city, date(2026, 7, 1)) == Period(2026, "Q2")


def test_a_commune_period_in_2100_moves_nothing(client, city_reviewer, demo):
    make_report(make_commune(demo.city, "Tiên Lãng"), "2100-Q4", Status.DRAFT)
    options = period_options(demo.city)
    assert options.default == Period(2026, "Q2")
    assert Period(2100, "Q4") not in options and Period(2027, "Q1") not in options
    assert [p for p in options.periods if p.quarter][0] == Period(2026, "Q3")
    assert Period(2026, "Y") in options and Period(2026, "H1") in options
    assert Period(2025, "Q4") not in options  # the city has no report before 2026
    client.force_login(city_reviewer)
    for name in ("city_grid", "city_rollup", "city_trends"):
        response = client.get(reverse(name))
        assert response.status_code == 200
        assert response.context["form"].period == Period(2026, "Q2"), name


def test_the_period_is_a_select_of_existing_periods(client, city_reviewer, demo):
    client.force_login(city_reviewer)
    body = client.get(reverse("city_grid")).content.decode()
    assert '<select name="ky"' in body and 'name="ky" value=' not in body
    assert '<option value="2026-Q2" selected>Quý II năm 2026</option>' in body
    assert '<option value="2026-Q3">Quý III năm 2026</option>' in body
    assert '<optgroup label="Báo cáo 6 tháng">' in body
    assert '<option value="2026-Y">Năm 2026</option>' in body
    assert '<option value="2026-H1">6 tháng đầu năm 2026</option>' in body
    assert "2026-Q4" not in body  # not begun on 1/7/2026


def _commune_trends(demo):
    return reverse("commune_trends", args=[demo.pk])


PAGES = {
    "grid": lambda demo: reverse("city_grid"),
    "rollup": lambda demo: reverse("city_rollup"),
    "trends": lambda demo: reverse("city_trends"),
    "commune_trends": _commune_trends,
}
BAD = ["0000", "0001-Q1", "abc", "2026-Q9", "2100-Q4", "2026-Q4", " ", "Quý II/2026"]


@pytest.mark.parametrize("value", BAD)
@pytest.mark.parametrize("page", PAGES)
def test_bad_period_shows_a_message_and_the_default(client, city_reviewer, demo, page, value):
    client.force_login(city_reviewer)
    response = client.get(PAGES[page](demo), {"ky": value})
    assert response.status_code == 200
    form = response.context["form"]
    assert form.period == Period(2026, "Q2")
    body = response.content.decode()
    assert '<option value="2026-Q2" selected>' in body
    if value.strip():
        assert form.errors["ky"] == [
            f"Không có kỳ báo cáo “{value.strip()}”: hãy chọn một kỳ trong danh sách. "
            "Trang đang hiển thị Quý II năm 2026."
        ]
        assert "Không có kỳ báo cáo" in body and "invalid-feedback" in body
    else:
        assert not form.errors  # blank: simply the default


@pytest.mark.parametrize("value", BAD)
def test_bad_period_on_the_xlsx_goes_back_to_the_rollup_page(client, city_reviewer, demo, value):
    client.force_login(city_reviewer)
    response = client.get(reverse("city_rollup_xlsx"), {"ky": value}, follow=True)
    assert response.status_code == 200
    if value.strip():
        assert response.redirect_chain[0][0].startswith("/thanh-pho/tong-hop/?ky=")
        assert "Không có kỳ báo cáo" in response.content.decode()
    else:
        assert response["Content-Type"].startswith("application/vnd.openxmlformats")


def test_good_period_is_kept(client, city_reviewer, seed_report):
    client.force_login(city_reviewer)
    response = client.get(reverse("city_rollup"), {"ky": "2026-Q1"})
    assert response.context["period"] == Period(2026, "Q1") and not response.context["form"].errors
    xlsx = client.get(reverse("city_rollup_xlsx"), {"ky": "2026-Q2"})
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"


def test_other_bad_filters_fall_back_with_a_message(client, city_reviewer, demo):
    client.force_login(city_reviewer)
    response = client.get(
        reverse("city_grid"),
        {"so_ky": "abc", "trang_thai": "<b>", "sap_xep": "x", "q": "a" * 101, "trang": "-1"},
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["so_ky"] == ["Chọn số kỳ trong danh sách: trang đang hiển thị 4 kỳ."]
    assert errors["trang_thai"] == ["Chọn trạng thái trong danh sách: trang đang hiển thị tất cả."]
    assert errors["q"] == ["Nhập tối đa 100 ký tự."]
    grid = response.context["grid"]
    assert len(grid.periods) == 4 and [c.name for c, _ in grid.rows] == ["Nam Thanh Miện"]
    assert "&lt;b&gt;" not in response.content.decode()
