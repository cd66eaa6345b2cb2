"""The two-step import as a user goes through it: upload → preview of every change and of the
rules after it → confirm (saves exactly that) or cancel (saves nothing); a stale preview, a file
of another period, and the ``import_annex`` command with ``--dry-run``."""

import re
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils.html import escape

from reports import catalogue, rules
from reports.entry.saving import section_save
from reports.exports import xlsx_bytes
from reports.models import AuditEntry, Report
from reports.services import figure_sets, report_values
from tests.import_flow import cancel, cell_of, confirm, edited, preview_form, upload

CHANGES = {
    ("Biểu mẫu 3", "2.1.1.", "D"): 5650,  # blank in the draft
    ("Biểu mẫu 3", "2.1.2.", "D"): 5700,  # more on time than resolved: a rule error
    ("Biểu mẫu 4", "1.2.", "D"): 41,  # có mặt: 40 → 41
    ("Biểu mẫu 1", "1.", "E"): "Theo sổ văn bản đi",  # a note
}
CELL = re.compile(r"<td[^>]*>(.*?)</td>", re.S)
CONSENT = "Tôi hiểu tệp này của kỳ/xã khác và vẫn muốn nhập"


@pytest.fixture
def editor(client, staff):
    client.force_login(staff)
    return client


@pytest.fixture
def changed_file(draft_report) -> bytes:
    data = xlsx_bytes(draft_report)
    cells = {
        (sheet, cell_of(data, sheet, stt, column)): v for (sheet, stt, column), v in CHANGES.items()
    }
    return edited(data, cells)


def state(report) -> tuple:
    report = Report.objects.get(pk=report.pk)
    return report_values(report), AuditEntry.objects.filter(report=report).count()


def rows_of(html: str) -> list[list[str]]:
    """The preview table's rows, cell texts without tags."""
    table = html.split('class="table table-sm table-bordered align-middle mb-0 import-changes"')[1]
    body = table.split("<tbody>")[1].split("</tbody>")[0]
    body = re.sub(r'<span class="d-block d-md-none[^"]*">.*?</span>', "", body)  # narrow screens
    return [
        [" ".join(re.sub(r"<[^>]+>", " ", cell).split()) for cell in CELL.findall(tr)]
        for tr in re.findall(r"<tr>(.*?)</tr>", body, re.S)
    ]


def test_upload_shows_every_change_and_saves_nothing(editor, draft_report, changed_file):
    before = state(draft_report)
    response = upload(editor, draft_report, changed_file)
    assert response.status_code == 302
    assert response.url == reverse("report_import_preview", args=[draft_report.pk])
    page, _ = preview_form(editor, draft_report)
    html = page.content.decode()
    label = catalogue.ROWS
    assert rows_of(html) == [
        ["Biểu mẫu 1", "1.", label["b1.directive_documents"].label + " Ghi chú", "(trống)",
         "Theo sổ văn bản đi"],
        ["Biểu mẫu 3", "2.1.1.", label["b3.resolved_total"].label, "(trống)", "5.650"],
        ["Biểu mẫu 3", "2.1.2.", label["b3.resolved_on_time"].label, "(trống)", "5.700"],
        ["Biểu mẫu 4", "1.2.", label["b4.civil_present"].label, "40", "41"],
    ]  # fmt: skip
    assert "4 ô sẽ thay đổi" in html
    # The rules, run on the figures as they would be after the change.
    after = {"b3.resolved_total": 5650, "b3.resolved_on_time": 5700, "b4.civil_present": 41}
    results = rules.check_values({**report_values(draft_report), **after})
    assert any(r.is_error and "b3.resolved_on_time" in r.refs for r in results)
    for result in results:
        assert escape(result.message) in html
    assert "Tệp này không phải của báo cáo đang nhập" not in html
    assert CONSENT not in html
    assert state(draft_report) == before


def test_confirm_saves_exactly_the_previewed_changes(editor, draft_report, changed_file, staff):
    upload(editor, draft_report, changed_file, name="so-lieu-quy-3.xlsx")
    _, data = preview_form(editor, draft_report)
    response = editor.post(reverse("report_import_confirm", args=[draft_report.pk]), data)
    assert response.status_code == 302
    assert response.url == reverse("report_overview", args=[draft_report.pk])
    report = Report.objects.get(pk=draft_report.pk)
    b3, b4, b1 = report.procedurefigures, report.apparatusfigures, report.steeringfigures
    assert (b3.resolved_total, b3.resolved_on_time, b4.civil_present) == (5650, 5700, 41)
    assert b1.notes["directive_documents"] == "Theo sổ văn bản đi"
    entries = AuditEntry.objects.filter(report=report, action=AuditEntry.Action.IMPORT)
    assert sorted(entries.values_list("field", "old_value", "new_value", "user")) == sorted(
        [
            ("directive_documents", "", "Theo sổ văn bản đi", staff.pk),
            ("resolved_total", "", "5.650", staff.pk),
            ("resolved_on_time", "", "5.700", staff.pk),
            ("civil_present", "40", "41", staff.pk),
            ("", "", "", staff.pk),
        ]
    )
    assert entries.get(field="").comment == "Nhập từ tệp Excel so-lieu-quy-3.xlsx: 4 ô thay đổi."
    page = editor.get(response.url).content.decode()
    assert "Đã nhập tệp so-lieu-quy-3.xlsx: 4 ô thay đổi." in page
    # The change set is gone: posting the same confirmation again saves nothing more.
    before = state(report)
    again = editor.post(reverse("report_import_confirm", args=[report.pk]), data)
    assert again.status_code == 302
    assert state(report) == before


