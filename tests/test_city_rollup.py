"""The city-wide Phụ lục III: summed counts and money, ratios recomputed from the sums (never
averaged), only approved and issued reports, its XLSX read back, the command, and trends."""

from decimal import Decimal
from io import BytesIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from reports.city.rollup import city_rollup
from reports.city.trends import city_trend, commune_trend
from reports.models import Status
from reports.numbers import ratio
from reports.periods import Period
from tests.city_helpers import local, make_commune, make_report

PERIOD = Period(2025, "Q4")

# Two counted communes whose on-time ratios average to something else than the city's ratio.
A = {
    "b3.resolved_total": 1000,
    "b3.resolved_on_time": 990,  # 99%
    "b6.investment_plan": Decimal("1000.500"),
    "b6.investment_disbursed": Decimal("500.250"),
    "b1.citizen_dialogue": 1,
    "b1.survey_method": 2,
}
B = {
    "b3.resolved_total": 10,
    "b3.resolved_on_time": 5,  # 50%
    "b6.investment_plan": Decimal("3000"),
    "b6.investment_disbursed": Decimal("3000"),
    "b1.citizen_dialogue": 0,
    "b1.survey_method": 1,
}
# Not counted: a draft and a submitted report with large figures.
NOISE = {"b3.resolved_total": 100000, "b3.resolved_on_time": 1, "b6.investment_plan": 99999}


@pytest.fixture
def counted(demo):
    city = demo.city
    make_report(make_commune(city, "An Lão"), str(PERIOD), Status.APPROVED,
                sent=local(2025, 12, 18), values=A)  # fmt: skip
    make_report(make_commune(city, "Bạch Long Vĩ"), str(PERIOD), Status.ISSUED,
                sent=local(2025, 12, 19), values=B)  # fmt: skip
    make_report(make_commune(city, "Cát Hải"), str(PERIOD), Status.DRAFT, values=NOISE)
    make_report(make_commune(city, "Đồ Sơn"), str(PERIOD), Status.SUBMITTED,
                sent=local(2025, 12, 18), values=NOISE)  # fmt: skip
    return city


def test_counts_and_money_are_summed_over_approved_and_issued_only(counted):
    rollup = city_rollup(counted, PERIOD)
    assert (rollup.covered, rollup.expected) == (2, 5)
    assert rollup.values["b3.resolved_total"] == 1010
    assert rollup.values["b3.resolved_on_time"] == 995
    assert rollup.values["b6.investment_plan"] == Decimal("4000.500")
    assert rollup.values["b1.citizen_dialogue"] == 1  # communes answering "Có"


def test_ratios_are_recomputed_from_the_sums_never_averaged(counted):
    rollup = city_rollup(counted, PERIOD)
    assert rollup.values["b3.on_time_rate"] == Decimal("98.51")  # 995 / 1010
    assert rollup.values["b3.on_time_rate"] != (Decimal(99) + Decimal(50)) / 2
    assert rollup.values["b6.disbursement_rate"] == ratio(Decimal("3500.250"), Decimal("4000.5"))
    assert rollup.values["b3.pakn_resolution_rate"] is None  # no denominator: no ratio


def test_rollup_page(client, city_reviewer, counted):
    client.force_login(city_reviewer)
    body = client.get("/thanh-pho/tong-hop/", {"ky": str(PERIOD)}).content.decode()
    assert "Tổng hợp từ <strong>2/5</strong>" in body
    assert "1.010" in body and "98,51%" in body and "1 đơn vị có" in body


def _rollup_queries(city) -> int:
    with CaptureQueriesContext(connection) as ctx:
        city_rollup(city, PERIOD)
    return len(ctx.captured_queries)


def test_rollup_queries_do_not_grow_with_communes(counted, django_assert_max_num_queries):
    few = _rollup_queries(counted)
    for i in range(20):
        make_report(make_commune(counted, f"Xã thử {i:02d}"), str(PERIOD), Status.ISSUED,
                    sent=local(2025, 12, 1), values=B)  # fmt: skip
    assert _rollup_queries(counted) == few
    with django_assert_max_num_queries(2):
        rollup = city_rollup(counted, PERIOD)
    assert rollup.covered == 22 and rollup.values["b3.resolved_total"] == 1000 + 21 * 10


