"""The Word report read back with python-docx: layout by Nghị định 30/2020, fonts, header,
section II and the seven tables of Phụ lục III against the seed."""

import zipfile
from datetime import UTC, date, datetime
from io import BytesIO

import pytest
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
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


def text(paragraph) -> str:
    """A paragraph's text with non-breaking spaces (kept inside place names) as spaces."""
    return paragraph.text.replace("\xa0", " ")


def body_texts(document) -> list[str]:
    return [text(p) for p in document.paragraphs]


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
    assert [text(p) for p in right_lines] == [
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
        # One line: a tab to the centre of the text width, the number, (a draft's mark at the
        # right margin).
        header = section.header.paragraphs[0]
        stops = [(s.alignment, round(s.position.mm)) for s in header.paragraph_format.tab_stops]
        assert stops == [(WD_TAB_ALIGNMENT.CENTER, 82), (WD_TAB_ALIGNMENT.RIGHT, 165)]
        assert header.text == "\t1"  # the PAGE field's cached text after the centring tab
        assert not _has_page_field(section.first_page_header)
        assert "DỰ THẢO" not in section.header.paragraphs[0].text  # approved: no draft mark
    # The annex is numbered on its own.
    number_type = seed_docx.sections[1]._sectPr.find(qn("w:pgNumType"))
    assert number_type.get(qn("w:start")) == "1"


def test_annex_title_and_seven_tables_match_the_seed(seed_docx):
    texts = body_texts(seed_docx)
    start = texts.index("Phụ lục III")
    assert texts[start + 1 : start + 3] == [
        # Two even lines, never "ĐỊNH KỲ" alone.
        "BIỂU MẪU THỐNG KÊ SỐ LIỆU BÁO CÁO\nCẢI CÁCH HÀNH CHÍNH ĐỊNH KỲ",
        "(Dành cho UBND các xã, phường, đặc khu)",
    ]
    reference = next(p for p in seed_docx.paragraphs if p.text.startswith("(Ban hành kèm"))
    assert text(reference) == (
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


def test_draft_says_so_on_every_page(draft_report):
    document = Document(BytesIO(docx_bytes(draft_report)))
    for section in document.sections:
        # Every page of a section takes its first-page or its other-pages header.
        for header in (section.first_page_header, section.header):
            paragraph = header.paragraphs[0]
            assert paragraph.text.endswith("\tDỰ THẢO")
            assert paragraph.runs[-1].bold
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
    assert text(right.paragraphs[-1]) == "Nam Thanh Miện, ngày 05 tháng 7 năm 2026"
    assert (
        "(Ban hành kèm theo Báo cáo số 07/BC-UBND ngày 05/07/2026 của UBND xã Nam Thanh Miện)"
        in body_texts(document)
    )
    assert "DỰ THẢO" not in document.sections[0].first_page_header.paragraphs[0].text


def _package(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def test_every_run_style_and_default_is_vietnamese(seed_report, draft_report):
    for report in (seed_report, draft_report):
        data = docx_bytes(report)
        document = Document(BytesIO(data))
        roots = [document.element] + [
            header.part.element
            for section in document.sections
            for header in (section.header, section.first_page_header)
        ]
        runs = [r for root in roots for r in root.iter(qn("w:r"))]
        assert len(runs) > 400
        for run in runs:
            lang = run.find(qn("w:rPr")).find(qn("w:lang"))
            assert lang is not None, run.xml[:200]
            assert (lang.get(qn("w:val")), lang.get(qn("w:eastAsia"))) == ("vi-VN", "vi-VN")
        styles = document.styles.element
        defaults = styles.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
        assert defaults.find(qn("w:lang")).get(qn("w:val")) == "vi-VN"
        for style in document.styles:
            rpr = style.element.find(qn("w:rPr"))
            if rpr is not None and rpr.find(qn("w:lang")) is not None:
                assert rpr.find(qn("w:lang")).get(qn("w:val")) == "vi-VN", style.name
        assert document.styles["CCHC Body"].element.find(qn("w:rPr")).find(qn("w:lang")) is not None
        settings = document.settings.element.find(qn("w:themeFontLang"))
        assert settings.get(qn("w:val")) == "vi-VN"
        assert b"en-US" not in _package(data)["word/styles.xml"]


def test_core_and_extended_properties(seed_report, draft_report):
    from reports.exports import content_for_export
    from reports.exports.builder import identity

    data = docx_bytes(seed_report)
    core = Document(BytesIO(data)).core_properties
    snapshot = seed_report.snapshots.get(reason="approved")
    assert core.title == "Báo cáo công tác cải cách hành chính Quý II năm 2026"
    assert core.author == core.last_modified_by == "UBND xã Nam Thanh Miện"
    assert core.subject == identity(content_for_export(seed_report)).line
    assert core.subject.startswith(
        f"cchc:commune={seed_report.commune_id};period=2026-Q2;status=approved;content="
    )
    assert core.language == "vi-VN"
    assert core.content_status == "Đã duyệt"
    assert core.comments == ""
    assert core.revision == 1
    # A frozen report's files take the snapshot's time, so they are the same bytes each time.
    frozen = snapshot.created_at.replace(microsecond=0)
    assert core.created == core.modified == frozen
    assert docx_bytes(seed_report) == data
    draft = Document(BytesIO(docx_bytes(draft_report))).core_properties
    assert draft.content_status == "Dự thảo"
    assert abs((datetime.now(UTC) - draft.created).total_seconds()) < 60
    parts = _package(data)
    app = parts["docProps/app.xml"].decode()
    assert "<Application>Báo cáo CCHC cấp xã</Application>" in app
    assert "<Company>UBND xã Nam Thanh Miện</Company>" in app
    # Nothing left of the library's template.
    assert "docProps/thumbnail.jpeg" not in parts
    assert not any(name.startswith("customXml/") for name in parts)
    assert "word/stylesWithEffects.xml" not in parts
    for name, content in parts.items():
        for leftover in (b"python-docx", b"Macintosh", b"2013-12-23", b"thumbnail"):
            assert leftover not in content, (name, leftover)


def test_styles_named_in_the_xml_are_the_documents_own(seed_docx):
    ids = {style.style_id for style in seed_docx.styles}
    used = {
        element.get(qn("w:val"))
        for tag in ("w:pStyle", "w:tblStyle")
        for element in seed_docx.element.iter(qn(tag))
    }
    assert used <= ids
    assert {"CCHCBody", "CCHCTableCenter", "TableGrid"} <= used
    assert len(ids) < 20  # the library template's 164 styles are gone


def _text_of(element) -> str:
    return "".join(t.text or "" for t in element.iter(qn("w:t")))


def _annex_blocks(document):
    """The annex's paragraphs and tables in order (the first two tables are the header and the
    signature block)."""
    body = document.element.body
    start = next(i for i, el in enumerate(body) if _text_of(el) == "Phụ lục III")
    return list(body)[start:]


def test_phu_luc_flows_with_each_title_kept_with_its_table(seed_docx):
    blocks = _annex_blocks(seed_docx)
    tables = [i for i, el in enumerate(blocks) if el.tag == qn("w:tbl")]
    assert len(tables) == 7
    for index in tables:
        heading, title = blocks[index - 2], blocks[index - 1]
        assert _text_of(heading).startswith("Biểu mẫu")
        for paragraph in (heading, title):
            assert paragraph.find(qn("w:pPr")).find(qn("w:keepNext")) is not None
        rows = blocks[index].findall(qn("w:tr"))
        data = rows[2:]
        for row in rows:
            assert row.find(qn("w:trPr")).find(qn("w:cantSplit")) is not None
        # The header rows and the first five data rows keep together (each row's paragraphs
        # keep with the next row); the rest may break.
        kept = [
            all(p.find(qn("w:pPr")).find(qn("w:keepNext")) is not None for p in row.iter(qn("w:p")))
            for row in rows
        ]
        expected = [True, True] + [i < min(5, len(data)) - 1 for i in range(len(data))]
        assert kept == expected


def test_units_fit_and_numbers_align(seed_docx):
    table = seed_docx.tables[2]  # Biểu mẫu 1
    widths = [round(c.width.mm) for c in table.rows[2].cells]
    assert widths == [14, 71, 34, 20, 26] and sum(widths) == 165
    row = next(r for r in table.rows if r.cells[0].text == "4.3.")
    assert row.cells[2].text == "Trực tuyến = 0\nPhát phiếu = 1\nKết hợp = 2"  # 3 lines
    # The code "0" right-aligned like every other number.
    assert row.cells[3].text == "0"
    for other in table.rows[2:]:
        if other.cells[3].text:
            assert other.cells[3].paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.RIGHT


def test_place_names_never_break(seed_docx):
    place = seed_docx.tables[0].rows[0].cells[1].paragraphs[-1]
    assert place.text.startswith("Nam\xa0Thanh\xa0Miện, ngày")
    reference = next(p for p in seed_docx.paragraphs if p.text.startswith("(Ban hành kèm"))
    assert reference.text.endswith("của UBND xã Nam\xa0Thanh\xa0Miện)")


def test_balanced_lines():
    from reports.exports.docx import balanced_lines

    title = "BIỂU MẪU THỐNG KÊ SỐ LIỆU BÁO CÁO CẢI CÁCH HÀNH CHÍNH ĐỊNH KỲ"
    assert balanced_lines(title, 52) == [
        "BIỂU MẪU THỐNG KÊ SỐ LIỆU BÁO CÁO",
        "CẢI CÁCH HÀNH CHÍNH ĐỊNH KỲ",
    ]
    assert balanced_lines("NGẮN", 52) == ["NGẮN"]
    assert balanced_lines("X " * 60, 52) == ["X " * 60]  # longer than two lines: left to wrap
