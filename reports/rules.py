"""The report's arithmetic rules, as data, in one place: the entry pages, the save, the submit
step, the import and the exports all run these same rules.

A rule compares two sums of catalogue rows: ``left op right`` with op "eq", "le" or "ge". An
**error** must be fixed before the report is submitted; a **warning** needs a written
explanation (``WarningExplanation``) kept with the report. A blank cell counts as 0 inside a
sum, but a rule whose side is entirely blank is not checked yet: half-filled drafts are not
flooded with messages, and completeness is shown separately.

Severities: identities that must hold by definition (a total and its parts, a part and its
whole, the same count in two places) are errors; comparisons of figures that come from
different systems or that the forms define loosely are warnings, to be explained.

Every ratio of the catalogue also yields a rule "part ≤ whole" (error); a part with a zero
whole is an error too. ``check_values`` is pure and needs no database.
"""

from dataclasses import dataclass

from reports import catalogue
from reports.catalogue import Kind
from reports.numbers import format_number

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True)
class Rule:
    code: str
    severity: str
    left: tuple[str, ...]
    op: str  # "eq" | "le" | "ge"
    right: tuple[str, ...]
    left_text: str = ""  # how the message names each side; derived from the refs if empty
    right_text: str = ""
    title: str = ""  # the rule's Vietnamese name, shown instead of its code

    @property
    def refs(self) -> tuple[str, ...]:
        return self.left + self.right


@dataclass(frozen=True)
class Result:
    code: str
    severity: str
    message: str
    refs: tuple[str, ...]
    difference: object = None

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR

    @property
    def sections(self) -> set[str]:
        return {ref.split(".", 1)[0] for ref in self.refs}


def _sum(code, severity, total, parts, *, op="eq", total_text="", parts_text="", title):
    return Rule(code, severity, (total,), op, tuple(parts), total_text, parts_text, title)


def _ratio_rules() -> tuple[Rule, ...]:
    """Part ≤ whole for every ratio row of the catalogue."""
    return tuple(
        Rule(
            f"{row.ref}.part_le_whole",
            ERROR,
            (row.numerator,),
            "le",
            (row.denominator,),
            title=f"{row_place(row)}: {_lower_first(row.label)} không quá 100%",
        )
        for row in catalogue.ROWS.values()
        if row.kind == Kind.RATIO
    )


def row_place(row: catalogue.Row) -> str:
    """ "Biểu 3 mục 2.1", "Số liệu phần II mục B.1", "Biểu 2 dòng “Số VBQPPL …”"."""
    section = catalogue.SECTION_BY_KEY[row.section]
    where = f"Biểu {section.number}" if section.number else "Số liệu phần II"
    if not row.stt:
        return f"{where} dòng “{row.label}”"
    return f"{where} mục {row.stt.rstrip('.')}"


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