def test_cancel_saves_nothing(editor, draft_report, changed_file):
    before = state(draft_report)
    upload(editor, draft_report, changed_file, name="nham.xlsx")
    _, data = preview_form(editor, draft_report)
    response = cancel(editor, draft_report)
    assert response.status_code == 302
    assert response.url == reverse("report_exports", args=[draft_report.pk])
    page = editor.get(response.url).content.decode()
    assert "Đã hủy nhập tệp nham.xlsx: không có số liệu nào được lưu." in page
    assert state(draft_report) == before
    # The cancelled preview cannot be confirmed afterwards (e.g. from another tab).
    response = editor.post(reverse("report_import_confirm", args=[draft_report.pk]), data)
    assert response.status_code == 302
    page = editor.get(response.url).content.decode()
    assert escape("Không còn bản xem trước này") in page
    assert state(draft_report) == before


def test_confirm_after_someone_saved_is_refused(editor, draft_report, changed_file, leader):
    upload(editor, draft_report, changed_file)
    _, data = preview_form(editor, draft_report)
    b3 = catalogue.SECTION_BY_KEY["b3"]
    figures = figure_sets(Report.objects.get(pk=draft_report.pk))["b3"]
    section_save(
        report=draft_report,
        section=b3,
        values={"resolved_total": 6000},
        notes={},
        version=figures.version,
        user=leader,
    )
    before = state(draft_report)
    page = editor.get(reverse("report_import_preview", args=[draft_report.pk])).content.decode()
    assert "Số liệu của báo cáo đã được lưu sau khi tải tệp lên" in page
    response = editor.post(reverse("report_import_confirm", args=[draft_report.pk]), data)
    assert response.status_code == 409
    assert (
        escape(
            "Số liệu của «Biểu mẫu 3» đã được lưu sau khi xem trước tệp: chưa lưu số liệu nào. "
            "Vui lòng tải tệp lên lại để xem các thay đổi so với số liệu mới."
        )
        in response.content.decode()
    )
    assert state(draft_report) == before
    assert Report.objects.get(pk=draft_report.pk).procedurefigures.resolved_total == 6000


def test_a_newer_upload_replaces_the_preview(editor, draft_report, changed_file):
    """The confirm of an older preview page (another file uploaded since in another tab)
    saves nothing: the token it carries is no longer the pending one."""
    upload(editor, draft_report, changed_file)
    _, old_data = preview_form(editor, draft_report)
    cell = cell_of(changed_file, "Biểu mẫu 4", "1.2.")
    upload(editor, draft_report, edited(changed_file, {("Biểu mẫu 4", cell): 39}))
    before = state(draft_report)
    response = editor.post(reverse("report_import_confirm", args=[draft_report.pk]), old_data)
    assert response.status_code == 302
    assert state(draft_report) == before
    assert confirm(editor, draft_report).status_code == 302
    assert Report.objects.get(pk=draft_report.pk).apparatusfigures.civil_present == 39


def test_file_of_another_period_needs_the_tick(editor, draft_report, seed_report):
    seed_file = xlsx_bytes(seed_report)
    upload(editor, draft_report, seed_file, name="quy-2.xlsx")
    page, data = preview_form(editor, draft_report)
    html = page.content.decode()
    assert "Tệp này không phải của báo cáo đang nhập" in html
    assert (
        "Tệp này là số liệu của Quý II năm 2026, không phải của Quý III năm 2026 "
        "(báo cáo đang nhập)."
    ) in html
    assert CONSENT in html and 'name="accept_mismatch"' in html
    before = state(draft_report)
    response = editor.post(reverse("report_import_confirm", args=[draft_report.pk]), data)
    assert response.status_code == 400
    assert "Hãy đánh dấu ô này nếu vẫn muốn nhập tệp của kỳ hoặc xã khác." in (
        response.content.decode()
    )
    assert state(draft_report) == before
    assert confirm(editor, draft_report, tick=True).status_code == 302
    report = Report.objects.get(pk=draft_report.pk)
    assert report.procedurefigures.resolved_total == 5650


