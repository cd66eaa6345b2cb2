"""The city reviewer's home page: each commune's latest report, counts per state aggregated in
SQL, 50 communes a page, search without diacritics, and the same number of queries whatever the
number of communes and reports."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from reports.city.seeding import ensure_communes, seed
from reports.models import City, Commune, Status
from reports.periods import Period
from tests.city_helpers import local, make_commune, make_report


@pytest.fixture
def communes(demo):
    city = demo.city
    make_commune(city, "Kiến Thụy")  # no report
    issued = make_commune(city, "An Lão")
    make_report(issued, "2026-Q1", Status.DRAFT)
    make_report(issued, "2026-Q2", Status.ISSUED, sent=local(2026, 6, 19))
    half = make_commune(city, "Đồ Sơn")
    make_report(half, "2026-Q2", Status.APPROVED, sent=local(2026, 6, 18))
    make_report(half, "2026-H1", Status.SUBMITTED, sent=local(2026, 6, 19))  # later than Q2
    other = City.objects.create(name="Hà Nội")
    make_report(make_commune(other, "Ba Vì"), "2026-Q2", Status.RETURNED)
    return city


def _home(client, **params):
    response = client.get("/", params)
    assert response.status_code == 200
    return response


def test_latest_report_of_each_commune_and_counts(client, city_reviewer, communes):
    client.force_login(city_reviewer)
    response = _home(client)
    overview = response.context["overview"]
    assert overview.communes == 4
    assert overview.counts == [
        ("none", "Chưa có báo cáo", 1),
        (Status.DRAFT, "Dự thảo", 1),  # Nam Thanh Miện's Quý III draft
        (Status.SUBMITTED, "Chờ duyệt", 1),  # Đồ Sơn's 6 tháng, after its Quý II
        (Status.ISSUED, "Đã ban hành", 1),
    ]
    rows = [(c.name, r and (str(r.period), r.status)) for c, r in overview.rows]
    assert rows == [
        ("An Lão", ("2026-Q2", Status.ISSUED)),
        ("Đồ Sơn", ("2026-H1", Status.SUBMITTED)),
        ("Kiến Thụy", None),
        ("Nam Thanh Miện", ("2026-Q3", Status.DRAFT)),
    ]
    body = response.content.decode()
    assert "Chưa có báo cáo: 1" in body and "Đã ban hành: 1" in body
    assert "4 xã, phường" in body and "Ba Vì" not in body


def test_search_without_diacritics(client, city_reviewer, communes):
    client.force_login(city_reviewer)
    assert [c.name for c, _ in _home(client, q="thanh mien").context["overview"].rows] == [
        "Nam Thanh Miện"
    ]
    assert [c.name for c, _ in _home(client, q="DO SƠN").context["overview"].rows] == ["Đồ Sơn"]
    response = _home(client, q="không có")
    assert response.context["overview"].rows == []
    assert "Không có xã, phường nào khớp với “không có”." in response.content.decode()
    assert response.context["overview"].communes == 4  # the counts stay city-wide


def test_pages_of_fifty(client, city_reviewer, demo):
    ensure_communes(demo.city, 60)
    client.force_login(city_reviewer)
    first = _home(client).context["overview"].page
    assert (len(first.object_list), first.paginator.num_pages) == (50, 2)
    second = _home(client, trang=2)
    assert len(second.context["overview"].page.object_list) == 11
    assert "Trang 2/2 · 61 đơn vị" in second.content.decode()


def _queries(client) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get("/")
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_query_count_does_not_grow_with_communes_or_reports(client, city_reviewer, demo):
    client.force_login(city_reviewer)
    periods = [Period(2025, "Q4"), Period(2026, "Q1"), Period(2026, "Q2")]
    seed(demo.city, ensure_communes(demo.city, 10), periods[-1:])
    small = _queries(client)
    seed(demo.city, ensure_communes(demo.city, 120), periods)
    assert Commune.objects.filter(city=demo.city).count() == 121
    assert _queries(client) == small
    assert small <= 10
