"""A report's signed copy as the application meets it: the PDFs it keeps for the report
(produced by the application's own ``produce_document``, with a hand-written PDF standing in
for LibreOffice so the tests run on any machine), the throwaway CA's trust roots as the
deployment's setting, and files signed by the commune's leader and body."""

import itertools
from contextlib import contextmanager
from io import BytesIO
from unittest import mock

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from docx import Document

from reports import workflow
from reports.exports import pdf as pdf_module
from reports.exports.stored import produce_document
from tests.pki import cast
from tests.signed_pdfs import SEED_LINES, application_pdf

NUMBER = "45"
_CONVERSIONS = itertools.count(1)


def hand_made_pdf(docx: bytes) -> bytes:
    """What LibreOffice makes of the report's Word file, as far as signing is concerned: a PDF
    whose /Subject is the Word file's subject (the report's identity line), whose first line is
    the document number as printed, and whose bytes differ from every other conversion's, as
    LibreOffice writes the time and a new /ID into every PDF."""
    document = Document(BytesIO(docx))
    lines = [
        line
        for table in document.tables
        for row in table.rows
        for cell in row.cells
        for line in cell.text.splitlines()
    ]
    number = next(line for line in lines if line.startswith("Số:"))
    conversion = f"Chuyen doi lan {next(_CONVERSIONS)}"
    return application_pdf(
        identity=document.core_properties.subject, lines=(number, *SEED_LINES[2:], conversion)
    )


@contextmanager
def pdfs_by_hand():
    with mock.patch.object(pdf_module, "docx_to_pdf", hand_made_pdf):
        yield


def keep_pdfs(report, clerk, *, issue: bool = True) -> dict[str, bytes]:
    """The approved report's PDF for signing, kept as when the leader downloads it; then, with
    ``issue``, the report issued by ``clerk`` (số 45, today) and its issued PDF kept as when
    the văn thư downloads it."""
    with pdfs_by_hand():
        kept = {"approved": bytes(produce_document(report, "pdf").content)}
        if issue:
            workflow.report_issue(report, user=clerk, number=NUMBER, issued_on=timezone.localdate())
            kept["issued"] = bytes(produce_document(report, "pdf").content)
    return kept


def upload(data: bytes, name: str = "BC 45 da ky.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/pdf")


@pytest.fixture
def trust_roots(settings, tmp_path):
    """The deployment trusts the test CA and has its revocation list."""
    folder = tmp_path / "trust-roots"
    folder.mkdir()
    (folder / "root.pem").write_bytes(cast().root.pem)
    (folder / "root.crl").write_bytes(cast().crl)
    settings.CCHC_TRUST_ROOTS = str(folder)
    return folder
