"""The city-wide Phụ lục III of one period as an Excel workbook: one sheet per Biểu mẫu and one
for the section II figures, each with the city total and one column per commune whose approved
or issued report is counted, then the sheet "Giải trình": every warning of those reports with
the commune's explanation.

Data first (``workbook_data``: plain tables), format second (``write_workbook``: bytes).
``city_workbook(city_id, period)`` does both from plain arguments, for a view, a command or a
background task. The writer is XlsxWriter in constant-memory mode: rows stream to disk as they
are written, so the whole country (3,321 communes) stays within memory and about a second.

Values are numbers, not text, stored and formatted as the commune's own workbook stores them
(``reports.exports.xlsx.excel_value``); its section II sheet's name is kept too.
"""

from dataclasses import dataclass, field
from io import BytesIO
from operator import itemgetter

import xlsxwriter
from django.utils import timezone

from reports import catalogue
from reports.catalogue import Kind
from reports.explanations import WarningLine
from reports.exports.xlsx import FIGURES_SHEET, excel_value, ratio_format, wrapped_lines
from reports.exports.xlsxchecks import EXPLANATIONS_SHEET
from reports.models import City
from reports.numbers import format_number
from reports.periods import Period

from .explanations import warning_lines
from .rollup import city_rollup, commune_values, counted_reports

WIDTHS = (8, 60, 14, 16)  # STT, Chỉ tiêu, Đơn vị tính, Toàn thành phố
COMMUNE_WIDTH = 14  # a commune's name in at most two or three lines
HEADER_ROW = 4  # 0-based: three caption lines, a blank, then the header
EXPLANATION_HEADER = (
    ("STT", 5),
    ("Xã, phường, đặc khu", 18),
    ("Quy tắc kiểm tra", 30),
    ("Các chỉ tiêu so sánh và số liệu", 42),
    ("Chênh lệch", 10),
    ("Giải trình của xã", 50),
    ("Người giải trình", 17),
    ("Thời điểm", 16),
)
# Excel's default font, Calibri 11: a line of 15 points, and a column of width w (in widths of
# its "0") holds about w characters of Vietnamese text (0,9·w in bold).
LINE_POINTS = 15
DATE_FORMAT = "dd/mm/yyyy hh:mm"


@dataclass
class Table:
    title: str  # sheet name: "Biểu mẫu 1", "Số liệu phần II"
    caption: list[str]  # lines above the table
    header: list[str]
    rows: list[tuple[catalogue.Row, list[object]]]  # (row, [total, *per commune])


@dataclass
class WorkbookData:
    title: str
    author: str
    covered: int  # communes whose report is counted
    expected: int  # communes of the city
    tables: list[Table]
    caption: list[str]  # above the explanations
    explanations: list[WarningLine] = field(default_factory=list)


def workbook_data(city: City, period: Period) -> WorkbookData:
    """Everything the workbook shows, as plain data (four queries)."""
    rollup = city_rollup(city, period)
    communes = commune_values(city, period)
    header = ["STT", "Chỉ tiêu thống kê", "Đơn vị tính", "Toàn thành phố"]
    header += [name for _, name, _ in communes]
    caption = [
        f"{catalogue.ANNEX_NAME} tổng hợp – {city} – {period.label}",
        f"Tổng hợp từ {format_number(rollup.covered)}/{format_number(rollup.expected)} "
        "xã, phường, đặc khu có báo cáo đã duyệt hoặc đã ban hành.",
    ]
    # One tuple per row across the communes, transposed in C (itemgetter and zip): at national
    # size that is 300,000 values.
    refs = [r.ref for s in catalogue.SECTIONS for r in s.rows if r.kind != Kind.HEADING]
    by_commune = (itemgetter(*refs)(values) for _, _, values in communes)
    across = dict(zip(refs, zip(*by_commune, strict=True), strict=False))  # {} without communes
    tables = []
    for section in catalogue.SECTIONS:
        rows = [
            (row, [rollup.values.get(row.ref), *across.get(row.ref, ())]) for row in section.rows
        ]
        title = f"{section.heading}: {section.title}" if section.heading else section.title
        tables.append(Table(section.heading or FIGURES_SHEET, [title, *caption], header, rows))
    lines = warning_lines(communes, counted_reports(city, period))
    explained = sum(1 for line in lines if line.at is not None)
    return WorkbookData(
        title=f"{catalogue.ANNEX_NAME} tổng hợp – {city} – {period.label}",
        author=f"Sở Nội vụ {city}",
        covered=rollup.covered,
        expected=rollup.expected,
        tables=tables,
        caption=[
            f"Giải trình các cảnh báo – {city} – {period.label}",
            f"{format_number(len(lines))} cảnh báo trong các báo cáo đã duyệt hoặc đã ban hành, "
            f"{format_number(explained)} có giải trình.",
        ],
        explanations=lines,
    )


