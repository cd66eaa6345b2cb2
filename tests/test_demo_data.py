"""The demo data holds every figure of the seed report, and loading it twice changes nothing."""

from decimal import Decimal

from django.core.management import call_command

from reports.models import AuditEntry, Profile, Report, Status
from reports.numbers import format_percent, ratio
from reports.services import report_values

# The seed's Phụ lục III and section II, typed from the document (not read from the fixture).
SEED_FIGURES = {
    # Biểu mẫu 1
    "b1.directive_documents": 8, "b1.plan_tasks": 38, "b1.plan_tasks_done": 23,
    "b1.inspected_units": 5, "b1.inspection_issues": 2, "b1.inspection_issues_resolved": 2,
    "b1.city_tasks": 46, "b1.city_tasks_on_time": 30, "b1.city_tasks_done_late": 0,
    "b1.city_tasks_overdue_open": 0, "b1.survey_forms": None, "b1.survey_method": 0,
    "b1.citizen_dialogue": None,
    # Biểu mẫu 2
    "b2.legal_documents": 0, "b2.legal_documents_commune": 0,
    # Biểu mẫu 3
    "b3.non_territorial_procedures": 331, "b3.resolved_total": 5650,
    "b3.resolved_on_time": 5612, "b3.pakn_received": 11, "b3.pakn_resolved": 11,
    # Biểu mẫu 4
    "b4.civil_quota": 47, "b4.civil_present": 40, "b4.civil_contracts": 3,
    "b4.civil_downsized": 0, "b4.unit_quota": 396, "b4.unit_present": 360,
    "b4.unit_downsized": 0,
    # Biểu mẫu 5
    "b5.agencies_with_positions": 4, "b5.units_with_positions": 14,
    "b5.position_violations": 0, "b5.civil_servants_recruited": 0,
    "b5.public_employees_recruited": 0, "b5.leaders_by_exam": 0, "b5.disciplined_total": 0,
    "b5.disciplined_commune_leaders": 0, "b5.disciplined_division_leaders": 0,
    "b5.disciplined_unit_staff": 0,
    # Biểu mẫu 6
    "b6.investment_plan": Decimal(37094), "b6.investment_disbursed": Decimal(19884),
    "b6.units_total": 14, "b6.units_self_funded_full": None,
    "b6.units_self_funded_recurrent": None, "b6.units_partly_funded": None,
    "b6.units_partly_70": None, "b6.units_partly_30": None, "b6.units_partly_10": None,
    "b6.units_state_funded": 14, "b6.units_equitized": None,
    # Biểu mẫu 7
    "b7.full_online_eligible": 220, "b7.full_online_provided": 220,
    "b7.services_with_apps": 33, "b7.services_with_online_apps": 33,
    "b7.full_service_apps": 907, "b7.full_service_apps_online": 907,
    "b7.partial_service_apps": 4501, "b7.partial_service_apps_online": 4501,
    "b7.fee_procedures": 43, "b7.fee_procedures_integrated": 43,
    # Section II: TTHC, applications, results, PAKN, contracts
    "ii.tthc_published": 375, "ii.tthc_public": 375, "ii.tthc_online_partial": 155,
    "ii.tthc_online_full": 220, "ii.tthc_at_centre": 375,
    "ii.apps_received": 5683, "ii.apps_online": 5660, "ii.apps_direct": 0,
    "ii.apps_carried": 23, "ii.apps_resolved": 5650, "ii.apps_on_time": 5612,
    "ii.apps_late": 1, "ii.apps_rejected": 24, "ii.apps_withdrawn": 13,
    "ii.apps_pending": 33, "ii.apps_pending_in_time": 32, "ii.apps_pending_late": 0,
    "ii.apps_pending_supplement": 1, "ii.pakn_hotline": 2, "ii.pakn_national_portal": 9,
    "ii.pakn_other": 0, "ii.unit_contracts": 33,
}  # fmt: skip

