"""The Word report, laid out by Nghị định 30/2020/NĐ-CP (Phụ lục I), from the builder's Document.

A4 portrait, margins inside the decree's ranges, Times New Roman named in all four font slots
of every style and every run (a slot left to the theme makes Word fall back to another font for
Vietnamese) and Vietnamese as the language of every run, page numbers centred at the top from
page 2, "DỰ THẢO" at the top right of every page of a draft, and Phụ lục III in its own section
on a new page, numbered on its own.

Phụ lục III flows the way Word users expect: each Biểu mẫu's heading and title stay with its
table, and the table's first rows stay together (keep-with-next), so a Biểu mẫu that would start
with fewer than five rows at the foot of a page starts on the next one; no row breaks across
pages; the header rows repeat; the annex title breaks into balanced lines; place names never
break inside (non-breaking spaces).

python-docx gives the package, the styles (their ids are read back from it), the sections,
their headers and the properties; ``wordxml`` writes the content.
"""

import functools
from io import BytesIO

from docx import Document as open_document
from docx.enum.section import WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt

from reports.catalogue import Kind
from reports.narrative import HEADING, SUBHEADING

from . import package
from . import wordxml as w
from .builder import AnnexTable, Document

FONT = w.FONT
FONT_SLOTS = w.FONT_SLOTS
LANGUAGE = w.LANG_ATTRIBUTES
PAGE_WIDTH, PAGE_HEIGHT = Mm(210), Mm(297)
MARGINS = {"top": Mm(20), "bottom": Mm(20), "left": Mm(30), "right": Mm(15)}
TEXT_WIDTH_MM = 165
HEADER_COLUMNS_MM = (65, 100)
SIGNATURE_COLUMNS_MM = (60, 105)
# STT, Chỉ tiêu, Đơn vị tính, Số liệu, Ghi chú. The unit column holds the longest unit of the
# form, Biểu 1 item 4.3's "Trực tuyến = 0 / Phát phiếu = 1 / Kết hợp = 2", one choice a line.
ANNEX_COLUMNS_MM = (14, 71, 34, 20, 26)
KEPT_ROWS = 5  # a Biểu mẫu starts on a new page unless this many of its rows fit
# Characters of bold 14-point capitals in a line of the text width: a longer title is broken
# into two balanced lines by hand rather than left to leave a word or two alone.
TITLE_LINE_CHARS = 52

# Paragraph styles of this document: name → (size pt, alignment, first-line indent, space after,
# line spacing, bold).
J, C, L = WD_ALIGN_PARAGRAPH.JUSTIFY, WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.LEFT
STYLES = {
    "CCHC Body": (14, J, Cm(1.27), 6, 1.15, False),
    "CCHC Heading": (14, J, Cm(1.27), 6, 1.15, True),
    "CCHC Center": (14, C, None, 0, 1.0, False),
    "CCHC Header": (13, C, None, 0, 1.0, False),
    "CCHC Page Header": (14, L, None, 0, 1.0, False),
    "CCHC Table": (12, L, None, 0, 1.0, False),
    "CCHC Table Center": (12, C, None, 0, 1.0, False),
    "CCHC Recipients": (11, L, None, 0, 1.0, False),
}
TABLE_STYLE = "Table Grid"
# The styles the template keeps: the defaults Word needs, those python-docx's header and footer
# parts name, and the table grid. The library template's other 150-odd styles go.
KEPT_STYLES = {
    "Normal",
    "Default Paragraph Font",
    "Normal Table",
    "No List",
    "Header",
    "Header Char",
    "Footer",
    "Footer Char",
    TABLE_STYLE,
}
# Parts of python-docx's template that are about its own making, not this document.
# (Word 2010's copy of the styles has no constant in python-docx.)
STYLES_WITH_EFFECTS = "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"
DROPPED_PARTS = (RT.THUMBNAIL, RT.CUSTOM_XML, STYLES_WITH_EFFECTS)
# w:pgNumType's successors in w:sectPr (the schema fixes the order).
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
# w:lang's successors in w:rPr.
AFTER_LANG = ("w:eastAsianLayout", "w:specVanish", "w:oMath")
NBSP = "\u00a0"


def _set_fonts_and_language(rpr) -> None:
    """Times New Roman in the four slots (theme fonts dropped: they win over names) and the
    Vietnamese language, in a style's or the defaults' run properties."""
    for old in (*rpr.findall(qn("w:rFonts")), *rpr.findall(qn("w:lang"))):
        rpr.remove(old)
    fonts = OxmlElement("w:rFonts", {qn(slot): FONT for slot in FONT_SLOTS})
    rpr.insert(0, fonts)
    rpr.insert_element_before(
        OxmlElement("w:lang", {qn(key): value for key, value in LANGUAGE.items()}), *AFTER_LANG
    )


