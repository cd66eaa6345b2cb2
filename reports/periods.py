"""Reporting periods: Quý I–IV, 6 tháng (đầu năm) and năm, with their cut-off dates.

Under Nghị định 09/2019/NĐ-CP a quarter counts from the 15th of the month before it to the 14th
of its last month (Quý II: 15/3 to 14/6); six months from 15/12 of the previous year to 14/6;
a year from 15/12 of the previous year to 14/12.
"""

import re
from dataclasses import dataclass
from datetime import date

ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}
KINDS = ("Q1", "Q2", "Q3", "Q4", "H1", "Y")
# The kinds of a year in the order they end: Quý I, Quý II and 6 tháng (both end in June),
# Quý III, Quý IV, then the year.
ORDER = ("Q1", "Q2", "H1", "Q3", "Q4", "Y")
_PATTERN = re.compile(r"^\s*(\d{4})\s*-\s*(Q[1-4]|H1|Y)\s*$", re.IGNORECASE)


class PeriodError(ValueError):
    pass


@dataclass(frozen=True, order=True)
class Period:
    year: int
    kind: str  # one of KINDS

    @classmethod
    def parse(cls, text: str) -> "Period":
        """ "2026-Q2", "2026-H1", "2026-Y" or "2026" → Period."""
        text = (text or "").strip()
        if re.fullmatch(r"\d{4}", text):
            return cls(int(text), "Y")
        match = _PATTERN.match(text)
        if not match:
            raise PeriodError(
                f"Kỳ báo cáo {text!r} không hợp lệ: dùng dạng 2026-Q2, 2026-H1 hoặc 2026-Y."
            )
        return cls(int(match.group(1)), match.group(2).upper())

    @classmethod
    def quarter_of(cls, day: date) -> "Period":
        """The calendar quarter ``day`` falls in (not the reporting period it counts for)."""
        return cls(day.year, f"Q{(day.month - 1) // 3 + 1}")

    def __str__(self) -> str:
        return f"{self.year}-{self.kind}"

    @property
    def quarter(self) -> int | None:
        return int(self.kind[1]) if self.kind.startswith("Q") else None

    @property
    def label(self) -> str:
        """ "Quý II năm 2026", "6 tháng đầu năm 2026", "năm 2026" """
        if self.quarter:
            return f"Quý {ROMAN[self.quarter]} năm {self.year}"
        if self.kind == "H1":
            return f"6 tháng đầu năm {self.year}"
        return f"năm {self.year}"

    @property
    def label_upper(self) -> str:
        return self.label.upper()

    @property
    def start(self) -> date:
        """First day counted (data cut-off rule)."""
        if self.quarter and self.quarter > 1:
            return date(self.year, 3 * self.quarter - 3, 15)
        return date(self.year - 1, 12, 15)

    @property
    def end(self) -> date:
        """Last day counted."""
        if self.quarter:
            return date(self.year, 3 * self.quarter, 14)
        if self.kind == "H1":
            return date(self.year, 6, 14)
        return date(self.year, 12, 14)

    def next(self) -> "Period":
        """The period that follows, of the same type (Quý IV → Quý I of the next year)."""
        if self.quarter:
            if self.quarter == 4:
                return Period(self.year + 1, "Q1")
            return Period(self.year, f"Q{self.quarter + 1}")
        return Period(self.year + 1, self.kind)

    def previous(self) -> "Period":
        if self.quarter:
            if self.quarter == 1:
                return Period(self.year - 1, "Q4")
            return Period(self.year, f"Q{self.quarter - 1}")
        return Period(self.year - 1, self.kind)
