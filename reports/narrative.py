"""The report's narrative as blocks of text, in the seed's wording.

Section II is written from the figures (the Biểu rows and the section "ii" figures) with the free
texts of its subsections in between; the other sections come from the report's texts. A block's
``text`` is exactly what is printed, markers included ("- ", "+ "); its ``style`` says how:
heading (upper case, bold), subheading ("1. Mặt tích cực", bold), paragraph, bullet, subbullet.
``italic`` names a part of the text printed in italics (the seed's "(trong đó …)").

Numbers follow one rule (the seed mostly does, see ``tests/test_narrative.py`` for where it does
not): thousands grouped with a dot, ratios as ``format_percent`` prints them; a count that opens a
phrase of running text takes the leading zero of administrative style ("Có 01 hồ sơ quá hạn",
"+ 02 phản ánh"), a count after a colon or in a fraction does not ("… hành chính: 3 người.",
"14/14"). A blank figure is printed as "…" so that a draft shows what is missing.
"""

import re
from dataclasses import dataclass

from reports import catalogue
from reports.catalogue import Kind
from reports.numbers import format_leading_zero, format_number, format_percent, ratio

HEADING = "heading"
SUBHEADING = "subheading"
PARAGRAPH = "paragraph"
BULLET = "bullet"
SUBBULLET = "subbullet"

BLANK = "…"
_NUMBERED = re.compile(r"^(\d+|[IVX]+)\.\s")


@dataclass(frozen=True)
class Block:
    style: str  # HEADING | SUBHEADING | PARAGRAPH | BULLET | SUBBULLET
    text: str
    italic: str = ""  # a part of ``text`` printed in italics


def figure_value(values: dict, ref: str):
    """The value of any row: stored for input rows, computed for ratios (None when blank)."""
    row = catalogue.ROWS[ref]
    if row.kind == Kind.RATIO:
        return ratio(values.get(row.numerator), values.get(row.denominator))
    return values.get(ref)


def text_blocks(text: str) -> list[Block]:
    """A free text, one paragraph per line: "- " bullet, "+ " sub-bullet, "1. …" sub-heading."""
    blocks = []
    for line in (text or "").splitlines():
        line = line.strip()
        if not line:
            continue
        if line.startswith(("- ", "-\t")):
            blocks.append(Block(BULLET, line))
        elif line.startswith(("+ ", "+\t")):
            blocks.append(Block(SUBBULLET, line))
        elif _NUMBERED.match(line) and len(line) < 120:
            blocks.append(Block(SUBHEADING, line))
        else:
            blocks.append(Block(PARAGRAPH, line))
    return blocks


class _Figures:
    """Formatting of one report's figures for running text."""

    def __init__(self, values: dict):
        self.values = values

    def raw(self, ref: str):
        return figure_value(self.values, ref)

    def n(self, ref: str) -> str:
        """After a colon or inside a phrase: 5.683; blank → "…"."""
        value = self.raw(ref)
        return BLANK if value is None else format_number(value)

    def lead(self, ref: str) -> str:
        """Opening a phrase: 01, 02, …, 5.683."""
        value = self.raw(ref)
        if value is None:
            return BLANK
        return format_leading_zero(int(value)) if value == int(value) else format_number(value)

    def pct(self, ref: str) -> str:
        value = self.raw(ref)
        return BLANK if value is None else format_percent(value)

    def any(self, ref: str) -> bool:
        return bool(self.raw(ref))


