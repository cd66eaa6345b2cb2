"""The Excel annex read back with openpyxl: every seed value as a number with its format."""

import zipfile
from io import BytesIO

import pytest
from openpyxl import load_workbook
from openpyxl.cell.cell import MergedCell

from reports import catalogue
from reports.exports import xlsx_bytes
from reports.exports.builder import build
from reports.exports.xlsx import FIGURES_SHEET, FIRST_DATA_ROW, render
from reports.exports.xlsxchecks import EXPLANATIONS_SHEET
from reports.models import NarrativeFigures
from tests import libreoffice
from tests.seed_annex import seed_annex


@pytest.fixture
def seed_book(seed_report):
    return load_workbook(BytesIO(xlsx_bytes(seed_report)))


def form_sheets(book):
    """The Biểu mẫu sheets and the section II figures: every sheet but "Giải trình"."""
    return [ws for ws in book.worksheets if ws.title != EXPLANATIONS_SHEET]


def data_rows(ws):
    return [
        tuple(c for c in row)
        for row in ws.iter_rows(min_row=FIRST_DATA_ROW, max_col=5)
        if row[0].value is not None or row[1].value is not None
    ]


def test_one_sheet_per_form_one_for_section_two_and_the_explanations(seed_book):
    assert seed_book.sheetnames == [f"Biểu mẫu {n}" for n in range(1, 8)] + [
        FIGURES_SHEET,
        EXPLANATIONS_SHEET,
    ]


def displayed(value, number_format: str) -> str:
    """What a Vietnamese Excel shows for a number in one of the annex's formats."""
    decimals = len(number_format.partition(".")[2].strip('"%'))
    grouped = number_format.startswith("#,##0")
    text = f"{value:,.{decimals}f}" if grouped else f"{value:.{decimals}f}"
    return text.replace(",", " ").replace(".", ",").replace(" ", ".")


def test_every_seed_value_as_a_number_with_the_digits_word_prints(seed_report):
    data = xlsx_bytes(seed_report)
    formulas, cached = load_workbook(BytesIO(data)), load_workbook(BytesIO(data), data_only=True)
    for key, rows in seed_annex().items():
        ws = formulas[f"Biểu mẫu {key[1]}"]
        cells = data_rows(ws)[: len(rows)]
        assert [c[0].value or "" for c in cells] == [r["stt"] for r in rows]
        for (stt, label, unit, value, _note), seed in zip(cells, rows, strict=True):
            assert label.value.startswith(seed["label"][:20])
            assert (unit.value or "").replace("\n", " ") == seed["unit"]
            expected = seed["value"]
            row = next(r for r in catalogue.SECTION_BY_KEY[key].rows if r.stt == seed["stt"])
            stored = cached[ws.title][value.coordinate].value
            if row.kind == "ratio":
                assert value.value.startswith("=IF(OR("), (key, stt.value)  # a live formula
                assert isinstance(stored, int | float)  # with its cached value
                assert displayed(stored, value.number_format) == expected, (key, stt.value)
            elif not expected:
                assert value.value is None, (key, seed["stt"])
            else:
                number = int(expected.replace(".", ""))
                assert value.value == number and isinstance(value.value, int), (key, stt.value)
                assert value.data_type == "n"
                assert value.number_format == ("0" if row.kind in ("code", "yesno") else "#,##0")
                assert displayed(value.value, value.number_format) == expected


def test_ratio_cells_are_formulas_over_their_own_cells(seed_report):
    data = xlsx_bytes(seed_report)
    book, cached = load_workbook(BytesIO(data)), load_workbook(BytesIO(data), data_only=True)
    ws = book["Biểu mẫu 1"]
    rows = {row[0].value: row[0].row for row in data_rows(ws)}
    # 2. = 2.2 / 2.1, blank when a part is blank or the denominator 0, rounded as in Word.
    assert ws[f"D{rows['2.']}"].value == (
        f'=IF(OR(D{rows["2.1."]}="",D{rows["2.1."]}=0,D{rows["2.2."]}=""),"",'
        f"ROUND(D{rows['2.2.']}/D{rows['2.1.']}*100,2))"
    )
    assert cached["Biểu mẫu 1"][f"D{rows['2.']}"].value == pytest.approx(60.53)
    assert ws[f"D{rows['2.']}"].number_format == "0.00"
    # Biểu 3 item 1.1's parts are section II figures, on their own sheet.
    b3 = book["Biểu mẫu 3"]
    b3_rows = {row[0].value: row[0].row for row in data_rows(b3)}
    ii_rows = {row[0].value: row[0].row for row in data_rows(book[FIGURES_SHEET])}
    assert b3[f"D{b3_rows['1.1.']}"].value == (
        f"=IF(OR('{FIGURES_SHEET}'!D{ii_rows['A.1.']}=\"\",'{FIGURES_SHEET}'!D{ii_rows['A.1.']}=0,"
        f'\'{FIGURES_SHEET}\'!D{ii_rows["A.3."]}=""),"",'
        f"ROUND('{FIGURES_SHEET}'!D{ii_rows['A.3.']}/'{FIGURES_SHEET}'!D{ii_rows['A.1.']}*100,2))"
    )
    # The digits follow the value when Excel recomputes it: "0" if whole, "0.0" if one
    # decimal, else "0.00", the first rule that holds; one set of rules over the sheet's
    # ratio cells (2. and 3.2.), relative to the first.
    cell = f"D{rows['2.']}"
    rules = [
        (str(ranges.sqref), rule.formula[0], rule.dxf.numFmt.formatCode)
        for ranges in ws.conditional_formatting
        for rule in sorted(ranges.rules, key=lambda r: r.priority)
    ]
    ratio_cells = f"{cell} D{rows['3.2.']}"
    assert rules == [
        (ratio_cells, f"ROUND({cell},0)={cell}", "0"),
        (ratio_cells, f"ROUND({cell},1)={cell}", "0.0"),
        (ratio_cells, "TRUE", "0.00"),
    ]


