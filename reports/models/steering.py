"""Biểu mẫu 1 – Công tác chỉ đạo điều hành CCHC: fields from catalogue section ``b1``."""

from .figures import FigureSet, indicator_fields


@indicator_fields("b1")
class SteeringFigures(FigureSet):
    class Meta:
        verbose_name = "Biểu mẫu 1 – Công tác chỉ đạo điều hành CCHC"
        verbose_name_plural = verbose_name
