"""The Excel annex from the builder's Document: one sheet per Biểu mẫu and one for the section II
figures, each laid out like the paper form (title rows, STT, label, unit, value, note), then the
sheet "Giải trình" of the rules' results and explanations (``reports.exports.xlsxchecks``).

Written with XlsxWriter, through its public API only: it is a streaming writer (fast for the
long, regular part), and unlike openpyxl it can store a formula together with its cached value.
Values are numbers with number formats, never text: counts ``#,##0``; text that Excel would
take for a formula (starting with = + - @) is stored as text. A ratio is a live formula over its
own cells, ``=IF(OR(D8="",D8=0,D9=""),"",ROUND(D9/D8*100,2))``: blank when a part is blank or
the denominator is 0, rounded like ``reports.numbers.ratio``, and stored with the value that
rule gives, so a file opened without recalculation shows the number. The percentage is stored
as the number the Word report prints (53,6, the unit column says "%") and shown with the digits
it prints: the cell's format has as many decimals as the rounded value needs, and conditional
formats keep that true when Excel or LibreOffice recompute it (53,6 and 100, never 53,60 and
100,00). The importer reads this layout back (``reports.exports.importer``).

Every sheet prints on A4 portrait ("Giải trình" landscape) at a fixed scale at which 12-point
text prints at 10 points or more (the columns are sized to fit the width at that scale), with
the table's header rows repeated, the commune and the period in the page header and "Trang 1/3"
in the footer.
"""

from decimal import Decimal
from io import BytesIO

import xlsxwriter

from reports.catalogue import Kind

from . import package
from .builder import PERCENT_UNIT, AnnexTable, Document

FIGURES_SHEET = "Số liệu phần II"
HEADER_ROWS = (5, 6)
FIRST_DATA_ROW = 7
# Column widths, in Excel's unit: digits of the workbook's default font, Times New Roman 12 (8
# pixels a digit at 96 dpi, so LibreOffice, with the metric-compatible Liberation Serif, lays
# the sheet out as Excel does). At PRINT_SCALE they fit the width of A4 between the margins:
# 8·Σ + 5·5 pixels ≤ (8,27 − 2·0,5) in · 96 / 0,85.
WIDTHS = (6, 47, 16, 11, 17)
PRINT_SCALE = 85  # percent: 12-point text prints at 10,2 points
MARGIN_INCHES = 0.5
TEXT_POINTS = 12
HEADER_POINTS = 11  # the page header and footer, not scaled with the sheet
CELL_TEXT_LIMIT = 32767  # Excel's limit
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
CODE_FORMAT = "0"
RATIO_FORMATS = ("0", "0.0", "0.00")  # by the decimals the rounded percentage needs

FONT = "Times New Roman"


def sheet_name(annex: AnnexTable) -> str:
    return annex.heading or FIGURES_SHEET


def excel_value(kind: Kind, value):
    """The number stored in the Số liệu cell of an input row, and its number format."""
    if value is None:
        return None, COUNT_FORMAT
    if kind == Kind.MONEY:
        value = Decimal(value)
        if value == value.to_integral():
            return int(value), COUNT_FORMAT
        return float(value), MONEY_FORMAT
    if kind in (Kind.CODE, Kind.YESNO):
        return int(value), CODE_FORMAT
    return int(value), COUNT_FORMAT


def ratio_format(percentage, unit: str = PERCENT_UNIT) -> str:
    """The format that shows ``percentage`` (rounded by the one rule) with the digits the Word
    report prints: 53.60 → "0.0" (53,6), 100.00 → "0" (100), 99.33 → "0.00"."""
    decimals = 2
    if percentage is not None:
        decimals = max(0, -Decimal(percentage).normalize().as_tuple().exponent)
    return _with_unit(RATIO_FORMATS[min(decimals, 2)], unit)


def _with_unit(number_format: str, unit: str) -> str:
    return number_format if unit == PERCENT_UNIT else f'{number_format}"%"'


def line_capacity(width: float, points: float = TEXT_POINTS, bold: bool = False) -> int:
    """How many characters a line of a column of ``width`` holds."""
    per_width = CHARS_PER_WIDTH_BOLD if bold else CHARS_PER_WIDTH
    return max(1, int(width * per_width * TEXT_POINTS / points))


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


def _header_text(text: str) -> str:
    """Text for a page header or footer: "&" starts a code there, so it is doubled."""
    return text.replace("&", "&&")