# Rules written out, in the order of the forms; each comment cites the seed's figures.
DECLARED_RULES: tuple[Rule, ...] = (
    # Biểu 1 item 4.1 (46) ≥ 4.1.1 + 4.1.2 + 4.1.3 (30 + 0 + 0).
    _sum(
        "b1.city_tasks_parts",
        ERROR,
        "b1.city_tasks",
        ("b1.city_tasks_on_time", "b1.city_tasks_done_late", "b1.city_tasks_overdue_open"),
        op="ge",
        title="Biểu 1: nhiệm vụ thành phố giao không ít hơn số đã hoàn thành và quá hạn",
    ),
    # Biểu 2: the commune's own VBQPPL are part of all VBQPPL issued locally.
    _sum(
        "b2.commune_le_total",
        ERROR,
        "b2.legal_documents_commune",
        ("b2.legal_documents",),
        op="le",
        title="Biểu 2: VBQPPL cấp xã không vượt tổng VBQPPL của địa phương",
    ),
    # Biểu 3 item 1.2 (331) ≤ 375 TTHC published.
    _sum(
        "b3.non_territorial_le_published",
        ERROR,
        "b3.non_territorial_procedures",
        ("ii.tthc_published",),
        op="le",
        title="Biểu 3: TTHC không phụ thuộc địa giới không vượt số TTHC công bố",
    ),
    # Biểu 3 item 2.1.1 = hồ sơ đã giải quyết (5.650); 2.1.2 = trước hạn, đúng hạn (5.612).
    _sum(
        "b3.resolved_matches_ii",
        ERROR,
        "b3.resolved_total",
        ("ii.apps_resolved",),
        title="Biểu 3: hồ sơ đã giải quyết khớp với phần II",
    ),
    _sum(
        "b3.on_time_matches_ii",
        ERROR,
        "b3.resolved_on_time",
        ("ii.apps_on_time",),
        title="Biểu 3: hồ sơ giải quyết đúng hạn khớp với phần II",
    ),
    # PAKN 11 = 2 (tổng đài 1022) + 9 (Cổng DVC quốc gia) + 0 (khác).
    _sum(
        "b3.pakn_by_channel",
        ERROR,
        "b3.pakn_received",
        ("ii.pakn_hotline", "ii.pakn_national_portal", "ii.pakn_other"),
        parts_text="tổng PAKN theo kênh ở phần II (mục D.1 + D.2 + D.3)",
        title="Biểu 3: PAKN đã tiếp nhận khớp với tổng PAKN theo kênh ở phần II",
    ),
    # Biểu 4: có mặt ≤ được giao (40 ≤ 47; 360 ≤ 396).
    _sum(
        "b4.civil_present_le_quota",
        ERROR,
        "b4.civil_present",
        ("b4.civil_quota",),
        op="le",
        title="Biểu 4: biên chế công chức có mặt không vượt số được giao",
    ),
    _sum(
        "b4.unit_present_le_quota",
        ERROR,
        "b4.unit_present",
        ("b4.unit_quota",),
        op="le",
        title="Biểu 4: người làm việc tại ĐVSN có mặt không vượt số được giao",
    ),
    # Biểu 5 item 1.2 (14) ≤ Biểu 6 item 2.1 (14 ĐVSN).
    _sum(
        "b5.units_le_b6_units",
        ERROR,
        "b5.units_with_positions",
        ("b6.units_total",),
        op="le",
        title="Biểu 5: ĐVSN có vị trí việc làm không vượt tổng số ĐVSN ở Biểu 6",
    ),
    # Biểu 5 item 4 = 4.1 + 4.2 + 4.3: the parts cannot exceed the total (error); a total
    # larger than its parts counts people the form has no row for, which needs a word (warning).
    _sum(
        "b5.disciplined_parts_le_total",
        ERROR,
        "b5.disciplined_total",
        (
            "b5.disciplined_commune_leaders",
            "b5.disciplined_division_leaders",
            "b5.disciplined_unit_staff",
        ),
        op="ge",
        title="Biểu 5: số bị kỷ luật theo đối tượng không vượt tổng số",
    ),
    _sum(
        "b5.disciplined_total_eq_parts",
        WARNING,
        "b5.disciplined_total",
        (
            "b5.disciplined_commune_leaders",
            "b5.disciplined_division_leaders",
            "b5.disciplined_unit_staff",
        ),
        op="le",
        title="Biểu 5: tổng số bị kỷ luật bằng tổng theo đối tượng",
    ),
    # Biểu 6 item 2.1 (14) = 2.2 + 2.3 + 2.4 + 2.5 (–, –, –, 14); 2.4 = 2.4.1 + 2.4.2 + 2.4.3.
    _sum(
        "b6.units_by_autonomy",
        ERROR,
        "b6.units_total",
        (
            "b6.units_self_funded_full",
            "b6.units_self_funded_recurrent",
            "b6.units_partly_funded",
            "b6.units_state_funded",
        ),
        title="Biểu 6: tổng số ĐVSN bằng tổng theo mức tự chủ",
    ),
    _sum(
        "b6.partly_funded_parts",
        ERROR,
        "b6.units_partly_funded",
        ("b6.units_partly_70", "b6.units_partly_30", "b6.units_partly_10"),
        title="Biểu 6: ĐVSN tự bảo đảm một phần bằng tổng theo tỷ lệ tự bảo đảm",
    ),
    # Biểu 7 item 1.1.1 (220) = the 220 TTHC toàn trình of section II.2. The form's "eligible"
    # and the narrative's "provided" are defined apart, hence a warning.
    _sum(
        "b7.full_online_matches_ii",
        WARNING,
        "b7.full_online_eligible",
        ("ii.tthc_online_full",),
        title="Biểu 7: DVC đủ điều kiện toàn trình khớp với số TTHC toàn trình ở phần II",
    ),
    # Section II: TTHC công bố 375 = công khai 375 = 155 một phần + 220 toàn trình.
    _sum(
        "ii.public_le_published",
        ERROR,
        "ii.tthc_public",
        ("ii.tthc_published",),
        op="le",
        title="Phần II: TTHC công khai không vượt số TTHC công bố",
    ),
    _sum(
        "ii.public_eq_published",
        WARNING,
        "ii.tthc_public",
        ("ii.tthc_published",),
        op="ge",
        title="Phần II: TTHC công khai bằng số TTHC công bố",
    ),
    _sum(
        "ii.online_le_public",
        ERROR,
        "ii.tthc_public",
        ("ii.tthc_online_partial", "ii.tthc_online_full"),
        op="ge",
        title="Phần II: TTHC trực tuyến không vượt số TTHC công khai",
    ),
    _sum(
        "ii.online_eq_public",
        WARNING,
        "ii.tthc_public",
        ("ii.tthc_online_partial", "ii.tthc_online_full"),
        op="le",
        title="Phần II: TTHC công khai bằng số TTHC trực tuyến một phần và toàn trình",
    ),
    # Hồ sơ tiếp nhận 5.683 = 5.660 trực tuyến + 0 trực tiếp + 23 kỳ trước.
    _sum(
        "ii.received_by_channel",
        ERROR,
        "ii.apps_received",
        ("ii.apps_online", "ii.apps_direct", "ii.apps_carried"),
        title="Phần II: hồ sơ tiếp nhận bằng tổng theo kênh tiếp nhận",
    ),
    # Hồ sơ tiếp nhận 5.683 = 5.650 đã giải quyết + 33 đang giải quyết.
    _sum(
        "ii.received_by_outcome",
        ERROR,
        "ii.apps_received",
        ("ii.apps_resolved", "ii.apps_pending"),
        title="Phần II: hồ sơ tiếp nhận bằng đã giải quyết cộng đang giải quyết",
    ),
    # Đã giải quyết 5.650 = 5.612 trước hạn/đúng hạn + 1 quá hạn + 24 từ chối + 13 rút.
    _sum(
        "ii.resolved_parts",
        ERROR,
        "ii.apps_resolved",
        ("ii.apps_on_time", "ii.apps_late", "ii.apps_rejected", "ii.apps_withdrawn"),
        title="Phần II: hồ sơ đã giải quyết bằng tổng theo kết quả giải quyết",
    ),
    # Đang giải quyết 33 = 32 trong hạn + 0 quá hạn + 1 yêu cầu bổ sung.
    _sum(
        "ii.pending_parts",
        ERROR,
        "ii.apps_pending",
        ("ii.apps_pending_in_time", "ii.apps_pending_late", "ii.apps_pending_supplement"),
        title="Phần II: hồ sơ đang giải quyết bằng tổng theo tình trạng",
    ),
    # 5.660 online applications (section II) against 907 + 4.501 in Biểu 7: the seed's 252 gap.
    # The two figures come from different systems, hence a warning to be explained.
    _sum(
        "ii.online_apps_match_b7",
        WARNING,
        "ii.apps_online",
        ("b7.full_service_apps", "b7.partial_service_apps"),
        title="Hồ sơ trực tuyến ở phần II khớp với hồ sơ DVCTT ở Biểu 7",
    ),
)

