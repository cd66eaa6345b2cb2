"""An approved report's documents come from its snapshot alone: the form it was approved on and
the narrative as it was written out, whatever happens to the catalogue later."""

from dataclasses import replace
from io import BytesIO

import pytest
from docx import Document
from openpyxl import load_workbook

from reports import catalogue
from reports.catalogue import Kind, Row
from reports.content import ReportContent
from reports.exports import content_for_export, docx_bytes, xlsx_bytes
from reports.exports.builder import build, content_hash, identity
from reports.exports.xlsx import render
from reports.exports.xlsxchecks import EXPLANATIONS_SHEET
from reports.models import ReportSnapshot

RENAMED_B7 = "Hồ sơ DVCTT toàn trình (đã đổi tên)"
# The seed's figures behind its warning: 5.660 online applications against 907 + 4.501.
SEED_WARNING = {
    "ii.apps_online": 5660,
    "b7.full_service_apps": 907,
    "b7.partial_service_apps": 4501,
}


def _revised_catalogue(monkeypatch):
    """The ministry revises the forms: Biểu 1 item 1 renamed, Biểu 3 item 1.2 removed, Biểu 7
    item 1.3.1 (a row the seed's warning compares) renamed and a row added to Biểu 7."""
    b1 = replace(
        catalogue.B1,
        rows=(replace(catalogue.B1.rows[0], label="Số văn bản chỉ đạo (đã đổi tên)"),)
        + catalogue.B1.rows[1:],
    )
    b3 = replace(catalogue.B3, rows=tuple(r for r in catalogue.B3.rows if r.stt != "1.2."))
    b7_rows = tuple(
        replace(r, label=RENAMED_B7) if r.stt == "1.3.1." else r for r in catalogue.B7.rows
    )
    b7 = replace(
        catalogue.B7,
        rows=(*b7_rows, Row("b7", "1.6.", "ai_chatbot", "Chỉ tiêu mới", "Thủ tục")),
    )
    forms = (b1, catalogue.B2, b3, catalogue.B4, catalogue.B5, catalogue.B6, b7)
    sections = (*forms, catalogue.II)
    monkeypatch.setattr(catalogue, "FORMS", forms)
    monkeypatch.setattr(catalogue, "SECTIONS", sections)
    monkeypatch.setattr(catalogue, "SECTION_BY_KEY", {s.key: s for s in sections})
    monkeypatch.setattr(catalogue, "ROWS", {r.ref: r for s in sections for r in s.rows})


def _compared_rows(data: bytes) -> str:
    """The rows compared by the first line of the workbook's sheet "Giải trình"."""
    return load_workbook(BytesIO(data))[EXPLANATIONS_SHEET]["D6"].value


def _annex_cells(data: bytes) -> list[list[str]]:
    document = Document(BytesIO(data))
    return [[c.text for c in row.cells] for table in document.tables[2:] for row in table.rows]


def test_approved_documents_do_not_change_when_the_catalogue_does(
    seed_report, draft_report, monkeypatch
):
    docx_before, xlsx_before = docx_bytes(seed_report), xlsx_bytes(seed_report)
    draft_before = _annex_cells(docx_bytes(draft_report))
    _revised_catalogue(monkeypatch)
    # The same bytes: the snapshot's form, its narrative, its explanations with who and when,
    # and its time as the files' time.
    assert docx_bytes(seed_report) == docx_before
    assert xlsx_bytes(seed_report) == xlsx_before
    assert "Biểu 7 mục 1.3.1 – Tổng số hồ sơ của DVCTT toàn trình" in _compared_rows(xlsx_before)
    # A draft with the same warning names the row as the live form does.
    draft = content_for_export(draft_report)
    draft.values.update(SEED_WARNING)
    assert f"Biểu 7 mục 1.3.1 – {RENAMED_B7}: 907" in _compared_rows(render(build(draft)))
    # A draft is printed on the live form: the revision is real.
    draft_after = _annex_cells(docx_bytes(draft_report))
    assert draft_after != draft_before
    labels = [row[1] for row in draft_after]
    assert "Số văn bản chỉ đạo (đã đổi tên) (Kết luận, chỉ thị, công văn chỉ đạo, quán triệt)" in (
        labels
    )
    assert "Chỉ tiêu mới" in labels
    assert not any(label.startswith("Số TTHC đang thực hiện tiếp nhận") for label in labels)