def test_a_blank_ratio_is_a_blank_cached_value(draft_report):
    data = xlsx_bytes(draft_report)
    book, cached = load_workbook(BytesIO(data)), load_workbook(BytesIO(data), data_only=True)
    ws = book["Biểu mẫu 6"]
    row = next(r[0].row for r in data_rows(ws) if r[0].value == "1.")
    assert ws[f"D{row}"].value.startswith("=IF(")
    assert cached["Biểu mẫu 6"][f"D{row}"].value in (None, "")  # 1.2 is blank in the draft


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
    assert ws.cell(FIRST_DATA_ROW + 5, 2).font.i  # 2.1.1 is printed in italics


def test_every_sheet_prints_on_a4_at_ten_points_with_page_numbers(seed_book):
    for ws in form_sheets(seed_book):
        assert ws.print_title_rows == "$5:$6", ws.title  # the header rows on every page
        assert int(ws.page_setup.paperSize) == 9  # A4
        assert ws.page_setup.orientation == "portrait"
        # A fixed scale, not fit-to-width: 12-point text prints at 10,2 points.
        assert not ws.sheet_properties.pageSetUpPr or not ws.sheet_properties.pageSetUpPr.fitToPage
        assert ws.page_setup.scale == 85
        fonts = {
            ws.cell(row, column).font.sz
            for row in range(1, ws.max_row + 1)
            for column in range(1, 6)
            if ws.cell(row, column).value is not None
        }
        assert min(fonts) * 85 / 100 >= 10, ws.title
        # The columns fit the width of A4 between the margins at that scale: widths are in
        # digits of Times New Roman 12, 8 pixels at 96 dpi (the stored width includes the
        # cell's padding).
        pixels = sum(8 * ws.column_dimensions[c].width for c in "ABCDE")
        printable = (8.27 - ws.page_margins.left - ws.page_margins.right) * 96
        assert pixels * 0.85 <= printable, ws.title
        assert ws.oddHeader.left.text == "UBND xã Nam Thanh Miện"
        assert ws.oddHeader.right.text == "Quý II năm 2026"
        assert ws.oddFooter.center.text == "Trang &P/&N"  # "Trang 1/3"
        assert ws.oddFooter.center.size == ws.oddHeader.left.size == 11


def test_workbook_properties(seed_report):
    from reports.exports import content_for_export
    from reports.exports.builder import identity

    data = xlsx_bytes(seed_report)
    props = load_workbook(BytesIO(data)).properties
    snapshot = seed_report.snapshots.get(reason="approved")
    assert props.title == "Phụ lục III – UBND xã Nam Thanh Miện – Quý II năm 2026"
    assert props.creator == props.lastModifiedBy == "UBND xã Nam Thanh Miện"
    assert props.language == "vi-VN"
    assert props.subject == identity(content_for_export(seed_report)).line
    assert props.subject.startswith(f"cchc:commune={seed_report.commune_id};period=2026-Q2;")
    # Made from the approved snapshot: dated by it, and so the same bytes every time.
    assert props.created == snapshot.created_at.replace(tzinfo=None, microsecond=0)
    assert xlsx_bytes(seed_report) == data
    with zipfile.ZipFile(BytesIO(data)) as archive:
        app = archive.read("docProps/app.xml").decode()
    assert "<Application>Báo cáo CCHC cấp xã</Application>" in app
    assert "Microsoft" not in app


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
    for ws in form_sheets(seed_book):
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
        assert all(c.font.sz == 12 and not c.border.left.style for c in footnotes if c.value)


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
        "hai dòng\nxuống dòng",
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