def section_two(content) -> list[Block]:
    """Section II of the report: "KẾT QUẢ THỰC HIỆN CÔNG TÁC CCHC QUÝ II NĂM 2026"."""
    f = _Figures(content.values)
    texts = content.texts
    period = content.period_obj
    blocks = [Block(HEADING, f"II. KẾT QUẢ THỰC HIỆN CÔNG TÁC CCHC {period.label_upper}")]
    blocks.append(Block(SUBHEADING, "1. Cải cách thể chế"))
    blocks += text_blocks(texts.get("section_2_institutions", ""))
    blocks.append(Block(SUBHEADING, "2. Cải cách thủ tục hành chính"))
    blocks += text_blocks(texts.get("section_2_procedures", ""))
    blocks += _procedures(f, content.city_name)
    blocks.append(Block(SUBHEADING, "3. Cải cách tổ chức bộ máy"))
    blocks += _apparatus(f)
    blocks.append(Block(SUBHEADING, "4. Cải cách chế độ công vụ"))
    blocks += text_blocks(texts.get("section_2_civil_service", ""))
    blocks.append(Block(SUBHEADING, "5. Cải cách tài chính công"))
    blocks += _finance(f)
    blocks.append(
        Block(SUBHEADING, "6. Xây dựng và phát triển Chính quyền điện tử, Chính quyền số")
    )
    blocks += _digital(f)
    return blocks


def _procedures(f: _Figures, city_name: str) -> list[Block]:
    kinds = ", ".join(
        f"{f.lead(ref)} thủ tục DVC trực tuyến {label}"
        for ref, label in (
            ("ii.tthc_online_partial", "một phần"),
            ("ii.tthc_online_full", "toàn trình"),
        )
    )
    italic = f"trong đó {kinds}"
    blocks = [
        Block(
            BULLET,
            f"- Tổng số TTHC/danh mục TTHC được công bố {f.n('ii.tthc_published')} thủ tục; "
            f"trong đó số TTHC được công khai: {f.n('ii.tthc_public')} thủ tục ({italic})",
            italic=italic,
        ),
        Block(PARAGRAPH, "Kết quả tiếp nhận và giải quyết hồ sơ:"),
        Block(BULLET, f"- Tổng số hồ sơ tiếp nhận: {f.n('ii.apps_received')} hồ sơ."),
    ]
    for ref, label in (
        ("ii.apps_online", "Hồ sơ trực tuyến"),
        ("ii.apps_direct", "Hồ sơ trực tiếp"),
        ("ii.apps_carried", "Hồ sơ từ kỳ trước chuyển sang"),
    ):
        if f.any(ref):
            blocks.append(Block(SUBBULLET, f"+ {label}: {f.n(ref)} hồ sơ."))
    late = f.raw("ii.apps_late")
    blocks += [
        Block(PARAGRAPH, "Kết quả giải quyết:"),
        Block(BULLET, f"- Đã giải quyết: {f.n('ii.apps_resolved')} hồ sơ."),
        Block(BULLET, f"- Giải quyết trước hạn: {f.n('ii.apps_on_time')} hồ sơ."),
        Block(
            BULLET,
            "- Không có hồ sơ quá hạn."
            if late == 0
            else f"- Có {f.lead('ii.apps_late')} hồ sơ quá hạn.",
        ),
        Block(BULLET, f"- Từ chối, không giải quyết: {f.n('ii.apps_rejected')} hồ sơ."),
        Block(BULLET, f"- Rút hồ sơ: {f.n('ii.apps_withdrawn')} hồ sơ."),
    ]
    pending_parts = [
        f"{f.lead(ref)} hồ sơ {label}"
        for ref, label in (
            ("ii.apps_pending_in_time", "trong hạn"),
            ("ii.apps_pending_late", "quá hạn"),
            ("ii.apps_pending_supplement", "yêu cầu bổ sung"),
        )
        if f.any(ref)
    ]
    detail = f" (trong đó {', '.join(pending_parts)})" if pending_parts else ""
    blocks.append(Block(BULLET, f"- Đang giải quyết: {f.n('ii.apps_pending')} hồ sơ{detail}."))

    blocks += [
        Block(PARAGRAPH, "Công tác tiếp nhận và xử lý phản ánh, kiến nghị"),
        Block(PARAGRAPH, "Trong kỳ báo cáo:"),
        Block(BULLET, f"- Tổng số phản ánh kiến nghị tiếp nhận: {f.n('b3.pakn_received')}."),
    ]
    for ref, where in (
        ("ii.pakn_hotline", f"trên hệ thống tổng đài 1022 {city_name}".rstrip()),
        ("ii.pakn_national_portal", "trên Cổng Dịch vụ công quốc gia"),
        ("ii.pakn_other", "qua kênh khác (trực tiếp, văn bản)"),
    ):
        if f.any(ref):
            blocks.append(Block(SUBBULLET, f"+ {f.lead(ref)} phản ánh {where}."))
    blocks.append(
        Block(
            BULLET,
            f"- Kết quả xử lý: {f.n('b3.pakn_resolved')}/{f.n('b3.pakn_received')} phản ánh "
            f"được giải quyết, đạt tỷ lệ {f.pct('b3.pakn_resolution_rate')}.",
        )
    )
    return blocks


