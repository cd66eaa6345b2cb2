"""Long work off the request: a report's PDF, a report's files as one ZIP, the city-wide
Phụ lục III workbook. Each runs as a django-tasks task (``prepare_file``) on the backend the
settings name (TASKS): the database queue and ``manage.py task_worker`` in production, at once
inside the request in development and tests.

A request for such a file is a ``PreparedFile`` row: the page polls its state
(``file_state``) and offers the file when ready. A failed task leaves a Vietnamese message on
the row, never a spinner: a known failure its own message, anything else a general one, and a
task nobody runs (no worker) is called failed once ``TASK_TIME_LIMIT`` has passed.
"""

import io
import logging
import zipfile
from collections.abc import Callable
from datetime import timedelta
from functools import partial

from django.conf import settings
from django.utils import timezone
from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, TaskResultStatus, task, task_backends
from django_tasks.exceptions import TaskResultDoesNotExist
from django_tasks_db import DatabaseBackend

from reports.exports import content_for_export, frozen_snapshot, pdf_bytes
from reports.exports import pdf as pdf_module
from reports.exports.builder import build
from reports.exports.pdf import PdfError
from reports.exports.stored import file_stem, produce_document, report_file
from reports.models import PreparedFile, Report, WorkerHeartbeat
from reports.periods import Period

logger = logging.getLogger(__name__)

FAILED_MESSAGE = (
    "Máy chủ gặp lỗi khi chuẩn bị tệp. Vui lòng thử lại; nếu vẫn lỗi, hãy báo quản trị hệ thống."
)
TIMEOUT_MESSAGE = (
    "Tệp chưa được chuẩn bị xong sau {seconds} giây: tiến trình nền của máy chủ có thể đang "
    "dừng hoặc quá tải. Vui lòng thử lại sau ít phút; nếu vẫn vậy, hãy báo quản trị hệ thống."
)
# Prepared files are fetched right away; a day later nobody waits for them.
KEEP_PREPARED = timedelta(days=1)


def request_file(
    user, kind: str, *, report: Report | None = None, city=None, period=""
) -> PreparedFile:
    """Ask for a file: the request already waiting for the same file (so a second click does
    not start a second conversion), else a new one handed to the task backend."""
    now = timezone.now()
    PreparedFile.objects.filter(created_at__lt=now - KEEP_PREPARED).delete()
    same = PreparedFile.objects.filter(
        kind=kind,
        report=report,
        city=city,
        period=str(period),
        requested_by=user,
        state=PreparedFile.State.PENDING,
        created_at__gte=now - timedelta(seconds=settings.TASK_TIME_LIMIT),
    ).first()
    if same is not None:
        return same
    prepared = PreparedFile.objects.create(
        kind=kind, report=report, city=city, period=str(period), requested_by=user
    )
    # The database queue keeps the task in the same database as the row, so the worker sees
    # both or neither; the immediate backend has done the work when enqueue() returns.
    result = prepare_file.enqueue(str(prepared.pk))
    PreparedFile.objects.filter(pk=prepared.pk).update(task_id=str(result.id)[:64])
    prepared.refresh_from_db()
    return prepared


def file_state(prepared: PreparedFile) -> PreparedFile:
    """The row with its state brought up to date: a task that failed before reaching its own
    error handling (the backend says so), or that nobody ran in time, is marked failed."""
    if prepared.state != PreparedFile.State.PENDING:
        return prepared
    if _backend_says_failed(prepared.task_id):
        _fail(prepared, FAILED_MESSAGE)
    elif _timed_out(prepared):
        _fail(prepared, TIMEOUT_MESSAGE.format(seconds=settings.TASK_TIME_LIMIT))
    return prepared


def _timed_out(prepared: PreparedFile) -> bool:
    return timezone.now() - prepared.created_at > timedelta(seconds=settings.TASK_TIME_LIMIT)


def _backend_says_failed(task_id: str) -> bool:
    backend = task_backends[DEFAULT_TASK_BACKEND_ALIAS]
    if not task_id or not backend.supports_get_result:
        return False
    try:
        return backend.get_result(task_id).status == TaskResultStatus.FAILED
    except TaskResultDoesNotExist:
        return False


def _fail(prepared: PreparedFile, message: str) -> None:
    prepared.state = PreparedFile.State.FAILED
    prepared.message = message
    prepared.finished_at = timezone.now()
    prepared.save(update_fields=["state", "message", "finished_at"])


