"""Biểu mẫu 7 – Chính quyền điện tử, chính quyền số: fields from catalogue section ``b7``."""

from .figures import FigureSet, indicator_fields


@indicator_fields("b7")
class DigitalFigures(FigureSet):
    class Meta:
        verbose_name = "Biểu mẫu 7 – Chính quyền điện tử, chính quyền số"
        verbose_name_plural = verbose_name