class _Formats:
    """XlsxWriter formats, made once per workbook and kept by their properties."""

    def __init__(self, book):
        self.book = book
        self.made = {}

    def __call__(self, **properties):
        key = tuple(sorted(properties.items()))
        if key not in self.made:
            self.made[key] = self.book.add_format(properties)
        return self.made[key]


def _lines(text: str, width: float, bold: bool = False) -> int:
    return wrapped_lines(text, max(1, int(width * (0.9 if bold else 1))))


def _height(sheet, row: int, texts) -> None:
    """Give a row the height of its tallest wrapped text (Excel does not grow rows it opens).
    ``texts`` are (text, column width, bold) triples. Called before the row's cells."""
    lines = max((_lines(text, width, bold) for text, width, bold in texts), default=1)
    if lines > 1:
        sheet.set_row(row, lines * LINE_POINTS + 2)


def _print_setup(sheet, title: str, repeat_columns: str = "") -> None:
    """A4 landscape, the header row on every page, the title above and page numbers below;
    a sheet without ``repeat_columns`` is printed one page wide."""
    sheet.set_landscape()
    sheet.set_paper(9)  # A4
    sheet.repeat_rows(HEADER_ROW)
    if repeat_columns:
        sheet.repeat_columns(repeat_columns)
    else:
        sheet.fit_to_pages(1, 0)
    sheet.set_header(f"&L&8{title.replace('&', '&&')}")
    sheet.set_footer("&CTrang &P/&N")


def _converter(row: catalogue.Row, formats, **style):
    """value → (number, format) for the row's cells, as ``excel_value`` stores them."""
    made = {}

    def cell_format(number_format):
        if number_format not in made:
            made[number_format] = formats(num_format=number_format, **style)
        return made[number_format]

    if row.kind == Kind.RATIO:
        # A percentage as the commune's workbook stores it: 98.51 in a row whose unit says "%",
        # with the digits the Word report prints (53,6; 100).

        shown = {}  # value → its format: ratios repeat (100, 0, 50) across communes

        def convert(value):
            if value not in shown:
                shown[value] = cell_format(ratio_format(value, row.unit))
            return float(value), shown[value]

        return convert
    if row.kind == Kind.MONEY:

        def convert(value):
            number, number_format = excel_value(row.kind, value)
            return number, cell_format(number_format)

        return convert
    # Counts, codes and yes/no come from the database as integers: one format for the row.
    same = cell_format(excel_value(row.kind, 0)[1])
    return lambda value: (value, same)


def _write_table(book, formats, table: Table, title: str, header_lines: int) -> None:
    sheet = book.add_worksheet(table.title)
    for column, width in enumerate(WIDTHS):
        sheet.set_column(column, column, width)
    if len(table.header) > len(WIDTHS):
        sheet.set_column(len(WIDTHS), len(table.header) - 1, COMMUNE_WIDTH)
    sheet.freeze_panes(HEADER_ROW + 1, len(WIDTHS))
    _print_setup(sheet, title, "A:D")
    bold = formats(bold=True)
    for number, line in enumerate(table.caption):
        sheet.write_string(number, 0, line, bold)
    if header_lines > 1:
        sheet.set_row(HEADER_ROW, header_lines * LINE_POINTS + 2)
    head = formats(bold=True, text_wrap=True, valign="vcenter")
    sheet.write_row(HEADER_ROW, 0, table.header, head)
    number = HEADER_ROW
    for row, values in table.rows:
        number += 1
        strong = row.kind == Kind.HEADING or row.stt.count(".") <= 1
        _height(sheet, number, [(row.full_label, WIDTHS[1], strong)])
        sheet.write_string(number, 0, row.stt)
        sheet.write_string(number, 1, row.full_label, formats(text_wrap=True, bold=strong))
        if row.unit:
            sheet.write_string(number, 2, row.unit)
        if row.kind == Kind.HEADING:
            continue
        total = values[0] if row.kind != Kind.CODE else None  # a code has no sum
        if total is not None:
            sheet.write_number(number, 3, *_converter(row, formats, bold=True)(total))
        write = sheet.write_number
        if row.kind in (Kind.RATIO, Kind.MONEY):
            convert = _converter(row, formats)
            for column, value in enumerate(values[1:], start=len(WIDTHS)):
                if value is not None:
                    write(number, column, *convert(value))
            continue
        # Counts, codes and yes/no: integers as they are, one format for the row (most of the
        # 300,000 cells at national size, so nothing else is done per cell).
        same = _converter(row, formats)(0)[1]
        for column, value in enumerate(values[1:], start=len(WIDTHS)):
            if value is not None:
                write(number, column, value, same)