RULES: tuple[Rule, ...] = DECLARED_RULES + _ratio_rules()
RULE_BY_CODE: dict[str, Rule] = {rule.code: rule for rule in RULES}


def rule_title(code: str) -> str:
    """The rule's Vietnamese name; a code no rule has any more (an old explanation) as is."""
    rule = RULE_BY_CODE.get(code)
    return rule.title if rule is not None else code


_OPS = {
    "eq": lambda a, b: a == b,
    "le": lambda a, b: a <= b,
    "ge": lambda a, b: a >= b,
}


def describe(refs: tuple[str, ...]) -> str:
    """How a message names rows: "Biểu 3 mục 2.1.1", "Biểu 7 mục 1.3.1 + 1.4.1",
    "số hồ sơ đã giải quyết ở phần II"."""
    rows = [catalogue.ROWS[ref] for ref in refs]
    sections = {row.section for row in rows}
    if sections == {"ii"}:
        if len(rows) == 1:
            return f"{_lower_first(rows[0].label)} ở phần II"
        return "tổng phần II mục " + " + ".join(row.stt.rstrip(".") for row in rows)
    if len(sections) == 1:
        section = catalogue.SECTION_BY_KEY[rows[0].section]
        if len(rows) == 1 and not rows[0].stt:  # Biểu 2 prints one row without a code
            return f"Biểu {section.number} dòng “{rows[0].label}”"
        codes = " + ".join(row.stt.rstrip(".") for row in rows)
        return f"Biểu {section.number} mục {codes}"
    return " + ".join(describe((ref,)) for ref in refs)


