"""What the seven Biểu mẫu and the section II figures have in common.

Each indicator of the catalogue becomes one typed, nullable field (a blank cell stays blank):
counts are non-negative integers, money is a decimal in triệu đồng, codes and yes/no are small
integers with choices. Ratios are not stored; ``reports.numbers.ratio`` computes them.
``version`` rises by one on every save, so a save based on an older page can be refused.
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from reports import catalogue
from reports.catalogue import Kind

from .report import ReportContentPart


def model_field(row: catalogue.Row) -> models.Field:
    name = f"{row.stt} {row.label}".strip()
    if row.kind == Kind.COUNT:
        return models.PositiveIntegerField(
            name,
            null=True,
            blank=True,
            validators=[MaxValueValidator(catalogue.MAX_COUNT)],
            db_comment=row.stt or None,
        )
    if row.kind == Kind.MONEY:
        return models.DecimalField(
            name,
            max_digits=12,
            decimal_places=3,
            null=True,
            blank=True,
            validators=[MinValueValidator(Decimal(0)), MaxValueValidator(catalogue.MAX_MONEY)],
            db_comment=row.stt or None,
        )
    if row.kind in (Kind.CODE, Kind.YESNO):
        return models.PositiveSmallIntegerField(
            name, null=True, blank=True, choices=list(row.choices), db_comment=row.stt or None
        )
    raise ValueError(f"{row.ref} ({row.kind}) is not stored")


def indicator_fields(section_key: str):
    """Class decorator: add one field per input row of the catalogue section, in order."""

    def decorate(cls):
        section = catalogue.SECTION_BY_KEY[section_key]
        for row in section.input_rows:
            cls.add_to_class(row.field, model_field(row))
        cls.section = section
        return cls

    return decorate


class FigureSet(ReportContentPart):
    section: catalogue.Section  # set by @indicator_fields

    report = models.OneToOneField(
        "reports.Report", on_delete=models.CASCADE, related_name="%(class)s"
    )
    notes = models.JSONField("ghi chú", default=dict, blank=True)  # {field: text}
    version = models.PositiveIntegerField("phiên bản", default=0)
    updated_at = models.DateTimeField("cập nhật lúc", auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="người cập nhật",
    )

    class Meta:
        abstract = True

    def __str__(self):
        return f"{self.section.heading or self.section.title} – {self.report}"

    def values(self) -> dict[str, object]:
        """{ref: value} for every input row of this section."""
        return {row.ref: getattr(self, row.field) for row in self.section.input_rows}
