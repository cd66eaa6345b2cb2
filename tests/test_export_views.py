"""Download and signed-upload pages: responses and database state (the import:
``test_import_views.py``)."""

import hashlib
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook

from reports.content import report_content
from reports.exports import pdf as pdf_module
from reports.models import (
    AuditEntry,
    PreparedFile,
    ProcedureFigures,
    ProducedDocument,
    Report,
    ReportSnapshot,
    SignedDocument,
    Status,
    StoredFile,
)
from tests.signed_pdfs import sign_as_the_commune
from tests.signed_reports import keep_pdfs, trust_roots  # noqa: F401 (the fixture)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def test_docx_download(client, staff, seed_report):
    client.force_login(staff)
    response = client.get(reverse("report_export_docx", args=[seed_report.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        'attachment; filename="BC-CCHC-2026-Q2-xa-Nam-Thanh-Mien.docx"'
    )
    document = Document(BytesIO(response.content))
    assert "BÁO CÁO" in [p.text for p in document.paragraphs]


def test_xlsx_of_an_approved_report_comes_from_its_snapshot(client, city_reviewer, seed_report):
    ReportSnapshot.objects.create(
        report=seed_report,
        reason=ReportSnapshot.Reason.APPROVED,
        data=report_content(seed_report).to_json(),
    )
    # Whatever happens to the live rows afterwards, the export stays as approved.
    ProcedureFigures.objects.filter(report=seed_report).update(resolved_total=1)
    client.force_login(city_reviewer)
    response = client.get(reverse("report_export_xlsx", args=[seed_report.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    book = load_workbook(BytesIO(response.content))
    assert book["Biểu mẫu 3"]["D12"].value == 5650


def test_pdf_without_libreoffice_says_so(client, staff, seed_report, monkeypatch):
    """The task fails with the reason; the page shows it instead of a spinner."""
    monkeypatch.setattr(pdf_module, "libreoffice_binary", lambda: None)
    client.force_login(staff)
    response = client.get(reverse("report_export_pdf", args=[seed_report.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert pdf_module.MISSING_MESSAGE in page
    assert "Đang chuẩn bị tệp" not in page
    prepared = PreparedFile.objects.get(report=seed_report)
    assert prepared.state == PreparedFile.State.FAILED
    assert prepared.message == pdf_module.MISSING_MESSAGE
    assert not ProducedDocument.objects.filter(kind="pdf").exists()


def _upload(data, name="so-lieu.xlsx", content_type=XLSX):
    return SimpleUploadedFile(name, data, content_type=content_type)


@pytest.fixture
def issued_report(seed_report):
    Report.objects.filter(pk=seed_report.pk).update(
        status=Status.ISSUED, number=45, issued_year=2026
    )
    seed_report.refresh_from_db()
    return seed_report


@pytest.mark.usefixtures("trust_roots")
def test_clerk_uploads_signed_pdf_and_city_downloads_it(
    client, clerk, city_reviewer, seed_report, settings
):
    """The signed PDF of the report (its kept PDF signed by the leader and the UBND) is kept in
    the database and downloaded by the city as uploaded (the verification in all its cases:
    tests/test_signed_upload.py)."""
    data = sign_as_the_commune(keep_pdfs(seed_report, clerk)["approved"])
    client.force_login(clerk)
    url = reverse("report_signed_upload", args=[seed_report.pk])
    response = client.post(url, {"file": _upload(data, "BC 45.pdf", "application/pdf")})
    assert response.status_code == 302
    document = SignedDocument.objects.get(report=seed_report)
    assert document.sha256 == hashlib.sha256(data).hexdigest()
    assert document.size == len(data)
    assert document.original_name == "BC 45.pdf"
    # Kept in the database, where every app server reads it; nothing on this machine's disk.
    assert bytes(StoredFile.objects.get(name=document.file.name).content) == data
    assert not (settings.MEDIA_ROOT / document.file.name).exists()
    assert AuditEntry.objects.filter(
        report=seed_report, action=AuditEntry.Action.UPLOAD, new_value__startswith="BC 45.pdf: "
    ).exists()
    client.force_login(city_reviewer)
    page = client.get(reverse("report_exports", args=[seed_report.pk])).content.decode()
    assert "Bản hiện hành" in page and "Báo cáo (PDF đã ban hành)" in page
    response = client.get(reverse("signed_document_download", args=[seed_report.pk, document.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == data
    assert response["X-Content-SHA256"] == document.sha256


def test_signed_upload_refuses_what_is_not_a_pdf(client, clerk, issued_report):
    client.force_login(clerk)
    response = client.post(
        reverse("report_signed_upload", args=[issued_report.pk]),
        {"file": _upload(b"PK\x03\x04 an archive", "virus.pdf", "application/pdf")},
    )
    assert response.status_code == 400
    assert "Tệp không phải là tệp PDF." in response.content.decode()
    assert not SignedDocument.objects.exists()


def test_the_pdf_button_says_which_pdf_it_gives(client, staff, seed_report, draft_report):
    """Only the approved and the issued PDFs are kept, and a signed copy binds to them; the
    draft's PDF is for reading."""
    client.force_login(staff)
    pages = {
        report.pk: client.get(reverse("report_exports", args=[report.pk])).content.decode()
        for report in (seed_report, draft_report)
    }
    assert "Báo cáo (PDF đã duyệt để ký)" in pages[seed_report.pk]
    assert "Báo cáo (PDF dự thảo)" in pages[draft_report.pk]
    assert "bản PDF dự thảo không dùng để ký số" in pages[draft_report.pk]


def test_signed_upload_only_by_the_clerk_of_an_issued_report(client, staff, clerk, seed_report):
    client.force_login(clerk)
    assert client.get(reverse("report_signed_upload", args=[seed_report.pk])).status_code == 403
    Report.objects.filter(pk=seed_report.pk).update(status=Status.ISSUED)
    client.force_login(staff)
    assert client.get(reverse("report_signed_upload", args=[seed_report.pk])).status_code == 403


def test_report_pages_link_to_the_exports(client, staff, seed_report):
    client.force_login(staff)
    body = client.get(reverse("report_overview", args=[seed_report.pk])).content.decode()
    assert f'href="{reverse("report_exports", args=[seed_report.pk])}"' in body
    assert "Xuất Word, Excel" in body
