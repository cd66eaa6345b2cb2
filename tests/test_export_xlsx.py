"""The Excel annex read back with openpyxl: every seed value as a number with its format."""

from decimal import Decimal
from io import BytesIO

import pytest
from openpyxl import load_workbook
from openpyxl.cell.cell import MergedCell

from reports import catalogue
from reports.exports import xlsx_bytes
from reports.exports.builder import build
from reports.exports.xlsx import FIGURES_SHEET, FIRST_DATA_ROW, render
from reports.models import NarrativeFigures
from tests.seed_annex import seed_annex


@pytest.fixture
def seed_book(seed_report):
    return load_workbook(BytesIO(xlsx_bytes(seed_report)))


def data_rows(ws):
    return [
        tuple(c for c in row)
        for row in ws.iter_rows(min_row=FIRST_DATA_ROW, max_col=5)
        if row[0].value is not None or row[1].value is not None
    ]


def test_one_sheet_per_form_and_one_for_section_two(seed_book):
    assert seed_book.sheetnames == [f"Biểu mẫu {n}" for n in range(1, 8)] + [FIGURES_SHEET]


def test_every_seed_value_as_a_number_with_its_format(seed_book):
    for key, rows in seed_annex().items():
        ws = seed_book[f"Biểu mẫu {key[1]}"]
        cells = data_rows(ws)[: len(rows)]
        assert [c[0].value or "" for c in cells] == [r["stt"] for r in rows]
        for (stt, label, unit, value, _note), seed in zip(cells, rows, strict=True):
            assert label.value.startswith(seed["label"][:20])
            assert (unit.value or "") == seed["unit"]
            expected = seed["value"]
            if not expected:
                assert value.value is None, (key, seed["stt"])
            elif expected.endswith("%"):
                percent = Decimal(expected[:-1].replace(",", "."))
                assert isinstance(value.value, int | float)  # 100% is stored as 1
                assert value.value == pytest.approx(float(percent / 100), abs=1e-9)
                assert value.number_format == "0.00%"
            else:
                number = int(expected.replace(".", ""))
                assert value.value == number and isinstance(value.value, int), (key, stt.value)
                assert value.data_type == "n"
                row = next(r for r in catalogue.SECTION_BY_KEY[key].rows if r.stt == seed["stt"])
                assert value.number_format == ("0" if row.kind in ("code", "yesno") else "#,##0")


def test_section_two_sheet(seed_book):
    ws = seed_book[FIGURES_SHEET]
    by_code = {row[0].value: row for row in data_rows(ws)}
    assert by_code["B.1."][3].value == 5683
    assert by_code["B.1.1."][3].value == 5660
    assert by_code["C.1.2."][3].value == 1
    assert by_code["E.1."][3].value == 33
    assert by_code["A."][3].value is None


def test_layout_and_print_setup(seed_book):
    ws = seed_book["Biểu mẫu 3"]
    assert ws["A1"].value == "Biểu mẫu 3"
    assert ws["A2"].value == "Cải cách thủ tục hành chính"
    assert ws["A3"].value == "UBND xã Nam Thanh Miện – Quý II năm 2026"
    assert [ws.cell(5, c).value for c in (1, 2, 3, 5)] == [
        "STT",
        "Chỉ tiêu thống kê (Sử dụng trong kỳ báo cáo hàng quý, 6 tháng, năm)",
        "Kết quả thống kê",
        "Ghi chú",
    ]
    assert [ws.cell(6, c).value for c in (3, 4)] == ["Đơn vị tính", "Số liệu"]
    merged = {str(r) for r in ws.merged_cells.ranges}
    assert {"A1:E1", "A5:A6", "B5:B6", "C5:D5", "E5:E6"} <= merged
    assert ws.print_title_rows == "$5:$6"
    assert int(ws.page_setup.paperSize) == 9  # A4
    assert ws.page_setup.orientation == "portrait"
    assert ws.column_dimensions["B"].width >= 60
    assert ws.cell(FIRST_DATA_ROW + 5, 2).font.i  # 2.1.1 is printed in italics


def test_formula_looking_note_stays_text(seed_report):
    figures = NarrativeFigures.objects.get(report=seed_report)
    content = __import__("reports.exports", fromlist=["x"]).content_for_export(seed_report)
    content.notes["b1.directive_documents"] = '=HYPERLINK("http://x","bấm")'
    content.notes["b1.plan_tasks"] = "+1 so với kỳ trước"
    content.notes["b1.plan_tasks_done"] = "@SUM(A1)"
    book = load_workbook(BytesIO(render(build(content))))
    ws = book["Biểu mẫu 1"]
    notes = {row[0].value: row[4] for row in data_rows(ws)}
    for code, text in (
        ("1.", '=HYPERLINK("http://x","bấm")'),
        ("2.1.", "+1 so với kỳ trước"),
        ("2.2.", "@SUM(A1)"),
    ):
        assert notes[code].value == text
        assert notes[code].data_type == "s"
    assert figures.pk  # the live report is untouched


def table_end(ws) -> int:
    """The last row of the bordered table (the footnotes follow after a blank row)."""
    return max(
        row for row in range(FIRST_DATA_ROW, ws.max_row + 1) if ws.cell(row, 4).border.left.style
    )


