"""The catalogue of indicators: the one source of truth for forms, rules, models and exports.

Phụ lục III of the commune report has seven Biểu mẫu; each row here is one printed row of the
form, in the official order, with its STT code, label and unit exactly as printed. Section II of
the narrative report also gives figures that no Biểu row holds (TTHC by kind, applications by
channel and outcome, PAKN by channel, labour contracts at public service units); they are the
section ``ii`` below, so that rules, forms and exports treat them like any other indicator.

Every row has a ``ref`` ("b3.resolved_total", "ii.apps_resolved") that rules and exports use.
Ratios are never stored: a ratio row names its numerator and denominator refs and is computed
by ``reports.numbers.ratio``.
"""

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum


class Kind(StrEnum):
    HEADING = "heading"
    COUNT = "count"
    MONEY = "money"
    RATIO = "ratio"
    CODE = "code"
    YESNO = "yesno"


INPUT_KINDS = (Kind.COUNT, Kind.MONEY, Kind.CODE, Kind.YESNO)

# Plausibility bounds: a commune's quarter never comes near these; a value above is a typo.
MAX_COUNT = 9_999_999
MAX_MONEY = Decimal("999999999.999")  # triệu đồng

SURVEY_METHOD_CHOICES = [(0, "Trực tuyến"), (1, "Phát phiếu"), (2, "Kết hợp")]
YESNO_CHOICES = [(0, "Không"), (1, "Có")]

COLUMN_HEADER_LABEL = "Chỉ tiêu thống kê"
COLUMN_HEADER_NOTE = "(Sử dụng trong kỳ báo cáo hàng quý, 6 tháng, năm)"
COLUMNS = ("STT", "Chỉ tiêu thống kê", "Đơn vị tính", "Số liệu", "Ghi chú")


@dataclass(frozen=True)
class Row:
    section: str
    stt: str
    field: str
    label: str
    unit: str = ""
    kind: Kind = Kind.COUNT
    note: str = ""  # italic note printed after the label, e.g. "(Lũy kế đến thời điểm báo cáo)"
    italic: bool = False  # the whole row is printed in italics (sub-rows feeding a ratio)
    remark: str = ""  # text the form itself prints in the Ghi chú column, e.g. "(Nếu có)"
    numerator: str = ""  # ref of the numerator row, for ratios
    denominator: str = ""  # ref of the denominator row, for ratios
    cumulative: bool = False  # "lũy kế": counted from the start of the year, not the period
    carries_over: bool = False  # copied into the next period's new report
    choices: tuple = ()

    @property
    def ref(self) -> str:
        return f"{self.section}.{self.field}"

    @property
    def is_input(self) -> bool:
        return self.kind in INPUT_KINDS

    @property
    def full_label(self) -> str:
        return f"{self.label} {self.note}" if self.note else self.label


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    heading: str  # "Biểu mẫu 1"; empty for section II figures
    rows: tuple[Row, ...]
    footnotes: tuple[str, ...] = ()
    model_name: str = ""
    slug: str = ""

    @property
    def input_rows(self) -> tuple[Row, ...]:
        return tuple(r for r in self.rows if r.is_input)

    @property
    def number(self) -> int | None:
        return int(self.key[1:]) if self.key.startswith("b") else None


def _rows(section: str, *specs) -> tuple[Row, ...]:
    return tuple(Row(section, *spec[:3], **(spec[3] if len(spec) > 3 else {})) for spec in specs)


H = {"kind": Kind.HEADING}
PCT = "%"


def _ratio(num: str, den: str, **extra) -> dict:
    return {"kind": Kind.RATIO, "numerator": num, "denominator": den, **extra}


def _it(**extra) -> dict:
    return {"italic": True, **extra}


