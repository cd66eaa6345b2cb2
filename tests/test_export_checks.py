"""The annex workbook's sheet "Giải trình" read back: every error and warning with the rule's name,
the rows compared with their figures, the gap, the explanation, who and when; from the snapshot
for an approved report (standing alone, old snapshots included), from the live rows for a draft;
the same lines as the city's page; printed like the other sheets."""

from datetime import timedelta
from io import BytesIO

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from reports.city.explanations import report_warnings
from reports.city.rollup import with_ratios
from reports.content import ReportContent
from reports.exports import xlsx_bytes
from reports.exports.xlsxchecks import EXPLANATIONS_SHEET
from reports.models import Profile, ReportSnapshot, WarningExplanation
from reports.services import figure_sets, report_values
from tests import libreoffice
from tests.city_helpers import local
from tests.test_pdf_layout import need_tools, pdf_pages  # noqa: F401 (a fixture)

HEADER = [
    "STT",
    "Mức độ",
    "Quy tắc kiểm tra",
    "Các chỉ tiêu so sánh và số liệu",
    "Chênh lệch",
    "Giải trình",
    "Người giải trình",
    "Thời điểm",
]
ONLINE_TITLE = "Hồ sơ trực tuyến ở phần II khớp với hồ sơ DVCTT ở Biểu 7"
SEED_ROWS = (
    "Phần II mục B.1.1 – Hồ sơ tiếp nhận trực tuyến: 5.660",
    "Biểu 7 mục 1.3.1 – Tổng số hồ sơ của DVCTT toàn trình (gồm hồ sơ nộp trực tuyến + trực "
    "tiếp): 907",
    "Biểu 7 mục 1.4.1 – Tổng số hồ sơ của DVCTT một phần (gồm hồ sơ nộp trực tuyến + trực "
    "tiếp): 4.501",
)
SEED_EXPLANATION = (
    "Số 5.660 hồ sơ trực tuyến ở phần II lấy từ Hệ thống thông tin giải quyết TTHC của thành "
    "phố, tính cả 252 hồ sơ nộp trực tuyến qua dịch vụ bưu chính công ích và các dịch vụ công "
    "liên thông chưa được thống kê theo DVCTT toàn trình hoặc một phần trên Cổng Dịch vụ công "
    "quốc gia (nguồn số liệu của Biểu mẫu 7)."
)
STAFF_NAME = "Nguyễn Thị Thu Hà"


def checks(data: bytes):
    return load_workbook(BytesIO(data))[EXPLANATIONS_SHEET]


def lines(sheet) -> list[list]:
    return [[cell.value for cell in row] for row in sheet.iter_rows(min_row=6, max_col=8)]


def as_local(at):
    return timezone.localtime(at).replace(tzinfo=None)


def test_approved_seed_lists_its_warning_with_the_explanation_who_and_when(seed_report):
    sheet = checks(xlsx_bytes(seed_report))
    explanation = WarningExplanation.objects.get(report=seed_report)
    assert [sheet[f"A{row}"].value for row in (1, 2, 3)] == [
        "Giải trình",
        "Kết quả kiểm tra số liệu và giải trình các cảnh báo",
        "UBND xã Nam Thanh Miện – Quý II năm 2026",
    ]
    assert [cell.value for cell in sheet[5]] == HEADER
    [line] = lines(sheet)
    assert line[:5] == [1, "Cảnh báo", ONLINE_TITLE, "\n".join(SEED_ROWS), 252]
    assert line[5:7] == [SEED_EXPLANATION, STAFF_NAME]
    # When it was written, to the second the sheet keeps (Excel stores days as a float).
    assert abs(line[7] - as_local(explanation.updated_at)) < timedelta(seconds=1)
    assert sheet["H6"].number_format == "dd/mm/yyyy hh:mm"
    assert sheet["E6"].number_format == "#,##0"


def test_the_approved_sheet_comes_from_the_snapshot_alone(seed_report):
    """Who and when are recorded in the snapshot: a later rename of the author, or a changed
    explanation row, does not change the approved workbook."""
    before = xlsx_bytes(seed_report)
    snapshot = seed_report.snapshots.get(reason=ReportSnapshot.Reason.APPROVED)
    recorded = snapshot.data["explained_by"]["ii.online_apps_match_b7"]
    assert recorded["author"] == STAFF_NAME
    Profile.objects.filter(user__username="chuyenvien").update(full_name="Nguyễn Thị Hà")
    WarningExplanation.objects.filter(report=seed_report).update(
        text="Đã sửa sau khi duyệt", updated_at=local(2026, 8, 1, 7, 0)
    )
    assert xlsx_bytes(seed_report) == before


def test_a_snapshot_without_who_and_when_prints_the_text_and_dashes(seed_report):
    snapshot = seed_report.snapshots.get(reason=ReportSnapshot.Reason.APPROVED)
    old = {key: value for key, value in snapshot.data.items() if key != "explained_by"}
    ReportSnapshot.objects.filter(pk=snapshot.pk).update(data=old)
    # The old record loads and is written back unchanged: the content hash its documents
    # carry stays the same.
    assert ReportContent.from_json(old).to_json() == old
    [line] = lines(checks(xlsx_bytes(seed_report)))
    assert line == [
        1, "Cảnh báo", ONLINE_TITLE, "\n".join(SEED_ROWS), 252, SEED_EXPLANATION, "—", "—"
    ]  # fmt: skip


