"""The narrative read against the seed, line by line.

The seed is not consistent everywhere; the application prints one way and these are the seed's
lines it deliberately prints differently (seed line → printed line):
- a stray comma and a capital "Hồ sơ" inside a sentence;
- a bullet with no full stop ("tiếp nhận: 11");
- sub-bullets written "- + …" (a bullet marker and a sub-bullet marker): printed "+ …";
- "Công Dịch vụ công quốc gia" (for "Cổng") and a missing full stop;
- "Hợp đồng lao động 33 người." with no colon, unlike every other figure line.
"""

from pathlib import Path

import pytest

from reports import narrative
from reports.content import ReportContent, report_content
from reports.narrative import BULLET, HEADING, PARAGRAPH, SUBBULLET, SUBHEADING, Block

SEED = Path(__file__).parent / "data" / "seed_report.txt"

SEED_CORRECTIONS = {
    "- Đang giải quyết: 33 hồ sơ, (trong đó 32 hồ sơ trong hạn, 01 Hồ sơ yêu cầu bổ sung).": (
        "- Đang giải quyết: 33 hồ sơ (trong đó 32 hồ sơ trong hạn, 01 hồ sơ yêu cầu bổ sung)."
    ),
    "- Tổng số phản ánh kiến nghị tiếp nhận: 11": "- Tổng số phản ánh kiến nghị tiếp nhận: 11.",
    "- + 02 phản ánh trên hệ thống tổng đài 1022 Hải Phòng.": (
        "+ 02 phản ánh trên hệ thống tổng đài 1022 Hải Phòng."
    ),
    "- + 09 phản ánh trên Công Dịch vụ công quốc gia": (
        "+ 09 phản ánh trên Cổng Dịch vụ công quốc gia."
    ),
    "- Hợp đồng lao động 33 người.": "- Hợp đồng lao động: 33 người.",
}


def seed_lines(start: str, end: str) -> list[str]:
    """The seed's non-empty lines from ``start`` up to and including ``end`` (italics markers
    removed, known slips corrected)."""
    lines = [line.strip().replace("*", "") for line in SEED.read_text().splitlines()]
    lines = [line for line in lines if line]
    first = next(i for i, line in enumerate(lines) if line.startswith(start))
    last = next(i for i, line in enumerate(lines) if line.startswith(end) and i >= first)
    return [SEED_CORRECTIONS.get(line, line) for line in lines[first : last + 1]]


@pytest.fixture
def seed_content(seed_report):
    return report_content(seed_report)


def test_section_two_matches_the_seed_line_by_line(seed_content):
    printed = [block.text for block in narrative.section_two(seed_content)]
    expected = seed_lines("II. KẾT QUẢ", "- 43/43 thủ tục")
    assert printed == expected


def test_whole_body_matches_the_seed_from_basis_to_closing(seed_content):
    printed = [block.text for block in narrative.body(seed_content)]
    assert printed == seed_lines("Thực hiện Công văn số 2237", "Trên đây là báo cáo")


def test_styles_of_section_two(seed_content):
    blocks = narrative.section_two(seed_content)
    assert blocks[0] == Block(HEADING, "II. KẾT QUẢ THỰC HIỆN CÔNG TÁC CCHC QUÝ II NĂM 2026")
    by_text = {b.text: b for b in blocks}
    assert by_text["1. Cải cách thể chế"].style == SUBHEADING
    assert by_text["Kết quả giải quyết:"].style == PARAGRAPH
    assert by_text["- Đã giải quyết: 5.650 hồ sơ."].style == BULLET
    assert by_text["+ Hồ sơ trực tuyến: 5.660 hồ sơ."].style == SUBBULLET
    tthc = blocks[next(i for i, b in enumerate(blocks) if b.text.startswith("- Tổng số TTHC"))]
    assert (
        tthc.italic
        == "trong đó 155 thủ tục DVC trực tuyến một phần, 220 thủ tục DVC trực tuyến toàn trình"
    )
    assert tthc.italic in tthc.text


def test_section_four_names_the_next_period(seed_content):
    assert narrative.section_four(seed_content)[0].text == (
        "IV. PHƯƠNG HƯỚNG, NHIỆM VỤ QUÝ III NĂM 2026"
    )
    seed_content.period = "2026-Q4"
    assert narrative.section_four(seed_content)[0].text == (
        "IV. PHƯƠNG HƯỚNG, NHIỆM VỤ QUÝ I NĂM 2027"
    )


def test_text_blocks_markers():
    blocks = narrative.text_blocks("1. Mặt tích cực\n- Một\n+ Hai\n\nĐoạn văn.\n")
    assert blocks == [
        Block(SUBHEADING, "1. Mặt tích cực"),
        Block(BULLET, "- Một"),
        Block(SUBBULLET, "+ Hai"),
        Block(PARAGRAPH, "Đoạn văn."),
    ]


def blank_content(**values) -> ReportContent:
    return ReportContent(
        commune_name="Tân Kỳ",
        commune_kind="xã",
        city_name="Hải Phòng",
        period="2026-Q3",
        status="draft",
        values=values,
    )


def test_blank_figures_print_as_dots_and_zero_late_says_none():
    content = blank_content(**{"ii.apps_late": 0, "b3.pakn_received": 0})
    texts = [b.text for b in narrative.section_two(content)]
    assert "- Tổng số hồ sơ tiếp nhận: … hồ sơ." in texts
    assert "- Không có hồ sơ quá hạn." in texts
    # A zero base gives no ratio, never 0% or an error.
    assert "- Kết quả xử lý: …/0 phản ánh được giải quyết, đạt tỷ lệ …." in texts
    assert "- Tỷ lệ giải ngân đạt: …." in texts
    assert not any(t.startswith("+ ") for t in texts)  # no breakdown without figures


def test_other_breakdowns_appear_when_they_have_figures():
    content = blank_content(
        **{
            "ii.apps_direct": 7,
            "ii.apps_pending": 4,
            "ii.apps_pending_late": 4,
            "b6.units_total": 5,
            "b6.units_partly_funded": 2,
            "b6.investment_plan": 3,
            "b6.investment_disbursed": 1,
        }
    )
    texts = [b.text for b in narrative.section_two(content)]
    assert "+ Hồ sơ trực tiếp: 7 hồ sơ." in texts
    assert "- Đang giải quyết: 4 hồ sơ (trong đó 04 hồ sơ quá hạn)." in texts
    assert "- 2/5 đơn vị tự bảo đảm một phần chi thường xuyên." in texts
    assert "- Tỷ lệ giải ngân đạt: 33,33%." in texts
