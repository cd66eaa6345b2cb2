"""The Word report read back with python-docx: layout by Nghị định 30/2020, fonts, header,
section II and the seven tables of Phụ lục III against the seed."""

from datetime import date
from io import BytesIO

import pytest
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn

from reports.exports import docx_bytes
from reports.models import Report, Status
from tests.seed_annex import seed_annex
from tests.test_narrative import seed_lines

FONT_SLOTS = ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs")
THEME_SLOTS = ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme")


@pytest.fixture
def seed_docx(seed_report):
    return Document(BytesIO(docx_bytes(seed_report)))


def mm(length) -> float:
    return round(length.mm, 1)


def body_texts(document) -> list[str]:
    return [p.text for p in document.paragraphs]


def all_runs(document):
    for paragraph in document.paragraphs:
        yield from paragraph.runs
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                for paragraph in cell.paragraphs:
                    yield from paragraph.runs
    for section in document.sections:
        for header in (section.header, section.first_page_header):
            for paragraph in header.paragraphs:
                yield from paragraph.runs


def assert_times_new_roman(rpr):
    fonts = rpr.find(qn("w:rFonts"))
    assert fonts is not None
    assert [fonts.get(qn(slot)) for slot in FONT_SLOTS] == ["Times New Roman"] * 4
    assert [fonts.get(qn(slot)) for slot in THEME_SLOTS] == [None] * 4


def test_a4_and_margins_in_every_section(seed_docx):
    assert len(seed_docx.sections) == 2  # the report, then Phụ lục III on a new page
    for section in seed_docx.sections:
        assert (mm(section.page_width), mm(section.page_height)) == (210, 297)
        assert mm(section.left_margin) == 30  # decree: 30–35
        assert mm(section.right_margin) == 15  # decree: 15–20
        assert mm(section.top_margin) == 20  # decree: 20–25
        assert mm(section.bottom_margin) == 20  # decree: 20–25
    assert seed_docx.sections[1].start_type == 2  # WD_SECTION.NEW_PAGE


def test_times_new_roman_in_all_four_slots_of_every_run_and_style(seed_docx):
    runs = list(all_runs(seed_docx))
    assert len(runs) > 300
    for run in runs:
        assert_times_new_roman(run._r.rPr)
    defaults = seed_docx.styles.element.find(qn("w:docDefaults"))
    assert_times_new_roman(defaults.find(qn("w:rPrDefault")).find(qn("w:rPr")))
    for style in seed_docx.styles:
        rpr = style.element.find(qn("w:rPr"))
        if rpr is not None and rpr.find(qn("w:rFonts")) is not None:
            assert_times_new_roman(rpr)


def test_body_text_is_14pt_justified_with_first_line_indent(seed_docx):
    style = seed_docx.styles["CCHC Body"]
    assert style.font.size.pt == 14
    assert style.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY
    assert style.paragraph_format.first_line_indent.cm == pytest.approx(1.27, abs=0.01)
    assert style.paragraph_format.space_after.pt >= 6


def test_header_table(seed_docx):
    header = seed_docx.tables[0]
    left, right = header.rows[0].cells
    lines = [p.text for p in left.paragraphs if p.text]
    assert lines == ["ỦY BAN NHÂN DÂN", "XÃ NAM THANH MIỆN", "Số: …/BC-UBND"]
    assert all(r.bold for p in left.paragraphs[:2] for r in p.runs)
    assert left.paragraphs[0].runs[0].font.size is None  # 13 pt from the style
    assert seed_docx.styles["CCHC Header"].font.size.pt == 13
    right_lines = [p for p in right.paragraphs if p.text]
    assert [p.text for p in right_lines] == [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Nam Thanh Miện, ngày … tháng … năm 2026",
    ]
    assert right_lines[0].runs[0].bold and right_lines[0].runs[0].font.size.pt == 12
    assert right_lines[1].runs[0].bold and right_lines[1].runs[0].font.size.pt == 13
    assert right_lines[2].runs[0].italic and right_lines[2].runs[0].font.size.pt == 14
    # The rules under the organisation and the motto: paragraphs with a bottom border.
    for cell in (left, right):
        assert any(p._p.pPr.find(qn("w:pBdr")) is not None for p in cell.paragraphs)
    borders = header._tbl.tblPr.find(qn("w:tblBorders"))
    assert {b.get(qn("w:val")) for b in borders} == {"nil"}


def test_title_summary_and_closing(seed_docx):
    paragraphs = seed_docx.paragraphs
    title = next(p for p in paragraphs if p.text == "BÁO CÁO")
    assert title.alignment is None or title.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert title.style.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert title.runs[0].bold
    summary = next(p for p in paragraphs if p.text.startswith("Công tác cải cách"))
    assert summary.text == "Công tác cải cách hành chính Quý II năm 2026"
    assert summary.runs[0].bold
    assert "DỰ THẢO" not in "".join(body_texts(seed_docx))  # approved: no draft mark


def test_every_line_of_the_seed_body_in_order(seed_docx):
    texts = [t for t in body_texts(seed_docx) if t]
    expected = seed_lines("Thực hiện Công văn số 2237", "Trên đây là báo cáo")
    start = texts.index(expected[0])
    assert texts[start : start + len(expected)] == expected
    assert texts[start + len(expected) - 1].endswith("./.")
    italic = next(p for p in seed_docx.paragraphs if p.text.startswith("- Tổng số TTHC"))
    assert [r.italic for r in italic.runs] == [None, True, None]
    heading = next(p for p in seed_docx.paragraphs if p.text.startswith("II. KẾT QUẢ"))
    assert heading.style.name == "CCHC Heading" and heading.style.font.bold


