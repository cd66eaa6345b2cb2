"""The Excel annex from the builder's Document: one sheet per Biểu mẫu and one for the section II
figures, each laid out like the paper form (title rows, STT, label, unit, value, note).

Values are numbers with number formats, never text: counts ``#,##0``, ratios as the fraction
the percentage stands for (0.9933 shown "99.33%") computed by the one rounding rule. Text that
Excel would take for a formula (starting with = + - @) is stored as text. The importer reads
this layout back (``reports.exports.importer``).

openpyxl writes the package: workbook, styles, properties, and each sheet's columns, merges,
print setup and frozen panes. The cells themselves (the long, regular part) are written here as
SpreadsheetML rows, as ``wordxml`` does for the Word tables, in the form openpyxl writes them
(inline strings, ``t="n"`` numbers, every cell styled), with the style ids openpyxl registers.
Going through openpyxl's cell objects costs a descriptor check, a style lookup and an element
per cell, twice (once to set, once to write), and is most of the time of the export.
"""

from decimal import Decimal
from io import BytesIO
from xml.sax.saxutils import escape
from zipfile import ZIP_DEFLATED, ZipFile

from openpyxl import Workbook
from openpyxl.cell import Cell
from openpyxl.compat import safe_string
from openpyxl.drawing.spreadsheet_drawing import SpreadsheetDrawing
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._writer import WorksheetWriter
from openpyxl.worksheet.cell_range import CellRange
from openpyxl.worksheet.dimensions import SheetDimension
from openpyxl.writer.excel import ExcelWriter
from openpyxl.xml.functions import fromstring

from reports.catalogue import COLUMN_HEADER_LABEL, COLUMN_HEADER_NOTE, Kind

from .builder import AnnexTable, Document

FIGURES_SHEET = "Số liệu phần II"
HEADER_ROWS = (5, 6)
FIRST_DATA_ROW = 7
COLUMNS = ("A", "B", "C", "D", "E")  # STT, Chỉ tiêu, Đơn vị tính, Số liệu, Ghi chú
WIDTHS = (9, 62, 17, 13, 22)
FORMULA_START = ("=", "+", "-", "@")
CELL_TEXT_LIMIT = 32767  # Excel's limit; openpyxl cuts a longer text there too
# Neither Excel nor LibreOffice grows a row to fit wrapped text it opens, so each row gets the
# height of its tallest wrapped cell. A column of width w holds about 1,2·w characters of
# Times New Roman 12 (1,1·w in bold): the estimate errs towards one line too many, never one
# too few. A line of a 12-point font is 15,75 points high, as Excel sets it.
CHARS_PER_WIDTH = 1.2
CHARS_PER_WIDTH_BOLD = 1.1
LINE_POINTS = 15.75
MAX_ROW_POINTS = 409  # Excel's tallest row

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


def line_capacity(width: float, font: Font) -> int:
    """How many characters of ``font`` a line of a column of ``width`` holds."""
    per_width = CHARS_PER_WIDTH_BOLD if font.b else CHARS_PER_WIDTH
    return max(1, int(width * per_width * 12 / (font.sz or 12)))


def wrapped_lines(text: str, capacity: int) -> int:
    """How many lines ``text`` takes when wrapped at spaces into lines of ``capacity``
    characters."""
    lines = 0
    for paragraph in text.split("\n"):
        used, count = 0, 1
        for word in paragraph.split():
            if used and used + 1 + len(word) <= capacity:
                used += 1 + len(word)
                continue
            if used:
                count += 1
            # The word starts a line; one longer than the column breaks anywhere.
            more, used = divmod(len(word) - 1, capacity)
            count, used = count + more, used + 1
        lines += count
    return lines


class _Cells:
    """The cells of one sheet as SpreadsheetML, row by row, each with the id of its style in the
    workbook's style table (registered through openpyxl once per distinct style)."""

    def __init__(self, ws, style_ids: dict):
        self.ws = ws
        self.style_ids = style_ids
        self.rows: dict[int, list[str]] = {}
        self.heights: dict[int, float] = {}  # points, for rows of more than one line

    def style_id(self, font, alignment, border=None, number_format=None) -> int:
        key = (id(font), id(alignment), id(border), number_format)
        found = self.style_ids.get(key)
        if found is None:
            cell = Cell(self.ws)  # detached: it only registers the style with the workbook
            cell.font, cell.alignment = font, alignment
            if border is not None:
                cell.border = border
            if number_format:
                cell.number_format = number_format
            found = self.style_ids[key] = cell.style_id
        return found

    def put(self, row: int, column: int, value, style: int) -> None:
        """A cell, in the form openpyxl writes it. Cells go in row by row, left to right."""
        ref = f"{get_column_letter(column)}{row}"
        if value is None or value == "":
            xml = f'<c r="{ref}" s="{style}" t="n"/>'
        elif isinstance(value, str):
            value = value[:CELL_TEXT_LIMIT]
            space = ' xml:space="preserve"' if value != value.strip() else ""
            text = escape(value, {"\r": "&#13;"})
            xml = f'<c r="{ref}" s="{style}" t="inlineStr"><is><t{space}>{text}</t></is></c>'
        else:
            xml = f'<c r="{ref}" s="{style}" t="n"><v>{safe_string(value)}</v></c>'
        self.rows.setdefault(row, []).append(xml)

    def text(self, row, column, text: str, font=PLAIN, alignment=WRAP, border=None, span=1) -> None:
        """A text cell (never a formula, whatever the user typed); ``span`` columns wide when
        it starts a merged range."""
        self.put(row, column, text or None, self.style_id(font, alignment, border))
        if text and alignment.wrap_text:
            width = sum(WIDTHS[column - 1 : column - 1 + span])
            lines = wrapped_lines(text[:CELL_TEXT_LIMIT], line_capacity(width, font))
            if lines > 1:
                height = min(lines * LINE_POINTS * (font.sz or 12) / 12 + 2, MAX_ROW_POINTS)
                self.heights[row] = max(height, self.heights.get(row, 0))

    def dimension(self) -> str:
        return f"A1:{COLUMNS[-1]}{max(self.rows)}"

    def _height(self, row: int) -> str:
        height = self.heights.get(row)
        return f' ht="{height:.2f}" customHeight="1"' if height else ""

    def sheet_data(self):
        rows = "".join(
            f'<row r="{number}"{self._height(number)}>{"".join(cells)}</row>'
            for number, cells in self.rows.items()
        )
        return fromstring(f"<sheetData>{rows}</sheetData>")


