"""Work done off the request: a file a user asked for while it is being prepared by a task
(``reports.tasks``), and the task worker's heartbeat read by /healthz."""

import uuid

from django.conf import settings
from django.db import models

from .documents import ProducedDocument
from .places import City
from .report import Report


class PreparedFile(models.Model):
    """One request for a file that takes long to make. The page polls its state; once ready,
    the bytes are its own (a draft's PDF, a batch, the city workbook) or a stored document's
    (an approved or issued report's PDF, served as the same bytes every time)."""

    class Kind(models.TextChoices):
        PDF = "pdf", "Báo cáo (PDF)"
        ZIP = "zip", "Trọn bộ tệp của báo cáo (ZIP)"
        CITY_XLSX = "city_xlsx", "Phụ lục III tổng hợp toàn thành phố (Excel)"

    class State(models.TextChoices):
        PENDING = "pending", "Đang chuẩn bị"
        READY = "ready", "Sẵn sàng"
        FAILED = "failed", "Không tạo được"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField("loại tệp", max_length=10, choices=Kind.choices)
    report = models.ForeignKey(
        Report, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    city = models.ForeignKey(
        City, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    period = models.CharField("kỳ", max_length=10, blank=True)  # the city workbook's "2026-Q2"
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    state = models.CharField(
        "trạng thái", max_length=8, choices=State.choices, default=State.PENDING
    )
    message = models.TextField("thông báo", blank=True)
    filename = models.CharField("tên tệp", max_length=200, blank=True)
    content = models.BinaryField("nội dung", null=True, blank=True)
    document = models.ForeignKey(
        ProducedDocument, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    task_id = models.CharField("mã tác vụ", max_length=64, blank=True)
    created_at = models.DateTimeField("yêu cầu lúc", auto_now_add=True, db_index=True)
    finished_at = models.DateTimeField("xong lúc", null=True, blank=True)

    class Meta:
        verbose_name = "tệp đang chuẩn bị"
        verbose_name_plural = "tệp đang chuẩn bị"
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.get_state_display()})"


class WorkerHeartbeat(models.Model):
    """The last sign of life of one task worker process."""

    worker_id = models.CharField("mã tiến trình", max_length=64, unique=True)
    seen_at = models.DateTimeField("lần cuối", db_index=True)

    class Meta:
        verbose_name = "nhịp tiến trình nền"
        verbose_name_plural = "nhịp tiến trình nền"

    def __str__(self):
        return f"{self.worker_id} @ {self.seen_at:%d/%m/%Y %H:%M:%S}"
