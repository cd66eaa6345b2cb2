"""The city's completeness grid: states, on time or late, the reporting rate, filters, sorting,
scope (commune users 403, another city 404) and a fixed number of queries."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from reports.city.deadlines import LATE, NOT_DUE, ON_TIME, OVERDUE, deadlines_for, timeliness
from reports.models import City, Commune, ReportingDeadline, Status
from reports.periods import Period
from tests.city_helpers import local, make_commune, make_report

GRID = "/thanh-pho/"


@pytest.fixture
def communes(demo):
    """Five more communes of Hải Phòng, one per situation, for Quý II/2026 (deadline 20/6)."""
    city = demo.city
    made = {
        "issued_on_time": make_commune(city, "An Lão"),
        "issued_late": make_commune(city, "Bạch Long Vĩ"),
        "draft": make_commune(city, "Cát Hải"),
        "returned": make_commune(city, "Đồ Sơn"),
        "missing": make_commune(city, "Kiến Thụy"),
    }
    make_report(made["issued_on_time"], "2026-Q2", Status.ISSUED, sent=local(2026, 6, 20, 23, 59))
    make_report(made["issued_late"], "2026-Q2", Status.ISSUED, sent=local(2026, 6, 21, 0, 0))
    make_report(made["draft"], "2026-Q2", Status.DRAFT)
    make_report(made["returned"], "2026-Q2", Status.RETURNED, sent=local(2026, 6, 18, 9))
    return made


def _grid(client, **params):
    response = client.get(GRID, {"ky": "2026-Q2", "so_ky": 1, **params})
    assert response.status_code == 200
    return response


def _cells(response) -> dict[str, tuple[str, str]]:
    return {
        commune.name: (cells[0].state, cells[0].timeliness)
        for commune, cells in response.context["grid"].rows
    }


def test_grid_shows_each_state_and_timeliness(client, city_reviewer, seed_report, communes):
    client.force_login(city_reviewer)
    cells = _cells(_grid(client))
    assert cells == {
        "An Lão": (Status.ISSUED, ON_TIME),
        "Bạch Long Vĩ": (Status.ISSUED, LATE),
        "Cát Hải": (Status.DRAFT, OVERDUE),
        "Đồ Sơn": (Status.RETURNED, ON_TIME),
        "Kiến Thụy": ("none", OVERDUE),
        "Nam Thanh Miện": (Status.APPROVED, ON_TIME),  # submitted 16/6
    }
    body = _grid(client).content.decode()
    for label in ("Chưa lập", "Dự thảo", "Trả lại", "Đã duyệt", "Đã ban hành", "Trễ hạn"):
        assert label in body
    assert f'href="/thanh-pho/bao-cao/{seed_report.pk}/"' in body


def test_reporting_rate_counts_issued_on_time_over_communes(client, city_reviewer, communes):
    client.force_login(city_reviewer)
    response = _grid(client)
    summary = response.context["grid"].summaries[0]
    assert summary.expected == 6
    assert summary.issued_on_time == 1  # the late issue and the approved seed do not count
    assert summary.reporting_rate == Decimal("16.67")
    assert summary.by_state == {
        "none": 1,
        Status.DRAFT: 1,
        Status.RETURNED: 1,
        Status.APPROVED: 1,
        Status.ISSUED: 2,
    }
    assert summary.on_time == 3 and summary.late == 3
    assert "Tỷ lệ báo cáo: 16,67%" in response.content.decode()


def test_on_time_boundary_is_the_end_of_the_deadline_day(demo):
    deadline = deadlines_for(demo.city)["quarter"]
    period = Period(2026, "Q2")
    assert deadline.due(period).isoformat() == "2026-06-20"
    assert deadline.cutoff(period).isoformat() == "2026-06-14"
    due_end = deadline.due_end(period)
    assert timeliness(local(2026, 6, 20, 23, 59, 59), due_end) == ON_TIME
    assert timeliness(local(2026, 6, 21, 0, 0), due_end) == LATE
    assert timeliness(None, due_end, now=due_end - timedelta(seconds=1)) == NOT_DUE
    assert timeliness(None, due_end, now=due_end) == OVERDUE


def test_city_deadline_setting_moves_on_time_to_late(client, city_reviewer, communes):
    ReportingDeadline.objects.create(city=communes["draft"].city, period_type="quarter",
                                     deadline_day=19)  # fmt: skip
    client.force_login(city_reviewer)
    cells = _cells(_grid(client))
    assert cells["An Lão"] == (Status.ISSUED, LATE)
    assert cells["Đồ Sơn"] == (Status.RETURNED, ON_TIME)  # 18/6


def test_filters_state_late_and_search(client, city_reviewer, seed_report, communes):
    client.force_login(city_reviewer)
    assert list(_cells(_grid(client, trang_thai="none"))) == ["Kiến Thụy"]
    assert list(_cells(_grid(client, trang_thai=Status.ISSUED))) == ["An Lão", "Bạch Long Vĩ"]
    late = _cells(_grid(client, tre="1"))
    assert sorted(late) == ["Bạch Long Vĩ", "Cát Hải", "Kiến Thụy"]
    assert list(_cells(_grid(client, q="thanh"))) == ["Nam Thanh Miện"]
    assert list(_cells(_grid(client, q="không có"))) == []


def test_sorting(client, city_reviewer, seed_report, communes):
    client.force_login(city_reviewer)
    names = list(_cells(_grid(client, sap_xep="-ten")))
    # Vietnamese order, reversed: Đ comes after D, N after Đ.
    assert names == ["Nam Thanh Miện", "Kiến Thụy", "Đồ Sơn", "Cát Hải", "Bạch Long Vĩ", "An Lão"]
    by_sent = list(_cells(_grid(client, sap_xep="gui")))
    # Earliest sent first (16/6 seed, 18/6, 20/6, 21/6), the unsent last.
    assert by_sent[:4] == ["Nam Thanh Miện", "Đồ Sơn", "An Lão", "Bạch Long Vĩ"]
    by_state = list(_cells(_grid(client, sap_xep="trang-thai")))
    assert by_state[0] == "Kiến Thụy" and by_state[-2:] == ["An Lão", "Bạch Long Vĩ"]


def test_grid_paginates_and_shows_several_periods(client, city_reviewer, communes):
    client.force_login(city_reviewer)
    response = client.get(GRID, {"ky": "2026-Q2", "so_ky": 4})
    grid = response.context["grid"]
    assert [str(p) for p in grid.periods] == ["2025-Q3", "2025-Q4", "2026-Q1", "2026-Q2"]
    assert len(grid.rows[0][1]) == 4


CITY_PAGES = [
    "/thanh-pho/",
    "/thanh-pho/tong-hop/?ky=2026-Q2",
    "/thanh-pho/tong-hop/xlsx/?ky=2026-Q2",
    "/thanh-pho/xu-huong/",
    "/thanh-pho/han-bao-cao/",
]


@pytest.mark.parametrize("url", CITY_PAGES)
@pytest.mark.parametrize("who", ["staff", "leader", "clerk", "other_staff"])
def test_commune_users_get_403_on_city_pages(client, request, url, who):
    client.force_login(request.getfixturevalue(who))
    assert client.get(url).status_code == 403


@pytest.mark.parametrize("url", CITY_PAGES)
def test_anonymous_is_sent_to_login(client, db, url):
    response = client.get(url)
    assert response.status_code == 302 and response["Location"].startswith("/dang-nhap/")


def test_reviewer_sees_only_their_city(client, other_city_reviewer, seed_report, communes):
    client.force_login(other_city_reviewer)
    response = _grid(client)
    assert _cells(response) == {}
    assert response.context["city"].name == "Hà Nội"
    haiphong = seed_report.commune.city_id
    assert client.get(GRID, {"tp": haiphong}).status_code == 404
    assert client.get(f"/thanh-pho/bao-cao/{seed_report.pk}/").status_code == 404
    assert client.get(f"/thanh-pho/xu-huong/xa/{seed_report.commune_id}/").status_code == 404
    rollup = client.get("/thanh-pho/tong-hop/", {"ky": "2026-Q2"})
    assert rollup.context["rollup"].covered == 0


def test_report_page_read_only_for_the_city(client, city_reviewer, staff, other_staff, seed_report):
    client.force_login(city_reviewer)
    response = client.get(f"/thanh-pho/bao-cao/{seed_report.pk}/")
    body = response.content.decode()
    assert response.status_code == 200
    assert "5.650" in body and "99,33%" in body and "Đúng hạn" in body
    assert "<form" not in body.split("<main", 1)[1]  # nothing to submit: read-only
    client.force_login(staff)
    assert client.get(f"/thanh-pho/bao-cao/{seed_report.pk}/").status_code == 403
    client.force_login(other_staff)
    assert client.get(f"/thanh-pho/bao-cao/{seed_report.pk}/").status_code == 404


def test_admin_chooses_the_city(client, demo, other_city_reviewer, django_user_model):
    admin = django_user_model.objects.get(username="quantri")
    client.force_login(admin)
    hanoi = other_city_reviewer.profile.city
    assert client.get(GRID).context["city"] == demo.city
    assert client.get(GRID, {"tp": hanoi.pk}).context["city"] == hanoi
    assert client.get(GRID, {"tp": "x"}).status_code == 404


def _grid_queries(client, n):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(GRID, {"ky": "2026-Q2", "so_ky": 4})
    assert response.status_code == 200
    assert len(response.context["grid"].rows) == n
    return len(ctx.captured_queries)


def test_grid_queries_do_not_grow_with_communes(client, city_reviewer, communes,
                                                django_assert_max_num_queries):  # fmt: skip
    client.force_login(city_reviewer)
    few = _grid_queries(client, 6)
    city = communes["draft"].city
    for i in range(30):
        commune = make_commune(city, f"Xã thử {i:02d}")
        make_report(commune, "2026-Q2", Status.ISSUED, sent=local(2026, 6, 19))
        make_report(commune, "2026-Q1", Status.ISSUED, sent=local(2026, 3, 19))
    many = _grid_queries(client, 36)
    assert many == few
    with django_assert_max_num_queries(12):
        client.get(GRID, {"ky": "2026-Q2", "so_ky": 8})


def test_deadline_page_saves_and_rejects_bad_days(client, city_reviewer, demo):
    client.force_login(city_reviewer)
    url = "/thanh-pho/han-bao-cao/"
    data = {}
    for t in ("quarter", "half", "year"):
        data |= {f"{t}-cutoff_day": 14, f"{t}-deadline_day": 20, f"{t}-deadline_month": 0}
    data["quarter-deadline_day"] = 5
    data["quarter-deadline_month"] = 1
    response = client.post(url, data, follow=True)
    assert "Đã lưu hạn gửi báo cáo." in response.content.decode()
    saved = ReportingDeadline.objects.get(city=demo.city, period_type="quarter")
    assert (saved.deadline_day, saved.deadline_month) == (5, 1)
    assert deadlines_for(demo.city)["quarter"].due(Period(2026, "Q4")).isoformat() == "2027-01-05"
    data["half-deadline_day"] = 0
    data["quarter-deadline_day"] = 25
    response = client.post(url, data)
    assert "Ngày phải từ 1 đến 31." in response.content.decode()
    days = dict(ReportingDeadline.objects.values_list("period_type", "deadline_day"))
    assert days == {"quarter": 5, "half": 20, "year": 20}  # nothing saved from a bad form


def test_ids_in_links_are_never_digit_grouped(client, demo, django_user_model):
    """USE_THOUSAND_SEPARATOR would print the city 1234 as "1.234" in a link."""
    city = City.objects.create(pk=1234, name="Cần Thơ")
    Commune.objects.create(pk=2345, city=city, name="Phong Điền")
    client.force_login(django_user_model.objects.get(username="quantri"))
    for url in ("/thanh-pho/", "/thanh-pho/tong-hop/", "/thanh-pho/xu-huong/"):
        body = client.get(url, {"tp": 1234}).content.decode()
        assert "tp=1234" in body and "1.234" not in body, url
    body = client.get("/thanh-pho/", {"tp": 1234}).content.decode()
    assert 'href="/thanh-pho/xu-huong/xa/2345/?ky=' in body and "2.345" not in body