def test_snapshot_records_the_form_and_the_narrative(seed_report):
    data = seed_report.snapshots.get(reason=ReportSnapshot.Reason.APPROVED).data
    b1 = next(form for form in data["forms"] if form["key"] == "b1")
    assert (b1["heading"], b1["title"]) == ("Biểu mẫu 1", "Công tác chỉ đạo điều hành CCHC")
    ratio = next(row for row in b1["rows"] if row["stt"] == "2.")
    assert ratio == {
        "ref": "b1.plan_completion_rate",
        "stt": "2.",
        "label": "Tỷ lệ hoàn thành Kế hoạch CCHC năm",
        "unit": "%",
        "kind": "ratio",
        "note": "(Lũy kế đến thời điểm báo cáo)",
        "italic": False,
        "remark": "",
        "numerator": "b1.plan_tasks_done",
        "denominator": "b1.plan_tasks",
    }
    assert next(f for f in data["forms"] if f["key"] == "b2")["footnotes"] == [
        "¹ Văn bản quy phạm pháp luật."
    ]
    assert data["annex"]["title"] == catalogue.ANNEX_TITLE
    assert {"style": "bullet", "text": "- Tổng số hồ sơ tiếp nhận: 5.683 hồ sơ.", "italic": ""} in (
        data["body"]
    )


@pytest.fixture
def old_snapshot(seed_report):
    """The approved snapshot as taken before snapshots recorded their form and narrative."""
    snapshot = seed_report.snapshots.get(reason=ReportSnapshot.Reason.APPROVED)
    data = {
        key: value
        for key, value in snapshot.data.items()
        if key not in ("forms", "annex", "body", "number_text", "commune_id", "commune_code")
    }
    ReportSnapshot.objects.filter(pk=snapshot.pk).update(data=data)
    return snapshot


def test_an_old_snapshot_falls_back_to_the_live_catalogue(seed_report, old_snapshot):
    content = content_for_export(seed_report)
    assert content.forms == [] and content.body == []
    assert content.commune_id == seed_report.commune_id  # from the report
    cells = _annex_cells(docx_bytes(seed_report))
    assert ["2.1.", "Tỷ lệ hồ sơ TTHC do UBND cấp xã tiếp nhận được giải quyết đúng hạn"] in [
        row[:2] for row in cells
    ]


def test_an_old_snapshot_still_loads_after_a_row_is_removed(seed_report, old_snapshot, monkeypatch):
    _revised_catalogue(monkeypatch)
    content = content_for_export(seed_report)  # Biểu 3 item 1.2's value has no row any more
    assert content.values["b3.non_territorial_procedures"] == 331
    cells = _annex_cells(docx_bytes(seed_report))
    assert "Chỉ tiêu mới" in [row[1] for row in cells]
    assert xlsx_bytes(seed_report).startswith(b"PK")


def test_identity_is_recomputed_from_the_content(seed_report):
    content = content_for_export(seed_report)
    line = identity(content).line
    assert line == (
        f"cchc:commune={seed_report.commune_id};period=2026-Q2;status=approved;"
        f"content={content_hash(content)}"
    )
    # The hash covers the whole content as the documents print it: a changed figure or a
    # changed status is another document.
    other = ReportContent.from_json(content.to_json())
    assert content_hash(other) == content_hash(content)
    other.values["b3.resolved_total"] = 5651
    assert content_hash(other) != content_hash(content)
    other = ReportContent.from_json(content.to_json())
    other.status = "issued"
    assert identity(other).line != line


def test_money_survives_the_round_trip_without_the_catalogue(seed_report):
    content = content_for_export(seed_report)
    data = content.to_json()
    assert data["values"]["b6.investment_plan"] == "37094.000"
    back = ReportContent.from_json(data)
    assert back.values["b6.investment_plan"] == content.values["b6.investment_plan"]
    assert back.to_json() == data
    assert catalogue.ROWS["b6.investment_plan"].kind == Kind.MONEY
