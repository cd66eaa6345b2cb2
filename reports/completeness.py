"""What a report must hold before it is submitted, as data beside ``reports.rules``: every
figure of the seven Biểu mẫu and of the section II figures the narrative prints, and the
narrative sections the commune writes. A blank is not 0: a blank figure is missing.

A figure may stay blank only when:
- the form itself marks its row "(Nếu có)" (the catalogue's ``remark``: Biểu 1 item 3.1);
- an error identity "total = parts" of ``reports.rules`` proves it is 0: the other parts already
  make up the total. The seed's Biểu 6 prints 2.1 = 14 with 2.2, 2.3, 2.4 blank and 2.5 = 14,
  so 2.2–2.4 are 0, and 2.4.1–2.4.3, the parts of that 0, too;
- its ref is in ``MAY_STAY_BLANK`` (rows for occasional events, each with its reason).

Section II's figures are all required: the narrative's section II prints each of them (or
leaves a gap in the official text). ``missing`` is pure and needs no database;
``submission_problems`` adds the rule errors and unexplained warnings of a saved report: the
one list that submit and approve refuse on, and that the overview shows beforehand.
"""

from dataclasses import dataclass

from reports import catalogue
from reports.models import Report
from reports.rules import ERROR, RULES, WARNING, check_values, explanations_of, row_place
from reports.services import report_values

# The narrative sections the commune writes itself (section II is written from the figures;
# its three short paragraphs and the recipients are optional).
REQUIRED_TEXTS = ("basis", "section_1", "section_3", "section_4", "section_5")

# Rows for events that may not happen in a period, which the real reference report (the
# seed, approved by its commune) leaves blank and the domain notes accept as written: a blank
# there reads "không có". Every other blank must be filled, with 0 when there is nothing.
MAY_STAY_BLANK = {
    "b1.survey_forms": "Biểu 1 mục 4.2: chỉ có khi kỳ này có khảo sát bằng phiếu",
    "b1.citizen_dialogue": "Biểu 1 mục 5: chỉ có khi kỳ này có tổ chức đối thoại",
    "b6.units_equitized": "Biểu 6 mục 2.6: chỉ có khi địa phương có ĐVSN đã cổ phần hóa",
}

# Identities "total = parts" that can prove a blank part is 0.
_IDENTITIES = tuple(
    rule for rule in RULES if rule.severity == ERROR and rule.op == "eq" and len(rule.left) == 1
)


NARRATIVE = "narrative"  # Problem.section of a narrative text
MISSING = "missing"
PROBLEM_PREFIX = {
    MISSING: "Chưa nhập: ",
    ERROR: "Lỗi: ",
    WARNING: "Cảnh báo chưa có giải trình: ",
}


@dataclass(frozen=True)
class Problem:
    """One thing that stops a submission, and where to mend it: the row of a Biểu mẫu page
    (``section`` is a catalogue key, ``field`` the row's field) or a narrative text
    (``section`` NARRATIVE, ``field`` the Report text field)."""

    kind: str  # MISSING, ERROR or WARNING
    message: str  # with its prefix: "Chưa nhập: Biểu 3 mục 2.1.1: Tổng số hồ sơ …"
    section: str
    field: str
    code: str = ""  # the rule, for errors and warnings

    def __str__(self) -> str:
        return self.message


def may_stay_blank(row: catalogue.Row) -> bool:
    return bool(row.remark) or row.ref in MAY_STAY_BLANK


def implied_zeros(values: dict) -> set[str]:
    """Refs of the blank parts an identity proves to be 0, repeated until nothing more
    follows (2.4 = 0 makes 2.4.1–2.4.3 zero as well)."""
    known = {ref: value for ref, value in values.items() if value is not None}
    implied: set[str] = set()
    progress = True
    while progress:
        progress = False
        for rule in _IDENTITIES:
            total = known.get(rule.left[0])
            blank = [ref for ref in rule.right if ref not in known]
            if total is None or not blank:
                continue
            if sum(known[ref] for ref in rule.right if ref in known) == total:
                known.update(dict.fromkeys(blank, 0))
                implied.update(blank)
                progress = True
    return implied


def missing(values: dict, texts: dict) -> list[Problem]:
    """Every blank figure that must be filled (in the order of the forms), then every empty
    narrative section the commune writes."""
    zeros = implied_zeros(values)
    found = []
    for section in catalogue.SECTIONS:
        for row in section.input_rows:
            if values.get(row.ref) is None and row.ref not in zeros and not may_stay_blank(row):
                where = row_place(row)
                text = f"{where}: {row.label}" if row.stt else where
                found.append(
                    Problem(MISSING, PROBLEM_PREFIX[MISSING] + text, section.key, row.field)
                )
    for name in REQUIRED_TEXTS:
        if not (texts.get(name) or "").strip():
            text = f"Nội dung báo cáo, mục {Report.text_label(name)}"
            found.append(Problem(MISSING, PROBLEM_PREFIX[MISSING] + text, NARRATIVE, name))
    return found


def submission_problems(report, *, values=None, results=None, explained=None) -> list[Problem]:
    """What stops the report from being submitted, in Vietnamese: every blank that must be
    filled, every rule error, and every warning without a written explanation (linked to the
    first row the rule names). Empty: the report may be submitted. A page that has already read
    the report's ``values``, checked them (``results``) and read its explanations passes them."""
    if values is None:
        values = report_values(report)
    texts = {name: getattr(report, name) for name in REQUIRED_TEXTS}
    problems = missing(values, texts)
    if explained is None:
        explained = explanations_of(report)
    for result in check_values(values) if results is None else results:
        if result.is_error or result.code not in explained:
            ref = result.refs[0]
            section, field = ref.split(".", 1)
            problems.append(
                Problem(
                    result.severity,
                    PROBLEM_PREFIX[result.severity] + result.message,
                    section,
                    field,
                    result.code,
                )
            )
    return problems
