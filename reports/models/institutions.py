"""Biểu mẫu 2 – Cải cách thể chế: fields from catalogue section ``b2``."""

from .figures import FigureSet, indicator_fields


@indicator_fields("b2")
class InstitutionFigures(FigureSet):
    class Meta:
        verbose_name = "Biểu mẫu 2 – Cải cách thể chế"
        verbose_name_plural = verbose_name