def _total(values: dict, refs: tuple[str, ...]):
    """The sum of the filled cells (an int, or a Decimal when money is among them); None when
    every cell is blank. Run for every rule of every report the city counts, hence the loop."""
    total = None
    for ref in refs:
        value = values.get(ref)
        if value is not None:
            total = value if total is None else total + value
    return total


def evaluate(rule: Rule, values: dict) -> Result | None:
    """The rule's result for these values, or None when it holds or cannot be checked yet."""
    left, right = _total(values, rule.left), _total(values, rule.right)
    if left is None or right is None or _OPS[rule.op](left, right):
        return None
    left_text = rule.left_text or describe(rule.left)
    right_text = rule.right_text or describe(rule.right)
    difference = abs(left - right)
    if rule.code.endswith(".part_le_whole") and right == 0:
        message = (
            f"{left_text} ({format_number(left)}) có giá trị nhưng {right_text} bằng 0: "
            "không thể có phần khi tổng bằng 0."
        )
    elif rule.op == "eq":
        message = (
            f"{left_text} ({format_number(left)}) khác {right_text} ({format_number(right)}): "
            f"lệch {format_number(difference)}."
        )
    elif rule.op == "le":
        message = (
            f"{left_text} ({format_number(left)}) lớn hơn {right_text} "
            f"({format_number(right)}): vượt {format_number(difference)}."
        )
    else:
        message = (
            f"{left_text} ({format_number(left)}) nhỏ hơn {right_text} "
            f"({format_number(right)}): thiếu {format_number(difference)}."
        )
    return Result(rule.code, rule.severity, _capitalise(message), rule.refs, difference)


def _capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]


def check_values(values: dict) -> list[Result]:
    """Every failing rule for ``{ref: value}``, errors first, then in the order of the rules."""
    results = [r for r in (evaluate(rule, values) for rule in RULES) if r is not None]
    return sorted(results, key=lambda r: r.severity != ERROR)


def check_report(report) -> list[Result]:
    """The rule results of a saved report."""
    from reports.services import report_values

    return check_values(report_values(report))


def explanations_of(report) -> dict[str, str]:
    return {
        code: text
        for code, text in report.explanations.values_list("rule_code", "text")
        if text.strip()
    }


def for_section(results: list[Result], key: str) -> list[Result]:
    """The results that concern a row of section ``key``."""
    return [r for r in results if key in r.sections]
