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

from reports import catalogue
from reports.catalogue import Kind
from reports.numbers import format_number

from .rollup import Rollup, commune_values

COUNT_FORMAT = "#,##0"
MONEY_FORMAT = "#,##0.###"
PERCENT_FORMAT = "0.00%"


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


def write_workbook(tables: list[Table]) -> bytes:
    book = Workbook(write_only=True)
    bold = Font(bold=True)
    for table in tables:
        sheet = book.create_sheet(table.title)
        sheet.column_dimensions["A"].width = 8
        sheet.column_dimensions["B"].width = 60
        sheet.column_dimensions["C"].width = 14
        sheet.column_dimensions["D"].width = 16
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
        sheet.append(heads)
        for row, values in table.rows:
            label = WriteOnlyCell(sheet, value=row.full_label)
            label.alignment = Alignment(wrap_text=True)
            if row.kind == Kind.HEADING or not row.stt.count(".") > 1:
                label.font = bold
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
