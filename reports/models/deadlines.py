"""The city's reporting calendar: per period type, the day figures are counted up to (data
cut-off) and the day the commune's report is due at the city (sending deadline).

Both days fall in the last month of the period by default (Nghị định 09/2019/NĐ-CP counts a
quarter up to the 14th of its last month; the Bộ Nội vụ's guidance for provinces was to send by
the 20th). A city may move the deadline into the month after the period.
"""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from .places import City


class PeriodType(models.TextChoices):
    QUARTER = "quarter", "Báo cáo quý"
    HALF = "half", "Báo cáo 6 tháng"
    YEAR = "year", "Báo cáo năm"


class DeadlineMonth(models.IntegerChoices):
    LAST = 0, "Tháng cuối kỳ"
    NEXT = 1, "Tháng sau kỳ"


_DAY = [MinValueValidator(1), MaxValueValidator(31)]


class ReportingDeadline(models.Model):
    city = models.ForeignKey(
        City, on_delete=models.CASCADE, related_name="deadlines", verbose_name="thành phố"
    )
    period_type = models.CharField("loại kỳ báo cáo", max_length=10, choices=PeriodType.choices)
    # A day past the month's end (31 in a 30-day month) means the month's last day.
    cutoff_day = models.PositiveSmallIntegerField(
        "ngày chốt số liệu (trong tháng cuối kỳ)", default=14, validators=_DAY
    )
    deadline_day = models.PositiveSmallIntegerField("hạn gửi: ngày", default=20, validators=_DAY)
    deadline_month = models.PositiveSmallIntegerField(
        "hạn gửi: tháng", choices=DeadlineMonth.choices, default=DeadlineMonth.LAST
    )

    class Meta:
        verbose_name = "hạn gửi báo cáo"
        verbose_name_plural = "hạn gửi báo cáo"
        ordering = ["city", "period_type"]
        constraints = [
            models.UniqueConstraint(
                fields=["city", "period_type"], name="deadline_unique_city_period_type"
            )
        ]

    def __str__(self):
        return f"{self.get_period_type_display()} – {self.city}"
