"""Biểu mẫu 6 – Cải cách tài chính công: fields from catalogue section ``b6``."""

from .figures import FigureSet, indicator_fields


@indicator_fields("b6")
class FinanceFigures(FigureSet):
    class Meta:
        verbose_name = "Biểu mẫu 6 – Cải cách tài chính công"
        verbose_name_plural = verbose_name