# Ratios by the one rounding rule (half-up, two decimals): the seed's 99.32% and 60,5% were
# truncated or rounded by hand; 53,6 and the 100% rows agree.
SEED_RATIOS = {
    ("b1.plan_tasks_done", "b1.plan_tasks"): "60,53%",
    ("b1.inspection_issues_resolved", "b1.inspection_issues"): "100%",
    ("ii.tthc_at_centre", "ii.tthc_published"): "100%",
    ("b3.resolved_on_time", "b3.resolved_total"): "99,33%",
    ("b3.pakn_resolved", "b3.pakn_received"): "100%",
    ("b6.investment_disbursed", "b6.investment_plan"): "53,6%",
    ("b7.full_online_provided", "b7.full_online_eligible"): "100%",
    ("b7.services_with_online_apps", "b7.services_with_apps"): "100%",
    ("b7.full_service_apps_online", "b7.full_service_apps"): "100%",
    ("b7.partial_service_apps_online", "b7.partial_service_apps"): "100%",
    ("b7.fee_procedures_integrated", "b7.fee_procedures"): "100%",
}


def test_every_figure_of_the_seed_is_stored(seed_report):
    assert report_values(seed_report) == SEED_FIGURES


def test_every_ratio_of_the_seed_recomputes(seed_report):
    values = report_values(seed_report)
    for (num, den), printed in SEED_RATIOS.items():
        assert format_percent(ratio(values[num], values[den])) == printed, (num, den)


def test_seed_report_is_approved_by_the_vice_chairman_and_not_issued(seed_report):
    assert seed_report.status == Status.APPROVED
    assert seed_report.approved_by.profile.full_name == "Vũ Văn Nguyễn"
    assert seed_report.approved_by.profile.signature_titles == [
        "TM. ỦY BAN NHÂN DÂN",
        "KT. CHỦ TỊCH",
        "PHÓ CHỦ TỊCH",
    ]
    assert (seed_report.number, seed_report.issued_on) == (None, None)
    assert seed_report.number_text == "Số: …/BC-UBND"
    assert seed_report.title == "Công tác cải cách hành chính Quý II năm 2026"


def test_seed_narrative_paragraphs(seed_report):
    assert seed_report.basis.startswith("Thực hiện Công văn số 2237/UBND-NVKTGS ngày 27/8/2025")
    assert seed_report.section_1.count("\n- ") == 6
    assert "2. Tồn tại, hạn chế" in seed_report.section_3
    assert seed_report.section_5 == (
        "- Đề nghị UBND thành phố tiếp tục quan tâm hỗ trợ kinh phí cho hoạt động cải cách "
        "hành chính và chuyển đổi số cấp xã."
    )
    assert seed_report.recipients.splitlines()[-1] == "- Lưu: VT, VHXX."


def test_second_demo_report_is_a_draft_that_carries_the_catalogue_forward(draft_report):
    values = report_values(draft_report)
    assert draft_report.status == Status.DRAFT
    assert values["ii.tthc_published"] == 375  # carries over
    assert values["b4.civil_quota"] == 47  # carries over
    assert values["b3.resolved_total"] is None  # the period's flow starts blank
    assert values["ii.apps_received"] is None


def test_demo_accounts_one_per_role(demo):
    roles = sorted(Profile.objects.values_list("user__username", "role"))
    assert roles == [
        ("chuyenvien", "staff"),
        ("lanhdao", "leader"),
        ("quantri", "admin"),
        ("sonoivu", "city"),
        ("vanthu", "clerk"),
    ]


def test_loading_twice_duplicates_nothing(seed_report):
    counts = (Report.objects.count(), AuditEntry.objects.count(), Profile.objects.count())
    call_command("load_demo", verbosity=0)
    assert (Report.objects.count(), AuditEntry.objects.count(), Profile.objects.count()) == counts
    seed_report.refresh_from_db()
    assert report_values(seed_report) == SEED_FIGURES
