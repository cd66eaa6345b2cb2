"""The entry pages, through the browser's interface: what they show, what a save does to the
database, and what a refused save keeps."""

import threading
from decimal import Decimal

import pytest
from django.db import connection
from django.urls import reverse

from reports import catalogue
from reports.entry.saving import SaveConflict, section_save
from reports.models import AuditEntry, Report, WarningExplanation

B3 = catalogue.SECTION_BY_KEY["b3"]


def section_url(report, key):
    return reverse("report_section", args=[report.pk, catalogue.SECTION_BY_KEY[key].slug])


def section_post(report, key, changes=None, *, version=None):
    """The POST a browser sends for the section, from the saved values, with changes."""
    section = catalogue.SECTION_BY_KEY[key]
    figures = getattr(report, section.model_name.lower())
    figures.refresh_from_db()
    data = {"version": figures.version if version is None else version}
    for row in section.input_rows:
        value = getattr(figures, row.field)
        data[row.field] = "" if value is None else str(value)
        data["note__" + row.field] = figures.notes.get(row.field, "")
    data.update(changes or {})
    return data


def page_urls(report):
    return [
        reverse("report_overview", args=[report.pk]),
        reverse("report_narrative", args=[report.pk]),
        *(section_url(report, s.key) for s in catalogue.SECTIONS),
    ]


# --- access -----------------------------------------------------------------------------------


def test_pages_need_login(client, seed_report):
    for url in [reverse("report_list"), reverse("report_new"), *page_urls(seed_report)]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/dang-nhap/")


def test_every_page_renders_for_staff(client, staff, seed_report, draft_report):
    client.force_login(staff)
    for url in page_urls(seed_report) + page_urls(draft_report):
        assert client.get(url).status_code == 200, url


def test_other_commune_gets_404_and_changes_nothing(client, other_staff, draft_report):
    client.force_login(other_staff)
    for url in page_urls(draft_report):
        assert client.get(url).status_code == 404, url
    response = client.post(
        section_url(draft_report, "b3"), section_post(draft_report, "b3", {"resolved_total": "9"})
    )
    assert response.status_code == 404
    draft_report.procedurefigures.refresh_from_db()
    assert draft_report.procedurefigures.resolved_total is None


def test_city_reviewer_reads_without_inputs_and_cannot_save(client, city_reviewer, draft_report):
    client.force_login(city_reviewer)
    response = client.get(section_url(draft_report, "b3"))
    assert response.status_code == 200
    assert 'name="resolved_total"' not in response.content.decode()
    response = client.post(
        section_url(draft_report, "b3"), section_post(draft_report, "b3", {"resolved_total": "9"})
    )
    assert response.status_code == 403
    draft_report.procedurefigures.refresh_from_db()
    assert draft_report.procedurefigures.resolved_total is None


def test_approved_report_is_read_only(client, staff, seed_report):
    client.force_login(staff)
    body = client.get(section_url(seed_report, "b3")).content.decode()
    assert "Chỉ xem" in body and 'name="resolved_total"' not in body
    response = client.post(
        section_url(seed_report, "b3"), section_post(seed_report, "b3", {"resolved_total": "1"})
    )
    assert response.status_code == 403
    seed_report.procedurefigures.refresh_from_db()
    assert seed_report.procedurefigures.resolved_total == 5650


# --- what a Biểu mẫu page shows ---------------------------------------------------------------


def test_section_page_looks_like_the_paper_form(client, staff, seed_report):
    client.force_login(staff)
    body = client.get(section_url(seed_report, "b3")).content.decode()
    for column in catalogue.COLUMNS:
        assert f">{column}" in body
    assert '<th scope="rowgroup" class="label" id="l-procedure_results">' in body
    assert 'id="r-resolved_total" class="row-italic"' in body
    assert ">5.650</span>" in body  # read-only: approved
    assert ">99,33%</output>" in body
    assert ">100%</output>" in body  # 1.1: 375 / 375, from the section II figures


@pytest.mark.parametrize(
    ("key", "shown"),
    [("b1", ">60,53%</output>"), ("b6", ">53,6%</output>"), ("b6", ">37.094</span>")],
)
def test_seed_ratios_and_money(client, staff, seed_report, key, shown):
    client.force_login(staff)
    assert shown in client.get(section_url(seed_report, key)).content.decode()