class Sheet:
    """One sheet being written: cell formats shared through the workbook, row heights kept for
    the rows whose wrapped text needs more than one line."""

    def __init__(self, workbook, formats: dict, ws, widths=WIDTHS):
        self.workbook = workbook
        self.formats = formats
        self.ws = ws
        self.widths = widths
        for column, width in enumerate(widths):
            ws.set_column(column, column, width)
        self.heights: dict[int, float] = {}
        self.ratio_cells: list[tuple[str, str]] = []  # ("D8", unit)

    def format(
        self,
        *,
        bold=False,
        italic=False,
        size=TEXT_POINTS,
        align="",
        wrap=True,
        border=True,
        number_format=None,
    ):
        key = (bold, italic, size, align, wrap, border, number_format)
        found = self.formats.get(key)
        if found is None:
            spec = {"font_name": FONT, "font_size": size, "valign": "vcenter"}
            if bold:
                spec["bold"] = True
            if italic:
                spec["italic"] = True
            if align:
                spec["align"] = align
            if wrap:
                spec["text_wrap"] = True
            if border:
                spec["border"] = 1
            if number_format:
                spec["num_format"] = number_format
            found = self.formats[key] = self.workbook.add_format(spec)
        return found

    def text(self, row: int, column: int, text: str, *, span=1, **style) -> None:
        """A text cell (never a formula, whatever the user typed), ``span`` columns wide when
        it is merged across; ``row`` and ``column`` count from 1 as Excel shows them."""
        # An Excel cell breaks lines with LF; a CR would be stored as "_x000D_".
        text = (text or "").replace("\r\n", "\n").replace("\r", "\n")[:CELL_TEXT_LIMIT]
        cell_format = self.format(**style)
        if span > 1:
            self.ws.merge_range(row - 1, column - 1, row - 1, column + span - 2, "", cell_format)
        if text:
            self.ws.write_string(row - 1, column - 1, text, cell_format)
        elif span == 1:
            self.ws.write_blank(row - 1, column - 1, None, cell_format)
        if text and style.get("wrap", True):
            width = sum(self.widths[column - 1 : column - 1 + span])
            size = style.get("size", TEXT_POINTS)
            lines = wrapped_lines(text, line_capacity(width, size, style.get("bold", False)))
            if lines > 1:
                height = min(lines * LINE_POINTS * size / TEXT_POINTS + 2, MAX_ROW_POINTS)
                self.heights[row] = max(height, self.heights.get(row, 0))

    def titles(self, texts) -> None:
        """The three title rows across the sheet's columns: its name and title in bold, then
        the commune and period in italics."""
        for row_number, text in enumerate(texts, start=1):
            self.text(
                row_number,
                1,
                text,
                span=len(self.widths),
                bold=row_number < 3,
                italic=row_number == 3,
                size=13 if row_number < 3 else TEXT_POINTS,
                align="center",
                border=False,
            )

    def finish(self, doc: Document, *, header_rows=HEADER_ROWS, landscape=False) -> None:
        """The rows' heights and the print setup."""
        for number, height in self.heights.items():
            self.ws.set_row(number - 1, height)
        _print_setup(self.ws, doc, header_rows=header_rows, landscape=landscape)


def _locations(doc: Document) -> dict[str, str]:
    """Where each row's value is: {ref: "D9"} on its own sheet, "'Số liệu phần II'!D12"
    from any other (a ratio's parts may live on the section II sheet)."""
    found = {}
    for annex in (*doc.tables, doc.figures):
        for offset, row in enumerate(annex.rows):
            found[row.ref] = (sheet_name(annex), f"D{FIRST_DATA_ROW + offset}")
    return found


def _reference(locations, ref: str, sheet: str) -> str:
    where, cell = locations.get(ref, (None, None))
    if where is None:
        return '""'  # a part the form does not hold: the ratio stays blank
    return cell if where == sheet else f"'{where}'!{cell}"


def ratio_formula(numerator: str, denominator: str) -> str:
    return (
        f'=IF(OR({denominator}="",{denominator}=0,{numerator}=""),"",'
        f"ROUND({numerator}/{denominator}*100,2))"
    )


def _ratio(sheet: Sheet, cell: str, row, locations, name: str) -> None:
    """The ratio's formula and its cached value, formatted with the digits the value needs."""
    numerator = _reference(locations, row.numerator, name)
    denominator = _reference(locations, row.denominator, name)
    value = "" if row.value is None else float(row.value)
    base = sheet.format(align="right", wrap=False, number_format=ratio_format(row.value, row.unit))
    sheet.ws.write_formula(cell, ratio_formula(numerator, denominator), base, value)
    sheet.ratio_cells.append((cell, row.unit))


