"""Import of the Excel annex: round trip, exact messages by sheet/row/cell, nothing saved on
any problem."""

import zipfile
from io import BytesIO

import pytest
from openpyxl import load_workbook

from reports.exports import xlsx_bytes
from reports.exports.importer import import_annex
from reports.models import AuditEntry, ProcedureFigures, Report
from reports.periods import Period
from reports.services import report_create, report_values


@pytest.fixture
def seed_file(seed_report) -> bytes:
    return xlsx_bytes(seed_report)


@pytest.fixture
def blank_report(demo, staff) -> Report:
    """A new report with no figures of its own yet (a period with no earlier report)."""
    return report_create(commune=demo, period=Period(2025, "Q4"), user=staff)


def edited(data: bytes, sheet: str, cell: str, value) -> bytes:
    book = load_workbook(BytesIO(data))
    book[sheet][cell] = value
    out = BytesIO()
    book.save(out)
    return out.getvalue()


def sheet_values(data: bytes) -> dict:
    book = load_workbook(BytesIO(data))
    return {
        (ws.title, row[0].value, row[1].value): row[3].value
        for ws in book.worksheets
        for row in ws.iter_rows(min_row=7, max_col=5)
    }


def state(report) -> tuple:
    report.refresh_from_db()
    return report_values(report), AuditEntry.objects.filter(report=report).count()


def test_round_trip_export_import_export(seed_report, seed_file, blank_report, staff):
    outcome = import_annex(blank_report, seed_file, user=staff, filename="seed.xlsx")
    assert outcome.problems == []
    assert outcome.saved
    blank_report.refresh_from_db()
    assert report_values(blank_report) == report_values(seed_report)
    again = xlsx_bytes(blank_report)
    assert sheet_values(again) == sheet_values(seed_file)
    entries = AuditEntry.objects.filter(report=blank_report, action=AuditEntry.Action.IMPORT)
    assert entries.filter(section="b3", field="resolved_total", new_value="5650").exists()
    assert entries.filter(field="", comment__contains="seed.xlsx").exists()
    # The version of every changed figure set went up by one.
    assert ProcedureFigures.objects.get(report=blank_report).version == 1


def test_sub_row_without_stt_is_matched_by_label(seed_file, blank_report, staff):
    data = edited(seed_file, "Biểu mẫu 2", "D8", 3)
    data = edited(data, "Biểu mẫu 2", "D7", 4)
    assert import_annex(blank_report, data, user=staff).problems == []
    blank_report.refresh_from_db()
    assert blank_report.institutionfigures.legal_documents_commune == 3


def test_broken_file_saves_nothing(draft_report, staff):
    before = state(draft_report)
    outcome = import_annex(draft_report, b"PK\x03\x04 not really a zip", user=staff)
    assert outcome.problems == [
        "Tệp không phải là tệp Excel .xlsx hợp lệ (tệp bị hỏng hoặc sai định dạng)."
    ]
    assert not outcome.saved
    assert state(draft_report) == before


def test_wrong_number_gives_sheet_row_cell_and_saves_nothing(seed_file, draft_report, staff):
    before = state(draft_report)
    data = edited(seed_file, "Biểu mẫu 3", "D12", "5,65")
    outcome = import_annex(draft_report, data, user=staff)
    assert outcome.problems == [
        "Trang tính «Biểu mẫu 3», dòng 12, ô D12: Chỉ tiêu này là số nguyên, không có phần "
        "thập phân: nhập 5.650 hoặc 5650, không dùng dấu phẩy."
    ]
    assert state(draft_report) == before


def test_unknown_code_and_unknown_sheet(seed_file, draft_report, staff):
    before = state(draft_report)
    data = edited(seed_file, "Biểu mẫu 1", "A9", "9.9.")
    book = load_workbook(BytesIO(data))
    book.create_sheet("Nháp")
    out = BytesIO()
    book.save(out)
    outcome = import_annex(draft_report, out.getvalue(), user=staff)
    assert outcome.problems == [
        "Trang tính «Biểu mẫu 1», dòng 9, ô A9: mã chỉ tiêu «9.9.» không có trong Biểu mẫu 1.",
        "Trang tính «Nháp» không thuộc mẫu xuất từ hệ thống.",
    ]
    assert state(draft_report) == before