def test_codes_are_choices_and_cumulative_rows_are_marked(client, staff, draft_report):
    client.force_login(staff)
    body = client.get(section_url(draft_report, "b1")).content.decode()
    assert '<select class="form-select form-select-sm" name="survey_method"' in body
    assert '<option value="1">1 – Phát phiếu</option>' in body
    assert '<option value="1">1 – Có</option>' in body
    plan_row = body.split('id="r-plan_tasks"')[1].split("</tr>")[0]
    assert "lũy kế" in plan_row
    directives_row = body.split('id="r-directive_documents"')[1].split("</tr>")[0]
    assert "lũy kế" not in directives_row


def test_ratio_with_blank_denominator_is_blank(client, staff, draft_report):
    client.force_login(staff)
    body = client.get(section_url(draft_report, "b3")).content.decode()
    assert 'title="Tự tính: 2.1. = (2.1.2) / (2.1.1)"></output>' in body


# --- saving -----------------------------------------------------------------------------------


def test_save_writes_values_audit_and_recomputes(client, staff, draft_report):
    client.force_login(staff)
    data = section_post(draft_report, "b3", {"resolved_total": "5.650", "resolved_on_time": "5612"})
    data["note__resolved_total"] = "Số liệu từ Hệ thống một cửa"
    response = client.post(section_url(draft_report, "b3"), data)
    assert response.status_code == 302
    figures = draft_report.procedurefigures
    figures.refresh_from_db()
    assert (figures.resolved_total, figures.resolved_on_time, figures.version) == (5650, 5612, 1)
    assert figures.notes == {"resolved_total": "Số liệu từ Hệ thống một cửa"}
    assert figures.updated_by == staff
    audit = AuditEntry.objects.filter(report=draft_report, action=AuditEntry.Action.VALUE)
    assert sorted(audit.values_list("field", "old_value", "new_value", "comment")) == [
        ("resolved_on_time", "", "5.612", ""),
        ("resolved_total", "", "5.650", ""),
        ("resolved_total", "", "Số liệu từ Hệ thống một cửa", "Ghi chú"),
    ]
    assert set(audit.values_list("section", "user")) == {("b3", staff.pk)}
    page = client.get(response["Location"]).content.decode()
    assert "Đã lưu Biểu mẫu 3 (3 ô thay đổi)." in page
    assert ">99,33%</output>" in page
    assert 'value="5.650"' in page


def test_money_accepts_vietnamese_decimals(client, staff, draft_report):
    client.force_login(staff)
    data = section_post(
        draft_report, "b6", {"investment_plan": "37.094", "investment_disbursed": "19.884,5"}
    )
    assert client.post(section_url(draft_report, "b6"), data).status_code == 302
    draft_report.financefigures.refresh_from_db()
    assert draft_report.financefigures.investment_plan == Decimal("37094")
    assert draft_report.financefigures.investment_disbursed == Decimal("19884.5")


COMMA = (
    "Chỉ tiêu này là số nguyên, không có phần thập phân: nhập 5.650 hoặc 5650, không dùng dấu phẩy."
)


@pytest.mark.parametrize(
    ("field", "typed", "message"),
    [
        ("resolved_total", "5,65", COMMA),
        ("resolved_total", "-5", "Số liệu không được âm."),
        ("resolved_total", "năm nghìn", "Chỉ nhập chữ số, ví dụ 5.650 hoặc 5650."),
        ("pakn_received", "99999999999", "Số quá lớn (tối đa 9.999.999): vui lòng kiểm tra lại."),
    ],
)
def test_bad_input_keeps_typed_text_and_saves_nothing(
    client, staff, draft_report, field, typed, message
):
    client.force_login(staff)
    data = section_post(draft_report, "b3", {field: typed, "resolved_on_time": "12"})
    response = client.post(section_url(draft_report, "b3"), data)
    assert response.status_code == 400
    body = response.content.decode()
    assert f'<div class="invalid-feedback d-block" id="e-{field}">{message}</div>' in body
    assert f'name="{field}" id="f-{field}" value="{typed}"' in body
    assert 'name="resolved_on_time" id="f-resolved_on_time" value="12"' in body
    assert "Chưa lưu: có ô nhập chưa đúng" in body
    figures = draft_report.procedurefigures
    figures.refresh_from_db()
    assert (figures.resolved_on_time, figures.version) == (None, 0)
    assert not AuditEntry.objects.filter(report=draft_report, action="value").exists()