B1 = Section(
    "b1",
    "Công tác chỉ đạo điều hành CCHC",
    "Biểu mẫu 1",
    _rows(
        "b1",
        (
            "1.",
            "directive_documents",
            "Số văn bản chỉ đạo CCHC đã ban hành",
            {"unit": "Văn bản", "note": "(Kết luận, chỉ thị, công văn chỉ đạo, quán triệt)"},
        ),
        (
            "2.",
            "plan_completion_rate",
            "Tỷ lệ hoàn thành Kế hoạch CCHC năm",
            _ratio(
                "b1.plan_tasks_done",
                "b1.plan_tasks",
                unit=PCT,
                note="(Lũy kế đến thời điểm báo cáo)",
                cumulative=True,
            ),
        ),
        (
            "2.1.",
            "plan_tasks",
            "Số nhiệm vụ đề ra trong kế hoạch",
            {"unit": "Nhiệm vụ", "cumulative": True, "carries_over": True},
        ),
        (
            "2.2.",
            "plan_tasks_done",
            "Số nhiệm vụ đã hoàn thành",
            {"unit": "Nhiệm vụ", "cumulative": True},
        ),
        ("3.", "inspection", "Kiểm tra CCHC", H),
        (
            "3.1.",
            "inspected_units",
            "Số đơn vị đã kiểm tra",
            {"unit": "Cơ quan, đơn vị", "remark": "(Nếu có)"},
        ),
        (
            "3.2.",
            "inspection_resolution_rate",
            "Tỷ lệ xử lý các vấn đề phát hiện qua kiểm tra",
            _ratio("b1.inspection_issues_resolved", "b1.inspection_issues", unit=PCT),
        ),
        ("3.2.1.", "inspection_issues", "Số vấn đề phát hiện qua kiểm tra", {"unit": "Vấn đề"}),
        (
            "3.2.2.",
            "inspection_issues_resolved",
            "Số vấn đề phát hiện đã xử lý xong",
            {"unit": "Vấn đề"},
        ),
        (
            "4.",
            "city_assignments",
            "Thực hiện nhiệm vụ UBND thành phố, Chủ tịch UBND thành phố giao",
            H,
        ),
        ("4.1.", "city_tasks", "Tổng số nhiệm vụ được giao", {"unit": "Nhiệm vụ"}),
        (
            "4.1.1.",
            "city_tasks_on_time",
            "Số nhiệm vụ đã hoàn thành đúng hạn",
            {"unit": "Nhiệm vụ"},
        ),
        (
            "4.1.2.",
            "city_tasks_done_late",
            "Số nhiệm vụ đã hoàn thành nhưng quá hạn",
            {"unit": "Nhiệm vụ"},
        ),
        (
            "4.1.3.",
            "city_tasks_overdue_open",
            "Số nhiệm vụ quá hạn nhưng chưa hoàn thành",
            {"unit": "Nhiệm vụ"},
        ),
        ("4.2.", "survey_forms", "Số lượng phiếu khảo sát", {"unit": "Số lượng"}),
        (
            "4.3.",
            "survey_method",
            "Hình thức khảo sát",
            {
                "unit": "Trực tuyến = 0 Phát phiếu = 1 Kết hợp = 2",
                "kind": Kind.CODE,
                "choices": tuple(SURVEY_METHOD_CHOICES),
            },
        ),
        (
            "5.",
            "citizen_dialogue",
            "Tổ chức đối thoại của lãnh đạo với người dân, cộng đồng doanh nghiệp",
            {"unit": "Không = 0 Có = 1", "kind": Kind.YESNO, "choices": tuple(YESNO_CHOICES)},
        ),
    ),
    model_name="SteeringFigures",
    slug="chi-dao-dieu-hanh",
)

B2 = Section(
    "b2",
    "Cải cách thể chế",
    "Biểu mẫu 2",
    _rows(
        "b2",
        ("1.", "legal_documents", "Tổng số VBQPPL¹ do địa phương ban hành", {"unit": "Văn bản"}),
        # The form prints this sub-row without an STT code.
        ("", "legal_documents_commune", "Số VBQPPL do cấp xã ban hành", {"unit": "Văn bản"}),
    ),
    footnotes=("¹ Văn bản quy phạm pháp luật.",),
    model_name="InstitutionFigures",
    slug="the-che",
)

