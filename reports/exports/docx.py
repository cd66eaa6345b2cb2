"""The Word report, laid out by Nghị định 30/2020/NĐ-CP (Phụ lục I), from the builder's Document.

A4 portrait, margins inside the decree's ranges, Times New Roman named in all four font slots
of every style and every run (a slot left to the theme makes Word fall back to another font for
Vietnamese), page numbers centred at the top from page 2, and Phụ lục III in its own section on
a new page, numbered on its own.
"""

import copy
import re
from io import BytesIO

from docx import Document as new_document
from docx.enum.section import WD_SECTION
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt

from reports.catalogue import COLUMN_HEADER_LABEL, COLUMN_HEADER_NOTE, Kind
from reports.narrative import HEADING, SUBHEADING

from .builder import AnnexTable, Document

FONT = "Times New Roman"
FONT_SLOTS = ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs")
PAGE_WIDTH, PAGE_HEIGHT = Mm(210), Mm(297)
MARGINS = {"top": Mm(20), "bottom": Mm(20), "left": Mm(30), "right": Mm(15)}
TEXT_WIDTH = Mm(165)
HEADER_COLUMNS = (Mm(65), Mm(100))
SIGNATURE_COLUMNS = (Mm(60), Mm(105))
ANNEX_COLUMNS = (Mm(16), Mm(79), Mm(25), Mm(20), Mm(25))

# Paragraph styles of this document: name → (size pt, alignment, first-line indent, space after,
# line spacing, bold).
J, C, L = WD_ALIGN_PARAGRAPH.JUSTIFY, WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.LEFT
STYLES = {
    "CCHC Body": (14, J, Cm(1.27), 6, 1.15, False),
    "CCHC Heading": (14, J, Cm(1.27), 6, 1.15, True),
    "CCHC Center": (14, C, None, 0, 1.0, False),
    "CCHC Header": (13, C, None, 0, 1.0, False),
    "CCHC Table": (12, L, None, 0, 1.0, False),
    "CCHC Table Center": (12, C, None, 0, 1.0, False),
    "CCHC Recipients": (11, L, None, 0, 1.0, False),
}
BLOCK_STYLES = {HEADING: "CCHC Heading", SUBHEADING: "CCHC Heading"}

# Elements that follow w:pBdr in w:pPr and w:pgNumType in w:sectPr (the schema fixes the order).
AFTER_PBDR = (
    "w:shd",
    "w:tabs",
    "w:suppressAutoHyphens",
    "w:kinsoku",
    "w:wordWrap",
    "w:overflowPunct",
    "w:topLinePunct",
    "w:autoSpaceDE",
    "w:autoSpaceDN",
    "w:bidi",
    "w:adjustRightInd",
    "w:snapToGrid",
    "w:spacing",
    "w:ind",
    "w:contextualSpacing",
    "w:mirrorIndents",
    "w:suppressOverlap",
    "w:jc",
    "w:textDirection",
    "w:textAlignment",
    "w:textboxTightWrap",
    "w:outlineLvl",
    "w:divId",
    "w:cnfStyle",
    "w:rPr",
    "w:sectPr",
    "w:pPrChange",
)
AFTER_PGNUMTYPE = (
    "w:cols",
    "w:formProt",
    "w:vAlign",
    "w:noEndnote",
    "w:titlePg",
    "w:textDirection",
    "w:bidi",
    "w:rtlGutter",
    "w:docGrid",
    "w:printerSettings",
    "w:sectPrChange",
)


def _rfonts():
    element = OxmlElement("w:rFonts")
    for slot in FONT_SLOTS:
        element.set(qn(slot), FONT)
    return element


_RFONTS = _rfonts()


def _set_fonts(rpr) -> None:
    """Name Times New Roman in the four slots and drop theme fonts (they win over names)."""
    for old in rpr.findall(qn("w:rFonts")):
        rpr.remove(old)
    rpr.insert(0, copy.deepcopy(_RFONTS))


def _prepare(document) -> None:
    styles = document.styles
    defaults = styles.element.find(qn("w:docDefaults"))
    _set_fonts(defaults.find(qn("w:rPrDefault")).find(qn("w:rPr")))
    for style in styles:
        rpr = style.element.find(qn("w:rPr"))
        if rpr is not None and rpr.find(qn("w:rFonts")) is not None:
            _set_fonts(rpr)
    normal = styles["Normal"]
    normal.font.size = Pt(14)
    _set_fonts(normal.element.get_or_add_rPr())
    for name, (size, align, indent, after, spacing, bold) in STYLES.items():
        style = styles.add_style(name, 1)
        style.base_style = normal
        style.font.size = Pt(size)
        style.font.bold = bold
        _set_fonts(style.element.get_or_add_rPr())
        fmt = style.paragraph_format
        fmt.alignment = align
        fmt.first_line_indent = indent
        fmt.space_before = Pt(0)
        fmt.space_after = Pt(after)
        fmt.line_spacing = spacing
        fmt.widow_control = True