@pytest.fixture
def checked_draft(draft_report, staff):
    """The Quý III draft with an error (Biểu 4: 50 civil servants present, 47 allowed), an
    explained warning (Biểu 7 item 1.1.1: 240 against 220 in section II) and an unexplained
    one (100 online applications against 30 + 50 in Biểu 7)."""
    values = {
        "b4.civil_present": 50,
        "b7.full_online_eligible": 240,
        "ii.apps_online": 100,
        "b7.full_service_apps": 30,
        "b7.partial_service_apps": 50,
    }
    for key, figures in figure_sets(draft_report).items():
        for ref, value in values.items():
            if ref.startswith(key + "."):
                setattr(figures, ref.split(".")[1], value)
        figures.save()
    WarningExplanation.objects.create(
        report=draft_report,
        rule_code="b7.full_online_matches_ii",
        text="20 TTHC toàn trình chưa đủ điều kiện\ntheo Quyết định của UBND thành phố.",
        author=staff,
    )
    WarningExplanation.objects.filter(report=draft_report).update(
        updated_at=local(2026, 9, 10, 8, 5)
    )
    return draft_report


def test_a_draft_lists_errors_first_then_warnings_explained_or_not(checked_draft):
    sheet = checks(xlsx_bytes(checked_draft))
    error, explained, unexplained = lines(sheet)
    assert error == [
        1,
        "Lỗi",
        "Biểu 4: biên chế công chức có mặt không vượt số được giao",
        "Biểu 4 mục 1.2 – Tổng số biên chế có mặt tại thời điểm báo cáo: 50\n"
        "Biểu 4 mục 1.1 – Tổng số biên chế được giao trong năm: 47",
        3,
        "—",
        "—",
        "—",
    ]
    assert explained == [
        2,
        "Cảnh báo",
        "Biểu 7: DVC đủ điều kiện toàn trình khớp với số TTHC toàn trình ở phần II",
        "Biểu 7 mục 1.1.1 – Tổng số DVC đủ điều kiện lên trực tuyến toàn trình: 240\n"
        "Phần II mục A.2.2 – Số TTHC cung cấp DVC trực tuyến toàn trình: 220",
        20,
        "20 TTHC toàn trình chưa đủ điều kiện\ntheo Quyết định của UBND thành phố.",
        STAFF_NAME,
        as_local(local(2026, 9, 10, 8, 5)),
    ]
    assert unexplained[:3] == [3, "Cảnh báo", ONLINE_TITLE]
    assert unexplained[3].endswith("trực tiếp): 50")
    assert unexplained[4:] == [20, "Chưa có giải trình.", "—", "—"]
    # Rows of wrapped text are as tall as their lines: the rows compared take four.
    assert sheet.row_dimensions[6].height >= 4 * 15.75


def test_the_city_page_and_the_workbook_give_the_same_lines(checked_draft):
    city = report_warnings(checked_draft, with_ratios(report_values(checked_draft)))
    sheet = lines(checks(xlsx_bytes(checked_draft)))
    assert [(w.severity_label, w.title, "\n".join(w.rows), w.difference) for w in city] == [
        tuple(line[1:5]) for line in sheet
    ]
    assert [w.explanation or "—" for w in city] == [line[5] for line in sheet]


def test_a_report_without_errors_or_warnings_says_so(draft_report):
    sheet = checks(xlsx_bytes(draft_report))
    assert lines(sheet)[0][0] == "Số liệu của báo cáo không có lỗi hay cảnh báo nào."
    assert "A6:H6" in {str(r) for r in sheet.merged_cells.ranges}


def test_the_sheet_prints_like_the_others_on_a4_landscape(seed_report):
    sheet = checks(xlsx_bytes(seed_report))
    assert int(sheet.page_setup.paperSize) == 9  # A4
    assert sheet.page_setup.orientation == "landscape"
    assert sheet.page_setup.scale == 85
    assert sheet.print_title_rows == "$5:$5"  # the header on every page
    assert sheet.freeze_panes == "A6"
    assert sheet.oddHeader.left.text == "UBND xã Nam Thanh Miện"
    assert sheet.oddHeader.right.text == "Quý II năm 2026"
    assert sheet.oddFooter.center.text == "Trang &P/&N"
    fonts = {cell.font.sz for row in sheet.iter_rows() for cell in row if cell.value is not None}
    assert min(fonts) * 85 / 100 >= 10
    # The columns fit the width of landscape A4 between the margins at that scale.
    pixels = sum(8 * sheet.column_dimensions[c].width for c in "ABCDEFGH")
    assert pixels * 0.85 <= (11.69 - sheet.page_margins.left - sheet.page_margins.right) * 96
    for cell in sheet[6]:
        sides = (cell.border.left, cell.border.right, cell.border.top, cell.border.bottom)
        assert [side.style for side in sides] == ["thin"] * 4, cell.coordinate
        assert cell.font.name == "Times New Roman"
    assert all(sheet[f"{c}6"].alignment.wrap_text for c in "CDF")
    # The explanation takes seven lines of its column: the row shows them all.
    assert sheet.row_dimensions[6].height >= 7 * 15.75


def test_the_sheet_as_printed(need_tools, seed_report, tmp_path):  # noqa: F811
    """LibreOffice prints the sheet on its own last page, header, footer and all."""
    libreoffice.require_calc()
    source = tmp_path / "phu-luc.xlsx"
    source.write_bytes(xlsx_bytes(seed_report))
    pages = pdf_pages(libreoffice.convert(source, "pdf", tmp_path).read_bytes(), tmp_path)
    last = " ".join(pages[-1])
    assert pages[-1][0].startswith("UBND xã Nam Thanh Miện") and "Quý II năm 2026" in pages[-1][0]
    for text in ("Giải trình", "Kết quả kiểm tra số liệu", "Cảnh báo", "252", "Nguyễn Thị"):
        assert text in last, text
    assert pages[-1][-1] == f"Trang {len(pages)}/{len(pages)}"
    assert not any("Cảnh báo" in " ".join(page) for page in pages[:-1])
