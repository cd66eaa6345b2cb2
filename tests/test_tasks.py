"""Long work as tasks: the PDF of a report prepared by the task worker while the page says so,
a failed task's Vietnamese message, a task nobody runs timing out, the ZIP and the city
workbook."""

import hashlib
import io
import re
import zipfile
from datetime import timedelta

import pytest
from django.urls import reverse
from django_tasks_db.models import DBTaskResult
from openpyxl import load_workbook

from reports import tasks
from reports.exports import pdf as pdf_module
from reports.models import PreparedFile, ProducedDocument
from tests.tasks_helpers import database_queue, fake_pdf, run_worker  # noqa: F401
from tests.test_pdf import need_libreoffice  # noqa: F401

PREPARING = "Đang chuẩn bị tệp…"


def _status_url(page: str) -> str:
    match = re.search(r'data-prepared-status="([^"]+)"', page)
    assert match, "the page should carry the status URL for static/js/prepared.js"
    return match.group(1)


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("need_libreoffice", "database_queue")
def test_pdf_requested_as_a_task_completes_and_is_served(client, leader, seed_report):
    client.force_login(leader)
    response = client.get(reverse("report_export_pdf", args=[seed_report.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert PREPARING in page
    assert 'src="/static/js/prepared.js"' in page
    status_url = _status_url(page)
    assert client.get(status_url).json()["state"] == "pending"

    run_worker()

    status = client.get(status_url).json()
    assert status["state"] == "ready", status
    assert status["filename"] == "BC-CCHC-2026-Q2-xa-Nam-Thanh-Mien.pdf"
    download = client.get(status["url"])
    assert download["Content-Type"] == "application/pdf"
    assert download.content.startswith(b"%PDF-")
    kept = ProducedDocument.objects.get(report=seed_report, kind="pdf")
    assert bytes(kept.content) == download.content
    assert kept.sha256 == hashlib.sha256(download.content).hexdigest()
    assert kept.numbered is False  # approved: the PDF for signing, number and date blank
    # Asked again: the kept file at once, no second task.
    again = client.get(reverse("report_export_pdf", args=[seed_report.pk]))
    assert again.content == download.content
    assert PreparedFile.objects.count() == 1


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("database_queue")
def test_the_workers_failure_shows_the_vietnamese_message(client, leader, seed_report, monkeypatch):
    def crash(prepared):
        raise RuntimeError("LibreOffice segfault")

    monkeypatch.setitem(tasks.MAKERS, PreparedFile.Kind.PDF, crash)
    client.force_login(leader)
    page = client.get(reverse("report_export_pdf", args=[seed_report.pk])).content.decode()
    status_url = _status_url(page)

    run_worker()

    status = client.get(status_url).json()
    assert status == {
        "state": "failed",
        "label": "Không tạo được",
        "message": tasks.FAILED_MESSAGE,
        "url": "",
        "filename": "",
    }
    assert DBTaskResult.objects.get().status == "FAILED"  # the queue says so too
    prepared = PreparedFile.objects.get()
    page = client.get(reverse("prepared_file", args=[prepared.pk])).content.decode()
    assert tasks.FAILED_MESSAGE in page
    assert PREPARING not in page
    assert "segfault" not in page


@pytest.mark.usefixtures("database_queue")
def test_a_task_nobody_runs_times_out_into_a_message(client, leader, seed_report, settings):
    client.force_login(leader)
    page = client.get(reverse("report_export_pdf", args=[seed_report.pk])).content.decode()
    status_url = _status_url(page)
    assert client.get(status_url).json()["state"] == "pending"
    # No worker: the page's wait runs out.
    waited = timedelta(seconds=settings.TASK_TIME_LIMIT + 1)
    PreparedFile.objects.update(created_at=PreparedFile.objects.get().created_at - waited)
    status = client.get(status_url).json()
    assert status["state"] == "failed"
    assert status["message"] == tasks.TIMEOUT_MESSAGE.format(seconds=settings.TASK_TIME_LIMIT)
    assert "tiến trình nền" in status["message"]
    # A worker that turns up later does not do work nobody waits for.
    assert PreparedFile.objects.get().state == PreparedFile.State.FAILED


@pytest.mark.usefixtures("database_queue")
def test_a_second_click_waits_for_the_same_task(client, leader, seed_report):
    client.force_login(leader)
    url = reverse("report_export_pdf", args=[seed_report.pk])
    first = _status_url(client.get(url).content.decode())
    second = _status_url(client.get(url).content.decode())
    assert first == second
    assert PreparedFile.objects.count() == 1


def test_all_files_of_a_report_in_one_zip(client, leader, seed_report, monkeypatch):
    """Immediate backend (tests, make run): the ZIP comes back in the same request."""
    monkeypatch.setattr(pdf_module, "docx_to_pdf", fake_pdf)
    client.force_login(leader)
    response = client.get(reverse("report_export_zip", args=[seed_report.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    stem = "BC-CCHC-2026-Q2-xa-Nam-Thanh-Mien"
    assert archive.namelist() == [f"{stem}.docx", f"{stem}.xlsx", f"{stem}.pdf"]
    kept = {d.kind: bytes(d.content) for d in ProducedDocument.objects.filter(report=seed_report)}
    for kind in ("docx", "xlsx", "pdf"):
        assert archive.read(f"{stem}.{kind}") == kept[kind]
    # The same kept documents make the same archive.
    assert client.get(reverse("report_export_zip", args=[seed_report.pk])).content == (
        response.content
    )


def test_zip_without_libreoffice_says_why_the_pdf_is_missing(
    client, staff, draft_report, monkeypatch
):
    monkeypatch.setattr(pdf_module, "libreoffice_binary", lambda: None)
    client.force_login(staff)
    response = client.get(reverse("report_export_zip", args=[draft_report.pk]))
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    stem = "BC-CCHC-2026-Q3-xa-Nam-Thanh-Mien"
    assert archive.namelist() == [f"{stem}.docx", f"{stem}.xlsx", "GHI-CHU.txt"]
    assert archive.read("GHI-CHU.txt").decode().strip() == pdf_module.MISSING_MESSAGE


@pytest.mark.usefixtures("database_queue")
def test_city_workbook_is_a_task(client, city_reviewer, seed_report):
    city = seed_report.commune.city_id
    client.force_login(city_reviewer)
    response = client.get(reverse("city_rollup_xlsx") + "?ky=2026-Q2")
    assert response.status_code == 200
    page = response.content.decode()
    assert PREPARING in page
    assert "Quay lại trang tổng hợp" in page
    prepared = PreparedFile.objects.get()
    assert (prepared.kind, prepared.city_id, prepared.period) == ("city_xlsx", city, "2026-Q2")
    tasks.prepare_file.call(str(prepared.pk))  # what the worker does
    status = client.get(_status_url(page)).json()
    assert status["state"] == "ready"
    download = client.get(status["url"])
    book = load_workbook(io.BytesIO(download.content))
    assert "Biểu mẫu 3" in book.sheetnames
    assert download["Content-Disposition"] == (
        f'attachment; filename="phu-luc-III-{city}-2026-Q2.xlsx"'
    )


def test_prepared_file_of_another_commune_is_404(client, other_staff, seed_report, leader):
    prepared = PreparedFile.objects.create(
        kind=PreparedFile.Kind.PDF, report=seed_report, requested_by=leader, content=b"x"
    )
    client.force_login(other_staff)
    assert client.get(reverse("prepared_file", args=[prepared.pk])).status_code == 404
    assert client.get(reverse("prepared_file_status", args=[prepared.pk])).status_code == 404
