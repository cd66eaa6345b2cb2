"""An approved or issued report's files are produced once from its snapshot, kept with their
SHA-256, and served as the same bytes every time: across requests, and across a restart (a
new process whose renderer would write other bytes, e.g. a newer creation time)."""

import hashlib
from datetime import date
from io import BytesIO

import pytest
from django.urls import reverse
from docx import Document

from reports import workflow
from reports.exports import docx as docx_module
from reports.exports import pdf as pdf_module
from reports.exports import xlsx as xlsx_module
from reports.exports.stored import produce_document, produced_documents
from reports.models import ProducedDocument
from tests.tasks_helpers import fake_pdf


@pytest.mark.parametrize(("kind", "module"), [("docx", docx_module), ("xlsx", xlsx_module)])
def test_approved_report_files_are_byte_identical_across_requests_and_a_restart(
    client, city_reviewer, seed_report, monkeypatch, kind, module
):
    client.force_login(city_reviewer)
    url = reverse(f"report_export_{kind}", args=[seed_report.pk])
    first = client.get(url).content
    second = client.get(url).content
    assert first == second
    kept = ProducedDocument.objects.get(report=seed_report, kind=kind)
    assert bytes(kept.content) == first
    assert kept.sha256 == hashlib.sha256(first).hexdigest()
    assert kept.size == len(first)
    # After a restart the renderer writes other bytes (new time stamps, a newer library):
    # the kept file is what is served.
    monkeypatch.setattr(module, "render", lambda built: b"PK-other-bytes")
    assert client.get(url).content == first
    assert ProducedDocument.objects.filter(report=seed_report, kind=kind).count() == 1


def test_a_draft_is_built_on_demand_and_not_kept(client, staff, draft_report):
    client.force_login(staff)
    response = client.get(reverse("report_export_docx", args=[draft_report.pk]))
    assert "Công tác cải cách hành chính Quý III năm 2026" in _texts(response.content)
    assert not ProducedDocument.objects.exists()


def test_approved_pdf_for_signing_and_issued_pdf_both_stay_kept(seed_report, clerk, monkeypatch):
    """The signature check compares a signed PDF's first revision with these rows."""
    converted = []

    def convert(data):
        converted.append(data)
        return fake_pdf(data)

    monkeypatch.setattr(pdf_module, "docx_to_pdf", convert)
    for_signing = produce_document(seed_report, "pdf")
    assert produce_document(seed_report, "pdf") == for_signing  # produced once
    assert len(converted) == 1
    assert not for_signing.numbered
    assert "Số: …/BC-UBND" in _texts(converted[0])

    workflow.report_issue(seed_report, user=clerk, number="45", issued_on=date(2026, 7, 15))
    issued = produce_document(seed_report, "pdf")
    assert issued.numbered and issued != for_signing
    assert issued.snapshot.reason == "issued"
    assert "Số: 45/BC-UBND" in _texts(converted[1])

    kept = list(produced_documents(seed_report, kind="pdf"))
    assert kept == [for_signing, issued]
    for row in kept:
        assert hashlib.sha256(bytes(row.content)).hexdigest() == row.sha256
    assert list(produced_documents(seed_report, kind="docx")) == []


def _texts(docx_data: bytes) -> str:
    document = Document(BytesIO(docx_data))
    cells = [c.text for t in document.tables for r in t.rows for c in r.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)
