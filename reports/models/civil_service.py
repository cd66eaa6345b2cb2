"""Biểu mẫu 5 – Cải cách chế độ công vụ: fields from catalogue section ``b5``."""

from .figures import FigureSet, indicator_fields


@indicator_fields("b5")
class CivilServiceFigures(FigureSet):
    class Meta:
        verbose_name = "Biểu mẫu 5 – Cải cách chế độ công vụ"
        verbose_name_plural = verbose_name