def test_line_breaks_typed_in_a_browser_come_back_as_excel_line_breaks(seed_report):
    """A textarea sends CR LF; an Excel cell breaks lines with LF (a CR would be written as
    "_x000D_", which openpyxl and the importer would read literally)."""
    from reports.exports import content_for_export

    content = content_for_export(seed_report)
    content.notes["b1.plan_tasks"] = "hai dòng\r\nxuống dòng\rba"
    ws = load_workbook(BytesIO(render(build(content))))["Biểu mẫu 1"]
    notes = {row[0].value: row[4] for row in data_rows(ws)}
    assert notes["2.1."].value == "hai dòng\nxuống dòng\nba"


def test_wrapped_lines_breaks_at_spaces_and_long_words():
    from reports.exports.xlsx import line_capacity, wrapped_lines

    assert line_capacity(16) == 19  # 1,2 characters of Times New Roman 12 a width unit
    assert line_capacity(16, bold=True) == 17  # bold is wider
    assert wrapped_lines("Văn bản", 20) == 1
    assert wrapped_lines("x" * 20, 20) == 1
    assert wrapped_lines("x" * 21, 20) == 2  # a word longer than the line breaks anywhere
    assert wrapped_lines("x" * 41, 20) == 3
    assert wrapped_lines("Trực tuyến = 0\nPhát phiếu = 1\nKết hợp = 2", 19) == 3
    assert wrapped_lines("một\nhai\nba", 70) == 3


def test_rows_of_wrapped_text_are_tall_enough_to_show_it(seed_report):
    from reports.exports import content_for_export

    content = content_for_export(seed_report)
    content.notes["b1.plan_tasks"] = "Ghi chú dài " * 30  # 90 words, 5 to a line of 20 characters
    ws = load_workbook(BytesIO(render(build(content))))["Biểu mẫu 1"]
    rows = {row[0].value: row[0].row for row in data_rows(ws)}
    # 4.3's unit, one choice a line: "Trực tuyến = 0", "Phát phiếu = 1", "Kết hợp = 2".
    assert ws[f"C{rows['4.3.']}"].value == "Trực tuyến = 0\nPhát phiếu = 1\nKết hợp = 2"
    # Heights are stored in whole pixels (0,75 point).
    assert ws.row_dimensions[rows["4.3."]].height == pytest.approx(3 * 15.75 + 2, abs=0.75)
    assert ws.row_dimensions[rows["2.1."]].height == pytest.approx(18 * 15.75 + 2, abs=0.75)
    assert ws.row_dimensions[rows["2.2."]].height is None  # one line: the default height
    content.notes["b1.plan_tasks"] = "x " * 5000
    ws = load_workbook(BytesIO(render(build(content))))["Biểu mẫu 1"]
    assert ws.row_dimensions[rows["2.1."]].height == pytest.approx(409, abs=0.75)  # the most


def test_libreoffice_recomputes_the_ratios_from_changed_counts(seed_report, tmp_path):
    """A clerk changes counts (openpyxl keeps the formulas and drops the cached values);
    LibreOffice's headless conversion computes every ratio again, across sheets too."""
    libreoffice.require_calc()
    book = load_workbook(BytesIO(xlsx_bytes(seed_report)))
    where = {
        name: {row[0].value: f"D{row[0].row}" for row in data_rows(book[name])}
        for name in ("Biểu mẫu 1", "Biểu mẫu 3", FIGURES_SHEET)
    }
    book["Biểu mẫu 1"][where["Biểu mẫu 1"]["2.1."]] = 40  # 23 / 40
    book["Biểu mẫu 3"][where["Biểu mẫu 3"]["2.1.1."]] = 5700  # 5.612 / 5.700
    book[FIGURES_SHEET][where[FIGURES_SHEET]["A.1."]] = 400  # 375 / 400, on another sheet
    book["Biểu mẫu 3"][where["Biểu mẫu 3"]["2.2.1."]] = 0  # no base: blank
    source = tmp_path / "sua.xlsx"
    book.save(source)
    computed = load_workbook(libreoffice.convert(source, "xlsx", tmp_path), data_only=True)
    assert computed["Biểu mẫu 1"][where["Biểu mẫu 1"]["2."]].value == 57.5
    assert computed["Biểu mẫu 3"][where["Biểu mẫu 3"]["2.1."]].value == 98.46
    assert computed["Biểu mẫu 3"][where["Biểu mẫu 3"]["1.1."]].value == 93.75
    assert computed["Biểu mẫu 3"][where["Biểu mẫu 3"]["2.2."]].value in (None, "")
    assert computed["Biểu mẫu 7"]["D8"].value == 100  # untouched ratios keep their value