@task()
def prepare_file(file_id: str) -> str:
    """Make the file of one ``PreparedFile`` and mark it ready (or failed, with a message)."""
    prepared = PreparedFile.objects.select_related("report", "city").get(pk=file_id)
    if prepared.state != PreparedFile.State.PENDING:
        return prepared.state
    if _timed_out(prepared):
        # Left in the queue past the wait (no worker, or too much work): nobody waits for it.
        _fail(prepared, TIMEOUT_MESSAGE.format(seconds=settings.TASK_TIME_LIMIT))
        return prepared.state
    try:
        MAKERS[prepared.kind](prepared)
    except PdfError as error:
        # A known failure (no LibreOffice, a conversion refused): its message is the answer.
        logger.warning("Không tạo được PDF: %s", error)
        _fail(prepared, str(error))
        return prepared.state
    except Exception:
        _fail(prepared, FAILED_MESSAGE)
        raise
    prepared.state = PreparedFile.State.READY
    prepared.finished_at = timezone.now()
    prepared.save()
    return prepared.state


def _make_pdf(prepared: PreparedFile) -> None:
    report = prepared.report
    prepared.filename = f"{file_stem(report)}.pdf"
    document = produce_document(report, "pdf")
    if document is not None:
        prepared.document = document  # the kept bytes, the same for everyone
    else:
        prepared.content = pdf_bytes(report)  # a draft's, built now


# A fixed time stamp inside the ZIP: the same documents give the same archive.
_ZIP_TIME = (2020, 1, 1, 0, 0, 0)


def _make_zip(prepared: PreparedFile) -> None:
    """The report's Word, Excel and PDF files in one archive; without LibreOffice, the first
    two and a note saying why the PDF is missing."""
    report = prepared.report
    stem = file_stem(report)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for kind, make in _zip_files(report):
            try:
                data = make()
            except PdfError as error:
                archive.writestr(zipfile.ZipInfo("GHI-CHU.txt", _ZIP_TIME), str(error) + "\n")
                continue
            archive.writestr(zipfile.ZipInfo(f"{stem}.{kind}", _ZIP_TIME), data)
    prepared.filename = f"{stem}.zip"
    prepared.content = out.getvalue()


def _zip_files(report: Report) -> list[tuple[str, Callable[[], bytes]]]:
    """The report's DOCX, XLSX and PDF, each made when called: the kept documents of an
    approved or issued report; a draft's from one content and one Document, the PDF converted
    from the DOCX's own bytes."""
    if frozen_snapshot(report) is not None:
        return [(kind, partial(report_file, report, kind)) for kind in ("docx", "xlsx", "pdf")]
    from reports.exports import docx, xlsx

    document = build(content_for_export(report))
    word = docx.render(document)
    return [
        ("docx", lambda: word),
        ("xlsx", partial(xlsx.render, document)),
        ("pdf", lambda: pdf_module.docx_to_pdf(word)),
    ]


def _make_city_workbook(prepared: PreparedFile) -> None:
    from reports.city.xlsx import city_workbook

    period = Period.parse(prepared.period)
    prepared.filename = f"phu-luc-III-{prepared.city_id}-{period}.xlsx"
    prepared.content = city_workbook(prepared.city_id, str(period))


MAKERS = {
    PreparedFile.Kind.PDF: _make_pdf,
    PreparedFile.Kind.ZIP: _make_zip,
    PreparedFile.Kind.CITY_XLSX: _make_city_workbook,
}


def prepared_bytes(prepared: PreparedFile) -> bytes:
    """The bytes of a ready file (its own, or the kept document's)."""
    if prepared.document_id is not None:
        return bytes(prepared.document.content)
    return bytes(prepared.content)


def record_heartbeat(worker_id: str) -> None:
    """The task worker is alive now (written every ``WORKER_HEARTBEAT_SECONDS``)."""
    now = timezone.now()
    WorkerHeartbeat.objects.update_or_create(worker_id=worker_id, defaults={"seen_at": now})
    WorkerHeartbeat.objects.filter(seen_at__lt=now - KEEP_PREPARED).delete()


def worker_alive() -> bool:
    """Does a worker take tasks? Always with the immediate backend (the request does the
    work); with the database queue, when a worker wrote a heartbeat within three beats."""
    if not isinstance(task_backends[DEFAULT_TASK_BACKEND_ALIAS], DatabaseBackend):
        return True
    since = timezone.now() - timedelta(seconds=3 * settings.WORKER_HEARTBEAT_SECONDS)
    return WorkerHeartbeat.objects.filter(seen_at__gte=since).exists()
