"""WordprocessingML written directly for the long, regular parts of the report (the body
paragraphs and the annex tables).

Going through python-docx's object layer costs a schema-order search for every element it adds
(several per run); writing the same elements as text and parsing them once is several times
faster, and the result is the same XML that python-docx reads back. Every run names Times New
Roman in all four font slots.
"""

from xml.sax.saxutils import escape

from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

FONT = "Times New Roman"
RFONTS = f'<w:rFonts w:ascii="{FONT}" w:hAnsi="{FONT}" w:eastAsia="{FONT}" w:cs="{FONT}"/>'
TWIPS_PER_MM = 1440 / 25.4


def twips(mm: float) -> int:
    return round(mm * TWIPS_PER_MM)


def run(text: str, *, bold=False, italic=False, size=None, breaks_before=0) -> str:
    props = RFONTS
    if bold:
        props += "<w:b/>"
    if italic:
        props += "<w:i/>"
    if size:
        props += f'<w:sz w:val="{size * 2}"/><w:szCs w:val="{size * 2}"/>'
    body = "<w:br/>" * breaks_before
    if text:
        body += f'<w:t xml:space="preserve">{escape(text)}</w:t>'
    return f"<w:r><w:rPr>{props}</w:rPr>{body}</w:r>"


def paragraph(
    style_id: str, runs: str, *, keep_next=False, align="", before_pt=0, after_pt=None
) -> str:
    props = f'<w:pStyle w:val="{style_id}"/>'
    if keep_next:
        props += "<w:keepNext/>"
    if before_pt or after_pt is not None:
        after = "" if after_pt is None else f' w:after="{after_pt * 20}"'
        props += f'<w:spacing w:before="{before_pt * 20}"{after}/>'
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
    props = "<w:cantSplit/>" + ("<w:tblHeader/>" if header else "")
    return f"<w:tr><w:trPr>{props}</w:trPr>{cells}</w:tr>"


def table(widths: list[int], rows: str, *, style_id="TableGrid") -> str:
    grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
    return (
        f'<w:tbl><w:tblPr><w:tblStyle w:val="{style_id}"/>'
        f'<w:tblW w:w="{sum(widths)}" w:type="dxa"/><w:jc w:val="center"/>'
        '<w:tblLayout w:type="fixed"/>'
        '<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="1" '
        'w:lastColumn="0" w:noHBand="0" w:noVBand="1"/></w:tblPr>'
        f"<w:tblGrid>{grid}</w:tblGrid>{rows}</w:tbl>"
    )


def append(document, xml: str) -> None:
    """Parse ``xml`` (paragraphs and tables) once and add it at the end of the document."""
    body = document.element.body
    fragment = parse_xml(f"<w:body {nsdecls('w')}>{xml}</w:body>")
    anchor = body.sectPr
    for element in list(fragment):
        if anchor is not None:
            anchor.addprevious(element)
        else:
            body.append(element)