def _apparatus(f: _Figures) -> list[Block]:
    blocks = [
        Block(BULLET, f"- Tổng số biên chế công chức được giao: {f.n('b4.civil_quota')} người."),
        Block(
            BULLET,
            f"- Tổng số biên chế có mặt tại thời điểm báo cáo: {f.n('b4.civil_present')} người.",
        ),
        Block(
            BULLET,
            f"- Số hợp đồng lao động tại cơ quan hành chính: {f.n('b4.civil_contracts')} người.",
        ),
        Block(BULLET, f"- Số biên chế đã tinh giản trong kỳ: {f.n('b4.civil_downsized')} người."),
        Block(PARAGRAPH, "Đối với đơn vị sự nghiệp công lập:"),
        Block(BULLET, f"- Tổng số người làm việc được giao: {f.n('b4.unit_quota')} người."),
        Block(BULLET, f"- Tổng số người làm việc có mặt: {f.n('b4.unit_present')} người."),
    ]
    if f.any("b4.unit_downsized"):
        blocks.append(
            Block(BULLET, f"- Số người đã tinh giản trong kỳ: {f.n('b4.unit_downsized')} người.")
        )
    blocks.append(Block(BULLET, f"- Hợp đồng lao động: {f.n('ii.unit_contracts')} người."))
    return blocks


_AUTONOMY = (
    ("b6.units_self_funded_full", "tự bảo đảm chi thường xuyên và chi đầu tư"),
    ("b6.units_self_funded_recurrent", "tự bảo đảm chi thường xuyên"),
    ("b6.units_partly_funded", "tự bảo đảm một phần chi thường xuyên"),
    ("b6.units_state_funded", "do Nhà nước bảo đảm chi thường xuyên"),
)


def _finance(f: _Figures) -> list[Block]:
    blocks = [
        Block(
            BULLET,
            f"- Kế hoạch vốn đầu tư công được giao: {f.n('b6.investment_plan')} triệu đồng.",
        ),
        Block(BULLET, f"- Số vốn đã giải ngân: {f.n('b6.investment_disbursed')} triệu đồng."),
        Block(BULLET, f"- Tỷ lệ giải ngân đạt: {f.pct('b6.disbursement_rate')}."),
        Block(PARAGRAPH, "Đối với đơn vị sự nghiệp công lập:"),
        Block(BULLET, f"- Tổng số đơn vị sự nghiệp công lập: {f.n('b6.units_total')} đơn vị."),
    ]
    for ref, what in _AUTONOMY:
        if f.any(ref):
            blocks.append(Block(BULLET, f"- {f.n(ref)}/{f.n('b6.units_total')} đơn vị {what}."))
    return blocks