def _ratio_digits(sheet: Sheet) -> None:
    """When Excel or LibreOffice recompute a ratio, the value's own digits decide its format,
    as in Word: a rule per number of decimals, the first that holds wins. One set of rules a
    sheet, over all its ratio cells (the formula is relative to the first)."""
    for unit in {unit for _, unit in sheet.ratio_cells}:
        cells = [cell for cell, cell_unit in sheet.ratio_cells if cell_unit == unit]
        first = cells[0]
        for decimals, number_format in enumerate(RATIO_FORMATS):
            criteria = f"=ROUND({first},{decimals})={first}" if decimals < 2 else "=TRUE"
            digits = sheet.format(
                align="right", wrap=False, number_format=_with_unit(number_format, unit)
            )
            sheet.ws.conditional_format(
                first,
                {
                    "type": "formula",
                    "criteria": criteria,
                    "format": digits,
                    "multi_range": " ".join(cells),
                },
            )


def _sheet(workbook, formats, annex: AnnexTable, doc: Document, locations) -> None:
    name = sheet_name(annex)
    ws = workbook.add_worksheet(name)
    sheet = Sheet(workbook, formats, ws)
    titles = (annex.heading or annex.title, annex.title if annex.heading else "", doc.report_label)
    sheet.titles(titles)
    top, second = HEADER_ROWS
    head = {"bold": True, "align": "center"}
    for column, text in ((1, "STT"), (2, f"{doc.column_label} {doc.column_note}"), (5, "Ghi chú")):
        ws.merge_range(top - 1, column - 1, second - 1, column - 1, "", sheet.format(**head))
        sheet.text(top, column, text, **head)
    ws.merge_range(top - 1, 2, top - 1, 3, "", sheet.format(**head))
    sheet.text(top, 3, "Kết quả thống kê", **head)
    sheet.text(second, 3, "Đơn vị tính", **head)
    sheet.text(second, 4, "Số liệu", **head)
    row_number = FIRST_DATA_ROW
    for row in annex.rows:
        label = f"{row.label} {row.note}" if row.note else row.label
        sheet.text(row_number, 1, row.stt, bold=row.bold, align="center")
        sheet.text(row_number, 2, label, bold=row.bold, italic=row.italic)
        sheet.text(row_number, 3, "\n".join(row.unit_lines), italic=row.italic, align="center")
        cell = f"D{row_number}"
        if row.kind == Kind.RATIO:
            _ratio(sheet, cell, row, locations, name)
        else:
            value, number_format = excel_value(row.kind, row.value)
            value_format = sheet.format(align="right", wrap=False, number_format=number_format)
            if value is None:
                ws.write_blank(cell, None, value_format)
            else:
                ws.write_number(cell, value, value_format)
        sheet.text(row_number, 5, row.remark, align="center")
        row_number += 1
    for note in annex.footnotes:
        row_number += 1
        sheet.text(row_number, 1, note, span=5, border=False)
    _ratio_digits(sheet)
    sheet.finish(doc)


def _print_setup(ws, doc: Document, *, header_rows, landscape) -> None:
    ws.set_paper(9)  # A4
    if landscape:
        ws.set_landscape()
    else:
        ws.set_portrait()
    ws.set_margins(left=MARGIN_INCHES, right=MARGIN_INCHES, top=0.75, bottom=0.75)
    ws.set_print_scale(PRINT_SCALE)
    ws.center_horizontally()
    ws.repeat_rows(header_rows[0] - 1, header_rows[-1] - 1)
    ws.freeze_panes(header_rows[-1], 0)
    font = f'&"{FONT},Regular"&{HEADER_POINTS}'
    fixed = {"scale_with_doc": False}
    ws.set_header(
        f"&L{font}{_header_text(doc.committee)}&R{font}{_header_text(doc.period_label)}", fixed
    )
    ws.set_footer(f"&C{font}Trang &P/&N", fixed)


def render(doc: Document) -> bytes:
    out = BytesIO()
    workbook = xlsxwriter.Workbook(
        out,
        {
            "in_memory": True,
            "strings_to_numbers": False,
            "strings_to_formulas": False,
            "strings_to_urls": False,
            # The default font sets the unit of column widths and rows' default height: Times
            # New Roman 12 is 72 pixels a default column and 21 pixels a row at 96 dpi.
            "default_format_properties": {"font_name": FONT, "font_size": TEXT_POINTS},
            "default_column_width": 72,
            "default_row_height": 21,
        },
    )
    formats: dict = {}
    locations = _locations(doc)
    for annex in (*doc.tables, doc.figures):
        _sheet(workbook, formats, annex, doc, locations)
    # Imported here: the sheet's module lays it out with this module's Sheet.
    from .xlsxchecks import checks_sheet

    checks_sheet(workbook, formats, doc)
    props = doc.properties
    workbook.set_properties(
        {
            "title": f"{doc.annex_name} – {doc.report_label}",
            "subject": props.subject,
            "author": props.author,
            "keywords": props.keywords,
            "category": props.category,
            "status": props.status,
            "comments": "",
            "created": props.created,
        }
    )
    workbook.close()
    return package.finish(
        out.getvalue(), company=props.author, language=props.language, created=props.created
    )
