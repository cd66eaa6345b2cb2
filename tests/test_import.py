"""Import of the Excel annex: round trip, ratio cells ignored whatever they hold, exact messages
by sheet/row/cell, nothing saved on any problem, the title rows' period and commune."""

import re
import zipfile
from decimal import Decimal
from io import BytesIO

import pytest
from openpyxl import load_workbook

from reports.exports import xlsx_bytes
from reports.exports.importer import (
    MAX_PROBLEMS,
    SHEETS,
    ImportRefused,
    import_annex,
    import_apply,
    import_preview,
)
from reports.exports.titles import named_commune, named_period
from reports.exports.xlsxchecks import EXPLANATIONS_SHEET
from reports.exports.xlsxread import Workbook
from reports.models import AuditEntry, ProcedureFigures, Report
from reports.numbers import ratio
from reports.periods import Period
from reports.services import report_create, report_values
from tests import libreoffice
from tests.hostile_xlsx import sheet_part
from tests.import_flow import cell_of, edited

OTHER_PERIOD = (
    "Tệp này là số liệu của Quý II năm 2026, không phải của Quý III năm 2026 (báo cáo đang nhập)."
)


@pytest.fixture
def seed_file(seed_report) -> bytes:
    return xlsx_bytes(seed_report)


@pytest.fixture
def draft_file(draft_report) -> bytes:
    """The Quý III draft's own export: its title rows name the draft's period."""
    return xlsx_bytes(draft_report)


@pytest.fixture
def blank_report(demo, staff) -> Report:
    """A new report with no figures of its own yet (a period with no earlier report)."""
    return report_create(commune=demo, period=Period(2025, "Q4"), user=staff)


def sheet_values(data: bytes) -> dict:
    book = load_workbook(BytesIO(data), data_only=True)
    return {
        (ws.title, row[0].value): row[3].value
        for ws in book.worksheets
        if ws.title != EXPLANATIONS_SHEET
        for row in ws.iter_rows(min_row=7, max_col=5)
    }


def state(report) -> tuple:
    report = Report.objects.get(pk=report.pk)
    return report_values(report), AuditEntry.objects.filter(report=report).count()


def test_round_trip_export_import_export(seed_report, seed_file, blank_report, staff):
    outcome = import_annex(
        blank_report, seed_file, user=staff, filename="seed.xlsx", accept_mismatch=True
    )
    assert outcome.problems == []
    assert outcome.saved == 71  # every figure of the seed; it has no notes of its own
    blank_report.refresh_from_db()
    assert report_values(blank_report) == report_values(seed_report)
    again = xlsx_bytes(blank_report)
    assert sheet_values(again) == sheet_values(seed_file)
    # The figures travel, the explanations do not: the new report's sheet "Giải trình" lists
    # the seed's warning, still to be explained.
    checks = load_workbook(BytesIO(again))[EXPLANATIONS_SHEET]
    assert [checks.cell(6, c).value for c in (2, 5, 6)] == ["Cảnh báo", 252, "Chưa có giải trình."]
    entries = AuditEntry.objects.filter(report=blank_report, action=AuditEntry.Action.IMPORT)
    # One audit format whoever saves: the value as the pages show it.
    assert entries.filter(section="b3", field="resolved_total", new_value="5.650").exists()
    assert entries.filter(section="b6", field="investment_plan", new_value="37.094").exists()
    assert entries.get(field="").comment == "Nhập từ tệp Excel seed.xlsx: 71 ô thay đổi."
    # The version of every changed figure set went up by one.
    assert ProcedureFigures.objects.get(report=blank_report).version == 1


def test_sub_row_without_stt_is_matched_by_label(draft_file, draft_report, staff):
    total = cell_of(draft_file, "Biểu mẫu 2", "1.")
    sub_row = f"D{int(total[1:]) + 1}"  # the sub-row has no STT: it follows 1.
    data = edited(draft_file, {("Biểu mẫu 2", sub_row): 3, ("Biểu mẫu 2", total): 4})
    assert import_annex(draft_report, data, user=staff).problems == []
    draft_report.refresh_from_db()
    assert draft_report.institutionfigures.legal_documents_commune == 3


RATIO_CELLS = {
    "live formula, no cached value": '=IF(OR(D12="",D12=0),"",D13/D12)',
    "stale number": 0.9933,
    "edited number": 0.5,
    "nothing": None,
    "text": "99,32%",
    "garbage": "không biết",
}