def _clean_template(document) -> None:
    """Drop the library template's thumbnail, bibliography and Word 2010 styles copy, its 150
    unused styles, and its preview-picture setting; name Vietnamese as the document's language.
    python-docx documents no API for the settings or the defaults, so their XML is edited
    through the public ``element`` of ``Settings`` and ``Styles``."""
    package_rels = document.part.package.rels
    for rel_id, rel in list(package_rels.items()):
        if rel.reltype in DROPPED_PARTS:
            del package_rels[rel_id]
    for rel_id, rel in list(document.part.rels.items()):
        if rel.reltype in DROPPED_PARTS:
            document.part.drop_rel(rel_id)
    styles = document.styles
    for style in list(styles):
        if style.name not in KEPT_STYLES:
            style.delete()
    settings = document.settings.element
    for name in ("w:savePreviewPicture", "w:rsids"):
        for element in settings.findall(qn(name)):
            settings.remove(element)
    for element in settings.findall(qn("w:themeFontLang")):
        element.set(qn("w:val"), LANGUAGE["w:val"])
        element.set(qn("w:eastAsia"), LANGUAGE["w:eastAsia"])
    for name, value in (("w:decimalSymbol", ","), ("w:listSeparator", ";")):
        for element in settings.findall(qn(name)):
            element.set(qn("w:val"), value)


def _define_styles(document) -> None:
    styles = document.styles
    defaults = styles.element.find(qn("w:docDefaults"))
    _set_fonts_and_language(defaults.find(qn("w:rPrDefault")).find(qn("w:rPr")))
    for style in styles:
        rpr = style.element.find(qn("w:rPr"))
        if rpr is not None and rpr.find(qn("w:rFonts")) is not None:
            _set_fonts_and_language(rpr)
    normal = styles["Normal"]
    normal.font.size = Pt(14)
    _set_fonts_and_language(normal.element.get_or_add_rPr())
    for name, (size, align, indent, after, spacing, bold) in STYLES.items():
        style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = normal
        style.font.size = Pt(size)
        style.font.bold = bold
        _set_fonts_and_language(style.element.get_or_add_rPr())
        fmt = style.paragraph_format
        fmt.alignment = align
        fmt.first_line_indent = indent
        fmt.space_before = Pt(0)
        fmt.space_after = Pt(after)
        fmt.line_spacing = spacing
        fmt.widow_control = True


@functools.cache
def _template() -> tuple[bytes, dict[str, str]]:
    """The cleaned template with this document's styles, and the style ids python-docx gives
    them (``STYLES`` names and the table grid): built once per process."""
    document = open_document()
    _clean_template(document)
    _define_styles(document)
    ids = {name: document.styles[name].style_id for name in (*STYLES, TABLE_STYLE)}
    out = BytesIO()
    document.save(out)
    return out.getvalue(), ids


def balanced_lines(text: str, capacity: int) -> list[str]:
    """``text`` as it fits lines of ``capacity`` characters: one line, or two lines, the first
    the longer and the two as even as the words allow ("BIỂU MẪU … SỐ LIỆU BÁO CÁO" / "CẢI CÁCH
    HÀNH CHÍNH ĐỊNH KỲ"), or, longer than two lines, as it wraps by itself."""
    if len(text) <= capacity or len(text) > 2 * capacity:
        return [text]
    words = text.split(" ")
    splits = [(" ".join(words[:i]), " ".join(words[i:])) for i in range(1, len(words))]
    fitting = [pair for pair in splits if len(pair[1]) <= len(pair[0]) <= capacity]
    if not fitting:
        return [text]
    return list(min(fitting, key=lambda pair: len(pair[0])))


