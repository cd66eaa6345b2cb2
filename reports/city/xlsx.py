"""The city-wide Phụ lục III as an Excel workbook: one sheet per Biểu mẫu, each with the city
total and one column per commune whose approved or issued report is counted.

Data first (``city_tables``), format second (``write_workbook``). Values are numbers, not text:
counts and money carry the ``#,##0`` format (Excel shows the grouping of the reader's locale),
ratios are fractions with a percent format.
"""

from dataclasses import dataclass
from decimal import Decimal
from io import BytesIO

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from reports import catalogue
from reports.catalogue import Kind
from reports.exports.xlsx import wrapped_lines  # the annex's word wrapping
from reports.numbers import format_number

from .rollup import Rollup, commune_values

COUNT_FORMAT = "#,##0"
MONEY_FORMAT = "#,##0.###"
PERCENT_FORMAT = "0.00%"
WIDTHS = {"A": 8, "B": 60, "C": 14, "D": 16}
COMMUNE_WIDTH = 14  # a commune's name in at most two or three lines
# Excel's default font, Calibri 11: a line of 15 points, and a column of width w (in widths
# of its "0") holds about w characters of Vietnamese text (0,9·w in bold).
LINE_POINTS = 15


@dataclass
class Table:
    title: str  # sheet name: "Biểu mẫu 1"
    caption: list[str]  # lines above the table
    header: list[str]
    rows: list[tuple[catalogue.Row, list[object]]]  # (row, [total, *per commune])


def city_tables(rollup: Rollup) -> list[Table]:
    communes = commune_values(rollup.city, rollup.period)
    header = ["STT", "Chỉ tiêu thống kê", "Đơn vị tính", "Toàn thành phố"]
    header += [name for name, _ in communes]
    caption = [
        f"{catalogue.ANNEX_NAME} tổng hợp – {rollup.city} – {rollup.period.label}",
        f"Tổng hợp từ {format_number(rollup.covered)}/{format_number(rollup.expected)} "
        "xã, phường, đặc khu có báo cáo đã duyệt hoặc đã ban hành.",
    ]
    tables = []
    for section in catalogue.FORMS:
        rows = []
        for row in section.rows:
            rows.append((row, [rollup.values.get(row.ref)] + [v.get(row.ref) for _, v in communes]))
        tables.append(
            Table(section.heading, [f"{section.heading}: {section.title}", *caption], header, rows)
        )
    return tables


def _value_cell(sheet, row: catalogue.Row, value, *, total: bool):
    if row.kind == Kind.HEADING:
        return WriteOnlyCell(sheet, value=None)
    if row.kind == Kind.CODE and total:
        value = None  # a code has no sum
    if value is None:
        return WriteOnlyCell(sheet, value=None)
    if row.kind == Kind.RATIO:
        cell = WriteOnlyCell(sheet, value=float(Decimal(value) / 100))
        cell.number_format = PERCENT_FORMAT
    elif row.kind == Kind.MONEY:
        cell = WriteOnlyCell(sheet, value=float(value))
        cell.number_format = MONEY_FORMAT if value != int(value) else COUNT_FORMAT
    else:
        cell = WriteOnlyCell(sheet, value=int(value))
        cell.number_format = COUNT_FORMAT
    if total:
        cell.font = Font(bold=True)
    return cell


def _height(sheet, row_number: int, texts) -> None:
    """Give a row the height of its tallest wrapped text (Excel does not grow rows it opens).
    ``texts`` are (text, column width, bold) triples."""
    lines = max(
        (
            wrapped_lines(text, max(1, int(width * (0.9 if bold else 1))))
            for text, width, bold in texts
        ),
        default=1,
    )
    if lines > 1:
        sheet.row_dimensions[row_number].height = lines * LINE_POINTS + 2


def write_workbook(tables: list[Table]) -> bytes:
    book = Workbook(write_only=True)
    bold = Font(bold=True)
    for table in tables:
        sheet = book.create_sheet(table.title)
        for letter, width in WIDTHS.items():
            sheet.column_dimensions[letter].width = width
        for column in range(len(WIDTHS) + 1, len(table.header) + 1):
            sheet.column_dimensions[get_column_letter(column)].width = COMMUNE_WIDTH
        sheet.freeze_panes = "E6"
        for line in table.caption:
            cell = WriteOnlyCell(sheet, value=line)
            cell.font = bold
            sheet.append([cell])
        sheet.append([])
        heads = []
        for text in table.header:
            cell = WriteOnlyCell(sheet, value=text)
            cell.font = bold
            cell.alignment = Alignment(wrap_text=True, vertical="center")
            heads.append(cell)
        # A row is written when it is appended: its height is set before.
        number = len(table.caption) + 2
        _height(sheet, number, [(name, COMMUNE_WIDTH, True) for name in table.header[4:]])
        sheet.append(heads)
        for row, values in table.rows:
            label = WriteOnlyCell(sheet, value=row.full_label)
            label.alignment = Alignment(wrap_text=True)
            if row.kind == Kind.HEADING or not row.stt.count(".") > 1:
                label.font = bold
            number += 1
            _height(sheet, number, [(row.full_label, WIDTHS["B"], bool(label.font.b))])
            cells = [row.stt, label, row.unit]
            cells += [
                _value_cell(sheet, row, value, total=i == 0) for i, value in enumerate(values)
            ]
            sheet.append(cells)
    out = BytesIO()
    book.save(out)
    return out.getvalue()


def city_workbook(rollup: Rollup) -> bytes:
    return write_workbook(city_tables(rollup))
