"""Số liệu phần II của báo cáo: fields from catalogue section ``ii``."""

from .figures import FigureSet, indicator_fields


@indicator_fields("ii")
class NarrativeFigures(FigureSet):
    class Meta:
        verbose_name = "số liệu phần II của báo cáo"
        verbose_name_plural = verbose_name