B3 = Section(
    "b3",
    "Cải cách thủ tục hành chính",
    "Biểu mẫu 3",
    _rows(
        "b3",
        ("1.", "one_stop", "Thực hiện cơ chế một cửa, một cửa liên thông", H),
        # The form has no rows for this ratio's parts; they are section II figures.
        (
            "1.1.",
            "one_stop_rate",
            "Tỷ lệ TTHC thực hiện việc tiếp nhận, trả kết quả tại Trung tâm Phục vụ hành chính công",
            _ratio("ii.tthc_at_centre", "ii.tthc_published", unit=PCT),
        ),
        # "phục thuộc" (for "phụ thuộc") is kept as the official form prints it.
        (
            "1.2.",
            "non_territorial_procedures",
            "Số TTHC đang thực hiện tiếp nhận và giải quyết không phục thuộc vào địa giới hành chính",
            {"unit": "Thủ tục", "carries_over": True},
        ),
        ("2.", "procedure_results", "Kết quả giải quyết TTHC", H),
        (
            "2.1.",
            "on_time_rate",
            "Tỷ lệ hồ sơ TTHC do UBND cấp xã tiếp nhận được giải quyết đúng hạn",
            _ratio("b3.resolved_on_time", "b3.resolved_total", unit=PCT),
        ),
        ("2.1.1.", "resolved_total", "Tổng số hồ sơ TTHC đã giải quyết xong", _it(unit="Hồ sơ")),
        ("2.1.2.", "resolved_on_time", "Số hồ sơ TTHC giải quyết đúng hạn", _it(unit="Hồ sơ")),
        (
            "2.2.",
            "pakn_resolution_rate",
            "Tỷ lệ giải quyết phản ánh, kiến nghị (PAKN) về quy định TTHC",
            _ratio("b3.pakn_resolved", "b3.pakn_received", unit=PCT),
        ),
        (
            "2.2.1.",
            "pakn_received",
            "Tổng số PAKN đã tiếp nhận (trực tiếp hoặc do cơ quan có thẩm quyền chuyển đến)",
            _it(unit="PAKN"),
        ),
        ("2.2.2.", "pakn_resolved", "Số PAKN đã giải quyết xong", _it(unit="PAKN")),
    ),
    model_name="ProcedureFigures",
    slug="thu-tuc-hanh-chinh",
)

B4 = Section(
    "b4",
    "Cải cách tổ chức bộ máy",
    "Biểu mẫu 4",
    _rows(
        "b4",
        ("1.", "civil_servants", "Số liệu về biên chế công chức", H),
        (
            "1.1.",
            "civil_quota",
            "Tổng số biên chế được giao trong năm",
            {"unit": "Người", "carries_over": True},
        ),
        (
            "1.2.",
            "civil_present",
            "Tổng số biên chế có mặt tại thời điểm báo cáo",
            {"unit": "Người", "carries_over": True},
        ),
        (
            "1.3.",
            "civil_contracts",
            "Số hợp đồng lao động làm việc tại các cơ quan, tổ chức hành chính",
            {"unit": "Người", "carries_over": True},
        ),
        ("1.4.", "civil_downsized", "Số biên chế đã tinh giản trong kỳ báo cáo", {"unit": "Người"}),
        (
            "2.",
            "public_units",
            "Số người làm việc hưởng lương từ NSNN tại các đơn vị sự nghiệp công lập",
            H,
        ),
        (
            "2.1.",
            "unit_quota",
            "Tổng số người làm việc được giao",
            {"unit": "Người", "carries_over": True},
        ),
        (
            "2.2.",
            "unit_present",
            "Tổng số người làm việc có mặt tại thời điểm báo cáo",
            {"unit": "Người", "carries_over": True},
        ),
        ("2.3.", "unit_downsized", "Số người đã tinh giản trong kỳ báo cáo", {"unit": "Người"}),
    ),
    model_name="ApparatusFigures",
    slug="to-chuc-bo-may",
)

