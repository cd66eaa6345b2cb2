"""Files kept in the database, where every app server reads them: the documents produced
once from an approved or issued report's snapshot, and the bytes behind Django's storage API
(``reports.storage.DatabaseStorage``: the signed PDFs uploaded by the văn thư)."""

from django.db import models

from .records import ReportSnapshot
from .report import Report


class ProducedDocument(models.Model):
    """A DOCX, XLSX or PDF of an approved or issued report, produced once from the snapshot it
    was frozen in and served as these same bytes ever after: the signature check compares a
    signed PDF with them. The approved report's PDF is the one for signing (number and date
    left blank, ``numbered`` false); the issued report's carries them."""

    class Kind(models.TextChoices):
        DOCX = "docx", "Báo cáo (Word)"
        XLSX = "xlsx", "Phụ lục số liệu (Excel)"
        PDF = "pdf", "Báo cáo (PDF)"

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="produced_documents")
    snapshot = models.ForeignKey(
        ReportSnapshot, on_delete=models.PROTECT, related_name="produced_documents"
    )
    kind = models.CharField("loại tệp", max_length=4, choices=Kind.choices)
    numbered = models.BooleanField("có số và ngày ban hành")
    content = models.BinaryField("nội dung")
    sha256 = models.CharField("SHA-256", max_length=64)
    size = models.PositiveIntegerField("dung lượng (byte)")
    created_at = models.DateTimeField("tạo lúc", auto_now_add=True)

    class Meta:
        verbose_name = "tệp đã tạo"
        verbose_name_plural = "tệp đã tạo"
        ordering = ["created_at", "id"]
        constraints = [
            # Two tasks producing the same file at once: one row wins, the other reads it.
            models.UniqueConstraint(
                fields=["snapshot", "kind", "numbered"],
                name="produced_document_once_per_snapshot",
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} – {self.report} ({self.sha256[:12]}…)"


class StoredFile(models.Model):
    """The bytes of one file saved through Django's storage API, under its storage name."""

    name = models.CharField("tên", max_length=255, unique=True)
    content = models.BinaryField("nội dung")
    size = models.PositiveIntegerField("dung lượng (byte)")
    sha256 = models.CharField("SHA-256", max_length=64)
    created_at = models.DateTimeField("lưu lúc", auto_now_add=True)

    class Meta:
        verbose_name = "tệp lưu trữ"
        verbose_name_plural = "tệp lưu trữ"

    def __str__(self):
        return self.name