class _SheetWriter(WorksheetWriter):
    """openpyxl's sheet writer, with the cells from ``_Cells`` instead of the sheet's own."""

    def __init__(self, ws, cells: _Cells):
        self.cells = cells
        super().__init__(ws, out=BytesIO())

    def write_dimensions(self):
        self.xf.send(SheetDimension(self.cells.dimension()).to_tree())

    def write_rows(self):
        self.xf.send(True).write(self.cells.sheet_data())
        self.xf.send(None)


class _ExcelWriter(ExcelWriter):
    def __init__(self, workbook, archive, cells: dict):
        super().__init__(workbook, archive)
        self.cells = cells

    def write_worksheet(self, ws):
        ws._drawing = SpreadsheetDrawing()
        writer = _SheetWriter(ws, self.cells[ws.title])
        writer.write()
        ws._rels = writer._rels
        self._archive.writestr(ws.path[1:], writer.read())
        self.manifest.append(ws)


def _merge(ws, cells: str) -> None:
    """Merge without openpyxl's merge_cells, which would create the covered cells: they are
    written here, empty and bordered, and the writer needs only the range's reference."""
    ws.merged_cells.add(CellRange(cells))


def _row_font(row):
    if row.bold:
        return BOLD_ITALIC if row.italic else BOLD
    return ITALIC if row.italic else PLAIN


def _sheet(workbook, style_ids, annex: AnnexTable, doc: Document) -> _Cells:
    ws = workbook.create_sheet(sheet_name(annex))
    cells = _Cells(ws, style_ids)
    for letter, width in zip(COLUMNS, WIDTHS, strict=True):
        ws.column_dimensions[letter].width = width
    titles = (annex.heading or annex.title, annex.title if annex.heading else "", doc.report_label)
    for row_number, text in enumerate(titles, start=1):
        cells.text(row_number, 1, text, ITALIC if row_number == 3 else TITLE, CENTER, span=5)
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
            cells.text(row_number, column, text, BOLD, CENTER, BORDER)
    for merged in (f"A{top}:A{second}", f"B{top}:B{second}", f"C{top}:D{top}", f"E{top}:E{second}"):
        _merge(ws, merged)
    row_number = FIRST_DATA_ROW
    for row in annex.rows:
        label = f"{row.label} {row.note}" if row.note else row.label
        cells.text(row_number, 1, row.stt, BOLD if row.bold else PLAIN, CENTER, BORDER)
        cells.text(row_number, 2, label, _row_font(row), WRAP, BORDER)
        cells.text(row_number, 3, row.unit, ITALIC if row.italic else PLAIN, CENTER, BORDER)
        value, number_format = excel_value(row.kind, row.value)
        cells.put(row_number, 4, value, cells.style_id(PLAIN, RIGHT, BORDER, number_format))
        cells.text(row_number, 5, row.remark, PLAIN, CENTER, BORDER)
        row_number += 1
    for note in annex.footnotes:
        row_number += 1
        cells.text(row_number, 1, note, FOOTNOTE, span=5)
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
    return cells


def render(doc: Document) -> bytes:
    workbook = Workbook()
    workbook.remove(workbook.active)
    style_ids = {}
    cells = {}
    for annex in (*doc.tables, doc.figures):
        sheet = _sheet(workbook, style_ids, annex, doc)
        cells[sheet.ws.title] = sheet
    workbook.properties.title = f"{doc.annex_name} – {doc.report_label}"
    workbook.properties.creator = doc.organisation[-1]
    out = BytesIO()
    with ZipFile(out, "w", ZIP_DEFLATED, allowZip64=True) as archive:
        _ExcelWriter(workbook, archive, cells).save()
    return out.getvalue()