B5 = Section(
    "b5",
    "Cải cách chế độ công vụ",
    "Biểu mẫu 5",
    _rows(
        "b5",
        ("1.", "job_positions", "Vị trí việc làm của công chức, viên chức", H),
        (
            "1.1.",
            "agencies_with_positions",
            "Số cơ quan, tổ chức hành chính đã được phê duyệt vị trí việc làm theo quy định",
            {"unit": "Cơ quan, đơn vị", "carries_over": True},
        ),
        (
            "1.2.",
            "units_with_positions",
            "Số đơn vị sự nghiệp đã được phê duyệt vị trí việc làm theo quy định",
            {"unit": "Cơ quan, đơn vị", "carries_over": True},
        ),
        (
            "1.3.",
            "position_violations",
            "Số cơ quan, tổ chức có vi phạm trong thực hiện vị trí việc làm phát hiện qua thanh tra",
            {"unit": "Cơ quan, đơn vị"},
        ),
        ("2.", "recruitment", "Tuyển dụng công chức, viên chức", H),
        (
            "2.1.",
            "civil_servants_recruited",
            "Số công chức được tuyển dụng (thi tuyển, xét tuyển)",
            {"unit": "Người"},
        ),
        (
            "2.2.",
            "public_employees_recruited",
            "Số viên chức được tuyển dụng (thi tuyển, xét tuyển).",
            {"unit": "Người"},
        ),
        (
            "3.",
            "leaders_by_exam",
            "Số lượng lãnh đạo quản lý được tuyển chọn, bổ nhiệm thông qua thi tuyển "
            "(Lũy kế từ đầu năm)",
            {"unit": "Người", "cumulative": True},
        ),
        # The form prints no unit on this total row.
        (
            "4.",
            "disciplined_total",
            "Số lượng cán bộ, công chức, viên chức bị kỷ luật (cả về Đảng và chính quyền).",
            {},
        ),
        (
            "4.1.",
            "disciplined_commune_leaders",
            "Số lãnh đạo UBND cấp xã bị kỷ luật.",
            {"unit": "Người"},
        ),
        (
            "4.2.",
            "disciplined_division_leaders",
            "Số lãnh đạo cấp phòng UBND cấp xã bị kỷ luật.",
            {"unit": "Người"},
        ),
        (
            "4.3.",
            "disciplined_unit_staff",
            "Số người làm việc hưởng lương từ NSNN tại các đơn vị SNCL bị kỷ luật.",
            {"unit": "Người"},
        ),
    ),
    model_name="CivilServiceFigures",
    slug="che-do-cong-vu",
)

_LUY_KE = "(lũy kế đến thời điểm báo cáo)"

