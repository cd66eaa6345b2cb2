"""WordprocessingML written directly for the body of the Word report (header, narrative,
signature block, the annex tables) and its page headers.

python-docx has no API for paragraph borders, fields, tab stops in a table cell or row
properties, and going through its object layer costs a schema-order search for every element
it adds (several per run); writing the same elements as text and parsing them once is several
times faster, and the result is the same XML that python-docx reads back. Every run names Times
New Roman in all four font slots and the Vietnamese language (Word spell-checks by it). The
style ids are given by the caller, who reads them from python-docx.
"""

from xml.sax.saxutils import escape

from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

from .builder import LANGUAGE

FONT = "Times New Roman"
FONT_SLOTS = ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs")
# Vietnamese for Latin and East Asian text; complex scripts keep Word's own default.
LANG_ATTRIBUTES = {"w:val": LANGUAGE, "w:eastAsia": LANGUAGE, "w:bidi": "ar-SA"}


def _element(tag: str, attributes: dict[str, str]) -> str:
    return f"<{tag} " + " ".join(f'{key}="{value}"' for key, value in attributes.items()) + "/>"


RFONTS = _element("w:rFonts", dict.fromkeys(FONT_SLOTS, FONT))
LANG = _element("w:lang", LANG_ATTRIBUTES)
TWIPS_PER_MM = 1440 / 25.4


def twips(mm: float) -> int:
    return round(mm * TWIPS_PER_MM)


def run(text: str, *, bold=False, italic=False, size=None, breaks_before=0) -> str:
    props = RFONTS
    if bold:
        props += "<w:b/><w:bCs/>"
    if italic:
        props += "<w:i/><w:iCs/>"
    if size:
        props += f'<w:sz w:val="{round(size * 2)}"/><w:szCs w:val="{round(size * 2)}"/>'
    props += LANG
    body = "<w:br/>" * breaks_before
    if text:
        body += f'<w:t xml:space="preserve">{escape(text)}</w:t>'
    return f"<w:r><w:rPr>{props}</w:rPr>{body}</w:r>"


def tab(**run_format) -> str:
    return run("", **run_format).replace("</w:rPr>", "</w:rPr><w:tab/>")


def page_field(**run_format) -> str:
    """A PAGE field: Word and LibreOffice compute the number; "1" is only the cached text."""

    def char(kind):
        return run("", **run_format).replace(
            "</w:rPr>", f'</w:rPr><w:fldChar w:fldCharType="{kind}"/>'
        )

    instruction = run("", **run_format).replace(
        "</w:rPr>", '</w:rPr><w:instrText xml:space="preserve"> PAGE </w:instrText>'
    )
    return char("begin") + instruction + char("separate") + run("1", **run_format) + char("end")


def paragraph(
    style_id: str,
    runs: str,
    *,
    keep_next=False,
    keep_lines=False,
    align="",
    before_pt=None,
    after_pt=None,
    line_pt=None,
    indent_mm=None,
    tabs=(),
    rule=False,
) -> str:
    """A paragraph; the properties go in the order the schema fixes. ``tabs`` are (kind,
    position in mm) pairs; ``rule`` draws a line under the paragraph; ``indent_mm`` indents
    both sides."""
    props = f'<w:pStyle w:val="{style_id}"/>'
    if keep_next:
        props += "<w:keepNext/>"
    if keep_lines:
        props += "<w:keepLines/>"
    if rule:
        props += '<w:pBdr><w:bottom w:val="single" w:sz="6" w:space="1" w:color="000000"/></w:pBdr>'
    if tabs:
        stops = "".join(f'<w:tab w:val="{kind}" w:pos="{twips(mm)}"/>' for kind, mm in tabs)
        props += f"<w:tabs>{stops}</w:tabs>"
    if before_pt is not None or after_pt is not None or line_pt is not None:
        spacing = ""
        if before_pt is not None:
            spacing += f' w:before="{round(before_pt * 20)}"'
        if after_pt is not None:
            spacing += f' w:after="{round(after_pt * 20)}"'
        if line_pt is not None:
            spacing += f' w:line="{round(line_pt * 20)}" w:lineRule="exact"'
        props += f"<w:spacing{spacing}/>"
    if indent_mm is not None:
        side = twips(indent_mm)
        props += f'<w:ind w:left="{side}" w:right="{side}"/>'
    if align:
        props += f'<w:jc w:val="{align}"/>'
    return f"<w:p><w:pPr>{props}</w:pPr>{runs}</w:p>"


def cell(width: int, content: str, *, span=1, merge="", center=False) -> str:
    props = f'<w:tcW w:w="{width}" w:type="dxa"/>'
    if span > 1:
        props += f'<w:gridSpan w:val="{span}"/>'
    if merge == "restart":
        props += '<w:vMerge w:val="restart"/>'
    elif merge == "continue":
        props += "<w:vMerge/>"
    if center:
        props += '<w:vAlign w:val="center"/>'
    return f"<w:tc><w:tcPr>{props}</w:tcPr>{content}</w:tc>"


def row(cells: str, *, header=False) -> str:
    """A table row that never breaks across pages; a header row repeats on every page."""
    props = "<w:cantSplit/>" + ("<w:tblHeader/>" if header else "")
    return f"<w:tr><w:trPr>{props}</w:trPr>{cells}</w:tr>"


def table(widths: list[int], rows: str, *, style_id: str, borders=True) -> str:
    """A fixed-layout table, centred; ``borders=False`` for the layout tables of the header and
    the signature block."""
    grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
    edges = ""
    if not borders:
        edges = (
            "<w:tblBorders>"
            + "".join(
                f'<w:{edge} w:val="nil"/>'
                for edge in ("top", "left", "bottom", "right", "insideH", "insideV")
            )
            + "</w:tblBorders>"
        )
    return (
        f'<w:tbl><w:tblPr><w:tblStyle w:val="{style_id}"/>'
        f'<w:tblW w:w="{sum(widths)}" w:type="dxa"/><w:jc w:val="center"/>{edges}'
        '<w:tblLayout w:type="fixed"/>'
        '<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="1" '
        'w:lastColumn="0" w:noHBand="0" w:noVBand="1"/></w:tblPr>'
        f"<w:tblGrid>{grid}</w:tblGrid>{rows}</w:tbl>"
    )


def parse(xml: str) -> list:
    """Paragraphs and tables written here, as python-docx elements."""
    return list(parse_xml(f"<w:body {nsdecls('w')}>{xml}</w:body>"))


def append(document, xml: str) -> None:
    """Parse ``xml`` (paragraphs and tables) once and add it at the end of the document's body
    (before its last section's properties)."""
    body = document.element.body
    anchor = body.sectPr
    for element in parse(xml):
        if anchor is not None:
            anchor.addprevious(element)
        else:
            body.append(element)


def replace_content(root, xml: str) -> None:
    """Make ``xml`` the whole content of a header or footer (its root element)."""
    for child in list(root):
        root.remove(child)
    for element in parse(xml):
        root.append(element)