def test_bad_choice_is_refused(client, staff, draft_report):
    client.force_login(staff)
    data = section_post(draft_report, "b1", {"survey_method": "7"})
    response = client.post(section_url(draft_report, "b1"), data)
    assert response.status_code == 400
    assert "Chọn một trong các giá trị: 0 = Trực tuyến; 1 = Phát phiếu; 2 = Kết hợp." in (
        response.content.decode()
    )


def test_stale_version_is_refused_and_shows_the_other_save(client, staff, leader, draft_report):
    client.force_login(leader)
    first = section_post(draft_report, "b3", {"resolved_total": "100"})
    assert client.post(section_url(draft_report, "b3"), first).status_code == 302
    client.force_login(staff)
    stale = section_post(draft_report, "b3", {"resolved_total": "120"}, version=0)
    response = client.post(section_url(draft_report, "b3"), stale)
    assert response.status_code == 409
    body = response.content.decode()
    assert "Không lưu được: Vũ Văn Nguyễn đã lưu Biểu mẫu 3 lúc" in body
    assert "Đã lưu bởi người khác: <strong>100</strong>" in body
    assert 'name="resolved_total" id="f-resolved_total" value="120"' in body
    assert '<input type="hidden" name="version" value="1">' in body  # may now save knowingly
    draft_report.procedurefigures.refresh_from_db()
    assert draft_report.procedurefigures.resolved_total == 100


def test_save_without_change_keeps_version(client, staff, draft_report):
    client.force_login(staff)
    response = client.post(section_url(draft_report, "b4"), section_post(draft_report, "b4"))
    assert response.status_code == 302
    draft_report.apparatusfigures.refresh_from_db()
    assert draft_report.apparatusfigures.version == 0


def test_save_next_goes_to_the_next_form(client, staff, draft_report):
    client.force_login(staff)
    data = section_post(draft_report, "b3") | {"save_next": ""}
    response = client.post(section_url(draft_report, "b3"), data)
    assert response["Location"] == section_url(draft_report, "b4")


def test_rules_show_on_the_page_after_save(client, staff, draft_report):
    client.force_login(staff)
    data = section_post(draft_report, "b4", {"civil_quota": "47", "civil_present": "50"})
    response = client.post(section_url(draft_report, "b4"), data, follow=True)
    body = response.content.decode()
    assert "Biểu 4 mục 1.2 (50) lớn hơn Biểu 4 mục 1.1 (47): vượt 3." in body
    assert 'id="r-civil_present" class="row-error"' in body