def test_every_table_cell_is_styled_like_the_paper_form(seed_book):
    for ws in seed_book.worksheets:
        last = table_end(ws)
        assert ws.dimensions == f"A1:E{ws.max_row}"
        assert ws.freeze_panes == f"A{FIRST_DATA_ROW}"
        for row in ws.iter_rows(min_row=5, max_row=last, max_col=5):
            for cell in row:
                if isinstance(cell, MergedCell):
                    continue  # openpyxl draws a merged range's borders on its edges only
                sides = (cell.border.left, cell.border.right, cell.border.top, cell.border.bottom)
                assert [side.style for side in sides] == ["thin"] * 4, (ws.title, cell.coordinate)
                assert cell.font.name == "Times New Roman" and cell.font.sz == 12
                assert cell.alignment.vertical == "center"
        for cell in (c for c in ws[5] + ws[6] if not isinstance(c, MergedCell)):
            assert cell.font.b and cell.alignment.horizontal == "center", cell.coordinate
        for row in ws.iter_rows(min_row=FIRST_DATA_ROW, max_row=last, max_col=5):
            stt, label, unit, value, remark = row
            assert stt.alignment.horizontal == unit.alignment.horizontal == "center"
            assert label.alignment.wrap_text and label.alignment.horizontal is None
            assert value.alignment.horizontal == "right"
            assert bool(stt.font.b) == bool(label.font.b)  # first-level items in bold
        assert ws["A1"].font.sz == 13 and ws["A1"].font.b
        assert ws["A3"].font.i and ws["A3"].alignment.horizontal == "center"
        footnotes = [ws.cell(row, 1) for row in range(last + 1, ws.max_row + 1)]
        assert all(c.font.sz == 11 and not c.border.left.style for c in footnotes if c.value)


def test_italic_rows_follow_the_catalogue(seed_book):
    for section in catalogue.SECTIONS:
        if section.key == "ii":
            continue
        ws = seed_book[f"Biểu mẫu {section.key[1]}"]
        rows = data_rows(ws)
        for row, cells in zip(section.rows, rows, strict=False):
            assert bool(cells[1].font.i) == bool(row.italic), (section.key, row.stt)


@pytest.mark.parametrize(
    "text",
    [
        "  thụt đầu dòng",
        "dấu cách cuối ",
        "hai dòng\r\nxuống dòng",
        "<b> & \"nháy\" 'đơn'",
        "\tTab",
    ],
)
def test_awkward_notes_come_back_exactly(seed_report, text):
    from reports.exports import content_for_export

    content = content_for_export(seed_report)
    content.notes["b1.plan_tasks"] = text
    ws = load_workbook(BytesIO(render(build(content))))["Biểu mẫu 1"]
    notes = {row[0].value: row[4] for row in data_rows(ws)}
    assert notes["2.1."].value == text
    assert notes["2.1."].data_type == "s"


def test_a_note_longer_than_excel_allows_is_cut_at_its_limit(seed_report):
    from reports.exports import content_for_export

    content = content_for_export(seed_report)
    content.notes["b1.plan_tasks"] = "x" * 40000
    ws = load_workbook(BytesIO(render(build(content))))["Biểu mẫu 1"]
    notes = {row[0].value: row[4] for row in data_rows(ws)}
    assert notes["2.1."].value == "x" * 32767


def test_wrapped_lines_breaks_at_spaces_and_long_words():
    from reports.exports.xlsx import BOLD, PLAIN, line_capacity, wrapped_lines

    assert line_capacity(17, PLAIN) == 20  # 1,2 characters of Times New Roman 12 a width unit
    assert line_capacity(17, BOLD) == 18  # bold is wider
    assert wrapped_lines("Văn bản", 20) == 1
    assert wrapped_lines("x" * 20, 20) == 1
    assert wrapped_lines("x" * 21, 20) == 2  # a word longer than the line breaks anywhere
    assert wrapped_lines("x" * 41, 20) == 3
    assert wrapped_lines("Trực tuyến = 0 Phát phiếu = 1 Kết hợp = 2", 20) == 3
    assert wrapped_lines("một\nhai\nba", 70) == 3


def test_rows_of_wrapped_text_are_tall_enough_to_show_it(seed_report):
    from reports.exports import content_for_export

    content = content_for_export(seed_report)
    content.notes["b1.plan_tasks"] = "Ghi chú dài " * 30  # 90 words, 6 to a line of 26 characters
    ws = load_workbook(BytesIO(render(build(content))))["Biểu mẫu 1"]
    rows = {row[0].value: row[0].row for row in data_rows(ws)}
    # 4.3's unit "Trực tuyến = 0 Phát phiếu = 1 Kết hợp = 2" takes three lines of column C.
    assert ws.row_dimensions[rows["4.3."]].height == pytest.approx(3 * 15.75 + 2)
    assert ws.row_dimensions[rows["2.1."]].height == pytest.approx(15 * 15.75 + 2)
    assert ws.row_dimensions[rows["2.2."]].height is None  # one line: Excel's own height
    content.notes["b1.plan_tasks"] = "x " * 5000
    ws = load_workbook(BytesIO(render(build(content))))["Biểu mẫu 1"]
    assert ws.row_dimensions[rows["2.1."]].height == 409  # Excel's tallest row