def _run(paragraph, text, *, bold=None, italic=None, size=None):
    run = paragraph.add_run(text)
    rpr = run._r.get_or_add_rPr()
    rpr.insert(0, copy.deepcopy(_RFONTS))
    if bold is not None:
        run.bold = bold
    if italic is not None:
        run.italic = italic
    if size is not None:
        run.font.size = Pt(size)
    return run


def _para(container, text="", style="CCHC Body", **run_format):
    paragraph = container.add_paragraph(style=style)
    if text:
        _run(paragraph, text, **run_format)
    return paragraph


def _rule(container, width_mm: float, column_mm: float, *, after=0):
    """A short centred line: an empty paragraph, indented to the width, with a bottom border."""
    paragraph = container.add_paragraph(style="CCHC Center")
    side = Mm(max(column_mm - width_mm, 0) / 2)
    fmt = paragraph.paragraph_format
    fmt.left_indent = fmt.right_indent = side
    fmt.space_before = Pt(2)
    fmt.space_after = Pt(after)
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(key), value)
    borders.append(bottom)
    ppr = paragraph._p.get_or_add_pPr()
    ppr.insert_element_before(borders, *AFTER_PBDR)
    _run(paragraph, "", size=2)
    fmt.line_spacing = Pt(2)
    return paragraph


def _page_field(paragraph):
    """A PAGE field (Word and LibreOffice compute the number; "1" is only the cached text)."""

    def char(kind):
        element = OxmlElement("w:fldChar")
        element.set(qn("w:fldCharType"), kind)
        _run(paragraph, "", size=14)._r.append(element)

    char("begin")
    instruction = OxmlElement("w:instrText")
    instruction.set(qn("xml:space"), "preserve")
    instruction.text = " PAGE "
    _run(paragraph, "", size=14)._r.append(instruction)
    char("separate")
    _run(paragraph, "1", size=14)
    char("end")


def _page_setup(section, *, restart=False, draft=False):
    section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
    section.top_margin, section.bottom_margin = MARGINS["top"], MARGINS["bottom"]
    section.left_margin, section.right_margin = MARGINS["left"], MARGINS["right"]
    section.header_distance = Mm(10)
    section.footer_distance = Mm(10)
    section.different_first_page_header_footer = True
    section.header.is_linked_to_previous = False
    section.first_page_header.is_linked_to_previous = False
    header = section.header.paragraphs[0]
    header.style = "CCHC Center"
    _page_field(header)
    first = section.first_page_header.paragraphs[0]
    first.style = "CCHC Center"
    if draft:
        first.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        _run(first, "DỰ THẢO", bold=True, size=14)
    if restart:
        number_type = OxmlElement("w:pgNumType")
        number_type.set(qn("w:start"), "1")
        section._sectPr.insert_element_before(number_type, *AFTER_PGNUMTYPE)


def _no_borders(table):
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    tbl_pr.insert_element_before(
        borders, "w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook", "w:tblCaption"
    )


def _fixed(table, widths):
    table.autofit = False
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = width


def _header(document, doc: Document):
    table = document.add_table(rows=1, cols=2)
    _no_borders(table)
    _fixed(table, HEADER_COLUMNS)
    left, right = table.rows[0].cells
    left.paragraphs[0].style = "CCHC Header"
    _run(left.paragraphs[0], doc.organisation[0], bold=True)
    for line in doc.organisation[1:]:
        _para(left, line, "CCHC Header", bold=True)
    _rule(left, 25, 65, after=6)
    _para(left, doc.number_text, "CCHC Header")
    right.paragraphs[0].style = "CCHC Header"
    _run(right.paragraphs[0], doc.nation[0], bold=True, size=12)
    _para(right, doc.nation[1], "CCHC Header", bold=True, size=13)
    _rule(right, 58, 100, after=6)
    _para(right, doc.place_date, "CCHC Header", italic=True, size=14)


def _title(document, doc: Document):
    title = _para(document, doc.title, "CCHC Center", bold=True)
    title.paragraph_format.space_before = Pt(18)
    _para(document, doc.summary, "CCHC Center", bold=True)
    _rule(document, 40, 165, after=12)


def _body(document, doc: Document):
    for block in doc.body:
        paragraph = document.add_paragraph(style=BLOCK_STYLES.get(block.style, "CCHC Body"))
        if block.italic and block.italic in block.text:
            before, _, after = block.text.partition(block.italic)
            _run(paragraph, before)
            _run(paragraph, block.italic, italic=True)
            _run(paragraph, after)
        else:
            _run(paragraph, block.text)
        if block.style in (HEADING, SUBHEADING):
            paragraph.paragraph_format.keep_with_next = True