@pytest.mark.parametrize("content", list(RATIO_CELLS))
def test_ratio_cells_are_ignored_and_recomputed(draft_file, draft_report, staff, content):
    """Whatever a ratio cell holds, it is neither an error nor saved: the ratio is computed
    from the imported counts."""
    at = {
        ("Biểu mẫu 3", "2.1.1."): 6000,  # đã giải quyết
        ("Biểu mẫu 3", "2.1.2."): 5900,  # đúng hạn
        ("Biểu mẫu 3", "2.1."): RATIO_CELLS[content],  # the ratio itself
        ("Biểu mẫu 1", "2.2."): 19,  # of 38 tasks (2.1. carried over)
    }
    data = edited(draft_file, {(s, cell_of(draft_file, s, stt)): v for (s, stt), v in at.items()})
    outcome = import_annex(draft_report, data, user=staff)
    assert outcome.problems == []
    assert outcome.saved == 3
    report = Report.objects.get(pk=draft_report.pk)
    figures = report.procedurefigures
    assert (figures.resolved_total, figures.resolved_on_time) == (6000, 5900)
    assert ratio(5900, 6000) == Decimal("98.33")
    values = sheet_values(xlsx_bytes(report))
    assert values[("Biểu mẫu 3", "2.1.")] == pytest.approx(
        98.33
    )  # percent: the unit column says "%"
    assert values[("Biểu mẫu 1", "2.")] == pytest.approx(50)
    assert not AuditEntry.objects.filter(report=report, field__in=["on_time_rate"]).exists()