def _write_explanations(book, formats, data: WorkbookData) -> None:
    sheet = book.add_worksheet(EXPLANATIONS_SHEET)
    for column, (_, width) in enumerate(EXPLANATION_HEADER):
        sheet.set_column(column, column, width)
    sheet.freeze_panes(HEADER_ROW + 1, 2)
    _print_setup(sheet, data.title)
    bold = formats(bold=True)
    for number, line in enumerate(data.caption):
        sheet.write_string(number, 0, line, bold)
    heads = [text for text, _ in EXPLANATION_HEADER]
    _height(sheet, HEADER_ROW, [(text, width, True) for text, width in EXPLANATION_HEADER])
    sheet.write_row(HEADER_ROW, 0, heads, formats(bold=True, text_wrap=True, valign="vcenter"))
    wrap = formats(text_wrap=True, valign="top")
    top = formats(valign="top")
    count = formats(num_format=excel_value(Kind.COUNT, 0)[1], valign="top")
    when = formats(num_format=DATE_FORMAT, valign="top")
    widths = [width for _, width in EXPLANATION_HEADER]
    if not data.explanations:
        sheet.write_string(HEADER_ROW + 1, 0, "Không có cảnh báo nào.")
    for index, line in enumerate(data.explanations, start=1):
        number = HEADER_ROW + index
        rows = "\n".join(line.rows)
        texts = (line.commune, line.rule, rows, line.explanation, line.author)
        columns = (1, 2, 3, 5, 6)
        _height(sheet, number, [(t, widths[c], False) for t, c in zip(texts, columns, strict=True)])
        sheet.write_number(number, 0, index, top)
        sheet.write_string(number, 1, line.commune, wrap)
        sheet.write_string(number, 2, line.rule, wrap)
        sheet.write_string(number, 3, rows, wrap)
        sheet.write_number(number, 4, line.difference, count)
        sheet.write_string(number, 5, line.explanation, wrap)
        sheet.write_string(number, 6, line.author, wrap)
        if line.at is not None:
            sheet.write_datetime(number, 7, timezone.localtime(line.at).replace(tzinfo=None), when)


def write_workbook(data: WorkbookData) -> bytes:
    out = BytesIO()
    book = xlsxwriter.Workbook(out, {"constant_memory": True})
    book.set_properties(
        {
            "title": data.title,
            "author": data.author,
            "company": data.author,
            "created": timezone.now().replace(tzinfo=None),
        }
    )
    formats = _Formats(book)
    # Every table has the same header (the communes' names): its height is worked out once.
    names = data.tables[0].header[len(WIDTHS) :] if data.tables else []
    header_lines = max((_lines(name, COMMUNE_WIDTH, True) for name in names), default=1)
    for table in data.tables:
        _write_table(book, formats, table, data.title, header_lines)
    _write_explanations(book, formats, data)
    book.close()
    return out.getvalue()


def city_workbook(city_id: int, period: str) -> bytes:
    """The workbook of city ``city_id`` for ``period`` ("2026-Q2"): plain arguments, so that a
    background task can call it as well as a view or a command."""
    city = City.objects.get(pk=city_id)
    return write_workbook(workbook_data(city, Period.parse(period)))