B6 = Section(
    "b6",
    "Cải cách tài chính công",
    "Biểu mẫu 6",
    _rows(
        "b6",
        (
            "1.",
            "disbursement_rate",
            "Tỷ lệ thực hiện Kế hoạch giải ngân vốn đầu tư công",
            _ratio("b6.investment_disbursed", "b6.investment_plan", unit=PCT),
        ),
        (
            "1.1.",
            "investment_plan",
            "Kế hoạch được giao",
            {"unit": "Triệu đồng", "kind": Kind.MONEY, "carries_over": True},
        ),
        (
            "1.2.",
            "investment_disbursed",
            "Đã thực hiện",
            {"unit": "Triệu đồng", "kind": Kind.MONEY, "cumulative": True},
        ),
        (
            "2.",
            "autonomy",
            "Thực hiện tự chủ tài chính của đơn vị sự nghiệp (ĐVSN) tại địa phương",
            {"kind": Kind.HEADING, "note": _LUY_KE},
        ),
        (
            "2.1.",
            "units_total",
            "Tổng số ĐVSN công lập tại địa phương",
            {"unit": "Đơn vị", "cumulative": True, "carries_over": True},
        ),
        (
            "2.2.",
            "units_self_funded_full",
            "Số ĐVSN tự bảo đảm chi thường xuyên và chi đầu tư",
            {"unit": "Đơn vị", "cumulative": True, "carries_over": True},
        ),
        (
            "2.3.",
            "units_self_funded_recurrent",
            "Số ĐVSN tự bảo đảm chi thường xuyên",
            {"unit": "Đơn vị", "cumulative": True, "carries_over": True},
        ),
        (
            "2.4.",
            "units_partly_funded",
            "Số ĐVSN tự bảo đảm một phần chi thường xuyên",
            {"unit": "Đơn vị", "cumulative": True, "carries_over": True},
        ),
        (
            "2.4.1.",
            "units_partly_70",
            "Số ĐVSN tự bảo đảm từ 70% - dưới 100% chi thường xuyên",
            _it(unit="Đơn vị", cumulative=True, carries_over=True),
        ),
        (
            "2.4.2.",
            "units_partly_30",
            "Số ĐVSN tự bảo đảm từ 30% - dưới 70% chi thường xuyên",
            _it(unit="Đơn vị", cumulative=True, carries_over=True),
        ),
        (
            "2.4.3.",
            "units_partly_10",
            "Số ĐVSN tự bảo đảm từ 10% - dưới 30% chi thường xuyên",
            _it(unit="Đơn vị", cumulative=True, carries_over=True),
        ),
        (
            "2.5.",
            "units_state_funded",
            "Số ĐVSN do Nhà nước bảo đảm chi thường xuyên",
            {"unit": "Đơn vị", "cumulative": True, "carries_over": True},
        ),
        (
            "2.6.",
            "units_equitized",
            "Số lượng ĐVSN đã chuyển đổi thành công ty cổ phần",
            {"unit": "Đơn vị", "note": _LUY_KE, "cumulative": True, "carries_over": True},
        ),
    ),
    model_name="FinanceFigures",
    slug="tai-chinh-cong",
)

