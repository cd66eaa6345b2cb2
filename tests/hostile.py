"""What a careless or malicious person may type, for the hostile-input tests: hypothesis
strategies plus a list of classic nasty values, and small helpers to compare database state."""

from hypothesis import strategies as st

from reports import catalogue
from reports.models import AuditEntry, WarningExplanation
from reports.services import figure_sets

SCRIPT = '<script>alert("xss")</script>'
# Characters XML 1.0 forbids: python-docx and openpyxl refuse them, so they must never reach
# a document as they are.
CONTROL = "".join(chr(c) for c in range(0x20) if chr(c) not in "\t\n\r") + "\x7f"

NASTY = [
    "",
    " ",
    "0",
    "-1",
    "−5",
    "–7",
    "+12",
    "5.650",
    "5650",
    "5.65",
    "5,65",
    "53,6",
    "1.000.000.000.000.000.000.000",
    "9" * 30,
    "9" * 300,
    "1e9",
    "NaN",
    "Infinity",
    "0x1F",
    "١٢٣",
    "²",
    "5\x00650",
    "\x00",
    "\u202e123",
    "\ufeff12",
    "12 ",
    "1 234",
    "=1+1",
    '=HYPERLINK("http://evil.example","bấm vào")',
    "@SUM(A1:A9)",
    "+cmd|' /C calc'!A0",
    SCRIPT,
    "<img src=x onerror=alert(1)>",
    "{{ 7*7 }}{% debug %}",
    "%(x)s %s {0}",
    "' OR 1=1 --",
    "Robert'); DROP TABLE reports_report;--",
    CONTROL,
    "a\r\nb\rc\nd",
    "x" * 5000,
]

hostile_text = st.one_of(
    st.sampled_from(NASTY),
    st.text(max_size=40),
    st.text(alphabet=st.sampled_from("0123456789.,-+ \u00a0e"), max_size=30),
    st.integers(min_value=-(10**25), max_value=10**25).map(str),
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
)


def figures_state(report) -> dict:
    """Every value and note of the report's figure sets, plus explanations and audit count."""
    state = {}
    for key, figures in figure_sets(report).items():
        section = catalogue.SECTION_BY_KEY[key]
        figures.refresh_from_db()
        for row in section.input_rows:
            state[row.ref] = getattr(figures, row.field)
        state[key + ".notes"] = dict(figures.notes)
        state[key + ".version"] = figures.version
    state["explanations"] = dict(
        WarningExplanation.objects.filter(report=report).values_list("rule_code", "text")
    )
    state["audit"] = AuditEntry.objects.filter(report=report).count()
    return state
