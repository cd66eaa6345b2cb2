"""The city sees every warning with the commune's explanation: on its page of a report, and in
the city workbook's sheet "Giải trình" (with the section II figures sheet beside the Biểu)."""

from datetime import datetime
from io import BytesIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from reports.city import periods
from reports.models import Report, Status, WarningExplanation
from tests.city_helpers import local, make_commune, make_report

RULE = "Hồ sơ tiếp nhận trực tuyến ở phần II = Biểu 7 mục 1.3.1 + 1.4.1"
ROWS = (
    "Phần II mục B.1.1 – Hồ sơ tiếp nhận trực tuyến: 5.660",
    "Biểu 7 mục 1.3.1 – Tổng số hồ sơ của DVCTT toàn trình (gồm hồ sơ nộp trực tuyến + trực "
    "tiếp): 907",
    "Biểu 7 mục 1.4.1 – Tổng số hồ sơ của DVCTT một phần (gồm hồ sơ nộp trực tuyến + trực "
    "tiếp): 4.501",
)
EXPLANATION = "Số 5.660 hồ sơ trực tuyến ở phần II lấy từ Hệ thống thông tin giải quyết TTHC"


@pytest.fixture(autouse=True)
def calendar(monkeypatch):
    monkeypatch.setattr(periods, "today", lambda: datetime(2026, 7, 1).date())


@pytest.fixture
def explained_at(seed_report):
    """The seed's explanation, written at a known time."""
    at = local(2026, 6, 15, 9, 30)
    WarningExplanation.objects.filter(report=seed_report).update(updated_at=at)
    return at


def test_city_report_page_shows_the_warning_with_its_explanation(
    client, city_reviewer, seed_report, explained_at
):
    client.force_login(city_reviewer)
    response = client.get(reverse("city_report", args=[seed_report.pk]))
    assert response.status_code == 200
    [line] = response.context["warnings"]
    assert (line.severity_label, line.rule, line.rows, line.gap) == ("Cảnh báo", RULE, ROWS, "252")
    assert line.explanation.startswith(EXPLANATION)
    assert (line.author, line.at) == ("Nguyễn Thị Thu Hà", explained_at)
    body = response.content.decode()
    for text in (
        RULE,
        ROWS[0],
        "Chênh lệch",
        EXPLANATION,
        "Nguyễn Thị Thu Hà, lúc 09:30 15/06/2026",
    ):
        assert text in body


def test_draft_shows_errors_and_unexplained_warnings(client, city_reviewer, demo):
    values = {
        "b4.civil_quota": 10,
        "b4.civil_present": 12,
        "ii.apps_online": 100,
        "b7.full_service_apps": 30,
        "b7.partial_service_apps": 50,
    }
    report = make_report(make_commune(demo.city, "Cát Hải"), "2026-Q2", Status.DRAFT, values=values)
    client.force_login(city_reviewer)
    response = client.get(reverse("city_report", args=[report.pk]))
    error, warning = response.context["warnings"]
    assert (error.severity_label, error.gap, error.explanation) == ("Lỗi", "2", "")
    assert (warning.severity_label, warning.gap) == ("Cảnh báo", "20")
    assert (warning.explanation, warning.author, warning.at) == ("Chưa có giải trình.", "", None)
    body = response.content.decode()
    assert "Chưa có giải trình." in body and "text-bg-danger" in body


def test_report_without_warnings_says_so(client, city_reviewer, demo):
    report = make_report(make_commune(demo.city, "Đồ Sơn"), "2026-Q2", Status.DRAFT)
    client.force_login(city_reviewer)
    body = client.get(reverse("city_report", args=[report.pk])).content.decode()
    assert "Số liệu của báo cáo không có cảnh báo nào." in body


def _workbook(client, period="2026-Q2"):
    response = client.get(reverse("city_rollup_xlsx"), {"ky": period})
    assert response.status_code == 200
    return load_workbook(BytesIO(response.content))


def test_workbook_explanations_sheet(client, city_reviewer, seed_report, explained_at):
    # An approved report whose warning was never explained (approved before the rule existed).
    values = {"ii.apps_online": 100, "b7.full_service_apps": 30, "b7.partial_service_apps": 50}
    make_report(make_commune(seed_report.commune.city, "An Lão"), "2026-Q2", Status.APPROVED,
                sent=local(2026, 6, 18), values=values)  # fmt: skip
    client.force_login(city_reviewer)
    sheet = _workbook(client)["Giải trình"]
    assert sheet["A1"].value == "Giải trình các cảnh báo – Thành phố Hải Phòng – Quý II năm 2026"
    assert sheet["A2"].value == (
        "2 cảnh báo trong các báo cáo đã duyệt hoặc đã ban hành, 1 có giải trình."
    )
    assert [c.value for c in sheet[5]] == [
        "STT", "Xã, phường, đặc khu", "Quy tắc kiểm tra", "Các chỉ tiêu so sánh và số liệu",
        "Chênh lệch", "Giải trình của xã", "Người giải trình", "Thời điểm",
    ]  # fmt: skip
    first, second = ([c.value for c in row] for row in sheet.iter_rows(min_row=6, max_row=7))
    assert first[:5] == [1, "xã An Lão", RULE, first[3], 20]
    assert first[5:] == ["Chưa có giải trình.", "", None]
    assert second[:5] == [2, "xã Nam Thanh Miện", RULE, "\n".join(ROWS), 252]
    assert second[5].startswith(EXPLANATION) and second[6] == "Nguyễn Thị Thu Hà"
    assert second[7] == timezone.localtime(explained_at).replace(tzinfo=None)
    assert sheet["H7"].number_format == "dd/mm/yyyy hh:mm"
    assert sheet.row_dimensions[7].height > 3 * 15  # the explanation wraps: the row shows it


def test_workbook_has_the_section_ii_figures_sheet(client, city_reviewer, seed_report):
    client.force_login(city_reviewer)
    sheet = _workbook(client)["Số liệu phần II"]
    assert sheet["A1"].value == "Số liệu phần II của báo cáo"
    rows = {r[0].value: [c.value for c in r] for r in sheet.iter_rows(min_row=6)}
    assert rows["B.1.1."][1:6] == ["Hồ sơ tiếp nhận trực tuyến", "Hồ sơ", 5660, 5660]
    assert rows["C.1."][3] == 5650 and rows["D.2."][3] == 9
    assert rows["A."][3:] == [None, None]  # a heading has no figure
    assert sheet["D14"].number_format == "#,##0"


def test_export_city_writes_the_same_sheets(seed_report, tmp_path, capsys):
    out = tmp_path / "tp.xlsx"
    call_command("export_city", "--period", "2026-Q2", "--out", str(out), "--city", "Hải Phòng")
    book = load_workbook(out)
    assert book.sheetnames[-2:] == ["Số liệu phần II", "Giải trình"]
    assert book["Giải trình"]["B6"].value == "xã Nam Thanh Miện"
    assert book.properties.title == "Phụ lục III tổng hợp – Thành phố Hải Phòng – Quý II năm 2026"
    assert "tổng hợp 1/1 xã, phường; 1 cảnh báo." in capsys.readouterr().out


def test_a_counted_report_without_warnings_adds_no_line(client, city_reviewer, seed_report):
    Report.objects.filter(pk=seed_report.pk).update(status=Status.DRAFT)
    client.force_login(city_reviewer)
    sheet = _workbook(client)["Giải trình"]
    assert sheet["A6"].value == "Không có cảnh báo nào."