def test_xlsx_one_sheet_per_form_with_city_total_and_communes(client, city_reviewer, counted):
    client.force_login(city_reviewer)
    response = client.get("/thanh-pho/tong-hop/xlsx/", {"ky": str(PERIOD)})
    assert response.status_code == 200
    assert "attachment;" in response["Content-Disposition"]
    book = load_workbook(BytesIO(response.content))
    assert book.sheetnames == [f"Biểu mẫu {n}" for n in range(1, 8)] + [
        "Số liệu phần II",
        "Giải trình",
    ]
    sheet = book["Biểu mẫu 3"]
    header = [c.value for c in sheet[5]]
    assert header == ["STT", "Chỉ tiêu thống kê", "Đơn vị tính", "Toàn thành phố",
                      "xã An Lão", "xã Bạch Long Vĩ"]  # fmt: skip
    rows = {r[0].value: r for r in sheet.iter_rows(min_row=6)}
    total = rows["2.1.1."]
    assert [c.value for c in total[3:6]] == [1010, 1000, 10]
    assert total[3].number_format == "#,##0"
    assert rows["2.1."][3].value == pytest.approx(98.51)
    assert rows["2.1."][3].number_format == "0.00"  # the unit column says "%"
    assert "Tổng hợp từ 2/5" in sheet["A3"].value
    money = book["Biểu mẫu 6"]
    plan = {r[0].value: r for r in money.iter_rows(min_row=6)}["1.1."]
    assert plan[3].value == pytest.approx(4000.5) and plan[5].value == 3000
    # Wrapped labels get the rows to show them; each commune's column is wide enough.
    communes = sheet.column_dimensions["E"]  # E:F, 14 characters as Excel shows widths
    assert (communes.min, communes.max, communes.width) == (5, 6, pytest.approx(14.71, abs=0.01))
    # "xã Bạch Long Vĩ" in bold: two lines (XlsxWriter rounds to whole pixels of 0,75 pt).
    assert sheet.row_dimensions[5].height == pytest.approx(2 * 15 + 2, abs=0.75)
    tall = [r[0].row for r in sheet.iter_rows(min_row=6) if len(r[1].value or "") > 80]
    assert tall and all(sheet.row_dimensions[n].height >= 2 * 15 for n in tall)
    short = rows["2.1.1."][0].row
    assert sheet.row_dimensions[short].height is None


def test_export_city_command(counted, tmp_path):
    out = tmp_path / "city.xlsx"
    call_command("export_city", "--period", str(PERIOD), "--out", str(out), "--city", "Hải Phòng")
    book = load_workbook(out)
    assert len(book.sheetnames) == 9
    assert book["Biểu mẫu 3"].cell(row=6 + 5, column=4).value is not None


def test_trends_city_from_sums_commune_from_its_reports(client, city_reviewer, counted):
    periods = [PERIOD.previous(), PERIOD]
    trend = city_trend(counted, periods)
    on_time = next(s for s in trend.series if s.key == "b3.on_time_rate")
    assert on_time.values == [None, Decimal("98.51")]
    reporting = next(s for s in trend.series if s.key == "reporting_rate")
    assert reporting.values == [Decimal(0), Decimal(20)]  # 1 issued on time of 5
    commune = counted.communes.get(name="Bạch Long Vĩ")
    series = commune_trend(commune, periods).series
    assert series[0].values == [None, Decimal(50)]
    client.force_login(city_reviewer)
    body = client.get("/thanh-pho/xu-huong/", {"ky": str(PERIOD)}).content.decode()
    assert "<svg" in body and "<polyline" not in body.split("</svg>")[1]
    assert "98,51%" in body and "cdn" not in body.lower()
    page = client.get(f"/thanh-pho/xu-huong/xa/{commune.pk}/", {"ky": str(PERIOD)})
    assert page.status_code == 200 and "50%" in page.content.decode()
