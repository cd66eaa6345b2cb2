"""The report of one commune for one period: its status, its narrative and its people."""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.utils.text import capfirst

from reports.periods import Period
from reports.texts import MultilineTextField

from .places import Commune


class Status(models.TextChoices):
    DRAFT = "draft", "Dự thảo"
    SUBMITTED = "submitted", "Chờ duyệt"
    RETURNED = "returned", "Trả lại"
    APPROVED = "approved", "Đã duyệt"
    ISSUED = "issued", "Đã ban hành"


FROZEN_STATUSES = (Status.APPROVED, Status.ISSUED)

# The fields the workflow (reports.workflow) sets; saving only these never changes content.
WORKFLOW_FIELDS = (
    "status",
    "number",
    "issued_on",
    "issued_year",
    "prepared_by",
    "submitted_at",
    "first_submitted_at",
    "approved_by",
    "approved_at",
    "issued_by",
    "issued_at",
    "updated_at",
)


class ReportFrozen(PermissionDenied):
    """A change to an approved or issued report: refused whatever the path (page, import,
    admin, shell). A PermissionDenied, so a view that lets it through answers 403."""

    def __init__(self):
        super().__init__(
            "Báo cáo đã được phê duyệt hoặc ban hành: không được sửa số liệu, nội dung."
        )


class PeriodKind(models.TextChoices):
    Q1 = "Q1", "Quý I"
    Q2 = "Q2", "Quý II"
    Q3 = "Q3", "Quý III"
    Q4 = "Q4", "Quý IV"
    H1 = "H1", "6 tháng đầu năm"
    YEAR = "Y", "Năm"


