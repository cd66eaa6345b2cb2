"""Hostile text on its way out (pages, DOCX, XLSX) and hostile files on their way in (the
Excel import): scripts are shown as text, formulas stay text, control characters never corrupt
a document, and a bad upload is refused with a Vietnamese message, saving nothing."""

import io
import zipfile

import openpyxl
import pytest
from django.db import connection
from django.urls import reverse
from django.utils.html import escape
from docx import Document
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reports import catalogue
from reports.content import report_content
from reports.models import FIGURE_MODELS, ReportSnapshot, Status, WarningExplanation
from reports.workflow import report_return, report_submit
from tests.complete import fill_like_seed
from tests.hostile import CONTROL, NASTY, SCRIPT, figures_state
from tests.import_flow import confirm, upload

FORMULA = '=HYPERLINK("http://evil.example","bấm vào")'
IMPORT_REFUSED = "Không nhập được: chưa có số liệu nào được lưu."


def _docx_text(data: bytes) -> str:
    document = Document(io.BytesIO(data))
    cells = [c.text for t in document.tables for r in t.rows for c in r.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def _xlsx_cells(data: bytes) -> list:
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    return [cell for sheet in workbook for row in sheet.iter_rows() for cell in row]


def _with_hostile_text(report, staff, text):
    """The same text in a Biểu 3 note, a narrative section and a warning explanation."""
    b3 = FIGURE_MODELS["b3"].objects.get(report=report)
    b3.notes = {**b3.notes, "resolved_total": text}
    b3.save()
    report.section_1 = "Mở đầu. " + text + " Kết thúc."
    report.save()
    WarningExplanation.objects.update_or_create(
        report=report,
        rule_code="ii.online_apps_match_b7",
        defaults={"text": text, "author": staff},
    )


def test_script_is_shown_as_text_on_every_page(client, staff, leader, city_reviewer, draft_report):
    fill_like_seed(draft_report)  # complete, so that it may be submitted
    _with_hostile_text(draft_report, staff, SCRIPT)
    report_submit(draft_report, user=staff)
    report_return(draft_report, user=leader, comment=SCRIPT)
    pk = draft_report.pk
    pages = {
        staff: [
            reverse("report_overview", args=[pk]),
            reverse("report_section", args=[pk, "thu-tuc-hanh-chinh"]),
            reverse("report_narrative", args=[pk]),
            reverse("report_history", args=[pk]),
        ],
        city_reviewer: [reverse("city_report", args=[pk])],
    }
    for user, urls in pages.items():
        client.force_login(user)
        for url in urls:
            body = client.get(url).content.decode()
            assert "<script>alert" not in body, url
            if user == staff:  # the city's page shows figures, not these texts
                assert escape(SCRIPT) in body, url


def test_documents_hold_script_and_formula_as_plain_text(client, staff, draft_report):
    _with_hostile_text(draft_report, staff, SCRIPT)
    b3 = FIGURE_MODELS["b3"].objects.get(report=draft_report)
    b3.notes = {**b3.notes, "resolved_on_time": FORMULA}
    b3.save()
    client.force_login(staff)

    docx = client.get(reverse("report_export_docx", args=[draft_report.pk]))
    assert docx.status_code == 200
    assert SCRIPT in _docx_text(docx.content)

    xlsx = client.get(reverse("report_export_xlsx", args=[draft_report.pk]))
    assert xlsx.status_code == 200
    cells = _xlsx_cells(xlsx.content)
    script_cells = [c for c in cells if c.value == SCRIPT]
    formula_cells = [c for c in cells if isinstance(c.value, str) and "evil.example" in c.value]
    assert script_cells and all(c.data_type == "s" for c in script_cells)
    assert formula_cells, "the note should be in the Excel annex"
    assert all(c.data_type == "s" for c in formula_cells), "a note must never become a formula"


@pytest.mark.parametrize("status", [Status.DRAFT, Status.APPROVED])
def test_control_characters_never_corrupt_documents(
    client, staff, seed_report, draft_report, status
):
    """Typed or pasted from another program (Word's line break is \\x0b): the characters XML
    refuses must not make the export fail or produce a file Word/Excel cannot open."""
    control = CONTROL if connection.vendor != "postgresql" else CONTROL.replace("\x00", "")
    text = "Đầu" + control + "giữa\ufffe\uffffcuối"  # PostgreSQL cannot even store a NUL
    _with_hostile_text(draft_report, staff, text)
    report = draft_report
    if status == Status.APPROVED:  # approved exports read the snapshot taken at approval
        ReportSnapshot.objects.create(
            report=seed_report,
            reason=ReportSnapshot.Reason.APPROVED,
            data=report_content(draft_report).to_json(),
            created_by=staff,
        )
        report = seed_report
    client.force_login(staff)

    docx = client.get(reverse("report_export_docx", args=[report.pk]))
    xlsx = client.get(reverse("report_export_xlsx", args=[report.pk]))

    assert (docx.status_code, xlsx.status_code) == (200, 200)
    words = _docx_text(docx.content)
    assert "Đầu" in words and "cuối" in words
    values = [c.value for c in _xlsx_cells(xlsx.content) if isinstance(c.value, str)]
    assert any("Đầu" in v and "cuối" in v for v in values)


# ---- the Excel import ------------------------------------------------------------------


@pytest.fixture
def importer(client, staff, draft_report):
    """Upload a file; when it is accepted (a preview waits), confirm what the preview shows."""
    client.force_login(staff)
    exported = client.get(reverse("report_export_xlsx", args=[draft_report.pk])).content

    def send(data: bytes, name="phu-luc.xlsx"):
        before = figures_state(draft_report)
        response = upload(client, draft_report, data, name)
        if response.status_code == 302:
            response = confirm(client, draft_report)
            assert response.status_code == 302
            response = client.get(response.url)
        return response, before

    send.exported = exported
    return send


def _zip(files: dict) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return buffer.getvalue()


BROKEN_FILES = {
    "empty": b"",
    "text": "Số liệu quý III: 5.650".encode(),
    "pdf": b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n",
    "zip-not-xlsx": _zip({"a.txt": "xin chào"}),
    "xlsx-skeleton": _zip({"[Content_Types].xml": "<Types/>", "xl/workbook.xml": "<<<"}),
    "billion-laughs": _zip(
        {
            "[Content_Types].xml": '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">'
            '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><Types>&b;</Types>',
            "xl/workbook.xml": "<workbook/>",
        }
    ),
}


@pytest.mark.parametrize("kind", list(BROKEN_FILES))
def test_import_refuses_broken_files(importer, draft_report, kind):
    response, before = importer(BROKEN_FILES[kind])
    assert response.status_code == 400
    body = response.content.decode()
    assert IMPORT_REFUSED in body or "Vui lòng chọn tệp Excel" in body
    assert figures_state(draft_report) == before


def test_import_refuses_truncated_export(importer, draft_report):
    data = importer.exported
    for cut in (len(data) // 3, len(data) - 100):
        response, before = importer(data[:cut])
        assert response.status_code == 400
        assert IMPORT_REFUSED in response.content.decode()
        assert figures_state(draft_report) == before


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    sheet=st.sampled_from(["Biểu mẫu 1", "Biểu mẫu 3", "Biểu mẫu 7", "Số liệu phần II"]),
    row=st.integers(min_value=7, max_value=16),
    value=st.one_of(
        st.sampled_from(NASTY),
        st.integers(min_value=-(10**20), max_value=10**20),
        st.floats(allow_nan=False, allow_infinity=False),
        st.booleans(),
    ),
)
def test_import_hostile_cell_values(importer, draft_report, sheet, row, value):
    workbook = openpyxl.load_workbook(io.BytesIO(importer.exported))
    if isinstance(value, str):
        value = "".join(ch for ch in value if ch >= " " or ch in "\t\n\r")  # openpyxl refuses
    workbook[sheet].cell(row=row, column=4).value = value
    buffer = io.BytesIO()
    workbook.save(buffer)

    response, before = importer(buffer.getvalue())

    assert response.status_code in (200, 400)
    body = response.content.decode()
    if response.status_code == 400:
        assert IMPORT_REFUSED in body
        assert figures_state(draft_report) == before
    else:
        assert "Đã nhập tệp phu-luc.xlsx:" in body
        after = figures_state(draft_report)
        numbers = [after[ref] for ref in catalogue.ROWS if ref in after]
        assert all(v is None or v >= 0 for v in numbers), "a negative number was imported"


def test_import_random_bytes(importer, draft_report):
    @settings(max_examples=25, deadline=None)
    @given(st.binary(max_size=2000))
    def check(data):
        response, before = importer(data)
        assert response.status_code == 400
        body = response.content.decode()
        assert IMPORT_REFUSED in body or "Vui lòng chọn tệp Excel" in body  # empty: at the field
        assert figures_state(draft_report) == before

    check()


@pytest.mark.parametrize(
    "name", [SCRIPT + ".xlsx", "phu\x00luc.xlsx", "../../etc/passwd.xlsx", "ư" * 300 + ".xlsx"]
)
def test_import_hostile_file_names(importer, client, draft_report, name):
    """The name of the uploaded file is recorded and shown: as text, whatever it holds."""
    workbook = openpyxl.load_workbook(io.BytesIO(importer.exported))
    sheet = workbook["Biểu mẫu 3"]
    row = next(r for r in range(1, sheet.max_row + 1) if sheet.cell(r, 1).value == "2.1.1.")
    sheet.cell(row, 4).value = 5650
    buffer = io.BytesIO()
    workbook.save(buffer)
    response, _ = importer(buffer.getvalue(), name=name)
    assert response.status_code == 200
    assert FIGURE_MODELS["b3"].objects.get(report=draft_report).resolved_total == 5650
    history = client.get(reverse("report_history", args=[draft_report.pk])).content.decode()
    assert "<script>alert" not in history
