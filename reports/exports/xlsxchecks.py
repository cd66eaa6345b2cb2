"""The annex workbook's sheet "Giải trình": every error and warning of the report's figures
(``Document.checks``), with the rule's name, the rows it compares and their figures, the gap, and
the commune's explanation with who wrote it and when.

An approved or issued report's lines come from its snapshot alone (its values, its form, its
explanations with their authors and times); a snapshot taken before authors and times were
recorded prints "—" for them. The importer skips this sheet (``reports.exports.importer``).

Laid out and printed like the Biểu mẫu sheets (``reports.exports.xlsx``: Times New Roman 12, the
same title rows, header and footer, scale and wrapped rows), but on A4 landscape: eight columns
of text do not fit the width of a portrait page at a scale that prints 10 points.
"""

from django.utils import timezone

from reports.catalogue import Kind

from .builder import Document
from .xlsx import CODE_FORMAT, Sheet, excel_value

EXPLANATIONS_SHEET = "Giải trình"
TITLE = "Kết quả kiểm tra số liệu và giải trình các cảnh báo"
NONE_FOUND = "Số liệu của báo cáo không có lỗi hay cảnh báo nào."
HEADER_ROW = 5
NOT_KNOWN = "—"
DATE_TIME_FORMAT = "dd/mm/yyyy hh:mm"
# (heading, width): the widths sum to what fits A4 landscape between the margins at the
# workbook's print scale (as ``reports.exports.xlsx.WIDTHS`` do portrait).
COLUMNS = (
    ("STT", 5),
    ("Mức độ", 9),
    ("Quy tắc kiểm tra", 22),
    ("Các chỉ tiêu so sánh và số liệu", 34),
    ("Chênh lệch", 10),
    ("Giải trình", 34),
    ("Người giải trình", 13),
    ("Thời điểm", 16),
)


def checks_sheet(workbook, formats: dict, doc: Document) -> None:
    ws = workbook.add_worksheet(EXPLANATIONS_SHEET)
    sheet = Sheet(workbook, formats, ws, widths=tuple(width for _, width in COLUMNS))
    sheet.titles((EXPLANATIONS_SHEET, TITLE, doc.report_label))
    for column, (heading, _) in enumerate(COLUMNS, start=1):
        sheet.text(HEADER_ROW, column, heading, bold=True, align="center")
    row = HEADER_ROW
    if not doc.checks:
        row += 1
        sheet.text(row, 1, NONE_FOUND, span=len(COLUMNS))
    when = sheet.format(align="center", wrap=False, number_format=DATE_TIME_FORMAT)
    for number, line in enumerate(doc.checks, start=1):
        row += 1
        ws.write_number(row - 1, 0, number, sheet.format(align="center", number_format=CODE_FORMAT))
        sheet.text(row, 2, line.severity_label, align="center")
        sheet.text(row, 3, line.title)
        sheet.text(row, 4, "\n".join(line.rows))
        gap, gap_format = excel_value(Kind.MONEY, line.difference)
        ws.write_number(row - 1, 4, gap, sheet.format(align="right", number_format=gap_format))
        if line.explanation:
            sheet.text(row, 6, line.explanation)
        else:
            sheet.text(row, 6, NOT_KNOWN, align="center")  # an error: fixed, never explained
        sheet.text(row, 7, line.author or NOT_KNOWN, align="center")
        if line.at is None:
            sheet.text(row, 8, NOT_KNOWN, align="center")
        else:
            ws.write_datetime(row - 1, 7, timezone.localtime(line.at).replace(tzinfo=None), when)
    sheet.finish(doc, header_rows=(HEADER_ROW,), landscape=True)