class _Writer:
    """The XML of one document, with the style ids read from python-docx."""

    def __init__(self, doc: Document, ids: dict[str, str]):
        self.doc = doc
        self.ids = ids

    def whole(self, text: str) -> str:
        """Place names kept on one line: their spaces become non-breaking."""
        for name in self.doc.names:
            for form in (name, name.upper()):
                text = text.replace(form, form.replace(" ", NBSP))
        return text

    def para(self, text="", style="CCHC Body", *, bold=False, italic=False, size=None, **props):
        runs = w.run(text, bold=bold, italic=italic, size=size) if text else ""
        return w.paragraph(self.ids[style], runs, **props)

    def rule(self, width_mm: float, column_mm: float, *, after=0) -> str:
        """A short centred line: an empty paragraph, indented to the width, with a bottom
        border."""
        return w.paragraph(
            self.ids["CCHC Center"],
            w.run("", size=1),
            rule=True,
            indent_mm=max(column_mm - width_mm, 0) / 2,
            before_pt=2,
            after_pt=after,
            line_pt=2,
        )

    def layout_table(self, widths_mm, left: str, right: str) -> str:
        widths = [w.twips(mm) for mm in widths_mm]
        cells = w.cell(widths[0], left) + w.cell(widths[1], right)
        return w.table(widths, w.row(cells), style_id=self.ids[TABLE_STYLE], borders=False)

    def header(self) -> str:
        doc = self.doc
        left = "".join(self.para(line, "CCHC Header", bold=True) for line in doc.organisation)
        left += self.rule(25, HEADER_COLUMNS_MM[0], after=6)
        left += self.para(doc.number_text, "CCHC Header")
        right = (
            self.para(doc.nation[0], "CCHC Header", bold=True, size=12)
            + self.para(doc.nation[1], "CCHC Header", bold=True, size=13)
            + self.rule(58, HEADER_COLUMNS_MM[1], after=6)
            + self.para(self.whole(doc.place_date), "CCHC Header", italic=True, size=14)
        )
        return self.layout_table(HEADER_COLUMNS_MM, left, right)

    def title(self) -> str:
        doc = self.doc
        return (
            self.para(doc.title, "CCHC Center", bold=True, before_pt=18)
            + self.para(doc.summary, "CCHC Center", bold=True)
            + self.rule(40, TEXT_WIDTH_MM, after=12)
        )

    def body(self) -> str:
        parts = []
        for block in self.doc.body:
            if block.italic and block.italic in block.text:
                before, _, after = block.text.partition(block.italic)
                runs = w.run(before) + w.run(block.italic, italic=True) + w.run(after)
            else:
                runs = w.run(block.text)
            heading = block.style in (HEADING, SUBHEADING)
            style = self.ids["CCHC Heading" if heading else "CCHC Body"]
            parts.append(w.paragraph(style, runs, keep_next=heading))
        return "".join(parts)

    def signature(self) -> str:
        doc = self.doc
        left = self.para(doc.recipients_heading, "CCHC Recipients", bold=True, italic=True, size=12)
        left += "".join(self.para(line, "CCHC Recipients") for line in doc.recipients)
        right = "".join(self.para(line, "CCHC Center", bold=True) for line in doc.signer_titles)
        right += self.para("", "CCHC Center") * 4  # room for the signature
        right += self.para(doc.signer_name, "CCHC Center", bold=True)
        return self.layout_table(SIGNATURE_COLUMNS_MM, left, right)

    def report(self) -> str:
        return (
            self.header()
            + self.title()
            + self.body()
            + self.para("", "CCHC Center")
            + self.signature()
        )

    def annex(self) -> str:
        doc = self.doc
        lines = balanced_lines(doc.annex_title, TITLE_LINE_CHARS)
        title = "".join(
            w.run(line, bold=True, breaks_before=1 if i else 0) for i, line in enumerate(lines)
        )
        return (
            self.para(doc.annex_name, "CCHC Center", bold=True, keep_next=True)
            + w.paragraph(self.ids["CCHC Center"], title, keep_next=True)
            + self.para(doc.annex_subtitle, "CCHC Center", bold=True, keep_next=True)
            + self.rule(40, TEXT_WIDTH_MM, after=6)
            + self.para(self.whole(doc.annex_reference), "CCHC Center", italic=True)
            + "".join(self.annex_table(annex) for annex in doc.tables)
        )

    def header_rows(self, widths) -> str:
        center = self.ids["CCHC Table Center"]

        def bold(text):
            return w.paragraph(center, w.run(text, bold=True), keep_next=True)

        empty = w.paragraph(center, "", keep_next=True)
        label = w.paragraph(
            center,
            w.run(self.doc.column_label, bold=True)
            + w.run(" " + self.doc.column_note, italic=True),
            keep_next=True,
        )
        stt, lab, unit, value, note = widths
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

    def data_row(self, row, widths, *, keep_next: bool) -> str:
        center, left = self.ids["CCHC Table Center"], self.ids["CCHC Table"]
        bold, italic = row.bold, row.italic
        label = w.run(row.label, bold=bold, italic=italic)
        if row.note:
            label += w.run(" " + row.note, italic=True)
        unit = "".join(
            w.run(line, italic=italic, breaks_before=1 if i else 0)
            for i, line in enumerate(row.unit_lines)
        )
        value_align = "right" if row.kind != Kind.HEADING else ""
        stt, lab, unit_width, value, note = widths

        def para(style, runs, align=""):
            return w.paragraph(style, runs, keep_next=keep_next, align=align)

        cells = (
            w.cell(stt, para(center, w.run(row.stt, bold=bold)))
            + w.cell(lab, para(left, label))
            + w.cell(unit_width, para(center, unit))
            + w.cell(value, para(center, w.run(row.text), value_align))
            + w.cell(note, para(center, w.run(row.remark)))
        )
        return w.row(cells)

    def annex_table(self, annex: AnnexTable) -> str:
        """The Biểu mẫu's heading, title and table; the heading, the title, the header rows and
        the first KEPT_ROWS rows keep together."""
        widths = [w.twips(mm) for mm in ANNEX_COLUMNS_MM]
        center = self.ids["CCHC Table Center"]
        heading = w.paragraph(
            center, w.run(annex.heading, bold=True), keep_next=True, keep_lines=True, before_pt=12
        )
        title = w.paragraph(
            center, w.run(annex.title, bold=True), keep_next=True, keep_lines=True, after_pt=6
        )
        kept = min(KEPT_ROWS, len(annex.rows)) - 1
        rows = self.header_rows(widths) + "".join(
            self.data_row(row, widths, keep_next=index < kept)
            for index, row in enumerate(annex.rows)
        )
        notes = "".join(
            w.paragraph(self.ids["CCHC Recipients"], w.run(note), before_pt=3)
            for note in annex.footnotes
        )
        table = w.table(widths, rows, style_id=self.ids[TABLE_STYLE])
        return heading + title + table + notes

    def page_header(self, *, first: bool) -> str:
        """The page number centred (not on a section's first page) and, on a draft, "DỰ THẢO"
        at the right, on one line: a second line would push the text down."""
        runs = w.tab()
        if not first:
            runs += w.page_field(size=14)
        if self.doc.draft:
            runs += w.tab() + w.run("DỰ THẢO", bold=True, size=14)
        stops = (("center", TEXT_WIDTH_MM / 2), ("right", TEXT_WIDTH_MM))
        return w.paragraph(self.ids["CCHC Page Header"], runs, tabs=stops)


