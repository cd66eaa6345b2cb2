"""Biểu mẫu 3 – Cải cách thủ tục hành chính: fields from catalogue section ``b3``."""

from .figures import FigureSet, indicator_fields


@indicator_fields("b3")
class ProcedureFigures(FigureSet):
    class Meta:
        verbose_name = "Biểu mẫu 3 – Cải cách thủ tục hành chính"
        verbose_name_plural = verbose_name