def test_signature_block(seed_docx):
    signature = seed_docx.tables[1]
    left, right = signature.rows[0].cells
    heading = left.paragraphs[0]
    assert heading.text == "Nơi nhận:"
    assert heading.runs[0].bold and heading.runs[0].italic and heading.runs[0].font.size.pt == 12
    assert [p.text for p in left.paragraphs[1:]] == [
        "- UBND Thành phố;",
        "- Sở Nội vụ thành phố Hải Phòng;",
        "- TT Đảng ủy;",
        "- TT HĐND;",
        "- Lãnh đạo UBND;",
        "- Lưu: VT, VHXX.",
    ]
    assert seed_docx.styles["CCHC Recipients"].font.size.pt == 11
    lines = [p for p in right.paragraphs if p.text]
    assert [p.text for p in lines] == [
        "TM. ỦY BAN NHÂN DÂN",
        "KT. CHỦ TỊCH",
        "PHÓ CHỦ TỊCH",
        "Vũ Văn Nguyễn",
    ]
    assert all(p.runs[0].bold for p in lines)
    assert len(right.paragraphs) - len(lines) >= 3  # room for the signature


def _has_page_field(header) -> bool:
    return any(
        (instr.text or "").strip() == "PAGE" for instr in header._element.iter(qn("w:instrText"))
    )


def test_page_numbers_from_page_two_centred_at_top(seed_docx):
    for section in seed_docx.sections:
        assert section.different_first_page_header_footer
        assert _has_page_field(section.header)
        assert section.header.paragraphs[0].style.paragraph_format.alignment == (
            WD_ALIGN_PARAGRAPH.CENTER
        )
        assert not _has_page_field(section.first_page_header)
    # The annex is numbered on its own.
    number_type = seed_docx.sections[1]._sectPr.find(qn("w:pgNumType"))
    assert number_type.get(qn("w:start")) == "1"


def test_annex_title_and_seven_tables_match_the_seed(seed_docx):
    texts = body_texts(seed_docx)
    start = texts.index("Phụ lục III")
    assert texts[start + 1 : start + 3] == [
        "BIỂU MẪU THỐNG KÊ SỐ LIỆU BÁO CÁO CẢI CÁCH HÀNH CHÍNH ĐỊNH KỲ",
        "(Dành cho UBND các xã, phường, đặc khu)",
    ]
    reference = next(p for p in seed_docx.paragraphs if p.text.startswith("(Ban hành kèm"))
    assert reference.text == (
        "(Ban hành kèm theo Báo cáo số …/BC-UBND ngày …/…/2026 của UBND xã Nam Thanh Miện)"
    )
    assert reference.runs[0].italic
    tables = seed_docx.tables[2:]
    expected = seed_annex()
    assert len(tables) == 7
    for number, table in enumerate(tables, start=1):
        assert texts.count(f"Biểu mẫu {number}") == 1
        rows = table.rows
        assert [c.text for c in rows[1].cells] == [
            "STT",
            "Chỉ tiêu thống kê (Sử dụng trong kỳ báo cáo hàng quý, 6 tháng, năm)",
            "Đơn vị tính",
            "Số liệu",
            "Ghi chú",
        ]
        for header_row in rows[:2]:
            assert header_row._tr.trPr.find(qn("w:tblHeader")) is not None
        printed = [
            {
                "stt": cells[0].text,
                "label": cells[1].text,
                "unit": cells[2].text.replace("\n", " "),
                "value": cells[3].text,
                "remark": cells[4].text,
            }
            for cells in (row.cells for row in rows[2:])
        ]
        seed = [{k: v for k, v in row.items() if k != "italic"} for row in expected[f"b{number}"]]
        assert printed == seed, f"Biểu mẫu {number}"
        for row, seed_row in zip(rows[2:], expected[f"b{number}"], strict=True):
            label_runs = row.cells[1].paragraphs[0].runs
            assert bool(label_runs[0].italic) == seed_row["italic"], seed_row["stt"]


def test_italic_notes_are_italic(seed_docx):
    table = seed_docx.tables[2]
    label = table.rows[2].cells[1].paragraphs[0]
    assert [r.text for r in label.runs] == [
        "Số văn bản chỉ đạo CCHC đã ban hành",
        " (Kết luận, chỉ thị, công văn chỉ đạo, quán triệt)",
    ]
    assert [bool(r.italic) for r in label.runs] == [False, True]


def test_draft_says_so(draft_report):
    document = Document(BytesIO(docx_bytes(draft_report)))
    for section in document.sections:
        assert "DỰ THẢO" in section.first_page_header.paragraphs[0].text
    assert document.tables[0].rows[0].cells[0].paragraphs[-1].text == "Số: …/BC-UBND"


def test_issued_report_carries_number_and_date(seed_report):
    # The workflow issues reports; here the row is set directly (the model refuses saves of
    # a frozen report).
    Report.objects.filter(pk=seed_report.pk).update(
        status=Status.ISSUED, number=7, issued_on=date(2026, 7, 5), issued_year=2026
    )
    seed_report.refresh_from_db()
    document = Document(BytesIO(docx_bytes(seed_report)))
    left, right = document.tables[0].rows[0].cells
    assert left.paragraphs[-1].text == "Số: 07/BC-UBND"
    assert right.paragraphs[-1].text == "Nam Thanh Miện, ngày 05 tháng 7 năm 2026"
    assert (
        "(Ban hành kèm theo Báo cáo số 07/BC-UBND ngày 05/07/2026 của UBND xã Nam Thanh Miện)"
        in body_texts(document)
    )
    assert "DỰ THẢO" not in document.sections[0].first_page_header.paragraphs[0].text
