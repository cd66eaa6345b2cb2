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
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt

from reports.catalogue import COLUMN_HEADER_LABEL, COLUMN_HEADER_NOTE, Kind
from reports.narrative import HEADING, SUBHEADING

from . import wordxml as w
from .builder import AnnexTable, Document

FONT = "Times New Roman"
FONT_SLOTS = ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs")
PAGE_WIDTH, PAGE_HEIGHT = Mm(210), Mm(297)
MARGINS = {"top": Mm(20), "bottom": Mm(20), "left": Mm(30), "right": Mm(15)}
TEXT_WIDTH = Mm(165)
HEADER_COLUMNS = (Mm(65), Mm(100))
SIGNATURE_COLUMNS = (Mm(60), Mm(105))
ANNEX_COLUMNS_MM = (16, 79, 25, 20, 25)

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


def _style(paragraph, name: str):
    """Set a paragraph style of this module by id: looking styles up by name through
    python-docx scans every style of the document each time (most of the render time)."""
    paragraph._p.get_or_add_pPr().get_or_add_pStyle().val = name.replace(" ", "")
    return paragraph


def _para(container, text="", style="CCHC Body", **run_format):
    paragraph = _style(container.add_paragraph(), style)
    if text:
        _run(paragraph, text, **run_format)
    return paragraph


def _rule(container, width_mm: float, column_mm: float, *, after=0):
    """A short centred line: an empty paragraph, indented to the width, with a bottom border."""
    paragraph = _style(container.add_paragraph(), "CCHC Center")
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
    _style(header, "CCHC Center")
    _page_field(header)
    first = section.first_page_header.paragraphs[0]
    _style(first, "CCHC Center")
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
    _style(left.paragraphs[0], "CCHC Header")
    _run(left.paragraphs[0], doc.organisation[0], bold=True)
    for line in doc.organisation[1:]:
        _para(left, line, "CCHC Header", bold=True)
    _rule(left, 25, 65, after=6)
    _para(left, doc.number_text, "CCHC Header")
    _style(right.paragraphs[0], "CCHC Header")
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
    parts = []
    for block in doc.body:
        if block.italic and block.italic in block.text:
            before, _, after = block.text.partition(block.italic)
            runs = w.run(before) + w.run(block.italic, italic=True) + w.run(after)
        else:
            runs = w.run(block.text)
        style = BLOCK_STYLES.get(block.style, "CCHC Body").replace(" ", "")
        parts.append(w.paragraph(style, runs, keep_next=block.style in (HEADING, SUBHEADING)))
    w.append(document, "".join(parts))


def _signature(document, doc: Document):
    table = document.add_table(rows=1, cols=2)
    _no_borders(table)
    _fixed(table, SIGNATURE_COLUMNS)
    left, right = table.rows[0].cells
    heading = left.paragraphs[0]
    _style(heading, "CCHC Recipients")
    _run(heading, doc.recipients_heading, bold=True, italic=True, size=12)
    for line in doc.recipients:
        _para(left, line, "CCHC Recipients")
    _style(right.paragraphs[0], "CCHC Center")
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
    w.append(document, "".join(_annex_table(annex) for annex in doc.tables))


# "Trực tuyến = 0 Phát phiếu = 1 Kết hợp = 2": one choice per line in the narrow unit column.
_CHOICE_BREAK = re.compile(r"(?<== \d) ")
_WIDTHS = [w.twips(mm) for mm in ANNEX_COLUMNS_MM]
_CENTER, _LEFT = "CCHCTableCenter", "CCHCTable"
_NUMERIC = (Kind.COUNT, Kind.MONEY, Kind.RATIO)


def _header_rows() -> str:
    def bold(text):
        return w.paragraph(_CENTER, w.run(text, bold=True))

    empty = w.paragraph(_CENTER, "")
    label = w.paragraph(
        _CENTER,
        w.run(COLUMN_HEADER_LABEL, bold=True) + w.run(" " + COLUMN_HEADER_NOTE, italic=True),
    )
    stt, lab, unit, value, note = _WIDTHS
    top = (
        w.cell(stt, bold("STT"), merge="restart", center=True)
        + w.cell(lab, label, merge="restart", center=True)
        + w.cell(unit + value, bold("Kết quả thống kê"), span=2, center=True)
        + w.cell(note, bold("Ghi chú"), merge="restart", center=True)
    )
    second = (
        w.cell(stt, empty, merge="continue")
        + w.cell(lab, empty, merge="continue")
        + w.cell(unit, bold("Đơn vị tính"), center=True)
        + w.cell(value, bold("Số liệu"), center=True)
        + w.cell(note, empty, merge="continue")
    )
    return w.row(top, header=True) + w.row(second, header=True)


_HEADER_ROWS = _header_rows()


def _data_row(row) -> str:
    bold, italic = row.bold, row.italic
    label = w.run(row.label, bold=bold, italic=italic)
    if row.note:
        label += w.run(" " + row.note, italic=True)
    unit = "".join(
        w.run(line, italic=italic, breaks_before=1 if i else 0)
        for i, line in enumerate(_CHOICE_BREAK.split(row.unit))
    )
    stt, lab, unit_width, value, note = _WIDTHS
    cells = (
        w.cell(stt, w.paragraph(_CENTER, w.run(row.stt, bold=bold)))
        + w.cell(lab, w.paragraph(_LEFT, label))
        + w.cell(unit_width, w.paragraph(_CENTER, unit))
        + w.cell(
            value,
            w.paragraph(_CENTER, w.run(row.text), align="right" if row.kind in _NUMERIC else ""),
        )
        + w.cell(note, w.paragraph(_CENTER, w.run(row.remark)))
    )
    return w.row(cells)


def _annex_table(annex: AnnexTable) -> str:
    """The Biểu mẫu's heading, title and table (header rows repeated on every page)."""
    heading = w.paragraph(_CENTER, w.run(annex.heading, bold=True), keep_next=True, before_pt=12)
    title = w.paragraph(_CENTER, w.run(annex.title, bold=True), keep_next=True, after_pt=6)
    rows = _HEADER_ROWS + "".join(_data_row(row) for row in annex.rows)
    notes = "".join(
        w.paragraph("CCHCRecipients", w.run(note), before_pt=3) for note in annex.footnotes
    )
    return heading + title + w.table(_WIDTHS, rows) + notes


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
