"""Deadlines and timeliness: when a period's report is due, and whether it came on time.

A report's time of sending is ``Report.issued_at`` once it is issued (the văn thư sends the
issued report to the city), and otherwise ``first_submitted_at`` (the commune's first submission
for review): a report submitted on time but approved or issued later is not counted late for
the commune's own delay, yet only an issued report counts towards the reporting rate.
A report is on time when it was sent before the end of the deadline day (local time); it is late
when sent after it, or not sent at all once the deadline has passed. A commune with no report
at all is late once the deadline has passed too.
"""

import calendar
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Case, F, Q, When
from django.db.models.functions import Coalesce
from django.utils import timezone

from reports.models import City, PeriodType, ReportingDeadline, Status
from reports.periods import Period


def sent_at_expression(prefix: str = ""):
    """When a report left the commune (see the module docstring), as a SQL expression;
    ``prefix`` reaches the report through a relation ("focus__")."""
    return Case(
        When(
            **{f"{prefix}status": Status.ISSUED},
            then=Coalesce(F(f"{prefix}issued_at"), F(f"{prefix}first_submitted_at")),
        ),
        default=F(f"{prefix}first_submitted_at"),
    )


SENT_AT = sent_at_expression()

ON_TIME = "on_time"
LATE = "late"
OVERDUE = "overdue"  # not sent and the deadline has passed: late too
NOT_DUE = ""  # not sent, the deadline is still ahead

TIMELINESS_LABELS = {
    ON_TIME: "Đúng hạn",
    LATE: "Trễ hạn",
    OVERDUE: "Quá hạn, chưa gửi",
    NOT_DUE: "",
}


def period_type_of(period: Period) -> str:
    if period.quarter:
        return PeriodType.QUARTER
    return PeriodType.HALF if period.kind == "H1" else PeriodType.YEAR


def _last_month(period: Period) -> tuple[int, int]:
    if period.quarter:
        return period.year, 3 * period.quarter
    return period.year, 6 if period.kind == "H1" else 12


def _day_in(year: int, month: int, day: int) -> date:
    return date(year, month, min(day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True)
class Deadline:
    cutoff_day: int = 14
    deadline_day: int = 20
    deadline_month: int = 0  # months after the last month of the period

    def cutoff(self, period: Period) -> date:
        """Last day whose figures the report counts."""
        return _day_in(*_last_month(period), self.cutoff_day)

    def due(self, period: Period) -> date:
        """Last day the report may be sent on."""
        year, month = _last_month(period)
        month += self.deadline_month
        if month > 12:
            year, month = year + 1, month - 12
        return _day_in(year, month, self.deadline_day)

    def due_end(self, period: Period) -> datetime:
        """The first moment that is late: midnight after the deadline day, local time."""
        return timezone.make_aware(datetime.combine(self.due(period) + timedelta(days=1), time()))


DEFAULT = Deadline()


def deadlines_for(city: City) -> dict[str, Deadline]:
    """{period type: Deadline} for the city, the defaults where it has set none (one query)."""
    found = {
        d.period_type: Deadline(d.cutoff_day, d.deadline_day, d.deadline_month)
        for d in ReportingDeadline.objects.filter(city=city)
    }
    return {t: found.get(t, DEFAULT) for t in PeriodType.values}


def deadline_of(deadlines: dict[str, Deadline], period: Period) -> Deadline:
    return deadlines[period_type_of(period)]


def timeliness(sent_at, due_end: datetime, now: datetime | None = None) -> str:
    """ON_TIME, LATE, OVERDUE or NOT_DUE for a report sent at ``sent_at`` (None: not sent,
    or no report)."""
    now = now or timezone.now()
    if sent_at is not None:
        return ON_TIME if sent_at < due_end else LATE
    return OVERDUE if now >= due_end else NOT_DUE


def on_time_q(periods_due: dict[Period, datetime], sent: str = "sent_at") -> Q:
    """Q for "the report of one of these periods was sent before its deadline", over a queryset
    annotated with ``sent`` (= SENT_AT)."""
    q = Q(pk__in=[])
    for period, due_end in periods_due.items():
        q |= Q(year=period.year, period_kind=period.kind, **{f"{sent}__lt": due_end})
    return q