def _signature(document, doc: Document):
    table = document.add_table(rows=1, cols=2)
    _no_borders(table)
    _fixed(table, SIGNATURE_COLUMNS)
    left, right = table.rows[0].cells
    heading = left.paragraphs[0]
    heading.style = "CCHC Recipients"
    _run(heading, doc.recipients_heading, bold=True, italic=True, size=12)
    for line in doc.recipients:
        _para(left, line, "CCHC Recipients")
    right.paragraphs[0].style = "CCHC Center"
    _run(right.paragraphs[0], doc.signer_titles[0], bold=True)
    for line in doc.signer_titles[1:]:
        _para(right, line, "CCHC Center", bold=True)
    for _ in range(4):
        _para(right, "", "CCHC Center")
    _para(right, doc.signer_name, "CCHC Center", bold=True)


def _annex(document, doc: Document):
    section = document.add_section(WD_SECTION.NEW_PAGE)
    _page_setup(section, restart=True, draft=doc.draft)
    _para(document, doc.annex_name, "CCHC Center", bold=True)
    _para(document, doc.annex_title, "CCHC Center", bold=True)
    _para(document, doc.annex_subtitle, "CCHC Center", bold=True)
    _rule(document, 40, 165, after=6)
    _para(document, doc.annex_reference, "CCHC Center", italic=True)
    for annex_table in doc.tables:
        _annex_table(document, annex_table)


def _row_props(row, *, header=False):
    tr_pr = row._tr.get_or_add_trPr()
    tr_pr.append(OxmlElement("w:cantSplit"))
    if header:
        tr_pr.append(OxmlElement("w:tblHeader"))


def _cell_text(cell, text, style, **run_format):
    paragraph = cell.paragraphs[0]
    paragraph.style = style
    if text:
        _run(paragraph, text, **run_format)
    return paragraph


# "Trực tuyến = 0 Phát phiếu = 1 Kết hợp = 2": one choice per line in the narrow unit column.
_CHOICE_BREAK = re.compile(r"(?<== \d) ")


def _annex_table(document, annex: AnnexTable):
    heading = _para(document, annex.heading, "CCHC Center", bold=True)
    heading.paragraph_format.space_before = Pt(12)
    heading.paragraph_format.keep_with_next = True
    title = _para(document, annex.title, "CCHC Center", bold=True)
    title.paragraph_format.space_after = Pt(6)
    title.paragraph_format.keep_with_next = True
    table = document.add_table(rows=2 + len(annex.rows), cols=5)
    table.style = document.styles["Table Grid"]
    _fixed(table, ANNEX_COLUMNS)
    rows = table.rows
    top, second = rows[0].cells, rows[1].cells
    _cell_text(top[0], "STT", "CCHC Table Center", bold=True)
    label = _cell_text(top[1], COLUMN_HEADER_LABEL, "CCHC Table Center", bold=True)
    _run(label, " " + COLUMN_HEADER_NOTE, italic=True)
    _cell_text(top[2], "Kết quả thống kê", "CCHC Table Center", bold=True)
    _cell_text(top[4], "Ghi chú", "CCHC Table Center", bold=True)
    _cell_text(second[2], "Đơn vị tính", "CCHC Table Center", bold=True)
    _cell_text(second[3], "Số liệu", "CCHC Table Center", bold=True)
    for cell in (top[0], top[1], top[2], top[4]):
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    top[0].merge(second[0])
    top[1].merge(second[1])
    top[4].merge(second[4])
    top[2].merge(top[3])
    _row_props(rows[0], header=True)
    _row_props(rows[1], header=True)
    for table_row, row in zip(rows[2:], annex.rows, strict=True):
        _row_props(table_row)
        cells = table_row.cells
        bold = row.bold or None
        italic = row.italic or None
        _cell_text(cells[0], row.stt, "CCHC Table Center", bold=bold)
        label = _cell_text(cells[1], row.label, "CCHC Table", bold=bold, italic=italic)
        if row.note:
            _run(label, " " + row.note, italic=True)
        unit = _cell_text(cells[2], "", "CCHC Table Center")
        for i, line in enumerate(_CHOICE_BREAK.split(row.unit)):
            if i:
                _run(unit, "").add_break()
            _run(unit, line, italic=italic)
        value = _cell_text(cells[3], row.text, "CCHC Table Center")
        if row.kind in (Kind.COUNT, Kind.MONEY, Kind.RATIO):
            value.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        _cell_text(cells[4], row.remark, "CCHC Table Center")
    for note in annex.footnotes:
        _para(document, note, "CCHC Recipients").paragraph_format.space_before = Pt(3)


def render(doc: Document) -> bytes:
    document = new_document()
    _prepare(document)
    # The default template starts with one empty paragraph-less body; settings for section 1.
    _page_setup(document.sections[0], draft=doc.draft)
    _header(document, doc)
    _title(document, doc)
    _body(document, doc)
    _para(document, "", "CCHC Center")
    _signature(document, doc)
    _annex(document, doc)
    core = document.core_properties
    core.title = f"Báo cáo {doc.summary.lower()}"
    core.author = doc.organisation[-1]
    out = BytesIO()
    document.save(out)
    return out.getvalue()