@pytest.mark.django_db(transaction=True)
def test_two_users_saving_at_once_one_wins(demo, django_user_model):
    """Two users press Lưu on the same Biểu mẫu at the same moment: exactly one save is
    written, the other is refused with the winner's data (row lock + version)."""
    if connection.vendor != "postgresql":
        pytest.skip("concurrent saves: needs DATABASE_URL=postgres://…")
    report = Report.objects.get(commune=demo, year=2026, period_kind="Q3")
    users = [django_user_model.objects.get(username=n) for n in ("chuyenvien", "lanhdao")]
    figures = report.procedurefigures
    saved = {row.field: getattr(figures, row.field) for row in B3.input_rows}
    barrier = threading.Barrier(2)
    outcomes = {}

    def save(user, value):
        from django.db import connections

        try:
            barrier.wait()
            section_save(
                report=report,
                section=B3,
                values=saved | {"resolved_total": value},
                notes={},
                version=0,
                user=user,
            )
            outcomes[value] = "saved"
        except SaveConflict as conflict:
            outcomes[value] = ("conflict", conflict.current.resolved_total)
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=save, args=(u, v)) for u, v in zip(users, (111, 222), strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    saved = [v for v, outcome in outcomes.items() if outcome == "saved"]
    assert len(saved) == 1
    (lost,) = {111, 222} - set(saved)
    assert outcomes[lost] == ("conflict", saved[0])
    report.procedurefigures.refresh_from_db()
    assert (report.procedurefigures.resolved_total, report.procedurefigures.version) == (
        saved[0],
        1,
    )
    assert AuditEntry.objects.filter(report=report, action="value").count() == 1


# --- narrative and explanations ---------------------------------------------------------------


def narrative_post(report, **changes):
    from reports.content import TEXT_FIELDS

    data = {name: getattr(report, name) for name in TEXT_FIELDS}
    data["version"] = report.narrative_version
    return data | changes


def test_narrative_save_and_section_two_preview(client, staff, draft_report):
    client.force_login(staff)
    url = reverse("report_narrative", args=[draft_report.pk])
    body = client.get(url).content.decode()
    assert "Xem trước phần II" in body
    response = client.post(url, narrative_post(draft_report, section_5="- Đề nghị hỗ trợ."))
    assert response.status_code == 302
    draft_report.refresh_from_db()
    assert draft_report.section_5 == "- Đề nghị hỗ trợ."
    assert draft_report.narrative_version == 1
    entry = AuditEntry.objects.get(report=draft_report, action=AuditEntry.Action.TEXT)
    assert (entry.field, entry.old_value, entry.new_value) == ("section_5", "", "- Đề nghị hỗ trợ.")


def test_narrative_preview_uses_the_seed_wording(client, staff, seed_report):
    client.force_login(staff)
    body = client.get(reverse("report_narrative", args=[seed_report.pk])).content.decode()
    assert "Tổng số hồ sơ tiếp nhận: 5.683 hồ sơ." in body


def test_narrative_stale_version_is_refused(client, staff, leader, draft_report):
    url = reverse("report_narrative", args=[draft_report.pk])
    client.force_login(leader)
    assert client.post(url, narrative_post(draft_report, section_3="A")).status_code == 302
    client.force_login(staff)
    response = client.post(url, narrative_post(draft_report, section_3="B", version=0))
    assert response.status_code == 409
    body = response.content.decode()
    assert "Không lưu được: Vũ Văn Nguyễn đã cập nhật nội dung báo cáo" in body
    assert ">\nB</textarea>" in body
    draft_report.refresh_from_db()
    assert draft_report.section_3 == "A"


def test_texts_sent_back_unchanged_by_a_browser_record_no_change(client, staff, draft_report):
    """A browser sends a textarea's lines ended by CR LF: the recipients sent back as they were
    rendered are not a change (the history showed a "nơi nhận" row with equal old and new)."""
    from reports.content import TEXT_FIELDS

    assert "\n" in draft_report.recipients
    client.force_login(staff)
    data = {name: getattr(draft_report, name).replace("\n", "\r\n") for name in TEXT_FIELDS}
    data |= {"version": draft_report.narrative_version, "section_5": "Dòng một\r\nDòng hai"}
    url = reverse("report_narrative", args=[draft_report.pk])
    response = client.post(url, data, follow=True)
    assert "Đã lưu nội dung báo cáo (1 mục thay đổi)." in response.content.decode()
    draft_report.refresh_from_db()
    assert draft_report.section_5 == "Dòng một\nDòng hai"
    entries = AuditEntry.objects.filter(report=draft_report, action=AuditEntry.Action.TEXT)
    assert list(entries.values_list("field", flat=True)) == ["section_5"]


def test_explanation_is_saved_audited_and_removed(client, staff, draft_report):
    client.force_login(staff)
    url = reverse("report_explain", args=[draft_report.pk])
    back = section_url(draft_report, "ii")
    data = {"rule_code": "ii.online_apps_match_b7", "text": "Khác nguồn số liệu.", "next": back}
    response = client.post(url, data)
    assert response.status_code == 302 and response["Location"] == back
    explanation = WarningExplanation.objects.get(report=draft_report)
    assert (explanation.rule_code, explanation.text, explanation.author) == (
        "ii.online_apps_match_b7",
        "Khác nguồn số liệu.",
        staff,
    )
    client.post(url, data | {"text": "  "})
    assert not WarningExplanation.objects.filter(report=draft_report).exists()
    audit = AuditEntry.objects.filter(report=draft_report, action="explain").order_by("id")
    assert list(audit.values_list("field", "old_value", "new_value")) == [
        ("ii.online_apps_match_b7", "", "Khác nguồn số liệu."),
        ("ii.online_apps_match_b7", "Khác nguồn số liệu.", ""),
    ]


def test_errors_cannot_be_explained_and_next_must_be_local(client, staff, draft_report):
    client.force_login(staff)
    url = reverse("report_explain", args=[draft_report.pk])
    data = {"rule_code": "ii.resolved_parts", "text": "x", "next": "https://evil.example/"}
    response = client.post(url, data)
    assert response.status_code == 400
    assert (
        "Không lưu được giải trình: Quy tắc không có hoặc không phải cảnh báo."
        in response.content.decode()
    )
    assert not WarningExplanation.objects.filter(report=draft_report).exists()
    response = client.post(url, data | {"rule_code": "ii.online_apps_match_b7"})
    assert response["Location"] == reverse("report_overview", args=[draft_report.pk])
    assert WarningExplanation.objects.filter(report=draft_report).count() == 1
    assert client.get(url).status_code == 405


# --- overview, list, new period ---------------------------------------------------------------


def test_seed_overview_shows_the_252_gap_with_its_explanation(client, staff, seed_report):
    client.force_login(staff)
    body = client.get(reverse("report_overview", args=[seed_report.pk])).content.decode()
    assert (
        "Hồ sơ tiếp nhận trực tuyến ở phần II (5.660) khác Biểu 7 mục 1.3.1 + 1.4.1 (5.408): "
        "lệch 252." in body
    )
    assert "252 hồ sơ nộp trực tuyến qua dịch vụ bưu chính" in body
    assert "Số liệu không có lỗi; mọi cảnh báo đều đã có giải trình." in body
    assert ">99,33%</output>" in body
    assert 'class="badge text-bg-danger"' not in body


def test_report_list_shows_periods_and_create_button(client, staff, seed_report, draft_report):
    client.force_login(staff)
    body = client.get(reverse("report_list")).content.decode()
    assert "Quý II năm 2026" in body and "Quý III năm 2026" in body
    assert reverse("report_new") in body


def test_new_period_carries_forward(client, staff, draft_report):
    client.force_login(staff)
    page = client.get(reverse("report_new")).content.decode()
    assert 'value="Q4" selected' in page
    response = client.post(reverse("report_new"), {"year": "2026", "period_kind": "Q4"})
    report = Report.objects.get(commune=draft_report.commune, year=2026, period_kind="Q4")
    assert response["Location"] == reverse("report_overview", args=[report.pk])
    assert report.narrativefigures.tthc_published == 375  # carries over
    assert report.narrativefigures.apps_received is None  # a flow of the period
    assert report.prepared_by == staff


def test_duplicate_period_is_refused_in_vietnamese(client, staff, draft_report):
    client.force_login(staff)
    response = client.post(reverse("report_new"), {"year": "2026", "period_kind": "Q3"})
    assert response.status_code == 400
    assert "Báo cáo Quý III năm 2026 của xã Nam Thanh Miện đã có, không tạo thêm." in (
        response.content.decode()
    )
    assert Report.objects.filter(commune=draft_report.commune).count() == 2


@pytest.mark.parametrize("who", ["leader", "clerk", "city_reviewer"])
def test_only_staff_create_periods(client, request, who, draft_report):
    client.force_login(request.getfixturevalue(who))
    assert (
        client.post(reverse("report_new"), {"year": "2027", "period_kind": "Q1"}).status_code == 403
    )
    assert not Report.objects.filter(year=2027).exists()


def test_refused_save_shows_ratios_of_what_was_typed(client, staff, draft_report):
    client.force_login(staff)
    data = section_post(
        draft_report,
        "b3",
        {"resolved_total": "5.650", "resolved_on_time": "5612", "pakn_received": "x"},
    )
    body = client.post(section_url(draft_report, "b3"), data).content.decode()
    assert ">99,33%</output>" in body
    pakn = body.split('id="r-pakn_resolution_rate"')[1].split("</tr>")[0]
    assert '"></output>' in pakn  # blank: its whole could not be read


# --- the page's script computes ratios exactly as the server ----------------------------------


def test_script_ratios_match_the_server():
    """The ratio the page shows while typing is the one the server saves and prints."""
    import json
    import random
    import shutil
    import subprocess
    from pathlib import Path

    from django.core.exceptions import ValidationError

    from reports.numbers import format_percent, ratio
    from reports.parsing import parse_value

    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed")
    script = (Path(__file__).resolve().parent.parent / "static/js/entry.js").read_text()
    rng = random.Random(2026)
    pairs = [(5612, 5650), (19884, 37094), (23, 38), (1, 8), (2, 3), (1, 200000), (0, 5)]
    pairs += [(rng.randint(0, 10**6), rng.randint(1, 10**6)) for _ in range(300)]
    texts = [
        ("5.650", "count"),
        ("5650", "count"),
        ("5,65", "count"),
        ("53,6", "money"),
        ("37.094,125", "money"),
        ("5.65", "count"),
        ("-1", "count"),
        ("", "count"),
        ("1,000", "money"),  # 1 or 1.000? The server asks, the ratio stays blank
        ("5 6", "count"),  # 56, or 5 and 6? Asked as well
        ("2,1250", "money"),  # 2,125 written so that it cannot be read as 2.125
        ("0,125", "money"),
        (" +12 ", "count"),
        ("37.094,5", "money"),
    ]
    harness = (
        "global.window = {}; global.document = {getElementById: () => null};\n"
        + script
        + "\nconst e = window.cchcEntry;\n"
        + f"const pairs = {json.dumps(pairs)}; const texts = {json.dumps(texts)};\n"
        + "console.log(JSON.stringify({"
        + "ratios: pairs.map(([n, d]) => e.formatRatio(BigInt(n) * 1000n, BigInt(d) * 1000n)),"
        + "parsed: texts.map(([t, k]) => { const v = e.parseThousandths(t, k);"
        + " return v === null ? null : v.toString(); })}));"
    )
    done = subprocess.run([node, "-e", harness], capture_output=True, text=True, check=True)
    out = json.loads(done.stdout)
    assert out["ratios"] == [format_percent(ratio(n, d)) for n, d in pairs]
    assert out["ratios"][:3] == ["99,33%", "53,6%", "60,53%"]
    assert out["parsed"] == [
        "5650000", "5650000", None, "53600", "37094125", None, None, None,
        None, None, "2125", "125", "12000", "37094500",
    ]  # fmt: skip
    for (text, kind), parsed in zip(texts, out["parsed"], strict=True):
        row = catalogue.ROWS["b6.investment_plan" if kind == "money" else "b3.resolved_total"]
        try:
            expected = parse_value(text, row)
        except ValidationError:
            expected = None
        assert parsed == (None if expected is None else str(int(expected * 1000))), text


def test_too_long_note_is_refused_next_to_it(client, staff, draft_report):
    client.force_login(staff)
    data = section_post(draft_report, "b3", {"note__pakn_received": "x" * 501})
    body = client.post(section_url(draft_report, "b3"), data).content.decode()
    assert 'is-invalid" name="note__pakn_received"' in body
    assert "Ghi chú dài tối đa 500 ký tự (hiện có 501)." in body
    draft_report.procedurefigures.refresh_from_db()
    assert draft_report.procedurefigures.notes == {}


def test_missing_version_is_refused(client, staff, draft_report):
    client.force_login(staff)
    data = section_post(draft_report, "b3", {"resolved_total": "7"})
    del data["version"]
    response = client.post(section_url(draft_report, "b3"), data)
    assert response.status_code == 400
    assert "Chưa lưu: trang thiếu thông tin phiên bản" in response.content.decode()
    draft_report.procedurefigures.refresh_from_db()
    assert draft_report.procedurefigures.resolved_total is None


def test_markup_typed_by_a_user_is_escaped(client, staff, draft_report):
    client.force_login(staff)
    data = section_post(draft_report, "b3", {"resolved_total": "<b>1</b>"})
    data["note__pakn_received"] = '"><script>alert(1)</script>'
    body = client.post(section_url(draft_report, "b3"), data).content.decode()
    assert "<script>alert(1)" not in body and "<b>1</b>" not in body
    assert "&lt;b&gt;1&lt;/b&gt;" in body


def test_reviewer_reads_explanations_without_a_form(client, city_reviewer, seed_report):
    client.force_login(city_reviewer)
    body = client.get(reverse("report_overview", args=[seed_report.pk])).content.decode()
    assert "<strong>Giải trình:</strong> Số 5.660 hồ sơ trực tuyến" in body
    assert 'name="rule_code"' not in body
    assert "11/13" in body and "4/11" in body  # Biểu 1 and Biểu 6 of the seed have blanks


def test_unknown_form_slug_is_404(client, staff, draft_report):
    client.force_login(staff)
    response = client.get(reverse("report_section", args=[draft_report.pk, "khong-co"]))
    assert response.status_code == 404