def _with_cached_formula(data: bytes, sheet_path: str, cell: str, formula: str, cached) -> bytes:
    """The cell as Excel saves a formula: <f> with its last result in <v>."""
    out = BytesIO()
    with zipfile.ZipFile(BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            xml = source.read(item)
            if item.filename == sheet_path:
                cached_xml = "" if cached is None else f"<v>{cached}</v>"
                xml = re.sub(
                    rf'<c r="{cell}"([^>]*?)(?:/>|>.*?</c>)'.encode(),
                    rf'<c r="{cell}"\1><f>{formula}</f>{cached_xml}</c>'.encode(),
                    xml,
                    count=1,
                )
            target.writestr(item, xml)
    return out.getvalue()


def test_formula_in_a_count_cell_is_read_by_its_result(draft_file, draft_report, staff):
    sheet = sheet_part(draft_file, "Biểu mẫu 3")
    total, on_time = (cell_of(draft_file, "Biểu mẫu 3", stt) for stt in ("2.1.1.", "2.1.2."))
    data = _with_cached_formula(draft_file, sheet, total, "2000*3", 6000)
    assert import_annex(draft_report, data, user=staff).problems == []
    assert ProcedureFigures.objects.get(report=draft_report).resolved_total == 6000
    before = state(draft_report)
    data = _with_cached_formula(draft_file, sheet, on_time, "SUM(1,2)", None)
    assert import_annex(draft_report, data, user=staff).problems == [
        f"Trang tính «Biểu mẫu 3», dòng {on_time[1:]}, ô {on_time}: ô có công thức nhưng chưa "
        "có kết quả tính "
        "sẵn. Hãy mở tệp bằng Excel hoặc LibreOffice, lưu lại rồi nhập; hoặc gõ số thay cho "
        "công thức."
    ]
    assert state(draft_report) == before


def test_broken_file_saves_nothing(draft_report, staff):
    before = state(draft_report)
    outcome = import_annex(draft_report, b"PK\x03\x04 not really a zip", user=staff)
    assert outcome.problems == [
        "Tệp không phải là tệp Excel .xlsx hợp lệ (tệp bị hỏng hoặc sai định dạng)."
    ]
    assert not outcome.saved
    assert state(draft_report) == before


@pytest.mark.parametrize("part", ["[Content_Types].xml", "xl/workbook.xml", "Biểu mẫu 3"])
def test_damaged_part_is_refused(draft_file, draft_report, staff, part):
    """A part whose bytes no longer match its checksum (a broken download) is a broken file,
    wherever it is read."""
    stored = BytesIO()
    with zipfile.ZipFile(BytesIO(draft_file)) as source, zipfile.ZipFile(stored, "w") as target:
        for item in source.infolist():
            target.writestr(item.filename, source.read(item))  # stored, not deflated
    data = bytearray(stored.getvalue())
    part = sheet_part(draft_file, part) if part.startswith("Biểu") else part
    with zipfile.ZipFile(BytesIO(draft_file)) as source:
        start = data.find(source.read(part)[:200])
    data[start + 100] ^= 0x01
    before = state(draft_report)
    assert import_annex(draft_report, bytes(data), user=staff).problems == [
        "Tệp không phải là tệp Excel .xlsx hợp lệ (tệp bị hỏng hoặc sai định dạng)."
    ]
    assert state(draft_report) == before


def test_wrong_number_gives_sheet_row_cell_and_saves_nothing(draft_file, draft_report, staff):
    before = state(draft_report)
    total, on_time = (cell_of(draft_file, "Biểu mẫu 3", stt) for stt in ("2.1.1.", "2.1.2."))
    data = edited(draft_file, {("Biểu mẫu 3", total): "5,65", ("Biểu mẫu 3", on_time): 5612})
    outcome = import_annex(draft_report, data, user=staff)
    assert outcome.problems == [
        f"Trang tính «Biểu mẫu 3», dòng {total[1:]}, ô {total}: Chỉ tiêu này là số nguyên, "
        "không có phần "
        "thập phân: nhập 5.650 hoặc 5650, không dùng dấu phẩy."
    ]
    assert state(draft_report) == before


def test_problem_list_stops_at_a_few_dozen(draft_file, draft_report, staff):
    book = load_workbook(BytesIO(draft_file))
    count = 0
    for ws in book.worksheets[:-1]:  # not "Giải trình"
        inputs = {row.stt for row in SHEETS[ws.title].input_rows}
        for row in ws.iter_rows(min_row=7, max_col=4):
            if row[0].value in inputs:
                row[3].value = "không rõ"
                count += 1
    out = BytesIO()
    book.save(out)
    before = state(draft_report)
    problems = import_annex(draft_report, out.getvalue(), user=staff).problems
    assert count > MAX_PROBLEMS + 10
    assert len(problems) == MAX_PROBLEMS + 1
    assert problems[-1] == f"… và {count - MAX_PROBLEMS} lỗi khác."
    assert state(draft_report) == before


def test_the_explanations_sheet_is_neither_an_error_nor_read(
    seed_report, draft_file, draft_report, staff, monkeypatch
):
    """Whatever the clerk does to the sheet "Giải trình" (codes, numbers, formulas, text, far
    more rows than any Biểu mẫu may have), the import skips it unread."""
    book = load_workbook(BytesIO(draft_file))
    sheet = book[EXPLANATIONS_SHEET]
    for row in range(7, 3007):  # below the draft's line "no error or warning"
        sheet.cell(row, 1, "2.1.")
        sheet.cell(row, 4, "không phải số" if row % 2 else 5000)
        sheet.cell(row, 5, "=1/0")
    out = BytesIO()
    book.save(out)
    read = []
    original = Workbook.rows
    monkeypatch.setattr(
        Workbook,
        "rows",
        lambda self, name, budget: read.append(name) or original(self, name, budget),
    )
    before = state(draft_report)
    outcome = import_annex(draft_report, out.getvalue(), user=staff)
    assert outcome.problems == [] and outcome.saved == 0
    assert EXPLANATIONS_SHEET not in read and len(read) == len(SHEETS)
    assert state(draft_report) == before
    # The seed's own file, with its warning and explanation on the sheet, changes the draft's
    # figures only: no explanation is written.
    explanations = list(draft_report.explanations.values_list("rule_code", "text"))
    outcome = import_annex(draft_report, xlsx_bytes(seed_report), user=staff, accept_mismatch=True)
    assert outcome.problems == [] and outcome.saved > 0
    assert list(draft_report.explanations.values_list("rule_code", "text")) == explanations


def test_unknown_code_and_unknown_sheet(draft_file, draft_report, staff):
    before = state(draft_report)
    code = cell_of(draft_file, "Biểu mẫu 1", "2.1.", "A")
    data = edited(draft_file, {("Biểu mẫu 1", code): "9.9."})
    book = load_workbook(BytesIO(data))
    book.create_sheet("Nháp")
    out = BytesIO()
    book.save(out)
    outcome = import_annex(draft_report, out.getvalue(), user=staff)
    assert outcome.problems == [
        f"Trang tính «Biểu mẫu 1», dòng {code[1:]}, ô {code}: mã chỉ tiêu «9.9.» không có "
        "trong Biểu mẫu 1.",
        "Trang tính «Nháp» không thuộc mẫu xuất từ hệ thống.",
    ]
    assert state(draft_report) == before


def test_formula_looking_note_is_kept_as_text(draft_file, draft_report, staff):
    note = cell_of(draft_file, "Biểu mẫu 1", "1.", "E")
    data = edited(draft_file, {("Biểu mẫu 1", note): "=1+1"})
    book = load_workbook(BytesIO(data))
    book["Biểu mẫu 1"][note].data_type = "s"
    out = BytesIO()
    book.save(out)
    assert import_annex(draft_report, out.getvalue(), user=staff).problems == []
    draft_report.refresh_from_db()
    assert draft_report.steeringfigures.notes["directive_documents"] == "=1+1"


def test_note_longer_than_the_page_allows(draft_file, draft_report, staff):
    before = state(draft_report)
    note = cell_of(draft_file, "Biểu mẫu 1", "1.", "E")
    data = edited(draft_file, {("Biểu mẫu 1", note): "ghi chú " * 70})
    assert import_annex(draft_report, data, user=staff).problems == [
        f"Trang tính «Biểu mẫu 1», dòng {note[1:]}, ô {note}: Ghi chú dài tối đa 500 ký tự "
        "(hiện có 559)."
    ]
    assert state(draft_report) == before


def test_macros_and_size_are_refused(draft_file, draft_report, staff, settings):
    archive = BytesIO()
    with zipfile.ZipFile(BytesIO(draft_file)) as source, zipfile.ZipFile(archive, "w") as target:
        for item in source.infolist():
            target.writestr(item, source.read(item))
        target.writestr("xl/vbaProject.bin", b"\x00" * 10)
    outcome = import_annex(draft_report, archive.getvalue(), user=staff)
    assert outcome.problems == [
        "Tệp có chứa macro (.xlsm): không được nhận. Hãy lưu lại dưới dạng .xlsx."
    ]
    settings.MAX_UPLOAD_SIZE = 1024 * 1024
    outcome = import_annex(draft_report, draft_file + b"\x00" * (1024 * 1024), user=staff)
    assert outcome.problems == ["Tệp quá lớn: tối đa 1 MB."]


def test_only_into_a_draft(seed_report, seed_file, staff):
    outcome = import_annex(seed_report, seed_file, user=staff)
    assert outcome.problems == ["Chỉ nhập được vào báo cáo đang dự thảo hoặc bị trả lại."]


def test_a_change_since_the_preview_refuses_the_whole_import(draft_file, draft_report, staff):
    """Optimistic locking: the change set is based on the versions seen at the preview; a
    figure set saved since is not overwritten, and nothing of the change set is written."""
    cells = {("Biểu mẫu 1", "1."): 5, ("Biểu mẫu 3", "2.1.1."): 6000}
    data = edited(
        draft_file, {(s, cell_of(draft_file, s, stt)): v for (s, stt), v in cells.items()}
    )
    change_set = import_preview(draft_report, data).change_set
    assert change_set.values == {"b1.directive_documents": 5, "b3.resolved_total": 6000}
    someone = ProcedureFigures.objects.get(report=draft_report)
    someone.resolved_on_time, someone.version = 77, someone.version + 1
    someone.save()
    before = state(draft_report)
    with pytest.raises(ImportRefused) as refused:
        import_apply(draft_report, change_set, user=staff, accept_mismatch=False)
    assert refused.value.message == (
        "Số liệu của «Biểu mẫu 3» đã được lưu sau khi xem trước tệp: chưa lưu số liệu nào. "
        "Vui lòng tải tệp lên lại để xem các thay đổi so với số liệu mới."
    )
    assert state(draft_report) == before


def test_rows_are_matched_by_code_not_position(seed_report, seed_file, blank_report, staff):
    book = load_workbook(BytesIO(seed_file))
    ws = book["Biểu mẫu 3"]
    first = int(cell_of(seed_file, "Biểu mẫu 3", "1.1.")[1:])
    ws.insert_rows(first + 1, amount=2)  # a user adds two blank rows inside the table
    moved = int(cell_of(seed_file, "Biểu mẫu 3", "2.1.2.")[1:]) + 2
    ws.move_range(f"A{moved}:E{moved}", rows=6)  # and moves 2.1.2 below the others
    out = BytesIO()
    book.save(out)
    outcome = import_annex(blank_report, out.getvalue(), user=staff, accept_mismatch=True)
    assert outcome.problems == []
    blank_report.refresh_from_db()
    assert blank_report.procedurefigures.resolved_on_time == 5612
    assert report_values(blank_report) == report_values(seed_report)


def test_external_entities_are_not_expanded(draft_file, draft_report, staff):
    """A workbook whose XML declares entities (billion laughs, XXE) is refused unread."""
    archive = BytesIO()
    doctype = b'<!DOCTYPE workbook [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
    with zipfile.ZipFile(BytesIO(draft_file)) as source, zipfile.ZipFile(archive, "w") as target:
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


# ---- the period and commune of the file ---------------------------------------------------


@pytest.mark.parametrize(
    "title, period, commune",
    [
        ("UBND xã Nam Thanh Miện – Quý II năm 2026", Period(2026, "Q2"), "xã Nam Thanh Miện"),
        (
            "UBND XÃ NAM\u00a0THANH\u00a0MIỆN QUÝ IV NĂM 2025",
            Period(2025, "Q4"),
            "xã NAM THANH MIỆN",
        ),
        ("Phường Lê Chân, Quý 3/2026", Period(2026, "Q3"), "phường Lê Chân"),
        ("Đặc khu Cát Hải – 6 tháng đầu năm 2026", Period(2026, "H1"), "đặc khu Cát Hải"),
        ("Báo cáo năm 2026 của UBND các xã, phường, đặc khu", Period(2026, "Y"), None),
        ("Công tác chỉ đạo điều hành CCHC", None, None),
    ],
)
def test_what_a_title_names(title, period, commune):
    assert named_period(title) == period
    assert named_commune(title) == commune


def test_file_of_another_period_needs_consent(seed_file, draft_report, staff):
    before = state(draft_report)
    preview = import_preview(draft_report, seed_file)
    assert preview.change_set.mismatches == [OTHER_PERIOD]
    outcome = import_annex(draft_report, seed_file, user=staff)
    assert outcome.problems == [
        "Tệp này của kỳ hoặc xã khác: chưa lưu số liệu nào. Hãy xác nhận rõ nếu vẫn muốn nhập."
    ]
    assert state(draft_report) == before
    assert import_annex(draft_report, seed_file, user=staff, accept_mismatch=True).saved > 0
    assert Report.objects.get(pk=draft_report.pk).procedurefigures.resolved_total == 5650


def test_file_of_another_commune_is_named(seed_file, other_report):
    preview = import_preview(other_report, seed_file)
    assert preview.change_set.mismatches == [
        "Tệp này là số liệu của xã Nam Thanh Miện, không phải của xã Tân Kỳ."
    ]


def test_own_file_raises_no_warning(draft_file, draft_report):
    assert import_preview(draft_report, draft_file).change_set.mismatches == []


# ---- LibreOffice recalculates the file --------------------------------------------------


def test_round_trip_through_libreoffice(draft_file, draft_report, staff, tmp_path):
    """Export, change counts with openpyxl (cached ratio values now stale or missing), let
    LibreOffice open, recalculate and save the file, import it: counts saved, ratios
    recomputed."""
    libreoffice.require_calc()
    changes = {
        ("Biểu mẫu 3", cell_of(draft_file, "Biểu mẫu 3", "2.1.1.")): 6000,
        ("Biểu mẫu 3", cell_of(draft_file, "Biểu mẫu 3", "2.1.2.")): 5900,
        ("Biểu mẫu 7", cell_of(draft_file, "Biểu mẫu 7", "1.1.2.")): 110,
    }
    source = tmp_path / "sua.xlsx"
    source.write_bytes(edited(draft_file, changes))
    recalculated = libreoffice.convert(source, "xlsx", tmp_path).read_bytes()
    outcome = import_annex(draft_report, recalculated, user=staff, filename="sua.xlsx")
    assert outcome.problems == []
    report = Report.objects.get(pk=draft_report.pk)
    assert report.procedurefigures.resolved_total == 6000
    assert report.procedurefigures.resolved_on_time == 5900
    assert report.digitalfigures.full_online_provided == 110
    assert sheet_values(xlsx_bytes(report))[("Biểu mẫu 3", "2.1.")] == pytest.approx(98.33)