class Report(models.Model):
    commune = models.ForeignKey(
        Commune, on_delete=models.PROTECT, related_name="reports", verbose_name="xã, phường"
    )
    year = models.PositiveSmallIntegerField("năm")
    period_kind = models.CharField("kỳ báo cáo", max_length=2, choices=PeriodKind.choices)
    status = models.CharField(
        "trạng thái", max_length=10, choices=Status.choices, default=Status.DRAFT
    )

    # Narrative. Each text is one paragraph per line; a line starting "- " is a bullet and a
    # line like "1. Mặt tích cực" a sub-heading. Section II is produced from the figures,
    # with the free text of its subsections below.
    basis = MultilineTextField("căn cứ báo cáo", blank=True)
    section_1 = MultilineTextField("I. Công tác chỉ đạo, điều hành", blank=True)
    section_2_institutions = MultilineTextField("II.1. Cải cách thể chế", blank=True)
    section_2_procedures = MultilineTextField("II.2. Cải cách TTHC (đoạn mở đầu)", blank=True)
    section_2_civil_service = MultilineTextField("II.4. Cải cách chế độ công vụ", blank=True)
    section_3 = MultilineTextField("III. Đánh giá chung", blank=True)
    section_4 = MultilineTextField("IV. Phương hướng, nhiệm vụ kỳ tới", blank=True)
    section_5 = MultilineTextField("V. Kiến nghị, đề xuất", blank=True)
    recipients = MultilineTextField("nơi nhận", blank=True)
    narrative_version = models.PositiveIntegerField(default=0)

    # Issue data, entered by the văn thư. The number is unique per commune and year of issue
    # in the database (``issued_year`` is set with it), so of two clerks issuing the same
    # number at once exactly one wins. Printed by ``document_number``: 5 → "Số: 05/BC-UBND".
    number = models.PositiveIntegerField("số văn bản", null=True, blank=True)
    issued_on = models.DateField("ngày ban hành", null=True, blank=True)
    issued_year = models.PositiveSmallIntegerField("năm ban hành", null=True, blank=True)

    prepared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="người lập",
    )
    submitted_at = models.DateTimeField("gửi duyệt lúc", null=True, blank=True)
    first_submitted_at = models.DateTimeField("gửi duyệt lần đầu", null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="người duyệt",
    )
    approved_at = models.DateTimeField("duyệt lúc", null=True, blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="văn thư ban hành",
    )
    issued_at = models.DateTimeField("ban hành lúc", null=True, blank=True)
    created_at = models.DateTimeField("tạo lúc", auto_now_add=True)
    updated_at = models.DateTimeField("cập nhật lúc", auto_now=True)

    class Meta:
        verbose_name = "báo cáo"
        verbose_name_plural = "báo cáo"
        ordering = ["commune__sort_key", "-year", "-period_kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["commune", "year", "period_kind"], name="report_unique_commune_period"
            ),
            models.UniqueConstraint(
                fields=["commune", "issued_year", "number"], name="report_unique_number_per_year"
            ),
            models.CheckConstraint(
                condition=models.Q(number__isnull=True)
                | models.Q(number__gte=1, issued_year__isnull=False),
                name="report_number_from_one_with_year",
            ),
        ]
        indexes = [models.Index(fields=["year", "period_kind", "status"])]

    def __str__(self):
        return f"Báo cáo CCHC {self.period.label} – {self.commune.people_committee}"

    def save(self, *args, **kwargs):
        """Content (texts) of an approved report cannot be saved; the workflow's own fields can.
        A guard, not a side effect: the stored status is checked under a row lock."""
        update_fields = kwargs.get("update_fields")
        if self._state.adding or (
            update_fields is not None and set(update_fields) <= set(WORKFLOW_FIELDS)
        ):
            return super().save(*args, **kwargs)
        with transaction.atomic():
            Report.refuse_if_frozen(self.pk)
            return super().save(*args, **kwargs)

    @classmethod
    def text_label(cls, name: str) -> str:
        """ "III. Đánh giá chung", "Căn cứ báo cáo": how pages name a narrative text."""
        return capfirst(cls._meta.get_field(name).verbose_name)

    @property
    def period(self) -> Period:
        return Period(self.year, self.period_kind)

    @property
    def title(self) -> str:
        """The summary line under BÁO CÁO."""
        return f"Công tác cải cách hành chính {self.period.label}"

    @property
    def number_text(self) -> str:
        """ "Số: 123/BC-UBND", "Số: 05/BC-UBND", or the dotted blank of an unissued report."""
        return document_number_text(self.number)

    @property
    def is_frozen(self) -> bool:
        return self.status in FROZEN_STATUSES

    @staticmethod
    def refuse_if_frozen(report_id) -> None:
        """Lock the report row and raise ReportFrozen if it is approved or issued.

        Every save of figures, texts or explanations calls this inside its transaction, and
        every workflow transition locks the same row, so an approval either waits for an edit
        in progress (and freezes the edited values) or the edit waits and is refused."""
        status = (
            Report.objects.select_for_update()
            .filter(pk=report_id)
            .values_list("status", flat=True)
            .order_by()  # not the Meta ordering: its join would lock the commune row too
            .first()
        )
        if status in FROZEN_STATUSES:
            raise ReportFrozen()


def document_number(number) -> str:
    """A document number as Nghị định 30/2020 prints it: 5 → "05", 123 → "123"; none → "".
    Also reads the text numbers of snapshots taken before numbers were integers ("5")."""
    if number is None or str(number).strip() == "":
        return ""
    try:
        return f"{int(number):02d}"
    except ValueError:
        return str(number).strip()


def document_number_text(number) -> str:
    """ "Số: 05/BC-UBND", or "Số: …/BC-UBND" without a number."""
    return f"Số: {document_number(number) or '…'}/BC-UBND"


class ReportContentPart(models.Model):
    """A row that belongs to a report's approved content (its figures, its explanations):
    saving or deleting it is refused (ReportFrozen) once the report is approved or issued."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        with transaction.atomic():
            Report.refuse_if_frozen(self.report_id)
            return super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        with transaction.atomic():
            Report.refuse_if_frozen(self.report_id)
            return super().delete(*args, **kwargs)
