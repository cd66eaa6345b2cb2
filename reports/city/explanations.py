"""The rule warnings of a commune's report as the city reads them: the rule, the rows it
compares with their figures, the gap, and the commune's written explanation (who, when).

The rules are ``reports.rules`` run on the report's values, as on every other page; the
explanations are the ``WarningExplanation`` rows kept with the report. A report the city counts
(approved or issued) has passed the submission check, so each of its warnings has an
explanation; a draft may show warnings still unexplained, and errors.
"""

from dataclasses import dataclass
from datetime import datetime

from reports import catalogue, rules
from reports.models import WarningExplanation
from reports.numbers import format_number

from .rollup import display

OPERATORS = {"eq": "=", "le": "≤", "ge": "≥"}
SEVERITY_LABELS = {rules.ERROR: "Lỗi", rules.WARNING: "Cảnh báo"}
UNEXPLAINED = "Chưa có giải trình."


@dataclass(frozen=True)
class WarningLine:
    report_id: int
    commune: str  # "xã Nam Thanh Miện"
    severity: str
    rule: str  # the rule in words: "Hồ sơ tiếp nhận trực tuyến ở phần II = Biểu 7 mục …"
    rows: tuple[str, ...]  # each compared row with its figure: "Biểu 7 mục 1.3.1 …: 907"
    difference: object  # the gap between the two sides: 252
    message: str  # the rule's own message, as the commune saw it
    explanation: str
    author: str
    at: datetime | None

    @property
    def severity_label(self) -> str:
        return SEVERITY_LABELS[self.severity]

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


def _place(row: catalogue.Row) -> str:
    section = catalogue.SECTION_BY_KEY[row.section]
    where = f"Biểu {section.number}" if section.number else "Phần II"
    return f"{where} mục {row.stt.rstrip('.')}" if row.stt else where


def compared_rows(rule: rules.Rule, values: dict) -> tuple[str, ...]:
    """Each row the rule compares, where it is and its figure: "Biểu 7 mục 1.3.1 – Tổng số hồ
    sơ …: 907"; a blank figure shows as "trống"."""
    out = []
    for ref in rule.refs:
        row = catalogue.ROWS[ref]
        value = display(row, values.get(ref)) or "trống"
        out.append(f"{_place(row)} – {row.label}: {value}")
    return tuple(out)


def _explanations(reports) -> dict[tuple[int, str], tuple[str, str, datetime]]:
    """{(report id, rule code): (text, author, when)} for the reports (one query)."""
    found = {}
    rows = WarningExplanation.objects.filter(report__in=reports).values_list(
        "report_id", "rule_code", "text", "author__profile__full_name", "author__username",
        "updated_at",
    )  # fmt: skip
    for report_id, code, text, full_name, username, at in rows:
        if text.strip():
            found[report_id, code] = (text, full_name or username, at)
    return found


def warning_lines(items, reports, *, severities=(rules.WARNING,)) -> list[WarningLine]:
    """The failing rules of the given severities for each ``(report id, commune, values)`` of
    ``items``, with the explanations of ``reports`` (a queryset of the same reports)."""
    checked = [rule for rule in rules.RULES if rule.severity in severities]
    explained = _explanations(reports)
    lines = []
    for report_id, commune, values in items:
        results = [r for r in (rules.evaluate(rule, values) for rule in checked) if r]
        for rule, result in ((rules.RULE_BY_CODE[r.code], r) for r in results):
            text, author, at = explained.get((report_id, rule.code), (UNEXPLAINED, "", None))
            if result.is_error:
                text, author, at = "", "", None  # an error is fixed, never explained
            lines.append(
                WarningLine(
                    report_id=report_id,
                    commune=commune,
                    severity=result.severity,
                    rule=rule_name(rule),
                    rows=compared_rows(rule, values),
                    difference=result.difference,
                    message=result.message,
                    explanation=text,
                    author=author,
                    at=at,
                )
            )
    return sorted(lines, key=lambda line: line.severity != rules.ERROR)


def report_warnings(report, values: dict) -> list[WarningLine]:
    """Every error and warning of one report, the warnings with their explanations."""
    items = [(report.pk, report.commune.official_name, values)]
    reports = type(report).objects.filter(pk=report.pk)
    return warning_lines(items, reports, severities=(rules.ERROR, rules.WARNING))
