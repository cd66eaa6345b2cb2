"""Which periods the city's pages offer, and the one they open on.

The default is the latest quarter whose sending window has opened: its cut-off day (the city's
deadline settings) has passed, so its deadline is either running or over. It comes from the
calendar and the settings only, never from the periods communes have created: a commune's
"Quý IV năm 2100" does not move it.

The pages offer every period (quarters, six months, years) that has begun, newest first, back
to the year of the city's first report (at most ``YEARS_BACK`` years).
"""

from dataclasses import dataclass
from datetime import date

from django.db.models import Min
from django.utils import timezone

from reports.models import City, PeriodType, Report
from reports.periods import ORDER, Period

from .deadlines import deadlines_for

YEARS_BACK = 10
GROUPS = (("Q", "Báo cáo quý"), ("H1", "Báo cáo 6 tháng"), ("Y", "Báo cáo năm"))


@dataclass(frozen=True)
class PeriodOptions:
    default: Period
    periods: tuple[Period, ...]  # newest first

    def __contains__(self, period: Period) -> bool:
        return period in self.periods

    def choices(self) -> list:
        """Grouped (value, label) pairs for a select: quarters, six months, years."""
        groups = []
        for prefix, title in GROUPS:
            items = [
                (str(p), _capitalised(p.label)) for p in self.periods if p.kind.startswith(prefix)
            ]
            if items:
                groups.append((title, items))
        return groups


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def today() -> date:
    """The local date (a function of its own, so that tests can set the calendar)."""
    return timezone.localdate()


def default_period(city: City, on: date | None = None) -> Period:
    """The latest quarter whose cut-off day is over (one query: the city's deadlines)."""
    on = on or today()
    deadline = deadlines_for(city)[PeriodType.QUARTER]
    period = Period.quarter_of(on)
    while deadline.cutoff(period) >= on:
        period = period.previous()
    return period


def period_options(city: City, on: date | None = None) -> PeriodOptions:
    """The default period and every period the city's pages offer (two queries)."""
    on = on or today()
    default = default_period(city, on)
    first = (
        Report.objects.filter(commune__city=city, year__lte=on.year)
        .aggregate(first=Min("year"))
        .get("first")
    )
    first = max(min(first or default.year, default.year), on.year - YEARS_BACK)
    periods = [
        Period(year, kind)
        for year in range(on.year + 1, first - 1, -1)
        for kind in reversed(ORDER)
        if Period(year, kind).start <= on
    ]
    return PeriodOptions(default, tuple(periods))
