"""Biểu mẫu 4 – Cải cách tổ chức bộ máy: fields from catalogue section ``b4``."""

from .figures import FigureSet, indicator_fields


@indicator_fields("b4")
class ApparatusFigures(FigureSet):
    class Meta:
        verbose_name = "Biểu mẫu 4 – Cải cách tổ chức bộ máy"
        verbose_name_plural = verbose_name
