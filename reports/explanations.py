"""A report's failing rules with the commune's written explanations, as lines to print: what the
city's page of a report, the city workbook and the report's own workbook (its sheet "Giải
trình") show. Each line names the rule, the rows it compares with their figures, the gap, and
the explanation with who wrote it and when.

``explanation_lines`` is pure: it runs ``reports.rules`` on plain values and joins the
explanations given to it, so the live report (explanations read from the database) and a frozen
snapshot (explanations as recorded in it) give their lines the same way. The rows are named
from a record of the form (``reports.content.form_record``, or the one a snapshot keeps), so an
approved report's lines do not change with the catalogue.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from reports import rules
from reports.numbers import format_number

OPERATORS = {"eq": "=", "le": "≤", "ge": "≥"}
SEVERITY_LABELS = {rules.ERROR: "Lỗi", rules.WARNING: "Cảnh báo"}
UNEXPLAINED = "Chưa có giải trình."
BLANK_FIGURE = "trống"


@dataclass(frozen=True)
class Explanation:
    text: str
    author: str = ""  # the writer's full name; "" when not known (an old snapshot)
    at: datetime | None = None  # when it was last written


@dataclass(frozen=True)
class WarningLine:
    code: str  # the rule's code
    severity: str
    rows: tuple[str, ...]  # each compared row with its figure: "Biểu 7 mục 1.3.1 – …: 907"
    difference: object  # the gap between the two sides: 252
    message: str  # the rule's own message, as the commune saw it
    explanation: str  # UNEXPLAINED for a warning without one; "" for an error (fixed, never
    # explained)
    author: str
    at: datetime | None
    report_id: int | None = None  # set by callers that list several reports
    commune: str = ""  # "xã Nam Thanh Miện"

    @property
    def severity_label(self) -> str:
        return SEVERITY_LABELS[self.severity]

    @property
    def title(self) -> str:
        """The rule's Vietnamese name: "Hồ sơ trực tuyến ở phần II khớp với hồ sơ DVCTT …" """
        return rules.rule_title(self.code)

    @property
    def rule(self) -> str:
        """The rule in words: "Hồ sơ tiếp nhận trực tuyến ở phần II = Biểu 7 mục …" """
        return rule_name(rules.RULE_BY_CODE[self.code])

    @property
    def gap(self) -> str:
        """ "252" """
        return format_number(self.difference)


def rule_name(rule: rules.Rule) -> str:
    """ "Hồ sơ tiếp nhận trực tuyến ở phần II = Biểu 7 mục 1.3.1 + 1.4.1" """
    left = rule.left_text or rules.describe(rule.left)
    right = rule.right_text or rules.describe(rule.right)
    text = f"{left} {OPERATORS[rule.op]} {right}"
    return text[:1].upper() + text[1:]


def row_names(forms: list[dict]) -> dict[str, str]:
    """{ref: "Biểu 7 mục 1.3.1 – Tổng số hồ sơ …"} for every row of a form record (the seven
    Biểu mẫu and the section II figures, as ``reports.content.form_record`` gives them)."""
    names = {}
    for section in forms:
        where = section["heading"].replace("Biểu mẫu", "Biểu") if section["heading"] else "Phần II"
        for row in section["rows"]:
            place = f"{where} mục {row['stt'].rstrip('.')}" if row["stt"] else where
            names[row["ref"]] = f"{place} – {row['label']}"
    return names


def compared_rows(rule: rules.Rule, values: Mapping, names: Mapping[str, str]) -> tuple[str, ...]:
    """Each row the rule compares, where it is and its figure: "Biểu 7 mục 1.3.1 – Tổng số hồ
    sơ …: 907"; a blank figure shows as "trống". The rules compare counts and money only."""
    return tuple(
        f"{names.get(ref, ref)}: {format_number(values.get(ref)) or BLANK_FIGURE}"
        for ref in rule.refs
    )


def explanation_lines(
    values: Mapping,
    explanations: Mapping[str, Explanation],
    *,
    names: Mapping[str, str],
    severities=(rules.ERROR, rules.WARNING),
) -> list[WarningLine]:
    """The failing rules of ``severities`` for ``values`` ({ref: value}), errors first, each
    warning with its explanation from ``explanations`` ({rule code: Explanation}; a blank text
    counts as none); ``names`` from ``row_names``."""
    lines = []
    for result in rules.check_values(values):
        if result.severity not in severities:
            continue
        found = explanations.get(result.code)
        if result.is_error:
            explanation = Explanation("")  # an error is fixed, never explained
        elif found is None or not found.text.strip():
            explanation = Explanation(UNEXPLAINED)
        else:
            explanation = found
        lines.append(
            WarningLine(
                code=result.code,
                severity=result.severity,
                rows=compared_rows(rules.RULE_BY_CODE[result.code], values, names),
                difference=result.difference,
                message=result.message,
                explanation=explanation.text,
                author=explanation.author,
                at=explanation.at,
            )
        )
    return lines