B7 = Section(
    "b7",
    "Xây dựng và phát triển Chính quyền điện tử, Chính quyền số",
    "Biểu mẫu 7",
    _rows(
        "b7",
        ("1.", "online_services", "Cung cấp dịch vụ công trực tuyến (DVCTT)", H),
        (
            "1.1.",
            "full_online_rate",
            "Tỷ lệ DVCTT toàn trình đủ điều kiện",
            _ratio("b7.full_online_provided", "b7.full_online_eligible", unit=PCT),
        ),
        (
            "1.1.1.",
            "full_online_eligible",
            "Tổng số DVC đủ điều kiện lên trực tuyến toàn trình",
            _it(unit="Thủ tục", carries_over=True),
        ),
        (
            "1.1.2.",
            "full_online_provided",
            "Số lượng DVCTT toàn trình",
            _it(unit="Thủ tục", carries_over=True),
        ),
        (
            "1.2.",
            "services_with_online_apps_rate",
            "Tỷ lệ DVC có phát sinh hồ sơ nộp trực tuyến (toàn trình + một phần)",
            _ratio("b7.services_with_online_apps", "b7.services_with_apps", unit=PCT),
        ),
        (
            "1.2.1.",
            "services_with_apps",
            "Tổng số DVCTT có phát sinh hồ sơ (gồm các DVCTT có phát sinh hồ sơ trực tuyến "
            "hoặc trực tiếp hoặc cả 2 hình thức)",
            _it(unit="Thủ tục"),
        ),
        (
            "1.2.2.",
            "services_with_online_apps",
            "Số DVCTT có phát sinh hồ sơ trực tuyến",
            _it(unit="Thủ tục"),
        ),
        (
            "1.3.",
            "full_online_apps_rate",
            "Tỷ lệ hồ sơ trực tuyến toàn trình",
            _ratio("b7.full_service_apps_online", "b7.full_service_apps", unit=PCT),
        ),
        # The seed prints "Thủ tục" as the unit of 1.3.1 and 1.3.2, but both rows count
        # applications (hồ sơ), like 1.4.1 and 1.4.2: the unit is corrected here.
        (
            "1.3.1.",
            "full_service_apps",
            "Tổng số hồ sơ của DVCTT toàn trình (gồm hồ sơ nộp trực tuyến + trực tiếp)",
            _it(unit="Hồ sơ"),
        ),
        (
            "1.3.2.",
            "full_service_apps_online",
            "Số hồ sơ nộp trực tuyến của các DVCTT toàn trình",
            _it(unit="Hồ sơ"),
        ),
        (
            "1.4.",
            "partial_online_apps_rate",
            "Tỷ lệ hồ sơ trực tuyến một phần",
            _ratio("b7.partial_service_apps_online", "b7.partial_service_apps", unit=PCT),
        ),
        (
            "1.4.1.",
            "partial_service_apps",
            "Tổng số hồ sơ của DVCTT một phần (gồm hồ sơ nộp trực tuyến + trực tiếp)",
            _it(unit="Hồ sơ"),
        ),
        (
            "1.4.2.",
            "partial_service_apps_online",
            "Số hồ sơ nộp trực tuyến của các DVCTT một phần",
            _it(unit="Hồ sơ"),
        ),
        (
            "1.5.",
            "online_payment_rate",
            "Tỷ lệ TTHC được tích hợp, triển khai thanh toán trực tuyến",
            _ratio("b7.fee_procedures_integrated", "b7.fee_procedures", unit=PCT),
        ),
        (
            "1.5.1.",
            "fee_procedures",
            "Tổng số TTHC có yêu cầu nghĩa vụ tài chính (tất cả các TTHC có phát sinh phí, "
            "lệ phí,...)",
            _it(unit="Thủ tục", carries_over=True),
        ),
        (
            "1.5.2.",
            "fee_procedures_integrated",
            "Số TTHC đã được tích hợp, triển khai thanh toán trực tuyến trên Cổng DVC quốc gia",
            _it(unit="Thủ tục", carries_over=True),
        ),
    ),
    model_name="DigitalFigures",
    slug="chinh-quyen-so",
)