def test_ratio_that_disagrees_with_its_parts(seed_file, draft_report, staff):
    before = state(draft_report)
    data = edited(seed_file, "Biểu mẫu 3", "D11", 95)  # the cell holds the percentage
    outcome = import_annex(draft_report, data, user=staff)
    assert outcome.problems == [
        "Trang tính «Biểu mẫu 3», dòng 11, ô D11: tỷ lệ 95% không khớp với số liệu của các "
        "chỉ tiêu thành phần (5.612 / 5.650 = 99,33%)."
    ]
    assert state(draft_report) == before
    # The seed's own rounding (99,32% truncated, 60,5%) is accepted.
    data = edited(seed_file, "Biểu mẫu 3", "D11", "99,32%")
    assert import_annex(draft_report, data, user=staff).problems == []


def test_formula_looking_note_is_kept_as_text(seed_file, draft_report, staff):
    data = edited(seed_file, "Biểu mẫu 1", "E7", "=1+1")
    book = load_workbook(BytesIO(data))
    book["Biểu mẫu 1"]["E7"].data_type = "s"
    out = BytesIO()
    book.save(out)
    assert import_annex(draft_report, out.getvalue(), user=staff).problems == []
    draft_report.refresh_from_db()
    assert draft_report.steeringfigures.notes["directive_documents"] == "=1+1"


def test_macros_and_size_are_refused(seed_file, draft_report, staff, settings):
    archive = BytesIO()
    with zipfile.ZipFile(BytesIO(seed_file)) as source, zipfile.ZipFile(archive, "w") as target:
        for item in source.infolist():
            target.writestr(item, source.read(item))
        target.writestr("xl/vbaProject.bin", b"\x00" * 10)
    outcome = import_annex(draft_report, archive.getvalue(), user=staff)
    assert outcome.problems == [
        "Tệp có chứa macro (.xlsm): không được nhận. Hãy lưu lại dưới dạng .xlsx."
    ]
    settings.MAX_UPLOAD_SIZE = 1024 * 1024
    outcome = import_annex(draft_report, seed_file + b"\x00" * (1024 * 1024), user=staff)
    assert outcome.problems == ["Tệp quá lớn: tối đa 1 MB."]


def test_only_into_a_draft(seed_report, seed_file, staff):
    outcome = import_annex(seed_report, seed_file, user=staff)
    assert outcome.problems == ["Chỉ nhập được vào báo cáo đang dự thảo hoặc bị trả lại."]


def test_a_concurrent_change_refuses_the_whole_import(seed_file, draft_report, staff, monkeypatch):
    """Optimistic locking: a figure set changed since the file was read is not overwritten,
    and the sets already written in the same import are rolled back."""
    from django.db.models import F

    from reports.exports import importer

    real = importer.figure_sets

    def read_then_someone_saves(report):
        sets = real(report)
        ProcedureFigures.objects.filter(report=report).update(version=F("version") + 1)
        return sets

    monkeypatch.setattr(importer, "figure_sets", read_then_someone_saves)
    before_values = report_values(Report.objects.get(pk=draft_report.pk))
    before_audit = AuditEntry.objects.count()
    outcome = import_annex(draft_report, seed_file, user=staff)
    assert outcome.problems == [
        "Số liệu của «Biểu mẫu 3» vừa được người khác sửa; vui lòng tải lại trang và nhập lại."
    ]
    assert not outcome.saved
    assert report_values(Report.objects.get(pk=draft_report.pk)) == before_values
    assert AuditEntry.objects.count() == before_audit


def test_rows_are_matched_by_code_not_position(seed_report, seed_file, blank_report, staff):
    book = load_workbook(BytesIO(seed_file))
    ws = book["Biểu mẫu 3"]
    ws.insert_rows(8, amount=2)  # a user adds two blank rows inside the table
    ws.move_range("A14:E14", rows=6)  # and moves 2.1.2 below the others
    out = BytesIO()
    book.save(out)
    assert import_annex(blank_report, out.getvalue(), user=staff).problems == []
    blank_report.refresh_from_db()
    assert blank_report.procedurefigures.resolved_on_time == 5612
    assert report_values(blank_report) == report_values(seed_report)


def test_external_entities_are_not_expanded(seed_file, draft_report, staff):
    """A workbook whose XML declares entities (billion laughs, XXE) is refused unread."""
    archive = BytesIO()
    doctype = b'<!DOCTYPE workbook [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
    with zipfile.ZipFile(BytesIO(seed_file)) as source, zipfile.ZipFile(archive, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "xl/workbook.xml":
                head, _, rest = data.partition(b"?>")
                data = head + b"?>" + doctype + rest
            target.writestr(item, data)
    before = state(draft_report)
    outcome = import_annex(draft_report, archive.getvalue(), user=staff)
    assert outcome.problems == [
        "Tệp không phải là tệp Excel .xlsx hợp lệ (tệp bị hỏng hoặc sai định dạng)."
    ]
    assert state(draft_report) == before