def _digital(f: _Figures) -> list[Block]:
    return [
        Block(PARAGRAPH, "Cung cấp dịch vụ công trực tuyến:"),
        Block(
            BULLET,
            "- Tổng số dịch vụ công đủ điều kiện cung cấp trực tuyến toàn trình: "
            f"{f.n('b7.full_online_eligible')} thủ tục.",
        ),
        Block(
            BULLET,
            f"- {f.n('b7.full_online_provided')}/{f.n('b7.full_online_eligible')} dịch vụ công "
            "đã được cung cấp trực tuyến toàn trình, đạt tỷ lệ "
            f"{f.pct('b7.full_online_rate')}.",
        ),
        Block(PARAGRAPH, "Phát sinh hồ sơ trực tuyến:"),
        Block(
            BULLET,
            f"- Tổng số dịch vụ công có phát sinh hồ sơ: {f.n('b7.services_with_apps')} thủ tục.",
        ),
        Block(
            BULLET,
            f"- {f.n('b7.services_with_online_apps')}/{f.n('b7.services_with_apps')} "
            "dịch vụ công có phát sinh hồ sơ trực tuyến.",
        ),
        Block(PARAGRAPH, "Kết quả tiếp nhận hồ sơ trực tuyến:"),
        Block(
            BULLET,
            "- Tổng số hồ sơ dịch vụ công trực tuyến toàn trình: "
            f"{f.n('b7.full_service_apps')} hồ sơ.",
        ),
        Block(
            BULLET,
            f"- Số hồ sơ nộp trực tuyến: {f.n('b7.full_service_apps_online')} hồ sơ "
            f"(đạt {f.pct('b7.full_online_apps_rate')}).",
        ),
        Block(PARAGRAPH, "Đối với dịch vụ công trực tuyến một phần:"),
        Block(BULLET, f"- Tổng số hồ sơ: {f.n('b7.partial_service_apps')} hồ sơ."),
        Block(
            BULLET,
            f"- Số hồ sơ nộp trực tuyến: {f.n('b7.partial_service_apps_online')} hồ sơ "
            f"(đạt {f.pct('b7.partial_online_apps_rate')}).",
        ),
        Block(PARAGRAPH, "Thanh toán trực tuyến:"),
        Block(
            BULLET,
            "- Tổng số thủ tục hành chính có nghĩa vụ tài chính: "
            f"{f.n('b7.fee_procedures')} thủ tục.",
        ),
        Block(
            BULLET,
            f"- {f.n('b7.fee_procedures_integrated')}/{f.n('b7.fee_procedures')} thủ tục "
            "đã được tích hợp thanh toán trực tuyến trên Cổng Dịch vụ công quốc gia.",
        ),
    ]


# The other parts of the body ------------------------------------------------------------------


def intro(content) -> list[Block]:
    """The basis paragraph(s) and "Ủy ban nhân dân xã … báo cáo …, cụ thể như sau:"."""
    committee = f"Ủy ban nhân dân {content.commune_official}"
    label = content.period_obj.label
    return [
        *text_blocks(content.texts.get("basis", "")),
        Block(
            PARAGRAPH,
            f"{committee} báo cáo tình hình thực hiện nhiệm vụ cải cách hành chính {label}, "
            "cụ thể như sau:",
        ),
    ]


def section_one(content) -> list[Block]:
    return [
        Block(HEADING, "I. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH CẢI CÁCH HÀNH CHÍNH"),
        *text_blocks(content.texts.get("section_1", "")),
    ]


def section_three(content) -> list[Block]:
    return [
        Block(HEADING, "III. ĐÁNH GIÁ CHUNG"),
        *text_blocks(content.texts.get("section_3", "")),
    ]


def section_four(content) -> list[Block]:
    upcoming = content.period_obj.next().label_upper
    return [
        Block(HEADING, f"IV. PHƯƠNG HƯỚNG, NHIỆM VỤ {upcoming}"),
        *text_blocks(content.texts.get("section_4", "")),
    ]


def section_five(content) -> list[Block]:
    return [
        Block(HEADING, "V. KIẾN NGHỊ, ĐỀ XUẤT"),
        *text_blocks(content.texts.get("section_5", "")),
    ]


def closing(content) -> list[Block]:
    return [
        Block(
            PARAGRAPH,
            f"Trên đây là báo cáo của UBND {content.commune_official} về công tác cải cách "
            f"hành chính {content.period_obj.label}./.",
        )
    ]


def body(content) -> list[Block]:
    """The whole body of the report, from the basis to "./."."""
    return [
        *intro(content),
        *section_one(content),
        *section_two(content),
        *section_three(content),
        *section_four(content),
        *section_five(content),
        *closing(content),
    ]