def _page_setup(section, writer: _Writer) -> None:
    section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
    section.top_margin, section.bottom_margin = MARGINS["top"], MARGINS["bottom"]
    section.left_margin, section.right_margin = MARGINS["left"], MARGINS["right"]
    section.header_distance = Mm(10)
    section.footer_distance = Mm(10)
    section.different_first_page_header_footer = True
    section.header.is_linked_to_previous = False
    section.first_page_header.is_linked_to_previous = False
    # A header's part is python-docx's public way to its XML (the field and tab stops have no
    # API).
    w.replace_content(section.header.part.element, writer.page_header(first=False))
    w.replace_content(section.first_page_header.part.element, writer.page_header(first=True))


def _restart_numbering(document) -> None:
    """The last section (the annex) numbers its pages from 1. python-docx has no API for
    w:pgNumType; the last section's properties are the body's, reached through the document's
    public ``element``."""
    sect_pr = document.element.body.sectPr
    number_type = OxmlElement("w:pgNumType", {qn("w:start"): "1"})
    sect_pr.insert_element_before(number_type, *AFTER_PGNUMTYPE)


def _properties(document, doc: Document) -> None:
    props = doc.properties
    core = document.core_properties
    core.title = props.title
    core.subject = props.subject
    core.author = props.author
    core.keywords = props.keywords
    core.comments = ""
    core.category = props.category
    core.content_status = props.status
    core.language = props.language
    core.last_modified_by = props.author
    core.created = core.modified = props.created.replace(tzinfo=None)
    core.revision = 1


def render(doc: Document) -> bytes:
    template, ids = _template()
    document = open_document(BytesIO(template))
    writer = _Writer(doc, ids)
    _page_setup(document.sections[0], writer)
    w.append(document, writer.report())
    annex = document.add_section(WD_SECTION.NEW_PAGE)
    _page_setup(annex, writer)
    _restart_numbering(document)
    w.append(document, writer.annex())
    _properties(document, doc)
    out = BytesIO()
    document.save(out)
    props = doc.properties
    return package.finish(
        out.getvalue(), company=props.author, language=props.language, created=props.created
    )