def test_problems_are_listed_and_nothing_waits(editor, draft_report, changed_file):
    cell = cell_of(changed_file, "Biểu mẫu 3", "2.1.1.")
    response = upload(editor, draft_report, edited(changed_file, {("Biểu mẫu 3", cell): "5,65"}))
    assert response.status_code == 400
    body = response.content.decode()
    assert "Không nhập được: chưa có số liệu nào được lưu." in body
    assert f"Trang tính «Biểu mẫu 3», dòng {cell[1:]}, ô {cell}: Chỉ tiêu này là số nguyên" in body
    preview = editor.get(reverse("report_import_preview", args=[draft_report.pk]))
    assert preview.status_code == 302


def test_not_a_workbook_is_refused(editor, draft_report):
    before = state(draft_report)
    response = upload(editor, draft_report, b"hello")
    assert response.status_code == 400
    assert "Tệp không phải là tệp Excel .xlsx hợp lệ" in response.content.decode()
    assert state(draft_report) == before


def test_only_drafts_take_an_import(editor, seed_report):
    response = editor.get(reverse("report_import", args=[seed_report.pk]))
    assert response.status_code == 403


def test_upload_form_errors_next_to_the_field(editor, draft_report, settings):
    url = reverse("report_import", args=[draft_report.pk])
    page = editor.get(url).content.decode()
    assert 'type="file" name="file"' in page and "csrfmiddlewaretoken" in page
    response = editor.post(url, {})
    assert response.status_code == 400
    assert "Vui lòng chọn tệp Excel (.xlsx) để nhập." in response.content.decode()
    settings.MAX_UPLOAD_SIZE = 1024 * 1024
    response = upload(editor, draft_report, b"PK" + b"\x00" * 1024 * 1024)
    assert response.status_code == 400
    assert "Tệp quá lớn: tối đa 1 MB." in response.content.decode()


# ---- the command -------------------------------------------------------------------------


def test_command_dry_run_prints_the_changes_and_saves_nothing(draft_report, changed_file, tmp_path):
    path = tmp_path / "so-lieu.xlsx"
    path.write_bytes(changed_file)
    before = state(draft_report)
    out = StringIO()
    call_command(
        "import_annex", str(path), commune="Nam Thanh Miện", period="2026-Q3", dry_run=True,
        stdout=out,
    )  # fmt: skip
    text = out.getvalue()
    b3 = catalogue.ROWS["b3.resolved_total"].label
    assert "4 ô thay đổi trong Báo cáo CCHC Quý III năm 2026 – UBND xã Nam Thanh Miện:" in text
    assert f"  Biểu mẫu 3 · 2.1.1. {b3}: (trống) → 5.650\n" in text
    assert "Biểu mẫu 4 · 1.2. " in text and ": 40 → 41\n" in text
    assert "Chạy thử (--dry-run): chưa lưu số liệu nào." in text
    assert state(draft_report) == before


def test_command_dry_run_creates_no_report(demo, seed_report, tmp_path):
    path = tmp_path / "quy-2.xlsx"
    path.write_bytes(xlsx_bytes(seed_report))
    reports = Report.objects.count()
    out = StringIO()
    call_command(
        "import_annex", str(path), commune="Nam Thanh Miện", period="2026-Q4", dry_run=True,
        stdout=out,
    )  # fmt: skip
    assert "CHÚ Ý: Tệp này là số liệu của Quý II năm 2026, không phải của Quý IV năm 2026" in (
        out.getvalue()
    )
    assert Report.objects.count() == reports


def test_command_problems_exit_1(draft_report, changed_file, tmp_path):
    path = tmp_path / "hong.xlsx"
    cell = cell_of(changed_file, "Biểu mẫu 3", "2.1.1.")
    path.write_bytes(edited(changed_file, {("Biểu mẫu 3", cell): "5,65"}))
    before = state(draft_report)
    for dry_run in (True, False):
        with pytest.raises(CommandError, match="Không nhập được, chưa lưu số liệu nào"):
            call_command(
                "import_annex", str(path), commune="Nam Thanh Miện", period="2026-Q3",
                dry_run=dry_run, stdout=StringIO(),
            )  # fmt: skip
    assert state(draft_report) == before


def test_command_other_period_needs_accept_mismatch(draft_report, seed_report, tmp_path):
    path = tmp_path / "quy-2.xlsx"
    path.write_bytes(xlsx_bytes(seed_report))
    before = state(draft_report)
    with pytest.raises(CommandError, match="Thêm --accept-mismatch nếu vẫn muốn nhập."):
        call_command(
            "import_annex", str(path), commune="Nam Thanh Miện", period="2026-Q3",
            stdout=StringIO(),
        )  # fmt: skip
    assert state(draft_report) == before
    out = StringIO()
    call_command(
        "import_annex", str(path), commune="Nam Thanh Miện", period="2026-Q3",
        accept_mismatch=True, stdout=out,
    )  # fmt: skip
    assert "Đã nhập " in out.getvalue()
    assert Report.objects.get(pk=draft_report.pk).procedurefigures.resolved_total == 5650
