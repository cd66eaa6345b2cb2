"""What stays on file with a report: warning explanations, the audit trail, frozen snapshots
of its content at each submission and approval, and the signed document sent to the city."""

from django.conf import settings
from django.db import models

from .report import Report, ReportContentPart


class WarningExplanation(ReportContentPart):
    """The staff member's written reason why a rule warning is acceptable."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="explanations")
    rule_code = models.CharField("mã quy tắc", max_length=60)
    text = models.TextField("giải trình")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="người viết",
    )
    updated_at = models.DateTimeField("cập nhật lúc", auto_now=True)

    class Meta:
        verbose_name = "giải trình cảnh báo"
        verbose_name_plural = "giải trình cảnh báo"
        constraints = [
            models.UniqueConstraint(
                fields=["report", "rule_code"], name="explanation_unique_rule_per_report"
            )
        ]

    def __str__(self):
        return f"{self.rule_code}: {self.text[:60]}"


class AuditEntry(models.Model):
    class Action(models.TextChoices):
        CREATE = "create", "Tạo báo cáo"
        VALUE = "value", "Sửa số liệu"
        TEXT = "text", "Sửa nội dung"
        EXPLAIN = "explain", "Giải trình cảnh báo"
        TRANSITION = "transition", "Chuyển trạng thái"
        IMPORT = "import", "Nhập từ Excel"
        UPLOAD = "upload", "Tải lên văn bản đã ký"
        NUMBER = "number", "Số văn bản"  # a number the upgrade to integer numbers set aside

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="audit_entries")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="người thực hiện",
    )
    at = models.DateTimeField("thời điểm", auto_now_add=True, db_index=True)
    action = models.CharField("hành động", max_length=12, choices=Action.choices)
    section = models.CharField("biểu mẫu", max_length=4, blank=True)  # catalogue section key
    field = models.CharField("chỉ tiêu", max_length=60, blank=True)
    old_value = models.TextField("giá trị cũ", blank=True)
    new_value = models.TextField("giá trị mới", blank=True)
    from_status = models.CharField("từ trạng thái", max_length=10, blank=True)
    to_status = models.CharField("sang trạng thái", max_length=10, blank=True)
    comment = models.TextField("ghi chú", blank=True)

    class Meta:
        verbose_name = "nhật ký"
        verbose_name_plural = "nhật ký"
        ordering = ["at", "id"]

    def __str__(self):
        return f"{self.at:%d/%m/%Y %H:%M} {self.get_action_display()}"


class ReportSnapshot(models.Model):
    """The whole content of a report (figures, notes, narrative) frozen at a transition, so
    the approved or issued report can be produced again exactly, whatever happens later."""

    class Reason(models.TextChoices):
        SUBMITTED = "submitted", "Gửi duyệt"
        APPROVED = "approved", "Phê duyệt"
        ISSUED = "issued", "Ban hành"

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="snapshots")
    reason = models.CharField("lý do", max_length=10, choices=Reason.choices)
    data = models.JSONField("nội dung")
    created_at = models.DateTimeField("lúc", auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )

    class Meta:
        verbose_name = "bản lưu báo cáo"
        verbose_name_plural = "bản lưu báo cáo"
        ordering = ["created_at", "id"]

    def __str__(self):
        return f"{self.get_reason_display()} – {self.report}"


def signed_upload_path(instance, filename):
    return f"signed/{instance.report.commune_id}/{instance.report_id}/{instance.sha256}.pdf"


class SignedDocument(models.Model):
    """A PDF signed with the leader's and the office's tokens, uploaded by the văn thư, with
    what its verification found (``reports.signing``). A report has one current signed copy,
    the one the city downloads; a later upload supersedes it, and the older ones stay."""

    class Verdict(models.TextChoices):
        VERIFIED = "verified", "Đã xác thực chữ ký số"
        # Accepted, but a certificate chain could not be validated (unknown root, expired).
        UNTRUSTED = "untrusted", "Chưa xác thực được chứng thư số"
        # Accepted when uploaded, refused when checked again (a certificate revoked since).
        REFUSED = "refused", "Không đạt khi kiểm tra lại"
        # Uploaded before verification existed, not checked again yet.
        UNCHECKED = "unchecked", "Chưa kiểm tra"

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="signed_documents")
    file = models.FileField("tệp đã ký", upload_to=signed_upload_path)
    original_name = models.CharField("tên tệp", max_length=255)
    sha256 = models.CharField("SHA-256", max_length=64)
    size = models.PositiveIntegerField("dung lượng (byte)")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField("tải lên lúc", auto_now_add=True)
    is_current = models.BooleanField("bản hiện hành", default=False)
    verdict = models.CharField(
        "kết quả kiểm tra", max_length=10, choices=Verdict.choices, default=Verdict.UNCHECKED
    )
    # Verification.to_json() and its description in words, as found when last checked.
    verification = models.JSONField("chi tiết kiểm tra", default=dict, blank=True)
    checked_at = models.DateTimeField("kiểm tra lúc", null=True, blank=True)

    class Meta:
        verbose_name = "văn bản đã ký"
        verbose_name_plural = "văn bản đã ký"
        ordering = ["-uploaded_at", "-id"]
        constraints = [
            # Two uploads at once: one is current, never both.
            models.UniqueConstraint(
                fields=["report"],
                condition=models.Q(is_current=True),
                name="signed_document_one_current_per_report",
            )
        ]

    def __str__(self):
        return f"{self.original_name} ({self.sha256[:12]}…)"

    def found(self):
        """What the verification found, read back (``reports.signing.Verification``)."""
        from reports.signing.results import Verification

        return Verification.from_json(self.verification)