# Figures the narrative's section II gives and no Biểu row holds. They have no official STT;
# the codes below number them for the entry page and the Excel sheet "Số liệu phần II".
II = Section(
    "ii",
    "Số liệu phần II của báo cáo",
    "",
    _rows(
        "ii",
        ("A.", "procedures", "Thủ tục hành chính", H),
        (
            "A.1.",
            "tthc_published",
            "Tổng số TTHC/danh mục TTHC được công bố",
            {"unit": "Thủ tục", "carries_over": True},
        ),
        (
            "A.2.",
            "tthc_public",
            "Số TTHC được công khai",
            {"unit": "Thủ tục", "carries_over": True},
        ),
        (
            "A.2.1.",
            "tthc_online_partial",
            "Số TTHC cung cấp DVC trực tuyến một phần",
            _it(unit="Thủ tục", carries_over=True),
        ),
        (
            "A.2.2.",
            "tthc_online_full",
            "Số TTHC cung cấp DVC trực tuyến toàn trình",
            _it(unit="Thủ tục", carries_over=True),
        ),
        (
            "A.3.",
            "tthc_at_centre",
            "Số TTHC thực hiện tiếp nhận, trả kết quả tại Trung tâm Phục vụ hành chính công",
            {"unit": "Thủ tục", "carries_over": True},
        ),
        ("B.", "applications", "Tiếp nhận hồ sơ", H),
        ("B.1.", "apps_received", "Tổng số hồ sơ tiếp nhận", {"unit": "Hồ sơ"}),
        ("B.1.1.", "apps_online", "Hồ sơ tiếp nhận trực tuyến", _it(unit="Hồ sơ")),
        ("B.1.2.", "apps_direct", "Hồ sơ tiếp nhận trực tiếp", _it(unit="Hồ sơ")),
        ("B.1.3.", "apps_carried", "Hồ sơ từ kỳ trước chuyển sang", _it(unit="Hồ sơ")),
        ("C.", "results", "Kết quả giải quyết hồ sơ", H),
        ("C.1.", "apps_resolved", "Số hồ sơ đã giải quyết", {"unit": "Hồ sơ"}),
        ("C.1.1.", "apps_on_time", "Giải quyết trước hạn, đúng hạn", _it(unit="Hồ sơ")),
        ("C.1.2.", "apps_late", "Giải quyết quá hạn", _it(unit="Hồ sơ")),
        ("C.1.3.", "apps_rejected", "Từ chối, không giải quyết", _it(unit="Hồ sơ")),
        ("C.1.4.", "apps_withdrawn", "Rút hồ sơ", _it(unit="Hồ sơ")),
        ("C.2.", "apps_pending", "Số hồ sơ đang giải quyết", {"unit": "Hồ sơ"}),
        ("C.2.1.", "apps_pending_in_time", "Đang giải quyết trong hạn", _it(unit="Hồ sơ")),
        ("C.2.2.", "apps_pending_late", "Đang giải quyết quá hạn", _it(unit="Hồ sơ")),
        ("C.2.3.", "apps_pending_supplement", "Hồ sơ yêu cầu bổ sung", _it(unit="Hồ sơ")),
        ("D.", "feedback", "Phản ánh, kiến nghị theo kênh tiếp nhận", H),
        ("D.1.", "pakn_hotline", "Phản ánh trên hệ thống tổng đài 1022", {"unit": "PAKN"}),
        (
            "D.2.",
            "pakn_national_portal",
            "Phản ánh trên Cổng Dịch vụ công quốc gia",
            {"unit": "PAKN"},
        ),
        ("D.3.", "pakn_other", "Phản ánh qua kênh khác (trực tiếp, văn bản)", {"unit": "PAKN"}),
        ("E.", "contracts", "Hợp đồng lao động", H),
        (
            "E.1.",
            "unit_contracts",
            "Hợp đồng lao động tại các đơn vị sự nghiệp công lập",
            {"unit": "Người", "carries_over": True},
        ),
    ),
    model_name="NarrativeFigures",
    slug="so-lieu-phan-ii",
)

FORMS: tuple[Section, ...] = (B1, B2, B3, B4, B5, B6, B7)
SECTIONS: tuple[Section, ...] = (*FORMS, II)
SECTION_BY_KEY: dict[str, Section] = {s.key: s for s in SECTIONS}
SECTION_BY_SLUG: dict[str, Section] = {s.slug: s for s in SECTIONS}
ROWS: dict[str, Row] = {row.ref: row for s in SECTIONS for row in s.rows}

ANNEX_TITLE = "BIỂU MẪU THỐNG KÊ SỐ LIỆU BÁO CÁO CẢI CÁCH HÀNH CHÍNH ĐỊNH KỲ"
ANNEX_SUBTITLE = "(Dành cho UBND các xã, phường, đặc khu)"
ANNEX_NAME = "Phụ lục III"


def row(ref: str) -> Row:
    return ROWS[ref]


def formula(ratio_row: Row) -> str:
    """The ratio's formula in words, as shown beside it in the exports: "2.2 / 2.1"."""
    num, den = ROWS[ratio_row.numerator], ROWS[ratio_row.denominator]
    return f"{_short(num, ratio_row)} / {_short(den, ratio_row)}"


def _short(part: Row, whole: Row) -> str:
    if part.section == whole.section:
        return f"({part.stt.rstrip('.')})"
    return f"({part.label})"
