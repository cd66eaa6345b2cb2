"""reports.completeness: a blank report cannot leave the commune, the seed still can.

Pure cases on the seed's figures (tests/test_rules.py's ``seed_values``), then the workflow on
saved reports: a blank report refused at submit, the seed's content submitted and approved,
an approval refused when a figure was blanked during review."""

import pytest

from reports import catalogue, workflow
from reports.completeness import MAY_STAY_BLANK, implied_zeros, missing
from reports.models import AuditEntry, Report, Status
from reports.periods import Period
from reports.services import figure_sets, report_create
from tests.complete import fill_like_seed
from tests.test_rules import seed_values

TEXTS = {
    name: "Nội dung." for name in ("basis", "section_1", "section_3", "section_4", "section_5")
}
SEED_BLANKS = {
    "b1.survey_forms",
    "b1.citizen_dialogue",
    "b6.units_self_funded_full",
    "b6.units_self_funded_recurrent",
    "b6.units_partly_funded",
    "b6.units_partly_70",
    "b6.units_partly_30",
    "b6.units_partly_10",
    "b6.units_equitized",
}


def messages(values, texts=TEXTS) -> list[str]:
    return [problem.message for problem in missing(values, texts)]


def test_the_seed_is_complete_with_its_nine_blanks():
    values = seed_values()
    assert {ref for ref, value in values.items() if value is None} == SEED_BLANKS
    assert missing(values, TEXTS) == []
    # Biểu 6: 2.1 = 14 = – + – + – + 14 makes 2.2–2.4 zero, and 2.4 = 0 its three parts.
    assert implied_zeros(values) == SEED_BLANKS - set(MAY_STAY_BLANK)


def test_a_blank_is_not_a_zero():
    values = seed_values() | {"b3.resolved_total": None}
    assert messages(values) == [
        "Chưa nhập: Biểu 3 mục 2.1.1: Tổng số hồ sơ TTHC đã giải quyết xong"
    ]
    assert messages(values | {"b3.resolved_total": 0}) == []


def test_blank_parts_are_zero_only_when_the_others_make_up_the_total():
    values = seed_values() | {"b6.units_state_funded": 13}
    assert messages(values) == [
        "Chưa nhập: Biểu 6 mục 2.2: Số ĐVSN tự bảo đảm chi thường xuyên và chi đầu tư",
        "Chưa nhập: Biểu 6 mục 2.3: Số ĐVSN tự bảo đảm chi thường xuyên",
        "Chưa nhập: Biểu 6 mục 2.4: Số ĐVSN tự bảo đảm một phần chi thường xuyên",
        "Chưa nhập: Biểu 6 mục 2.4.1: Số ĐVSN tự bảo đảm từ 70% - dưới 100% chi thường xuyên",
        "Chưa nhập: Biểu 6 mục 2.4.2: Số ĐVSN tự bảo đảm từ 30% - dưới 70% chi thường xuyên",
        "Chưa nhập: Biểu 6 mục 2.4.3: Số ĐVSN tự bảo đảm từ 10% - dưới 30% chi thường xuyên",
    ]
    # A blank total proves nothing about its parts.
    assert "b6.units_partly_70" not in implied_zeros({"b6.units_partly_funded": None})


def test_only_the_rows_the_form_marks_may_stay_blank():
    assert messages(seed_values() | {"b1.inspected_units": None}) == []  # "(Nếu có)"
    assert catalogue.ROWS["b1.inspected_units"].remark == "(Nếu có)"
    for ref in MAY_STAY_BLANK:
        assert catalogue.ROWS[ref].is_input


def test_section_two_figures_and_the_unnumbered_row_are_named():
    values = seed_values() | {"ii.apps_received": None, "b2.legal_documents_commune": None}
    assert messages(values) == [
        "Chưa nhập: Biểu 2 dòng “Số VBQPPL do cấp xã ban hành”",
        "Chưa nhập: Số liệu phần II mục B.1: Tổng số hồ sơ tiếp nhận",
    ]


def test_the_narrative_sections_the_commune_writes():
    texts = TEXTS | {"section_1": "  \n ", "section_5": ""}
    problems = missing(seed_values(), texts)
    assert [(p.section, p.field, p.message) for p in problems] == [
        (
            "narrative",
            "section_1",
            "Chưa nhập: Nội dung báo cáo, mục I. Công tác chỉ đạo, điều hành",
        ),
        ("narrative", "section_5", "Chưa nhập: Nội dung báo cáo, mục V. Kiến nghị, đề xuất"),
    ]


def test_a_blank_report_lists_every_figure_and_text():
    problems = missing({}, {})
    inputs = [row for section in catalogue.SECTIONS for row in section.input_rows]
    optional = [row for row in inputs if row.remark or row.ref in MAY_STAY_BLANK]
    assert len(problems) == len(inputs) - len(optional) + 5
    assert (problems[0].section, problems[0].field) == ("b1", "directive_documents")
    assert problems[0].message == "Chưa nhập: Biểu 1 mục 1: Số văn bản chỉ đạo CCHC đã ban hành"
    assert [p.field for p in problems[-5:]] == [
        "basis",
        "section_1",
        "section_3",
        "section_4",
        "section_5",
    ]


# --- through the workflow ------------------------------------------------------------------


def test_a_blank_report_is_refused_at_submit_and_nothing_changes(other_report, other_staff):
    audit = AuditEntry.objects.count()
    with pytest.raises(workflow.TransitionError) as refused:
        workflow.report_submit(other_report, user=other_staff)
    problems = refused.value.problems
    expected = len(missing({}, {}))
    assert refused.value.message == f"Chưa thể gửi duyệt: còn {expected} vấn đề cần xử lý."
    assert len(problems) == expected
    other_report.refresh_from_db()
    assert (other_report.status, other_report.first_submitted_at) == (Status.DRAFT, None)
    assert AuditEntry.objects.count() == audit and not other_report.snapshots.exists()


def test_the_seed_content_is_submitted_and_approved(draft_report, staff, leader):
    fill_like_seed(draft_report)
    workflow.report_submit(draft_report, user=staff)
    workflow.report_approve(draft_report, user=leader)
    assert Report.objects.get(pk=draft_report.pk).status == Status.APPROVED


def test_approval_checks_completeness_again(draft_report, staff, leader):
    fill_like_seed(draft_report)
    workflow.report_submit(draft_report, user=staff)
    figures = figure_sets(draft_report)["b4"]
    figures.civil_downsized = None  # the leader blanks a figure while reviewing
    figures.save()
    with pytest.raises(workflow.TransitionError) as refused:
        workflow.report_approve(draft_report, user=leader)
    assert refused.value.message == "Chưa thể phê duyệt: còn 1 vấn đề cần xử lý."
    assert [p.message for p in refused.value.problems] == [
        "Chưa nhập: Biểu 4 mục 1.4: Số biên chế đã tinh giản trong kỳ báo cáo"
    ]
    draft_report.refresh_from_db()
    assert (draft_report.status, draft_report.approved_by) == (Status.SUBMITTED, None)


def test_a_new_period_starts_incomplete(demo, staff):
    report = report_create(commune=demo, period=Period(2026, "Q4"), user=staff)
    with pytest.raises(workflow.TransitionError):
        workflow.report_submit(report, user=staff)
