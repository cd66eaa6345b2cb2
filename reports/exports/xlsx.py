"""The Excel annex from the builder's Document: one sheet per Biểu mẫu and one for the section II
figures, each laid out like the paper form (title rows, STT, label, unit, value, note).

Values are numbers with number formats, never text: counts ``#,##0``, ratios as the fraction
the percentage stands for (0.9933 shown "99.33%") computed by the one rounding rule. Text that
Excel would take for a formula (starting with = + - @) is stored as text. The importer reads
this layout back (``reports.exports.importer``).
"""

from copy import copy
from decimal import Decimal
from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.worksheet.cell_range import CellRange

from reports.catalogue import COLUMN_HEADER_LABEL, COLUMN_HEADER_NOTE, Kind

from .builder import AnnexTable, Document

FIGURES_SHEET = "Số liệu phần II"
HEADER_ROWS = (5, 6)
FIRST_DATA_ROW = 7
COLUMNS = ("A", "B", "C", "D", "E")  # STT, Chỉ tiêu, Đơn vị tính, Số liệu, Ghi chú
WIDTHS = (9, 62, 17, 13, 22)
FORMULA_START = ("=", "+", "-", "@")

COUNT_FORMAT = "#,##0"
MONEY_FORMAT = "#,##0.###"
PERCENT_FORMAT = "0.00%"
CODE_FORMAT = "0"

FONT = "Times New Roman"
_thin = Side(style="thin")
BORDER = Border(left=_thin, right=_thin, top=_thin, bottom=_thin)
PLAIN = Font(name=FONT, size=12)
BOLD = Font(name=FONT, size=12, bold=True)
ITALIC = Font(name=FONT, size=12, italic=True)
BOLD_ITALIC = Font(name=FONT, size=12, bold=True, italic=True)
TITLE = Font(name=FONT, size=13, bold=True)
FOOTNOTE = Font(name=FONT, size=11)
WRAP = Alignment(wrap_text=True, vertical="center")
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
RIGHT = Alignment(horizontal="right", vertical="center")


def sheet_name(annex: AnnexTable) -> str:
    return annex.heading or FIGURES_SHEET


def excel_value(kind: Kind, value):
    """The number stored in the Số liệu cell, and its number format."""
    if value is None:
        return None, None
    if kind == Kind.RATIO:
        return float(Decimal(value) / 100), PERCENT_FORMAT
    if kind == Kind.MONEY:
        value = Decimal(value)
        if value == value.to_integral():
            return int(value), COUNT_FORMAT
        return float(value), MONEY_FORMAT
    if kind in (Kind.CODE, Kind.YESNO):
        return int(value), CODE_FORMAT
    return int(value), COUNT_FORMAT


class _Styles:
    """Cell styles registered once per workbook. Assigning font, alignment and border objects
    makes openpyxl hash and look each one up for every cell (most of the render time); a cell
    given the registered style array of an identical cell is the same, at a fraction of it."""

    def __init__(self):
        self.registered = {}

    def apply(self, cell, font, alignment, border=None, number_format=None):
        key = (id(font), id(alignment), id(border), number_format)
        style = self.registered.get(key)
        if style is None:
            cell.font, cell.alignment = font, alignment
            if border is not None:
                cell.border = border
            if number_format:
                cell.number_format = number_format
            self.registered[key] = copy(cell._style)
        else:
            cell._style = copy(style)


def _text(styles, cell, text: str, font=PLAIN, alignment=WRAP, border=None):
    cell.value = text or None
    if text and text.startswith(FORMULA_START):
        cell.data_type = "s"  # never a formula, whatever the user typed
    styles.apply(cell, font, alignment, border)


def _merge(ws, cells: str) -> None:
    """Merge without openpyxl's merge_cells, which converts and re-styles the cells of every
    range (a third of the render time): the cells inside these ranges are empty and already
    bordered, and the writer needs only the range's reference."""
    ws.merged_cells.add(CellRange(cells))


def _row_font(row):
    if row.bold:
        return BOLD_ITALIC if row.italic else BOLD
    return ITALIC if row.italic else PLAIN


def _sheet(workbook, styles, annex: AnnexTable, doc: Document):
    ws = workbook.create_sheet(sheet_name(annex))
    for letter, width in zip(COLUMNS, WIDTHS, strict=True):
        ws.column_dimensions[letter].width = width
    titles = (annex.heading or annex.title, annex.title if annex.heading else "", doc.report_label)
    for row_number, text in enumerate(titles, start=1):
        _text(styles, ws.cell(row_number, 1), text, ITALIC if row_number == 3 else TITLE, CENTER)
        _merge(ws, f"A{row_number}:E{row_number}")
    top, second = HEADER_ROWS
    headings = {
        (top, 1): "STT",
        (top, 2): f"{COLUMN_HEADER_LABEL} {COLUMN_HEADER_NOTE}",
        (top, 3): "Kết quả thống kê",
        (top, 5): "Ghi chú",
        (second, 3): "Đơn vị tính",
        (second, 4): "Số liệu",
    }
    for row_number in HEADER_ROWS:
        for column in range(1, 6):
            text = headings.get((row_number, column), "")
            _text(styles, ws.cell(row_number, column), text, BOLD, CENTER, BORDER)
    for cells in (f"A{top}:A{second}", f"B{top}:B{second}", f"C{top}:D{top}", f"E{top}:E{second}"):
        _merge(ws, cells)
    row_number = FIRST_DATA_ROW
    for row in annex.rows:
        label = f"{row.label} {row.note}" if row.note else row.label
        cells = [ws.cell(row_number, column) for column in range(1, 6)]
        _text(styles, cells[0], row.stt, BOLD if row.bold else PLAIN, CENTER, BORDER)
        _text(styles, cells[1], label, _row_font(row), WRAP, BORDER)
        _text(styles, cells[2], row.unit, ITALIC if row.italic else PLAIN, CENTER, BORDER)
        value, number_format = excel_value(row.kind, row.value)
        cells[3].value = value
        styles.apply(cells[3], PLAIN, RIGHT, BORDER, number_format)
        _text(styles, cells[4], row.remark, PLAIN, CENTER, BORDER)
        row_number += 1
    for note in annex.footnotes:
        row_number += 1
        _text(styles, ws.cell(row_number, 1), note, FOOTNOTE)
        _merge(ws, f"A{row_number}:E{row_number}")
    ws.print_title_rows = f"{top}:{second}"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = ws.ORIENTATION_PORTRAIT
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_margins.left = ws.page_margins.right = 0.6
    ws.page_margins.top = ws.page_margins.bottom = 0.75
    ws.print_options.horizontalCentered = True
    ws.freeze_panes = f"A{FIRST_DATA_ROW}"
    return ws


def render(doc: Document) -> bytes:
    workbook = Workbook()
    workbook.remove(workbook.active)
    styles = _Styles()
    for annex in (*doc.tables, doc.figures):
        _sheet(workbook, styles, annex, doc)
    workbook.properties.title = f"{doc.annex_name} – {doc.report_label}"
    workbook.properties.creator = doc.organisation[-1]
    out = BytesIO()
    workbook.save(out)
    return out.getvalue()
